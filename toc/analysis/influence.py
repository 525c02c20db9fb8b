"""Influence and driver scores: which activities drive the priority outcomes.

``influence(a, o)`` is the sum, over every directed path from ``a`` to
``o``, of the product of the link weights on the path (Wright's path rule).
The driver score of ``a`` is ``sum_o priority(o) * influence(a, o)`` over the
outcomes and impacts, with priorities summing to 1.

Both come from one sparse triangular solve over the whole graph,
``x = (I - W)^-1 p``, never from enumerating paths: the score is that ``x``.
Gains and losses (the sums of the paths with positive and with negative
contributions) come from a second solve over the graph with every node split
in two, one copy per sign (:func:`~toc.analysis.arrays.signed_path_sums`), in
which nothing cancels.  So each of the three is exact to the solver's
precision, even where gain and loss are huge and the score small: 30 columns
of 4 boxes, each box linked to the next column's with weights 1, 1, -1, -1,
and a direct link of 0.3 (122 nodes) give an activity a gain and a loss of
about 5.8e17 each and a score of 0.3, which ``gain + loss`` rounds to 0.0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from toc.analysis.arrays import (
    STAGE_CODES,
    Floats,
    GraphArrays,
    graph_arrays,
    node_index,
    path_sums,
    path_sums_forward,
    signed_path_sums,
)
from toc.analysis.priorities import priorities
from toc.model import LogicModel

__all__ = [
    "Driver",
    "DriverArrays",
    "driver_arrays",
    "drivers",
    "influence",
    "influence_rows",
    "priority_vector",
    "ranked_drivers",
]

_COLUMNS_PER_SOLVE = 256


@dataclass(frozen=True)
class Driver:
    """One node's driver score, split into gain (>= 0) and loss (<= 0)."""

    id: str
    label: str
    stage: str
    score: float
    gain: float
    loss: float


@dataclass(frozen=True)
class DriverArrays:
    """Score, gain and loss of every node, indexed like the graph's nodes."""

    score: Floats
    gain: Floats
    loss: Floats
    reach: Floats


def priority_vector(graph: GraphArrays, weights: Mapping[str, float]) -> Floats:
    """Priorities as a vector over the graph's nodes (0 where none is given)."""
    vector = np.zeros(graph.size)
    for node_id, weight in weights.items():
        vector[node_index(graph, node_id)] = weight
    return vector


def driver_arrays(
    graph: GraphArrays, priority: Floats, weight: Floats | None = None
) -> DriverArrays:
    """Scores of every node at once: two sparse triangular solves.

    The score is the signed solve itself, not ``gain + loss``: the two
    sides can be far larger than their sum, which would then be lost to
    rounding.  ``reach`` is the sum of absolute path contributions
    (``gain - loss``): zero exactly when a node reaches no priority outcome.

    Examples
    --------
    >>> from toc.analysis.arrays import graph_arrays
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "a", "label": "A", "stage": "activity"},
    ...               {"id": "b", "label": "B", "stage": "output"},
    ...               {"id": "o", "label": "O", "stage": "outcome"}],
    ...     "links": [{"from": "a", "to": "b", "weight": 0.5},
    ...               {"from": "b", "to": "o", "weight": -0.4},
    ...               {"from": "a", "to": "o", "weight": 0.3}]})
    >>> d = driver_arrays(graph_arrays(m), np.array([0.0, 0.0, 1.0]))
    >>> [x.round(6).tolist()[0] for x in (d.score, d.gain, d.loss, d.reach)]
    [0.1, 0.3, -0.2, 0.5]
    """
    key = "w" if weight is None else None
    score = path_sums(graph, priority, weight, key=key)
    gain, loss = signed_path_sums(graph, priority, weight, key=key)
    return DriverArrays(score, gain, loss, gain - loss)


def ranked_drivers(
    model: LogicModel, graph: GraphArrays, scores: DriverArrays, stage: str = "activity"
) -> list[Driver]:
    """Nodes at ``stage`` as :class:`Driver` s, highest score first, ties by id."""
    picked = np.flatnonzero(graph.stage == STAGE_CODES[stage])
    score = scores.score[picked].tolist()
    ranked = sorted(range(picked.size), key=lambda j: (-score[j], graph.ids[picked[j]]))
    chosen = picked[ranked].tolist()
    gain, loss = scores.gain[chosen].tolist(), scores.loss[chosen].tolist()
    return [
        Driver(graph.ids[i], model.nodes[i].label, stage, score[j], gain[k], loss[k])
        for k, (i, j) in enumerate(zip(chosen, ranked, strict=True))
    ]


def drivers(
    model: LogicModel, weights: Mapping[str, float] | None = None, stage: str = "activity"
) -> list[Driver]:
    """Driver scores of every node at ``stage`` (activities, or inputs), best first.

    ``weights`` are outcome priorities; by default :func:`priorities` of the model.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "a", "label": "A", "stage": "activity"},
    ...               {"id": "b", "label": "B", "stage": "output"},
    ...               {"id": "o", "label": "O", "stage": "outcome", "priority": 1}],
    ...     "links": [{"from": "a", "to": "b", "weight": 0.5},
    ...               {"from": "b", "to": "o", "weight": -0.4},
    ...               {"from": "a", "to": "o", "weight": 0.3}]})
    >>> drivers(m)
    [Driver(id='a', label='A', stage='activity', score=0.0999..., gain=0.3, loss=-0.2)]
    >>> influence(m, ["a"])
    {'a': {'o': 0.0999...}}
    """
    graph = graph_arrays(model)
    chosen = priorities(model).weights if weights is None else weights
    scores = driver_arrays(graph, priority_vector(graph, chosen))
    return ranked_drivers(model, graph, scores, stage)


def influence_rows(
    graph: GraphArrays, sources: Iterable[str], weight: Floats | None = None
) -> dict[str, dict[str, float]]:
    """``influence(a, o)`` for each source ``a`` and each outcome or impact ``o`` it reaches.

    Solved a block of sources at a time, so memory stays bounded.
    """
    chosen = list(sources)
    valued = np.flatnonzero(graph.stage >= STAGE_CODES["outcome"])
    rows: dict[str, dict[str, float]] = {}
    for start in range(0, len(chosen), _COLUMNS_PER_SOLVE):
        block = chosen[start : start + _COLUMNS_PER_SOLVE]
        unit = np.zeros((graph.size, len(block)))
        unit[[node_index(graph, s) for s in block], np.arange(len(block))] = 1.0
        key = "w" if weight is None else None
        reached = path_sums_forward(graph, unit, weight, key=key)[valued]
        for column, source in enumerate(block):
            hit = np.flatnonzero(reached[:, column])
            rows[source] = {
                graph.ids[valued[i]]: float(reached[i, column])
                for i in hit
                if valued[i] != graph.index[source]
            }
    return rows


def influence(model: LogicModel, sources: Iterable[str]) -> dict[str, dict[str, float]]:
    """Influence of each of ``sources`` on every outcome and impact it reaches (zeros left out)."""
    return influence_rows(graph_arrays(model), sources)
