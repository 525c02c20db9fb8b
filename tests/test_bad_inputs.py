"""Every kind of bad input gives a clear message naming the file, the place and the value.

Each case runs the real command line (`toc check`) and checks the exit code,
that stderr holds the message and no traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from toc.cli import main

BAD = Path(__file__).parent / "bad"

CASES = {
    "duplicate-id.yaml": ["line 12", "id 'act' is used by 2 nodes", "give each a different id"],
    "missing-node.yaml": ["line 14", "link 'act->jobs' to 'jobs', which is not a node"],
    "self-link.yaml": ["line 13", "joins 'act' to itself: delete it"],
    "weight-range.yaml": ["line 15", "got 1.5", "weights run from -1"],
    "weight-zero.yaml": ["line 15", "a link of weight 0 says nothing"],
    "backwards.yaml": ["line 13", "runs backwards, from outcome 'out' to activity 'act'"],
    "cycle.yaml": ["line 23", "cycle: act -> act2 -> act3 -> act", "delete or reverse"],
    "malformed.yaml": ["line 5", "not valid YAML", "indentation"],
    "wrong-type.yaml": ["line 15", "valid number", "got 'strong'"],
    "unknown-key.yaml": ["line 12", "node 'out'", "unknown key 'colour'", "known keys: id"],
    "bad-stage.yaml": ["line 5", "got 'inputs'", "'input', 'activity'"],
    "missing-stage.yaml": ["line 3", "node 'money'", "'stage' is missing"],
    "priority-on-activity.yaml": ["line 3", "'priority' is only for outcome and impact"],
    "not-a-mapping.yaml": ["holds a mapping", "this one is list"],
    "bad-json.json": ["line 4", "not valid JSON"],
    "undeclared-department.yaml": ["line 9", "'hosuing', which is not declared"],
    "bad-id.yaml": ["line 3", "'my box' is not allowed", "try 'my-box'"],
    "not-utf8.yaml": ["line 1", "not UTF-8", "save the file as UTF-8"],
    "python-object.yaml": ["line 1", "python/object/apply", "plain data only: remove the tag"],
}


def run_check(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args], env=env)
    return result.exit_code, result.stderr


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_gives_clear_message_and_exit_1(name: str) -> None:
    code, err = run_check(str(BAD / name))
    assert code == 1
    assert err.startswith(f"error: {BAD / name}")
    for fragment in CASES[name]:
        assert fragment in err
    assert "Traceback" not in err


def test_every_bad_file_has_a_case() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(CASES)


def test_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("title: t\ndescription: " + "x" * 5000 + "\n", encoding="utf-8")
    code, err = run_check(str(big), env={"TOC_MAX_FILE_BYTES": "4096"})
    assert code == 1
    assert "5,023 bytes, over the limit of 4,096" in err
    assert "TOC_MAX_FILE_BYTES" in err


def test_missing_file(tmp_path: Path) -> None:
    code, err = run_check(str(tmp_path / "nope.yaml"))
    assert code == 1
    assert "cannot read the file" in err


def test_unknown_suffix(tmp_path: Path) -> None:
    code, err = run_check(str(tmp_path / "model.docx"))
    assert code == 1
    assert "'.docx' is not a model format: use .yaml" in err


def test_many_problems_are_all_reported(tmp_path: Path) -> None:
    bad = tmp_path / "m.yaml"
    bad.write_text(
        "title: t\nnodes:\n- {id: a, label: A, stage: activity}\n"
        "links:\n- {from: a, to: b}\n- {from: c, to: a}\n",
        encoding="utf-8",
    )
    code, err = run_check(str(bad))
    assert code == 1
    assert "2 problems" in err
    assert "line 5: link 'a->b' to 'b'" in err
    assert "line 6: link 'c->a' from 'c'" in err
