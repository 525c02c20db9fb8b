"""The pieces of a logic model: boxes, links, departments, stakeholder groups.

Examples
--------
>>> Link.model_validate({"from": "a", "to": "b", "weight": -0.5}).id
'a->b'
>>> Node(id="o", label="O", stage="outcome", priority=2).priority
2.0
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, GetCoreSchemaHandler, ValidationInfo, field_validator
from pydantic_core import core_schema

from toc.model.base import FRAMEWORK_PATTERN, Id, Strict
from toc.model.stages import STAGE_ONLY, Evidence, Horizon, InputKind, Stage
from toc.model.valuation import LARGEST, OutcomeValue

__all__ = ["Department", "Indicator", "Link", "Node", "Position", "StakeholderGroup"]


class Position(Strict):
    """Where the editor last placed a node, in canvas pixels (within ±1,000,000,000)."""

    x: float = Field(ge=-1e9, le=1e9)
    y: float = Field(ge=-1e9, le=1e9)


class Indicator(Strict):
    """Something measured to tell whether a node is happening."""

    name: str = Field(min_length=1)
    unit: str = ""
    baseline: float | None = Field(default=None, ge=-LARGEST, le=LARGEST)
    target: float | None = Field(default=None, ge=-LARGEST, le=LARGEST)
    actual: float | None = Field(default=None, ge=-LARGEST, le=LARGEST)
    source: str = ""


class Department(Strict):
    """A department, team or partner that owns boxes in the model."""

    id: Id
    label: str = Field(min_length=1)
    colour: str | None = Field(default=None, pattern=r"^#[0-9A-Fa-f]{6}$")


class StakeholderGroup(Strict):
    """A group whose ratings of the outcomes feed the priorities.

    ``ratings`` maps outcome (or impact) ids to the points the group gave them,
    e.g. out of 100; ``weight`` is how much the group counts in the agreed
    priorities relative to the other groups.
    """

    id: Id
    label: str = Field(min_length=1)
    description: str = ""
    weight: float = Field(default=1.0, gt=0, le=LARGEST)
    ratings: dict[str, Annotated[float, Field(ge=0, le=LARGEST)]] = Field(default_factory=dict)


class Node(Strict):
    """One box of the logic model."""

    id: Id
    label: str = Field(min_length=1)
    stage: Stage
    description: str = ""
    department: str | None = None
    horizon: Horizon | None = None
    frameworks: list[Annotated[str, Field(pattern=FRAMEWORK_PATTERN)]] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    priority: float | None = Field(default=None, ge=0, le=LARGEST)
    cost: float | None = Field(default=None, ge=0, le=LARGEST)
    input_kind: InputKind | None = None
    value: OutcomeValue | None = None
    position: Position | None = None

    @field_validator(*STAGE_ONLY)
    @classmethod
    def _field_fits_stage(cls, value: object, info: ValidationInfo) -> object:
        # A field validator, not one on the whole node: it runs only for a field given,
        # and its error names the field.
        stage = info.data.get("stage")
        name = info.field_name or ""
        if value is None or stage is None or stage in STAGE_ONLY[name]:
            return value
        allowed = " and ".join(s.value for s in STAGE_ONLY[name])
        raise ValueError(
            f"'{name}' is only for {allowed} nodes, but {info.data.get('id', '?')!r} is an "
            f"{stage.value}: remove '{name}' or change the stage"
        )

    @field_validator("value")
    @classmethod
    def _counted_by_an_indicator(cls, value: OutcomeValue | None, info: ValidationInfo) -> object:
        counted = value.counted_by if value is not None else None
        names = [i.name for i in info.data.get("indicators") or []]
        if counted is None or counted in names:
            return value
        raise ValueError(
            f"value.counted_by names the indicator {counted!r}, but the node has "
            f"{', '.join(repr(n) for n in names) if names else 'no indicators'}: name one of "
            "its indicators, or add it"
        )


class _NotZero:
    """A weight of 0 refused inside pydantic's own validator (no Python call per link:
    a quarter of the time of validating a model of many links)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        either_sign = core_schema.union_schema(
            [core_schema.float_schema(lt=0), core_schema.float_schema(gt=0)],
            custom_error_type="weight_zero",
            custom_error_message=ZERO_WEIGHT,
        )
        return core_schema.chain_schema([handler(source), either_sign])


ZERO_WEIGHT = "a link of weight 0 says nothing: delete the link or give it a weight"
_NOT_ZERO = _NotZero()


class Link(Strict):
    """A signed, weighted contribution of one node to another.

    ``weight`` in [-1, 1] says how strongly the source drives the target; a
    negative weight means the source undermines it.  ``low`` and ``high``
    bound the weight for sensitivity analysis; ``allocation`` is the share of
    an input's cost that goes to this target when the model states it.
    """

    from_: Id = Field(alias="from")
    to: Id
    weight: Annotated[float, _NOT_ZERO] = Field(default=1.0, ge=-1, le=1)
    assumption: str = ""
    evidence: Evidence | None = None
    low: float | None = Field(default=None, ge=-1, le=1)
    high: float | None = Field(default=None, ge=-1, le=1)
    allocation: float | None = Field(default=None, ge=0, le=1)

    @property
    def id(self) -> str:
        """The stable edge id, ``source->target``."""
        return f"{self.from_}->{self.to}"

    @field_validator("low", "high")
    @classmethod
    def _bound_holds_weight(cls, bound: float | None, info: ValidationInfo) -> float | None:
        weight = info.data.get("weight")
        if bound is None or weight is None:
            return bound
        low = info.data.get("low") if info.field_name == "high" else bound
        high = bound if info.field_name == "high" else weight
        low = weight if low is None else low
        if not low <= weight <= high:
            raise ValueError(
                f"low ({low}) <= weight ({weight}) <= high ({high}) does not hold: "
                "set low below the weight and high above it"
            )
        return bound
