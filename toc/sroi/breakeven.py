"""Sensitivity of the SROI ratio: a one-at-a-time tornado and break-even points.

The tornado moves each judgement of each outcome (and the discount rate)
down and up by a chosen step, one at a time, and reports the ratio at both
ends, largest swing first.  Break-even says how far each judgement must move,
all else fixed, for the ratio to reach 1:1.  An outcome's present value is a
straight line in its quantity, proxy and each filter, so those are solved
exactly; drop-off and the discount rate are found by Brent's method, duration
by trying each whole number of years.

Examples
--------
>>> from toc.formats.modelfiles import load_model
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

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy.optimize import brentq

from toc.model import LogicModel
from toc.model.valuation import FILTERS, LARGEST
from toc.sroi.basis import Floats
from toc.sroi.figures import number_text
from toc.sroi.moves import RATE, Baseline, baseline, judgements_of, move_ratios, moved_values

__all__ = ["BreakEven", "TornadoBar", "break_even", "tornado"]

_AFFINE = ("quantity", "proxy", *FILTERS)
_MAX_DURATION = 200

RatioAt = Callable[[Sequence[float]], Floats]
Line = tuple[float, float]


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
    Empty without an investment: there is no ratio to move.
    """
    start = baseline(model, **overrides)
    if start.ratio is None:
        return []
    steps = {"fraction": fraction_step, "relative": relative_step}
    steps |= {"duration": duration_step, "rate": rate_step}
    pairs = judgements_of(start)
    ends = [_ends(name, start.setting(index, name), steps) for index, name in pairs]
    moves = [(i, name, end) for (i, name), pair in zip(pairs, ends, strict=True) for end in pair]
    found = move_ratios(start, moves).reshape(-1, 2)
    bars = [
        TornadoBar(_id(start, index), name, start.setting(index, name), *pair, *map(float, ratio))
        for (index, name), pair, ratio in zip(pairs, ends, found, strict=True)
    ]
    return sorted(bars, key=lambda bar: -bar.swing)


def _id(start: Baseline, index: int | None) -> str | None:
    return None if index is None else start.ids[index]


def _ends(name: str, base: float, steps: dict[str, float]) -> tuple[float, float]:
    low, high = _unrounded_ends(name, base, steps)
    return round(low, 12), round(high, 12)


def _unrounded_ends(name: str, base: float, steps: dict[str, float]) -> tuple[float, float]:
    if name in ("quantity", "proxy"):
        low, high = base * (1 - steps["relative"]), base * (1 + steps["relative"])
        return (low, high) if base >= 0 else (high, low)
    if name == "duration":
        return max(1.0, base - steps["duration"]), base + steps["duration"]
    if name == RATE:
        return max(0.0, base - steps["rate"]), base + steps["rate"]
    return max(0.0, base - steps["fraction"]), min(1.0, base + steps["fraction"])


def break_even(model: LogicModel, **overrides: Any) -> list[BreakEven]:
    """For each judgement, the setting at which the ratio is 1:1, all else fixed.

    Empty without an investment: there is no ratio to bring to 1:1.
    """
    start = baseline(model, **overrides)
    if start.ratio is None:
        return []
    pairs = judgements_of(start)
    lines = _lines(start, [(i, name) for i, name in pairs if i is not None and name in _AFFINE])
    return [_break_even(start, index, name, lines) for index, name in pairs]


def _lines(start: Baseline, pairs: list[tuple[int, str]]) -> dict[tuple[int, str], Line]:
    """For each (outcome, judgement) that moves its value in a straight line:
    (present value it must reach at setting 0, change per unit of setting).

    Each outcome's line is computed from that outcome alone, keeping the
    others' large values out of the subtraction, so the break-even stays exact.
    """
    moves = [(index, name, x) for index, name in pairs for x in (0.0, 1.0)]
    own = moved_values(start, moves).reshape(-1, 2) if moves else np.zeros((0, 2))
    others = {i: float(np.delete(start.present_values, i).sum()) for i in {i for i, _ in pairs}}
    return {
        (index, name): (start.investment - others[index] - float(at[0]), float(at[1] - at[0]))
        for (index, name), at in zip(pairs, own, strict=True)
    }


def _break_even(
    start: Baseline, index: int | None, name: str, lines: dict[tuple[int, str], Line]
) -> BreakEven:
    base = start.setting(index, name)

    def ratio_at(settings: Sequence[float]) -> Floats:
        return move_ratios(start, [(index, name, s) for s in settings])

    if index is not None and (index, name) in lines:
        point, where = _affine_root(name, lines[(index, name)])
    elif name == "duration":
        point, where = _duration_root(base, ratio_at)
    else:
        point = _bracketed_root(base, 0.0, 1.0, lambda x: float(ratio_at([x])[0]) - 1)
        where = "anywhere from 0% to 100%" if name == "drop_off" else "at any rate from 0% to 100%"
    if point is not None:
        note = "the nearest whole number of years past 1 : 1" if name == "duration" else ""
    else:
        above = start.ratio is not None and start.ratio >= 1
        note = f"the ratio stays {'above' if above else 'below'} 1 : 1 {where}"
    return BreakEven(_id(start, index), name, base, point, note)


def _affine_root(name: str, line: Line) -> tuple[float | None, str]:
    """Solve the straight line exactly; ``None`` and where it was sought when out of range."""
    need, slope = line
    if slope == 0:
        return None, "whatever its setting (the ratio does not depend on it)"
    root = need / slope
    if not np.isfinite(root):
        return None, "at any setting a number can hold"
    if name in FILTERS and not 0 <= root <= 1:
        return None, "anywhere from 0% to 100%"
    if name == "quantity" and not 0 <= root <= LARGEST:
        return None, f"at any quantity from 0 to {number_text(LARGEST)}"
    if name == "proxy" and abs(root) > LARGEST:
        return None, f"at any proxy within ±{number_text(LARGEST)}"
    return root, ""


def _bracketed_root(
    base: float, low: float, high: float, gap: Callable[[float], float]
) -> float | None:
    """The root of ``gap`` nearest ``base`` within [low, high], by Brent's method."""
    at_base = gap(base)
    if at_base == 0:
        return base
    candidates = []
    for end in (low, high):
        if end != base and np.sign(gap(end)) != np.sign(at_base):
            candidates.append(float(brentq(gap, min(base, end), max(base, end), xtol=1e-12)))
    return min(candidates, key=lambda root: abs(root - base)) if candidates else None


def _duration_root(base: float, ratio_at: RatioAt) -> tuple[float | None, str]:
    """The whole number of years nearest the base at which the ratio crosses 1:1."""
    durations = np.arange(1, max(_MAX_DURATION, int(base)) + 1, dtype=np.float64)
    above = ratio_at(durations.tolist()) >= 1
    base_above = bool(above[int(base) - 1])
    crossing = [int(d) for d, a in zip(durations, above, strict=True) if a != base_above]
    if not crossing:
        return None, f"for any duration up to {len(durations)} years"
    return float(min(crossing, key=lambda d: abs(d - base))), ""
