"""One-at-a-time moves of a judgement, and the ratio after each: the engine of sensitivity.

A :class:`Baseline` holds what every move starts from (settings, arrays,
each outcome's present value, the investment).  A move changes one judgement
of one outcome (or the discount rate); :func:`move_ratios` values only the
moved outcome again, so the work grows with the number of moves, not moves x
outcomes.

Examples
--------
>>> from toc.formats.modelfiles import load_model
>>> start = baseline(load_model("models/sroi-worked-example.yaml"))
>>> move_ratios(start, [(0, "deadweight", 0.25), (None, "discount_rate", 0.0)]).round(3).tolist()
[1.869, 1.987]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from toc.model import LogicModel
from toc.model.valuation import FILTERS, Valuation
from toc.sroi.basis import Basis, Floats, outcome_present_values
from toc.sroi.figures import ratio_of
from toc.sroi.valuemap import investment_present_value, model_basis, settings, valued_nodes

__all__ = ["RATE", "Baseline", "Move", "baseline", "judgements_of", "move_ratios", "moved_values"]

#: The name of the model-wide judgement: the discount rate.
RATE = "discount_rate"
#: A move: outcome position (None for the rate), judgement, new setting.
Move = tuple[int | None, str, float]
_MOVABLE = ("quantity", "proxy", *FILTERS, "drop_off", "duration")


@dataclass(frozen=True)
class Baseline:
    """What every move starts from."""

    model: LogicModel
    valuation: Valuation
    basis: Basis
    ids: tuple[str, ...]
    present_values: Floats
    investment: float

    @property
    def ratio(self) -> float | None:
        """The ratio before any move (``None`` without an investment)."""
        return ratio_of(float(self.present_values.sum()), self.investment)

    def setting(self, index: int | None, name: str) -> float:
        """The current setting of a judgement (the rate when ``index`` is None)."""
        if index is None:
            return self.valuation.discount_rate
        return float(getattr(self.basis, name)[index])


def baseline(model: LogicModel, **overrides: Any) -> Baseline:
    """The starting point for moves, under the model's settings or ``overrides``."""
    valuation = settings(model, **overrides)
    basis = model_basis(model, valuation)
    return Baseline(
        model,
        valuation,
        basis,
        tuple(node.id for node in valued_nodes(model)),
        outcome_present_values(basis, valuation),
        investment_present_value(model, valuation),
    )


def judgements_of(start: Baseline) -> list[tuple[int | None, str]]:
    """Every (outcome position, judgement) the ratio depends on, in value-map order.

    Filters are left out for outcomes valued by another method; drop-off and
    duration in evaluative mode; the rate when nothing is discounted.
    """
    evaluative = start.valuation.mode == "evaluative"
    pairs: list[tuple[int | None, str]] = []
    for index, node in enumerate(valued_nodes(start.model)):
        skip: tuple[str, ...] = () if node.value and node.value.method == "filters" else FILTERS
        skip += ("drop_off", "duration") if evaluative else ()
        pairs += [(index, name) for name in _MOVABLE if name not in skip]
    if start.valuation.convention != "none" or evaluative:
        pairs.append((None, RATE))
    return pairs


def move_ratios(start: Baseline, moves: Sequence[Move]) -> Floats:
    """The SROI ratio after each move, all else as in ``start``."""
    found = np.full(len(moves), np.nan)
    rows = [row for row, move in enumerate(moves) if move[0] is not None]
    if rows and start.ratio is not None:
        index = np.array([moves[row][0] for row in rows], dtype=np.int64)
        others = start.present_values.sum() - start.present_values[index]
        found[rows] = (
            others + moved_values(start, [moves[row] for row in rows])
        ) / start.investment
    rate_rows = [row for row, move in enumerate(moves) if move[0] is None]
    if rate_rows:
        found[rate_rows] = _rate_ratios(start, [moves[row][2] for row in rate_rows])
    return found


def moved_values(start: Baseline, moves: Sequence[Move]) -> Floats:
    """The present value of each moved outcome alone, one entry per (outcome) move."""
    single = start.basis.one_per_row([int(index or 0) for index, _, _ in moves])
    arrays = {name: getattr(single, name).copy() for name in _MOVABLE}
    for row, (_, name, setting) in enumerate(moves):
        arrays[name][row, 0] = setting
    values: Floats = outcome_present_values(single.replace(**arrays), start.valuation)[:, 0]
    return values


def _rate_ratios(start: Baseline, rates: Sequence[float]) -> Floats:
    """The ratio at each discount rate: every outcome and the investment move with it."""
    rate_arr = np.asarray(rates, dtype=np.float64)
    pv = outcome_present_values(start.basis, start.valuation, rate_arr).sum(axis=-1)
    paid = np.array([investment_present_value(start.model, start.valuation, r) for r in rates])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio: Floats = pv / paid
    return ratio
