"""The environment of every pytest run from the repository's root, one chapter's alone too
(``pytest book/entropy.ipynb``): set before anything imports TensorFlow. The tests' own
fixtures and settings are in tests/conftest.py.
"""

import collections
import os

# Must happen before anything imports TensorFlow: errors only from its C++ logging, and
# its plain CPU kernels (oneDNN's reorder round-off and announce themselves on stderr).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

from tools.refresh_notebooks import KERNEL_ENVIRONMENT  # noqa: E402 (imports no TensorFlow)

# nbval runs the chapters in the environment tools/refresh_notebooks.py gives them, and so
# does every test: TensorFlow with one thread per pool; each explorer's cell shows its
# website version, whose HTML is compared with the stored one (every caption and setting;
# the pictures' bytes are treated as nbval treats images, see nbval_sanitize.cfg). Tests of
# the live explorer ask for it with widget(web=False).
for _name, _value in KERNEL_ENVIRONMENT.items():
    os.environ.setdefault(_name, _value)


def pytest_terminal_summary(terminalreporter):
    """Lists the time each notebook took under nbval (its cells' setup, run and teardown),
    the longest first: where a slow run of the book's checks comes from."""
    seconds = collections.Counter()
    for reports in terminalreporter.stats.values():
        for report in reports:
            path = getattr(report, "nodeid", "").split("::")[0]
            if path.endswith(".ipynb"):
                seconds[path] += getattr(report, "duration", 0.0)
    if seconds:
        terminalreporter.write_sep("=", "time per notebook")
        for path, took in seconds.most_common():
            terminalreporter.write_line(f"{took:6.1f} s  {path}")
