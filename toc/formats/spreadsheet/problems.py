"""Spreadsheet errors, and placing a model's problems on sheets and rows.

Every problem a workbook or CSV pair can have names the sheet (or CSV file)
and the row as a spreadsheet shows it: the header is row 1.

Examples
--------
>>> from toc.errors import Problem
>>> places = {("nodes", 0): ("Nodes", 5)}
>>> placed(Problem("node 'a' stage: bad", ("nodes", 0, "stage")), places).where()
'sheet Nodes, row 5'
>>> print(SpreadsheetError([Problem("no column 'stage'", sheet="Nodes", row=1)], path="m.xlsx"))
m.xlsx: 1 problem
  sheet Nodes, row 1: no column 'stage'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from toc.errors import InvalidModelError, ModelFileError, Problem

__all__ = ["Place", "SpreadsheetError", "close_match", "placed"]

Place = tuple[str, int]
Loc = tuple[str | int, ...]


class SpreadsheetError(InvalidModelError, ModelFileError):
    """A workbook or CSV pair that cannot be read as a model: each problem has a sheet and row.

    It is an :class:`~toc.errors.InvalidModelError` (so front ends list the
    problems) and a :class:`~toc.errors.ModelFileError` (the file is at fault).
    """


def placed(problem: Problem, places: Mapping[Loc, Place], root_sheet: str = "Model") -> Problem:
    """The problem with the sheet and row of the deepest place its location has."""
    loc = problem.loc
    for end in range(len(loc), 0, -1):
        place = places.get(loc[:end])
        if place is not None:
            return Problem(problem.message, loc, sheet=place[0], row=place[1])
    if len(loc) == 1 and "is missing" in problem.message:
        message = (
            f"sheet {root_sheet} has no row {loc[0]!r}: add a row with {loc[0]!r} in the "
            "'key' column and its value in the 'value' column"
        )
        return Problem(message, loc, sheet=root_sheet)
    return Problem(f"sheet {root_sheet}: {problem.message}", loc, sheet=root_sheet)


def close_match(name: str, known: Iterable[str]) -> str | None:
    """The known name ``name`` is most likely a typo of, if any.

    Examples
    --------
    >>> close_match("priorty", ["priority", "cost"]), close_match("notes", ["priority"])
    ('priority', None)
    """
    found = difflib.get_close_matches(name, list(known), n=1, cutoff=0.85)
    return found[0] if found else None
