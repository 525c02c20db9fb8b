"""Monte Carlo sensitivity over the ranges elicited in workshops.

Each outcome may give a range for any judgement (``value.ranges``): ``low``
and ``high`` (uniform between), or ``votes`` over the bands 0/25/50/75/100%
(each vote equally likely).  Every sample draws all ranged judgements at
once; the whole run is a handful of numpy array operations, not a loop over
samples.  The generator is seeded, so the same model gives the same result.

Examples
--------
>>> from toc.formats.modelfiles import load_model
>>> result = monte_carlo(load_model("models/sroi-worked-example.yaml"), samples=2000)
>>> result.varied
('employment.deadweight (votes)', 'employment.attribution (low-high)', 'wellbeing.deadweight (votes)')
>>> 0.5 < result.ratio_p5 < result.ratio_p50 < result.ratio_p95 < 2.5
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from toc.errors import ValuationError
from toc.model import LogicModel
from toc.model.valuation import BANDS, FILTERS, JUDGEMENTS, JudgementRange, Valuation
from toc.sroi.basis import Basis, Floats, outcome_present_values
from toc.sroi.figures import ratio_of
from toc.sroi.valuemap import (
    investment_present_value,
    label_of,
    model_basis,
    settings,
    valued_nodes,
)

__all__ = ["MAX_SAMPLES", "MonteCarlo", "monte_carlo"]

#: The most samples one run takes (memory grows with it).
MAX_SAMPLES = 1_000_000


@dataclass(frozen=True)
class MonteCarlo:
    """What the ratio and present value look like across the sampled judgements."""

    convention: str
    samples: int
    seed: int
    varied: tuple[str, ...]
    ratio_mean: float | None
    ratio_p5: float | None
    ratio_p50: float | None
    ratio_p95: float | None
    present_value_p5: float
    present_value_p50: float
    present_value_p95: float
    probability_above_one: float | None

    def as_dict(self) -> dict[str, Any]:
        """The result as plain data."""
        return asdict(self)


def monte_carlo(
    model: LogicModel,
    *,
    samples: int = 10_000,
    seed: int = 0,
    spread: float | None = None,
    **overrides: Any,
) -> MonteCarlo:
    """Sample the ranged judgements ``samples`` times and summarise the ratio.

    ``spread`` also varies every filter and drop-off that has no range,
    uniformly within that many points either side of its value (kept within
    [0, 1]), for a first look before a workshop has given ranges.
    """
    if not 1 <= samples <= MAX_SAMPLES:
        raise ValuationError(
            f"samples must be from 1 to {MAX_SAMPLES:,}, got {samples:,}: "
            "10,000 is plenty for percentiles to two decimals"
        )
    valuation = settings(model, **overrides)
    basis = model_basis(model, valuation)
    rng = np.random.default_rng(seed)
    draws: dict[int, dict[str, Floats]] = {}
    varied = []
    for index, node in enumerate(valued_nodes(model)):
        if node.value is None:
            continue
        given = dict(node.value.ranges.items())
        for name, spec in _ranges(given, node.value.method, spread, basis, index).items():
            draws.setdefault(index, {})[name] = _draw(rng, spec, name, samples)
            varied.append(f"{node.id}.{name} ({_kind(spec)})")
    pv = _sampled_present_values(basis, valuation, draws, samples)
    investment = investment_present_value(model, valuation)
    ratio = None if ratio_of(1.0, investment) is None else pv / investment
    return _summary(valuation, samples, seed, tuple(varied), ratio, pv)


def _sampled_present_values(
    basis: Basis, valuation: Valuation, draws: dict[int, dict[str, Floats]], samples: int
) -> Floats:
    """Total present value per sample, valuing again only the outcomes that vary.

    Samples are valued a block at a time so memory stays bounded however many
    samples and outcomes there are.
    """
    pvs = outcome_present_values(basis, valuation)
    columns = sorted(draws)
    fixed = float(np.delete(pvs, columns).sum())
    total = np.full(samples, fixed)
    if not columns:
        return total
    sub = basis.take(columns)
    longest = max(
        [len(basis.years), *(d["duration"].max() + 2 for d in draws.values() if "duration" in d)]
    )
    block = max(1, _BLOCK_CELLS // (len(columns) * int(longest)))
    for start in range(0, samples, block):
        stop = min(samples, start + block)
        arrays = {name: np.tile(getattr(sub, name), (stop - start, 1)) for name in JUDGEMENTS}
        for column, index in enumerate(columns):
            for name, drawn in draws[index].items():
                arrays[name][:, column] = drawn[start:stop]
        total[start:stop] += outcome_present_values(sub.replace(**arrays), valuation).sum(-1)
    return total


_BLOCK_CELLS = 4_000_000


def _ranges(
    given: Mapping[Any, JudgementRange],
    method: str,
    spread: float | None,
    basis: Basis,
    index: int,
) -> dict[str, JudgementRange]:
    ranges = dict(given)
    if spread is None:
        return ranges
    names = (*FILTERS, "drop_off") if method == "filters" else ("drop_off",)
    for name in names:
        if name not in ranges:
            base = float(getattr(basis, name)[index])
            low, high = max(0.0, base - spread), min(1.0, base + spread)
            ranges[name] = JudgementRange(low=low, high=high)
    return ranges


def _kind(spec: JudgementRange) -> str:
    return "votes" if spec.votes is not None else "low-high"


def _draw(rng: np.random.Generator, spec: JudgementRange, name: str, count: int) -> Floats:
    if spec.votes is not None:
        weights = np.asarray(spec.votes, dtype=np.float64)
        return rng.choice(np.asarray(BANDS), size=count, p=weights / weights.sum())
    low, high = float(spec.low or 0.0), float(spec.high or 0.0)
    if name == "duration":
        return rng.integers(int(low), int(high) + 1, size=count).astype(np.float64)
    return rng.uniform(low, high, size=count)


def _summary(
    valuation: Valuation,
    samples: int,
    seed: int,
    varied: tuple[str, ...],
    ratio: Floats | None,
    pv: Floats,
) -> MonteCarlo:
    """Percentiles of the present value and, with an investment, of the ratio."""
    p5, p50, p95 = (float(q) for q in np.percentile(pv, [5, 50, 95]))
    r5 = r50 = r95 = mean = above = None
    if ratio is not None:
        r5, r50, r95 = (float(q) for q in np.percentile(ratio, [5, 50, 95]))
        mean, above = float(ratio.mean()), float((ratio >= 1).mean())
    return MonteCarlo(
        convention=label_of(valuation),
        samples=samples,
        seed=seed,
        varied=varied,
        ratio_mean=mean,
        ratio_p5=r5,
        ratio_p50=r50,
        ratio_p95=r95,
        present_value_p5=p5,
        present_value_p50=p50,
        present_value_p95=p95,
        probability_above_one=above,
    )
