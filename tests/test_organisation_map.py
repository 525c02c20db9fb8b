"""The organisation map (``toc orgmap``): services, codes, signed links, hostile text, the outline."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from payloads import PAYLOADS

from toc.cli import main
from toc.diagram.labels import printable
from toc.model import LogicModel
from toc.organisation import Framework
from toc.organisation.orgmap import (
    load_organisation_map,
    organisation_bytes,
    organisation_dot,
    organisation_map,
    organisation_outline,
    priority_order,
)

ROOT = Path(__file__).resolve().parent.parent
PORTFOLIO = ROOT / "models" / "portfolio"
FRAMEWORK = PORTFOLIO / "framework.yaml"
SVG = "{http://www.w3.org/2000/svg}"
GRAPHVIZ_ELEMENTS = {"svg", "g", "title", "desc", "path", "polygon", "polyline", "ellipse",
                     "text", "a"}  # fmt: skip


@pytest.fixture(scope="module")
def example() -> Any:
    return load_organisation_map(FRAMEWORK, [PORTFOLIO])


def test_the_dot_holds_every_service_and_code(example: Any) -> None:
    dot = organisation_dot(example)
    for figures in example.portfolio.figures:
        assert figures.title.split(" ")[0] in dot
    for code in example.portfolio.framework.codes():
        assert f"<B>{priority_order(example.portfolio).index(code) + 1}. {code}</B>" in dot
    assert dot.count("subgraph cluster_department_") == 4


def test_negative_contributions_are_red_and_dashed(example: Any) -> None:
    dot = organisation_dot(example)
    edges = [line for line in dot.splitlines() if " -> " in line and "invis" not in line]
    negative = [e for e in edges if "-0.20" in e]
    assert len(negative) == 1 and "style=dashed" in negative[0] and "#C62828" in negative[0]
    assert all("style=solid" in e for e in edges if e not in negative)
    widths = [float(m) for e in edges for m in re.findall(r"penwidth=([\d.]+)", e)]
    assert max(widths) == 7.0 and min(widths) >= 1.0


def test_outcomes_are_in_priority_order_and_the_gap_is_marked(example: Any) -> None:
    order = priority_order(example.portfolio)
    assert order[:4] == ["O1", "O2", "O5", "O4"]  # ties broken by the agreed order
    text = organisation_outline(example)
    assert "a gap: no service reaches it" in text
    assert text.splitlines()[-1].startswith("Gaps (corporate outcomes no service reaches): O8 ")
    assert "undermined by: Homelessness prevention and temporary accommodation (-0.20)" in text
    assert "- Housing: Homelessness prevention" in text


def _outcome(i: int, text: str) -> dict[str, Any]:
    department = "d1" if i % 2 else None
    return {"code": f"O{i}", "label": text, "description": text, "department": department,
            "priority": 1 + i % 3}  # fmt: skip


def _tagged(i: int) -> dict[str, Any]:
    return {"id": f"o{i}", "label": "O", "stage": "outcome", "frameworks": [f"council:O{i}"]}


def _outcome(i: int, text: str) -> dict[str, Any]:
    department = "d1" if i % 2 else None
    return {"code": f"O{i}", "label": text, "description": text, "department": department,
            "priority": 1 + i % 3}  # fmt: skip


def _tagged(i: int) -> dict[str, Any]:
    return {"id": f"o{i}", "label": "O", "stage": "outcome", "frameworks": [f"council:O{i}"]}


def _hostile() -> tuple[Framework, LogicModel]:
    names = list(PAYLOADS)
    fw = Framework.model_validate(
        {
            "title": PAYLOADS["dot"] + "\nsecond line",
            "scheme": "council",
            "departments": [{"id": "d1", "label": PAYLOADS["dot-html"]}],
            "outcomes": [_outcome(i, PAYLOADS[name]) for i, name in enumerate(names)],
        }
    )
    model = LogicModel.model_validate(
        {
            "title": PAYLOADS["backslash"] + ' "quoted" <b> & \nnew line',
            "departments": [{"id": "d1", "label": PAYLOADS["script"]}],
            "nodes": [
                {"id": "a", "label": "A", "stage": "activity", "department": "d1"},
                *(_tagged(i) for i in range(0, len(names), 2)),
            ],
            "links": [
                {"from": "a", "to": f"o{i}", "weight": 0.5 if i % 4 else -0.5}
                for i in range(0, len(names), 2)
            ],
        }
    )
    return fw, model


def test_hostile_labels_are_escaped() -> None:
    fw, model = _hostile()
    org = organisation_map(fw, [model])
    dot = organisation_dot(org)
    assert 'image="' not in dot and "tooltip=<" not in dot
    # Raw text only inside quoted tooltips (plain strings); every label escaped.
    outside = re.sub(r'tooltip="(?:[^"\\]|\\.)*"', "", dot)
    assert "<script>" not in outside and "&lt;script&gt;" in dot
    assert "C:\\\\temp\\\\N" in dot  # backslashes doubled: never read as \N or \G
    assert "&quot;quoted&quot; &lt;b&gt;" in dot and "&amp; new line" in dot
    root = ET.fromstring(organisation_bytes(org, "svg"))
    assert {element.tag.removeprefix(SVG) for element in root.iter()} <= GRAPHVIZ_ELEMENTS
    shown = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "<script>alert('x')</script>" in shown and "<<B>bold</B>>" in shown.replace(" ", "")
    desc = root.find(f"{SVG}desc")
    assert desc is not None and printable(organisation_outline(org)) in "".join(desc.itertext())
    for fmt in ("png", "pdf"):
        assert len(organisation_bytes(org, fmt, page="a4")) > 1000


def test_the_command_writes_every_format(tmp_path: Path) -> None:
    runner = CliRunner()
    for suffix, magic in ((".svg", b"<?xml"), (".png", b"\x89PNG"), (".pdf", b"%PDF"),
                          (".dot", b"digraph"), (".txt", b"Example City")):  # fmt: skip
        out = tmp_path / f"map{suffix}"
        args = ["orgmap", str(FRAMEWORK), str(PORTFOLIO), "-o", str(out), "--page", "a3"]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.stderr
        assert out.read_bytes().startswith(magic)


def test_the_command_refuses_bad_input_clearly(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["orgmap", str(FRAMEWORK), str(PORTFOLIO), "-o", "map.gif"])
    assert (
        result.exit_code == 1 and "'.gif' is not a format of the organisation map" in result.stderr
    )
    missing = str(tmp_path / "none")
    result = runner.invoke(main, ["orgmap", str(FRAMEWORK), missing, "-o", str(tmp_path / "m.svg")])
    assert result.exit_code == 1 and "no such file or folder" in result.stderr
