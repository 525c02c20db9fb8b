"""Top-k pathways against brute force, with ties: equal weights, all weights 1, full layers.

The brute force lists every path with networkx, values it in exact rational
arithmetic and sorts by the rule in :mod:`toc.analysis.pathways` (largest
absolute contribution; ties by the bounds of the path's parts, then by the
model's order of links).  Where the weights are powers of two nothing is
rounded, so the search must agree exactly, order of ties included; the
search as it was before issue 10 (grow every path of equal bound in turn) is
kept below as a second reference for that order.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import astuple
from fractions import Fraction
from itertools import chain, islice, pairwise, product
from typing import Any

import networkx as nx
import numpy as np
import pytest
from analysis_dags import layered_model, small_models
from hypothesis import given, settings
from hypothesis import strategies as st

from toc.analysis import explaining_pathways, pathways, priorities
from toc.analysis.arrays import Floats, GraphArrays, graph_arrays
from toc.analysis.influence import priority_vector
from toc.analysis.pathways import Pathway, _best_first, best_reach, top_pathways
from toc.model import LogicModel

# Powers of two: every product is exact, so ties are ties and nothing else is.
EXACT = st.sampled_from([1.0, -1.0, 0.5, -0.5, 0.25, -0.25])
ALL_ONE = st.just(1.0)


def _links_out(graph: GraphArrays) -> dict[int, list[tuple[int, float]]]:
    out: dict[int, list[tuple[int, float]]] = {i: [] for i in range(graph.size)}
    for s, t, w in zip(
        graph.source.tolist(), graph.target.tolist(), graph.weight.tolist(), strict=True
    ):
        out[s].append((t, w))
    return out


def brute_force(graph: GraphArrays, source: int, end_value: Floats) -> list[list[int]]:
    """Every path from ``source`` to a node with a value, in the documented order."""
    out = _links_out(graph)
    nets = nx.DiGraph()
    nets.add_nodes_from(range(graph.size))
    nets.add_edges_from((s, t) for s, targets in out.items() for t, _ in targets)
    value = [abs(Fraction(v)) for v in end_value.tolist()]
    step = {(s, t): (i, Fraction(w)) for s in out for i, (t, w) in enumerate(out[s], start=1)}

    def best(node: int) -> Fraction:
        ends = nx.all_simple_paths(nets, node, [e for e in range(graph.size) if value[e]])
        tails: list[Fraction] = [value[node]]
        tails += [_size(path, step) * value[path[-1]] for path in ends]
        return max(tails)

    bests = [best(node) for node in range(graph.size)]
    keys = []
    ends = [e for e in range(graph.size) if value[e] and e != source]
    for path in nx.all_simple_paths(nets, source, ends):
        contribution = _size(path, step) * value[path[-1]]
        if contribution == 0:
            continue
        bounds = [_size(path[: j + 1], step) * bests[path[j]] for j in range(1, len(path))]
        steps = [step[pair][0] for pair in pairwise(path)]
        keys.append(((-contribution, *(-b for b in reversed(bounds)), -math.inf, *steps), path))
    return [path for _, path in sorted(keys)]


def _size(path: list[int], step: dict[tuple[int, int], tuple[int, Fraction]]) -> Fraction:
    return abs(math.prod((step[pair][1] for pair in pairwise(path)), start=Fraction(1)))


def insertion_order(
    graph: GraphArrays, source: int, end_value: Floats, k: int
) -> list[tuple[list[int], float]]:
    """The search before issue 10: equal bounds popped in the order they were pushed."""
    best = best_reach(graph, end_value)
    out = _links_out(graph)
    heap: list[tuple[float, int, tuple[int, ...], float, bool]] = [
        (-float(best[source]), 0, (source,), 1.0, False)
    ]
    found: list[tuple[list[int], float]] = []
    pushed = 1
    while heap and len(found) < k:
        bound, _, path, weight, done = heapq.heappop(heap)
        last = path[-1]
        if bound == 0:
            break
        if done:
            found.append((list(path), weight * float(end_value[last])))
            continue
        if end_value[last] != 0 and last != source:
            ending = (-abs(weight * float(end_value[last])), pushed, path, weight, True)
            heapq.heappush(heap, ending)
            pushed += 1
        for nxt, w in out[last]:
            entry = (-abs(weight * w) * float(best[nxt]), pushed, (*path, nxt), weight * w, False)
            heapq.heappush(heap, entry)
            pushed += 1
    return found


def _nodes(graph: GraphArrays, found: list[Pathway]) -> list[list[int]]:
    return [[graph.index[n] for n in p.nodes] for p in found]


def _values(model: LogicModel) -> tuple[GraphArrays, Floats]:
    graph = graph_arrays(model)
    return graph, priority_vector(graph, priorities(model).weights)


@st.composite
def layered_models(draw: st.DrawFn, weight: st.SearchStrategy[float] = EXACT) -> LogicModel:
    """Columns of 1 to 3 items, each linked to every item of the next (complete
    bipartite), a few links that skip columns, and priorities on the last two."""
    widths = draw(st.lists(st.integers(1, 3), min_size=2, max_size=5))
    columns: list[list[str]] = []
    nodes: list[dict[str, Any]] = []
    for c, width in enumerate(widths):
        stage = "activity" if c == 0 else ("outcome" if c >= len(widths) - 2 else "output")
        columns.append([f"c{c}-{j}" for j in range(width)])
        for node_id in columns[-1]:
            node: dict[str, Any] = {"id": node_id, "label": node_id, "stage": stage}
            if stage == "outcome":
                node["priority"] = draw(st.sampled_from([0, 1, 1, 2, 4]))
            nodes.append(node)
    pairs = [(a, b) for before, after in pairwise(columns) for a in before for b in after]
    later = [
        (a, b)
        for i, column in enumerate(columns)
        for a in column
        for b in chain.from_iterable(columns[i + 2 :])
    ]
    pairs += draw(st.lists(st.sampled_from(later), unique=True, max_size=3)) if later else []
    links = [{"from": a, "to": b, "weight": draw(weight)} for a, b in pairs]
    return LogicModel.model_validate({"title": "layers", "nodes": nodes, "links": links})


def _check_exact(model: LogicModel, k: int) -> None:
    graph, values = _values(model)
    for source in range(graph.size):
        expected = brute_force(graph, source, values)[:k]
        found = top_pathways(graph, source, values, k)
        assert _nodes(graph, found) == expected
        assert [path for path, _ in insertion_order(graph, source, values, k)] == expected


@settings(max_examples=80, deadline=None)
@given(small_models(weight=EXACT), st.sampled_from([1, 2, 3, 5, 100]))
def test_ties_come_in_the_documented_order(model: LogicModel, k: int) -> None:
    _check_exact(model, k)


@settings(max_examples=60, deadline=None)
@given(small_models(weight=ALL_ONE), st.sampled_from([1, 2, 3, 100]))
def test_with_every_weight_one(model: LogicModel, k: int) -> None:
    _check_exact(model, k)


@settings(max_examples=60, deadline=None)
@given(st.one_of(layered_models(), layered_models(ALL_ONE)), st.sampled_from([1, 3, 100]))
def test_complete_layers_with_skips(model: LogicModel, k: int) -> None:
    _check_exact(model, k)


@settings(max_examples=60, deadline=None)
@given(small_models(weight=EXACT), st.lists(st.sampled_from([-2.0, -1.0, 0.0, 0.5, 1.0])))
def test_signed_end_values_rank_by_size(model: LogicModel, values: list[float]) -> None:
    graph = graph_arrays(model)
    end = np.resize(np.array(values or [1.0]), graph.size)
    for source in range(graph.size):
        found = top_pathways(graph, source, end, 4)
        assert _nodes(graph, found) == brute_force(graph, source, end)[:4]
        assert all(p.contribution == p.product * p.priority for p in found)


@settings(max_examples=60, deadline=None)
@given(small_models(), st.sampled_from([1, 3, 100]))
def test_any_weights_give_the_largest_contributions(model: LogicModel, k: int) -> None:
    # Rounding may order paths whose contributions differ only in the last bit
    # either way; the contributions themselves must be the largest.
    graph, values = _values(model)
    for source in range(graph.size):
        found = top_pathways(graph, source, values, k)
        before = insertion_order(graph, source, values, k)
        assert [abs(p.contribution) for p in found] == pytest.approx(
            [abs(c) for _, c in before], rel=1e-12
        )
        exact = brute_force(graph, source, values)[:k]
        assert len(found) == len(exact)
        for p in found:
            product_ = math.prod(p.weights)
            assert p.product == pytest.approx(product_, rel=1e-12)
            assert p.priority == values[graph.index[p.nodes[-1]]]


def test_twenty_columns_of_four_all_weights_one() -> None:
    # 4**20 paths of equal contribution.  The search before issue 10 grew every
    # one of them in turn, breadth first, and ran out of memory; now it follows
    # the first best path down and takes the next ones from the last column.
    model = layered_model(20, 4)
    graph = graph_arrays(model)
    end = np.zeros(graph.size)
    end[graph.index["o"]] = 1.0
    best = best_reach(graph, end)
    for k in (1, 3, 50, 1000):
        found = top_pathways(graph, 0, end, k, best)
        assert [_columns(p) for p in found] == list(islice(product(range(4), repeat=20), k))
        _, popped = _best_first(graph, 0, end, k, best)
        assert popped <= 1 + k * (21 + 2)


def _columns(pathway: Pathway) -> tuple[int, ...]:
    """Which item of each column the pathway goes through."""
    return tuple(int(node.split("-")[1]) for node in pathway.nodes[1:-1])


def test_thirty_columns_explained_for_a_driver() -> None:
    model = layered_model(30, 4)
    found = explaining_pathways(model, "a", k=3)
    assert [p.nodes[1:4] for p in found] == [["l0-0", "l1-0", "l2-0"]] * 3
    assert [p.nodes[-2] for p in found] == ["l29-0", "l29-1", "l29-2"]
    assert [astuple(p)[2:] for p in found] == [(1.0, 1.0, 1.0)] * 3


def test_a_shorter_path_comes_first_among_equals() -> None:
    data = layered_model(3, 2).model_dump(by_alias=True)
    data["links"].append({"from": "l0-1", "to": "o", "weight": 1.0})
    found = pathways(LogicModel.model_validate(data), "a", "o", k=2)
    assert [p.nodes for p in found] == [["a", "l0-1", "o"], ["a", "l0-0", "l1-0", "l2-0", "o"]]
