"""Tools for the book's authors: re-execute the chapters, link the glossary, build the website.

    python tools/refresh_notebooks.py book/<chapter>.ipynb   # re-execute a chapter, keep widget state
    python tools/link_glossary.py book/<chapter>.ipynb       # link first uses of glossary terms
    tools/sitebuild.py                                       # the site build the tests and benchmarks share
"""
