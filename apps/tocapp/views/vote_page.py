"""Vote: the page a workshop participant opens on their phone, from the code or QR code.

The address is the app's own with ``?vote=CODE`` (the QR code's); with it, the app runs
this page alone (:func:`tocapp.main.on_a_phone_voting`).

No account and no sidebar: the page asks for the code shown on the projector (or
takes it from the address the QR code gives), the participant's stakeholder group,
and their ballot.  Each phone has a device number kept in the page's address, so a
refresh keeps it and a second ballot from the same phone replaces the first.  Every
label is shown as typed (``st.text`` and widget labels never read markdown).
"""

from __future__ import annotations

import uuid

import streamlit as st

from toc.editor.markdown import markdown_literal
from toc.errors import TocError
from toc.model import LogicModel
from toc.model.valuation import BANDS
from toc.store.workshopstore import OpenRound, Workshops
from toc.workshop import POINTS, Ballot
from tocapp.boundary import guarded
from tocapp.state import store

#: The address's parameters: the round's code and this phone's device number.
CODE, DEVICE = "vote", "device"
OTHER_GROUP = "Another group (type it)"


def device() -> str:
    """This phone's device number, made once and kept in the address."""
    held = st.query_params.get(DEVICE, "")
    if not held or len(held) > 64:
        held = uuid.uuid4().hex
        st.query_params[DEVICE] = held
    return held


def _code() -> str:
    typed = st.text_input(
        "The code on the screen", value=st.query_params.get(CODE, ""), max_chars=8, key="vote-code"
    )
    code = typed.strip().upper().replace(" ", "")
    if code and st.query_params.get(CODE) != code:
        st.query_params[CODE] = code
    return code


def _group(model: LogicModel) -> str:
    groups = [g.label for g in model.stakeholders]
    choice = st.selectbox(
        "Your group", [*groups, OTHER_GROUP], index=None, placeholder="Choose", key="vote-group"
    )
    typed = st.text_input(
        "If another group, its name", max_chars=60, key="vote-group-typed"
    ).strip()
    return typed if choice == OTHER_GROUP or (choice is None and typed) else (choice or "")


def _numbers(model: LogicModel, voting: OpenRound, most: int, step: int) -> dict[str, float]:
    """A number for each outcome of the round, from 0 to ``most``; the non-zero ones."""
    names = model.node_map()
    given = {
        o: float(
            st.number_input(
                markdown_literal(names[o].label),
                min_value=0,
                max_value=most,
                step=step,
                value=0,
                key=f"vote-{o}",
            )
        )
        for o in voting.round.outcomes
    }
    return {o: v for o, v in given.items() if v}


def _points(model: LogicModel, voting: OpenRound) -> dict[str, float]:
    st.write(f"Share {POINTS} points among these outcomes: more points, more important.")
    return _numbers(model, voting, POINTS, 5)


def _dots(model: LogicModel, voting: OpenRound) -> dict[str, float]:
    dots = voting.round.dots
    st.write(f"Place up to {dots} dots on the outcomes that matter most (several on one is fine).")
    return _numbers(model, voting, dots, 1)


def _band(model: LogicModel, voting: OpenRound) -> dict[str, float]:
    node = model.node_map()[voting.round.node or ""]
    question = {
        "deadweight": "How much of it would have happened anyway?",
        "displacement": "How much of it only moved from somewhere else?",
        "attribution": "How much of it is down to others?",
        "drop_off": "How much of it fades each year after the first?",
    }[voting.round.judgement or "deadweight"]
    st.write(question)
    st.caption(markdown_literal(node.label))
    labels = [f"{b:.0%}" for b in BANDS]
    chosen = st.radio("Your answer", labels, index=None, key="vote-band")
    return {} if chosen is None else {"band": float(labels.index(chosen))}


def ballot_form(model: LogicModel, voting: OpenRound, phone: str) -> None:
    """The group and the ballot in one form: nothing reaches the server until it is sent
    (one run per ballot, however many fields), then it is cast, or cast again."""
    parts = {"points": _points, "dots": _dots, "band": _band}
    with st.form("vote-ballot", border=False):
        group = _group(model)
        choices = parts[voting.round.kind](model, voting)
        sent = st.form_submit_button("Send my vote", type="primary", use_container_width=True)
    if sent:
        Workshops(store()).cast(voting.code, Ballot(phone, group, choices))
        st.success("Thank you: your vote is counted. You can change it until the vote closes.")


def render() -> None:
    """The participant's page: code, group, ballot."""
    st.title("Vote")
    phone = device()
    code = _code()
    if not code:
        st.caption("Type the six-letter code shown on the screen, or scan its QR code.")
        return
    with guarded():
        try:
            voting = Workshops(store()).round(code)
        except TocError as err:
            st.warning(markdown_literal(str(err)))
            return
        model = store().latest(voting.model_id).model
        st.caption(markdown_literal(model.title))
        if not voting.is_open:
            st.info("This vote has closed: thank you. The results are on the screen.")
            return
        ballot_form(model, voting, phone)


if __name__ == "__main__":  # st.navigation runs a page file as __main__
    render()
