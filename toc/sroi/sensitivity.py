"""Sensitivity of the SROI ratio: a one-at-a-time tornado and break-even points.

The tornado moves each judgement of each outcome (and the discount rate)
down and up by a chosen step, one at a time, and reports the ratio at both
ends, largest swing first.  Break-even says how far each judgement must move,
all else fixed, for the ratio to fall (or rise) to 1:1.  The ratio is affine
in quantity, proxy and each filter, so those are solved exactly; drop-off and
the discount rate are found by Brent's method, duration by trying each year.

Examples
--------
>>> from toc.files import load_model
>>> model = load_model("models/sroi-worked-example.yaml")
>>> point = next(b for b in break_even(model)
...              if (b.outcome, b.judgement) == ("employment", "deadweight"))
>>> f"{point.break_even:.2%}"
'66.19%'
>>> [(bar.judgement, round(bar.ratio_down, 2), round(bar.ratio_up, 2))
...  for bar in tornado(model)[:2]]
[('duration', 1.47, 2.18), ('quantity', 1.55, 2.19)]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy.optimize import brentq

from toc.model import LogicModel
from toc.sroi.basis import Basis, Floats, outcome_present_values
from toc.sroi.schema import FILTERS, Valuation
from toc.sroi.valuemap import investment_present_value, model_basis, settings, valued_nodes

__all__ = ["BreakEven", "TornadoBar", "break_even", "judgements_of", "ratios", "tornado"]

RATE = "discount_rate"
_AFFINE = ("quantity", "proxy", *FILTERS)
_MAX_DURATION = 200


@dataclass(frozen=True)
class TornadoBar:
    """The ratio with one judgement moved down and up; ``outcome`` is None for the rate."""

    outcome: str | None
    judgement: str
    base: float
    down: float
    up: float
    ratio_down: float
    ratio_up: float

    @property
    def swing(self) -> float:
        """How far apart the two ratios are."""
        return abs(self.ratio_up - self.ratio_down)

    def as_dict(self) -> dict[str, Any]:
        """The bar as plain data, with its swing."""
        return {**asdict(self), "swing": self.swing}


@dataclass(frozen=True)
class BreakEven:
    """Where a judgement makes the ratio 1:1, or ``None`` and why not."""

    outcome: str | None
    judgement: str
    base: float
    break_even: float | None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The point as plain data."""
        return asdict(self)


def judgements_of(model: LogicModel, valuation: Valuation) -> list[tuple[str | None, str]]:
    """Every (outcome id, judgement) the ratio depends on, in value-map order.

    Filters are left out for outcomes valued by another method; drop-off and
    duration in evaluative mode; the rate when nothing is discounted.
    """
    pairs: list[tuple[str | None, str]] = []
    evaluative = valuation.mode == "evaluative"
    for node in valued_nodes(model):
        skip: tuple[str, ...] = (
            () if node.value is None or node.value.method == "filters" else FILTERS
        )
        skip += ("drop_off", "duration") if evaluative else ()
        names = ("quantity", "proxy", *FILTERS, "drop_off", "duration")
        pairs += [(node.id, name) for name in names if name not in skip]
    if valuation.convention != "none" or evaluative:
        pairs.append((None, RATE))
    return pairs


def ratios(
    model: LogicModel, valuation: Valuation, basis: Basis, rates: Floats | None = None
) -> Floats:
    """The SROI ratio for each leading entry of ``basis`` (and of ``rates``)."""
    rate_arr = np.full(basis.proxy.shape[:-1], valuation.discount_rate) if rates is None else rates
    pv = outcome_present_values(basis, valuation, rate_arr).sum(axis=-1)
    unique, where = np.unique(rate_arr, return_inverse=True)
    paid = np.array([investment_present_value(model, valuation, float(r)) for r in unique])
    investment = paid[where].reshape(np.shape(rate_arr))
    with np.errstate(divide="ignore", invalid="ignore"):
        result: Floats = pv / investment
    return result


def _scenarios(
    basis: Basis, valuation: Valuation, moves: list[tuple[int | None, str, float]]
) -> tuple[Basis, Floats]:
    """A basis with one leading row per move (outcome index, judgement, new setting)."""
    count, rates = len(moves), np.full(len(moves), valuation.discount_rate)
    arrays = {name: np.tile(getattr(basis, name), (count, 1)) for name in (*_AFFINE, *_OTHER)}
    for row, (index, name, setting) in enumerate(moves):
        if index is None:
            rates[row] = setting
        else:
            arrays[name][row, index] = setting
    return basis.replace(**arrays), rates


_OTHER = ("drop_off", "duration")


def _base_setting(basis: Basis, valuation: Valuation, index: int | None, name: str) -> float:
    return valuation.discount_rate if index is None else float(getattr(basis, name)[index])


def tornado(
    model: LogicModel,
    *,
    fraction_step: float = 0.1,
    relative_step: float = 0.2,
    duration_step: int = 1,
    rate_step: float = 0.015,
    **overrides: Any,
) -> list[TornadoBar]:
    """Each judgement moved down and up one at a time, largest swing first.

    Filters and drop-off move by ``fraction_step`` (kept within [0, 1]),
    quantity and proxy by ``relative_step`` of their value, duration by
    ``duration_step`` years (at least 1), the discount rate by ``rate_step``.
    """
    valuation = settings(model, **overrides)
    basis = model_basis(model, valuation)
    index = {node.id: i for i, node in enumerate(valued_nodes(model))}
    steps = {"fraction": fraction_step, "relative": relative_step}
    steps |= {"duration": duration_step, "rate": rate_step}
    bars = []
    for outcome, name in judgements_of(model, valuation):
        position = None if outcome is None else index[outcome]
        base = _base_setting(basis, valuation, position, name)
        bars.append((outcome, name, base, *_moved(name, base, steps)))
    moves = [(_index(index, b[0]), b[1], s) for b in bars for s in (b[3], b[4])]
    scenario, rates = _scenarios(basis, valuation, moves)
    found = ratios(model, valuation, scenario, rates).reshape(-1, 2)
    result = [
        TornadoBar(*bar, float(r[0]), float(r[1])) for bar, r in zip(bars, found, strict=True)
    ]
    return sorted(result, key=lambda bar: -bar.swing)


def _index(index: dict[str, int], outcome: str | None) -> int | None:
    return None if outcome is None else index[outcome]


def _moved(name: str, base: float, steps: dict[str, float]) -> tuple[float, float]:
    low, high = _unrounded(name, base, steps)
    return round(low, 12), round(high, 12)


def _unrounded(name: str, base: float, steps: dict[str, float]) -> tuple[float, float]:
    if name in ("quantity", "proxy"):
        low, high = base * (1 - steps["relative"]), base * (1 + steps["relative"])
        return (low, high) if base >= 0 else (high, low)
    if name == "duration":
        return max(1.0, base - steps["duration"]), base + steps["duration"]
    if name == RATE:
        return max(0.0, base - steps["rate"]), base + steps["rate"]
    return max(0.0, base - steps["fraction"]), min(1.0, base + steps["fraction"])


def break_even(model: LogicModel, **overrides: Any) -> list[BreakEven]:
    """For each judgement, the setting at which the ratio is 1:1, all else fixed."""
    valuation = settings(model, **overrides)
    basis = model_basis(model, valuation)
    index = {node.id: i for i, node in enumerate(valued_nodes(model))}
    return [
        _break_even(model, valuation, basis, outcome, name, _index(index, outcome))
        for outcome, name in judgements_of(model, valuation)
    ]


def _break_even(
    model: LogicModel,
    valuation: Valuation,
    basis: Basis,
    outcome: str | None,
    name: str,
    index: int | None,
) -> BreakEven:
    base = _base_setting(basis, valuation, index, name)

    def ratio_at(settings_: list[float]) -> Floats:
        scenario, rates = _scenarios(basis, valuation, [(index, name, s) for s in settings_])
        return ratios(model, valuation, scenario, rates)

    if name in _AFFINE and index is not None:
        point, note = _affine_root(name, _line(model, valuation, basis, index, name))
        if point is None:
            note = _never(ratio_at, base, note)
    else:
        point, note = _solve(name, base, ratio_at)
    return BreakEven(outcome, name, base, point, note)


def _solve(name: str, base: float, ratio_at: Any) -> tuple[float | None, str]:
    if name == "duration":
        return _duration_root(base, ratio_at)
    root = _bracketed_root(base, 0.0, 1.0, lambda x: float(ratio_at([x])[0]) - 1)
    where = "anywhere from 0% to 100%" if name == "drop_off" else "at any rate from 0% to 100%"
    return root, ("" if root is not None else _never(ratio_at, base, where))


def _line(
    model: LogicModel, valuation: Valuation, basis: Basis, index: int, name: str
) -> tuple[float, float]:
    """(PV the outcome must reach at setting 0, change per unit of setting).

    The outcome's own present value is a straight line in the judgement, so
    the break-even is ``need / slope``, computed from that outcome alone to
    keep the other outcomes' large values out of the subtraction.
    """
    scenario, _ = _scenarios(basis, valuation, [(index, name, 0.0), (index, name, 1.0)])
    own = outcome_present_values(scenario, valuation)[:, index]
    others = float(np.delete(outcome_present_values(basis, valuation), index).sum())
    need = investment_present_value(model, valuation) - others - float(own[0])
    return need, float(own[1] - own[0])


def _affine_root(name: str, line: tuple[float, float]) -> tuple[float | None, str]:
    """Solve the straight line exactly; ``None`` and where it was sought when out of range."""
    need, slope = line
    if slope == 0:
        return None, "whatever its setting (the ratio does not depend on it)"
    root = need / slope
    if not np.isfinite(root):
        return None, "at any setting a number can hold"
    if name in FILTERS and not 0 <= root <= 1:
        return None, "anywhere from 0% to 100%"
    if name == "quantity" and root < 0:
        return None, "at any quantity"
    return root, ""


def _never(ratio_at: Any, base: float, where: str) -> str:
    side = "above" if float(ratio_at([base])[0]) >= 1 else "below"
    return f"the ratio stays {side} 1 : 1 {where}"


def _bracketed_root(base: float, low: float, high: float, gap: Any) -> float | None:
    """The root of ``gap`` nearest ``base`` within [low, high], by Brent's method."""
    at_base = gap(base)
    if at_base == 0:
        return base
    candidates = []
    for end in (low, high):
        if end != base and np.sign(gap(end)) != np.sign(at_base):
            candidates.append(float(brentq(gap, min(base, end), max(base, end), xtol=1e-12)))
    return min(candidates, key=lambda root: abs(root - base)) if candidates else None


def _duration_root(base: float, ratio_at: Any) -> tuple[float | None, str]:
    """The whole number of years nearest the base at which the ratio crosses 1:1."""
    durations = np.arange(1, max(_MAX_DURATION, int(base)) + 1, dtype=np.float64)
    above = ratio_at(durations.tolist()) >= 1
    base_above = bool(above[int(base) - 1])
    crossing = [int(d) for d, a in zip(durations, above, strict=True) if a != base_above]
    if not crossing:
        side = "above" if base_above else "below"
        return None, f"the ratio stays {side} 1 : 1 for any duration up to {len(durations)} years"
    nearest = float(min(crossing, key=lambda d: abs(d - base)))
    return nearest, "the nearest whole number of years past 1 : 1"
