"""Value: the SROI value map as an editable table, the headline, and where the value goes."""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from toc.editor.markdown import markdown_literal
from toc.editor.operations import rebuilt
from toc.editor.valuegrid import apply_value_rows, value_rows
from toc.model import LogicModel
from toc.model.valuation import MAX_YEARS, Valuation
from tocapp import session, valued
from tocapp.boundary import guarded
from tocapp.charts import TOP, horizontal_bars, show, tornado
from tocapp.escaped import literal_frame, unnumbered
from tocapp.state import (
    commit,
    model_json,
    open_model_id,
    read_only,
    require_model,
    show_conflict,
)

CONVENTIONS = {
    "sroi": "SROI value map: year 1 discounted once",
    "green-book": "HM Treasury Green Book: year 0 undiscounted",
    "none": "No discounting",
}


def settings_form(model: LogicModel) -> None:
    """Discount rate, convention, investment and ratio decimals; saved with the model."""
    now = model.valuation or Valuation()
    with st.form(f"valuation-{session.BASE.get()}"):
        left, middle, right, digits_cell = st.columns([2, 3, 3, 2])
        rate = left.number_input("Discount rate (%)", 0.0, 100.0, now.discount_rate * 100, step=0.5)
        names = list(CONVENTIONS)
        convention = middle.selectbox(
            "Convention",
            names,
            index=names.index(now.convention),
            format_func=CONVENTIONS.__getitem__,
        )
        investment = right.number_input(
            "Investment (£; blank = the sum of input costs)",
            min_value=0.0,
            value=now.investment,
            step=1000.0,
        )
        digits = digits_cell.number_input("Ratio decimals", 0, 6, now.ratio_digits, step=1)
        if st.form_submit_button("Save settings"):
            update = {
                "discount_rate": rate / 100,
                "convention": convention,
                "investment": investment,
                "ratio_digits": digits,
            }
            chosen = Valuation.model_validate({**now.model_dump(), **update})
            commit(rebuilt(model, valuation=chosen))
            st.rerun()


# A column of shares between 0 and 1.
_fraction = partial(st.column_config.NumberColumn, min_value=0.0, max_value=1.0, format="%.2f")


def value_table(model: LogicModel) -> None:
    """The judgements behind each outcome's value, and who experiences it, edited in a grid."""
    rows = value_rows(model)
    edited = st.data_editor(
        pd.DataFrame(rows),
        hide_index=True,
        disabled=["id", "label"],
        key=f"value-map-{session.BASE.get()}",
        column_config={
            "quantity": st.column_config.NumberColumn("quantity", min_value=0),
            "proxy": st.column_config.NumberColumn("proxy (£ per unit a year)"),
            "deadweight": _fraction("deadweight"),
            "displacement": _fraction("displacement"),
            "attribution": _fraction("attribution"),
            "drop_off": _fraction("drop-off"),
            "duration": st.column_config.NumberColumn(
                "duration (years)", min_value=1, max_value=MAX_YEARS, step=1
            ),
            "start": st.column_config.NumberColumn(
                "start (year)",
                min_value=1,
                max_value=MAX_YEARS,
                step=1,
                help="1: during the activity; 2: the year after; 4: after a three-year programme",
            ),
            "stakeholder": st.column_config.SelectboxColumn(
                "stakeholder group",
                options=[g.id for g in model.stakeholders],
                help="The group that experiences the outcome (groups are set on Priorities)",
            ),
        },
    )
    if not model.stakeholders:
        st.caption("No stakeholder groups yet: add them on the **Priorities** page.")
    if st.button("Save value map", type="primary"):
        records = edited.to_dict("records")
        commit(apply_value_rows(model, records))
        st.rerun()


def headline(result: dict[str, Any]) -> None:
    """Present value, NPV, ratio and payback (or why there is none), with the convention."""
    cells = st.columns(4)
    figures = ("present_value", "npv", "ratio", "payback")
    names = ("Present value", "Net present value", "SROI ratio", "Payback")
    for cell, name, figure in zip(cells, names, figures, strict=True):
        cell.metric(name, markdown_literal(result[figure]))  # the model names its currency
    note = result["payback_note"]
    if note:  # the library says why there is none, e.g. "no payback: ..."
        st.warning(markdown_literal(note[:1].upper() + note[1:]), icon=":material/info:")
    st.caption(
        f"Convention: **{markdown_literal(result['convention'])}**. "
        f"Investment {markdown_literal(result['investment'])}. "
        f"Net ratio {markdown_literal(result['net_ratio'])}."
    )


#: Notes on the attribution shown one by one; the rest are listed in an expander.
NOTES = 5
#: Rows a table of results shows in full; longer tables scroll (st.dataframe).
TABLE_ROWS = 50


def table(rows: list[dict[str, Any]], empty: str) -> None:
    """Rows as a table of text, or ``empty`` when there are none.

    Past :data:`TABLE_ROWS` rows the table scrolls, so a model of thousands of boxes
    does not make a page of thousands of lines (st.dataframe shows text as data).
    """
    if not rows:
        st.caption(empty)
        return
    frame = pd.DataFrame(rows).set_index(pd.Index(range(1, len(rows) + 1)))
    if len(rows) > TABLE_ROWS:
        st.dataframe(frame, height=400)
    else:
        st.table(literal_frame(frame))


def by_year(text: str) -> None:
    """Each year's value, its factor, present value and part of the ratio."""
    st.subheader("Value by year")
    rows = valued.year_rows(text)
    if rows:
        st.table(unnumbered(literal_frame(pd.DataFrame(rows))))
        st.caption("Factor: the discount (or compounding) factor, 4 decimals.")


def charts(text: str) -> None:
    """What moves the ratio, and the value each activity drives, side by side."""
    large = session.LARGE_TEXT.get()
    left, right = st.columns(2)
    with left, guarded():
        st.subheader("Tornado: what moves the ratio")
        bars = valued.tornado_rows(text)
        if bars:
            show(tornado(bars, large=large))
        else:
            st.caption("Value an outcome to see which judgements matter most.")
    with right, guarded():
        st.subheader("Value by activity")
        rows = valued.activity_bars(text)
        if rows:
            title = "present value (£)"
            show(
                horizontal_bars(
                    rows, "present value", "activity", title=title, large=large, noun="activities"
                )
            )
            if len(rows) > TOP:
                st.caption(
                    f"The {TOP} activities that drive the most value (or destroy it), of "
                    f"{len(rows):,}; the last bar is the average of the other {len(rows) - TOP:,}. Every "
                    "activity is in the table below."
                )
        else:
            st.caption("No activity drives a valued outcome yet.")


def activities(text: str) -> None:
    """Each activity's share, the harm it does to good outcomes apart, and its net value."""
    st.markdown("**Value by activity: share, harm and net value**")
    found = valued.activity_rows(text)
    table(found["rows"], "No activities yet.")
    st.caption(
        "Present value is each activity's share of the value map; harm is what it does "
        "against outcomes valued as good, charged apart; net value is both."
    )
    notes = found["notes"]
    for note in notes[:NOTES]:
        st.caption(markdown_literal(note))
    if len(notes) > NOTES:
        with st.expander(f"{len(notes) - NOTES:,} more notes on the attribution"):
            st.markdown("\n".join(f"- {markdown_literal(note)}" for note in notes[NOTES:]))


def parties(text: str) -> None:
    """Who gains (by stakeholder group) and what each funder's money helped produce."""
    left, right = st.columns(2)
    with left, guarded():
        st.subheader("Value by stakeholder group")
        table(
            valued.stakeholder_rows(text),
            "Choose each outcome's stakeholder group in the value map to see who gains.",
        )
    with right, guarded():
        st.subheader("Return on each input")
        table(valued.input_rows(text), "No input has a cost yet: set costs on the Map.")
        st.caption("Each input is credited with the whole present value, so ratios do not add up.")


def results(text: str) -> None:
    """Everything worked out from the value map, each part failing on its own."""
    for part in (by_year, charts, activities, parties):
        with guarded():
            part(text)


def render() -> None:
    """The Value page: settings, headline, the value map, and where the value goes."""
    st.title("Value")
    with guarded():
        model = require_model()
        show_conflict()
        text = model_json(model)
        viewing = read_only(open_model_id())  # then the results only: nothing to save
        if not viewing:
            settings_form(model)
        if not value_rows(model):
            st.info("Add an outcome on the **Map** first: the value map values outcomes.")
            st.stop()
        with guarded():
            result = valued.headline(text)
            if result["outcomes"]:
                headline(result)
            else:
                st.caption("No outcome has a value yet: fill in quantity and proxy below.")
        if not viewing:
            st.subheader("Value map")
            value_table(model)
        if valued.is_valued(text):
            results(text)


if __name__ == "__main__":  # st.navigation runs a page file as __main__
    render()
