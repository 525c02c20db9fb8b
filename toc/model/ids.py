"""Ids made from free text, such as a label typed in a workshop.

Examples
--------
>>> free_id("Young people in work!", {"young-people-in-work"})
'young-people-in-work-2'
"""

from __future__ import annotations

import re

__all__ = ["free_id", "suggest_id"]


def suggest_id(text: str) -> str:
    """A valid node id made from free text, e.g. a label.

    Examples
    --------
    >>> suggest_id("Young people in work!")
    'young-people-in-work'
    >>> suggest_id("")
    'node'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64]
    return slug or "node"


def free_id(text: str, taken: set[str]) -> str:
    """A valid id made from ``text`` that is not in ``taken``: ``-2``, ``-3`` ... added if needed.

    Examples
    --------
    >>> free_id("Grant", {"grant"}), free_id("Volunteers", {"grant"})
    ('grant-2', 'volunteers')
    """
    base = suggest_id(text)[:60]
    candidate, count = base, 1
    while candidate in taken:
        count += 1
        candidate = f"{base}-{count}"
    return candidate
