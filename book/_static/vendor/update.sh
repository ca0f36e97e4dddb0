#!/usr/bin/env bash
# Refreshes the third-party JavaScript the website serves itself, so that pages
# work where public CDNs are blocked or slow. Each comes from the npm registry
# with its licence. Run from anywhere; needs npm. Commit the result.
#
#   MathJax 3        typesets the formulas          (Apache-2.0)
#   @jupyter-widgets/html-manager  renders saved ipywidgets (BSD-3-Clause); its
#                    standalone build, which needs no module loader (RequireJS)
set -euo pipefail

MATHJAX=mathjax@3.2.2
HTML_MANAGER=@jupyter-widgets/html-manager@1.0.15

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
for pkg in "$MATHJAX" "$HTML_MANAGER"; do
  npm pack --silent "$pkg" >/dev/null
done
for tgz in *.tgz; do mkdir -p "${tgz%.tgz}" && tar xzf "$tgz" -C "${tgz%.tgz}"; done

# (requirejs/ was vendored for the RequireJS build of the manager; gone with it.)
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

# The ipywidgets HTML manager: the standalone build (embed.js, half the size of the
# RequireJS build embed-amd.js) with the standard widgets built in, and the
# FontAwesome 4/5 fonts its CSS uses (woff2 and woff; the ttf, eot and svg copies are
# for browsers without woff). It finds the fonts beside its own script. A widget
# from another package would be an error, never a request to a CDN: embed.js
# knows @jupyter-widgets/base, controls and output only.
h=jupyter-widgets-html-manager-*/package
mkdir -p "$here/html-manager"
cp $h/dist/embed.js $h/dist/*.woff2 $h/dist/*.woff "$here/html-manager/"
cp $h/dist/embed.js.LICENSE.txt "$here/html-manager/THIRD-PARTY-LICENSES.txt"
bsd3_text "Project Jupyter Contributors" > "$here/html-manager/LICENSE"  # package.json: BSD-3-Clause

echo "vendored: $MATHJAX $HTML_MANAGER into $here"
