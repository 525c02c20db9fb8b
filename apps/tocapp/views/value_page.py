"""Value: the SROI value map as an editable table, the headline, tornado, value by activity."""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from toc.editor.markdown import markdown_literal
from toc.editor.operations import rebuilt
from toc.editor.valuegrid import apply_value_rows, value_rows
from toc.model import LogicModel
from toc.model.valuation import Valuation
from tocapp import session, valued
from tocapp.boundary import guarded
from tocapp.charts import horizontal_bars, show, tornado
from tocapp.state import commit, model_json, require_model, show_conflict

CONVENTIONS = {
    "sroi": "SROI value map: year 1 discounted once",
    "green-book": "HM Treasury Green Book: year 0 undiscounted",
    "none": "No discounting",
}


def settings_form(model: LogicModel) -> None:
    """Discount rate, convention and investment; saved with the model."""
    now = model.valuation or Valuation()
    with st.form(f"valuation-{session.BASE.get()}"):
        left, middle, right = st.columns(3)
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
        if st.form_submit_button("Save settings"):
            update = {
                "discount_rate": rate / 100,
                "convention": convention,
                "investment": investment,
            }
            chosen = Valuation.model_validate({**now.model_dump(), **update})
            commit(rebuilt(model, valuation=chosen))
            st.rerun()


# A column of shares between 0 and 1.
_fraction = partial(st.column_config.NumberColumn, min_value=0.0, max_value=1.0, format="%.2f")


def value_table(model: LogicModel) -> None:
    """The judgements behind each outcome's value, edited in a grid."""
    edited = st.data_editor(
        pd.DataFrame(value_rows(model)),
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
            "duration": st.column_config.NumberColumn("duration (years)", min_value=1, step=1),
            "start": st.column_config.SelectboxColumn("start", options=[1, 2]),
        },
    )
    if st.button("Save value map", type="primary"):
        commit(apply_value_rows(model, edited.to_dict("records")))
        st.rerun()


def headline(result: dict[str, Any]) -> None:
    """Present value, NPV, ratio and payback, with the convention named."""
    money = markdown_literal(result["currency_sign"])  # the model names its currency
    cells = st.columns(4)
    cells[0].metric("Present value", f"{money}{result['present_value']:,.0f}")
    cells[1].metric("Net present value", f"{money}{result['npv']:,.0f}")
    ratio = result["ratio"]
    cells[2].metric("SROI ratio", "—" if ratio is None else f"{ratio:.2f} : 1")
    payback = result["payback_months"]
    cells[3].metric("Payback", "—" if payback is None else f"{payback:.1f} months")
    st.caption(
        f"Convention: **{markdown_literal(result['convention'])}**. "
        f"Investment {money}{result['investment']:,.0f}."
    )


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
        rows = valued.activity_rows(text)
        if rows:
            title = "present value (£)"
            show(horizontal_bars(rows, "present value", "activity", title=title, large=large))
        else:
            st.caption("No activity drives a valued outcome yet.")


def render() -> None:
    """The Value page: settings, headline, the value map, tornado and value by activity."""
    st.title("Value")
    with guarded():
        model = require_model()
        show_conflict()
        text = model_json(model)
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
        st.subheader("Value map")
        value_table(model)
        charts(text)


if __name__ == "__main__":  # st.navigation runs a page file as __main__
    render()
