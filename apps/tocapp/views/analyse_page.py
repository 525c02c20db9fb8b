"""Analyse: which activities drive the priority outcomes, why, what they undermine, what if."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from toc.analysis.robustness import Sensitivity, sensitivity
from toc.editor.markdown import markdown_literal
from toc.model import RESULT_STAGES, LogicModel, Stage
from tocapp import analysed, session
from tocapp.adopted import priorities_for
from tocapp.boundary import guarded
from tocapp.charts import TOP, diverging_bars, heatmap, show
from tocapp.escaped import literal_frame, unnumbered
from tocapp.names import labels
from tocapp.sources import show_source
from tocapp.state import require_model


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """Text as typed, numbers to three decimals, so tables line up and stay short."""
    return literal_frame(frame).map(lambda v: f"{v:.3f}" if isinstance(v, float) else v)


def _table(
    rows: list[dict[str, Any]], empty: str, limit: int = 25, total: int | None = None
) -> None:
    """The first ``limit`` rows; ``total`` counts them all when ``rows`` is already cut short."""
    if not rows:
        st.caption(empty)
        return
    st.table(_rounded(pd.DataFrame(rows[:limit])))
    total = len(rows) if total is None else total
    if total > limit:
        st.caption(f"… and {total - limit:,} more (every one: `toc analyse --json`).")


def _listed(found: dict[str, Any], part: str, empty: str) -> None:
    """One list of :func:`tocapp.analysed.tradeoff_lists` or ``gap_lists``, counted in full."""
    _table(found[part], empty, total=found["counts"][part])


#: Rows of the driver ranking's table; the rest are in a scrolling table below it.
RANKED = 15


def ranking(text: str) -> None:
    """Driver ranking: gains and losses as diverging bars, and the same as a table.

    Past :data:`tocapp.charts.TOP` boxes the chart sums the rest into one pair of
    bars; every box is in the full ranking, a scrolling table below.
    """
    plural = {"activity": "activities", "input": "inputs"}
    stage = st.radio("Rank", list(plural), horizontal=True, format_func=plural.__getitem__)
    rows = analysed.driver_rows(text, stage)
    if not rows:
        st.caption(f"No {stage} boxes yet: add some on the Map.")
        return
    show(diverging_bars(rows, large=session.LARGE_TEXT.get(), noun=plural[stage]))
    ranked = [
        {"rank": i, stage: r["label"], "score": r["score"], "gain": r["gain"], "loss": r["loss"]}
        for i, r in enumerate(rows, start=1)
    ]
    if len(rows) > TOP:
        st.caption(
            f"The {TOP} highest scores of {len(rows):,} {plural[stage]}; the last pair of bars is "
            f"the average of the other {len(rows) - TOP:,}. Every one is in the full ranking below."
        )
    st.table(unnumbered(_rounded(pd.DataFrame(ranked[:RANKED]))))
    if len(rows) > RANKED:
        with st.expander(f"The full ranking ({len(rows):,} {plural[stage]})"):
            # st.dataframe shows text as data (no markdown), and scrolls thousands of rows.
            st.dataframe(pd.DataFrame(ranked).set_index("rank"), height=400)


def why(model: LogicModel, text: str) -> None:
    """The pathways behind a score, or between a chosen activity and outcome."""
    acts = labels(model, [Stage.ACTIVITY])
    ends = {"": "all priority outcomes", **labels(model, RESULT_STAGES)}
    if not acts:
        st.caption("Add an activity to see its pathways.")
        return
    left, right = st.columns(2)
    source = left.selectbox("Activity", list(acts), format_func=acts.__getitem__, key="why-a")
    target = right.selectbox("Outcome", list(ends), format_func=ends.__getitem__, key="why-o")
    if target:
        st.caption(markdown_literal(analysed.priority_in_use(text, target)))
    _table(analysed.why_rows(text, source, target or None), "No pathway joins these two boxes.")


def tradeoffs(text: str) -> None:
    """Activities that do good and harm; outcomes pulled apart; harm across departments."""
    found = analysed.tradeoff_lists(text)
    st.markdown("**Activities with material gains and losses**")
    _listed(found, "mixed", "None: no activity both helps and harms materially.")
    st.markdown("**Priority outcomes pulled in opposite directions by one activity**")
    _listed(found, "opposed", "None.")
    st.markdown("**One department's activity undermining another's outcome**")
    _listed(found, "harms", "None.")


def gaps(text: str) -> None:
    """Weak priorities, activities that reach no priority, metrics to drop."""
    found = analysed.gap_lists(text)
    st.markdown("**Priority outcomes with weak or no support**")
    _listed(found, "weak", "None: every priority outcome is supported.")
    st.markdown(
        "**Activities that contribute nothing to any priority (decommissioning candidates)**"
    )
    _listed(found, "idle", "None.")
    st.markdown("**Activities that do more harm than good**")
    _listed(found, "harm", "None.")
    st.markdown("**Redundant metrics**")
    _listed(found, "metrics", "None.")
    st.markdown("**Priority outcomes nobody measures**")
    _listed(found, "unmeasured", "None: every priority outcome has an indicator of its own.")
    st.markdown("**Priority outcomes measured only through outputs**")
    st.caption(
        "Of those, the ones an indicator on an output that feeds them stands in for: "
        "it counts what was done, not what changed."
    )
    _listed(found, "outputs_only", "None.")


def whatif(model: LogicModel, text: str) -> None:
    """Switch activities or inputs off and see each priority outcome's support change."""
    boxes = labels(model, [Stage.INPUT, Stage.ACTIVITY])
    off = st.multiselect("Switch off", list(boxes), format_func=boxes.__getitem__, key="whatif")
    if not off:
        st.caption("Choose one or more activities or inputs to switch off.")
        return
    result = analysed.whatif_rows(text, tuple(sorted(off)))
    st.metric(
        "Total support of the priority outcomes",
        f"{result['after']:.3f}",
        delta=f"{result['after'] - result['before']:+.3f}",
    )
    _table(result["rows"], "No priority outcome is reached.")


def departments(text: str) -> None:
    """The department x department contribution matrix and the shared outcomes."""
    view = analysed.departments(text)
    st.markdown("**Whose activities drive whose outcomes** (rows: the activity's department)")
    _table(view["matrix"], "No departments on the boxes yet: set them on the Map.")
    st.markdown("**Outcomes shared by two or more departments**")
    _table(view["shared"], "None.")


def uncertainty(model: LogicModel, text: str) -> None:
    """Monte Carlo over link weights and priorities, on request, with a progress bar."""
    left, right = st.columns([3, 1])
    samples = left.select_slider("Samples", [200, 500, 1000, 2000, 5000], value=1000)
    count = max(1, len(labels(model, [Stage.ACTIVITY])))
    # K below the number of activities, so that a top-K place can tell them apart.
    start = min(5, max(1, count - 1))
    top_k = right.number_input("K (chance of a top-K place)", 1, count, start, step=1)
    key = hashlib.sha256(f"{text}{samples} {top_k}".encode()).hexdigest()
    if st.button("Run sensitivity analysis"):
        bar = st.progress(0.0, text="Sampling link weights and priorities…")

        def advance(done: int, total: int) -> None:
            bar.progress(done / total, text=f"Sampled {done:,} of {total:,}…")

        result = sensitivity(model, samples, top_k=int(top_k), progress=advance)
        bar.empty()
        session.SENSITIVITY.set((key, result))
    held = session.SENSITIVITY.get()
    if held is None or held[0] != key:
        return
    sampled(model, held[1])


def sampled(model: LogicModel, found: Sensitivity) -> None:
    """Each activity's interval, and its chance of a top-K place when K can tell them apart."""
    names = labels(model)
    chance = f"P(top {found.top_k})"
    rows = [
        {
            "activity": names[r.id],
            "score": r.score,
            "5%": r.low,
            "median": r.median,
            "95%": r.high,
            **({chance: r.in_top_k} if found.ranks_anything else {}),
        }
        for r in found.rows
    ]
    if found.rows and not found.ranks_anything:
        st.info(
            f"The model has {found.activities} activities, so every one is in the top "
            f"{found.top_k} in every sample; choose a smaller K.",
            icon=":material/info:",
        )
    _table(rows, "No activities.")


#: Rows (activities) and columns (priority outcomes) of the influence heat map, at most.
HEAT = 15


def influence(text: str) -> None:
    """How much each top activity moves each priority outcome, as a heat map.

    At most :data:`HEAT` activities (the strongest drivers) by :data:`HEAT` outcomes
    (those they move most); the caption says what is left out, and the whole table
    is a CSV download.
    """
    found = analysed.heat_rows(text, HEAT)
    if not found["rows"]:
        st.caption("Add activities and link them to priority outcomes to see their influence.")
        return
    show(heatmap(found["rows"], large=session.LARGE_TEXT.get()))
    acts, ends = found["activities"], found["outcomes"]
    if acts > HEAT or ends > HEAT:
        st.caption(
            f"The {min(acts, HEAT)} strongest drivers of {acts:,} activities, and the "
            f"{min(ends, HEAT)} of {ends:,} priority outcomes they move most. The rest are "
            "left out to keep the map readable: download the full table below, see one "
            "activity's pathways under Why, or run `toc analyse --json` on the model file."
        )
    st.download_button(
        "Download the full influence table (CSV)",
        data=partial(analysed.influence_csv, text),
        file_name="influence.csv",
        mime="text/csv",
        on_click="ignore",
        key="influence-csv",
    )


def render() -> None:
    """The Analyse page: one tab per question, each answered by the library."""
    st.title("Analyse")
    with guarded():
        chosen = priorities_for(require_model(), key="analyse")
        model, text = chosen.model, chosen.text
        if chosen.framework is None:
            show_source(text)
        else:
            st.info(
                markdown_literal(
                    f"Analysed with the priorities of the organisation's framework "
                    f"‘{chosen.framework}’ (chosen in the sidebar); the saved model keeps its own."
                ),
                icon=":material/corporate_fare:",
            )
        parts: dict[str, Callable[[], None]] = {
            "Drivers": partial(ranking, text),
            "Influence": partial(influence, text),
            "Why": partial(why, model, text),
            "Trade-offs": partial(tradeoffs, text),
            "Gaps": partial(gaps, text),
            "What-if": partial(whatif, model, text),
            "Departments": partial(departments, text),
            "Sensitivity": partial(uncertainty, model, text),
        }
        for tab, part in zip(st.tabs(list(parts)), parts.values(), strict=True):
            with tab, guarded():
                part()


if __name__ == "__main__":  # st.navigation runs a page file as __main__
    render()
