"""Three-way merge of two edits of one model, as two browser tabs make them.

Both edits started from ``base``.  Nodes are matched by id, links by
``source->target``, departments and stakeholder groups by id, stakeholder
ratings by outcome id; inside each, every field merges on its own.  A list
field (indicators, framework tags, the agreed order) and a node's position
count as one value.  A change made on one side only is taken; the same change
made on both sides is taken once; different changes to the same value, or a
deletion on one side of something the other side changed, are
:class:`Conflict` s described in words (except that a box deleted on one
side and only dragged on the other is deleted).  A merged model that breaks a
structural rule (say two edits that together close a cycle) is a conflict
too: the merge never returns an invalid model.

Examples
--------
>>> from toc.model import LogicModel
>>> base = LogicModel.model_validate({"title": "Youth", "nodes": [
...     {"id": "mentoring", "label": "Mentoring", "stage": "activity"},
...     {"id": "jobs", "label": "Jobs", "stage": "outcome"}]})
>>> ours = base.model_copy(deep=True)
>>> ours.nodes[0].label = "Peer mentoring"
>>> theirs = base.model_copy(deep=True)
>>> theirs.nodes[1].label = "Young people in work"
>>> [n.label for n in merge_models(base, ours, theirs).model.nodes]
['Peer mentoring', 'Young people in work']
>>> theirs.nodes[0].label = "Coaching"
>>> print(merge_models(base, ours, theirs).conflicts[0].description)
node 'Mentoring' (mentoring): label was 'Mentoring'; ours has 'Peer mentoring', theirs has 'Coaching'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from toc.errors import InvalidModelError
from toc.history.diff import format_value
from toc.model import LogicModel, model_from_data

__all__ = ["Conflict", "MergeResult", "Side", "merge_models"]

Side = Literal["ours", "theirs"]


class _Missing:
    """Stands for a value that one side does not have (never had, or deleted)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

Path = tuple[str, ...]

# Lists of things with ids, merged item by item: list name -> the id of an item.
_KEYED: dict[str, Callable[[dict[str, Any]], str]] = {
    "nodes": lambda item: item["id"],
    "links": lambda item: f"{item['from']}->{item['to']}",
    "departments": lambda item: item["id"],
    "stakeholders": lambda item: item["id"],
}


@dataclass(frozen=True)
class Conflict:
    """Two edits that cannot both be kept.

    ``path`` names the value (``nodes.jobs.label``, ``links.a->b``, ``title``;
    ``structure`` when the merged model breaks a rule); ``base``, ``ours`` and
    ``theirs`` are the three versions of it, ``None`` where one is absent.
    """

    path: str
    base: Any
    ours: Any
    theirs: Any
    description: str


@dataclass(frozen=True)
class MergeResult:
    """The merged model, or ``None`` and the conflicts that stop the merge."""

    model: LogicModel | None
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """Whether the merge succeeded without conflicts."""
        return self.model is not None and not self.conflicts


def merge_models(
    base: LogicModel,
    ours: LogicModel,
    theirs: LogicModel,
    *,
    names: tuple[str, str] = ("ours", "theirs"),
    prefer: Side | None = None,
) -> MergeResult:
    """Merge ``ours`` and ``theirs``, two edits of ``base``.

    ``names`` are how the descriptions of conflicts call the two sides, e.g.
    ``("your edit", "revision 7 by Sam")``.  ``prefer`` settles every clash
    of values in favour of one side (``"ours"`` or ``"theirs"``) while still
    taking the other side's edits elsewhere: how a user resolves a conflict
    without losing the rest of either edit.  A merged model that breaks a
    rule is a conflict even then.  Where both sides reordered a
    list, the order of ``ours`` wins; items new on the other side go last.

    Examples
    --------
    >>> from toc.model import LogicModel, Node, Link
    >>> base = LogicModel(title="t", nodes=[Node(id="a", label="A", stage="activity"),
    ...                                     Node(id="b", label="B", stage="activity")])
    >>> ours = base.model_copy(update={"links": [Link(from_="a", to="b")]})
    >>> theirs = base.model_copy(update={"links": [Link(from_="b", to="a")]})
    >>> result = merge_models(base, ours, theirs, names=("you", "Sam"))
    >>> result.model is None
    True
    >>> print(result.conflicts[0].description)
    together the two edits break a rule: links form a cycle: a -> b -> a; ...
    """
    if ours == theirs or theirs == base:
        return MergeResult(ours)
    if ours == base:
        return MergeResult(theirs)
    merger = _Merger(names, _labels(theirs, ours, base), prefer)
    data = merger.value(_keyed(base), _keyed(ours), _keyed(theirs), ())
    if merger.conflicts:
        return MergeResult(None, merger.conflicts)
    try:
        return MergeResult(model_from_data(_unkeyed(data), source="the merged model"))
    except InvalidModelError as err:
        return MergeResult(None, [_broken_rule(problem.message) for problem in err.problems])


def _broken_rule(message: str) -> Conflict:
    text = f"together the two edits break a rule: {message}"
    return Conflict("structure", None, None, None, text)


def _keyed(model: LogicModel) -> dict[str, Any]:
    data = model.model_dump(mode="json", by_alias=True)
    for name, key in _KEYED.items():
        data[name] = {key(item): item for item in data[name]}
    return data


def _unkeyed(data: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v.values()) if k in _KEYED else v for k, v in data.items()}


def _labels(*models: LogicModel) -> dict[str, str]:
    """Node labels by id; a later model's label wins."""
    return {node.id: node.label for model in models for node in model.nodes}


def _is_map(value: Any) -> bool:
    return isinstance(value, Mapping)


def _whole(path: Path) -> bool:
    """Whether a mapping at ``path`` counts as one value (a node's position)."""
    return len(path) == 3 and path[0] == "nodes" and path[2] == "position"


class _Merger:
    """Walks the three versions together, collecting conflicts as it goes."""

    def __init__(self, names: tuple[str, str], labels: dict[str, str], prefer: Side | None) -> None:
        self.names = names
        self.prefer = prefer
        self.labels = labels
        self.conflicts: list[Conflict] = []

    def value(self, base: Any, ours: Any, theirs: Any, path: Path) -> Any:
        if ours == theirs or theirs == base:
            return ours
        if ours == base:
            return theirs
        mergeable = base is MISSING or base is None or _is_map(base)
        if mergeable and _is_map(ours) and _is_map(theirs) and not _whole(path):
            return self.mapping({} if not _is_map(base) else base, ours, theirs, path)
        if MISSING in (ours, theirs) and _only_moved(base, theirs if ours is MISSING else ours):
            return MISSING  # a box deleted on one side and only dragged on the other goes
        if self.prefer is not None:
            return ours if self.prefer == "ours" else theirs
        self.conflicts.append(self.conflict(base, ours, theirs, path))
        return ours

    def mapping(
        self,
        base: Mapping[str, Any],
        ours: Mapping[str, Any],
        theirs: Mapping[str, Any],
        path: Path,
    ) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for key in _key_order(base, ours, theirs):
            got = (base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING))
            value = self.value(*got, (*path, key))
            if value is not MISSING:
                merged[key] = value
        return merged

    def conflict(self, base: Any, ours: Any, theirs: Any, path: Path) -> Conflict:
        text = f"{self.place(path)}: {self.story(base, ours, theirs, path)}"
        base, ours, theirs = (None if v is MISSING else v for v in (base, ours, theirs))
        return Conflict(".".join(path), base, ours, theirs, text)

    def place(self, path: Path) -> str:
        if path[0] == "nodes" and len(path) > 1:
            label = self.labels.get(path[1], path[1])
            return f"node {format_value(label)} ({path[1]})"
        if path[0] == "links" and len(path) > 1:
            ends = [format_value(self.labels.get(end, end)) for end in path[1].split("->", 1)]
            return f"link {' -> '.join(ends)}"
        noun = {"departments": "department", "stakeholders": "stakeholder group"}
        if path[0] in noun and len(path) > 1:
            return f"{noun[path[0]]} {path[1]!r}"
        return path[0].replace("_", " ")

    def story(self, base: Any, ours: Any, theirs: Any, path: Path) -> str:
        if len(path) == 2 and path[0] in _KEYED and MISSING in (ours, theirs):
            return self.deleted_story(base, ours, theirs)
        sides = [
            f"{name} {_did(value)}" for name, value in zip(self.names, (ours, theirs), strict=True)
        ]
        what = self.what(path)
        if base is MISSING:
            return f"{what}was added on both sides; " + ", ".join(sides)
        return f"{what}was {_shown(base)}; " + ", ".join(sides)

    def what(self, path: Path) -> str:
        inner = path[2:] if path[0] in _KEYED else path[1:]
        if len(inner) == 2 and inner[0] == "ratings":
            return f"rating of {format_value(self.labels.get(inner[1], inner[1]))} "
        return f"{'.'.join(inner)} " if inner else ""

    def deleted_story(self, base: Any, ours: Any, theirs: Any) -> str:
        (gone, _), (kept, value) = sorted(
            zip(self.names, (ours, theirs), strict=True), key=lambda side: side[1] is not MISSING
        )
        return f"{gone} deleted it, but {kept} changed it ({_changes(base, value)})"


def _changes(base: Any, value: Any) -> str:
    if not (_is_map(base) and _is_map(value)):
        return f"{_shown(base)} -> {_shown(value)}"
    keys = [k for k in value if base.get(k) != value[k]]
    return "; ".join(f"{k} {_shown(base.get(k))} -> {_shown(value[k])}" for k in keys)


def _only_moved(base: Any, kept: Any) -> bool:
    """Whether ``kept`` differs from ``base`` in its position alone (a dragged box)."""
    if not (_is_map(base) and _is_map(kept) and "position" in base):
        return False
    return {**base, "position": None} == {**kept, "position": None}


def _did(value: Any) -> str:
    return "deleted it" if value is MISSING else f"has {_shown(value)}"


def _shown(value: Any) -> str:
    if _is_map(value) and "label" in value:
        return format_value(value["label"])
    return format_value(value)


def _key_order(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> list[str]:
    """Keys in the order of the side that reordered them (``ours`` if both or neither did).

    Keys new on the other side go last.
    """
    if _same_order(base, ours) and not _same_order(base, theirs):
        first, second = theirs, ours
    else:
        first, second = ours, theirs
    return [*first, *(key for key in second if key not in first)]


def _same_order(base: Mapping[str, Any], side: Mapping[str, Any]) -> bool:
    return [k for k in side if k in base] == [k for k in base if k in side]
