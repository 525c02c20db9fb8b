"""The Map page's side panel: edit the selected box or link, or connect two boxes."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import pandas as pd
import streamlit as st

from toc.editor.operations import (
    link_map,
    remove_link,
    remove_node,
    set_weight,
    update_node,
    upsert_link,
)
from toc.model import STAGES, Evidence, Horizon, InputKind, Link, LogicModel, Node, allowed_fields
from tocapp import session
from tocapp.discussion import comments_panel
from tocapp.names import department_labels, labels, labels_with_stage
from tocapp.state import commit

__all__ = ["side_panel"]

_EVIDENCE = ["", *[e.value for e in Evidence]]
_HORIZONS = ["", *[h.value for h in Horizon]]
_INPUT_KINDS = ["", *[k.value for k in InputKind]]


def _choices(model: LogicModel, shown: Collection[str] | None) -> dict[str, str]:
    """The boxes and links the canvas shows (all when ``shown`` is ``None``), by label."""
    names = labels(model)
    boxes = labels_with_stage(model)
    if shown is not None:
        boxes = {i: name for i, name in boxes.items() if i in shown}
    choices = {"": "— nothing selected —", **boxes}
    choices.update(
        {
            k.id: f"{names[k.from_]} → {names[k.to]} ({k.weight:+.2f})"
            for k in model.links
            if shown is None or (k.from_ in shown and k.to in shown)
        }
    )
    return choices


def side_panel(model: LogicModel, shown: Collection[str] | None = None) -> None:
    """Pick an item (or click it on the canvas) and edit it; ``shown``: what the canvas shows."""
    choices = _choices(model, shown)
    pending = session.SELECT_NEXT.pop()
    if pending is not None and pending != session.SELECTION.get():
        session.REPLACED_PICK.set(session.SELECTION.get())
        session.SELECTION.set(pending)
    elif pending is None:
        session.REPLACED_PICK.forget()  # a run has passed: the browser has the new pick
    if session.SELECTION.get() not in choices:
        session.SELECTION.set("")
    # The widget forgets its value when its options change (a weight in a label moved),
    # so the selection lives under its own key and is handed to the widget each run.
    session.SELECTED.set(session.SELECTION.get())
    st.selectbox(
        "Selected",
        list(choices),
        format_func=choices.__getitem__,
        key=session.SELECTED.key,
        on_change=_remember_selection,
    )
    chosen = session.SELECTED.get()
    nodes, links = model.node_map(), link_map(model)
    if chosen in nodes:
        node_form(model, nodes[chosen])
    elif chosen in links:
        link_form(model, links[chosen])
    if chosen in nodes or chosen in links:
        comments_panel(chosen)
    connect_form(model, shown)


def _remember_selection() -> None:
    """The user's pick, unless it is the browser handing back the pick just replaced.

    A box just added or a link just drawn is selected by the server; a rerun the canvas
    starts before the browser has drawn the new pick carries the picker's old value, which
    would otherwise read as the user choosing it again and undo the selection.
    """
    picked = session.SELECTED.get()
    if session.REPLACED_PICK.held() and picked == session.REPLACED_PICK.get():
        return
    session.SELECTION.set(picked)


def _key(item: str, field: str) -> str:
    return f"{field}-{item}-{session.BASE.get()}"


def node_form(model: LogicModel, node: Node) -> None:
    """Label, stage, department, description, and the stage's own fields."""
    with st.form(_key(node.id, "node")):
        fields: dict[str, Any] = {
            "label": st.text_input("Label", node.label),
            "stage": st.selectbox("Stage", [s.value for s in STAGES], index=node.stage.rank),
            "description": st.text_area("Description", node.description, height=80),
        }
        fields["department"] = _department(model, node)
        fields.update(_stage_fields(node))
        tags = st.text_input(
            "Framework tags (comma separated)",
            ", ".join(node.frameworks),
            help="e.g. toms:NT1, sdg:8, svm:MAC2",
        )
        fields["frameworks"] = [t.strip() for t in tags.split(",") if t.strip()]
        fields["indicators"] = _indicators(node)
        if st.form_submit_button("Save box", type="primary"):
            commit(update_node(model, node.id, **fields))
            st.rerun()
    if st.button("Delete box", key=_key(node.id, "delete")):
        commit(remove_node(model, node.id))
        session.SELECT_NEXT.set("")
        st.rerun()


def _department(model: LogicModel, node: Node) -> str | None:
    shown = {"": "—", **department_labels(model)}
    ids = list(shown)
    index = ids.index(node.department) if node.department in ids else 0
    chosen = st.selectbox("Department", ids, index=index, format_func=shown.__getitem__)
    return chosen or None


def _priority(node: Node) -> float | None:
    return st.number_input("Priority", min_value=0.0, value=node.priority, step=1.0)


def _choice(label: str, options: list[str], now: str) -> str | None:
    """One of ``options`` ("" shown as a dash, meaning none)."""
    chosen = st.selectbox(label, options, index=options.index(now), format_func=lambda o: o or "—")
    return chosen or None


def _horizon(node: Node) -> str | None:
    return _choice("Horizon", _HORIZONS, node.horizon.value if node.horizon else "")


def _cost(node: Node) -> float | None:
    return st.number_input("Cost (£)", min_value=0.0, value=node.cost, step=1000.0)


def _input_kind(node: Node) -> str | None:
    return _choice("Kind of input", _INPUT_KINDS, node.input_kind.value if node.input_kind else "")


# The stage-only fields edited here; ``value`` has the Value page.
_STAGE_FIELDS: dict[str, Callable[[Node], Any]] = {
    "priority": _priority,
    "horizon": _horizon,
    "cost": _cost,
    "input_kind": _input_kind,
}


def _stage_fields(node: Node) -> dict[str, Any]:
    """The fields only this box's stage may hold (the library says which)."""
    return {
        name: _STAGE_FIELDS[name](node)
        for name in allowed_fields(node.stage)
        if name in _STAGE_FIELDS
    }


def _indicators(node: Node) -> list[dict[str, Any]]:
    st.caption("Indicators (what is measured)")
    columns = ["name", "unit", "baseline", "target", "actual", "source"]
    rows = [i.model_dump() for i in node.indicators]
    edited = st.data_editor(
        pd.DataFrame(rows, columns=columns), num_rows="dynamic", hide_index=True
    )
    records = edited.to_dict("records")
    return [
        {k: v for k, v in r.items() if not pd.isna(v) and v != ""}
        for r in records
        if isinstance(r.get("name"), str) and r["name"].strip()
    ]


def link_form(model: LogicModel, link: Link) -> None:
    """Weight (-1 undermines strongly, +1 drives strongly), assumption and evidence."""
    with st.form(_key(link.id, "link")):
        weight = st.slider(
            "Weight",
            -1.0,
            1.0,
            float(link.weight),
            step=0.05,
            help="Negative: the source undermines the target.",
        )
        assumption = st.text_area("Assumption (why we believe it)", link.assumption)
        now = link.evidence.value if link.evidence else ""
        evidence = st.selectbox(
            "Evidence",
            _EVIDENCE,
            index=_EVIDENCE.index(now),
            format_func=lambda e: e or "not graded",
        )
        if st.form_submit_button("Save link", type="primary"):
            fields = {"assumption": assumption, "evidence": evidence or None}
            weighted = set_weight(model, link.id, weight)  # keeps low <= weight <= high
            commit(upsert_link(weighted, link.from_, link.to, **fields))
            st.rerun()
    if st.button("Delete link", key=_key(link.id, "delete")):
        commit(remove_link(model, link.id))
        session.SELECT_NEXT.set("")
        st.rerun()


def connect_form(model: LogicModel, shown: Collection[str] | None = None) -> None:
    """Link two boxes without the mouse (two of those the canvas shows)."""
    names = labels_with_stage(model)
    if shown is not None:
        names = {i: name for i, name in names.items() if i in shown}
    if len(names) < 2:
        return
    with st.expander("Connect two boxes"), st.form("connect", border=False):
        source = st.selectbox("From", list(names), format_func=names.__getitem__)
        target = st.selectbox("To", list(names), index=1, format_func=names.__getitem__)
        weight = st.slider("Weight", -1.0, 1.0, 0.5, step=0.05, key="connect-weight")
        if st.form_submit_button("Add link"):
            commit(upsert_link(model, source, target, weight=weight))
            session.SELECT_NEXT.set(f"{source}->{target}")
            st.rerun()
