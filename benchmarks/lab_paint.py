"""What a reader waits for in JupyterLab: from moving a slider to the new picture painted.

    python -m benchmarks.lab_paint                         # every explorer, 20 moves each
    python -m benchmarks.lab_paint --moves 5 ThresholdExplorer

Starts ``jupyter lab`` on a free local port with a token, in a temporary folder with its
own settings (no news, no update check; the notebook's windowing left at JupyterLab's
default, as a reader has it), writes a notebook whose cells show each explorer's live
``widget(web=False)`` and the same slider redrawing a new figure with
``ipywidgets.interactive`` (benchmarks/lab_cells.py), opens it in headless Chromium
through Playwright with every host name but this machine's unresolvable, and runs all
cells in a live kernel. A first widget, a slider showing a new one-pixel picture at
every change, gives the floor: what JupyterLab, the kernel and the browser take whatever
is drawn. For each widget, a move focuses the handle of the first case's slider and
presses an arrow key, as a reader does, one step at a time (turning at the ends), a few
warm-up moves first; each move waits for its picture and starts from a quiet page (the
kernel idle again, two frames drawn). The floor and the explorers are moved in four
rounds, each taking a quarter of its moves in turn, so that a passing load on the
machine falls a little on each rather than all on one; then the new-figure widgets, in
four rounds of their own, since each of their moves leaves a figure's garbage whose
collection by Python would slow the moves measured after them. In the page, a move is
timed from the key's ``keydown`` (a capturing listener, the first script to see it) to
the frame painted after a new ``<img>`` (or a new ``src``) appeared in the widget: the
image decoded, the next animation frame, then a message posted from it, which runs once
that frame is painted.
``python -m benchmarks.run --with-lab`` reports the same as rows of its table.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import pathlib
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator

from benchmarks.explorer_cases import EXPLORER_CASES, slider_named, sliders
from benchmarks.lab_cells import FLOOR_CLASS, FLOOR_SLIDER, SLIDER_CLASS, box_class
from benchmarks.page_weight import CHROMIUM_ARGS, chromium

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent

PAINT_MEDIAN_TARGET = 0.050  # s: three frames at 60 Hz
VIEWPORT = {"width": 1280, "height": 1000}
# Every host name but this machine's resolves to nothing: no request leaves the machine.
OFFLINE_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
SERVER_START_TIMEOUT = 120  # s
CELLS_TIMEOUT = 600  # s, for every cell of the notebook to show its widget
MOVE_TIMEOUT_MS = 15_000  # one move's longest wait for its picture
NOTEBOOK = "lab_paint.ipynb"

# Settings of this server only (JUPYTERLAB_SETTINGS_DIR): no news or update check (no
# internet, and their pop-up would cover the page). The notebook's windowing mode is pinned
# to JupyterLab 4.6's default, as a reader has it: every cell is in the page, and the
# browser skips rendering the cells out of view. tests/test_benchmark_cases.py checks it
# against the installed JupyterLab's default, so a new default cannot go unnoticed.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "contentVisibility"},
}


@dataclasses.dataclass
class Moves:
    """The moves of one widget: seconds from the key to the new picture painted, and to the
    new picture being in the page (the kernel's part and the transfer)."""

    painted: list[float]
    in_page: list[float]


@dataclasses.dataclass
class ExplorerPaint:
    name: str
    explorer: Moves | None
    new_figure: Moves | None
    error: str | None = None  # why a widget could not be measured


# ----------------------------------------------------------------- pure helpers

def median_p95(times: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile (the highest of 20 quantiles) of at least 2 times."""
    if len(times) < 2:
        raise ValueError(f"`times` needs at least 2 values to give a 95th percentile; got {len(times)}")
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


def summary(moves: Moves) -> str:
    """The median and 95th percentile of the painted times, and when the picture was in the page."""
    median, p95 = median_p95(moves.painted)
    return (f"median {median * 1e3:.1f} ms, p95 {p95 * 1e3:.1f} ms (new picture in the page "
            f"after a median {statistics.median(moves.in_page) * 1e3:.1f} ms)")


def key_plan(start: int, last: int, count: int) -> list[str]:
    """Arrow keys moving a slider ``count`` times by one step from step ``start`` of
    ``0..last``, turning back at either end, as a reader moves it to and fro."""
    if last < 1 or not 0 <= start <= last:
        raise ValueError(f"`start` must lie in 0..`last` and `last` be at least 1; got {start}, {last}")
    keys, step, position = [], 1, start
    for _ in range(count):
        if not 0 <= position + step <= last:
            step = -step
        position += step
        keys.append("ArrowRight" if step > 0 else "ArrowLeft")
    return keys


def slider_steps(name: str) -> tuple[int, int]:
    """The step the first case's slider starts at and its last step."""
    from benchmarks.new_figure import explorer_class, step_index

    case = EXPLORER_CASES[name][0]
    slider = slider_named(sliders(explorer_class(name)(**case.init).widget(web=False)), case)
    return step_index(slider, slider.value), step_index(slider, slider.max)


def notebook_json(names: list[str], moves: int) -> str:
    """The notebook: one cell per widget, the floor's first, then each explorer's followed by
    its new-figure one."""
    import nbformat

    cells = [nbformat.v4.new_code_cell("from benchmarks import lab_cells"),
             nbformat.v4.new_code_cell("lab_cells.floor_widget()")]
    for name in names:
        cells += [nbformat.v4.new_code_cell(f"lab_cells.explorer_widget({name!r})"),
                  nbformat.v4.new_code_cell(f"lab_cells.new_figure_widget({name!r}, moves={moves})")]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    return nbformat.writes(nb)


def write_lab_settings(folder: pathlib.Path) -> None:
    for plugin, values in LAB_SETTINGS.items():
        path = folder / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


# ----------------------------------------------------------------------- server

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def lab_server(folder: pathlib.Path) -> Iterator[str]:
    """A JupyterLab server serving ``folder``, with a token. The
    server (and with it its kernels) is shut down on exit, killed if it does not stop.
    Yields the URL that opens the notebook ``NOTEBOOK`` of ``folder``."""
    port, token = free_port(), secrets.token_hex(16)
    write_lab_settings(folder / "settings")
    env = {**os.environ,
           "JUPYTERLAB_SETTINGS_DIR": str(folder / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(folder / "workspaces"),
           "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
           "JUPYTER_CONFIG_DIR": str(folder / "config"),  # no user configuration
           # The kernel imports this checkout's lossutils and benchmarks.
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("MPLBACKEND", None)  # the kernel's own default, as for a reader
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={folder}",
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly",  # no listing of extensions from PyPI
               "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run all cells
               "--ServerApp.allow_root=True",  # containers and CI runners are often root
               # The book's own settings, as the README launches it (no Nagle delay, the tab's icons kept).
               f"--config={ROOT / 'jupyter_server_config.py'}"]
    base = f"http://127.0.0.1:{port}"
    with open(folder / "lab.log", "wb") as log:
        server = subprocess.Popen(command, cwd=folder, env=env, stdin=subprocess.DEVNULL,
                                  stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not http_ok(f"{base}/api/status?token={token}"):
            if server.poll() is not None or time.monotonic() > deadline:
                log_tail = (folder / "lab.log").read_text(errors="replace")[-1500:]
                raise RuntimeError(f"jupyter lab did not start (exit {server.poll()}): {log_tail}")
            time.sleep(0.5)
        yield f"{base}/lab/tree/{NOTEBOOK}?token={token}"
    finally:
        stop_server(server, base, token)


def stop_server(server: subprocess.Popen, base: str, token: str) -> None:
    """Asks the server to shut down (its kernels with it); terminates it, then kills it, if not."""
    if server.poll() is None:
        request = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(request, timeout=10).close()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


# ---------------------------------------------------------------------- browser

# Installs labPaint in the page: arm(selector) starts watching one widget box for a new
# picture, the next keydown starting the clock; result() waits for the painted frame.
MEASURE_JS = """
() => {
  window.labPaint = {
    arm(boxSelector, timeoutMs) {
      const box = document.querySelector(boxSelector);
      const before = new Map([...box.querySelectorAll('img')].map(img => [img, img.src]));
      let keyAt = null;
      const onKey = () => { if (keyAt === null) keyAt = performance.now(); };
      window.addEventListener('keydown', onKey, {capture: true});
      this.pending = new Promise((resolve, reject) => {
        const observer = new MutationObserver(() => {
          const img = [...box.querySelectorAll('img')].find(i => i.src && before.get(i) !== i.src);
          if (!img || keyAt === null) return;
          observer.disconnect();
          clearTimeout(timer);
          const inPage = performance.now() - keyAt;
          const painted = () => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve({painted: performance.now() - keyAt, inPage});
            channel.port2.postMessage(null);
          };
          img.decode().catch(() => {}).then(() => requestAnimationFrame(painted));
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`no new picture within ${timeoutMs} ms of the key`));
        }, timeoutMs);
        observer.observe(box, {subtree: true, childList: true, attributes: true,
                               attributeFilter: ['src']});
      }).finally(() => window.removeEventListener('keydown', onKey, {capture: true}));
    },
    result() { return this.pending; },
  };
}
"""

# Waits until the previous move is over: the kernel idle again (the picture comes before
# the kernel says so, and JupyterLab then redraws its busy indicators), then two frames.
# Each move is then timed from a quiet page, as a reader's single move.
SETTLE_JS = """
async () => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  while (kernel.status !== 'idle') await new Promise(resolve => setTimeout(resolve, 5));
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}
"""

RUN_ALL_JS = """
async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  await panel.sessionContext.ready;
  await panel.revealed;
  await window.jupyterapp.commands.execute('notebook:run-all-cells');
}
"""

# A cell's traceback, shown as JupyterLab shows errors.
ERRORS_JS = """
() => [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
  .map(e => e.innerText).filter(t => t.includes('Error')).join('\\n')
"""


def wait_for_widgets(page, selectors: list[str]) -> None:
    """Waits until every box shows its slider and a picture; a cell's error stops the wait."""
    deadline = time.monotonic() + CELLS_TIMEOUT
    query = " && ".join(f"document.querySelector('{s} .{SLIDER_CLASS} .noUi-handle') && "
                        f"document.querySelector('{s} img')" for s in selectors)
    while not page.evaluate(f"() => Boolean({query})"):
        if errors := page.evaluate(ERRORS_JS).strip():
            raise RuntimeError(f"a cell of the notebook failed: {errors[-1500:]}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"the widgets did not all show within {CELLS_TIMEOUT} s")
        time.sleep(1)


def move_slider(page, selector: str, keys: list[str], timeout_ms: int = MOVE_TIMEOUT_MS) -> Moves:
    """Presses ``keys`` on the box's measured slider, each after the previous one's picture.
    ``page`` must hold ``MEASURE_JS``'s ``labPaint``."""
    handle = page.locator(f"{selector} .{SLIDER_CLASS} .noUi-handle")
    page.locator(selector).evaluate("box => box.scrollIntoView({block: 'start'})")
    handle.evaluate("h => h.focus({preventScroll: true})")
    painted, in_page = [], []
    for key in keys:
        page.evaluate(SETTLE_JS)
        page.evaluate("([s, t]) => window.labPaint.arm(s, t)", [selector, timeout_ms])
        page.keyboard.press(key)
        times = page.evaluate("() => window.labPaint.result()")
        painted.append(times["painted"] / 1e3)
        in_page.append(times["inPage"] / 1e3)
    return Moves(painted, in_page)


@dataclasses.dataclass
class LabRun:
    browser: str  # e.g. 'Chromium 131.0.6778.85'
    floor: Moves
    explorers: list[ExplorerPaint]


@dataclasses.dataclass
class Widget:
    """One measured widget: its box, its keys (warm-up first), the moves timed so far."""

    selector: str
    keys: list[str]
    warmup: int
    timed: Moves = dataclasses.field(default_factory=lambda: Moves([], []))
    error: str | None = None

    def kept(self) -> Moves | None:
        """The moves after the warm-up, or None if the widget failed."""
        if self.error:
            return None
        return Moves(self.timed.painted[self.warmup:], self.timed.in_page[self.warmup:])


def split(keys: list[str], rounds: int) -> list[list[str]]:
    """``keys`` cut into ``rounds`` consecutive parts of nearly equal length (none empty if
    there are at least as many keys as rounds)."""
    if rounds < 1:
        raise ValueError(f"`rounds` must be at least 1; got {rounds}")
    cuts = [round(i * len(keys) / rounds) for i in range(rounds + 1)]
    return [keys[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def measure_in_rounds(page, widgets: list[Widget], rounds: int) -> None:
    """Moves every widget's slider through its keys, a part of them per round, widget after
    widget: a moment of load on the machine then falls on every widget a little, not on one
    widget's every move. A widget that fails keeps its error and is left out of the next rounds."""
    parts = [split(w.keys, rounds) for w in widgets]
    for i in range(rounds):
        for widget, keys in zip(widgets, parts, strict=True):
            if widget.error or not keys[i]:
                continue
            try:
                timed = move_slider(page, widget.selector, keys[i])
            except Exception as err:  # one broken widget must not hide the others
                widget.error = f"{type(err).__name__}: {str(err).strip()[:300]}"
                continue
            widget.timed.painted.extend(timed.painted)
            widget.timed.in_page.extend(timed.in_page)


def measure(names: list[str], moves: int, new_figure_moves: int, warmup: int = 3,
            rounds: int = 4) -> LabRun:
    """The floor's moves, every explorer's and its new-figure moves, in one JupyterLab and one
    Chromium, in ``rounds`` interleaved rounds."""
    from playwright.sync_api import sync_playwright

    floor = Widget(f".{FLOOR_CLASS}", key_plan(*FLOOR_SLIDER, warmup + moves), warmup)
    explorers, new_figures = [], []
    for name in names:
        steps = slider_steps(name)
        explorers.append(Widget(f".{box_class(name, 'explorer')}",
                                key_plan(*steps, warmup + moves), warmup))
        new_figures.append(Widget(f".{box_class(name, 'new-figure')}",
                                  key_plan(*steps, warmup + new_figure_moves), warmup))
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        (folder / NOTEBOOK).write_text(notebook_json(names, warmup + max(moves, new_figure_moves)),
                                       encoding="utf-8")
        with lab_server(folder) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(),
                                                 args=[*CHROMIUM_ARGS, *OFFLINE_ARGS])
            try:
                page = browser.new_page(viewport=VIEWPORT)
                page.goto(url)
                page.wait_for_function("() => window.jupyterapp?.shell?.currentWidget?.sessionContext",
                                       timeout=SERVER_START_TIMEOUT * 1000)
                page.evaluate(RUN_ALL_JS)
                wait_for_widgets(page, [w.selector for w in (floor, *explorers, *new_figures)])
                page.evaluate(MEASURE_JS)
                # The new figures last: each leaves a figure's worth of garbage in the kernel,
                # which Python's collector would free during the moves measured after it.
                measure_in_rounds(page, [floor, *explorers], rounds)
                measure_in_rounds(page, new_figures, rounds)
                version = browser.version
            finally:
                browser.close()
    if floor.error:
        raise RuntimeError(f"the floor could not be measured: {floor.error}")
    return LabRun(f"Chromium {version}", floor.kept(),
                  [ExplorerPaint(name, e.kept(), n.kept(), e.error or n.error)
                   for name, e, n in zip(names, explorers, new_figures, strict=True)])


def explorer_names() -> list[str]:
    from benchmarks.run import explorer_classes

    return [cls.__name__ for cls in explorer_classes()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="explorer classes (default: every one)")
    parser.add_argument("--moves", type=int, default=20, help="timed moves per explorer")
    parser.add_argument("--new-figure-moves", type=int, default=10,
                        help="timed moves per new-figure widget")
    args = parser.parse_args(argv)
    run = measure(args.names or explorer_names(), args.moves, args.new_figure_moves)
    print(f"{run.browser}; floor (1-pixel picture): {summary(run.floor)}")
    failed = False
    for r in run.explorers:
        if r.error:
            print(f"{r.name}: error: {r.error}")
            failed = True
            continue
        print(f"{r.name} widget: {summary(r.explorer)}")
        print(f"{r.name} new figure: {summary(r.new_figure)}")
        failed |= median_p95(r.explorer.painted)[0] > PAINT_MEDIAN_TARGET
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
