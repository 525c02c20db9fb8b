"""The model store on a temporary SQLite file and, given TOC_TEST_POSTGRES_URL, on PostgreSQL:
revisions, merges, conflicts, nothing lost, several stores (app processes) on one database."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from hypothesis import given, settings
from sqlalchemy import text
from strategies import logic_models

from toc.errors import InvalidModelError, TocError
from toc.history.merge import Side
from toc.model import LogicModel, Position
from toc.store import ConflictError, NotFoundError, Store, StoreError
from toc.store.engine import make_engine
from toc.store.modelrows import body_of
from toc.store.orm import Base

ROOT = Path(__file__).resolve().parent.parent


def _model(title: str = "Youth") -> LogicModel:
    return LogicModel.model_validate(
        {
            "title": title,
            "nodes": [
                {"id": "grant", "label": "Grant", "stage": "input"},
                {"id": "mentoring", "label": "Mentoring", "stage": "activity"},
                {"id": "coaching", "label": "Coaching", "stage": "activity"},
                {"id": "jobs", "label": "Young people in work", "stage": "outcome"},
            ],
            "links": [{"from": "grant", "to": "mentoring"}, {"from": "mentoring", "to": "jobs"}],
        }
    )


def _relabel(model: LogicModel, node_id: str, label: str) -> LogicModel:
    copy = model.model_copy(deep=True)
    copy.node_map()[node_id].label = label
    return copy


POSTGRES_URL = os.environ.get("TOC_TEST_POSTGRES_URL", "")
NO_POSTGRES = (
    "set TOC_TEST_POSTGRES_URL to a scratch PostgreSQL database (its tables are dropped), e.g. "
    "postgresql+psycopg://toc@/scratch?host=/tmp, with `pip install -e '.[postgres]'`"
)


def emptied_database(url: str) -> str:
    """The database at ``url`` with nothing in it (on PostgreSQL, even tables toc does not know,
    such as those of a newer schema left by another branch's tests)."""
    engine = make_engine(url)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    return url


BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not POSTGRES_URL, reason=NO_POSTGRES)),
]


def scratch_url(backend: str, tmp_path: Path) -> str:
    """A new SQLite file, or the scratch PostgreSQL database emptied."""
    if backend == "postgresql":
        return emptied_database(POSTGRES_URL)
    return f"sqlite:///{tmp_path / 'data' / 'toc.db'}"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new SQLite file; also a scratch PostgreSQL database when one is given."""
    return scratch_url(request.param, tmp_path)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as opened:
        yield opened


@pytest.fixture
def model_id(store: Store) -> str:
    return store.create_model(_model(), author="Sam")


def test_a_new_model_is_revision_one_in_the_list(store: Store, model_id: str) -> None:
    first = store.latest(model_id)
    assert (first.number, first.author, first.summary) == (1, "Sam", "created")
    assert first.model == _model()
    assert first.created.tzinfo is UTC
    [summary] = store.list_models()
    assert (summary.id, summary.title, summary.revision, summary.updated_by) == (
        model_id,
        "Youth",
        1,
        "Sam",
    )
    assert (summary.nodes, summary.links, summary.deleted) == (4, 2, False)


def test_a_save_is_a_new_revision_saying_what_changed(store: Store, model_id: str) -> None:
    result = store.save(model_id, _relabel(_model(), "jobs", "In work"), base=1, author="Ali")
    assert (result.merged, result.unchanged) == (False, False)
    assert result.revision.number == 2
    assert result.revision.summary == "renamed node 'Young people in work' to 'In work'"
    assert store.latest(model_id).model.node_map()["jobs"].label == "In work"
    assert [(r.number, r.author) for r in store.revisions(model_id)] == [(2, "Ali"), (1, "Sam")]
    assert [r.number for r in store.revisions(model_id, limit=1)] == [2]
    assert store.list_models()[0].revision == 2


def test_saving_the_same_model_saves_nothing(store: Store, model_id: str) -> None:
    result = store.save(model_id, _model(), base=1, author="Ali")
    assert result.unchanged
    assert result.revision.number == 1
    assert len(store.revisions(model_id)) == 1


def test_edits_from_two_tabs_of_different_things_merge(store: Store, model_id: str) -> None:
    tab_a = _model().model_copy(deep=True)
    tab_a.node_map()["mentoring"].position = Position(x=100, y=40)
    store.save(model_id, tab_a, base=1, author="Tab A")
    result = store.save(model_id, _relabel(_model(), "jobs", "In work"), base=1, author="Tab B")
    assert (result.merged, result.revision.number) == (True, 3)
    assert result.revision.summary == "renamed node 'Young people in work' to 'In work'"
    nodes = store.latest(model_id).model.node_map()
    assert nodes["mentoring"].position == Position(x=100, y=40)
    assert nodes["jobs"].label == "In work"


def test_a_real_conflict_raises_with_both_values_and_saves_nothing(
    store: Store, model_id: str
) -> None:
    store.save(model_id, _relabel(_model(), "jobs", "Employed"), base=1, author="Tab A")
    with pytest.raises(ConflictError, match="in 1 place") as caught:
        store.save(model_id, _relabel(_model(), "jobs", "In work"), base=1, author="Tab B")
    [conflict] = caught.value.conflicts
    assert (conflict.ours, conflict.theirs, conflict.base) == (
        "In work",
        "Employed",
        "Young people in work",
    )
    assert "your edit has 'In work', saved revision 2 has 'Employed'" in str(caught.value)
    assert caught.value.latest_revision.number == caught.value.latest.number == 2
    assert isinstance(caught.value, TocError)
    assert len(store.revisions(model_id)) == 2


@pytest.mark.parametrize(("prefer", "label"), [("ours", "In work"), ("theirs", "Employed")])
def test_a_conflict_is_settled_by_saving_again_with_a_preference(
    store: Store, model_id: str, prefer: Side, label: str
) -> None:
    saved = _relabel(_relabel(_model(), "jobs", "Employed"), "grant", "Council grant")
    store.save(model_id, saved, base=1, author="Tab A")
    mine = _relabel(_model("Youth employment"), "jobs", "In work")
    with pytest.raises(ConflictError) as caught:
        store.save(model_id, mine, base=1, author="Tab B")
    assert caught.value.base == 1
    result = store.save(model_id, mine, base=caught.value.base, author="Tab B", prefer=prefer)
    assert (result.merged, result.revision.number) == (True, 3)
    model = store.latest(model_id).model
    assert (model.title, model.node_map()["grant"].label) == ("Youth employment", "Council grant")
    assert model.node_map()["jobs"].label == label


def test_the_same_edit_from_two_tabs_is_saved_once(store: Store, model_id: str) -> None:
    edit = _relabel(_model(), "jobs", "In work")
    store.save(model_id, edit, base=1, author="Tab A")
    result = store.save(model_id, edit, base=1, author="Tab B")
    assert result.unchanged
    assert len(store.revisions(model_id)) == 2


def test_an_edit_already_inside_the_latest_is_not_saved_again(store: Store, model_id: str) -> None:
    both = _relabel(_relabel(_model(), "jobs", "In work"), "grant", "Council grant")
    store.save(model_id, both, base=1, author="Tab A")
    result = store.save(model_id, _relabel(_model(), "jobs", "In work"), base=1, author="Tab B")
    assert (result.merged, result.unchanged, result.revision.number) == (True, True, 2)


def test_unknown_ids_and_numbers_are_named(store: Store, model_id: str) -> None:
    with pytest.raises(NotFoundError, match="there is no model 'nope': pick one"):
        store.latest("nope")
    with pytest.raises(NotFoundError, match="there is no model 'nope'"):
        store.revisions("nope")
    with pytest.raises(NotFoundError, match="there is no model 'nope'"):
        store.summary("nope")
    with pytest.raises(NotFoundError, match="there is no model 'nope'"):
        store.delete_model("nope", author="Sam")
    with pytest.raises(NotFoundError, match=f"model '{model_id}' has no revision 7: .* 1 to 1"):
        store.save(model_id, _model("Other"), base=7, author="Sam")
    with pytest.raises(NotFoundError, match="has no revision 0"):
        store.revision(model_id, 0)


def test_restore_makes_a_new_revision_of_the_old_model(store: Store, model_id: str) -> None:
    store.save(model_id, _model("Youth employment"), base=1, author="Ali")
    restored = store.restore(model_id, 1, author="Sam")
    assert restored.number == 3
    assert restored.model == _model()
    assert restored.summary == "restored revision 1: title 'Youth employment' -> 'Youth'"
    assert store.latest(model_id).model == _model()
    assert store.revision(model_id, 2).model.title == "Youth employment"
    assert store.restore(model_id, 1, author="Sam").number == 3  # already the latest


def test_delete_is_soft_and_undelete_brings_it_back(store: Store, model_id: str) -> None:
    store.delete_model(model_id, author="Sam")
    assert store.list_models() == []
    [hidden] = store.list_models(include_deleted=True)
    assert hidden.deleted
    assert store.summary(model_id) == hidden
    assert store.latest(model_id).model == _model()
    store.delete_model(model_id, author="Sam")  # twice is harmless
    store.undelete_model(model_id, author="Ali")
    assert [m.id for m in store.list_models()] == [model_id]


def test_duplicate_copies_the_latest_under_a_new_title(store: Store, model_id: str) -> None:
    store.save(model_id, _relabel(_model(), "jobs", "In work"), base=1, author="Ali")
    copy_id = store.duplicate_model(model_id, title="Youth (copy)", author="Sam")
    copy = store.latest(copy_id)
    assert copy_id != model_id
    assert (copy.number, copy.model.title) == (1, "Youth (copy)")
    assert copy.model.node_map()["jobs"].label == "In work"
    assert copy.summary == "duplicated from 'Youth', revision 2"
    assert [m.title for m in store.list_models()] == ["Youth", "Youth (copy)"]
    with pytest.raises(InvalidModelError, match="title"):
        store.duplicate_model(model_id, title="", author="Sam")


def test_a_returned_model_is_the_callers_to_change(store: Store, model_id: str) -> None:
    mine = store.latest(model_id).model
    mine.nodes[0].label = "Changed in place"
    assert store.latest(model_id).model == _model()
    result = store.save(model_id, mine, base=1, author="Sam")
    assert result.revision.number == 2


def test_a_saved_model_changed_in_place_saves_again(store: Store, model_id: str) -> None:
    mine = _relabel(_model(), "jobs", "In work")
    store.save(model_id, mine, base=1, author="Sam")
    mine.node_map()["jobs"].label = "Employed"
    result = store.save(model_id, mine, base=2, author="Sam")
    assert (result.unchanged, result.revision.number) == (False, 3)
    assert result.revision.summary == "renamed node 'In work' to 'Employed'"
    assert store.revision(model_id, 2).model.node_map()["jobs"].label == "In work"


def test_everything_is_there_after_reopening(db_url: str) -> None:
    with Store(db_url) as first:
        model_id = first.create_model(_model(), author="Sam")
        first.save(model_id, _model("Youth employment"), base=1, author="Ali")
        first.delete_model(model_id, author="Ali")
    with Store(db_url) as second:
        [summary] = second.list_models(include_deleted=True)
        assert (summary.title, summary.revision, summary.deleted) == ("Youth employment", 2, True)
        assert [r.summary for r in second.revisions(model_id)] == [
            "title 'Youth' -> 'Youth employment'",
            "created",
        ]
        assert second.revision(model_id, 1).model == _model()
        assert second.latest(model_id).created.tzinfo is UTC


def test_examples_are_seeded_once_only(db_url: str) -> None:
    examples = sorted(p for p in (ROOT / "models").iterdir() if p.suffix == ".yaml")
    with Store(db_url) as store:
        assert store.seed_examples(ROOT / "models") >= len(examples) > 0
        count = len(store.list_models())
        assert store.seed_examples(ROOT / "models") == 0
        for summary in store.list_models():
            store.delete_model(summary.id, author="Sam")
    with Store(db_url) as store:
        assert store.seed_examples(ROOT / "models") == 0
        assert len(store.list_models(include_deleted=True)) == count
        assert store.revisions(store.list_models(include_deleted=True)[0].id)[0].summary.startswith(
            "created from the example "
        )


def test_seeding_from_a_missing_folder_says_which(store: Store, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match=r"the examples folder '.*nowhere' does not exist"):
        store.seed_examples(tmp_path / "nowhere")


def test_concurrent_saves_from_many_threads_all_land(store: Store, model_id: str) -> None:
    nodes = ["grant", "mentoring", "coaching", "jobs"]
    start = threading.Barrier(len(nodes))
    errors: list[BaseException] = []

    def edit(node_id: str) -> None:
        try:
            start.wait()
            store.save(
                model_id, _relabel(_model(), node_id, f"Edited {node_id}"), base=1, author=node_id
            )
        except BaseException as err:  # reported below: a thread cannot fail the test itself
            errors.append(err)

    threads = [threading.Thread(target=edit, args=(node_id,)) for node_id in nodes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [r.number for r in store.revisions(model_id)] == [5, 4, 3, 2, 1]
    labels = {n.id: n.label for n in store.latest(model_id).model.nodes}
    assert labels == {node_id: f"Edited {node_id}" for node_id in nodes}


def test_two_stores_on_one_database_racing_saves_lose_no_edit(db_url: str) -> None:
    """Two app processes (two stores, each with its own connections) saving at once."""
    labels = [f"box{i}" for i in range(12)]
    nodes = [{"id": label, "label": label, "stage": "activity"} for label in labels]
    first = LogicModel.model_validate({"title": "Race", "nodes": nodes})
    stores = [Store(db_url), Store(db_url)]
    model_id = stores[0].create_model(first, author="Sam")
    start = threading.Barrier(len(labels))
    errors: list[BaseException] = []

    def edit(index: int) -> None:
        try:
            start.wait()
            edited = _relabel(first, labels[index], f"Edited {index}")
            stores[index % 2].save(model_id, edited, base=1, author=f"editor {index}")
        except BaseException as err:  # reported below: a thread cannot fail the test itself
            errors.append(err)

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(len(labels))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = [r.number for r in stores[1].revisions(model_id)]
    assert numbers == list(range(len(labels) + 1, 0, -1))
    saved = {n.id: n.label for n in stores[0].latest(model_id).model.nodes}
    assert saved == {label: f"Edited {i}" for i, label in enumerate(labels)}
    assert stores[1].summary(model_id).revision == len(labels) + 1
    for store in stores:
        store.close()


def test_a_bad_url_is_a_store_error_without_the_password() -> None:
    with pytest.raises(
        StoreError, match=r"cannot use the database URL 'nosuchdb://me:\*\*\*@h/db'"
    ):
        Store("nosuchdb://me:secret@h/db")


@settings(max_examples=10, deadline=None)
@given(logic_models())
def test_a_stored_body_reads_back_as_the_same_model(model: LogicModel) -> None:
    assert LogicModel.model_validate_json(body_of(model)) == model
