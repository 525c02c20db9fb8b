"""`toc analyse`: the JSON contract, the tables, the options, and every example model analysed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from toc import load_model
from toc.analysis import analysis
from toc.cli import main

ROOT = Path(__file__).resolve().parent.parent
YOUTH = str(ROOT / "models" / "youth-employment.yaml")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_keeps_the_contract() -> None:
    code, out, _ = invoke("analyse", YOUTH, "--json", "--top", "3")
    assert code == 0
    report = json.loads(out)
    drivers = report["drivers"]
    assert [d["id"] for d in drivers] == ["work-placements", "mentoring", "outreach"]
    assert [d["score"] for d in drivers] == sorted((d["score"] for d in drivers), reverse=True)
    for d in drivers:
        assert {"id", "label", "score", "gain", "loss"} <= d.keys()
        assert d["gain"] >= 0 >= d["loss"]
        assert d["gain"] + d["loss"] == pytest.approx(d["score"])
    assert set(report["influence"]) == {d["id"] for d in drivers}
    assert report["influence"]["work-placements"]["fewer-neet"] == pytest.approx(
        0.9 * 0.6 * 0.8 + 0.9 * 0.5 * 0.5 * 0.8 + 0.9 * 0.6 * 0.3 * 0.8
    )


def test_json_explains_each_driver_with_pathways() -> None:
    report = json.loads(invoke("analyse", YOUTH, "--json", "--top", "1")[1])
    [best, *_] = report["pathways"]["work-placements"]
    # 0.9 (placements) x 0.6 (into sustained work) x priority 5/15
    assert best["nodes"] == ["work-placements", "placements-completed", "sustained-work"]
    assert best["weights"] == [0.9, 0.6]
    assert best["contribution"] == pytest.approx(0.9 * 0.6 * 5 / 15)
    assert best["text"].startswith("Paid work placements → Placements completed (0.9) → ")


def test_json_is_the_same_bytes_every_time() -> None:
    assert (
        invoke("analyse", YOUTH, "--json", "--samples", "50")[1]
        == invoke("analyse", YOUTH, "--json", "--samples", "50")[1]
    )


def test_tables_show_the_drivers_and_why() -> None:
    code, out, _ = invoke("analyse", YOUTH)
    assert code == 0
    assert "Paid work" in out
    assert "Drivers: activities by priority-weighted influence" in out
    assert "Why: the pathways that contribute most" in out


def test_what_if_and_sensitivity_options() -> None:
    code, out, _ = invoke(
        "analyse",
        YOUTH,
        "--json",
        "--without",
        "work-placements",
        "--scale",
        "mentoring=0.5",
        "--samples",
        "100",
        "--seed",
        "2",
        "--top-k",
        "2",
    )
    assert code == 0
    report = json.loads(out)
    assert report["what_if"]["scaled"] == {"work-placements": 0.0, "mentoring": 0.5}
    assert report["what_if"]["total_after"] < report["what_if"]["total_before"]
    assert report["sensitivity"]["samples"] == 100
    assert {r["id"] for r in report["sensitivity"]["rows"]} == {d["id"] for d in report["drivers"]}


def test_bad_options_say_what_to_write() -> None:
    code, _, err = invoke("analyse", YOUTH, "--without", "nope")
    assert code == 1
    assert "what-if names 'nope', which is not a node: check the id" in err
    code, _, err = invoke("analyse", YOUTH, "--scale", "mentoring")
    assert code == 2
    assert "write ID=FACTOR" in err
    code, _, err = invoke("analyse", YOUTH, "--priorities", "stakeholders", "--json")
    assert code == 0


def test_every_example_model_is_analysed(example_path: Path) -> None:
    report = analysis(load_model(example_path), samples=20).to_json()
    json.dumps(report)
    assert report["drivers"]
    assert all(d["gain"] >= 0 >= d["loss"] for d in report["drivers"])


# Top drivers of each example, worked by hand from its priorities and links.
# x(v) = p(v) + sum over links v -> t of w * x(t), from the impacts back.
#
# youth-employment: priorities 3, 1, 2, 5, 4 (sum 15) on confidence, wellbeing,
# skills-gap, sustained-work, fewer-neet.
#   x(fewer-neet) = 4/15 = 0.266667; x(sustained-work) = 5/15 + 0.8 * 0.266667 = 0.546667
#   x(confidence) = 3/15 + 0.5 * 0.546667 = 0.473333; x(skills-gap) = 2/15 + 0.3 * 0.546667
#   = 0.297333; x(wellbeing) = 1/15 + 0.3 * 0.546667 = 0.230667
#   x(placements-completed) = 0.5 * 0.473333 + 0.6 * 0.297333 + 0.6 * 0.546667 = 0.743067
#   work-placements = 0.9 * 0.743067 = 0.668760
#   x(mentoring-sessions) = 0.7 * 0.473333 + 0.4 * 0.230667 = 0.423600 = mentoring
#   outreach = 0.8 * 0.6 * 0.423600 = 0.203328
#   sanctions-referrals = 0.5 * 0.6 * 0.4236 - 0.6 * 0.230667 - 0.3 * 0.473333
#   = 0.127080 - 0.138400 - 0.142000 = -0.153320 (gain 0.127080, loss -0.280400)
# adult-social-care: priorities 5, 3, 2, 4 (sum 14) on independence, isolation,
# local-jobs, fewer-admissions.
#   x(independence) = (5 + 0.6 * 4) / 14 = 7.4/14; x(isolation) = (3 + 0.2 * 7.4) / 14
#   = 4.48/14; reablement = 1.0 * 0.8 * 7.4/14 = 0.422857
#   home-visits = 1.0 * 0.5 * 7.4/14 = 0.264286; befriending = 0.7 * 4.48/14 = 0.224
#   local-recruitment = 0.9 * (0.3 * 3.7 + 0.8 * 2) / 14 = 0.174214
#   timed-visits = (0.4 * 3.7 - 0.5 * 4.48 - 0.3 * 7.4) / 14 = -2.98/14 = -0.212857
# cross-department: priorities 2, 3, 5, 1, 4, 3 (sum 18) on warm-homes, stable-housing,
# secure-work, thriving-high-street, good-health, fairer-city.
#   x(good-health) = (4 + 0.6 * 3) / 18 = 5.8/18
#   x(secure-work) = (5 + 0.4 * 5.8 + 0.2 * 1 + 0.5 * 3) / 18 = 9.02/18
#   employment-support = 0.9 * 0.6 * 9.02/18 = 0.270600
#   retrofit = 0.8 * (2 + 0.5 * 5.8) / 18 = 0.217778
#   health-checks = (0.9 * 0.4 * 5.8 + 0.2 * 0.6 * 9.02) / 18 = 0.176133
#   temp-accommodation = (-0.4 * (3 + 0.3 * 9.02) - 0.3 * 9.02) / 18 = -0.277133
# sroi-worked-example: priorities 3, 2, 1 (sum 6) on employment, wellbeing, quiet.
#   mentoring = 0.9 * 0.6 * 3/6 = 0.27; wellbeing-groups = 0.9 * 0.5 * 2/6 = 0.15
#   hub-works = 1.0 * 0.3 * 2/6 - 0.8 * 1/6 = -0.033333
BY_HAND = {
    "youth-employment": [
        ("work-placements", 0.668760),
        ("mentoring", 0.423600),
        ("outreach", 0.203328),
        ("sanctions-referrals", -0.153320),
    ],
    "adult-social-care": [
        ("reablement", 0.422857),
        ("home-visits", 0.264286),
        ("befriending", 0.224),
        ("local-recruitment", 0.174214),
        ("timed-visits", -0.212857),
    ],
    "cross-department": [
        ("employment-support", 0.270600),
        ("retrofit", 0.217778),
        ("health-checks", 0.176133),
    ],
    "sroi-worked-example": [
        ("mentoring", 0.27),
        ("wellbeing-groups", 0.15),
        ("hub-works", -0.033333),
    ],
}


@pytest.mark.parametrize("name", sorted(BY_HAND))
def test_example_drivers_match_the_hand_working(name: str) -> None:
    report = analysis(load_model(ROOT / "models" / f"{name}.yaml")).to_json()
    expected = BY_HAND[name]
    got = [(d["id"], d["score"]) for d in report["drivers"]][: len(expected)]
    assert [g[0] for g in got] == [e[0] for e in expected]
    assert [g[1] for g in got] == pytest.approx([e[1] for e in expected], abs=1e-6)


def test_youth_sanctions_split_into_gain_and_loss_by_hand() -> None:
    report = analysis(load_model(YOUTH)).to_json()
    sanctions = next(d for d in report["drivers"] if d["id"] == "sanctions-referrals")
    assert (sanctions["gain"], sanctions["loss"]) == pytest.approx((0.127080, -0.280400))


def test_the_json_path_imports_nothing_heavy() -> None:
    # `toc analyse --json` is timed against a floor process: no rich, networkx or pandas.
    code = (
        "import contextlib, io, sys\n"
        "from toc.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['analyse', {YOUTH!r}, '--json'], standalone_mode=False)\n"
        "print(sorted({'rich', 'networkx', 'pandas', 'streamlit'} & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_mixed_drivers_are_found_beyond_the_top() -> None:
    # timed-visits ranks last but gains 0.106 and loses 0.319: a trade-off whatever --top is
    report = analysis(load_model(ROOT / "models" / "adult-social-care.yaml"), top=2).to_json()
    assert [d["id"] for d in report["trade_offs"]["mixed"]] == ["timed-visits"]
