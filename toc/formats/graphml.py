"""GraphML: a model as a directed graph that networkx, Gephi and yEd read.

Writing: one ``<node>`` per box (its id the box's id) and one ``<edge>`` per
link, through :func:`networkx.write_graphml`.  Every field travels as a
GraphML attribute (see :mod:`toc.formats.exchange`): ``label``, ``stage``,
``description``, ``department``, ``horizon``, ``priority``, ``cost``,
``input_kind``, ``frameworks`` (one text, ``"; "`` between tags), the
position as ``x`` and ``y``, and ``indicators`` and the SROI ``value`` as
JSON text; on edges ``weight``, ``low``, ``high``, ``allocation``,
``assumption`` and ``evidence``; on the graph ``title``, ``description``,
``organisation`` and the rest of the model.  Reading a file written here
gives back the same model.

Reading is bounded and safe: the file's size is limited, the XML is streamed
once through expat first, refusing a document type declaration (where entity
bombs live), nesting deeper than 64 and more than ``TOC_MAX_XML_ELEMENTS``
elements.  A file from another tool needs a ``label`` and a ``stage`` on every
node; a missing graph ``title`` is made from the file name, and the drawing
attributes other tools write (colours, sizes, shapes) are ignored; an edge
without a ``weight`` whose label is a number (yEd's ``+0.5``) takes it as its weight.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "Youth", "nodes": [
...     {"id": "grant", "label": "Grant & <co>", "stage": "input", "cost": 5},
...     {"id": "jobs", "label": "Jobs", "stage": "outcome"}],
...     "links": [{"from": "grant", "to": "jobs", "weight": -0.5}]})
>>> raw = graphml_bytes(m)
>>> b"Grant &amp; &lt;co&gt;" in raw, model_from_graphml(raw, "m.graphml") == m
(True, True)
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from toc.errors import ModelFileError
from toc.formats.exchange import field_kinds, flat, title_from_name, unflat
from toc.formats.limits import MAX_DEPTH, MAX_XML_ELEMENTS, limit
from toc.model import Link, LogicModel, Node, dump_dict, model_from_data

__all__ = ["IGNORED", "graphml_bytes", "model_from_graphml"]

#: Attributes other tools write for drawing only (Gephi's colours and size, yEd's shapes).
IGNORED = frozenset({"r", "g", "b", "size", "color", "shape_type", "width", "height", "url"})
_NETWORKX_OWN = frozenset({"node_default", "edge_default"})
_EDGE_IGNORED = frozenset({"id", "label", "r", "g", "b", "color", "url"})
# Characters XML 1.0 cannot hold, even written as a reference.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CHUNK = 64 * 1024
_EDGE_ID = re.compile(r"e([0-9]{1,9})")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")


def graphml_bytes(model: LogicModel) -> bytes:
    """The GraphML of a model, the same bytes for the same model.

    Raises
    ------
    toc.errors.ModelFileError
        If a text holds a control character, which XML cannot hold.
    """
    data = dump_dict(model)
    _refuse_control_characters(data)
    import networkx as nx  # 0.2 s to import: only when a GraphML file is used

    graph = nx.DiGraph()
    rest = {k: v for k, v in data.items() if k not in ("nodes", "links")}
    graph.graph.update(flat(rest, field_kinds(LogicModel)))
    for node in data.get("nodes", []):
        graph.add_node(node["id"], **_node_attributes(node))
    for at, link in enumerate(data.get("links", [])):
        attributes = {k: v for k, v in link.items() if k not in ("from", "to")}
        # networkx writes edges grouped by source; the id keeps the links' order
        attributes = {"id": f"e{at}", **flat(attributes, field_kinds(Link))}
        graph.add_edge(link["from"], link["to"], **attributes)
    stream = io.BytesIO()
    nx.write_graphml(graph, stream, encoding="utf-8", prettyprint=True, edge_id_from_attribute="id")
    # A carriage return in a text would come back as a line feed (XML normalises line
    # ends); as a character reference it comes back as itself.
    return stream.getvalue().replace(b"\r", b"&#13;")


def _node_attributes(node: dict[str, Any]) -> dict[str, Any]:
    attributes = {k: v for k, v in node.items() if k not in ("id", "position")}
    position = node.get("position")
    if position is not None:
        attributes.update(x=position["x"], y=position["y"])
    return flat(attributes, field_kinds(Node))


def _refuse_control_characters(data: dict[str, Any]) -> None:
    items = [("the model", {k: v for k, v in data.items() if k not in ("nodes", "links")})]
    items += [(f"node {n['id']!r}", n) for n in data.get("nodes", [])]
    items += [(f"link '{k['from']}->{k['to']}'", k) for k in data.get("links", [])]
    for name, item in items:
        for key, value in item.items():
            bad = _NOT_XML.search(value if isinstance(value, str) else _texts(value))
            if bad:
                raise ModelFileError(
                    f"{name} {key}: the control character U+{ord(bad.group()):04X} cannot be "
                    "held in GraphML (XML): remove it, or save as YAML or JSON"
                )


def _texts(value: Any) -> str:
    """Every text inside a value, joined (numbers and the rest left out)."""
    if isinstance(value, dict):
        return _texts(list(value.keys())) + _texts(list(value.values()))
    if isinstance(value, list):
        return "".join(_texts(item) for item in value)
    return value if isinstance(value, str) else ""


def model_from_graphml(raw: bytes, source: str) -> LogicModel:
    """The model in the bytes of a GraphML file.

    Raises
    ------
    toc.errors.ModelFileError
        For XML that is not well formed, refused (a document type, too deep,
        too many elements) or not a directed graph, each with its line.
    toc.errors.InvalidModelError
        For a model that breaks the rules, each problem with the line of its node or edge.
    """
    lines = _scan(raw, source)
    graph = _graph(raw, source)
    nodes = [_node(str(key), attrs, source) for key, attrs in graph.nodes(data=True)]
    links = [_link(a, b, attrs, source) for a, b, attrs in _in_order(graph, lines)]
    # networkx keeps the keys' defaults among the graph's attributes
    attributes = {k: v for k, v in graph.graph.items() if k not in _NETWORKX_OWN}
    data = unflat(attributes, field_kinds(LogicModel), source)
    data.setdefault("title", title_from_name(source))
    data.update(nodes=nodes, links=links)
    return model_from_data(data, source=source, lines=_places(data, lines))


def _graph(raw: bytes, source: str) -> Any:
    import networkx as nx

    try:
        with warnings.catch_warnings():  # networkx's notes on odd keys are not the user's to act on
            warnings.simplefilter("ignore")
            graph = nx.read_graphml(io.BytesIO(raw), node_type=str)
    except (nx.NetworkXError, SyntaxError, ValueError, KeyError, TypeError) as err:
        raise ModelFileError(
            f"this is not GraphML that toc can read: {err}: save it again as GraphML",
            path=source,
        ) from err
    if not graph.is_directed():
        raise ModelFileError(
            'the graph is undirected (edgedefault="undirected"), but every link of a logic '
            "model runs from one box to another: save it as a directed graph",
            path=source,
        )
    return graph


def _in_order(graph: Any, lines: _Lines) -> list[tuple[str, str, dict[str, Any]]]:
    """The edges in the links' order: by their ids ``e0``, ``e1`` ... if all have one
    (as toc writes them), else as the file lists them."""
    edges = sorted(graph.edges(data=True), key=lambda e: lines.edges.get((e[0], e[1]), 0))
    numbers = [_EDGE_ID.fullmatch(str(attrs.get("id", ""))) for _, _, attrs in edges]
    if all(numbers):
        order = [int(found.group(1)) for found in numbers if found]
        return [edge for _, edge in sorted(zip(order, edges, strict=True), key=lambda p: p[0])]
    return edges


def _node(key: str, attributes: dict[str, Any], source: str) -> dict[str, Any]:
    kept = {k: v for k, v in attributes.items() if k not in IGNORED and k != "id"}
    x, y = kept.pop("x", None), kept.pop("y", None)
    node = {"id": key, **unflat(kept, field_kinds(Node), f"{source}: node {key!r}")}
    if x not in (None, "") or y not in (None, ""):
        node["position"] = {"x": x, "y": y}
    return node


def _link(source_id: str, target: str, attributes: dict[str, Any], source: str) -> dict[str, Any]:
    kept = {k: v for k, v in attributes.items() if k not in _EDGE_IGNORED}
    label = str(attributes.get("label", "")).strip()
    if "weight" not in kept and _NUMBER.fullmatch(label):
        kept["weight"] = float(label)  # yEd keeps a drawn weight as the edge's label: "+0.5"
    where = f"{source}: edge {source_id}->{target}"
    return {"from": source_id, "to": target, **unflat(kept, field_kinds(Link), where)}


@dataclass
class _Lines:
    """The line of each node (by id) and each edge (by its ends), from the scan."""

    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[tuple[str, str], int] = field(default_factory=dict)


def _places(data: dict[str, Any], lines: _Lines) -> Callable[[tuple[str | int, ...]], int | None]:
    def line(loc: tuple[str | int, ...]) -> int | None:
        if len(loc) < 2 or not isinstance(loc[1], int):
            return None
        item = data[str(loc[0])][loc[1]] if loc[0] in ("nodes", "links") else None
        if loc[0] == "nodes" and item is not None:
            return lines.nodes.get(item["id"])
        return lines.edges.get((item["from"], item["to"])) if item is not None else None

    return line


def _scan(raw: bytes, source: str) -> _Lines:
    """Stream the XML once, refusing what would make parsing it unbounded."""
    found = _Lines()
    most = limit("TOC_MAX_XML_ELEMENTS", MAX_XML_ELEMENTS)
    parser = expat.ParserCreate(namespace_separator=" ")
    depth, count = [0], [0]

    def start(name: str, attrs: dict[str, str]) -> None:
        depth[0] += 1
        count[0] += 1
        if depth[0] > MAX_DEPTH or count[0] > most:
            what = f"nested deeper than {MAX_DEPTH}" if depth[0] > MAX_DEPTH else "too large"
            raise _Refused(f"the XML is {what} (more than {most:,} elements is refused)")
        local = name.rsplit(" ", 1)[-1]
        if local == "node" and "id" in attrs:
            found.nodes.setdefault(attrs["id"], parser.CurrentLineNumber)
        elif local == "edge" and "source" in attrs and "target" in attrs:
            found.edges.setdefault((attrs["source"], attrs["target"]), parser.CurrentLineNumber)

    def end(_: str) -> None:
        depth[0] -= 1

    def doctype(*_: Any) -> None:
        raise _Refused(
            "the file declares a document type (<!DOCTYPE>), which GraphML does not use and "
            "which can hide entity bombs: remove the declaration"
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    _feed(parser, raw, source)
    return found


class _Refused(Exception):
    """Why the XML is refused; the message says what to do."""


def _feed(parser: Any, raw: bytes, source: str) -> None:
    try:
        for at in range(0, len(raw), _CHUNK):
            parser.Parse(raw[at : at + _CHUNK], False)
        parser.Parse(b"", True)
    except _Refused as err:
        raise ModelFileError(str(err), path=source, line=parser.CurrentLineNumber) from err
    except expat.ExpatError as err:
        raise ModelFileError(
            f"this is not well-formed XML: {expat.ErrorString(err.code)} (column {err.offset + 1})",
            path=source,
            line=err.lineno,
        ) from err
