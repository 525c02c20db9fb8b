"""Social value results for the Value page, cached by model content, as plain rows."""

from __future__ import annotations

from typing import Any

import streamlit as st

from toc.sroi.attribution import value_by_activity
from toc.sroi.breakeven import tornado
from toc.sroi.valuemap import value_map
from tocapp.cached import model_of
from tocapp.names import labels

__all__ = ["activity_rows", "headline", "is_valued", "tornado_rows"]

_SIGNS = {"GBP": "£", "EUR": "€", "USD": "$"}
_JUDGEMENTS = {"drop_off": "drop-off", "discount_rate": "discount rate"}


def is_valued(text: str) -> bool:
    """Whether any outcome or impact has a value yet."""
    return any(n.value is not None for n in model_of(text).nodes)


@st.cache_data(max_entries=64, show_spinner=False)
def headline(text: str) -> dict[str, Any]:
    """PV, NPV, ratio, payback, investment and the convention's name."""
    if not is_valued(text):
        return {"outcomes": 0}
    found = value_map(model_of(text))
    sign = _SIGNS.get(found.settings.currency, found.settings.currency + " ")
    return {
        "present_value": found.present_value,
        "npv": found.npv,
        "ratio": found.ratio,
        "payback_months": found.payback_months,
        "investment": found.investment,
        "convention": found.convention,
        "currency_sign": sign,
        "outcomes": len(found.outcomes),
    }


@st.cache_data(max_entries=64, show_spinner=False)
def tornado_rows(text: str) -> list[dict[str, Any]]:
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


@st.cache_data(max_entries=64, show_spinner=False)
def activity_rows(text: str) -> list[dict[str, Any]]:
    """Present value driven by each activity (negative where it destroys value)."""
    if not is_valued(text):
        return []
    found = value_by_activity(model_of(text))
    return [
        {"activity": a.label, "present value": a.present_value}
        for a in found.activities
        if a.present_value
    ]
