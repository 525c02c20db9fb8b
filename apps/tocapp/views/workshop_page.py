"""Workshop: the facilitator opens a vote, shows its code and QR code, watches the count
come in live, and closes it, which saves the result as a revision of the model.

Participants vote from their phones on the Vote page (``/vote?code=...``), with no
account.  The count refreshes by itself every two seconds, from the store, so ballots
cast through any app process on the same database are counted (:mod:`toc.workshop`).
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from toc.editor.markdown import markdown_literal
from toc.model import RESULT_STAGES, LogicModel
from toc.model.valuation import BANDS
from toc.store.workshopstore import OpenRound, Workshops
from toc.workshop import BAND_JUDGEMENTS, POINTS, Round, tally
from tocapp import signin
from tocapp.boundary import guarded
from tocapp.escaped import literal_frame, unnumbered
from tocapp.names import labels
from tocapp.state import (
    author,
    open_model,
    open_model_id,
    read_only,
    require_model,
    store,
)
from tocapp.views.vote_page import CODE as VOTE_CODE

KINDS = {
    "points": f"Share {POINTS} points among outcomes",
    "dots": "Dot votes on outcomes",
    "band": "A judgement's band (0 to 100%)",
}
#: How often the live count reads the store again.
REFRESH = "2s"


def join_address(code: str) -> str:
    """The address a phone opens for this code: this server's, with ``?vote=CODE``."""
    url = urlsplit(str(st.context.url or "http://127.0.0.1:8501/"))
    return f"{url.scheme}://{url.netloc}/?{VOTE_CODE}={code}"


def qr_svg(address: str) -> str:
    """The QR code of an address, as SVG text (drawn here: nothing is fetched)."""
    import segno

    out = io.BytesIO()
    segno.make(address, error="m").save(out, kind="svg", scale=8, border=2, dark="#202124")
    return out.getvalue().decode("utf-8")


def open_form(model: LogicModel) -> None:
    """Choose what to vote on and open the vote."""
    results = labels(model, RESULT_STAGES)
    valued = {n.id: n.label for n in model.nodes if n.value is not None}
    kind = st.radio("Vote on", list(KINDS), format_func=KINDS.__getitem__, key="workshop-kind")
    if kind in ("points", "dots"):
        chosen = st.multiselect(
            "Outcomes", list(results), default=list(results), format_func=results.__getitem__,
            key="workshop-outcomes",
        )  # fmt: skip
        dots = (
            int(st.number_input("Dots each", 1, 20, 5, key="workshop-dots"))
            if kind == "dots"
            else 5
        )
        asked = Round(kind, tuple(chosen), dots=dots)  # type: ignore[arg-type]
    else:
        if not valued:
            st.info("No outcome has a value yet: give one a value on the Value page first.")
            return
        node = st.selectbox(
            "Outcome", list(valued), format_func=valued.__getitem__, key="workshop-node"
        )
        judgement = st.selectbox(
            "Judgement", BAND_JUDGEMENTS, format_func=lambda j: j.replace("_", "-"), key="workshop-judgement"
        )  # fmt: skip
        asked = Round("band", node=node, judgement=judgement)
    if st.button("Open the vote", type="primary", key="workshop-open"):
        Workshops(store()).open_round(open_model_id(), asked, by=author(), user=signin.identity())
        st.rerun()


def _counts(model: LogicModel, voting: OpenRound) -> pd.DataFrame:
    counted = tally(voting.round, Workshops(store()).ballots(voting.code))
    if voting.round.kind == "band":
        names = {str(i): f"{b:.0%}" for i, b in enumerate(BANDS)}
    else:
        names = labels(model)
    rows = [{"choice": names.get(k, k), "total": v} for k, v in counted.totals.items()]
    return pd.DataFrame(rows)


@st.fragment(run_every=REFRESH)
def live_count(code: str) -> None:
    """The count so far, read again every two seconds."""
    workshops = Workshops(store())
    voting = workshops.round(code)
    model = store().latest(voting.model_id).model
    ballots = workshops.ballots(code)
    counted = tally(voting.round, ballots)
    groups = ", ".join(f"{markdown_literal(g)} {n}" for g, n in sorted(counted.groups.items()))
    st.metric("Ballots", counted.ballots)
    st.caption(f"By group: {groups}" if groups else "No ballot yet.")
    frame = _counts(model, voting)
    if counted.ballots:
        st.bar_chart(frame, x="choice", y="total", horizontal=True, height=280)
    shown = frame.assign(total=[f"{v:g}" for v in frame["total"]])
    st.table(unnumbered(literal_frame(shown)))


def projector(model: LogicModel, voting: OpenRound, *, closable: bool = True) -> None:
    """The code and QR code to join, the live count, and closing."""
    address = join_address(voting.code)
    left, right = st.columns([1, 1])
    with left:
        st.markdown("**Join on your phone**")
        st.markdown(f"# `{voting.code}`")
        st.caption(f"Open {markdown_literal(address)} or scan the code.")  # the Host header
        st.image(qr_svg(address), width=260)
    with right:
        live_count(voting.code)
    if closable and st.button(
        "Close the vote and save the result", type="primary", key="workshop-close"
    ):
        saved = Workshops(store()).close_round(voting.code, by=author(), user=signin.identity())
        open_model(voting.model_id)
        st.success(f"Saved as revision {saved.number}.")


def render() -> None:
    """The Workshop page: one open vote at a time per model, with its projector view."""
    st.title("Workshop")
    with guarded():
        model = require_model()
        rounds = Workshops(store()).rounds(open_model_id())
        current = next((r for r in rounds if r.is_open), None)
        viewing = read_only(open_model_id())
        if current is None and viewing:
            st.caption("No vote is open on this model.")
        elif current is None:
            st.caption(
                "Open a vote for the room: participants join on their phones with the code, "
                "no account needed; closing saves the result as a revision."
            )
            open_form(model)
        else:
            projector(model, current, closable=not viewing)
        done = [r for r in rounds if not r.is_open]
        if done:
            st.caption(
                "Closed votes: "
                + ", ".join(f"{r.code} (revision {r.saved_revision})" for r in done[:10])
            )


if __name__ == "__main__":  # st.navigation runs a page file as __main__
    render()
