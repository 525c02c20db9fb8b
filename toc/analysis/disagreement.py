"""How far the stakeholder groups disagree about which outcomes matter.

Each group's points are turned into shares of its own total (so a group
that hands out 100 points and one that hands out 10 are comparable).  The
*spread* of an outcome is the largest share any group gave it minus the
smallest; an outcome *splits* the groups when its spread is at least
``split_at`` (default 0.15: fifteen points in a hundred).
"""

from __future__ import annotations

from dataclasses import dataclass

from toc.analysis.priorities import stakeholder_shares
from toc.model import LogicModel

__all__ = ["Disagreement", "OutcomeSpread", "disagreement"]


@dataclass(frozen=True)
class OutcomeSpread:
    """One outcome's share from each group, and the gap between the extremes."""

    outcome: str
    shares: dict[str, float]
    spread: float
    highest: str
    lowest: str


@dataclass(frozen=True)
class Disagreement:
    """Outcomes by spread (largest first) and the ones that split the groups."""

    outcomes: list[OutcomeSpread]
    splits: list[str]
    split_at: float


def _spread(outcome: str, by_group: dict[str, dict[str, float]]) -> OutcomeSpread:
    shares = {group: round(s.get(outcome, 0.0), 6) for group, s in by_group.items()}
    highest = max(shares, key=lambda g: shares[g])
    lowest = min(shares, key=lambda g: shares[g])
    spread = round(shares[highest] - shares[lowest], 6)
    return OutcomeSpread(outcome, shares, spread, highest, lowest)


def disagreement(model: LogicModel, split_at: float = 0.15) -> Disagreement:
    """Per-outcome spread of the groups' shares; empty with fewer than two groups.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "nodes": [{"id": "jobs", "label": "Jobs", "stage": "outcome"},
    ...               {"id": "health", "label": "Health", "stage": "outcome"}],
    ...     "stakeholders": [
    ...         {"id": "res", "label": "Residents", "ratings": {"jobs": 30, "health": 70}},
    ...         {"id": "biz", "label": "Employers", "ratings": {"jobs": 80, "health": 20}}]})
    >>> d = disagreement(m)
    >>> d.splits
    ['health', 'jobs']
    >>> d.outcomes[0]
    OutcomeSpread(outcome='health', shares={'res': 0.7, 'biz': 0.2}, spread=0.5, highest='res', lowest='biz')
    """
    by_group = stakeholder_shares(model)
    if len(by_group) < 2:
        return Disagreement([], [], split_at)
    rated = sorted({o for shares in by_group.values() for o in shares})
    spreads = sorted((_spread(o, by_group) for o in rated), key=lambda s: (-s.spread, s.outcome))
    splits = sorted(s.outcome for s in spreads if s.spread >= split_at)
    return Disagreement(spreads, splits, split_at)
