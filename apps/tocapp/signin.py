"""Sign-in through the organisation's identity provider (Streamlit's ``st.login``, OpenID Connect).

Sign-in is on when the app's secrets (``.streamlit/secrets.toml``) hold an
``[auth]`` section: then a visitor who has not signed in sees only
:func:`signin_page`, and whoever has signed in is named by :func:`identity` (their
email, else their subject): the author of each revision and the ``user`` of every
store call, so the store's roles apply.  Without ``[auth]`` (the local default)
:func:`identity` is ``None``: the local user, who owns every model.
"""

from __future__ import annotations

import streamlit as st

from tocapp.escaped import bold

__all__ = ["enabled", "identity", "signed_out", "signin_page", "signout_button"]


def enabled() -> bool:
    """Whether the app's secrets configure sign-in (an ``[auth]`` section)."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


def identity() -> str | None:
    """Who has signed in (email, else subject); ``None`` without sign-in or before it."""
    if not enabled() or not st.user.get("is_logged_in"):
        return None
    name = st.user.get("email") or st.user.get("sub")
    return str(name) if name else None


def signed_out() -> bool:
    """Whether sign-in is on and this visitor has not signed in yet."""
    return enabled() and identity() is None


def signin_page() -> None:
    """All that a visitor who has not signed in sees."""
    st.title("toc — theory of change")
    st.write("Sign in with your organisation's account to see and edit its models.")
    if st.button("Sign in", type="primary", key="sign-in"):
        st.login()


def signout_button(name: str) -> None:
    """Who is signed in (the author of their changes), and a way out."""
    st.caption(f"Signed in as {bold(name)}")
    if st.button("Sign out", key="sign-out"):
        st.logout()
