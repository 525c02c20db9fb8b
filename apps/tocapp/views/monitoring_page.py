"""Monitoring: the provider's return to download, and returns read back against the model.

The return is written from the open model (a row per indicator per period); returns
uploaded here are read, never saved: each indicator against its baseline and target by
period, and value to date against the forecast (:mod:`toc.monitoring`).
"""

from __future__ import annotations

import datetime
import json
from functools import partial

import pandas as pd
import streamlit as st

from toc.editor.markdown import markdown_literal
from toc.model import LogicModel, suggest_id
from toc.monitoring import (
    RULE,
    Monitoring,
    monitor,
    periods_from,
    read_return,
    return_template_bytes,
)
from tocapp.boundary import guarded
from tocapp.escaped import literal_frame, unnumbered
from tocapp.state import model_json, require_model

#: Status colours as words the table shows, most urgent first.
ORDER = ("off track", "behind", "on track", "no baseline", "no target", "not reported")


def _default_periods() -> str:
    year = datetime.date.today().year
    return f"{year}-Q1..{year}-Q4"


def template_part(model: LogicModel) -> None:
    """The return to send a provider: periods chosen, the workbook downloaded."""
    st.subheader("The provider's return")
    count = sum(len(n.indicators) for n in model.nodes)
    if not count:
        st.info(
            "The model has no indicators yet, so a return has nothing to ask for: add them "
            "to boxes (name, unit, baseline, target) on the Map, or in the model file."
        )
        return
    text = st.text_input(
        "Reporting periods",
        value=_default_periods(),
        key="monitoring-periods",
        help="Each starts with its year: a list (2025-Q1, 2025-Q2) or a range of years, "
        "quarters or months (2025-Q1..2025-Q4, 2024..2026, 2025-04..2026-03).",
    )
    periods = periods_from(text)
    st.caption(
        f"{count} indicator(s) x {len(periods)} period(s): {', '.join(periods)}. The provider "
        "fills in the actual for each (as it stands at the end of the period), where it comes "
        "from and any notes; everything else is locked."
    )
    st.download_button(
        "Download the return (Excel)",
        data=partial(return_template_bytes, model, periods),
        file_name=f"{suggest_id(model.title)}-return.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="monitoring-template",
        on_click="ignore",
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _monitored(text: str, files: tuple[tuple[str, bytes], ...]) -> Monitoring:
    model = LogicModel.model_validate_json(text)
    returns = [read_return(raw, model, source=name) for name, raw in files]
    return monitor(model, returns)


def _latest_rows(report: Monitoring) -> list[dict[str, object]]:
    rows = sorted(report.latest(), key=lambda r: ORDER.index(r.status))
    return [
        {
            "status": r.status,
            "box": r.label,
            "indicator": r.named,
            "period": r.period,
            "baseline": "" if r.baseline is None else f"{r.baseline:,.6g}",
            "target": "" if r.target is None else f"{r.target:,.6g}",
            "actual": "" if r.actual is None else f"{r.actual:,.6g}",
            "progress": r.progress_text,
        }
        for r in rows
    ]


def _by_period(report: Monitoring) -> pd.DataFrame:
    """Every indicator (rows) by period (columns): the actual and its status."""
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for r in report.rows:
        shown = "" if r.actual is None else f"{r.actual:,.6g} ({r.status})"
        cells.setdefault((r.label, r.indicator), {})[r.period] = shown
    rows = [{"box": box, "indicator": name, **by} for (box, name), by in cells.items()]
    return pd.DataFrame(rows, columns=["box", "indicator", *report.periods])


def results_part(model: LogicModel) -> None:
    """Returns uploaded and read: statuses, every period, value to date."""
    st.subheader("Returns received")
    uploads = st.file_uploader(
        "Upload providers' filled-in returns (Excel); they are read, not saved",
        type=["xlsx"],
        accept_multiple_files=True,
        key="monitoring-returns",
    )
    if not uploads:
        st.caption("Upload one or more returns to see each indicator against its target.")
        return
    files = tuple((u.name, u.getvalue()) for u in uploads)
    report = _monitored(model_json(model), files)
    counts = report.counts
    columns = st.columns(len(ORDER[:3]) + 1)
    for column, name in zip(columns, ("on track", "behind", "off track"), strict=False):
        column.metric(name.capitalize(), counts.get(name, 0))
    columns[-1].metric("Not reported", counts.get("not reported", 0))
    st.markdown("**Each indicator at its latest reported period** (most urgent first)")
    st.table(unnumbered(literal_frame(pd.DataFrame(_latest_rows(report)))))
    st.caption(markdown_literal(f"The rule: {RULE}."))
    with st.expander("Every indicator by period"):
        st.dataframe(_by_period(report), hide_index=True)
    if report.outcomes:
        value_part(report)
    st.download_button(
        "Download the figures (JSON)",
        data=json.dumps(report.to_json(), indent=2, ensure_ascii=False),
        file_name=f"{suggest_id(model.title)}-monitoring.json",
        mime="application/json",
        key="monitoring-json",
        on_click="ignore",
    )


def value_part(report: Monitoring) -> None:
    """Value to date of the counted outcomes, against the forecast for the same years."""
    years = ", ".join(str(y) for y in report.years)
    st.markdown(
        f"**Value to date against the forecast** ({years}; undiscounted, {report.currency})"
    )
    rows = [
        {
            "outcome": o.label,
            "counted by": o.indicator,
            "observed": o.observed_text,
            "value to date": f"{o.value_to_date:,.0f}",
            "forecast": f"{o.forecast_to_date:,.0f}",
            "difference": f"{o.difference:+,.0f}",
        }
        for o in report.outcomes
    ]
    st.table(unnumbered(literal_frame(pd.DataFrame(rows))))
    st.caption(
        "An outcome given a value is counted by the indicator its value names (counted_by): "
        "how far it rose in a year is that year's observed quantity, valued as the model "
        "values the outcome. The forecast is the model's own for as many years, year 1 being "
        "the first period's."
    )


def render() -> None:
    """The Monitoring page: the return to send, and returns received read back."""
    st.title("Monitoring")
    with guarded():
        model = require_model()
        with guarded():
            template_part(model)
        with guarded():
            results_part(model)


if __name__ == "__main__":  # st.navigation runs a page file as __main__
    render()
