"""The whole social value report of a model, as data and as tables for a terminal.

:func:`value_report` runs the value map, the sensitivity (tornado,
break-even, and Monte Carlo when asked), value by activity, by stakeholder
group and the return on each input, framework totals and the honesty
checks; :meth:`ValueReport.as_dict` is the ``--json`` object of ``toc
value`` and :func:`toc.terminal.valueview.report_tables` lays its tables out
for the terminal.  The convention used is stated at the top of both.  The
JSON holds only finite numbers, and never ``-0.0``.

Examples
--------
>>> from toc.formats.modelfiles import load_model
>>> report = value_report(load_model("models/sroi-worked-example.yaml"))
>>> data = report.as_dict()
>>> data["convention"], data["convention_text"]
('sroi', 'SROI value map (year 1 discounted once at 3.5%)')
>>> round(data["npv"], 2), data["ratio_text"]
(217338.49, '1.87 : 1')
>>> value_report(load_model("models/sroi-worked-example.yaml"), ratio_digits=0).as_dict()["ratio_text"]
'2 : 1'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from toc.analysis.checks import Finding
from toc.errors import ValuationError
from toc.model import LogicModel
from toc.sroi.attribution import ValueByActivity, value_by_activity
from toc.sroi.breakeven import BreakEven, TornadoBar, break_even, tornado
from toc.sroi.figures import ratio_text
from toc.sroi.honesty import FrameworkTotal, framework_totals, honesty_findings
from toc.sroi.montecarlo import MonteCarlo, monte_carlo
from toc.sroi.parties import InputReturn, StakeholderValue, return_by_input, value_by_stakeholder
from toc.sroi.valuemap import ValueMap, value_map

__all__ = ["ValueReport", "ratio_text", "value_report"]


@dataclass(frozen=True)
class ValueReport:
    """Everything ``toc value`` shows for one model."""

    title: str
    value_map: ValueMap
    tornado: list[TornadoBar]
    break_even: list[BreakEven]
    by_activity: ValueByActivity
    findings: list[Finding]
    monte_carlo: MonteCarlo | None = None
    scheme: str | None = None
    frameworks: list[FrameworkTotal] | None = None
    by_stakeholder: tuple[StakeholderValue, ...] = ()
    by_input: tuple[InputReturn, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data for JSON: headline figures first, then the detail.

        Raises
        ------
        ValuationError
            If a figure is not a finite number (the bounds on every setting are
            meant to make that impossible).
        """
        head = self.value_map.as_dict()
        data = {
            "title": self.title,
            **head,
            "sensitivity": {
                "tornado": [bar.as_dict() for bar in self.tornado],
                "break_even": [point.as_dict() for point in self.break_even],
                "monte_carlo": self.monte_carlo.as_dict() if self.monte_carlo else None,
            },
            "by_activity": self.by_activity.as_dict(),
            "by_stakeholder": [row.as_dict() for row in self.by_stakeholder],
            "by_input": [row.as_dict() for row in self.by_input],
            "frameworks": None if self.frameworks is None else _frameworks(self.frameworks),
            "findings": [_finding(f) for f in self.findings],
        }
        finite: dict[str, Any] = _finite(data, "")
        return finite


def _frameworks(totals: list[FrameworkTotal]) -> list[dict[str, Any]]:
    return [
        {
            "scheme": t.scheme,
            "code": t.code,
            "present_value": t.present_value,
            "outcomes": list(t.outcomes),
        }
        for t in totals
    ]


def _finite(data: Any, where: str) -> Any:
    """``data`` with ``-0.0`` made ``0.0``; refuses NaN and infinity, naming the key."""
    if isinstance(data, dict):
        return {key: _finite(value, f"{where}.{key}".lstrip(".")) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(value, f"{where}[{i}]") for i, value in enumerate(data)]
    if isinstance(data, float):
        if not math.isfinite(data):
            raise ValuationError(
                f"{where} came out as {data}: the model's numbers are too "
                "extreme to value; check its quantities, proxies and costs"
            )
        return data + 0.0
    return data


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "node_id": finding.node_id,
    }


def value_report(
    model: LogicModel,
    *,
    samples: int = 0,
    seed: int = 0,
    scheme: str | None = None,
    partners: Sequence[LogicModel] = (),
    **overrides: Any,
) -> ValueReport:
    """Value a model and test the result; ``overrides`` are valuation settings.

    ``samples`` > 0 adds a Monte Carlo run over the outcomes' ranges;
    ``scheme`` (e.g. ``toms``) adds totals by that framework's codes;
    ``partners`` are other organisations' models claiming the same outcomes;
    ``ratio_digits`` (an override like the others) sets the decimals of
    every printed ratio.
    """
    valued = value_map(model, **overrides)
    return ValueReport(
        by_stakeholder=tuple(value_by_stakeholder(model, valued)),
        by_input=tuple(return_by_input(model, valued)),
        title=model.title,
        value_map=valued,
        tornado=tornado(model, **overrides),
        break_even=break_even(model, **overrides),
        by_activity=value_by_activity(model, valued=valued),
        findings=honesty_findings(model, partners=partners, valuation=valued.settings),
        monte_carlo=monte_carlo(model, samples=samples, seed=seed, **overrides)
        if samples
        else None,
        scheme=scheme,
        frameworks=framework_totals(model, scheme, valued=valued) if scheme else None,
    )
