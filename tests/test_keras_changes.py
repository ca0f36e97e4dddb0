"""Every outdated Keras call of the articles still fails as recorded, and its Keras 3 form works.

``lossutils.keras_changes.CHANGES`` is the table the chapter *Keras losses in
practice* prints; these tests keep it true for the installed Keras.
"""

from __future__ import annotations

import pytest

pytest.importorskip("keras")

from lossutils import keras_changes  # noqa: E402
from lossutils.keras_changes import ARTICLES, CHANGES, run  # noqa: E402

ENV = keras_changes.namespace()
IDS = [f"{change.erratum}-{i}" for i, change in enumerate(CHANGES)]


@pytest.mark.parametrize("change", CHANGES, ids=IDS)
def test_the_old_call_does_what_the_table_says(change):
    outcome = run(change.old, dict(ENV))
    assert outcome.kind == change.old_does, f"{change.old!r} now {outcome}"


@pytest.mark.parametrize("change", CHANGES, ids=IDS)
def test_the_keras_3_form_works_without_a_warning(change):
    outcome = run(change.new, dict(ENV))
    assert outcome.kind == "works", f"{change.new!r}: {outcome}"
    assert " at 0x" not in outcome.detail, "the result shows a memory address: print something stable"


@pytest.mark.parametrize("change", CHANGES, ids=IDS)
def test_every_change_names_its_article_and_an_erratum(change):
    assert change.article in ARTICLES
    assert change.erratum[0] in "ACBEY" and change.erratum[1:].isdigit()
    assert change.old_does in ("raises", "warns", "works") and change.why


def test_run_reports_errors_warnings_and_values():
    assert str(run("x = 2\nx * 21", {})) == "works: 42"
    assert str(run("1 / 0", {})) == "raises: ZeroDivisionError: division by zero"
    assert str(run("import warnings\nwarnings.warn('careful')", {})) == "warns: UserWarning: careful"


def test_a_failed_import_raises_the_same_error_here():
    with pytest.raises(ValueError, match="Unable to import backend : cntk"):
        keras_changes.import_keras_in_new_process("cntk")
