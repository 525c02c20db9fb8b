"""Decommissioning and redesign across the organisation: every corporate outcome before and after.

A target is a whole service (its model's title, or its file's stem) or one box of
it, ``service:box-id`` (usually an activity).  Scaling a service by ``F``
multiplies each of its contributions by ``F`` (contributions are linear in the
activities); scaling a box multiplies the links out of it by ``F`` and measures
the model again, as ``toc analyse --scale`` does, so paths from other activities
that run through the box change too.  Removing is ``F = 0``.

The result gives each code's support before and after, the priority-weighted
total (the sum of the scores), and the departments that feel it: for each lead
department, the priority-weighted support of the codes it leads, before and after
(codes without a lead department under ``(none)``).

Examples
--------
>>> from toc.model import LogicModel
>>> from toc.organisation.corporate import Framework
>>> from toc.organisation.portfolio import portfolio
>>> fw = Framework(title="City", scheme="council",
...     departments=[{"id": "economy", "label": "Economy"}],
...     outcomes=[{"code": "O1", "label": "Work", "department": "economy"}])
>>> m = LogicModel.model_validate({"title": "Jobs",
...     "nodes": [{"id": "a", "label": "A", "stage": "activity"},
...               {"id": "b", "label": "B", "stage": "activity"},
...               {"id": "o", "label": "O", "stage": "outcome", "frameworks": ["council:O1"]}],
...     "links": [{"from": "a", "to": "o", "weight": 0.5}, {"from": "b", "to": "o", "weight": 0.25}]})
>>> p = portfolio(fw, [m])
>>> r = redesign(p, "Jobs:a", models={"Jobs": m})
>>> [(c.code, c.before, c.after) for c in r.outcomes]
[('O1', 0.75, 0.25)]
>>> r.departments
{'economy': DepartmentChange(before=0.75, after=0.25, change=-0.5)}
>>> redesign(p, "Jobs", 0.5).total_after
0.375
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toc.errors import TocError
from toc.formats.modelfiles import load_model
from toc.model import LogicModel
from toc.organisation.contributions import NO_DEPARTMENT, ServiceFigures, service_figures
from toc.organisation.portfolio import Portfolio

__all__ = ["DepartmentChange", "OutcomeChange", "Redesign", "UnknownTargetError", "redesign"]


class UnknownTargetError(TocError):
    """A ``--without`` target names no service of the portfolio, or no box of the service."""


@dataclass(frozen=True)
class OutcomeChange:
    """One corporate outcome's support before and after."""

    code: str
    label: str
    priority: float
    before: float
    after: float
    change: float


@dataclass(frozen=True)
class DepartmentChange:
    """A lead department's priority-weighted support, before and after."""

    before: float
    after: float
    change: float


@dataclass(frozen=True)
class Redesign:
    """What removing or scaling a service or one of its boxes does to the organisation."""

    service: str
    node: str | None
    factor: float
    outcomes: list[OutcomeChange]
    departments: dict[str, DepartmentChange]
    total_before: float
    total_after: float

    def to_json(self) -> dict[str, Any]:
        """As plain data for ``toc portfolio --json`` (key ``without``)."""
        return {
            "service": self.service,
            "node": self.node,
            "factor": self.factor,
            "outcomes": [
                {
                    "code": o.code,
                    "label": o.label,
                    "priority": o.priority,
                    "before": o.before,
                    "after": o.after,
                    "change": o.change,
                }
                for o in self.outcomes
            ],
            "departments": {
                d: {"before": c.before, "after": c.after, "change": c.change}
                for d, c in self.departments.items()
            },
            "total_before": self.total_before,
            "total_after": self.total_after,
        }


def _find(portfolio: Portfolio, name: str) -> ServiceFigures | None:
    for f in portfolio.figures:
        if name in (f.title, Path(f.source).stem):
            return f
    return None


def _target(portfolio: Portfolio, target: str) -> tuple[ServiceFigures, str | None]:
    whole = _find(portfolio, target)
    if whole is not None:
        return whole, None
    name, _, node = target.rpartition(":")
    part = _find(portfolio, name) if name else None
    if part is not None and node:
        return part, node
    names = ", ".join(repr(f.title) for f in portfolio.figures[:10])
    more = len(portfolio.figures) - 10
    raise UnknownTargetError(
        f"{target!r} names no service of the portfolio (services: {names}"
        + (f" and {more} more" if more > 0 else "")
        + "): give a model's title or file name, or SERVICE:BOX-ID for one box"
    )


def _model(figures: ServiceFigures, models: Mapping[str, LogicModel] | None) -> LogicModel:
    if models is not None and figures.title in models:
        return models[figures.title]
    return load_model(figures.source)


def redesign(
    portfolio: Portfolio,
    target: str,
    factor: float = 0.0,
    *,
    models: Mapping[str, LogicModel] | None = None,
) -> Redesign:
    """Every corporate outcome's support with ``target`` scaled by ``factor`` (0 removes it).

    ``models`` gives models by title (else a box's model is read again from its file).

    Raises
    ------
    UnknownTargetError
        If the target names no service, or no box of the service.
    """
    service, node = _target(portfolio, target)
    if node is None:
        after_figures = {c: v * factor for c, v in service.contribution.items()}
    else:
        model = _model(service, models)
        if node not in {n.id for n in model.nodes}:
            activities = ", ".join(n.id for n in model.nodes if n.stage.value == "activity")
            raise UnknownTargetError(
                f"{node!r} is not a box of {service.title!r}: its activities are "
                f"{activities or 'none'}; give SERVICE:BOX-ID"
            )
        again = service_figures(
            model, portfolio.framework, source=service.source, scale=(node, factor)
        )
        after_figures = again.contribution
    weights = portfolio.priorities.weights
    lead = {o.code: o.department or NO_DEPARTMENT for o in portfolio.framework.outcomes}
    outcomes = []
    departments: dict[str, list[float]] = {}
    for o in portfolio.outcomes:
        after = o.support - service.contribution[o.code] + after_figures[o.code] + 0.0
        outcomes.append(
            OutcomeChange(o.code, o.label, o.priority, o.support, after, after - o.support)
        )
        if o.priority > 0:
            sums = departments.setdefault(lead[o.code], [0.0, 0.0])
            sums[0] += o.priority * o.support
            sums[1] += o.priority * after
    total_before = sum(weights.get(o.code, 0.0) * o.before for o in outcomes)
    total_after = sum(weights.get(o.code, 0.0) * o.after for o in outcomes)
    return Redesign(
        service=service.title,
        node=node,
        factor=factor,
        outcomes=outcomes,
        departments={d: DepartmentChange(b, a, a - b) for d, (b, a) in departments.items()},
        total_before=total_before,
        total_after=total_after,
    )
