"""The Organisation page: the example framework and its six services, saved in the store."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("streamlit")

from appkit import APP, no_trouble
from streamlit.testing.v1 import AppTest

from toc.formats.modelfiles import load_model
from toc.organisation import framework_from_data
from toc.store import Store
from tocapp import session, views

ROOT = Path(__file__).resolve().parent.parent
PORTFOLIO = ROOT / "models" / "portfolio"
SERVICES = sorted(p for p in PORTFOLIO.glob("*.yaml") if p.name != "framework.yaml")


def _page(at: AppTest) -> AppTest:
    at.switch_page(views.ORGANISATION.file).run()
    no_trouble(at)
    return at


@pytest.fixture()
def opened(database: Path) -> AppTest:
    """The app's first run (which seeds the example framework), then the six services."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    with Store() as store:
        for path in SERVICES:
            store.create_model(load_model(path), author="tester")
    return _page(at)


def _table_of(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first table on the page with these columns."""
    return next(t.value for t in at.table if list(t.value.columns) == list(columns))


def test_the_page_shows_the_portfolio_gap_and_harm(opened: AppTest) -> None:
    at = opened
    # the six services, and the youth employment example that tags council codes too
    assert any("7 service(s) tagged with `council:` codes" in c.value for c in at.caption)
    ranked = _table_of(at, "rank", "service", "score", "cost", "score per £100k")
    assert len(ranked) == 7
    assert "Warm homes retrofit of council homes" in set(ranked["service"])
    gaps = _table_of(at, "code", "outcome", "lead department")
    assert list(gaps["code"]) == ["O8"]
    harm = _table_of(
        at, "service", "from department", "code", "outcome", "lead department", "contribution"
    )
    assert list(harm["code"]) == ["O1"] and list(harm["from department"]) == ["Housing"]
    assert list(harm["lead department"]) == ["Economy and Skills"]
    shared = _table_of(at, "code", "outcome", "departments", "support")
    assert {"O1", "O5"} <= set(shared["code"])


def test_the_what_if_changes_support(opened: AppTest) -> None:
    at = opened
    at.selectbox(key="org-whatif-service").select("Home care and reablement").run()
    no_trouble(at)
    [whole] = at.metric
    assert whole.delta is not None and whole.delta.startswith("-")
    part = at.selectbox(key="org-whatif-part")
    part.select(part.options[1]).run()  # the service's first activity
    no_trouble(at)
    [one] = at.metric
    assert one.delta is not None and one.delta.startswith("-") and one.delta != whole.delta
    at.number_input(key="org-whatif-scale").set_value(1.0).run()
    assert at.metric[0].delta == "+0.000"


def test_editing_the_framework_saves_a_revision(opened: AppTest) -> None:
    at = opened
    with Store() as store:
        [listed] = store.list_frameworks()
    order = next(m for m in at.multiselect if m.label.startswith("Agreed order"))
    order.set_value(["O2", "O1"]).run()
    next(b for b in at.button if b.label == "Save the framework").click().run()
    no_trouble(at)
    with Store() as store:
        latest = store.latest_framework(listed.id)
    assert latest.number == 2 and latest.author == "workshop"
    assert framework_from_data(latest.data).agreed_order == ["O2", "O1"]
    assert latest.summary == "changed the agreed order"
    assert at.session_state[session.FRAMEWORK_ID.key] == listed.id


def test_with_only_the_seeded_examples_the_page_offers_the_six_services(database: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    _page(at)
    assert any("1 service(s) tagged" in c.value for c in at.caption)
    next(b for b in at.button if b.label == "Add the example council's six services").click().run()
    no_trouble(at)
    assert any("7 service(s) tagged" in c.value for c in at.caption)


def test_options_are_compared_side_by_side(opened: AppTest) -> None:
    at = opened
    paths = sorted((PORTFOLIO / "options").glob("*.yaml"))
    with Store() as store:
        ids = [store.create_model(load_model(p), author="tester") for p in paths]
    at.run()
    at.multiselect(key="org-options").set_value(ids).run()
    no_trouble(at)
    table = _table_of(
        at, "option", "score", "present value", "NPV", "ratio", "cost", "chance first"
    )
    assert len(table) == len(paths) == 3
    assert sum("baseline" in o for o in table["option"]) == 1


def test_the_organisation_map_tab_draws_the_example(opened: AppTest) -> None:
    at = opened
    assert at.get("image"), "the map is shown"
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Download SVG", "Download PNG", "Download PDF", "Download Text"} <= labels
    assert not at.exception
