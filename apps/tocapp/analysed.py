"""Analysis results for the Analyse page, cached by model content, as plain rows.

Each function takes the model's canonical JSON and returns lists of dicts
ready for a table or a chart; the numbers all come from :mod:`toc.analysis`.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import streamlit as st

from toc.analysis.departments import department_view
from toc.analysis.gaps import gaps
from toc.analysis.influence import drivers, influence
from toc.analysis.pathways import explaining_pathways, pathway_text, pathways
from toc.analysis.priorities import priorities
from toc.analysis.tradeoffs import trade_offs
from toc.analysis.whatif import what_if
from toc.formats.spreadsheet.cells import csv_guarded
from tocapp.cached import model_of
from tocapp.names import SOURCE_NAMES, department_labels, labels

__all__ = [
    "departments",
    "driver_rows",
    "gap_lists",
    "heat_rows",
    "influence_csv",
    "priority_in_use",
    "tradeoff_lists",
    "whatif_rows",
    "why_rows",
]

Rows = list[dict[str, Any]]
#: Rows of each list of trade-offs and gaps kept for the page; ``counts`` says how many
#: there are in all (a model of thousands of boxes has tens of thousands of trade-offs).
LISTED = 25


@st.cache_data(max_entries=64, show_spinner=False)
def driver_rows(text: str, stage: str = "activity") -> Rows:
    """Driver score, gain and loss of every activity (or input), best first."""
    return [
        {"id": d.id, "label": d.label, "score": d.score, "gain": d.gain, "loss": d.loss}
        for d in drivers(model_of(text), stage=stage)
    ]


@st.cache_data(max_entries=64, show_spinner=False)
def heat_rows(text: str, top: int = 15) -> dict[str, Any]:
    """Influence of the ``top`` activities on the ``top`` priority outcomes they move most.

    ``rows`` holds the cells (at most ``top`` x ``top``, so the heat map stays readable
    and small whatever the model's size); ``activities`` and ``outcomes`` count all
    the activities and priority outcomes, so the page can say what is left out.
    """
    model = model_of(text)
    names = labels(model)
    ranked = driver_rows(text)
    chosen = [d["id"] for d in ranked[:top]]
    wanted = list(priorities(model).weights)
    table = influence(model, chosen)
    moved = {o: sum(abs(table.get(a, {}).get(o, 0.0)) for a in chosen) for o in wanted}
    strongest = set(sorted(wanted, key=lambda o: moved[o], reverse=True)[:top])
    shown = [o for o in wanted if o in strongest]  # in the model's order
    rows = [
        {"activity": names[a], "outcome": names[o], "influence": table.get(a, {}).get(o, 0.0)}
        for a in chosen
        for o in shown
    ]
    return {"rows": rows, "activities": len(ranked), "outcomes": len(wanted)}


@st.cache_data(max_entries=4, show_spinner=False)
def influence_csv(text: str) -> bytes:
    """Every activity's influence on every priority outcome it moves, as CSV (UTF-8)."""
    model = model_of(text)
    names = labels(model)
    acts = [d["id"] for d in driver_rows(text)]
    table = influence(model, acts)
    wanted = priorities(model).weights
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["activity id", "activity", "outcome id", "outcome", "influence"])
    for a in acts:
        for o in wanted:
            value = table.get(a, {}).get(o, 0.0)
            if value:
                row = [a, csv_guarded(names[a]), o, csv_guarded(names[o]), f"{value:.6g}"]
                writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


@st.cache_data(max_entries=64, show_spinner=False)
def why_rows(text: str, source: str, target: str | None, k: int = 5) -> Rows:
    """The pathways that explain a score (to any priority), or link ``source`` to ``target``."""
    model = model_of(text)
    names = labels(model)
    found = (
        explaining_pathways(model, source, k)
        if target is None
        else pathways(model, source, target, k)
    )
    return [
        {"pathway, with its arithmetic": pathway_text(p, names), "contribution": p.contribution}
        for p in found
    ]


@st.cache_data(max_entries=64, show_spinner=False)
def priority_in_use(text: str, outcome: str) -> str:
    """The priority the analysis gives ``outcome`` (and so its pathways), in words."""
    model = model_of(text)
    used = priorities(model)
    name = labels(model)[outcome]
    source = SOURCE_NAMES[used.source]
    weight = used.weights.get(outcome)
    if weight is None:
        return (
            f"{name} is not a priority outcome in use (priorities from {source}), so its "
            "pathways contribute 0 to any driver score."
        )
    return f"{name} has priority {weight:.3f} in use (from {source}); each pathway is × that."


@st.cache_data(max_entries=64, show_spinner=False)
def tradeoff_lists(text: str, listed: int = LISTED) -> dict[str, Any]:
    """Mixed activities, opposed outcome pairs, and harm across departments.

    The first ``listed`` of each; ``counts`` holds how many of each there are.
    """
    model = model_of(text)
    result = trade_offs(model)
    names = labels(model)
    units = department_labels(model)
    return {
        "mixed": [
            {"activity": names[d.id], "gain": d.gain, "loss": d.loss} for d in result.mixed[:listed]
        ],
        "opposed": [
            {
                "activity": names[p.activity],
                "helps": names[p.helps],
                "harms": names[p.harms],
                "help": p.help,
                "harm": p.harm,
            }
            for p in result.opposed[:listed]
        ],
        "harms": [
            {
                "activity": names[h.activity],
                "department": units.get(h.activity_department, h.activity_department),
                "undermines": names[h.outcome],
                "of department": units.get(h.outcome_department, h.outcome_department),
                "influence": h.influence,
            }
            for h in result.cross_department_harms[:listed]
        ],
        "counts": {
            "mixed": len(result.mixed),
            "opposed": len(result.opposed),
            "harms": len(result.cross_department_harms),
        },
    }


@st.cache_data(max_entries=64, show_spinner=False)
def gap_lists(text: str, listed: int = LISTED) -> dict[str, Any]:
    """Weak priorities, idle and harmful activities, redundant metrics, unmeasured priorities.

    The first ``listed`` of each; ``counts`` holds how many of each there are.
    """
    model = model_of(text)
    found = gaps(model)
    names = labels(model)
    return {
        "weak": [
            {
                "outcome": names[o.id],
                "priority": round(o.priority, 3),
                "support": round(o.support, 3),
                "status": o.status,
            }
            for o in found.weak_outcomes[:listed]
        ],
        "idle": [{"activity": names[a]} for a in found.idle_activities[:listed]],
        "harm": [{"activity": names[a]} for a in found.net_harm_activities[:listed]],
        "metrics": [
            {"box": names[m.node], "indicator": m.indicator, "why": m.reason}
            for m in found.redundant_metrics[:listed]
        ],
        "unmeasured": [
            {"priority outcome": names[o]} for o in found.unmeasured_priorities[:listed]
        ],
        "outputs_only": [
            {"priority outcome": names[o]} for o in found.measured_by_outputs_only[:listed]
        ],
        "counts": {
            "weak": len(found.weak_outcomes),
            "idle": len(found.idle_activities),
            "harm": len(found.net_harm_activities),
            "metrics": len(found.redundant_metrics),
            "unmeasured": len(found.unmeasured_priorities),
            "outputs_only": len(found.measured_by_outputs_only),
        },
    }


@st.cache_data(max_entries=64, show_spinner=False)
def whatif_rows(text: str, remove: tuple[str, ...]) -> dict[str, Any]:
    """Each priority outcome's support before and after switching boxes off."""
    model = model_of(text)
    result = what_if(model, remove=remove)
    names = labels(model)
    rows = [
        {"outcome": names[o.id], "before": o.before, "after": o.after, "change": o.change}
        for o in result.outcomes
    ]
    return {"rows": rows, "before": result.total_before, "after": result.total_after}


@st.cache_data(max_entries=64, show_spinner=False)
def departments(text: str) -> dict[str, Any]:
    """Whose activities drive whose outcomes, and the outcomes departments share."""
    model = model_of(text)
    view = department_view(model)
    units = department_labels(model)
    names = labels(model)
    owners = list(view.contribution)
    matrix = [
        {"from": units.get(a, a), **{units.get(b, b): row.get(b, 0.0) for b in owners}}
        for a, row in view.contribution.items()
    ]
    shared = [
        {
            "outcome": names[s.id],
            "departments": ", ".join(
                f"{units.get(d, d)} {v:+.2f}" for d, v in s.departments.items()
            ),
        }
        for s in view.shared
    ]
    return {"matrix": matrix, "shared": shared}
