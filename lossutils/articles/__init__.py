"""What the five source articles of the book did, written as code.

Not part of the NumPy library of losses (:mod:`lossutils.losses`, :mod:`lossutils.information`,
:mod:`lossutils.metrics`): this subpackage holds the book's own content, run by its chapters.

- :mod:`lossutils.articles.experiments`: the nine training experiments of Jason Brownlee's
  article (its three problems, its MLPs, and a runner that trains them as its scripts do), and
  what their data's generators allow any model to reach. Chapter *Choosing a loss*.
- :mod:`lossutils.articles.keras2_calls`: every outdated Keras call of four of the articles
  (Andre Ye's guide, the CSDN and Yisu Cloud posts, Brownlee's article) beside its Keras 3
  form, and what Keras 3 does with each: the data of the errata. Chapter *Keras losses in
  practice* and the appendix *Errata*.

Neither module is imported by ``import lossutils``; both import Keras only inside the
functions that need it.
"""
