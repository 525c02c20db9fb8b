"""Outcomes frameworks in the store: their own object, with revisions (who, when, what)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from test_store import NO_POSTGRES, POSTGRES_URL, emptied_database

from toc.organisation import Framework, framework_from_data, load_framework
from toc.store import FrameworkConflictError, NotFoundError, Store, StoreError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "models" / "portfolio" / "framework.yaml"


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.skipif(not POSTGRES_URL, reason=NO_POSTGRES)),
    ]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = (
        emptied_database(POSTGRES_URL)
        if request.param == "postgresql"
        else f"sqlite:///{tmp_path / 'toc.db'}"
    )
    with Store(url) as opened:
        yield opened


def _edited(fw: Framework, **changes: object) -> Framework:
    return framework_from_data(fw.model_dump(mode="json", exclude_defaults=True) | changes)


def test_a_framework_is_saved_whole_and_read_back_equal(store: Store) -> None:
    fw = load_framework(EXAMPLE)
    framework_id = store.create_framework(fw, author="Sam")
    latest = store.latest_framework(framework_id)
    assert (latest.number, latest.author, latest.summary) == (1, "Sam", "created")
    assert latest.created.tzinfo is UTC
    assert framework_from_data(latest.data) == fw
    [summary] = store.list_frameworks()
    assert (summary.id, summary.title, summary.scheme, summary.revision, summary.outcomes) == (
        framework_id,
        fw.title,
        "council",
        1,
        10,
    )


def test_each_save_is_a_revision_saying_what_changed(store: Store) -> None:
    fw = load_framework(EXAMPLE)
    framework_id = store.create_framework(fw, author="Sam")
    outcomes = [o.model_dump(exclude_defaults=True) for o in fw.outcomes]
    outcomes[0]["label"] = "Residents in good work"
    extra = {"code": "O11", "label": "Thriving culture", "department": "economy"}
    second = store.save_framework(
        framework_id,
        _edited(fw, outcomes=[*outcomes, extra], agreed_order=list(reversed(fw.agreed_order))),
        base=1,
        author="Ali",
    )
    assert second.number == 2 and not second.unchanged
    assert second.summary == "added outcome O11; changed outcome O1; changed the agreed order"
    assert [(r.number, r.author) for r in store.framework_revisions(framework_id)] == [
        (2, "Ali"),
        (1, "Sam"),
    ]
    assert store.list_frameworks()[0].outcomes == 11
    assert framework_from_data(store.framework_revision(framework_id, 1).data) == fw
    again = store.save_framework(framework_id, second.data, base=2, author="Jo")
    assert again.unchanged and again.number == 2


def test_an_edit_of_an_older_revision_is_refused_and_saves_nothing(store: Store) -> None:
    fw = load_framework(EXAMPLE)
    framework_id = store.create_framework(fw, author="Sam")
    store.save_framework(framework_id, _edited(fw, title="Ours"), base=1, author="Ali")
    with pytest.raises(FrameworkConflictError, match="changed since you opened it") as err:
        store.save_framework(framework_id, _edited(fw, title="Theirs"), base=1, author="Jo")
    assert err.value.latest.number == 2
    assert store.latest_framework(framework_id).data["title"] == "Ours"


def test_missing_frameworks_and_revisions_are_named(store: Store) -> None:
    with pytest.raises(NotFoundError, match="there is no framework 'nope'"):
        store.latest_framework("nope")
    framework_id = store.create_framework({"title": "t", "scheme": "council"}, author="Sam")
    with pytest.raises(NotFoundError, match="has no revision 5: its revisions are 1 to 1"):
        store.framework_revision(framework_id, 5)
    with pytest.raises(StoreError, match="a framework needs a 'scheme'"):
        store.create_framework({"title": "t"}, author="Sam")


def test_the_example_framework_is_seeded_once(store: Store) -> None:
    fw = load_framework(EXAMPLE)
    framework_id = store.seed_framework(fw, name="framework.yaml")
    assert framework_id is not None
    assert store.latest_framework(framework_id).summary == "created from the example framework.yaml"
    assert store.seed_framework(fw, name="framework.yaml") is None
    assert len(store.list_frameworks()) == 1
    assert store.list_models() == []  # models are seeded apart
