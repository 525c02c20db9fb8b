"""Diagrams: golden DOT text, real rendering to SVG/PNG/PDF, escaping, focus, outline."""

from __future__ import annotations

import importlib.util
import os
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from toc import LogicModel, TocError, load_model
from toc.cli import main
from toc.diagram import focused, outline, render, render_bytes, to_dot
from toc.diagram.labels import printable, wrapped
from toc.diagram.render import dot_to_bytes
from toc.errors import RenderError

GOLDEN = Path(__file__).parent / "golden"
ODD = 'Say "hi" <b> & 🎉 中文 العربية Llŷn'
SMALL = LogicModel.model_validate(
    {
        "title": "Small & <odd>",
        "organisation": "Council",
        "departments": [{"id": "housing", "label": "Housing", "colour": "#0072B2"}],
        "nodes": [
            {"id": "grant", "label": "Grant", "stage": "input", "cost": 1000},
            {"id": "visits", "label": ODD, "stage": "activity", "department": "housing"},
            {"id": "curfew", "label": "Curfew", "stage": "activity"},
            {"id": "jobs", "label": "Jobs", "stage": "outcome", "priority": 2,
             "horizon": "short"},
            {"id": "calm", "label": "Calm", "stage": "outcome"},
            {"id": "fair", "label": "Fair city", "stage": "impact", "priority": 1},
        ],
        "links": [
            {"from": "grant", "to": "visits", "weight": 0.9},
            {"from": "visits", "to": "jobs", "weight": 0.6},
            {"from": "curfew", "to": "jobs", "weight": -0.4},
            {"from": "curfew", "to": "calm", "weight": 0.5},
            {"from": "jobs", "to": "fair", "weight": 0.8},
        ],
    }
)  # fmt: skip


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("TOC_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"re-run with TOC_UPDATE_GOLDEN=1 ({name})"


def test_small_model_dot_matches_golden() -> None:
    check_golden("small.dot", to_dot(SMALL))


def test_small_model_a3_focus_dot_matches_golden() -> None:
    check_golden("small-a3-focus.dot", to_dot(SMALL, page="a3", focus="curfew"))


def test_example_dot_matches_golden(example_path: Path) -> None:
    check_golden(f"{example_path.stem}.dot", to_dot(load_model(example_path), page="a4"))


def test_dot_is_deterministic() -> None:
    assert to_dot(SMALL) == to_dot(LogicModel.model_validate(SMALL.model_dump(by_alias=True)))


def test_negative_links_are_red_dashed_and_width_follows_weight() -> None:
    dot = to_dot(SMALL)
    negative = next(line for line in dot.splitlines() if "curfew -> jobs" in line)
    positive = next(line for line in dot.splitlines() if "grant -> visits" in line)
    assert "style=dashed" in negative
    assert "#C62828" in negative
    assert "penwidth=2.60" in negative
    assert "style=solid" in positive
    assert "penwidth=4.60" in positive


def test_columns_follow_stage_order_with_headings_in_one_row() -> None:
    dot = to_dot(SMALL)
    keys = ("input", "activity", "outcome any", "outcome short", "impact")
    order = [dot.index(f'"heading {key}" [') for key in keys]
    assert order == sorted(order)
    chain = [f'"heading {a}" -> "heading {b}" [style=invis weight=100]' for a, b in pairwise(keys)]
    assert all(line in dot for line in chain)
    assert "label=<<B>OUTCOMES: SHORT TERM</B>>" in dot


def test_priority_boxes_are_emphasised_and_legend_is_inside() -> None:
    dot = to_dot(SMALL)
    jobs = dot[dot.index("\tjobs [") :].split("\n", 1)[0]
    calm = dot[dot.index("\tcalm [") :].split("\n", 1)[0]
    assert "penwidth=3" in jobs and "★ 2" in jobs
    assert "penwidth=1.2" in calm
    assert "undermines" in dot and "HOUSING = Housing" in dot


def test_svg_carries_title_and_outline_for_screen_readers() -> None:
    root = ET.fromstring(render_bytes(SMALL, "svg", focus="curfew"))
    title, desc = list(root)[:2]
    assert title.tag.endswith("title") and title.text == "Small & <odd>"
    assert desc.tag.endswith("desc") and desc.text == outline(focused(SMALL, "curfew"))
    assert "Curfew moderately undermines Jobs (-0.4)" in desc.text


def test_large_text_enlarges_every_kind_of_text() -> None:
    normal, large = to_dot(SMALL), to_dot(SMALL, large_text=True)
    for small_size, big_size in (("fontsize=12", "fontsize=16"), ('POINT-SIZE="8"', 'POINT-SIZE="11"'),
                                 ('POINT-SIZE="11"', 'POINT-SIZE="15"'), ("fontsize=9", "fontsize=12"),
                                 ('POINT-SIZE="22"', 'POINT-SIZE="28"')):  # fmt: skip
        assert small_size in normal and big_size in large


def test_odd_labels_reach_the_svg_as_typed() -> None:
    svg = render_bytes(SMALL, "svg").decode("utf-8")
    root = ET.fromstring(svg)
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for word in ('"hi"', "<b>", "&", "🎉", "中文", "Llŷn", "Small & <odd>"):
        assert word in texts


@settings(max_examples=40, deadline=None)
@given(label=st.text(min_size=1, max_size=60), note=st.text(max_size=20))
def test_any_text_reaches_the_svg_as_typed(label: str, note: str) -> None:
    model = LogicModel.model_validate(
        {"title": label, "nodes": [{"id": "a", "label": label, "stage": "activity",
                                    "description": note}]}
    )  # fmt: skip
    root = ET.fromstring(render_bytes(model, "svg"))
    texts = {t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {printable(line) for line in wrapped(label)} <= texts | {""}


def test_backslashes_and_control_codes_are_shown_not_obeyed() -> None:
    label = "C:\\N\\G \x07bell\\"
    model = LogicModel.model_validate(
        {"title": "t", "nodes": [{"id": "a", "label": label, "stage": "activity",
                                  "description": label}]}
    )  # fmt: skip
    svg = render_bytes(model, "svg").decode("utf-8")
    assert "C:\\N\\G �bell\\" in svg  # in the text and in the tooltip
    assert svg.count("C:\\N\\G") == 3  # the text, the tooltip and the description


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("pdf", b"%PDF"),
                                            ("svg", b"<?xml")])  # fmt: skip
def test_every_example_renders_in_every_format(
    example_path: Path, tmp_path: Path, fmt: str, magic: bytes
) -> None:
    out = tmp_path / f"diagram.{fmt}"
    render(load_model(example_path), out, page="a4")
    assert out.read_bytes().startswith(magic)
    assert out.stat().st_size > 5000


def test_every_example_svg_is_xml_holding_every_label(example_path: Path) -> None:
    model = load_model(example_path)
    root = ET.fromstring(render_bytes(model, "svg", page="a4"))
    texts = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    for node in model.nodes:
        assert set(wrapped(node.label)) <= texts, node.id
    assert set(wrapped(model.title, 70)) <= texts


def generated_model(size: int) -> dict[str, Any]:
    """The benchmarks' generated model (benchmarks/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("generate", "benchmarks/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data: dict[str, Any] = module.generated_model(size)
    return data


def test_large_model_with_links_inside_columns_renders() -> None:
    # 300 nodes, 23 links within one column: labels on those once aborted Graphviz.
    model = LogicModel.model_validate(generated_model(300))
    assert render_bytes(model, "svg", page="a4").startswith(b"<?xml")


def test_links_inside_one_column_carry_external_labels() -> None:
    dot = to_dot(load_model(Path("models/youth-employment.yaml")))
    flat = next(line for line in dot.splitlines() if '"skills-gap" -> "sustained-work"' in line)
    across = next(line for line in dot.splitlines() if '"sustained-work" -> "fewer-neet"' in line)
    assert 'xlabel="+0.3"' in flat
    assert 'label="+0.8"' in across and "xlabel" not in across


def test_pdf_has_a_fixed_date_and_a_sound_cross_reference_table() -> None:
    pdf = render_bytes(SMALL, "pdf")
    assert b"/CreationDate (D:20000101000000" in pdf
    offset = int(pdf[pdf.rindex(b"startxref") :].split()[1])
    assert pdf[offset:].startswith(b"xref")


def fake_dot(folder: Path, script: str) -> str:
    """A PATH holding only a 'dot' program that runs ``script``."""
    program = folder / "dot"
    program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    program.chmod(0o755)
    return str(folder)


def test_system_graphviz_is_used_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOC_GRAPHVIZ", "system")
    monkeypatch.setenv("PATH", fake_dot(tmp_path, 'cat >/dev/null; echo "<svg>$1</svg>"'))
    assert render_bytes(SMALL, "svg").startswith(b"<svg>")
    assert b"-Tsvg" in render_bytes(SMALL, "svg")


def test_system_graphviz_failure_is_a_render_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOC_GRAPHVIZ", "system")
    monkeypatch.setenv(
        "PATH", fake_dot(tmp_path, "echo 'Error: syntax error in line 3' >&2; exit 1")
    )
    with pytest.raises(
        RenderError, match="could not draw the diagram: Error: syntax error in line 3"
    ):
        render_bytes(SMALL, "png")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(RenderError, match="there is no 'dot' program on the PATH"):
        render_bytes(SMALL, "png")


def test_bundled_graphviz_failure_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="Graphviz could not draw the diagram"):
        dot_to_bytes("digraph {", "svg")


def test_a4_png_is_landscape_and_large_enough_to_read(tmp_path: Path) -> None:
    png = render_bytes(load_model(Path("models/youth-employment.yaml")), "png", page="a4")
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    assert width > height
    assert width >= 1500  # about 150 dpi across an A4 page


def test_focus_keeps_only_pathways_to_priorities() -> None:
    kept = focused(SMALL, "curfew")
    assert [n.id for n in kept.nodes] == ["curfew", "jobs", "fair"]
    assert [link.id for link in kept.links] == ["curfew->jobs", "jobs->fair"]


@pytest.mark.parametrize(
    ("focus", "message"),
    [("nope", "no node with that id; use an activity id, e.g. 'visits', 'curfew'"),
     ("jobs", "it is an outcome, and focus follows pathways from an activity or input; "
             "use an activity id, e.g. 'visits', 'curfew'")],
)  # fmt: skip
def test_focus_on_a_wrong_id_says_what_to_use(focus: str, message: str) -> None:
    with pytest.raises(TocError, match=message):
        to_dot(SMALL, focus=focus)


def test_unknown_page_and_format_are_clear(tmp_path: Path) -> None:
    with pytest.raises(TocError, match="unknown page 'letter'"):
        to_dot(SMALL, page="letter")
    with pytest.raises(TocError, match=r"'\.gif' is not a diagram format"):
        render(SMALL, tmp_path / "d.gif")


def test_outline_says_every_box_and_link_in_words() -> None:
    text = outline(SMALL)
    assert "Activities (2)" in text
    assert f"- {ODD} (Housing)" in text
    assert "  - Curfew moderately undermines Jobs (-0.4)" in text
    assert "- Jobs (short term; priority 2)" in text
    assert text.count("drives") + text.count("undermines") >= len(SMALL.links)


def test_render_cli_writes_the_suffix_format(tmp_path: Path) -> None:
    out = tmp_path / "m.pdf"
    result = CliRunner().invoke(
        main, ["render", "models/youth-employment.yaml", "-o", str(out), "--page", "a3"]
    )
    assert result.exit_code == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_render_cli_bad_focus_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["render", "models/youth-employment.yaml", "-o", str(tmp_path / "m.svg"),
               "--focus", "nope"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "cannot focus on 'nope'" in result.stderr


def test_render_examples_writes_all_three_formats(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render-examples", str(tmp_path)])
    assert result.exit_code == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert {"youth-employment.svg", "youth-employment.png", "youth-employment.pdf"} <= names
