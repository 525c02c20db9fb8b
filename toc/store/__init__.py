"""Where models live: a database of models and their revisions.

:class:`Store` keeps every saved version of every model (SQLite by default,
any SQLAlchemy database by URL), merges edits made side by side, and loses
nothing: deleting is soft and restoring makes a new revision.

Examples
--------
>>> from toc.model import LogicModel
>>> with Store("sqlite://") as store:
...     model_id = store.create_model(LogicModel(title="Youth"), author="Sam")
...     store.latest(model_id).model.title
'Youth'
"""

from toc.store.engine import database_url
from toc.store.errors import ConflictError, FrameworkConflictError, NotFoundError, StoreError
from toc.store.modelstore import Store
from toc.store.records import (
    FrameworkRevision,
    FrameworkSummary,
    ModelSummary,
    Revision,
    RevisionInfo,
    SaveResult,
)

__all__ = [
    "ConflictError",
    "FrameworkConflictError",
    "FrameworkRevision",
    "FrameworkSummary",
    "ModelSummary",
    "NotFoundError",
    "Revision",
    "RevisionInfo",
    "SaveResult",
    "Store",
    "StoreError",
    "database_url",
]
