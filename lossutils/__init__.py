"""lossutils: the small helper package of the book *Loss Functions, Executed*.

``import lossutils`` loads NumPy only. The two core modules are imported here:

- :mod:`lossutils.losses` — NumPy twins of the Keras 3 functional losses
  (same names, signatures, dtypes and per-sample return shapes), plus
  :func:`~lossutils.losses.get` and :func:`~lossutils.losses.reduce`.
- :mod:`lossutils.information` — surprise, entropy, cross-entropy and KL
  divergence in any log base, and stable softmax / log-softmax / sigmoid.

With :mod:`lossutils.metrics` they are the library a reader imports to compute
a loss. Figures and explorers live in :mod:`lossutils.plotting` and
:mod:`lossutils.explorers`, imported explicitly by the chapters because they
load matplotlib and ipywidgets. The book's own content written as code, what
its source articles did (Brownlee's nine training experiments, the articles'
Keras 2 calls), lives apart in :mod:`lossutils.articles`.
"""

from . import information, losses

#: The version of lossutils, as in pyproject.toml.
__version__ = "0.1.0"
__all__ = ["information", "losses", "__version__"]
