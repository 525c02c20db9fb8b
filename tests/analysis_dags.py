"""Random small signed DAGs as logic models, and brute-force path sums to check against."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from toc.model import LogicModel

STAGES = ("input", "activity", "output", "outcome", "impact")
weights = (
    st.floats(-1, 1, allow_nan=False).filter(lambda w: abs(w) > 1e-3).map(lambda w: round(w, 3))
)


@st.composite
def small_models(
    draw: st.DrawFn, max_nodes: int = 7, weight: st.SearchStrategy[float] = weights
) -> LogicModel:
    """Nodes in stage order (so every link i -> j with i < j is allowed), signed links."""
    count = draw(st.integers(2, max_nodes))
    stages = sorted(
        draw(st.lists(st.sampled_from(STAGES), min_size=count, max_size=count)), key=STAGES.index
    )
    nodes: list[dict[str, Any]] = []
    for i, stage in enumerate(stages):
        node: dict[str, Any] = {"id": f"n{i}", "label": f"N{i}", "stage": stage}
        if stage in ("outcome", "impact") and draw(st.booleans()):
            node["priority"] = draw(st.integers(1, 5))
        nodes.append(node)
    pairs = [(i, j) for i in range(count) for j in range(i + 1, count)]
    chosen = (
        draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    )
    links = [{"from": f"n{i}", "to": f"n{j}", "weight": draw(weight)} for i, j in sorted(chosen)]
    return LogicModel.model_validate({"title": "random", "nodes": nodes, "links": links})


def all_paths(model: LogicModel, source: str, target: str) -> list[tuple[list[str], float]]:
    """Every directed path from source to target with its weight product, by enumeration."""
    out: dict[str, list[tuple[str, float]]] = {}
    for link in model.links:
        out.setdefault(link.from_, []).append((link.to, link.weight))
    found: list[tuple[list[str], float]] = []

    def walk(node: str, path: list[str], product: float) -> None:
        if node == target and len(path) > 1:
            found.append((path, product))
        for nxt, weight in out.get(node, []):
            walk(nxt, [*path, nxt], product * weight)

    walk(source, [source], 1.0)
    return found


def brute_influence(model: LogicModel, source: str, target: str) -> float:
    """Sum of path products from source to target."""
    return sum(product for _, product in all_paths(model, source, target))


def layered_model(
    layers: int, width: int = 4, signs: tuple[float, ...] = (1.0,), priority: float = 1.0
) -> LogicModel:
    """Activity ``a``, then ``layers`` columns of ``width`` outputs, then outcome ``o``.

    Every item of a column links to every item of the next (complete
    bipartite layers, as in a logic model transcribed from a spreadsheet);
    the j-th link out of each node has weight ``signs[j % len(signs)]``; the
    last column links to ``o`` with weight 1.
    """
    nodes: list[dict[str, Any]] = [{"id": "a", "label": "A", "stage": "activity"}]
    links: list[dict[str, Any]] = []
    before = ["a"]
    for layer in range(layers):
        column = [f"l{layer}-{j}" for j in range(width)]
        nodes += [{"id": c, "label": c, "stage": "output"} for c in column]
        links += [
            {"from": b, "to": c, "weight": signs[j % len(signs)]}
            for b in before
            for j, c in enumerate(column)
        ]
        before = column
    nodes.append({"id": "o", "label": "O", "stage": "outcome", "priority": priority})
    links += [{"from": b, "to": "o", "weight": 1.0} for b in before]
    return LogicModel.model_validate({"title": "layered", "nodes": nodes, "links": links})


def exact_sums(
    model: LogicModel, values: dict[str, float]
) -> dict[str, tuple[Fraction, Fraction, Fraction]]:
    """Score, gain and loss of every node in exact rational arithmetic.

    Each node's sums over its paths of ``product(weights) * values[end]``: in
    all, over the positive terms and over the negative ones.  Found by
    dynamic programming over the DAG (the float inputs taken as the exact
    numbers they are), so paths are never listed and nothing is rounded.
    """
    out: dict[str, list[tuple[str, Fraction]]] = {n.id: [] for n in model.nodes}
    for link in model.links:
        out[link.from_].append((link.to, Fraction(link.weight)))
    sums: dict[str, tuple[Fraction, Fraction]] = {}

    def visit(node: str) -> tuple[Fraction, Fraction]:
        if node not in sums:
            own = Fraction(values.get(node, 0.0))
            gain, loss = max(own, Fraction(0)), min(own, Fraction(0))
            for nxt, weight in out[node]:
                up, down = visit(nxt)
                gain += weight * (up if weight > 0 else down)
                loss += weight * (down if weight > 0 else up)
            sums[node] = (gain, loss)
        return sums[node]

    return {n.id: (sum(visit(n.id), Fraction(0)), *visit(n.id)) for n in model.nodes}
