"""The stages of a logic model and the facts that hang on them.

One home for every rule of the form "only an outcome may ...": which stages
exist and in what order, which fields belong to which stages, and which stages
are results (outcomes and impact, the things that are prioritised and valued).

Examples
--------
>>> Stage.OUTCOME.rank, Stage.OUTCOME.is_result, Stage.OUTPUT.is_result
(3, True, False)
>>> fields_not_for(Stage.INPUT)
('priority', 'value', 'horizon')
>>> allowed_fields(Stage.OUTCOME)
('priority', 'value', 'horizon')
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "RESULT_STAGES",
    "STAGES",
    "STAGE_ONLY",
    "Evidence",
    "Horizon",
    "InputKind",
    "Stage",
    "allowed_fields",
    "fields_not_for",
]


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
        return _RANKS[self]

    @property
    def is_result(self) -> bool:
        """True for outcomes and impact: what stakeholders prioritise and the value map values.

        Examples
        --------
        >>> [s.value for s in Stage if s.is_result]
        ['outcome', 'impact']
        """
        return self in RESULT_STAGES


STAGES: tuple[Stage, ...] = tuple(Stage)
_RANKS: dict[Stage, int] = {stage: rank for rank, stage in enumerate(STAGES)}
#: The stages that are prioritised and valued: outcomes and impact.
RESULT_STAGES: tuple[Stage, ...] = (Stage.OUTCOME, Stage.IMPACT)


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


#: The fields only some stages may set, and those stages.
STAGE_ONLY: dict[str, tuple[Stage, ...]] = {
    "priority": RESULT_STAGES,
    "value": RESULT_STAGES,
    "horizon": (Stage.OUTCOME,),
    "cost": (Stage.INPUT,),
    "input_kind": (Stage.INPUT,),
}
# The fields each stage may not set, in the order above: one lookup per node on load.
_NOT_FOR: dict[Stage, tuple[str, ...]] = {
    stage: tuple(name for name, stages in STAGE_ONLY.items() if stage not in stages)
    for stage in Stage
}


def fields_not_for(stage: Stage) -> tuple[str, ...]:
    """The stage-only fields that ``stage`` may not set."""
    return _NOT_FOR[stage]


def allowed_fields(stage: Stage) -> tuple[str, ...]:
    """The stage-only fields that ``stage`` may set."""
    return tuple(name for name, stages in STAGE_ONLY.items() if stage in stages)
