"""Trade-offs, gaps, what-if, costs and the department view on small models worked by hand."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from toc.analysis import (
    UnknownNodeError,
    WhatIfError,
    activity_costs,
    department_view,
    drivers,
    gaps,
    influence,
    pathways,
    robustness,
    trade_offs,
    value_for_money,
    what_if,
)
from toc.model import LogicModel


def _town(**changes: Any) -> LogicModel:
    """Two departments, a grant funding two activities, one of which harms the other's outcome."""
    data: dict[str, Any] = {
        "title": "Town",
        "departments": [{"id": "eco", "label": "Economy"}, {"id": "hea", "label": "Health"}],
        "nodes": [
            {"id": "grant", "label": "Grant", "stage": "input", "cost": 100000},
            {"id": "jobs-fair", "label": "Jobs fair", "stage": "activity", "department": "eco"},
            {
                "id": "night-market",
                "label": "Night market",
                "stage": "activity",
                "department": "eco",
            },
            {
                "id": "walks",
                "label": "Health walks",
                "stage": "activity",
                "department": "hea",
                "indicators": [{"name": "walks led"}],
            },
            {
                "id": "stalls",
                "label": "Stalls run",
                "stage": "output",
                "department": "eco",
                "indicators": [{"name": "stalls"}],
            },
            {
                "id": "work",
                "label": "In work",
                "stage": "outcome",
                "priority": 3,
                "department": "eco",
            },
            {
                "id": "sleep",
                "label": "Sleep well",
                "stage": "outcome",
                "priority": 1,
                "department": "hea",
            },
        ],
        "links": [
            {"from": "grant", "to": "jobs-fair", "weight": 0.6},
            {"from": "grant", "to": "night-market", "weight": 0.2},
            {"from": "jobs-fair", "to": "work", "weight": 0.5},
            {"from": "night-market", "to": "stalls", "weight": 1.0},
            {"from": "stalls", "to": "work", "weight": 0.4},
            {"from": "stalls", "to": "sleep", "weight": -0.8},
        ],
    }
    data.update(changes)
    return LogicModel.model_validate(data)


def test_scores_by_hand() -> None:
    # priorities work 0.75, sleep 0.25
    # jobs-fair: 0.5 * 0.75 = 0.375
    # night-market: 1.0 * (0.4 * 0.75 - 0.8 * 0.25) = 0.3 - 0.2 = 0.1
    found = {d.id: (d.score, d.gain, d.loss) for d in drivers(_town())}
    assert found == {
        "jobs-fair": pytest.approx((0.375, 0.375, 0.0)),
        "night-market": pytest.approx((0.1, 0.3, -0.2)),
        "walks": (0.0, 0.0, 0.0),
    }


def test_trade_offs_by_hand() -> None:
    found = trade_offs(_town())
    assert [d.id for d in found.mixed] == ["night-market"]
    [pair] = found.opposed
    assert (pair.activity, pair.helps, pair.harms) == ("night-market", "work", "sleep")
    assert (pair.help, pair.harm) == pytest.approx((0.4, -0.8))
    assert [c.link for c in found.cross_department_links] == ["stalls->sleep"]
    [harm] = found.cross_department_harms
    assert (harm.activity, harm.outcome, harm.activity_department) == (
        "night-market",
        "sleep",
        "eco",
    )


def test_gaps_by_hand() -> None:
    found = gaps(_town())
    # support(sleep) = -0.8 from night-market: below the weak threshold
    assert [(s.id, s.status, round(s.support, 6)) for s in found.weak_outcomes] == [
        ("sleep", "weak", -0.8)
    ]
    assert found.idle_activities == ["walks"]
    assert [(r.node, r.reason) for r in found.redundant_metrics] == [
        ("walks", "reaches no priority outcome")
    ]
    assert found.unmeasured_priorities == ["sleep", "work"]


def test_what_if_by_hand() -> None:
    # roots: grant (level 1) and walks. support(work) = 0.6*0.5 + 0.2*1.0*0.4 = 0.38
    # support(sleep) = 0.2 * 1.0 * -0.8 = -0.16; total = 0.75*0.38 + 0.25*-0.16 = 0.245
    # without the night market: work 0.3, sleep 0; total 0.225
    result = what_if(_town(), remove=["night-market"])
    changes = {o.id: (o.before, o.after) for o in result.outcomes}
    assert changes == {"work": pytest.approx((0.38, 0.3)), "sleep": pytest.approx((-0.16, 0.0))}
    assert (result.total_before, result.total_after) == pytest.approx((0.245, 0.225))
    halved = what_if(_town(), scale={"grant": 0.5})
    assert halved.total_after == pytest.approx(0.245 / 2)


def test_what_if_refuses_unknown_ids_and_negative_factors() -> None:
    with pytest.raises(WhatIfError, match="names 'nope', which is not a node"):
        what_if(_town(), remove=["nope"])
    with pytest.raises(WhatIfError, match=r"scales .grant. by -1\.0: use a factor of 0 or more"):
        what_if(_town(), scale={"grant": -1.0})


def test_costs_follow_weights_unless_allocated() -> None:
    # 100,000 shared 0.6 : 0.2 -> 75,000 and 25,000
    assert activity_costs(_town()) == pytest.approx({"jobs-fair": 75000, "night-market": 25000})
    town = _town()
    data = town.model_dump(by_alias=True)
    data["links"][1]["allocation"] = 0.5  # night market takes half; jobs fair the rest
    allocated = LogicModel.model_validate(data)
    assert activity_costs(allocated) == pytest.approx({"jobs-fair": 50000, "night-market": 50000})
    # score per 100k: jobs-fair 0.375 / 0.75 = 0.5; night-market 0.1 / 0.25 = 0.4
    rows = value_for_money(town, drivers(town))
    assert [(r.id, r.score_per_100k) for r in rows] == [
        ("jobs-fair", pytest.approx(0.5)),
        ("night-market", pytest.approx(0.4)),
    ]


def test_department_view_by_hand() -> None:
    view = department_view(_town())
    # economy's activities: onto work 0.75 * (0.5 + 0.4) = 0.675; onto sleep 0.25 * -0.8 = -0.2
    assert view.contribution == {
        "eco": {"eco": pytest.approx(0.675), "hea": pytest.approx(-0.2)},
        "hea": {},
    }
    assert view.shared == []


def test_unknown_ids_are_named() -> None:
    with pytest.raises(UnknownNodeError, match="'nope' is not a node of this model: check the id"):
        pathways(_town(), "nope", "work")
    with pytest.raises(UnknownNodeError, match="'gone' is not a node of this model"):
        influence(_town(), ["gone"])
    with pytest.raises(UnknownNodeError, match="'ghost' is not a node of this model"):
        drivers(_town(), {"ghost": 1.0})


def test_what_if_refuses_an_infinite_factor() -> None:
    with pytest.raises(WhatIfError, match="scales 'grant' by inf"):
        what_if(_town(), scale={"grant": float("inf")})


def test_percentiles_a_block_of_rows_at_a_time_equal_all_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Blocks of 4 rows of 9 samples: 50 rows take 13 blocks, the last short.
    monkeypatch.setattr(robustness, "_CELLS_PER_CHUNK", 40)
    draws = np.random.default_rng(0).normal(size=(50, 9)).astype(np.float32)
    blocked = np.stack(robustness._percentiles(draws))
    assert np.array_equal(blocked, np.percentile(draws, [5, 50, 95], axis=1))
