"""Link the first use of every glossary term in each chapter to the glossary.

    python tools/link_glossary.py                  # every chapter of _toc.yml
    python tools/link_glossary.py book/hinge.ipynb # one chapter

A term's first use is its first mention in the chapter's prose (markdown cells, in
order), outside headings, code, maths, links and roles. The script wraps that mention
in ``{term}`mention <glossary term>``` and leaves everything else alone; code cells and
outputs are not touched, so the notebook needs no refresh. ``tests/test_glossary.py``
checks, with the same reading of the prose, that every first use is linked.

Terms are matched case-insensitively, whole words only, with an optional plural and with
a space, a hyphen or a line break between their words. When several terms overlap
("binary cross-entropy" and "cross-entropy"), the longest one wins.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re
import sys

import nbformat
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "book" / "glossary.md"
CJK = re.compile(r"[\u4e00-\u9fff]")


def chapters() -> list[pathlib.Path]:
    """The chapter notebooks, in reading order (the first part of _toc.yml)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [ROOT / f"{entry['file']}.ipynb" for entry in toc["parts"][0]["chapters"]]


@dataclasses.dataclass(frozen=True)
class Entry:
    """One glossary entry: its English names (the first is the one links target) and Chinese names."""

    english: tuple[str, ...]
    chinese: tuple[str, ...]

    @property
    def target(self) -> str:
        return self.english[0]


def glossary_entries(text: str | None = None) -> list[Entry]:
    """Every entry of the ``{glossary}`` block of book/glossary.md, in file order."""
    text = GLOSSARY.read_text(encoding="utf-8") if text is None else text
    block = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    entries, names = [], []
    for line in block.splitlines():
        if line.startswith(" ") or not line.strip() or line.startswith(":"):
            if names and line.startswith(" "):
                entries.append(Entry(tuple(n for n in names if not CJK.search(n)),
                                     tuple(n for n in names if CJK.search(n))))
                names = []
            continue
        names.append(line.strip())
    return entries


def _name_pattern(name: str) -> str:
    words = [re.escape(word) for word in re.split(r"[\s-]+", name)]
    body = r"[\s-]+".join(words)
    if name.endswith("s") and not name.endswith("ss"):  # "logits" also matches "logit"
        body = body[:-1] + "s?"
    plural = "es" if re.search(r"(s|x|z|ch|sh)$", name) else "s"
    return rf"(?<![\w-]){body}(?:{plural})?(?![\w-])"


def term_regex(entries: list[Entry]) -> tuple[re.Pattern, dict[str, Entry]]:
    """One pattern for every English name, longest first, and the entry each name belongs to."""
    by_name = {name.lower(): entry for entry in entries for name in entry.english}
    names = sorted(by_name, key=len, reverse=True)
    groups = "|".join(f"(?P<t{i}>{_name_pattern(name)})" for i, name in enumerate(names))
    return re.compile(groups, re.IGNORECASE), {f"t{i}": by_name[name] for i, name in enumerate(names)}


# The parts of a markdown cell that are not prose a link may go into.
_NOT_PROSE = re.compile(
    r"^(```|~~~).*?^\1[^\n]*$"                  # fenced code (and directives written with backticks)
    r"|^[ \t]*:::[^\n]*$"                       # colon-fence directive lines
    r"|^[ \t]*:[\w-]+:[^\n]*$"                  # directive options
    r"|^[ \t]*#[^\n]*$"                         # headings
    r"|^\([^\n]*\)=[ \t]*$"                     # targets
    r"|\$\$.*?\$\$|(?<!\\)\$[^$]+?(?<!\\)\$"      # maths
    r"|\{[\w:-]+\}`[^`]*`"                      # roles, glossary links included
    r"|(`+)[^`]+?\2"                            # inline code
    r"|!?\[[^\]]*\]\([^)]*\)"                   # links and images
    r"|(?<![*\w])\*[A-Z][^*]{0,150}?\s[^*]{0,150}?\s[^*]{0,150}?\*(?![*\w])"  # an article's title
    r"|<[^>\n]+>|https?://\S+",                 # HTML and bare addresses
    re.MULTILINE | re.DOTALL,
)
_TERM_LINK = re.compile(r"\{term\}`(?:[^`<]*<([^>`]+)>|([^`]+))`")


@dataclasses.dataclass(frozen=True)
class Use:
    """A mention of a glossary term in a chapter: the cell, the place in it, and whether it is a link."""

    target: str
    cell: int
    start: int
    end: int
    linked: bool


def uses(cells: list[str], entries: list[Entry]) -> list[Use]:
    """Every mention of every term in the markdown sources ``cells``, linked or not, in order."""
    pattern, entry_of = term_regex(entries)
    targets = {entry.target.lower(): entry.target for entry in entries}
    found = []
    for index, source in enumerate(cells):
        masked = list(source)
        for match in _NOT_PROSE.finditer(source):
            masked[match.start():match.end()] = " " * (match.end() - match.start())
        for match in pattern.finditer("".join(masked)):
            found.append(Use(entry_of[match.lastgroup].target, index, match.start(), match.end(), False))
        for match in _TERM_LINK.finditer(source):
            target = (match.group(1) or match.group(2)).strip()
            found.append(Use(targets.get(target.lower(), target), index, match.start(), match.end(), True))
    return sorted(found, key=lambda use: (use.cell, use.start))


def first_uses(cells: list[str], entries: list[Entry]) -> dict[str, Use]:
    """The first mention of each term used in ``cells``."""
    first = {}
    for use in uses(cells, entries):
        first.setdefault(use.target, use)
    return first


def markdown_sources(notebook) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]


def link_first_uses(cells: list[str], entries: list[Entry]) -> list[str]:
    """``cells`` with the first, unlinked, use of each term wrapped in a glossary link."""
    edits: dict[int, list[Use]] = {}
    for use in first_uses(cells, entries).values():
        if not use.linked:
            edits.setdefault(use.cell, []).append(use)
    linked = list(cells)
    for index, cell_edits in edits.items():
        source = linked[index]
        for use in sorted(cell_edits, key=lambda use: use.start, reverse=True):
            mention = source[use.start:use.end]
            link = (f"{{term}}`{mention}`" if mention == use.target
                    else f"{{term}}`{' '.join(mention.split())} <{use.target}>`")
            source = source[:use.start] + link + source[use.end:]
        linked[index] = source
    return linked


def link_chapter(path: pathlib.Path, entries: list[Entry]) -> int:
    """Link the first uses in one notebook, in place; return how many links were added."""
    notebook = nbformat.read(path, as_version=4)
    markdown = [cell for cell in notebook.cells if cell.cell_type == "markdown"]
    before = [cell.source for cell in markdown]
    after = link_first_uses(before, entries)
    for cell, source in zip(markdown, after, strict=True):
        cell.source = source
    if after != before:
        nbformat.write(notebook, path)
    return sum(a.count("{term}") - b.count("{term}") for a, b in zip(after, before, strict=True))


def main(argv: list[str]) -> None:
    entries = glossary_entries()
    for path in [pathlib.Path(arg).resolve() for arg in argv] or chapters():
        print(f"{path.relative_to(ROOT)}: {link_chapter(path, entries)} links added")


if __name__ == "__main__":
    main(sys.argv[1:])
