"""One service's figures against the framework: contribution to each corporate outcome.

For a model ``m`` and a framework code ``c``::

    contribution(m, c) = sum over activities a of m,
                         sum over nodes n of m tagged <scheme>:c,  influence(a, n)

where ``influence(a, n)`` is the analysis's (:mod:`toc.analysis.influence`): the
sum over every directed path from ``a`` to ``n`` of the product of the link
weights.  A tagged node counts whatever its stage (tags usually sit on outcomes
and impacts); an activity that is itself tagged does not reach itself (the empty
path does not count); a node tagged twice with one code counts once.

Nothing enumerates paths: one forward sparse triangular solve per model
(:func:`toc.analysis.arrays.path_sums_forward`) with one column per department of
the activities gives every department's sum over its activities at every node
at once, and a second over the absolute weights gives the *reach* (the sum of
the paths' absolute products, 0 exactly when no path exists), which tells a
code no activity reaches from one whose paths cancel.  A contribution within
1e-9 of its reach of zero is rounding, and is set to 0.

Examples
--------
>>> from toc.model import LogicModel
>>> from toc.organisation.corporate import Framework
>>> fw = Framework(title="t", scheme="council", outcomes=[{"code": "O1", "label": "Work"},
...                                                       {"code": "O2", "label": "Health"}])
>>> m = LogicModel.model_validate({"title": "Jobs",
...     "departments": [{"id": "economy", "label": "Economy"}],
...     "nodes": [{"id": "a", "label": "A", "stage": "activity", "department": "economy"},
...               {"id": "b", "label": "B", "stage": "output"},
...               {"id": "o", "label": "O", "stage": "outcome", "frameworks": ["council:O1"]}],
...     "links": [{"from": "a", "to": "b", "weight": 0.5},
...               {"from": "b", "to": "o", "weight": -0.4},
...               {"from": "a", "to": "o", "weight": 0.3}]})
>>> f = service_figures(m, fw, source="jobs.yaml")
>>> {c: round(v, 6) for c, v in f.contribution.items()}, f.reach["O2"]
({'O1': 0.1, 'O2': 0.0}, 0.0)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from toc.analysis.arrays import STAGE_CODES, Floats, graph_arrays, path_sums_forward
from toc.analysis.departments import NO_DEPARTMENT
from toc.errors import InvalidModelError, Problem
from toc.formats.lines import line_of
from toc.model import LogicModel
from toc.organisation.corporate import Framework, framework_priorities
from toc.sroi.honesty import attribution_claims, framework_totals
from toc.sroi.valuemap import value_map

__all__ = [
    "NO_DEPARTMENT",
    "ServiceFigures",
    "UnknownCodeError",
    "adopt_priorities",
    "model_cost",
    "service_figures",
    "tag_problems",
    "tagged_nodes",
]

#: A contribution this small next to its reach is rounding, not a figure.
ROUNDING = 1e-9


class UnknownCodeError(InvalidModelError):
    """A model tags a box with a code of the framework's scheme that the framework lacks."""


@dataclass(frozen=True)
class ServiceFigures:
    """A service (one model) measured against the framework; every dict keyed by code.

    ``contribution`` and ``reach`` hold every code of the framework (0.0 where the
    model does not reach it); ``by_department`` splits the contribution by the
    department of the activities (``(none)`` for activities with none);
    ``cost`` is the sum of the inputs' costs (``None`` when no input has one);
    ``value`` the present value of the model's valued outcomes tagged with each
    code, and ``claims`` the share (1 - attribution) it claims of a code valued on
    exactly one of its outcomes (see :func:`toc.sroi.honesty.attribution_claims`).
    """

    title: str
    source: str
    contribution: dict[str, float]
    reach: dict[str, float]
    by_department: dict[str, dict[str, float]]
    cost: float | None
    value: dict[str, float] = field(default_factory=dict)
    claims: dict[str, float] = field(default_factory=dict)

    def renamed(self, title: str) -> ServiceFigures:
        """The same figures under another title (to keep titles unique in a portfolio)."""
        return ServiceFigures(
            title,
            self.source,
            self.contribution,
            self.reach,
            self.by_department,
            self.cost,
            self.value,
            self.claims,
        )


def _codes_of(tags: list[str], prefix: str) -> Iterator[str]:
    for tag in tags:
        if tag.startswith(prefix):
            yield tag[len(prefix) :]


def tagged_nodes(model: LogicModel, scheme: str) -> list[tuple[int, str]]:
    """(node index, code) for every tag of ``scheme``, each pair once, in model order.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel(title="t", nodes=[{"id": "o", "label": "O", "stage": "outcome",
    ...     "frameworks": ["council:O1", "sdg:8", "council:O1", "council:O2"]}])
    >>> tagged_nodes(m, "council")
    [(0, 'O1'), (0, 'O2')]
    """
    prefix = f"{scheme}:"
    pairs: list[tuple[int, str]] = []
    for index, node in enumerate(model.nodes):
        if node.frameworks:
            pairs += [(index, c) for c in dict.fromkeys(_codes_of(node.frameworks, prefix))]
    return pairs


def adopt_priorities(model: LogicModel, framework: Framework) -> LogicModel:
    """``model`` with the corporate priorities in place of its own.

    Each outcome or impact tagged ``<scheme>:<code>`` takes that code's share of the
    corporate priorities (:func:`~toc.organisation.corporate.framework_priorities`),
    split equally among the model's results tagged with the same code, so a code
    counts once however many boxes carry it; a result with several codes adds their
    shares.  Every other box's priority is cleared and the model's priority source is
    set to box priorities.  Outputs and activities cannot hold priorities, so a tag on
    one counts in the portfolio but not here.  Tags naming codes the framework lacks
    are refused, as the portfolio refuses them.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> fw = Framework(title="f", scheme="council", outcomes=[
    ...     {"code": "O1", "label": "Jobs", "priority": 3},
    ...     {"code": "O2", "label": "Health", "priority": 1}])
    >>> m = LogicModel(title="t", nodes=[
    ...     {"id": "a", "label": "A", "stage": "outcome", "frameworks": ["council:O1"]},
    ...     {"id": "b", "label": "B", "stage": "outcome", "frameworks": ["council:O1"]},
    ...     {"id": "c", "label": "C", "stage": "impact", "frameworks": ["council:O2"],
    ...      "priority": 5}])
    >>> [(n.id, n.priority) for n in adopt_priorities(m, fw).nodes]
    [('a', 0.375), ('b', 0.375), ('c', 0.25)]
    """
    problems = tag_problems(model, framework)
    if problems:
        raise UnknownCodeError(problems)
    weights = framework_priorities(framework).weights
    results = {i for i, n in enumerate(model.nodes) if n.stage.is_result}
    pairs = [(i, c) for i, c in tagged_nodes(model, framework.scheme) if i in results]
    holders = Counter(c for _, c in pairs)
    share: dict[int, float] = {}
    for index, code in pairs:
        share[index] = share.get(index, 0.0) + weights.get(code, 0.0) / holders[code]
    nodes = [
        n.model_copy(update={"priority": share.get(i) if n.stage.is_result else None})
        for i, n in enumerate(model.nodes)
    ]
    return model.model_copy(update={"nodes": nodes, "priority_source": "nodes"})


def tag_problems(model: LogicModel, framework: Framework, text: str | None = None) -> list[Problem]:
    """Every tag of the framework's scheme naming a code the framework lacks, with its line
    when ``text`` (the model file's YAML or JSON) is given.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> fw = Framework(title="t", scheme="council", outcomes=[{"code": "O1", "label": "A"}])
    >>> m = LogicModel(title="t", nodes=[{"id": "jobs", "label": "Jobs", "stage": "outcome",
    ...     "frameworks": ["council:O9"]}])
    >>> print(tag_problems(m, fw)[0].message)
    node 'jobs' is tagged 'council:O9', but the framework 't' has no outcome 'O9': use one of O1, or add 'O9' to the framework
    """
    known = set(framework.codes())
    prefix = f"{framework.scheme}:"
    lines = line_of(text) if text is not None else None
    listed = ", ".join(framework.codes()[:12]) or "no codes: the framework has no outcomes"
    problems = []
    for index, node in enumerate(model.nodes):
        for place, tag in enumerate(node.frameworks):
            code = tag[len(prefix) :]
            if tag.startswith(prefix) and code not in known:
                loc: tuple[str | int, ...] = ("nodes", index, "frameworks", place)
                problems.append(
                    Problem(
                        f"node {node.id!r} is tagged {tag!r}, but the framework "
                        f"{framework.title!r} has no outcome {code!r}: use one of {listed}, "
                        f"or add {code!r} to the framework",
                        loc,
                        line=lines(loc) if lines is not None else None,
                    )
                )
    return problems


def model_cost(model: LogicModel) -> float | None:
    """The sum of the inputs' costs, or ``None`` when no input states one.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> model_cost(LogicModel(title="t", nodes=[{"id": "g", "label": "G", "stage": "input",
    ...     "cost": 1000}, {"id": "s", "label": "S", "stage": "input"}]))
    1000.0
    >>> model_cost(LogicModel(title="t")) is None
    True
    """
    costs = [n.cost for n in model.nodes if n.cost is not None]
    return float(sum(costs)) if costs else None


def _value(model: LogicModel, scheme: str, codes: set[str]) -> tuple[dict[str, float], ...]:
    prefix = f"{scheme}:"
    valued = [n for n in model.nodes if n.value is not None]
    if not any(tag.startswith(prefix) for n in valued for tag in n.frameworks):
        return {}, {}
    totals = framework_totals(model, scheme, valued=value_map(model))
    value = {t.code: t.present_value for t in totals if t.code in codes}
    claims = {
        tag[len(prefix) :]: share
        for tag, (_, share) in attribution_claims(model).items()
        if tag.startswith(prefix) and tag[len(prefix) :] in codes
    }
    return value, claims


def service_figures(
    model: LogicModel,
    framework: Framework,
    *,
    source: str = "<model>",
    scale: tuple[str, float] | None = None,
    text: str | None = None,
) -> ServiceFigures:
    """Contribution, reach, department split, cost and value of one model (see the module).

    ``scale`` is ``(node id, factor)``: the links out of that node multiplied by the
    factor (0 removes it), as :mod:`toc.analysis.whatif` does.  ``text`` is the model
    file's text, to give a bad tag's line.

    Raises
    ------
    UnknownCodeError
        If a box is tagged with a code of the framework's scheme the framework lacks,
        naming the model file, the node, the line and the code.
    """
    problems = tag_problems(model, framework, text)
    if problems:
        raise UnknownCodeError(problems, path=source)
    codes = framework.codes()
    column = {code: j for j, code in enumerate(codes)}
    graph = graph_arrays(model)
    weight = graph.weight
    if scale is not None:
        node_id, factor = scale
        weight = np.where(graph.source == graph.index[node_id], weight * factor, weight)
    activity = np.flatnonzero(graph.stage == STAGE_CODES["activity"])
    owners = [model.nodes[i].department or NO_DEPARTMENT for i in activity.tolist()]
    departments = list(dict.fromkeys(owners))
    contribution = np.zeros(len(codes))
    reach = np.zeros(len(codes))
    split = np.zeros((len(departments), len(codes)))
    pairs = tagged_nodes(model, framework.scheme)
    if pairs and activity.size:
        owner = np.array([departments.index(o) for o in owners], np.int64)
        sources = np.zeros((graph.size, len(departments)))
        sources[activity, owner] = 1.0
        per_department: Floats = path_sums_forward(graph, sources, weight) - sources
        ones = sources.sum(axis=1)
        absolute: Floats = path_sums_forward(graph, ones, np.abs(weight)) - ones
        nodes = np.array([i for i, _ in pairs], np.int64)
        code_columns = np.array([column[c] for _, c in pairs], np.int64)
        np.add.at(split.T, code_columns, per_department[nodes])
        np.add.at(reach, code_columns, absolute[nodes])
        contribution = split.sum(axis=0) + 0.0
        noise = np.abs(contribution) <= ROUNDING * reach
        contribution[noise] = 0.0
        # Each department's own figure is rounding only by its own size: two departments'
        # real contributions can cancel in the code's total.
        split[np.abs(split) <= ROUNDING * reach] = 0.0
        split += 0.0  # no -0.0 to print
    value, claims = _value(model, framework.scheme, set(codes))
    return ServiceFigures(
        title=model.title,
        source=source,
        contribution=dict(zip(codes, contribution.tolist(), strict=True)),
        reach=dict(zip(codes, reach.tolist(), strict=True)),
        by_department={
            d: dict(zip(codes, row, strict=True))
            for d, row in zip(departments, split.tolist(), strict=True)
        },
        cost=model_cost(model),
        value=value,
        claims=claims,
    )
