"""Comments on a model's boxes and links, kept in the store beside the model.

A **thread** is every comment on one target (a box's id, or a link's ``from->to``), in
the order written; resolving a thread marks its comments resolved (who, when), and a
new comment on a resolved thread opens it again.  Anyone who may read a model may
comment on it; counts of open threads' comments are what the Map shows on each box.

Examples
--------
>>> from toc.model import LogicModel
>>> from toc.store import Store
>>> with Store("sqlite://") as store:
...     model_id = store.create_model(LogicModel.model_validate({"title": "t", "nodes": [
...         {"id": "jobs", "label": "Jobs", "stage": "outcome"}]}), author="Sam")
...     comments = Comments(store)
...     _ = comments.add(model_id, "jobs", "Is this measured?", author="Ali")
...     _ = comments.add(model_id, "jobs", "Yes, by the survey.", author="Sam")
...     open_before = comments.open_counts(model_id)
...     comments.resolve(model_id, "jobs", by="Ali")
...     open_before, comments.open_counts(model_id), len(comments.thread(model_id, "jobs"))
({'jobs': 2}, {}, 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from toc.errors import TocError
from toc.store.access import require, user_name
from toc.store.database import author_name
from toc.store.modelstore import Store
from toc.store.orm import CommentRow

__all__ = ["MAX_COMMENT", "Comment", "Comments"]

#: The longest comment, in characters.
MAX_COMMENT = 4000


@dataclass(frozen=True)
class Comment:
    """One comment: on what, by whom, when, what it says, and whether it is resolved."""

    id: int
    target: str
    author: str
    text: str
    created: datetime
    resolved_by: str | None
    resolved: datetime | None


def _comment(row: CommentRow) -> Comment:
    return Comment(
        row.id, row.target, row.author, row.text, row.created, row.resolved_by, row.resolved
    )


def _thread_rows(session: Any, model_id: str, target: str, *, resolved: bool) -> Any:
    """A thread's resolved (or open) comments."""
    done = CommentRow.resolved.is_not(None) if resolved else CommentRow.resolved.is_(None)
    query = select(CommentRow).where(
        CommentRow.model_id == model_id, CommentRow.target == target, done
    )
    return session.scalars(query)


class Comments:
    """The comments of one store (see the module)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _session(self) -> Any:
        return self._store._session()

    def _check(self, session: Any, model_id: str, user: str | None) -> None:
        require(
            session, model_id, None if user is None else user_name(user), "viewer", "comment on"
        )

    def add(
        self, model_id: str, target: str, text: str, *, author: str, user: str | None = None
    ) -> Comment:
        """Add a comment to a box's or link's thread (reopening it if it was resolved)."""
        said = text.strip()
        if not said:
            raise TocError("the comment is empty: write something first")
        if len(said) > MAX_COMMENT:
            raise TocError(f"the comment is {len(said):,} characters: keep it to {MAX_COMMENT:,}")
        with self._session() as session, session.begin():
            self._check(session, model_id, user)
            for row in _thread_rows(session, model_id, target, resolved=True):
                row.resolved, row.resolved_by = None, None
            row = CommentRow(
                model_id=model_id,
                target=target[:200],
                author=author_name(author),
                text=said,
                created=datetime.now(UTC),
            )
            session.add(row)
            session.flush()
            return _comment(row)

    def thread(self, model_id: str, target: str, *, user: str | None = None) -> list[Comment]:
        """A target's comments, oldest first."""
        with self._session() as session:
            self._check(session, model_id, user)
            rows = session.scalars(
                select(CommentRow)
                .where(CommentRow.model_id == model_id, CommentRow.target == target)
                .order_by(CommentRow.id)
            )
            return [_comment(r) for r in rows]

    def resolve(self, model_id: str, target: str, *, by: str, user: str | None = None) -> None:
        """Mark a thread resolved."""
        with self._session() as session, session.begin():
            self._check(session, model_id, user)
            now = datetime.now(UTC)
            for row in _thread_rows(session, model_id, target, resolved=False):
                row.resolved, row.resolved_by = now, author_name(by)

    def open_counts(self, model_id: str, *, user: str | None = None) -> dict[str, int]:
        """How many comments each target's open thread holds (resolved threads left out)."""
        with self._session() as session:
            self._check(session, model_id, user)
            rows = session.execute(
                select(CommentRow.target, func.count())
                .where(CommentRow.model_id == model_id, CommentRow.resolved.is_(None))
                .group_by(CommentRow.target)
            )
            return {target: int(count) for target, count in rows}
