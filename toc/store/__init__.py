"""Where models live: a database of models and their revisions.

:class:`Store` keeps every saved version of every model (SQLite by default,
any SQLAlchemy database by URL), merges edits made side by side, and loses
nothing: deleting is soft and restoring makes a new revision.  Roles
(owner, editor, viewer; :mod:`toc.store.access`) say who may do what with each
model, and each outcomes framework, once users sign in.

Examples
--------
>>> from toc.model import LogicModel
>>> with Store("sqlite://") as store:
...     model_id = store.create_model(LogicModel(title="Youth"), author="Sam")
...     store.latest(model_id).model.title
'Youth'
"""

from toc.store.access import EVERYONE
from toc.store.engine import database_url
from toc.store.errors import (
    AccessDenied,
    ConflictError,
    FrameworkAccessDenied,
    FrameworkConflictError,
    LastOwnerError,
    NotFoundError,
    StoreError,
)
from toc.store.modelstore import Store
from toc.store.records import (
    FrameworkRevision,
    FrameworkSummary,
    Grant,
    ModelSummary,
    Revision,
    RevisionInfo,
    Role,
    RoleChange,
    SaveResult,
)

__all__ = [
    "EVERYONE",
    "AccessDenied",
    "ConflictError",
    "FrameworkAccessDenied",
    "FrameworkConflictError",
    "FrameworkRevision",
    "FrameworkSummary",
    "Grant",
    "LastOwnerError",
    "ModelSummary",
    "NotFoundError",
    "Revision",
    "RevisionInfo",
    "Role",
    "RoleChange",
    "SaveResult",
    "Store",
    "StoreError",
    "database_url",
]
