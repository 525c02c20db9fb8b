"""Spreadsheets as people make them: forgiving where nothing is lost, exact where it fails."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from toc.cli import main
from toc.errors import ModelFileError, TocError
from toc.formats.modelfiles import dump_model, load_model, loads_model
from toc.formats.spreadsheet import (
    SpreadsheetError,
    csv_pair_omits,
    read_csv_pair,
    read_xlsx,
    template_bytes,
    write_csv_pair,
    xlsx_bytes,
)
from toc.formats.spreadsheet.layout import workbook_layout
from toc.formats.spreadsheet.readme import example_model
from toc.model import LogicModel

NODES = ["id", "label", "stage"]
GOOD_NODES = [
    NODES,
    ["grant", "Grant", "input"],
    ["mentoring", "Mentoring", "activity"],
    ["jobs", "Young people in work", "outcome"],
]


def workbook(**sheets: list[list[Any]]) -> bytes:
    """An XLSX file made by hand: one sheet per keyword, rows as lists."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name.replace("_", " "))
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def basic(**changes: list[list[Any]]) -> bytes:
    sheets: dict[str, list[list[Any]]] = {
        "Model": [["key", "value"], ["title", "Youth"]],
        "Nodes": GOOD_NODES,
        "Links": [["from", "to", "weight"], ["grant", "mentoring", 1], ["mentoring", "jobs", 0.5]],
    }
    sheets.update(changes)
    return workbook(**{k: v for k, v in sheets.items() if v is not None})


def error_of(raw: bytes) -> str:
    with pytest.raises(TocError) as caught:
        read_xlsx(raw, source="bad.xlsx")
    return str(caught.value)


def test_a_hand_made_workbook_loads() -> None:
    model = read_xlsx(basic(), source="m.xlsx")
    assert [n.id for n in model.nodes] == ["grant", "mentoring", "jobs"]
    assert model.links[1].weight == 0.5


def test_columns_in_any_order_any_case_blank_rows_and_numbers_as_text() -> None:
    nodes = [
        [None],
        [
            "Stage",
            "Priority",
            "ID",
            "Label",
            "Notes",
            "Value.Quantity",
            "value proxy",
            "Value.Duration",
        ],
        ["outcome", "25%", " jobs ", "Jobs", "our own column", "40", "£8,000", 2.9999999999999996],
        [None, None, None],
        ["Activity", None, "mentoring", "Mentoring", None, None, None, None],
    ]
    links = [["weight", "to", "from"], [" -0.5 ", "jobs", "mentoring"]]
    model = read_xlsx(basic(Nodes=nodes, Links=links), source="m.xlsx")
    jobs = model.node_map()["jobs"]
    assert (jobs.priority, jobs.stage.value) == (0.25, "outcome")
    assert jobs.value is not None
    assert (jobs.value.quantity, jobs.value.proxy, jobs.value.duration) == (40, 8000, 3)
    assert model.links[0].weight == -0.5


def test_missing_column_names_the_sheet_header_row_and_every_column() -> None:
    message = error_of(basic(Nodes=[["id", "label"], ["a", "A"]]))
    assert "bad.xlsx" in message
    assert (
        "sheet Nodes, row 1: sheet Nodes has no column 'stage': add it; the columns are id"
        in message
    )


def test_missing_nodes_sheet_says_which_sheets_there_are() -> None:
    message = error_of(basic(Nodes=None))
    assert "the workbook has no sheet 'Nodes' (its sheets: 'Model', 'Links')" in message
    assert "toc template" in message


def test_a_file_that_is_not_a_workbook() -> None:
    with pytest.raises(
        ModelFileError, match=re.escape("not an XLSX workbook (it is not a zip archive)")
    ):
        loads_model(b"id,label,stage\na,A,input\n", "xlsx", source="bad.xlsx")


def test_an_old_xls_file() -> None:
    message = error_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    assert "old-style .xls" in message


def test_a_bad_stage_in_row_5_names_the_row_and_the_value() -> None:
    nodes = [*GOOD_NODES, ["extra", "Extra", "nope"]]
    message = error_of(basic(Nodes=nodes))
    assert "sheet Nodes, row 5: node 'extra' stage: input should be 'input', 'activity'" in message
    assert "got 'nope'" in message


def test_a_weight_that_is_not_a_number() -> None:
    links = [["from", "to", "weight"], ["grant", "mentoring", "abc"]]
    message = error_of(basic(Links=links))
    assert (
        "sheet Links, row 2: link 'grant->mentoring' weight: input should be a valid number"
        in message
    )
    assert "'abc'" in message


def test_every_problem_is_reported_at_once() -> None:
    nodes = [*GOOD_NODES, ["extra", "Extra", "nope"]]
    links = [["from", "to", "weight"], ["grant", "mentoring", 2]]
    message = error_of(basic(Nodes=nodes, Links=links))
    assert message.startswith("bad.xlsx: 2 problems")
    assert "sheet Links, row 2: link 'grant->mentoring' weight" in message
    assert "sheet Nodes, row 5: node 'extra' stage" in message


def test_every_structural_problem_is_reported_at_once() -> None:
    nodes = [*GOOD_NODES, ["jobs", "Again", "outcome"]]
    links = [["from", "to"], ["jobs", "grant"]]
    message = error_of(basic(Nodes=nodes, Links=links))
    assert message.startswith("bad.xlsx: 2 problems")
    assert "sheet Nodes, row 5: id 'jobs' is used by 2 nodes" in message
    assert "sheet Links, row 2: link 'jobs->grant' runs backwards" in message


def test_a_structural_problem_is_placed_on_its_row() -> None:
    links = [["from", "to"], ["grant", "mentoring"], ["jobs", "grant"]]
    message = error_of(basic(Links=links))
    assert "sheet Links, row 3: link 'jobs->grant' runs backwards" in message


def test_a_likely_typo_in_a_header_is_reported() -> None:
    nodes = [["id", "label", "stage", "priorty"], ["jobs", "Jobs", "outcome", 3]]
    message = error_of(basic(Nodes=nodes, Links=[["from", "to"]]))
    assert "sheet Nodes, row 1: unknown column 'priorty': did you mean 'priority'?" in message


def test_rows_on_child_sheets_must_name_an_existing_parent() -> None:
    indicators = [["node", "name"], ["jobs", "People in work"], ["zzz", "Lost"], [None, "Orphan"]]
    message = error_of(basic(Indicators=indicators))
    assert "sheet Indicators, row 3: node 'zzz' is not on sheet Nodes: add it there" in message
    assert "sheet Indicators, row 4: column 'node' is empty" in message


def test_indicators_ratings_and_departments_attach_to_their_rows() -> None:
    model = read_xlsx(
        basic(
            Nodes=[[*NODES, "department"], *GOOD_NODES[1:3], ["jobs", "Jobs", "outcome", "emp"]],
            Indicators=[["name", "node", "target"], ["In work", "jobs", "40"]],
            Departments=[["id", "label"], ["emp", "Employment"]],
            Stakeholders=[["id", "label"], ["residents", "Residents"]],
            Ratings=[["stakeholder", "outcome", "points"], ["residents", "jobs", 60]],
        ),
        source="m.xlsx",
    )
    jobs = model.node_map()["jobs"]
    assert (jobs.indicators[0].name, jobs.indicators[0].target, jobs.department) == (
        "In work",
        40,
        "emp",
    )
    assert model.stakeholders[0].ratings == {"jobs": 60}


def test_a_rating_of_a_missing_outcome_is_placed_on_the_ratings_row() -> None:
    raw = basic(
        Stakeholders=[["id", "label"], ["residents", "Residents"]],
        Ratings=[["stakeholder", "outcome", "points"], ["residents", "grant", 60]],
    )
    assert "sheet Ratings, row 2: stakeholder group 'residents' rates 'grant'" in error_of(raw)


def test_a_missing_title_says_where_to_add_it() -> None:
    message = error_of(basic(Model=[["key", "value"], ["organisation", "Anytown"]]))
    assert "sheet Model has no row 'title': add a row with 'title'" in message


def test_a_label_starting_with_equals_is_text_not_a_formula() -> None:
    model = LogicModel.model_validate(
        {"title": "=cmd|' /C calc'!A0", "nodes": [{"id": "a", "label": "=1+1", "stage": "input"}]}
    )
    raw = xlsx_bytes(model)
    book = openpyxl.load_workbook(io.BytesIO(raw))
    cell = book["Nodes"]["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)
    assert read_xlsx(raw, source="m.xlsx") == model


def test_excel_escapes_are_undone() -> None:
    nodes = [NODES, ["a", "line_x000D_\nnext and _x005F_x0041_", "input"]]
    model = read_xlsx(basic(Nodes=nodes, Links=[["from", "to"]]), source="m.xlsx")
    assert model.nodes[0].label == "line\r\nnext and _x0041_"


def test_a_text_too_long_for_excel_is_refused_when_writing() -> None:
    model = LogicModel(title="t", description="x" * 40_000)
    with pytest.raises(SpreadsheetError, match="40,000 characters, over Excel's limit of 32,767"):
        xlsx_bytes(model)


def test_every_field_of_the_example_has_a_column() -> None:
    layout = workbook_layout()
    names = {c.name for t in (layout.root, *layout.tables) for c in t.all_columns}
    assert {"value.additionality.leakage", "position.x", "valuation.discount_rate"} <= names
    assert read_xlsx(xlsx_bytes(example_model()), source="m.xlsx") == example_model()


def test_template_loads_as_an_empty_model_and_offers_drop_downs(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    result = CliRunner().invoke(main, ["template", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == template_bytes()
    model = load_model(path)
    assert (model.title, model.nodes, model.links) == ("Our theory of change", [], [])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:4] == ["Read me", "Model", "Nodes", "Links"]
    offered = {
        sheet: {v.formula1 for v in book[sheet].data_validations.dataValidation}
        for sheet in ("Nodes", "Links")
    }
    assert '"input,activity,output,outcome,impact"' in offered["Nodes"]
    assert '"short,medium,long"' in offered["Nodes"]
    assert '"funding,staff,community-asset,partner,in-kind"' in offered["Nodes"]
    assert '"none,weak,moderate,strong"' in offered["Links"]
    read_me = [[c.value for c in row] for row in book["Read me"].iter_rows()]
    assert ["Nodes", "stage", "yes", "one of: input, activity, output, outcome, impact"] in [
        r[:4] for r in read_me
    ]
    assert ["Links", "from", "to", "weight"] in [r[:4] for r in read_me]


def test_cli_check_of_a_bad_workbook_exits_1_with_the_row_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(basic(Nodes=[*GOOD_NODES, ["extra", "Extra", "nope"]]))
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "sheet Nodes, row 5" in result.stderr
    assert "Traceback" not in result.output


def test_cli_check_of_a_renamed_csv(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_text("id,label,stage\n")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "not an XLSX workbook" in result.stderr


# CSV pairs


def test_csv_pair_needs_a_name_with_nodes(tmp_path: Path) -> None:
    with pytest.raises(
        ModelFileError, match=re.escape("'model.csv' is not the nodes file of a CSV pair")
    ):
        load_model(tmp_path / "model.csv")


def test_csv_pair_with_its_links_file_missing(tmp_path: Path) -> None:
    path = tmp_path / "youth-nodes.csv"
    path.write_text("id,label,stage\na,A,input\n")
    with pytest.raises(
        ModelFileError, match=re.escape("the links file 'youth-links.csv' is missing")
    ):
        load_model(path)


def test_csv_pair_names_departments_and_takes_the_title_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "Youth_employment-Nodes.csv"
    path.write_text("id,label,stage,department\na,A,input,Public health\nb,B,activity,housing\n")
    (tmp_path / "Youth_employment-Links.csv").write_text("from;to\n")
    model = load_model(path)
    assert model.title == "Youth employment"
    assert [(d.id, d.label) for d in model.departments] == [
        ("public-health", "Public health"),
        ("housing", "housing"),
    ]
    dump_model(model, tmp_path / "again-nodes.csv")
    assert "a,A,input,Public health" in (tmp_path / "again-nodes.csv").read_text("utf-8-sig")


def test_csv_cells_that_would_run_as_formulas_are_guarded(tmp_path: Path) -> None:
    model = LogicModel.model_validate(
        {
            "title": "t",
            "nodes": [
                {"id": "a", "label": "=HYPERLINK(1)", "stage": "input"},
                {"id": "b", "label": "'=quoted", "stage": "input"},
            ],
        }
    )
    path = tmp_path / "nodes.csv"
    write_csv_pair(model, path)
    text = path.read_text("utf-8-sig")
    assert "a,'=HYPERLINK(1),input" in text and "b,''=quoted,input" in text
    assert (tmp_path / "links.csv").exists()
    assert read_csv_pair(path).nodes == model.nodes


def test_csv_problems_name_the_file_and_row(tmp_path: Path) -> None:
    path = tmp_path / "nodes.csv"
    path.write_text("id,label,stage\na,A,input\nb,B,activity\n")
    (tmp_path / "links.csv").write_text("from,to,weight\na,b,abc\n")
    with pytest.raises(SpreadsheetError) as caught:
        load_model(path)
    assert "sheet links.csv, row 2: link 'a->b' weight: input should be a valid number" in str(
        caught.value
    )


def test_value_map_sheets_place_their_problems_on_their_rows() -> None:
    nodes = [
        [*NODES, "value.quantity", "value.proxy"],
        *GOOD_NODES[1:3],
        ["jobs", "J", "outcome", 4, 5],
    ]
    observed = [["node", "year", "quantity"], ["jobs", 1, -5], ["jobs", "x", 3], ["jobs", 1.0, 4]]
    ranges = [["node", "judgement", "low", "high"], ["jobs", "proxy", 1, 0.5]]
    message = error_of(basic(Nodes=nodes, Observed=observed, Ranges=ranges))
    assert message.splitlines()[1:] == [
        "  sheet Observed, row 2: node 'jobs' value.observed[1]: input should be greater than "
        "or equal to 0, got -5",
        "  sheet Observed, row 3: node 'jobs' value.observed.x.[key]: input should be a valid "
        "integer, unable to parse string as an integer, got 'x'",
        "  sheet Observed, row 4: year 1 is given twice for the same node: keep one row",
        "  sheet Ranges, row 2: node 'jobs' value.ranges.proxy: low (1.0) must not be above "
        "high (0.5): swap them",
    ]


def test_model_sheet_settings_and_yearly_sheets_load() -> None:
    model = read_xlsx(
        basic(
            Model=[
                ["value", "key"],
                ["Youth", "title"],
                ["3.5%", "valuation.discount_rate"],
                ["Green-Book", "valuation.convention"],
                ["FALSE", "valuation.discount_investment"],
            ],
            Investment_by_year=[["year", "investment"], [0, "£100,000"], ["1", 50000]],
        ),
        source="m.xlsx",
    )
    valuation = model.valuation
    assert valuation is not None
    assert (valuation.discount_rate, valuation.convention) == (0.035, "green-book")
    assert valuation.investment_by_year == {0: 100000, 1: 50000}
    assert valuation.discount_investment is False


def test_csv_saved_by_excel_as_windows_1252_is_read(tmp_path: Path) -> None:
    path = tmp_path / "nodes.csv"
    path.write_bytes("id;label;stage\r\ngrant;£250k grant;input\r\n".encode("cp1252"))
    (tmp_path / "links.csv").write_bytes(b"from;to\r\n")
    assert load_model(path).nodes[0].label == "£250k grant"


def test_csv_pair_says_what_it_would_leave_out() -> None:
    assert csv_pair_omits(read_xlsx(basic(), source="m.xlsx")) == []
    assert csv_pair_omits(example_model()) == [
        "organisation",
        "departments",
        "stakeholders",
        "agreed_order",
        "valuation",
        "indicators (on 1 box)",
        "observed (on 1 box)",
        "ranges (on 1 box)",
    ]


# Hostile and quietly wrong workbooks


def patched(raw: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The same workbook with one part's bytes changed (or added, from b"")."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        for name in names:
            data = source.read(name)
            target.writestr(name, change(data) if name == part else data, zipfile.ZIP_DEFLATED)
        if part not in names:
            target.writestr(part, change(b""), zipfile.ZIP_DEFLATED)
    return out.getvalue()


LINKS_SHEET = "xl/worksheets/sheet3.xml"  # Model, Nodes, Links: the third sheet


def test_a_formula_without_a_saved_result_names_sheet_row_column_and_formula() -> None:
    links: list[list[Any]] = [
        ["from", "to", "weight"],
        ["grant", "mentoring", 1],
        ["mentoring", "jobs", "=0.5*1"],
    ]
    message = error_of(basic(Links=links))
    assert (
        "sheet Links, row 3: column 'weight' (column C) holds the formula '=0.5*1' with no "
        "saved result, so its value is unknown: type the value, not a formula"
    ) in message


def test_a_formula_with_a_saved_result_reads_the_result() -> None:
    links: list[list[Any]] = [
        ["from", "to", "weight"],
        ["grant", "mentoring", 1],
        ["mentoring", "jobs", "=0.5*1"],
    ]
    # openpyxl writes the empty result as <v /> or, with lxml installed, as <v></v>
    saved = re.compile(rb"<v\s*/>|<v></v>")
    raw = patched(basic(Links=links), LINKS_SHEET, lambda x: saved.sub(b"<v>0.5</v>", x))
    assert read_xlsx(raw, source="m.xlsx").links[1].weight == 0.5


def test_a_formula_in_a_column_the_model_does_not_use_is_left_alone() -> None:
    nodes = [[*NODES, "notes"], *[[*row, "=LEN(B2)"] for row in GOOD_NODES[1:]]]
    assert len(read_xlsx(basic(Nodes=nodes), source="m.xlsx").nodes) == 3


def test_true_in_a_number_column_is_not_read_as_1() -> None:
    links: list[list[Any]] = [
        ["from", "to", "weight"],
        ["grant", "mentoring", True],
        ["mentoring", "jobs", 0.5],
    ]
    message = error_of(basic(Links=links))
    assert "sheet Links, row 2: link 'grant->mentoring' weight: true is a yes/no value" in message


@pytest.mark.parametrize("label", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "'=quoted"])
def test_texts_a_spreadsheet_would_run_are_stored_as_text(label: str) -> None:
    model = LogicModel.model_validate(
        {"title": label, "nodes": [{"id": "a", "label": label, "stage": "input"}]}
    )
    raw = xlsx_bytes(model)
    cell = openpyxl.load_workbook(io.BytesIO(raw))["Nodes"]["B2"]
    assert (cell.value, cell.data_type) == (label, "s")
    assert cell.quotePrefix is (label[0] != "'")
    assert read_xlsx(raw, source="m.xlsx") == model


def test_the_size_a_sheet_claims_is_not_walked() -> None:
    claims = patched(
        basic(),
        "xl/worksheets/sheet2.xml",
        lambda x: x.replace(b'ref="A1:C4"', b'ref="A1:XFD1048576"'),
    )
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(claims)).read("xl/worksheets/sheet2.xml")
    assert len(read_xlsx(claims, source="m.xlsx").nodes) == 3


def test_one_far_cell_is_read_as_the_row_it_is_on() -> None:
    book = openpyxl.load_workbook(io.BytesIO(basic()))
    book["Nodes"]["XFD1048576"] = "stray"
    buffer = io.BytesIO()
    book.save(buffer)
    message = error_of(buffer.getvalue())
    assert "sheet Nodes, row 1048576: node 4 (no id): 'id' is missing" in message


def test_a_zip_bomb_part_is_refused_by_its_ratio() -> None:
    padded = patched(basic(), "xl/padding.xml", lambda _: b"<a>" + b" " * 3_000_000 + b"</a>")
    message = error_of(padded)
    assert "the part 'xl/padding.xml' unpacks from" in message
    assert "more than 100 times" in message and "TOC_MAX_ZIP_RATIO" in message


def test_a_workbook_unpacking_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOC_MAX_UNPACKED_BYTES", "5000")
    message = error_of(basic())
    assert "unpacks to" in message and "over the limit of 5,000" in message
    assert "TOC_MAX_UNPACKED_BYTES" in message


def test_too_many_xml_elements_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOC_MAX_XML_ELEMENTS", "40")
    message = error_of(basic())
    assert "more than 40 XML elements" in message and "TOC_MAX_XML_ELEMENTS" in message


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (
            lambda x: x.replace(
                b"<worksheet", b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><worksheet', 1
            ),
            "declares a document type (<!DOCTYPE>)",
        ),
        (lambda x: x[: len(x) // 2], "is not well-formed XML"),
        (lambda x: x.replace(b'<row r="3"', b'<row r="2"', 1), "a row '2' after row 2"),
        (lambda x: x.replace(b'r="B2"', b'r="B7"', 1), "has a cell 'B7' out of place in row 2"),
        (lambda x: x.replace(b'r="B2"', b'r="A2"', 1), "has a cell 'A2' out of place in row 2"),
        (lambda x: x.replace(b"<sheetData>", b"<sheetData>" + b"<x>" * 70, 1), "more than 64 deep"),
    ],
)
def test_damaged_or_hostile_sheet_xml_is_refused(
    change: Callable[[bytes], bytes], fragment: str
) -> None:
    message = error_of(patched(basic(), "xl/worksheets/sheet2.xml", change))
    assert message.startswith("bad.xlsx: ")
    assert fragment in message


def test_a_shared_string_that_is_not_there_is_a_clean_error() -> None:
    raw = patched(
        basic(),
        "xl/worksheets/sheet2.xml",
        lambda x: x.replace(
            b'<c r="A2" t="inlineStr"><is><t>grant</t></is></c>', b'<c r="A2" t="s"><v>99</v></c>'
        ),
    )
    message = error_of(raw)
    assert message.startswith("bad.xlsx: this workbook cannot be read (")
    assert "save it again" in message


def test_two_sheets_read_as_one_are_refused() -> None:
    message = error_of(basic(nodes_=GOOD_NODES))
    assert (
        "the workbook has two sheets 'Nodes' and 'nodes ', which read as the same sheet" in message
    )


def test_two_sheets_of_exactly_one_name_are_refused() -> None:
    raw = patched(basic(), "xl/workbook.xml", lambda x: x.replace(b'name="Links"', b'name="Nodes"'))
    assert "two sheets 'Nodes' and 'Nodes', which read as the same sheet" in error_of(raw)


def test_a_whole_number_past_2_53_in_a_cell_is_refused() -> None:
    nodes: list[list[Any]] = [
        [*NODES, "position.x", "position.y"],
        ["grant", "Grant", "input", 2**53, 0],
    ]
    raw = patched(  # openpyxl itself would write only 16 digits
        basic(Nodes=nodes, Links=[["from", "to"]]),
        "xl/worksheets/sheet2.xml",
        lambda x: x.replace(b"<v>9007199254740992</v>", b"<v>9007199254740993</v>"),
    )
    message = error_of(raw)
    assert "node 'grant' position.x: the whole number 9,007,199,254,740,993 is larger" in message


def test_csv_text_longer_than_the_csv_module_default_round_trips(tmp_path: Path) -> None:
    label = "€" + "x" * 200_000
    model = LogicModel.model_validate(
        {"title": "t", "nodes": [{"id": "a", "label": label, "stage": "input"}]}
    )
    write_csv_pair(model, tmp_path / "nodes.csv")
    assert read_csv_pair(tmp_path / "nodes.csv").nodes[0].label == label


def test_csv_whole_numbers_keep_every_digit(tmp_path: Path) -> None:
    path = tmp_path / "nodes.csv"
    path.write_text(
        "id,label,stage,value.quantity,value.proxy,value.proxy_year,position.x,position.y\n"
        "o,O,outcome,1,2,9007199254740993,9007199254740993,0\n"
    )
    (tmp_path / "links.csv").write_text("from,to\n")
    with pytest.raises(SpreadsheetError) as caught:
        load_model(path)
    message = str(caught.value)
    assert "got 9007199254740993" in message  # the year, quoted as typed
    assert "position.x: the whole number 9,007,199,254,740,993 is larger than 2**53" in message


def test_csv_cells_starting_with_any_formula_character_are_guarded(tmp_path: Path) -> None:
    labels = ["=1+1", "+1+1", "-1+1", "@SUM(1)", "\tx", "'-quoted"]
    model = LogicModel.model_validate(
        {
            "title": "t",
            "nodes": [{"id": f"n{i}", "label": t, "stage": "input"} for i, t in enumerate(labels)],
        }
    )
    write_csv_pair(model, tmp_path / "nodes.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "nodes.csv").read_text("utf-8-sig"))))
    assert [row[1][:1] for row in rows[1:]] == ["'"] * len(labels)
    assert read_csv_pair(tmp_path / "nodes.csv").nodes == model.nodes
