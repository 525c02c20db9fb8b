"""The "Read me" sheet that explains every column, in every workbook and the blank template.

The Read me is generated from the same layout as the sheets, so a field
added to the schema is explained (at least by its allowed values) without
edits; the example rows come from a small example model run through the
same writer.

Examples
--------
>>> import io, openpyxl
>>> from toc.formats.spreadsheet.workbook import template_bytes
>>> book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
>>> book.sheetnames[:4]
['Read me', 'Model', 'Nodes', 'Links']
>>> [c.value for c in book["Links"][1]][:3]
['from', 'to', 'weight']
>>> read_me_rows()[0]
['How to fill in this workbook']
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from annotated_types import Ge, Gt, Le, Lt

from toc.formats.spreadsheet.cells import LIST_SEPARATOR, put
from toc.formats.spreadsheet.layout import Column, Table, workbook_layout
from toc.formats.spreadsheet.rows import model_rows
from toc.model import FRAMEWORK_PATTERN, ID_PATTERN, LogicModel

if TYPE_CHECKING:
    import openpyxl

__all__ = [
    "READ_ME",
    "add_read_me",
    "example_model",
    "read_me_rows",
]

READ_ME = "Read me"
TEMPLATE_TITLE = "Our theory of change"

_NOTES = (
    "Each sheet has a header row (row 1); columns may be in any order and extra columns "
    "are ignored.",
    "An empty cell means 'not set'. Numbers may be typed as text ('0.5', '25%', '£250,000').",
    f"Several values in one cell (frameworks, agreed_order) are separated by "
    f"'{LIST_SEPARATOR.strip()}'.",
    "Sheets Model, Nodes and Links are needed; the others may be left empty.",
    "Rows on Indicators, Observed and Ranges name their node in column 'node'; rows on "
    "Ratings name their stakeholder group.",
    "Check the file with `toc check FILE.xlsx`: every problem is reported with its sheet and row.",
)

_HELP = {
    "Model.key": "a setting of the whole model (column A of sheet Model)",
    "Model.title": "the model's name",
    "Model.version": "the file format version: leave 1",
    "Model.agreed_order": "the agreed priority order of outcome ids, most important first",
    "Model.valuation.discount_rate": "SROI: the yearly discount rate (HM Treasury: 3.5%)",
    "Model.valuation.investment": "SROI: the value of the inputs (default: the inputs' costs)",
    "Nodes.id": "a short unique id for the box, e.g. 'mentoring' (links may name boxes by label instead)",
    "Nodes.label": "the text shown in the box",
    "Nodes.stage": "where the box sits in the chain",
    "Nodes.department": "the id of the department that owns the box (sheet Departments)",
    "Nodes.horizon": "for outcomes: when the change is expected",
    "Nodes.priority": "for outcomes and impacts: how much it matters (any scale, e.g. 1-5)",
    "Nodes.cost": "for inputs: what it costs, in the model's currency",
    "Nodes.input_kind": "for inputs: what kind of resource it is",
    "Nodes.frameworks": "codes from outcome frameworks, e.g. 'toms:NT1; sdg:8'",
    "Nodes.value.quantity": "SROI: how many units of the outcome",
    "Nodes.value.proxy": "SROI: the value of one unit for one year; negative for a harm",
    "Nodes.value.start": (
        "SROI: the year the outcome starts: 1 during the activity, 2 the year after, "
        "4 after a three-year programme (1 to 1000)"
    ),
    "Nodes.value.stakeholder": (
        "SROI: the id of the stakeholder group that experiences the outcome (sheet Stakeholders)"
    ),
    "Nodes.position.x": "where the editor placed the box (left to right)",
    "Nodes.position.y": "where the editor placed the box (top to bottom)",
    "Links.from": "the id of the box the link starts at",
    "Links.to": "the id of the box the link ends at",
    "Links.weight": "how strongly 'from' drives 'to' (default 1); negative if it undermines it",
    "Links.assumption": "why we believe the link holds",
    "Links.evidence": "how well the link is evidenced",
    "Links.low": "the lowest believable weight, for sensitivity analysis",
    "Links.high": "the highest believable weight, for sensitivity analysis",
    "Links.allocation": "for links from inputs: the share of the input's cost going this way",
    "Indicators.node": "the id of the box (sheet Nodes) this indicator measures",
    "Indicators.name": "what is measured",
    "Departments.id": "a short unique id, used in the department column of Nodes",
    "Departments.label": "the department's name",
    "Departments.colour": "a colour for the department's boxes",
    "Stakeholders.id": "a short unique id for the group",
    "Stakeholders.label": "the group's name",
    "Stakeholders.weight": "how much the group counts in the agreed priorities (default 1)",
    "Ratings.stakeholder": "the id of the stakeholder group (sheet Stakeholders)",
    "Ratings.outcome": "the id of an outcome or impact box",
    "Ratings.points": "the points the group gave this outcome",
}

_PATTERNS = {
    ID_PATTERN: "an id (letters, digits, _ - .)",
    FRAMEWORK_PATTERN: "a tag 'scheme:code', e.g. toms:NT1",
    r"^#[0-9A-Fa-f]{6}$": "a colour '#rrggbb', e.g. #1f77b4",
}


def add_read_me(book: openpyxl.Workbook, *, first: bool = False) -> None:
    """Add the Read me sheet to a workbook, last (or first, for the template)."""
    sheet = book.create_sheet(READ_ME, 0 if first else None)
    for number, row in enumerate(read_me_rows(), start=1):
        for index, value in enumerate(row, start=1):
            if value is not None:
                put(sheet.cell(number, index), value, READ_ME)
    for letter, width in zip("ABCDE", (16, 34, 12, 40, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    from openpyxl.styles import Font

    bold = Font(bold=True)
    for number, row in enumerate(read_me_rows(), start=1):
        if len(row) == 1 or row[:2] == ["Sheet", "Column"]:
            sheet.cell(number, 1).font = bold


@functools.cache
def _read_me() -> tuple[tuple[Any, ...], ...]:
    layout = workbook_layout()
    rows: list[list[Any]] = [["How to fill in this workbook"], []]
    rows += [[None, note] for note in _NOTES]
    rows += [[], ["Sheet", "Column", "Required", "Allowed values", "What it holds"]]
    for table in (layout.root, *layout.tables):
        rows += [_explained(table, column) for column in table.all_columns]
    rows += [[], ["Example rows (from a small example model)"]]
    examples = model_rows(example_model())
    for table in layout.tables:
        rows += [[table.sheet, *examples[table.sheet][0]]]
        rows += [[None, *_fullest(examples[table.sheet][1:])]] if examples[table.sheet][1:] else []
    return tuple(tuple(row) for row in rows)


def _fullest(rows: list[list[Any]]) -> list[Any]:
    return max(rows, key=lambda row: sum(cell is not None for cell in row))


def read_me_rows() -> list[list[Any]]:
    """The rows of the Read me sheet."""
    return [list(row) for row in _read_me()]


#: Ids a person may leave out: toc makes them from the labels (toc.formats.labelled).
_OPTIONAL_IDS = {("Nodes", "id")}


def _explained(table: Table, column: Column) -> list[Any]:
    required = "yes" if column.required else ("with the rest" if column.needed else "")
    if (table.sheet, column.name) in _OPTIONAL_IDS:  # read with ids optional (labelled.py)
        required = "no: made from the label when empty"
    meaning = _HELP.get(f"{table.sheet}.{column.name}", "")
    return [table.sheet, column.name, required, allowed(column), meaning]


def allowed(column: Column) -> str:
    """The values a column takes, in words.

    Examples
    --------
    >>> links = workbook_layout().table("Links")
    >>> allowed(links.column("weight")), allowed(links.column("evidence"))
    ('a number, from -1 to 1', 'one of: none, weak, moderate, strong')
    """
    if column.kind == "list":
        item = Column(
            column.name,
            column.keys,
            column.item_kind,
            choices=column.choices,
            pattern=column.pattern,
        )
        return f"several, separated by '{LIST_SEPARATOR.strip()}': {allowed(item)}"
    if column.kind == "choice":
        return "one of: " + ", ".join(str(c) for c in column.choices)
    words = {
        "number": "a number",
        "integer": "a whole number",
        "bool": "TRUE or FALSE",
        "id": _PATTERNS.get(column.pattern or ID_PATTERN, f"text matching {column.pattern}"),
        "text": "any text",
        "raw": "a value",
    }[column.kind]
    limits = _limits(column.bounds)
    return f"{words}, {limits}" if limits else words


def _limits(bounds: tuple[Any, ...]) -> str:
    low = next((b for b in bounds if isinstance(b, Ge | Gt)), None)
    high = next((b for b in bounds if isinstance(b, Le | Lt)), None)
    low_value = getattr(low, "ge", getattr(low, "gt", None))
    high_value = getattr(high, "le", getattr(high, "lt", None))
    if isinstance(low, Ge) and isinstance(high, Le):
        if low_value == high_value:
            return f"always {low_value:g}"
        return f"from {_amount(low_value)} to {_amount(high_value)}"
    parts = []
    if low is not None:
        parts.append(
            f"{_amount(low_value)} or more"
            if isinstance(low, Ge)
            else f"more than {_amount(low_value)}"
        )
    if high is not None:
        parts.append(
            f"{_amount(high_value)} or less"
            if isinstance(high, Le)
            else f"less than {_amount(high_value)}"
        )
    return " and ".join(parts)


def _amount(value: Any) -> str:
    """A bound as a person types it: ``1,000,000,000,000`` rather than ``1e+12``."""
    return f"{value:,.0f}" if float(value).is_integer() and abs(value) >= 1e4 else f"{value:g}"


def example_model() -> LogicModel:
    """A small model that fills in every sheet, for the Read me's example rows."""
    return LogicModel.model_validate(
        {
            "title": "Youth employment",
            "organisation": "Anytown Council",
            "departments": [{"id": "employment", "label": "Employment and skills"}],
            "stakeholders": [
                {"id": "residents", "label": "Young residents", "ratings": {"jobs": 60}}
            ],
            "agreed_order": ["jobs"],
            "valuation": {
                "investment_by_year": {0: 150000, 1: 100000},
                "compound_rates": {1: 0.035},
            },
            "nodes": [
                {
                    "id": "grant",
                    "label": "Council grant",
                    "stage": "input",
                    "input_kind": "funding",
                    "cost": 250000,
                },
                {
                    "id": "mentoring",
                    "label": "One-to-one mentoring",
                    "stage": "activity",
                    "department": "employment",
                },
                {
                    "id": "jobs",
                    "label": "Young people in secure work",
                    "stage": "outcome",
                    "horizon": "medium",
                    "priority": 3,
                    "frameworks": ["toms:NT1"],
                    "indicators": [
                        {
                            "name": "Young people in work after 6 months",
                            "unit": "people",
                            "baseline": 10,
                            "target": 40,
                        }
                    ],
                    "value": {
                        "quantity": 40,
                        "proxy": 8000,
                        "deadweight": 0.25,
                        "observed": {1: 38},
                        "ranges": {"deadweight": {"low": 0.2, "high": 0.4}},
                    },
                },
            ],
            "links": [
                {"from": "grant", "to": "mentoring", "allocation": 1},
                {
                    "from": "mentoring",
                    "to": "jobs",
                    "weight": 0.6,
                    "assumption": "Mentoring builds confidence",
                    "evidence": "moderate",
                },
            ],
        }
    )
