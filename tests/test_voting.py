"""Workshop voting: ballots checked, counted one per device, and saved as ratings or votes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toc.analysis.priorities import priorities
from toc.errors import TocError
from toc.model import LogicModel
from toc.workshop import (
    Ballot,
    BallotError,
    Round,
    checked_ballot,
    closed,
    join_code,
    tally,
)
from toc.workshop.voting import CODE_ALPHABET

MODEL = LogicModel.model_validate(
    {
        "title": "Youth",
        "stakeholders": [
            {"id": "young", "label": "Young people", "ratings": {"jobs": 10, "other": 5}}
        ],
        "nodes": [
            {"id": "jobs", "label": "Jobs", "stage": "outcome",
             "value": {"quantity": 10, "proxy": 100, "deadweight": 0.2}},
            {"id": "health", "label": "Health", "stage": "outcome"},
            {"id": "other", "label": "Other", "stage": "impact"},
            {"id": "act", "label": "Act", "stage": "activity"},
        ],
    }
)  # fmt: skip
POINTS = Round(kind="points", outcomes=("jobs", "health"))


def test_points_become_each_groups_mean_ratings() -> None:
    ballots = [
        Ballot("a", "Young people", {"jobs": 80, "health": 20}),
        Ballot("b", "Young people", {"jobs": 40, "health": 60}),
        Ballot("c", "Employers", {"jobs": 100}),
    ]
    saved = closed(MODEL, POINTS, ballots)
    groups = {g.id: g for g in saved.stakeholders}
    # the existing group (named by its label) keeps its rating of "other"
    assert groups["young"].ratings == {"other": 5, "jobs": 60.0, "health": 40.0}
    assert groups["employers"].label == "Employers"
    assert groups["employers"].ratings == {"jobs": 100.0, "health": 0.0}
    assert priorities(saved).source == "stakeholders"


def test_a_device_votes_once_its_last_ballot_counting() -> None:
    ballots = [
        Ballot("a", "Young people", {"jobs": 100}),
        Ballot("a", "Young people", {"health": 100}),
    ]
    counted = tally(POINTS, ballots)
    assert counted.ballots == 1 and counted.totals == {"jobs": 0.0, "health": 100.0}


def test_a_band_round_saves_the_votes_of_the_judgement() -> None:
    band = Round(kind="band", node="jobs", judgement="deadweight")
    ballots = [Ballot(str(i), "Residents", {"band": b}) for i, b in enumerate([1, 1, 2, 4])]
    saved = closed(MODEL, band, ballots)
    value = saved.node_map()["jobs"].value
    assert value is not None and value.ranges["deadweight"].votes == [0, 2, 1, 0, 1]


@pytest.mark.parametrize(
    ("round_", "choices", "said"),
    [
        (POINTS, {"jobs": 60, "health": 30}, "share exactly 100 points: these add up to 90"),
        (POINTS, {"jobs": 120, "health": -20}, "no negative numbers"),
        (POINTS, {"act": 100}, "'act' is not voted on"),
        (Round(kind="dots", outcomes=("jobs",), dots=3), {"jobs": 4}, "you have 3 dots"),
        (Round(kind="dots", outcomes=("jobs",), dots=3), {"jobs": 1.5}, "dots are whole"),
        (Round(kind="dots", outcomes=("jobs",), dots=3), {}, "at least one dot"),
        (Round(kind="band", node="jobs", judgement="attribution"), {"band": 5}, "choose one of"),
    ],
)
def test_a_ballot_that_breaks_the_rules_is_refused_in_words(
    round_: Round, choices: dict[str, float], said: str
) -> None:
    with pytest.raises(BallotError, match=said):
        checked_ballot(round_, Ballot("d", "Residents", choices))


@pytest.mark.parametrize(
    ("round_", "said"),
    [
        (Round(kind="points", outcomes=("act",)), "not an outcome or impact"),
        (Round(kind="points"), "needs outcomes"),
        (Round(kind="band", node="health", judgement="deadweight"), "not a valued outcome"),
        (Round(kind="band", node="jobs", judgement="proxy"), "a band round asks about"),
    ],
)
def test_a_round_the_model_cannot_hold_is_refused(round_: Round, said: str) -> None:
    with pytest.raises(TocError, match=said):
        round_.check(MODEL)


def test_no_ballot_saves_nothing() -> None:
    with pytest.raises(TocError, match="no ballots yet"):
        closed(MODEL, POINTS, [])


def test_codes_are_short_unambiguous_and_fresh() -> None:
    taken = {join_code() for _ in range(200)}
    assert all(len(c) == 6 and set(c) <= set(CODE_ALPHABET) for c in taken)
    assert not {"0", "O", "1", "I", "L"} & set(CODE_ALPHABET)
    assert join_code(taken) not in taken


@settings(max_examples=60, deadline=None)
@given(
    split=st.lists(st.integers(0, 100), min_size=1, max_size=30),
    groups=st.lists(st.sampled_from(["A", "B", "C"]), min_size=30, max_size=30),
)
def test_every_ballot_is_counted_and_the_means_are_the_groups_averages(
    split: list[int], groups: list[str]
) -> None:
    ballots = [
        Ballot(f"d{i}", groups[i], {"jobs": j, "health": 100 - j}) for i, j in enumerate(split)
    ]
    counted = tally(POINTS, ballots)
    assert counted.ballots == len(split)
    assert counted.totals["jobs"] + counted.totals["health"] == 100 * len(split)
    for group in set(groups[: len(split)]):
        mine = [j for j, g in zip(split, groups, strict=False) if g == group]
        assert counted.means[group]["jobs"] == pytest.approx(sum(mine) / len(mine))
