#!/usr/bin/env bash
# Refreshes the third-party JavaScript the website serves itself, so that pages
# work where public CDNs are blocked or slow. Each comes from the npm registry
# with its licence. Run from anywhere; needs npm. Commit the result.
#
#   MathJax 3        typesets the formulas          (Apache-2.0)
set -euo pipefail

MATHJAX=mathjax@3.2.2

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
for pkg in "$MATHJAX"; do
  npm pack --silent "$pkg" >/dev/null
done
for tgz in *.tgz; do mkdir -p "${tgz%.tgz}" && tar xzf "$tgz" -C "${tgz%.tgz}"; done

rm -rf "$here/mathjax"

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

echo "vendored: $MATHJAX into $here"
