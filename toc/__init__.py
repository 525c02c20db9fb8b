"""toc: theory-of-change modelling for social value commissioning.

Build logic models as signed, weighted graphs; check them; find which
activities drive the priority outcomes; value them with SROI; draw them.

Examples
--------
>>> import toc
>>> model = toc.LogicModel(title="An empty model")
>>> model.title
'An empty model'
"""

from toc.errors import InvalidModelError, ModelFileError, Problem, TocError
from toc.formats.modelfiles import dump_model, dumps_model, load_model, loads_model
from toc.model import (
    STAGES,
    Department,
    Evidence,
    Horizon,
    Indicator,
    InputKind,
    Link,
    LogicModel,
    Node,
    Position,
    Stage,
    StakeholderGroup,
)

__all__ = [
    "STAGES",
    "Department",
    "Evidence",
    "Horizon",
    "Indicator",
    "InputKind",
    "InvalidModelError",
    "Link",
    "LogicModel",
    "ModelFileError",
    "Node",
    "Position",
    "Problem",
    "Stage",
    "StakeholderGroup",
    "TocError",
    "dump_model",
    "dumps_model",
    "load_model",
    "loads_model",
]
