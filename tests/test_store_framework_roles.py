"""Roles on outcomes frameworks, enforced by the store as on models: owner, editor,
viewer; everyone (``*``); the local user.

On a temporary SQLite file and, given TOC_TEST_POSTGRES_URL, on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import insert
from test_store import BACKENDS, scratch_url
from test_store_access import EDITOR, OWNER, STRANGER, VIEWER

from toc.cli import main
from toc.errors import TocError
from toc.model import LogicModel
from toc.store import (
    EVERYONE,
    AccessDenied,
    FrameworkAccessDenied,
    LastOwnerError,
    NotFoundError,
    Store,
    StoreError,
)
from toc.store.engine import make_engine
from toc.store.migrate import alembic_config, upgrade
from toc.store.orm import FrameworkRevisionRow, FrameworkRow

CITY: dict[str, Any] = {"title": "City", "scheme": "council", "outcomes": []}


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new SQLite file; also the scratch PostgreSQL database when given."""
    return scratch_url(request.param, tmp_path)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as opened:
        yield opened


@pytest.fixture
def framework_id(store: Store) -> str:
    """A framework created by OWNER, with EDITOR an editor and VIEWER a viewer of it."""
    created = store.create_framework(CITY, author="Owen", user=OWNER)
    store.grant_framework(created, EDITOR, "editor", by=OWNER)
    store.grant_framework(created, VIEWER, "viewer", by=OWNER)
    return created


def _edit(store: Store, framework_id: str, title: str, user: str | None) -> int:
    base = store.latest_framework(framework_id).number
    edited = CITY | {"title": title}
    return store.save_framework(framework_id, edited, base=base, author="x", user=user).number


def test_the_creator_owns_a_framework_and_everyone_signed_in_may_read_it(
    store: Store, framework_id: str
) -> None:
    roles = [store.framework_role(framework_id, u) for u in (OWNER, EDITOR, VIEWER, STRANGER)]
    assert roles == ["owner", "editor", "viewer", "viewer"]
    assert store.framework_role(framework_id, None) == "owner"  # the local user owns all
    assert [(g.user, g.role, g.granted_by) for g in store.framework_grants(framework_id)] == [
        (OWNER, "owner", OWNER),
        (EDITOR, "editor", OWNER),
        (EVERYONE, "viewer", OWNER),
        (VIEWER, "viewer", OWNER),
    ]
    assert store.latest_framework(framework_id, user=STRANGER).data["title"] == "City"


def test_viewers_read_but_may_not_save_or_grant(store: Store, framework_id: str) -> None:
    assert store.latest_framework(framework_id, user=VIEWER).number == 1
    assert store.framework_revision(framework_id, 1, user=VIEWER).number == 1
    assert [r.number for r in store.framework_revisions(framework_id, user=VIEWER)] == [1]
    with pytest.raises(
        FrameworkAccessDenied,
        match=rf"^{VIEWER} may not save framework 'City' \({framework_id}\): that needs the "
        r"editor role, and they are a viewer; ask an owner of the framework to share it with "
        r"them as editor$",
    ) as caught:
        _edit(store, framework_id, "Town", VIEWER)
    assert isinstance(caught.value, AccessDenied) and isinstance(caught.value, TocError)
    assert (caught.value.framework_id, caught.value.model_id) == (framework_id, framework_id)
    assert (caught.value.user, caught.value.needed, caught.value.role) == (
        VIEWER,
        "editor",
        "viewer",
    )
    with pytest.raises(AccessDenied, match="may not change the roles on framework 'City'"):
        store.grant_framework(framework_id, STRANGER, "editor", by=VIEWER)
    assert store.latest_framework(framework_id).number == 1


def test_editors_save_but_may_not_grant(store: Store, framework_id: str) -> None:
    assert _edit(store, framework_id, "Town", EDITOR) == 2
    assert store.latest_framework(framework_id).author == "x"
    with pytest.raises(AccessDenied, match="needs the owner role, and they are an editor"):
        store.grant_framework(framework_id, EDITOR, "owner", by=EDITOR)


def test_owners_share_and_unshare(store: Store, framework_id: str) -> None:
    store.grant_framework(framework_id, STRANGER, "editor", by=OWNER)
    assert _edit(store, framework_id, "Town", STRANGER) == 2
    store.grant_framework(framework_id, STRANGER, None, by=OWNER)
    store.grant_framework(framework_id, EVERYONE, None, by=OWNER)  # no longer for all to see
    assert store.framework_role(framework_id, STRANGER) is None
    assert store.list_frameworks(user=STRANGER) == []
    assert [f.id for f in store.list_frameworks(user=VIEWER)] == [framework_id]
    expected = rf"^{STRANGER} may not read framework '{framework_id}': that needs the viewer"
    for read in (
        store.latest_framework,
        store.framework_revisions,
        store.framework_grants,
        store.framework_role_changes,
    ):
        with pytest.raises(AccessDenied, match=expected):  # not even told the title
            read(framework_id, user=STRANGER)
    with pytest.raises(AccessDenied, match="may not read framework"):
        store.framework_revision(framework_id, 1, user=STRANGER)


def test_the_frameworks_list_shows_each_user_only_what_they_may_see(store: Store) -> None:
    mine = store.create_framework(CITY | {"title": "Mine"}, author="Owen", user=OWNER)
    store.grant_framework(mine, EVERYONE, None, by=OWNER)
    everyones = store.create_framework(CITY | {"title": "Shared"}, author="Sam", user=STRANGER)
    assert [f.id for f in store.list_frameworks(user=OWNER)] == [mine, everyones]
    assert [f.id for f in store.list_frameworks(user=VIEWER)] == [everyones]
    assert [f.title for f in store.list_frameworks()] == ["Mine", "Shared"]  # the local user


def test_everyone_may_be_given_editor_but_not_owner(store: Store, framework_id: str) -> None:
    store.grant_framework(framework_id, EVERYONE, "editor", by=OWNER)
    assert store.framework_role(framework_id, VIEWER) == "editor"  # the higher of the two
    assert _edit(store, framework_id, "Open", STRANGER) == 2
    with pytest.raises(StoreError, match=r"everyone \('\*'\) can be given the editor or viewer"):
        store.grant_framework(framework_id, EVERYONE, "owner", by=OWNER)


def test_a_framework_keeps_an_owner(store: Store, framework_id: str) -> None:
    with pytest.raises(
        LastOwnerError,
        match=rf"{OWNER} is the only owner of framework '{framework_id}', and a framework must "
        "keep an owner: make someone else an owner first",
    ):
        store.grant_framework(framework_id, OWNER, None, by=OWNER)
    store.grant_framework(framework_id, EDITOR, "owner", by=OWNER)
    store.grant_framework(framework_id, OWNER, "viewer", by=OWNER)
    owners = [g.user for g in store.framework_grants(framework_id) if g.role == "owner"]
    assert owners == [EDITOR]


def test_two_owners_removing_each_other_at_once_leave_one(db_url: str) -> None:
    """Two app processes (two stores): each owner removes the other at the same moment."""
    first, second = Store(db_url), Store(db_url)
    framework_id = first.create_framework(CITY, author="Owen", user=OWNER)
    first.grant_framework(framework_id, EDITOR, "owner", by=OWNER)
    together = threading.Barrier(2)

    def removes(opened: Store, user: str, by: str) -> str:
        together.wait()
        try:
            opened.grant_framework(framework_id, user, None, by=by)
        except (LastOwnerError, AccessDenied) as err:
            return type(err).__name__
        return "removed"

    with ThreadPoolExecutor(2) as pool:
        done = pool.map(removes, (first, second), (EDITOR, OWNER), (OWNER, EDITOR))
        outcomes = sorted(done)
    assert outcomes in (["FrameworkAccessDenied", "removed"], ["LastOwnerError", "removed"])
    grants = second.framework_grants(framework_id)
    assert len([g for g in grants if g.role == "owner"]) == 1
    first.close()
    second.close()


def test_role_changes_are_recorded_apart_from_the_models(store: Store, framework_id: str) -> None:
    store.grant_framework(framework_id, VIEWER, None, by=None)  # the local user
    changes = store.framework_role_changes(framework_id, user=EDITOR)
    assert [(c.user, c.previous, c.role, c.by) for c in changes] == [
        (VIEWER, "viewer", None, "local user"),
        (VIEWER, None, "viewer", OWNER),
        (EDITOR, None, "editor", OWNER),
        (EVERYONE, None, "viewer", OWNER),
        (OWNER, None, "owner", OWNER),
    ]
    assert all(c.model_id == framework_id and c.when.tzinfo is UTC for c in changes)
    model_id = store.create_model(LogicModel(title="Youth"), author="Owen", user=OWNER)
    assert len(store.role_changes(model_id)) == 1  # a model's list holds only its own


def test_names_are_compared_without_case_and_bad_input_is_refused(
    store: Store, framework_id: str
) -> None:
    assert store.framework_role(framework_id, "  OWEN@Council.Example ") == "owner"
    store.grant_framework(framework_id, "Ali@Council.Example", "editor", by="Owen@Council.example")
    assert store.framework_role(framework_id, "ali@council.example") == "editor"
    with pytest.raises(StoreError, match="'  ' cannot be a user name"):
        store.grant_framework(framework_id, "  ", "viewer", by=OWNER)
    with pytest.raises(StoreError, match="there is no role 'admin': give owner, editor, viewer"):
        store.grant_framework(framework_id, EDITOR, "admin", by=OWNER)  # type: ignore[arg-type]
    missing = r"^there is no framework 'nope': pick one from the frameworks list$"
    with pytest.raises(NotFoundError, match=missing):
        store.grant_framework("nope", EDITOR, "viewer", by=OWNER)
    with pytest.raises(NotFoundError, match=missing):
        store.framework_role("nope", EDITOR)
    with pytest.raises(NotFoundError, match=missing):
        store.latest_framework("nope", user=EDITOR)


def test_without_sign_in_everything_works_as_before(store: Store) -> None:
    local = store.create_framework(CITY, author="workshop")
    assert _edit(store, local, "Town", None) == 2
    assert [(g.user, g.role, g.granted_by) for g in store.framework_grants(local)] == [
        (EVERYONE, "editor", "local user")
    ]
    assert store.framework_role(local, STRANGER) == "editor"  # reachable once sign-in is on
    assert store.seed_framework(CITY, name="framework.yaml") is not None
    assert {store.framework_role(f.id, STRANGER) for f in store.list_frameworks()} == {"editor"}


def test_frameworks_saved_before_roles_stay_everyones_to_edit(db_url: str) -> None:
    engine = make_engine(db_url)
    when = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0006")
        connection.execute(
            insert(FrameworkRow).values(
                id="old", title="Old", scheme="council", created=when, created_by="Sam",
                latest=1, updated=when, updated_by="Sam", outcomes=0,
            )
        )  # fmt: skip
        connection.execute(
            insert(FrameworkRevisionRow).values(
                framework_id="old", number=1, author="Sam", created=when, summary="created",
                body='{"title":"Old","scheme":"council"}',
            )
        )  # fmt: skip
    upgrade(engine)
    engine.dispose()
    with Store(db_url) as store:
        assert [(g.user, g.role, g.granted_by) for g in store.framework_grants("old")] == [
            (EVERYONE, "editor", "toc migration 0007")
        ]
        assert [f.id for f in store.list_frameworks(user=STRANGER)] == ["old"]
        assert _edit(store, "old", "Old, edited", STRANGER) == 2
        with pytest.raises(AccessDenied, match="needs the owner role"):
            store.grant_framework("old", STRANGER, "owner", by=STRANGER)
        store.grant_framework("old", OWNER, "owner", by=None)  # the local user names one
        assert store.framework_role("old", OWNER) == "owner"


def test_toc_grant_framework_changes_a_role_as_the_local_user(db_url: str) -> None:
    with Store(db_url) as store:
        framework_id = store.create_framework(CITY, author="Sam")
    run = CliRunner().invoke
    given = run(main, ["grant", "--framework", framework_id, OWNER, "owner", "--db-url", db_url])
    assert (given.exit_code, given.output) == (
        0,
        f"City ({framework_id}):\n  owner   {OWNER}\n  editor  *\n",
    )
    taken = run(main, ["grant", "--framework", framework_id, "*", "none", "--db-url", db_url])
    assert taken.output.splitlines()[1:] == [f"  owner   {OWNER}"]
    refused = run(main, ["grant", "--framework", framework_id, OWNER, "none", "--db-url", db_url])
    assert refused.exit_code == 1
    assert "is the only owner of framework" in refused.output
    missing = run(main, ["grant", "--framework", "nope", OWNER, "owner", "--db-url", db_url])
    assert missing.exit_code == 1
    assert "there is no framework 'nope'" in missing.output
