"""Random small signed DAGs as logic models, and brute-force path sums to check against."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from toc.model import LogicModel

STAGES = ("input", "activity", "output", "outcome", "impact")
weights = (
    st.floats(-1, 1, allow_nan=False).filter(lambda w: abs(w) > 1e-3).map(lambda w: round(w, 3))
)


@st.composite
def small_models(draw: st.DrawFn, max_nodes: int = 7) -> LogicModel:
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
    links = [{"from": f"n{i}", "to": f"n{j}", "weight": draw(weights)} for i, j in sorted(chosen)]
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
