"""Altair charts for the pages: the data comes from the library, only the drawing is here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from tocapp import session

__all__ = [
    "Drawing",
    "diverging_bars",
    "heatmap",
    "horizontal_bars",
    "share_dots",
    "show",
    "tornado",
]

GAIN = "#1f6f43"
LOSS = "#b3261e"
#: What the functions here draw (altair's chaining is untyped, so each says which it is).
Drawing = alt.Chart | alt.LayerChart


def show(chart: Drawing) -> None:
    """Draw a chart at the size it asks for, fonts larger on a projector.

    Streamlit's own chart theme fits axes and legend inside a fixed height and
    squeezes short charts flat, so charts are drawn with Vega-Lite's defaults.
    """
    size = 18 if session.LARGE_TEXT.get() else 12
    sized = chart.configure_axis(labelFontSize=size, titleFontSize=size)
    sized = sized.configure_legend(labelFontSize=size, titleFontSize=size)
    # Schema validation costs more than the page itself on big models; the specs are ours.
    st.vega_lite_chart(sized.to_dict(validate=False), theme=None, width="stretch")


def _height(rows: int, large: bool) -> int:
    """Pixels for the whole chart: Streamlit fits axes and legend inside the height."""
    return 120 + rows * (40 if large else 28)


def diverging_bars(rows: Sequence[dict[str, Any]], *, large: bool = False) -> alt.Chart:
    """Gains to the right, losses to the left, one bar pair per label, best score first."""
    data = pd.DataFrame(rows)
    if data.empty:
        data = pd.DataFrame({"label": [], "gain": [], "loss": [], "score": []})
    long = data.melt(id_vars=["label", "score"], value_vars=["gain", "loss"], var_name="part")
    order = list(data.sort_values("score", ascending=False)["label"])
    chart: alt.Chart = (  # altair's chaining is untyped
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title="contribution to the priority outcomes"),
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color(
                "part:N",
                scale=alt.Scale(domain=["gain", "loss"], range=[GAIN, LOSS]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=["label", "part", alt.Tooltip("value:Q", format="+.3f"), "score"],
        )
        .properties(height=_height(len(order), large))
    )
    return chart


def horizontal_bars(
    rows: Sequence[dict[str, Any]], x: str, y: str, *, title: str, large: bool = False
) -> alt.Chart:
    """Simple bars, longest first, coloured by sign."""
    data = pd.DataFrame(rows, columns=[y, x])
    chart: alt.Chart = (  # altair's chaining is untyped
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:Q", title=title),
            y=alt.Y(f"{y}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
            color=alt.condition(alt.datum[x] < 0, alt.value(LOSS), alt.value(GAIN)),
            tooltip=[y, alt.Tooltip(f"{x}:Q", format=",.3f")],
        )
        .properties(height=_height(len(data), large))
    )
    return chart


def heatmap(rows: Sequence[dict[str, Any]], *, large: bool = False) -> alt.LayerChart:
    """Activity x outcome influence: red undermines, green drives, white nothing."""
    data = pd.DataFrame(rows, columns=["activity", "outcome", "influence"])
    top = float(data["influence"].abs().max()) if not data.empty else 1.0
    top = top or 1.0
    base = alt.Chart(data).encode(
        x=alt.X("outcome:N", title=None, axis=alt.Axis(labelAngle=-30, labelLimit=200)),
        y=alt.Y("activity:N", title=None, axis=alt.Axis(labelLimit=280)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "influence:Q",
            scale=alt.Scale(
                domain=[-top, 0, top], range=[LOSS, "#f8f9fa", GAIN], interpolate="rgb"
            ),
            legend=alt.Legend(title="influence"),
        ),
        tooltip=["activity", "outcome", alt.Tooltip("influence:Q", format="+.3f")],
    )
    text = (
        base.mark_text(fontSize=16 if large else 11)
        .encode(
            text=alt.Text("influence:Q", format="+.2f"),
            color=alt.condition(
                f"abs(datum.influence) > {top / 2}", alt.value("white"), alt.value("#202124")
            ),
        )
        .transform_filter("datum.influence != 0")
    )
    rows_count = data["activity"].nunique() if not data.empty else 1
    chart: alt.LayerChart = (cells + text).properties(height=_height(rows_count, large) + 40)
    return chart


def share_dots(rows: Sequence[dict[str, Any]], *, large: bool = False) -> alt.LayerChart:
    """Each group's share of its points per outcome: far-apart dots mean disagreement."""
    data = pd.DataFrame(rows, columns=["outcome", "group", "share", "spread"])
    order = list(dict.fromkeys(data.sort_values("spread", ascending=False)["outcome"]))
    rule = (
        alt.Chart(data)
        .mark_rule(color="#9aa0a6")
        .encode(y=alt.Y("outcome:N", sort=order), x="min(share):Q", x2="max(share):Q")
    )
    dots = (
        alt.Chart(data)
        .mark_circle(size=200 if large else 110, opacity=0.9)
        .encode(
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title="share of the group's points"),
            y=alt.Y("outcome:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color("group:N", legend=alt.Legend(orient="bottom", title=None, columns=2)),
            tooltip=["outcome", "group", alt.Tooltip("share:Q", format=".0%")],
        )
    )
    chart: alt.LayerChart = (rule + dots).properties(height=_height(len(order), large))
    return chart


def tornado(rows: Sequence[dict[str, Any]], *, large: bool = False) -> alt.LayerChart:
    """One bar per judgement from its low to its high result, widest first."""
    data = pd.DataFrame(rows, columns=["judgement", "low", "high", "base"])
    data["width"] = (data["high"] - data["low"]).abs()
    order = list(data.sort_values("width", ascending=False)["judgement"])
    bars = (
        alt.Chart(data)
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("low:Q", title="SROI ratio", scale=alt.Scale(zero=False)),
            x2="high:Q",
            y=alt.Y("judgement:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            tooltip=[
                "judgement",
                alt.Tooltip("low:Q", format=".2f"),
                alt.Tooltip("high:Q", format=".2f"),
            ],
        )
    )
    base = alt.Chart(data).mark_rule(color="#202124", strokeDash=[4, 3]).encode(x="mean(base):Q")
    chart: alt.LayerChart = (bars + base).properties(height=_height(len(order), large))
    return chart
