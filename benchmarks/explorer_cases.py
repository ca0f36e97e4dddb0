"""What the explorer benchmark does with each explorer class, keyed by class name.

run.py benchmarks every ``Explorer`` subclass that ``lossutils.explorers``
exports and stops with an error when one has no entry here, so a new explorer
cannot go untimed. A case gives the constructor arguments and a sequence of
``update()`` parameters, cycled as a slider drag would; at least two of them
must differ, because run.py checks that an update changes the pixels.
"""

from __future__ import annotations

import dataclasses
from typing import Any


@dataclasses.dataclass(frozen=True)
class ExplorerCase:
    name: str
    init: dict[str, Any]
    updates: list[dict[str, Any]]


EXPLORER_CASES: dict[str, list[ExplorerCase]] = {
    # Two shapes and four take different drawing paths (curve and marker, stacked bar).
    "EntropyExplorer": [
        ExplorerCase(
            "2 shapes",
            {"weights": (26, 4)},
            [{"weights": (w, 30 - w)} for w in range(31)],
        ),
        ExplorerCase(
            "4 shapes",
            {"weights": (8, 4, 2, 2), "max_weight": 20},
            [{"weights": (8, 4, 2, w)} for w in range(21)],
        ),
    ],
}
