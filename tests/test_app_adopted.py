"""The Map and Analyse pages with the organisation's priorities in place of a model's own."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")

from appkit import latest, no_trouble, opened, saved
from streamlit.testing.v1 import AppTest

from toc.analysis.influence import drivers
from toc.editor.canvas import PRIORITY_BAR, PRIORITY_COLOUR
from toc.editor.markdown import markdown_literal
from toc.formats.modelfiles import load_model
from toc.organisation import adopt_priorities, load_framework
from tocapp import session, views

ROOT = Path(__file__).resolve().parent.parent
PORTFOLIO = ROOT / "models" / "portfolio"
SERVICE = PORTFOLIO / "employment-support.yaml"


def _choose(at: AppTest, key: str, organisation: bool) -> AppTest:
    choice = at.radio(key=f"{key}-priorities-from")
    choice.set_value(choice.options[1] if organisation else choice.options[0]).run()
    no_trouble(at)
    return at


def _ranking(at: AppTest) -> list[str]:
    table = next(t.value for t in at.table if "score" in t.value.columns)
    return list(table["activity"])


@pytest.fixture()
def service(database: Path) -> str:
    return saved(load_model(SERVICE))


def test_analyse_ranks_the_drivers_by_the_corporate_priorities(service: str) -> None:
    at = opened(service, views.ANALYSE)
    choice = at.radio(key="analyse-priorities-from")
    assert choice.options[0] == "This model's own"
    assert choice.options[1].startswith("The organisation's: ")
    own = _ranking(at)
    _choose(at, "analyse", organisation=True)
    corporate = adopt_priorities(load_model(SERVICE), load_framework(PORTFOLIO / "framework.yaml"))
    expected = [markdown_literal(d.label) for d in drivers(corporate)]  # as the table shows it
    assert _ranking(at) == expected[: len(_ranking(at))]
    assert any("Analysed with the priorities of the organisation" in i.value for i in at.info)
    # the choice is kept across pages, and the saved model is untouched
    assert at.session_state[session.PRIORITIES_FROM.key] != ""
    assert latest(service).number == 1
    _choose(at, "analyse", organisation=False)
    assert _ranking(at) == own


def test_the_map_marks_the_priorities_in_use_with_bars(service: str) -> None:
    at = opened(service, views.MAP)
    _choose(at, "map", organisation=True)
    state = at.session_state[session.CANVAS_STATE.key]
    corporate = adopt_priorities(load_model(SERVICE), load_framework(PORTFOLIO / "framework.yaml"))
    wanted = {n.id for n in corporate.nodes if n.priority}
    barred = {n.id: n.style["borderLeft"] for n in state.nodes if "borderLeft" in n.style}
    assert set(barred) == wanted
    widths = sorted(int(bar.split("px")[0]) for bar in barred.values())
    assert widths[-1] == PRIORITY_BAR[1] and widths[0] >= PRIORITY_BAR[0]
    assert all(PRIORITY_COLOUR in bar for bar in barred.values())
    assert any("orange bar" in c.value for c in at.caption)


def test_a_model_tagging_no_framework_is_not_asked(database: Path) -> None:
    untagged = load_model(ROOT / "models" / "youth-employment.yaml")
    untagged = untagged.model_copy(
        update={"nodes": [n.model_copy(update={"frameworks": []}) for n in untagged.nodes]}
    )
    at = opened(saved(untagged), views.ANALYSE)
    assert not [r for r in at.radio if r.key == "analyse-priorities-from"]
