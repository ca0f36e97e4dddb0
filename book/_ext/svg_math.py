"""Sphinx extension: formulas are typeset when the site is built, as SVG.

The website's pages carry each formula already drawn, so the reader's browser runs no
typesetting script: nothing moves when a page opens (typesetting in the browser swapped
each formula's TeX for its drawing after the first paint, shifting the text around it),
and a phone's main thread stays free. MathJax 3 draws them (``tex_to_svg.js`` beside this
file, run by Node.js from ``node_modules``, installed by ``npm ci``):

- each formula is an ``<svg>`` sized in ``ex``, so it scales with the text around it, and
  painted in ``currentColor``, so it follows the light and dark themes;
- each carries its MathML, visually hidden, which screen readers read;
- a page holds every glyph outline once, in a hidden ``<svg>`` at the end of its body, and
  its formulas refer to them.

It is registered as an HTML math renderer (``html_math_renderer: svg``), Sphinx's public
way to replace MathJax; the markup around a formula (``span.math``, ``div.math``, equation
numbers and their links) is the one ``sphinx.ext.mathjax`` writes.
"""

from __future__ import annotations

import atexit
import json
import pathlib
import shutil
import subprocess

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number

HERE = pathlib.Path(__file__).parent
WORKER = HERE / "tex_to_svg.js"
NODE_MODULES = HERE.parent.parent / "node_modules"
STYLESHEET = "svg-math.css"


class Typesetter:
    """One Node.js process running tex_to_svg.js, asked one JSON line at a time."""

    def __init__(self):
        node = shutil.which("node")
        if node is None or not (NODE_MODULES / "mathjax-full").is_dir():
            raise ExtensionError(
                f"svg_math needs Node.js and mathjax-full in {NODE_MODULES}: run `npm ci` "
                f"in {NODE_MODULES.parent}")
        self._process = subprocess.Popen(
            [node, str(WORKER)], cwd=NODE_MODULES.parent, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)
        atexit.register(self.close)

    def ask(self, **request) -> dict:
        self._process.stdin.write(json.dumps(request) + "\n")
        line = self._process.stdout.readline()
        if not line:
            raise ExtensionError(f"tex_to_svg.js stopped (exit code {self._process.poll()})")
        return json.loads(line)

    def svg(self, tex: str, display: bool, where: str) -> str:
        answer = self.ask(tex=tex, display=display)
        if "error" in answer:
            raise ExtensionError(f"{where}: TeX error in {tex!r}: {answer['error']}")
        return answer["html"]

    def close(self):
        if self._process.poll() is None:
            self._process.stdin.close()
            self._process.wait(timeout=10)


def _typesetter(translator) -> Typesetter:
    return translator.builder.app.svg_math_typesetter


def _where(translator, node) -> str:
    return f"{translator.builder.current_docname}:{node.line or '?'}"


def display_tex(node: nodes.math_block) -> str:
    """The TeX of a display formula, as sphinx.ext.mathjax hands it to MathJax.

    Paragraphs of one block are aligned equations; a paragraph with ``\\\\`` is split over
    lines. A ``nowrap`` block (an amsmath environment) is passed as it is.
    """
    if node["nowrap"]:
        return node.astext()
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    lines = [rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part for part in parts]
    if len(lines) == 1:
        return lines[0]
    return r"\begin{align}\begin{aligned}" + r"\\".join(lines) + r"\end{aligned}\end{align}"


def visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_typesetter(self).svg(node.astext(), False, _where(self, node)) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"] and not node["nowrap"]:
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_typesetter(self).svg(display_tex(node), True, _where(self, node)))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def _start(app):
    if app.builder.format != "html" or app.builder.math_renderer_name != "svg":
        return
    app.svg_math_typesetter = Typesetter()
    css = pathlib.Path(app.outdir) / "_static" / STYLESHEET
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text(app.svg_math_typesetter.ask(stylesheet=True)["css"], encoding="utf-8")


def _glyphs_at_end(app, pagename, templatename, context, doctree):
    """Ends the page's body with the outlines of the glyphs its formulas drew."""
    typesetter = getattr(app, "svg_math_typesetter", None)
    if typesetter is None or "body" not in context:
        return
    glyphs = typesetter.ask(page_end=True)["html"]
    if "<path" in glyphs:
        context["body"] += glyphs + "\n"


def setup(app):
    app.add_html_math_renderer("svg", (visit_math, None), (visit_displaymath, None))
    app.add_css_file(STYLESHEET)
    app.connect("builder-inited", _start)
    app.connect("html-page-context", _glyphs_at_end)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
