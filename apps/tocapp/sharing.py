"""Share a model or an outcomes framework: its owner gives a person (or ``*``, everyone
signed in) a role, or takes it away.

The store (:meth:`toc.store.Store.grant`, :meth:`toc.store.Store.grant_framework`) does
the work and refuses anyone who is no owner, and leaving either without an owner; this
only asks and shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from toc.store import Grant, Role
from toc.store.access import ROLES
from tocapp import signin
from tocapp.escaped import literal_frame, unnumbered
from tocapp.state import store

__all__ = ["share", "share_framework"]

EVERYONE = "*"


@dataclass(frozen=True)
class Shared:
    """What is shared, as the store's calls for it: ``grants`` lists who has which role,
    ``grant`` gives one (``None``: takes it away); ``key`` starts each widget's key."""

    grants: Callable[[], list[Grant]]
    grant: Callable[[str, Role | None], object]
    key: str


def _model(model_id: str) -> Shared:
    return Shared(
        lambda: store().grants(model_id, user=signin.identity()),
        lambda who, role: store().grant(model_id, who, role, by=signin.identity()),
        "share",
    )


def _framework(framework_id: str) -> Shared:
    return Shared(
        lambda: store().framework_grants(framework_id, user=signin.identity()),
        lambda who, role: store().grant_framework(framework_id, who, role, by=signin.identity()),
        "framework-share",
    )


def _who(user: str) -> str:
    return "everyone signed in (*)" if user == EVERYONE else user


def grants_table(shared: Shared) -> list[str]:
    """Who has which role; the users listed."""
    grants = shared.grants()
    rows = [
        {"who": _who(g.user), "role": g.role, "given by": g.granted_by, "when (UTC)": g.granted}
        for g in grants
    ]
    st.table(unnumbered(literal_frame(pd.DataFrame(rows))))
    return [g.user for g in grants]


def give_form(shared: Shared) -> None:
    """Give a person (an email) or everyone signed in (``*``) a role."""
    with st.form(f"{shared.key}-give", border=False):
        who = st.text_input("Email, or * for everyone signed in", key=f"{shared.key}-who")
        role = st.selectbox("Role", ROLES, key=f"{shared.key}-role")
        if st.form_submit_button("Give this role", type="primary") and who.strip():
            shared.grant(who.strip(), role)
            st.rerun()


def remove_form(shared: Shared, users: list[str]) -> None:
    """Take a role away."""
    gone = st.selectbox(
        "Remove the role of", users, format_func=_who, key=f"{shared.key}-remove-who"
    )
    if st.button("Remove role", key=f"{shared.key}-remove") and gone is not None:
        shared.grant(gone, None)
        st.rerun()


def _share(shared: Shared) -> None:
    users = grants_table(shared)
    give_form(shared)
    remove_form(shared, users)


def share(model_id: str) -> None:
    """The owner's sharing section of a model: who has which role, give one, take one away."""
    _share(_model(model_id))


def share_framework(framework_id: str) -> None:
    """The owner's sharing section of an outcomes framework, as :func:`share` is a model's."""
    _share(_framework(framework_id))
