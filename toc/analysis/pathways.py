"""The pathways that explain a score: the top k paths by contribution.

A path's contribution is the product of its link weights, times the
priority of the outcome it ends at when it explains a driver score.  The k
largest (by absolute value) are found by a best-first search whose bound is
exact: ``best(v)``, the largest absolute contribution of any path from ``v``
to an end, computed for every node in one pass over the graph by height.
Each step of the search therefore extends a path that really reaches the
bound, and the search stops after k complete paths without listing the
others (their number can grow exponentially).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from toc.analysis.arrays import Floats, GraphArrays, graph_arrays, node_index
from toc.analysis.influence import priority_vector
from toc.analysis.priorities import priorities
from toc.model import LogicModel

__all__ = [
    "Pathway",
    "best_reach",
    "explaining_pathways",
    "pathway_text",
    "pathways",
    "top_pathways",
]


@dataclass(frozen=True)
class Pathway:
    """One path: its nodes, its link weights, their product, the priority it ends at
    and its contribution (product times priority)."""

    nodes: list[str]
    weights: list[float]
    product: float
    priority: float
    contribution: float


def best_reach(graph: GraphArrays, end_value: Floats) -> Floats:
    """For each node, the largest ``|product of weights| * end_value[end]`` over its paths."""
    best = np.abs(end_value).astype(np.float64)
    by_height = np.argsort(graph.height[graph.source], kind="stable")
    levels = graph.height[graph.source][by_height]
    bounds = np.searchsorted(levels, np.arange(1, int(graph.height.max(initial=0)) + 2))
    for start, stop in pairwise(bounds.tolist()):
        links = by_height[start:stop]
        candidate = np.abs(graph.weight[links]) * best[graph.target[links]]
        np.maximum.at(best, graph.source[links], candidate)
    return best


def _weights_along(graph: GraphArrays, path: tuple[int, ...]) -> list[float]:
    by_source, starts = graph.out_links()
    weights = []
    for here, there in pairwise(path):
        links = by_source[starts[here] : starts[here + 1]]
        link = links[graph.target[links] == there][0]
        weights.append(float(graph.weight[link]))
    return weights


def top_pathways(
    graph: GraphArrays, source: int, end_value: Floats, k: int, best: Floats | None = None
) -> list[Pathway]:
    """The ``k`` paths from node ``source`` with the largest ``|product| * end_value[end]``."""
    bound_of = best_reach(graph, end_value) if best is None else best
    by_source, starts = graph.out_links()
    heap: list[tuple[float, int, tuple[int, ...], float, bool]] = [
        (-float(bound_of[source]), 0, (source,), 1.0, False)
    ]
    found: list[Pathway] = []
    pushed = 1
    while heap and len(found) < k:
        bound, _, path, product, done = heapq.heappop(heap)
        last = path[-1]
        if bound == 0:
            break
        if done:
            end = float(end_value[last])
            ids, weights = [graph.ids[i] for i in path], _weights_along(graph, path)
            found.append(Pathway(ids, weights, product, end, product * end))
            continue
        if end_value[last] != 0 and last != source:
            ending = (-abs(product * float(end_value[last])), pushed, path, product, True)
            heapq.heappush(heap, ending)
            pushed += 1
        links = by_source[starts[last] : starts[last + 1]]
        bounds = bound_of[graph.target[links]].tolist()
        for w, nxt, b in zip(
            graph.weight[links].tolist(), graph.target[links].tolist(), bounds, strict=True
        ):
            heapq.heappush(heap, (-abs(product * w) * b, pushed, (*path, nxt), product * w, False))
            pushed += 1
    return found


def pathways(model: LogicModel, source: str, target: str, k: int = 3) -> list[Pathway]:
    """The ``k`` paths from ``source`` to ``target`` with the largest absolute weight product.

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
    >>> [(p.nodes, round(p.contribution, 6)) for p in pathways(m, "a", "o")]
    [(['a', 'o'], 0.3), (['a', 'b', 'o'], -0.2)]
    """
    graph = graph_arrays(model)
    end = np.zeros(graph.size)
    end[node_index(graph, target)] = 1.0
    return top_pathways(graph, node_index(graph, source), end, k)


def explaining_pathways(
    model: LogicModel, source: str, k: int = 3, weights: Mapping[str, float] | None = None
) -> list[Pathway]:
    """The ``k`` paths that contribute most to ``source``'s driver score (any priority end).

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "a", "label": "A", "stage": "activity"},
    ...               {"id": "o", "label": "O", "stage": "outcome", "priority": 1},
    ...               {"id": "i", "label": "I", "stage": "impact", "priority": 3}],
    ...     "links": [{"from": "a", "to": "o", "weight": 0.8},
    ...               {"from": "o", "to": "i", "weight": 0.5}]})
    >>> [(p.nodes, round(p.contribution, 6)) for p in explaining_pathways(m, "a")]
    [(['a', 'o', 'i'], 0.3), (['a', 'o'], 0.2)]
    """
    graph = graph_arrays(model)
    chosen = priorities(model).weights if weights is None else weights
    return top_pathways(graph, node_index(graph, source), priority_vector(graph, chosen), k)


def pathway_text(pathway: Pathway, labels: Mapping[str, str] | None = None) -> str:
    """A pathway in words, with its arithmetic: for "show me why" in reports and the app.

    ``labels`` maps node ids to what to call them (by default the ids).

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "a", "label": "Mentoring", "stage": "activity"},
    ...               {"id": "b", "label": "Sessions", "stage": "output"},
    ...               {"id": "o", "label": "In work", "stage": "outcome", "priority": 1}],
    ...     "links": [{"from": "a", "to": "b", "weight": 0.9},
    ...               {"from": "b", "to": "o", "weight": -0.5}]})
    >>> labels = {n.id: n.label for n in m.nodes}
    >>> print(pathway_text(explaining_pathways(m, "a")[0], labels))
    Mentoring → Sessions (0.9) → In work (-0.5): 0.9 × -0.5 = -0.450; × priority 1.000 = -0.450
    """
    name = (lambda node: labels.get(node, node)) if labels else (lambda node: node)
    words = [name(pathway.nodes[0])]
    words += [f"{name(n)} ({w:g})" for n, w in zip(pathway.nodes[1:], pathway.weights, strict=True)]
    product = " × ".join(f"{w:g}" for w in pathway.weights)
    return (
        f"{' → '.join(words)}: {product} = {pathway.product:.3f}; "
        f"× priority {pathway.priority:.3f} = {pathway.contribution:.3f}"
    )
