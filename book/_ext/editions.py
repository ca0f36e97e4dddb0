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
[--nitpicky] [--fresh] [--quiet] [--builder=NAME]`` (``html`` unless named; ``latex`` for the
PDF, see ``tools/build_pdfs.py``).
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

import jieba  # splits Chinese into words for the Chinese edition's search
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.locale import init as init_locale
from sphinx.search.zh import SearchChinese
from sphinx.transforms import SphinxTransform
from sphinx.util import logging as sphinx_logging
from sphinx.util.i18n import docname_to_domain

logger = sphinx_logging.getLogger(__name__)

ENGLISH = "en"
CHINESE = "zh_CN"
# Where each edition lives in the site, and how its link to it reads (in its own language).
FOLDER = {ENGLISH: "", CHINESE: CHINESE}
# Settings of the Chinese edition that are words, not gettext messages, and its LaTeX.
# - MyST-NB's toggle over a hidden cell would otherwise say "Show code cell source"; the
#   book hides only cells' source (hide-input), so the words need no {type}.
# - The PDF's own words (print_edition.py). ctex names the parts and chapters in Chinese
#   (第一章) and draws their headings, in place of fncychap's English "Chapter".
# Jupyter Book merges these into _config.yml's settings key by key (latex_elements too).
EDITION_SETTINGS = {
    CHINESE: {
        # The footer of every page and the PDF's title page name the authors.
        "author": "《可运行的损失函数》编写组",
        "nb_code_prompt_show": "显示代码",
        "nb_code_prompt_hide": "隐藏代码",
        "print_introduction_title": "引言",
        "print_solutions_title": "习题解答",
        "print_explorer_note": "印刷版中的探索器停在它的初始画面。要拖动它的控件，请把本章作为笔记本运行"
                               "（[在 Binder 上](binder)或[在 Colab 中](colab)），或阅读本书网站上的这一页。",
        "latex_elements": {
            # Sphinx has no babel language for Chinese, and babel's English captions
            # ("Contents") would replace ctex's Chinese ones.
            "babel": "",
            "fncychap": "",
            # As _config.yml sets fontspec for English: without it, code's spaces cannot
            # stretch, and lines of code names ran into the margin.
            "fontenc": "\\usepackage{xeCJK}\n\\defaultfontfeatures[\\rmfamily,\\sffamily]{}\n"
                       "\\defaultfontfeatures[\\ttfamily]{HyphenChar=None}",
            # ctex spaces Chinese lines 1.3 apart; code keeps single spacing.
            "fvset": "\\fvset{fontsize=\\small,formatcom=\\xeCJKVerbAddon,baselinestretch=1}",
            "extrapackages": r"\usepackage{lossbook}\usepackage[heading=true,fontset=none]{ctex}",
        },
    },
}
GLOSSARY = "book/glossary.md"
CJK = re.compile(r"[\u3400-\u9fff]")
# How often jieba should think a glossary name occurs: high enough to keep it whole.
WORD_FREQUENCY = 100_000
# The PDF of each edition (tools/build_pdfs.py), linked from the sidebar of every page.
PDF_STEM = "loss-functions-executed"  # _config.yml: latex.latex_documents.targetname
PDF_LINK_TEXT = {ENGLISH: "The book as a PDF", CHINESE: "全书 PDF 版"}
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


def pdf_path(language: str) -> PurePosixPath:
    """Where an edition's PDF is in the website, from the site's root: each edition's at
    its own root, named so that a reader who saves both can tell them apart."""
    name = f"{PDF_STEM}.pdf" if language == ENGLISH else f"{PDF_STEM}-{language}.pdf"
    return PurePosixPath(FOLDER[language], name)


def _add_edition_links(app, pagename, templatename, context, doctree):
    """The same page in the other edition (top bar), and this edition's PDF (sidebar)."""
    language = app.config.language
    target = other_edition(language)
    context["other_edition"] = dict(LINK[target], url=edition_url(pagename, language))
    pdf_url = context["pathto"](pdf_path(language).name, 1)
    context["edition_pdf"] = {"url": pdf_url, "text": PDF_LINK_TEXT[language]}


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
    start = time.perf_counter()
    if subprocess.run(command, check=False).returncode != 0:
        raise ExtensionError(f"the Chinese edition did not build ({outdir})")
    logger.info("the Chinese edition is built in %s (%.1f s)", outdir, time.perf_counter() - start)


class TranslatedCaptions(SphinxTransform):
    """The names of the book's parts (_toc.yml's captions, "Chapters" and "Appendix") in a
    translated edition: its sidebar and its PDF's parts.

    sphinx-external-toc inserts the root page's toctrees (transform priority 100) after
    Sphinx has translated the page (priority 20), so their captions would stay English,
    though the root page's catalogue translates them (gettext collects them from the
    table of contents). They are looked up in that catalogue, as Sphinx looks up the rest.
    """

    default_priority = 101

    def apply(self, **kwargs) -> None:
        if self.config.language == ENGLISH:
            return
        toctrees = [node for node in self.document.findall(addnodes.toctree) if node.get("caption")]
        if not toctrees:
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        dirs = [str(Path(self.env.srcdir, folder)) for folder in self.config.locale_dirs]
        catalogue, _ = init_locale(dirs, self.config.language, domain)
        for toctree in toctrees:
            toctree["caption"] = catalogue.gettext(toctree["caption"])


def build_edition(argv: list[str]) -> int:
    """Build one edition with Jupyter Book's own Sphinx entry point and _config.yml."""
    from jupyter_book.sphinx import build_sphinx

    srcdir, outdir, doctreedir, language = argv[:4]
    flags = {arg for arg in argv[4:] if not arg.startswith("--builder=")}
    builder = next((arg.split("=", 1)[1] for arg in argv[4:] if arg.startswith("--builder=")), "html")
    overrides = {
        "language": language,
        "external_toc_path": str(Path(srcdir) / "_toc.yml"),
        "latex_individualpages": False,  # read by Jupyter Book from its command line's settings
    }
    overrides.update(EDITION_SETTINGS.get(language, {}))
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
        builder=builder,
    )
    if isinstance(result, Exception):
        print(f"{type(result).__name__}: {result}", file=sys.stderr)
        return 1
    return result


def glossary_names(glossary: Path) -> list[str]:
    """The Chinese names of the glossary's entries (its unindented lines in CJK)."""
    text = glossary.read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return [line.strip() for line in body.splitlines()
            if line and not line.startswith((" ", ":")) and CJK.search(line)]


class ChineseSearch(SearchChinese):
    """Sphinx's Chinese search, which also indexes the glossary's one-character names.

    Sphinx drops every one-character word from the index, and 熵 (entropy), the first
    chapter's subject, is one. The other one-character words stay out of the index, as
    they are mostly particles (的, 是, 了).

    It also remembers the Latin words it has seen in a set: Sphinx 7.4's Chinese search
    keeps them in a list that grows with every paragraph and searches it for every word
    it stems, which took 24 of the Chinese edition's 70 s to build.
    """

    def init(self, options: dict[str, str]) -> None:
        super().init(options)
        words = Path(options["dict"]).read_text(encoding="utf-8").split()
        self.single_characters = {word for word in words if len(word) == 1 and CJK.match(word)}
        self.latin_words: set[str] = set()

    def split(self, input: str) -> list[str]:
        chinese = list(jieba.cut_for_search(input))
        latin = self.latin1_letters.findall(input)
        self.latin_words.update(latin)
        return chinese + latin

    def word_filter(self, stemmed_word: str) -> bool:
        return super().word_filter(stemmed_word) or stemmed_word in self.single_characters

    def stem(self, word: str) -> str:
        # As Sphinx does: a Latin word of three letters or more that stemming would cut
        # below three (an acronym, say) is kept whole.
        stemmed = self.stemmer.stemWord(word.lower())
        if word in self.latin_words and len(word) >= 3 and len(stemmed) < 3:
            return word.lower()
        return stemmed


def _chinese_search_words(app, config):
    """Sphinx splits Chinese text into words with jieba for the search index. jieba's
    dictionary does not know every term of the book (交叉熵 would be split into 交叉 and 熵,
    and a search for 交叉熵 would find nothing), so the glossary's names are added to it."""
    if config.language != CHINESE:
        return
    jieba.setLogLevel(logging.WARNING)  # it reports its dictionary loading on stderr
    words = Path(app.doctreedir) / "search_words.txt"
    words.parent.mkdir(parents=True, exist_ok=True)
    names = glossary_names(Path(app.srcdir) / GLOSSARY)
    words.write_text("".join(f"{name} {WORD_FREQUENCY}\n" for name in names), encoding="utf-8")
    config.html_search_options = {**(config.html_search_options or {}), "dict": str(words)}


def setup(app):
    app.connect("config-inited", _chinese_search_words)
    app.add_transform(TranslatedCaptions)
    app.add_search_language(ChineseSearch)
    app.connect("html-page-context", _add_edition_links)
    app.connect("build-finished", _build_chinese_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    sys.exit(build_edition(sys.argv[1:]))
