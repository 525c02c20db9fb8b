"""The logic model: the one source of truth, as pydantic v2 models.

A :class:`LogicModel` holds nodes at five stages (input, activity, output,
outcome, impact) joined by signed, weighted :class:`Link` s.  Every model that
exists has passed the structural rules in :mod:`toc.rules` (unique ids, links
between existing nodes, forward through the stages, no cycles); constructing
one that breaks them raises :class:`toc.errors.InvalidModelError` listing
every broken rule at once.

Examples
--------
>>> m = LogicModel.model_validate({
...     "title": "Youth employment",
...     "nodes": [
...         {"id": "grant", "label": "Grant", "stage": "input", "cost": 100000},
...         {"id": "mentoring", "label": "Mentoring", "stage": "activity"},
...         {"id": "jobs", "label": "Young people in work", "stage": "outcome", "priority": 3},
...     ],
...     "links": [
...         {"from": "grant", "to": "mentoring"},
...         {"from": "mentoring", "to": "jobs", "weight": 0.6},
...     ],
... })
>>> [n.id for n in m.nodes if n.stage is Stage.ACTIVITY]
['mentoring']
>>> m.links[1].id
'mentoring->jobs'
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from toc.sroi.schema import OutcomeValue, Valuation

__all__ = [
    "STAGES",
    "Department",
    "Evidence",
    "Horizon",
    "Indicator",
    "InputKind",
    "Link",
    "LogicModel",
    "Node",
    "Position",
    "Stage",
    "StakeholderGroup",
]

ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,63}$"
FRAMEWORK_PATTERN = r"^[a-z][a-z0-9_\-]*:[^\s:;][^\s;]*$"  # ';' separates tags in a cell


class Stage(StrEnum):
    """Where a node sits in the chain from inputs to impact."""

    INPUT = "input"
    ACTIVITY = "activity"
    OUTPUT = "output"
    OUTCOME = "outcome"
    IMPACT = "impact"

    @property
    def rank(self) -> int:
        """Position in the chain, 0 for input to 4 for impact.

        Examples
        --------
        >>> Stage.OUTCOME.rank
        3
        """
        return STAGES.index(self)


STAGES: tuple[Stage, ...] = tuple(Stage)


class Horizon(StrEnum):
    """When an outcome is expected: short, medium or long term."""

    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


class InputKind(StrEnum):
    """What kind of resource an input is: money is only one of them."""

    FUNDING = "funding"
    STAFF = "staff"
    COMMUNITY_ASSET = "community-asset"
    PARTNER = "partner"
    IN_KIND = "in-kind"


class Evidence(StrEnum):
    """How well a link is evidenced, weakest first.

    ``none``: an assumption only; ``weak``: anecdote or opinion; ``moderate``:
    monitoring data or a comparison; ``strong``: an evaluation with a
    counterfactual, or replicated research.
    """

    NONE = "none"
    WEAK = "weak"
    MODERATE = "moderate"
    STRONG = "strong"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


Id = Annotated[str, Field(pattern=ID_PATTERN)]


class Position(_Strict):
    """Where the editor last placed a node, in canvas pixels."""

    x: float
    y: float


class Indicator(_Strict):
    """Something measured to tell whether a node is happening."""

    name: str = Field(min_length=1)
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    actual: float | None = None
    source: str = ""


class Department(_Strict):
    """A department, team or partner that owns boxes in the model."""

    id: Id
    label: str = Field(min_length=1)
    colour: str | None = Field(default=None, pattern=r"^#[0-9A-Fa-f]{6}$")


class StakeholderGroup(_Strict):
    """A group whose ratings of the outcomes feed the priorities.

    ``ratings`` maps outcome (or impact) ids to the points the group gave them,
    e.g. out of 100; ``weight`` is how much the group counts in the agreed
    priorities relative to the other groups.
    """

    id: Id
    label: str = Field(min_length=1)
    description: str = ""
    weight: float = Field(default=1.0, gt=0)
    ratings: dict[str, Annotated[float, Field(ge=0)]] = Field(default_factory=dict)


class Node(_Strict):
    """One box of the logic model."""

    id: Id
    label: str = Field(min_length=1)
    stage: Stage
    description: str = ""
    department: str | None = None
    horizon: Horizon | None = None
    frameworks: list[Annotated[str, Field(pattern=FRAMEWORK_PATTERN)]] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    priority: float | None = Field(default=None, ge=0)
    cost: float | None = Field(default=None, ge=0)
    input_kind: InputKind | None = None
    value: OutcomeValue | None = None
    position: Position | None = None

    @model_validator(mode="after")
    def _fields_fit_stage(self) -> Node:
        wrong = [name for name in _NOT_FOR[self.stage] if getattr(self, name) is not None]
        if wrong:
            name = wrong[0]
            allowed = " and ".join(s.value for s in _STAGE_ONLY[name])
            raise ValueError(
                f"'{name}' is only for {allowed} nodes, but {self.id!r} is an "
                f"{self.stage.value}: remove '{name}' or change the stage"
            )
        return self


_STAGE_ONLY: dict[str, tuple[Stage, ...]] = {
    "priority": (Stage.OUTCOME, Stage.IMPACT),
    "value": (Stage.OUTCOME, Stage.IMPACT),
    "horizon": (Stage.OUTCOME,),
    "cost": (Stage.INPUT,),
    "input_kind": (Stage.INPUT,),
}
# The fields each stage may not set, in the order above: one lookup per node on load.
_NOT_FOR: dict[Stage, tuple[str, ...]] = {
    stage: tuple(name for name, stages in _STAGE_ONLY.items() if stage not in stages)
    for stage in Stage
}


class Link(_Strict):
    """A signed, weighted contribution of one node to another.

    ``weight`` in [-1, 1] says how strongly the source drives the target; a
    negative weight means the source undermines it.  ``low`` and ``high``
    bound the weight for sensitivity analysis; ``allocation`` is the share of
    an input's cost that goes to this target when the model states it.
    """

    from_: Id = Field(alias="from")
    to: Id
    weight: float = Field(default=1.0, ge=-1, le=1)
    assumption: str = ""
    evidence: Evidence | None = None
    low: float | None = Field(default=None, ge=-1, le=1)
    high: float | None = Field(default=None, ge=-1, le=1)
    allocation: float | None = Field(default=None, ge=0, le=1)

    @property
    def id(self) -> str:
        """The stable edge id, ``source->target``."""
        return f"{self.from_}->{self.to}"

    @field_validator("weight")
    @classmethod
    def _not_zero(cls, weight: float) -> float:
        if weight == 0:
            raise ValueError("a link of weight 0 says nothing: delete the link or give it a weight")
        return weight

    @model_validator(mode="after")
    def _bounds_hold_weight(self) -> Link:
        low = self.weight if self.low is None else self.low
        high = self.weight if self.high is None else self.high
        if not low <= self.weight <= high:
            raise ValueError(
                f"low ({low}) <= weight ({self.weight}) <= high ({high}) does not hold: "
                "set low below the weight and high above it"
            )
        return self


class LogicModel(_Strict):
    """A whole theory of change: nodes, links, who owns what and who rated what."""

    version: int = 1
    title: str = Field(min_length=1)
    description: str = ""
    organisation: str = ""
    departments: list[Department] = Field(default_factory=list)
    stakeholders: list[StakeholderGroup] = Field(default_factory=list)
    agreed_order: list[str] = Field(default_factory=list)
    valuation: Valuation | None = None
    nodes: list[Node] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)

    @model_validator(mode="after")
    def _structure_holds(self) -> LogicModel:
        from toc.rules import raise_for_structure

        raise_for_structure(self)
        return self

    def node_map(self) -> dict[str, Node]:
        """Nodes by id.

        Examples
        --------
        >>> LogicModel(title="t", nodes=[Node(id="a", label="A", stage="input")]).node_map()
        {'a': Node(id='a', label='A', stage=<Stage.INPUT: 'input'>, ...)}
        """
        return {node.id: node for node in self.nodes}


def suggest_id(text: str) -> str:
    """A valid node id made from free text, e.g. a label.

    Examples
    --------
    >>> suggest_id("Young people in work!")
    'young-people-in-work'
    >>> suggest_id("")
    'node'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64]
    return slug or "node"


def free_id(text: str, taken: set[str]) -> str:
    """A valid id made from ``text`` that is not in ``taken``: ``-2``, ``-3`` ... added if needed.

    Examples
    --------
    >>> free_id("Grant", {"grant"}), free_id("Volunteers", {"grant"})
    ('grant-2', 'volunteers')
    """
    base = suggest_id(text)[:60]
    candidate, count = base, 1
    while candidate in taken:
        count += 1
        candidate = f"{base}-{count}"
    return candidate


def dump_dict(model: BaseModel) -> dict[str, Any]:
    """The model as plain data in file order, leaving out what is empty.

    Empty strings, empty lists, empty dicts and ``None`` are left out so saved
    files stay short; loading them back gives the same model.
    """
    data = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return _prune(data)  # type: ignore[no-any-return]


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in ("", [], {})}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value
