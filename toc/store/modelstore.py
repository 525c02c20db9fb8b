"""The model store: every model, every revision, nothing lost.

Each save is a new revision (author, time, a one-line summary of what
changed).  An editor says which revision it started from; if another editor
saved since, the two edits are merged three-way, and a real clash raises
:class:`~toc.store.errors.ConflictError` and saves nothing.  Deleting is soft
and restoring an old revision makes a new one, so every state ever saved can
be reached again.

Roles (see :mod:`toc.store.access`): every method that takes ``user`` checks
that user's role on the model and raises :class:`~toc.store.errors.AccessDenied`
if it falls short; without ``user`` (``None``) it acts for the local user, who
owns every model (toc without sign-in).

Examples
--------
>>> from toc.model import LogicModel
>>> store = Store("sqlite://")
>>> model_id = store.create_model(LogicModel(title="Youth"), author="Sam")
>>> edit = LogicModel(title="Youth employment")
>>> store.save(model_id, edit, base=1, author="Ali").revision.summary
"title 'Youth' -> 'Youth employment'"
>>> [(r.number, r.author) for r in store.revisions(model_id)]
[(2, 'Ali'), (1, 'Sam')]
>>> owned = store.create_model(LogicModel(title="Parks"), author="Jo", user="jo@council.example")
>>> store.grant(owned, "ali@council.example", "viewer", by="jo@council.example").role
'viewer'
>>> store.save(owned, LogicModel(title="Green spaces"), base=1, author="Ali",
...            user="ali@council.example")
Traceback (most recent call last):
...
toc.store.errors.AccessDenied: ali@council.example may not save model 'Parks' (...): \
that needs the editor role, and they are a viewer; ...
>>> store.close()
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from toc.formats.modelfiles import load_model
from toc.history.diff import diff_models, summarise_diff
from toc.history.merge import Side, merge_models
from toc.model import LogicModel, dump_dict, model_from_data
from toc.store.access import MODELS, add_first_role, user_name, visible_to
from toc.store.database import SAVE_ATTEMPTS, author_name
from toc.store.errors import ConflictError, NotFoundError, StoreError
from toc.store.frameworkstore import FrameworkStore
from toc.store.modelrows import add_model, body_of, parse, summary_of, touch, utc_now
from toc.store.orm import EventRow, ModelRow, RevisionRow, SettingRow
from toc.store.records import (
    Grant,
    ModelSummary,
    Revision,
    RevisionInfo,
    Role,
    RoleChange,
    SaveResult,
)

__all__ = ["EXAMPLE_SUFFIXES", "Store"]

EXAMPLE_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")
_CACHE_SIZE = 64


class Store(FrameworkStore):
    """Models and their revisions, and outcomes frameworks (:class:`FrameworkStore`), in a
    database (an SQLite file by default).

    ``url`` is any SQLAlchemy URL; without it, ``TOC_DATABASE_URL``, else an
    SQLite file at ``TOC_DB_PATH``, else ``./toc-data/toc.db``.  Opening
    creates or upgrades the schema.  One store may serve many threads.
    """

    def __init__(self, url: str | None = None) -> None:
        super().__init__(url)
        # (model id, revision number) -> (model, private: parsed by the store itself)
        self._parsed: OrderedDict[tuple[str, int], tuple[LogicModel, bool]] = OrderedDict()
        self._lock = threading.Lock()

    # -- reading -------------------------------------------------------------

    def list_models(
        self, *, include_deleted: bool = False, user: str | None = None
    ) -> list[ModelSummary]:
        """The models ``user`` may see (all, for the local user), by title; deleted ones
        only when asked."""
        query = select(ModelRow)
        if not include_deleted:
            query = query.where(ModelRow.deleted_at.is_(None))
        if user is not None:
            query = query.where(visible_to(user_name(user)))
        with self._session() as session:
            rows = session.scalars(query).all()
        return [summary_of(row) for row in sorted(rows, key=lambda r: (r.title.casefold(), r.id))]

    def summary(self, model_id: str, *, user: str | None = None) -> ModelSummary:
        """The models-list line of one model, deleted or not, without reading its body."""
        with self._session() as session:
            self._require_on(MODELS, session, model_id, user, "viewer", "read")
            row = session.get(ModelRow, model_id)
        if row is None:
            raise _no_model(model_id)
        return summary_of(row)

    def latest(self, model_id: str, *, user: str | None = None) -> Revision:
        """The newest revision of a model."""
        with self._session() as session:
            self._require_on(MODELS, session, model_id, user, "viewer", "read")
            return self._revision(self._latest_row(session, model_id))

    def revision(self, model_id: str, number: int, *, user: str | None = None) -> Revision:
        """Revision ``number`` (1 is the first) of a model."""
        with self._session() as session:
            self._require_on(MODELS, session, model_id, user, "viewer", "read")
            return self._revision(self._numbered_row(session, model_id, number))

    def revisions(
        self, model_id: str, *, limit: int | None = None, user: str | None = None
    ) -> list[RevisionInfo]:
        """The revisions of a model, newest first (the newest ``limit`` if given), without bodies."""
        columns = (RevisionRow.number, RevisionRow.author, RevisionRow.created, RevisionRow.summary)
        query = select(*columns).where(RevisionRow.model_id == model_id)
        query = query.order_by(RevisionRow.number.desc()).limit(limit)
        with self._session() as session:
            self._require_on(MODELS, session, model_id, user, "viewer", "read")
            rows = session.execute(query).all()
        if not rows:
            raise _no_model(model_id)
        return [RevisionInfo(model_id, *row) for row in rows]

    # -- writing -------------------------------------------------------------

    def create_model(
        self, model: LogicModel, *, author: str, note: str = "created", user: str | None = None
    ) -> str:
        """Store a new model as its revision 1 and return its id; ``user`` becomes its owner
        (the local user's models are everyone's to edit)."""
        model_id = str(uuid.uuid4())
        owner = None if user is None else user_name(user)
        with self._session() as session, session.begin():
            add_model(session, model_id, model, author_name(author), note)
            add_first_role(session, model_id, owner, utc_now())
        return model_id

    def save(
        self,
        model_id: str,
        model: LogicModel,
        *,
        base: int,
        author: str,
        prefer: Side | None = None,
        user: str | None = None,
    ) -> SaveResult:
        """Save an edit of revision ``base`` as a new revision.

        If revisions were saved since ``base``, the edit is merged with them;
        a clash raises :class:`ConflictError` and saves nothing, unless
        ``prefer`` says whose value wins clashes: ``"ours"`` (this edit) or
        ``"theirs"`` (the saved revisions); the other edits of both sides are
        kept either way.  Saving a model equal to the latest revision saves
        nothing (``unchanged``).

        Examples
        --------
        >>> from toc.model import LogicModel
        >>> store = Store("sqlite://")
        >>> model_id = store.create_model(LogicModel(title="Youth"), author="Sam")
        >>> tab_a = LogicModel(title="Youth", description="Two-year service")
        >>> store.save(model_id, tab_a, base=1, author="Ali").revision.number
        2
        >>> tab_b = LogicModel(title="Youth employment")  # also started from revision 1
        >>> result = store.save(model_id, tab_b, base=1, author="Jo")
        >>> result.merged, result.revision.model.description
        (True, 'Two-year service')
        >>> clash = LogicModel(title="Jobs for young people")
        >>> store.save(model_id, clash, base=1, author="Kim")
        Traceback (most recent call last):
        ...
        toc.store.errors.ConflictError: your edit clashes with changes saved since ...
        >>> store.save(model_id, clash, base=1, author="Kim", prefer="ours").revision.number
        4
        """
        body = body_of(model)
        for _ in range(SAVE_ATTEMPTS):
            with self._session() as session:
                self._require_on(MODELS, session, model_id, user, "editor", "save")
                latest = self._latest_row(session, model_id)
                base_row = (
                    latest if base == latest.number else self._numbered_row(session, model_id, base)
                )
            if body == latest.body:
                return SaveResult(self._revision(latest), unchanged=True)
            result = self._merged(base_row, latest, model, body, prefer)
            if result is None:
                return SaveResult(self._revision(latest), merged=True, unchanged=True)
            new, new_body = result
            summary = summarise_diff(diff_models(self._model(latest), new))
            saved = self._append(latest, new, new_body, author_name(author), summary)
            if saved is not None:
                return SaveResult(saved, merged=base_row is not latest)
        raise _busy(model_id)

    def restore(
        self, model_id: str, number: int, *, author: str, user: str | None = None
    ) -> Revision:
        """Make revision ``number`` the newest again, as a new revision.

        Restoring a revision equal to the latest one changes nothing and
        returns the latest.

        Examples
        --------
        >>> from toc.model import LogicModel
        >>> store = Store("sqlite://")
        >>> model_id = store.create_model(LogicModel(title="Youth"), author="Sam")
        >>> _ = store.save(model_id, LogicModel(title="Oops"), base=1, author="Sam")
        >>> restored = store.restore(model_id, 1, author="Sam")
        >>> restored.number, restored.model.title, restored.summary
        (3, 'Youth', "restored revision 1: title 'Oops' -> 'Youth'")
        """
        for _ in range(SAVE_ATTEMPTS):
            with self._session() as session:
                self._require_on(MODELS, session, model_id, user, "editor", "restore")
                old = self._numbered_row(session, model_id, number)
                latest = self._latest_row(session, model_id)
            if old.body == latest.body:
                return self._revision(latest)
            model = parse(old)
            change = summarise_diff(diff_models(self._model(latest), model))
            summary = f"restored revision {number}: {change}"
            saved = self._append(latest, model, old.body, author_name(author), summary)
            if saved is not None:
                return saved
        raise _busy(model_id)

    def delete_model(self, model_id: str, *, author: str, user: str | None = None) -> None:
        """Hide a model from the list; its revisions stay and it can be undeleted.

        Examples
        --------
        >>> from toc.model import LogicModel
        >>> store = Store("sqlite://")
        >>> model_id = store.create_model(LogicModel(title="Youth"), author="Sam")
        >>> store.delete_model(model_id, author="Sam")
        >>> store.list_models(), store.summary(model_id).deleted
        ([], True)
        >>> store.undelete_model(model_id, author="Sam")
        >>> [m.title for m in store.list_models()]
        ['Youth']
        """
        self._mark_deleted(model_id, author_name(author), user, deleted=True)

    def undelete_model(self, model_id: str, *, author: str, user: str | None = None) -> None:
        """Bring a deleted model back into the list."""
        self._mark_deleted(model_id, author_name(author), user, deleted=False)

    def duplicate_model(
        self, model_id: str, *, title: str, author: str, user: str | None = None
    ) -> str:
        """A new model, titled ``title``, starting from the latest revision of another;
        ``user`` needs to see the other, and owns the copy."""
        latest = self.latest(model_id, user=user)
        copy = model_from_data(dump_dict(latest.model) | {"title": title}, source="the copy")
        note = f"duplicated from {latest.model.title!r}, revision {latest.number}"
        return self.create_model(copy, author=author, note=note, user=user)

    # -- roles ---------------------------------------------------------------

    def grant(
        self, model_id: str, user: str, role: Role | None, *, by: str | None
    ) -> RoleChange | None:
        """Give ``user`` (``"*"``: everyone signed in) the ``role`` on a model, or with ``None``
        take their role away; ``by`` must be an owner (``None``: the local user, who is).

        Returns the change, recorded with who made it and when, or ``None`` if the user
        already had that role.  Raises :class:`AccessDenied` if ``by`` is no owner, and
        :class:`LastOwnerError` rather than leave the model without an owner.

        Examples
        --------
        >>> from toc.model import LogicModel
        >>> store = Store("sqlite://")
        >>> model_id = store.create_model(LogicModel(title="Youth"), author="Sam",
        ...                               user="sam@council.example")
        >>> change = store.grant(model_id, "*", "viewer", by="sam@council.example")
        >>> change.user, change.role, change.previous, change.by
        ('*', 'viewer', None, 'sam@council.example')
        >>> store.role(model_id, "jo@council.example"), store.role(model_id, None)
        ('viewer', 'owner')
        >>> store.grant(model_id, "sam@council.example", "editor", by="sam@council.example")
        Traceback (most recent call last):
        ...
        toc.store.errors.LastOwnerError: sam@council.example is the only owner of model ...
        """
        return self._grant_on(MODELS, model_id, user, role, by)

    def role(self, model_id: str, user: str | None) -> Role | None:
        """What ``user`` may do with a model: their own role or everyone's, whichever is
        higher; ``None`` if neither (the local user, ``None``, owns every model)."""
        return self._role_on(MODELS, model_id, user)

    def grants(self, model_id: str, *, user: str | None = None) -> list[Grant]:
        """Who has which role on a model, owners first (``user`` needs to see the model)."""
        return self._grants_on(MODELS, model_id, user)

    def role_changes(self, model_id: str, *, user: str | None = None) -> list[RoleChange]:
        """Every change of role on a model, newest first: who gave whom what, and when."""
        return self._role_changes_on(MODELS, model_id, user)

    def seed_examples(self, folder: Path) -> int:
        """Load the example models in ``folder`` once, on the store's first start.

        Returns how many models were added: 0 on every later call, even if
        the examples were since deleted.
        """
        with self._session() as session:
            if session.get(SettingRow, "seeded") is not None:
                return 0
        paths = _example_paths(Path(folder))
        models = [(path, load_model(path)) for path in paths]
        try:
            with self._session() as session, session.begin():
                session.add(SettingRow(key="seeded", value=", ".join(p.name for p in paths)))
                session.flush()  # a second app starting at once stops here
                for path, model in models:
                    note = f"created from the example {path.name}"
                    model_id = str(uuid.uuid4())
                    add_model(session, model_id, model, "toc examples", note)
                    add_first_role(session, model_id, None, utc_now())
        except IntegrityError:
            return 0
        return len(models)

    # -- internals -----------------------------------------------------------

    def _latest_row(self, session: Session, model_id: str) -> RevisionRow:
        query = select(RevisionRow).where(RevisionRow.model_id == model_id)
        row = session.scalars(query.order_by(RevisionRow.number.desc()).limit(1)).first()
        if row is None:
            raise _no_model(model_id)
        return row

    def _numbered_row(self, session: Session, model_id: str, number: int) -> RevisionRow:
        query = select(RevisionRow).where(
            RevisionRow.model_id == model_id, RevisionRow.number == number
        )
        row = session.scalars(query).first()
        if row is None:
            latest = self._latest_row(session, model_id).number
            raise NotFoundError(
                f"model {model_id!r} has no revision {number}: its revisions are 1 to {latest}"
            )
        return row

    def _model(self, row: RevisionRow) -> LogicModel:
        """The model of a revision, kept after first use; never handed out by the store.

        A model just saved is kept as the caller passed it, to spare parsing
        it again on the next save; since the caller may change it in place,
        it is used only while it still serialises to the stored body.
        """
        key = (row.model_id, row.number)
        with self._lock:
            cached = self._parsed.get(key)
            if cached is not None:
                self._parsed.move_to_end(key)
        if cached is not None and (cached[1] or body_of(cached[0]) == row.body):
            return cached[0]
        model = parse(row)
        self._keep(key, model, private=True)
        return model

    def _keep(self, key: tuple[str, int], model: LogicModel, *, private: bool) -> None:
        with self._lock:
            self._parsed[key] = (model, private)
            while len(self._parsed) > _CACHE_SIZE:
                self._parsed.popitem(last=False)

    def _revision(self, row: RevisionRow) -> Revision:
        """A revision with a model of its own, which the caller may change."""
        model = parse(row)
        return Revision(row.model_id, row.number, model, row.author, row.created, row.summary)

    def _merged(
        self,
        base: RevisionRow,
        latest: RevisionRow,
        model: LogicModel,
        body: str,
        prefer: Side | None,
    ) -> tuple[LogicModel, str] | None:
        """The model to save and its body; ``None`` if the latest already holds the edit."""
        if base is latest:
            return model, body
        names = ("your edit", f"saved revision {latest.number}")
        merged = merge_models(
            self._model(base), model, self._model(latest), names=names, prefer=prefer
        )
        if merged.model is None:
            raise ConflictError(merged.conflicts, self._revision(latest), base=base.number)
        merged_body = body_of(merged.model)
        return None if merged_body == latest.body else (merged.model, merged_body)

    def _append(
        self, latest: RevisionRow, model: LogicModel, body: str, author: str, summary: str
    ) -> Revision | None:
        """Add the revision after ``latest``; ``None`` if another save took that number."""
        now = utc_now()
        row = RevisionRow(
            model_id=latest.model_id,
            number=latest.number + 1,
            author=author,
            created=now,
            summary=summary,
            body=body,
        )
        if not self._claim(row, touch(latest.model_id, row.number, model, author, now)):
            return None
        self._keep((row.model_id, row.number), model, private=False)
        return Revision(row.model_id, row.number, model, author, now, summary)

    def _mark_deleted(self, model_id: str, author: str, user: str | None, *, deleted: bool) -> None:
        with self._session() as session, session.begin():
            self._require_on(
                MODELS, session, model_id, user, "owner", "delete" if deleted else "undelete"
            )
            row = session.get(ModelRow, model_id)
            if row is None:
                raise _no_model(model_id)
            if (row.deleted_at is not None) == deleted:
                return
            row.deleted_at, row.deleted_by = (utc_now(), author) if deleted else (None, None)
            kind = "deleted" if deleted else "undeleted"
            session.add(EventRow(model_id=model_id, kind=kind, author=author, created=utc_now()))


def _example_paths(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise NotFoundError(
            f"the examples folder {str(folder)!r} does not exist: pass the folder that "
            "holds the example models (models/ in the project)"
        )
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in EXAMPLE_SUFFIXES)


def _no_model(model_id: str) -> NotFoundError:
    return MODELS.missing(model_id)


def _busy(model_id: str) -> StoreError:
    return StoreError(
        f"model {model_id!r} is being saved by many editors at once and this save did not "
        "get through: save again"
    )
