"""Priorities from nodes, the agreed order and stakeholder ratings; disagreement between groups."""

from __future__ import annotations

from typing import Any

import pytest

from toc.analysis import PrioritySourceError, disagreement, priorities, rank_order_centroid
from toc.model import LogicModel


def _model(**extra: Any) -> LogicModel:
    nodes = [{"id": o, "label": o.title(), "stage": "outcome"} for o in ("jobs", "health", "homes")]
    return LogicModel.model_validate({"title": "t", "nodes": nodes, **extra})


def test_rank_order_centroid_by_hand() -> None:
    # K = 4: (1 + 1/2 + 1/3 + 1/4)/4, (1/2 + 1/3 + 1/4)/4, (1/3 + 1/4)/4, (1/4)/4
    assert rank_order_centroid(4) == pytest.approx([0.520833, 0.270833, 0.145833, 0.0625])
    assert sum(rank_order_centroid(7)) == pytest.approx(1.0, abs=1e-5)


def test_node_priorities_win_over_the_order_and_the_ratings() -> None:
    model = _model(
        agreed_order=["homes", "jobs"],
        stakeholders=[{"id": "g", "label": "G", "ratings": {"health": 10}}],
    )
    data = model.model_dump(by_alias=True)
    data["nodes"][0]["priority"] = 2
    data["nodes"][1]["priority"] = 6
    chosen = priorities(LogicModel.model_validate(data))
    assert chosen.source == "nodes"
    assert chosen.weights == pytest.approx({"jobs": 0.25, "health": 0.75})


def test_the_agreed_order_comes_next() -> None:
    chosen = priorities(_model(agreed_order=["homes", "jobs"]))
    assert chosen.source == "agreed-order"
    assert chosen.weights == pytest.approx({"homes": 0.75, "jobs": 0.25})


def test_stakeholder_shares_are_averaged_by_group_weight() -> None:
    # residents (weight 3): jobs 20/80 = 0.25, health 0.75; employers (weight 1): jobs 1.0
    # jobs = (3 * 0.25 + 1 * 1.0) / 4 = 0.4375; health = 3 * 0.75 / 4 = 0.5625
    groups = [
        {"id": "res", "label": "Residents", "weight": 3, "ratings": {"jobs": 20, "health": 60}},
        {"id": "emp", "label": "Employers", "weight": 1, "ratings": {"jobs": 5}},
    ]
    chosen = priorities(_model(stakeholders=groups))
    assert chosen.source == "stakeholders"
    assert chosen.weights == pytest.approx({"jobs": 0.4375, "health": 0.5625})


def test_with_nothing_said_every_outcome_counts_the_same() -> None:
    chosen = priorities(_model())
    assert chosen.source == "equal"
    assert chosen.weights == pytest.approx({"jobs": 1 / 3, "health": 1 / 3, "homes": 1 / 3})


def test_asking_for_a_source_the_model_lacks_says_so() -> None:
    with pytest.raises(PrioritySourceError, match="no priorities from 'stakeholders'"):
        priorities(_model(), "stakeholders")
    with pytest.raises(PrioritySourceError, match="'votes' is not a priority source"):
        priorities(_model(), "votes")


def test_disagreement_names_the_outcomes_that_split_the_groups() -> None:
    # shares: res jobs .5 health .5; emp jobs .9 health .1 homes 0; hou homes 1.0
    groups = [
        {"id": "res", "label": "Residents", "ratings": {"jobs": 50, "health": 50}},
        {"id": "emp", "label": "Employers", "ratings": {"jobs": 90, "health": 10}},
        {"id": "hou", "label": "Tenants", "ratings": {"homes": 7}},
    ]
    found = disagreement(_model(stakeholders=groups))
    spreads = {s.outcome: (s.spread, s.highest, s.lowest) for s in found.outcomes}
    assert spreads == {
        "homes": (1.0, "hou", "res"),
        "jobs": (0.9, "emp", "hou"),
        "health": (0.5, "res", "hou"),
    }
    assert found.splits == ["health", "homes", "jobs"]


def test_one_group_cannot_disagree_with_itself() -> None:
    groups = [{"id": "res", "label": "Residents", "ratings": {"jobs": 50}}]
    assert disagreement(_model(stakeholders=groups)).outcomes == []
