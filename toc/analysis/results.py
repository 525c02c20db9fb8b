"""The whole analysis of a model as one typed result: what ``toc analyse`` shows.

:func:`analysis` returns an :class:`Analysis`; :meth:`Analysis.to_json` is what
``toc analyse --json`` prints.  Its keys (every number a plain float; lists in a
stable order):

- ``title``, ``priority_source``, ``priority_sources_ignored`` (the other sources the
  model holds, not used), ``priorities`` (outcome id -> weight, summing to 1);
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

Every part names boxes by id; :attr:`Analysis.labels` holds their labels (and
:meth:`Analysis.label` gives one), so no reader rebuilds that map.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from typing import Any

from toc.analysis.arrays import Floats, GraphArrays, graph_arrays
from toc.analysis.costs import activity_costs, per_100k
from toc.analysis.departments import DepartmentView, department_view
from toc.analysis.disagreement import Disagreement, disagreement
from toc.analysis.gaps import Gaps, gaps_from
from toc.analysis.influence import (
    Driver,
    driver_arrays,
    influence_rows,
    priority_vector,
    ranked_drivers,
)
from toc.analysis.pathways import Pathway, best_reach, pathway_text, top_pathways
from toc.analysis.priorities import priorities
from toc.analysis.robustness import Sensitivity, sensitivity
from toc.analysis.tradeoffs import TradeOffs, trade_offs
from toc.analysis.whatif import WhatIf, what_if_from
from toc.collector import collector_paused
from toc.model import LogicModel

__all__ = ["Analysis", "DriverRow", "ExplainedPathway", "analysis"]


@dataclass(frozen=True)
class DriverRow:
    """One activity (or input) in the ranking, with its cost and score per 100k when known."""

    id: str
    label: str
    score: float
    gain: float
    loss: float
    cost: float | None = None
    score_per_100k: float | None = None

    def to_json(self) -> dict[str, Any]:
        """The row as plain data; ``cost`` and ``score_per_100k`` only when the cost is known."""
        row: dict[str, Any] = {"id": self.id, "label": self.label, "score": self.score}
        row.update(gain=self.gain, loss=self.loss)
        if self.cost is not None:
            row.update(cost=self.cost, score_per_100k=self.score_per_100k)
        return row


@dataclass(frozen=True)
class ExplainedPathway(Pathway):
    """A pathway with its arithmetic in words, e.g. ``Mentoring -> In work ... = 0.5``."""

    text: str = ""


@dataclass(frozen=True)
class Analysis:
    """Everything ``toc analyse`` shows, typed; the module docstring describes each part."""

    title: str
    priority_source: str
    priority_sources_ignored: list[str]
    priorities: dict[str, float]
    labels: dict[str, str]
    disagreement: Disagreement
    drivers: list[DriverRow]
    input_drivers: list[DriverRow]
    influence: dict[str, dict[str, float]]
    pathways: dict[str, list[ExplainedPathway]]
    trade_offs: TradeOffs
    gaps: Gaps
    departments: DepartmentView
    what_if: WhatIf | None = None
    sensitivity: Sensitivity | None = None
    top: int | None = field(default=None, repr=False)

    def label(self, node_id: str) -> str:
        """The label of a box, or the id itself when no box has it."""
        return self.labels.get(node_id, node_id)

    def to_json(self) -> dict[str, Any]:
        """The analysis as plain data, lists cut to ``top``: what ``--json`` prints."""
        report: dict[str, Any] = {
            "title": self.title,
            "priority_source": self.priority_source,
            "priority_sources_ignored": self.priority_sources_ignored,
            "priorities": self.priorities,
            "disagreement": asdict(self.disagreement),
            "drivers": [d.to_json() for d in self.drivers],
            "input_drivers": [d.to_json() for d in self.input_drivers],
            "influence": self.influence,
            "pathways": {a: [asdict(p) for p in found] for a, found in self.pathways.items()},
            "trade_offs": _capped(self.trade_offs, self.top),
            "gaps": _capped(self.gaps, self.top),
            "departments": _capped(self.departments, self.top),
        }
        if self.what_if is not None:
            report["what_if"] = asdict(self.what_if)
        if self.sensitivity is not None:
            report["sensitivity"] = asdict(self.sensitivity)
        return report


def _driver_rows(ranked: list[Driver], costs: Mapping[str, float]) -> list[DriverRow]:
    rows = []
    for d in ranked:
        cost = costs.get(d.id)
        rows.append(
            DriverRow(d.id, d.label, d.score, d.gain, d.loss, cost, per_100k(d.score, cost))
        )
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
) -> dict[str, list[ExplainedPathway]]:
    """The top ``k`` pathways of each activity, each with its ``text``."""
    if k <= 0:
        return {}
    best = best_reach(graph, priority)
    rows = {}
    for a in ids:
        found = top_pathways(graph, graph.index[a], priority, k, best)
        labels = {n: model.nodes[graph.index[n]].label for p in found for n in p.nodes}
        rows[a] = [ExplainedPathway(**asdict(p), text=pathway_text(p, labels)) for p in found]
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
) -> Analysis:
    """The whole analysis (the module docstring describes its parts).

    The cyclic garbage collector is paused meanwhile (:mod:`toc.collector`): the
    work allocates many small objects and no cycles.

    Examples
    --------
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "a", "label": "A", "stage": "activity"},
    ...               {"id": "o", "label": "O", "stage": "outcome", "priority": 2}],
    ...     "links": [{"from": "a", "to": "o", "weight": 0.5}]})
    >>> r = analysis(m)
    >>> r.to_json()["drivers"]
    [{'id': 'a', 'label': 'A', 'score': 0.5, 'gain': 0.5, 'loss': 0.0}]
    >>> r.influence, r.pathways["a"][0].nodes, r.label("o")
    ({'a': {'o': 0.5}}, ['a', 'o'], 'O')
    """
    with collector_paused():
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


def _analysis(
    model: LogicModel,
    top: int | None,
    priority_source: str | None,
    remove: list[str],
    scale: Mapping[str, float] | None,
    monte_carlo: tuple[int, int, int],
    paths: int,
    progress: Callable[[int, int], None] | None,
) -> Analysis:
    chosen = priorities(model, priority_source)
    graph = graph_arrays(model)
    priority = priority_vector(graph, chosen.weights)
    scores = driver_arrays(graph, priority)
    ranked = ranked_drivers(model, graph, scores)
    listed = ranked[:top] if top is not None else ranked
    ids = [d.id for d in listed]
    rows = influence_rows(graph, ids)
    funds = {n.id: n.cost for n in model.nodes if n.cost is not None}
    return Analysis(
        title=model.title,
        priority_source=chosen.source,
        priority_sources_ignored=list(chosen.ignored),
        priorities=dict(sorted(chosen.weights.items(), key=lambda kv: (-kv[1], kv[0]))),
        labels={n.id: n.label for n in model.nodes},
        disagreement=disagreement(model),
        drivers=_driver_rows(listed, activity_costs(model, graph)),
        input_drivers=_driver_rows(ranked_drivers(model, graph, scores, "input")[:top], funds),
        influence=rows,
        pathways=_pathway_rows(model, graph, priority, ids, paths),
        trade_offs=trade_offs(
            model, chosen.weights, rows=rows, ranked=ranked, graph=graph, limit=top
        ),
        gaps=gaps_from(model, graph, scores, chosen.weights),
        departments=department_view(model, chosen.weights, graph, top),
        what_if=what_if_from(graph, chosen.weights, remove, scale) if remove or scale else None,
        sensitivity=_sensitivity(model, graph, chosen.weights, monte_carlo, set(ids), progress),
        top=top,
    )


def _sensitivity(
    model: LogicModel,
    graph: GraphArrays,
    weights: Mapping[str, float],
    monte_carlo: tuple[int, int, int],
    keep: set[str],
    progress: Callable[[int, int], None] | None,
) -> Sensitivity | None:
    """The Monte Carlo rows of the listed activities, or ``None`` when no samples are asked."""
    samples, seed, top_k = monte_carlo
    if samples <= 0:
        return None
    result = sensitivity(
        model, samples, seed=seed, top_k=top_k, weights=weights, progress=progress, graph=graph
    )
    return replace(result, rows=[r for r in result.rows if r.id in keep])
