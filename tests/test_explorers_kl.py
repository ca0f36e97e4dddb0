"""Tests of the KL explorer (lossutils.explorers.kl), no display needed.

The fits are checked against independent computations (SciPy's divergences,
a brute-force search written here), against the properties the chapter
teaches (the forward fit matches the mean and spread of p; the reverse fit
sits on one bump when the bumps are far apart; both agree on a single
Gaussian), and the explorer's lines, markers and caption against the numbers they
stand for (what every explorer keeps is checked in test_explorer_contract.py).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
from explorer_checks import pyplot_figure_count
from hypothesis import given
from hypothesis import strategies as st

from lossutils import information
from lossutils.explorers import KLFitExplorer, kl, kl_fit_reading, kl_fit_small_multiples

SLIDER_SETTINGS = [(s / 5, w / 20) for s in range(0, 26, 5) for w in range(0, 21, 4)]


def discretised_gaussian(mu: float, sigma: float) -> np.ndarray:
    """N(mu, sigma) on the explorer's grid, normalised there (written independently)."""
    density = scipy.stats.norm.pdf(kl.GRID, loc=mu, scale=sigma)
    return density / density.sum()


def target(separation: float, weight: float) -> np.ndarray:
    """The two-bump target, from SciPy's normal density."""
    sd = kl.COMPONENT_SIGMA
    mixture = (weight * scipy.stats.norm.pdf(kl.GRID, -separation / 2, sd)
               + (1 - weight) * scipy.stats.norm.pdf(kl.GRID, separation / 2, sd))
    return mixture / mixture.sum()


def moments(probabilities: np.ndarray) -> tuple[float, float]:
    mean = float(kl.GRID @ probabilities)
    return mean, float(np.sqrt(((kl.GRID - mean) ** 2) @ probabilities))


# --- the pure computation ---------------------------------------------------

@pytest.mark.parametrize(("separation", "weight"), [(5.0, 0.6), (3.0, 0.5), (1.0, 0.2), (0.0, 0.5)])
def test_reading_matches_scipy(separation, weight):
    reading = kl_fit_reading(separation, weight)
    p = target(separation, weight)
    np.testing.assert_allclose(reading.p, p, rtol=1e-9, atol=1e-300)
    assert reading.p.sum() == pytest.approx(1.0)
    for fit in (reading.forward, reading.reverse):
        q = discretised_gaussian(fit.mu, fit.sigma)
        np.testing.assert_allclose(fit.q, q, rtol=1e-9, atol=1e-300)
        # scipy.stats.entropy(p, q) is KL(p || q); rel_entr sums to the same.
        assert fit.kl_pq == pytest.approx(scipy.stats.entropy(p, q), rel=1e-7, abs=1e-12)
        assert fit.kl_qp == pytest.approx(scipy.special.rel_entr(q, p).sum(), rel=1e-7, abs=1e-12)
        assert fit.kl_pq == pytest.approx(float(information.kl_divergence(p, q)), rel=1e-7, abs=1e-12)


def test_fits_are_the_best_of_a_brute_force_search():
    separation, weight = 4.0, 0.7
    reading = kl_fit_reading(separation, weight)
    p = target(separation, weight)
    forward = {(mu, s): scipy.stats.entropy(p, discretised_gaussian(mu, s))
               for mu in kl.CENTRES[::2] for s in kl.WIDTHS[::3]}
    reverse = {(mu, s): scipy.special.rel_entr(discretised_gaussian(mu, s), p).sum()
               for mu in kl.CENTRES[::2] for s in kl.WIDTHS[::3]}
    # The explorer searches a finer grid, so it can only do better (or as well).
    assert reading.forward.kl_pq <= min(forward.values()) + 1e-12
    assert reading.reverse.kl_qp <= min(reverse.values()) + 1e-12
    assert reading.forward.mu in kl.CENTRES and reading.forward.sigma in kl.WIDTHS


@pytest.mark.parametrize(("separation", "weight"), SLIDER_SETTINGS)
def test_forward_fit_matches_the_mean_and_spread_of_p(separation, weight):
    reading = kl_fit_reading(separation, weight)
    p_mean, p_std = moments(reading.p)
    assert (reading.p_mean, reading.p_std) == pytest.approx((p_mean, p_std))
    # Moment matching holds exactly at the continuous optimum; the search steps
    # are 0.1 in mu and 0.05 in sigma.
    q_mean, q_std = moments(reading.forward.q)
    assert q_mean == pytest.approx(p_mean, abs=0.06)
    assert q_std == pytest.approx(p_std, abs=0.04)
    assert reading.forward.mu == pytest.approx(p_mean, abs=0.06)
    assert reading.forward.sigma == pytest.approx(p_std, rel=0.05)
    # Neither fit is stuck at the edge of the candidate grid.
    for fit in (reading.forward, reading.reverse):
        assert kl.WIDTHS[0] < fit.sigma < kl.WIDTHS[-1] or fit.sigma == kl.COMPONENT_SIGMA


@pytest.mark.parametrize("weight", [0.5, 0.6, 0.8, 0.3])
def test_reverse_fit_sits_on_the_heavier_bump_when_bumps_are_far_apart(weight):
    reading = kl_fit_reading(5.0, weight)
    heavier = -2.5 if weight >= 0.5 else 2.5  # a tie goes to the left
    assert reading.reverse.mu == pytest.approx(heavier)
    assert reading.reverse.sigma == pytest.approx(kl.COMPONENT_SIGMA)
    # It pays about -ln(weight of its bump); the forward fit sits in between.
    assert reading.reverse.kl_qp == pytest.approx(-math.log(max(weight, 1 - weight)), abs=1e-3)
    assert abs(reading.forward.mu) < 2.0 and reading.forward.sigma > 2.0
    # The reverse landscape has a deep valley at each bump (and a shallow one
    # between them, a wide q straddling both); the forward one has one valley.
    minima = local_minima(reading.reverse_profile)
    deepest = sorted(minima, key=lambda i: reading.reverse_profile[i])[:2]
    assert sorted(reading.centres[deepest].round(1).tolist()) == [-2.5, 2.5]
    assert all(reading.reverse_profile[i] > reading.reverse_profile[deepest[1]] + 0.5
               for i in minima if i not in deepest)
    assert len(local_minima(reading.forward_profile)) == 1


def local_minima(values: np.ndarray) -> list[int]:
    return [i for i in range(1, values.size - 1) if values[i] < values[i - 1] and values[i] <= values[i + 1]]


@pytest.mark.parametrize(("separation", "weight"),
                         [(0.0, 0.5), (0.0, 0.1), (5.0, 1.0), (5.0, 0.0), (2.0, 1.0)])
def test_both_fits_coincide_on_a_single_gaussian(separation, weight):
    reading = kl_fit_reading(separation, weight)
    centre = 0.0 if separation == 0 else (-separation / 2 if weight == 1 else separation / 2)
    for fit in (reading.forward, reading.reverse):
        assert (fit.mu, fit.sigma) == pytest.approx((centre, kl.COMPONENT_SIGMA))
        assert fit.kl_pq == pytest.approx(0.0, abs=1e-12) and fit.kl_qp == pytest.approx(0.0, abs=1e-12)


@given(st.floats(0, 5), st.floats(0, 1))
def test_reading_properties(separation, weight):
    reading = kl_fit_reading(separation, weight)
    f, r = reading.forward, reading.reverse
    assert np.all(reading.p > 0) and reading.p.sum() == pytest.approx(1.0)
    assert min(f.kl_pq, f.kl_qp, r.kl_pq, r.kl_qp) >= -1e-12  # Gibbs' inequality
    # Each fit is the best in its own direction.
    assert f.kl_pq <= r.kl_pq + 1e-12 and r.kl_qp <= f.kl_qp + 1e-12
    assert f.kl_pq == pytest.approx(reading.forward_profile.min())
    assert r.kl_qp == pytest.approx(reading.reverse_profile.min())
    mirrored = kl_fit_reading(separation, 1 - weight)  # swapping the bumps mirrors the target
    # (1 - weight) is not exactly representable: compare with an absolute tolerance.
    np.testing.assert_allclose(mirrored.p, reading.p[::-1], rtol=1e-9, atol=1e-15)
    assert mirrored.forward.kl_pq == pytest.approx(f.kl_pq, abs=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"separation": -0.1, "weight": 0.5}, ValueError, "separation"),
        ({"separation": 5.5, "weight": 0.5}, ValueError, "separation"),
        ({"separation": float("nan"), "weight": 0.5}, ValueError, "separation"),
        ({"separation": "3", "weight": 0.5}, TypeError, "separation"),
        ({"separation": True, "weight": 0.5}, TypeError, "separation"),
        ({"separation": 3.0, "weight": 1.2}, ValueError, "weight"),
        ({"separation": 3.0, "weight": None}, TypeError, "weight"),
    ],
)
def test_reading_rejects_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=f"`{name}`"):
        kl_fit_reading(**kwargs)


def test_compute_is_pure_and_draws_nothing():
    before = pyplot_figure_count()
    reading = KLFitExplorer.compute(separation=5.0, weight=0.6)
    assert reading.reverse.mu == kl_fit_reading(5.0, 0.6).reverse.mu
    assert pyplot_figure_count() == before


def test_readings_are_kept_and_cannot_be_changed():
    reading = kl_fit_reading(4.0, 0.7)
    assert kl_fit_reading(4.0, 0.7) is reading  # a slider dragged back finds it done
    for array in (reading.p, reading.grid, reading.centres, reading.forward.q,
                  reading.forward_profile, reading.reverse_profile):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1.0


# --- the explorer: its lines, markers and caption ------------------------------------

def test_the_explorer_draws_the_fits_and_their_landscapes():
    explorer = KLFitExplorer(separation=5.0, weight=0.6)
    reading = explorer.update(separation=2.0)
    p_line, forward_line, reverse_line = explorer.fit_lines
    np.testing.assert_allclose(p_line.get_ydata(), target(2.0, 0.6), rtol=1e-9, atol=1e-300)
    for line, fit in ((forward_line, reading.forward), (reverse_line, reading.reverse)):
        np.testing.assert_allclose(line.get_ydata(), discretised_gaussian(fit.mu, fit.sigma), rtol=1e-9)
    np.testing.assert_allclose(explorer.forward_profile.get_ydata(),
                               np.minimum(reading.forward_profile, 1.05 * kl.KL_TOP))
    assert explorer.reverse_marker.get_data() == ([reading.reverse.mu], [reading.reverse.kl_qp])
    assert explorer.forward_marker.get_data() == ([reading.forward.mu], [reading.forward.kl_pq])


def test_the_caption_gives_both_fits_and_their_divergences():
    explorer = KLFitExplorer(separation=5.0, weight=0.6)
    caption = explorer.describe(explorer.reading)
    p = target(5.0, 0.6)
    forward = scipy.stats.entropy(p, discretised_gaussian(-0.5, 2.55))
    reverse = scipy.special.rel_entr(discretised_gaussian(-2.5, 0.6), p).sum()
    mean = p @ kl.GRID
    sd = math.sqrt(p @ (kl.GRID - mean) ** 2)
    assert f"bumps at -2.5 and +2.5 with weights 0.60 and 0.40 (mean {mean:.2f}, sd {sd:.2f})" in caption
    assert f"forward N(-0.5, 2.55²) with KL(p||q) = {forward:.3f} nats (blue, solid)" in caption
    assert f"reverse N(-2.5, 0.60²) with KL(q||p) = {reverse:.3f} nats (vermillion, dashed)" in caption
    caption = explorer.describe(explorer.update(separation=0.0))
    assert "a single bump at 0 (mean +0.00, sd 0.60), and" in caption  # no "-0.00"
    assert "forward N(+0.0, 0.60²) with KL(p||q) = 0.000 nats" in caption  # no "-0.000"


@pytest.mark.parametrize(("separation", "weight"), SLIDER_SETTINGS)
def test_everything_stays_inside_the_fixed_axes(separation, weight):
    reading = kl_fit_reading(separation, weight)
    top = max(reading.p.max(), reading.forward.q.max(), reading.reverse.q.max())
    assert top < 0.9 * kl.PROBABILITY_TOP  # below the static figure's two lines of text
    assert max(reading.forward.kl_pq, reading.reverse.kl_qp) < kl.KL_TOP


def test_the_explorer_refuses_a_bad_start():
    with pytest.raises(ValueError, match="weight"):
        KLFitExplorer(weight=-0.5)


def test_widget_has_a_slider_for_the_separation_and_the_weight():
    ipywidgets = pytest.importorskip("ipywidgets")
    controls, _ = KLFitExplorer(separation=5.0, weight=0.6).widget(web=False).children
    sliders = controls.children
    assert [s.description for s in sliders] == ["separation", "left weight"]
    assert all(isinstance(s, ipywidgets.FloatSlider) for s in sliders)
    assert [(s.min, s.max, s.step) for s in sliders] == [(0.0, kl.MAX_SEPARATION, 0.2), (0.0, 1.0, 0.05)]


# --- the static figure ---------------------------------------------------------------

def test_small_multiples():
    settings = [(0.0, 0.5), (3.4, 0.5), (5.0, 0.6)]
    fig = kl_fit_small_multiples(settings, title="Where the fits go")
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert len(shown) == 3 and not fig.axes[3].get_visible()
    for ax, (separation, weight) in zip(shown, settings, strict=True):
        reading = kl_fit_reading(separation, weight)
        assert f"KL(p‖q) = {abs(reading.forward.kl_pq):.3f}" in ax.get_title()  # no "-0.000"
        np.testing.assert_allclose(ax.lines[2].get_ydata(), reading.reverse.q)
        assert [t.get_text() for t in ax.texts] == [
            f"forward N({reading.forward.mu + 0.0:+.1f}, {reading.forward.sigma:.2f}²)",
            f"reverse N({reading.reverse.mu + 0.0:+.1f}, {reading.reverse.sigma:.2f}²)"]
    assert len(fig.legends) == 1 and pyplot_figure_count() == 0


@pytest.mark.parametrize(
    ("settings", "error", "fragment"),
    [([], TypeError, "`settings`"), ("ab", TypeError, "`settings`"),
     ([(1.0,)], ValueError, "pairs"), ([(9.0, 0.5)], ValueError, "`separation`")],
)
def test_small_multiples_rejects_bad_settings(settings, error, fragment):
    with pytest.raises(error, match=fragment):
        kl_fit_small_multiples(settings)
