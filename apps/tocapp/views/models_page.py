"""Models: list, open, create (blank, starter or example), upload, duplicate, delete, restore."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from toc.editor.markdown import markdown_literal
from toc.formats.modelfiles import format_of, load_model, loads_model
from toc.model import LogicModel
from toc.model.starter import starter_model
from tocapp import session, signin
from tocapp.boundary import guarded
from tocapp.escaped import bold
from tocapp.sharing import share
from tocapp.state import author, examples, open_model, role, store
from tocapp.views import MAP


def _open(model_id: str) -> None:
    open_model(model_id)
    st.switch_page(MAP.file)


def model_list() -> None:
    """The saved models, newest first, with a button to open each."""
    summaries = store().list_models(user=signin.identity())
    if not summaries:
        st.info("No models yet: create one below.")
        return
    for summary in summaries:
        row = st.container(border=True)
        left, right = row.columns([4, 1])
        left.markdown(
            f"{bold(summary.title)}  \n{summary.nodes} boxes · {summary.links} links · "
            f"revision {summary.revision} by {markdown_literal(summary.updated_by)}, "
            f"{summary.updated:%d %b %Y %H:%M} UTC"
        )
        if right.button("Open", key=f"open-{summary.id}", type="primary"):
            _open(summary.id)


def create_form() -> None:
    """A new model: blank, a starter chain of five boxes, or a copy of an example."""
    folder = examples()
    found = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    starts = ["Starter (one box per stage)", "Blank", *[f"Example: {p.stem}" for p in found]]
    with st.form("new-model"):
        title = st.text_input("Title", placeholder="e.g. Youth employment programme")
        start = st.selectbox("Start from", starts)
        if st.form_submit_button("Create model", type="primary"):
            model = _new_model(title.strip(), starts.index(start), found)
            _open(store().create_model(model, author=author(), user=signin.identity()))


def _new_model(title: str, choice: int, found: list[Path]) -> LogicModel:
    if choice >= 2:
        model = load_model(found[choice - 2])
        return model.model_copy(update={"title": title}) if title else model
    return starter_model(title or "Our theory of change", blank=choice == 1)


def upload_form() -> None:
    """A model from a YAML, JSON, XLSX, GraphML or Kumu (.kumu.json) file."""
    upload = st.file_uploader(
        "Upload a model (YAML, JSON, XLSX, GraphML or a Kumu blueprint .kumu.json)",
        type=["yaml", "yml", "json", "xlsx", "graphml"],
    )
    if upload is not None and st.button("Add the uploaded model", type="primary", key="upload"):
        model = loads_model(upload.getvalue(), format_of(upload.name), source=upload.name)
        note = f"uploaded {upload.name}"
        _open(store().create_model(model, author=author(), note=note, user=signin.identity()))


def manage() -> None:
    """Duplicate, delete and restore."""
    summaries = store().list_models(include_deleted=True, user=signin.identity())
    live = {s.id: s.title for s in summaries if not s.deleted}
    gone = {s.id: s.title for s in summaries if s.deleted}
    if live:
        chosen = st.selectbox("Model", list(live), format_func=live.__getitem__, key="manage")
        copy, delete = st.columns(2)
        if copy.button("Duplicate", key="duplicate"):
            title = f"{live[chosen]} (copy)"
            _open(
                store().duplicate_model(
                    chosen, title=title, author=author(), user=signin.identity()
                )
            )
        # Only an owner may delete (the store refuses anyone else too).
        if role(chosen) == "owner" and delete.button("Delete (can be restored)", key="delete"):
            store().delete_model(chosen, author=author(), user=signin.identity())
            if session.MODEL_ID.get() == chosen:
                session.MODEL_ID.forget()
                st.query_params.pop("model", None)
            st.rerun()
    gone = {k: v for k, v in gone.items() if role(k) == "owner"}
    if gone:
        back = st.selectbox("Deleted models", list(gone), format_func=gone.__getitem__)
        if st.button("Restore", key="undelete"):
            store().undelete_model(back, author=author(), user=signin.identity())
            st.rerun()


def render() -> None:
    """The Models page: the list on the left, new and manage on the right."""
    st.title("Models")
    st.caption("Every change is saved at once, with who made it and when. Nothing is lost.")
    with guarded():
        listing, new = st.columns([3, 2])
        with listing:
            model_list()
        with new:  # each part shows its own failure where the user is looking
            st.subheader("New model")
            with guarded():
                create_form()
            with guarded():
                upload_form()
            with st.expander("Duplicate, delete or restore"), guarded():
                manage()
            sharing()


def sharing() -> None:
    """With sign-in on, the open model's owner shares it (:mod:`tocapp.sharing`)."""
    model_id = session.MODEL_ID.get()
    if signin.identity() is None or model_id is None:
        return
    with guarded():
        if role(model_id) == "owner":
            with st.expander("Share the open model", expanded=True):
                share(model_id)


if __name__ == "__main__":  # st.navigation runs a page file as __main__
    render()
