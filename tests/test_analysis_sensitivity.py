"""Monte Carlo sensitivity: the batch solve agrees with the exact one; bounds and summaries."""

from __future__ import annotations

import numpy as np
import pytest
from analysis_dags import small_models
from hypothesis import given, settings
from scipy import stats

from toc.analysis import drivers, sensitivity
from toc.analysis.arrays import graph_arrays
from toc.analysis.influence import driver_arrays, priority_vector
from toc.analysis.priorities import priorities
from toc.analysis.robustness import _triangular, link_bounds, sampled_scores
from toc.model import LogicModel


@settings(max_examples=40, deadline=None)
@given(small_models())
def test_the_batch_solve_equals_the_triangular_solve(model: LogicModel) -> None:
    graph = graph_arrays(model)
    p = priority_vector(graph, priorities(model).weights)
    rng = np.random.default_rng(1)
    weights = np.stack([graph.weight, rng.uniform(-1, 1, graph.weight.size)], axis=1)
    batch = sampled_scores(graph, weights, np.stack([p, p], axis=1))
    for column in range(2):
        exact = driver_arrays(graph, p, weights[:, column]).score
        assert batch[:, column] == pytest.approx(exact, abs=1e-12)


def _model(evidence: str | None = None, **bounds: float) -> LogicModel:
    link: dict[str, object] = {"from": "a", "to": "o", "weight": 0.5, **bounds}
    if evidence:
        link["evidence"] = evidence
    return LogicModel.model_validate(
        {
            "title": "t",
            "nodes": [
                {"id": "a", "label": "A", "stage": "activity"},
                {"id": "b", "label": "B", "stage": "activity"},
                {"id": "o", "label": "O", "stage": "outcome", "priority": 1},
            ],
            "links": [link, {"from": "b", "to": "o", "weight": 0.4, "low": 0.4, "high": 0.4}],
        }
    )


@pytest.mark.parametrize(
    ("evidence", "low", "high"),
    [
        ("strong", 0.4, 0.6),
        ("moderate", 0.3, 0.7),
        ("weak", 0.2, 0.8),
        ("none", 0.1, 0.9),
        (None, 0.1, 0.9),
    ],
)
def test_evidence_sets_the_bounds(evidence: str | None, low: float, high: float) -> None:
    lows, highs = link_bounds(_model(evidence))
    assert (lows[0], highs[0]) == pytest.approx((low, high))


def test_explicit_bounds_win_over_the_evidence() -> None:
    lows, highs = link_bounds(_model("none", low=0.45, high=0.55))
    assert (lows[0], highs[0]) == pytest.approx((0.45, 0.55))


def test_fixed_weights_give_fixed_scores() -> None:
    model = _model(low=0.5, high=0.5)
    result = sensitivity(model, samples=50, top_k=1, concentration=0)
    rows = {r.id: (r.low, r.median, r.high, r.in_top_k) for r in result.rows}
    assert rows == {
        "a": pytest.approx((0.5, 0.5, 0.5, 1.0)),
        "b": pytest.approx((0.4, 0.4, 0.4, 0.0)),
    }


def test_intervals_hold_the_score_and_overlapping_ones_share_the_top() -> None:
    # a in [0.1, 0.9] (no evidence), b fixed at 0.4: a is first about 5/8 of the time
    result = sensitivity(_model(), samples=4000, top_k=1, seed=3)
    a = next(r for r in result.rows if r.id == "a")
    assert a.low < a.score < a.high
    assert 0.5 < a.in_top_k < 0.75
    assert sum(r.in_top_k for r in result.rows) == pytest.approx(1.0)


def test_progress_is_reported_and_the_seed_fixes_the_result() -> None:
    seen: list[tuple[int, int]] = []
    first = sensitivity(
        _model(), samples=30, seed=7, progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (30, 30)
    assert sensitivity(_model(), samples=30, seed=7) == first
    assert [r.score for r in first.rows] == pytest.approx([d.score for d in drivers(_model())])


def test_draws_follow_the_triangular_distribution() -> None:
    low, mode, high = (
        np.array([0.1, -1.0, 0.2]),
        np.array([0.5, -0.9, 0.2]),
        np.array([0.9, -0.5, 0.2]),
    )
    draws = _triangular(np.random.default_rng(0), low, mode, high, 20_000)
    for i in range(2):
        shape = stats.triang((mode[i] - low[i]) / (high[i] - low[i]), low[i], high[i] - low[i])
        assert stats.kstest(draws[i], shape.cdf).pvalue > 0.01
    assert draws[2].tolist() == pytest.approx([0.2] * 20_000)
