"""The training chapter's runner against the nine seed scripts it reproduces.

The baseline is what a reader of the article does: run its nine scripts
(``benchmarks/seed_scripts/``, only the changes Keras 3 requires) one after
another, each in a fresh interpreter that imports TensorFlow again. Each runs
after ``keras.utils.set_random_seed(seed)``, the one line added, so that its
numbers can be compared with the runner's for the same seed. The runner,
``lossutils.articles.experiments.run_experiment``, trains the same nine experiments in one
fresh interpreter. Both print ``Train: %.3f, Test: %.3f`` per experiment; the
numbers must be equal, and the runner must take at most half the time.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import re
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
SCRIPTS = HERE / "seed_scripts"
RATIO_TARGET = 0.5

# The same arithmetic in both: TensorFlow's plain CPU kernels, as in the chapters.
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0", "MPLBACKEND": "Agg"}

SEEDED_SCRIPT = "import runpy, sys, keras; keras.utils.set_random_seed(int(sys.argv[2])); " \
                "runpy.run_path(sys.argv[1], run_name='__main__')"

RUNNER = """
import json, sys
from lossutils.articles import experiments
for name in experiments.EXPERIMENTS:
    result = experiments.run_experiment(name, int(sys.argv[1]))
    print(json.dumps([name, round(result.train, 3), round(result.test, 3)]))
"""


@dataclasses.dataclass(frozen=True)
class Timed:
    seconds: float
    numbers: dict[str, tuple[float, float]]  # experiment -> (train, test), as printed


def _run(args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], env=ENV, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{args[:2]} exited with {proc.returncode}: {proc.stderr[-800:]}")
    return seconds, proc.stdout


def seed_scripts(seed: int) -> Timed:
    """The nine scripts one after another, each in its own interpreter."""
    seconds, numbers = 0.0, {}
    for script in sorted(SCRIPTS.glob("*.py")):
        took, out = _run(["-c", SEEDED_SCRIPT, str(script), str(seed)])
        printed = re.search(r"Train: (-?\d+\.\d{3}), Test: (-?\d+\.\d{3})", out)
        if printed is None:
            raise RuntimeError(f"{script.name} printed no 'Train: ..., Test: ...' line: {out[-300:]!r}")
        seconds += took
        numbers[script.stem] = (float(printed[1]), float(printed[2]))
    return Timed(seconds, numbers)


def runner(seed: int) -> Timed:
    """The nine experiments by the chapter's runner, in one interpreter."""
    seconds, out = _run(["-c", RUNNER, str(seed)])
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("[")]
    return Timed(seconds, {name: (train, test) for name, train, test in rows})


def compare(seed: int = 1) -> tuple[Timed, Timed, list[str]]:
    """Both timings, and the experiments whose printed numbers differ (none, to pass)."""
    baseline, ours = seed_scripts(seed), runner(seed)
    differ = [name for name in baseline.numbers if baseline.numbers[name] != ours.numbers.get(name)]
    return baseline, ours, differ
