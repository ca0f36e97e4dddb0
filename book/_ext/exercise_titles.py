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
from sphinx_exercise.nodes import exercise_subtitle, solution_node


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


class SolutionTitlesFollowTheirExercise(SphinxPostTransform):
    """A solution's heading names its exercise ("Solution to Exercise 3 (A loss by hand)"),
    but sphinx-exercise takes that title from the exercise as it was read, before the
    translation. This puts the exercise's heading, as the page shows it, in its place."""

    # After sphinx-exercise's ResolveTitlesInSolutions (priority 21).
    default_priority = 22

    def run(self, **kwargs) -> None:
        by_id = None
        for solution in self.document.findall(solution_node):
            link = solution.children[0].next_node(nodes.reference)
            # "#label" for an exercise on the same web page; in the PDF's one document,
            # "%docname#label".
            uri = link.get("refuri", "") if link else ""
            target = uri.split("#", 1)[1] if uri.startswith(("#", "%")) and "#" in uri else None
            if by_id is None:
                by_id = {**self._ids(), **self.document.ids}
            exercise = by_id.get(target)
            if exercise is None or not isinstance(exercise.children[0], nodes.title):
                continue  # an exercise on another page keeps sphinx-exercise's title
            number = link.children[0]  # " Exercise 3"
            link.children = []
            link += number
            # The exercise's heading is " (", the translated title, ")"; in the PDF it
            # starts with its number too ("Exercise 3"), which the link already says.
            heading = list(exercise.children[0].children)
            opening = next((i for i, child in enumerate(heading)
                            if isinstance(child, nodes.Text) and child.lstrip().startswith("(")), 0)
            for child in heading[opening:]:
                link += child.deepcopy()


    def _ids(self) -> dict:
        """Every element by its ids: the PDF's document is all pages put together, and its
        own index of ids holds only the first page's."""
        if self.app.builder.name != "latex":
            return {}
        return {node_id: node for node in self.document.findall(nodes.Element)
                for node_id in node.get("ids", ())}


def setup(app):
    app.add_transform(ExerciseTitlesAreMessages)
    app.add_post_transform(ExerciseTitlesInTemplates)
    app.add_post_transform(SolutionTitlesFollowTheirExercise)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
