"""The whole social value report of a model, as data and as tables for a terminal.

:func:`value_report` runs the value map, the sensitivity (tornado,
break-even, and Monte Carlo when asked), value by activity, framework totals
and the honesty checks; :meth:`ValueReport.as_dict` is the ``--json`` object
of ``toc value`` and :func:`toc.terminal.valueview.report_tables` lays its tables out for the terminal.  The
convention used is stated at the top of both.

Examples
--------
>>> from toc.formats.modelfiles import load_model
>>> report = value_report(load_model("models/sroi-worked-example.yaml"))
>>> data = report.as_dict()
>>> data["convention"], data["convention_text"]
('sroi', 'SROI value map (year 1 discounted once at 3.5%)')
>>> round(data["npv"], 2), ratio_text(data["ratio"])
(217338.49, '1.87 : 1')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from toc.analysis.checks import Finding
from toc.model import LogicModel
from toc.sroi.attribution import ValueByActivity, value_by_activity
from toc.sroi.breakeven import BreakEven, TornadoBar, break_even, tornado
from toc.sroi.honesty import FrameworkTotal, framework_totals, honesty_findings
from toc.sroi.montecarlo import MonteCarlo, monte_carlo
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

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data for JSON: headline figures first, then the detail."""
        head = self.value_map.as_dict()
        return {
            "title": self.title,
            **head,
            "sensitivity": {
                "tornado": [bar.as_dict() for bar in self.tornado],
                "break_even": [point.as_dict() for point in self.break_even],
                "monte_carlo": self.monte_carlo.as_dict() if self.monte_carlo else None,
            },
            "by_activity": self.by_activity.as_dict(),
            "frameworks": None if self.frameworks is None else _frameworks(self.frameworks),
            "findings": [_finding(f) for f in self.findings],
        }


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
    ``partners`` are other organisations' models claiming the same outcomes.
    """
    valued = value_map(model, **overrides)
    return ValueReport(
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


def ratio_text(ratio: float | None) -> str:
    """A ratio as SROI reports print it.

    Examples
    --------
    >>> ratio_text(1.8693), ratio_text(None)
    ('1.87 : 1', 'none (no investment)')
    """
    return "none (no investment)" if ratio is None else f"{ratio:.2f} : 1"
