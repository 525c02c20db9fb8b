"""Every kind of bad input gives a clear message naming the file, the place and the value.

Each case runs the real command line (`toc check`) and checks the exit code,
that stderr holds the message and no traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from toc.cli import main
from toc.formats.modelfiles import load_model
from toc.formats.yamltext import Refused, check_shape
from toc.model.validation import shown

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
    "priority-on-activity.yaml": ["line 6", "'priority' is only for outcome and impact"],
    "not-a-mapping.yaml": ["holds a mapping", "this one is list"],
    "bad-json.json": ["line 4", "not valid JSON"],
    "undeclared-department.yaml": ["line 9", "'hosuing', which is not declared"],
    "bad-id.yaml": ["line 3", "'my box' is not allowed", "try 'my-box'"],
    "not-utf8.yaml": ["line 1", "not UTF-8", "save the file as UTF-8"],
    "python-object.yaml": ["line 1", "python/object/apply", "plain data only: remove the tag"],
    "duplicate-key.yaml": ["line 7", "the key 'cost' is given twice, on lines 6 and 7: keep one"],
    "duplicate-key.json": ["line 6", "the key 'cost' is given twice in one object: keep one"],
    "version-2.yaml": [
        "1 problem",
        "line 1: this file is version 2; this toc reads version 1: upgrade toc",
    ],
    "true-as-number.yaml": [
        "line 12: link 'act->out' weight: true is a yes/no value, not a number",
        "type the number",
    ],
    "octal-number.yaml": ["line 7", "YAML reads '012' as a number in base 2, 8, 16 or 60"],
    "cost-too-large.yaml": ["line 6", "got '1.0e308'", "from 0 to 1,000,000,000,000"],
    "billion-laughs.yaml": ["line 6", "aliases (*e and those before it) repeat more than 100,000"],
    "recursive-alias.yaml": ["line 2", "the alias *loop is inside the value &loop it repeats"],
    "too-deep.json": ["line 2", "nested more than 64 deep", "check the brackets"],
    "big-whole-number.json": ["line 3", "9,007,199,254,740,993 is larger than 2**53"],
    "lone-surrogate.json": ["line 1", "holds \\ud83d, half of a UTF-16 pair"],
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


def test_the_laughs_cost_nothing_to_refuse() -> None:
    """The alias bomb is refused from the parser's events, before any value is built."""
    with pytest.raises(Refused, match="repeat more than 100,000"):
        check_shape((BAD / "billion-laughs.yaml").read_text(encoding="utf-8"))


def test_a_value_in_a_message_is_cut_short_however_large() -> None:
    laughs: object = ["lol"] * 9
    for _ in range(9):  # 9**10 strings if expanded
        laughs = [laughs] * 9
    assert len(shown(laughs)) <= 60
    assert len(shown("x" * 10_000_000)) <= 60
    assert shown(10**5000) == "<a whole number of about 5,000 digits>"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("title: t\nversion: 0\n", "line 2: version: the format version is 1, got 0"),
        ("title: t\nversion: '2'\n", "got '2'"),
        ("title: t\nversion: true\n", "version: true is a yes/no value, not a number"),
        ("title: t\ndescription: 0x1F\n", "YAML reads '0x1F' as a number in base 2, 8, 16 or 60"),
        ("title: t\ndescription: 1:30\n", "YAML reads '1:30' as a number"),
        ("title: t\nvaluation: {compound_rates: {1: 0.1, true: 0.2}}", "keys '1' and 'true'"),
        (
            "title: t\nvaluation:\n  compound_rates: {1: 0.1, '1': 0.2}\n",
            "line 3: valuation.compound_rates: year 1 and year '1' are the same year once read",
        ),
        ("title: t\ndescription: !!set {a}\n", "remove the tag"),
        ("title: t\ndescription: *nowhere\n", "the alias *nowhere comes before any &nowhere"),
        ("title: t\nb: \x01\n", "line 2: this is not valid YAML: character '\\x01' is not allowed"),
    ],
)
def test_quiet_yaml_readings_are_refused(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    code, err = run_check(str(path))
    assert code == 1
    assert fragment in err
    assert "Traceback" not in err


def test_a_date_stays_the_text_typed(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("title: 2024-1-1\n", encoding="utf-8")
    assert load_model(path).title == "2024-1-1"


def test_keys_equal_once_read_are_given_twice(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("title: t\nvaluation:\n  compound_rates: {1: 0.1, 1.0: 0.2}\n")
    code, err = run_check(str(path))
    assert code == 1
    assert "the keys '1' and '1.0' (on lines 3 and 3) are the same key once read" in err


def test_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("title: t\ndescription: " + "x" * 5000 + "\n", encoding="utf-8")
    code, err = run_check(str(big), env={"TOC_MAX_FILE_BYTES": "4096"})
    assert code == 1
    assert "5,023 bytes, over the limit of 4,096" in err
    assert "TOC_MAX_FILE_BYTES" in err


def test_a_file_that_never_ends_is_read_only_to_the_limit(tmp_path: Path) -> None:
    endless = tmp_path / "endless.yaml"
    endless.symlink_to("/dev/zero")
    code, err = run_check(str(endless), env={"TOC_MAX_FILE_BYTES": "4096"})
    assert code == 1
    assert "the file is more than 4,096 bytes, over the limit of 4,096" in err


def test_limits_set_absurdly_high_still_read_a_file(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("title: t\n", encoding="utf-8")
    huge = "9" * 40
    code, _ = run_check(str(path), env={"TOC_MAX_FILE_BYTES": huge})
    assert code == 0


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
