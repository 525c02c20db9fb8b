"""The cross-department view: whose activities drive whose outcomes.

``contribution[d1][d2]`` is the priority-weighted influence of department
``d1``'s activities on department ``d2``'s outcomes and impacts:
``sum over a in d1, o in d2 of priority(o) * influence(a, o)``; boxes with no
department count under ``(none)``.  A *shared outcome* is an outcome or
impact reached by the activities of two or more departments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from toc.analysis.arrays import Floats, GraphArrays, graph_arrays, path_sums_forward, stage_mask
from toc.analysis.priorities import priorities
from toc.model import RESULT_STAGES, LogicModel

__all__ = ["NO_DEPARTMENT", "DepartmentView", "SharedOutcome", "department_view"]

NO_DEPARTMENT = "(none)"


@dataclass(frozen=True)
class SharedOutcome:
    """An outcome reached by two or more departments, with each one's influence."""

    id: str
    departments: dict[str, float]


@dataclass(frozen=True)
class DepartmentView:
    """The department x department contribution matrix and the shared outcomes."""

    contribution: dict[str, dict[str, float]]
    shared: list[SharedOutcome]
    shared_count: int


def _owners(model: LogicModel) -> list[str]:
    return [node.department or NO_DEPARTMENT for node in model.nodes]


def department_view(
    model: LogicModel,
    weights: Mapping[str, float] | None = None,
    graph: GraphArrays | None = None,
    limit: int | None = None,
) -> DepartmentView:
    """The contribution matrix (departments with activities, in model order) and shared outcomes.

    ``limit`` keeps the first shared outcomes in model order; ``shared_count`` counts all.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "departments": [{"id": "hou", "label": "Housing"}, {"id": "eco", "label": "Economy"}],
    ...     "nodes": [{"id": "a", "label": "A", "stage": "activity", "department": "hou"},
    ...               {"id": "b", "label": "B", "stage": "activity", "department": "eco"},
    ...               {"id": "work", "label": "Work", "stage": "outcome", "priority": 1,
    ...                "department": "eco"}],
    ...     "links": [{"from": "a", "to": "work", "weight": 0.5},
    ...               {"from": "b", "to": "work", "weight": 0.25}]})
    >>> v = department_view(m)
    >>> v.contribution
    {'hou': {'eco': 0.5}, 'eco': {'eco': 0.25}}
    >>> v.shared
    [SharedOutcome(id='work', departments={'eco': 0.25, 'hou': 0.5})]
    """
    graph = graph_arrays(model) if graph is None else graph
    chosen = priorities(model).weights if weights is None else weights
    owners = _owners(model)
    activity = np.flatnonzero(stage_mask(graph, "activity"))
    names = list(dict.fromkeys(owners[i] for i in activity))
    if not names:
        return DepartmentView({}, [], 0)
    unit = np.zeros((graph.size, len(names)))
    unit[activity, [names.index(owners[i]) for i in activity]] = 1.0
    net = path_sums_forward(graph, unit, key="w")
    reach = path_sums_forward(graph, unit, np.abs(graph.weight), key="abs")
    matrix: dict[str, dict[str, float]] = {d: {} for d in names}
    for node_id, weight in chosen.items():
        i = graph.index[node_id]
        for j, d in enumerate(names):
            if reach[i, j] > 0:
                row = matrix[d]
                row[owners[i]] = row.get(owners[i], 0.0) + weight * float(net[i, j])
    shared, count = _shared(graph, names, net, reach, limit)
    return DepartmentView(matrix, shared, count)


def _shared(
    graph: GraphArrays, names: list[str], net: Floats, reach: Floats, limit: int | None
) -> tuple[list[SharedOutcome], int]:
    valued = np.flatnonzero(stage_mask(graph, *RESULT_STAGES))
    many = valued[(reach[valued] > 0).sum(axis=1) >= 2]
    alphabetical = sorted(range(len(names)), key=names.__getitem__)
    shared = [
        SharedOutcome(
            graph.ids[i],
            {names[j]: float(net[i, j]) for j in alphabetical if reach[i, j] > 0},
        )
        for i in many[:limit].tolist()
    ]
    return shared, int(many.size)
