"""Keeping the priorities' source when an edit would quietly switch it.

A model that has not chosen its ``priority_source`` uses the first source it holds:
box priorities, then the agreed order, then stakeholder ratings, else equal weights
(:func:`toc.analysis.priorities.priorities`).  So setting one box's priority while the
agreed order is in use would switch the analysis to box priorities, zeroing every
other outcome, with no warning.  :func:`source_kept` stops that: an edit of a model that
has chosen no source, which would switch it while the source in use is still held,
gets the source in use chosen for the model (in the same save), and the caller says
how to switch.  An edit that sets a model's first priorities (equal weights were in
use because it held none), or removes the source in use, is left as it is.

Examples
--------
>>> from toc.editor.operations import update_node
>>> m = LogicModel.model_validate({"title": "t", "agreed_order": ["o", "p"], "nodes": [
...     {"id": "o", "label": "O", "stage": "outcome"},
...     {"id": "p", "label": "P", "stage": "outcome"}]})
>>> edited, change = source_kept(m, update_node(m, "p", priority=3))
>>> edited.priority_source, change
('agreed-order', SourceChange(before='agreed-order', after='nodes', kept=True))
"""

from __future__ import annotations

from dataclasses import dataclass

from toc.analysis.priorities import held_sources, priorities
from toc.editor.operations import rebuilt
from toc.model import LogicModel

__all__ = ["SourceChange", "source_kept"]


@dataclass(frozen=True)
class SourceChange:
    """An edit would move the priorities from ``before`` to ``after``; ``kept``: it did not."""

    before: str
    after: str
    kept: bool


def source_kept(old: LogicModel | None, new: LogicModel) -> tuple[LogicModel, SourceChange | None]:
    """``new`` with the source ``old`` used kept, if the edit would switch it, and what changed.

    Only a model that has chosen no source, in an edit that chooses none, is changed,
    and only while the source in use is still held after the edit.  The change is
    ``None`` when the source in use stays the same.
    """
    if old is None or old.priority_source is not None or new.priority_source is not None:
        return new, None
    before, after = priorities(old).source, priorities(new).source
    if before == after:
        return new, None
    if before in held_sources(new):
        return rebuilt(new, priority_source=before), SourceChange(before, after, kept=True)
    return new, SourceChange(before, after, kept=False)
