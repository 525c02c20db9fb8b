"""A plain-text outline of a model: the accessible alternative to the diagram.

Public-sector documents must give a text alternative for a picture.  The
outline says, stage by stage, what each box is, who owns it, how much it
matters, and what it drives or undermines and how strongly, in words.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "Youth employment", "nodes": [
...     {"id": "mentoring", "label": "Mentoring", "stage": "activity"},
...     {"id": "jobs", "label": "Young people in work", "stage": "outcome", "priority": 3}],
...   "links": [{"from": "mentoring", "to": "jobs", "weight": 0.6, "evidence": "strong"}]})
>>> print(outline(m))
Youth employment
================
A theory of change with 2 boxes and 1 link. Links run from inputs to impact; each says how strongly one box drives (+) or undermines (-) another, on a scale from -1 to +1.
<BLANKLINE>
Activities (1)
- Mentoring
  - Mentoring moderately drives Young people in work (+0.6; evidence: strong)
<BLANKLINE>
Outcomes (1)
- Young people in work (priority 3)
"""

from __future__ import annotations

from toc.diagram.focus import priority_marks
from toc.diagram.labels import weight_text
from toc.diagram.style import HORIZON_HEADINGS, STAGE_STYLES
from toc.model import STAGES, Link, LogicModel, Node

__all__ = ["outline", "strength"]


def strength(weight: float) -> str:
    """A link's weight in words.

    Examples
    --------
    >>> strength(0.8), strength(-0.5), strength(0.2)
    ('strongly drives', 'moderately undermines', 'weakly drives')
    """
    size = abs(weight)
    adverb = "strongly" if size >= 0.7 else "moderately" if size >= 0.4 else "weakly"
    return f"{adverb} {'drives' if weight > 0 else 'undermines'}"


def outline(model: LogicModel) -> str:
    """The model as structured plain text, stage by stage.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> print(outline(LogicModel(title="Empty")))
    Empty
    =====
    A theory of change with 0 boxes and 0 links. Links run from inputs to impact; each says how strongly one box drives (+) or undermines (-) another, on a scale from -1 to +1.
    """
    context = _Context(model)
    out = [model.title, "=" * len(model.title)]
    out += [line for line in (model.organisation, model.description) if line]
    out.append(_summary(model))
    for stage in STAGES:
        members = [n for n in model.nodes if n.stage is stage]
        if members:
            out += ["", f"{STAGE_STYLES[stage].heading} ({len(members)})"]
            out += [line for node in members for line in _box(context, node)]
    return "\n".join(out)


class _Context:
    """What every box's lines look up, built once: names, links by source, priority marks."""

    def __init__(self, model: LogicModel) -> None:
        self.nodes = model.node_map()
        self.departments = {d.id: d.label for d in model.departments}
        self.marks = {k: mark.removeprefix("★ ") for k, mark in priority_marks(model).items()}
        self.links_from: dict[str, list[Link]] = {}
        for link in model.links:
            self.links_from.setdefault(link.from_, []).append(link)


def _summary(model: LogicModel) -> str:
    boxes, links = len(model.nodes), len(model.links)
    return (
        f"A theory of change with {boxes} box{'es' * (boxes != 1)} and "
        f"{links} link{'s' * (links != 1)}. Links run from inputs to impact; each says how "
        "strongly one box drives (+) or undermines (-) another, on a scale from -1 to +1."
    )


def _box(context: _Context, node: Node) -> list[str]:
    facts = _facts(context, node)
    lines = [f"- {node.label}" + (f" ({'; '.join(facts)})" if facts else "")]
    lines += [f"  {indicator}" for indicator in _indicators(node)]
    lines += [f"  - {_link(link, context.nodes)}" for link in context.links_from.get(node.id, [])]
    return lines


def _facts(context: _Context, node: Node) -> list[str]:
    departments = context.departments
    facts = [departments.get(node.department, node.department)] if node.department else []
    if node.horizon is not None:
        facts.append(HORIZON_HEADINGS[node.horizon].lower())
    if node.id in context.marks:
        facts.append(f"priority {context.marks[node.id]}")
    if node.cost is not None:
        facts.append(f"cost {node.cost:,.0f}")
    if node.input_kind is not None:
        facts.append(node.input_kind.value.replace("-", " "))
    return facts


def _indicators(node: Node) -> list[str]:
    return [
        f"measured by: {i.name}" + (f" ({i.unit})" if i.unit else "")
        + (f", baseline {i.baseline:g}" if i.baseline is not None else "")
        + (f", target {i.target:g}" if i.target is not None else "")
        for i in node.indicators
    ]  # fmt: skip


def _link(link: Link, nodes: dict[str, Node]) -> str:
    notes = [weight_text(link.weight)]
    if link.evidence is not None:
        notes.append(f"evidence: {link.evidence.value}")
    source, target = nodes[link.from_].label, nodes[link.to].label
    text = f"{source} {strength(link.weight)} {target} ({'; '.join(notes)})"
    return text + (f"; assumption: {link.assumption}" if link.assumption else "")
