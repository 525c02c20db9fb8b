"""The framework file and `toc portfolio`: loading, the errors' wording, the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from toc.errors import TocError
from toc.formats.modelfiles import load_model
from toc.model import LogicModel
from toc.organisation import (
    FrameworkError,
    UnknownCodeError,
    load_framework,
    load_portfolio,
    model_paths,
)
from toc.organisation.corporate import framework_priorities
from toc.organisation.portfolio import PortfolioFileError

ROOT = Path(__file__).resolve().parent.parent

FRAMEWORK = """\
title: Example City Council outcomes framework
scheme: council
departments: [{id: housing, label: Housing}, {id: economy, label: Economy}]
outcomes:
- {code: O1, label: Residents in secure work, department: economy, priority: 3,
   maps_to: [toms:NT1, sdg:8]}
- {code: O2, label: Settled homes, department: housing, priority: 1}
- {code: O3, label: Clean air}
agreed_order: [O1, O2]
"""

HOUSING = """\
title: Housing
departments: [{id: housing, label: Housing}]
nodes:
- {id: fund, label: Fund, stage: input, cost: 1000}
- {id: place, label: Place, stage: activity, department: housing}
- {id: homed, label: Homed, stage: outcome, frameworks: ['council:O2']}
- {id: work, label: In work, stage: outcome, frameworks: ['council:O1']}
links:
- {from: fund, to: place}
- {from: place, to: homed, weight: 0.8}
- {from: place, to: work, weight: -0.5}
"""

JOBS = {
    "title": "Jobs",
    "nodes": [
        {"id": "coach", "label": "Coach", "stage": "activity"},
        {"id": "work", "label": "In work", "stage": "outcome", "frameworks": ["council:O1"]},
    ],
    "links": [{"from": "coach", "to": "work", "weight": 0.9}],
}


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "framework.yaml").write_text(FRAMEWORK, "utf-8")
    (tmp_path / "housing.yaml").write_text(HOUSING, "utf-8")
    (tmp_path / "jobs.json").write_text(json.dumps(JOBS), "utf-8")
    (tmp_path / "notes.txt").write_text("not a model", "utf-8")
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    from toc.cli import main

    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_framework_loads_with_the_agreed_order_as_priorities(tmp_path: Path) -> None:
    fw = load_framework(_folder(tmp_path) / "framework.yaml")
    assert fw.codes() == ["O1", "O2", "O3"]
    assert fw.outcomes[0].maps_to == ["toms:NT1", "sdg:8"]
    p = load_portfolio(tmp_path / "framework.yaml", [tmp_path])
    assert p.priorities.source == "nodes"  # box priorities come first, as in a model
    assert p.priorities.ignored == ("agreed-order",)


def test_duplicate_codes_are_refused_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "fw.yaml"
    path.write_text(FRAMEWORK.replace("code: O3", "code: O1"), "utf-8")
    with pytest.raises(FrameworkError) as err:
        load_framework(path)
    assert str(err.value) == (
        f"{path}: 1 problem\n"
        "  line 8: outcome code 'O1' is used by 2 outcomes: give each outcome its own code"
    )


def test_unknown_lead_department_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fw.yaml"
    path.write_text(FRAMEWORK.replace("department: housing", "department: parks"), "utf-8")
    with pytest.raises(FrameworkError, match="line 7: outcome 'O2' is led by department 'parks'"):
        load_framework(path)


def test_framework_errors_name_the_key_and_the_order(tmp_path: Path) -> None:
    path = tmp_path / "fw.json"
    path.write_text(
        json.dumps(
            {
                "title": "t",
                "scheme": "council",
                "outcomes": [{"code": "O1", "label": "A", "lead": "x"}],
                "agreed_order": ["O9"],
            },
            indent=1,
        ),
        "utf-8",
    )
    with pytest.raises(TocError) as err:
        load_framework(path)
    message = str(err.value)
    assert "unknown key 'lead': remove it or fix its spelling" in message
    path.write_text(
        json.dumps({"title": "t", "scheme": "council", "outcomes": [], "agreed_order": ["O9"]}),
        "utf-8",
    )
    with pytest.raises(
        FrameworkError, match="the agreed order lists 'O9', which is not an outcome code"
    ):
        load_framework(path)


def test_a_framework_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "fw.yaml"
    path.write_text("- just a list\n", "utf-8")
    with pytest.raises(TocError, match="a framework file holds a mapping"):
        load_framework(path)


def test_unknown_code_names_model_file_node_line_and_code(tmp_path: Path) -> None:
    _folder(tmp_path)
    bad = tmp_path / "housing.yaml"
    bad.write_text(HOUSING.replace("council:O2", "council:O9"), "utf-8")
    with pytest.raises(UnknownCodeError) as err:
        load_portfolio(tmp_path / "framework.yaml", [tmp_path])
    assert str(err.value) == (
        f"{bad}: 1 problem\n"
        "  line 6: node 'homed' is tagged 'council:O9', but the framework 'Example City Council "
        "outcomes framework' has no outcome 'O9': use one of O1, O2, O3, or add 'O9' to the "
        "framework"
    )


def test_folder_means_its_model_files_without_the_framework(tmp_path: Path) -> None:
    _folder(tmp_path)
    found = model_paths([tmp_path], skip=tmp_path / "framework.yaml")
    assert [p.name for p in found] == ["housing.yaml", "jobs.json"]
    with pytest.raises(PortfolioFileError, match="no such file or folder"):
        model_paths([tmp_path / "missing"])


def test_a_bad_model_file_is_named(tmp_path: Path) -> None:
    _folder(tmp_path)
    (tmp_path / "broken.yaml").write_text("title: t\nnodes: [{id: a}]\n", "utf-8")
    with pytest.raises(TocError) as err:
        load_portfolio(tmp_path / "framework.yaml", [tmp_path])
    assert str(err.value).startswith(f"{tmp_path / 'broken.yaml'}: ")


def test_processes_give_the_same_portfolio(tmp_path: Path) -> None:
    _folder(tmp_path)
    one = load_portfolio(tmp_path / "framework.yaml", [tmp_path])
    two = load_portfolio(tmp_path / "framework.yaml", [tmp_path], workers=2)
    assert one.to_json() == two.to_json()
    (tmp_path / "broken.yaml").write_text("title: t\nnodes: [{id: a}]\n", "utf-8")
    with pytest.raises(TocError, match=r"broken\.yaml"):
        load_portfolio(tmp_path / "framework.yaml", [tmp_path], workers=2)


def test_cli_json_follows_the_contract(tmp_path: Path) -> None:
    _folder(tmp_path)
    code, out, err = invoke("portfolio", str(tmp_path / "framework.yaml"), str(tmp_path), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert list(data)[:6] == ["outcomes", "matrix", "services", "gaps", "harms", "departments"]
    assert data["gaps"] == ["O3"]
    assert data["harms"] == [{"model": "Housing", "code": "O1", "contribution": -0.5}]
    assert [s["model"] for s in data["services"]] == ["Jobs", "Housing"]
    assert data["services"][1]["cost"] == 1000.0
    assert data["outcomes"][0]["contributors"] == {"Housing": -0.5, "Jobs": 0.9}


def test_cli_without_a_service_or_a_box(tmp_path: Path) -> None:
    _folder(tmp_path)
    args = ("portfolio", str(tmp_path / "framework.yaml"), str(tmp_path / "housing.yaml"))
    code, out, _ = invoke(*args, str(tmp_path / "jobs.json"), "--json", "--without", "housing")
    assert code == 0
    without = json.loads(out)["without"]
    assert without["service"] == "Housing" and without["node"] is None
    assert [o["after"] for o in without["outcomes"]] == [0.9, 0.0, 0.0]
    code, out, _ = invoke(*args, "--without", "Housing:place", "--scale", "0.5")
    assert code == 0
    assert "What if: scaled by 0.5: Housing: place" in out
    assert "Departments that feel it" in out


def test_cli_tables_and_errors(tmp_path: Path) -> None:
    _folder(tmp_path)
    code, out, _ = invoke("portfolio", str(tmp_path / "framework.yaml"), str(tmp_path))
    assert code == 0
    assert "Services by corporate score" in out
    assert "Gaps (corporate outcomes no service reaches): O3." in out
    assert "Housing pulls O1 down: -0.500" in out
    code, out, err = invoke(
        "portfolio", str(tmp_path / "framework.yaml"), str(tmp_path), "--without", "Parks"
    )
    assert code == 1
    assert err.startswith("error: 'Parks' names no service of the portfolio")
    assert "Traceback" not in err


@pytest.mark.skipif(
    not (ROOT / "models" / "portfolio" / "framework.yaml").exists(), reason="no example"
)
def test_the_example_portfolio_runs() -> None:
    folder = ROOT / "models" / "portfolio"
    code, out, err = invoke("portfolio", str(folder / "framework.yaml"), str(folder), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert len(data["matrix"]) >= 6


def test_portfolio_of_every_model_in_the_store(tmp_path: Path) -> None:
    """``--store`` measures the newest revision of every saved model that uses the scheme."""
    from toc.store import Store

    folder = ROOT / "models" / "portfolio"
    db = tmp_path / "toc.db"
    with Store(f"sqlite:///{db}") as store:
        for name in ("employment-support.yaml", "homelessness-prevention.yaml"):
            store.create_model(load_model(folder / name), author="tester")
        store.create_model(LogicModel(title="Untagged"), author="tester")
    fw = str(folder / "framework.yaml")
    code, out, _ = invoke("portfolio", fw, "--store", "--db", str(db), "--json")
    assert code == 0, out
    data = json.loads(out)
    assert sorted(data["matrix"]) == ["Employment and skills hubs", HOUSING_TITLE]
    files = invoke(
        "portfolio",
        fw,
        str(folder / "employment-support.yaml"),
        str(folder / "homelessness-prevention.yaml"),
        "--json",
    )[1]
    assert json.loads(files)["matrix"] == data["matrix"]
    code, _, err = invoke("portfolio", fw)
    assert code != 0 and "--store" in err and "Traceback" not in err


HOUSING_TITLE = "Homelessness prevention and temporary accommodation"


def test_analyse_with_the_corporate_priorities_instead_of_the_models_own() -> None:
    folder = ROOT / "models" / "portfolio"
    model, fw = folder / "employment-support.yaml", folder / "framework.yaml"
    code, out, _ = invoke("analyse", str(model), "--framework", str(fw), "--json")
    assert code == 0, out
    weights = json.loads(out)["priorities"]
    corporate = framework_priorities(load_framework(fw)).weights
    tagged = {
        n.id: [t.split(":", 1)[1] for t in n.frameworks if t.startswith("council:")]
        for n in load_model(model).nodes
        if n.stage.is_result
    }
    holders = {c: sum(c in codes for codes in tagged.values()) for c in corporate}
    expected = {
        i: sum(corporate[c] / holders[c] for c in codes) for i, codes in tagged.items() if codes
    }
    total = sum(expected.values())
    assert weights == pytest.approx({i: w / total for i, w in expected.items()})
    code, _, err = invoke("analyse", str(model), "--framework", str(fw), "--priorities", "equal")
    assert code != 0 and "not both" in err
