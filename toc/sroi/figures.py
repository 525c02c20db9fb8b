"""Figures as a reader sees them: ratios, money and plain numbers, never "-0".

:func:`ratio_of` divides an amount by an investment, or gives ``None`` when
there is no investment to divide by (0, or under :data:`SMALLEST_INVESTMENT`,
so that no ratio, however moved, overflows).  Every printed figure of the social value report goes through these, so that
the rules hold everywhere: a ratio has the stated number of decimals,
rounded half up (``5.5`` prints ``6 : 1`` at 0 decimals); the minus sign of
money comes before the currency sign (``-£1,014,755``, never
``£-1,014,755``); and anything that rounds to zero prints without a sign.

Examples
--------
>>> ratio_text(5.62, 0), ratio_text(1.8693)
('6 : 1', '1.87 : 1')
>>> money_text(-1014755.2, "GBP"), money_text(-0.0001, "EUR", digits=2)
('-£1,014,755', '€0.00')
>>> number_text(-0.0004, 3)
'0.000'
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = [
    "CURRENCY_SIGNS",
    "SMALLEST_INVESTMENT",
    "money_text",
    "number_text",
    "percent_text",
    "ratio_of",
    "ratio_text",
    "rounded",
]

#: Currencies printed with a sign before the amount; others print their code.
CURRENCY_SIGNS = {"GBP": "£", "EUR": "€", "USD": "$"}
#: An investment below this counts as none: dividing by it could overflow.
SMALLEST_INVESTMENT = 1e-100
# Enough digits for any float written out in full, with decimals to spare.
_WIDE = Context(prec=400)


def ratio_of(amount: float, investment: float) -> float | None:
    """``amount / investment``, or ``None`` without an investment to divide by.

    Examples
    --------
    >>> ratio_of(467338.49, 250000), ratio_of(1.0, 0.0), ratio_of(1.0, 5e-324)
    (1.86935396, None, None)
    """
    return amount / investment if investment >= SMALLEST_INVESTMENT else None


def rounded(value: float, digits: int) -> Decimal:
    """``value`` to ``digits`` decimals, half up, with no negative zero.

    Examples
    --------
    >>> rounded(2.5, 0), rounded(-0.004, 2), rounded(0.125, 2), number_text(1e30)
    (Decimal('3'), Decimal('0.00'), Decimal('0.13'), '1,000,000,000,000,000,000,000,000,000,000')
    """
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number")
    step = Decimal(1).scaleb(-digits)
    exact = Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP, context=_WIDE)
    return exact.copy_abs() if exact.is_zero() else exact


def number_text(value: float, digits: int = 0) -> str:
    """``value`` with thousands separators and ``digits`` decimals, never ``-0``.

    Examples
    --------
    >>> number_text(-9661.836), number_text(1234.5, 2), number_text(-0.3)
    ('-9,662', '1,234.50', '0')
    """
    return f"{rounded(value, digits):,.{digits}f}"


def percent_text(fraction: float | None) -> str:
    """A fraction as a percentage, to two decimals when it needs them; ``-`` for none.

    Examples
    --------
    >>> percent_text(0.25), percent_text(0.6618831), percent_text(0.1), percent_text(None)
    ('25%', '66.19%', '10%', '-')
    """
    if fraction is None:
        return "-"
    text = f"{fraction * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def ratio_text(ratio: float | None, digits: int = 2) -> str:
    """A ratio as SROI reports print it, e.g. ``1.87 : 1``.

    Examples
    --------
    >>> ratio_text(1.8693), ratio_text(5.62, 0), ratio_text(-0.0001, 3), ratio_text(None)
    ('1.87 : 1', '6 : 1', '0.000 : 1', 'none (no investment)')
    """
    return "none (no investment)" if ratio is None else f"{number_text(ratio, digits)} : 1"


def money_text(amount: float, currency: str = "GBP", digits: int = 0) -> str:
    """An amount with its currency, the minus sign first.

    Examples
    --------
    >>> money_text(250000, "GBP"), money_text(-1014755, "GBP"), money_text(-5, "CHF")
    ('£250,000', '-£1,014,755', '-CHF 5')
    """
    text = number_text(amount, digits)
    sign, digits_text = ("-", text[1:]) if text.startswith("-") else ("", text)
    code = currency.strip()
    mark = CURRENCY_SIGNS.get(code, f"{code} " if code else "")
    return f"{sign}{mark}{digits_text}"
