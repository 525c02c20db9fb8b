"""Edits of a logic model, as pure functions: model in, new validated model out.

The editor (``apps/``) calls these and never changes a model itself.  Every
function returns a new :class:`~toc.model.LogicModel` that has passed the
structural rules, or raises a :class:`~toc.errors.TocError` that says what
was wrong and how to fix it; the model passed in is never changed.

Examples
--------
>>> from toc.model import LogicModel, Stage
>>> m = add_node(LogicModel(title="t"), Stage.ACTIVITY, "Mentoring")
>>> m = add_node(m, Stage.OUTCOME, "Young people in work")
>>> m = upsert_link(m, "mentoring", "young-people-in-work", weight=-0.4)
>>> [(link.id, link.weight) for link in m.links]
[('mentoring->young-people-in-work', -0.4)]
>>> [n.id for n in remove_node(m, "mentoring").nodes]
['young-people-in-work']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from toc.editor.geometry import column_of, columns, free_position
from toc.errors import InvalidModelError, TocError
from toc.model import STAGE_ONLY, Horizon, Link, LogicModel, Node, Stage, free_id
from toc.model.validation import problems_from_validation

__all__ = [
    "EditError",
    "add_node",
    "fresh_id",
    "link_map",
    "move_in_order",
    "pop_undo",
    "push_undo",
    "rebuilt",
    "remove_link",
    "remove_node",
    "set_weight",
    "update_node",
    "upsert_link",
]


class EditError(TocError):
    """An edit that cannot be made, e.g. to a node or link that does not exist."""


def rebuilt(model: LogicModel, **update: Any) -> LogicModel:
    """A copy of ``model`` with top-level fields replaced, checked by the rules.

    Nodes and links passed in are reused as they are (they were validated when
    made); the structural rules run on the whole.

    Examples
    --------
    >>> rebuilt(LogicModel(title="a"), title="b").title
    'b'
    """
    data = {name: getattr(model, name) for name in LogicModel.model_fields}
    data.update(update)
    try:
        return LogicModel(**data)
    except ValidationError as err:
        raise InvalidModelError(problems_from_validation(err, data)) from err


def fresh_id(model: LogicModel, label: str) -> str:
    """An id made from ``label`` that no node in ``model`` uses yet.

    Examples
    --------
    >>> m = add_node(LogicModel(title="t"), Stage.INPUT, "Grant")
    >>> fresh_id(m, "Grant"), fresh_id(m, "Volunteers")
    ('grant-2', 'volunteers')
    """
    return free_id(label, {n.id for n in model.nodes})


def add_node(model: LogicModel, stage: Stage | str, label: str, **fields: Any) -> LogicModel:
    """``model`` with a new box at ``stage``, a fresh id and a place in its column.

    Examples
    --------
    >>> m = add_node(LogicModel(title="t"), "activity", "Mentoring", department=None)
    >>> m.nodes[0].id, m.nodes[0].position
    ('mentoring', Position(x=300.0, y=0.0))
    >>> add_node(m, "activity", "  ")
    Traceback (most recent call last):
    ...
    toc.editor.operations.EditError: a box needs a label: type what it is, e.g. 'Mentoring'
    """
    if not label.strip():
        raise EditError("a box needs a label: type what it is, e.g. 'Mentoring'")
    stage = _stage(stage)
    data = {
        "id": fresh_id(model, label),
        "label": label.strip(),
        "stage": stage,
        "position": free_position(model, stage, _horizon(fields.get("horizon"))),
        **fields,
    }
    return rebuilt(model, nodes=[*model.nodes, _node(data)])


class _Items(BaseModel):
    """Wraps one node or link so that errors name it as the model's loader does."""

    nodes: list[Node] = []
    links: list[Link] = []


def _validated(key: str, data: Mapping[str, Any]) -> _Items:
    wrapped = {key: [dict(data)]}
    try:
        return _Items.model_validate(wrapped)
    except ValidationError as err:
        problems = problems_from_validation(err, wrapped)
        raise EditError("; ".join(p.message for p in problems)) from err


def _node(data: Mapping[str, Any]) -> Node:
    return _validated("nodes", data).nodes[0]


def _link(data: Mapping[str, Any]) -> Link:
    return _validated("links", data).links[0]


def _stage(value: Any) -> Stage:
    try:
        return Stage(value)
    except ValueError as err:
        names = ", ".join(s.value for s in Stage)
        raise EditError(f"{value!r} is not a stage: use one of {names}") from err


def _find_node(model: LogicModel, node_id: str) -> Node:
    for node in model.nodes:
        if node.id == node_id:
            return node
    raise EditError(f"there is no box with id {node_id!r}: pick one from the list", node_id=node_id)


def remove_node(model: LogicModel, node_id: str) -> LogicModel:
    """``model`` without the node, its links, its ratings and its place in the agreed order.

    Examples
    --------
    >>> m = add_node(LogicModel(title="t"), "input", "Grant")
    >>> remove_node(m, "grant").nodes
    []
    >>> remove_node(m, "nope")
    Traceback (most recent call last):
    ...
    toc.editor.operations.EditError: there is no box with id 'nope': pick one from the list
    """
    _find_node(model, node_id)
    groups = [
        g.model_copy(update={"ratings": {k: v for k, v in g.ratings.items() if k != node_id}})
        for g in model.stakeholders
    ]
    return rebuilt(
        model,
        nodes=[n for n in model.nodes if n.id != node_id],
        links=[k for k in model.links if node_id not in (k.from_, k.to)],
        stakeholders=groups,
        agreed_order=[i for i in model.agreed_order if i != node_id],
    )


def update_node(model: LogicModel, node_id: str, **fields: Any) -> LogicModel:
    """``model`` with fields of one node replaced (``label=``, ``stage=``, ...).

    A new stage moves the box to that stage's column and drops the fields the
    new stage cannot hold (e.g. ``priority`` when an outcome becomes an
    activity), its ratings and its place in the agreed order.

    Examples
    --------
    >>> m = add_node(LogicModel(title="t"), "outcome", "Jobs", priority=3)
    >>> m = update_node(m, "jobs", stage="output")
    >>> m.nodes[0].stage.value, m.nodes[0].priority, m.nodes[0].position.x
    ('output', None, 600.0)
    """
    node = _find_node(model, node_id)
    data = node.model_dump(by_alias=True)
    data.update(fields)
    new_stage = _stage(data["stage"])
    model_update: dict[str, Any] = {}
    if new_stage is not node.stage:
        data = _fit_stage(model, data, new_stage)
        model_update = _forget_rated(model, node_id, new_stage)
    elif _horizon(data.get("horizon")) is not node.horizon and node.position is not None:
        data = _fit_stage(model, data, new_stage)  # into the new horizon's column
    new = _node(data)
    nodes = [new if n.id == node_id else n for n in model.nodes]
    return rebuilt(model, nodes=nodes, **model_update)


def _fit_stage(model: LogicModel, data: dict[str, Any], stage: Stage) -> dict[str, Any]:
    fitted = {k: v for k, v in data.items() if stage in STAGE_ONLY.get(k, (stage,))}
    column = column_of(stage, _horizon(fitted.get("horizon")))
    y = data["position"]["y"] if data.get("position") else free_position(model, *column).y
    fitted["position"] = {"x": columns(model, column)[column], "y": y}
    return fitted


def _horizon(value: object) -> Horizon | None:
    """A horizon given as its name or itself; ``None`` when unset or not a horizon."""
    if isinstance(value, Horizon):
        return value
    try:
        return Horizon(str(value)) if value else None
    except ValueError:
        return None  # the model's own validation names the bad value


def _forget_rated(model: LogicModel, node_id: str, stage: Stage) -> dict[str, Any]:
    if stage.is_result:
        return {}
    groups = [
        g.model_copy(update={"ratings": {k: v for k, v in g.ratings.items() if k != node_id}})
        for g in model.stakeholders
    ]
    order = [i for i in model.agreed_order if i != node_id]
    return {"stakeholders": groups, "agreed_order": order}


def link_map(model: LogicModel) -> dict[str, Link]:
    """Links by their id ``from->to``.

    Examples
    --------
    >>> list(link_map(_example()))
    ['a->b']
    """
    return {link.id: link for link in model.links}


def upsert_link(model: LogicModel, source: str, target: str, **fields: Any) -> LogicModel:
    """``model`` with the link ``source->target`` added, or its fields replaced.

    Examples
    --------
    >>> m = upsert_link(_example(), "a", "b", weight=0.5, assumption="it helps")
    >>> m.links[0].weight, m.links[0].assumption
    (0.5, 'it helps')
    >>> upsert_link(m, "b", "a")
    Traceback (most recent call last):
    ...
    toc.errors.InvalidModelError: 1 problem
      links[1]: link 'b->a' runs backwards, ...
    """
    for end in (source, target):
        _find_node(model, end)
    key = f"{source}->{target}"
    old = link_map(model).get(key)
    data = old.model_dump(by_alias=True) if old else {"from": source, "to": target}
    data.update(fields)
    new = _link(data)
    if old is None:
        return rebuilt(model, links=[*model.links, new])
    return rebuilt(model, links=[new if k.id == key else k for k in model.links])


def remove_link(model: LogicModel, link_id: str) -> LogicModel:
    """``model`` without the link ``link_id`` (``from->to``).

    Examples
    --------
    >>> remove_link(_example(), "a->b").links
    []
    """
    if link_id not in link_map(model):
        raise EditError(f"there is no link {link_id!r}: pick one from the list")
    return rebuilt(model, links=[k for k in model.links if k.id != link_id])


def set_weight(model: LogicModel, link_id: str, weight: float) -> LogicModel:
    """``model`` with one link's weight set, keeping low and high around it.

    Examples
    --------
    >>> set_weight(_example(), "a->b", -0.3).links[0].weight
    -0.3
    >>> set_weight(_example(), "a->b", 0)
    Traceback (most recent call last):
    ...
    toc.editor.operations.EditError: link 'a->b' weight: a link of weight 0 says nothing: ...
    """
    link = link_map(model).get(link_id)
    if link is None:
        raise EditError(f"there is no link {link_id!r}: pick one from the list")
    fields: dict[str, Any] = {"weight": weight}
    if link.low is not None and link.low > weight:
        fields["low"] = weight
    if link.high is not None and link.high < weight:
        fields["high"] = weight
    return upsert_link(model, link.from_, link.to, **fields)


def move_in_order(model: LogicModel, node_id: str, step: int) -> LogicModel:
    """``model`` with ``node_id`` moved ``step`` places in the agreed order (- is up).

    Moves past either end stop there; an outcome not in the order is an error.

    Examples
    --------
    >>> m = LogicModel.model_validate({"title": "t", "nodes": [
    ...     {"id": i, "label": i, "stage": "outcome"} for i in "abc"],
    ...     "agreed_order": ["a", "b", "c"]})
    >>> move_in_order(m, "c", -1).agreed_order, move_in_order(m, "a", -5).agreed_order
    (['a', 'c', 'b'], ['a', 'b', 'c'])
    """
    order = list(model.agreed_order)
    if node_id not in order:
        raise EditError(f"{node_id!r} is not in the agreed order: add it to the order first")
    place = order.index(node_id)
    order.insert(max(0, min(len(order) - 1, place + step)), order.pop(place))
    return rebuilt(model, agreed_order=order)


def push_undo(
    stack: tuple[LogicModel, ...], model: LogicModel, *, limit: int = 50
) -> tuple[LogicModel, ...]:
    """The undo stack with ``model`` on top, keeping the newest ``limit`` models.

    Examples
    --------
    >>> a, b = LogicModel(title="a"), LogicModel(title="b")
    >>> [m.title for m in push_undo((a,), b)]
    ['a', 'b']
    >>> [m.title for m in push_undo((a, b), a, limit=2)]
    ['b', 'a']
    """
    return (*stack, model)[-limit:]


def pop_undo(
    stack: tuple[LogicModel, ...],
) -> tuple[LogicModel | None, tuple[LogicModel, ...]]:
    """The model to go back to (or ``None`` when there is none) and the rest of the stack.

    Examples
    --------
    >>> model, rest = pop_undo((LogicModel(title="a"),))
    >>> model.title, rest
    ('a', ())
    >>> pop_undo(())
    (None, ())
    """
    if not stack:
        return None, ()
    return stack[-1], stack[:-1]


def _example() -> LogicModel:
    return LogicModel.model_validate(
        {
            "title": "t",
            "nodes": [
                {"id": "a", "label": "A", "stage": "activity"},
                {"id": "b", "label": "B", "stage": "outcome"},
            ],
            "links": [{"from": "a", "to": "b", "weight": 0.8}],
        }
    )
