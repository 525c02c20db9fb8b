"""How sure are the rankings? Monte Carlo over link weights and priorities.

Each link's weight is drawn from a triangular distribution on
``[low, high]`` with its mode at the stated weight.  Explicit ``low`` and
``high`` on the link win; a missing bound is the weight minus (or plus) a
half-width set by the evidence grade (:data:`HALF_WIDTH`: strong 0.1,
moderate 0.2, weak 0.3, none or ungraded 0.4), clipped to [-1, 1], so a
weakly evidenced link may turn out to do harm.  Priorities are drawn from a
Dirichlet distribution with mean equal to the priorities and concentration
``concentration`` (larger is surer; 0 keeps them fixed).

All samples are solved together: nodes are taken level by level (by height,
sinks first) and every sample is one column of a matrix, so the work is
numpy array arithmetic over links x samples, never a Python loop over
samples.  The samples go a block at a time (about four million link-samples),
and the percentiles a block of activities at a time, so the only memory that
grows with both the model and the samples is the activity scores themselves,
4 bytes each (100 MB for 25,000 activities and 1,000 samples).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from toc.analysis.arrays import STAGE_CODES, Floats, GraphArrays, Ints, graph_arrays
from toc.analysis.influence import priority_vector
from toc.analysis.priorities import priorities
from toc.model import LogicModel

__all__ = [
    "HALF_WIDTH",
    "Sensitivity",
    "SensitivityRow",
    "link_bounds",
    "sampled_scores",
    "sensitivity",
]

HALF_WIDTH = {"strong": 0.1, "moderate": 0.2, "weak": 0.3, "none": 0.4, None: 0.4}
_CELLS_PER_CHUNK = 4_000_000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SensitivityRow:
    """One activity: its score, a 90% interval, the median and P(in the top k).

    ``in_top_k`` is ``None`` when k covers every activity: each is then in the top k
    in every sample, and a probability of 1 would say nothing.
    """

    id: str
    score: float
    low: float
    median: float
    high: float
    in_top_k: float | None


@dataclass(frozen=True)
class Sensitivity:
    """Per-activity intervals from ``samples`` draws (seeded), best first."""

    samples: int
    seed: int
    top_k: int
    rows: list[SensitivityRow]
    activities: int = 0

    @property
    def ranks_anything(self) -> bool:
        """Whether P(top k) can tell activities apart: k is below the number of activities."""
        return self.top_k < self.activities


def link_bounds(model: LogicModel) -> tuple[Floats, Floats]:
    """Low and high weight of every link, in link order (see the module docstring).

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "a", "label": "A", "stage": "activity"},
    ...               {"id": "o", "label": "O", "stage": "outcome"}],
    ...     "links": [{"from": "a", "to": "o", "weight": 0.9, "evidence": "moderate"}]})
    >>> [b.round(6).tolist() for b in link_bounds(m)]
    [[0.7], [1.0]]
    """
    low, high = [], []
    for link in model.links:
        half = HALF_WIDTH[None if link.evidence is None else link.evidence.value]
        low.append(max(-1.0, link.weight - half) if link.low is None else link.low)
        high.append(min(1.0, link.weight + half) if link.high is None else link.high)
    return np.array(low, dtype=np.float64), np.array(high, dtype=np.float64)


def _triangular(
    rng: np.random.Generator, low: Floats, mode: Floats, high: Floats, n: int
) -> NDArray[np.float32]:
    """Draws (links x n) from triangular(low, mode, high); the mode itself where low == high.

    ``low + (high - mode) * min(U, V) + (mode - low) * max(U, V)`` for independent
    uniforms U and V is triangular: no square roots, no branches.  Single precision
    is ample for sampling and halves the memory traffic.
    """
    out = np.repeat(mode.astype(np.float32)[:, None], n, axis=1)
    vary = np.flatnonzero(high > low)
    if vary.size == 0:
        return out
    a, b, c = low[vary], high[vary], mode[vary]
    first = rng.random((vary.size, n), dtype=np.float32)
    smaller = rng.random((vary.size, n), dtype=np.float32)
    larger = np.maximum(first, smaller)
    np.minimum(first, smaller, out=smaller)
    smaller *= (b - c).astype(np.float32)[:, None]
    larger *= (c - a).astype(np.float32)[:, None]
    smaller += larger
    smaller += a.astype(np.float32)[:, None]
    out[vary] = smaller
    return out


def _sampled_priorities(
    rng: np.random.Generator, base: Floats, concentration: float, n: int
) -> Floats:
    """Priorities (nodes x n): Dirichlet around ``base`` over the nodes that have one."""
    out = np.repeat(base[:, None], n, axis=1)
    rated = np.flatnonzero(base > 0)
    if concentration > 0 and rated.size > 1:
        draws = rng.gamma(concentration * base[rated][:, None], size=(rated.size, n))
        out[rated] = draws / draws.sum(axis=0, keepdims=True)
    return out


Level = tuple[Ints, Ints, Ints]


def _levels(graph: GraphArrays) -> list[Level]:
    """Per height level (sinks excluded): its links by source, segment starts, sources."""
    by_height = np.lexsort((graph.source, graph.height[graph.source]))
    heights = graph.height[graph.source][by_height]
    out: list[Level] = []
    for level in range(1, int(graph.height.max(initial=0)) + 1):
        links = by_height[np.searchsorted(heights, level) : np.searchsorted(heights, level + 1)]
        sources, starts = np.unique(graph.source[links], return_index=True)
        out.append((links, starts, sources))
    return out


def sampled_scores(
    graph: GraphArrays,
    weights: NDArray[np.floating[Any]],
    priority: Floats,
    levels: list[Level] | None = None,
) -> Floats:
    """Driver scores (nodes x samples) for sampled link weights (links x samples)."""
    scores = priority.copy()
    for links, starts, sources in _levels(graph) if levels is None else levels:
        terms = weights[links] * scores[graph.target[links]]
        scores[sources] += np.add.reduceat(terms, starts, axis=0)
    return scores


def _top_counts(draws: Floats, k: int) -> Ints:
    """How often each row is among the ``k`` largest of its column."""
    k = min(k, draws.shape[0])
    top = np.argpartition(-draws, k - 1, axis=0)[:k]
    return np.bincount(top.ravel(), minlength=draws.shape[0]).astype(np.int64)


def _percentiles(draws: NDArray[np.float32]) -> tuple[Floats, Floats, Floats]:
    """5th, 50th and 95th percentile of each row, a block of rows at a time.

    ``np.percentile`` works on a copy: a block at a time, the copy stays small
    whatever the number of rows and samples.
    """
    rows = max(1, _CELLS_PER_CHUNK // max(1, draws.shape[1]))
    blocks = [
        np.percentile(draws[start : start + rows], [5, 50, 95], axis=1)
        for start in range(0, draws.shape[0], rows)
    ]
    low, median, high = np.concatenate(blocks, axis=1)
    return low, median, high


def _summary(
    graph: GraphArrays,
    base: Floats,
    chosen: Ints,
    draws: NDArray[np.float32],
    in_top: Floats | None,
) -> list[SensitivityRow]:
    # Draws are single precision: 7 decimals is all they can say.
    low, median, high = _percentiles(draws)
    rows = [
        SensitivityRow(
            graph.ids[i],
            float(base[i]),
            round(float(low[j]), 7),
            round(float(median[j]), 7),
            round(float(high[j]), 7),
            None if in_top is None else float(in_top[j]),
        )
        for j, i in enumerate(chosen.tolist())
    ]
    return sorted(rows, key=lambda r: (-(r.in_top_k or 0.0), -r.score, r.id))


def sensitivity(
    model: LogicModel,
    samples: int = 1000,
    *,
    seed: int = 0,
    top_k: int = 5,
    concentration: float = 50.0,
    weights: Mapping[str, float] | None = None,
    progress: Progress | None = None,
    graph: GraphArrays | None = None,
) -> Sensitivity:
    """Score intervals and P(in the top ``top_k``) for every activity.

    ``progress(done, total)`` is called after each block of samples.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "a", "label": "A", "stage": "activity"},
    ...               {"id": "b", "label": "B", "stage": "activity"},
    ...               {"id": "o", "label": "O", "stage": "outcome", "priority": 1}],
    ...     "links": [{"from": "a", "to": "o", "weight": 0.9, "evidence": "strong"},
    ...               {"from": "b", "to": "o", "weight": 0.2, "low": 0.1, "high": 0.3}]})
    >>> result = sensitivity(m, samples=500, top_k=1)
    >>> [(r.id, r.in_top_k) for r in result.rows]
    [('a', 1.0), ('b', 0.0)]
    """
    graph = graph_arrays(model) if graph is None else graph
    chosen = np.flatnonzero(graph.stage == STAGE_CODES["activity"])
    base_p = priority_vector(graph, priorities(model).weights if weights is None else weights)
    low, high = link_bounds(model)
    rng = np.random.default_rng(seed)
    levels = _levels(graph)
    # Samples are drawn a block at a time (the blocks fix the random stream);
    # each block's scores go straight into one array of every draw.
    block = max(1, _CELLS_PER_CHUNK // max(1, graph.source.size, graph.size))
    draws = np.empty((chosen.size, samples), np.float32)
    counts = np.zeros(chosen.size, np.int64)
    for start in range(0, samples, block):
        n = min(block, samples - start)
        w = _triangular(rng, low, graph.weight, high, n)
        p = _sampled_priorities(rng, base_p, concentration, n)
        scores = sampled_scores(graph, w, p, levels)[chosen]
        del w, p
        if chosen.size:
            counts += _top_counts(scores, top_k)
        draws[:, start : start + n] = scores
        if progress is not None:
            progress(start + n, samples)
    base = sampled_scores(graph, graph.weight[:, None], base_p[:, None], levels)[:, 0]
    rows = []
    if samples and chosen.size:
        in_top = counts / samples if top_k < chosen.size else None
        rows = _summary(graph, base, chosen, draws, in_top)
    return Sensitivity(samples, seed, top_k, rows, int(chosen.size))
