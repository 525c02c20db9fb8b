"""The outcomes framework as an XLSX workbook: written, read back, and refused clearly."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from toc.errors import TocError
from toc.organisation import load_framework, load_portfolio
from toc.organisation.corporate import (
    FRAMEWORK_SHEETS,
    dump_framework,
    framework_xlsx_bytes,
    read_framework_xlsx,
)

ROOT = Path(__file__).resolve().parent.parent
PORTFOLIO = ROOT / "models" / "portfolio"
EXAMPLE = load_framework(PORTFOLIO / "framework.yaml")


def _book(raw: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(raw))


def _saved(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_example_framework_round_trips_through_a_workbook(tmp_path: Path) -> None:
    raw = framework_xlsx_bytes(EXAMPLE)
    assert raw == framework_xlsx_bytes(EXAMPLE)  # the same bytes for the same framework
    book = _book(raw)
    assert book.sheetnames[:2] == list(FRAMEWORK_SHEETS)
    header = [c.value for c in book["Outcomes"][1]]
    assert header[:4] == ["code", "label", "description", "department"]
    assert read_framework_xlsx(raw, source="f.xlsx") == EXAMPLE
    for suffix in (".xlsx", ".yaml", ".json"):
        dump_framework(EXAMPLE, tmp_path / f"framework{suffix}")
        assert load_framework(tmp_path / f"framework{suffix}") == EXAMPLE


def test_a_portfolio_reads_the_same_from_a_workbook_framework(tmp_path: Path) -> None:
    dump_framework(EXAMPLE, tmp_path / "framework.xlsx")
    services = [p for p in PORTFOLIO.glob("*.yaml") if p.name != "framework.yaml"]
    from_yaml = load_portfolio(PORTFOLIO / "framework.yaml", services)
    from_xlsx = load_portfolio(tmp_path / "framework.xlsx", services)
    assert from_xlsx.to_json() == from_yaml.to_json()


@pytest.mark.parametrize(
    ("row", "column", "value", "said"),
    [
        (4, 5, "lots", "got 'lots'"),  # a priority that is not a number
        (3, 1, "O1", "code 'O1' is used by 2 outcomes"),  # row 3 repeats row 2's code
        (2, 4, "nowhere", "department 'nowhere', which is not declared"),
    ],
)
def test_a_bad_cell_is_named_by_sheet_and_row(row: int, column: int, value: str, said: str) -> None:
    book = _book(framework_xlsx_bytes(EXAMPLE))
    book["Outcomes"].cell(row, column).value = value
    with pytest.raises(TocError) as caught:
        read_framework_xlsx(_saved(book), source="f.xlsx")
    message = str(caught.value)
    assert message.startswith("f.xlsx")
    assert f"sheet Outcomes, row {row}" in message
    assert said in message


def test_a_workbook_without_the_outcomes_sheet_is_refused() -> None:
    book = _book(framework_xlsx_bytes(EXAMPLE))
    del book["Outcomes"]
    with pytest.raises(TocError, match="no sheet 'Outcomes'"):
        read_framework_xlsx(_saved(book), source="f.xlsx")


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    data = EXAMPLE.model_dump()
    data["outcomes"][0]["label"] = '=HYPERLINK("http://x")'
    hostile = type(EXAMPLE).model_validate(data)
    raw = framework_xlsx_bytes(hostile)
    cell = _book(raw)["Outcomes"].cell(2, 2)
    assert cell.data_type == "s"  # a string, never a formula Excel would run
    assert (
        read_framework_xlsx(raw, source="f.xlsx").outcomes[0].label == data["outcomes"][0]["label"]
    )


@pytest.mark.parametrize("raw", [b"", b"title: t", b"PK\x03\x04 not really a zip"])
def test_what_is_not_a_workbook_is_refused(raw: bytes) -> None:
    with pytest.raises(TocError, match=r"f\.xlsx"):
        read_framework_xlsx(raw, source="f.xlsx")
