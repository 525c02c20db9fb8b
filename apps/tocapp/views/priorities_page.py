"""Priorities: where they come from, box priorities, the agreed order, ratings, disagreement."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from toc.editor.grids import add_group, apply_rating_rows, blank, rating_rows
from toc.editor.markdown import markdown_literal
from toc.editor.operations import move_in_order, rebuilt, update_node
from toc.model import PRIORITY_SOURCES, RESULT_STAGES, LogicModel, Node
from tocapp import cached, session
from tocapp.boundary import guarded
from tocapp.charts import TOP, horizontal_bars, share_dots, show
from tocapp.escaped import bold
from tocapp.names import SOURCE_NAMES, labels
from tocapp.sources import notice, show_source
from tocapp.state import (
    commit,
    model_json,
    open_model_id,
    read_only,
    require_model,
    show_conflict,
)

#: How much of each source a model holds, in words: (one, many, none).
_HOLDS = {
    "nodes": ("on 1 box", "on {} boxes", "none set"),
    "agreed-order": ("1 outcome", "{} outcomes", "none agreed"),
    "stakeholders": ("1 group", "{} groups", "none given"),
}


def _holds(source: str, counts: dict[str, int]) -> str:
    """``source`` by name, with how much of it the model holds."""
    if source == "equal":
        return f"{SOURCE_NAMES[source]} (every outcome the same)"
    one, many, none = _HOLDS[source]
    count = counts[source]
    said = none if count == 0 else one if count == 1 else many.format(count)
    return f"{SOURCE_NAMES[source]} ({said})"


def source_choice(model: LogicModel) -> None:
    """Choose where priorities come from; the choice is saved with the model."""
    used = cached.priorities(model_json(model))
    sources = list(PRIORITY_SOURCES)
    chosen = st.radio(
        "Priorities come from",
        sources,
        index=sources.index(used["source"]),
        format_func=lambda source: _holds(source, used["counts"]),
        horizontal=True,
        key=f"priority-source-{session.BASE.get()}",
    )
    if chosen != used["source"]:
        commit(rebuilt(model, priority_source=chosen))
        st.rerun()
    show_source(model_json(model))
    if not used["chosen"]:
        st.caption(
            "Not chosen yet, so the model uses the first source it holds, in the order above. "
            "An edit that would switch it keeps this source and says so: choose here to switch."
        )


#: Outcomes set one number field each; more are set in a table (one field each would
#: make a page of thousands of fields, slow to draw and to scroll).
DIRECT_FIELDS = 40


def _direct_caption(model: LogicModel) -> None:
    st.caption("Higher matters more; 0 means not a priority; blank sets none.")
    used = cached.priorities(model_json(model))["source"]
    if used != "nodes":
        st.caption(f"Box priorities are set aside: priorities come from {SOURCE_NAMES[used]}.")


def direct_table(model: LogicModel, outcomes: list[Node]) -> None:
    """Each outcome's priority in one table, for models with many outcomes."""
    _direct_caption(model)
    rows = [{"id": n.id, "label": n.label, "priority": n.priority} for n in outcomes]
    edited = st.data_editor(
        pd.DataFrame(rows, columns=["id", "label", "priority"]).astype({"priority": float}),
        hide_index=True,
        disabled=["id", "label"],
        height=400,
        key=f"direct-table-{session.BASE.get()}",
        column_config={"priority": st.column_config.NumberColumn("priority", min_value=0)},
    )
    if st.button("Save priorities", type="primary", key="save-direct-table"):
        before = {n.id: n.priority for n in outcomes}
        for row in edited.to_dict("records"):
            value = None if blank(row["priority"]) else float(row["priority"])
            if value != before.get(row["id"]):
                model = update_node(model, row["id"], priority=value)
        commit(model)
        st.rerun()


def direct(model: LogicModel) -> None:
    """Set each outcome's priority as a number (0 = not a priority, blank = none set)."""
    outcomes = [n for n in model.nodes if n.stage.is_result]
    if len(outcomes) > DIRECT_FIELDS:
        direct_table(model, outcomes)
        return
    with st.form(f"direct-{session.BASE.get()}"):
        _direct_caption(model)
        values = {
            n.id: st.number_input(
                f"Priority of '{markdown_literal(n.label)}'",
                min_value=0.0,
                value=n.priority,
                step=1.0,
            )
            for n in outcomes
        }
        if st.form_submit_button("Save priorities", type="primary"):
            for node_id, value in values.items():
                model = update_node(model, node_id, priority=value)
            commit(model)
            st.rerun()


def ratings(model: LogicModel) -> None:
    """Each group shares out its points (e.g. 100) across the outcomes."""
    with st.form("add-group", clear_on_submit=True, border=False):
        name, weight, add = st.columns([3, 1, 1], vertical_alignment="bottom")
        label = name.text_input("New stakeholder group", placeholder="e.g. Residents")
        count = weight.number_input("Weight", min_value=0.1, value=1.0, step=0.5)
        if add.form_submit_button("Add group"):
            commit(add_group(model, label, weight=count))
            st.rerun()
    if not model.stakeholders:
        st.caption("No groups yet: add one, then share out its points in the table.")
        return
    edited = st.data_editor(
        pd.DataFrame(rating_rows(model)),
        hide_index=True,
        disabled=["id", "label"],
        key=f"ratings-{session.BASE.get()}",
        column_config={
            g.id: st.column_config.NumberColumn(g.label, min_value=0) for g in model.stakeholders
        },
    )
    totals = edited[[g.id for g in model.stakeholders]].sum()
    given = (f"{markdown_literal(g.label)} {totals[g.id]:g}" for g in model.stakeholders)
    st.caption("Points given: " + ", ".join(given))
    if st.button("Save ratings", type="primary"):
        commit(apply_rating_rows(model, edited.to_dict("records")))
        st.rerun()


def agreed(model: LogicModel) -> None:
    """The order the council agreed, most important first."""
    names = labels(model, RESULT_STAGES)
    order = st.multiselect(
        "Agreed order (pick the most important first)",
        list(names),
        default=[i for i in model.agreed_order if i in names],
        format_func=names.__getitem__,
        key=f"order-{session.BASE.get()}",
    )
    if st.button("Save agreed order"):
        commit(rebuilt(model, agreed_order=order))
        st.rerun()
    reorder(model, names)


#: Up to this many outcomes in the agreed order get move buttons each.
MOVABLE = 40


def reorder(model: LogicModel, names: dict[str, str]) -> None:
    """The agreed order as a numbered list, each outcome with buttons to move it."""
    order = [i for i in model.agreed_order if i in names]
    if len(order) < 2:
        return
    if len(order) > MOVABLE:
        st.caption(f"{len(order):,} outcomes in order; pick them again above to reorder.")
        return
    st.caption("Move an outcome up or down; each move is saved.")
    for place, node_id in enumerate(order):
        name, up, down = st.columns([8, 1, 1], vertical_alignment="center")
        name.markdown(f"{place + 1}. {markdown_literal(names[node_id])}")
        moves = ((up, "↑", -1, place == 0), (down, "↓", 1, place == len(order) - 1))
        for column, arrow, step, disabled in moves:
            word = "up" if step < 0 else "down"
            if column.button(
                arrow,
                key=f"move-{word}-{node_id}-{session.BASE.get()}",
                disabled=disabled,
                help=f"Move {markdown_literal(names[node_id])} {word}",
            ):
                commit(move_in_order(model, node_id, step))
                st.rerun()


def in_use(model: LogicModel) -> None:
    """The priorities the analysis uses, and how far the groups disagree."""
    large = session.LARGE_TEXT.get()
    used = cached.priorities(model_json(model))
    source = SOURCE_NAMES[used["source"]]
    st.caption(f"The weights the analysis uses, from {source}, normalised to sum to 1.")
    rows = used["rows"]
    if rows:
        show(horizontal_bars(rows, "weight", "label", title="weight", large=large, noun="outcomes"))
    if len(rows) > TOP:
        st.caption(
            f"The {TOP} largest of {len(rows):,} weights; the last bar is the average of the other "
            f"{len(rows) - TOP:,}. Each outcome's own is in the ratings table or under "
            "Set priorities directly."
        )
    split = cached.disagreement(model_json(model))
    if not split["rows"]:
        st.caption("Add at least two stakeholder groups with ratings to see where they disagree.")
        return
    st.subheader("Where the groups disagree")
    if split["splits"]:
        st.markdown(
            "Outcomes that split the groups: " + ", ".join(bold(s) for s in split["splits"])
        )
    show(share_dots(split["rows"], large=large))
    outcomes = len({r["outcome"] for r in split["rows"]})
    if outcomes > TOP:
        st.caption(
            f"The {TOP} of {outcomes:,} outcomes the groups split on most; each group's "
            "points for every outcome are in the ratings table below."
        )


def render() -> None:
    """The Priorities page: direct priorities, the agreed order, ratings and disagreement."""
    st.title("Priorities")
    with guarded():
        model = require_model()
        show_conflict()
        if not any(n.stage.is_result for n in model.nodes):
            st.info("Add an outcome on the **Map** first: priorities are about outcomes.")
            st.stop()
        notice()
        if read_only(open_model_id()):  # what is in use, and nothing to save
            in_use(model)
            return
        source_choice(model)
        left, right = st.columns([1, 1])
        with left:
            st.subheader("Set priorities directly")
            direct(model)
            st.subheader("Agreed order")
            agreed(model)
        with right:
            st.subheader("Priorities in use")
            in_use(model)
        st.subheader("Stakeholder ratings (points)")
        ratings(model)


if __name__ == "__main__":  # st.navigation runs a page file as __main__
    render()
