"""The model as numpy arrays, and the linear solves every measure rests on.

The pydantic model is the truth; :class:`GraphArrays` is a view of it built
once per analysis: node ids and stages, and one entry per link in three
parallel arrays (source index, target index, weight).  Nodes are also given a
*height* (the length of the longest path to a node with no outgoing links);
sorting by height, highest first, is a topological order, so the matrix
``I - W`` permuted into that order is upper triangular and one sparse
triangular solve gives the sum over every path, in time linear in the size of
the graph.  A graph of up to :data:`DENSE_SIZE` nodes and :data:`LEVEL_WALK_MAX`
levels (most logic models) is instead walked level by level, each link used
once (:func:`_walk`); a deeper small one gets a dense triangular solve.

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
>>> g = graph_arrays(m)
>>> g.height.tolist()
[2, 1, 0]
>>> path_sums(g, np.array([0.0, 0.0, 1.0])).round(6).tolist()
[0.1, -0.4, 1.0]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from toc.errors import TocError
from toc.model import LogicModel, Stage

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = [
    "GraphArrays",
    "UnknownNodeError",
    "graph_arrays",
    "node_index",
    "path_sums",
    "path_sums_forward",
    "signed_path_sums",
    "stage_mask",
]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


class UnknownNodeError(TocError):
    """An id was asked about that is not a node of the model."""


#: Up to this many nodes a solve uses a dense triangle (at most 2.9 MB): the sparse
#: solver's set-up costs more than the whole dense solve on a graph this small.
DENSE_SIZE = 600

#: Up to this many levels (the longest path, in links), a graph of up to
#: :data:`DENSE_SIZE` nodes is solved by walking it level by level in numpy: a few
#: array operations per level, no matrix to build and no solver library to load
#: (loading scipy's costs a fifth of a second, more than a whole small portfolio's solves).
LEVEL_WALK_MAX = 64

_SOURCE, _TARGET, _WEIGHT = attrgetter("from_"), attrgetter("to"), attrgetter("weight")
_STAGE = attrgetter("stage")
STAGE_CODES = {stage.value: stage.rank for stage in Stage}  # a stage as a small integer


@dataclass
class GraphArrays:
    """Index and weight arrays of a model; see the module docstring."""

    ids: list[str]
    index: dict[str, int]
    stage: NDArray[np.int8]
    source: Ints
    target: Ints
    weight: Floats
    height: Ints
    order: Ints
    position: Ints
    _matrices: dict[str, csr_matrix] = field(default_factory=dict, repr=False)
    _dense: dict[str, Floats] = field(default_factory=dict, repr=False)

    _adjacency: tuple[Ints, Ints] | None = field(default=None, repr=False)
    _layouts: dict[str, tuple[Ints, Ints, Ints]] = field(default_factory=dict, repr=False)
    _levels: dict[str, list[tuple[Ints, Ints, Ints, Ints]]] = field(
        default_factory=dict, repr=False
    )
    # Arrays an analysis derived from the graph and its own inputs, stored with
    # copies of those inputs so that a later call with equal ones can reuse them.
    _derived: dict[str, tuple[NDArray[Any], ...]] = field(default_factory=dict, repr=False)

    @property
    def size(self) -> int:
        """The number of nodes."""
        return len(self.ids)

    def out_links(self) -> tuple[Ints, Ints]:
        """Link indexes sorted by source, and where each node's links start (CSR style)."""
        if self._adjacency is None:
            by_source = np.argsort(self.source, kind="stable")
            starts = np.zeros(self.size + 1, np.int64)
            np.cumsum(np.bincount(self.source, minlength=self.size), out=starts[1:])
            self._adjacency = (by_source, starts)
        return self._adjacency


def graph_arrays(model: LogicModel) -> GraphArrays:
    """Build the array view of a model (linear time).

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> g = graph_arrays(LogicModel(title="t"))
    >>> g.size, g.source.size
    (0, 0)
    """
    ids = [node.id for node in model.nodes]
    index = {node_id: i for i, node_id in enumerate(ids)}
    stage = np.fromiter(map(STAGE_CODES.__getitem__, map(_STAGE, model.nodes)), np.int8, len(ids))
    count = len(model.links)
    links = model.links
    source = np.fromiter(map(index.__getitem__, map(_SOURCE, links)), np.int64, count)
    target = np.fromiter(map(index.__getitem__, map(_TARGET, links)), np.int64, count)
    weight = np.fromiter(map(_WEIGHT, links), np.float64, count)
    height = heights(len(ids), source, target)
    order = np.argsort(-height, kind="stable").astype(np.int64)
    position = np.empty_like(order)
    position[order] = np.arange(order.size)
    return GraphArrays(ids, index, stage, source, target, weight, height, order, position)


def node_index(graph: GraphArrays, node_id: str) -> int:
    """The index of a node, or a clear error naming the id.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> g = graph_arrays(LogicModel(title="t", nodes=[{"id": "a", "label": "A", "stage": "input"}]))
    >>> node_index(g, "a")
    0
    >>> node_index(g, "b")
    Traceback (most recent call last):
    ...
    toc.analysis.arrays.UnknownNodeError: 'b' is not a node of this model: check the id
    """
    if node_id not in graph.index:
        raise UnknownNodeError(f"{node_id!r} is not a node of this model: check the id")
    return graph.index[node_id]


def heights(size: int, source: Ints, target: Ints) -> Ints:
    """Longest path length from each node to a sink, peeling sinks level by level.

    Each link is looked at once, so the work is linear; the number of numpy
    calls grows with the depth of the graph, not its size.

    Examples
    --------
    >>> heights(3, np.array([0, 1]), np.array([1, 2])).tolist()
    [2, 1, 0]
    """
    if size <= DENSE_SIZE:
        return _small_heights(size, source, target)
    by_target = np.argsort(target, kind="stable")
    starts = np.zeros(size + 1, np.int64)
    np.cumsum(np.bincount(target, minlength=size), out=starts[1:])
    remaining = np.bincount(source, minlength=size)
    height = np.zeros(size, np.int64)
    frontier = np.flatnonzero(remaining == 0)
    level = 0
    while frontier.size:
        height[frontier] = level
        links = by_target[_ranges(starts[frontier], starts[frontier + 1])]
        before = source[links]
        np.subtract.at(remaining, before, 1)
        frontier = np.unique(before[remaining[before] == 0])
        level += 1
    return height


def _small_heights(size: int, source: Ints, target: Ints) -> Ints:
    """:func:`heights` for a small graph: each level marks its nodes in arrays as long
    as the graph (a few calls on short arrays, half the time of finding them exactly)."""
    remaining = np.bincount(source, minlength=size)
    height = np.zeros(size, np.int64)
    frontier = np.flatnonzero(remaining == 0)
    in_frontier = np.zeros(size, np.bool_)
    level = 0
    while frontier.size:
        height[frontier] = level
        in_frontier[:] = False
        in_frontier[frontier] = True
        before = source[in_frontier[target]]
        remaining -= np.bincount(before, minlength=size)
        reached = np.zeros(size, np.bool_)
        reached[before] = True
        frontier = np.flatnonzero(reached & (remaining == 0))
        level += 1
    return height


def _ranges(begin: Ints, end: Ints) -> Ints:
    """Concatenated ``arange(b, e)`` for each pair, without a Python loop."""
    lengths = end - begin
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    offsets = np.repeat(begin - np.cumsum(lengths) + lengths, lengths)
    return offsets + np.arange(total)


def stage_mask(graph: GraphArrays, *stages: str) -> NDArray[np.bool_]:
    """True for nodes at any of ``stages``.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> g = graph_arrays(LogicModel(title="t", nodes=[{"id": "a", "label": "A", "stage": "input"}]))
    >>> stage_mask(g, "input").tolist()
    [True]
    """
    return np.isin(graph.stage, [STAGE_CODES[s] for s in stages])


def _layout(graph: GraphArrays, lower: bool) -> tuple[Ints, Ints, Ints]:
    """CSR structure of the link matrix in topological order: row starts, columns, and
    the link behind each stored entry.  Built once; any weights then fill it in O(m)."""
    name = "lower" if lower else "upper"
    if name not in graph._layouts:
        rows, cols = graph.position[graph.source], graph.position[graph.target]
        if lower:
            rows, cols = cols, rows
        links = np.argsort(rows * graph.size + cols)
        starts = np.zeros(graph.size + 1, np.int64)
        np.cumsum(np.bincount(rows, minlength=graph.size), out=starts[1:])
        graph._layouts[name] = (starts, cols[links], links)
    return graph._layouts[name]


def _system(graph: GraphArrays, weight: Floats, key: str | None, lower: bool) -> csr_matrix:
    """``-W`` in topological order, upper triangular (or its transpose), cached under ``key``.

    Only the strict triangle is stored: the solves take the unit diagonal as given.
    """
    name = None if key is None else f"{key}:{'lower' if lower else 'upper'}"
    if name is not None and name in graph._matrices:
        return graph._matrices[name]
    from scipy.sparse import csr_matrix

    starts, columns, links = _layout(graph, lower)
    system = csr_matrix((-weight[links], columns, starts), shape=(graph.size, graph.size))
    system.has_sorted_indices = True
    if name is not None:
        graph._matrices[name] = system
    return system


def path_sums(
    graph: GraphArrays, values: Floats, weight: Floats | None = None, *, key: str | None = None
) -> Floats:
    """For each node ``a``, the sum over paths ``a -> v`` of product(weights) * values[v].

    ``values`` may be one vector or a matrix with one column per case.  The
    empty path counts, so ``a``'s own value is included.  ``weight`` replaces
    the link weights (e.g. their absolute values); ``key`` caches the matrix.
    """
    return _solve(graph, values, graph.weight if weight is None else weight, key, lower=False)


def path_sums_forward(
    graph: GraphArrays, values: Floats, weight: Floats | None = None, *, key: str | None = None
) -> Floats:
    """For each node ``v``, the sum over paths ``a -> v`` of values[a] * product(weights)."""
    return _solve(graph, values, graph.weight if weight is None else weight, key, lower=True)


def signed_path_sums(
    graph: GraphArrays, values: Floats, weight: Floats | None = None, *, key: str | None = None
) -> tuple[Floats, Floats]:
    """Like :func:`path_sums`, but the positive and the negative terms summed apart.

    For each node ``a``, the sum over paths ``a -> v`` of
    ``product(weights) * values[v]`` for the terms above zero, and for those
    below zero.  Each node is split in two, one copy for each sign, so that
    both sums come from one triangular solve in which every term added is
    non-negative: nothing cancels, and each sum is as precise as the solve,
    however large the two sides are next to their difference.

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
    >>> gain, loss = signed_path_sums(graph_arrays(m), np.array([0.0, 0.0, 1.0]))
    >>> gain.round(6).tolist(), loss.round(6).tolist()
    ([0.3, 0.0, 1.0], [-0.2, -0.4, 0.0])
    """
    values = np.asarray(values, dtype=np.float64)
    if graph.size == 0:
        return np.zeros_like(values), np.zeros_like(values)
    from scipy.sparse.linalg import spsolve_triangular

    system = _split_system(graph, graph.weight if weight is None else weight, key)
    ordered = values[graph.order]
    both = np.empty((2 * graph.size, *values.shape[1:]))
    both[0::2], both[1::2] = np.maximum(ordered, 0.0), np.maximum(-ordered, 0.0)
    solved = spsolve_triangular(system, both, lower=False, unit_diagonal=True)
    gain, loss = np.empty_like(values), np.empty_like(values)
    # Adding to (or taking from) +0.0 leaves no -0.0 behind to print as "-0.0".
    gain[graph.order], loss[graph.order] = solved[0::2] + 0.0, 0.0 - solved[1::2]
    return gain, loss


def _split_system(graph: GraphArrays, weight: Floats, key: str | None) -> csr_matrix:
    """``-|W|`` over the nodes split by sign (row ``2i`` positive, ``2i + 1`` negative).

    A link of weight ``w`` carries each sign to the same sign when ``w >= 0``
    and to the other when ``w < 0``.  Built from the upper layout: each row of
    it becomes two rows with the same entries, so columns stay sorted.
    """
    name = None if key is None else f"{key}:split"
    if name is not None and name in graph._matrices:
        return graph._matrices[name]
    from scipy.sparse import csr_matrix

    starts, columns, links = _layout(graph, lower=False)
    count = np.diff(starts)
    first = starts[:-1].repeat(count) + np.arange(links.size)
    second = first + count.repeat(count)
    flip = (weight[links] < 0).astype(np.int64)
    doubled_columns = np.empty(2 * links.size, np.int64)
    doubled_columns[first], doubled_columns[second] = 2 * columns + flip, 2 * columns + 1 - flip
    data = np.empty(2 * links.size)
    data[first] = data[second] = -np.abs(weight[links])
    doubled_starts = np.empty(2 * graph.size + 1, np.int64)
    doubled_starts[0:-1:2], doubled_starts[1::2] = 2 * starts[:-1], 2 * starts[:-1] + count
    doubled_starts[-1] = 2 * starts[-1]
    size = 2 * graph.size
    system = csr_matrix((data, doubled_columns, doubled_starts), shape=(size, size))
    system.has_sorted_indices = True
    if name is not None:
        graph._matrices[name] = system
    return system


def _solve(
    graph: GraphArrays, values: Floats, weight: Floats, key: str | None, *, lower: bool
) -> Floats:
    if graph.size == 0:
        return np.zeros_like(values, dtype=np.float64)
    if graph.size <= DENSE_SIZE and int(graph.height.max()) <= LEVEL_WALK_MAX:
        return _walk(graph, np.asarray(values, dtype=np.float64), weight, lower)
    permuted = np.asarray(values, dtype=np.float64)[graph.order]
    solved: Floats
    if graph.size <= DENSE_SIZE:
        from scipy.linalg import solve_triangular

        dense = _dense_system(graph, weight, key, lower)
        solved = solve_triangular(
            dense, permuted, lower=lower, unit_diagonal=True, check_finite=False
        )
    else:
        from scipy.sparse.linalg import spsolve_triangular

        system = _system(graph, weight, key, lower)
        solved = spsolve_triangular(system, permuted, lower=lower, unit_diagonal=True)
    out = np.empty_like(solved)
    out[graph.order] = solved
    return out


def _walk(graph: GraphArrays, values: Floats, weight: Floats, forward: bool) -> Floats:
    """The path sums by walking the graph one level at a time.

    Backward (``forward`` false), a node's sum is its value plus, over its links,
    weight times the sum at the link's target; every target is lower than the node,
    so taking nodes by height, lowest first, finds each target's sum already final.
    Forward, a node's sum is its value plus, over the links into it, weight times
    the sum at the link's source; sources are higher, so nodes go highest first.
    Each link is used once, in one vectorised step for its level.
    """
    sums = values.copy()
    column = (slice(None),) + (None,) * (values.ndim - 1)  # a weight for every column
    for links, others, receivers, starts in _levels(graph, forward):
        terms = weight[links][column] * sums[others]
        sums[receivers] += np.add.reduceat(terms, starts, axis=0)
    return sums + 0.0  # no -0.0 to print


def _levels(graph: GraphArrays, forward: bool) -> list[tuple[Ints, Ints, Ints, Ints]]:
    """For each level of :func:`_walk` in turn: its links sorted by the node they add
    to, the node each one takes its sum from, the nodes added to (once each), and
    where each one's links start.  Built once per graph; any weights then use it."""
    name = "forward" if forward else "backward"
    if name not in graph._levels:
        receiver, other = (graph.target, graph.source) if forward else (graph.source, graph.target)
        level = graph.height[receiver]
        if forward:
            level = level.max(initial=0) - level
        links = np.lexsort((receiver, level))
        receivers, others = receiver[links], other[links]
        # A node's links are one run (its level is its own), so runs start where the
        # node changes; levels start where the level does.
        runs = np.flatnonzero(np.diff(receivers, prepend=-1))
        cuts = np.flatnonzero(np.diff(level[links], prepend=-1, append=-1))
        firsts, edges = np.searchsorted(runs, cuts).tolist(), cuts.tolist()
        walk = []
        for (begin, end), (first, last) in zip(pairwise(edges), pairwise(firsts), strict=True):
            starts = runs[first:last]
            walk.append((links[begin:end], others[begin:end], receivers[starts], starts - begin))
        graph._levels[name] = walk
    return graph._levels[name]


def _dense_system(graph: GraphArrays, weight: Floats, key: str | None, lower: bool) -> Floats:
    """``-W`` in topological order as a dense triangle, for a small graph (where the
    sparse solver's set-up costs more than the solve), cached under ``key``."""
    name = None if key is None else f"{key}:{'lower' if lower else 'upper'}:dense"
    if name is not None and name in graph._dense:
        return graph._dense[name]
    starts, columns, links = _layout(graph, lower)
    dense = np.zeros((graph.size, graph.size))
    dense[np.repeat(np.arange(graph.size), np.diff(starts)), columns] = -weight[links]
    if name is not None:
        graph._dense[name] = dense
    return dense
