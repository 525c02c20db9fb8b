"""Value by activity never credits harm as value, and its shares stay bounded."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toc import LogicModel
from toc.sroi.attribution import ActivityValue, value_by_activity
from toc.sroi.valuemap import value_map

WORTH_966 = {"quantity": 10, "proxy": 100}  # 1,000 in year 1, discounted once at 3.5%


def pulled(value: dict[str, Any], weights: dict[str, float]) -> LogicModel:
    """One valued outcome ``o`` and one activity per weight, linked straight to it."""
    nodes = [{"id": a, "label": a, "stage": "activity"} for a in weights]
    nodes.append({"id": "o", "label": "O", "stage": "outcome", "value": value})
    links = [{"from": a, "to": "o", "weight": w} for a, w in weights.items()]
    return LogicModel.model_validate(
        {"title": "t", "valuation": {"investment": 100}, "nodes": nodes, "links": links}
    )


def by_id(model: LogicModel) -> dict[str, ActivityValue]:
    return {a.id: a for a in value_by_activity(model, costs={}).activities}


def test_activities_that_only_undermine_a_good_outcome_get_no_share_of_it() -> None:
    # The old rule shared 966 by influence over a net of -0.6: +161 and +805.
    model = pulled(WORTH_966, {"b": -0.1, "c": -0.5})
    result = value_by_activity(model, costs={})
    found = {a.id: a for a in result.activities}
    assert found["b"].present_value == found["c"].present_value == 0.0
    assert found["b"].harm == pytest.approx(-966.18 / 6, abs=0.01)
    assert found["c"].harm == pytest.approx(-966.18 * 5 / 6, abs=0.01)
    assert result.unattributed == {"o": pytest.approx(966.18, abs=0.01)}
    assert any("outweigh those for it" in note for note in result.notes)


def test_near_cancelling_pulls_give_bounded_shares() -> None:
    # The old rule gave +4.8m and -4.8m on an outcome worth 966.
    found = by_id(pulled(WORTH_966, {"a": 0.5, "b": -0.4999}))
    assert found["a"].present_value == pytest.approx(966.18, abs=0.01)
    assert found["b"].present_value == 0.0
    assert -966.19 < found["b"].harm < -965.0


def test_a_net_negative_outcome_still_credits_only_the_activity_that_helps() -> None:
    found = by_id(pulled(WORTH_966, {"a": 0.2, "b": -0.5}))
    assert found["a"].present_value == pytest.approx(966.18, abs=0.01)
    assert found["b"].present_value == 0.0
    assert found["b"].harm == pytest.approx(-966.18, abs=0.01)  # capped at the whole value


def test_the_worked_rule_in_the_readme() -> None:
    found = by_id(pulled({"quantity": 966, "proxy": 1.035}, {"a": 0.5, "c": 0.25, "b": -0.4}))
    assert found["a"].present_value == pytest.approx(644)
    assert found["c"].present_value == pytest.approx(322)
    assert found["b"].harm == pytest.approx(-515.2)


def test_a_valued_harm_is_charged_to_the_activity_that_pushes_it_down() -> None:
    harm = {"quantity": 25, "proxy": -400}
    result = value_by_activity(pulled(harm, {"works": -0.8, "screens": 0.4}), costs={})
    found = {a.id: a for a in result.activities}
    assert found["works"].present_value == pytest.approx(-10_000 / 1.035)
    assert (found["screens"].present_value, found["screens"].harm) == (0.0, 0.0)
    assert any("harm avoided is not credited" in note for note in result.notes)


def test_a_harm_no_activity_pushes_down_is_unattributed_not_credited() -> None:
    result = value_by_activity(pulled({"quantity": 25, "proxy": -400}, {"a": 0.8}), costs={})
    assert result.activities[0].present_value == 0.0
    assert result.unattributed == {"o": pytest.approx(-10_000 / 1.035)}
    assert "name the good that is lost instead" in result.notes[0]


def test_value_per_cost_is_net_of_the_harm() -> None:
    model = pulled(WORTH_966, {"a": 0.75, "b": -0.25})
    found = {a.id: a for a in value_by_activity(model, costs={"a": 10, "b": 10}).activities}
    assert found["b"].value_per_cost == pytest.approx(-966.18 / 3 / 10, abs=1e-3)


# Invariants on random pulls, through a middle node so that paths of both signs mix --------

signed = st.floats(min_value=-1, max_value=1).filter(lambda w: abs(w) > 0.01)


@settings(max_examples=120, deadline=None)
@given(
    st.tuples(signed, signed, signed, signed),
    st.floats(min_value=-1e4, max_value=1e4).filter(lambda p: abs(p) > 1e-3),
)
def test_harm_is_never_credited_and_shares_stay_bounded(
    w: tuple[float, float, float, float], proxy: float
) -> None:
    nodes = [
        {"id": "a", "label": "A", "stage": "activity"},
        {"id": "b", "label": "B", "stage": "activity"},
        {"id": "m", "label": "M", "stage": "output"},
        {"id": "o", "label": "O", "stage": "outcome", "value": {"quantity": 1, "proxy": proxy}},
    ]
    links = [
        {"from": "a", "to": "o", "weight": w[0]},
        {"from": "a", "to": "m", "weight": w[1]},
        {"from": "m", "to": "o", "weight": w[2]},
        {"from": "b", "to": "o", "weight": w[3]},
    ]
    model = LogicModel.model_validate(
        {"title": "t", "valuation": {"investment": 1}, "nodes": nodes, "links": links}
    )
    value = value_map(model).present_value
    paths = {"a": [w[0], w[1] * w[2]], "b": [w[3]]}
    result = value_by_activity(model, costs={})
    for activity in result.activities:
        share = activity.by_outcome.get("o", 0.0)
        if all(p < 0 for p in paths[activity.id]):
            assert share <= 0
        if all(p > 0 for p in paths[activity.id]) and value > 0:
            assert share >= 0 and activity.harm == 0
        assert abs(share) <= abs(value) * (1 + 1e-12)
        assert 0 >= activity.harm >= -abs(value) * (1 + 1e-12)
    total = sum(a.by_outcome.get("o", 0.0) for a in result.activities)
    assert total + result.unattributed.get("o", 0.0) == pytest.approx(value, rel=1e-9)
