"""Comments on the selected box or link, in the Map's side panel, kept in the store.

A thread per box or link: read it, add to it, resolve it.  Viewing never writes: only
the Comment and Resolve buttons do.  Every comment is shown as typed (``st.text``).
"""

from __future__ import annotations

import streamlit as st

from toc.editor.markdown import markdown_literal
from toc.store.commentstore import MAX_COMMENT, Comments
from tocapp import signin
from tocapp.escaped import bold
from tocapp.state import author, open_model_id, store

__all__ = ["comment_counts", "comments_panel"]


def comment_counts() -> tuple[tuple[str, int], ...]:
    """Open comments on the open model's boxes and links, for the canvas's badges."""
    return tuple(
        sorted(Comments(store()).open_counts(open_model_id(), user=signin.identity()).items())
    )


def comments_panel(target: str) -> None:
    """The thread on ``target`` (a box's id, or a link's ``from->to``), and a reply."""
    notes = Comments(store())
    model_id = open_model_id()
    thread = notes.thread(model_id, target, user=signin.identity())
    unresolved = [c for c in thread if c.resolved is None]
    title = f"Comments ({len(unresolved)})" if unresolved else "Comments"
    with st.expander(title, expanded=bool(unresolved)):
        for comment in thread:
            state = f" · resolved by {bold(comment.resolved_by or '')}" if comment.resolved else ""
            st.caption(f"{bold(comment.author)} · {comment.created:%d %b %H:%M}{state}")
            st.text(comment.text)
        with st.form(f"comment-{target}", clear_on_submit=True, border=False):
            text = st.text_area("Add a comment", max_chars=MAX_COMMENT, height=80)
            if st.form_submit_button("Comment"):
                notes.add(model_id, target, text, author=author(), user=signin.identity())
                st.rerun()
        if unresolved and st.button("Resolve the thread", key=f"resolve-{target}"):
            notes.resolve(model_id, target, by=author(), user=signin.identity())
            st.rerun()
        if not thread:
            st.caption(markdown_literal("No comment yet: questions and doubts go here."))
