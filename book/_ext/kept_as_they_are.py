"""Sphinx extension: what a translated edition shows as it is, untranslated.

- **lossutils's docstrings** in the API reference: they are the package's own text, the
  same that ``help()`` shows in a notebook (the API page says so at its top).
- **Display formulas** (``$$ ... $$``, ``{math}`` blocks): a formula reads the same in
  every language. Sphinx would otherwise make each one a message, whose translation it
  parses as reStructuredText, not as MyST.

Their nodes are marked untranslatable before Sphinx's i18n transform runs: they are left
out of the message catalogues and are never looked up in them. The pages' own prose is
translated like every other page's.

In a translated edition the docstrings are marked as English (``lang="en"``), so that a
screen reader reads them in an English voice (WCAG 3.1.2, language of parts).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

# Sphinx gives paragraphs read from a docstring a source such as
# ".../lossutils/losses/__init__.py:docstring of lossutils.losses".
DOCSTRING_SOURCE = ":docstring of "
DOCSTRING_CLASS = "docstring"
DOCSTRING_DIV = f'<div class="{DOCSTRING_CLASS} docutils container"'
DOCSTRING_DIV_IN_ENGLISH = f'<div lang="en" class="{DOCSTRING_CLASS} docutils container"'
# An API entry: its signature and docstring (Sphinx writes <dl class="py function">).
ENTRY = '<dl class="py '
ENTRY_IN_ENGLISH = '<dl lang="en" class="py '


def _from_docstring(node: nodes.Node) -> bool:
    return DOCSTRING_SOURCE in (node.source or "")


class KeptAsTheyAre(SphinxTransform):
    # Before sphinx.transforms.i18n.Locale (priority 20), which translates the doctree.
    default_priority = 15

    def apply(self, **kwargs) -> None:
        # Not the parts of a signature (its name, operators, default values are inline
        # nodes): Sphinx's RemoveTranslatableInline takes an inline node that has a
        # "translatable" attribute for a placeholder and moves its text to the end of its
        # parent, which turned "from_logits=False" into "=from_logitsFalse". A signature is
        # never a message anyway (nor are its parts).
        signatures = {id(part) for signature in self.document.findall(addnodes.desc_signature)
                      for part in signature.findall(nodes.inline)}
        for entry in self.document.findall(addnodes.desc):
            for node in entry.findall(nodes.TextElement):
                if id(node) not in signatures:
                    node["translatable"] = False
        for node in self.document.findall(nodes.TextElement):
            if id(node) not in signatures and (_from_docstring(node) or isinstance(node, nodes.math_block)):
                node["translatable"] = False


class DocstringsInEnglish(SphinxTransform):
    """In a translated edition, each block of a docstring outside an API entry goes in a
    container that the page marks as English (``_mark_english``), as it marks each entry."""

    default_priority = 16

    def apply(self, **kwargs) -> None:
        if self.config.language == "en":
            return
        entries = {id(n) for entry in self.document.findall(addnodes.desc) for n in entry.findall()}
        blocks = [node for node in self.document.findall(nodes.Body)
                  if id(node) not in entries  # an entry is marked whole (ENTRY_IN_ENGLISH)
                  and _from_docstring(node) and not _from_docstring(node.parent)]
        for block in blocks:
            container = nodes.container(classes=[DOCSTRING_CLASS])
            block.replace_self(container)
            container += block


def _mark_english(app, pagename, templatename, context, doctree):
    if app.config.language != "en" and context.get("body"):
        body = context["body"].replace(DOCSTRING_DIV, DOCSTRING_DIV_IN_ENGLISH)
        context["body"] = body.replace(ENTRY, ENTRY_IN_ENGLISH)


def setup(app):
    app.add_transform(KeptAsTheyAre)
    app.add_transform(DocstringsInEnglish)
    app.connect("html-page-context", _mark_english)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
