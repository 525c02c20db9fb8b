"""Numbers a commissioner can defend, in the editor (Streamlit's AppTest, no browser).

Every figure the app shows is the library's, printed the library's way, or
says why it is absent; and the source of the priorities is explicit: chosen
on the Priorities page, kept when an edit would quietly switch it, and named
on every page that uses it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_flow")

from appkit import latest, no_trouble, opened, saved
from streamlit.testing.v1 import AppTest

from toc.analysis.influence import drivers
from toc.analysis.priorities import priorities
from toc.editor.markdown import markdown_literal
from toc.editor.valuegrid import apply_value_rows, value_rows
from toc.formats.modelfiles import load_model
from toc.model import LogicModel
from tocapp import views

ROOT = Path(__file__).resolve().parent.parent
YOUTH = load_model(ROOT / "models" / "youth-employment.yaml")
CARE = load_model(ROOT / "models" / "adult-social-care.yaml")
WORKED = load_model(ROOT / "models" / "sroi-worked-example.yaml")


@pytest.fixture()
def database(database: Path) -> str:
    """The fresh database of ``conftest.py``, as the URL ``Store`` takes."""
    return f"sqlite:///{database}"


def texts(at: AppTest) -> str:
    """Every caption, message and markdown text on the page, one per line."""
    parts = [*at.caption, *at.markdown, *at.info, *at.warning, *at.success]
    return "\n".join(str(p.value) for p in parts)


def with_data(model: LogicModel, **change: Any) -> LogicModel:
    return LogicModel.model_validate({**model.model_dump(by_alias=True), **change})


# Value ------------------------------------------------------------------------------------

#: 662,000 a year for three years against 3,000,000: NPV about -1.15 million.
LOSS = {"quantity": 100, "proxy": 6620, "duration": 3}


def losing() -> LogicModel:
    return LogicModel.model_validate(
        {
            "title": "A loss",
            "nodes": [
                {"id": "grant", "label": "Grant", "stage": "input", "cost": 3_000_000},
                {"id": "a", "label": "Support", "stage": "activity"},
                {"id": "jobs", "label": "Jobs", "stage": "outcome", "value": LOSS},
            ],
            "links": [{"from": "grant", "to": "a"}, {"from": "a", "to": "jobs"}],
        }
    )


def metrics(at: AppTest) -> dict[str, str]:
    """The headline figures as the page shows them, escaped (a metric's value is markdown)."""
    return {m.label: m.value for m in at.metric}


def test_a_loss_shows_minus_before_the_pound_and_why_there_is_no_payback(database: str) -> None:
    at = opened(saved(losing()), views.VALUE)
    shown = metrics(at)
    assert shown["Net present value"].startswith(markdown_literal("-£1,"))  # never "£-1,..."
    assert "£\\-" not in " ".join(shown.values())
    assert shown["Payback"] == "none"
    said = [w.value for w in at.warning]
    assert any(markdown_literal("No payback: the present value falls short") in w for w in said)


def test_the_worked_example_shows_years_inputs_and_the_ratio_to_its_decimals(
    database: str,
) -> None:
    at = opened(saved(WORKED), views.VALUE)
    assert metrics(at)["SROI ratio"] == markdown_literal("1.87 : 1")
    assert metrics(at)["Payback"] == markdown_literal("13.7 months")
    frames = {tuple(map(str, t.value.columns)): t.value for t in at.table}
    years = next(f for cols, f in frames.items() if "factor" in cols)
    assert years["factor"].tolist() == [markdown_literal(v) for v in ("0.9662", "0.9335", "0.9019")]
    assert years.iloc[:, -1].tolist() == [markdown_literal(v) for v in ("0.85", "0.62", "0.40")]
    inputs = next(f for cols, f in frames.items() if "investment" in cols)
    assert inputs.values.tolist() == [
        [markdown_literal(v) for v in row]
        for row in (
            ["Council grant", "£200,000", "2.34 : 1"],
            ["Council staff time", "£50,000", "9.35 : 1"],
        )
    ]


def test_value_by_activity_shows_harm_apart_and_the_net_value(database: str) -> None:
    at = opened(saved(CARE), views.VALUE)
    table = next(t.value for t in at.table if "harm" in map(str, t.value.columns))
    row = table[table["activity"] == markdown_literal("15-minute time-and-task visits")].iloc[0]
    assert row["harm"].startswith(markdown_literal("-£"))
    assert row["net value"].startswith(markdown_literal("-£"))


def test_value_by_stakeholder_group_names_the_group_and_its_share(database: str) -> None:
    group = CARE.stakeholders[0]
    nodes = [
        n.model_copy(update={"value": n.value.model_copy(update={"stakeholder": group.id})})
        if n.value is not None
        else n
        for n in CARE.nodes
    ]
    at = opened(saved(CARE.model_copy(update={"nodes": nodes})), views.VALUE)
    table = next(t.value for t in at.table if "share" in map(str, t.value.columns))
    assert table.values.tolist() == [
        [markdown_literal(group.label), metrics(at)["Present value"], markdown_literal("100.0%")]
    ]


def test_the_value_map_grid_sets_each_outcome_s_stakeholder_group() -> None:
    # The grid's rows come from the library (toc.editor.valuegrid), stakeholder column included.
    rows = value_rows(CARE)
    valued = [r for r in rows if r["quantity"] is not None]
    assert valued and all(r["stakeholder"] is None for r in valued)
    group = CARE.stakeholders[-1].id
    valued[0]["stakeholder"] = group
    changed = apply_value_rows(CARE, rows)
    value = changed.node_map()[valued[0]["id"]].value
    assert value is not None and value.stakeholder == group
    valued[0]["stakeholder"] = float("nan")  # an emptied cell
    assert apply_value_rows(changed, rows) == CARE


# Analyse ----------------------------------------------------------------------------------


def test_k_covering_every_activity_hides_p_top_k_and_says_why(database: str) -> None:
    assert sum(n.stage.value == "activity" for n in CARE.nodes) == 5
    at = opened(saved(CARE), views.ANALYSE)
    at.select_slider[0].set_value(200)
    next(n for n in at.number_input if n.label.startswith("K")).set_value(5)
    next(b for b in at.button if b.label == "Run sensitivity analysis").click().run()
    no_trouble(at)
    headers = [str(c) for t in at.table for c in t.value.columns]
    assert markdown_literal("5%") in headers and not any("P(top" in h for h in headers)
    said = texts(at)
    assert "The model has 5 activities, so every one is in the top 5 in every sample" in said
    assert "choose a smaller K" in said
    next(n for n in at.number_input if n.label.startswith("K")).set_value(4)
    next(b for b in at.button if b.label == "Run sensitivity analysis").click().run()
    headers = [str(c) for t in at.table for c in t.value.columns]
    assert markdown_literal("P(top 4)") in headers


def test_the_analyse_page_names_the_source_in_use_and_those_set_aside(database: str) -> None:
    at = opened(saved(YOUTH), views.ANALYSE)
    said = texts(at)
    assert "Priorities come from **box priorities**" in said
    assert "Set aside: the agreed order, stakeholder ratings." in said


def test_why_shows_the_priority_in_use_of_the_chosen_outcome(database: str) -> None:
    model = with_data(YOUTH, priority_source="agreed-order")
    at = opened(saved(model), views.ANALYSE)
    first = model.agreed_order[0]
    at.selectbox(key="why-o").set_value(first).run()
    no_trouble(at)
    label = model.node_map()[first].label
    weight = priorities(model).weights[first]
    assert 0 < weight < 1
    said = f"{label} has priority {weight:.3f} in use (from the agreed order)"
    assert markdown_literal(said) in texts(at)
    cells = [str(v) for t in at.table for v in t.value.values.ravel()]
    assert any(markdown_literal(f"× priority {weight:.3f}") in c for c in cells)


def test_priority_outcomes_measured_only_through_outputs_are_listed(database: str) -> None:
    at = opened(saved(YOUTH), views.ANALYSE)
    assert "**Priority outcomes measured only through outputs**" in texts(at)


# Priorities: the source is explicit ------------------------------------------------------


def ranking(at: AppTest) -> list[str]:
    at.switch_page(views.ANALYSE.file).run()
    no_trouble(at)
    return [str(v) for v in at.table[0].value["activity"].tolist()]


def test_choosing_the_source_saves_it_and_the_analysis_follows(database: str) -> None:
    model_id = saved(YOUTH)
    at = opened(model_id, views.PRIORITIES)
    choice = next(r for r in at.radio if r.label == "Priorities come from")
    assert choice.value == "nodes"
    choice.set_value("agreed-order").run()
    no_trouble(at)
    after = latest(model_id)
    assert (after.number, after.model.priority_source) == (2, "agreed-order")
    assert "Priorities come from **the agreed order** (chosen for this model)" in texts(at)
    shown = ranking(at)
    assert shown == [markdown_literal(d.label) for d in drivers(after.model)][: len(shown)]


def agreed_only() -> LogicModel:
    """The youth model with no box priorities: its agreed order is in use."""
    nodes = [n.model_copy(update={"priority": None}) for n in YOUTH.nodes]
    return YOUTH.model_copy(update={"nodes": nodes})


def test_a_box_priority_set_on_the_map_keeps_the_agreed_order(database: str) -> None:
    model_id = saved(agreed_only())
    at = opened(model_id)
    before = ranking(at)
    at.switch_page(views.MAP.file).run()
    assert "Priorities come from **the agreed order**" in texts(at)
    outcome = next(
        n for n in YOUTH.nodes if n.id not in YOUTH.agreed_order[:1] and n.stage.is_result
    )
    at.selectbox(key="selected").set_value(outcome.id).run()
    next(n for n in at.number_input if n.label == "Priority").set_value(10.0)
    at.button(key=f"FormSubmitter:node-{outcome.id}-1-Save box").click().run()
    no_trouble(at)
    after = latest(model_id).model
    assert after.node_map()[outcome.id].priority == 10.0
    assert after.priority_source == "agreed-order"
    said = "\n".join(i.value for i in at.info)
    assert markdown_literal("Priorities still come from the agreed order; choose") in said
    assert markdown_literal("‘box priorities’") in said
    assert ranking(at) == before


def test_box_priorities_set_on_the_priorities_page_keep_the_agreed_order(database: str) -> None:
    model_id = saved(agreed_only())
    at = opened(model_id)
    before = ranking(at)
    at.switch_page(views.PRIORITIES.file).run()
    at.number_input[0].set_value(10.0)
    next(b for b in at.button if b.label == "Save priorities").click().run()
    no_trouble(at)
    assert latest(model_id).model.priority_source == "agreed-order"
    assert any("still come from the agreed order" in i.value for i in at.info)
    assert ranking(at) == before
    # and the user can then switch, on purpose
    at.switch_page(views.PRIORITIES.file).run()
    next(r for r in at.radio if r.label == "Priorities come from").set_value("nodes").run()
    assert latest(model_id).model.priority_source == "nodes"
    assert ranking(at) != before


def test_every_priority_zero_is_said_not_hidden(database: str) -> None:
    nodes = [n.model_copy(update={"priority": 0.0}) if n.priority else n for n in YOUTH.nodes]
    model = YOUTH.model_copy(update={"nodes": nodes, "priority_source": "nodes"})
    model_id = saved(model)
    for view in (views.PRIORITIES, views.ANALYSE, views.DIAGRAM):
        at = opened(model_id, view)
        assert any("Every priority is 0" in w.value for w in at.warning), view.title


def test_the_diagram_names_the_source_its_stars_use(database: str) -> None:
    at = opened(saved(with_data(YOUTH, priority_source="stakeholders")), views.DIAGRAM)
    said = texts(at)
    assert "Priorities come from **stakeholder ratings** (chosen for this model)" in said
    assert "Set aside: box priorities, the agreed order." in said


def test_an_undo_puts_back_the_model_as_it_was(database: str) -> None:
    model_id = saved(agreed_only())
    at = opened(model_id)
    outcome = next(n for n in YOUTH.nodes if n.stage.is_result)
    at.selectbox(key="selected").set_value(outcome.id).run()
    next(n for n in at.number_input if n.label == "Priority").set_value(3.0)
    at.button(key=f"FormSubmitter:node-{outcome.id}-1-Save box").click().run()
    assert latest(model_id).model.priority_source == "agreed-order"
    at.button(key="FormSubmitter:add-box-Undo").click().run()
    no_trouble(at)
    assert latest(model_id).model == agreed_only()


def test_the_first_priorities_of_a_model_are_used_and_a_removed_source_is_not_kept() -> None:
    from tocapp.sources import kept

    blank = YOUTH.model_copy(
        update={
            "nodes": agreed_only().nodes,
            "agreed_order": [],
            "stakeholders": [g.model_copy(update={"ratings": {}}) for g in YOUTH.stakeholders],
        }
    )
    first = blank.nodes[-1].model_copy(update={"priority": 2.0})
    prioritised = blank.model_copy(update={"nodes": [*blank.nodes[:-1], first]})
    assert kept(blank, prioritised) == (
        prioritised,
        "Priorities now come from box priorities (the first priorities set).",
    )
    emptied = agreed_only().model_copy(update={"agreed_order": []})
    assert kept(agreed_only(), emptied) == (
        emptied,
        "Priorities now come from stakeholder ratings (the model no longer holds the agreed order).",
    )
    chosen = agreed_only().model_copy(update={"priority_source": "agreed-order"})
    assert kept(chosen, prioritised) == (prioritised, "")
