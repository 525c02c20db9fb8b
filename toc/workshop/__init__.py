"""Workshops: residents and partners vote on a model's priorities and judgements from
their phones (:mod:`toc.workshop.voting`)."""

from __future__ import annotations

from toc.workshop.voting import (
    BAND_JUDGEMENTS,
    POINTS,
    Ballot,
    BallotError,
    Round,
    Tally,
    checked_ballot,
    closed,
    join_code,
    tally,
)

__all__ = [
    "BAND_JUDGEMENTS",
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
