"""Tornado, break-even and Monte Carlo, each checked against the value map itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from toc import LogicModel, load_model
from toc.sroi.breakeven import break_even, tornado
from toc.sroi.montecarlo import monte_carlo
from toc.sroi.valuemap import value_map

WORKED = Path(__file__).resolve().parent.parent / "models" / "sroi-worked-example.yaml"


def with_value(model: LogicModel, node_id: str, **changes: Any) -> LogicModel:
    nodes = []
    for node in model.nodes:
        if node.id == node_id and node.value is not None:
            node = node.model_copy(update={"value": node.value.model_copy(update=changes)})
        nodes.append(node)
    return model.model_copy(update={"nodes": nodes})


def one_outcome(value: dict[str, Any], investment: float = 1000) -> LogicModel:
    return LogicModel.model_validate(
        {
            "title": "t",
            "valuation": {"investment": investment},
            "nodes": [{"id": "o", "label": "O", "stage": "outcome", "value": value}],
        }
    )


def test_tornado_bars_match_the_value_map_at_each_end() -> None:
    model = load_model(WORKED)
    bars = {(b.outcome, b.judgement): b for b in tornado(model)}
    bar = bars[("employment", "deadweight")]
    assert (bar.down, bar.up) == (0.15, 0.35)
    assert bar.ratio_down == pytest.approx(
        value_map(with_value(model, "employment", deadweight=0.15)).ratio
    )
    assert bar.ratio_up == pytest.approx(
        value_map(with_value(model, "employment", deadweight=0.35)).ratio
    )
    rate = bars[(None, "discount_rate")]
    assert rate.ratio_down == pytest.approx(value_map(model, discount_rate=0.02).ratio)


def test_tornado_is_sorted_by_swing_and_keeps_fractions_in_range() -> None:
    bars = tornado(load_model(WORKED), fraction_step=0.5)
    swings = [bar.swing for bar in bars]
    assert swings == sorted(swings, reverse=True)
    fractions = [b for b in bars if b.judgement in ("deadweight", "attribution", "drop_off")]
    assert all(0 <= b.down <= b.up <= 1 for b in fractions)


def test_tornado_moves_a_harms_proxy_both_ways() -> None:
    bars = {(b.outcome, b.judgement): b for b in tornado(load_model(WORKED))}
    harm = bars[("quiet", "proxy")]
    assert (harm.down, harm.up) == (-480.0, -320.0)
    assert harm.ratio_down < harm.ratio_up


def test_break_even_by_brent_for_drop_off_and_rate() -> None:
    model = load_model(WORKED)
    points = {(p.outcome, p.judgement): p.break_even for p in break_even(model)}
    drop_off = points[("employment", "drop_off")]
    rate = points[(None, "discount_rate")]
    assert drop_off is not None and rate is not None
    assert value_map(with_value(model, "employment", drop_off=drop_off)).ratio == pytest.approx(1)
    assert value_map(model, discount_rate=rate).ratio == pytest.approx(1)


def test_break_even_duration_is_the_first_whole_year_past_one() -> None:
    model = load_model(WORKED)
    points = {(p.outcome, p.judgement): p for p in break_even(model)}
    years = points[("quiet", "duration")].break_even
    assert years == 46
    assert value_map(with_value(model, "quiet", duration=46)).ratio < 1  # type: ignore[operator]
    assert value_map(with_value(model, "quiet", duration=45)).ratio >= 1  # type: ignore[operator]


def test_break_even_out_of_reach_says_so() -> None:
    points = {(p.outcome, p.judgement): p for p in break_even(load_model(WORKED))}
    point = points[("wellbeing", "deadweight")]
    assert point.break_even is None
    assert point.note == "the ratio stays above 1 : 1 anywhere from 0% to 100%"


def test_monte_carlo_is_the_same_for_the_same_seed() -> None:
    model = load_model(WORKED)
    assert monte_carlo(model, samples=300, seed=4) == monte_carlo(model, samples=300, seed=4)
    assert monte_carlo(model, samples=300, seed=4) != monte_carlo(model, samples=300, seed=5)


def test_monte_carlo_with_no_width_gives_the_base_ratio() -> None:
    value = {"quantity": 10, "proxy": 200, "deadweight": 0.5,
             "ranges": {"deadweight": {"low": 0.5, "high": 0.5}}}  # fmt: skip
    result = monte_carlo(one_outcome(value), samples=200)
    base = value_map(one_outcome(value)).ratio
    assert result.ratio_p5 == result.ratio_p95 == pytest.approx(base)


def test_monte_carlo_votes_are_sampled_as_the_bands_chosen() -> None:
    # Half the room says 0% deadweight, half says 100%: the ratio is 2 or 0.
    value = {"quantity": 10, "proxy": 200, "ranges": {"deadweight": {"votes": [1, 0, 0, 0, 1]}}}
    result = monte_carlo(one_outcome(value), samples=4000)
    assert result.ratio_p5 == 0 and result.ratio_p95 == pytest.approx(2 / 1.035)
    assert result.probability_above_one == pytest.approx(0.5, abs=0.03)
    assert result.varied == ("o.deadweight (votes)",)


def test_monte_carlo_spread_varies_unranged_filters() -> None:
    value = {"quantity": 10, "proxy": 200, "deadweight": 0.2}
    result = monte_carlo(one_outcome(value), samples=500, spread=0.1)
    assert "o.deadweight (low-high)" in result.varied
    assert result.ratio_p5 < result.ratio_p95


def test_monte_carlo_sample_count_is_bounded() -> None:
    from toc.errors import ValuationError

    with pytest.raises(ValuationError, match="samples must be from 1 to 1,000,000, got 0"):
        monte_carlo(load_model(WORKED), samples=0)
