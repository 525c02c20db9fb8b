"""Hostile numbers: every year and amount of a valuation is bounded, and nothing overflows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from toc import InvalidModelError, LogicModel, loads_model
from toc.cli import main
from toc.errors import ValuationError
from toc.sroi.appraisal import value_report

BIG = "1" + "0" * 15  # within 2**53, so the YAML reader passes it on


def problem(text: str) -> str:
    with pytest.raises(InvalidModelError) as caught:
        loads_model(text.encode(), "yaml", source="m.yaml")
    return str(caught.value)


def valued(value: str) -> str:
    return f"title: t\nnodes:\n  - {{id: o, label: O, stage: outcome, value: {{{value}}}}}\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Before: allocated 7.5 GiB of discount factors.
        ("title: t\nvaluation: {investment_by_year: {1000000000: 1000}}\n",
         "valuation.investment_by_year[1000000000].[key]: input should be less than or equal to 9999"),
        ("title: t\nvaluation: {investment_by_year: {5000: 1000}}\n",
         "investment_by_year: year 5000 is outside 0 to 1000: in a forecast, years count from 0"),
        # Before: "function value is NaN".
        (valued("quantity: 1.0e+308, proxy: 1"),
         "value.quantity: input should be less than or equal to 1000000000000"),
        (valued("quantity: 1, proxy: -1.0e+308"),
         "value.proxy: input should be greater than or equal to -1000000000000"),
        # Before: OverflowError.
        (valued(f"quantity: 1, proxy: 1, duration: {BIG}"),
         "value.duration: input should be less than or equal to 1000"),
        (valued(f"quantity: 1, proxy: 1, start: {BIG}"),
         "value.start: input should be less than or equal to 1000"),
        (valued(f"quantity: 1, proxy: 1, observed: {{{BIG}: 5}}"),
         "input should be less than or equal to 9999"),
        (f"title: t\nvaluation: {{final_year: {BIG}}}\n",
         "valuation.final_year: input should be less than or equal to 9999"),
        (valued("quantity: 1, proxy: 1, ranges: {duration: {low: 1, high: 5000}}"),
         "ranges.duration: low and high must be from 1 to 1000 years, got 1.0 and 5000.0"),
        (valued("quantity: 1, proxy: 1, additionality: {multiplier: 1.0e+200}"),
         "value.additionality.multiplier: input should be less than or equal to 100"),
    ],
)  # fmt: skip
def test_out_of_range_years_and_amounts_are_refused_with_the_range(text: str, message: str) -> None:
    assert message in problem(text)


def test_a_cost_of_1e308_is_a_clean_error_not_infinity(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "title: t\nnodes:\n"
        "  - {id: g, label: G, stage: input, cost: 1.0e+308}\n"
        "  - {id: h, label: H, stage: input, cost: 1.0e+308}\n"
        "  - {id: o, label: O, stage: outcome, value: {quantity: 1, proxy: 10}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["value", str(path), "--json"])
    assert result.exit_code == 1
    assert "Infinity" not in result.stdout
    assert "node 'g' cost" in result.stderr and "1,000,000,000,000" in result.stderr


def test_a_tiny_investment_gives_no_ratio_rather_than_infinity() -> None:
    model = one({"quantity": 1e12, "proxy": 1e12}, investment=5e-324)
    data = value_report(model, samples=10).as_dict()
    assert (data["ratio"], data["ratio_text"]) == (None, "none (no investment)")
    assert data["sensitivity"]["tornado"] == []


def one(value: dict[str, Any], **valuation: Any) -> LogicModel:
    return LogicModel.model_validate(
        {
            "title": "t",
            "valuation": valuation,
            "nodes": [
                {"id": "a", "label": "A", "stage": "activity"},
                {"id": "o", "label": "O", "stage": "outcome", "value": value},
            ],
            "links": [{"from": "a", "to": "o"}],
        }
    )


def _refuse(constant: str) -> None:
    raise AssertionError(f"{constant} is not JSON")


amounts = st.one_of(st.sampled_from([0.0, 1e12, 5e-324, 1e-7]), st.floats(0, 1e12))
extreme_values = st.fixed_dictionaries(
    {
        "quantity": amounts,
        "proxy": st.one_of(st.sampled_from([-1e12, 1e12]), st.floats(-1e12, 1e12)),
        "duration": st.sampled_from([1, 2, 999, 1000]),
        "start": st.sampled_from([1, 5, 1000]),
        "drop_off": st.sampled_from([0.0, 1.0, 0.5]),
        "ranges": st.just({"quantity": {"low": 0, "high": 1e12}}),
    }
)


@settings(max_examples=15, deadline=None)
@given(extreme_values, amounts, st.sampled_from([0.0, 1.0, 0.035]))
def test_values_at_the_bounds_give_only_finite_figures(
    value: dict[str, Any], investment: float, rate: float
) -> None:
    model = one(value, investment=investment, discount_rate=rate)
    text = json.dumps(value_report(model, samples=20).as_dict(), allow_nan=False)
    json.loads(text, parse_constant=_refuse)


@settings(max_examples=15, deadline=None)
@given(
    st.dictionaries(st.integers(1823, 2023), amounts, min_size=1, max_size=4),
    st.sampled_from([1.0, 0.035, -1.0]),
    amounts,
)
def test_evaluative_values_at_the_bounds_give_only_finite_figures(
    observed: dict[int, float], rate: float, paid: float
) -> None:
    value = {"quantity": 0, "proxy": 1e12, "observed": observed}
    settings = {"mode": "evaluative", "final_year": 2023, "investment_by_year": {2023: paid}}
    model = one(value, compound_rates={2023: rate}, **settings)
    try:
        data = value_report(model, samples=20).as_dict()
    except ValuationError as err:  # only the first year may not carry a rate
        assert "carries nothing" in str(err)
        return
    json.dumps(data, allow_nan=False)
