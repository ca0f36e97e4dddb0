#!/usr/bin/env bash
# Refreshes the third-party JavaScript the website serves itself, so that pages
# work where public CDNs are blocked or slow. Each comes from the npm registry
# with its licence. Run from anywhere; needs npm. Commit the result.
#
#   MathJax 3        typesets the formulas          (Apache-2.0)
#   RequireJS        module loader for the widgets  (MIT)
#   @jupyter-widgets/html-manager  renders saved ipywidgets (BSD-3-Clause)
set -euo pipefail

MATHJAX=mathjax@3.2.2
REQUIREJS=requirejs@2.3.7
HTML_MANAGER=@jupyter-widgets/html-manager@1.0.15

mit_text() {
  cat <<TEXT
MIT License

Copyright (c) $1

Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
without restriction, including without limitation the rights to use, copy, modify,
merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to the following
conditions:

The above copyright notice and this permission notice shall be included in all copies
or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT
HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE
OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
TEXT
}

bsd3_text() {
  cat <<TEXT
BSD 3-Clause License

Copyright (c) $1
All rights reserved.

Redistribution and use in source and binary forms, with or without modification, are
permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this list of
   conditions and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright notice, this list
   of conditions and the following disclaimer in the documentation and/or other
   materials provided with the distribution.
3. Neither the name of the copyright holder nor the names of its contributors may be
   used to endorse or promote products derived from this software without specific
   prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY
EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL
THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO,
PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS
INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT,
STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF
THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
TEXT
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
for pkg in "$MATHJAX" "$REQUIREJS" "$HTML_MANAGER"; do
  npm pack --silent "$pkg" >/dev/null
done
for tgz in *.tgz; do mkdir -p "${tgz%.tgz}" && tar xzf "$tgz" -C "${tgz%.tgz}"; done

rm -rf "$here/mathjax" "$here/requirejs" "$here/html-manager"

# MathJax: the combined TeX/MathML -> CommonHTML component, its web fonts and the
# TeX extensions it loads on demand (paths inside es5/ are kept: MathJax finds
# them relative to its own script).
m=mathjax-*/package
mkdir -p "$here/mathjax/es5/output/chtml/fonts" "$here/mathjax/es5/input/tex"
cp $m/LICENSE "$here/mathjax/"
cp $m/es5/tex-mml-chtml.js "$here/mathjax/es5/"
cp -r $m/es5/output/chtml/fonts/woff-v2 "$here/mathjax/es5/output/chtml/fonts/"
cp -r $m/es5/input/tex/extensions "$here/mathjax/es5/input/tex/"
cp -r $m/es5/ui $m/es5/a11y "$here/mathjax/es5/"

# RequireJS: minify-free original (it is small) under the name myst-nb expects.
r=requirejs-*/package
mkdir -p "$here/requirejs"
cp $r/require.js "$here/requirejs/require.js"
# The npm package ships no LICENSE file; its header states the licence (MIT).
{ sed -n '2,3p' $r/require.js; echo; mit_text "jQuery Foundation and other contributors"; } > "$here/requirejs/LICENSE"

# The ipywidgets HTML manager (AMD build, for RequireJS) and the fonts its CSS uses.
h=jupyter-widgets-html-manager-*/package
mkdir -p "$here/html-manager"
cp $h/dist/embed-amd.js $h/dist/*.woff2 $h/dist/*.woff "$here/html-manager/"
cp $h/dist/embed.js.LICENSE.txt "$here/html-manager/THIRD-PARTY-LICENSES.txt"
bsd3_text "Project Jupyter Contributors" > "$here/html-manager/LICENSE"  # package.json: BSD-3-Clause

echo "vendored: $MATHJAX $REQUIREJS $HTML_MANAGER into $here"
