"""The pathways that explain a score: the top k paths by contribution.

A path's contribution is the product of its link weights, times the value of
the node it ends at (the priority of the outcome, when it explains a driver
score).  Paths are ranked by absolute contribution, largest first.

The search never lists all paths (their number can grow exponentially, and
does in a model whose columns are all linked to each other).  ``best(v)``,
the largest absolute contribution of any path from ``v`` to an end, is
computed for every node in one pass by height (:func:`best_reach`); a path
from the source that has reached ``v`` can therefore still reach at most its
*bound*, ``|product so far| * best(v)``.  Paths are grown best first by a
key that, besides the bound, says exactly where among equal contributions
the best path they can still become will stand (see *Ties*), so each step
extends a path towards the next answer and k answers take about k times the
depth of the model in steps, whatever the weights.

Ties
----
Paths of equal contribution come in the order in which earlier versions,
which grew every path of equal bound in turn, found them.  Spelled out: list
for each path the bounds of its parts, from the whole path, to the path
without its last link, and so on down to its first link alone, and compare
the lists item by item: the larger bound comes first, and a list that runs
out first (a shorter path) comes first.  When the lists are equal, the path
that, where the two part, takes the link listed earlier in the model comes
first.  With one end and equal weights every bound is the same, so that is:
fewer links first, then the model's order of links.

Rounding
--------
For ranking, a magnitude is multiplied from the end of the path back to its
start, ``|w1| * (|w2| * (... * |end|))``, the order in which ``best`` is
built, so that a bound is never below a path it bounds, not even in the last
bit, and the search is exact in floating point.  The ``product`` and
``contribution`` reported are multiplied from the start, as they are read;
two contributions equal but for rounding in the last bit may come in either
order of that bit.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np

from toc.analysis.arrays import Floats, GraphArrays, Ints, graph_arrays, node_index
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

_EPSILON = float(np.finfo(np.float64).eps)


@dataclass(frozen=True)
class Pathway:
    """One path: its nodes, its link weights, their product, the priority it ends at
    and its contribution (product times priority)."""

    nodes: list[str]
    weights: list[float]
    product: float
    priority: float
    contribution: float


@dataclass(frozen=True, slots=True)
class _Path:
    """A path from the source as the search holds it, with its rank among equal ones.

    ``bounds`` is minus the bound of this path and of each shorter part of
    it, longest first, then ``-inf`` for the start, as runs ``(value,
    count, ...)``; ``steps`` are the runs of the links taken (numbered from 1
    among their node's links, in the model's order), all but the ``last``,
    their counts coded by :func:`_coded`.  Runs keep the keys short however
    deep the path: along a best path the bound does not change.
    """

    node: int
    parent: _Path | None
    weight: float
    product: float
    bound: float
    bounds: tuple[float, ...]
    steps: tuple[int, ...]
    last: tuple[int, int]


def _link_levels(graph: GraphArrays) -> Iterator[Ints]:
    """Links grouped by the height of their source, lowest first."""
    by_height = np.argsort(graph.height[graph.source], kind="stable")
    levels = graph.height[graph.source][by_height]
    bounds = np.searchsorted(levels, np.arange(1, int(graph.height.max(initial=0)) + 2))
    for start, stop in pairwise(bounds.tolist()):
        yield by_height[start:stop]


def best_reach(graph: GraphArrays, end_value: Floats) -> Floats:
    """For each node, the largest ``|product of weights| * end_value[end]`` over its paths.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "a", "label": "A", "stage": "activity"},
    ...               {"id": "b", "label": "B", "stage": "output"},
    ...               {"id": "o", "label": "O", "stage": "outcome"}],
    ...     "links": [{"from": "a", "to": "b", "weight": 0.5},
    ...               {"from": "b", "to": "o", "weight": -0.4},
    ...               {"from": "a", "to": "o", "weight": 0.3}]})
    >>> best_reach(graph_arrays(m), np.array([0.0, 0.0, 2.0])).round(6).tolist()
    [0.6, 0.8, 2.0]
    """
    best = np.abs(end_value).astype(np.float64)
    for links in _link_levels(graph):
        candidate = np.abs(graph.weight[links]) * best[graph.target[links]]
        np.maximum.at(best, graph.source[links], candidate)
    return best


def _best_lengths(graph: GraphArrays, end_value: Floats, best: Floats) -> Ints:
    """For each node, the fewest links in a path from it that reaches ``best``.

    "Reaches" allows a relative shortfall a little above what rounding can
    cause over the deepest path, so the count never exceeds the length of a
    path that ties with the best once multiplied by the weights before it:
    the search's keys then never overtake what they stand for.
    """
    enough = best * (1.0 - 4 * _EPSILON * (int(graph.height.max(initial=0)) + 2))
    never = graph.size + 1
    length = np.where((end_value != 0) & (np.abs(end_value) >= enough), 0, never)
    for links in _link_levels(graph):
        target = graph.target[links]
        near = np.abs(graph.weight[links]) * best[target] >= enough[graph.source[links]]
        np.minimum.at(length, graph.source[links], np.where(near, length[target] + 1, never))
    return length.astype(np.int64)


def _cached_lengths(graph: GraphArrays, end_value: Floats, best: Floats) -> Ints:
    """:func:`_best_lengths`, reused while the same values and bounds are asked about."""
    held = graph._derived.get("pathway-lengths")
    if held is not None and np.array_equal(held[0], end_value) and np.array_equal(held[1], best):
        return held[2]
    length = _best_lengths(graph, end_value, best)
    graph._derived["pathway-lengths"] = (end_value.copy(), best.copy(), length)
    return length


def _back_to_start(path: _Path, value: float) -> float:
    """``value`` times the absolute weights of ``path``, multiplied from its end back."""
    while path.parent is not None:
        value = abs(path.weight) * value
        path = path.parent
    return value


Key = tuple[float, ...]
Entry = tuple[Key, int, bool, _Path]

# Ranks are compared as tuples, with their runs in place of the sequences
# they stand for.  Bounds never rise along a path, so a run of minus bounds
# is followed by a smaller value, and a longer run compares larger: as is.
# Steps go up and down; see _coded.  _FAR is above any run's length, _END
# below any step: the end of the steps.
_FAR = 1 << 40
_END = -1


def _coded(count: int, here: int, after: int) -> int:
    """The length of a run of ``count`` steps ``here`` followed by ``after``, coded.

    Two step lists that agree up to runs of the same step but of different
    lengths part where the shorter run ends: there the shorter list has the
    step that follows its run, the longer another ``here``.  So the shorter
    run ranks first when the step after it is smaller than ``here`` (the
    count as is), and last when that step is larger (``_FAR`` minus it).
    """
    return _FAR - count if after > here else count


def _before(runs: tuple[float, ...], value: float, count: int) -> tuple[float, ...]:
    """``count`` copies of ``value`` put in front of ``runs``."""
    if runs[0] == value:
        return (value, runs[1] + count, *runs[2:])
    return (value, count, *runs)


def _stepped(path: _Path, step: int) -> tuple[tuple[int, ...], tuple[int, int]]:
    """``steps`` and ``last`` of ``path`` after one more ``step``."""
    here, count = path.last
    if here == step:
        return path.steps, (here, count + 1)
    if count == 0:
        return (), (step, 1)
    return (*path.steps, here, _coded(count, here, step)), (step, 1)


def _ending(path: _Path, value: float) -> Key:
    """The key of ``path`` ending where it is, with ``|contribution|`` ``value``."""
    here, count = path.last
    return (*_before(path.bounds, -value, 1), *path.steps, here, _coded(count, here, _END))


def _growing(path: _Path, length: int) -> Key:
    """The least key of any path ``path`` can still become, if its best takes ``length`` links.

    The best of those keeps the bound for ``length`` more links; its steps
    are not known, so they stand as 0, below any step taken (steps count from 1).
    """
    here, count = path.last
    front = (*_before(path.bounds, -path.bound, length + 1), *path.steps, here)
    if length == 0:
        return (*front, _coded(count, here, _END))
    return (*front, _coded(count, here, 0), 0, length)


@dataclass(frozen=True)
class _Search:
    """What the search needs at every step, gathered once."""

    graph: GraphArrays
    end_value: Floats
    best: Floats
    length: Ints
    by_source: Ints
    starts: Ints

    def grown(self, path: _Path) -> Iterator[tuple[Key, bool, _Path]]:
        """The path itself when it can end where it is, then every path one link longer."""
        node = path.node
        best = float(self.best[node])
        end = abs(float(self.end_value[node]))
        if path.parent is not None and end != 0:
            value = path.bound if end == best else _back_to_start(path, end)
            if value > 0:
                yield _ending(path, value), True, path
        links = self.by_source[self.starts[node] : self.starts[node + 1]]
        targets, weights = self.graph.target[links], self.graph.weight[links]
        reaches = np.abs(weights) * self.best[targets]
        rows = zip(weights.tolist(), targets.tolist(), reaches.tolist(), strict=True)
        for step, (weight, there, reach) in enumerate(rows, start=1):
            bound = path.bound if reach == best else _back_to_start(path, reach)
            if bound > 0:
                runs = _before(path.bounds, -bound, 1)
                product = path.product * weight
                child = _Path(there, path, weight, product, bound, runs, *_stepped(path, step))
                yield _growing(child, int(self.length[there])), False, child


def _best_first(
    graph: GraphArrays, source: int, end_value: Floats, k: int, best: Floats
) -> tuple[list[_Path], int]:
    """The ``k`` best paths from ``source``, and how many entries the search popped."""
    by_source, starts = graph.out_links()
    search = _Search(
        graph, end_value, best, _cached_lengths(graph, end_value, best), by_source, starts
    )
    top = float(best[source])
    start = _Path(source, None, 1.0, 1.0, top, (-math.inf, 1), (), (0, 0))
    heap: list[Entry] = [((-top, 1, -math.inf, 1), 0, False, start)]
    found: list[_Path] = []
    popped = pushed = 0
    while heap and len(found) < k:
        key, _, done, path = heapq.heappop(heap)
        popped += 1
        if key[0] == 0:
            break
        if done:
            found.append(path)
            continue
        for grown_key, ends, grown in search.grown(path):
            pushed += 1
            heapq.heappush(heap, (grown_key, pushed, ends, grown))
    return found, popped


def _pathway(graph: GraphArrays, path: _Path, end_value: Floats) -> Pathway:
    nodes, weights, step = [], [], path
    while step.parent is not None:
        nodes.append(graph.ids[step.node])
        weights.append(step.weight)
        step = step.parent
    nodes.append(graph.ids[step.node])
    end = float(end_value[path.node])
    return Pathway(nodes[::-1], weights[::-1], path.product, end, path.product * end)


def top_pathways(
    graph: GraphArrays, source: int, end_value: Floats, k: int, best: Floats | None = None
) -> list[Pathway]:
    """The ``k`` paths from node ``source`` with the largest ``|product| * end_value[end]``.

    Ties as in the module docstring.  ``best`` is :func:`best_reach` of
    ``end_value``, when already at hand.  Beyond one pass over the graph, the
    work grows with ``k`` times the depth of the graph (times the links out
    of each node on the way), never with the number of paths.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "a", "label": "A", "stage": "activity"},
    ...               {"id": "b", "label": "B", "stage": "output"},
    ...               {"id": "c", "label": "C", "stage": "output"},
    ...               {"id": "o", "label": "O", "stage": "outcome"}],
    ...     "links": [{"from": "a", "to": "b"}, {"from": "a", "to": "c"},
    ...               {"from": "b", "to": "o"}, {"from": "c", "to": "o"},
    ...               {"from": "a", "to": "o"}]})
    >>> g = graph_arrays(m)
    >>> [p.nodes for p in top_pathways(g, 0, np.array([0.0, 0.0, 0.0, 1.0]), 3)]
    [['a', 'o'], ['a', 'b', 'o'], ['a', 'c', 'o']]
    """
    bound = best_reach(graph, end_value) if best is None else best
    found, _ = _best_first(graph, source, end_value, k, bound)
    return [_pathway(graph, path, end_value) for path in found]


def pathways(
    model: LogicModel,
    source: str,
    target: str,
    k: int = 3,
    weights: Mapping[str, float] | None = None,
) -> list[Pathway]:
    """The ``k`` paths from ``source`` to ``target`` with the largest absolute weight product.

    Each path's ``priority`` is the target's priority in use (``weights``, else the
    model's, as in the analysis; 0 when the target is not a priority outcome), and its
    ``contribution`` the product times that priority, so "why" never shows a priority
    the analysis does not use.

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
    >>> round(pathways(m, "a", "o", weights={"o": 0.37})[0].priority, 2)
    0.37
    """
    graph = graph_arrays(model)
    end = np.zeros(graph.size)
    end[node_index(graph, target)] = 1.0
    found = top_pathways(graph, node_index(graph, source), end, k)
    used = priorities(model).weights if weights is None else weights
    priority = float(used.get(target, 0.0))
    return [replace(p, priority=priority, contribution=p.product * priority) for p in found]


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
