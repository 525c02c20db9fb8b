"""Every figure the analysis shows is right for its case, or says why it is absent."""

from __future__ import annotations

from toc.analysis import gaps
from toc.model import LogicModel


def test_every_unmeasured_priority_outcome_is_listed() -> None:
    # Six of seven priority outcomes have no indicator: all six are listed (they used to be
    # listed only when an output upstream was measured, so this gap showed "None").
    nodes = [{"id": "a", "label": "Activity", "stage": "activity"}]
    nodes += [
        {"id": f"o{i}", "label": f"Outcome {i}", "stage": "outcome", "priority": 1}
        | ({"indicators": [{"name": "rate"}]} if i == 0 else {})
        for i in range(7)
    ]
    links = [{"from": "a", "to": f"o{i}", "weight": 0.5} for i in range(7)]
    model = LogicModel.model_validate({"title": "t", "nodes": nodes, "links": links})
    found = gaps(model)
    assert found.unmeasured_priorities == [f"o{i}" for i in range(1, 7)]
    assert found.measured_by_outputs_only == []
