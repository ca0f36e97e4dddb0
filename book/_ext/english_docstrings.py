"""Sphinx extension: the API reference keeps lossutils's docstrings in English.

The docstrings are the package's own text, the same that ``help()`` shows in a notebook,
so the Chinese edition shows them as they are (the API page says so at its top). Their
paragraphs are marked untranslatable before Sphinx's i18n transform runs: they are left
out of the message catalogues and are never looked up in them. The page's own prose
(book/api.md) is translated like every other page.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

# Sphinx gives paragraphs read from a docstring a source such as
# ".../lossutils/losses/__init__.py:docstring of lossutils.losses".
DOCSTRING_SOURCE = ":docstring of "


def _from_docstring(node: nodes.Node) -> bool:
    return DOCSTRING_SOURCE in (node.source or "")


class KeepDocstringsEnglish(SphinxTransform):
    # Before sphinx.transforms.i18n.Locale (priority 20), which translates the doctree.
    default_priority = 15

    def apply(self, **kwargs) -> None:
        for entry in self.document.findall(addnodes.desc):
            for node in entry.findall(nodes.TextElement):
                node["translatable"] = False
        for node in self.document.findall(nodes.TextElement):
            if _from_docstring(node):
                node["translatable"] = False


def setup(app):
    app.add_transform(KeepDocstringsEnglish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
