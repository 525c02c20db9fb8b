"""Influence and driver scores against brute-force path enumeration, and their invariants."""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import pairwise

import pytest
from analysis_dags import all_paths, brute_influence, exact_sums, layered_model, small_models
from hypothesis import given, settings
from hypothesis import strategies as st

from toc.analysis import drivers, explaining_pathways, influence, pathways, priorities
from toc.model import LogicModel

VALUED = ("outcome", "impact")


def _targets(model: LogicModel) -> list[str]:
    return [n.id for n in model.nodes if n.stage.value in VALUED]


def _sources(model: LogicModel) -> list[str]:
    return [n.id for n in model.nodes if n.stage.value == "activity"]


@settings(max_examples=60, deadline=None)
@given(small_models())
def test_influence_equals_path_enumeration(model: LogicModel) -> None:
    rows = influence(model, _sources(model))
    for a in _sources(model):
        for o in _targets(model):
            assert rows[a].get(o, 0.0) == pytest.approx(brute_influence(model, a, o), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(small_models())
def test_gain_and_loss_are_the_signed_path_sums(model: LogicModel) -> None:
    weights = priorities(model).weights
    for d in drivers(model):
        terms = [weights[o] * product for o in weights for _, product in all_paths(model, d.id, o)]
        assert d.gain == pytest.approx(sum(t for t in terms if t > 0), abs=1e-9)
        assert d.loss == pytest.approx(sum(t for t in terms if t < 0), abs=1e-9)
        assert d.gain >= 0 >= d.loss
        assert d.gain + d.loss == pytest.approx(d.score, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(small_models(), st.floats(0.1, 10), st.floats(0.1, 10))
def test_scores_are_linear_in_priorities(model: LogicModel, a: float, b: float) -> None:
    targets = _targets(model)
    first = {o: float(i + 1) for i, o in enumerate(targets)}
    second = {o: float(len(targets) - i) ** 2 for i, o in enumerate(targets)}
    mixed = {o: a * first[o] + b * second[o] for o in targets}
    one, two = ({d.id: d.score for d in drivers(model, w)} for w in (first, second))
    for d in drivers(model, mixed):
        assert d.score == pytest.approx(a * one[d.id] + b * two[d.id], abs=1e-9)


def _flipped(model: LogicModel, links: set[tuple[str, str]]) -> LogicModel:
    data = model.model_dump(by_alias=True)
    for link in data["links"]:
        if (link["from"], link["to"]) in links:
            link["weight"] = -link["weight"]
    return LogicModel.model_validate(data)


def _contribution(model: LogicModel, nodes: list[str]) -> float:
    every = pathways(model, nodes[0], nodes[-1], k=10_000)
    return next(p.contribution for p in every if p.nodes == nodes)


@settings(max_examples=60, deadline=None)
@given(small_models(), st.data())
def test_flipping_a_link_on_a_path_flips_its_contribution(
    model: LogicModel, data: st.DataObject
) -> None:
    routes = [
        p for a in _sources(model) for o in _targets(model) for p, _ in all_paths(model, a, o)
    ]
    if not routes:
        return
    nodes = data.draw(st.sampled_from(routes))
    step = data.draw(st.integers(0, len(nodes) - 2))
    before = _contribution(model, nodes)
    after = _contribution(_flipped(model, {(nodes[step], nodes[step + 1])}), nodes)
    assert after == pytest.approx(-before, abs=1e-12)
    every = set(pairwise(nodes))
    all_flipped = _contribution(_flipped(model, every), nodes)
    assert all_flipped == pytest.approx((-1) ** len(every) * before, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(small_models())
def test_flipping_every_link_out_of_an_activity_flips_its_score(model: LogicModel) -> None:
    for d in drivers(model):
        out = {(link.from_, link.to) for link in model.links if link.from_ == d.id}
        flipped = next(x for x in drivers(_flipped(model, out)) if x.id == d.id)
        assert flipped.score == pytest.approx(-d.score, abs=1e-12)
        assert (flipped.gain, flipped.loss) == pytest.approx((-d.loss, -d.gain), abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(small_models())
def test_top_pathways_come_in_order_of_absolute_contribution(model: LogicModel) -> None:
    for a in _sources(model):
        for o in _targets(model):
            found = pathways(model, a, o, k=4)
            brute = sorted((abs(p) for _, p in all_paths(model, a, o)), reverse=True)[:4]
            assert [abs(p.product) for p in found] == pytest.approx(brute, abs=1e-12)
            assert math.fsum(p.product for p in pathways(model, a, o, k=10_000)) == (
                pytest.approx(brute_influence(model, a, o), abs=1e-9)
            )


def test_influence_by_hand() -> None:
    # a -> b (0.5) -> o (-0.4) and a -> o (0.3): influence 0.3 + 0.5 * -0.4 = 0.1;
    # a -> o -> i (0.5) adds 0.1 * 0.5 = 0.05 to i.
    model = LogicModel.model_validate(
        {
            "title": "t",
            "nodes": [
                {"id": "a", "label": "A", "stage": "activity"},
                {"id": "b", "label": "B", "stage": "output"},
                {"id": "o", "label": "O", "stage": "outcome", "priority": 3},
                {"id": "i", "label": "I", "stage": "impact", "priority": 1},
            ],
            "links": [
                {"from": "a", "to": "b", "weight": 0.5},
                {"from": "b", "to": "o", "weight": -0.4},
                {"from": "a", "to": "o", "weight": 0.3},
                {"from": "o", "to": "i", "weight": 0.5},
            ],
        }
    )
    assert influence(model, ["a"])["a"] == pytest.approx({"o": 0.1, "i": 0.05})
    # score = 0.75 * 0.1 + 0.25 * 0.05 = 0.0875; gain = 0.75*0.3 + 0.25*0.15 = 0.2625
    [d] = drivers(model)
    assert (d.score, d.gain, d.loss) == pytest.approx((0.0875, 0.2625, -0.175))


@settings(max_examples=40, deadline=None)
@given(small_models())
def test_explaining_pathways_add_up_to_the_score(model: LogicModel) -> None:
    for d in drivers(model):
        every = explaining_pathways(model, d.id, k=10_000)
        assert math.fsum(p.contribution for p in every) == pytest.approx(d.score, abs=1e-9)
        sizes = [abs(p.contribution) for p in every]
        assert sizes == sorted(sizes, reverse=True)
        assert [abs(p.contribution) for p in explaining_pathways(model, d.id, k=2)] == sizes[:2]


def _cancelling_model() -> LogicModel:
    """30 columns of 4 (122 nodes), signs +, +, -, - out of each node, and a -> o at 0.3.

    Every column but the last scores 0 exactly (1 + 1 - 1 - 1 times the same
    value), so ``a`` scores 0.3; but its gain and loss are each about 2**59.
    """
    data = layered_model(30, 4, signs=(1.0, 1.0, -1.0, -1.0)).model_dump(by_alias=True)
    data["links"].append({"from": "a", "to": "o", "weight": 0.3})
    return LogicModel.model_validate(data)


def test_a_small_score_between_a_huge_gain_and_loss_is_exact() -> None:
    # Rebuilding the score as gain + loss gave 0.0 here: 0.3 is below the
    # rounding step of numbers near 2**59.
    model = _cancelling_model()
    [d] = drivers(model)
    score, gain, loss = exact_sums(model, priorities(model).weights)["a"]
    assert gain > 2**58 and score == Fraction(0.3)
    assert d.score == 0.3
    assert abs(Fraction(d.gain) - gain) <= gain * 2**-52
    assert abs(Fraction(d.loss) - loss) <= -loss * 2**-52


@settings(max_examples=60, deadline=None)
@given(small_models())
def test_score_gain_and_loss_are_exact_to_rounding(model: LogicModel) -> None:
    weights = priorities(model).weights
    exact = exact_sums(model, weights)
    for d in drivers(model):
        score, gain, loss = exact[d.id]
        reach = gain - loss
        # Each is a sum of at most a few dozen rounded terms: a few ulps of the largest.
        assert abs(Fraction(d.score) - score) <= reach * 2**-46
        assert abs(Fraction(d.gain) - gain) <= gain * 2**-46
        assert abs(Fraction(d.loss) - loss) <= -loss * 2**-46
