"""What changed between two versions of a model, in words a workshop can read.

:func:`diff_models` compares nodes by id, links by ``source->target`` and the
model-level fields (title, departments, stakeholder ratings, valuation...);
:func:`describe_diff` turns the result into lines for the History page and
:func:`summarise_diff` into the one line stored with each revision.  Boxes
that only moved are counted ("moved 3 boxes"), not listed coordinate by
coordinate.

Examples
--------
>>> from toc.model import LogicModel
>>> old = LogicModel.model_validate({"title": "Youth", "nodes": [
...     {"id": "mentoring", "label": "Mentoring", "stage": "activity"},
...     {"id": "jobs", "label": "Young people in work", "stage": "outcome", "priority": 3}],
...     "links": [{"from": "mentoring", "to": "jobs", "weight": 0.6}]})
>>> new = old.model_copy(deep=True)
>>> new.nodes[1].priority = 5
>>> new.links[0].weight = -0.2
>>> for line in describe_diff(diff_models(old, new)):
...     print(line)
priority of 'Young people in work' 3 -> 5
link 'Mentoring' -> 'Young people in work' weight 0.6 -> -0.2
>>> summarise_diff(diff_models(old, old))
'no changes'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from toc.model import Link, LogicModel, Node

__all__ = [
    "FieldChange",
    "LinkChange",
    "ModelDiff",
    "NodeChange",
    "describe_diff",
    "diff_models",
    "format_value",
    "summarise_diff",
]

# Fields compared as one value even when they hold a mapping.
_WHOLE = {"position"}
_MAX_TEXT = 60
_EMPTY: tuple[Any, ...] = (None, "", [], {})


@dataclass(frozen=True)
class FieldChange:
    """One value that changed: ``path`` names it (``label``, ``value.proxy``, ``title``...)."""

    path: str
    old: Any
    new: Any


@dataclass(frozen=True)
class NodeChange:
    """The changed fields of one node that exists in both versions."""

    id: str
    label: str
    changes: list[FieldChange]

    @property
    def moved_only(self) -> bool:
        """Whether only the position changed."""
        return all(change.path == "position" for change in self.changes)


@dataclass(frozen=True)
class LinkChange:
    """The changed fields of one link (by id ``source->target``) in both versions."""

    id: str
    changes: list[FieldChange]


@dataclass(frozen=True)
class ModelDiff:
    """Everything that differs between two versions of a model.

    ``labels`` maps node ids (and ``departments.<id>``, ``stakeholders.<id>``)
    to labels, the newer label winning, so that the description can name
    things as people know them.
    """

    nodes_added: list[Node] = field(default_factory=list)
    nodes_removed: list[Node] = field(default_factory=list)
    nodes_changed: list[NodeChange] = field(default_factory=list)
    links_added: list[Link] = field(default_factory=list)
    links_removed: list[Link] = field(default_factory=list)
    links_changed: list[LinkChange] = field(default_factory=list)
    model_changes: list[FieldChange] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Whether the two versions are the same."""
        parts = (self.nodes_added, self.nodes_removed, self.nodes_changed, self.links_added)
        rest = (self.links_removed, self.links_changed, self.model_changes)
        return not any((*parts, *rest))

    @property
    def moved(self) -> int:
        """How many boxes changed position."""
        return sum(
            any(c.path == "position" for c in change.changes) for change in self.nodes_changed
        )


def diff_models(old: LogicModel, new: LogicModel) -> ModelDiff:
    """What changed from ``old`` to ``new``.

    Examples
    --------
    >>> from toc.model import LogicModel, Node
    >>> a = LogicModel(title="t", nodes=[Node(id="x", label="X", stage="input")])
    >>> b = LogicModel(title="t", nodes=[Node(id="x", label="Ex", stage="input")])
    >>> diff_models(a, b).nodes_changed
    [NodeChange(id='x', label='Ex', changes=[FieldChange(path='label', old='X', new='Ex')])]
    """
    old_nodes, new_nodes = old.node_map(), new.node_map()
    old_links = {link.id: link for link in old.links}
    new_links = {link.id: link for link in new.links}
    labels: dict[str, str] = {}
    for model in (old, new):
        labels |= {n.id: n.label for n in model.nodes}
        labels |= {f"departments.{d.id}": d.label for d in model.departments}
        labels |= {f"stakeholders.{s.id}": s.label for s in model.stakeholders}
    return ModelDiff(
        nodes_added=[n for n in new.nodes if n.id not in old_nodes],
        nodes_removed=[n for n in old.nodes if n.id not in new_nodes],
        nodes_changed=list(_node_changes(old_nodes, new.nodes)),
        links_added=[link for link in new.links if link.id not in old_links],
        links_removed=[link for link in old.links if link.id not in new_links],
        links_changed=list(_link_changes(old_links, new.links)),
        model_changes=list(_model_changes(old, new)),
        labels=labels,
    )


def _node_changes(old: Mapping[str, Node], new: list[Node]) -> Iterator[NodeChange]:
    for node in new:
        before = old.get(node.id)
        if before is not None and before != node:
            changes = list(_field_changes(_plain(before), _plain(node)))
            yield NodeChange(node.id, node.label, changes)


def _link_changes(old: Mapping[str, Link], new: list[Link]) -> Iterator[LinkChange]:
    for link in new:
        before = old.get(link.id)
        if before is not None and before != link:
            yield LinkChange(link.id, list(_field_changes(_plain(before), _plain(link))))


def _plain(item: Node | Link) -> dict[str, Any]:
    return item.model_dump(mode="json", by_alias=True)


def _field_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], prefix: str = ""
) -> Iterator[FieldChange]:
    for key in [*old, *(k for k in new if k not in old)]:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        path = f"{prefix}{key}"
        if isinstance(before, dict) and isinstance(after, dict) and key not in _WHOLE:
            yield from _field_changes(before, after, f"{path}.")
        else:
            yield FieldChange(path, before, after)


def _model_changes(old: LogicModel, new: LogicModel) -> Iterator[FieldChange]:
    for name in ("title", "description", "organisation", "version", "agreed_order"):
        if getattr(old, name) != getattr(new, name):
            yield FieldChange(name, getattr(old, name), getattr(new, name))
    yield from _keyed_changes("departments", old.departments, new.departments)
    yield from _keyed_changes("stakeholders", old.stakeholders, new.stakeholders)
    if old.valuation != new.valuation:
        before = old.valuation.model_dump(mode="json") if old.valuation else None
        after = new.valuation.model_dump(mode="json") if new.valuation else None
        if before is None or after is None:
            yield FieldChange("valuation", before, after)
        else:
            yield from _field_changes(before, after, "valuation.")


def _keyed_changes(name: str, old: list[Any], new: list[Any]) -> Iterator[FieldChange]:
    before = {item.id: item.model_dump(mode="json") for item in old}
    after = {item.id: item.model_dump(mode="json") for item in new}
    for key in [*before, *(k for k in after if k not in before)]:
        if key not in after or key not in before:
            yield FieldChange(f"{name}.{key}", before.get(key), after.get(key))
        elif before[key] != after[key]:
            yield from _field_changes(before[key], after[key], f"{name}.{key}.")


def format_value(value: Any) -> str:
    """A value as a person would read it in a one-line description.

    Examples
    --------
    >>> format_value(0.60), format_value(None), format_value("Jobs"), format_value(["sdg:8"])
    ('0.6', 'none', "'Jobs'", 'sdg:8')
    >>> format_value([{"name": "Jobs started"}, {"name": "Wages"}])
    "'Jobs started', 'Wages'"
    >>> format_value({"x": 10.0, "y": 20.5})
    'x 10, y 20.5'
    """
    if value is None or value == [] or value == {}:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int):
        return f"{value:g}"
    if isinstance(value, str):
        text = value if len(value) <= _MAX_TEXT else value[: _MAX_TEXT - 1] + "…"
        return f"'{text}'"
    if isinstance(value, list):
        return ", ".join(_list_item(item) for item in value)
    if isinstance(value, dict):
        shown = [f"{k} {format_value(v)}" for k, v in value.items() if v not in _EMPTY]
        return ", ".join(shown)
    return str(value)


def _list_item(item: Any) -> str:
    if isinstance(item, dict) and "name" in item:
        return format_value(item["name"])
    return item if isinstance(item, str) else format_value(item)


def describe_diff(diff: ModelDiff) -> list[str]:
    """Readable lines, one per change, for the History page.

    Examples
    --------
    >>> from toc.model import LogicModel, Node
    >>> a = LogicModel(title="t")
    >>> b = LogicModel(title="New", nodes=[Node(id="m", label="Mentoring", stage="activity")])
    >>> describe_diff(diff_models(a, b))
    ["added node 'Mentoring' (activity)", "title 't' -> 'New'"]
    """
    lines = [f"added node {_quote(n.label)} ({n.stage.value})" for n in diff.nodes_added]
    lines += [f"removed node {_quote(n.label)} ({n.stage.value})" for n in diff.nodes_removed]
    for change in diff.nodes_changed:
        lines += _node_lines(change)
    if diff.moved:
        lines.append(_moved(diff.moved))
    lines += [f"added {_link(diff, k.id)} (weight {k.weight:g})" for k in diff.links_added]
    lines += [f"removed {_link(diff, k.id)}" for k in diff.links_removed]
    for link in diff.links_changed:
        lines += [f"{_link(diff, link.id)} {_change(c)}" for c in link.changes]
    lines += [_model_line(diff, change) for change in diff.model_changes]
    return lines


def summarise_diff(diff: ModelDiff) -> str:
    """One line saying what changed, kept with each saved revision.

    One or two changes are spelt out; more are counted.

    Examples
    --------
    >>> from toc.model import LogicModel, Node, Position
    >>> nodes = [Node(id=f"n{i}", label=f"N{i}", stage="input") for i in range(3)]
    >>> a = LogicModel(title="t", nodes=nodes)
    >>> b = a.model_copy(deep=True)
    >>> for node in b.nodes:
    ...     node.position = Position(x=1, y=2)
    >>> summarise_diff(diff_models(a, b))
    'moved 3 boxes'
    >>> b.title = "New"
    >>> b.nodes.append(Node(id="m", label="Mentoring", stage="activity"))
    >>> summarise_diff(diff_models(a, b))
    'added 1 node, moved 3 boxes, changed the title'
    """
    lines = describe_diff(diff)
    if not lines:
        return "no changes"
    if len(lines) <= 2 and sum(map(len, lines)) <= 120:
        return "; ".join(lines)
    return ", ".join(_counts(diff))


def _quote(text: str) -> str:
    return format_value(text)


def _moved(count: int) -> str:
    return f"moved {count} box" + ("" if count == 1 else "es")


def _change(change: FieldChange) -> str:
    return f"{change.path} {format_value(change.old)} -> {format_value(change.new)}"


def _link(diff: ModelDiff, link_id: str) -> str:
    source, target = link_id.split("->", 1)
    return f"link {_label(diff, source)} -> {_label(diff, target)}"


def _label(diff: ModelDiff, node_id: str) -> str:
    return _quote(diff.labels.get(node_id, node_id))


def _node_lines(change: NodeChange) -> Iterator[str]:
    name = _quote(change.label)
    for item in change.changes:
        if item.path == "label":
            yield f"renamed node {_quote(item.old)} to {_quote(item.new)}"
        elif item.path == "priority":
            yield f"priority of {name} {format_value(item.old)} -> {format_value(item.new)}"
        elif item.path == "indicators":
            lines = list(_indicator_lines(item.old, item.new)) or [_change(item)]
            yield from (f"node {name} {line}" for line in lines)
        elif item.path != "position":
            yield f"node {name} {_change(item)}"


def _indicator_lines(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> Iterator[str]:
    """Indicators matched by name: added, removed, or which of their fields changed."""
    before = {item["name"]: item for item in old}
    after = {item["name"]: item for item in new}
    if len(before) < len(old) or len(after) < len(new):
        return  # names repeat: the caller says it as one change
    for key, item in after.items():
        if key not in before:
            yield f"added indicator {_quote(key)}"
        elif item != before[key]:
            changes = _field_changes(before[key], item)
            yield f"indicator {_quote(key)} " + ", ".join(_change(c) for c in changes)
    yield from (f"removed indicator {_quote(key)}" for key in before if key not in after)
    if list(before) != list(after) and before.keys() == after.keys():
        yield "reordered indicators"


def _model_line(diff: ModelDiff, change: FieldChange) -> str:
    head, _, rest = change.path.partition(".")
    if head in ("departments", "stakeholders") and rest:
        return _group_line(diff, head, change)
    if head == "agreed_order":
        order = [[diff.labels.get(i, i) for i in ids] for ids in (change.old, change.new)]
        return f"agreed order {format_value(order[0])} -> {format_value(order[1])}"
    if head == "valuation" and not rest:
        return "added valuation settings" if change.old is None else "removed valuation settings"
    return _change(change)


_GROUP_NOUN = {"departments": "department", "stakeholders": "stakeholder group"}


def _group_line(diff: ModelDiff, head: str, change: FieldChange) -> str:
    noun = _GROUP_NOUN[head]
    parts = change.path.split(".")
    if len(parts) == 2:
        verb, item = ("added", change.new) if change.old is None else ("removed", change.old)
        return f"{verb} {noun} {_quote(item['label'])}"
    name = _label(diff, f"{head}.{parts[1]}")
    if len(parts) == 4 and parts[2] == "ratings":
        what = f"rating of {_label(diff, parts[3])}"
        return f"{noun} {name} {what} {format_value(change.old)} -> {format_value(change.new)}"
    return f"{noun} {name} {_change(FieldChange('.'.join(parts[2:]), change.old, change.new))}"


def _counts(diff: ModelDiff) -> Iterator[str]:
    edited = [c for c in diff.nodes_changed if not c.moved_only]
    for verb, items, noun in (
        ("added", diff.nodes_added, "node"),
        ("removed", diff.nodes_removed, "node"),
        ("changed", edited, "node"),
        ("added", diff.links_added, "link"),
        ("removed", diff.links_removed, "link"),
        ("changed", diff.links_changed, "link"),
    ):
        if items:
            yield f"{verb} {len(items)} {noun}" + ("" if len(items) == 1 else "s")
    if diff.moved:
        yield _moved(diff.moved)
    yield from _setting_counts(diff.model_changes)


def _setting_counts(changes: list[FieldChange]) -> Iterator[str]:
    heads = list(dict.fromkeys(change.path.split(".")[0] for change in changes))
    for head in heads:
        yield f"changed the {head.replace('_', ' ')}"
