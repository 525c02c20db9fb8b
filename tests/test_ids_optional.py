"""Ids optional wherever a person types a model: YAML, JSON, XLSX, a CSV pair, Kumu.

A box without an id gets one from its label (``-2``, ``-3`` ... in file order,
never an id given to another box); a link may name a box by its label; a
label two boxes share cannot name either, and the error names both boxes.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import labels

from toc.errors import InvalidModelError, TocError
from toc.formats.labelled import given_ids
from toc.formats.modelfiles import dumps_model, load_model, loads_model
from toc.model import ID_PATTERN, LogicModel

NODES = [
    {"label": "Council grant", "stage": "input"},
    {"label": "Mentoring", "stage": "activity"},
    {"label": "Young people in work", "stage": "outcome"},
]
LINKS = [
    {"from": "Council grant", "to": "Mentoring", "weight": 0.9},
    {"from": "Mentoring", "to": "Young people in work", "weight": 0.6},
]
IDS = ["council-grant", "mentoring", "young-people-in-work"]


def _workbook(nodes: list[list[Any]], links: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in (("Model", [["key", "value"], ["title", "Typed"]]), ("Nodes", nodes)):
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    sheet = book.create_sheet("Links")
    for row in links:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rows(items: list[dict[str, Any]], keys: list[str]) -> list[list[Any]]:
    return [keys, *[[item.get(k) for k in keys] for item in items]]


def _write(
    fmt: str, folder: Path, nodes: list[dict[str, Any]], links: list[dict[str, Any]]
) -> Path:
    """The model typed without ids in ``fmt``; the path to load."""
    data = {"title": "Typed", "nodes": nodes, "links": links}
    if fmt in ("yaml", "json"):
        path = folder / f"typed.{fmt}"
        text = (
            json.dumps(data, indent=1) if fmt == "json" else yaml.safe_dump(data, sort_keys=False)
        )
        path.write_text(text, encoding="utf-8")
    elif fmt == "xlsx":
        path = folder / "typed.xlsx"
        path.write_bytes(
            _workbook(_rows(nodes, ["label", "stage"]), _rows(links, ["from", "to", "weight"]))
        )
    elif fmt == "csv":
        path = folder / "typed-nodes.csv"
        path.write_text(_csv(_rows(nodes, ["label", "stage"])), encoding="utf-8")
        (folder / "typed-links.csv").write_text(
            _csv(_rows(links, ["from", "to", "weight"])), encoding="utf-8"
        )
    else:
        path = folder / "typed.kumu.json"
        elements = [{"label": n["label"], "type": n["stage"].capitalize()} for n in nodes]
        blueprint = {"elements": elements, "connections": links}
        path.write_text(json.dumps(blueprint, indent=1), encoding="utf-8")
    return path


def _csv(rows: list[list[Any]]) -> str:
    return "".join(",".join("" if c is None else str(c) for c in row) + "\n" for row in rows)


FORMATS = ["yaml", "json", "xlsx", "csv", "kumu"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_model_without_ids_whose_links_name_labels_loads(fmt: str, tmp_path: Path) -> None:
    model = load_model(_write(fmt, tmp_path, NODES, LINKS))
    assert [n.id for n in model.nodes] == IDS
    assert [(k.from_, k.to, k.weight) for k in model.links] == [
        ("council-grant", "mentoring", 0.9),
        ("mentoring", "young-people-in-work", 0.6),
    ]


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx", "graphml", "kumu"])
def test_written_files_carry_the_ids(fmt: str, tmp_path: Path) -> None:
    model = load_model(_write("yaml", tmp_path, NODES, LINKS))
    raw = dumps_model(model, fmt)
    assert loads_model(raw, fmt, source=f"m.{fmt}").nodes == model.nodes
    if fmt in ("yaml", "json", "kumu"):
        assert all(f'"{i}"' in raw.decode() or f"id: {i}" in raw.decode() for i in IDS)


def test_ids_are_made_unique_in_file_order_without_taking_a_given_id() -> None:
    text = """
title: t
nodes:
- {label: Grant, stage: input}
- {id: grant, label: The main grant, stage: input}
- {label: Grant, stage: input}
- {id: grant-2, label: Second grant, stage: input}
- {label: "Grant!", stage: input}
"""
    model = loads_model(text.encode(), "yaml", source="m.yaml")
    assert [n.id for n in model.nodes] == ["grant-3", "grant", "grant-4", "grant-2", "grant-5"]


def test_a_link_name_that_is_an_id_is_the_id_before_any_label() -> None:
    text = """
title: t
nodes:
- {id: jobs, label: Mentoring, stage: activity}
- {label: jobs, stage: outcome}
- {label: Mentoring sessions, stage: output}
links:
- {from: jobs, to: jobs-2}
- {from: Mentoring, to: Mentoring sessions}
"""
    model = loads_model(text.encode(), "yaml", source="m.yaml")
    assert [n.id for n in model.nodes] == ["jobs", "jobs-2", "mentoring-sessions"]
    assert [k.id for k in model.links] == ["jobs->jobs-2", "jobs->mentoring-sessions"]


def test_labels_and_ids_may_be_mixed_and_labels_are_matched_without_outer_spaces() -> None:
    text = """
title: t
nodes:
- {id: grant, label: Grant, stage: input}
- {label: "  Mentoring ", stage: activity}
links:
- {from: grant, to: Mentoring}
"""
    model = loads_model(text.encode(), "yaml", source="m.yaml")
    assert model.links[0].id == "grant->mentoring"


AMBIGUOUS = """title: t
nodes:
- {label: Grant, stage: input}
- {id: mentoring, label: Mentoring, stage: activity}
- {label: Jobs, stage: outcome}
- {label: Mentoring, stage: activity}
links:
- {from: Grant, to: Mentoring}
- {from: mentoring, to: Jobs}
"""


def test_an_ambiguous_label_names_both_boxes_with_their_lines() -> None:
    with pytest.raises(InvalidModelError) as caught:
        loads_model(AMBIGUOUS.encode(), "yaml", source="m.yaml")
    assert str(caught.value).splitlines() == [
        "m.yaml: 1 problem",
        "  line 8: link 'Grant->Mentoring' to: 'Mentoring' is the label of 2 boxes, "
        "'mentoring' (line 4) and the box at line 6 (no id): give the box an id and name it "
        "by its id in the link, or give the boxes different labels",
    ]


def test_an_ambiguous_label_in_json_names_both_boxes_with_their_lines() -> None:
    data = yaml.safe_load(AMBIGUOUS)
    text = json.dumps(data, indent=2)
    with pytest.raises(InvalidModelError) as caught:
        loads_model(text.encode(), "json", source="m.json")
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines, 1) if '"id": "mentoring"' in line)
    assert f"'mentoring' (line {first - 1}) and the box at line" in str(caught.value)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_ambiguous_label_in_a_spreadsheet_names_both_boxes_with_their_rows(
    fmt: str, tmp_path: Path
) -> None:
    nodes = [*NODES, {"label": "Mentoring", "stage": "output"}]
    path = _write(fmt, tmp_path, nodes, LINKS)
    with pytest.raises(TocError) as caught:
        load_model(path)
    sheet = "Nodes" if fmt == "xlsx" else "typed-nodes.csv"
    links = "Links" if fmt == "xlsx" else "typed-links.csv"
    message = str(caught.value)
    assert f"sheet {links}, row 2: link 'Council grant->Mentoring' to: 'Mentoring'" in message
    assert (
        f"is the label of 2 boxes, the box at sheet {sheet}, row 3 (no id) and the box at "
        f"sheet {sheet}, row 5 (no id)"
    ) in message
    assert f"sheet {links}, row 3: link 'Mentoring->Young people in work' from" in message


def test_an_ambiguous_label_in_a_kumu_blueprint_names_both_elements(tmp_path: Path) -> None:
    nodes = [*NODES, {"label": "Mentoring", "stage": "output"}]
    with pytest.raises(InvalidModelError, match=r"the box at line \d+ \(no id\) and the box at"):
        load_model(_write("kumu", tmp_path, nodes, LINKS))


def test_two_boxes_given_the_same_id_are_still_an_error() -> None:
    text = (
        "title: t\nnodes:\n- {id: a, label: A, stage: input}\n- {id: a, label: B, stage: input}\n"
    )
    with pytest.raises(InvalidModelError, match=r"line 4: .*'a'"):
        loads_model(text.encode(), "yaml", source="m.yaml")


def test_a_link_naming_neither_an_id_nor_a_label_is_an_error_with_its_line() -> None:
    text = "title: t\nnodes:\n- {label: A, stage: input}\nlinks:\n- {from: A, to: Nope}\n"
    with pytest.raises(InvalidModelError, match="line 5: link 'a->Nope' to 'Nope', which is not"):
        loads_model(text.encode(), "yaml", source="m.yaml")


def test_a_box_with_neither_id_nor_label_says_the_label_is_missing() -> None:
    text = "title: t\nnodes:\n- {stage: input}\n"
    with pytest.raises(InvalidModelError, match="line 3: node 1 \\(no id\\): 'label' is missing"):
        loads_model(text.encode(), "yaml", source="m.yaml")


def test_a_spreadsheet_may_leave_out_the_id_column_but_not_the_label_column(tmp_path: Path) -> None:
    path = _write("xlsx", tmp_path, [{"label": "A", "stage": "input"}], [])
    assert [n.id for n in load_model(path).nodes] == ["a"]
    raw = _workbook([["stage"], ["input"]], [["from", "to"]])
    with pytest.raises(TocError, match="sheet Nodes has no column 'label'"):
        loads_model(raw, "xlsx", source="m.xlsx")


@pytest.mark.parametrize(
    ("label", "expected"),
    [("!!!", "node"), ("Ça va? Très bien", "a-va-tr-s-bien"), ("x" * 300, "x" * 60)],
)
def test_an_id_made_from_any_label_is_a_valid_id(label: str, expected: str) -> None:
    data: dict[str, Any] = {"nodes": [{"label": label, "stage": "input"}]}
    assert given_ids(data) == []
    assert data["nodes"][0]["id"] == expected


@settings(max_examples=60, deadline=None)
@given(
    typed=st.lists(
        st.tuples(labels(), st.one_of(st.none(), st.from_regex(r"\A[a-z][a-z0-9\-]{0,8}\Z"))),
        max_size=12,
    )
)
def test_made_ids_are_valid_unique_and_leave_given_ids_alone(
    typed: list[tuple[str, str | None]],
) -> None:
    given = [node_id for _, node_id in typed if node_id is not None]
    nodes = [{"label": label} | ({} if i is None else {"id": i}) for label, i in typed]
    given_ids({"nodes": nodes})
    ids = [n["id"] for n in nodes]
    assert [i for (_, g), i in zip(typed, ids, strict=True) if g is not None] == given
    made = [i for (_, g), i in zip(typed, ids, strict=True) if g is None]
    assert all(re.fullmatch(ID_PATTERN, i) for i in made)
    assert len(set(made)) == len(made) and not set(made) & set(given)


def test_a_model_without_ids_converts_to_one_with_ids(tmp_path: Path) -> None:
    model = load_model(_write("csv", tmp_path, NODES, LINKS))
    assert isinstance(model, LogicModel)
    saved = yaml.safe_load(dumps_model(model, "yaml"))
    assert [n["id"] for n in saved["nodes"]] == IDS


def test_json_with_ids_whose_links_name_labels_takes_the_careful_path() -> None:
    data = {
        "title": "t",
        "nodes": [
            {"id": "g", "label": "Grant", "stage": "input"},
            {"id": "m", "label": "Mentoring", "stage": "activity"},
        ],
        "links": [{"from": "Grant", "to": "Mentoring", "weight": 0.5}],
    }
    model = loads_model(json.dumps(data).encode(), "json", source="m.json")
    assert model.links[0].id == "g->m"
