"""The model as editable tables (boxes, links, stakeholder ratings) and back.

The editor shows these rows in a table widget for bulk edits and hands the
edited rows back; the functions here turn them into a new validated model.
Rows are plain dicts, so any table widget will do.  Blank cells (``None``,
``""`` or a NaN from a data frame) mean "not set".

Examples
--------
>>> from toc.editor.operations import _example
>>> m = _example()
>>> rows = node_rows(m)
>>> rows[0]["label"] = "Mentoring"
>>> rows.append({"label": "Volunteers", "stage": "input"})
>>> [(n.id, n.label) for n in apply_node_rows(m, rows).nodes]
[('a', 'Mentoring'), ('b', 'B'), ('volunteers', 'Volunteers')]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from toc.editor.operations import (
    EditError,
    add_node,
    link_map,
    rebuilt,
    remove_link,
    remove_node,
    update_node,
    upsert_link,
)
from toc.model import Department, LogicModel, StakeholderGroup, free_id

__all__ = [
    "add_group",
    "apply_department_rows",
    "apply_link_rows",
    "apply_node_rows",
    "apply_rating_rows",
    "blank",
    "department_rows",
    "link_rows",
    "node_rows",
    "rating_rows",
]

Row = Mapping[str, Any]


def blank(value: Any) -> bool:
    """True for what an emptied table cell holds: ``None``, ``""`` or NaN.

    Examples
    --------
    >>> blank(float("nan")), blank(""), blank(0)
    (True, True, False)
    """
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def _clean(row: Row) -> dict[str, Any]:
    return {k: (None if blank(v) else v) for k, v in row.items()}


def node_rows(model: LogicModel) -> list[dict[str, Any]]:
    """One row per box: id, label, stage, department, priority, cost, frameworks.

    Examples
    --------
    >>> from toc.editor.operations import _example
    >>> node_rows(_example())[1]
    {'id': 'b', 'label': 'B', 'stage': 'outcome', 'department': None, 'priority': None, 'cost': None, 'frameworks': ''}
    """
    return [
        {
            "id": n.id,
            "label": n.label,
            "stage": n.stage.value,
            "department": n.department,
            "priority": n.priority,
            "cost": n.cost,
            "frameworks": ", ".join(n.frameworks),
        }
        for n in model.nodes
    ]


def _node_fields(row: Row) -> dict[str, Any]:
    tags = row.get("frameworks") or ""
    fields = {k: row.get(k) for k in ("label", "stage", "department", "priority", "cost")}
    fields["frameworks"] = [t.strip() for t in str(tags).split(",") if t.strip()]
    return {k: v for k, v in fields.items() if k in row or k == "frameworks"}


def apply_node_rows(model: LogicModel, rows: Sequence[Row]) -> LogicModel:
    """``model`` with its boxes as the rows say: rows added, removed and changed.

    A row without an id (or with an id no box has) is a new box; a box
    without a row is deleted with its links.
    """
    cleaned = [_clean(r) for r in rows]
    kept = {r["id"] for r in cleaned if r.get("id")}
    for node in [n for n in model.nodes if n.id not in kept]:
        model = remove_node(model, node.id)
    known = {n.id: n for n in model.nodes}
    for row in cleaned:
        model = _apply_node_row(model, row, known)
    return model


def _apply_node_row(model: LogicModel, row: dict[str, Any], known: Mapping[str, Any]) -> LogicModel:
    if row.get("id") in known:
        old = known[row["id"]]
        fields = _node_fields(row)
        changed = {k: v for k, v in fields.items() if getattr(old, k) != v}
        if "stage" in changed and changed["stage"] == old.stage.value:
            del changed["stage"]
        return update_node(model, row["id"], **changed) if changed else model
    if not row.get("label") or not row.get("stage"):
        raise EditError("a new row needs a label and a stage: fill both in, or delete the row")
    fields = _node_fields(row)
    return add_node(model, fields.pop("stage"), fields.pop("label"), **fields)


def link_rows(model: LogicModel) -> list[dict[str, Any]]:
    """One row per link: from, to, weight, assumption, evidence.

    Examples
    --------
    >>> from toc.editor.operations import _example
    >>> link_rows(_example())
    [{'from': 'a', 'to': 'b', 'weight': 0.8, 'assumption': '', 'evidence': None}]
    """
    return [
        {
            "from": k.from_,
            "to": k.to,
            "weight": k.weight,
            "assumption": k.assumption,
            "evidence": k.evidence.value if k.evidence else None,
        }
        for k in model.links
    ]


def apply_link_rows(model: LogicModel, rows: Sequence[Row]) -> LogicModel:
    """``model`` with its links as the rows say: rows added, removed and changed.

    Examples
    --------
    >>> from toc.editor.operations import _example
    >>> m = apply_link_rows(_example(), [{"from": "a", "to": "b", "weight": -0.2}])
    >>> m.links[0].weight
    -0.2
    >>> apply_link_rows(_example(), []).links
    []
    """
    cleaned = [_clean(r) for r in rows]
    wanted = {f"{r.get('from')}->{r.get('to')}" for r in cleaned}
    for link_id in [k for k in link_map(model) if k not in wanted]:
        model = remove_link(model, link_id)
    for row in cleaned:
        if not row.get("from") or not row.get("to"):
            raise EditError("a link row needs 'from' and 'to' box ids: fill both in")
        fields = {k: row[k] for k in ("weight", "evidence") if row.get(k) is not None}
        fields["assumption"] = row.get("assumption") or ""
        model = upsert_link(model, str(row["from"]), str(row["to"]), **fields)
    return model


def rating_rows(model: LogicModel) -> list[dict[str, Any]]:
    """One row per outcome or impact: its id, label and each group's points.

    Examples
    --------
    >>> from toc.editor.operations import _example
    >>> m = add_group(_example(), "Residents")
    >>> rating_rows(m)
    [{'id': 'b', 'label': 'B', 'residents': 0.0}]
    """
    rated = [n for n in model.nodes if n.stage.is_result]
    return [
        {
            "id": n.id,
            "label": n.label,
            **{g.id: g.ratings.get(n.id, 0.0) for g in model.stakeholders},
        }
        for n in rated
    ]


def apply_rating_rows(model: LogicModel, rows: Sequence[Row]) -> LogicModel:
    """``model`` with each group's points taken from the rating rows (blank = 0).

    Examples
    --------
    >>> from toc.editor.operations import _example
    >>> m = add_group(_example(), "Residents")
    >>> apply_rating_rows(m, [{"id": "b", "residents": 40}]).stakeholders[0].ratings
    {'b': 40.0}
    """
    groups = []
    for group in model.stakeholders:
        points = {str(r["id"]): _points(r.get(group.id), group.label) for r in rows}
        ratings = {k: v for k, v in points.items() if v > 0}
        groups.append(StakeholderGroup.model_validate({**group.model_dump(), "ratings": ratings}))
    return rebuilt(model, stakeholders=groups)


def _points(value: Any, group: str) -> float:
    if blank(value):
        return 0.0
    try:
        points = float(value)
    except (TypeError, ValueError) as err:
        raise EditError(f"{group} gave {value!r} points: type a number, 0 or more") from err
    if points < 0 or math.isnan(points):
        raise EditError(f"{group} gave {value!r} points: points are 0 or more")
    return points


def add_group(model: LogicModel, label: str, *, weight: float = 1.0) -> LogicModel:
    """``model`` with a new stakeholder group that has rated nothing yet.

    Examples
    --------
    >>> from toc.editor.operations import _example
    >>> [g.id for g in add_group(add_group(_example(), "Residents"), "Residents").stakeholders]
    ['residents', 'residents-2']
    """
    if not label.strip():
        raise EditError("a stakeholder group needs a name, e.g. 'Residents'")
    group_id = free_id(label, {g.id for g in model.stakeholders})
    group = StakeholderGroup(id=group_id, label=label.strip(), weight=weight)
    return rebuilt(model, stakeholders=[*model.stakeholders, group])


def department_rows(model: LogicModel) -> list[dict[str, Any]]:
    """One row per department: id, label and colour (``#rrggbb`` or blank).

    Examples
    --------
    >>> from toc.editor.operations import _example
    >>> department_rows(apply_department_rows(_example(), [{"label": "Public health"}]))
    [{'id': 'public-health', 'label': 'Public health', 'colour': None}]
    """
    return [{"id": d.id, "label": d.label, "colour": d.colour} for d in model.departments]


def apply_department_rows(model: LogicModel, rows: Sequence[Row]) -> LogicModel:
    """``model`` with its departments as the rows say; a row without an id is a new one.

    A department that boxes still name cannot go: the rules refuse it, naming the box.

    Examples
    --------
    >>> from toc.editor.operations import _example
    >>> apply_department_rows(_example(), [{"label": "Housing", "colour": "blue"}])
    Traceback (most recent call last):
    ...
    toc.editor.operations.EditError: department 'Housing': colour 'blue' is not #rrggbb, e.g. #1f77b4
    """
    kept: list[Department] = []
    for row in (_clean(r) for r in rows):
        if not row.get("label"):
            raise EditError("a department needs a name: fill in its label, or delete the row")
        taken = {d.id for d in kept}
        department_id = row.get("id") or free_id(str(row["label"]), taken)
        colour = row.get("colour")
        if colour is not None and not _is_colour(str(colour)):
            raise EditError(
                f"department {row['label']!r}: colour {colour!r} is not #rrggbb, e.g. #1f77b4"
            )
        kept.append(Department(id=department_id, label=str(row["label"]), colour=colour))
    return rebuilt(model, departments=kept)


def _is_colour(text: str) -> bool:
    digits = "0123456789abcdefABCDEF"
    return len(text) == 7 and text[0] == "#" and all(c in digits for c in text[1:])
