"""Frameworks in and out of the database: plain data as a revision body, a change summary.

The store keeps a framework as the plain data of its file (``title``, ``scheme``,
``outcomes`` ...); it checks only that the title and scheme are there, since the
framework's rules live in :mod:`toc.organisation` (a layer beside the store's).
Callers validate with :func:`toc.organisation.framework_from_data`.

Examples
--------
>>> framework_body({"title": "City", "scheme": "council", "outcomes": []})
'{"title":"City","scheme":"council","outcomes":[]}'
>>> old = {"title": "City", "scheme": "council", "outcomes": [{"code": "O1", "label": "Work"}]}
>>> new = {"title": "City", "scheme": "council", "agreed_order": ["O2", "O1"],
...        "outcomes": [{"code": "O1", "label": "Jobs"}, {"code": "O2", "label": "Health"}]}
>>> framework_change(old, new)
'added outcome O2; changed outcome O1; changed the agreed order'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from toc.store.errors import StoreError

__all__ = ["framework_body", "framework_change", "framework_data"]

#: What each top-level key of a framework is called in a change summary.
_NAMES = {
    "title": "the title",
    "description": "the description",
    "scheme": "the scheme",
    "departments": "the departments",
    "agreed_order": "the agreed order",
    "stakeholders": "the stakeholder groups",
    "priority_source": "where priorities come from",
}


def framework_data(framework: Mapping[str, Any] | BaseModel) -> dict[str, Any]:
    """A framework (the organisation's pydantic ``Framework``, or its plain data) as plain data.

    Raises
    ------
    StoreError
        If the data has no text ``title`` and ``scheme``.
    """
    if isinstance(framework, BaseModel):
        data = framework.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    else:
        data = json.loads(json.dumps(dict(framework)))
    for key in ("title", "scheme"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise StoreError(
                f"a framework needs a {key!r} to be saved: give it one (see the README's "
                "section 'The organisation')"
            )
    return data


def framework_body(data: Mapping[str, Any]) -> str:
    """Compact JSON in the data's own key order: equal frameworks, equal text."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _outcomes(data: Mapping[str, Any]) -> dict[str, Any]:
    return {str(o.get("code")): o for o in data.get("outcomes") or [] if isinstance(o, Mapping)}


def framework_change(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """A one-line summary of what changed between two frameworks' data."""
    said = []
    if old.get("title") != new.get("title"):
        said.append(f"title {old.get('title')!r} -> {new.get('title')!r}")
    before, after = _outcomes(old), _outcomes(new)
    added = [c for c in after if c not in before]
    removed = [c for c in before if c not in after]
    changed = [c for c in after if c in before and after[c] != before[c]]
    for verb, codes in (("added", added), ("removed", removed), ("changed", changed)):
        if codes:
            noun = "outcome" if len(codes) == 1 else "outcomes"
            said.append(f"{verb} {noun} {', '.join(codes[:8])}" + (" …" if len(codes) > 8 else ""))
    if not (added or removed or changed) and list(before) != list(after):
        said.append("reordered the outcomes")
    for key, name in _NAMES.items():
        if key != "title" and old.get(key) != new.get(key):
            said.append(f"changed {name}")
    return "; ".join(said) or "no change"
