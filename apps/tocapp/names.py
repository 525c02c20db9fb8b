"""Box names for pickers and tables: the app's one map from box ids to labels.

Library results name boxes by id; every page and cached result that shows
them turns ids into labels here, so no page rebuilds the map for itself.
"""

from __future__ import annotations

from collections.abc import Collection

from toc.model import STAGES, LogicModel, Stage

__all__ = ["labels", "labels_with_stage"]


def labels(model: LogicModel, stages: Collection[Stage] = STAGES) -> dict[str, str]:
    """Box id -> label of the boxes at ``stages`` (every box by default), in model order."""
    return {n.id: n.label for n in model.nodes if n.stage in stages}


def labels_with_stage(model: LogicModel) -> dict[str, str]:
    """Box id -> ``label (stage)``: what pickers show, where two boxes may share a label."""
    return {n.id: f"{n.label} ({n.stage.value})" for n in model.nodes}
