"""Every outdated Keras call of the articles still fails as recorded, and its Keras 3 form works.

``lossutils.keras2_calls.CHANGES`` is the table the chapter *Keras losses in
practice* prints; these tests keep it true for the installed Keras.
"""

from __future__ import annotations

import pytest

pytest.importorskip("keras")

from lossutils.articles import keras2_calls  # noqa: E402
from lossutils.articles.keras2_calls import ARTICLES, CHANGES, run  # noqa: E402

ENV = keras2_calls.namespace()
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
    assert change.erratum[0] in "ACBEKY" and change.erratum[1:].isdigit()
    assert change.old_does in ("raises", "warns", "works") and change.why


def test_run_reports_errors_warnings_and_values():
    assert str(run("x = 2\nx * 21", {})) == "works: 42"
    assert str(run("1 / 0", {})) == "raises: ZeroDivisionError: division by zero"
    assert str(run("import warnings\nwarnings.warn('careful')", {})) == "warns: UserWarning: careful"


def test_words_say_what_happened_as_a_reader_reads_it():
    assert run("1 / 0", {}).words() == "raises ZeroDivisionError, “division by zero”"
    assert run("import warnings\nwarnings.warn('careful')", {}).words() == "issues a UserWarning, “careful”"
    assert run("'mse'", {}).words() == "returns `'mse'`"
    assert run("0.5", {}).words() == "returns 0.5"
    env = dict(ENV)
    assert run("tf.constant(1.0)", env).words() == "returns 1.0 (float32)"
    assert run("np.array([0.05129339, 2.30258509])", env).words() == "returns [0.0513, 2.3026] (float64)"
    assert run("np.array([1, 2])", env).words() == "returns [1, 2] (int64)"


@pytest.mark.parametrize("change", CHANGES, ids=IDS)
def test_what_each_call_does_reads_as_prose_not_as_a_repr(change):
    for code in (change.old, change.new):
        words = run(code, dict(ENV)).words()
        for artefact in ("np.float32(", "array(", "<tf.Tensor", "dtype=", "raises:", "works:", "warns:"):
            assert artefact not in words, f"{code!r} reads {words!r}"


def test_the_book_s_reproductions_of_old_calls_are_marked():
    reproduced = {change.erratum for change in CHANGES if change.reproduces}
    assert {"Y4", "B2", "Y1"} <= reproduced
    (y4,) = [change for change in CHANGES if change.erratum == "Y4"]
    assert y4.reproduces == "import cntk as C" and "import_keras_in_new_process" in y4.old
    for change in CHANGES:
        if change.reproduces and change.erratum not in ("C3", "Y4"):
            # The reproduction runs the article's line, or the function that line calls.
            assert change.reproduces.split("(")[0].rsplit(".", 1)[-1] in change.old, change


def test_a_failed_import_raises_the_same_error_here():
    with pytest.raises(ValueError, match="Unable to import backend : cntk"):
        keras2_calls.import_keras_in_new_process("cntk")


def test_keras_3_knows_more_backends_than_the_three_that_train():
    # NumPy and OpenVINO are Keras 3 backends (for running models only): asked for them, Keras
    # tries to import them, unlike CNTK, which it does not know at all.
    for backend in ("numpy", "openvino"):
        try:
            keras2_calls.import_keras_in_new_process(backend)
        except Exception as error:  # noqa: BLE001 (a missing package of that backend)
            assert "Unable to import backend" not in str(error), (backend, error)


def test_y1_shows_per_timestep_weights():
    (y1,) = [change for change in CHANGES if change.erratum == "Y1" and "sample_weight_mode" in change.old]
    outcome = run(y1.new, dict(ENV))
    # The zero model's squared errors are all 1: weights (1, 0, 0) and (1, 1, 1) over 6 values give 4/6.
    assert outcome.kind == "works" and abs(outcome.value - 4 / 6) < 1e-6
    assert "timestep" in y1.why

