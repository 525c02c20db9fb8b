"""History: every revision, a readable diff between any two, and restore."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from toc.editor.markdown import markdown_literal
from toc.store import RevisionInfo
from tocapp import cached, session, signin
from tocapp.boundary import guarded
from tocapp.escaped import literal_frame, unnumbered
from tocapp.state import (
    author,
    may_edit,
    open_model,
    open_model_id,
    require_model,
    store,
)

#: Revisions per page of the History table.
PAGE = 50


def revision_table(revisions: list[RevisionInfo]) -> None:
    """The revisions given: number, when, who and what changed."""
    rows = [
        {
            "revision": r.number,
            "when (UTC)": f"{r.created:%Y-%m-%d %H:%M:%S}",
            "who": r.author,
            "what changed": r.summary,
        }
        for r in revisions
    ]
    st.table(unnumbered(literal_frame(pd.DataFrame(rows))))


def older_button(shown: int, total: int) -> None:
    """Show the next page of older revisions, while there are any."""
    if shown < total and st.button(f"Show older ({total - shown} more)", key="show-older"):
        session.HISTORY_SHOWN.set(shown + PAGE)
        st.rerun()


def compare(model_id: str, numbers: list[int]) -> None:
    """What changed between two chosen revisions, in words."""
    st.subheader("Compare two revisions")
    left, right = st.columns(2)
    old = left.selectbox("From revision", numbers, index=min(1, len(numbers) - 1))
    new = right.selectbox("To revision", numbers, index=0)
    lines = cached.revision_diff(store(), store().url, model_id, old, new)
    if lines:
        st.markdown("\n".join(f"- {markdown_literal(line)}" for line in lines))
    else:
        st.caption("No changes between these two revisions.")


def restore(model_id: str, numbers: list[int]) -> None:
    """Save an older revision again as the newest."""
    st.subheader("Restore")
    back = st.selectbox("Revision to restore", numbers[1:] or numbers, key="restore-number")
    st.caption("Restoring saves that revision again as the newest one: nothing is lost.")
    if st.button("Restore this revision", type="primary"):
        store().restore(model_id, back, author=author(), user=signin.identity())
        open_model(model_id)
        st.success(f"Restored revision {back}.")
        st.rerun()


def render() -> None:
    """The History page of the open model."""
    st.title("History")
    with guarded():
        require_model()
        model_id = open_model_id()
        numbers = [r.number for r in store().revisions(model_id, user=signin.identity())]
        shown = store().revisions(
            model_id, limit=session.HISTORY_SHOWN.get(), user=signin.identity()
        )
        st.caption(f"The newest {len(shown)} of {len(numbers)} revisions, newest first.")
        revision_table(shown)
        older_button(len(shown), len(numbers))
        compare(model_id, numbers)
        if may_edit(model_id):  # a viewer may read the history, not restore from it
            restore(model_id, numbers)


if __name__ == "__main__":  # st.navigation runs a page file as __main__
    render()
