"""Checks that report, not raise: what a reviewer of a logic model would point out.

A valid model can still be a weak one: an activity that leads nowhere, a
priority outcome nothing works towards, money that funds nothing, outcomes
nobody measures.  :func:`findings` lists these with a severity, a stable
code and the fix, in model order.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "t", "nodes": [
...     {"id": "grant", "label": "Grant", "stage": "input"},
...     {"id": "jobs", "label": "Jobs", "stage": "outcome", "priority": 1}]})
>>> for f in findings(m):
...     print(f)
warning [input-funds-nothing] input 'grant' (Grant) funds nothing: link it to the activities it pays for, or remove it
warning [priority-unreached] priority outcome 'jobs' (Jobs) is reached by no activity: add the activities that work towards it, or lower its priority
info [outcome-unmeasured] outcome 'jobs' (Jobs) has no indicator: add one, with a unit, baseline and target
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from toc.analysis.reach import reachable
from toc.model import LogicModel, Node, Stage

__all__ = ["CHECKS", "Finding", "findings"]

Severity = Literal["warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer would point out, with the fix."""

    code: str
    severity: Severity
    message: str
    node_id: str | None = None

    def __str__(self) -> str:
        return f"{self.severity} [{self.code}] {self.message}"


def findings(model: LogicModel) -> list[Finding]:
    """Every finding for a model: warnings first, then information, each in model order."""
    found = [f for check in CHECKS for f in check(model)]
    return sorted(found, key=lambda f: f.severity != "warning")


def _name(node: Node) -> str:
    return f"{node.stage.value} {node.id!r} ({node.label})"


def activities_reaching_nothing(model: LogicModel) -> Iterator[Finding]:
    """Activities with no path to any outcome or impact."""
    valued = [n.id for n in model.nodes if n.stage.is_result]
    reaching = reachable(model, valued, forward=False)
    for node in model.nodes:
        if node.stage is Stage.ACTIVITY and node.id not in reaching:
            yield Finding(
                "activity-reaches-nothing",
                "warning",
                f"{_name(node)} reaches no outcome: link it through an output to the outcome "
                "it serves, or consider whether it is needed",
                node.id,
            )


def priorities_unreached(model: LogicModel) -> Iterator[Finding]:
    """Outcomes or impacts with a priority above 0 that no activity leads to."""
    activities = [n.id for n in model.nodes if n.stage is Stage.ACTIVITY]
    reached = reachable(model, activities)
    for node in model.nodes:
        if node.priority and node.id not in reached:
            yield Finding(
                "priority-unreached",
                "warning",
                f"priority {_name(node)} is reached by no activity: add the activities that "
                "work towards it, or lower its priority",
                node.id,
            )


def inputs_funding_nothing(model: LogicModel) -> Iterator[Finding]:
    """Inputs with no outgoing link."""
    sources = {link.from_ for link in model.links}
    for node in model.nodes:
        if node.stage is Stage.INPUT and node.id not in sources:
            yield Finding(
                "input-funds-nothing",
                "warning",
                f"{_name(node)} funds nothing: link it to the activities it pays for, or remove it",
                node.id,
            )


def outcomes_unmeasured(model: LogicModel) -> Iterator[Finding]:
    """Outcomes with no indicator."""
    for node in model.nodes:
        if node.stage is Stage.OUTCOME and not node.indicators:
            yield Finding(
                "outcome-unmeasured",
                "info",
                f"{_name(node)} has no indicator: add one, with a unit, baseline and target",
                node.id,
            )


def output_only_metrics(model: LogicModel) -> Iterator[Finding]:
    """Indicators only on outputs: counting activity, measuring no change."""
    measured = {n.stage for n in model.nodes if n.indicators}
    if measured and measured <= {Stage.INPUT, Stage.ACTIVITY, Stage.OUTPUT}:
        yield Finding(
            "output-only-metrics",
            "warning",
            "every indicator counts inputs, activities or outputs, none measures an outcome: "
            "these are redundant metrics; measure the changes in people's lives that the "
            "priorities name",
        )


def departments_missing(model: LogicModel) -> Iterator[Finding]:
    """Nodes with no department in a model that declares departments."""
    if not model.departments:
        return
    for node in model.nodes:
        if node.department is None:
            yield Finding(
                "no-department",
                "info",
                f"{_name(node)} has no department: say who owns it, so shared outcomes and "
                "cross-department effects show",
                node.id,
            )


CHECKS = (
    inputs_funding_nothing,
    activities_reaching_nothing,
    priorities_unreached,
    output_only_metrics,
    outcomes_unmeasured,
    departments_missing,
)
