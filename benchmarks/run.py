"""The book's performance benchmarks: one command, one table, one exit status.

    python -m benchmarks.run                  # full run; writes benchmarks/RESULTS.md
    python -m benchmarks.run --with-pytest    # also times the whole test suite
    python -m benchmarks.run --quick          # fewer repetitions; writes benchmarks/_scratch/
    python -m benchmarks.run --pages-only     # only the page weights; writes benchmarks/_scratch/
    python -m benchmarks.run --explorers-only # only the explorers; writes benchmarks/_scratch/
    python -m benchmarks.run --training-only  # only the training runner; writes benchmarks/_scratch/
    python -m benchmarks.run --lab-only       # only the explorers in JupyterLab; writes benchmarks/_scratch/
    python -m benchmarks.run --with-lab --also-python /work/venv310/bin/python  # what RESULTS.md shows

Measures the ``import lossutils`` time against ``import numpy``, one update of
every explorer and one slider change of its widget against drawing a new figure
(also under other interpreters with ``--also-python``, e.g. the Python 3.10 pins),
with ``--with-lab`` the time from a slider's key press to the new picture painted
in JupyterLab in Chromium (benchmarks/lab_paint.py), the execution of every
notebook, the site build, the weight of every chapter page in a browser
(benchmarks/page_weight.py), the training chapter's nine experiments against the
nine seed scripts (benchmarks/training_baseline.py) and (with ``--with-pytest``)
the test suite. Prints a markdown table, writes it with a
description of the machine, and exits with 1 if a target is missed or a step
failed, so that CI can run it.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import dataclasses
import datetime
import importlib.metadata
import inspect
import io
import itertools
import json
import os
import pathlib
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

from benchmarks.explorer_cases import slider_named, sliders

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
# Run as `python -m benchmarks.run` from the repository's root, so that this checkout's lossutils,
# tools and benchmarks are the ones imported; and the same in every subprocess (kernels, pytest,
# import timings), whatever copy pip installed.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))

os.environ.setdefault("MPLBACKEND", "Agg")  # no display needed, anywhere

IMPORT_RATIO_TARGET = 1.5  # import lossutils <= 1.5 x import numpy
UPDATE_MEDIAN_TARGET = 0.016  # s: one frame at 60 Hz
SLIDER_MEDIAN_TARGET = 0.016  # s: from a slider change to its new picture, one frame at 60 Hz
NEW_FIGURE_RATIO_TARGET = 0.05  # a slider change <= 0.05 x drawing a new figure
SITE_BUILD_TARGET = 60.0  # s
PYTEST_TARGET = 600.0  # s, on 2 cores

PACKAGES = ["numpy", "matplotlib", "ipywidgets", "ipykernel", "jupyterlab", "jupyter-server",
            "nbclient", "jupyter-book", "sphinx", "myst-nb", "keras", "tensorflow-cpu", "tensorflow",
            "pytest", "nbval", "playwright"]


@dataclasses.dataclass
class Repetitions:
    imports: int  # fresh interpreters per module
    updates: int  # timed updates per explorer case
    slider_changes: int  # timed slider changes per explorer case
    fresh_figures: int  # timed slider changes drawing a new figure, per explorer case
    notebooks: int  # executions per notebook
    site_builds: int
    lab_moves: int  # timed slider moves per explorer in JupyterLab (and for the floor)
    lab_new_figures: int  # timed slider moves per new-figure widget in JupyterLab


FULL = Repetitions(imports=40, updates=300, slider_changes=60, fresh_figures=10, notebooks=1,
                   site_builds=3, lab_moves=20, lab_new_figures=10)
QUICK = Repetitions(imports=8, updates=60, slider_changes=10, fresh_figures=3, notebooks=1,
                    site_builds=1, lab_moves=5, lab_new_figures=3)


@dataclasses.dataclass
class Row:
    what: str
    measured: str
    target: str = "—"
    passed: bool | None = None  # None: reported, no target

    @property
    def result(self) -> str:
        return {None: "—", True: "pass", False: "**FAIL**"}[self.passed]


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.2f} ms"


def failed_row(what: str, err: BaseException) -> Row:
    return Row(what, f"error: {type(err).__name__}: {str(err).strip()[:300]}", passed=False)


# --------------------------------------------------------------------- imports

IMPORT_SNIPPET = "import time; t = time.perf_counter(); import {0}; print(time.perf_counter() - t)"


def import_seconds(module: str, env: dict) -> float:
    """Wall time of ``import module`` inside a fresh interpreter (start-up excluded)."""
    proc = subprocess.run([sys.executable, "-c", IMPORT_SNIPPET.format(module)], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=True)
    return float(proc.stdout)


def extra_modules(env: dict) -> list[str]:
    """Modules ``import lossutils`` loads beyond NumPy's: where a slow import comes from."""
    code = "import sys, numpy; a = set(sys.modules); import lossutils; print(*sorted(set(sys.modules) - a))"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=True).stdout.split()


def bench_imports(reps: Repetitions) -> list[Row]:
    with tempfile.TemporaryDirectory() as pycache:
        # Bytecode cached as on any machine after the first import, for both modules
        # alike, but outside the repository (PYTHONDONTWRITEBYTECODE would make
        # lossutils, which is not precompiled by pip, pay for compiling every time).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = pycache
        for module in ("numpy", "lossutils"):  # warm-up: compile, fill the file cache
            import_seconds(module, env)
        times = {"numpy": [], "lossutils": []}
        for _ in range(reps.imports):  # interleaved, so that load changes hit both
            for module in times:
                times[module].append(import_seconds(module, env))
        numpy_s, lossutils_s = (statistics.median(times[m]) for m in ("numpy", "lossutils"))
        ratio = lossutils_s / numpy_s
        measured = f"{ms(lossutils_s)} = {ratio:.2f} × numpy"
        if ratio > IMPORT_RATIO_TARGET:
            measured += f"; loads beyond NumPy: {', '.join(extra_modules(env)[:15])}"
    return [
        Row(f"`import numpy`, fresh interpreter (median of {reps.imports:d})", ms(numpy_s)),
        Row(f"`import lossutils`, fresh interpreter (median of {reps.imports:d})", measured,
            f"≤ {IMPORT_RATIO_TARGET} × numpy", ratio <= IMPORT_RATIO_TARGET),
    ]


# ------------------------------------------------------------------- explorers

def explorer_classes() -> list[type]:
    """Every concrete Explorer subclass that lossutils.explorers exports."""
    import lossutils.explorers
    from lossutils.explorers.base import Explorer

    found = {obj for obj in vars(lossutils.explorers).values()
             if inspect.isclass(obj) and issubclass(obj, Explorer) and not inspect.isabstract(obj)}
    return sorted(found, key=lambda cls: cls.__name__)


def update_times(cls: type, case, n: int, warmup: int = 5) -> list[float]:
    """Seconds per ``update()`` (compute and rendering) over ``n`` updates."""
    explorer = cls(**case.init)
    canvas = explorer.fig.canvas
    if not hasattr(canvas, "buffer_rgba"):
        raise TypeError(f"{cls.__name__} draws on {type(canvas).__name__}, not on an Agg canvas")
    # Agg's draw_idle() already draws at once; made explicit so the timing includes
    # the rendering whichever path update() takes (blitting or a full redraw).
    canvas.draw_idle = canvas.draw
    params = itertools.cycle(case.updates)
    for _ in range(warmup):  # the first update also caches the static background
        explorer.update(**next(params))
    times = []
    for _ in range(n):
        p = next(params)
        start = time.perf_counter()
        explorer.update(**p)
        times.append(time.perf_counter() - start)
    # A timing of updates that draw nothing would be meaningless: check pixels change.
    frames = []
    for p in case.updates[:2]:
        explorer.update(**p)
        frames.append(bytes(canvas.buffer_rgba()))
    if len(frames) < 2 or frames[0] == frames[1]:
        raise AssertionError(f"{cls.__name__} case {case.name!r}: its first two updates "
                             "draw the same pixels; give parameters that change the figure")
    return times


def drag_stops(slider) -> list:
    """The eleven stops of the slider's range in tenths, from its minimum to its maximum."""
    kind = type(slider.value)
    return [kind(slider.min + (slider.max - slider.min) * i / 10) for i in range(11)]


def drag_times(slider, n: int, warmup: int) -> list[float]:
    """Seconds per change of ``slider``, moved through ``drag_stops`` over and over (from the
    maximum back to the minimum), over ``n`` changes after ``warmup`` ones. Its observers
    run synchronously, so each time runs from the change to the new picture. A stop equal
    to the slider's value is passed over: setting it would change nothing and time nothing."""
    values = (value for value in itertools.cycle(drag_stops(slider)) if value != slider.value)
    times = []
    for _ in range(warmup + n):
        value = next(values)
        start = time.perf_counter()
        slider.value = value
        times.append(time.perf_counter() - start)
    return times[warmup:]


def slider_times(cls: type, case, n: int, warmup: int = 3) -> list[float]:
    """Seconds per change of the case's slider in ``widget()``: what a reader waits for
    in Jupyter, ``update()`` and the PNG of the canvas that the widget shows."""
    return drag_times(slider_named(sliders(cls(**case.init).widget(web=False)), case), n, warmup)


def fresh_figure_times(cls: type, case, n: int, warmup: int = 1) -> list[float]:
    """Seconds per change of the same slider the way most notebooks do it: with
    ``ipywidgets.interactive`` calling a function that draws a new figure for the
    slider's value (benchmarks/new_figure.py)."""
    import ipywidgets

    from benchmarks.new_figure import NewFigures, slider_like

    figures = NewFigures(cls, case)
    figures.learn(drag_stops(figures.slider))
    pictures = []
    slider = slider_like(figures.slider)
    # Outside a kernel, interactive's clear_output() writes escape codes to stdout.
    with contextlib.redirect_stdout(io.StringIO()):
        ipywidgets.interactive(lambda value: pictures.append(figures.png(value)), value=slider)
        times = drag_times(slider, n, warmup)
    if len(pictures) != 1 + warmup + n:  # interactive logs an error in the function and goes on
        raise RuntimeError(f"{cls.__name__} case {case.name!r}: {1 + warmup + n - len(pictures)} "
                           "of the new figures failed to draw")
    return times


def median_row(what: str, measure, args: tuple, target: float | None = None) -> tuple[Row, float | None]:
    """A row of the median and 95th percentile of the times ``measure(*args)`` returns, and the
    median; or a failed row and None."""
    target_text = "—" if target is None else f"median ≤ {target * 1e3:.0f} ms"
    try:
        times = measure(*args)
    except Exception as err:  # one broken explorer must not hide the others
        row = failed_row(what, err)
        row.target = target_text
        return row, None
    median, p95 = statistics.median(times), statistics.quantiles(times, n=20)[-1]
    passed = None if target is None else median <= target
    return Row(what, f"median {ms(median)}, p95 {ms(p95)}", target_text, passed), median


def measured_with() -> str:
    """The interpreter and matplotlib a row was measured with."""
    return f"Python {platform.python_version()}, matplotlib {importlib.metadata.version('matplotlib')}"


def ratio_row(what: str, ratio: float, target: float | None) -> Row:
    """A row of a time ratio, with its target or none."""
    if target is None:
        return Row(what, f"{ratio:.3f} ×")
    return Row(what, f"{ratio:.3f} ×", f"≤ {target:g} ×", ratio <= target)


def bench_explorers(reps: Repetitions) -> list[Row]:
    from benchmarks.explorer_cases import EXPLORER_CASES

    classes = explorer_classes()
    missing = [cls.__name__ for cls in classes if not EXPLORER_CASES.get(cls.__name__)]
    if missing:
        raise SystemExit(f"no benchmark case for explorer(s) {missing}: add them to "
                         "EXPLORER_CASES in benchmarks/explorer_cases.py")
    env = measured_with()
    rows = []
    for cls in classes:
        for case in EXPLORER_CASES[cls.__name__]:
            name = cls.__name__
            row, _ = median_row(f"`{name}.update`, {case.name} (Agg, {reps.updates} updates; {env})",
                                update_times, (cls, case, reps.updates), UPDATE_MEDIAN_TARGET)
            rows.append(row)
            row, slider = median_row(
                f"`{name}.widget()` slider change, {case.name} ({reps.slider_changes} changes; {env})",
                slider_times, (cls, case, reps.slider_changes), SLIDER_MEDIAN_TARGET)
            rows.append(row)
            row, fresh = median_row(
                f"`{name}` slider change drawing a new figure (`ipywidgets.interactive`), "
                f"{case.name} ({reps.fresh_figures} changes; {env})",
                fresh_figure_times, (cls, case, reps.fresh_figures))
            rows.append(row)
            what = f"`{name}`: slider change ÷ new figure, {case.name} ({env})"
            if slider is not None and fresh is not None:
                rows.append(ratio_row(what, slider / fresh, NEW_FIGURE_RATIO_TARGET))
            else:
                rows.append(Row(what, "not measured: a row above failed",
                                f"≤ {NEW_FIGURE_RATIO_TARGET:g} ×", False))
    return rows


# ------------------------------------------------- explorers, another Python

def rows_to_json(rows: list[Row], interpreter: str) -> str:
    """Rows and the interpreter line that measured them, as another interpreter hands them back."""
    return json.dumps({"interpreter": interpreter, "rows": [dataclasses.asdict(r) for r in rows]},
                      ensure_ascii=False)


def rows_from_json(text: str) -> tuple[list[Row], str]:
    data = json.loads(text)
    return [Row(**fields) for fields in data["rows"]], data["interpreter"]


def other_python_explorers(python: str, quick: bool) -> tuple[list[Row], str]:
    """The explorer rows measured by ``python`` (another interpreter, with its own pins) running
    this file's explorer section, and its interpreter line; a failed row if it cannot."""
    what = f"explorer rows under `{python}`"
    with tempfile.TemporaryDirectory() as tmp:
        rows_file = pathlib.Path(tmp) / "rows.json"
        command = [python, "-m", "benchmarks.run", "--explorers-only", "--rows-json", str(rows_file),
                   *(["--quick"] if quick else [])]
        tail: collections.deque[str] = collections.deque(maxlen=5)
        try:
            with subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as proc:
                for line in proc.stderr:  # its rows as they come, for who watches the run
                    sys.stderr.write(line)
                    tail.append(line)
        except OSError as err:
            return [failed_row(what, err)], f"- `{python}`: could not be started ({err})"
        if not rows_file.exists():
            err = RuntimeError(f"exit {proc.returncode}: {''.join(tail).strip()}")
            return [failed_row(what, err)], f"- `{python}`: failed (exit {proc.returncode})"
        return rows_from_json(rows_file.read_text(encoding="utf-8"))


def interpreter_line() -> str:
    """This interpreter and the versions of the packages it measures with, for the machine section."""
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            pass
    return (f"- `{sys.executable}`: Python {platform.python_version()} "
            f"({platform.python_implementation()}); {', '.join(versions)}")


# ------------------------------------------------------------------- JupyterLab

def bench_lab(reps: Repetitions) -> list[Row]:
    """From a slider's key press to its new picture painted, in JupyterLab in Chromium with a
    live kernel (benchmarks/lab_paint.py): the floor, then per explorer its widget, the same
    slider drawing a new figure, and their ratio."""
    from benchmarks import lab_paint
    from benchmarks.explorer_cases import EXPLORER_CASES

    target = f"median ≤ {lab_paint.PAINT_MEDIAN_TARGET * 1e3:.0f} ms"
    env = measured_with()
    try:
        lab = lab_paint.measure([cls.__name__ for cls in explorer_classes()],
                                reps.lab_moves, reps.lab_new_figures)
    except Exception as err:  # no Chromium, no server: a failed row, the other steps still count
        row = failed_row("explorers in JupyterLab (Chromium), key to new picture painted", err)
        row.target = target
        return [row]
    rows = [Row(f"JupyterLab floor: a slider showing a new 1-pixel PNG, key to picture painted "
                f"({lab.browser}, {reps.lab_moves} moves; {env})", lab_paint.summary(lab.floor))]
    for r in lab.explorers:
        case = EXPLORER_CASES[r.name][0].name
        what = (f"`{r.name}.widget()` in JupyterLab, key to new picture painted, {case} "
                f"({lab.browser}, {reps.lab_moves} moves; {env})")
        if r.explorer is None:
            rows.append(Row(what, f"error: {r.error}", target, False))
            continue
        rows.append(Row(what, lab_paint.summary(r.explorer), target,
                        lab_paint.median_p95(r.explorer.painted)[0] <= lab_paint.PAINT_MEDIAN_TARGET))
        what = (f"`{r.name}` in JupyterLab drawing a new figure (`ipywidgets.interactive`), key to "
                f"picture painted, {case} ({lab.browser}, {reps.lab_new_figures} moves; {env})")
        if r.new_figure is None:
            rows.append(Row(what, f"error: {r.error}", passed=False))
            continue
        rows.append(Row(what, lab_paint.summary(r.new_figure)))
        ratio = lab_paint.median_p95(r.explorer.painted)[0] / lab_paint.median_p95(r.new_figure.painted)[0]
        rows.append(ratio_row(f"`{r.name}` in JupyterLab: widget ÷ new figure, {case}", ratio, None))
    return rows


# ------------------------------------------------------------------- notebooks

def execute_notebook(path: pathlib.Path) -> float:
    """Seconds to run ``path`` as refresh_notebooks.py does (fresh kernel), saving nothing."""
    import nbformat
    from nbclient import NotebookClient

    from tools.refresh_notebooks import stderr_cells

    nb = nbformat.read(path, as_version=4)  # an in-memory copy: the file is never written
    client = NotebookClient(nb, timeout=900, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()  # includes the kernel start, as a reader's "Run all" does
    seconds = time.perf_counter() - start
    if stderr_cells(nb):
        raise RuntimeError(f"cells {stderr_cells(nb)} wrote to stderr")
    return seconds


def bench_notebooks(reps: Repetitions) -> list[Row]:
    from tools.refresh_notebooks import chapter_notebooks

    rows = []
    for path in chapter_notebooks():
        runs = f"median of {reps.notebooks}" if reps.notebooks > 1 else "one run"
        what = f"execute `{path.relative_to(ROOT).as_posix()}`, fresh kernel ({runs})"
        try:
            seconds = statistics.median(execute_notebook(path) for _ in range(reps.notebooks))
        except Exception as err:
            rows.append(failed_row(what, err))
            continue
        rows.append(Row(what, f"{seconds:.1f} s"))
    return rows


# -------------------------------------------------------------------- training

def bench_training(_reps: Repetitions) -> list[Row]:
    """The nine experiments of the training chapter against the nine seed scripts
    (benchmarks/training_baseline.py): the time ratio and the printed numbers."""
    from benchmarks import training_baseline as tb

    what = "nine experiments (`lossutils.articles.experiments`) vs the nine seed scripts, seed 1"
    target = f"≤ {tb.RATIO_TARGET} ×, the same printed numbers"
    try:
        baseline, ours, differ = tb.compare(seed=1)
    except Exception as err:
        row = failed_row(what, err)
        row.target = target
        return [row]
    ratio = ours.seconds / baseline.seconds
    same = "the same train/test numbers for all nine" if not differ else \
        "different numbers for " + ", ".join(f"{n} ({baseline.numbers[n]} vs {ours.numbers.get(n)})"
                                             for n in differ)
    return [Row(what, f"{ours.seconds:.1f} s vs {baseline.seconds:.1f} s = {ratio:.2f} ×; {same}",
                target, ratio <= tb.RATIO_TARGET and not differ)]


# ------------------------------------------------------------------------ site

def bench_site(reps: Repetitions) -> list[Row]:
    from tools.sitebuild import build_site  # the exact command and flags of the site tests

    what = f"site build from committed outputs (median of {reps.site_builds})"
    times = []
    for _ in range(reps.site_builds):
        with tempfile.TemporaryDirectory() as out:
            site = build_site(pathlib.Path(out))
        if site.returncode != 0:
            problems = [line for line in site.log.splitlines() if re.search(r"WARNING|ERROR", line)]
            return [Row(what, f"{site.seconds:.1f} s, but the build failed (exit {site.returncode}): "
                        + " ".join(problems[:3] or site.log.splitlines()[-3:]),
                        f"≤ {SITE_BUILD_TARGET:.0f} s", False)]
        times.append(site.seconds)
    seconds = statistics.median(times)
    return [Row(what, f"{seconds:.1f} s", f"≤ {SITE_BUILD_TARGET:.0f} s", seconds <= SITE_BUILD_TARGET)]


# ----------------------------------------------------------------- page weight

def bench_page_weights(_reps: Repetitions) -> list[Row]:
    """What a browser downloads to open each chapter page (benchmarks/page_weight.py),
    on a site built as the tests build it: one row per page, gzip as static hosts serve it."""
    from benchmarks import page_weight

    target = f"≤ {page_weight.OPEN_TARGET_BYTES / 1e6:g} MB (gzip) per chapter page at open"
    try:
        weights = page_weight.build_and_weigh()
    except Exception as err:  # no build, no Chromium: a failed row, the other steps still count
        row = failed_row("page weight of the chapter pages", err)
        row.target = target
        return [row]
    return [Row(f"page weight of `{w.page}` (Chromium, cold cache, 1280 × 720)", page_weight.summary(w),
                target, w.passed) for w in weights]


# ------------------------------------------------------------------- Lighthouse

def lighthouse_rows(scores, version: str) -> list[Row]:
    """A row per page and preset. The intro page (the theme alone) is the reference: chapter
    pages reach 90 on the desktop preset with at most 200 ms of blocking, and at least the
    intro's score on the mobile preset; every page, accessibility 100."""
    from benchmarks import lighthouse

    intro = {s.preset: s for s in scores if s.page == scores[0].page}
    rows = []
    for s in scores:
        measured = (f"performance {s.performance}, accessibility {s.accessibility}, total blocking "
                    f"time {s.total_blocking_ms:.0f} ms, largest paint {s.largest_paint_ms / 1e3:.1f} s")
        if s.page == scores[0].page:
            target, passed = "accessibility 100 (the reference page)", s.accessibility == 100
        elif s.preset == "desktop":
            target = (f"performance ≥ {lighthouse.DESKTOP_PERFORMANCE_TARGET}, total blocking time "
                      f"≤ {lighthouse.DESKTOP_TBT_TARGET_MS} ms, accessibility 100")
            passed = (s.performance >= lighthouse.DESKTOP_PERFORMANCE_TARGET and s.accessibility == 100
                      and s.total_blocking_ms <= lighthouse.DESKTOP_TBT_TARGET_MS)
        else:
            target = f"performance ≥ {intro['mobile'].performance} (the intro's), accessibility 100"
            passed = s.performance >= intro["mobile"].performance and s.accessibility == 100
        rows.append(Row(f"Lighthouse, {s.preset} preset, `{s.page}` (served gzipped; {version})",
                        measured, target, passed))
    return rows


def bench_lighthouse(_reps: Repetitions) -> list[Row]:
    """Lighthouse on the intro and every chapter page (benchmarks/lighthouse.py), desktop and
    mobile presets, on a site built as the tests build it."""
    from benchmarks import lighthouse
    from benchmarks.page_weight import chapter_pages
    from tools.sitebuild import build_site

    try:
        with tempfile.TemporaryDirectory() as out:
            site = build_site(pathlib.Path(out))
            if site.returncode:
                raise RuntimeError(f"the site build failed (exit {site.returncode})")
            scores = lighthouse.measure(site.html, chapter_pages())
        return lighthouse_rows(scores, lighthouse.lighthouse_version())
    except Exception as err:  # no Lighthouse, no Chromium: a failed row, the other steps still count
        return [failed_row("Lighthouse on the chapter pages", err)]


# ---------------------------------------------------------------------- pytest

def notebook_durations(junit: pathlib.Path) -> dict[str, float]:
    """Seconds per notebook of the nbval items, summed over their cells."""
    totals: dict[str, float] = {}
    for case in ET.parse(junit).iter("testcase"):
        classname = case.get("classname", "")  # 'book.entropy.ipynb' for book/entropy.ipynb
        if classname.endswith(".ipynb"):
            name = classname[: -len(".ipynb")].replace(".", "/") + ".ipynb"
            totals[name] = totals.get(name, 0.0) + float(case.get("time", 0))
    return totals


def bench_pytest() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        junit = pathlib.Path(tmp) / "junit.xml"
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", f"--junitxml={junit}"],
                              cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        per_notebook = notebook_durations(junit) if junit.exists() else {}
    ok = proc.returncode == 0
    measured = f"{seconds:.1f} s" if ok else f"{seconds:.1f} s, but pytest exited with {proc.returncode}"
    if not ok:
        print(proc.stdout[-3000:], proc.stderr[-2000:], sep="\n", file=sys.stderr)
    rows = [Row("whole `pytest` run", measured, f"≤ {PYTEST_TARGET / 60:.0f} min",
                ok and seconds <= PYTEST_TARGET)]
    rows += [Row(f"within it, nbval of `{name}` (its cells summed)", f"{s:.1f} s")
             for name, s in sorted(per_notebook.items())]
    return rows


# --------------------------------------------------------------------- machine

def cpu_model() -> str:
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def ram_gib() -> str:
    try:
        return f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB"
    except (ValueError, OSError, AttributeError):  # e.g. Windows
        return "unknown"


def os_name() -> str:
    try:
        return f"{platform.freedesktop_os_release()['PRETTY_NAME']} ({platform.platform()})"
    except (OSError, KeyError, AttributeError):
        return platform.platform()


def git_revision() -> str:
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    try:
        rev = git("rev-parse", "--short", "HEAD") or "unknown"
        return rev + (" with uncommitted changes" if git("status", "--porcelain") else "")
    except OSError:
        return "unknown (no git)"


def machine(load: float, others: list[str]) -> list[str]:
    """The machine section: hardware, this interpreter and the ``others`` that measured rows."""
    return [
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores",
        f"- RAM: {ram_gib()}",
        f"- OS: {os_name()}",
        "- Python and packages (the explorer rows name the Python and matplotlib they ran on):",
        "  " + interpreter_line(),
        *("  " + line for line in others),
        f"- Load average when the run started: {load:.2f}",
        f"- Repository at: {git_revision()}",
    ]


# ------------------------------------------------------------------------ main

def cell(text: str) -> str:
    """Text safe inside a markdown table cell (error messages span lines, may hold '|')."""
    return " ".join(text.split()).replace("|", "\\|")


def table(rows: list[Row]) -> str:
    lines = ["| Measurement | Measured | Target | Result |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(cell(text) for text in (r.what, r.measured, r.target, r.result)) + " |"
              for r in rows]
    return "\n".join(lines)


def report(rows: list[Row], started: datetime.datetime, load: float, others: list[str]) -> str:
    command = " ".join(["python -m benchmarks.run", *sys.argv[1:]])
    return "\n".join([
        "# Benchmarks",
        "",
        f"Measured with `{command}` on {started:%Y-%m-%d %H:%M} UTC. Written by that command:",
        "run it again to update this file, never edit the numbers.",
        "",
        table(rows),
        "",
        "- Import: wall time of the import statement inside a fresh interpreter (start-up",
        "  excluded), bytecode cached, the two modules alternated.",
        "- Explorer update: `update()` with pure computation and redraw on the Agg canvas the",
        "  explorers use (pixels rendered when it returns), after 5 warm-up updates. A slider",
        "  change in `widget()` (the slider the row names, moved across its range in tenths and",
        "  back, as a reader drags it to and fro) also encodes the PNG that Jupyter shows: the",
        "  time from the change to the new picture. Each explorer row names the Python and",
        "  matplotlib it ran on: `--also-python` runs the same section under another interpreter",
        "  (the Python 3.10 pins) in the same run, one after the other.",
        "- New figure: the same slider change the way most notebooks do it, `ipywidgets.interactive`",
        "  calling a function that builds a new explorer for the slider's value (its parameters",
        "  found beforehand by moving the slider of a `widget()` and reading `params`) and renders",
        "  it with `savefig` to PNG at the explorer's dpi, as the inline backend does",
        "  (`benchmarks/new_figure.py`); the ÷ row is the slider change's median over this one's.",
        "- JupyterLab (`--with-lab`, `benchmarks/lab_paint.py`): a notebook showing every explorer's",
        "  `widget(web=False)` and the same slider with `ipywidgets.interactive` showing a new",
        "  figure (as above), run in JupyterLab with a live kernel, in headless Chromium. The",
        "  first case's slider is moved one step at a time by its arrow keys (3 warm-up moves,",
        "  turning at the ends), each move after the previous one is over (picture painted,",
        "  kernel idle): the floor and the explorers in four rounds that take each in turn (a",
        "  quarter of its moves each), then the new figures in four rounds of their own; a move",
        "  is timed in the",
        "  page from the `keydown` to the frame painted after a new `<img>` appeared in the widget",
        "  (image decoded, next animation frame, then a posted message). The floor row is a slider",
        "  showing a new 1-pixel PNG in an `ipywidgets.HTML`: what JupyterLab, the kernel, the",
        "  server and the browser take for a change whatever is drawn.",
        "- Lighthouse (`benchmarks/lighthouse.py`): version 12.2.3 from npm (`npm ci`) in Debian's",
        "  Chromium, on the intro (the theme alone, the reference) and every chapter page of a",
        "  site built as the tests build it, served from 127.0.0.1 with text gzipped (level 6), one",
        "  run per page and preset: `--preset=desktop`, and the default mobile one (a mid-range",
        "  phone on slow 4G, simulated); performance and accessibility scores out of 100.",
        "- Notebooks: executed in memory by nbclient in a fresh kernel, kernel start included;",
        "  the site is built by the command of `tools/sitebuild.py` (warnings as errors).",
        "- Page weight: every response Chromium receives opening the page with a cold cache and",
        "  the network cut off (`benchmarks/page_weight.py`), text types counted gzipped",
        "  (level 6), images and fonts as they are; at open = after the load event and network",
        "  idle, scrolled = after scrolling to the end of the page (lazily loaded figures).",
        "- Training: the nine scripts of the article (`benchmarks/seed_scripts/`, only the changes",
        "  Keras 3 requires) one after another, each in a fresh interpreter after",
        "  `keras.utils.set_random_seed(1)`, against `lossutils.articles.experiments.run_experiment`",
        "  training the same nine in one fresh interpreter (TensorFlow's import included in both); both",
        "  print train/test to three decimals, which must be equal (`benchmarks/training_baseline.py`).",
        "",
        "## Machine",
        "",
        *machine(load, others),
        "",
    ])


def choose_steps(args: argparse.Namespace, others: list[str]) -> list:
    """The steps the flags ask for, in the order they run (pytest's last)."""
    steps = sections(args, others)
    if args.with_pytest:
        steps.append(lambda _reps: bench_pytest())
    return steps


def sections(args: argparse.Namespace, others: list[str]) -> list:
    """The sections the flags ask for; another interpreter's adds its line to ``others``."""
    def other_python(python: str):
        def step(reps: Repetitions) -> list[Row]:
            rows, line = other_python_explorers(python, reps is QUICK)
            others.append(line)
            return rows
        return step

    explorers = [bench_explorers, *(other_python(python) for python in args.also_python)]
    lab = [bench_lab] if args.with_lab or args.lab_only else []
    if args.lab_only:
        return lab
    if args.lighthouse_only:
        return [bench_lighthouse]
    if args.training_only:
        return [bench_training, *lab]
    if args.explorers_only:
        return [*explorers, *lab, *([bench_page_weights] if args.pages_only else [])]
    if args.pages_only:
        return [bench_page_weights, *lab]
    # The explorers last: their rows are the longest part of the table.
    return [bench_imports, bench_notebooks, bench_site, bench_page_weights, bench_lighthouse,
            bench_training, *explorers, *lab]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--with-pytest", action="store_true", help="also time the whole pytest run")
    parser.add_argument("--with-lab", action="store_true",
                        help="also time slider moves in JupyterLab in Chromium, from the key to the "
                             "new picture painted (benchmarks/lab_paint.py; a few minutes)")
    parser.add_argument("--also-python", action="append", default=[], metavar="PYTHON",
                        help="also measure the explorer rows with this interpreter (e.g. "
                             "/work/venv310/bin/python, a venv with the Python 3.10 pins and "
                             "lossutils installed); may be given more than once")
    parser.add_argument("--pages-only", action="store_true",
                        help="only the page weights of the chapter pages (writes benchmarks/_scratch/)")
    parser.add_argument("--explorers-only", action="store_true",
                        help="only the explorers' updates and slider changes (writes benchmarks/_scratch/)")
    parser.add_argument("--lab-only", action="store_true",
                        help="only the slider moves in JupyterLab (writes benchmarks/_scratch/)")
    parser.add_argument("--lighthouse-only", action="store_true",
                        help="only Lighthouse on the intro and the chapter pages (benchmarks/lighthouse.py; "
                             "writes benchmarks/_scratch/)")
    parser.add_argument("--training-only", action="store_true",
                        help="only the training runner against the seed scripts "
                             "(writes benchmarks/_scratch/)")
    parser.add_argument("--output", type=pathlib.Path,
                        help="where to write the report (default: benchmarks/RESULTS.md, "
                             "or benchmarks/_scratch/RESULTS.md with --quick, so a quick run "
                             "never replaces the committed table)")
    parser.add_argument("--rows-json", type=pathlib.Path, help=argparse.SUPPRESS)  # --also-python's
    args = parser.parse_args(argv)
    reps = QUICK if args.quick else FULL
    partial = (args.quick or args.pages_only or args.explorers_only or args.training_only or args.lab_only
               or args.lighthouse_only)
    output = args.output or (HERE / "_scratch" / "RESULTS.md" if partial else HERE / "RESULTS.md")
    started = datetime.datetime.now(datetime.timezone.utc)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    others: list[str] = []  # the other interpreters' lines for the machine section
    rows: list[Row] = []
    for step in choose_steps(args, others):  # one at a time: each measurement has the machine to itself
        new = step(reps)
        for row in new:
            print(f"{row.what}: {row.measured} [{row.result}]", file=sys.stderr, flush=True)
        rows += new

    if args.rows_json:  # measured for another interpreter's run, which writes the report
        args.rows_json.write_text(rows_to_json(rows, interpreter_line()), encoding="utf-8")
    else:
        text = report(rows, started, load, others)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        print(table(rows))
        print(f"\nwritten to {output}")
    return 0 if all(row.passed is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
