"""The Chinese edition's message catalogues, read and checked (tests/test_translation.py).

A message is one block of a page's MyST source (a paragraph, a heading, a table cell, an
alt text) and its translation. A translation must keep everything in it that is not prose:
code spans, math, link targets, the targets of roles and the numbers. Glossary terms may be
linked by their English or their Chinese name, since both are terms of the glossary.

Run it as a script to see every problem in one or more catalogues at once:
``python tests/catalogues.py book/entropy``.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LANGUAGE = "zh_CN"
CATALOGUES = ROOT / "locale" / LANGUAGE / "LC_MESSAGES"
GLOSSARY = ROOT / "book" / "glossary.md"

ROLE = re.compile(r"\{([\w:.-]+)\}`([^`]*)`")
CODE = re.compile(r"(?<![}`])(`+)(.+?)\1(?!`)")
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$")
LINK = re.compile(r"\]\(([^)\s]*)\)")
SUBSTITUTION = re.compile(r"\{\{\s*([^}]+?)\s*\}\}")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
CJK = re.compile(r"[\u3400-\u9fff]")  # as book/_ext/editions.py (this file also runs as a script)
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
# Names in code: dotted paths and snake_case (lossutils.articles.experiments, y_pred).
IDENTIFIER = re.compile(r"\w+(?:\.\w+)+|\w*_\w*")
# Roles whose text is code or math, kept exactly; for the others only the target is kept.
EXACT_ROLES = {"math", "code", "glue:", "glue:text", "glue", "py:func", "py:class"}


def catalogue_paths() -> list[Path]:
    """Every catalogue of the Chinese edition, pages first, then Sphinx's own messages."""
    return sorted(CATALOGUES.rglob("*.po"))


def read_catalogue(path: Path):
    with open(path, "rb") as handle:
        return read_po(handle)


def messages(path: Path) -> list:
    """The catalogue's messages, without its header."""
    return [message for message in read_catalogue(path) if message.id]


def glossary_entries() -> dict[str, str]:
    """Every name of a glossary entry (lower case) mapped to the entry's first name."""
    names: dict[str, str] = {}
    inside, entry = False, []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("```{glossary}"):
            inside = True
        elif inside and line.startswith("```"):
            break
        elif inside and line and not line.startswith((" ", ":")):
            entry.append(line.strip())
        elif inside and entry:
            for name in entry:
                names[name.lower()] = entry[0].lower()
            entry = []
    return names


def _role_target(name: str, text: str, terms: dict[str, str]) -> str:
    if name in EXACT_ROLES:
        return text
    explicit = re.search(r"<([^<>]+)>\s*$", text)
    target = (explicit.group(1) if explicit else text).strip()
    if name == "term":
        return "term:" + terms.get(target.lower(), target.lower())
    return target


def _without(pattern: re.Pattern, text: str) -> str:
    return pattern.sub(" ", text)


def markup(text: str, terms: dict[str, str]) -> dict[str, Counter]:
    """What a translation of ``text`` must keep, by kind."""
    roles = Counter(f"{{{n}}}" + _role_target(n, t, terms) for n, t in ROLE.findall(text))
    rest = _without(ROLE, text)
    code = Counter(body.strip() for _, body in CODE.findall(rest))
    rest = _without(CODE, rest)
    math = Counter(m.strip() for m in DISPLAY_MATH.findall(rest))
    rest = _without(DISPLAY_MATH, rest)
    math += Counter(m.strip() for m in INLINE_MATH.findall(rest))
    rest = _without(INLINE_MATH, rest)
    links = Counter(LINK.findall(rest))
    substitutions = Counter(SUBSTITUTION.findall(rest))
    return {
        "role": roles,
        "code span": code,
        "math": math,
        "link target": links,
        "substitution": substitutions,
        "number": Counter(NUMBER.findall(_without(LINK, rest))),
    }


def prose_words(text: str, terms: dict[str, str]) -> int:
    """English words outside code, math, roles and links: the words a translation translates."""
    rest = text
    for pattern in (ROLE, CODE, DISPLAY_MATH, INLINE_MATH, LINK, IDENTIFIER):
        rest = _without(pattern, rest)
    return len(ENGLISH_WORD.findall(rest))


def problems(message, terms: dict[str, str]) -> list[str]:
    """What is wrong with one message's translation; empty when nothing is."""
    if not message.string:
        return ["untranslated"]
    if message.fuzzy:
        return ["fuzzy (marked for review)"]
    found = []
    source, target = markup(message.id, terms), markup(message.string, terms)
    for kind, wanted in source.items():
        have = target[kind]
        if kind == "number":
            missing = wanted - have  # a translation may add a number ("第 1 章"), not lose one
            extra = Counter()
        else:
            missing, extra = wanted - have, have - wanted
        if missing:
            found.append(f"{kind} lost or changed: {sorted(missing)}")
        if extra:
            found.append(f"{kind} added: {sorted(extra)}")
    if (
        message.id.lower() not in terms  # a glossary name is the same in both editions
        and not CJK.search(message.string)
        and prose_words(message.id, terms) >= 3
        and message.string == message.id
    ):
        found.append("left in English")
    if "\n" in message.string and "\n" not in message.id:
        found.append("line break added (it shows as a space between Chinese characters)")
    return found


def report(paths: list[Path]) -> list[str]:
    """One line per problem, naming the catalogue and the message."""
    terms = glossary_entries()
    lines = []
    for path in paths:
        for message in messages(path):
            for problem in problems(message, terms):
                name = path.relative_to(CATALOGUES)
                lines.append(f"{name}: {problem}\n    msgid: {message.id[:160]!r}")
    return lines


if __name__ == "__main__":
    chosen = [CATALOGUES / f"{name}.po" for name in sys.argv[1:]] or catalogue_paths()
    found = report(chosen)
    print("\n".join(found) or "no problems")
    total = sum(len(messages(path)) for path in chosen)
    print(f"{len(found)} problems in {total} messages")
    sys.exit(1 if found else 0)
