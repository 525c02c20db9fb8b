"""Options appraisal (``toc compare``): a hand-worked ranking, the JSON contract, P(first), errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from toc.analysis.influence import drivers
from toc.cli import main
from toc.errors import TocError
from toc.formats.modelfiles import dump_model
from toc.model import LogicModel
from toc.organisation import Framework
from toc.organisation.options import NO_GROUP, compare, load_options

ROOT = Path(__file__).resolve().parent.parent
OPTIONS = sorted((ROOT / "models" / "portfolio" / "options").glob("*.yaml"))
FRAMEWORK = ROOT / "models" / "portfolio" / "framework.yaml"

FW = Framework.model_validate(
    {
        "title": "Tiny council",
        "scheme": "council",
        "departments": [
            {"id": "housing", "label": "Housing"},
            {"id": "economy", "label": "Economy"},
        ],
        "outcomes": [
            {"code": "O1", "label": "Work", "department": "economy", "priority": 3},
            {"code": "O2", "label": "Homes", "department": "housing", "priority": 1},
        ],
    }
)


def _option(
    title: str,
    cost: float,
    activities: dict[str, str],
    links: list[tuple[str, str, float]],
    value: dict[str, Any] | None = None,
) -> LogicModel:
    nodes: list[dict[str, Any]] = [
        {"id": "money", "label": "Money", "stage": "input", "cost": cost}
    ]
    nodes += [
        {"id": a, "label": a, "stage": "activity", "department": d} for a, d in activities.items()
    ]
    nodes += [
        {"id": "b", "label": "Output", "stage": "output"},
        {"id": "o1", "label": "Work", "stage": "outcome", "frameworks": ["council:O1"]},
        {"id": "o2", "label": "Homes", "stage": "outcome", "frameworks": ["council:O2"]},
    ]
    if value is not None:
        nodes[-1]["value"] = value
    return LogicModel.model_validate(
        {
            "title": title,
            "departments": [
                {"id": "housing", "label": "Housing"},
                {"id": "economy", "label": "Economy"},
            ],
            "stakeholders": [{"id": "tenants", "label": "Tenants"}],
            "valuation": {"convention": "none"},
            "nodes": nodes,
            "links": [
                *({"from": "money", "to": a, "weight": 1} for a in activities),
                *(
                    {"from": s, "to": t, "weight": w, "low": w, "high": w}  # no uncertainty
                    for s, t, w in links
                ),
            ],
        }
    )


CURRENT = _option(
    "Current",
    100_000,
    {"a": "housing"},
    [("a", "o1", 0.4), ("a", "o2", 0.8)],
    {"quantity": 10, "proxy": 1000, "stakeholder": "tenants"},
)
REDESIGN = _option(
    "Redesign",
    50_000,
    {"a": "housing", "c": "economy"},
    [("a", "b", 0.5), ("b", "o1", 0.8), ("a", "o1", 0.2), ("c", "o2", -0.4)],
    {"quantity": 20, "proxy": 1000, "stakeholder": "tenants"},
)
BID = _option("Bid", 200_000, {"a": "economy"}, [("a", "o1", 0.9), ("a", "o2", -0.2)])


def test_ranking_on_a_hand_worked_case() -> None:
    """Framework priorities 3 and 1 normalise to w(O1) = 0.75, w(O2) = 0.25.

    Current:  contribution O1 = 0.4, O2 = 0.8;
              score = 0.75 * 0.4 + 0.25 * 0.8 = 0.3 + 0.2 = 0.5 (all Housing's activity a).
    Redesign: O1 = 0.5 * 0.8 (a -> b -> o1) + 0.2 (a -> o1) = 0.6, all from Housing's a;
              O2 = -0.4 from Economy's c;
              score = 0.75 * 0.6 + 0.25 * (-0.4) = 0.45 - 0.1 = 0.35
              (Housing 0.45, Economy -0.1); cost 50,000, so 0.7 per 100k.
    Bid:      O1 = 0.9, O2 = -0.2, all Economy's a;
              score = 0.75 * 0.9 - 0.25 * 0.2 = 0.675 - 0.05 = 0.625; 0.3125 per 100k.
    Best first: Bid 0.625, Current 0.5, Redesign 0.35.
    Against the baseline (Current, Housing 0.5): Redesign: Housing -0.05, Economy -0.1;
    Bid: Economy +0.625, Housing -0.5.
    Value (no discounting, nothing deducted): Current 10 x 1,000 = 10,000 on 100,000, ratio
    0.1, NPV -90,000; Redesign 20,000 on 50,000, ratio 0.4, NPV -30,000, tenants +10,000;
    Bid values nothing: PV 0, NPV -200,000, ratio 0, tenants -10,000.
    No link varies, so the best option ranks first in every sample.
    """
    result = compare([CURRENT, REDESIGN, BID], framework=FW, samples=200)
    got = {o.model: o for o in result.options}
    assert [o.model for o in result.options] == ["Bid", "Current", "Redesign"]
    assert got["Current"].score == pytest.approx(0.5, abs=1e-12)
    assert got["Redesign"].score == pytest.approx(0.35, abs=1e-12)
    assert got["Bid"].score == pytest.approx(0.625, abs=1e-12)
    assert got["Redesign"].score_per_100k == pytest.approx(0.7, abs=1e-12)
    assert got["Bid"].score_per_100k == pytest.approx(0.3125, abs=1e-12)
    assert got["Redesign"].by_department == pytest.approx({"housing": 0.45, "economy": -0.1})
    assert {c.name: c.change for c in got["Redesign"].losses if c.kind == "department"} == (
        pytest.approx({"housing": -0.05, "economy": -0.1})
    )
    assert [(c.kind, c.name) for c in got["Bid"].gains] == [("department", "economy")]
    assert got["Bid"].gains[0].change == pytest.approx(0.625)
    assert [(c.kind, c.name) for c in got["Bid"].losses] == [
        ("stakeholder", "tenants"),
        ("department", "housing"),
    ]
    assert (got["Current"].present_value, got["Current"].npv) == (10_000, -90_000)
    assert got["Current"].ratio == pytest.approx(0.1)
    assert (got["Redesign"].present_value, got["Redesign"].npv) == (20_000, -30_000)
    assert got["Redesign"].by_stakeholder == {"tenants": 20_000}
    assert (got["Bid"].present_value, got["Bid"].npv, got["Bid"].ratio) == (0, -200_000, 0.0)
    assert [o.p_first for o in result.options] == [1.0, 0.0, 0.0]
    assert result.baseline == "Current" and got["Current"].baseline
    assert got["Current"].changes == []


def test_without_a_framework_the_score_is_the_driver_total() -> None:
    own = [m.model_copy(deep=True) for m in (CURRENT, BID)]
    for m in own:
        m.nodes[-2].priority = 3
        m.nodes[-1].priority = 1
    result = compare(own, samples=50)
    for option, model in zip(
        sorted(result.options, key=lambda o: o.model != "Current"), own, strict=True
    ):
        assert option.score == pytest.approx(sum(d.score for d in drivers(model)), abs=1e-12)
    assert result.basis == "own priorities" and result.framework is None


def test_sampled_scores_match_the_scores_when_nothing_varies() -> None:
    from toc.organisation.options import _sampled_totals

    totals = _sampled_totals([CURRENT, REDESIGN, BID], FW, 5, 0)
    assert totals[:, 0] == pytest.approx([0.5, 0.35, 0.625], abs=1e-12)
    assert (totals == totals[:, :1]).all()


def test_p_first_sums_to_one_and_ties_share() -> None:
    loose = [_loosened(m) for m in (CURRENT, REDESIGN, BID)]
    result = compare(loose, framework=FW, samples=500, seed=3)
    shares = [o.p_first or 0.0 for o in result.options]
    assert sum(shares) == pytest.approx(1.0, abs=1e-12)
    assert 0.0 < shares[0] < 1.0  # the ranges overlap: the ranking is not sure
    twin = compare([CURRENT, CURRENT.model_copy(update={"title": "Twin"})], framework=FW)
    assert [o.p_first for o in twin.options] == [0.5, 0.5]
    again = compare(loose, framework=FW, samples=500, seed=3)
    assert [o.p_first for o in again.options] == shares  # the seed fixes the figures


def _loosened(model: LogicModel) -> LogicModel:
    data = model.model_dump(by_alias=True, exclude_none=True)
    for link in data["links"]:
        link.pop("low", None)
        link.pop("high", None)
    return LogicModel.model_validate(data)


def test_no_stakeholder_group_is_named_apart() -> None:
    unnamed = _option("U", 10, {"a": "housing"}, [("a", "o2", 0.5)], {"quantity": 1, "proxy": 5})
    result = compare([CURRENT, unnamed], framework=FW, samples=0)
    got = {o.model: o for o in result.options}
    assert got["U"].by_stakeholder == {NO_GROUP: 5.0}
    assert got["U"].p_first is None


def _write(tmp_path: Path, *models: LogicModel) -> list[str]:
    paths = []
    for i, model in enumerate(models):
        path = tmp_path / f"option-{i}.yaml"
        dump_model(model, path)
        paths.append(str(path))
    return paths


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_contract(tmp_path: Path) -> None:
    fw = tmp_path / "framework.json"
    fw.write_text(json.dumps(FW.model_dump(exclude_none=True)), encoding="utf-8")
    paths = _write(tmp_path, CURRENT, REDESIGN, BID)
    code, out, err = invoke("compare", *paths, "--framework", str(fw), "--json", "--samples", "50")
    assert code == 0, err
    data = json.loads(out)
    assert [o["model"] for o in data["options"]] == ["Bid", "Current", "Redesign"]
    for option in data["options"]:
        assert {"model", "score", "present_value", "ratio", "cost"} <= set(option)
        assert {"npv", "score_per_100k", "p_first", "gains", "losses"} <= set(option)
    assert sum(o["p_first"] for o in data["options"]) == pytest.approx(1.0)
    assert data["baseline"] == "Current" and data["basis"] == "framework"


def test_the_example_options_compare(tmp_path: Path) -> None:
    paths = [str(p) for p in OPTIONS]
    assert len(paths) == 3
    code, out, err = invoke("compare", *paths, "--framework", str(FRAMEWORK))
    assert code == 0, err
    assert "Options, best first" in out and "Who gains and who loses" in out
    result = load_options(paths, framework=FRAMEWORK, samples=200)
    assert result.options[0].model == "Employment hubs, option B: redesign"
    assert sum(o.p_first or 0.0 for o in result.options) == pytest.approx(1.0)


def test_errors_name_the_file_and_the_fix(tmp_path: Path) -> None:
    paths = _write(tmp_path, CURRENT)
    code, _, err = invoke("compare", paths[0], str(tmp_path / "missing.yaml"))
    assert code == 1
    assert "missing.yaml: no such file: check the path" in err
    code, _, err = invoke("compare", paths[0])
    assert code == 1 and "needs two or more options, got 1" in err
    code, _, err = invoke("compare", paths[0], str(tmp_path))
    assert code == 1 and "is a folder: name the option model files one by one" in err
    code, _, err = invoke("compare", *paths, paths[0], "--framework", str(tmp_path / "fw.yaml"))
    assert code == 1 and "fw.yaml" in err
    with pytest.raises(TocError, match="no option given"):
        compare([])


def test_a_tag_the_framework_lacks_names_the_line(tmp_path: Path) -> None:
    bad = CURRENT.model_copy(deep=True)
    bad.nodes[-1].frameworks = ["council:O9"]
    paths = _write(tmp_path, CURRENT, bad)
    with pytest.raises(TocError) as caught:
        load_options(paths, framework=FW, samples=0)
    message = str(caught.value)
    assert "option-1.yaml" in message and "line" in message and "'O9'" in message


def test_an_option_valued_without_any_cost_says_which_file(tmp_path: Path) -> None:
    free = CURRENT.model_copy(deep=True)
    free.nodes[0].cost = None
    paths = _write(tmp_path, CURRENT, free)
    with pytest.raises(TocError, match=r"option-1\.yaml: the model states no investment"):
        load_options(paths, samples=0)
