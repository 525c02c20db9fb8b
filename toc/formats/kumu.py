"""Kumu blueprints: a model as the JSON that Kumu (kumu.io) imports, and back.

A blueprint is ``{"elements": [...], "connections": [...]}``.  Each box is an
element: ``id``, ``label``, ``type`` (the stage, capitalised: ``Input`` ...
``Impact``), ``description``, ``tags`` (the framework codes) and the fields
``department``, ``horizon``, ``priority``, ``cost`` and ``input kind``.  Each
link is a connection ``from`` one element ``to`` another (by id), of type
``drives`` or ``undermines`` (the sign), with ``direction: directed``, the
signed ``weight``, ``low``, ``high``, ``allocation``, ``evidence``, and the
assumption as the connection's ``description``.

A blueprint cannot carry the rest (:func:`kumu_subset` says exactly what it
keeps): the title comes from the file name (``youth.kumu.json`` is titled
"Youth"); departments are named on the elements; the model's description,
organisation, stakeholders and ratings, agreed order, priority source and
valuation, department colours, and each box's indicators, SROI value and
position are left out.

Reading takes what people type in Kumu's own style: ids may be left out and
connections may name elements by label (:mod:`toc.formats.labelled`); a type
may be plural or any case (``Outcomes``); a connection may give ``strength``
(0 to 1) with a ``type`` of ``undermines`` (or ``negative``, ``-``) instead of
a signed weight.  A project backup's maps, views and loops are not read.

Examples
--------
>>> text = '''{"elements": [{"label": "Mentoring", "type": "Activity"},
...                        {"label": "Jobs", "type": "Outcomes"}],
...            "connections": [{"from": "Mentoring", "to": "Jobs", "strength": 0.4,
...                             "type": "undermines"}]}'''
>>> m = model_from_kumu(text, "youth.kumu.json")
>>> m.title, [n.id for n in m.nodes], m.links[0].weight
('Youth', ['mentoring', 'jobs'], -0.4)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from toc.errors import InvalidModelError, Problem
from toc.formats.exchange import title_from_name
from toc.formats.jsontext import load as load_json
from toc.formats.labelled import given_ids
from toc.formats.lines import line_of
from toc.formats.spreadsheet.layout import normal_name
from toc.model import ID_PATTERN, LogicModel, Stage, dump_dict, model_from_data, suggest_id
from toc.model.validation import shown

__all__ = ["kumu_bytes", "kumu_omits", "kumu_subset", "model_from_kumu"]

_STAGES = {s.value: s.value for s in Stage} | {
    "inputs": "input",
    "activities": "activity",
    "outputs": "output",
    "outcomes": "outcome",
    "impacts": "impact",
}
_POSITIVE = ("drives", "positive", "+", "supports", "increases")
_NEGATIVE = ("undermines", "negative", "-", "opposes", "decreases")
# Element fields by their normal name (lower case, "_" for spaces): the node's key.
_ELEMENT_KEYS = {
    "id": "id",
    "label": "label",
    "description": "description",
    "tags": "frameworks",
    "department": "department",
    "horizon": "horizon",
    "priority": "priority",
    "cost": "cost",
    "input_kind": "input_kind",
}
_CONNECTION_KEYS = {
    "from": "from",
    "to": "to",
    "weight": "weight",
    "description": "assumption",
    "assumption": "assumption",
    "evidence": "evidence",
    "low": "low",
    "high": "high",
    "allocation": "allocation",
}
_CONNECTION_OWN = ("type", "direction", "strength", "id")
_NODE_ONLY = ("indicators", "value", "position")  # what a blueprint leaves out of a box


def kumu_bytes(model: LogicModel) -> bytes:
    """The Kumu blueprint of a model, the same bytes for the same model."""
    data = dump_dict(model)
    departments = {d.id: _written_department(d.id, d.label) for d in model.departments}
    elements = [_element(node, departments) for node in data.get("nodes", [])]
    connections = [_connection(link) for link in data.get("links", [])]
    blueprint = {"elements": elements, "connections": connections}
    return (json.dumps(blueprint, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _written_department(dept_id: str, label: str) -> str:
    """The department's name if reading it back gives its id, else its id."""
    is_id = re.fullmatch(ID_PATTERN, label) is not None
    return label if not is_id and suggest_id(label) == dept_id else dept_id


def _element(node: dict[str, Any], departments: dict[str, str]) -> dict[str, Any]:
    element: dict[str, Any] = {"id": node["id"], "label": node["label"]}
    element["type"] = node["stage"].capitalize()
    for key in ("description", "frameworks", "horizon", "priority", "cost"):
        if key in node:
            element["tags" if key == "frameworks" else key] = node[key]
    if "department" in node:
        element["department"] = departments.get(node["department"], node["department"])
    if "input_kind" in node:
        element["input kind"] = node["input_kind"]
    return element


def _connection(link: dict[str, Any]) -> dict[str, Any]:
    connection: dict[str, Any] = {"from": link["from"], "to": link["to"]}
    connection["type"] = "undermines" if link["weight"] < 0 else "drives"
    connection["direction"] = "directed"
    connection["weight"] = link["weight"]
    for key in ("low", "high", "allocation", "evidence"):
        if key in link:
            connection[key] = link[key]
    if "assumption" in link:
        connection["description"] = link["assumption"]
    return connection


def kumu_subset(model: LogicModel, title: str) -> LogicModel:
    """The part of a model that a Kumu blueprint carries: what reading it back gives.

    Examples
    --------
    >>> m = LogicModel.model_validate({"title": "t", "description": "lost", "nodes": [
    ...     {"id": "a", "label": "A", "stage": "outcome", "position": {"x": 1, "y": 2}}]})
    >>> kumu_subset(m, "Youth").description, kumu_subset(m, "Youth").nodes[0].position
    ('', None)
    """
    data = dump_dict(model)
    for node in data.get("nodes", []):
        for key in _NODE_ONLY:
            node.pop(key, None)
    used = dict.fromkeys(n.department for n in model.nodes if n.department is not None)
    labels = {d.id: _written_department(d.id, d.label) for d in model.departments}
    departments = [{"id": d, "label": labels[d]} for d in used]
    kept = {"title": title, "departments": departments, "nodes": data.get("nodes", [])}
    return LogicModel.model_validate({**kept, "links": data.get("links", [])})


def kumu_omits(model: LogicModel) -> list[str]:
    """What a Kumu blueprint of this model would leave out, in words (empty if nothing).

    Examples
    --------
    >>> m = LogicModel.model_validate({"title": "t", "organisation": "Council", "nodes": [
    ...     {"id": "a", "label": "A", "stage": "outcome", "indicators": [{"name": "n"}]}]})
    >>> kumu_omits(m)
    ['title (read back from the file name)', 'organisation', 'indicators (on 1 box)']
    """
    full, kept = dump_dict(model), dump_dict(kumu_subset(model, model.title))
    omitted = ["title (read back from the file name)"]
    omitted += [k for k in full if k not in ("nodes", "links") and full[k] != kept.get(k)]
    for key in _NODE_ONLY:
        count = sum(1 for node in full.get("nodes", []) if key in node)
        if count:
            omitted.append(f"{key} (on {count} box{'es' * (count > 1)})")
    return omitted


def model_from_kumu(text: str, source: str) -> LogicModel:
    """The model in the text of a Kumu blueprint.

    Raises
    ------
    toc.errors.ModelFileError
        For text that is not JSON, or JSON that is not a blueprint.
    toc.errors.InvalidModelError
        For elements and connections toc cannot read, each with its line.
    """
    blueprint = load_json(text, source)
    lines = _lines(text)
    elements, connections = _parts(blueprint, source)
    problems: list[Problem] = []
    nodes = [_node(e, at, problems) for at, e in enumerate(elements)]
    links = [_link(c, at, problems) for at, c in enumerate(connections)]
    data: dict[str, Any] = {"title": title_from_name(source), "nodes": nodes, "links": links}
    problems += given_ids(data, lambda loc: f"line {lines(loc)}" if lines(loc) else None)
    if problems:
        placed = [Problem(p.message, p.loc, line=lines(p.loc)) for p in problems]
        raise InvalidModelError(placed, path=source)
    data["departments"] = _departments(nodes)
    return model_from_data(data, source=source, lines=lines)


def _lines(text: str) -> Callable[[tuple[str | int, ...]], int | None]:
    """Lines by the model's locations: node 3 is element 3, link 3 is connection 3."""
    lookup = line_of(text)
    names = {"nodes": "elements", "links": "connections"}

    def line(loc: tuple[str | int, ...]) -> int | None:
        if len(loc) >= 2 and loc[0] in names:
            return lookup((names[str(loc[0])], loc[1]))
        return lookup(loc)

    return line


def _parts(blueprint: Any, source: str) -> tuple[list[Any], list[Any]]:
    elements = blueprint.get("elements") if isinstance(blueprint, Mapping) else None
    connections = blueprint.get("connections", []) if isinstance(blueprint, Mapping) else None
    if not isinstance(elements, list) or not isinstance(connections, list):
        raise InvalidModelError(
            [
                Problem(
                    'a Kumu blueprint is {"elements": [...], "connections": [...]}, each a '
                    'list; this file has no list "elements" (or "connections" is not a list): '
                    "export the map from Kumu as JSON, or save the model as .json instead"
                )
            ],
            path=source,
        )
    return elements, connections


def _fields(item: Any) -> dict[str, Any]:
    """The item's fields by their normal name, empty ones left out."""
    if not isinstance(item, Mapping):
        return {}
    return {normal_name(k): v for k, v in item.items() if v is not None and v != "" and v != []}


def _node(element: Any, at: int, problems: list[Problem]) -> dict[str, Any]:
    fields = _fields(element)
    node = {_ELEMENT_KEYS.get(k, k): v for k, v in fields.items() if k != "type"}
    if isinstance(node.get("frameworks"), str):
        node["frameworks"] = [t.strip() for t in node["frameworks"].split("|") if t.strip()]
    kind = fields.get("type")
    stage = _STAGES.get(kind.strip().lower()) if isinstance(kind, str) else None
    if stage is None:
        name = shown(fields.get("label", fields.get("id", f"element {at + 1}")))
        got = "has no type" if kind is None else f"has the type {shown(kind)}"
        problems.append(
            Problem(
                f"element {name} {got}, but every box needs a stage: give it the type "
                "Input, Activity, Output, Outcome or Impact",
                ("nodes", at, "stage"),
            )
        )
    else:
        node["stage"] = stage
    return node


def _link(connection: Any, at: int, problems: list[Problem]) -> dict[str, Any]:
    fields = _fields(connection)
    link = {_CONNECTION_KEYS.get(k, k): v for k, v in fields.items() if k not in _CONNECTION_OWN}
    name = f"connection '{fields.get('from', '?')}->{fields.get('to', '?')}'"

    def problem(message: str) -> None:
        problems.append(Problem(f"{name} {message}", ("links", at)))

    direction = fields.get("direction", "directed")
    if direction != "directed":
        problem(f"has the direction {shown(direction)}: links run one way; make it 'directed'")
    sign = _sign(fields.get("type"), problem)
    strength = fields.get("strength")
    if "weight" not in link and strength is not None:
        if isinstance(strength, bool) or not isinstance(strength, int | float):
            problem(
                f"strength {shown(strength)} is not a number: give a strength from 0 to 1 "
                "(and the type 'undermines' for a harm), or a weight from -1 to 1"
            )
        else:
            link["weight"] = sign * strength
    elif "weight" not in link:
        link["weight"] = float(sign)
    elif isinstance(link["weight"], int | float) and link["weight"] * sign < 0:
        problem(
            f"has the type {shown(fields.get('type'))} but the weight {link['weight']}: "
            "make the weight's sign agree (negative for 'undermines'), or leave the type out"
        )
    return link


def _sign(kind: Any, problem: Callable[[str], None]) -> int:
    if kind is None or (isinstance(kind, str) and kind.strip().lower() in _POSITIVE):
        return 1
    if isinstance(kind, str) and kind.strip().lower() in _NEGATIVE:
        return -1
    problem(
        f"has the type {shown(kind)}: a link's type is its sign, 'drives' or 'undermines' "
        "(or leave it out and give a signed weight)"
    )
    return 1


def _departments(nodes: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The departments the elements name, by id or by name ("Public health" is 'public-health')."""
    declared: dict[str, dict[str, str]] = {}
    for node in nodes:
        name = node.get("department")
        if not isinstance(name, str):
            continue
        dept = name if re.fullmatch(ID_PATTERN, name) else suggest_id(name)
        declared.setdefault(dept, {"id": dept, "label": name})
        node["department"] = dept
    return list(declared.values())
