"""The command line: exit codes, files written, messages."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from toc import load_model
from toc.cli import main

ROOT = Path(__file__).resolve().parent.parent


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_new_prints_a_valid_starter_model(tmp_path: Path) -> None:
    code, out, _ = invoke("new")
    assert code == 0
    path = tmp_path / "m.yaml"
    path.write_text(out, encoding="utf-8")
    assert load_model(path).nodes[0].stage.value == "input"


def test_new_writes_a_file_in_the_format_asked(tmp_path: Path) -> None:
    code, out, _ = invoke("new", str(tmp_path / "m.json"), "--title", "Parks")
    assert code == 0
    assert out == f"wrote {tmp_path / 'm.json'}\n"
    assert load_model(tmp_path / "m.json").title == "Parks"


def test_new_blank_has_no_boxes(tmp_path: Path) -> None:
    invoke("new", str(tmp_path / "m.yaml"), "--blank")
    assert load_model(tmp_path / "m.yaml").nodes == []


def test_check_valid_model_prints_findings_and_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("title: t\nnodes:\n- {id: i, label: Grant, stage: input}\n", "utf-8")
    code, out, _ = invoke("check", str(path))
    assert code == 0
    assert "warning [input-funds-nothing] input 'i' (Grant) funds nothing" in out
    assert out.endswith("valid (1 nodes, 0 links); 1 finding(s)\n")


def test_check_strict_fails_on_warnings(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("title: t\nnodes:\n- {id: i, label: Grant, stage: input}\n", "utf-8")
    assert invoke("check", str(path), "--strict")[0] == 1


def test_convert_yaml_json_yaml_is_lossless(tmp_path: Path) -> None:
    source = ROOT / "models" / "youth-employment.yaml"
    assert invoke("convert", str(source), str(tmp_path / "m.json"))[0] == 0
    assert invoke("convert", str(tmp_path / "m.json"), str(tmp_path / "m.yaml"))[0] == 0
    assert load_model(tmp_path / "m.yaml") == load_model(source)


def test_convert_to_unknown_format_fails_cleanly(tmp_path: Path) -> None:
    source = ROOT / "models" / "youth-employment.yaml"
    code, _, err = invoke("convert", str(source), str(tmp_path / "m.txt"))
    assert code == 1
    assert "'.txt' is not a model format" in err


def test_convert_to_a_csv_pair_says_what_it_leaves_out(tmp_path: Path) -> None:
    source = ROOT / "models" / "youth-employment.yaml"
    result = CliRunner().invoke(main, ["convert", str(source), str(tmp_path / "y-nodes.csv")])
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: a CSV pair holds boxes and links; left out: ")
    assert "stakeholders" in result.stderr
    assert "indicators (on 8 boxes)" in result.stderr
    assert (tmp_path / "y-links.csv").exists()
