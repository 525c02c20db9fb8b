"""The other gross-to-net method: the HCA Additionality Guide, as used in Green Book appraisal.

``AI = GI(1-L)(1-Dp)(1-S)M - GI*(1-L*)(1-Dp*)(1-S*)M*``: the additional impact
is the intervention's gross impact net of leakage, displacement and
substitution, times the multiplier, less the same for the reference case
(what would have happened anyway, marked ``*``).  An outcome chooses it with
``value.additionality``; its rows are labelled ``HCA additionality`` in every
output, and the value map uses ``AI`` as the first-year impact.

Examples
--------
>>> from toc.model.valuation import Additionality, OutcomeValue
>>> value = OutcomeValue(quantity=100, proxy=1000, additionality=Additionality(
...     leakage=0.2, displacement=0.25, multiplier=1.5, reference_quantity=30))
>>> breakdown = additionality_breakdown(value)
>>> breakdown.gross, breakdown.net, breakdown.reference_net, breakdown.additional
(100000.0, 90000.0, 30000.0, 60000.0)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from toc.errors import ValuationError
from toc.model.valuation import Additionality, OutcomeValue

__all__ = ["FORMULA", "AdditionalityBreakdown", "additional_impact", "additionality_breakdown"]

#: The formula in words, printed beside every outcome that uses it.
FORMULA = "AI = GI(1-L)(1-Dp)(1-S)M - GI*(1-L*)(1-Dp*)(1-S*)M*"


@dataclass(frozen=True)
class AdditionalityBreakdown:
    """Each step of the HCA formula for one outcome, in money for one year."""

    gross: float
    net: float
    reference_gross: float
    reference_net: float
    additional: float
    formula: str = FORMULA

    def as_dict(self) -> dict[str, Any]:
        """The steps as plain data."""
        return asdict(self)


def additional_impact(gross: float, reference_gross: float, terms: Additionality) -> float:
    """``AI`` for a gross impact and a reference-case gross impact.

    Examples
    --------
    >>> additional_impact(1000.0, 200.0, Additionality(leakage=0.5, multiplier=1.2))
    400.0
    """
    net = gross * terms.gross_factor
    kept = (1 - terms.reference_leakage) * (1 - terms.reference_displacement)
    kept *= 1 - terms.reference_substitution
    return round(net - reference_gross * kept * terms.reference_multiplier, 9)


def additionality_breakdown(value: OutcomeValue) -> AdditionalityBreakdown:
    """The HCA steps for an outcome valued by that method.

    Raises
    ------
    ValuationError
        If the outcome uses another method.
    """
    terms = value.additionality
    if terms is None:
        raise ValuationError(
            f"this outcome uses the {value.method} method: give it 'additionality' to use HCA"
        )
    gross = value.quantity * value.proxy
    reference_gross = terms.reference_quantity * value.proxy
    additional = additional_impact(gross, reference_gross, terms)
    net = round(gross * terms.gross_factor, 9)
    return AdditionalityBreakdown(gross, net, reference_gross, net - additional, additional)
