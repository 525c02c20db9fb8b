"""Value by activity, framework totals and the over-claiming checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from toc import LogicModel, load_model
from toc.sroi.attribution import Pull, split, value_by_activity
from toc.sroi.honesty import framework_totals, honesty_findings
from toc.sroi.valuemap import value_map

WORKED = Path(__file__).resolve().parent.parent / "models" / "sroi-worked-example.yaml"


def model_of(nodes: list[dict[str, Any]], links: list[dict[str, Any]], **extra: Any) -> LogicModel:
    data = {"title": "t", "valuation": {"investment": 100}, "nodes": nodes, "links": links}
    return LogicModel.model_validate({**data, **extra})


def node(node_id: str, stage: str = "outcome", **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "label": node_id.title(), "stage": stage, **extra}


VALUE = {"quantity": 10, "proxy": 100, "deadweight": 0.1}


# Value by activity -------------------------------------------------------------------------


def test_worked_example_value_by_activity_by_hand() -> None:
    model = load_model(WORKED)
    pv = {row.id: row.present_value for row in value_map(model).outcomes}
    result = {a.id: a for a in value_by_activity(model).activities}
    # wellbeing: groups 0.9 x 0.5 = 0.45 against the hub's 1.0 x 0.3 = 0.3
    assert result["wellbeing-groups"].present_value == pytest.approx(pv["wellbeing"] * 0.6)
    hub = result["hub-works"]
    assert hub.gain == pytest.approx(pv["wellbeing"] * 0.4)
    assert hub.loss == pytest.approx(pv["quiet"])  # the harm stays negative
    assert hub.loss < 0


def test_value_per_unit_of_cost_uses_the_analysis_costs() -> None:
    result = {a.id: a for a in value_by_activity(load_model(WORKED)).activities}
    mentoring = result["mentoring"]
    # grant 200,000 x allocation 0.6 + staff 50,000 x 0.5 / (0.5 + 0.5)
    assert mentoring.cost == pytest.approx(145_000)
    assert mentoring.value_per_cost == pytest.approx(mentoring.present_value / 145_000)


def test_an_activity_pulling_against_a_good_outcome_is_charged_harm_apart() -> None:
    model = model_of(
        [node("a", "activity"), node("b", "activity"), node("o", value=VALUE)],
        [{"from": "a", "to": "o", "weight": 0.75}, {"from": "b", "to": "o", "weight": -0.25}],
    )
    result = value_by_activity(model, costs={})
    by_id = {a.id: a for a in result.activities}
    pv = value_map(model).present_value
    assert (by_id["a"].present_value, by_id["b"].present_value) == (pytest.approx(pv), 0.0)
    assert by_id["b"].harm == pytest.approx(-pv / 3)  # 0.25 of the 0.75 that brings it about
    assert by_id["b"].net_value == pytest.approx(-pv / 3)
    assert result.notes[0] == (
        f"'b' pulls against 'o': its harm (-{pv / 3:,.0f}) is shown apart, not taken from the total"
    )


def test_outcomes_no_activity_reaches_are_unattributed() -> None:
    model = model_of([node("a", "activity"), node("o", value=VALUE)], [])
    result = value_by_activity(model, costs={})
    assert result.unattributed == {"o": pytest.approx(value_map(model).present_value)}


def test_pulls_that_cancel_still_share_the_value_by_gains() -> None:
    parts = split(900.0, {"a": Pull(0.5, 0.0), "b": Pull(0.0, -0.5)})
    assert parts.shares == {"a": 900.0}
    assert parts.harms == {"b": -900.0}


# Framework totals --------------------------------------------------------------------------


def test_framework_totals_by_code_in_natural_order() -> None:
    model = model_of(
        [
            node("a", "activity"),
            node("x", value=VALUE, frameworks=["toms:NT10"]),
            node("y", value=VALUE, frameworks=["toms:NT2", "toms:NT10"]),
            node("z", value=VALUE),
        ],
        [{"from": "a", "to": n} for n in "xyz"],
    )
    totals = framework_totals(model, "toms")
    pv = value_map(model).outcomes[0].present_value
    assert [(t.code, t.outcomes) for t in totals] == [
        ("NT2", ("y",)), ("NT10", ("x", "y")), ("(untagged)", ("z",)),
    ]  # fmt: skip
    assert totals[1].present_value == pytest.approx(2 * pv)


# Over-claiming -----------------------------------------------------------------------------


def codes(model: LogicModel, **kwargs: Any) -> list[str]:
    return [f.code for f in honesty_findings(model, **kwargs)]


def test_shares_over_100_percent_across_partners() -> None:
    ours = model_of(
        [node("a", "activity"), node("jobs", value={**VALUE, "attribution": 0.3},
                                     frameworks=["toms:NT1"])],
        [{"from": "a", "to": "jobs"}],
        organisation="Council",
    )  # fmt: skip
    theirs = ours.model_copy(update={"organisation": "Charity"})
    found = [f for f in honesty_findings(ours, partners=[theirs]) if f.code == "over-attribution"]
    assert len(found) == 1
    assert "add up to 140% (Council: jobs 70%, Charity: jobs 70%)" in found[0].message
    assert "over-attribution" not in codes(ours)


def test_a_valued_outcome_leading_to_another_is_a_double_count() -> None:
    model = model_of(
        [node("a", "activity"), node("jobs", value=VALUE), node("income", "impact", value=VALUE)],
        [{"from": "a", "to": "jobs"}, {"from": "jobs", "to": "income", "weight": 0.5}],
    )
    found = [f for f in honesty_findings(model) if f.code == "double-count"]
    assert found[0].message.startswith("valued outcome 'jobs' leads to valued 'income'")


def test_one_code_on_two_outcomes_is_two_outcomes_tagged_alike_not_a_claim_twice() -> None:
    model = model_of(
        [node("a", "activity"), node("x", value=VALUE, frameworks=["sdg:8"]),
         node("y", value=VALUE, frameworks=["sdg:8"])],
        [{"from": "a", "to": "x"}, {"from": "a", "to": "y"}],
    )  # fmt: skip
    assert codes(model) == []


def test_theme_tags_as_the_readme_recommends_raise_no_warning() -> None:
    # Before: "the shares claimed of 'toms-theme:jobs' add up to 180%" and a double count.
    jobs = {**VALUE, "attribution": 0.1}
    model = model_of(
        [node("a", "activity"),
         node("x", value=jobs, frameworks=["toms:NT1", "toms-theme:jobs"]),
         node("y", value=jobs, frameworks=["toms:NT3", "toms-theme:jobs"])],
        [{"from": "a", "to": "x"}, {"from": "a", "to": "y"}],
        organisation="Council",
    )  # fmt: skip
    assert [f for f in honesty_findings(model) if f.severity == "warning"] == []
    partner = model.model_copy(update={"organisation": "Charity", "nodes": model.nodes[:2]})
    found = [f.message for f in honesty_findings(model, partners=[partner])]
    assert found == [
        "the shares claimed of 'toms:NT1' add up to 180% (Council: x 90%, Charity: x 90%): "
        "raise each claim's attribution so that together they claim at most 100%"
    ]


def test_negative_link_into_an_unvalued_outcome_is_a_missing_harm() -> None:
    model = model_of(
        [node("a", "activity"), node("jobs", value=VALUE), node("quiet")],
        [{"from": "a", "to": "jobs"}, {"from": "a", "to": "quiet", "weight": -0.5}],
    )
    found = [f for f in honesty_findings(model) if f.code == "harm-unvalued"]
    assert [f.node_id for f in found] == ["quiet"]
    assert "value the harm (a negative proxy)" in found[0].message


def test_no_warnings_when_the_harm_is_valued() -> None:
    found = honesty_findings(load_model(WORKED))
    assert [f for f in found if f.severity == "warning"] == []


def test_unstated_filters_and_no_discounting_are_noted() -> None:
    model = model_of(
        [node("a", "activity"), node("o", value={"quantity": 1, "proxy": 1, "duration": 3})],
        [{"from": "a", "to": "o"}],
        valuation={"investment": 1, "convention": "none"},
    )
    assert codes(model) == ["filters-unstated", "undiscounted"]


def test_toc_value_partner_claims_count_towards_100_percent(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from toc import dump_model
    from toc.cli import main

    partner = load_model(WORKED).model_copy(update={"organisation": "Jobs Charity"})
    dump_model(partner, tmp_path / "partner.yaml")
    args = ["value", str(WORKED), "--json", "--partner", str(tmp_path / "partner.yaml")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "over-attribution"]
    assert "'toms:NT1' add up to 160%" in found[0]["message"]
