"""The benchmarks measure what their rows say (benchmarks/explorer_cases.py, run.py, lab_paint.py)."""

from __future__ import annotations

import argparse
import json
import pathlib

import nbformat
import pytest

from benchmarks import lab_paint, run
from benchmarks.explorer_cases import EXPLORER_CASES, slider_named, sliders
from benchmarks.new_figure import NewFigures, explorer_class, slider_like, step_index

CASES = [(name, case) for name, cases in EXPLORER_CASES.items() for case in cases]


def test_every_explorer_has_a_case():
    assert {cls.__name__ for cls in run.explorer_classes()} <= set(EXPLORER_CASES)


@pytest.mark.parametrize(("name", "case"), CASES, ids=[f"{n}-{c.name}" for n, c in CASES])
def test_the_dragged_slider_moves_what_the_updates_move(name, case):
    """Moving the case's slider in ``widget()`` changes the parameters its updates change, and
    no other."""
    explorer = explorer_class(name)(**case.init)
    slider = slider_named(sliders(explorer.widget(web=False)), case)
    before = dict(explorer.params)
    slider.value = slider.max if slider.value != slider.max else slider.min
    after = explorer.params
    moved = {p for p in before if before[p] != after[p]}
    updated = {p for update in case.updates for p in update if update[p] != case.updates[0][p]}
    assert moved and moved <= {p for update in case.updates for p in update}
    assert updated, f"the updates of {case.name!r} never change a parameter"
    if moved != updated:  # e.g. one logit of a tuple: compare which entries move
        assert len(moved) == len(updated) == 1
        (param,) = moved
        changed = [i for i, (a, b) in enumerate(zip(before[param], after[param], strict=True)) if a != b]
        varying = [i for i in range(len(before[param]))
                   if len({update[param][i] for update in case.updates}) > 1]
        assert changed == varying


def test_a_slider_that_is_not_there_is_named():
    case = EXPLORER_CASES["KLFitExplorer"][0]
    with pytest.raises(LookupError, match="'separation'.*the labels are"):
        slider_named([], case)


def test_a_new_figure_has_the_parameters_the_widget_gives():
    """The baseline draws, for a slider value, what the explorer's widget draws for it."""
    name, case = "FocalExplorer", EXPLORER_CASES["FocalExplorer"][1]  # p_t, a float slider
    figures = NewFigures(explorer_class(name), case)
    value = figures.values_near_start(2)[0]
    figures.learn([value])
    assert figures.slider.value == figures.start  # the template is back where it started
    explorer = explorer_class(name)(**case.init)
    slider_named(sliders(explorer.widget(web=False)), case).value = value
    assert figures.params_for(value) == explorer.params != dict(explorer_class(name)(**case.init).params)
    assert figures.png(value)[:4] == b"\x89PNG"
    # A value the front end sends with a rounding error is the same step.
    assert step_index(figures.slider, value + 1e-12) == step_index(figures.slider, value)
    copy = slider_like(figures.slider)
    assert (type(copy), copy.min, copy.max, copy.step, copy.value, copy.description) == (
        type(figures.slider), figures.slider.min, figures.slider.max, figures.slider.step,
        figures.slider.value, figures.slider.description)


def test_the_ratio_row_has_its_target():
    assert run.ratio_row("r", 0.04, run.NEW_FIGURE_RATIO_TARGET).result == "pass"
    row = run.ratio_row("r", 0.06, run.NEW_FIGURE_RATIO_TARGET)
    assert (row.measured, row.target, row.result) == ("0.060 ×", "≤ 0.05 ×", "**FAIL**")
    assert run.ratio_row("r", 0.5, None).passed is None


def test_rows_travel_between_interpreters():
    rows = [run.Row("a | b", "1.00 ms", "median ≤ 16 ms", True), run.Row("c", "error: x", passed=False),
            run.Row("d", "2 ×")]
    again, line = run.rows_from_json(run.rows_to_json(rows, "- `py`: Python 3.10.13"))
    assert again == rows and line == "- `py`: Python 3.10.13"


def test_every_section_runs_once_in_order():
    def args(*flags):
        parser = argparse.Namespace(also_python=[], with_lab=False, lab_only=False, training_only=False,
                                    explorers_only=False, pages_only=False, with_pytest=False,
                                    lighthouse_only=False)
        for flag in flags:
            setattr(parser, flag, ["/py310"] if flag == "also_python" else True)
        return parser

    full = run.choose_steps(args("with_lab", "also_python", "with_pytest"), [])
    assert full[:7] == [run.bench_imports, run.bench_notebooks, run.bench_site, run.bench_page_weights,
                        run.bench_lighthouse, run.bench_training, run.bench_explorers]
    assert full[8] == run.bench_lab and len(full) == 10  # another Python's explorers between, pytest last
    assert run.choose_steps(args("lab_only"), []) == [run.bench_lab]
    assert run.choose_steps(args("lighthouse_only"), []) == [run.bench_lighthouse]
    assert run.choose_steps(args("explorers_only"), []) == [run.bench_explorers]
    assert len(run.choose_steps(args("explorers_only", "also_python"), [])) == 2


def test_median_and_95th_percentile():
    times = [0.001 * t for t in range(1, 21)]
    median, p95 = lab_paint.median_p95(times)
    assert median == pytest.approx(0.0105) and 0.019 < p95 <= 0.020
    with pytest.raises(ValueError, match="`times` needs at least 2"):
        lab_paint.median_p95([0.1])
    summary = lab_paint.summary(lab_paint.Moves(painted=times, in_page=[t / 2 for t in times]))
    assert summary.startswith("median 10.5 ms, p95 ") and summary.endswith("after a median 5.2 ms)")


def test_keys_move_the_slider_to_and_fro_within_its_range():
    keys = lab_paint.key_plan(start=2, last=3, count=6)
    assert keys == ["ArrowRight", "ArrowLeft", "ArrowLeft", "ArrowLeft", "ArrowRight", "ArrowRight"]
    position = 0
    for key in lab_paint.key_plan(start=0, last=4, count=30):
        position += 1 if key == "ArrowRight" else -1
        assert 0 <= position <= 4
    with pytest.raises(ValueError, match="`start` must lie in 0..`last`"):
        lab_paint.key_plan(start=0, last=0, count=1)


def test_the_lab_notebook_shows_the_floor_then_each_explorer_twice():
    nb = nbformat.reads(lab_paint.notebook_json(["EntropyExplorer", "FocalExplorer"], moves=7), as_version=4)
    sources = [cell.source for cell in nb.cells]
    assert sources == ["from benchmarks import lab_cells", "lab_cells.floor_widget()",
                       "lab_cells.explorer_widget('EntropyExplorer')",
                       "lab_cells.new_figure_widget('EntropyExplorer', moves=7)",
                       "lab_cells.explorer_widget('FocalExplorer')",
                       "lab_cells.new_figure_widget('FocalExplorer', moves=7)"]
    assert nb.metadata.kernelspec.name == "python3"


def test_the_lab_settings_silence_news_and_keep_the_default_windowing(tmp_path):
    from jupyterlab.commands import get_app_dir

    lab_paint.write_lab_settings(tmp_path)
    notification = tmp_path / "@jupyterlab/apputils-extension/notification.jupyterlab-settings"
    assert json.loads(notification.read_text())["fetchNews"] == "false"
    tracker = tmp_path / "@jupyterlab/notebook-extension/tracker.jupyterlab-settings"
    schema = pathlib.Path(get_app_dir(), "schemas/@jupyterlab/notebook-extension/tracker.json")
    default = json.loads(schema.read_text())["properties"]["windowingMode"]["default"]
    assert json.loads(tracker.read_text()) == {"windowingMode": default}  # what a reader gets


def test_the_floor_shows_a_new_picture_at_every_change():
    from benchmarks import lab_cells

    box = lab_cells.floor_widget()
    (slider,) = sliders(box)
    picture = box.children[1]
    first = picture.value
    slider.value = slider.value + 1
    assert first.startswith('<img src="data:image/png;base64,') and picture.value != first
    assert (slider.value - 1, slider.max) == lab_cells.FLOOR_SLIDER


# A widget box as the lab benchmark finds it: a slider handle, and a picture that a key
# press replaces after a delay (as the kernel's answer would), or never.
FAKE_WIDGET = """
<div class="box"><div class="lab-paint-slider"><div class="noUi-handle" tabindex="0"></div></div>
<img src="{first}"></div>
<script>
document.querySelector('.noUi-handle').addEventListener('keydown', event => {{
  if (event.key === 'ArrowRight') setTimeout(() => {{
    document.querySelector('img').outerHTML = '<img src="{second}">';  // as a new widget value
  }}, {delay_ms});
}});
</script>
"""


def tiny_png_url(red: float) -> str:
    import base64
    import io

    import matplotlib.image

    buffer = io.BytesIO()
    matplotlib.image.imsave(buffer, [[[red, 0.0, 0.0]]], format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


# What SETTLE_JS reads of JupyterLab: the notebook's kernel and its status.
FAKE_KERNEL = """() => {
  window.jupyterapp = {shell: {currentWidget: {sessionContext: {session: {kernel: {status: 'idle'}}}}}};
}"""


@pytest.fixture
def page():
    """A blank page in Chromium, with a stand-in for JupyterLab's kernel (idle)."""
    from tests.browser_pages import chromium_or_skip

    executable = chromium_or_skip()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=lab_paint.CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.evaluate(FAKE_KERNEL)
            yield page
        finally:
            browser.close()


def test_a_move_is_timed_from_the_key_to_the_new_picture_painted(page):
    """The in-page timing (without JupyterLab): a picture replaced 60 ms after the key is
    timed at 60 ms or more in the page, painted no earlier; a key that brings no new picture
    is an error, not a time."""
    from playwright.sync_api import Error

    page.set_content(FAKE_WIDGET.format(first=tiny_png_url(0.2), second=tiny_png_url(0.8), delay_ms=60))
    page.evaluate(lab_paint.MEASURE_JS)
    moves = lab_paint.move_slider(page, ".box", ["ArrowRight"])
    assert 0.060 <= moves.in_page[0] <= moves.painted[0] < 2.0
    with pytest.raises(Error, match="no new picture within 300 ms"):
        lab_paint.move_slider(page, ".box", ["ArrowLeft"], timeout_ms=300)


def test_a_move_waits_for_the_kernel_to_be_idle_again(page):
    waited = page.evaluate("""async (settle) => {
      const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
      kernel.status = 'busy';
      setTimeout(() => { kernel.status = 'idle'; }, 150);
      const start = performance.now();
      await eval(settle)();
      return performance.now() - start;
    }""", lab_paint.SETTLE_JS)
    assert 150 <= waited < 2000


def test_the_moves_are_split_into_rounds_in_order():
    keys = [f"k{i}" for i in range(10)]
    parts = lab_paint.split(keys, 4)
    assert len(parts) == 4 and {len(p) for p in parts} == {2, 3}  # nearly equal
    assert sum(parts, []) == keys
    assert lab_paint.split(keys, 1) == [keys]
    with pytest.raises(ValueError, match="`rounds` must be at least 1"):
        lab_paint.split(keys, 0)


def test_a_widget_keeps_its_moves_after_the_warm_up_and_none_if_it_failed():
    widget = lab_paint.Widget(".box", ["ArrowRight"] * 4, warmup=1)
    widget.timed = lab_paint.Moves([0.5, 0.04, 0.03, 0.05], [0.3, 0.02, 0.02, 0.03])
    assert widget.kept() == lab_paint.Moves([0.04, 0.03, 0.05], [0.02, 0.02, 0.03])
    widget.error = "TimeoutError: no new picture"
    assert widget.kept() is None


def lighthouse_report(performance: float, accessibility: float, tbt: float, lcp: float) -> dict:
    """The parts of a Lighthouse JSON report that benchmarks/lighthouse.py reads."""
    return {"categories": {"performance": {"score": performance}, "accessibility": {"score": accessibility}},
            "audits": {"total-blocking-time": {"numericValue": tbt},
                       "largest-contentful-paint": {"numericValue": lcp}}}


def test_lighthouse_rows_hold_chapter_pages_to_the_targets_and_the_intro_as_reference():
    from benchmarks import lighthouse, run

    scores = [lighthouse.score_of(lighthouse_report(*numbers), page, preset) for page, preset, numbers in [
        ("intro.html", "desktop", (0.95, 1.0, 70, 900)),
        ("intro.html", "mobile", (0.38, 1.0, 900, 5000)),
        ("book/a.html", "desktop", (0.91, 1.0, 150, 800)),
        ("book/a.html", "mobile", (0.40, 1.0, 2000, 6000)),
        ("book/b.html", "desktop", (0.92, 1.0, 250, 800)),   # blocks too long
        ("book/b.html", "mobile", (0.30, 0.96, 2000, 6000)),  # below the intro, an a11y problem
    ]]
    assert scores[2] == lighthouse.Score("book/a.html", "desktop", 91, 100, 150, 800)
    rows = run.lighthouse_rows(scores, "Lighthouse 12.2.3")
    assert [row.passed for row in rows] == [True, True, True, True, False, False]
    assert "performance ≥ 38 (the intro's)" in rows[3].target


def test_the_site_is_served_gzipped(tmp_path):
    import gzip
    import urllib.request

    from benchmarks import lighthouse

    (tmp_path / "page.html").write_text("<p>" + "loss " * 500 + "</p>", encoding="utf-8")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG" + bytes(100))
    with lighthouse.serve_gzipped(tmp_path) as base:
        request = urllib.request.Request(f"{base}/page.html", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()).decode() == (tmp_path / "page.html").read_text()
        request = urllib.request.Request(f"{base}/picture.png", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Encoding"] is None and response.read()[:4] == b"\x89PNG"
