"""Workshop voting: rounds, ballots, the live tally, and what closing a round saves.

A facilitator opens a **round** on a model:

- ``points``: each participant shares 100 points among the outcomes (and impacts);
- ``dots``: each places up to ``dots`` dots on the outcomes (several on one if they like);
- ``band``: each picks the band of a judgement of one valued outcome (deadweight,
  displacement, attribution or drop-off): 0, 25, 50, 75 or 100%.

Participants join with the round's short **code**, choose their stakeholder group, and
cast one **ballot** per device (a later ballot from the same device replaces the
earlier).  **Closing** the round saves, as one revision of the model:

- for ``points`` and ``dots``, each group's ratings: the mean points (or dots) its
  participants gave each outcome, replacing that group's ratings of the round's
  outcomes (a group named for the first time is added, weight 1);
- for ``band``, the judgement's ``ranges.votes``: how many ballots chose each band.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "t", "nodes": [
...     {"id": "jobs", "label": "Jobs", "stage": "outcome"},
...     {"id": "health", "label": "Health", "stage": "outcome"}]})
>>> r = Round(kind="points", outcomes=("jobs", "health"))
>>> ballots = [Ballot("d1", "residents", {"jobs": 70, "health": 30}),
...            Ballot("d2", "residents", {"jobs": 50, "health": 50})]
>>> closed(m, r, ballots).stakeholders[0].ratings
{'jobs': 60.0, 'health': 40.0}
"""

from __future__ import annotations

import secrets
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from toc.errors import TocError
from toc.model import LogicModel, StakeholderGroup, suggest_id
from toc.model.valuation import BANDS, FILTERS, JudgementRange

__all__ = [
    "BAND_JUDGEMENTS",
    "CODE_ALPHABET",
    "POINTS",
    "Ballot",
    "BallotError",
    "Round",
    "Tally",
    "checked_ballot",
    "closed",
    "join_code",
    "tally",
]

#: The points each participant shares in a ``points`` round.
POINTS = 100
#: The judgements a ``band`` round can ask about.
BAND_JUDGEMENTS = (*FILTERS, "drop_off")
#: Letters and digits no one misreads on a projector (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6

Kind = Literal["points", "dots", "band"]


class BallotError(TocError):
    """A ballot that breaks the round's rules: said to the participant in words."""


def join_code(taken: Iterable[str] = ()) -> str:
    """A fresh six-character code for a round, none of ``taken``."""
    used = set(taken)
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in used:
            return code


@dataclass(frozen=True)
class Round:
    """What is being voted on: ``outcomes`` for points and dots, ``node`` and
    ``judgement`` for a band round; ``dots`` is each participant's number of dots."""

    kind: Kind
    outcomes: tuple[str, ...] = ()
    node: str | None = None
    judgement: str | None = None
    dots: int = 5

    def check(self, model: LogicModel) -> None:
        """Refuse a round the model cannot hold, with what to change."""
        nodes = model.node_map()
        if self.kind in ("points", "dots"):
            if not self.outcomes:
                raise TocError("a round needs outcomes to vote on: choose at least two")
            wrong = [o for o in self.outcomes if o not in nodes or not nodes[o].stage.is_result]
            if wrong:
                raise TocError(f"{wrong[0]!r} is not an outcome or impact of the model")
            if self.kind == "dots" and not 1 <= self.dots <= 20:
                raise TocError(f"{self.dots} dots: give each participant 1 to 20")
            return
        if self.judgement not in BAND_JUDGEMENTS:
            raise TocError(f"a band round asks about one of {', '.join(BAND_JUDGEMENTS)}")
        node = nodes.get(self.node or "")
        if node is None or node.value is None:
            raise TocError(f"{self.node!r} is not a valued outcome: choose one that has a value")


@dataclass(frozen=True)
class Ballot:
    """One device's vote: its group and its choices (outcome -> points or dots; for a
    band round ``{"band": index}`` with the index of 0/25/50/75/100%)."""

    device: str
    group: str
    choices: Mapping[str, float] = field(default_factory=dict)


def checked_ballot(round_: Round, ballot: Ballot) -> Ballot:
    """The ballot if it keeps the round's rules, else :class:`BallotError` saying why."""
    if not ballot.group.strip():
        raise BallotError("choose your group first")
    values = dict(ballot.choices)
    if any(v < 0 or v != v for v in values.values()):
        raise BallotError("no negative numbers: give 0 or more")
    if round_.kind == "band":
        band = values.get("band")
        if set(values) != {"band"} or band not in range(len(BANDS)):
            raise BallotError("choose one of 0%, 25%, 50%, 75% or 100%")
        return ballot
    unknown = [k for k in values if k not in round_.outcomes]
    if unknown:
        raise BallotError(f"{unknown[0]!r} is not voted on in this round")
    total = sum(values.values())
    if round_.kind == "points" and abs(total - POINTS) > 1e-9:
        raise BallotError(f"share exactly {POINTS} points: these add up to {total:g}")
    if round_.kind == "dots":
        if any(v != int(v) for v in values.values()):
            raise BallotError("dots are whole: place 0, 1, 2 ...")
        if total > round_.dots:
            raise BallotError(f"you have {round_.dots} dots: these are {total:g}")
        if total == 0:
            raise BallotError("place at least one dot")
    return ballot


@dataclass(frozen=True)
class Tally:
    """The live count: ballots by group, and per outcome (or band) the mean per group and
    the total over everyone."""

    ballots: int
    groups: dict[str, int]
    means: dict[str, dict[str, float]]
    totals: dict[str, float]


def _latest(ballots: Sequence[Ballot]) -> list[Ballot]:
    """One ballot per device: its last."""
    return list({b.device: b for b in ballots}.values())


def tally(round_: Round, ballots: Sequence[Ballot]) -> Tally:
    """The count so far (one ballot per device, its last)."""
    kept = _latest(ballots)
    groups = Counter(b.group for b in kept)
    keys = [str(i) for i in range(len(BANDS))] if round_.kind == "band" else list(round_.outcomes)
    sums: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(keys, 0.0))
    totals = dict.fromkeys(keys, 0.0)
    for b in kept:
        if round_.kind == "band":
            chosen = {str(int(b.choices["band"])): 1.0}
        else:
            chosen = {k: float(v) for k, v in b.choices.items()}
        for key, value in chosen.items():
            sums[b.group][key] += value
            totals[key] += value
    means = {g: {k: v / groups[g] for k, v in by.items()} for g, by in sums.items()}
    return Tally(len(kept), dict(groups), means, totals)


def closed(model: LogicModel, round_: Round, ballots: Sequence[Ballot]) -> LogicModel:
    """The model with the round's result saved in it (see the module)."""
    round_.check(model)
    if not ballots:
        raise TocError("no ballots yet: nothing to save")
    counted = tally(round_, [checked_ballot(round_, b) for b in ballots])
    if round_.kind == "band":
        return _with_votes(model, round_, counted)
    groups = {g.id: g for g in model.stakeholders}
    labels = {g.label: g.id for g in model.stakeholders}
    stakeholders = list(model.stakeholders)
    for name, means in counted.means.items():
        group_id = labels.get(name) or (name if name in groups else None)
        if group_id is None:
            group_id = _fresh_id(name, groups)
            group = StakeholderGroup(id=group_id, label=name)
            groups[group_id] = group
            stakeholders.append(group)
        group = groups[group_id]
        ratings = {k: v for k, v in group.ratings.items() if k not in round_.outcomes}
        ratings.update(means)
        updated = group.model_copy(update={"ratings": ratings})
        stakeholders = [updated if g.id == group_id else g for g in stakeholders]
        groups[group_id] = updated
    return LogicModel.model_validate(
        {**model.model_dump(by_alias=True), "stakeholders": [g.model_dump() for g in stakeholders]}
    )


def _fresh_id(label: str, taken: Mapping[str, object]) -> str:
    base = suggest_id(label)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _with_votes(model: LogicModel, round_: Round, counted: Tally) -> LogicModel:
    votes = [int(counted.totals[str(i)]) for i in range(len(BANDS))]
    data = model.model_dump(by_alias=True)
    for node in data["nodes"]:
        if node["id"] == round_.node and node.get("value") is not None:
            ranges = dict(node["value"].get("ranges") or {})
            ranges[str(round_.judgement)] = JudgementRange(votes=votes).model_dump()
            node["value"]["ranges"] = ranges
    return LogicModel.model_validate(data)
