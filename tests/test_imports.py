"""`import lossutils` costs what `import numpy` costs: no TensorFlow, Keras or plotting."""

import subprocess
import sys

CHECK = """
import sys
def loaded(*names):
    return sorted(m for m in sys.modules if any(m == n or m.startswith(n + '.') for n in names))
import lossutils
print(loaded('tensorflow', 'keras', 'matplotlib', 'ipywidgets'))
import lossutils.explorers, lossutils.plotting
print(loaded('tensorflow', 'keras', 'matplotlib.pyplot', 'ipywidgets'))
"""


def test_imports_stay_light():
    proc = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    core, figures = proc.stdout.splitlines()
    assert core == "[]", f"`import lossutils` loaded {core}"
    assert figures == "[]", f"the explorers loaded {figures} before any widget was asked for"
