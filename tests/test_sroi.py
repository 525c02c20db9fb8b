"""The SROI value map: the worked example to the unit, each convention by hand, the methods."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from toc import InvalidModelError, LogicModel, load_model, loads_model
from toc.cli import main
from toc.errors import ValuationError
from toc.model.valuation import Additionality, OutcomeValue
from toc.sroi.additionality import FORMULA, additionality_breakdown
from toc.sroi.breakeven import break_even
from toc.sroi.discounting import discount_factors, rate_by_year
from toc.sroi.valuemap import value_map

ROOT = Path(__file__).resolve().parent.parent
WORKED = ROOT / "models" / "sroi-worked-example.yaml"


def one_outcome(value: dict[str, Any], **valuation: Any) -> LogicModel:
    """A model with one input worth 1,000 and one valued outcome."""
    return LogicModel.model_validate(
        {
            "title": "t",
            "valuation": {"investment": 1000, **valuation},
            "nodes": [
                {"id": "a", "label": "A", "stage": "activity"},
                {"id": "o", "label": "O", "stage": "outcome", "value": value},
            ],
            "links": [{"from": "a", "to": "o"}],
        }
    )


# The worked example in DOMAIN.md, to the unit -------------------------------------------


def test_worked_example_reproduces_to_the_unit() -> None:
    vm = value_map(load_model(WORKED))
    assert vm.value_by_year == pytest.approx((219_500, 166_590, 110_592), abs=1e-6)
    assert round(vm.present_value, 2) == 467_338.49
    assert round(vm.npv, 2) == 217_338.49
    assert vm.ratio is not None and round(vm.ratio, 3) == 1.869
    assert vm.payback_months is not None and round(vm.payback_months, 1) == 13.7
    assert vm.investment == 250_000


def test_worked_example_break_even_deadweight_is_66_19_percent() -> None:
    points = {(p.outcome, p.judgement): p for p in break_even(load_model(WORKED))}
    point = points[("employment", "deadweight")].break_even
    assert point is not None and round(point * 100, 2) == 66.19
    at = value_map(load_model(WORKED).model_copy(update={"nodes": _with_deadweight(point)}))
    assert at.ratio == pytest.approx(1.0, abs=1e-12)


def _with_deadweight(deadweight: float) -> list[Any]:
    nodes = []
    for node in load_model(WORKED).nodes:
        if node.id == "employment" and node.value is not None:
            value = node.value.model_copy(update={"deadweight": deadweight})
            node = node.model_copy(update={"value": value})
        nodes.append(node)
    return nodes


def test_worked_example_outcome_rows() -> None:
    rows = {row.id: row for row in value_map(load_model(WORKED)).outcomes}
    assert rows["employment"].first_year_impact == pytest.approx(172_800)
    assert rows["wellbeing"].values == pytest.approx((56_700, 28_350, 0))
    assert rows["quiet"].first_year_impact == pytest.approx(-10_000)
    assert rows["quiet"].present_value == pytest.approx(-10_000 / 1.035)


# Each convention, worked by hand: Q 10, P 100, 2 years, rate 10% --------------------------

TWO_YEARS = {"quantity": 10, "proxy": 100, "duration": 2}


@pytest.mark.parametrize(
    ("convention", "expected", "label"),
    [
        ("sroi", 1000 / 1.1 + 1000 / 1.21, "SROI value map (year 1 discounted once at 10%)"),
        ("green-book", 1000 + 1000 / 1.1, "Green Book (year 0 undiscounted, then 10% a year)"),
        ("none", 2000.0, "no discounting"),
    ],
)
def test_each_convention_by_hand(convention: str, expected: float, label: str) -> None:
    vm = value_map(one_outcome(TWO_YEARS, discount_rate=0.1, convention=convention))
    assert vm.present_value == pytest.approx(expected)
    assert vm.convention == label


def test_overrides_replace_the_model_settings() -> None:
    model = one_outcome(TWO_YEARS, discount_rate=0.1)
    assert value_map(model, convention="none").present_value == pytest.approx(2000)
    assert value_map(model, discount_rate=0.0).present_value == pytest.approx(2000)


def test_start_2_counts_from_year_2() -> None:
    vm = value_map(one_outcome({**TWO_YEARS, "start": 2}, discount_rate=0.1))
    assert vm.value_by_year == (0.0, 1000.0, 1000.0)
    assert vm.present_value == pytest.approx(1000 / 1.21 + 1000 / 1.331)


def test_drop_off_reduces_each_later_year() -> None:
    vm = value_map(one_outcome({**TWO_YEARS, "duration": 3, "drop_off": 0.5}, convention="none"))
    assert vm.value_by_year == (1000.0, 500.0, 250.0)


def test_declining_schedule_steps_down_after_year_30() -> None:
    rates = rate_by_year([30, 31, 75, 76, 125, 126, 200, 201, 300, 301], 0.035, "declining")
    assert rates.round(4).tolist() == [
        0.035, 0.03, 0.03, 0.025, 0.025, 0.02, 0.02, 0.015, 0.015, 0.01,
    ]  # fmt: skip
    factors = discount_factors([30, 31], 0.035, "declining")
    assert factors[1] == pytest.approx(1.035**-30 / 1.03)


def test_declining_schedule_in_the_value_map() -> None:
    flat = value_map(one_outcome({**TWO_YEARS, "duration": 40}))
    declining = value_map(one_outcome({**TWO_YEARS, "duration": 40}, schedule="declining"))
    tail = sum(1000 * 1.035**-30 * 1.03**-k for k in range(1, 11))
    assert declining.present_value - flat.present_value == pytest.approx(
        tail - sum(1000 * 1.035 ** -(30 + k) for k in range(1, 11))
    )
    assert "declining as in the Green Book" in declining.convention


def test_investment_spread_over_years_is_discounted_the_same_way() -> None:
    model = one_outcome(TWO_YEARS, discount_rate=0.1, investment=None)
    spread = model.model_copy(
        update={
            "valuation": model.valuation.model_copy(  # type: ignore[union-attr]
                update={"investment": None, "investment_by_year": {0: 100.0, 1: 110.0}}
            )
        }
    )
    vm = value_map(spread)
    assert vm.investment == pytest.approx(200.0)
    assert vm.investment_nominal == 210.0
    assert value_map(spread, discount_investment=False).investment == 210.0


def test_investment_defaults_to_the_input_costs() -> None:
    model = load_model(WORKED)
    unstated = model.model_copy(
        update={
            "valuation": model.valuation.model_copy(  # type: ignore[union-attr]
                update={"investment": None}
            )
        }
    )
    vm = value_map(unstated)
    assert vm.investment == 250_000  # grant 200,000 + staff 50,000


def test_investment_stated_twice_is_an_error() -> None:
    with pytest.raises(
        ValuationError, match="valuation: give 'investment' or 'investment_by_year'"
    ):
        value_map(load_model(WORKED), investment_by_year={0: 1.0})


def test_no_investment_anywhere_is_an_error() -> None:
    model = LogicModel.model_validate(
        {
            "title": "t",
            "nodes": [
                {"id": "o", "label": "O", "stage": "outcome", "value": {"quantity": 1, "proxy": 1}}
            ],
        }
    )
    with pytest.raises(ValuationError, match="states no investment: set valuation"):
        value_map(model)


def test_no_valued_outcome_is_an_error() -> None:
    with pytest.raises(ValuationError, match="no outcome or impact has a 'value'"):
        value_map(LogicModel(title="t"))


# Evaluative mode ---------------------------------------------------------------------------


def test_evaluative_values_compound_forward_to_the_final_year() -> None:
    observed = {"quantity": 0, "proxy": 100, "observed": {2022: 10, 2023: 10}}
    vm = value_map(one_outcome(observed, mode="evaluative", final_year=2024, discount_rate=0.1))
    assert vm.years == (2022, 2023)
    assert vm.present_value == pytest.approx(1000 * 1.1**2 + 1000 * 1.1)
    assert vm.convention.startswith("evaluative: observed values compounded forward to 2024")
    assert vm.outcomes[0].first_year_impact == 1000
    assert vm.payback_months == pytest.approx(1000 / (1000 / 12))


def test_evaluative_stated_yearly_rates_replace_the_default() -> None:
    observed = {"quantity": 0, "proxy": 100, "observed": {2022: 10, 2023: 10}}
    model = one_outcome(
        observed, mode="evaluative", final_year=2024, discount_rate=0.1,
        compound_rates={2024: 0.0},
    )  # fmt: skip
    assert value_map(model).present_value == pytest.approx(1000 * 1.1 + 1000)


def test_evaluative_needs_observed_values_and_years_up_to_the_final_one() -> None:
    with pytest.raises(ValuationError, match="node 'o' has no observed quantities"):
        value_map(one_outcome(TWO_YEARS, mode="evaluative"))
    late = {"quantity": 0, "proxy": 1, "observed": {2030: 1}}
    with pytest.raises(ValuationError, match="observed in 2030, after the final year 2024"):
        value_map(one_outcome(late, mode="evaluative", final_year=2024))


# The other methods -------------------------------------------------------------------------


def test_net_multiplier_replaces_the_three_filters() -> None:
    vm = value_map(one_outcome({"quantity": 40, "proxy": 8000, "net_multiplier": 0.54}))
    assert vm.outcomes[0].first_year_impact == pytest.approx(172_800)
    assert vm.outcomes[0].method == "net multiplier"


def test_hca_additionality_formula_by_hand() -> None:
    terms = Additionality(
        leakage=0.2, displacement=0.25, substitution=0.1, multiplier=1.5,
        reference_quantity=30, reference_leakage=0.1, reference_multiplier=1.2,
    )  # fmt: skip
    value = OutcomeValue(quantity=100, proxy=1000, additionality=terms)
    gi, gi_ref = 100 * 1000, 30 * 1000
    expected = gi * 0.8 * 0.75 * 0.9 * 1.5 - gi_ref * 0.9 * 1.2
    assert additionality_breakdown(value).additional == pytest.approx(expected)
    vm = value_map(one_outcome(value.model_dump(exclude_none=True), convention="none"))
    assert vm.outcomes[0].first_year_impact == pytest.approx(expected)
    row = vm.as_dict()["outcomes"][0]
    assert row["method"] == "HCA additionality"
    assert row["additionality"]["formula"] == FORMULA


# Validation messages name the outcome ------------------------------------------------------

BAD_VALUES = [
    ("deadweight: 1.5", "node 'jobs' value.deadweight: input should be less than or equal to 1, got 1.5"),
    ("duration: 0", "node 'jobs' value.duration: input should be greater than or equal to 1, got 0"),
    ("start: 0", "node 'jobs' value.start: input should be greater than or equal to 1, got 0"),
    ("start: 1001", "node 'jobs' value.start: input should be less than or equal to 1000, got 1001"),
    ("proxy_year: 100000", "node 'jobs' value.proxy_year: input should be less than or equal to 9999, got 100000"),
    ("attribution: -0.2", "node 'jobs' value.attribution: input should be greater than or equal to 0"),
    ("net_multiplier: 0.5, deadweight: 0.2", "node 'jobs' value: deadweight is 0.2, but this outcome uses the net multiplier method"),
    ("ranges: {proxy: {votes: [1, 1, 1, 1, 1]}}", "node 'jobs' value: ranges.proxy: votes are for the 0/25/50/75/100% bands"),
]  # fmt: skip


@pytest.mark.parametrize(("extra", "message"), BAD_VALUES)
def test_bad_values_are_reported_with_the_node_and_line(extra: str, message: str) -> None:
    text = (
        "title: t\nnodes:\n  - id: jobs\n    label: Jobs\n    stage: outcome\n"
        f"    value: {{quantity: 1, proxy: 2, {extra}}}\n"
    )
    with pytest.raises(InvalidModelError) as caught:
        loads_model(text.encode(), "yaml", source="m.yaml")
    assert f"line 6: {message}" in str(caught.value)


def test_value_only_on_outcomes_and_impacts() -> None:
    text = (
        "title: t\nnodes:\n  - {id: a, label: A, stage: activity, value: {quantity: 1, proxy: 1}}\n"
    )
    with pytest.raises(InvalidModelError, match="'value' is only for outcome and impact nodes"):
        loads_model(text.encode(), "yaml")


# The command -------------------------------------------------------------------------------


def test_toc_value_json_has_the_contract_keys() -> None:
    result = CliRunner().invoke(main, ["value", str(WORKED), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert round(data["present_value"], 2) == 467_338.49
    assert round(data["npv"], 2) == 217_338.49
    assert round(data["ratio"], 3) == 1.869
    assert round(data["payback_months"], 1) == 13.7
    assert data["investment"] == 250_000
    assert data["convention"] == "sroi"
    assert data["convention_text"] == "SROI value map (year 1 discounted once at 3.5%)"
    assert {"tornado", "break_even", "monte_carlo"} <= set(data["sensitivity"])
    assert data["by_activity"]["activities"][0]["id"] == "mentoring"


def test_toc_value_json_is_the_same_bytes_each_run() -> None:
    args = ["value", str(WORKED), "--json", "--samples", "500", "--scheme", "sdg"]
    first, second = (CliRunner().invoke(main, args).stdout for _ in range(2))
    assert first == second


def test_toc_value_table_states_the_convention_and_ratio() -> None:
    result = CliRunner().invoke(main, ["value", str(WORKED), "--convention", "green-book"])
    assert result.exit_code == 0
    assert "convention: Green Book (year 0 undiscounted, then 3.5% a year)" in result.stdout
    assert "1.93 : 1" in result.stdout


def test_toc_value_bad_rate_is_a_clean_error() -> None:
    result = CliRunner().invoke(main, ["value", str(WORKED), "--rate", "3.5"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: discount_rate: input should be less than or equal to 1, got 3.5; "
        "rates are fractions: 3.5% is 0.035\n"
    )


def test_toc_value_with_no_investment_has_no_ratio_and_valid_json(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "title: t\nvaluation: {investment: 0}\nnodes:\n"
        "  - {id: o, label: O, stage: outcome, value: {quantity: 1, proxy: 10,\n"
        "     ranges: {deadweight: {low: 0, high: 0.5}}}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["value", str(path), "--json", "--samples", "50"])
    assert result.exit_code == 0, result.output

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    data = json.loads(result.stdout, parse_constant=refuse)
    assert (data["ratio"], data["payback_months"]) == (None, 0)
    assert data["sensitivity"]["tornado"] == data["sensitivity"]["break_even"] == []
    assert data["sensitivity"]["monte_carlo"]["ratio_p50"] is None
    table = CliRunner().invoke(main, ["value", str(path)])
    assert "none (no investment)" in table.stdout


def test_readme_shows_the_worked_example_as_toc_value_prints_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ toc value models/sroi-worked-example.yaml\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0].splitlines()
    result = CliRunner().invoke(main, ["value", str(WORKED)], env={"COLUMNS": "80"})
    printed = [line.rstrip() for line in result.stdout.splitlines()]
    missing = [line for line in shown if line != "..." and line not in printed]
    assert missing == []
    assert len(shown) > 30
