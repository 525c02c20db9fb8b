"""What `toc value` reports: payback only when there is one, clean figures, report conventions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from toc import LogicModel, dump_model, load_model
from toc.cli import main
from toc.errors import InvalidModelError
from toc.model.valuation import OutcomeValue
from toc.sroi.appraisal import value_report
from toc.sroi.figures import money_text, number_text, ratio_text
from toc.sroi.valuemap import value_map

ROOT = Path(__file__).resolve().parent.parent
WORKED = ROOT / "models" / "sroi-worked-example.yaml"


def model_of(values: dict[str, dict[str, Any]], **extra: Any) -> LogicModel:
    """Activity ``a`` leading to one outcome per entry of ``values``."""
    nodes: list[dict[str, Any]] = [{"id": "a", "label": "A", "stage": "activity"}]
    nodes += [
        {"id": key, "label": key.title(), "stage": "outcome", "value": value}
        for key, value in values.items()
    ]
    links = [{"from": "a", "to": key} for key in values]
    data = {"title": "t", "nodes": nodes, "links": links, **extra}
    data.setdefault("valuation", {"investment": 1000})
    return LogicModel.model_validate(data)


def run(model: LogicModel, tmp_path: Path, *args: str) -> Any:
    path = tmp_path / "m.yaml"
    dump_model(model, path)
    result = CliRunner().invoke(main, ["value", str(path), *args], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else result.stdout


# Payback ----------------------------------------------------------------------------------

LOSS = {"quantity": 100, "proxy": 6620, "duration": 3}  # 662,000 a year for three years


def test_no_payback_for_a_loss_and_the_report_says_why(tmp_path: Path) -> None:
    # Before: "Payback 54.4 months" for benefits lasting 36 months, with NPV -1.15m.
    model = model_of({"jobs": LOSS}, valuation={"investment": 3_000_000})
    valued = value_map(model)
    assert valued.npv < 0
    assert valued.payback_months is None
    assert valued.payback_note == (
        f"no payback: the present value falls short of the investment (NPV "
        f"{number_text(valued.npv)}), so the benefits never pay it back"
    )
    data = run(model, tmp_path, "--json")
    assert (data["payback_months"], data["payback_note"]) == (None, valued.payback_note)
    table = run(model, tmp_path)
    assert "none (see below)" in table and "54.4" not in table


def test_payback_is_kept_when_the_benefits_pay_the_investment_back() -> None:
    valued = value_map(load_model(WORKED))
    assert valued.payback_months == pytest.approx(13.67, abs=0.01)
    assert valued.payback_note == ""


# Clean figures ------------------------------------------------------------------------------


def test_money_puts_the_minus_sign_before_the_currency() -> None:
    assert money_text(-1_014_755.4, "GBP") == "-£1,014,755"  # not "£-1,014,755"
    assert money_text(-0.2, "GBP") == "£0"  # not "-£0"
    assert money_text(1500, "EUR", digits=2) == "€1,500.00"


def test_nothing_prints_as_negative_zero(tmp_path: Path) -> None:
    tiny_harm = {"quantity": 1, "proxy": -0.0001}
    no_harm = {"quantity": 0, "proxy": -400}
    model = model_of({"tiny": tiny_harm, "none": no_harm}, valuation={"investment": 1e6})
    table = run(model, tmp_path, "--ratio-digits", "3")
    assert "-0.000" not in table and " -0 " not in table and "-0.00" not in table
    assert "0.000 : 1" in table
    text = json.dumps(run(model, tmp_path, "--json"))
    assert "-0.0," not in text and "-0.0}" not in text
    assert ratio_text(-0.0001, 3) == "0.000 : 1"


# Conventions published reports use ----------------------------------------------------------


def test_ratio_digits_round_the_printed_ratio(tmp_path: Path) -> None:
    model = model_of({"jobs": {"quantity": 1, "proxy": 5816.7}})  # ratio 5.62
    data = run(model, tmp_path, "--json", "--ratio-digits", "0")
    assert round(data["ratio"], 2) == 5.62
    assert data["ratio_text"] == "6 : 1"
    table = run(model, tmp_path, "--ratio-digits", "0").splitlines()
    assert next(line.split() for line in table if "Ratio" in line) == ["Ratio", "6", ":", "1"]
    assert run(model, tmp_path, "--json")["ratio_text"] == "5.62 : 1"


def test_by_input_is_the_return_on_each_funders_money(tmp_path: Path) -> None:
    data = run(load_model(WORKED), tmp_path, "--json")
    pv = data["present_value"]
    assert data["by_input"] == [
        {"id": "grant", "label": "Council grant", "investment": 200_000, "ratio": pv / 200_000},
        {"id": "staff", "label": "Council staff time", "investment": 50_000, "ratio": pv / 50_000},
    ]  # volunteers have no cost, so no row


def stakeholders(*ids: str) -> list[dict[str, Any]]:
    return [{"id": i, "label": i.title()} for i in ids]


def test_value_by_stakeholder_group(tmp_path: Path) -> None:
    values = {
        "jobs": {"quantity": 10, "proxy": 100, "stakeholder": "youth"},
        "calm": {"quantity": 10, "proxy": 50, "stakeholder": "parents"},
        "noise": {"quantity": 10, "proxy": -30, "stakeholder": "youth"},
        "other": {"quantity": 10, "proxy": 30},
    }
    model = model_of(values, stakeholders=stakeholders("parents", "youth"))
    data = run(model, tmp_path, "--json")
    rows = data["by_stakeholder"]
    assert [row["stakeholder"] for row in rows] == ["parents", "youth", None]  # declared order
    assert [row["present_value"] * 1.035 for row in rows] == pytest.approx([500, 700, 300])
    assert [row["share"] for row in rows] == pytest.approx([500 / 1500, 700 / 1500, 300 / 1500])
    assert "Value by stakeholder group" in run(model, tmp_path)


def test_an_outcome_naming_an_undeclared_group_is_refused() -> None:
    # A structural rule: the model itself is refused, wherever it is loaded.
    with pytest.raises(InvalidModelError) as caught:
        model_of({"jobs": {"quantity": 1, "proxy": 1, "stakeholder": "youth"}},
                 stakeholders=stakeholders("parents"))  # fmt: skip
    assert [p.message for p in caught.value.problems] == [
        "node 'jobs' value.stakeholder names 'youth', which is not a declared stakeholder "
        "group (declared: parents): add it under 'stakeholders' or fix the id"
    ]
    assert [p.loc for p in caught.value.problems] == [("nodes", 1, "value", "stakeholder")]


def test_an_outcome_may_start_years_after_the_activity(tmp_path: Path) -> None:
    late = {"quantity": 10, "proxy": 100, "start": 4, "duration": 3, "drop_off": 0.5}
    valued = value_map(model_of({"jobs": late}))
    assert valued.value_by_year == (0, 0, 0, 1000, 500, 250)
    expected = 1000 / 1.035**4 + 500 / 1.035**5 + 250 / 1.035**6
    assert valued.present_value == pytest.approx(expected)
    assert OutcomeValue(quantity=1, proxy=1, start=12).start == 12
    assert " 4-6 " in run(model_of({"jobs": late}), tmp_path)


def test_each_forecast_year_has_its_discount_factor_and_part_of_the_ratio(
    tmp_path: Path,
) -> None:
    data = run(load_model(WORKED), tmp_path, "--json")
    assert [row["factor"] for row in data["by_year"]] == [0.966184, 0.933511, 0.901943]
    assert sum(row["ratio"] for row in data["by_year"]) == pytest.approx(data["ratio"])


def test_json_keeps_the_existing_keys() -> None:
    data = value_report(load_model(WORKED)).as_dict()
    old = {"title", "convention", "convention_text", "settings", "currency", "investment",
           "investment_nominal", "present_value", "npv", "ratio", "net_ratio",
           "payback_months", "years", "value_by_year", "outcomes", "sensitivity",
           "by_activity", "frameworks", "findings"}  # fmt: skip
    new = {"ratio_text", "payback_note", "by_year", "by_input", "by_stakeholder"}
    assert old | new <= set(data)
