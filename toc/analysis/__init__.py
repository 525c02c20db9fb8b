"""Analysis: which activities drive the priority outcomes, and what they undermine.

One module per concept: :mod:`~toc.analysis.priorities` (where the outcome
weights come from), :mod:`~toc.analysis.disagreement` (how far stakeholder
groups differ), :mod:`~toc.analysis.influence` (influence and driver scores,
by sparse triangular solves), :mod:`~toc.analysis.pathways` (the paths that
explain a score), :mod:`~toc.analysis.tradeoffs`, :mod:`~toc.analysis.gaps`,
:mod:`~toc.analysis.whatif`, :mod:`~toc.analysis.costs` (value for money),
:mod:`~toc.analysis.departments` (the cross-department view),
:mod:`~toc.analysis.robustness` (Monte Carlo of the ranking),
:mod:`~toc.analysis.checks` (findings about the model's shape),
:mod:`~toc.analysis.reach` (what reaches what) and :mod:`~toc.analysis.results`,
which assembles them into one typed :class:`~toc.analysis.results.Analysis`
(``toc analyse --json`` prints its ``to_json()``).

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "t",
...     "nodes": [{"id": "a", "label": "A", "stage": "activity"},
...               {"id": "o", "label": "O", "stage": "outcome", "priority": 1}],
...     "links": [{"from": "a", "to": "o", "weight": 0.5}]})
>>> [(d.id, d.score) for d in drivers(m)]
[('a', 0.5)]
"""

from toc.analysis.arrays import UnknownNodeError
from toc.analysis.costs import CostedActivity, activity_costs, per_100k, value_for_money
from toc.analysis.departments import DepartmentView, SharedOutcome, department_view
from toc.analysis.disagreement import Disagreement, OutcomeSpread, disagreement
from toc.analysis.gaps import Gaps, OutcomeSupport, RedundantMetric, gaps
from toc.analysis.influence import Driver, drivers, influence
from toc.analysis.pathways import Pathway, explaining_pathways, pathway_text, pathways
from toc.analysis.priorities import (
    PRIORITY_SOURCES,
    Priorities,
    PrioritySourceError,
    priorities,
    rank_order_centroid,
)
from toc.analysis.results import Analysis, DriverRow, ExplainedPathway, analysis
from toc.analysis.robustness import Sensitivity, SensitivityRow, sensitivity
from toc.analysis.tradeoffs import TradeOffs, trade_offs
from toc.analysis.whatif import WhatIf, WhatIfError, what_if

__all__ = [
    "PRIORITY_SOURCES",
    "Analysis",
    "CostedActivity",
    "DepartmentView",
    "Disagreement",
    "Driver",
    "DriverRow",
    "ExplainedPathway",
    "Gaps",
    "OutcomeSpread",
    "OutcomeSupport",
    "Pathway",
    "Priorities",
    "PrioritySourceError",
    "RedundantMetric",
    "Sensitivity",
    "SensitivityRow",
    "SharedOutcome",
    "TradeOffs",
    "UnknownNodeError",
    "WhatIf",
    "WhatIfError",
    "activity_costs",
    "analysis",
    "department_view",
    "disagreement",
    "drivers",
    "explaining_pathways",
    "gaps",
    "influence",
    "pathway_text",
    "pathways",
    "per_100k",
    "priorities",
    "rank_order_centroid",
    "sensitivity",
    "trade_offs",
    "value_for_money",
    "what_if",
]
