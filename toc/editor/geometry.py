"""Where boxes sit on the editor's canvas: one column per stage, rows down each column.

Examples
--------
>>> column_x(Stage.ACTIVITY), ROW_HEIGHT
(300.0, 90.0)
"""

from __future__ import annotations

import textwrap

from toc.model import LogicModel, Node, Position, Stage

__all__ = [
    "COLUMN_WIDTH",
    "ROW_HEIGHT",
    "box_height",
    "column_x",
    "free_position",
    "pitch",
    "position_of",
    "positions",
]

COLUMN_WIDTH = 300.0  # a 200 px box and a 100 px gutter for link labels
ROW_HEIGHT = 90.0  # the least distance from one box's top to the next one's
LINE_CHARS = 22  # characters on one line of a 200 px box at 16 px
LINE_HEIGHT = 21.0
BOX_FRAME = 16.0  # padding and border above and below the text
GAP = 20.0  # clear space between a box and the next one below it


def column_x(stage: Stage) -> float:
    """The x coordinate of a stage's column on the canvas.

    Examples
    --------
    >>> column_x(Stage.INPUT), column_x(Stage.OUTCOME)
    (0.0, 900.0)
    """
    return stage.rank * COLUMN_WIDTH


def box_height(label: str) -> float:
    """About how tall a box is on the canvas: its label wrapped at :data:`LINE_CHARS`.

    Examples
    --------
    >>> box_height("Grant"), box_height("Young people in sustained work for six months or more")
    (37.0, 79.0)
    """
    lines = textwrap.wrap(" ".join(label.split()), LINE_CHARS, break_long_words=True)
    return max(1, len(lines)) * LINE_HEIGHT + BOX_FRAME


def pitch(label: str) -> float:
    """The distance from the top of a box with ``label`` to the top of the box below it."""
    return max(ROW_HEIGHT, box_height(label) + GAP)


def positions(model: LogicModel) -> dict[str, Position]:
    """Where the canvas shows every box: its saved place, else its row in its stage column.

    Unsaved boxes stack down their column in model order, each a :func:`pitch` below the
    one before, so a long label never runs into the next box.  Linear in the model.

    Examples
    --------
    >>> m = LogicModel(title="t", nodes=[
    ...     {"id": "a", "label": "A label long enough to wrap onto three lines of the box", "stage": "input"},
    ...     {"id": "b", "label": "B", "stage": "input"}])
    >>> positions(m)["b"]
    Position(x=0.0, y=99.0)
    """
    tops: dict[Stage, float] = {}
    found = {}
    for node in model.nodes:
        top = tops.get(node.stage, 0.0)
        found[node.id] = node.position or Position(x=column_x(node.stage), y=top)
        tops[node.stage] = top + pitch(node.label)
    return found


def free_position(model: LogicModel, stage: Stage) -> Position:
    """A place in the stage's column below every box already there.

    Examples
    --------
    >>> m = LogicModel(title="t", nodes=[{"id": "g", "label": "Grant", "stage": "input"}])
    >>> free_position(m, Stage.INPUT)
    Position(x=0.0, y=90.0)
    """
    placed = positions(model)
    column = [n for n in model.nodes if n.stage is stage]
    bottom = max((placed[n.id].y + pitch(n.label) for n in column), default=0.0)
    return Position(x=column_x(stage), y=bottom)


def position_of(model: LogicModel, node: Node) -> Position:
    """Where the canvas shows ``node`` (see :func:`positions`).

    Examples
    --------
    >>> m = LogicModel(title="t", nodes=[{"id": "a", "label": "A", "stage": "activity"},
    ...                                  {"id": "b", "label": "B", "stage": "outcome"}])
    >>> position_of(m, m.nodes[1])
    Position(x=900.0, y=0.0)
    """
    return node.position or positions(model)[node.id]
