"""The KL explorer: fit one Gaussian to two bumps, by forward and by reverse KL.

The target ``p`` is a mixture of two Gaussian bumps (each of standard deviation
``COMPONENT_SIGMA``) at ``-separation / 2`` and ``+separation / 2``, with
weights ``weight`` and ``1 - weight``, discretised on a fixed grid of
``x`` values and normalised there, so it is an ordinary discrete distribution.
The model family is the discretised Gaussians ``q = N(mu, sigma)`` on the same
grid. For every setting the explorer finds, by a search over a fixed grid of
``(mu, sigma)`` candidates (so the global best, not a local one):

- the **forward** fit, which minimises ``KL(p || q)``. It must give mass to
  every place where ``p`` has some (the divergence is huge where ``q`` is
  tiny and ``p`` is not), so it covers both bumps: "mode covering". On a
  fixed grid the Gaussians are an exponential family with statistics ``x``
  and ``x**2``, so the forward fit matches the mean and variance of ``p``
  (up to the resolution of the search);
- the **reverse** fit, which minimises ``KL(q || p)``. It is weighted by
  ``q``, so it pays nothing for ignoring a bump but a lot for putting mass
  where ``p`` has none: it sits on one bump, "mode seeking". For well
  separated bumps ``KL(q || p)`` has a deep valley at each bump (and a shallow
  one between them); the search returns the deepest (the heavier bump; an
  exact tie goes to the left).

Everything runs on precomputed tables of the candidates. The forward divergence
of every candidate follows from two moments of ``p``; the reverse one costs one
matrix-vector product. The fits of each setting are kept, so a slider dragged back
and forth computes nothing twice.

Example:

>>> reading = kl_fit_reading(separation=5.0, weight=0.6)
>>> reading.forward.mu, reading.forward.sigma  # between the bumps, wide
(-0.5, 2.55)
>>> reading.reverse.mu, reading.reverse.sigma  # on the left bump, as narrow as it
(-2.5, 0.6)
>>> round(reading.reverse.kl_qp, 3)  # about -ln 0.6: the left bump holds 0.6 of p
0.511
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from .._numerics import log_softmax  # normalises log-weights: exact logs, never log(0)
from .._validation import check_pairs, check_scalar
from ..plotting import BLUE, TARGET, VERMILLION, label, legend_below, new_figure
from .base import Explorer
from .small_multiples import panel_grid

__all__ = [
    "GaussianFit",
    "KLFitReading",
    "kl_fit_reading",
    "KLFitExplorer",
    "kl_fit_small_multiples",
]

#: The x values the distributions live on: 161 points, 0.1 apart, on [-8, 8]. Wide
#: enough that even the widest fit loses almost nothing at the edges.
GRID = np.round(np.linspace(-8.0, 8.0, 161), 10)
GRID.flags.writeable = False  # shared by every reading
#: Standard deviation of each of the two bumps of the target.
COMPONENT_SIGMA = 0.6
#: The largest distance between the two bumps.
MAX_SEPARATION = 5.0
#: The candidate centres of q: -6 to 6 in steps of 0.1.
CENTRES = np.round(np.linspace(-6.0, 6.0, 121), 10)
CENTRES.flags.writeable = False  # shared by every reading
#: The candidate widths of q: 0.25 to 4 in steps of 0.05.
WIDTHS = np.round(np.linspace(0.25, 4.0, 76), 10)

#: Colours (and line styles) of the two fits, shared by the explorer and the static figure.
FORWARD_COLOR, REVERSE_COLOR = BLUE, VERMILLION
FORWARD_STYLE, REVERSE_STYLE = "-", "--"
#: Fixed axis limits, so that a redraw never changes the axes (the pictures stay comparable).
PROBABILITY_TOP = 0.1  # no setting reaches 0.07
KL_TOP = 3.0  # nats; the landscape curves leave the panel beyond it


@dataclass(frozen=True)
class GaussianFit:
    """The best discretised Gaussian under one direction of the KL divergence.

    Attributes:
        mu: its centre.
        sigma: its width (standard deviation before discretisation).
        q: its probabilities on the grid (they sum to 1).
        kl_pq: ``KL(p || q)`` in nats, the forward divergence.
        kl_qp: ``KL(q || p)`` in nats, the reverse divergence.
    """

    mu: float
    sigma: float
    q: np.ndarray
    kl_pq: float
    kl_qp: float


@dataclass(frozen=True)
class KLFitReading:
    """Everything the KL explorer shows for one target.

    Attributes:
        separation: distance between the two bumps of ``p``.
        weight: the weight of the left bump (the right one has ``1 - weight``).
        grid: the x values.
        p: the target's probabilities on the grid (they sum to 1).
        forward: the :class:`GaussianFit` minimising ``KL(p || q)``.
        reverse: the :class:`GaussianFit` minimising ``KL(q || p)``.
        centres: the candidate centres ``mu``.
        forward_profile: for each centre, the smallest ``KL(p || q)`` over the widths.
        reverse_profile: for each centre, the smallest ``KL(q || p)`` over the widths.
    """

    separation: float
    weight: float
    grid: np.ndarray
    p: np.ndarray
    forward: GaussianFit
    reverse: GaussianFit
    centres: np.ndarray
    forward_profile: np.ndarray
    reverse_profile: np.ndarray

    @property
    def p_mean(self) -> float:
        """The mean of ``p`` on the grid."""
        return float(self.grid @ self.p)

    @property
    def p_std(self) -> float:
        """The standard deviation of ``p`` on the grid."""
        return float(np.sqrt(((self.grid - self.p_mean) ** 2) @ self.p))


@functools.lru_cache(maxsize=1)
def _candidates() -> tuple[np.ndarray, ...]:
    """``(mu, sigma, log_z, q, sum q log q)`` of every candidate, one entry per (mu, sigma).

    Row ``i * len(WIDTHS) + j`` is ``N(CENTRES[i], WIDTHS[j])`` on the grid:
    ``q = exp(-(x - mu)**2 / (2 sigma**2) - log_z)``. Computed once (about
    twelve megabytes), on first use.
    """
    mu = np.repeat(CENTRES, WIDTHS.size)
    sigma = np.tile(WIDTHS, CENTRES.size)
    exponent = -0.5 * ((GRID - mu[:, None]) / sigma[:, None]) ** 2
    log_q = log_softmax(exponent, -1)  # exact logs, never log(0)
    q = _read_only(np.exp(log_q))  # each fit's q is a row of it
    return mu, sigma, exponent[:, 0] - log_q[:, 0], q, np.sum(q * log_q, axis=1)


def _target_log_p(separation: float, weight: float) -> np.ndarray:
    """Log-probabilities of the two-bump target on the grid (finite everywhere)."""
    def bump(centre, w):
        with np.errstate(divide="ignore"):  # a weight of 0 gives log 0 = -inf: no bump
            return math.log(w) if w > 0 else -np.inf, -0.5 * ((GRID - centre) / COMPONENT_SIGMA) ** 2

    (log_w1, e1), (log_w2, e2) = bump(-separation / 2, weight), bump(separation / 2, 1 - weight)
    return log_softmax(np.logaddexp(log_w1 + e1, log_w2 + e2), -1)


def _best(values: np.ndarray) -> int:
    """Index of the smallest value; near-exact ties go to the first (the left-most centre)."""
    return int(np.flatnonzero(values <= values.min() + 1e-12)[0])


def kl_fit_reading(separation: float, weight: float) -> KLFitReading:
    """Fits a Gaussian to a two-bump target under forward and under reverse KL.

    Pure NumPy: no figure is involved, so this is what the tests and the
    benchmarks call. The fits are the best of the candidate grid
    ``CENTRES x WIDTHS`` (steps of 0.1 in ``mu`` and 0.05 in ``sigma``).

    Args:
        separation: distance between the two bumps, in [0, 5]. At 0 the
            target is a single Gaussian ``N(0, 0.6)``, which both fits find.
        weight: the share of the left bump, in [0, 1]; the right bump gets
            ``1 - weight``. At 0 or 1 the target is a single bump.

    Returns:
        A :class:`KLFitReading`.

    Raises:
        TypeError: an argument is not a real number.
        ValueError: an argument is outside its range.

    Example:

    >>> r = kl_fit_reading(separation=0.0, weight=0.5)  # one bump: both fits find it
    >>> (r.forward.mu, r.forward.sigma), (r.reverse.mu, r.reverse.sigma)
    ((0.0, 0.6), (0.0, 0.6))
    >>> abs(r.forward.kl_pq) < 1e-12 and abs(r.reverse.kl_qp) < 1e-12
    True

    Taught in: KL divergence (book/kl_divergence.ipynb).
    """
    separation = check_scalar(separation, "separation", low=0.0, high=MAX_SEPARATION)
    weight = check_scalar(weight, "weight", low=0.0, high=1.0)
    return _fits(separation, weight)


@functools.lru_cache(maxsize=1024)  # holds every setting of the explorer's sliders (26 x 21)
def _fits(separation: float, weight: float) -> KLFitReading:
    """:func:`kl_fit_reading` for checked arguments, kept: a slider dragged back finds them done."""
    log_p = _target_log_p(separation, weight)
    p = _read_only(np.exp(log_p))
    mu, sigma, log_z, q, q_log_q = _candidates()
    # KL(p || q) for every candidate. Since -log q = (x - mu)**2 / (2 sigma**2) + log_z,
    # the average of -log q under p needs only the first two moments of p.
    m1, m2 = p @ GRID, p @ GRID**2
    forward = p @ log_p + (m2 - 2 * mu * m1 + mu**2) / (2 * sigma**2) + log_z
    # KL(q || p) for every candidate. einsum rather than @: a BLAS product this size wakes
    # BLAS's threads, which then compete with the drawing for the cores (twice the CPU time
    # per slider change on two cores).
    reverse = q_log_q - np.einsum("ij,j->i", q, log_p)
    shape = (CENTRES.size, WIDTHS.size)

    def fit(index: int) -> GaussianFit:
        i, j = divmod(index, WIDTHS.size)
        return GaussianFit(mu=float(CENTRES[i]), sigma=float(WIDTHS[j]), q=q[index],
                           kl_pq=float(forward[index]), kl_qp=float(reverse[index]))

    return KLFitReading(
        separation=separation,
        weight=weight,
        grid=GRID,
        p=p,
        forward=fit(_best(forward)),
        reverse=fit(_best(reverse)),
        centres=CENTRES,
        forward_profile=_read_only(forward.reshape(shape).min(axis=1)),
        reverse_profile=_read_only(reverse.reshape(shape).min(axis=1)),
    )


def _read_only(array: np.ndarray) -> np.ndarray:
    """``array``, made read-only: kept readings share their arrays with every caller."""
    array.flags.writeable = False
    return array


# --- drawing, shared by the explorer and the static figure -------------------

def _nats(value: float) -> str:
    """A divergence to three decimals, without a "-0.000" for a rounded-off zero."""
    return f"{round(value, 3) + 0.0:.3f}"


def _fit_text(name: str, fit: GaussianFit) -> str:
    return f"{name} N({fit.mu + 0.0:+.1f}, {fit.sigma:.2f}²)"  # + 0.0: no "-0.0"


def _draw_fits(ax):
    """Empty lines for p and the two fits; returns them in the order :func:`_show_fits` expects."""
    (p_line,) = ax.plot([], [], color=TARGET, linewidth=2.6, label="target p")
    (forward_line,) = ax.plot([], [], color=FORWARD_COLOR, linestyle=FORWARD_STYLE,
                              label="forward: minimises KL(p‖q)")
    (reverse_line,) = ax.plot([], [], color=REVERSE_COLOR, linestyle=REVERSE_STYLE,
                              label="reverse: minimises KL(q‖p)")
    ax.set_xlim(GRID[0], GRID[-1])
    ax.set_ylim(0, PROBABILITY_TOP)
    label(ax, x="x", y="probability per grid point")
    return [p_line, forward_line, reverse_line]


def _show_fits(lines, reading: KLFitReading) -> None:
    for line, y in zip(lines, (reading.p, reading.forward.q, reading.reverse.q), strict=True):
        line.set_data(reading.grid, y)


def _write_fits(ax, reading: KLFitReading) -> None:
    """The fitted parameters in the top left of a static panel, in the colours of their lines."""
    for y, color, name, fit in ((0.97, FORWARD_COLOR, "forward", reading.forward),
                                (0.88, REVERSE_COLOR, "reverse", reading.reverse)):
        ax.text(0.03, y, _fit_text(name, fit), transform=ax.transAxes, ha="left", va="top",
                fontsize=8.5, color=color)


class KLFitExplorer(Explorer):
    """Sliders for a two-bump target; its forward and reverse Gaussian fits update live.

    Left panel: the target ``p`` (black) and the best Gaussians under
    ``KL(p || q)`` (blue, solid) and ``KL(q || p)`` (vermillion, dashed).
    Right panel: for each centre ``mu``, the smallest divergence over the
    widths, both ways, with the chosen centres marked: the forward curve has
    one valley, the reverse curve one valley per well-separated bump.

    Args:
        separation: initial distance between the bumps, in [0, 5].
        weight: initial share of the left bump, in [0, 1].

    Example:

    >>> explorer = KLFitExplorer(separation=5.0, weight=0.6)
    >>> reading = explorer.update(separation=0.0)
    >>> reading.forward.mu == reading.reverse.mu == 0.0
    True
    >>> explorer.describe(reading)[:70]
    'Left, the target p (black), a single bump at 0 (mean +0.00, sd 0.60), '

    Taught in: KL divergence (book/kl_divergence.ipynb).
    """

    def __init__(self, separation: float = 5.0, weight: float = 0.6) -> None:
        super().__init__(separation=separation, weight=weight)

    compute = staticmethod(kl_fit_reading)  # the pure computation behind the figure

    def describe(self, reading: KLFitReading) -> str:
        """The caption and alt text: the target, both fits and their divergences."""
        f, r = reading.forward, reading.reverse
        half = reading.separation / 2
        where = ("a single bump at 0" if half == 0 else
                 f"bumps at -{half:.1f} and +{half:.1f} with weights {reading.weight:.2f} and "
                 f"{1 - reading.weight:.2f}")
        moments = f"mean {round(reading.p_mean, 2) + 0.0:+.2f}, sd {reading.p_std:.2f}"  # no "-0.00"
        return (
            f"Left, the target p (black), {where} ({moments}), and its best Gaussians: "
            f"{_fit_text('forward', f)} with KL(p||q) = {_nats(f.kl_pq)} nats (blue, solid) and "
            f"{_fit_text('reverse', r)} with KL(q||p) = {_nats(r.kl_qp)} nats (vermillion, dashed). "
            f"Right, at each centre mu, the smallest KL(p||q) (blue) and KL(q||p) (vermillion) "
            f"over the widths; the circle and the square mark the chosen centres."
        )

    def _build(self, reading: KLFitReading):
        fig, (ax_fit, ax_kl) = new_figure(
            1, 2, height=3.4, title="Forward KL covers both bumps; reverse KL picks one"
        )
        self.fit_lines = _draw_fits(ax_fit)
        ax_fit.set_title("The target and its best Gaussians", fontsize=9)
        legend_below(fig, ax_fit, ncols=3, fontsize=8.5)
        (self.forward_profile,) = ax_kl.plot([], [], color=FORWARD_COLOR, linestyle=FORWARD_STYLE)
        (self.reverse_profile,) = ax_kl.plot([], [], color=REVERSE_COLOR, linestyle=REVERSE_STYLE)
        (self.forward_marker,) = ax_kl.plot([], [], "o", color=FORWARD_COLOR, zorder=3)
        (self.reverse_marker,) = ax_kl.plot([], [], "s", color=REVERSE_COLOR, zorder=3)
        ax_kl.set_xlim(CENTRES[0], CENTRES[-1])
        ax_kl.set_ylim(0, KL_TOP)
        label(ax_kl, x="centre mu of q", y="KL at the best width", unit="nats")
        ax_kl.set_title("The divergences at every centre", fontsize=9)
        self.axes = (ax_fit, ax_kl)
        self.animate(*self.fit_lines, self.forward_profile, self.reverse_profile,
                     self.forward_marker, self.reverse_marker)
        return fig

    def _show(self, reading: KLFitReading) -> None:
        _show_fits(self.fit_lines, reading)
        # Cut the curves just above the panel: a dashed line running far off the
        # chart would cost many invisible dashes to draw.
        ceiling = 1.05 * KL_TOP
        self.forward_profile.set_data(reading.centres, np.minimum(reading.forward_profile, ceiling))
        self.reverse_profile.set_data(reading.centres, np.minimum(reading.reverse_profile, ceiling))
        self.forward_marker.set_data([reading.forward.mu], [reading.forward.kl_pq])
        self.reverse_marker.set_data([reading.reverse.mu], [reading.reverse.kl_qp])

    def _web_stops(self, controls):
        # Whole separations, and 3.2 and 3.4, between which the reverse fit jumps to one bump.
        return {
            "separation": self._stops_with_current("separation", (0.0, 1.0, 2.0, 3.0, 3.2, 3.4, 4.0, 5.0)),
            "weight": self._stops_with_current("weight", (0.5, 0.6, 0.7)),
        }

    def _controls(self, widgets):
        style = {"description_width": "6em"}
        return {
            "separation": widgets.FloatSlider(
                value=self.params["separation"], min=0.0, max=MAX_SEPARATION, step=0.2,
                description="separation", continuous_update=True, style=style),
            "weight": widgets.FloatSlider(
                value=self.params["weight"], min=0.0, max=1.0, step=0.05,
                description="left weight", continuous_update=True, style=style),
        }


def kl_fit_small_multiples(settings, *, title: str | None = None):
    """A static figure of the two fits at several settings, for readers without a kernel.

    One panel per setting, drawn as the explorer's left panel: the target, its
    forward-KL fit and its reverse-KL fit, with the fitted parameters written
    in the panel and both divergences in its title.

    Args:
        settings: a non-empty sequence of ``(separation, weight)`` pairs.
        title: the figure title; say what to notice.

    Returns:
        The figure (a :class:`~lossutils.plotting.BookFigure`).

    Raises:
        TypeError, ValueError: ``settings`` is not a sequence of pairs, or a
            separation or weight is invalid (as in :func:`kl_fit_reading`).

    Example:

    >>> fig = kl_fit_small_multiples([(5.0, 0.6), (0.0, 0.5)])
    >>> fig.axes[0].get_title()
    'separation 5.0, left weight 0.60\\nKL(p‖q) = 0.761, KL(q‖p) = 0.511 nats'

    Taught in: KL divergence (book/kl_divergence.ipynb).
    """
    pairs = check_pairs(settings, "settings", "(separation, weight) pairs")
    readings = [kl_fit_reading(s, w) for s, w in pairs]
    fig, axes = panel_grid(len(readings), title)
    for ax, reading in zip(axes, readings, strict=True):
        _show_fits(_draw_fits(ax), reading)
        _write_fits(ax, reading)
        ax.set_title(f"separation {reading.separation:.1f}, left weight {reading.weight:.2f}\n"
                     f"KL(p‖q) = {_nats(reading.forward.kl_pq)}, "
                     f"KL(q‖p) = {_nats(reading.reverse.kl_qp)} nats", fontsize=9)
    legend_below(fig, axes[0], ncols=3, fontsize=8.5)
    return fig
