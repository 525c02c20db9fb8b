"""The model layer: the logic model, its pieces and the rules every model obeys.

Nothing here reads files, computes, or draws; every other layer builds on it.

- :mod:`toc.model.stages`: the five stages and which fields belong to which;
- :mod:`toc.model.base`: the strict base and the shape of ids;
- :mod:`toc.model.valuation`: what a model says about money (the value map's inputs);
- :mod:`toc.model.parts`: boxes, links, departments, stakeholder groups, indicators;
- :mod:`toc.model.rules`: the structural rules, run on every construction;
- :mod:`toc.model.logicmodel`: :class:`LogicModel` itself;
- :mod:`toc.model.validation`: plain data validated, problems said in words;
- :mod:`toc.model.ids` and :mod:`toc.model.starter`: ids from labels, a starter model.

Examples
--------
>>> from toc.model import LogicModel, Stage
>>> LogicModel(title="t", nodes=[{"id": "a", "label": "A", "stage": "activity"}]).nodes[0].stage
<Stage.ACTIVITY: 'activity'>
"""

from toc.model.base import FRAMEWORK_PATTERN, ID_PATTERN, Strict
from toc.model.ids import free_id, suggest_id
from toc.model.logicmodel import PRIORITY_SOURCES, LogicModel, PrioritySource, dump_dict
from toc.model.parts import Department, Indicator, Link, Node, Position, StakeholderGroup
from toc.model.rules import find_cycle
from toc.model.stages import (
    RESULT_STAGES,
    STAGE_ONLY,
    STAGES,
    Evidence,
    Horizon,
    InputKind,
    Stage,
    allowed_fields,
    fields_not_for,
)
from toc.model.validation import model_from_data
from toc.model.valuation import OutcomeValue, Valuation

__all__ = [
    "FRAMEWORK_PATTERN",
    "ID_PATTERN",
    "PRIORITY_SOURCES",
    "RESULT_STAGES",
    "STAGES",
    "STAGE_ONLY",
    "Department",
    "Evidence",
    "Horizon",
    "Indicator",
    "InputKind",
    "Link",
    "LogicModel",
    "Node",
    "OutcomeValue",
    "Position",
    "PrioritySource",
    "Stage",
    "StakeholderGroup",
    "Strict",
    "Valuation",
    "allowed_fields",
    "dump_dict",
    "fields_not_for",
    "find_cycle",
    "free_id",
    "model_from_data",
    "suggest_id",
]
