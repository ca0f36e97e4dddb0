"""Sphinx extension: what a translated edition shows as it is, untranslated.

- **lossutils's docstrings** in the API reference: they are the package's own text, the
  same that ``help()`` shows in a notebook (the API page says so at its top).
- **Display formulas** (``$$ ... $$``, ``{math}`` blocks): a formula reads the same in
  every language. Sphinx would otherwise make each one a message, whose translation it
  parses as reStructuredText, not as MyST.

Their nodes are marked untranslatable before Sphinx's i18n transform runs: they are left
out of the message catalogues and are never looked up in them. The pages' own prose is
translated like every other page's.
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


class KeptAsTheyAre(SphinxTransform):
    # Before sphinx.transforms.i18n.Locale (priority 20), which translates the doctree.
    default_priority = 15

    def apply(self, **kwargs) -> None:
        for entry in self.document.findall(addnodes.desc):
            for node in entry.findall(nodes.TextElement):
                node["translatable"] = False
        for node in self.document.findall(nodes.TextElement):
            if _from_docstring(node) or isinstance(node, nodes.math_block):
                node["translatable"] = False


def setup(app):
    app.add_transform(KeptAsTheyAre)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
