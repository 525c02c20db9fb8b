"""The line of a YAML or JSON text that a location such as ``("nodes", 0, "stage")`` came from.

Lines are looked up only when something is wrong, so loading a good file pays
nothing for them.

Examples
--------
>>> lines = line_of("title: t\\nnodes:\\n  - id: a\\n    stage: nope\\n")
>>> lines(("nodes", 0, "stage"))
4
>>> lines(("nodes", 0, "missing"))
3
"""

from __future__ import annotations

from collections.abc import Callable

import yaml

__all__ = ["line_of"]

Loc = tuple[str | int, ...]


def line_of(text: str) -> Callable[[Loc], int | None]:
    """A function giving the 1-based line of a location in a YAML or JSON text.

    A location that is not in the text (a missing key) gives the line of the
    nearest enclosing item.
    """
    composed: list[yaml.Node | None] = []

    def lookup(loc: Loc) -> int | None:
        if not composed:  # once, and only when a line is asked for
            composed.append(_composed(text))
        best, node = None, composed[0]
        for part in loc:
            node = _child(node, part)
            if node is None:
                break
            best = node.start_mark.line + 1
        return best

    return lookup


def _composed(text: str) -> yaml.Node | None:
    try:
        node: yaml.Node | None = yaml.compose(
            text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except yaml.YAMLError:
        return None
    return node


def _child(node: yaml.Node | None, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                found: yaml.Node = value
                return found
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item: yaml.Node = node.value[part]
        return item
    return None
