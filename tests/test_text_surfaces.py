"""Every piece of user text comes out of every surface as typed, never obeyed.

The payloads (``tests/payloads.py``) sit in every text field of one model; each
surface is checked for what the payload would do if it were interpreted: an element
injected into the SVG, a quoted DOT attribute broken out of, a terminal escape or a
rich link emitted, an HTML tag reaching the canvas.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from payloads import PAYLOADS, payload_model

from toc.cli import main
from toc.diagram import outline, to_dot
from toc.diagram.labels import printable
from toc.diagram.render import render_bytes
from toc.formats import dump_model

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
# What Graphviz itself writes; anything else came from user text.
GRAPHVIZ_ELEMENTS = {
    "svg",
    "g",
    "title",
    "desc",
    "path",
    "polygon",
    "polyline",
    "ellipse",
    "text",
    "a",
}


@pytest.fixture(scope="module")
def model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("payloads") / "payloads.yaml"
    dump_model(payload_model(), path)
    return path


def test_the_svg_holds_only_graphviz_elements_and_the_text_as_typed() -> None:
    model = payload_model()
    root = ET.fromstring(render_bytes(model, "svg"))
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= GRAPHVIZ_ELEMENTS
    for link in root.iter(f"{SVG}a"):
        assert f"{XLINK}href" not in link.attrib  # tooltips only, never a link
    tooltips = {link.attrib.get(f"{XLINK}title", "") for link in root.iter(f"{SVG}a")}
    assert PAYLOADS["svg"] in tooltips  # a description shown as typed
    desc = root.find(f"{SVG}desc")
    assert desc is not None and printable(outline(model)) in "".join(desc.itertext())


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_every_format_draws_a_model_full_of_payloads(fmt: str) -> None:
    assert len(render_bytes(payload_model(), fmt)) > 1000


def test_dot_quotes_every_user_string() -> None:
    dot = to_dot(payload_model())
    assert "image=" not in dot.replace('image=\\"', "").replace("image=&quot;", "")
    assert "tooltip=<" not in dot


def test_terminal_output_shows_markup_and_escapes_as_typed(model_file: Path) -> None:
    runner = CliRunner()
    for command in (["analyse", str(model_file)], ["check", str(model_file)]):
        result = runner.invoke(main, command, color=True)
        assert result.exit_code == 0, result.output
        assert "\x1b]8;" not in result.output and "\x1b[2J" not in result.output
        assert "\u202e" not in result.output
    shown = runner.invoke(main, ["analyse", str(model_file), "--top", "50"]).output
    assert "\\x1b[2J" in shown  # an activity labelled with an escape sequence, made visible


def test_the_canvas_gets_box_text_escaped_and_never_reads_it_back() -> None:
    from toc.editor.canvas import flow_state, model_from_flow
    from toc.editor.markdown import markdown_literal

    model = payload_model()
    state = flow_state(model)
    boxes = [n for n in state["nodes"] if not str(n["id"]).startswith("stage:")]
    for node, box in zip(model.nodes, boxes, strict=True):
        assert box["data"]["content"] == markdown_literal(node.label)
        assert "<" not in box["data"]["content"].replace("\\<", "")
    assert model_from_flow(model, state) is model  # viewing changes nothing


def test_labels_with_odd_spaces_survive_a_canvas_round_trip() -> None:
    from toc.editor.canvas import flow_state, model_from_flow
    from toc.model import LogicModel

    model = LogicModel.model_validate(
        {
            "title": "t",
            "nodes": [
                {"id": "a", "label": "  Mentoring\t", "stage": "activity"},
                {"id": "b", "label": "Jobs\n\u00a0in work ", "stage": "outcome"},
            ],
        }
    )
    assert model_from_flow(model, flow_state(model)) == model


def test_toc_value_shows_markup_in_titles_currencies_and_codes_as_typed(tmp_path: Path) -> None:
    from toc.model import LogicModel

    model = LogicModel.model_validate(
        {
            "title": "[bold red]Loud[/] \x1b[2J",
            "valuation": {"currency": "[link=http://192.0.2.1]GBP"},
            "nodes": [
                {"id": "grant", "label": "Grant", "stage": "input", "cost": 1000},
                {"id": "a", "label": "A", "stage": "activity"},
                {
                    "id": "o",
                    "label": "O",
                    "stage": "outcome",
                    "frameworks": ["toms:[link=http://192.0.2.1]x"],
                    "value": {"quantity": 1, "proxy": 2000},
                },
            ],
            "links": [{"from": "grant", "to": "a"}, {"from": "a", "to": "o", "weight": 0.5}],
        }
    )
    path = tmp_path / "m.yaml"
    dump_model(model, path)
    result = CliRunner().invoke(main, ["value", str(path), "--scheme", "toms"], color=True)
    assert result.exit_code == 0, result.output
    assert "[bold red]Loud[/]" in result.output and "\\x1b[2J" in result.output
    assert "[link=http://192.0.2.1]GBP" in result.output
    assert "\x1b]8;" not in result.output
