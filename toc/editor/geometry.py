"""Where boxes sit on the editor's canvas: one column per stage, rows down each column.

Examples
--------
>>> column_x(Stage.ACTIVITY), ROW_HEIGHT
(300.0, 90.0)
"""

from __future__ import annotations

from toc.model import LogicModel, Node, Position, Stage

__all__ = ["COLUMN_WIDTH", "ROW_HEIGHT", "column_x", "free_position", "position_of"]

COLUMN_WIDTH = 300.0  # a 200 px box and a 100 px gutter for link labels
ROW_HEIGHT = 90.0


def column_x(stage: Stage) -> float:
    """The x coordinate of a stage's column on the canvas.

    Examples
    --------
    >>> column_x(Stage.INPUT), column_x(Stage.OUTCOME)
    (0.0, 900.0)
    """
    return stage.rank * COLUMN_WIDTH


def free_position(model: LogicModel, stage: Stage) -> Position:
    """A place in the stage's column below every box already there.

    Examples
    --------
    >>> m = LogicModel(title="t", nodes=[{"id": "g", "label": "Grant", "stage": "input"}])
    >>> free_position(m, Stage.INPUT)
    Position(x=0.0, y=90.0)
    """
    column = [n for n in model.nodes if n.stage is stage]
    lowest = max((_y_of(model, n) for n in column), default=-ROW_HEIGHT)
    return Position(x=column_x(stage), y=lowest + ROW_HEIGHT)


def _y_of(model: LogicModel, node: Node) -> float:
    return position_of(model, node).y


def position_of(model: LogicModel, node: Node) -> Position:
    """Where the canvas shows ``node``: its saved place, else its row in its stage column.

    Examples
    --------
    >>> m = LogicModel(title="t", nodes=[{"id": "a", "label": "A", "stage": "activity"},
    ...                                  {"id": "b", "label": "B", "stage": "outcome"}])
    >>> position_of(m, m.nodes[1])
    Position(x=900.0, y=0.0)
    """
    if node.position is not None:
        return node.position
    same = [n.id for n in model.nodes if n.stage is node.stage]
    return Position(x=column_x(node.stage), y=same.index(node.id) * ROW_HEIGHT)
