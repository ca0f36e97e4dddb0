"""Sphinx extension: the book in English and in Chinese, built by one command.

The English edition is the site's root; the Chinese edition (``zh_CN``) is the same
source, its prose translated by the message catalogues in ``locale/zh_CN`` (Sphinx's
gettext machinery, MyST-NB translating the notebooks' markdown), built into
``<outdir>/zh_CN`` once the English edition is written. Nothing is executed again: both
editions show the outputs stored in the notebooks.

Every page gets a link to the same page in the other edition, in the top bar
(``book/_templates/language-link.html``). The Chinese build runs in a fresh process,
because Sphinx keeps the interface language of its messages in global state.

Run as a script, this module builds one edition:
``python editions.py SRCDIR OUTDIR DOCTREEDIR LANGUAGE [--strict] [--keep-going]
[--nitpicky] [--fresh] [--quiet]``.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path, PurePosixPath

from sphinx.errors import ExtensionError

ENGLISH = "en"
CHINESE = "zh_CN"
# Where each edition lives in the site, and how its link to it reads (in its own language).
FOLDER = {ENGLISH: "", CHINESE: CHINESE}
LINK = {
    ENGLISH: {"text": "English", "lang": "en", "title": "Read this page in English"},
    CHINESE: {"text": "中文", "lang": "zh-CN", "title": "阅读本页的中文版"},
}


def other_edition(language: str) -> str:
    """The language of the edition a page links to."""
    return CHINESE if language == ENGLISH else ENGLISH


def edition_url(pagename: str, language: str) -> str:
    """The relative address of ``pagename`` in the other edition, from that page."""
    here = PurePosixPath(FOLDER[language], pagename)
    there = PurePosixPath(FOLDER[other_edition(language)], pagename + ".html")
    up = "../" * (len(here.parts) - 1)
    return up + there.as_posix()


def _add_language_link(app, pagename, templatename, context, doctree):
    target = other_edition(app.config.language)
    context["other_edition"] = dict(LINK[target], url=edition_url(pagename, app.config.language))


def _build_chinese_edition(app, exception):
    """Once the English website is written, build the Chinese one into zh_CN/."""
    if exception is not None or app.builder.name != "html" or app.config.language != ENGLISH:
        return
    outdir = Path(app.outdir) / CHINESE
    doctrees = Path(app.doctreedir).with_name(Path(app.doctreedir).name + "-" + CHINESE)
    flags = {
        "--strict": app.warningiserror or app.keep_going,
        "--keep-going": app.keep_going,
        "--nitpicky": app.config.nitpicky,
        "--fresh": app.fresh_env_used,
        "--quiet": app.quiet,
    }
    command = [sys.executable, __file__, str(app.srcdir), str(outdir), str(doctrees), CHINESE]
    command += [flag for flag, on in flags.items() if on]
    if subprocess.run(command, check=False).returncode != 0:
        raise ExtensionError(f"the Chinese edition did not build ({outdir})")


def build_edition(argv: list[str]) -> int:
    """Build one edition with Jupyter Book's own Sphinx entry point and _config.yml."""
    from jupyter_book.sphinx import build_sphinx

    srcdir, outdir, doctreedir, language = argv[:4]
    flags = set(argv[4:])
    overrides = {
        "language": language,
        "external_toc_path": str(Path(srcdir) / "_toc.yml"),
        "latex_individualpages": False,  # read by Jupyter Book from its command line's settings
    }
    if "--nitpicky" in flags:
        overrides["nitpicky"] = True
    result = build_sphinx(
        srcdir,
        outdir,
        noconfig=True,
        path_config=str(Path(srcdir) / "_config.yml"),
        confoverrides=overrides,
        doctreedir=doctreedir,
        freshenv="--fresh" in flags,
        warningiserror="--strict" in flags,
        keep_going="--keep-going" in flags,
        quiet="--quiet" in flags,
        builder="html",
    )
    if isinstance(result, Exception):
        print(f"{type(result).__name__}: {result}", file=sys.stderr)
        return 1
    return result


def _quiet_word_splitter(app, config):
    # Sphinx's Chinese search index splits words with jieba, which reports its dictionary
    # loading on stderr at every build.
    if config.language == CHINESE:
        import jieba  # sets its own log level when imported

        jieba.setLogLevel(logging.WARNING)


def setup(app):
    app.connect("config-inited", _quiet_word_splitter)
    app.connect("html-page-context", _add_language_link)
    app.connect("build-finished", _build_chinese_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    sys.exit(build_edition(sys.argv[1:]))
