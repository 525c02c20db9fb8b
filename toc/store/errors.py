"""Errors of the model store, all :class:`toc.errors.TocError` s.

Examples
--------
>>> str(NotFoundError("there is no model 'abc': pick one from the list"))
"there is no model 'abc': pick one from the list"
"""

from __future__ import annotations

from collections.abc import Sequence

from toc.errors import TocError
from toc.history.merge import Conflict
from toc.store.records import FrameworkRevision, Revision

__all__ = [
    "AccessDenied",
    "ConflictError",
    "FrameworkAccessDenied",
    "FrameworkConflictError",
    "LastOwnerError",
    "NotFoundError",
    "StoreError",
]


class StoreError(TocError):
    """The database cannot be opened, read or written."""


class NotFoundError(StoreError):
    """No model, or no revision, with the id or number asked for."""


class AccessDenied(StoreError):
    """A user tried what their role on a model does not allow; nothing was done.

    ``model_id`` and ``user`` say who and which; ``needed`` is the role the
    action needs and ``role`` the one the user has (``None``: none at all).

    Examples
    --------
    >>> print(AccessDenied("m1", "ali@council.example", "save", needed="editor",
    ...                    role="viewer", title="Youth"))
    ali@council.example may not save model 'Youth' (m1): that needs the editor role, and \
they are a viewer; ask an owner of the model to share it with them as editor
    """

    def __init__(
        self,
        model_id: str,
        user: str,
        action: str,
        *,
        needed: str,
        role: str | None,
        title: str | None = None,
    ) -> None:
        self.model_id, self.user, self.action = model_id, user, action
        self.needed, self.role = needed, role
        named = f"{title!r} ({model_id})" if title is not None else repr(model_id)
        has = f"they are {_article(role)} {role}" if role else "they have no role on it"
        what = self.NOUN
        super().__init__(
            f"{user} may not {action} {what} {named}: that needs the {needed} role, and "
            f"{has}; ask an owner of the {what} to share it with them as {needed}"
        )

    NOUN = "model"  # what the role is on, as the message names it


class FrameworkAccessDenied(AccessDenied):
    """:class:`AccessDenied` on an outcomes framework: ``framework_id`` (also ``model_id``)
    says which.

    Examples
    --------
    >>> print(FrameworkAccessDenied("f1", "ali@council.example", "save", needed="editor",
    ...                             role="viewer", title="City"))
    ali@council.example may not save framework 'City' (f1): that needs the editor role, \
and they are a viewer; ask an owner of the framework to share it with them as editor
    """

    NOUN = "framework"

    @property
    def framework_id(self) -> str:
        """The framework's id."""
        return self.model_id


class LastOwnerError(StoreError):
    """A role change would leave a model with no owner; nothing was changed."""


class ConflictError(StoreError):
    """An edit clashes with a revision saved since the editor loaded the model.

    ``conflicts`` says what clashes, with both values; ``latest_revision``
    (also ``latest``) is the newest saved revision, to show beside the edit
    so the user can choose; ``base`` is the revision the edit started from.
    Nothing was saved.  To settle it, save the edit again from ``base`` with
    ``prefer="ours"`` or ``prefer="theirs"``.
    """

    def __init__(
        self, conflicts: Sequence[Conflict], latest_revision: Revision, *, base: int | None = None
    ) -> None:
        self.conflicts = list(conflicts)
        self.latest_revision = latest_revision
        self.base = base
        latest = latest_revision
        count = len(self.conflicts)
        head = (
            f"your edit clashes with changes saved since you opened the model (latest: "
            f"revision {latest.number} by {latest.author}) in {count} place"
            + ("" if count == 1 else "s")
        )
        lines = [f"  {conflict.description}" for conflict in self.conflicts]
        tail = "  choose which to keep, then save again"
        super().__init__("\n".join([head, *lines, tail]))

    @property
    def latest(self) -> Revision:
        """The newest saved revision (the same as ``latest_revision``)."""
        return self.latest_revision


class FrameworkConflictError(StoreError):
    """A framework edit started from an older revision than the newest saved one.

    Frameworks are not merged: ``latest`` is the newest saved revision, to load
    and edit again.  Nothing was saved.
    """

    def __init__(self, latest: FrameworkRevision, *, base: int) -> None:
        self.latest = latest
        self.base = base
        super().__init__(
            f"the framework was changed since you opened it (you started from revision {base}; "
            f"latest: revision {latest.number} by {latest.author}: {latest.summary}): load "
            "the latest revision and make your change again"
        )


def _article(role: str) -> str:
    return "an" if role[:1] in "aeiou" else "a"
