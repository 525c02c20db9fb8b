"""The logic model: the one source of truth, as pydantic v2 models.

A :class:`LogicModel` holds nodes at five stages (input, activity, output,
outcome, impact) joined by signed, weighted :class:`Link` s.  Every model that
exists has passed the structural rules in :mod:`toc.model.rules` (unique ids, links
between existing nodes, forward through the stages, no cycles); constructing
one that breaks them raises :class:`toc.errors.InvalidModelError` listing
every broken rule at once.

Examples
--------
>>> m = LogicModel.model_validate({
...     "title": "Youth employment",
...     "nodes": [
...         {"id": "grant", "label": "Grant", "stage": "input", "cost": 100000},
...         {"id": "mentoring", "label": "Mentoring", "stage": "activity"},
...         {"id": "jobs", "label": "Young people in work", "stage": "outcome", "priority": 3},
...     ],
...     "links": [
...         {"from": "grant", "to": "mentoring"},
...         {"from": "mentoring", "to": "jobs", "weight": 0.6},
...     ],
... })
>>> [n.id for n in m.nodes if n.stage == "activity"]
['mentoring']
>>> m.links[1].id
'mentoring->jobs'
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from toc.model.base import Strict
from toc.model.parts import Department, Link, Node, StakeholderGroup
from toc.model.rules import raise_for_structure
from toc.model.valuation import Valuation

__all__ = ["PRIORITY_SOURCES", "LogicModel", "PrioritySource", "dump_dict"]

#: Where outcome priorities can come from, in the order used when the model names none.
PRIORITY_SOURCES = ("nodes", "agreed-order", "stakeholders", "equal")
PrioritySource = Literal["nodes", "agreed-order", "stakeholders", "equal"]


class LogicModel(Strict):
    """A whole theory of change: nodes, links, who owns what and who rated what.

    ``priority_source`` names where the analysis takes outcome priorities from: the
    boxes' own ``priority``, the ``agreed_order``, the ``stakeholders``' ratings, or
    ``equal``.  Unset, the first of those the model holds is used, in that order.
    """

    version: int = Field(default=1, ge=1, le=1)
    title: str = Field(min_length=1)
    description: str = ""
    organisation: str = ""
    departments: list[Department] = Field(default_factory=list)
    stakeholders: list[StakeholderGroup] = Field(default_factory=list)
    agreed_order: list[str] = Field(default_factory=list)
    priority_source: PrioritySource | None = None
    valuation: Valuation | None = None
    nodes: list[Node] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)

    @model_validator(mode="after")
    def _structure_holds(self) -> LogicModel:
        raise_for_structure(self)
        return self

    def node_map(self) -> dict[str, Node]:
        """Nodes by id.

        Examples
        --------
        >>> LogicModel(title="t", nodes=[Node(id="a", label="A", stage="input")]).node_map()
        {'a': Node(id='a', label='A', stage=<Stage.INPUT: 'input'>, ...)}
        """
        return {node.id: node for node in self.nodes}


def dump_dict(model: BaseModel) -> dict[str, Any]:
    """The model as plain data in file order, leaving out what is empty.

    Empty strings, empty lists, empty dicts and ``None`` are left out so saved
    files stay short; loading them back gives the same model.
    """
    data = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return _prune(data)  # type: ignore[no-any-return]


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in ("", [], {})}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value
