"""Share a model: its owner gives a person (or ``*``, everyone signed in) a role, or takes it away.

The store (:meth:`toc.store.Store.grant`) does the work and refuses anyone who is
no owner, and leaving a model without an owner; this only asks and shows.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from toc.store.access import ROLES
from tocapp import signin
from tocapp.escaped import literal_frame, unnumbered
from tocapp.state import store

__all__ = ["share"]

EVERYONE = "*"


def _who(user: str) -> str:
    return "everyone signed in (*)" if user == EVERYONE else user


def grants_table(model_id: str) -> list[str]:
    """Who has which role on the model; the users listed."""
    grants = store().grants(model_id, user=signin.identity())
    rows = [
        {"who": _who(g.user), "role": g.role, "given by": g.granted_by, "when (UTC)": g.granted}
        for g in grants
    ]
    st.table(unnumbered(literal_frame(pd.DataFrame(rows))))
    return [g.user for g in grants]


def give_form(model_id: str) -> None:
    """Give a person (an email) or everyone signed in (``*``) a role."""
    with st.form("share-give", border=False):
        who = st.text_input("Email, or * for everyone signed in", key="share-who")
        role = st.selectbox("Role", ROLES, key="share-role")
        if st.form_submit_button("Give this role", type="primary") and who.strip():
            store().grant(model_id, who.strip(), role, by=signin.identity())
            st.rerun()


def remove_form(model_id: str, users: list[str]) -> None:
    """Take a role away."""
    gone = st.selectbox("Remove the role of", users, format_func=_who, key="share-remove-who")
    if st.button("Remove role", key="share-remove") and gone is not None:
        store().grant(model_id, gone, None, by=signin.identity())
        st.rerun()


def share(model_id: str) -> None:
    """The owner's sharing section: who has which role, give one, take one away."""
    users = grants_table(model_id)
    give_form(model_id)
    remove_form(model_id, users)
