"""Options appraisal: alternative versions of one service, compared side by side.

The options are models of the same service done differently (the current service, a
redesign, decommissioning, a provider's bid).  The first option is the *baseline*
(normally the current service): who gains and who loses is measured against it.
For each option:

- ``score``, the corporate score.  With a framework it is the portfolio score,
  ``sum_c priority(c) * contribution(m, c)`` over the framework's codes with the
  framework's priorities (:mod:`toc.organisation.portfolio`).  Without one it is the
  model's *driver total*: the sum over its activities of their driver scores in
  ``toc analyse`` (``sum_o priority(o) * influence(a, o)`` with the model's own
  priorities, summing to 1).  Driver totals compare options only when the options
  rank their outcomes alike, as versions of one service normally do: each is scored
  against its own priorities;
- ``present_value``, ``npv`` and ``ratio`` from the model's SROI value map
  (:func:`toc.sroi.valuemap.value_map`, under the model's own valuation settings);
  an option with no valued outcome has a present value of 0, an NPV of minus its
  cost, and no ratio without a cost;
- ``cost``, the sum of the inputs' costs (``None`` when no input states one), and
  ``score_per_100k``, the score per 100,000 of cost;
- ``by_department``: the score split by the department of the activities that earn
  it (``(none)`` for activities with none), so the parts add up to the score;
  ``by_stakeholder``: present value by the stakeholder group that experiences each
  valued outcome (:func:`toc.sroi.parties.value_by_stakeholder`; ``(no group)`` for
  outcomes naming none);
- ``changes``: the option minus the baseline, for every department and stakeholder
  group either names, largest gain first; ``gains`` and ``losses`` are the
  positive and the negative ones;
- ``p_first``: the probability that the option ranks first.  Every link weight is
  drawn from a triangular distribution on its ``[low, high]`` range with its mode at
  the stated weight, the ranges exactly as ``toc analyse``'s sensitivity sets them
  (:func:`toc.analysis.robustness.link_bounds`: stated bounds, else a half-width by
  evidence grade); priorities are held fixed, since the options are compared under
  one set of them.  A link that two options share (the same ``from`` and ``to``)
  takes the same quantile of its range in a sample, so an assumption the options
  share moves them together and the comparison turns on where they differ.  Each
  sample's scores are ranked; a tie for first shares the sample equally, so the
  ``p_first`` add up to 1.  The seed is fixed: the same files give the same figures.

Options are listed best first: by score, then by present value, then by name.
Models are named by title; when two share a title each is named ``title (file stem)``.

Examples
--------
>>> from toc.model import LogicModel
>>> def service(title, weight, cost):
...     return LogicModel.model_validate({"title": title,
...         "nodes": [{"id": "money", "label": "Money", "stage": "input", "cost": cost},
...                   {"id": "a", "label": "A", "stage": "activity"},
...                   {"id": "o", "label": "O", "stage": "outcome", "priority": 1}],
...         "links": [{"from": "money", "to": "a", "weight": 1},
...                   {"from": "a", "to": "o", "weight": weight, "evidence": "strong"}]})
>>> result = compare([service("Current", 0.5, 100_000), service("Redesign", 0.8, 80_000)])
>>> [(o.model, o.score, o.cost, o.score_per_100k) for o in result.options]
[('Redesign', 0.8, 80000.0, 1.0), ('Current', 0.5, 100000.0, 0.5)]
>>> [o.p_first for o in result.options]
[1.0, 0.0]
>>> result.options[0].gains
[Change(kind='department', name='(none)', change=0.30000000000000004, label='(none)')]
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from toc.analysis.arrays import STAGE_CODES, Floats, graph_arrays
from toc.analysis.departments import NO_DEPARTMENT
from toc.analysis.influence import drivers, priority_vector
from toc.analysis.priorities import priorities
from toc.analysis.robustness import link_bounds, sampled_scores
from toc.errors import TocError, ValuationError
from toc.formats.modelfiles import load_model
from toc.model import LogicModel
from toc.organisation.contributions import (
    UnknownCodeError,
    model_cost,
    service_figures,
    tagged_nodes,
)
from toc.organisation.corporate import Framework, framework_priorities, load_framework
from toc.organisation.portfolio import PortfolioFileError, file_figures
from toc.sroi.figures import ratio_of
from toc.sroi.parties import value_by_stakeholder
from toc.sroi.valuemap import settings, value_map

__all__ = [
    "NO_GROUP",
    "PER_COST",
    "SAMPLES",
    "Change",
    "Option",
    "Options",
    "compare",
    "load_options",
]

#: Samples drawn for ``p_first`` unless told otherwise.
SAMPLES = 1000
#: The cost unit of ``score_per_100k``.
PER_COST = 100_000.0
#: The name of the present value of outcomes that name no stakeholder group.
NO_GROUP = "(no group)"
# A sample's scores this close to its best (relative) tie for first.
_TIE = 1e-9
# Link-samples per block of the Monte Carlo: bounds memory whatever the models' size.
_CELLS_PER_BLOCK = 4_000_000


@dataclass(frozen=True)
class Change:
    """One department's score, or one stakeholder group's present value, against the baseline."""

    kind: str  # "department" or "stakeholder"
    name: str
    change: float
    label: str = ""


@dataclass(frozen=True)
class Option:
    """One option's figures (see the module docstring)."""

    model: str
    source: str
    score: float
    present_value: float
    npv: float
    ratio: float | None
    cost: float | None
    currency: str
    by_department: dict[str, float]
    by_stakeholder: dict[str, float]
    baseline: bool = False
    p_first: float | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def score_per_100k(self) -> float | None:
        """The score per 100,000 of cost; ``None`` without a cost."""
        return self.score / self.cost * PER_COST if self.cost else None

    @property
    def gains(self) -> list[Change]:
        """The departments and groups better off than under the baseline, largest first."""
        return [c for c in self.changes if c.change > 0]

    @property
    def losses(self) -> list[Change]:
        """The departments and groups worse off than under the baseline, largest loss first."""
        return sorted((c for c in self.changes if c.change < 0), key=lambda c: c.change)

    def to_json(self) -> dict[str, Any]:
        """The option as plain data: the contract's keys first."""
        return {
            "model": self.model,
            "score": self.score,
            "present_value": self.present_value,
            "ratio": self.ratio,
            "cost": self.cost,
            "npv": self.npv,
            "score_per_100k": self.score_per_100k,
            "p_first": self.p_first,
            "baseline": self.baseline,
            "source": self.source,
            "currency": self.currency,
            "by_department": self.by_department,
            "by_stakeholder": self.by_stakeholder,
            "gains": [_change_json(c) for c in self.gains],
            "losses": [_change_json(c) for c in self.losses],
        }


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "name": change.name,
        "label": change.label or change.name,
        "change": change.change,
    }


@dataclass(frozen=True)
class Options:
    """The options best first, the baseline's name, and how they were scored and sampled."""

    options: list[Option]
    baseline: str
    basis: str  # "framework" or "own priorities"
    framework: str | None
    samples: int
    seed: int

    def to_json(self) -> dict[str, Any]:
        """``options`` (the contract), then the baseline, the basis and the sampling."""
        return {
            "options": [o.to_json() for o in self.options],
            "baseline": self.baseline,
            "basis": self.basis,
            "framework": self.framework,
            "samples": self.samples,
            "seed": self.seed,
        }


def _names(models: Sequence[LogicModel], sources: Sequence[str]) -> list[str]:
    counts: dict[str, int] = {}
    for m in models:
        counts[m.title] = counts.get(m.title, 0) + 1
    names = [
        m.title if counts[m.title] == 1 else f"{m.title} ({Path(s).stem})"
        for m, s in zip(models, sources, strict=True)
    ]
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return out


def _framework_vector(model: LogicModel, framework: Framework, size: int) -> Floats:
    """Each node's priority as the framework sees it: the sum over the codes it is tagged with."""
    weights = framework_priorities(framework).weights
    vector = np.zeros(size)
    for index, code in tagged_nodes(model, framework.scheme):
        vector[index] += weights.get(code, 0.0)
    return vector


def _score_parts(
    model: LogicModel, framework: Framework | None, source: str
) -> tuple[float, dict[str, float]]:
    """The score and its split by the activities' departments."""
    departments = {n.id: n.department or NO_DEPARTMENT for n in model.nodes}
    parts: dict[str, float] = {}
    if framework is None:
        for driver in drivers(model):
            owner = departments[driver.id]
            parts[owner] = parts.get(owner, 0.0) + driver.score
    else:
        try:
            figures = service_figures(model, framework, source=source)
        except UnknownCodeError:
            if Path(source).is_file():
                file_figures(Path(source), framework)  # raises the same, with each tag's line
            raise
        weights = framework_priorities(framework).weights
        for owner, row in figures.by_department.items():
            parts[owner] = sum(weights.get(c, 0.0) * v for c, v in row.items()) + 0.0
    return sum(parts.values()) + 0.0, parts


def _value(
    model: LogicModel, source: str
) -> tuple[float, float, float | None, str, dict[str, float]]:
    """Present value, NPV, ratio, currency and value by stakeholder group."""
    try:
        currency = settings(model).currency
        if not any(n.value is not None for n in model.nodes):
            cost = model_cost(model) or 0.0
            return 0.0, -cost, ratio_of(0.0, cost), currency, {}
        valued = value_map(model)
    except TocError as err:
        if err.path is not None:
            raise
        raise ValuationError(f"{err.message}", path=source, node_id=err.node_id) from err
    groups = {
        NO_GROUP if g.stakeholder is None else g.stakeholder: g.present_value
        for g in value_by_stakeholder(model, valued)
    }
    if not groups and valued.present_value:
        groups = {NO_GROUP: valued.present_value}  # no outcome names a group
    return valued.present_value, valued.npv, valued.ratio, currency, groups


def _labels(models: Sequence[LogicModel], framework: Framework | None) -> dict[str, str]:
    """Department and stakeholder group labels by id: the framework's first, then the models'."""
    labels = {d.id: d.label for d in framework.departments} if framework is not None else {}
    for model in models:
        for department in model.departments:
            labels.setdefault(department.id, department.label)
        for group in model.stakeholders:
            labels.setdefault(group.id, group.label)
    return labels


def _changes(option: Option, baseline: Option, labels: dict[str, str]) -> list[Change]:
    found = []
    for kind, mine, theirs in (
        ("department", option.by_department, baseline.by_department),
        ("stakeholder", option.by_stakeholder, baseline.by_stakeholder),
    ):
        for name in dict.fromkeys([*theirs, *mine]):
            change = mine.get(name, 0.0) - theirs.get(name, 0.0)
            if abs(change) > _TIE * max(1.0, abs(theirs.get(name, 0.0))):
                found.append(Change(kind, name, change, labels.get(name, name)))
    return sorted(found, key=lambda c: -c.change)


def _sampled_totals(
    models: Sequence[LogicModel], framework: Framework | None, samples: int, seed: int
) -> Floats:
    """Each option's score in every sample (options x samples), common random numbers by link."""
    keys: dict[str, int] = {}
    for model in models:
        for link in model.links:
            keys.setdefault(link.id, len(keys))
    plans = []
    for model in models:
        graph = graph_arrays(model)
        if framework is None:
            priority = priority_vector(graph, priorities(model).weights)
        else:
            priority = _framework_vector(model, framework, graph.size)
        activity = np.flatnonzero(graph.stage == STAGE_CODES["activity"])
        # A framework contribution leaves out the empty path (a tagged activity reaching
        # itself); a driver score keeps it, as toc analyse does.
        own = float(priority[activity].sum()) if framework is not None else 0.0
        low, high = link_bounds(model)
        rows = np.array([keys[link.id] for link in model.links], np.int64)
        plans.append((graph, priority, activity, own, low, high, rows))
    rng = np.random.default_rng(seed)
    widest = max([1, len(keys), *(p[0].size for p in plans)])
    block = max(1, _CELLS_PER_BLOCK // widest)
    totals = np.zeros((len(models), samples))
    for start in range(0, samples, block):
        n = min(block, samples - start)
        first, second = rng.random((len(keys), n)), rng.random((len(keys), n))
        smaller, larger = np.minimum(first, second), np.maximum(first, second)
        for i, (graph, priority, activity, own, low, high, rows) in enumerate(plans):
            mode = graph.weight[:, None]
            # low + (high - mode) min(U, V) + (mode - low) max(U, V) is triangular(low, mode,
            # high), as in toc.analysis.robustness.
            weights = (
                low[:, None]
                + (high[:, None] - mode) * smaller[rows]
                + (mode - low[:, None]) * larger[rows]
            )
            scores = sampled_scores(graph, weights, np.repeat(priority[:, None], n, axis=1))
            totals[i, start : start + n] = scores[activity].sum(axis=0) - own
    return totals


def _first_shares(totals: Floats) -> Floats:
    """How often each option ranks first; a tie for first shares its sample equally."""
    if totals.shape[1] == 0:
        return np.zeros(totals.shape[0])
    best = totals.max(axis=0)
    tied = totals >= best - _TIE * np.maximum(1.0, np.abs(best))
    shares: Floats = (tied / tied.sum(axis=0)).sum(axis=1) / totals.shape[1]
    return shares


def compare(
    models: Sequence[LogicModel],
    *,
    framework: Framework | None = None,
    sources: Sequence[str] = (),
    samples: int = SAMPLES,
    seed: int = 0,
) -> Options:
    """Compare the options ``models``, the first the baseline (see the module docstring).

    ``sources`` names each model's file (for messages, and to tell options of one title
    apart).  ``samples`` of 0 skips the Monte Carlo (``p_first`` is then ``None``).

    Raises
    ------
    toc.errors.TocError
        With no option; a model tagging a code the framework lacks; a valued model
        with no investment (naming the file).
    """
    if not models:
        raise PortfolioFileError("no option given: name two or more option model files")
    names = list(sources) or [f"<option {i + 1}>" for i in range(len(models))]
    titles = _names(models, names)
    built = []
    for model, source, title in zip(models, names, titles, strict=True):
        score, parts = _score_parts(model, framework, source)
        pv, npv, ratio, currency, groups = _value(model, source)
        built.append(
            Option(title, source, score, pv, npv, ratio, model_cost(model), currency, parts, groups)
        )
    shares = (
        _first_shares(_sampled_totals(models, framework, samples, seed)).tolist()
        if samples > 0
        else [None] * len(built)
    )
    base = built[0]
    labels = _labels(models, framework)
    done = [
        replace(
            o, baseline=i == 0, p_first=share, changes=[] if i == 0 else _changes(o, base, labels)
        )
        for i, (o, share) in enumerate(zip(built, shares, strict=True))
    ]
    done.sort(key=lambda o: (-o.score, -o.present_value, o.model))
    return Options(
        options=done,
        baseline=base.model,
        basis="own priorities" if framework is None else "framework",
        framework=None if framework is None else framework.title,
        samples=samples,
        seed=seed,
    )


def load_options(
    paths: Sequence[str | os.PathLike[str]],
    *,
    framework: str | os.PathLike[str] | Framework | None = None,
    samples: int = SAMPLES,
    seed: int = 0,
) -> Options:
    """Load the option model files (the first the baseline) and compare them.

    Raises
    ------
    toc.errors.TocError
        A path that is missing or a folder (options are files, in order), fewer than
        two options, or any file that fails to load, named with its line and the fix.

    Examples
    --------
    >>> load_options(["models/portfolio/options/no-such-option.yaml", "x.yaml"])
    Traceback (most recent call last):
    ...
    toc.organisation.portfolio.PortfolioFileError: models/portfolio/options/no-such-option.yaml: no such file: check the path (options are model files, the first the baseline)
    """
    files = [Path(p) for p in paths]
    for path in files:
        if path.is_dir():
            raise PortfolioFileError(
                "is a folder: name the option model files one by one, the baseline "
                "(the current service) first",
                path=str(path),
            )
        if not path.is_file():
            raise PortfolioFileError(
                "no such file: check the path (options are model files, the first the baseline)",
                path=str(path),
            )
    if len(files) < 2:
        raise PortfolioFileError(
            f"an options appraisal needs two or more options, got {len(files)}: name the "
            "current service first, then each alternative (a redesign, a bid, decommissioning)"
        )
    chosen = load_framework(framework) if isinstance(framework, (str, os.PathLike)) else framework
    models = [load_model(path) for path in files]
    return compare(
        models, framework=chosen, sources=[str(p) for p in files], samples=samples, seed=seed
    )
