"""A model as a pair of CSV files: ``...nodes.csv`` and ``...links.csv`` side by side.

The pair carries the boxes (every column of the Nodes sheet) and the links
(every column of the Links sheet).  Departments are named on the nodes,
by id or by name ("Public health" becomes the id ``public-health``); the
title comes from the file name.  Everything else (indicators, stakeholders and
ratings, the agreed order, valuation settings, observed values and ranges,
department colours) needs a workbook, YAML or JSON; :func:`csv_subset` says
exactly what a pair keeps.

Files are UTF-8 with a byte-order mark (so Excel shows every script) and
CRLF line ends; text that a spreadsheet would run as a formula is written
with a leading ``'`` and read back without it.

Examples
--------
>>> links_path(Path("data/youth-nodes.csv"))
PosixPath('data/youth-links.csv')
>>> title_of(Path("youth_employment-nodes.csv"))
'Youth employment'
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from toc.errors import ModelFileError
from toc.formats.limits import max_file_bytes, read_bytes
from toc.formats.spreadsheet.cells import csv_guarded, csv_unguarded, number_text
from toc.formats.spreadsheet.data import Rows, model_from_rows
from toc.formats.spreadsheet.layout import normal_name, workbook_layout
from toc.formats.spreadsheet.rows import ROOT_HEADER, model_rows
from toc.model import ID_PATTERN, Department, LogicModel, dump_dict, suggest_id

__all__ = [
    "csv_pair_omits",
    "csv_subset",
    "links_path",
    "read_csv_pair",
    "title_of",
    "write_csv_pair",
]

_WORD = "nodes"


def links_path(path: Path) -> Path:
    """The links file that goes with a nodes file: the last ``nodes`` becomes ``links``."""
    name = path.name
    at = name.lower().rfind(_WORD)
    if at < 0:
        raise ModelFileError(
            f"{name!r} is not the nodes file of a CSV pair: a CSV model is two files side "
            "by side, e.g. 'youth-nodes.csv' and 'youth-links.csv' (or 'nodes.csv' and "
            "'links.csv'); give the path of the nodes file",
            path=str(path),
        )
    word = name[at : at + len(_WORD)]
    links = "LINKS" if word.isupper() else ("Links" if word[0].isupper() else "links")
    return path.with_name(name[:at] + links + name[at + len(_WORD) :])


def title_of(path: Path) -> str:
    """A title made from the nodes file's name: ``youth-nodes.csv`` gives ``Youth``."""
    stem = path.stem
    at = stem.lower().rfind(_WORD)
    text = (stem[:at] + stem[at + len(_WORD) :]) if at >= 0 else stem
    words = " ".join(text.replace("_", " ").replace("-", " ").split())
    words = words or path.stem
    return words[:1].upper() + words[1:]


def read_csv_pair(path: Path, *, title: str | None = None) -> LogicModel:
    """The model in a nodes file and the links file beside it.

    Raises
    ------
    toc.errors.ModelFileError
        If the name does not contain ``nodes``, the links file is missing or a
        file is not UTF-8 CSV.
    toc.formats.spreadsheet.SpreadsheetError
        For missing columns and bad cells, each with its file and row.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "youth-nodes.csv").write_text("id,label,stage\\ngrant,Grant,input\\n")
    >>> _ = (folder / "youth-links.csv").write_text("from,to,weight\\n")
    >>> model = read_csv_pair(folder / "youth-nodes.csv")
    >>> model.title, [n.id for n in model.nodes]
    ('Youth', ['grant'])
    """
    nodes_file = Path(path)
    links_file = links_path(nodes_file)
    if not links_file.exists():
        raise ModelFileError(
            f"the links file {links_file.name!r} is missing: a CSV model is two files side "
            f"by side, {nodes_file.name!r} and {links_file.name!r}; create it with the header "
            f"'{','.join(c.name for c in workbook_layout().table('Links').columns)}' (it may "
            "have no other rows), or convert the model to .xlsx",
            path=str(nodes_file),
        )
    nodes_rows, departments = _departments(_csv_rows(nodes_file))
    sheets: dict[str, Rows] = {
        "Model": [(1, ROOT_HEADER), (2, ("title", title or title_of(nodes_file)))],
        "Nodes": nodes_rows,
        "Links": _csv_rows(links_file),
        "Departments": departments,
    }
    names = {"Nodes": nodes_file.name, "Links": links_file.name, "Departments": nodes_file.name}
    model: LogicModel = model_from_rows(sheets, source=str(nodes_file), names=names)
    return model


def _csv_rows(path: Path) -> list[tuple[int, tuple[Any, ...]]]:
    text = _decoded(read_bytes(path), path)
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    # A field may be as long as the file may be; the default would refuse what
    # write_csv_pair writes (a text over 131,072 characters).
    csv.field_size_limit(max(csv.field_size_limit(), max_file_bytes()))
    rows: list[tuple[int, tuple[Any, ...]]] = []
    # strict: a stray quote is an error, not quietly dropped ('"b"c' would read as 'bc')
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for number, cells in enumerate(reader, 1):  # records, as a spreadsheet numbers rows
            if any(c.strip() for c in cells):
                rows.append((number, tuple(csv_unguarded(c) for c in cells)))
    except csv.Error as err:
        raise ModelFileError(
            f"this is not valid CSV: {err}: check the quotes on this line (a quote inside a "
            'quoted text is written twice, "")',
            path=str(path),
            line=reader.line_num,
        ) from err
    return rows


def _decoded(raw: bytes, path: Path) -> str:
    """UTF-8 text, or Windows-1252: what Excel's plain "CSV (Comma delimited)" writes."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise ModelFileError(
                f"byte {err.start} is not UTF-8 text: in Excel, save as "
                "'CSV UTF-8 (Comma delimited)'",
                path=str(path),
            ) from err


def _departments(rows: Rows) -> tuple[Rows, Rows]:
    """Nodes rows with department names made ids, and the Departments rows they declare."""
    if not rows:
        return rows, []
    header = [normal_name(h) for h in rows[0][1]]
    if "department" not in header:
        return rows, []
    at = header.index("department")
    declared: dict[str, tuple[int, tuple[Any, ...]]] = {}
    out = [rows[0]]
    for number, cells in rows[1:]:
        name = cells[at].strip() if at < len(cells) else ""
        dept = name if _is_id(name) else suggest_id(name)
        if name:
            declared.setdefault(dept, (number, (dept, name)))
            cells = (*cells[:at], dept, *cells[at + 1 :])
        out.append((number, cells))
    return out, [(1, ("id", "label")), *declared.values()]


def _is_id(text: str) -> bool:
    return re.fullmatch(ID_PATTERN, text) is not None


def write_csv_pair(model: LogicModel, path: Path) -> None:
    """Write the nodes and links of a model as a CSV pair (see :func:`csv_subset`).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> m = LogicModel.model_validate({"title": "t", "nodes": [
    ...     {"id": "a", "label": "=A", "stage": "input"}]})
    >>> write_csv_pair(m, folder / "nodes.csv")
    >>> (folder / "nodes.csv").read_text(encoding="utf-8-sig").splitlines()[1][:12]
    "a,'=A,input,"
    >>> (folder / "links.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    'from,to,weight,assumption,evidence,low,high,allocation'
    """
    nodes_file = Path(path)
    links_file = links_path(nodes_file)
    sheets = model_rows(model)
    names = {d.id: _written_department(d) for d in model.departments}
    header = [normal_name(h) for h in sheets["Nodes"][0]]
    at = header.index("department")
    nodes = [sheets["Nodes"][0]]
    nodes += [
        [*row[:at], names.get(row[at], row[at]), *row[at + 1 :]] for row in sheets["Nodes"][1:]
    ]
    for target, rows in ((nodes_file, nodes), (links_file, sheets["Links"])):
        try:
            target.write_bytes(_csv_bytes(rows))
        except OSError as err:
            raise ModelFileError(
                f"cannot write the file: {err.strerror}", path=str(target)
            ) from err


def _written_department(department: Department) -> str:
    label = department.label
    return label if not _is_id(label) and suggest_id(label) == department.id else department.id


def _csv_bytes(rows: list[list[Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return number_text(value)
    return csv_guarded(str(value))


def csv_subset(model: LogicModel, title: str) -> LogicModel:
    """The part of a model that a CSV pair carries: what reading the pair back gives.

    Examples
    --------
    >>> m = LogicModel.model_validate({"title": "t", "description": "lost", "nodes": [
    ...     {"id": "a", "label": "A", "stage": "outcome",
    ...      "indicators": [{"name": "lost too"}]}]})
    >>> csv_subset(m, "Youth")
    LogicModel(version=1, title='Youth', description='', ...)
    >>> csv_subset(m, "Youth").nodes[0].indicators
    []
    """
    layout = workbook_layout()
    data = model.model_dump(mode="python", by_alias=True)
    for table in layout.tables:
        if table.parent == "Nodes":
            for node in data["nodes"]:
                _drop(node, table.where)
    for node in data["nodes"]:  # the indicator that counted an outcome went with the rest
        if isinstance(node.get("value"), dict) and not node.get("indicators"):
            node["value"]["counted_by"] = None
    used = dict.fromkeys(n.department for n in model.nodes if n.department is not None)
    order = list(used)
    departments = sorted(
        (d for d in model.departments if d.id in used), key=lambda d: order.index(d.id)
    )
    kept = [
        {"id": d.id, "label": d.label if _written_department(d) != d.id else d.id}
        for d in departments
    ]
    return LogicModel.model_validate(
        {"title": title, "nodes": data["nodes"], "links": data["links"], "departments": kept}
    )


def _drop(item: dict[str, Any], where: tuple[str, ...]) -> None:
    for key in where[:-1]:
        item = item.get(key) or {}
    item.pop(where[-1], None)


def csv_pair_omits(model: LogicModel) -> list[str]:
    """What a CSV pair of this model would leave out, in words (empty if nothing).

    Front ends can warn with it before writing a pair.

    Examples
    --------
    >>> m = LogicModel.model_validate({"title": "t", "description": "why", "nodes": [
    ...     {"id": "a", "label": "A", "stage": "outcome", "indicators": [{"name": "n"}]}]})
    >>> csv_pair_omits(m)
    ['description', 'indicators (on 1 box)']
    """
    full, kept = dump_dict(model), dump_dict(csv_subset(model, model.title))
    omitted = [key for key in full if key != "nodes" and full[key] != kept.get(key)]
    for table in workbook_layout().tables:
        if table.parent == "Nodes":
            count = sum(1 for node in full.get("nodes", []) if _value_at(node, table.where))
            if count:
                omitted.append(f"{table.sheet.lower()} (on {count} box{'es' * (count > 1)})")
    return omitted


def _value_at(item: dict[str, Any], where: tuple[str, ...]) -> Any:
    for key in where:
        item = item.get(key) or {}
    return item
