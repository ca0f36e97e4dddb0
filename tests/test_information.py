"""lossutils.information agrees with scipy.stats.entropy (any base) and with Keras where they overlap."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lossutils import information

BASES = st.sampled_from([None, 2, 10, np.e, 0.5, 3.7])


@st.composite
def distributions(draw, n_dists=1, allow_zeros=True, min_outcomes=1):
    """One or more distributions over the same outcomes, as a stacked array."""
    k = draw(st.integers(min_outcomes, 8))
    rows = draw(st.integers(1, 4))
    weight = st.floats(0.0 if allow_zeros else 1e-3, 1.0)
    out = []
    for _ in range(n_dists):
        w = draw(hnp.arrays(np.float64, (rows, k), elements=weight))
        w[:, 0] += 1e-3 * (w.sum(axis=1) == 0)  # at least one outcome possible
        out.append(w / w.sum(axis=1, keepdims=True))
    return out


@given(ps=distributions(), base=BASES)
def test_entropy_matches_scipy(ps, base):
    (p,) = ps
    np.testing.assert_allclose(information.entropy(p, base=base),
                               scipy.stats.entropy(p, base=base, axis=-1), rtol=1e-10, atol=1e-12)


@given(ps=distributions(n_dists=2), base=BASES)
def test_kl_matches_scipy_and_cross_entropy_decomposes(ps, base):
    p, q = ps
    kl = information.kl_divergence(p, q, base=base)
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(kl, scipy.stats.entropy(p, q, base=base, axis=-1), rtol=1e-10, atol=1e-12)
    ce = information.cross_entropy(p, q, base=base)
    finite = np.isfinite(ce)
    np.testing.assert_allclose(ce[finite], (information.entropy(p, base=base) + kl)[finite],
                               rtol=1e-9, atol=1e-9)
    assert np.array_equal(finite, np.isfinite(kl)), "CE is infinite exactly where KL is"
    assert np.all(information.kl_divergence(p, q) >= -1e-12), "Gibbs' inequality (in nats)"


@given(ps=distributions(allow_zeros=False, min_outcomes=2), dtype=st.sampled_from([np.float32, np.float64]))
def test_entropy_equals_keras_cross_entropy_of_p_with_itself(ps, dtype):
    keras = pytest.importorskip("keras")
    (p,) = ps
    p = p.astype(dtype)
    np.testing.assert_allclose(information.entropy(p), keras.losses.categorical_crossentropy(p, p),
                               rtol=1e-5, atol=1e-5)


@given(ps=distributions(n_dists=2, allow_zeros=False, min_outcomes=2))
def test_cross_entropy_and_kl_match_keras_in_nats(ps):
    keras = pytest.importorskip("keras")
    p, q = ps  # every entry >= 1e-3 / 8, so Keras's clipping to [1e-7, 1] changes nothing
    np.testing.assert_allclose(information.cross_entropy(p, q),
                               keras.losses.categorical_crossentropy(p, q), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(information.kl_divergence(p, q),
                               keras.losses.kl_divergence(p, q), rtol=1e-5, atol=1e-5)


@given(z=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5),
                    elements=st.floats(-1000, 1000)))
def test_activations_match_scipy_and_stay_finite(z):
    np.testing.assert_allclose(information.softmax(z), scipy.special.softmax(z, axis=-1),
                               rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(information.log_softmax(z), scipy.special.log_softmax(z, axis=-1),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(information.sigmoid(z), scipy.special.expit(z), rtol=1e-12, atol=1e-300)
    assert np.all(np.isfinite(information.log_softmax(z)))


def test_bits_and_nats_convert_by_ln2():
    p = [0.2, 0.3, 0.5]
    assert information.entropy(p, base=2) == pytest.approx(information.entropy(p) / np.log(2), rel=1e-14)
    assert information.binary_entropy(0.5, base=2) == pytest.approx(1.0)
    np.testing.assert_allclose(information.binary_entropy([0.1, 0.7]),
                               information.entropy([[0.1, 0.9], [0.7, 0.3]]), rtol=1e-14)


def test_uniform_distribution_has_the_largest_entropy():
    rng = np.random.default_rng(0)
    for k in (2, 3, 10):
        others = rng.dirichlet(np.ones(k), size=200)
        assert np.all(information.entropy(others) <= np.log(k) + 1e-12)
        assert information.entropy(np.full(k, 1 / k)) == pytest.approx(np.log(k))


def test_impossible_events_give_infinity_not_nan():
    assert information.information_content(0.0) == np.inf
    assert information.kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert information.cross_entropy([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert information.kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(np.log(2))


def test_float32_input_stays_float32():
    p = np.array([0.25, 0.75], np.float32)
    assert information.entropy(p).dtype == np.float32
    assert information.softmax(p).dtype == np.float32
    assert information.entropy([0.25, 0.75]).dtype == np.float64
