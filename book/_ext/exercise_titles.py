"""Sphinx extension: the titles of exercises are translated like the rest of a page.

sphinx-exercise parses an exercise's title ("{exercise} A loss by hand") into a subtitle
node that records neither its source file nor its text, and Sphinx's gettext machinery
skips a node without a source: the title would stay English in a translated edition.
This gives each such title its page and its text before the translation runs.

The gettext builder, which writes the message templates, reads a page only after
sphinx-exercise has merged the title into the exercise's heading ("Exercise 3 (...)"),
where it is no message any more; for that builder only, the title is first set apart as a
message of its own.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_exercise.nodes import exercise_subtitle


class ExerciseTitlesAreMessages(SphinxTransform):
    # Before sphinx.transforms.i18n.Locale (priority 20), which translates the doctree.
    default_priority = 15

    def apply(self, **kwargs) -> None:
        for title in self.document.findall(exercise_subtitle):
            if not title.source:
                title.source = self.document["source"]
                title.line = title.parent.line or 0
                title.rawsource = title.astext()


class ExerciseTitlesInTemplates(SphinxPostTransform):
    # Before sphinx-exercise's ResolveTitlesInExercises (priority 20) merges the title.
    default_priority = 19
    builders = ("gettext",)

    def run(self, **kwargs) -> None:
        for title in list(self.document.findall(exercise_subtitle)):
            message = nodes.paragraph(title.rawsource, "", *title.children)
            message.source, message.line = title.source, title.line
            # The gettext builder takes only nodes that Sphinx gave an id when reading.
            message.uid = getattr(title, "uid", "")
            heading = title.parent
            heading.remove(title)
            heading.parent.insert(heading.parent.index(heading) + 1, message)


def setup(app):
    app.add_transform(ExerciseTitlesAreMessages)
    app.add_post_transform(ExerciseTitlesInTemplates)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
