"""Which boxes can be reached from which, along the links or against them.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "t", "nodes": [
...     {"id": "a", "label": "A", "stage": "activity"},
...     {"id": "b", "label": "B", "stage": "output"},
...     {"id": "o", "label": "O", "stage": "outcome"}],
...   "links": [{"from": "a", "to": "b"}, {"from": "b", "to": "o"}]})
>>> sorted(reachable(m, ["b"]))
['b', 'o']
>>> sorted(reachable(m, ["b"], forward=False))
['a', 'b']
"""

from __future__ import annotations

from collections.abc import Iterable

from toc.model import LogicModel

__all__ = ["reachable"]


def reachable(model: LogicModel, starts: Iterable[str], *, forward: bool = True) -> set[str]:
    """Ids reachable from ``starts`` along the links (or against them), ``starts`` included."""
    step: dict[str, list[str]] = {}
    for link in model.links:
        a, b = (link.from_, link.to) if forward else (link.to, link.from_)
        step.setdefault(a, []).append(b)
    seen = set(starts)
    todo = list(seen)
    while todo:
        for nxt in step.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
