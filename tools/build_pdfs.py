"""Builds the book's PDF, one per edition, from the outputs committed in the notebooks.

    python tools/build_pdfs.py                     # both editions, into _build/pdf
    python tools/build_pdfs.py --edition zh_CN     # one edition
    python tools/build_pdfs.py --site _build/html  # also put them in a built website

Each edition is Sphinx's LaTeX (Jupyter Book's settings, ``_config.yml``; built by
``book/_ext/editions.py`` in a process of its own, warnings as errors), then typeset with
XeLaTeX by ``latexmk``, in the folder Sphinx wrote. Nothing is executed. The PDFs are
``_build/pdf/loss-functions-executed.pdf`` (English) and
``_build/pdf/loss-functions-executed-zh_CN.pdf`` (Chinese); with ``--site`` they are also
copied to where every page of the website links them (``book/_templates/pdf-link.html``,
``editions.pdf_path``): the English one at the site's root, the Chinese one in ``zh_CN/``.

It needs TeX Live with XeLaTeX and Chinese support, and the fonts (Debian:
``texlive-xetex texlive-latex-extra texlive-lang-chinese fonts-noto-cjk
fonts-freefont-otf latexmk``; ``.ci/run`` installs them).
"""

from __future__ import annotations

import argparse
import dataclasses
import pathlib
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, from anywhere

from book._ext.editions import CHINESE, ENGLISH, PDF_STEM, pdf_path  # noqa: E402

EDITIONS_SCRIPT = ROOT / "book" / "_ext" / "editions.py"


@dataclasses.dataclass
class Pdf:
    language: str
    latex_dir: pathlib.Path  # Sphinx's LaTeX and XeLaTeX's log
    path: pathlib.Path  # the PDF
    seconds: float  # Sphinx's LaTeX and XeLaTeX together

    @property
    def log(self) -> pathlib.Path:
        return self.latex_dir / f"{PDF_STEM}.log"


class BuildError(RuntimeError):
    """A step of a PDF's build failed; its own output says why."""


def _run(command: list, cwd: pathlib.Path, what: str) -> None:
    result = subprocess.run(command, cwd=cwd, stdin=subprocess.DEVNULL, check=False)
    if result.returncode != 0:
        raise BuildError(f"{what} failed (exit {result.returncode}): {' '.join(map(str, command))}")


def build_pdf(language: str, out: pathlib.Path) -> Pdf:
    """Sphinx's LaTeX of one edition, then XeLaTeX; the PDF is copied to ``out``."""
    start = time.perf_counter()
    latex_dir = out / "latex" / language
    doctrees = out / "doctrees" / language
    shutil.rmtree(latex_dir, ignore_errors=True)  # XeLaTeX's files of an earlier run mislead it
    # Read afresh: Sphinx does not notice that an extension of the book (print_edition.py)
    # changed, and would keep the doctrees it read before.
    _run([sys.executable, EDITIONS_SCRIPT, ROOT, latex_dir, doctrees, language,
          "--builder=latex", "--fresh", "--strict", "--keep-going", "--nitpicky", "--quiet"],
         ROOT, f"Sphinx's LaTeX of the {language} edition")
    # Sphinx's own Makefile runs latexmk with the settings it wrote (latexmkrc: XeLaTeX), as
    # often as the references need; -halt-on-error stops at the first error.
    _run(["make", "all-pdf", "LATEXMKOPTS=-silent", "LATEXOPTS=-halt-on-error"],
         latex_dir, f"XeLaTeX on the {language} edition")
    path = out / pdf_path(language).name
    shutil.copyfile(latex_dir / f"{PDF_STEM}.pdf", path)
    return Pdf(language, latex_dir, path, time.perf_counter() - start)


def put_in_site(pdf: Pdf, site: pathlib.Path) -> pathlib.Path:
    target = site / pdf_path(pdf.language)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf.path, target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edition", choices=[ENGLISH, CHINESE], action="append",
                        help="build only this edition (may be given twice); both by default")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "_build" / "pdf",
                        help="where the PDFs and their LaTeX go (default: _build/pdf)")
    parser.add_argument("--site", type=pathlib.Path,
                        help="a built website (e.g. _build/html) to copy the PDFs into")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for language in args.edition or [ENGLISH, CHINESE]:
        try:
            pdf = build_pdf(language, args.out.resolve())
        except BuildError as error:
            print(error, file=sys.stderr)
            return 1
        print(f"{pdf.path} ({pdf.path.stat().st_size / 1e6:.1f} MB, {pdf.seconds:.0f} s)")
        if args.site:
            print(f"  and {put_in_site(pdf, args.site)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
