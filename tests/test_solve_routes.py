"""Each way :mod:`toc.analysis.arrays` sums paths gives what enumerating every path gives.

A graph is solved one of three ways (walked level by level; a dense triangle; a sparse
one), chosen by its size and depth.  Each test builds a graph that takes one way,
checks the way taken, and compares both directions of path sums with a sum over every
path found by depth-first search, the empty path included.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np
import pytest

from toc.analysis import arrays
from toc.analysis.arrays import graph_arrays, path_sums, path_sums_forward
from toc.model import LogicModel

STAGES = ("input", "activity", "output", "outcome", "impact")


def _model(nodes: list[tuple[str, str]], links: list[tuple[str, str, float]]) -> LogicModel:
    data: dict[str, Any] = {
        "title": "routes",
        "nodes": [{"id": i, "label": i, "stage": s} for i, s in nodes],
        "links": [{"from": a, "to": b, "weight": w} for a, b, w in links],
    }
    return LogicModel.model_validate(data)


def _weight(rng: np.random.Generator) -> float:
    return float(rng.choice([-1, 1]) * rng.uniform(0.1, 1.0))


def shallow(rng: np.random.Generator, per_stage: int = 8) -> LogicModel:
    """Five stages of ``per_stage`` boxes, links forward between neighbouring stages."""
    nodes = [(f"{s}{k}", s) for s in STAGES for k in range(per_stage)]
    links = [
        (f"{a}{i}", f"{b}{j}", _weight(rng))
        for a, b in pairwise(STAGES)
        for i in range(per_stage)
        for j in rng.choice(per_stage, size=2, replace=False).tolist()
    ]
    return _model(nodes, links)


def deep(rng: np.random.Generator, length: int = 90) -> LogicModel:
    """A chain of ``length`` outputs (deeper than a walk takes), fed by three activities
    at random points, ending in an outcome."""
    chain = [f"o{k}" for k in range(length)]
    nodes = [*((f"a{k}", "activity") for k in range(3)), *((c, "output") for c in chain)]
    nodes.append(("end", "outcome"))
    links = [(a, b, _weight(rng)) for a, b in pairwise(chain)]
    links += [(f"a{k}", chain[int(rng.integers(length))], _weight(rng)) for k in range(3)]
    links.append((chain[-1], "end", _weight(rng)))
    return _model(nodes, links)


def large(rng: np.random.Generator, strands: int = 140) -> LogicModel:
    """``strands`` input -> ... -> impact strands (more boxes than a dense triangle
    takes), with a few links across strands."""
    nodes = [(f"{s}{k}", s) for k in range(strands) for s in STAGES]
    links = [
        (f"{a}{k}", f"{b}{k}", _weight(rng)) for k in range(strands) for a, b in pairwise(STAGES)
    ]
    for k in rng.choice(strands, size=strands // 4, replace=False).tolist():
        links.append((f"activity{k}", f"output{(k + 1) % strands}", _weight(rng)))
    return _model(nodes, links)


def enumerated(model: LogicModel, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(backward, forward) path sums by visiting every path from every node."""
    ids = [n.id for n in model.nodes]
    index = {node_id: i for i, node_id in enumerate(ids)}
    out: dict[int, list[tuple[int, float]]] = {}
    for link in model.links:
        out.setdefault(index[link.from_], []).append((index[link.to], link.weight))
    backward, forward = np.zeros(len(ids)), np.zeros(len(ids))
    for start in range(len(ids)):
        todo = [(start, 1.0)]
        while todo:
            node, product = todo.pop()
            backward[start] += product * values[node]
            forward[node] += product * values[start]
            todo += [(nxt, product * w) for nxt, w in out.get(node, [])]
    return backward, forward


@pytest.mark.parametrize(
    ("build", "route"),
    [(shallow, "walk"), (deep, "dense"), (large, "sparse")],
    ids=["walked", "dense", "sparse"],
)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_route_sums_every_path(build: Any, route: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    model = build(rng)
    graph = graph_arrays(model)
    deepest = int(graph.height.max())
    taken = (
        "sparse"
        if graph.size > arrays.DENSE_SIZE
        else "walk"
        if deepest <= arrays.LEVEL_WALK_MAX
        else "dense"
    )
    assert taken == route, f"{graph.size} boxes, {deepest} levels"
    values = rng.uniform(-2, 2, graph.size)
    backward, forward = enumerated(model, values)
    np.testing.assert_allclose(path_sums(graph, values), backward, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(path_sums_forward(graph, values), forward, rtol=1e-9, atol=1e-12)
    both = np.stack([values, -values], axis=1)  # one column per case
    np.testing.assert_allclose(path_sums_forward(graph, both)[:, 1], -forward, atol=1e-12)
