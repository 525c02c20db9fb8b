"""Comments on boxes and links, kept in the store: threads, resolving, reopening, counts and
who may comment; on SQLite and (given TOC_TEST_POSTGRES_URL) PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store import BACKENDS, scratch_url

from toc.errors import TocError
from toc.model import LogicModel
from toc.store import AccessDenied, Store
from toc.store.commentstore import MAX_COMMENT, Comments

MODEL = LogicModel.model_validate(
    {
        "title": "Parks",
        "nodes": [
            {"id": "play", "label": "Play", "stage": "activity"},
            {"id": "calm", "label": "Calm", "stage": "outcome"},
        ],
        "links": [{"from": "play", "to": "calm", "weight": 0.5}],
    }
)


@pytest.fixture(params=BACKENDS)
def comments(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, str]]:
    """A new store on each database, with the model saved; its id."""
    with Store(scratch_url(request.param, tmp_path)) as store:
        yield store, store.create_model(MODEL, author="Sam")


def test_threads_keep_their_order_resolve_and_reopen(comments: tuple[Store, str]) -> None:
    store, model_id = comments
    notes = Comments(store)
    notes.add(model_id, "calm", "  Who measures this?  ", author="Ali")
    notes.add(model_id, "play->calm", "<b>0.5</b> seems high", author="Sam")
    notes.add(model_id, "calm", "The survey team", author="Sam")
    thread = notes.thread(model_id, "calm")
    assert [(c.author, c.text) for c in thread] == [("Ali", "Who measures this?"), ("Sam", "The survey team")]  # fmt: skip
    assert notes.open_counts(model_id) == {"calm": 2, "play->calm": 1}
    notes.resolve(model_id, "calm", by="Ali")
    assert notes.open_counts(model_id) == {"play->calm": 1}
    assert all(c.resolved_by == "Ali" for c in notes.thread(model_id, "calm"))
    notes.add(model_id, "calm", "Reopened: the survey stopped", author="Bo")
    assert notes.open_counts(model_id)["calm"] == 3
    assert notes.thread(model_id, "play->calm")[0].text == "<b>0.5</b> seems high"  # as typed


def test_empty_and_huge_comments_are_refused(comments: tuple[Store, str]) -> None:
    store, model_id = comments
    with pytest.raises(TocError, match="empty"):
        Comments(store).add(model_id, "calm", "   ", author="Ali")
    with pytest.raises(TocError, match="keep it to"):
        Comments(store).add(model_id, "calm", "x" * (MAX_COMMENT + 1), author="Ali")


def test_only_those_who_may_read_a_model_comment_on_it(comments: tuple[Store, str]) -> None:
    store, _ = comments
    owned = store.create_model(MODEL, author="owner@c", user="owner@c")
    store.grant(owned, "viewer@c", "viewer", by="owner@c")
    notes = Comments(store)
    notes.add(owned, "calm", "A viewer may comment", author="viewer@c", user="viewer@c")
    with pytest.raises(AccessDenied):
        notes.add(owned, "calm", "A stranger may not", author="x@c", user="stranger@c")
    with pytest.raises(AccessDenied):
        notes.thread(owned, "calm", user="stranger@c")
