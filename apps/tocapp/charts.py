"""Altair charts for the pages: the data comes from the library, only the drawing is here.

Every chart draws a bounded number of rows, whatever the model's size: bar charts
show the first :data:`TOP` rows and one "all others (k ...)" row, the rest's average
(:func:`top_and_rest`), the disagreement dots the :data:`TOP` outcomes that split
the groups most, and the heat map is bounded by its caller.  So a model of
thousands of boxes draws a chart a person can read, and Vega-Lite (which refuses
data of more than 5,000 rows) is never handed more than a few hundred.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from tocapp import session

__all__ = [
    "TOP",
    "Drawing",
    "diverging_bars",
    "heatmap",
    "horizontal_bars",
    "most_split",
    "others_label",
    "share_dots",
    "show",
    "top_and_rest",
    "tornado",
]

GAIN = "#1f6f43"
LOSS = "#b3261e"
#: Rows a bar chart draws before the rest are summed into one "all others" row.
TOP = 25
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


def others_label(count: int, noun: str) -> str:
    """The label of the row that stands for what a chart leaves out.

    Examples
    --------
    >>> others_label(2975, "activities")
    'all others (2,975 activities, average)'
    """
    return f"all others ({count:,} {noun}, average)"


def top_and_rest(
    rows: Sequence[dict[str, Any]],
    label: str,
    values: Sequence[str],
    *,
    top: int = TOP,
    noun: str = "boxes",
) -> list[dict[str, Any]]:
    """The first ``top`` rows, then (if any are left) one row of the rest's average ``values``.

    The rows come in the order to show.  The rest are averaged, not summed: a sum of
    thousands of small bars would dwarf the bars drawn one by one.

    Examples
    --------
    >>> rows = [{"label": x, "gain": g} for x, g in (("a", 3.0), ("b", 2.0), ("c", 1.0))]
    >>> top_and_rest(rows, "label", ["gain"], top=1, noun="activities")
    [{'label': 'a', 'gain': 3.0}, {'label': 'all others (2 activities, average)', 'gain': 1.5}]
    >>> top_and_rest(rows, "label", ["gain"], top=3) == rows
    True
    """
    kept = [dict(r) for r in rows[:top]]
    rest = rows[top:]
    if rest:
        averages = {key: float(sum(r[key] for r in rest)) / len(rest) for key in values}
        kept.append({label: others_label(len(rest), noun), **averages})
    return kept


def diverging_bars(
    rows: Sequence[dict[str, Any]],
    *,
    large: bool = False,
    top: int = TOP,
    noun: str = "activities",
) -> alt.Chart:
    """Gains to the right, losses to the left, one bar pair per label, best score first.

    Past ``top`` rows, the rest are one pair of bars, last: their average gain and loss.
    """
    ranked = sorted(rows, key=lambda r: r["score"], reverse=True)
    data = pd.DataFrame(
        top_and_rest(ranked, "label", ["gain", "loss", "score"], top=top, noun=noun),
        columns=["label", "gain", "loss", "score"],
    )
    long = data.melt(id_vars=["label", "score"], value_vars=["gain", "loss"], var_name="part")
    order = list(data["label"])
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
    rows: Sequence[dict[str, Any]],
    x: str,
    y: str,
    *,
    title: str,
    large: bool = False,
    top: int = TOP,
    noun: str = "boxes",
) -> alt.Chart:
    """Simple bars, largest first, coloured by sign.

    The ``top`` largest (either sign) are drawn one by one, the rest as one bar, last: their
    average.
    """
    largest = sorted(rows, key=lambda r: abs(r[x]), reverse=True)
    kept = top_and_rest(largest, y, [x], top=top, noun=noun)
    order = [r[y] for r in sorted(kept[:top], key=lambda r: r[x], reverse=True)]
    order += [r[y] for r in kept[top:]]
    data = pd.DataFrame(kept, columns=[y, x])
    chart: alt.Chart = (  # altair's chaining is untyped
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:Q", title=title),
            y=alt.Y(f"{y}:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
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


def share_dots(
    rows: Sequence[dict[str, Any]], *, large: bool = False, top: int = TOP
) -> alt.LayerChart:
    """Each group's share of its points per outcome: far-apart dots mean disagreement.

    Only the ``top`` outcomes with the widest spread are drawn (:func:`most_split`).
    """
    data = pd.DataFrame(rows, columns=["outcome", "group", "share", "spread"])
    order = most_split(rows, top)
    data = data[data["outcome"].isin(order)]
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


def most_split(rows: Sequence[dict[str, Any]], top: int = TOP) -> list[str]:
    """The ``top`` outcomes whose groups' shares are furthest apart, widest spread first.

    Examples
    --------
    >>> rows = [{"outcome": o, "spread": s} for o, s in (("a", 0.1), ("b", 0.5), ("a", 0.1))]
    >>> most_split(rows, 1), most_split(rows)
    (['b'], ['b', 'a'])
    """
    spread = {r["outcome"]: r["spread"] for r in rows}
    return sorted(spread, key=lambda o: spread[o], reverse=True)[:top]


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
