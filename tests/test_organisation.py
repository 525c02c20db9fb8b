"""The organisation: contribution, score, support, gaps, harms and departments against
brute-force path enumeration (networkx) on generated portfolios; redesign the same way."""

from __future__ import annotations

from fractions import Fraction
from itertools import pairwise
from typing import Any

import networkx as nx
import pytest
from analysis_dags import small_models
from hypothesis import given, settings
from hypothesis import strategies as st

from toc.model import LogicModel
from toc.organisation import (
    NO_DEPARTMENT,
    Framework,
    Portfolio,
    UnknownTargetError,
    portfolio,
    redesign,
)

CODES = ("O1", "O2", "O3")
DEPARTMENTS = ("d0", "d1")
# Multiples of 0.1: any path sum that is not exactly 0 is at least 0.1**7 in size,
# far above the rounding the library sets to 0.
tenths = st.integers(-10, 10).filter(bool).map(lambda k: k / 10)


@st.composite
def tagged_models(draw: st.DrawFn) -> LogicModel:
    """A random signed DAG whose boxes carry council codes and whose activities departments."""
    base = draw(small_models(max_nodes=8, weight=tenths))
    data: dict[str, Any] = base.model_dump(by_alias=True, exclude_none=True)
    data["title"] = f"service-{draw(st.integers(0, 10**6))}"
    data["departments"] = [{"id": d, "label": d.upper()} for d in DEPARTMENTS]
    for node in data["nodes"]:
        node["frameworks"] = [f"council:{c}" for c in draw(st.sets(st.sampled_from(CODES)))]
        if node["stage"] == "activity" and draw(st.booleans()):
            node["department"] = draw(st.sampled_from(DEPARTMENTS))
    return LogicModel.model_validate(data)


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    return Framework.model_validate(
        {
            "title": "City",
            "scheme": "council",
            "departments": [{"id": d, "label": d} for d in DEPARTMENTS],
            "outcomes": [
                {
                    "code": c,
                    "label": f"Outcome {c}",
                    "priority": draw(st.integers(0, 5)),
                    **(
                        {"department": d}
                        if (d := draw(st.sampled_from([*DEPARTMENTS, None])))
                        else {}
                    ),
                }
                for c in CODES
            ],
        }
    )


def _graph(model: LogicModel) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(n.id for n in model.nodes)
    for link in model.links:
        graph.add_edge(link.from_, link.to, weight=Fraction(link.weight))
    return graph


def _paths(graph: nx.DiGraph, a: str, n: str) -> list[Fraction]:
    """The weight product of every path a -> n (of at least one link), exactly."""
    if a == n:
        return []
    products = []
    for path in nx.all_simple_paths(graph, a, n):
        product = Fraction(1)
        for u, v in pairwise(path):
            product *= graph.edges[u, v]["weight"]
        products.append(product)
    return products


def brute(model: LogicModel, code: str) -> dict[str, tuple[Fraction, bool]]:
    """Per activity: (sum over tagged nodes of influence, whether any path reaches one)."""
    graph = _graph(model)
    tagged = [n.id for n in model.nodes if f"council:{code}" in n.frameworks]
    out = {}
    for a in (n for n in model.nodes if n.stage.value == "activity"):
        products = [p for n in tagged for p in _paths(graph, a.id, n)]
        out[a.id] = (sum(products, Fraction(0)), bool(products))
    return out


def brute_priorities(framework: Framework) -> dict[str, Fraction]:
    raw = {o.code: Fraction(o.priority or 0) for o in framework.outcomes}
    total = sum(raw.values())
    return {c: (p / total if total else Fraction(0)) for c, p in raw.items()}


def close(value: float, exact: Fraction) -> bool:
    return value == pytest.approx(float(exact), rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(frameworks(), st.lists(tagged_models(), min_size=1, max_size=3))
def test_portfolio_matches_brute_force_path_enumeration(
    framework: Framework, models: list[LogicModel]
) -> None:
    models = [m.model_copy(update={"title": f"{m.title}-{i}"}) for i, m in enumerate(models)]
    p = portfolio(framework, models)
    weights = brute_priorities(framework)
    lead = {o.code: o.department or NO_DEPARTMENT for o in framework.outcomes}
    support = dict.fromkeys(CODES, Fraction(0))
    reached = dict.fromkeys(CODES, False)
    harms = set()
    departments: dict[str, dict[str, Fraction]] = {}
    for m in models:
        owner = {n.id: n.department or NO_DEPARTMENT for n in m.nodes}
        score = Fraction(0)
        for code in CODES:
            per_activity = brute(m, code)
            contribution = sum((c for c, _ in per_activity.values()), Fraction(0))
            assert close(p.matrix[m.title][code], contribution)
            support[code] += contribution
            reached[code] |= any(hit for _, hit in per_activity.values())
            score += weights[code] * contribution
            if contribution < 0 and not close(0.0, contribution):  # not float rounding
                harms.add((m.title, code))
            for a, (c, _) in per_activity.items():
                if weights[code] and c:
                    row = departments.setdefault(owner[a], {})
                    row[lead[code]] = row.get(lead[code], Fraction(0)) + weights[code] * c
        (ranked,) = [s for s in p.services if s.model == m.title]
        assert close(ranked.score, score)
    for o in p.outcomes:
        assert close(o.support, support[o.code])
        assert close(o.priority, weights[o.code])
    assert p.gaps == [c for c in CODES if not reached[c]]
    assert {(h.model, h.code) for h in p.harms} == harms
    for name, row in departments.items():
        for column, expected in row.items():
            assert close(p.departments.get(name, {}).get(column, 0.0), expected)
    assert [s.score for s in p.services] == sorted((s.score for s in p.services), reverse=True)


def _without_links_from(model: LogicModel, node: str, factor: float) -> LogicModel:
    data = model.model_dump(by_alias=True, exclude_none=True)
    links = []
    for link in data["links"]:
        if link["from"] == node:
            if factor == 0:
                continue
            link["weight"] = link["weight"] * factor
        links.append(link)
    data["links"] = links
    return LogicModel.model_validate(data)


@settings(max_examples=40, deadline=None)
@given(
    frameworks(),
    st.lists(tagged_models(), min_size=1, max_size=3),
    st.data(),
    st.sampled_from([0.0, 0.5]),
)
def test_redesign_matches_brute_force_on_the_changed_model(
    framework: Framework, models: list[LogicModel], data: st.DataObject, factor: float
) -> None:
    models = [m.model_copy(update={"title": f"{m.title}-{i}"}) for i, m in enumerate(models)]
    p = portfolio(framework, models)
    chosen = data.draw(st.sampled_from(models))
    activities = [n.id for n in chosen.nodes if n.stage.value == "activity"]
    node = data.draw(st.sampled_from(activities)) if activities else None
    target = chosen.title if node is None else f"{chosen.title}:{node}"
    r = redesign(p, target, factor, models={m.title: m for m in models})
    changed = chosen if node is None else _without_links_from(chosen, node, factor)
    for o in r.outcomes:
        expected = Fraction(0)
        for m in models:
            contribution = sum(
                (c for c, _ in brute(changed if m is chosen else m, o.code).values()), Fraction(0)
            )
            expected += contribution * (Fraction(factor) if m is chosen and node is None else 1)
        assert close(o.after, expected)
        assert close(
            o.change,
            expected
            - sum(
                (sum((c for c, _ in brute(m, o.code).values()), Fraction(0)) for m in models),
                Fraction(0),
            ),
        )


def _example() -> tuple[Framework, LogicModel, LogicModel]:
    fw = Framework.model_validate(
        {
            "title": "City",
            "scheme": "council",
            "departments": [
                {"id": "housing", "label": "Housing"},
                {"id": "economy", "label": "Economy"},
            ],
            "outcomes": [
                {"code": "O1", "label": "Work", "department": "economy", "priority": 3},
                {"code": "O2", "label": "Homes", "department": "housing", "priority": 1},
                {"code": "O3", "label": "Nobody", "priority": 1},
            ],
        }
    )
    housing = LogicModel.model_validate(
        {
            "title": "Housing",
            "departments": [{"id": "housing", "label": "Housing"}],
            "nodes": [
                {"id": "fund", "label": "Fund", "stage": "input", "cost": 200000},
                {
                    "id": "place",
                    "label": "Place out of borough",
                    "stage": "activity",
                    "department": "housing",
                },
                {"id": "homed", "label": "Homed", "stage": "outcome", "frameworks": ["council:O2"]},
                {
                    "id": "work",
                    "label": "In work",
                    "stage": "outcome",
                    "frameworks": ["council:O1"],
                },
            ],
            "links": [
                {"from": "fund", "to": "place"},
                {"from": "place", "to": "homed", "weight": 0.8},
                {"from": "place", "to": "work", "weight": -0.5},
            ],
        }
    )
    jobs = LogicModel.model_validate(
        {
            "title": "Jobs",
            "nodes": [
                {"id": "coach", "label": "Coach", "stage": "activity"},
                {
                    "id": "work",
                    "label": "In work",
                    "stage": "outcome",
                    "frameworks": ["council:O1"],
                },
            ],
            "links": [{"from": "coach", "to": "work", "weight": 0.9}],
        }
    )
    return fw, housing, jobs


def test_hand_worked_portfolio() -> None:
    fw, housing, jobs = _example()
    p = portfolio(fw, [housing, jobs])
    # priorities 3:1:1 -> 0.6, 0.2, 0.2
    assert p.matrix == {
        "Housing": {"O1": -0.5, "O2": 0.8, "O3": 0.0},
        "Jobs": {"O1": 0.9, "O2": 0.0, "O3": 0.0},
    }
    assert [(s.model, round(s.score, 9), s.cost) for s in p.services] == [
        ("Jobs", 0.54, None),
        ("Housing", round(0.6 * -0.5 + 0.2 * 0.8, 9), 200000.0),
    ]
    assert p.gaps == ["O3"]
    assert [(h.model, h.code, h.contribution) for h in p.harms] == [("Housing", "O1", -0.5)]
    assert p.outcomes[0].contributors == {"Housing": -0.5, "Jobs": 0.9}
    assert p.outcomes[0].support == pytest.approx(0.4)
    assert p.departments == {
        "housing": {"housing": pytest.approx(0.16), "economy": pytest.approx(-0.3)},
        NO_DEPARTMENT: {"economy": pytest.approx(0.54)},
    }


def test_json_has_exactly_the_contract_keys() -> None:
    fw, housing, jobs = _example()
    data = portfolio(fw, [housing, jobs]).to_json()
    contract = {"outcomes", "matrix", "services", "gaps", "harms", "departments"}
    assert contract <= set(data)
    assert set(data) - contract == {"framework", "scheme", "priority_source", "value"}
    assert {tuple(sorted(o)) for o in data["outcomes"]} == {
        ("code", "contributors", "label", "priority", "support")
    }
    assert {tuple(sorted(s)) for s in data["services"]} == {("cost", "model", "score")}
    assert {tuple(sorted(h)) for h in data["harms"]} == {("code", "contribution", "model")}
    assert set(data["matrix"]) == {"Housing", "Jobs"}
    assert all(isinstance(c, str) for c in data["gaps"])


def test_same_titles_are_told_apart_by_file() -> None:
    fw, _, jobs = _example()
    p = portfolio(fw, [jobs, jobs], sources=["a/jobs-north.yaml", "b/jobs-south.yaml"])
    assert list(p.matrix) == ["Jobs (jobs-north)", "Jobs (jobs-south)"]


def test_redesign_removes_a_service_and_says_which_departments_feel_it() -> None:
    fw, housing, jobs = _example()
    p = portfolio(fw, [housing, jobs])
    r = redesign(p, "Housing")
    assert [(o.code, round(o.after, 9)) for o in r.outcomes] == [
        ("O1", 0.9),
        ("O2", 0.0),
        ("O3", 0.0),
    ]
    assert r.departments["housing"].change == pytest.approx(-0.16)
    assert r.departments["economy"].change == pytest.approx(0.3)  # the harm goes too
    half = redesign(p, "Jobs:coach", 0.5, models={"Jobs": jobs})
    assert half.outcomes[0].after == pytest.approx(-0.5 + 0.45)


def test_redesign_names_what_it_cannot_find() -> None:
    fw, housing, jobs = _example()
    p = portfolio(fw, [housing, jobs])
    with pytest.raises(UnknownTargetError, match="'Parks' names no service of the portfolio"):
        redesign(p, "Parks")
    with pytest.raises(
        UnknownTargetError, match="'nope' is not a box of 'Jobs': its activities are coach"
    ):
        redesign(p, "Jobs:nope", models={"Jobs": jobs})


def test_value_per_code_flags_over_claiming_across_services() -> None:
    fw, _, _ = _example()

    def valued(title: str, attribution: float) -> LogicModel:
        return LogicModel.model_validate(
            {
                "title": title,
                "valuation": {"investment": 1000},
                "nodes": [
                    {"id": "a", "label": "A", "stage": "activity"},
                    {
                        "id": "work",
                        "label": "Work",
                        "stage": "outcome",
                        "frameworks": ["council:O1"],
                        "value": {"quantity": 10, "proxy": 100, "attribution": attribution},
                    },
                ],
                "links": [{"from": "a", "to": "work", "weight": 0.5}],
            }
        )

    p: Portfolio = portfolio(fw, [valued("A", 0.2), valued("B", 0.3)])
    (row,) = p.value
    assert row.code == "O1" and row.claims == {"A": 0.8, "B": 0.7}
    assert row.over_claimed and row.claimed == pytest.approx(1.5)
    assert row.present_value == pytest.approx(sum(row.by_model.values()))
    fair = portfolio(fw, [valued("A", 0.5), valued("B", 0.6)])
    assert not fair.value[0].over_claimed
