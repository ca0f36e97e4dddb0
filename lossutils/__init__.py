"""lossutils: the small helper package of the book *Loss Functions, Executed*.

``import lossutils`` loads NumPy only. The two core modules are imported here:

- :mod:`lossutils.losses` — NumPy twins of the Keras 3 functional losses
  (same names, signatures, dtypes and per-sample return shapes), plus
  :func:`~lossutils.losses.get` and :func:`~lossutils.losses.reduce`.
- :mod:`lossutils.information` — surprise, entropy, cross-entropy and KL
  divergence in any log base, and stable softmax / log-softmax / sigmoid.

Figures and explorers live in :mod:`lossutils.plotting` and
:mod:`lossutils.explorers`, imported explicitly by the chapters because they
load matplotlib and ipywidgets.
"""

from . import information, losses

#: The version of lossutils, as in pyproject.toml.
__version__ = "0.1.0"
__all__ = ["information", "losses", "__version__"]
