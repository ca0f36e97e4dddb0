"""Generates the student notebook and the autograder zip of every assignment, and grades locally.

    python coursework/build.py                      # every assignment, into coursework/_build/
    python coursework/build.py regression_losses    # just one
    python coursework/build.py --grade SUBMISSION.ipynb ASSIGNMENT

Each assignment is one instructor source, ``coursework/<name>/<name>.ipynb``, in
otter-grader's assign format. ``otter assign`` turns it into
``_build/<name>/student/<name>.ipynb`` (no solutions, public tests only) and
``_build/<name>/autograder/`` (the solution notebook and the zip with every test,
hidden ones included). It also runs the solution against every test and fails if
one does not pass. Grading runs otter in this Python, without Docker.
"""

from __future__ import annotations

import argparse
import pathlib
import shutil
import sys

HERE = pathlib.Path(__file__).resolve().parent
#: Where the generated notebooks and zips go (ignored by git: they contain the hidden tests).
BUILD = HERE / "_build"


def sources() -> dict[str, pathlib.Path]:
    """Every assignment's instructor source, by name."""
    return {path.parent.name: path for path in sorted(HERE.glob("*/*.ipynb"))
            if path.stem == path.parent.name}


def assign(name: str, build: pathlib.Path = BUILD) -> pathlib.Path:
    """Runs ``otter assign`` on one assignment into ``build/<name>``; returns that folder."""
    from otter.assign import main as otter_assign  # otter loads pandas and nbconvert: only when needed

    dest = (build / name).resolve()
    if dest.exists():
        shutil.rmtree(dest)
    # In this Python (importing otter costs seconds); it raises if the solution fails a test.
    otter_assign(str(sources()[name]), str(dest))
    return dest


def autograder_zip(dest: pathlib.Path) -> pathlib.Path:
    """The one autograder zip ``otter assign`` wrote into ``dest/autograder``."""
    (path,) = (dest / "autograder").glob("*-autograder_*.zip")
    return path


def grade(notebook: pathlib.Path, zip_path: pathlib.Path) -> dict[str, float]:
    """Grades one submitted notebook with the autograder zip, locally; points by question."""
    from otter.api import grade_submission

    results = grade_submission(str(notebook), str(zip_path), quiet=True)
    return {name: results.get_score(name) for name in results.test_files}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*",
                        help=f"assignments to build (default: all of {sorted(sources())})")
    parser.add_argument("--build", type=pathlib.Path, default=BUILD, help="output folder")
    parser.add_argument("--grade", metavar="SUBMISSION", type=pathlib.Path,
                        help="grade this notebook against the one assignment named, once built")
    args = parser.parse_args(argv)
    unknown = set(args.names) - set(sources())
    if unknown:
        parser.error(f"no assignment {sorted(unknown)}; there are {sorted(sources())}")
    if args.grade:
        if len(args.names) != 1:
            parser.error("--grade needs the name of exactly one assignment")
        scores = grade(args.grade, autograder_zip(args.build / args.names[0]))
        for question, points in scores.items():
            print(f"{question:28} {points:g}")
        print(f"{'total':28} {sum(scores.values()):g}")
        return 0
    for name in args.names or sources():
        dest = assign(name, args.build)
        print(f"{name}: {dest / 'student' / (name + '.ipynb')}, {autograder_zip(dest)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
