// Typesets TeX as SVG for book/_ext/svg_math.py, at build time, with MathJax 3
// (mathjax-full from the npm registry, installed by `npm ci`).
//
// Reads one JSON request per line on stdin and answers each with one JSON line:
//   {"tex": "...", "display": true}   -> {"html": "<mjx-container ...>"} or {"error": "..."}
//   {"page_end": true}                -> {"html": "<svg id=MJX-SVG-global-cache ...>"}
//   {"stylesheet": true}              -> {"css": "..."}
// Glyph outlines are written once per page (MathJax's global font cache): each formula
// refers to them, and "page_end" hands over the page's outlines and starts a new page.
'use strict';
const readline = require('readline');
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {SVG} = require('mathjax-full/js/output/svg.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');
const {AssistiveMmlHandler} = require('mathjax-full/js/a11y/assistive-mml.js');

const adaptor = liteAdaptor();
// Each formula carries its MathML, visually hidden, for screen readers.
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
// A TeX error fails the build instead of printing red text into the page.
const tex = new TeX({packages: AllPackages, formatError: (jax, err) => { throw err; }});
const svg = new SVG({fontCache: 'global'});
const doc = mathjax.document('', {InputJax: tex, OutputJax: svg});

function answer(request) {
  if (request.stylesheet) return {css: adaptor.textContent(svg.styleSheet(doc))};
  if (request.page_end) {
    const cache = adaptor.outerHTML(svg.pageElements(doc));  // <svg id="MJX-SVG-global-cache">
    svg.fontCache.clearCache();
    return {html: cache};
  }
  try {
    const container = doc.convert(request.tex, {display: request.display});
    // A display formula wider than the column scrolls sideways; a keyboard reaches it so.
    if (request.display) adaptor.setAttribute(container, 'tabindex', '0');
    return {html: adaptor.outerHTML(container)};
  } catch (err) {
    return {error: err.message};
  }
}

readline.createInterface({input: process.stdin}).on('line', (line) => {
  process.stdout.write(JSON.stringify(answer(JSON.parse(line))) + '\n');
});
