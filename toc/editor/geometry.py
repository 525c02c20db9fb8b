"""Where boxes sit on the editor's canvas: one column per stage, rows down each column.

Outcomes with a horizon get a column each (outcomes with no horizon, then short,
medium and long term), as on the diagram; the stages after them move right.

Examples
--------
>>> column_x(Stage.ACTIVITY), ROW_HEIGHT
(300.0, 90.0)
"""

from __future__ import annotations

import textwrap

from toc.model import Horizon, LogicModel, Node, Position, Stage

__all__ = [
    "COLUMN_WIDTH",
    "HORIZONS",
    "ROW_HEIGHT",
    "Column",
    "box_height",
    "column_of",
    "column_x",
    "columns",
    "free_position",
    "pitch",
    "position_of",
    "positions",
]

COLUMN_WIDTH = 300.0  # a 200 px box and a 100 px gutter for link labels
ROW_HEIGHT = 90.0  # the least distance from one box's top to the next one's
LINE_CHARS = 20  # characters on one line of a 200 px box at 16 px (fewer than fit)
LINE_HEIGHT = 24.0  # 16 px text at the canvas's line height of 1.5
BOX_FRAME = 18.0  # padding and border above and below the text
GAP = 24.0  # clear space between a box and the next one below it


#: The order of the outcome columns when outcomes are split by horizon.
HORIZONS: tuple[Horizon | None, ...] = (None, Horizon.SHORT, Horizon.MEDIUM, Horizon.LONG)
#: One column of the canvas: a stage and, for split outcomes, a horizon.
Column = tuple[Stage, Horizon | None]


def column_of(stage: Stage, horizon: Horizon | None = None) -> Column:
    """The column a box of ``stage`` with ``horizon`` belongs in (only outcomes split)."""
    return (stage, horizon if stage is Stage.OUTCOME else None)


def columns(model: LogicModel, *extra: Column) -> dict[Column, float]:
    """Every column of the canvas for ``model`` (and the ``extra`` ones) and its x.

    Every stage has a column, empty or not, so there is always somewhere to drop a
    box; outcomes split by horizon once any outcome has one.

    Examples
    --------
    >>> m = LogicModel(title="t", nodes=[
    ...     {"id": "a", "label": "A", "stage": "outcome", "horizon": "long"},
    ...     {"id": "b", "label": "B", "stage": "outcome"}])
    >>> [(s.value, h and h.value, x) for (s, h), x in columns(m).items()][2:]
    [('output', None, 600.0), ('outcome', None, 900.0), ('outcome', 'long', 1200.0), ('impact', None, 1500.0)]
    """
    wanted = {column_of(n.stage, n.horizon) for n in model.nodes} | set(extra)
    split = any(h is not None for s, h in wanted if s is Stage.OUTCOME)
    found: list[Column] = []
    for stage in Stage:
        if stage is Stage.OUTCOME and split:
            found += [(stage, h) for h in HORIZONS if (stage, h) in wanted]
        else:
            found.append((stage, None))
    return {column: index * COLUMN_WIDTH for index, column in enumerate(found)}


def column_x(stage: Stage) -> float:
    """The x coordinate of a stage's column on the canvas when outcomes are not split.

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
    (42.0, 90.0)
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
    Position(x=0.0, y=114.0)
    """
    xs = columns(model)
    tops: dict[Column, float] = {}
    found = {}
    for node in model.nodes:
        column = column_of(node.stage, node.horizon)
        top = tops.get(column, 0.0)
        found[node.id] = node.position or Position(x=xs[column], y=top)
        tops[column] = top + pitch(node.label)
    return found


def free_position(model: LogicModel, stage: Stage, horizon: Horizon | None = None) -> Position:
    """A place in the column of ``stage`` (and ``horizon``) below every box already there.

    Examples
    --------
    >>> m = LogicModel(title="t", nodes=[{"id": "g", "label": "Grant", "stage": "input"}])
    >>> free_position(m, Stage.INPUT)
    Position(x=0.0, y=90.0)
    """
    placed = positions(model)
    column = column_of(stage, horizon)
    mates = [n for n in model.nodes if column_of(n.stage, n.horizon) == column]
    bottom = max((placed[n.id].y + pitch(n.label) for n in mates), default=0.0)
    return Position(x=columns(model, column)[column], y=bottom)


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
