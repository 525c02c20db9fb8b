"""Who else has the model open: two sessions each see the other's name in the sidebar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("streamlit")

from appkit import opened, saved

from toc.formats.modelfiles import load_model
from toc.store import Store
from toc.store.orm import PresenceRow
from toc.store.presencestore import AWAY, Presence
from tocapp import session, views

ROOT = Path(__file__).resolve().parent.parent


def _captions(at) -> str:  # type: ignore[no-untyped-def]
    return " ".join(c.value for c in at.sidebar.caption)


def test_two_people_on_one_model_see_each_other(database: Path) -> None:
    model_id = saved(load_model(ROOT / "models" / "youth-employment.yaml"))
    ali = opened(model_id, views.MAP)
    ali.sidebar.text_input(key=session.AUTHOR.key).set_value("Ali").run()
    sam = opened(model_id, views.HISTORY)
    sam.sidebar.text_input(key=session.AUTHOR.key).set_value("Sam").run()
    assert "Also here: **Ali**" in _captions(sam)
    ali.run()
    assert "Also here: **Sam**" in _captions(ali)


def test_a_session_gone_quiet_has_left(database: Path) -> None:
    model_id = saved(load_model(ROOT / "models" / "youth-employment.yaml"))
    with Store() as store:
        here = Presence(store)
        here.seen(model_id, "old-tab", "Bo")
        with store._session() as db, db.begin():
            row = db.get(PresenceRow, (model_id, "old-tab"))
            assert row is not None
            row.seen = datetime.now(UTC) - timedelta(seconds=AWAY + 5)
        assert here.others(model_id, "new-tab") == []
