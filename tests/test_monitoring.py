"""Provider returns and monitoring: a return written, filled in by the test, and read back.

The figures are worked by hand in each test's comments.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toc.cli import main
from toc.errors import TocError
from toc.formats.modelfiles import dump_model, load_model
from toc.model import LogicModel
from toc.monitoring import (
    PeriodError,
    monitor,
    periods_from,
    read_return,
    return_template_bytes,
)
from toc.monitoring.returns import COLUMNS, DATA_SOURCES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(ROOT.glob("models/*.yaml"))

#: A service: a job coach (activity) and residents starting work (a valued outcome, counted
#: by its first indicator), and a waiting list to bring down (an output).
MODEL = LogicModel.model_validate(
    {
        "title": "Jobs <hub> & co",
        "nodes": [
            {"id": "grant", "label": "Grant", "stage": "input", "cost": 100_000},
            {"id": "coach", "label": "Job coaching", "stage": "activity"},
            {
                "id": "list",
                "label": "Waiting list",
                "stage": "output",
                "indicators": [{"name": "People waiting", "baseline": 100, "target": 20}],
            },
            {
                "id": "job",
                "label": "Residents start work",
                "stage": "outcome",
                "indicators": [
                    {"name": "Residents in work", "unit": "people", "baseline": 0, "target": 40},
                    {"name": "=Satisfaction", "unit": "score", "target": 8},
                ],
                "value": {
                    "quantity": 40,
                    "proxy": 1000,
                    "deadweight": 0.25,
                    "attribution": 0.2,
                    "duration": 1,
                    "counted_by": "Residents in work",
                },
            },
        ],
        "links": [
            {"from": "grant", "to": "coach", "weight": 1},
            {"from": "coach", "to": "list", "weight": 0.5},
            {"from": "coach", "to": "job", "weight": 0.8},
        ],
        "valuation": {"discount_rate": 0.035},
    }
)


def filled(raw: bytes, actuals: dict[tuple[str, str, str], Any]) -> bytes:
    """The return with ``actuals[(box id, indicator, period)]`` typed into the actual cells,
    as a provider would in Excel (the sheet stays protected: only unlocked cells change)."""
    book = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = book["Return"]
    at = {name: i for i, name in enumerate(COLUMNS)}
    for row in sheet.iter_rows(min_row=2):
        key = (row[at["box id"]].value, row[at["indicator"]].value, row[at["period"]].value)
        if key in actuals:
            cell = row[at["actual"]]
            assert cell.protection.locked is False
            cell.value = actuals[key]
            row[at["data source"]].value = DATA_SOURCES[1]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


PERIODS = periods_from("2025-Q1..2025-Q4")
TEMPLATE = return_template_bytes(MODEL, PERIODS)


def test_the_template_has_a_row_per_indicator_per_period_and_only_the_blanks_open() -> None:
    book = openpyxl.load_workbook(io.BytesIO(TEMPLATE))
    assert book.sheetnames == ["Read me", "Return", "Provider"]
    assert book.security is not None and book.security.lockStructure
    sheet = book["Return"]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet.max_row == 1 + 3 * 4  # three indicators, four periods
    assert sheet.protection.sheet
    first = sheet[2]
    locked = {COLUMNS[i]: c.protection.locked for i, c in enumerate(first)}
    assert [name for name, lock in locked.items() if not lock] == ["actual", "data source", "notes"]
    kinds = sorted(v.type for v in sheet.data_validations.dataValidation)
    assert kinds == ["decimal", "list"]
    # text that looks like a formula stays text
    satisfaction = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "=Satisfaction")
    assert satisfaction[2].data_type == "s"
    readme = " ".join(str(c.value) for c in book["Read me"]["A"] if c.value)
    assert "Jobs <hub> & co" in readme and "2025-Q1, 2025-Q2, 2025-Q3, 2025-Q4" in readme
    assert "(actual - baseline) / (target - baseline)" in readme


def test_a_filled_in_return_gives_the_figures_worked_by_hand() -> None:
    raw = filled(
        TEMPLATE,
        {
            ("job", "Residents in work", "2025-Q1"): 8,
            ("job", "Residents in work", "2025-Q2"): 20,
            ("list", "People waiting", "2025-Q1"): 90,
            ("list", "People waiting", "2025-Q2"): "55",  # typed as text: still a number
            ("job", "=Satisfaction", "2025-Q1"): 7,
        },
    )
    report = monitor(MODEL, [read_return(raw, MODEL, source="q2.xlsx")])
    by = {(r.node, r.indicator, r.period): r for r in report.rows}
    # Residents in work, 0 -> 40 over four quarters: Q1 expects 1/4, Q2 2/4.
    q1, q2 = (
        by[("job", "Residents in work", "2025-Q1")],
        by[("job", "Residents in work", "2025-Q2")],
    )
    assert (q1.progress, q1.expected, q1.status) == (0.2, 0.25, "behind")  # 0.2 >= 0.1875
    assert (q2.progress, q2.expected, q2.status) == (0.5, 0.5, "on track")
    # People waiting, 100 -> 20 (down): (90 - 100) / (20 - 100) = 0.125 < 0.1875: off track;
    # (55 - 100) / -80 = 0.5625 >= 0.5: on track.
    w1, w2 = by[("list", "People waiting", "2025-Q1")], by[("list", "People waiting", "2025-Q2")]
    assert (w1.progress, w1.status) == (0.125, "off track")
    assert (w2.progress, w2.status) == (0.5625, "on track")
    assert by[("job", "=Satisfaction", "2025-Q1")].status == "no baseline"
    assert by[("job", "Residents in work", "2025-Q3")].status == "not reported"
    assert report.counts == {
        "behind": 1,
        "on track": 2,
        "off track": 1,
        "no baseline": 1,
        "not reported": 7,
    }
    # Value to date: in work rose 0 -> 20 in 2025, so 20 observed; each is worth
    # 1000 x (1 - 0.25) x (1 - 0.2) = 600: 12,000.  The forecast for one year: 40 x 600.
    (job,) = report.outcomes
    assert job.observed == {2025: 20.0}
    assert job.value_to_date == pytest.approx(12_000)
    assert job.forecast_to_date == pytest.approx(24_000)
    assert job.difference == pytest.approx(-12_000)


def test_two_years_count_each_years_rise_and_returns_merge() -> None:
    periods = ["2025-Q4", "2026-Q1"]
    template = return_template_bytes(MODEL, periods)
    first = filled(template, {("job", "Residents in work", "2025-Q4"): 10})
    later = filled(
        template,
        {("job", "Residents in work", "2025-Q4"): 10, ("job", "Residents in work", "2026-Q1"): 25},
    )
    report = monitor(
        MODEL, [read_return(r, MODEL, source=n) for r, n in ((first, "a"), (later, "b"))]
    )
    # 0 -> 10 in 2025 and 10 -> 25 in 2026: 10 and 15 observed, 25 x 600 = 15,000 to date;
    # the forecast: year 1 is 24,000 and the outcome lasts one year, so year 2 adds nothing.
    (job,) = report.outcomes
    assert job.observed == {2025: 10.0, 2026: 15.0}
    assert job.value_to_date == pytest.approx(15_000)
    assert job.forecast_to_date == pytest.approx(24_000)
    assert report.years == (2025, 2026)


def test_two_returns_that_disagree_are_refused_naming_both() -> None:
    one = filled(TEMPLATE, {("job", "Residents in work", "2025-Q1"): 8})
    other = filled(TEMPLATE, {("job", "Residents in work", "2025-Q1"): 9})
    returns = [read_return(one, MODEL, source="a.xlsx"), read_return(other, MODEL, source="b.xlsx")]
    with pytest.raises(TocError) as caught:
        monitor(MODEL, returns)
    said = str(caught.value)
    assert "b.xlsx" in said and "a.xlsx" in said and "9 here" in said and "but 8" in said


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"actual": "twelve"}, "actual 'twelve' is not a number"),
        ({"actual": True}, "yes/no value"),
        ({"actual": "=SUM(1,2)"}, "holds the formula '=SUM(1,2)' with no saved result"),
        ({"box id": "nowhere"}, "box id 'nowhere' is not a box"),
        ({"indicator": "Made up"}, "has no indicator 'Made up'"),
        ({"period": "Spring"}, "does not start with its year"),
    ],
)
def test_a_bad_row_is_named_by_sheet_row_and_value(change: dict[str, Any], said: str) -> None:
    book = openpyxl.load_workbook(io.BytesIO(TEMPLATE))
    sheet = book["Return"]
    for name, value in change.items():
        sheet.cell(3, COLUMNS.index(name) + 1).value = value
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(TocError) as caught:
        read_return(out.getvalue(), MODEL, source="r.xlsx")
    message = str(caught.value)
    assert message.startswith("r.xlsx") and "sheet Return, row 3" in message and said in message


def test_a_row_given_twice_is_refused() -> None:
    book = openpyxl.load_workbook(io.BytesIO(TEMPLATE))
    sheet = book["Return"]
    for column in range(1, len(COLUMNS) + 1):
        sheet.cell(3, column).value = sheet.cell(2, column).value
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(TocError, match="given twice, in rows 2 and 3"):
        read_return(out.getvalue(), MODEL, source="r.xlsx")


@pytest.mark.parametrize("raw", [b"", b"not a workbook", b"PK\x03\x04broken"])
def test_what_is_not_a_workbook_is_refused(raw: bytes) -> None:
    with pytest.raises(TocError, match=r"r\.xlsx"):
        read_return(raw, MODEL, source="r.xlsx")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2025-Q4..2025-Q1", "runs backwards"),
        ("Q1,Q2", "does not start with its year"),
        ("2025,2025", "named twice"),
        ("2025-Q1..2026-05", "not of years, quarters or months"),
        ("1000..3000", "over 300 periods"),
    ],
)
def test_periods_that_cannot_be_read_are_refused(text: str, said: str) -> None:
    with pytest.raises(PeriodError, match=said):
        periods_from(text)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_with_indicators_gets_a_return(path: Path) -> None:
    model = load_model(path)
    if not any(n.indicators for n in model.nodes):
        pytest.skip("no indicators")
    raw = return_template_bytes(model, ["2025", "2026"])
    back = read_return(raw, model, source=path.name)
    count = sum(len(n.indicators) for n in model.nodes)
    assert len(back.rows) == 2 * count
    assert monitor(model, [back]).counts == {"not reported": 2 * count}


def test_the_commands_write_and_read_a_return(tmp_path: Path) -> None:
    model_path = tmp_path / "jobs.yaml"
    dump_model(MODEL, model_path)
    runner = CliRunner()
    out = tmp_path / "return.xlsx"
    done = runner.invoke(
        main, ["return-template", str(model_path), "--periods", "2025-Q1..2025-Q4", "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    (tmp_path / "q1.xlsx").write_bytes(
        filled(out.read_bytes(), {("job", "Residents in work", "2025-Q1"): 8})
    )
    shown = runner.invoke(main, ["monitor", str(model_path), str(tmp_path / "q1.xlsx"), "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert data["periods"] == PERIODS and data["counts"]["behind"] == 1
    assert data["value"]["value_to_date"] == pytest.approx(8 * 600)
    table = runner.invoke(main, ["monitor", str(model_path), str(tmp_path / "q1.xlsx")])
    assert table.exit_code == 0 and "behind" in table.output and "Jobs <hub> & co" in table.output
    bad = runner.invoke(main, ["monitor", str(model_path), str(model_path)])
    assert bad.exit_code == 1 and "Traceback" not in bad.output


def test_a_return_for_the_youth_employment_example_gives_the_figures_worked_by_hand() -> None:
    model = load_model(ROOT / "models" / "youth-employment.yaml")
    periods = periods_from("2025-Q1..2025-Q4")
    work, vacancies = "In work 26 weeks after leaving", "Entry-level vacancies filled by programme leavers"  # fmt: skip
    raw = filled(
        return_template_bytes(model, periods),
        {
            ("sustained-work", work, "2025-Q1"): 12,
            ("sustained-work", work, "2025-Q2"): 30,
            ("skills-gap", vacancies, "2025-Q1"): 10,
            ("skills-gap", vacancies, "2025-Q2"): 25,
        },
    )
    report = monitor(model, [read_return(raw, model, source="youth-q2.xlsx")])
    by = {(r.node, r.period): r for r in report.rows if r.indicator in (work, vacancies)}
    # In work, 0 -> 120: Q1 12 / 120 = 0.1 below 3/4 of 1/4; Q2 30 / 120 = 0.25 below 3/4 of 1/2.
    assert [(by[("sustained-work", p)].progress, by[("sustained-work", p)].status) for p in periods[:2]] == [(0.1, "off track"), (0.25, "off track")]  # fmt: skip
    assert by[("skills-gap", "2025-Q2")].status == "no baseline"  # a target of 90, no baseline
    found = {o.node: o for o in report.outcomes}
    # Sustained work rose 0 -> 30 in 2025: 30 x 12,000 x (1 - 0.3)(1 - 0.1)(1 - 0.2) = 30 x 6,048;
    # forecast year 1: 120 x 6,048.  Vacancies 0 -> 25 (no baseline: from 0):
    # 25 x 2,500 x (1 - 0.4)(1 - 0.3) = 25 x 1,050; forecast 90 x 1,050.
    assert found["sustained-work"].observed == {2025: 30.0}
    assert found["sustained-work"].value_to_date == pytest.approx(181_440)
    assert found["sustained-work"].forecast_to_date == pytest.approx(725_760)
    assert found["skills-gap"].value_to_date == pytest.approx(26_250)
    assert found["skills-gap"].forecast_to_date == pytest.approx(94_500)
    assert report.value_to_date == pytest.approx(207_690)
    assert set(found) == {"sustained-work", "skills-gap"}  # only outcomes with counted_by


def test_the_report_pack_has_a_monitoring_section_with_returns(tmp_path: Path) -> None:
    import docx

    model_path = tmp_path / "jobs.yaml"
    dump_model(MODEL, model_path)
    (tmp_path / "q2.xlsx").write_bytes(
        filled(TEMPLATE, {("job", "Residents in work", "2025-Q2"): 20})
    )
    runner = CliRunner()
    for suffix in ("docx", "html"):
        out = tmp_path / f"pack.{suffix}"
        done = runner.invoke(
            main,
            ["report", str(model_path), "-o", str(out), "--returns", str(tmp_path / "q2.xlsx")],
        )
        assert done.exit_code == 0, done.output
    document = docx.Document(str(tmp_path / "pack.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings.index("Monitoring") == headings.index("Results framework") + 1
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "status")
    cells = [[c.text for c in row.cells][:4] for row in table.rows[1:]]
    assert ["on track", "Residents start work", "Residents in work (people)", "2025-Q2"] in cells
    html = (tmp_path / "pack.html").read_text(encoding="utf-8")
    assert ">Monitoring<" in html and "12,000" in html  # 20 x 600 to date
    plain = runner.invoke(main, ["report", str(model_path), "-o", str(tmp_path / "p.html")])
    assert plain.exit_code == 0 and ">Monitoring<" not in (tmp_path / "p.html").read_text("utf-8")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_returns_with_their_xml_changed_are_read_or_refused_cleanly(data: st.DataObject) -> None:
    """Changes inside a part of a filled-in return: only a return or a TocError comes out."""
    source = zipfile.ZipFile(
        io.BytesIO(filled(TEMPLATE, {("job", "Residents in work", "2025-Q1"): 8}))
    )
    part = data.draw(st.sampled_from(source.namelist()), label="part")
    text = bytearray(source.read(part))
    for _ in range(data.draw(st.integers(1, 5), label="changes")):
        at = data.draw(st.integers(0, max(0, len(text) - 1)), label="at")
        text[at : at + 1] = data.draw(st.sampled_from([b"", b"<", b">", b"&", b"\x00", b"9", b"-"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, bytes(text) if name == part else source.read(name))
    try:
        monitor(MODEL, [read_return(out.getvalue(), MODEL, source="r.xlsx")])
    except TocError as err:
        assert str(err).startswith("r.xlsx")
