"""The report pack on the Diagram & export page, in Streamlit's AppTest (no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")

from appkit import latest, no_trouble, opened, saved
from payloads import payload_model

from toc.formats.modelfiles import load_model
from toc.report import report_bytes
from tocapp import views
from tocapp.state import model_json
from tocapp.views import diagram_page

ROOT = Path(__file__).resolve().parent.parent
YOUTH = ROOT / "models" / "youth-employment.yaml"


def _labels(at: object) -> list[str]:
    return [str(b.label) for b in at.get("download_button")]  # type: ignore[attr-defined]


def test_the_diagram_page_offers_the_report_pack_and_builds_nothing_until_asked(
    database: Path,
) -> None:
    model_id = saved(load_model(YOUTH))
    at = opened(model_id, views.DIAGRAM)
    assert "Download Word (.docx)" in _labels(at)
    assert "Download HTML (one page)" in _labels(at)
    page = next(r for r in at.radio if r.key == "report-page")
    assert page.value == "a4"
    page.set_value("a3").run()
    no_trouble(at)
    assert latest(model_id).number == 1  # viewing and choosing never save


def test_the_page_builds_the_same_pack_as_the_command(database: Path) -> None:
    model = load_model(YOUTH)
    text = model_json(model)
    built = diagram_page.report_pack(text, "docx", "a3")
    assert built == report_bytes(model, "docx", page="a3")
    page = diagram_page.report_pack(text, "html", "a4").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and model.title in page


def test_a_hostile_model_gets_its_report_pack_offered(database: Path) -> None:
    at = opened(saved(payload_model()), views.DIAGRAM)
    no_trouble(at)
    assert "Download HTML (one page)" in _labels(at)
