"""The portfolio: a framework and many service models, measured together.

For model ``m`` and framework code ``c`` (see :mod:`toc.organisation.contributions`)::

    contribution(m, c) = sum_a sum_{n tagged <scheme>:c} influence(a, n)
    score(m)           = sum_c priority(c) * contribution(m, c)
    support(c)         = sum_m contribution(m, c)

with the framework's priorities normalised to sum to 1, exactly as a model's are
(:func:`toc.organisation.corporate.framework_priorities`), so a score is on the
same scale as a driver score in ``toc analyse``.

- ``gaps``: codes no model reaches (no path from any activity to a box tagged
  with the code, in any model), in framework order;
- ``harms``: every (model, code) whose contribution is negative;
- ``departments``: ``{activities' department: {lead department of c: value}}``,
  the value being ``sum priority(c) * contribution`` of that department's
  activities, over every model and every code the column department leads
  (so the whole matrix adds up to the sum of the scores); activities and
  codes with no department count under ``(none)``;
- ``value``: present value per code across models (each model's valued outcomes
  tagged with the code), with the over-claiming check of ``toc value --partner``
  applied across the services: a service claims a share ``1 - attribution`` of a
  code valued on exactly one of its outcomes, and the code is *over-claimed* when
  two or more services claim it and the shares add up to more than 100%.  The
  services are treated as separate claimants (as partners are), because each
  model's attribution says how much of the change it takes for itself.

Models are named by title; when two share a title, each of them is named
``title (file stem)`` instead.

Examples
--------
>>> from toc.model import LogicModel
>>> from toc.organisation.corporate import Framework
>>> fw = Framework(title="City", scheme="council",
...     departments=[{"id": "economy", "label": "Economy"}],
...     outcomes=[{"code": "O1", "label": "Work", "department": "economy", "priority": 3},
...               {"code": "O2", "label": "Health", "priority": 1}])
>>> m = LogicModel.model_validate({"title": "Jobs",
...     "departments": [{"id": "economy", "label": "Economy"}],
...     "nodes": [{"id": "a", "label": "A", "stage": "activity", "department": "economy"},
...               {"id": "o", "label": "O", "stage": "outcome", "frameworks": ["council:O1"]}],
...     "links": [{"from": "a", "to": "o", "weight": 0.5}]})
>>> p = portfolio(fw, [m])
>>> p.services, p.gaps
([ServiceScore(model='Jobs', score=0.375, cost=None)], ['O2'])
>>> p.to_json()["departments"]
{'economy': {'economy': 0.375}}
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toc.analysis.priorities import Priorities
from toc.errors import ModelFileError, TocError
from toc.formats.modelfiles import load_model
from toc.formats.textfiles import decoded
from toc.model import LogicModel
from toc.organisation.contributions import (
    NO_DEPARTMENT,
    ServiceFigures,
    UnknownCodeError,
    service_figures,
    tag_problems,
    tagged_nodes,
)
from toc.organisation.corporate import Framework, framework_priorities, load_framework

__all__ = [
    "AUTO_WORKERS",
    "FILES_PER_WORKER",
    "MODEL_SUFFIXES",
    "CodeSupport",
    "CodeValue",
    "Harm",
    "Portfolio",
    "PortfolioFileError",
    "ServiceScore",
    "TaggedPortfolio",
    "file_figures",
    "load_portfolio",
    "model_paths",
    "portfolio",
    "portfolio_of",
    "tagged_portfolio",
    "worker_count",
]

#: The files a folder contributes: every model file of these suffixes in it (not below).
MODEL_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


#: ``workers=AUTO_WORKERS``: one process per CPU, if there are enough files to pay for them.
AUTO_WORKERS = 0
#: Files each extra process must have before it is worth starting (a model of 200 boxes
#: takes about 2 ms to load and measure; a process about 30 ms to start).
FILES_PER_WORKER = 32
#: Chunks of files each process is handed in turn: more even out the end of the run.
CHUNKS = 4


class PortfolioFileError(TocError):
    """A path given for the portfolio is not a model file or a folder of them."""


@dataclass(frozen=True)
class CodeSupport:
    """A corporate outcome: its priority in use, its support, and each model's contribution."""

    code: str
    label: str
    priority: float
    support: float
    contributors: dict[str, float]


@dataclass(frozen=True)
class ServiceScore:
    """A service's corporate score (priority-weighted contribution) and its inputs' cost."""

    model: str
    score: float
    cost: float | None


@dataclass(frozen=True)
class Harm:
    """A service pulling a corporate outcome down: a negative contribution."""

    model: str
    code: str
    contribution: float


@dataclass(frozen=True)
class CodeValue:
    """Present value for one code across the services, and whether its claims add up."""

    code: str
    present_value: float
    by_model: dict[str, float]
    claims: dict[str, float]
    claimed: float
    over_claimed: bool


@dataclass(frozen=True)
class Portfolio:
    """Every measure of the portfolio (see the module docstring); :meth:`to_json` for JSON."""

    framework: Framework
    priorities: Priorities
    figures: tuple[ServiceFigures, ...]
    outcomes: list[CodeSupport]
    matrix: dict[str, dict[str, float]]
    services: list[ServiceScore]
    gaps: list[str]
    harms: list[Harm]
    departments: dict[str, dict[str, float]]
    value: list[CodeValue]

    def to_json(self) -> dict[str, Any]:
        """The portfolio as plain data: ``outcomes``, ``matrix``, ``services``, ``gaps``,
        ``harms``, ``departments`` (the contract), then ``framework``, ``scheme``,
        ``priority_source`` and ``value``."""
        return {
            "outcomes": [
                {
                    "code": o.code,
                    "label": o.label,
                    "priority": o.priority,
                    "support": o.support,
                    "contributors": o.contributors,
                }
                for o in self.outcomes
            ],
            "matrix": self.matrix,
            "services": [
                {"model": s.model, "score": s.score, "cost": s.cost} for s in self.services
            ],
            "gaps": self.gaps,
            "harms": [
                {"model": h.model, "code": h.code, "contribution": h.contribution}
                for h in self.harms
            ],
            "departments": self.departments,
            "framework": self.framework.title,
            "scheme": self.framework.scheme,
            "priority_source": self.priorities.source,
            "value": [
                {
                    "code": v.code,
                    "present_value": v.present_value,
                    "by_model": v.by_model,
                    "claims": v.claims,
                    "claimed": v.claimed,
                    "over_claimed": v.over_claimed,
                }
                for v in self.value
            ],
        }


def _unique_titles(figures: Sequence[ServiceFigures]) -> list[ServiceFigures]:
    counts: dict[str, int] = {}
    for f in figures:
        counts[f.title] = counts.get(f.title, 0) + 1
    named = [
        f if counts[f.title] == 1 else f.renamed(f"{f.title} ({Path(f.source).stem})")
        for f in figures
    ]
    seen: dict[str, int] = {}
    out = []
    for f in named:
        seen[f.title] = seen.get(f.title, 0) + 1
        out.append(f if seen[f.title] == 1 else f.renamed(f"{f.title} #{seen[f.title]}"))
    return out


def _departments(
    framework: Framework, weights: dict[str, float], figures: Sequence[ServiceFigures]
) -> dict[str, dict[str, float]]:
    lead = {o.code: o.department or NO_DEPARTMENT for o in framework.outcomes}
    columns = [*(d.id for d in framework.departments), NO_DEPARTMENT]
    matrix: dict[str, dict[str, float]] = {}
    for f in figures:
        for department, row in f.by_department.items():
            cells = matrix.setdefault(department, {})
            for code, pull in row.items():
                if pull != 0.0 and weights.get(code, 0.0) > 0.0:
                    cells[lead[code]] = cells.get(lead[code], 0.0) + weights[code] * pull
    ordered = {}
    for department, cells in matrix.items():
        row = {c: cells[c] for c in columns if c in cells}
        if row:
            ordered[department] = row
    return ordered


def _value(framework: Framework, figures: Sequence[ServiceFigures]) -> list[CodeValue]:
    rows = []
    for code in framework.codes():
        by_model = {f.title: f.value[code] for f in figures if code in f.value}
        claims = {f.title: f.claims[code] for f in figures if code in f.claims}
        if not by_model:
            continue
        claimed = sum(claims.values())
        rows.append(
            CodeValue(
                code,
                sum(by_model.values()),
                by_model,
                claims,
                claimed,
                len(claims) > 1 and claimed > 1 + 1e-9,
            )
        )
    return rows


def portfolio(
    framework: Framework, models: Iterable[LogicModel], *, sources: Sequence[str] = ()
) -> Portfolio:
    """The portfolio of ``models`` (in memory) against ``framework``.

    ``sources`` names each model's file, for messages and to tell models of one title apart.
    """
    chosen = list(models)
    names = list(sources) or [f"<model {i + 1}>" for i in range(len(chosen))]
    return portfolio_of(
        framework,
        [service_figures(m, framework, source=s) for m, s in zip(chosen, names, strict=True)],
    )


@dataclass(frozen=True)
class TaggedPortfolio:
    """The portfolio of the models that tag the framework's scheme (e.g. every saved one).

    ``models`` are the models measured, in the order of ``portfolio.figures``;
    ``untagged`` counts the models that carry no tag of the scheme; ``refused`` holds
    ``(title, message)`` for each model left out (a tag naming a code the framework lacks).
    """

    portfolio: Portfolio
    models: tuple[LogicModel, ...]
    untagged: int
    refused: tuple[tuple[str, str], ...]


def tagged_portfolio(
    framework: Framework, models: Iterable[LogicModel], *, strict: bool = False
) -> TaggedPortfolio:
    """The portfolio of those ``models`` that tag ``framework``'s scheme; the rest counted.

    A model tagging a code the framework lacks is left out with its message, or, with
    ``strict``, raises :class:`UnknownCodeError` naming the model.
    """
    figures: list[ServiceFigures] = []
    measured: list[LogicModel] = []
    refused: list[tuple[str, str]] = []
    untagged = 0
    for model in models:
        if not tagged_nodes(model, framework.scheme):
            untagged += 1
            continue
        try:
            figures.append(service_figures(model, framework, source=f"‘{model.title}’"))
        except UnknownCodeError as err:
            if strict:
                raise
            refused.append((model.title, "; ".join(p.message for p in err.problems)))
            continue
        measured.append(model)
    return TaggedPortfolio(
        portfolio_of(framework, figures), tuple(measured), untagged, tuple(refused)
    )


def portfolio_of(framework: Framework, figures: Sequence[ServiceFigures]) -> Portfolio:
    """Assemble the portfolio from each service's figures (see the module docstring)."""
    named = _unique_titles(figures)
    used = framework_priorities(framework)
    weights = used.weights
    codes = framework.codes()
    outcomes = []
    for outcome in framework.outcomes:
        code = outcome.code
        contributors = {f.title: f.contribution[code] for f in named if f.reach[code] > 0.0}
        outcomes.append(
            CodeSupport(
                code,
                outcome.label,
                weights.get(code, 0.0),
                sum(f.contribution[code] for f in named) + 0.0,
                contributors,
            )
        )
    matrix = {f.title: dict(f.contribution) for f in named}
    scores = [
        ServiceScore(
            f.title, sum(weights.get(c, 0.0) * f.contribution[c] for c in codes) + 0.0, f.cost
        )
        for f in named
    ]
    scores.sort(key=lambda s: (-s.score, s.model))
    gaps = [c for c in codes if not any(f.reach[c] > 0.0 for f in named)]
    harms = [
        Harm(f.title, c, f.contribution[c]) for f in named for c in codes if f.contribution[c] < 0
    ]
    return Portfolio(
        framework=framework,
        priorities=used,
        figures=tuple(named),
        outcomes=outcomes,
        matrix=matrix,
        services=scores,
        gaps=gaps,
        harms=harms,
        departments=_departments(framework, weights, named),
        value=_value(framework, named),
    )


def model_paths(
    paths: Iterable[str | os.PathLike[str]], *, skip: str | os.PathLike[str] | None = None
) -> list[Path]:
    """The model files named: files as given, folders as every model file in them
    (``.yaml``, ``.yml``, ``.json``, ``.xlsx``; sorted by name), ``skip`` left out (the
    framework file, when it sits in the models' folder).

    Raises
    ------
    PortfolioFileError
        If a path does not exist, or a folder holds no model file.
    """
    left_out = Path(skip).resolve() if skip is not None else None
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            with os.scandir(path) as entries:  # the directory's own listing: no stat per file
                inside = sorted(
                    Path(e.path)
                    for e in entries
                    if e.is_file()
                    and Path(e.name).suffix.lower() in MODEL_SUFFIXES
                    and not (
                        left_out and e.name == left_out.name and Path(e.path).resolve() == left_out
                    )
                )
            if not inside:
                raise PortfolioFileError(
                    "the folder holds no model file (.yaml, .yml, .json or .xlsx): "
                    "give model files or a folder of them",
                    path=str(path),
                )
            found += inside
        elif path.exists():
            found.append(path)
        else:
            raise PortfolioFileError("no such file or folder: check the path", path=str(path))
    unique = list(dict.fromkeys(found))
    if not unique:
        raise PortfolioFileError("no model given: name model files or a folder of them")
    return unique


def _text_of(path: Path) -> str | None:
    if path.suffix.lower() not in (".yaml", ".yml", ".json"):
        return None
    try:
        return decoded(path.read_bytes(), str(path))
    except (OSError, TocError):
        return None


def file_figures(path: Path, framework: Framework) -> ServiceFigures:
    """Load one model file and measure it; a bad tag's message gives its line."""
    model = load_model(path)
    try:
        return service_figures(model, framework, source=str(path))
    except UnknownCodeError:
        problems = tag_problems(model, framework, _text_of(path))
        raise UnknownCodeError(problems, path=str(path)) from None


def _figures_or_message(job: tuple[Path, Framework]) -> ServiceFigures | str:
    """For a worker process: the figures, or the error's message (errors may not pickle)."""
    try:
        return file_figures(*job)
    except TocError as err:
        return str(err)


def worker_count(workers: int, files: int) -> int:
    """The processes to use: ``workers``, or for :data:`AUTO_WORKERS` one per CPU once
    there are :data:`FILES_PER_WORKER` files for each (starting them costs more below)."""
    if workers != AUTO_WORKERS:
        return workers
    return max(1, min(os.cpu_count() or 1, files // FILES_PER_WORKER))


def _one_thread_each() -> None:
    """In a worker: one thread for any linear algebra library loaded from now on.  The
    processes already keep every CPU busy; each one's solver threads would only wait
    for one another (three times slower, measured on two cores).  Graphs are walked
    level by level (:mod:`toc.analysis.arrays`), with no such library; scipy's, for a
    graph too deep to walk, reads these variables as it loads."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"


def _all_figures(paths: Sequence[Path], framework: Framework, workers: int) -> list[ServiceFigures]:
    workers = worker_count(workers, len(paths))
    if workers <= 1 or len(paths) < 2:
        return [file_figures(p, framework) for p in paths]
    jobs = [(p, framework) for p in paths]
    with ProcessPoolExecutor(max_workers=workers, initializer=_one_thread_each) as pool:
        results = list(
            pool.map(_figures_or_message, jobs, chunksize=max(1, len(jobs) // (CHUNKS * workers)))
        )
    for result in results:
        if isinstance(result, str):
            raise ModelFileError(result)
    return [r for r in results if not isinstance(r, str)]


def load_portfolio(
    framework: str | os.PathLike[str] | Framework,
    paths: Iterable[str | os.PathLike[str]],
    *,
    workers: int = 1,
) -> Portfolio:
    """Load a framework (a path, or one already loaded) and the models at ``paths`` (files or
    folders, see :func:`model_paths`) and measure the portfolio.

    ``workers`` above 1 loads and measures the models in that many processes (each sends
    back only its figures); the result is the same.  :data:`AUTO_WORKERS` picks the
    number (:func:`worker_count`).

    Raises
    ------
    toc.errors.TocError
        The first file that fails to load, named with its line and the fix; a model
        tagging a code the framework lacks (:class:`UnknownCodeError`).
    """
    skip = None if isinstance(framework, Framework) else framework
    chosen = framework if isinstance(framework, Framework) else load_framework(framework)
    files = model_paths(paths, skip=skip)
    return portfolio_of(chosen, _all_figures(files, chosen, workers))
