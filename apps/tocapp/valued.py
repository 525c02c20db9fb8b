"""Social value results for the Value page, cached by model content, as plain rows.

Figures meant to be read are text made by :mod:`toc.sroi.figures` (the minus
sign before the currency, ratios to the model's ``ratio_digits``, never
"-0"), as ``toc value`` prints them; rows meant for a chart keep numbers.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from toc.model import LogicModel
from toc.sroi.attribution import ActivityValue, value_by_activity
from toc.sroi.breakeven import tornado
from toc.sroi.figures import CURRENCY_SIGNS, money_text, number_text, ratio_text
from toc.sroi.parties import return_by_input, value_by_stakeholder
from toc.sroi.valuemap import ValueMap, value_map
from tocapp.cached import model_of
from tocapp.names import group_labels, labels

__all__ = [
    "activity_bars",
    "activity_rows",
    "headline",
    "input_rows",
    "is_valued",
    "stakeholder_rows",
    "tornado_rows",
    "year_rows",
]

_JUDGEMENTS = {"drop_off": "drop-off", "discount_rate": "discount rate"}
Rows = list[dict[str, Any]]


def is_valued(text: str) -> bool:
    """Whether any outcome or impact has a value yet."""
    return any(n.value is not None for n in model_of(text).nodes)


def _money(vm: ValueMap, amount: float) -> str:
    return money_text(amount, vm.settings.currency)


def _ratio(vm: ValueMap, ratio: float | None) -> str:
    return ratio_text(ratio, vm.settings.ratio_digits)


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{number_text(share * 100, 1)}%"


@st.cache_data(max_entries=64, show_spinner=False)
def headline(text: str) -> dict[str, Any]:
    """PV, NPV, ratios, payback (or why there is none), investment and the convention."""
    if not is_valued(text):
        return {"outcomes": 0}
    vm = value_map(model_of(text))
    months = vm.payback_months
    investment = _money(vm, vm.investment)
    if vm.investment != vm.investment_nominal:
        investment += f" (nominal {_money(vm, vm.investment_nominal)})"
    return {
        "present_value": _money(vm, vm.present_value),
        "npv": _money(vm, vm.npv),
        "ratio": _ratio(vm, vm.ratio),
        "net_ratio": _ratio(vm, vm.net_ratio),
        "payback": "none" if months is None else f"{number_text(months, 1)} months",
        "payback_note": vm.payback_note,
        "investment": investment,
        "convention": vm.convention,
        "currency": vm.settings.currency,
        "outcomes": len(vm.outcomes),
    }


@st.cache_data(max_entries=64, show_spinner=False)
def year_rows(text: str) -> Rows:
    """Each year's value, its factor, its present value and its part of the ratio."""
    if not is_valued(text):
        return []
    vm = value_map(model_of(text))
    digits = vm.settings.ratio_digits
    evaluative = vm.settings.mode == "evaluative"
    return [
        {
            "year": str(row.year),
            "as observed" if evaluative else "undiscounted": _money(vm, row.value),
            "factor": f"{row.factor:.4f}",
            "compounded" if evaluative else "present value": _money(vm, row.present_value),
            "ratio (: 1)": "—" if row.ratio is None else number_text(row.ratio, digits),
        }
        for row in vm.by_year
    ]


@st.cache_data(max_entries=64, show_spinner=False)
def tornado_rows(text: str) -> Rows:
    """Each judgement's low and high SROI ratio, largest swing first."""
    if not is_valued(text):
        return []
    model = model_of(text)
    names = labels(model)
    rows = []
    base = value_map(model).ratio or 0.0
    for bar in tornado(model)[:12]:
        what = _JUDGEMENTS.get(bar.judgement, bar.judgement)
        where = f"{names[bar.outcome]}: " if bar.outcome else ""
        low, high = sorted((bar.ratio_down, bar.ratio_up))
        rows.append({"judgement": f"{where}{what}", "low": low, "high": high, "base": base})
    return rows


def _activities(model: LogicModel) -> tuple[ValueMap, tuple[ActivityValue, ...], list[str]]:
    vm = value_map(model)
    found = value_by_activity(model, valued=vm)
    names = labels(model)
    unattributed = [
        f"{_money(vm, amount)} of {names.get(outcome, outcome)} is moved by no activity"
        for outcome, amount in found.unattributed.items()
    ]
    return vm, found.activities, [*found.notes, *unattributed]


@st.cache_data(max_entries=64, show_spinner=False)
def _activity_values(text: str) -> dict[str, Any]:
    """The chart's bars, the table's rows and the notes, from one attribution of the value.

    Attributing the value to activities is the slow part of the page on a big model
    (half a second for 750 activities), so the chart and the table share it.
    """
    if not is_valued(text):
        return {"bars": [], "rows": [], "notes": []}
    vm, activities, notes = _activities(model_of(text))
    per = f"net value per {CURRENCY_SIGNS.get(vm.settings.currency, vm.settings.currency)}"
    bars = [
        {"activity": a.label, "present value": a.present_value}
        for a in activities
        if a.present_value
    ]
    rows = [
        {
            "activity": a.label,
            "present value": _money(vm, a.present_value),
            "harm": _money(vm, a.harm),
            "net value": _money(vm, a.net_value),
            "cost": "—" if a.cost is None else _money(vm, a.cost),
            per: "—" if a.value_per_cost is None else number_text(a.value_per_cost, 2),
        }
        for a in activities
    ]
    return {"bars": bars, "rows": rows, "notes": notes}


def activity_bars(text: str) -> Rows:
    """Present value driven by each activity (negative where it destroys value), for a chart."""
    bars: Rows = _activity_values(text)["bars"]
    return bars


def activity_rows(text: str) -> dict[str, Any]:
    """Each activity's share of the value map, the harm it does apart, its net value and cost.

    ``present value`` no longer counts harm done to good outcomes: that is
    ``harm``, and ``net value`` is both (see :mod:`toc.sroi.attribution`).
    """
    found = _activity_values(text)
    return {"rows": found["rows"], "notes": found["notes"]}


@st.cache_data(max_entries=64, show_spinner=False)
def stakeholder_rows(text: str) -> Rows:
    """Present value by the stakeholder group that experiences each outcome, and its share."""
    if not is_valued(text):
        return []
    model = model_of(text)
    vm = value_map(model)
    groups = group_labels(model)
    return [
        {
            "stakeholder": "(none named)" if row.stakeholder is None else groups[row.stakeholder],
            "present value": _money(vm, row.present_value),
            "share": _percent(row.share),
        }
        for row in value_by_stakeholder(model, vm)
    ]


@st.cache_data(max_entries=64, show_spinner=False)
def input_rows(text: str) -> Rows:
    """Each input with a cost: the cost and the whole present value per unit of it."""
    if not is_valued(text):
        return []
    model = model_of(text)
    vm = value_map(model)
    return [
        {
            "input": row.label,
            "investment": _money(vm, row.investment),
            "ratio": _ratio(vm, row.ratio),
        }
        for row in return_by_input(model, vm)
    ]
