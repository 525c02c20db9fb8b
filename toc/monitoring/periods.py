"""Reporting periods: what a provider's return is kept by, and the year each falls in.

A period is a label that starts with its calendar year: ``2025`` (a year),
``2025-Q1`` (a quarter), ``2025-04`` (a month), ``2025/26`` (a financial year:
the year it starts in).  The year is what turns a period's actuals into an
outcome's observed quantity for that year.  ``--periods`` takes a list
(``2025-Q1,2025-Q2``) or a range of years, quarters or months
(``2025-Q1..2026-Q2``).

Examples
--------
>>> periods_from("2025-Q3..2026-Q2")
['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']
>>> periods_from("2024..2026"), periods_from("2025-11..2026-02")
(['2024', '2025', '2026'], ['2025-11', '2025-12', '2026-01', '2026-02'])
>>> year_of("2025/26")
2025
"""

from __future__ import annotations

import re

from toc.errors import TocError

__all__ = ["MAX_PERIODS", "PeriodError", "periods_from", "year_of"]

#: The most periods one return holds (25 years of months).
MAX_PERIODS = 300

_YEAR = re.compile(r"^(\d{4})(?!\d)")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_PLAIN_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(TocError):
    """A period label or range that cannot be read."""


def year_of(period: str) -> int:
    """The calendar year a period falls in (the year it starts in)."""
    found = _YEAR.match(period.strip())
    if found is None:
        raise PeriodError(
            f"the period {period!r} does not start with its year: name periods like 2025, "
            "2025-Q1, 2025-04 or 2025/26"
        )
    return int(found.group(1))


def periods_from(text: str) -> list[str]:
    """The periods a ``--periods`` value names, in order, each once."""
    found: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        found += _range(part) if ".." in part else [part]
    for period in found:
        year_of(period)
    repeated = sorted({p for p in found if found.count(p) > 1})
    if repeated:
        raise PeriodError(f"the period {repeated[0]!r} is named twice: name each period once")
    if not found:
        raise PeriodError("no period given: name them, e.g. --periods 2025-Q1..2025-Q4")
    if len(found) > MAX_PERIODS:
        raise PeriodError(f"{len(found):,} periods, over the limit of {MAX_PERIODS}: fewer")
    return found


def _range(part: str) -> list[str]:
    first, _, last = (p.strip() for p in part.partition(".."))
    for pattern, step, width in ((_PLAIN_YEAR, 1, 0), (_QUARTER, 4, 1), (_MONTH, 12, 2)):
        a, b = pattern.match(first), pattern.match(last)
        if a and b:
            start, end = _index(a, step), _index(b, step)
            if end < start:
                raise PeriodError(f"the range {part!r} runs backwards: put the earlier first")
            if end - start >= MAX_PERIODS:
                raise PeriodError(f"the range {part!r} is over {MAX_PERIODS} periods: shorten it")
            return [_label(i, step, width) for i in range(start, end + 1)]
    raise PeriodError(
        f"the range {part!r} is not of years, quarters or months: write e.g. 2024..2026, "
        "2025-Q1..2025-Q4 or 2025-04..2026-03"
    )


def _index(found: re.Match[str], step: int) -> int:
    year = int(found.group(1))
    return year * step + (int(found.group(2)) - 1 if step > 1 else 0)


def _label(index: int, step: int, width: int) -> str:
    year, part = divmod(index, step)
    if step == 1:
        return f"{year}"
    return f"{year}-Q{part + 1}" if width == 1 else f"{year}-{part + 1:02d}"
