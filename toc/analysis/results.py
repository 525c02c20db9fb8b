"""The whole analysis of a model as one JSON-able dict: what ``toc analyse --json`` prints.

Keys (every number is a plain float; lists are in a stable order):

- ``title``, ``priority_source``, ``priorities`` (outcome id -> weight, summing to 1);
- ``disagreement``: per-outcome spread of the stakeholder groups, and the splits;
- ``drivers``: activities by score, best first: ``id``, ``label``, ``score``,
  ``gain`` (>= 0), ``loss`` (<= 0), and ``cost`` and ``score_per_100k`` when known;
- ``input_drivers``: the same for inputs;
- ``influence``: for each activity in ``drivers``, outcome or impact id -> influence;
- ``pathways``: for each activity in ``drivers``, the paths that contribute most;
- ``trade_offs``, ``gaps``, ``departments``;
- ``what_if`` when a change is asked for, ``sensitivity`` when samples are.

``top`` limits ``drivers``, ``input_drivers`` and everything computed per
activity (influence, pathways, trade-offs, sensitivity rows) to the ``top``
highest-scoring activities, and cuts every other list to ``top`` items (each
section's ``counts`` gives the full lengths): the full influence of a
100,000-node model would be gigabytes.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, fields, is_dataclass
from typing import Any

from toc.analysis.arrays import Floats, GraphArrays, graph_arrays
from toc.analysis.costs import activity_costs
from toc.analysis.departments import department_view
from toc.analysis.disagreement import disagreement
from toc.analysis.gaps import gaps_from
from toc.analysis.influence import (
    Driver,
    driver_arrays,
    influence_rows,
    priority_vector,
    ranked_drivers,
)
from toc.analysis.pathways import best_reach, pathway_text, top_pathways
from toc.analysis.priorities import priorities
from toc.analysis.robustness import sensitivity
from toc.analysis.tradeoffs import trade_offs
from toc.analysis.whatif import what_if_from
from toc.model import LogicModel

__all__ = ["analysis"]


def _driver_rows(ranked: list[Driver], costs: Mapping[str, float]) -> list[dict[str, Any]]:
    rows = []
    for d in ranked:
        row: dict[str, Any] = {"id": d.id, "label": d.label, "score": d.score}
        row.update(gain=d.gain, loss=d.loss)
        if d.id in costs:
            cost = costs[d.id]
            row.update(cost=cost, score_per_100k=d.score / cost * 100_000 if cost else None)
        rows.append(row)
    return rows


def _plain(value: Any) -> Any:
    return asdict(value) if is_dataclass(value) and not isinstance(value, type) else value


def _capped(result: Any, top: int | None) -> dict[str, Any]:
    """A dataclass of lists as a dict, each list cut to ``top`` items, with ``counts``.

    A list the library already cut comes with a ``<name>_count`` field: that is its count.
    """
    out: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for item in fields(result):
        value = getattr(result, item.name)
        if item.name.endswith("_count"):
            continue
        if isinstance(value, list):
            counts[item.name] = getattr(result, f"{item.name}_count", len(value))
            value = [_plain(v) for v in value[:top]]
        out[item.name] = value
    return out | {"counts": counts}


def _pathway_rows(
    model: LogicModel, graph: GraphArrays, priority: Floats, ids: Iterable[str], k: int
) -> dict[str, list[dict[str, Any]]]:
    """The top ``k`` pathways of each activity, each with its ``text``."""
    if k <= 0:
        return {}
    best = best_reach(graph, priority)
    rows = {}
    for a in ids:
        found = top_pathways(graph, graph.index[a], priority, k, best)
        labels = {n: model.nodes[graph.index[n]].label for p in found for n in p.nodes}
        rows[a] = [asdict(p) | {"text": pathway_text(p, labels)} for p in found]
    return rows


def analysis(
    model: LogicModel,
    *,
    top: int | None = None,
    priority_source: str | None = None,
    remove: Iterable[str] = (),
    scale: Mapping[str, float] | None = None,
    samples: int = 0,
    seed: int = 0,
    top_k: int = 5,
    paths: int = 3,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """The whole analysis (see the module docstring for the keys).

    The cyclic garbage collector is paused meanwhile: the work allocates many
    small objects and no cycles, and on a large model the collector would
    otherwise walk the whole model again and again.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "a", "label": "A", "stage": "activity"},
    ...               {"id": "o", "label": "O", "stage": "outcome", "priority": 2}],
    ...     "links": [{"from": "a", "to": "o", "weight": 0.5}]})
    >>> r = analysis(m)
    >>> r["drivers"]
    [{'id': 'a', 'label': 'A', 'score': 0.5, 'gain': 0.5, 'loss': 0.0}]
    >>> r["influence"], r["pathways"]["a"][0]["nodes"]
    ({'a': {'o': 0.5}}, ['a', 'o'])
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _analysis(
            model,
            top,
            priority_source,
            list(remove),
            scale,
            (samples, seed, top_k),
            paths,
            progress,
        )
    finally:
        if enabled:
            gc.freeze()  # what was built goes to the oldest generation, not walked again
            gc.unfreeze()
            gc.enable()


def _analysis(
    model: LogicModel,
    top: int | None,
    priority_source: str | None,
    remove: list[str],
    scale: Mapping[str, float] | None,
    monte_carlo: tuple[int, int, int],
    paths: int,
    progress: Callable[[int, int], None] | None,
) -> dict[str, Any]:
    samples, seed, top_k = monte_carlo
    chosen = priorities(model, priority_source)
    graph = graph_arrays(model)
    priority = priority_vector(graph, chosen.weights)
    scores = driver_arrays(graph, priority)
    ranked = ranked_drivers(model, graph, scores)
    listed = ranked[:top] if top is not None else ranked
    ids = [d.id for d in listed]
    rows = influence_rows(graph, ids)
    costs = activity_costs(model, graph)
    funds = {n.id: n.cost for n in model.nodes if n.cost is not None}
    found = trade_offs(model, chosen.weights, rows=rows, ranked=ranked, graph=graph, limit=top)
    report: dict[str, Any] = {
        "title": model.title,
        "priority_source": chosen.source,
        "priorities": dict(sorted(chosen.weights.items(), key=lambda kv: (-kv[1], kv[0]))),
        "disagreement": asdict(disagreement(model)),
        "drivers": _driver_rows(listed, costs),
        "input_drivers": _driver_rows(ranked_drivers(model, graph, scores, "input")[:top], funds),
        "influence": rows,
        "pathways": _pathway_rows(model, graph, priority, ids, paths),
        "trade_offs": _capped(found, top),
        "gaps": _capped(gaps_from(model, graph, scores, chosen.weights), top),
        "departments": _capped(department_view(model, chosen.weights, graph, top), top),
    }
    if remove or scale:
        report["what_if"] = asdict(what_if_from(graph, chosen.weights, remove, scale))
    if samples > 0:
        result = sensitivity(
            model,
            samples,
            seed=seed,
            top_k=top_k,
            weights=chosen.weights,
            progress=progress,
            graph=graph,
        )
        keep = set(ids)
        report["sensitivity"] = asdict(result) | {
            "rows": [asdict(r) for r in result.rows if r.id in keep]
        }
    return report
