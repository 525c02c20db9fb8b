"""The SROI value map as an editable table: one row per outcome, and back.

Only the judgements a workshop edits in a grid are columns (quantity,
proxy and its name, the three filters, drop-off, duration, start); every
other field of an outcome's ``value`` (ranges, additionality, observed
values...) is kept as it was.  A row with neither quantity nor proxy means
the outcome is not valued.

Examples
--------
>>> from toc.editor.operations import add_node
>>> from toc.model import LogicModel
>>> m = add_node(LogicModel(title="t"), "outcome", "Jobs")
>>> rows = value_rows(m)
>>> rows[0]["quantity"], rows[0]["proxy"]
(None, None)
>>> rows[0].update(quantity=40, proxy=8000, deadweight=0.25)
>>> apply_value_rows(m, rows).nodes[0].value.deadweight
0.25
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from toc.editor.grids import blank
from toc.editor.operations import EditError, rebuilt
from toc.model import LogicModel, Node
from toc.model.validation import problems_from_validation
from toc.model.valuation import OutcomeValue

__all__ = ["VALUE_COLUMNS", "apply_value_rows", "value_rows"]

VALUE_COLUMNS = (
    "quantity",
    "proxy",
    "proxy_name",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
    "duration",
    "start",
    "stakeholder",  # the id of the stakeholder group that experiences the outcome
)


def value_rows(model: LogicModel) -> list[dict[str, Any]]:
    """One row per outcome or impact: id, label and its value-map judgements."""
    rows = []
    for node in model.nodes:
        if not node.stage.is_result:
            continue
        value = node.value.model_dump() if node.value else {}
        rows.append(
            {"id": node.id, "label": node.label, **{c: value.get(c) for c in VALUE_COLUMNS}}
        )
    return rows


def apply_value_rows(model: LogicModel, rows: Sequence[Mapping[str, Any]]) -> LogicModel:
    """``model`` with each outcome's value as its row says (rows for other ids are refused).

    Examples
    --------
    >>> from toc.editor.operations import add_node
    >>> m = add_node(LogicModel(title="t"), "outcome", "Jobs")
    >>> apply_value_rows(m, [{"id": "jobs", "quantity": 10, "proxy": 100, "deadweight": 2}])
    Traceback (most recent call last):
    ...
    toc.editor.operations.EditError: the value of 'Jobs': deadweight: input should be less than or equal to 1, got 2...
    """
    nodes = {n.id: n for n in model.nodes}
    changed = dict(nodes)
    for row in rows:
        node = nodes.get(str(row.get("id")))
        if node is None or not node.stage.is_result:
            raise EditError(f"{row.get('id')!r} is not an outcome: value outcomes and impacts only")
        changed[node.id] = node.model_copy(update={"value": _value(node, row)})
    return rebuilt(model, nodes=[changed[n.id] for n in model.nodes])


def _value(node: Node, row: Mapping[str, Any]) -> OutcomeValue | None:
    cells = {c: (None if blank(row.get(c)) else row.get(c)) for c in VALUE_COLUMNS}
    if cells["quantity"] is None and cells["proxy"] is None:
        return None
    data = node.value.model_dump(exclude_none=True) if node.value else {}
    for key, cell in cells.items():
        if cell is None:
            data.pop(key, None)  # blank means "not set": the schema's default applies
        else:
            data[key] = cell
    try:
        return OutcomeValue.model_validate(data)
    except ValidationError as err:
        found = "; ".join(p.message for p in problems_from_validation(err, data))
        raise EditError(f"the value of {node.label!r}: {found}") from err
