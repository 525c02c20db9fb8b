"""Print: `--page a4|a3` PDFs are true landscape sheets, and no text is set below 7 pt."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from toc.cli import main
from toc.diagram.dot import type_sizes
from toc.diagram.paper import MIN_TEXT_PT, sheet_plan
from toc.diagram.render import render_bytes
from toc.diagram.style import PAGES
from toc.formats import load_model
from toc.model import LogicModel

SHEETS = {"a4": (842.0, 595.0), "a3": (1191.0, 842.0)}


@pytest.mark.parametrize("page", sorted(SHEETS))
def test_render_page_gives_pdf_sheets_of_that_size(
    page: str, example_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "diagram.pdf"
    result = CliRunner().invoke(main, ["render", str(example_path), "-o", str(out), "--page", page])
    assert result.exit_code == 0, result.output
    sheets = PdfReader(out).pages
    assert 1 <= len(sheets) <= 4
    for sheet in sheets:
        assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == SHEETS[page]


@pytest.mark.parametrize("page", sorted(SHEETS))
def test_text_is_never_scaled_below_seven_points(page: str, example_path: Path) -> None:
    smallest = type_sizes(for_paper=True).smallest
    for width, height in ((1519.0, 604.0), (300.0, 200.0), (9000.0, 3000.0)):
        plan = sheet_plan(width, height, PAGES[page], smallest_pt=smallest)
        assert plan.scale * smallest >= MIN_TEXT_PT - 1e-9


def test_a_small_model_fits_one_sheet_and_a_large_one_is_tiled() -> None:
    small = LogicModel.model_validate(
        {"title": "t", "nodes": [{"id": "a", "label": "Mentoring", "stage": "activity"}]}
    )
    assert len(PdfReader(io.BytesIO(render_bytes(small, "pdf", page="a4"))).pages) == 1
    nodes = [{"id": f"a{i}", "label": f"Activity {i}", "stage": "activity"} for i in range(60)]
    nodes += [{"id": f"o{i}", "label": f"Outcome {i}", "stage": "outcome"} for i in range(60)]
    links = [{"from": f"a{i}", "to": f"o{i}", "weight": 0.5} for i in range(60)]
    large = LogicModel.model_validate({"title": "t", "nodes": nodes, "links": links})
    assert len(PdfReader(io.BytesIO(render_bytes(large, "pdf", page="a4"))).pages) > 1


def test_paged_pdfs_are_the_same_bytes_each_time(example_path: Path) -> None:
    model = load_model(example_path)
    assert render_bytes(model, "pdf", page="a4") == render_bytes(model, "pdf", page="a4")


def test_a_diagram_too_large_to_read_is_refused_with_a_way_forward(tmp_path: Path) -> None:
    nodes = [{"id": f"a{i}", "label": f"Activity {i}", "stage": "activity"} for i in range(400)]
    nodes += [
        {"id": f"o{i}", "label": f"Outcome {i}", "stage": "outcome", "priority": 1 + i % 3}
        for i in range(200)
    ]
    links = [
        {"from": f"a{i}", "to": f"o{i % 200}", "weight": 0.1 + (i % 9) / 10} for i in range(400)
    ]
    path = tmp_path / "big.json"
    dump = LogicModel.model_validate({"title": "Big", "nodes": nodes, "links": links})
    from toc.formats import dump_model

    dump_model(dump, path)
    runner = CliRunner()
    refused = runner.invoke(main, ["render", str(path), "-o", str(tmp_path / "big.svg")])
    assert refused.exit_code == 1
    assert "600 boxes, more than the 500" in refused.output and "--top 10" in refused.output
    drawn = runner.invoke(
        main, ["render", str(path), "-o", str(tmp_path / "top.svg"), "--top", "3"]
    )
    assert drawn.exit_code == 0, drawn.output
    assert (tmp_path / "top.svg").read_bytes().count(b'class="node"') < 20
