"""Interactive explorers: sliders over a figure that updates in place.

Import explicitly (``import lossutils`` does not load matplotlib)::

    from lossutils.explorers import EntropyExplorer
    EntropyExplorer(weights=(26, 4)).widget()

Every explorer follows the contract of :class:`~lossutils.explorers.base.Explorer`:
a pure ``compute``, one figure built once, ``update(**params)`` changing its
artists in place, and ``widget()`` (ipywidgets imported only then).
"""

from .base import Explorer
from .binary_crossentropy import (
    BinaryCrossentropyExplorer,
    BinaryCrossentropyReading,
    binary_crossentropy_curves,
    binary_crossentropy_reading,
)
from .cosine import CosineExplorer, CosineReading, cosine_reading, cosine_small_multiples
from .entropy import EntropyExplorer, EntropyReading, entropy_reading, entropy_small_multiples
from .epoch_loss import EpochLossExplorer, EpochLossReading, epoch_loss_lags, epoch_loss_reading
from .focal import FocalExplorer, FocalReading, focal_curves, focal_reading
from .hinge import MarginExplorer, MarginReading, margin_curves, margin_reading
from .kl import GaussianFit, KLFitExplorer, KLFitReading, kl_fit_reading, kl_fit_small_multiples
from .line_fits import LineFit
from .outlier_tug import (
    OutlierTugExplorer,
    OutlierTugReading,
    outlier_tug_reading,
    outlier_tug_small_multiples,
)
from .regression_losses import (
    RegressionLossExplorer,
    RegressionLossReading,
    regression_loss_reading,
    regression_loss_small_multiples,
)
from .softmax import SoftmaxExplorer, SoftmaxReading, softmax_reading, softmax_small_multiples
from .threshold import ThresholdExplorer, ThresholdReading, threshold_reading, threshold_readings

__all__ = [
    "Explorer",
    "EntropyExplorer",
    "EntropyReading",
    "entropy_reading",
    "entropy_small_multiples",
    "GaussianFit",
    "KLFitExplorer",
    "KLFitReading",
    "kl_fit_reading",
    "kl_fit_small_multiples",
    "SoftmaxExplorer",
    "SoftmaxReading",
    "softmax_reading",
    "softmax_small_multiples",
    "BinaryCrossentropyExplorer",
    "BinaryCrossentropyReading",
    "binary_crossentropy_reading",
    "binary_crossentropy_curves",
    "RegressionLossExplorer",
    "RegressionLossReading",
    "regression_loss_reading",
    "regression_loss_small_multiples",
    "OutlierTugExplorer",
    "OutlierTugReading",
    "LineFit",
    "outlier_tug_reading",
    "outlier_tug_small_multiples",
    "MarginExplorer",
    "MarginReading",
    "margin_reading",
    "margin_curves",
    "CosineExplorer",
    "CosineReading",
    "cosine_reading",
    "cosine_small_multiples",
    "FocalExplorer",
    "FocalReading",
    "focal_reading",
    "focal_curves",
    "EpochLossExplorer",
    "EpochLossReading",
    "epoch_loss_reading",
    "epoch_loss_lags",
    "ThresholdExplorer",
    "ThresholdReading",
    "threshold_reading",
    "threshold_readings",
]
