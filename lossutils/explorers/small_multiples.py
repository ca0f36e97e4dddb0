"""Small multiples: the same picture for several inputs, side by side, for readers without a kernel.

Each explorer has a static figure that draws its picture for a few settings in a grid; these
read the settings (vectors of the same length, each with a name) and lay out the grid.
"""

from __future__ import annotations

from .._validation import check_nonempty_sequence
from ..plotting import new_figure

__all__ = ["read_sets", "panel_grid"]


def read_sets(sets, name: str, read, names, default_name: str) -> tuple[list, list[str]]:
    """The readings of a small-multiples figure's vectors, and a name for each.

    Args:
        sets: a non-empty sequence of vectors, all of the same length.
        name: the argument's name, for error messages.
        read: turns one vector into a reading with an ``n_classes``.
        names: one name per vector, or None for ``"<default_name> 1"``, ...
        default_name: what one vector is called by default, e.g. ``"container"``.

    Returns:
        ``(readings, names)``.
    """
    check_nonempty_sequence(sets, name, "vectors")
    readings = [read(vector) for vector in sets]
    sizes = [r.n_classes for r in readings]
    if len(set(sizes)) > 1:
        raise ValueError(
            f"`{name}` must all have the same number of outcomes; received lengths {sizes}."
        )
    if names is None:
        return readings, [f"{default_name} {i + 1}" for i in range(len(readings))]
    if len(names) != len(readings):
        raise ValueError(
            f"`names` must have one entry per vector of `{name}` ({len(readings)}); "
            f"received {len(names)}."
        )
    return readings, list(names)


def panel_grid(n_panels: int, title: str | None):
    """A figure of ``n_panels`` small multiples (2 or 3 columns); returns ``(fig, axes)``.

    Cells of the grid beyond ``n_panels`` are hidden and left out of ``axes``.
    """
    ncols = 2 if n_panels <= 4 else 3
    nrows = -(-n_panels // ncols)
    fig, axes = new_figure(nrows, ncols, height=2.8 * nrows, title=title)
    for ax in axes[n_panels:]:
        ax.set_visible(False)
    return fig, axes[:n_panels]
