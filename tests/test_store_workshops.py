"""Workshop votes kept in the store, on SQLite and (given TOC_TEST_POSTGRES_URL) PostgreSQL:
rounds opened, ballots cast from many devices through several stores, closing saved."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store import BACKENDS, scratch_url

from toc.model import LogicModel
from toc.store import AccessDenied, Store
from toc.store.workshopstore import RoundClosedError, Workshops
from toc.workshop import Ballot, BallotError, Round

MODEL = LogicModel.model_validate(
    {
        "title": "Parks",
        "nodes": [
            {"id": "play", "label": "Play", "stage": "outcome",
             "value": {"quantity": 10, "proxy": 100}},
            {"id": "calm", "label": "Calm", "stage": "outcome"},
        ],
    }
)  # fmt: skip
POINTS = Round("points", ("play", "calm"))


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A new store on each database: SQLite, and PostgreSQL when one is given."""
    with Store(scratch_url(request.param, tmp_path)) as opened:
        yield opened


def test_a_round_is_opened_voted_on_and_closed_into_a_revision(store: Store) -> None:
    model_id = store.create_model(MODEL, author="Facilitator")
    workshops = Workshops(store)
    code = workshops.open_round(model_id, POINTS, by="Facilitator")
    assert workshops.round(code.lower()).is_open  # codes are read without case
    workshops.cast(code, Ballot("p1", "Residents", {"play": 100}))
    workshops.cast(code, Ballot("p1", "Residents", {"play": 20, "calm": 80}))  # changed mind
    workshops.cast(code, Ballot("p2", "Residents", {"play": 60, "calm": 40}))
    assert len(workshops.ballots(code)) == 2
    saved = workshops.close_round(code, by="Facilitator")
    assert saved.number == 2 and saved.author == "Facilitator"
    assert saved.model.stakeholders[0].ratings == {"play": 40.0, "calm": 60.0}
    found = workshops.round(code)
    assert not found.is_open and found.saved_revision == 2
    with pytest.raises(RoundClosedError, match="closed"):
        workshops.cast(code, Ballot("p3", "Residents", {"play": 100}))
    with pytest.raises(RoundClosedError, match="closed already, as revision 2"):
        workshops.close_round(code, by="Facilitator")
    assert [r.code for r in workshops.rounds(model_id)] == [code]


def test_a_band_round_saves_the_votes(store: Store) -> None:
    model_id = store.create_model(MODEL, author="F")
    workshops = Workshops(store)
    code = workshops.open_round(
        model_id, Round("band", node="play", judgement="attribution"), by="F"
    )
    for device, band in enumerate([0, 2, 2, 3]):
        workshops.cast(code, Ballot(f"d{device}", "Partners", {"band": band}))
    value = workshops.close_round(code, by="F").model.node_map()["play"].value
    assert value is not None and value.ranges["attribution"].votes == [1, 0, 2, 1, 0]


def test_bad_ballots_and_codes_are_refused_in_words(store: Store) -> None:
    model_id = store.create_model(MODEL, author="F")
    workshops = Workshops(store)
    code = workshops.open_round(model_id, POINTS, by="F")
    with pytest.raises(BallotError, match="share exactly 100 points"):
        workshops.cast(code, Ballot("p1", "Residents", {"play": 10}))
    with pytest.raises(RoundClosedError, match="no vote has the code"):
        workshops.cast("NOPE99", Ballot("p1", "Residents", {"play": 100}))
    assert workshops.ballots(code) == []


def test_only_an_editor_opens_or_closes_a_round(store: Store) -> None:
    model_id = store.create_model(MODEL, author="owner@council", user="owner@council")
    store.grant(model_id, "viewer@council", "viewer", by="owner@council")
    workshops = Workshops(store)
    with pytest.raises(AccessDenied):
        workshops.open_round(model_id, POINTS, by="viewer@council", user="viewer@council")
    code = workshops.open_round(model_id, POINTS, by="owner@council", user="owner@council")
    workshops.cast(code, Ballot("p1", "Residents", {"play": 100}))  # participants need no account
    with pytest.raises(AccessDenied):
        workshops.close_round(code, by="viewer@council", user="viewer@council")
    assert workshops.round(code).is_open


@pytest.mark.parametrize("backend", BACKENDS)
def test_ballots_from_many_phones_through_two_servers_are_all_counted(
    backend: str, tmp_path: Path
) -> None:
    """Thirty devices voting at once, half through each of two stores (two app processes)."""
    url = scratch_url(backend, tmp_path)
    with Store(url) as first, Store(url) as second:
        model_id = first.create_model(MODEL, author="F")
        code = Workshops(first).open_round(model_id, POINTS, by="F")
        failures: list[BaseException] = []

        def vote(device: int) -> None:
            try:
                server = Workshops(first if device % 2 else second)
                server.cast(code, Ballot(f"phone-{device}", "Residents", {"play": device, "calm": 100 - device}))  # fmt: skip
            except BaseException as err:
                failures.append(err)

        threads = [threading.Thread(target=vote, args=(d,)) for d in range(30)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        ballots = Workshops(second).ballots(code)
        assert len(ballots) == 30
        saved = Workshops(second).close_round(code, by="F")
        assert saved.model.stakeholders[0].ratings["play"] == pytest.approx(sum(range(30)) / 30)
