"""The Monitoring page: the return downloaded, returns uploaded and read back."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")

from appkit import latest, opened, saved
from test_monitoring import MODEL, TEMPLATE, filled

from toc.model import LogicModel
from tocapp import views


def test_the_page_offers_the_return_of_the_open_model(database: Path) -> None:
    at = opened(saved(MODEL), views.MONITORING)
    assert at.text_input(key="monitoring-periods").value.endswith("-Q4")
    downloads = [b for b in at.get("download_button") if "return" in str(b.label)]
    assert downloads, "no download of the return"
    assert any("3 indicator(s) x 4 period(s)" in c.value for c in at.caption)


def test_a_model_without_indicators_says_what_to_add(database: Path) -> None:
    data = MODEL.model_dump(by_alias=True, exclude_none=True)
    for node in data["nodes"]:
        node["indicators"] = []
        node.get("value", {}).pop("counted_by", None)
    bare = LogicModel.model_validate(data)
    at = opened(saved(bare), views.MONITORING)
    assert any("no indicators yet" in i.value for i in at.info)


def test_periods_that_cannot_be_read_are_said_under_the_field(database: Path) -> None:
    at = opened(saved(MODEL), views.MONITORING)
    at.text_input(key="monitoring-periods").set_value("Spring..Summer").run()
    assert any("quarters or months" in e.value for e in at.error)  # (markdown escaped)
    assert not at.exception


def test_the_figures_of_a_return_are_shown_and_nothing_is_saved(database: Path) -> None:
    """The upload widget cannot be driven by AppTest, so the page's reading function is
    checked with the same bytes, and the page itself for what it draws without one."""
    from tocapp.views.monitoring_page import _latest_rows, _monitored

    model_id = saved(MODEL)
    raw = filled(TEMPLATE, {("job", "Residents in work", "2025-Q1"): 8})
    report = _monitored(MODEL.model_dump_json(by_alias=True), (("q1.xlsx", raw),))
    rows = _latest_rows(report)
    assert rows[0]["status"] == "behind" and rows[0]["progress"] == "20% of 25%"
    assert report.outcomes[0].value_to_date == pytest.approx(8 * 600)
    opened(model_id, views.MONITORING)
    assert latest(model_id).number == 1
