"""Provider returns and monitoring: the workbook a provider fills in each period, and what
the commissioner reads from it (each indicator against baseline and target, observed
quantities, value to date against the forecast).

See :mod:`toc.monitoring.returns` (the workbook), :mod:`toc.monitoring.progress` (the
rules) and :mod:`toc.monitoring.periods` (period labels).
"""

from __future__ import annotations

from toc.monitoring.periods import PeriodError, periods_from, year_of
from toc.monitoring.progress import RULE, IndicatorPeriod, Monitoring, OutcomeToDate, monitor
from toc.monitoring.returns import ProviderReturn, ReturnRow, read_return, return_template_bytes

__all__ = [
    "RULE",
    "IndicatorPeriod",
    "Monitoring",
    "OutcomeToDate",
    "PeriodError",
    "ProviderReturn",
    "ReturnRow",
    "monitor",
    "periods_from",
    "read_return",
    "return_template_bytes",
    "year_of",
]
