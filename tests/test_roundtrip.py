"""Round trips: every format gives back the model it was given, byte for byte stable.

YAML, JSON and XLSX carry the whole model; a CSV pair carries the nodes and
links (see ``toc.formats.spreadsheet.csvpair.csv_subset``).
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import ODD_FLOATS, ODD_TEXTS, logic_models

from toc.formats.modelfiles import dumps_model, loads_model
from toc.formats.spreadsheet import read_csv_pair, read_xlsx, write_csv_pair, xlsx_bytes
from toc.formats.spreadsheet.csvpair import csv_subset
from toc.formats.spreadsheet.rows import model_rows
from toc.formats.spreadsheet.workbook import put
from toc.model import LogicModel

ROUND_TRIP = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
@ROUND_TRIP
@given(model=logic_models())
def test_load_of_dump_is_the_model(fmt: str, model: LogicModel) -> None:
    assert loads_model(dumps_model(model, fmt), fmt) == model


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
@settings(ROUND_TRIP, max_examples=15)
@given(model=logic_models(max_nodes=6))
def test_dumping_twice_gives_the_same_bytes(fmt: str, model: LogicModel) -> None:
    first = dumps_model(model, fmt)
    assert dumps_model(model, fmt) == first
    assert dumps_model(loads_model(first, fmt), fmt) == first


@ROUND_TRIP
@given(model=logic_models())
def test_csv_pair_gives_back_its_nodes_and_links(model: LogicModel) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "youth-nodes.csv"
        write_csv_pair(model, path)
        first = path.read_bytes(), (Path(folder) / "youth-links.csv").read_bytes()
        back = read_csv_pair(path)
        assert back == csv_subset(model, "Youth")
        write_csv_pair(back, path)
        assert (path.read_bytes(), (Path(folder) / "youth-links.csv").read_bytes()) == first


def _one_node_model(label: str, cost: float) -> LogicModel:
    return LogicModel.model_validate(
        {"title": label, "nodes": [{"id": "a", "label": label, "stage": "input", "cost": cost}]}
    )


@pytest.mark.parametrize("label", ODD_TEXTS)
def test_every_awkward_text_survives_a_workbook(label: str) -> None:
    model = _one_node_model(label, 1.0)
    back = read_xlsx(xlsx_bytes(model), source="m.xlsx")
    assert back.nodes[0].label == label
    assert back.title == label


@pytest.mark.parametrize("number", [f for f in ODD_FLOATS if abs(f) <= 1e9])
def test_every_float_survives_a_workbook_exactly(number: float) -> None:
    model = LogicModel.model_validate(
        {
            "title": "t",
            "nodes": [
                {"id": "a", "label": "A", "stage": "input", "position": {"x": number, "y": -number}}
            ],
        }
    )
    position = read_xlsx(xlsx_bytes(model), source="m.xlsx").nodes[0].position
    assert position is not None
    assert (position.x.hex(), position.y.hex()) == (number.hex(), (-number).hex())


def test_a_workbook_does_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime
    import io
    import zipfile

    model = _one_node_model("a", 1.0)
    first = xlsx_bytes(model)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        dates = {info.date_time for info in archive.infolist()}
        core = archive.read("docProps/core.xml").decode()
    assert dates == {(1980, 1, 1, 0, 0, 0)}
    assert "2000-01-01T00:00:00Z" in core
    assert str(datetime.date.today().year) + "-" not in core.replace("2000-01-01", "")


def _hand_edited(model: LogicModel, data: st.DataObject) -> bytes:
    """The model's sheets as a person might leave them: columns shuffled, headers in
    capitals, blank rows, numbers typed as text."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in model_rows(model).items():
        order = data.draw(st.permutations(range(len(rows[0]))), label=f"{name} columns")
        sheet = book.create_sheet(name)
        number = 1
        for index, row in enumerate(rows):
            number += data.draw(st.integers(0, 2), label="blank rows") if index else 0
            for column, at in enumerate(order, start=1):
                value = row[at].upper() if index == 0 else row[at]
                if isinstance(value, float) and data.draw(st.booleans(), label="as text"):
                    value = f" {value!r} "
                if value is not None:
                    put(sheet.cell(number, column), value)
            number += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@settings(ROUND_TRIP, max_examples=20)
@given(model=logic_models(max_nodes=6), data=st.data())
def test_shuffled_columns_blank_rows_and_numbers_as_text_change_nothing(
    model: LogicModel, data: st.DataObject
) -> None:
    assert read_xlsx(_hand_edited(model, data), source="m.xlsx") == model


@pytest.mark.parametrize("number", ODD_FLOATS)
def test_every_float_is_written_to_a_cell_with_every_digit(number: float) -> None:
    # Positions are bounded at 1e9 now; the cell writer itself still keeps every digit.
    from toc.formats.spreadsheet.cells import number_text

    assert float(number_text(number)).hex() == number.hex()
