"""Rows in and out: a model as a revision body, and as the models-list row.

Examples
--------
>>> from toc.model import LogicModel
>>> body_of(LogicModel(title="Youth"))
'{"title":"Youth"}'
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import ValidationError
from sqlalchemy import Update, update
from sqlalchemy.orm import Session

from toc.errors import InvalidModelError
from toc.model import LogicModel
from toc.store.errors import StoreError
from toc.store.orm import ModelRow, RevisionRow
from toc.store.records import ModelSummary

__all__ = ["add_model", "body_of", "parse", "summary_of", "touch", "utc_now"]


def utc_now() -> datetime:
    """The time now, in UTC."""
    return datetime.now(UTC)


def add_model(session: Session, model_id: str, model: LogicModel, author: str, note: str) -> None:
    """Add a new model and its revision 1."""
    when = utc_now()
    session.add(
        ModelRow(
            id=model_id,
            title=model.title,
            created=when,
            created_by=author,
            latest=1,
            updated=when,
            updated_by=author,
            nodes=len(model.nodes),
            links=len(model.links),
        )
    )
    session.flush()  # the model row first: revisions refer to it
    session.add(
        RevisionRow(
            model_id=model_id,
            number=1,
            author=author,
            created=when,
            summary=note,
            body=body_of(model),
        )
    )


def touch(model_id: str, number: int, model: LogicModel, author: str, when: datetime) -> Update:
    """The update that makes the models-list row show revision ``number``."""
    return (
        update(ModelRow)
        .where(ModelRow.id == model_id)
        .values(
            latest=number,
            updated=when,
            updated_by=author,
            title=model.title,
            nodes=len(model.nodes),
            links=len(model.links),
        )
    )


def summary_of(row: ModelRow) -> ModelSummary:
    """The models-list line of a row."""
    return ModelSummary(
        id=row.id,
        title=row.title,
        revision=row.latest,
        updated=row.updated,
        updated_by=row.updated_by,
        deleted=row.deleted_at is not None,
        nodes=row.nodes,
        links=row.links,
        created=row.created,
    )


def parse(row: RevisionRow) -> LogicModel:
    """The model of a revision, freshly parsed."""
    try:
        return LogicModel.model_validate_json(row.body)
    except (ValidationError, InvalidModelError) as err:
        raise StoreError(
            f"revision {row.number} of model {row.model_id!r} cannot be read: {err}; "
            "restore an earlier revision"
        ) from err


def body_of(model: LogicModel) -> str:
    """Canonical compact JSON: schema order, defaults left out; equal models, equal text.

    Pydantic's own serialiser is about eight times faster than the indented
    file format, and the store writes one body per edit.
    """
    return model.model_dump_json(by_alias=True, exclude_defaults=True)
