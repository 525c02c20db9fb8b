"""Which boxes the canvas shows: a department, a search, and a size a browser can draw.

A room works on part of a model at a time: one department's boxes, or what a
search finds.  A browser draws a few hundred boxes at once comfortably and a few
thousand slowly, so past :data:`CANVAS_LIMIT` the canvas shows a part and says
what is left out and how to choose another part.  The canvas edits only what it
shows (:func:`toc.editor.canvas.model_from_flow` with ``shown``).

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "t", "nodes": [
...     {"id": "a", "label": "Mentoring", "stage": "activity", "department": "d"},
...     {"id": "b", "label": "Jobs", "stage": "outcome"}],
...   "departments": [{"id": "d", "label": "D"}], "links": [{"from": "a", "to": "b"}]})
>>> w = window(m)
>>> w.shown is None, w.marked, w.left_out
(True, frozenset(), 0)
>>> w = window(m, department="d", query="ment")
>>> sorted(w.shown), sorted(w.marked)
(['a'], ['a'])
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from toc.model import LogicModel

__all__ = ["ANY_DEPARTMENT", "CANVAS_LIMIT", "NO_DEPARTMENT", "Window", "matches", "window"]

#: The most boxes the canvas draws at once.
CANVAS_LIMIT = 300
#: The department filter's values for "every box" and "boxes with no department".
ANY_DEPARTMENT = ""
NO_DEPARTMENT = "-"


@dataclass(frozen=True)
class Window:
    """What the canvas shows (``None``: every box), the search's matches, and what is left out."""

    shown: frozenset[str] | None
    marked: frozenset[str]
    left_out: int
    total: int

    @property
    def note(self) -> str:
        """What the user should know about the part shown; empty when it is the whole model."""
        if not self.left_out:
            return ""
        return (
            f"The canvas shows {self.total - self.left_out:,} of the {self.total:,} boxes "
            f"(at most {CANVAS_LIMIT:,} at once). Choose a department or search for a box "
            'to show another part; "Edit in tables" below the canvas holds every box and link.'
        )


def matches(model: LogicModel, query: str) -> list[str]:
    """The ids of the boxes whose label or id holds ``query`` (any case), in model order.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel(title="t", nodes=[{"id": "jobs", "label": "Sustained JOBS", "stage": "outcome"}])
    >>> matches(m, "jobs "), matches(m, ""), matches(m, "x")
    (['jobs'], [], [])
    """
    needle = " ".join(query.split()).casefold()
    if not needle:
        return []
    return [n.id for n in model.nodes if needle in n.label.casefold() or needle in n.id]


def window(
    model: LogicModel,
    *,
    department: str = ANY_DEPARTMENT,
    query: str = "",
    limit: int = CANVAS_LIMIT,
    keep: Collection[str] = (),
) -> Window:
    """The boxes to show for a department filter and a search, at most ``limit`` of them.

    Within the department, a search marks what it finds.  When the department has
    more than ``limit`` boxes, the boxes in ``keep`` (the one selected, one just added)
    and the search's matches come first, then the boxes linked to them, then the rest in
    model order.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel(title="t", nodes=[
    ...     {"id": f"b{i}", "label": f"B{i}", "stage": "activity"} for i in range(5)])
    >>> sorted(window(m, limit=2, keep=["b4"]).shown)
    ['b0', 'b4']
    """
    wanted = {NO_DEPARTMENT: None}.get(department, department)
    pool = [n.id for n in model.nodes if department == ANY_DEPARTMENT or n.department == wanted]
    members = set(pool)
    found = [i for i in matches(model, query) if i in members]
    chosen = pool
    if len(pool) > limit:
        kept = [i for i in keep if i in members]
        near = _neighbours(model, [*kept, *found])
        first = list(dict.fromkeys([*kept, *found, *(i for i in near if i in members)]))
        chosen = list(dict.fromkeys([*first, *pool]))[:limit]
    whole = len(chosen) == len(model.nodes)
    return Window(
        shown=None if whole else frozenset(chosen),
        marked=frozenset(found),
        left_out=len(pool) - len(chosen),
        total=len(pool),
    )


def _neighbours(model: LogicModel, ids: list[str]) -> list[str]:
    """The boxes linked to any of ``ids``, either way."""
    chosen = set(ids)
    near: list[str] = []
    for link in model.links:
        if link.from_ in chosen:
            near.append(link.to)
        if link.to in chosen:
            near.append(link.from_)
    return near
