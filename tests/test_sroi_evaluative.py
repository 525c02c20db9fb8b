"""Evaluative mode: every setting takes effect or is refused; the convention says what was done."""

from __future__ import annotations

from typing import Any

import pytest

from toc import LogicModel
from toc.errors import ValuationError
from toc.sroi.breakeven import break_even, tornado
from toc.sroi.montecarlo import monte_carlo
from toc.sroi.valuemap import value_map

OBSERVED = {"quantity": 0, "proxy": 10, "observed": {2022: 38, 2023: 42}}


def evaluated(value: dict[str, Any], **valuation: Any) -> LogicModel:
    """One outcome observed in 2022 and 2023, valued in evaluative mode."""
    settings = {"investment": 1000, "mode": "evaluative", **valuation}
    return LogicModel.model_validate(
        {
            "title": "t",
            "valuation": settings,
            "nodes": [
                {"id": "a", "label": "A", "stage": "activity"},
                {"id": "o", "label": "O", "stage": "outcome", "value": value},
            ],
            "links": [{"from": "a", "to": "o"}],
        }
    )


def test_a_quantity_range_moves_the_total_observed_not_a_multiple_of_it() -> None:
    # Before, low/high multiplied the observed quantities: a ratio of 55-71 around 0.84.
    ranged = {**OBSERVED, "quantity": 80, "ranges": {"quantity": {"low": 70, "high": 90}}}
    model = evaluated(ranged, final_year=2024)
    base = value_map(model).ratio
    assert base == pytest.approx((380 * 1.035**2 + 420 * 1.035) / 1000)
    result = monte_carlo(model, samples=4000)
    assert result.ratio_p5 is not None and result.ratio_p95 is not None
    assert base * 70 / 80 <= result.ratio_p5 < base < result.ratio_p95 <= base * 90 / 80


def test_quantity_sensitivity_is_in_units_of_the_total_observed() -> None:
    model = evaluated(OBSERVED, final_year=2024)
    point = next(p for p in break_even(model) if p.judgement == "quantity")
    ratio = value_map(model).ratio
    assert point.base == 80 and ratio is not None
    assert point.break_even == pytest.approx(80 / ratio)
    bar = next(b for b in tornado(model) if b.judgement == "quantity")
    assert (bar.down, bar.up) == (64, 96)


@pytest.mark.parametrize(
    ("setting", "name"),
    [({"drop_off": 0.2}, "drop_off"), ({"duration": 3}, "duration"), ({"start": 2}, "start"),
     ({"ranges": {"drop_off": {"low": 0, "high": 0.5}}}, "drop_off")],
)  # fmt: skip
def test_forecast_judgements_are_refused_not_ignored(setting: dict[str, Any], name: str) -> None:
    with pytest.raises(ValuationError) as caught:
        value_map(evaluated({**OBSERVED, **setting}))
    assert str(caught.value) == (
        f"node 'o' has value.{name}, a forecast judgement that an evaluative value map does "
        f"not use (the observed quantities show what happened): remove {name} and any "
        "range on it, or set mode: forecast"
    )


def test_a_quantity_other_than_zero_or_the_total_is_refused() -> None:
    with pytest.raises(ValuationError, match=r"quantity is 60, .* total observed \(80\)"):
        value_map(evaluated({**OBSERVED, "quantity": 60}))


def test_a_rate_keyed_to_the_first_observed_year_is_refused() -> None:
    # Before, the 10% keyed to 2022 was silently ignored.
    with pytest.raises(ValuationError) as caught:
        value_map(evaluated(OBSERVED, final_year=2024, compound_rates={2022: 0.1}))
    assert str(caught.value) == (
        "compound_rates has a rate for 2022, which carries nothing: the rate keyed to a year "
        "carries values into it from the year before, and values run from 2022 to 2024, so "
        "key rates from 2023 to 2024"
    )


def test_the_declining_schedule_is_refused() -> None:
    with pytest.raises(ValuationError, match="schedule: declining discounts a forecast"):
        value_map(evaluated(OBSERVED, schedule="declining"))


def test_convention_none_compounds_neither_benefits_nor_investment() -> None:
    # Before, benefits stayed compounded while the investment was not, and the text was the same.
    spread = {"investment": None, "investment_by_year": {2022: 500, 2023: 500}}
    model = evaluated(OBSERVED, final_year=2024, **spread)
    compounded = value_map(model)
    assert compounded.investment == pytest.approx(500 * 1.035**2 + 500 * 1.035)
    plain = value_map(model, convention="none")
    assert (plain.present_value, plain.investment) == (pytest.approx(800), 1000)
    assert plain.convention == (
        "evaluative (convention none): observed values to 2024 and investment added up as "
        "they were, nothing compounded"
    )
    assert plain.as_dict()["convention"] == "none"


def test_the_convention_states_the_rates_and_the_compounding_key_rule() -> None:
    model = evaluated(OBSERVED, final_year=2024, compound_rates={2024: 0.05})
    assert value_map(model).convention == (
        "evaluative: observed values compounded forward to 2024 at 3.5% a year (2024: 5%); "
        "the rate keyed to a year carries values into it from the year before; investment "
        "as stated (no year given, so not compounded)"
    )


def test_without_a_final_year_values_compound_to_the_last_year_observed_or_paid() -> None:
    spread = {"investment": None, "investment_by_year": {2022: 500, 2025: 500}}
    valued = value_map(evaluated(OBSERVED, **spread))
    assert valued.settings.final_year == 2025
    assert valued.investment == pytest.approx(500 * 1.035**3 + 500)


def test_each_year_has_its_compounded_value_factor_and_ratio() -> None:
    valued = value_map(evaluated(OBSERVED, final_year=2024, discount_rate=0.1))
    rows = [(r.year, r.value, r.factor, r.present_value, r.ratio) for r in valued.by_year]
    assert rows == [
        (2022, 380, 1.21, pytest.approx(459.8), pytest.approx(0.4598)),
        (2023, 420, 1.1, pytest.approx(462.0), pytest.approx(0.462)),
    ]
    assert sum(r.ratio or 0 for r in valued.by_year) == pytest.approx(valued.ratio)


def test_years_more_than_200_apart_are_refused() -> None:
    with pytest.raises(ValuationError, match="from 2022 to 2300, more than 200 years"):
        value_map(evaluated(OBSERVED, final_year=2300))
