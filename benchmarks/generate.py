"""Stage-layered logic models of any size, for benchmarks.

Each node past the inputs gets about four incoming links from the stage
before (a few from its own stage, earlier in the list, so within-stage
chains are exercised too); weights are signed, about one in five negative.
The same ``size`` and ``seed`` give the same bytes.

:func:`columns_model` is the worst case for pathways instead: columns of
items, every item of a column linked to every item of the next (as a
spreadsheet transcribes them), every weight the same.
"""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "columns_model",
    "dressed",
    "generated_model",
    "write_columns",
    "write_generated",
]

_SHARES = (
    ("input", 0.05),
    ("activity", 0.25),
    ("output", 0.25),
    ("outcome", 0.35),
    ("impact", 0.10),
)
_EVIDENCE = ("none", "weak", "moderate", "strong")
LINKS_PER_NODE = 4


def _stage_sizes(size: int) -> list[tuple[str, int]]:
    sizes = [(stage, max(1, round(size * share))) for stage, share in _SHARES]
    stage, count = sizes[3]
    sizes[3] = (stage, max(1, count + size - sum(n for _, n in sizes)))
    return sizes


def _nodes(size: int, rng: np.random.Generator) -> tuple[list[dict[str, Any]], list[list[int]]]:
    nodes: list[dict[str, Any]] = []
    layers: list[list[int]] = []
    for stage, count in _stage_sizes(size):
        layer = []
        for _ in range(count):
            index = len(nodes)
            node: dict[str, Any] = {"id": f"n{index}", "label": f"{stage} {index}", "stage": stage}
            node["department"] = f"d{int(rng.integers(4))}"
            if stage == "input":
                node["cost"] = float(rng.integers(1, 100)) * 1000
            if stage in ("outcome", "impact") and rng.random() < 0.2:
                node["priority"] = float(rng.integers(1, 6))
            nodes.append(node)
            layer.append(index)
        layers.append(layer)
    return nodes, layers


def _links(layers: list[list[int]], rng: np.random.Generator) -> list[dict[str, Any]]:
    pairs = []
    for before, layer in pairwise(layers):
        targets = np.repeat(np.asarray(layer), LINKS_PER_NODE)
        sources = np.asarray(before)[rng.integers(len(before), size=targets.size)]
        pairs.append(np.stack([sources, targets], axis=1))
        chained = np.asarray(layer[1:])[rng.random(len(layer) - 1) < 0.1]
        earlier = (rng.random(chained.size) * (chained - layer[0])).astype(np.int64) + layer[0]
        pairs.append(np.stack([earlier, chained], axis=1))
    unique = np.unique(np.concatenate(pairs), axis=0)
    unique = unique[np.lexsort((unique[:, 0], unique[:, 1]))]
    magnitude = np.round(rng.uniform(0.05, 0.95, len(unique)), 2)
    weight = np.where(rng.random(len(unique)) < 0.2, -magnitude, magnitude)
    evidence = rng.integers(len(_EVIDENCE), size=len(unique))
    return [
        {"from": f"n{s}", "to": f"n{t}", "weight": float(w), "evidence": _EVIDENCE[e]}
        for (s, t), w, e in zip(unique.tolist(), weight.tolist(), evidence.tolist(), strict=True)
    ]


def generated_model(size: int, seed: int = 0) -> dict[str, Any]:
    """A stage-layered model of about ``size`` nodes as plain data.

    Examples
    --------
    >>> data = generated_model(100)
    >>> len(data["nodes"]), 3.0 < len(data["links"]) / len(data["nodes"]) < 4.5
    (100, True)
    """
    rng = np.random.default_rng(seed)
    nodes, layers = _nodes(size, rng)
    departments = [{"id": f"d{i}", "label": f"Department {i}"} for i in range(4)]
    return {
        "title": f"Generated model, {size} nodes",
        "departments": departments,
        "nodes": nodes,
        "links": _links(layers, rng),
    }


def write_generated(size: int, folder: Path, seed: int = 0) -> Path:
    """Write :func:`generated_model` as JSON into ``folder`` and return the path."""
    path = folder / f"generated-{size}.json"
    path.write_text(json.dumps(generated_model(size, seed)), encoding="utf-8")
    return path


def columns_model(columns: int, width: int = 4, weight: float = 1.0) -> dict[str, Any]:
    """Activity ``a``, ``columns`` columns of ``width`` outputs, then priority outcome ``o``.

    Every item of a column links to every item of the next, all with ``weight``:
    ``width ** columns`` paths from ``a`` to ``o``, every one of the same contribution.

    Examples
    --------
    >>> data = columns_model(2, 3)
    >>> len(data["nodes"]), len(data["links"])
    (8, 15)
    """
    nodes: list[dict[str, Any]] = [{"id": "a", "label": "Activity", "stage": "activity"}]
    links: list[dict[str, Any]] = []
    before = ["a"]
    for column in range(columns):
        here = [f"c{column}-{row}" for row in range(width)]
        nodes += [{"id": n, "label": f"Output {n}", "stage": "output"} for n in here]
        links += [{"from": b, "to": h, "weight": weight} for b in before for h in here]
        before = here
    nodes.append({"id": "o", "label": "Outcome", "stage": "outcome", "priority": 1.0})
    links += [{"from": b, "to": "o", "weight": weight} for b in before]
    return {"title": f"{columns} columns of {width}", "nodes": nodes, "links": links}


def write_columns(columns: int, folder: Path, width: int = 4) -> Path:
    """Write :func:`columns_model` as JSON into ``folder`` and return the path."""
    path = folder / f"columns-{columns}x{width}.json"
    path.write_text(json.dumps(columns_model(columns, width)), encoding="utf-8")
    return path


def dressed(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (a generated model) with what every page of the app needs: a priority on
    every outcome and impact, values on a third of the outcomes, and an investment."""
    outcomes = [n for n in data["nodes"] if n["stage"] in ("outcome", "impact")]
    for rank, node in enumerate(outcomes):
        node["priority"] = float(1 + rank % 5)
        if node["stage"] == "outcome" and rank % 3 == 0:
            node["value"] = {
                "quantity": 10 + rank,
                "proxy": 500.0 * (1 + rank % 7),
                "deadweight": 0.2,
                "attribution": 0.1,
                "duration": 2,
            }
    data["valuation"] = {"discount_rate": 0.035, "convention": "sroi", "investment": 1e6}
    return data
