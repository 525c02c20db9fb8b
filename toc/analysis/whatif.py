"""What if we stopped (or scaled) an activity or an input?

*Support* of an outcome here is its level when every box without incoming
links (usually the inputs) runs at level 1 and levels flow along the
links: ``support(v) = sum_r influence(r, v)`` over those root boxes ``r``.
Scaling a box by ``f`` multiplies every link out of it by ``f``; removing
it is scaling by 0.  The report gives each priority outcome's support before
and after, and the priority-weighted total.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from toc.analysis.arrays import Floats, GraphArrays, graph_arrays, path_sums_forward
from toc.analysis.priorities import priorities
from toc.errors import TocError
from toc.model import LogicModel

__all__ = ["OutcomeChange", "WhatIf", "WhatIfError", "what_if", "what_if_from"]


class WhatIfError(TocError):
    """A what-if names a box that is not there, or a factor that makes no sense."""


@dataclass(frozen=True)
class OutcomeChange:
    """A priority outcome's support before and after the change."""

    id: str
    priority: float
    before: float
    after: float
    change: float


@dataclass(frozen=True)
class WhatIf:
    """The change asked for, each priority outcome's support, and the weighted totals."""

    scaled: dict[str, float]
    outcomes: list[OutcomeChange]
    total_before: float
    total_after: float


def _factors(
    graph: GraphArrays, remove: Iterable[str], scale: Mapping[str, float]
) -> dict[str, float]:
    factors = {**dict.fromkeys(remove, 0.0), **scale}
    for node_id, factor in factors.items():
        if node_id not in graph.index:
            raise WhatIfError(f"what-if names {node_id!r}, which is not a node: check the id")
        if not 0 <= factor < math.inf:
            raise WhatIfError(
                f"what-if scales {node_id!r} by {factor}: use a factor of 0 or more "
                "(0 removes it, 0.5 halves it)"
            )
    return factors


def _support(graph: GraphArrays, weight: Floats | None) -> Floats:
    roots = np.ones(graph.size)
    roots[graph.target] = 0.0
    return path_sums_forward(graph, roots, weight, key=None if weight is not None else "w")


def what_if(
    model: LogicModel,
    remove: Iterable[str] = (),
    scale: Mapping[str, float] | None = None,
    weights: Mapping[str, float] | None = None,
) -> WhatIf:
    """Support of each priority outcome before and after removing or scaling boxes.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "grant", "label": "Grant", "stage": "input"},
    ...               {"id": "a", "label": "A", "stage": "activity"},
    ...               {"id": "b", "label": "B", "stage": "activity"},
    ...               {"id": "o", "label": "O", "stage": "outcome", "priority": 1}],
    ...     "links": [{"from": "grant", "to": "a"}, {"from": "grant", "to": "b"},
    ...               {"from": "a", "to": "o", "weight": 0.6},
    ...               {"from": "b", "to": "o", "weight": 0.2}]})
    >>> w = what_if(m, remove=["a"])
    >>> round(w.total_before, 6), round(w.total_after, 6), w.outcomes[0].change
    (0.8, 0.2, -0.6)
    """
    chosen = priorities(model).weights if weights is None else weights
    return what_if_from(graph_arrays(model), chosen, remove, scale or {})


def what_if_from(
    graph: GraphArrays,
    weights: Mapping[str, float],
    remove: Iterable[str] = (),
    scale: Mapping[str, float] | None = None,
) -> WhatIf:
    """:func:`what_if` on arrays already built."""
    factors = _factors(graph, remove, scale or {})
    multiplier = np.ones(graph.size)
    for node_id, factor in factors.items():
        multiplier[graph.index[node_id]] = factor
    before = _support(graph, None)
    after = _support(graph, graph.weight * multiplier[graph.source])
    rows = []
    for node_id, weight in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])):
        i = graph.index[node_id]
        old, new = float(before[i]), float(after[i])
        rows.append(OutcomeChange(node_id, weight, old, new, round(new - old, 12)))
    total_before = sum(r.priority * r.before for r in rows)
    total_after = sum(r.priority * r.after for r in rows)
    return WhatIf(factors, rows, total_before, total_after)
