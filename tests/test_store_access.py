"""Roles, enforced by the store: owner, editor, viewer; everyone (``*``); the local user.

On a temporary SQLite file and, given TOC_TEST_POSTGRES_URL, on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import insert
from test_store import BACKENDS, scratch_url

from toc.cli import main
from toc.errors import TocError
from toc.model import LogicModel
from toc.store import (
    EVERYONE,
    AccessDenied,
    LastOwnerError,
    NotFoundError,
    Store,
    StoreError,
)
from toc.store.engine import make_engine
from toc.store.migrate import alembic_config, upgrade
from toc.store.orm import ModelRow, RevisionRow

OWNER, EDITOR, VIEWER, STRANGER = (
    "owen@council.example",
    "edie@council.example",
    "vic@council.example",
    "sam@elsewhere.example",
)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A store on a new SQLite file; also on the scratch PostgreSQL database when given."""
    with Store(scratch_url(request.param, tmp_path)) as opened:
        yield opened


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return scratch_url(request.param, tmp_path)


@pytest.fixture
def model_id(store: Store) -> str:
    """A model created by OWNER, shared with EDITOR and VIEWER."""
    created = store.create_model(LogicModel(title="Youth"), author="Owen", user=OWNER)
    store.grant(created, EDITOR, "editor", by=OWNER)
    store.grant(created, VIEWER, "viewer", by=OWNER)
    return created


def _edit(store: Store, model_id: str, title: str, user: str | None) -> int:
    base = store.latest(model_id).number
    return store.save(
        model_id, LogicModel(title=title), base=base, author="x", user=user
    ).revision.number


def test_the_creator_owns_the_model_and_others_have_what_they_were_given(
    store: Store, model_id: str
) -> None:
    roles = [store.role(model_id, who) for who in (OWNER, EDITOR, VIEWER, STRANGER)]
    assert roles == ["owner", "editor", "viewer", None]
    assert store.role(model_id, None) == "owner"  # the local user owns every model
    assert [(g.user, g.role, g.granted_by) for g in store.grants(model_id)] == [
        (OWNER, "owner", OWNER),
        (EDITOR, "editor", OWNER),
        (VIEWER, "viewer", OWNER),
    ]


def test_the_models_list_shows_each_user_only_what_they_may_see(
    store: Store, model_id: str
) -> None:
    other = store.create_model(LogicModel(title="Parks"), author="Sam", user=STRANGER)
    assert [m.id for m in store.list_models(user=VIEWER)] == [model_id]
    assert [m.id for m in store.list_models(user=STRANGER)] == [other]
    assert [m.title for m in store.list_models()] == ["Parks", "Youth"]  # the local user
    store.delete_model(other, author="Sam", user=STRANGER)
    assert store.list_models(user=STRANGER) == []
    assert [m.id for m in store.list_models(user=STRANGER, include_deleted=True)] == [other]


def test_viewers_read_but_may_not_save_restore_delete_or_grant(store: Store, model_id: str) -> None:
    assert store.latest(model_id, user=VIEWER).model.title == "Youth"
    assert [r.number for r in store.revisions(model_id, user=VIEWER)] == [1]
    assert store.revision(model_id, 1, user=VIEWER).number == 1
    assert store.summary(model_id, user=VIEWER).title == "Youth"
    with pytest.raises(
        AccessDenied,
        match=rf"^{VIEWER} may not save model 'Youth' \({model_id}\): that needs the editor "
        rf"role, and they are a viewer; ask an owner of the model to share it with them as editor$",
    ) as caught:
        _edit(store, model_id, "Jobs", VIEWER)
    assert (caught.value.model_id, caught.value.user) == (model_id, VIEWER)
    assert (caught.value.needed, caught.value.role) == ("editor", "viewer")
    assert isinstance(caught.value, TocError)
    with pytest.raises(AccessDenied, match=r"may not restore model 'Youth'.*needs the editor"):
        store.restore(model_id, 1, author="Vic", user=VIEWER)
    with pytest.raises(AccessDenied, match=r"may not delete model 'Youth'.*needs the owner"):
        store.delete_model(model_id, author="Vic", user=VIEWER)
    with pytest.raises(AccessDenied, match="may not change the roles on model 'Youth'"):
        store.grant(model_id, STRANGER, "viewer", by=VIEWER)
    assert len(store.revisions(model_id)) == 1
    assert store.role(model_id, STRANGER) is None


def test_editors_save_and_restore_but_may_not_delete_or_grant(store: Store, model_id: str) -> None:
    assert _edit(store, model_id, "Youth employment", EDITOR) == 2
    assert store.restore(model_id, 1, author="Edie", user=EDITOR).number == 3
    with pytest.raises(
        AccessDenied, match=r"may not delete .* needs the owner role, and they are an editor"
    ):
        store.delete_model(model_id, author="Edie", user=EDITOR)
    with pytest.raises(AccessDenied, match="may not undelete"):
        store.undelete_model(model_id, author="Edie", user=EDITOR)
    with pytest.raises(AccessDenied, match="may not change the roles"):
        store.grant(model_id, EDITOR, "owner", by=EDITOR)
    assert not store.summary(model_id).deleted


def test_owners_delete_undelete_and_grant(store: Store, model_id: str) -> None:
    store.delete_model(model_id, author="Owen", user=OWNER)
    assert store.list_models(user=OWNER) == []
    store.undelete_model(model_id, author="Owen", user=OWNER)
    store.grant(model_id, STRANGER, "editor", by=OWNER)
    assert _edit(store, model_id, "Jobs", STRANGER) == 2


def test_a_user_with_no_role_may_not_even_read_and_is_not_told_the_title(
    store: Store, model_id: str
) -> None:
    expected = rf"^{STRANGER} may not read model '{model_id}': that needs the viewer role, and they have no role on it"
    for read in (store.latest, store.revisions, store.summary, store.grants, store.role_changes):
        with pytest.raises(AccessDenied, match=expected):
            read(model_id, user=STRANGER)
    with pytest.raises(AccessDenied, match="may not save"):
        _edit(store, model_id, "Mine", STRANGER)
    with pytest.raises(AccessDenied, match="may not read"):
        store.duplicate_model(model_id, title="Copy", author="Sam", user=STRANGER)


def test_sharing_with_everyone_signed_in(store: Store, model_id: str) -> None:
    store.grant(model_id, EVERYONE, "viewer", by=OWNER)
    assert store.role(model_id, STRANGER) == "viewer"
    assert [m.id for m in store.list_models(user=STRANGER)] == [model_id]
    store.grant(model_id, EVERYONE, "editor", by=OWNER)
    assert store.role(model_id, VIEWER) == "editor"  # the higher of their own and everyone's
    assert store.role(model_id, OWNER) == "owner"
    assert _edit(store, model_id, "Open", STRANGER) == 2
    with pytest.raises(StoreError, match=r"everyone \('\*'\) can be given the editor or viewer"):
        store.grant(model_id, EVERYONE, "owner", by=OWNER)
    store.grant(model_id, EVERYONE, None, by=OWNER)
    assert store.role(model_id, STRANGER) is None


def test_a_model_keeps_an_owner(store: Store, model_id: str) -> None:
    for role in ("editor", "viewer", None):
        with pytest.raises(
            LastOwnerError,
            match=rf"{OWNER} is the only owner of model '{model_id}'.*make someone else an owner first",
        ):
            store.grant(model_id, OWNER, role, by=OWNER)  # type: ignore[arg-type]
    store.grant(model_id, EDITOR, "owner", by=OWNER)
    store.grant(model_id, OWNER, "viewer", by=OWNER)  # another owner now: allowed
    assert [(g.user, g.role) for g in store.grants(model_id) if g.role == "owner"] == [
        (EDITOR, "owner")
    ]
    with pytest.raises(LastOwnerError):
        store.grant(model_id, EDITOR, None, by=EDITOR)


def test_two_owners_removing_each_other_at_once_leave_one(db_url: str) -> None:
    stores = [Store(db_url), Store(db_url)]
    model_id = stores[0].create_model(LogicModel(title="Youth"), author="Owen", user=OWNER)
    stores[0].grant(model_id, EDITOR, "owner", by=OWNER)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def remove(index: int, user: str, by: str) -> None:
        start.wait()
        try:
            stores[index].grant(model_id, user, None, by=by)
            outcomes.append("removed")
        except (LastOwnerError, AccessDenied) as err:
            outcomes.append(type(err).__name__)

    threads = [
        threading.Thread(target=remove, args=(0, EDITOR, OWNER)),
        threading.Thread(target=remove, args=(1, OWNER, EDITOR)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) in (["AccessDenied", "removed"], ["LastOwnerError", "removed"])
    assert len([g for g in stores[1].grants(model_id) if g.role == "owner"]) == 1
    for store in stores:
        store.close()


def test_role_changes_are_recorded_with_who_and_when(store: Store, model_id: str) -> None:
    before = datetime.now(UTC)
    change = store.grant(model_id, VIEWER, "editor", by=OWNER)
    assert change is not None
    assert store.grant(model_id, VIEWER, "editor", by=OWNER) is None  # no change, no record
    store.grant(model_id, VIEWER, None, by=None)  # the local user, who owns every model
    changes = store.role_changes(model_id, user=EDITOR)
    assert [(c.user, c.previous, c.role, c.by) for c in changes] == [
        (VIEWER, "editor", None, "local user"),
        (VIEWER, "viewer", "editor", OWNER),
        (VIEWER, None, "viewer", OWNER),
        (EDITOR, None, "editor", OWNER),
        (OWNER, None, "owner", OWNER),
    ]
    assert changes[1] == change
    assert all(c.when.tzinfo is UTC for c in changes)
    assert changes[0].when >= changes[1].when >= before


def test_user_names_are_compared_without_case_and_checked(store: Store, model_id: str) -> None:
    assert store.role(model_id, "  OWEN@Council.Example ") == "owner"
    store.grant(model_id, "Ali@Council.Example", "viewer", by="Owen@council.example")
    assert store.role(model_id, "ali@council.example") == "viewer"
    with pytest.raises(StoreError, match="'  ' cannot be a user name"):
        store.grant(model_id, "  ", "viewer", by=OWNER)
    with pytest.raises(StoreError, match="there is no role 'admin': give owner, editor, viewer"):
        store.grant(model_id, EDITOR, "admin", by=OWNER)  # type: ignore[arg-type]
    with pytest.raises(NotFoundError, match="there is no model 'nope'"):
        store.grant("nope", EDITOR, "viewer", by=OWNER)
    with pytest.raises(NotFoundError, match="there is no model 'nope'"):
        store.role("nope", EDITOR)
    with pytest.raises(NotFoundError, match="there is no model 'nope'"):
        store.latest("nope", user=EDITOR)


def test_without_sign_in_everything_works_as_before(store: Store) -> None:
    local = store.create_model(LogicModel(title="Workshop"), author="workshop")
    assert _edit(store, local, "Workshop 2", None) == 2
    store.delete_model(local, author="workshop")
    store.undelete_model(local, author="workshop")
    copy = store.duplicate_model(local, title="Copy", author="workshop")
    # made without sign-in: everyone signed in may edit them later, as before the roles
    assert [(g.user, g.role, g.granted_by) for g in store.grants(local)] == [
        (EVERYONE, "editor", "local user")
    ]
    assert store.role(copy, STRANGER) == "editor"
    assert {m.id for m in store.list_models(user=STRANGER)} == {local, copy}


def test_a_signed_in_copy_belongs_to_whoever_copied_it(store: Store, model_id: str) -> None:
    copy = store.duplicate_model(model_id, title="Mine", author="Vic", user=VIEWER)
    assert store.role(copy, VIEWER) == "owner"
    assert store.role(copy, OWNER) is None


def test_seeded_examples_are_everyones_to_edit(store: Store) -> None:
    assert store.seed_examples(Path(__file__).resolve().parent.parent / "models") > 0
    listed = store.list_models(user=STRANGER)
    assert listed == store.list_models()
    assert {store.role(m.id, STRANGER) for m in listed} == {"editor"}


def test_models_saved_before_roles_stay_reachable_after_the_migration(db_url: str) -> None:
    engine = make_engine(db_url)
    when = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0002")
        connection.execute(
            insert(ModelRow).values(
                id="old", title="Old", created=when, created_by="Sam", latest=1,
                updated=when, updated_by="Sam", nodes=0, links=0,
            )
        )  # fmt: skip
        connection.execute(
            insert(RevisionRow).values(
                model_id="old", number=1, author="Sam", created=when, summary="created",
                body='{"title":"Old"}',
            )
        )  # fmt: skip
    upgrade(engine)
    engine.dispose()
    with Store(db_url) as store:
        assert store.role("old", STRANGER) == "editor"
        assert [m.id for m in store.list_models(user=STRANGER)] == ["old"]
        assert _edit(store, "old", "Old, edited", STRANGER) == 2
        with pytest.raises(AccessDenied, match="needs the owner role"):
            store.delete_model("old", author="Sam", user=STRANGER)
        store.grant("old", OWNER, "owner", by=None)  # the local user names an owner
        assert store.role("old", OWNER) == "owner"


def test_toc_grant_changes_a_role_as_the_local_user(db_url: str) -> None:
    with Store(db_url) as store:
        model_id = store.create_model(LogicModel(title="Youth"), author="Sam")
    run = CliRunner().invoke
    given = run(main, ["grant", model_id, OWNER, "owner", "--db-url", db_url])
    assert (given.exit_code, given.output) == (
        0,
        f"Youth ({model_id}):\n  owner   {OWNER}\n  editor  *\n",
    )
    taken = run(main, ["grant", model_id, "*", "none", "--db-url", db_url])
    assert taken.output.splitlines()[1:] == [f"  owner   {OWNER}"]
    refused = run(main, ["grant", model_id, OWNER, "none", "--db-url", db_url])
    assert refused.exit_code == 1
    assert "is the only owner of model" in refused.output
    with Store(db_url) as store:
        assert [c.by for c in store.role_changes(model_id)][:2] == ["local user", "local user"]
