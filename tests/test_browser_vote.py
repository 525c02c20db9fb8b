"""A workshop vote in Chromium: the facilitator opens it on the projector, three phones
join with the code and vote, the count comes in live, and closing saves the ratings."""

from __future__ import annotations

import re

import pytest
from test_browser import WAIT, Server, browser, model_id, server  # noqa: F401 - fixtures

from toc.store import Store

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
GROUP = "Young people (youth panel)"


def _vote(phone, url: str, code: str, points: dict[str, int], group: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    phone.goto(f"{url}/?vote={code}")
    expect(phone.get_by_role("heading", name="Vote")).to_be_visible(timeout=WAIT)
    phone.get_by_test_id("stSelectbox").filter(has_text="Your group").click()
    phone.get_by_role("option", name=group, exact=True).click()
    for label, value in points.items():
        box = phone.get_by_test_id("stNumberInput").filter(has_text=label)
        field = box.locator("input")
        field.fill(str(value))
        field.press("Tab")
    phone.get_by_role("button", name="Send my vote").click()


def test_phones_vote_and_closing_saves_each_groups_ratings(server: Server, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from playwright.sync_api import expect

    chosen = model_id(server.db, "Youth employment service")
    projector = browser.new_page(viewport={"width": 1280, "height": 800})
    projector.goto(f"{server.url}/workshop?model={chosen}")
    expect(projector.get_by_role("heading", name="Workshop")).to_be_visible(timeout=WAIT)
    projector.get_by_role("button", name="Open the vote").click()
    address = projector.get_by_text(re.compile(r"\?vote="))
    expect(address).to_be_visible(timeout=WAIT)
    code = re.search(r"vote=([A-Z0-9]+)", address.inner_text())
    assert code is not None
    confident, wellbeing = "Young people feel confident and job-ready", "Improved mental wellbeing"
    ballots = [
        ({confident: 70, wellbeing: 30}, GROUP),
        ({confident: 30, wellbeing: 70}, GROUP),
        ({confident: 100}, "Local employers"),
    ]
    for points, group in ballots:
        phone = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
        _vote(phone, server.url, code.group(1), points, group)
        expect(phone.get_by_text("your vote is counted")).to_be_visible(timeout=WAIT)
        phone.close()
    wrong = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    _vote(wrong, server.url, code.group(1), {confident: 50}, GROUP)
    expect(wrong.get_by_text("share exactly 100 points")).to_be_visible(timeout=WAIT)
    # the projector counts them by itself (it refreshes every two seconds)
    expect(projector.get_by_test_id("stMetricValue")).to_have_text("3", timeout=WAIT)
    projector.get_by_role("button", name="Close the vote and save the result").click()
    expect(projector.get_by_text("Saved as revision 2")).to_be_visible(timeout=WAIT)
    with Store(f"sqlite:///{server.db}") as store:
        saved = store.latest(chosen)
    groups = {g.label: g.ratings for g in saved.model.stakeholders}
    young = groups[GROUP]
    ids = {n.label: n.id for n in saved.model.nodes}
    assert young[ids[confident]] == 50.0 and young[ids[wellbeing]] == 50.0
    assert groups["Local employers"][ids[confident]] == 100.0
    assert saved.number == 2
