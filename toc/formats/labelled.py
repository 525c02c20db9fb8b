"""Ids optional: boxes typed without an id get one from their label, and links may name labels.

A person typing a model (in YAML, JSON, a workbook, a CSV pair or a Kumu
blueprint) may leave out a box's ``id``: it gets one made from its label
(:func:`toc.model.ids.free_id`), made unique with ``-2``, ``-3`` ... in file
order, never taking an id another box is given explicitly.  A link's
``from`` and ``to`` may name a box by its label instead of its id, as Kumu's
spreadsheets do: a name that is an id is an id; otherwise it is the label of
one box.  A label that two boxes share cannot name either: that link is a
problem naming both boxes and where they are.

This runs on plain data, before validation, so that every reader shares it;
saved files always carry ids.

Examples
--------
>>> data = {"nodes": [{"label": "Grant", "stage": "input"},
...                   {"label": "Mentoring", "stage": "activity"},
...                   {"id": "grant-2", "label": "Grant", "stage": "input"}],
...         "links": [{"from": "Grant", "to": "Mentoring"}]}
>>> problems = given_ids(data)
>>> [n["id"] for n in data["nodes"]], data["links"][0]
(['grant', 'mentoring', 'grant-2'], {'from': 'grant', 'to': 'mentoring'})
>>> print(problems[0].message)
link 'Grant->Mentoring' from: 'Grant' is the label of 2 boxes, the box at nodes[0] (no id) and 'grant-2' (nodes[2]): give the box an id and name it by its id in the link, or give the boxes different labels
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from toc.errors import Problem, format_loc
from toc.model.ids import free_id

__all__ = ["Place", "given_ids"]

Loc = tuple[str | int, ...]
#: Where a location is in the file, in words ("line 4", "sheet Nodes, row 5"), if known.
Place = Callable[[Loc], str | None]


def given_ids(data: Any, place: Place | None = None) -> list[Problem]:
    """Give ids to the boxes without one and turn labels in links into ids, in place.

    ``data`` is a model as plain data, straight from a parser; anything that is
    not shaped like a model is left for validation to report.  The problems
    returned (labels that name two boxes) are placed on the link's end.
    """
    if not isinstance(data, MutableMapping):
        return []
    nodes = _boxes(data.get("nodes"))
    made = _give_ids(nodes)
    links = data.get("links")
    if not isinstance(links, list):
        return []
    ids = {node["id"] for _, node in nodes if isinstance(node.get("id"), str)}
    return _resolve_links(links, ids, nodes, _Naming(place or _no_place, made))


def _boxes(nodes: Any) -> list[tuple[int, MutableMapping[str, Any]]]:
    if not isinstance(nodes, list):
        return []
    return [(at, node) for at, node in enumerate(nodes) if isinstance(node, MutableMapping)]


def _give_ids(nodes: list[tuple[int, MutableMapping[str, Any]]]) -> set[int]:
    """An id from its label for each box without one, unique, in file order; their places."""
    taken = {str(node["id"]) for _, node in nodes if node.get("id") is not None}
    made: set[int] = set()
    for at, node in nodes:
        label = node.get("label")
        if node.get("id") is None and isinstance(label, str):
            node["id"] = free_id(label, taken)
            taken.add(node["id"])
            made.add(at)
    return made


@dataclass(frozen=True)
class _Naming:
    """How a message names a box: by the id the file gives it, else by where it is."""

    place: Place
    made: set[int]

    def box(self, at: int, node: Mapping[str, Any]) -> str:
        where = self.place(("nodes", at)) or format_loc(("nodes", at))
        if at in self.made:
            return f"the box at {where} (no id)"
        return f"{node['id']!r} ({where})"


def _resolve_links(
    links: list[Any],
    ids: set[str],
    nodes: list[tuple[int, MutableMapping[str, Any]]],
    naming: _Naming,
) -> list[Problem]:
    by_label: dict[str, list[tuple[int, Mapping[str, Any]]]] | None = None
    problems: list[Problem] = []
    for at, link in enumerate(links):
        if not isinstance(link, MutableMapping):
            continue
        named = dict(link)
        for end in ("from", "to"):
            name = link.get(end)
            if not isinstance(name, str) or name in ids:
                continue
            by_label = _labels(nodes) if by_label is None else by_label
            boxes = by_label.get(name.strip(), [])
            if boxes:
                link[end] = boxes[0][1]["id"]
            if len(boxes) > 1:
                problems.append(_ambiguous(("links", at, end), named, name, boxes, naming))
    return problems


def _labels(
    nodes: list[tuple[int, MutableMapping[str, Any]]],
) -> dict[str, list[tuple[int, Mapping[str, Any]]]]:
    found: dict[str, list[tuple[int, Mapping[str, Any]]]] = {}
    for at, node in nodes:
        label, node_id = node.get("label"), node.get("id")
        if isinstance(label, str) and isinstance(node_id, str):
            found.setdefault(label.strip(), []).append((at, node))
    return found


def _ambiguous(
    loc: Loc,
    link: Mapping[str, Any],
    name: str,
    boxes: list[tuple[int, Mapping[str, Any]]],
    naming: _Naming,
) -> Problem:
    shown = [naming.box(at, box) for at, box in boxes]
    listed = ", ".join(shown[:-1]) + f" and {shown[-1]}"
    ends = f"{link.get('from')}->{link.get('to')}"
    return Problem(
        f"link {ends!r} {loc[-1]}: {name!r} is the label of {len(boxes)} boxes, {listed}: "
        "give the box an id and name it by its id in the link, or give the boxes "
        "different labels",
        loc,
    )


def _no_place(loc: Loc) -> str | None:
    return None
