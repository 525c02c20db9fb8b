"""Proxy tables: a user's own financial proxies, imported, re-based and picked.

A proxy table is a CSV or XLSX file with the columns ``code``, ``name``,
``unit``, ``value``, ``source`` and ``year`` (the price year of the value),
in any order and any case; other columns are ignored.  ``toc`` ships no
third-party values (the HACT Social Value Bank licence, for one, forbids
it): only :func:`example_proxies`, a small table whose values are invented
and say so.  Import your own licensed table with :func:`read_proxies`.

Examples
--------
>>> table = example_proxies()
>>> pick(table, "EX-JOB").value
8000.0
>>> rebased = rebase(table, 2024, {2022: 100.0, 2024: 110.0})
>>> pick(rebased, "EX-VOL").value, pick(rebased, "EX-VOL").year
(1320.0, 2024)
"""

from __future__ import annotations

import csv
import difflib
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from toc.errors import ProxyTableError
from toc.formats.limits import read_bytes
from toc.model import LogicModel

__all__ = [
    "COLUMNS",
    "Proxy",
    "ProxyTable",
    "apply_proxies",
    "example_proxies",
    "pick",
    "proxied_model",
    "read_index",
    "read_proxies",
    "rebase",
]

COLUMNS = ("code", "name", "unit", "value", "source", "year")


@dataclass(frozen=True)
class Proxy:
    """One row of a proxy table: the value of one unit for one year."""

    code: str
    name: str
    unit: str
    value: float
    source: str
    year: int


@dataclass(frozen=True)
class ProxyTable:
    """Proxies by code, and the file they came from."""

    proxies: Mapping[str, Proxy]
    source: str = ""

    def __len__(self) -> int:
        return len(self.proxies)


def read_proxies(path: str | os.PathLike[str]) -> ProxyTable:
    """Read a proxy table from a CSV or XLSX file.

    Raises
    ------
    ProxyTableError
        Naming the file and row, for a missing column, a bad number or year,
        an empty code or a code used twice.
    toc.errors.ModelFileError
        If the file cannot be read or is over the size limit for any file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ProxyTableError(
            f"{suffix or 'no suffix'!r} is not a proxy table format: use .csv or .xlsx",
            path=str(path),
        )
    raw = read_bytes(path)
    rows = _xlsx_rows(raw, str(path)) if suffix == ".xlsx" else _csv_rows(raw, str(path))
    return _table(rows, str(path))


def example_proxies() -> ProxyTable:
    """The small example table shipped with ``toc``: illustrative values only."""
    data = resources.files("toc").joinpath("data/proxies-example.csv").read_bytes()
    return _table(_csv_rows(data, "proxies-example.csv"), "proxies-example.csv")


def _csv_rows(raw: bytes, source: str) -> Iterator[list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ProxyTableError(
            f"byte {err.start} is not UTF-8 text: save the table as CSV UTF-8", path=source
        ) from err
    yield from csv.reader(io.StringIO(text))


def _xlsx_rows(raw: bytes, source: str) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).worksheets[0]
    except Exception as err:  # openpyxl raises many kinds for a broken file
        raise ProxyTableError(
            "this is not a readable XLSX workbook: save it again from your spreadsheet",
            path=source,
        ) from err
    for row in sheet.iter_rows(values_only=True):
        yield ["" if cell is None else str(cell) for cell in row]


def _table(rows: Iterable[list[str]], source: str) -> ProxyTable:
    lines = iter(rows)
    header = [cell.strip().lower() for cell in next(lines, [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ProxyTableError(
            f"the header row lacks {', '.join(map(repr, missing))}: a proxy table has the "
            f"columns {', '.join(COLUMNS)}",
            path=source,
            row=1,
        )
    where = {name: header.index(name) for name in COLUMNS}
    proxies: dict[str, Proxy] = {}
    rows_of: dict[str, int] = {}
    for number, cells in enumerate(lines, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        proxy = _proxy(cells, where, source, number)
        if proxy.code in proxies:
            raise ProxyTableError(
                f"code {proxy.code!r} is also on row {rows_of[proxy.code]}: "
                "give each proxy its own code",
                path=source,
                row=number,
            )
        proxies[proxy.code], rows_of[proxy.code] = proxy, number
    return ProxyTable(proxies, source)


def _proxy(cells: list[str], where: dict[str, int], source: str, row: int) -> Proxy:
    def cell(name: str) -> str:
        index = where[name]
        return cells[index].strip() if index < len(cells) else ""

    code = cell("code")
    if not code:
        raise ProxyTableError("the code is empty: give the proxy a code", path=source, row=row)
    return Proxy(
        code=code,
        name=cell("name"),
        unit=cell("unit"),
        value=_number(cell("value"), source, row),
        source=cell("source"),
        year=_year(cell("year"), source, row),
    )


def _number(text: str, source: str, row: int) -> float:
    cleaned = text.replace(",", "").replace(" ", "").lstrip("£$€")
    if cleaned.startswith("-"):
        cleaned = "-" + cleaned[1:].lstrip("£$€")
    try:
        return float(cleaned)
    except ValueError:
        raise ProxyTableError(
            f"value {text!r} is not a number: write the value of one unit for one year, "
            "e.g. 1500 or -400",
            path=source,
            row=row,
        ) from None


def _year(text: str, source: str, row: int) -> int:
    year = text.removesuffix(".0")
    if not (year.isdigit() and 1900 <= int(year) <= 2200):
        raise ProxyTableError(
            f"year {text!r} is not a year: give the price year of the value, e.g. 2024",
            path=source,
            row=row,
        )
    return int(year)


def rebase(table: ProxyTable, price_year: int, index: Mapping[int, float]) -> ProxyTable:
    """Every value moved to ``price_year`` prices by a price index the user gives.

    ``value * index[price_year] / index[year]``; ``index`` maps years to an
    index level (e.g. the GDP deflator or CPI), any base.
    """
    needed = sorted({price_year, *(p.year for p in table.proxies.values())})
    absent = [year for year in needed if year not in index]
    if absent:
        raise ProxyTableError(
            f"the price index has no level for {', '.join(map(str, absent))}: add those "
            "years to the index",
            path=table.source,
        )
    if any(index[year] <= 0 for year in needed):
        raise ProxyTableError("price index levels must be above 0", path=table.source)
    moved = {
        code: replace(p, value=p.value * index[price_year] / index[p.year], year=price_year)
        for code, p in table.proxies.items()
    }
    return ProxyTable(moved, table.source)


def pick(table: ProxyTable, code: str) -> Proxy:
    """The proxy with this code.

    Examples
    --------
    >>> pick(example_proxies(), "EX-JOBS")
    Traceback (most recent call last):
    ...
    toc.errors.ProxyTableError: proxies-example.csv: no proxy has the code 'EX-JOBS': did you mean 'EX-JOB'?
    """
    if code in table.proxies:
        return table.proxies[code]
    near = difflib.get_close_matches(code, list(table.proxies), n=3, cutoff=0.8)
    hint = f"did you mean {' or '.join(map(repr, near))}?" if near else "check the table"
    raise ProxyTableError(f"no proxy has the code {code!r}: {hint}", path=table.source)


def apply_proxies(model: LogicModel, table: ProxyTable) -> LogicModel:
    """A copy of the model whose valued nodes with a ``proxy_code`` take the table's proxy.

    The proxy value, name, source and year are copied from the table, so the
    model states where each value came from.
    """
    nodes = []
    for node in model.nodes:
        value = node.value
        if value is not None and value.proxy_code:
            try:
                proxy = pick(table, value.proxy_code)
            except ProxyTableError as err:
                raise ProxyTableError(f"node {node.id!r}: {err.message}", path=err.path) from err
            update = {"proxy": proxy.value, "proxy_name": proxy.name}
            update |= {"proxy_source": proxy.source, "proxy_year": proxy.year}
            node = node.model_copy(update={"value": value.model_copy(update=update)})
        nodes.append(node)
    return model.model_copy(update={"nodes": nodes})


def read_index(path: str | os.PathLike[str]) -> dict[int, float]:
    """A price index from a CSV file with the columns ``year`` and ``index``.

    Raises
    ------
    ProxyTableError
        Naming the file and row, for a missing column or a bad year or level.
    """
    source = str(path)
    rows = iter(_csv_rows(read_bytes(Path(path)), source))
    header = [cell.strip().lower() for cell in next(rows, [])]
    if "year" not in header or "index" not in header:
        raise ProxyTableError(
            "a price index has the columns 'year' and 'index'", path=source, row=1
        )
    at_year, at_level = header.index("year"), header.index("index")
    levels = {}
    for number, cells in enumerate(rows, start=2):
        if any(cell.strip() for cell in cells):
            year = _year(cells[at_year].strip(), source, number)
            levels[year] = _number(cells[at_level].strip(), source, number)
    return levels


def proxied_model(
    model: LogicModel,
    table_path: str | os.PathLike[str],
    *,
    price_year: int | None = None,
    index_path: str | os.PathLike[str] | None = None,
) -> LogicModel:
    """The model with proxies taken from a table file, re-based first when asked.

    Raises
    ------
    ProxyTableError
        If a price year is given without an index, or the other way round.
    """
    if (price_year is None) != (index_path is None):
        raise ProxyTableError(
            "re-basing needs both a price year and a price index file: give both or neither",
            path=str(table_path),
        )
    table = read_proxies(table_path)
    if price_year is not None and index_path is not None:
        table = rebase(table, price_year, read_index(index_path))
    return apply_proxies(model, table)
