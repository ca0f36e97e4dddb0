"""What the explorer benchmark does with each explorer class, keyed by class name.

run.py benchmarks every ``Explorer`` subclass that ``lossutils.explorers``
exports and stops with an error when one has no entry here, so a new explorer
cannot go untimed. A case gives the constructor arguments and a sequence of
``update()`` parameters, cycled as a slider drag would; at least two of them
must differ, because run.py checks that an update changes the pixels. The
slider rows drag the slider labelled ``slider`` (the one the updates move) in
``widget()`` of the explorer built with ``init``, and the new-figure rows the
same slider with a new explorer per change (benchmarks/new_figure.py). The
benchmarks reach the sliders only as a reader does, through ``widget()``'s box:
``sliders`` finds them and ``slider_named`` picks the case's one by its label.
"""

from __future__ import annotations

import dataclasses
from typing import Any


@dataclasses.dataclass(frozen=True)
class ExplorerCase:
    name: str
    init: dict[str, Any]
    updates: list[dict[str, Any]]
    slider: str  # the description of the slider that the slider rows drag


def sliders(widget) -> list:
    """The sliders inside a widget box, in order."""
    children = getattr(widget, "children", ())
    if not children and hasattr(widget, "min") and hasattr(widget, "max"):
        return [widget]
    return [s for child in children for s in sliders(child)]


def slider_named(candidates, case: ExplorerCase) -> Any:
    """The slider among ``candidates`` whose description is ``case.slider``."""
    found = [s for s in candidates if getattr(s, "description", None) == case.slider]
    if len(found) != 1:
        raise LookupError(f"case {case.name!r}: {len(found)} sliders are labelled {case.slider!r}, "
                          f"not 1; the labels are {[s.description for s in candidates]}")
    return found[0]


EXPLORER_CASES: dict[str, list[ExplorerCase]] = {
    # Two shapes and four take different drawing paths (curve and marker, stacked bar).
    "EntropyExplorer": [
        ExplorerCase(
            "2 shapes",
            {"weights": (26, 4)},
            [{"weights": (w, 30 - w)} for w in range(31)],
            "triangles",
        ),
        ExplorerCase(
            "4 shapes",
            {"weights": (8, 4, 2, 2), "max_weight": 20},
            [{"weights": (8, 4, 2, w)} for w in range(21)],
            "stars",
        ),
    ],
    # Dragging one logit slider (the true class fixed, as during a drag), with 4 and 8 classes.
    "SoftmaxExplorer": [
        ExplorerCase(
            "4 classes, drag the dog logit",
            {"logits": (3.2, 1.3, 0.2, 0.8)},
            [{"logits": (z / 10, 1.3, 0.2, 0.8)} for z in range(-60, 61, 4)],
            "dog",
        ),
        ExplorerCase(
            "8 classes, drag the true class's logit",
            {"logits": (1.0, -1.0, 0.5, 2.0, 0.0, 0.0, 1.0, 3.0), "target": 7},
            # Downwards: at the bottom of the range the class's bar is too small for a step to
            # change a pixel, and run.py checks that the first two updates do.
            [{"logits": (1.0, -1.0, 0.5, 2.0, 0.0, 0.0, 1.0, z / 10)} for z in range(60, -61, -4)],
            "7",
        ),
    ],
    # Dragging each slider across its range: both fits are searched again at every step.
    "KLFitExplorer": [
        ExplorerCase(
            "drag the separation",
            {"separation": 5.0, "weight": 0.6},
            [{"separation": s / 5} for s in range(26)],
            "separation",
        ),
        ExplorerCase(
            "drag the left weight",
            {"separation": 5.0, "weight": 0.6},
            [{"weight": w / 20} for w in range(21)],
            "left weight",
        ),
    ],
    # Dragging the prediction, then the smoothing (which moves every curve and line).
    "BinaryCrossentropyExplorer": [
        ExplorerCase(
            "drag the prediction",
            {"target": 1.0, "label_smoothing": 0.1, "prediction": 0.8},
            [{"prediction": p / 100} for p in range(1, 100, 3)],
            "prediction p",
        ),
        ExplorerCase(
            "drag the label smoothing",
            {"target": 1.0, "label_smoothing": 0.0, "prediction": 0.8},
            [{"label_smoothing": ls / 100} for ls in range(0, 51, 2)],
            "label smoothing",
        ),
    ],
    # Huber's delta moves two curves and a title; the target moves the right panel's three.
    "RegressionLossExplorer": [
        ExplorerCase(
            "drag Huber's delta",
            {"delta": 1.0, "target": 3.0},
            [{"delta": d / 10} for d in range(1, 31, 2)],
            "Huber δ",
        ),
        ExplorerCase(
            "drag the target",
            {"delta": 1.0, "target": 3.0},
            [{"target": t / 2} for t in range(1, 17)],
            "target",
        ),
    ],
    # Turning the prediction moves two arrows, two markers and a line; stretching it, the arrows.
    "CosineExplorer": [
        ExplorerCase(
            "turn the prediction",
            {"angle": 60.0, "length": 1.0},
            [{"angle": float(a)} for a in range(0, 181, 10)],
            "angle (°)",
        ),
        ExplorerCase(
            "stretch the prediction",
            {"angle": 60.0, "length": 1.0},
            [{"length": n / 10} for n in range(2, 21)],
            "length |b|",
        ),
    ],
    # Dragging one example's score moves a marker on each of eight curves (two panels).
    "MarginExplorer": [
        ExplorerCase(
            "drag the score, label +1",
            {"score": 0.5, "label": 1},
            [{"score": s / 10} for s in range(-30, 31, 3)],
            "score s",
        ),
        ExplorerCase(
            "drag the score, label -1",
            {"score": 0.5, "label": -1},
            [{"score": s / 10} for s in range(-30, 31, 3)],
            "score s",
        ),
    ],
    # Dragging the point refits three lines; dragging delta also recomputes the slope curves.
    "OutlierTugExplorer": [
        ExplorerCase(
            "drag the point",
            {"outlier": 20.0, "delta": 1.0},
            [{"outlier": h / 2} for h in range(-20, 61, 4)],
            "dragged point y",
        ),
        ExplorerCase(
            "drag Huber's delta",
            {"outlier": 20.0, "delta": 1.0},
            [{"delta": d / 10} for d in range(2, 51, 3)],
            "Huber δ",
        ),
    ],
    # Gamma recomputes the focal curve and the batch's split; p_t moves only the marker.
    "FocalExplorer": [
        ExplorerCase(
            "drag gamma",
            {"gamma": 2.0, "p_t": 0.9},
            [{"gamma": g / 10} for g in range(0, 51, 2)],
            "gamma γ",
        ),
        ExplorerCase(
            "drag p_t",
            {"gamma": 2.0, "p_t": 0.9},
            [{"p_t": p / 100} for p in range(1, 100, 4)],
            "p_t (true class)",
        ),
    ],
    # Every change reruns the epoch: ten steps at batch size 32, forty at 8.
    "EpochLossExplorer": [
        ExplorerCase(
            "drag the learning rate",
            {"learning_rate": 0.1, "batch_size": 32},
            [{"learning_rate": r / 100} for r in range(1, 51, 2)],
            "learning rate",
        ),
    ],
    # The threshold moves two lines, two markers and the title; the histogram and the
    # curves stay in the cached picture (they change only with the model).
    "ThresholdExplorer": [
        ExplorerCase(
            "drag the threshold",
            {"threshold": 0.5, "model": "hinge"},
            [{"threshold": t / 20} for t in range(-20, 21)],
            "threshold t",
        ),
    ],
}
