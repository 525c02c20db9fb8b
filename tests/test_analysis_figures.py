"""Every figure the analysis shows is right for its case, or says why it is absent."""

from __future__ import annotations

from pathlib import Path

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


def test_why_names_the_priority_in_use_not_one() -> None:
    # "Why" between an activity and one outcome showed "x priority 1.000" when the
    # priority in use was 0.370; it now shows that priority and multiplies by it.
    from toc.analysis import priorities
    from toc.analysis.pathways import pathway_text, pathways

    model = LogicModel.model_validate(
        {
            "title": "t",
            "nodes": [
                {"id": "a", "label": "A", "stage": "activity"},
                {"id": "o", "label": "O", "stage": "outcome", "priority": 37},
                {"id": "p", "label": "P", "stage": "outcome", "priority": 63},
            ],
            "links": [{"from": "a", "to": "o", "weight": 0.5}, {"from": "a", "to": "p"}],
        }
    )
    assert priorities(model).weights["o"] == 0.37
    [why] = pathways(model, "a", "o")
    assert (why.priority, why.contribution) == (0.37, 0.5 * 0.37)
    assert pathway_text(why).endswith("× priority 0.370 = 0.185")


def test_no_chance_of_the_top_k_when_k_covers_every_activity(tmp_path: Path) -> None:
    # Five activities and top 5: every one, the harmful one included, was "P(top 5) = 1.000".
    from click.testing import CliRunner

    from toc.analysis import sensitivity
    from toc.cli import main
    from toc.formats import dumps_model

    nodes = [{"id": f"a{i}", "label": f"A{i}", "stage": "activity"} for i in range(5)]
    nodes.append({"id": "o", "label": "O", "stage": "outcome", "priority": 1})
    links = [
        {"from": f"a{i}", "to": "o", "weight": -0.5 if i == 4 else 0.2 * (i + 1)} for i in range(5)
    ]
    model = LogicModel.model_validate({"title": "t", "nodes": nodes, "links": links})
    result = sensitivity(model, 200, top_k=5)
    assert not result.ranks_anything
    assert {r.in_top_k for r in result.rows} == {None}
    assert sensitivity(model, 200, top_k=2).ranks_anything
    path = tmp_path / "m.yaml"
    path.write_bytes(dumps_model(model, "yaml"))
    command = ["analyse", str(path), "--samples", "50", "--top-k", "5"]
    shown = CliRunner().invoke(main, command)
    assert "No P(top 5): the model has 5 activities" in shown.output
    assert "P(top 5)" not in shown.output.split("No P(top 5)")[0]
