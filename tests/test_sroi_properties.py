"""Invariants of the SROI arithmetic, checked on random value maps with hypothesis."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toc import LogicModel
from toc.sroi.attribution import value_by_activity
from toc.sroi.breakeven import break_even
from toc.sroi.valuemap import value_map

FILTERS = ("deadweight", "displacement", "attribution", "drop_off")
fractions = st.floats(min_value=0, max_value=1)
conventions = st.sampled_from(["sroi", "green-book", "none"])

outcome = st.fixed_dictionaries(
    {
        "quantity": st.floats(min_value=0, max_value=1e4, allow_subnormal=False),
        "proxy": st.floats(min_value=-1e4, max_value=1e4, allow_subnormal=False),
        "duration": st.integers(min_value=1, max_value=8),
        "start": st.sampled_from([1, 2]),
    },
    optional={name: fractions for name in FILTERS},
)


def model_of(values: list[dict[str, Any]], **valuation: Any) -> LogicModel:
    nodes = [{"id": "a", "label": "A", "stage": "activity"}]
    nodes += [
        {"id": f"o{i}", "label": f"O{i}", "stage": "outcome", "value": value}
        for i, value in enumerate(values)
    ]
    links = [{"from": "a", "to": f"o{i}", "weight": 0.5} for i in range(len(values))]
    return LogicModel.model_validate(
        {"title": "t", "valuation": valuation, "nodes": nodes, "links": links}
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(outcome, min_size=1, max_size=5), conventions)
def test_zero_filters_and_zero_rate_give_q_times_p_times_duration(
    values: list[dict[str, Any]], convention: str
) -> None:
    plain = [{k: v for k, v in value.items() if k not in FILTERS} for value in values]
    model = model_of(plain, investment=1, discount_rate=0, convention=convention)
    expected = sum(v["quantity"] * v["proxy"] * v["duration"] for v in plain)
    assert value_map(model).present_value == pytest.approx(expected, rel=1e-9, abs=1e-6)


@settings(max_examples=80, deadline=None)
@given(
    outcome,
    st.sampled_from(FILTERS),
    fractions,
    fractions,
    conventions,
    st.floats(min_value=0, max_value=0.2),
)
def test_raising_any_filter_never_raises_a_positive_outcomes_value(
    value: dict[str, Any], name: str, a: float, b: float, convention: str, rate: float
) -> None:
    value = {**value, "proxy": abs(value["proxy"])}
    low, high = sorted((a, b))
    pv = [
        value_map(
            model_of([{**value, name: x}], investment=1, convention=convention, discount_rate=rate)
        ).present_value
        for x in (low, high)
    ]
    assert pv[1] <= pv[0] + 1e-9 * max(1.0, abs(pv[0]))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(outcome, min_size=1, max_size=4),
    st.floats(min_value=1, max_value=1e6),
    st.sampled_from([0.01, 100.0, 1e-3, 7.5]),
    conventions,
)
def test_the_ratio_is_invariant_to_the_currency_unit(
    values: list[dict[str, Any]], investment: float, k: float, convention: str
) -> None:
    scaled = [{**v, "proxy": v["proxy"] * k} for v in values]
    base = value_map(model_of(values, investment=investment, convention=convention))
    moved = value_map(model_of(scaled, investment=investment * k, convention=convention))
    assert moved.ratio == pytest.approx(base.ratio, rel=1e-9, abs=1e-12)
    if base.payback_months is None:
        assert moved.payback_months is None
    else:
        assert moved.payback_months == pytest.approx(base.payback_months, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.lists(outcome, min_size=1, max_size=4), st.floats(min_value=1, max_value=1e6))
def test_at_each_break_even_point_the_ratio_is_one(
    values: list[dict[str, Any]], investment: float
) -> None:
    model = model_of(values, investment=investment)
    for point in break_even(model):
        if point.break_even is None or point.judgement in ("duration", "discount_rate"):
            continue
        moved = [dict(v) for v in values]
        index = int(point.outcome[1:]) if point.outcome else 0
        moved[index][point.judgement] = point.break_even
        at = value_map(model_of(moved, investment=investment))
        scale = sum(abs(row.present_value) for row in at.outcomes) / investment
        assert at.ratio == pytest.approx(1.0, abs=1e-6 * max(1.0, scale))


weights = st.floats(min_value=-1, max_value=1).filter(lambda w: abs(w) > 0.05)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(weights, weights), min_size=1, max_size=4), st.data())
def test_value_by_activity_adds_up_to_the_present_value(
    pulls: list[tuple[float, float]], data: st.DataObject
) -> None:
    values = [data.draw(outcome) for _ in pulls]
    nodes = [{"id": a, "label": a, "stage": "activity"} for a in ("a", "b")]
    nodes += [
        {"id": f"o{i}", "label": "O", "stage": "outcome", "value": v} for i, v in enumerate(values)
    ]
    links = [
        {"from": source, "to": f"o{i}", "weight": w}
        for i, pair in enumerate(pulls)
        for source, w in zip(("a", "b"), pair, strict=True)
    ]
    model = LogicModel.model_validate(
        {"title": "t", "valuation": {"investment": 1}, "nodes": nodes, "links": links}
    )
    result = value_by_activity(model, costs={})
    total = sum(a.present_value for a in result.activities) + sum(result.unattributed.values())
    scale = max(1.0, *(abs(row.present_value) for row in value_map(model).outcomes))
    assert total == pytest.approx(value_map(model).present_value, abs=1e-6 * scale)
