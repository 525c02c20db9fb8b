"""Focus mode: only the pathways from one activity (or input) to priority outcomes.

A node stays if it lies on some directed path from the focus node to an
outcome or impact with a priority above zero, whatever the priorities' source
(box priorities, the agreed order or stakeholder ratings: the ones in use, as in
the analysis); the focus node always stays.
Every link between two kept nodes lies on such a path, so those links stay.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "t", "nodes": [
...     {"id": "a", "label": "A", "stage": "activity"},
...     {"id": "b", "label": "B", "stage": "activity"},
...     {"id": "o", "label": "O", "stage": "outcome", "priority": 2},
...     {"id": "p", "label": "P", "stage": "outcome"}],
...   "links": [{"from": "a", "to": "o"}, {"from": "a", "to": "p"}, {"from": "b", "to": "o"}]})
>>> [n.id for n in focused(m, "a").nodes]
['a', 'o']
"""

from __future__ import annotations

from toc.analysis.influence import drivers
from toc.analysis.priorities import priorities
from toc.analysis.reach import reachable
from toc.errors import TocError
from toc.model import LogicModel, Stage

__all__ = ["FOCUS_STAGES", "focused", "narrowed", "priority_marks"]

FOCUS_STAGES = (Stage.INPUT, Stage.ACTIVITY)


def priority_marks(model: LogicModel) -> dict[str, str]:
    """The priority outcomes in use, each with the mark its box shows.

    Box priorities show as typed (``★ 3``); priorities from the agreed order show the
    rank (``★ #1``), and from stakeholder ratings the share (``★ 40%``).  Equal weights
    (a model that sets no priorities) mark nothing: no outcome stands out.

    Examples
    --------
    >>> m = LogicModel.model_validate({"title": "t", "nodes": [
    ...     {"id": "o", "label": "O", "stage": "outcome"},
    ...     {"id": "p", "label": "P", "stage": "outcome"}], "agreed_order": ["p", "o"]})
    >>> priority_marks(m)
    {'p': '★ #1', 'o': '★ #2'}
    """
    used = priorities(model)
    nodes = model.node_map()
    if used.source == "nodes":
        return {k: f"★ {nodes[k].priority:g}" for k in used.weights}
    if used.source == "agreed-order":
        ranks = enumerate(model.agreed_order, 1)
        return {k: f"★ #{rank}" for rank, k in ranks if k in used.weights}
    if used.source == "stakeholders":
        return {k: f"★ {share:.0%}" for k, share in used.weights.items()}
    return {}


def focused(model: LogicModel, focus: str) -> LogicModel:
    """The part of ``model`` on pathways from ``focus`` to priority outcomes.

    Raises
    ------
    toc.errors.TocError
        If ``focus`` is not the id of an activity or input in the model.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> focused(LogicModel(title="t"), "mentoring")
    Traceback (most recent call last):
    ...
    toc.errors.TocError: cannot focus on 'mentoring': there is no node with that id; the model has no activities yet: add one first
    """
    _check_focus(model, focus)
    return _kept(model, _pathway_boxes(model, [focus], set(priorities(model).weights)))


def narrowed(
    model: LogicModel,
    *,
    focus: str | None = None,
    department: str | None = None,
    top: int | None = None,
) -> LogicModel:
    """The part of ``model`` to draw: one activity's pathways, one department, or the top drivers.

    ``department`` keeps that department's boxes and the boxes one link away from them
    (so what they drive, and what feeds them, stays in view); ``top`` keeps the pathways
    from the ``top`` highest-scoring activities to the priority outcomes; ``focus`` keeps
    one activity's pathways.  Given together, each narrows what the one before kept.

    Examples
    --------
    >>> from toc.model import LogicModel
    >>> m = LogicModel.model_validate({"title": "t",
    ...     "departments": [{"id": "h", "label": "Housing"}],
    ...     "nodes": [{"id": "a", "label": "A", "stage": "activity", "department": "h"},
    ...               {"id": "b", "label": "B", "stage": "activity"},
    ...               {"id": "o", "label": "O", "stage": "outcome", "priority": 1},
    ...               {"id": "p", "label": "P", "stage": "outcome", "priority": 2}],
    ...     "links": [{"from": "a", "to": "o", "weight": 0.5}, {"from": "b", "to": "p"}]})
    >>> [n.id for n in narrowed(m, department="h").nodes], [n.id for n in narrowed(m, top=1).nodes]
    (['a', 'o'], ['b', 'p'])
    """
    wanted = set(priorities(model).weights)
    shown = model
    if department is not None:
        shown = _kept(shown, _department_boxes(shown, department))
    if top is not None:
        ranked = [d.id for d in drivers(model) if d.id in shown.node_map()]
        shown = _kept(shown, _pathway_boxes(shown, ranked[: max(top, 0)], wanted))
    if focus is not None:
        _check_focus(shown, focus)
        shown = _kept(shown, _pathway_boxes(shown, [focus], wanted))
    return shown


def _pathway_boxes(model: LogicModel, starts: list[str], wanted: set[str]) -> set[str]:
    """The boxes on some path from one of ``starts`` to a priority outcome, and the starts."""
    keep = set(starts)
    for start in starts:
        ahead = reachable(model, [start])
        targets = [n for n in ahead if n in wanted]
        keep |= ahead & reachable(model, targets, forward=False)
    return keep


def _department_boxes(model: LogicModel, department: str) -> set[str]:
    known = {d.id for d in model.departments}
    if department not in known:
        names = ", ".join(sorted(known)) or "none yet"
        raise TocError(f"there is no department {department!r}: use one of {names}")
    own = {n.id for n in model.nodes if n.department == department}
    near = {k.to for k in model.links if k.from_ in own} | {
        k.from_ for k in model.links if k.to in own
    }
    return own | near


def _kept(model: LogicModel, keep: set[str]) -> LogicModel:
    """``model`` with only the ``keep`` boxes, the links between them and their departments."""
    nodes = [n for n in model.nodes if n.id in keep]
    links = [k for k in model.links if k.from_ in keep and k.to in keep]
    used = {n.department for n in nodes}
    departments = [d for d in model.departments if d.id in used]
    update = {"nodes": nodes, "links": links, "departments": departments}
    return model.model_copy(update=update)


def _check_focus(model: LogicModel, focus: str) -> None:
    node = model.node_map().get(focus)
    if node is not None and node.stage in FOCUS_STAGES:
        return
    what = (
        "there is no node with that id"
        if node is None
        else f"it is an {node.stage.value}, and focus follows pathways from an activity or input"
    )
    raise TocError(f"cannot focus on {focus!r}: {what}; {_activity_hint(model)}", node_id=focus)


def _activity_hint(model: LogicModel) -> str:
    activities = [n.id for n in model.nodes if n.stage is Stage.ACTIVITY]
    if not activities:
        return "the model has no activities yet: add one first"
    more = ", ..." if len(activities) > 5 else ""
    return "use an activity id, e.g. " + ", ".join(repr(i) for i in activities[:5]) + more
