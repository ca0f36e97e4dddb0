"""Hypothesis strategies and the agreement check shared by the tests against Keras.

Both sides of a comparison receive the same NumPy arrays; ``assert_agrees``
then wants the same shape, the same dtype, values within rtol = atol = 1e-5,
and no NaN on the lossutils side.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

TOL = dict(rtol=1e-5, atol=1e-5)
DTYPES = st.sampled_from([np.float32, np.float64])


def assert_agrees(ours, theirs):
    assert not np.isnan(ours).any(), f"NaN in {ours}"  # allclose would let NaN == NaN pass
    theirs = np.asarray(theirs)
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
    np.testing.assert_allclose(ours, theirs, **TOL)


def keras_value(name, *args, **kwargs):
    """``keras.losses.<name>(*args, **kwargs)`` as a NumPy array."""
    import keras

    return np.asarray(getattr(keras.losses, name)(*args, **kwargs))


def shapes(min_rank=1, max_rank=3, min_last=1, max_last=6):
    """Batch shapes: up to two leading axes of size 1-4 and a last axis."""
    return st.tuples(
        st.lists(st.integers(1, 4), min_size=min_rank - 1, max_size=max_rank - 1),
        st.integers(min_last, max_last),
    ).map(lambda t: tuple(t[0]) + (t[1],))


def floats_for(dtype, lo, hi, extremes=()):
    """Finite floats of ``dtype`` in [lo, hi], with the listed extremes drawn often."""
    width = 32 if dtype == np.float32 else 64
    body = st.floats(lo, hi, width=width, allow_subnormal=False)
    return st.one_of(st.sampled_from(extremes), body) if extremes else body


@st.composite
def pair(draw, kind, min_last=1, shape=None, min_rank=1):
    """(y_true, y_pred) of one shape and dtype for a family of losses."""
    dtype = draw(DTYPES)
    shape = shape or draw(shapes(min_rank=min_rank, min_last=min_last))
    elements = {
        "real": (floats_for(dtype, -3000, 3000, (0.0, 1000.0, -1000.0)),) * 2,
        "probability": (floats_for(dtype, 0, 1, (0.0, 1.0)),) * 2,
        "logits": (floats_for(dtype, 0, 1, (0.0, 1.0)), floats_for(dtype, -100, 100, (-100.0, 100.0, 0.0))),
        "counts": (floats_for(dtype, 0, 3000, (0.0, 1000.0)), floats_for(dtype, 0, 3000, (0.0, 1.0))),
    }[kind]
    y_true = draw(hnp.arrays(dtype, shape, elements=elements[0]))
    y_pred = draw(hnp.arrays(dtype, shape, elements=elements[1]))
    return y_true, y_pred


def zero_rows(draw, x):
    """Sometimes replaces a row of ``x`` with a zero vector."""
    if draw(st.booleans()):
        x = x.copy()
        x.reshape(-1, x.shape[-1])[0] = 0
    return x
