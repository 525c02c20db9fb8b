"""Names for pickers and tables: the app's one map from ids to labels.

Library results name boxes, departments, stakeholder groups and priority
sources by id; every page and cached result that shows them turns ids into
labels here, so no page rebuilds the map for itself.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from toc.model import STAGES, LogicModel, Stage

__all__ = [
    "SOURCE_NAMES",
    "department_labels",
    "group_labels",
    "labels",
    "labels_with_stage",
    "source_names",
]

#: What each priority source (:data:`toc.model.PRIORITY_SOURCES`) is called on the pages.
SOURCE_NAMES = {
    "nodes": "box priorities",
    "agreed-order": "the agreed order",
    "stakeholders": "stakeholder ratings",
    "equal": "equal weights",
}


def labels(model: LogicModel, stages: Collection[Stage] = STAGES) -> dict[str, str]:
    """Box id -> label of the boxes at ``stages`` (every box by default), in model order."""
    return {n.id: n.label for n in model.nodes if n.stage in stages}


def labels_with_stage(model: LogicModel) -> dict[str, str]:
    """Box id -> ``label (stage)``: what pickers show, where two boxes may share a label."""
    return {n.id: f"{n.label} ({n.stage.value})" for n in model.nodes}


def department_labels(model: LogicModel) -> dict[str, str]:
    """Department id -> label."""
    return {d.id: d.label for d in model.departments}


def group_labels(model: LogicModel) -> dict[str, str]:
    """Stakeholder group id -> label."""
    return {g.id: g.label for g in model.stakeholders}


def source_names(sources: Iterable[str]) -> str:
    """Priority sources by name, joined with commas: ``box priorities, the agreed order``."""
    return ", ".join(SOURCE_NAMES[s] for s in sources)
