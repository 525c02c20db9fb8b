"""Gaps: priority outcomes nobody drives, activities that drive nothing, metrics nobody needs.

- *support* of an outcome is the sum of every activity's influence on it:
  ``support(o) = sum_a influence(a, o)``, from one forward solve.  A priority
  outcome with no path from any activity has support ``none``; one whose
  support is below ``weak`` (default 0.1) is ``weak``.
- *idle activities* reach no priority outcome at all: decommissioning
  candidates.  *Net-harm activities* have a negative driver score.
- *redundant metrics*: indicators on boxes that reach no priority outcome.
- *unmeasured priorities*: every priority outcome in use with no indicator of its
  own; *measured by outputs only* are those of them that an indicator on an
  upstream output stands in for (the output-only metrics the seeds warn about).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from toc.analysis.arrays import GraphArrays, graph_arrays, path_sums_forward, stage_mask
from toc.analysis.influence import DriverArrays, driver_arrays, priority_vector
from toc.analysis.priorities import priorities
from toc.model import LogicModel

__all__ = ["Gaps", "OutcomeSupport", "RedundantMetric", "gaps", "outcome_support"]


@dataclass(frozen=True)
class OutcomeSupport:
    """How much all activities together push a priority outcome, and the verdict."""

    id: str
    priority: float
    support: float
    status: str


@dataclass(frozen=True)
class RedundantMetric:
    """An indicator that measures nothing a priority depends on, and why."""

    node: str
    indicator: str
    reason: str


@dataclass(frozen=True)
class Gaps:
    """Weakly supported priorities, idle and net-harm activities, redundant metrics."""

    weak_outcomes: list[OutcomeSupport]
    idle_activities: list[str]
    net_harm_activities: list[str]
    redundant_metrics: list[RedundantMetric]
    unmeasured_priorities: list[str]
    measured_by_outputs_only: list[str]


def outcome_support(
    graph: GraphArrays, weights: Mapping[str, float], weak: float = 0.1
) -> list[OutcomeSupport]:
    """Support of each priority outcome, weakest first."""
    activity = stage_mask(graph, "activity").astype(np.float64)
    support = path_sums_forward(graph, activity, key="w")
    reach = path_sums_forward(graph, activity, np.abs(graph.weight), key="abs")
    rows = []
    for node_id, weight in weights.items():
        i = graph.index[node_id]
        status = "none" if reach[i] == 0 else ("weak" if support[i] < weak else "ok")
        rows.append(OutcomeSupport(node_id, weight, float(support[i]), status))
    return sorted(rows, key=lambda s: (s.support, s.id))


def _redundant(
    model: LogicModel, graph: GraphArrays, scores: DriverArrays
) -> list[RedundantMetric]:
    return [
        RedundantMetric(node.id, indicator.name, "reaches no priority outcome")
        for i, node in enumerate(model.nodes)
        if node.indicators and scores.reach[i] == 0
        for indicator in node.indicators
    ]


def _unmeasured(model: LogicModel, graph: GraphArrays, weights: Mapping[str, float]) -> list[str]:
    return sorted(o for o in weights if not model.nodes[graph.index[o]].indicators)


def _output_measured(
    model: LogicModel, graph: GraphArrays, weights: Mapping[str, float]
) -> list[str]:
    measured = [i for i, n in enumerate(model.nodes) if n.indicators]
    outputs = np.zeros(graph.size, dtype=bool)
    outputs[measured] = True
    outputs &= stage_mask(graph, "output")
    fed_by = {graph.ids[i] for i in graph.target[outputs[graph.source]].tolist()}
    return sorted(o for o in weights if o in fed_by and not model.nodes[graph.index[o]].indicators)


def gaps(model: LogicModel, weights: Mapping[str, float] | None = None, weak: float = 0.1) -> Gaps:
    """Every gap described in the module docstring.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "a", "label": "A", "stage": "activity"},
    ...               {"id": "b", "label": "B", "stage": "activity",
    ...                "indicators": [{"name": "sessions run"}]},
    ...               {"id": "o", "label": "O", "stage": "outcome", "priority": 1},
    ...               {"id": "p", "label": "P", "stage": "outcome", "priority": 1}],
    ...     "links": [{"from": "a", "to": "o", "weight": 0.05}]})
    >>> g = gaps(m)
    >>> [(s.id, s.status) for s in g.weak_outcomes], g.idle_activities
    ([('p', 'none'), ('o', 'weak')], ['b'])
    >>> g.redundant_metrics
    [RedundantMetric(node='b', indicator='sessions run', reason='reaches no priority outcome')]
    """
    graph = graph_arrays(model)
    chosen = priorities(model).weights if weights is None else weights
    scores = driver_arrays(graph, priority_vector(graph, chosen))
    return gaps_from(model, graph, scores, chosen, weak)


def gaps_from(
    model: LogicModel,
    graph: GraphArrays,
    scores: DriverArrays,
    weights: Mapping[str, float],
    weak: float = 0.1,
) -> Gaps:
    """:func:`gaps` from arrays and scores already computed."""
    support = [s for s in outcome_support(graph, weights, weak) if s.status != "ok"]
    activity = np.flatnonzero(stage_mask(graph, "activity"))
    idle = sorted(graph.ids[i] for i in activity if scores.reach[i] == 0)
    harm = sorted(graph.ids[i] for i in activity if scores.score[i] < 0)
    return Gaps(
        support,
        idle,
        harm,
        _redundant(model, graph, scores),
        _unmeasured(model, graph, weights),
        _output_measured(model, graph, weights),
    )
