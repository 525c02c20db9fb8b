"""Map: the visual editor. Boxes in stage columns; drag, connect, delete; edit the selected item."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from toc.analysis.checks import findings
from toc.editor.grids import (
    apply_department_rows,
    apply_link_rows,
    apply_node_rows,
    department_rows,
    link_rows,
    node_rows,
)
from toc.editor.markdown import markdown_literal
from toc.editor.operations import add_node, rebuilt
from toc.editor.tidy import tidied
from toc.editor.window import ANY_DEPARTMENT, NO_DEPARTMENT, Window, window
from toc.errors import TocError
from toc.history.diff import diff_models, summarise_diff
from toc.model import STAGES, Evidence, LogicModel
from tocapp import cached, panel, session
from tocapp.adopted import priorities_for
from tocapp.boundary import guarded
from tocapp.discussion import comment_counts
from tocapp.escaped import literal_frame
from tocapp.flow import Scope, canvas, clicked_before, forget, keep_view
from tocapp.names import department_labels, labels
from tocapp.sources import notice, show_source
from tocapp.state import (
    commit,
    model_json,
    open_model_id,
    read_only,
    require_model,
    saved_model,
    show_conflict,
    undo,
)

STAGE_NAMES = [s.value for s in STAGES]
#: Tall enough for a column of boxes, short enough that the zoom buttons show at 1280x800.
CANVAS_HEIGHT = 480
LINK_COLUMNS = ["from", "from box", "to", "to box", "weight", "assumption", "evidence"]


def toolbar(model: LogicModel, department: str | None) -> None:
    """Add a box (type its label, press Enter: the next goes to the same stage), undo, tidy."""
    session.ADD_STAGE.keep_or_start(STAGE_NAMES[1])
    with st.form("add-box", border=False):
        if session.LARGE_TEXT.get():  # the buttons on a row of their own, never cut short
            stage, label = st.columns([1, 2], vertical_alignment="bottom")
            add, back, tidy, _ = st.columns([1, 1, 1, 1], vertical_alignment="bottom")
        else:
            stage, label, add, back, tidy = st.columns(
                [2, 4, 1.3, 1, 1.5], vertical_alignment="bottom"
            )
        stage.selectbox("New box at stage", STAGE_NAMES, key=session.ADD_STAGE.key)
        label.text_input(
            "New box label",
            placeholder="Type a label, press Enter",
            key=session.ADD_LABEL.key,
        )
        add.form_submit_button("Add box", type="primary", on_click=_add_box, args=(department,))
        stack = session.UNDO.get()
        hint = summarise_diff(diff_models(model, stack[-1])) if stack else "Nothing to undo yet"
        help_text = f"Undo: {markdown_literal(hint)}"
        if back.form_submit_button("Undo", disabled=not stack, help=help_text):
            undo()
            st.rerun()
        # A new revision makes the canvas redraw itself with the saved positions.
        if tidy.form_submit_button("Tidy layout", help="Place every box in its stage column"):
            commit(tidied(model))
            st.rerun()
    refused = session.ADD_ERROR.pop()
    if refused is not None:  # under the field the user just typed in
        st.error(markdown_literal(refused), icon=":material/error:")


def _add_box(department: str | None) -> None:
    """Add the typed box at the chosen stage, select it, and empty the label for the next."""
    model = session.MODEL.get()
    if model is None:
        return
    try:
        added = add_node(
            model, session.ADD_STAGE.get(), session.ADD_LABEL.get(), department=department
        )
        saved = commit(added)  # refused (AccessDenied) if the user is a viewer by now
    except TocError as err:
        session.ADD_ERROR.set(str(err))
        return
    if saved:
        session.SELECT_NEXT.set(added.nodes[-1].id)
        session.ADD_LABEL.set("")


def filters(model: LogicModel) -> Window:
    """Show one department's boxes, find a box; the part of the model the canvas shows."""
    units = {ANY_DEPARTMENT: "All departments", **department_labels(model)}
    if any(n.department is None for n in model.nodes) and model.departments:
        units[NO_DEPARTMENT] = "No department"
    if session.MAP_DEPARTMENT.get() not in units:
        session.MAP_DEPARTMENT.set(ANY_DEPARTMENT)
    if len(units) > 1:
        st.selectbox(
            "Show boxes of",
            list(units),
            format_func=units.__getitem__,
            key=session.MAP_DEPARTMENT.key,
        )
    st.text_input(
        "Find a box",
        placeholder="Part of a label",
        help="Matching boxes are outlined and the first is selected.",
        key=session.FIND.key,
        on_change=_select_found,
    )
    # What the user just chose or added is always on the canvas, however big the model.
    chosen = session.SELECT_NEXT.get() or session.SELECTION.get()
    shown = window(
        model,
        department=session.MAP_DEPARTMENT.get(),
        query=session.FIND.get(),
        keep=chosen.split("->") if chosen else (),
    )
    if session.FIND.get().strip():
        count = len(shown.marked)
        st.caption(f"{count} box{'es' if count != 1 else ''} found." if count else "No box found.")
    if shown.note:
        st.info(shown.note, icon=":material/filter_alt:")
    return shown


def _select_found() -> None:
    model = session.MODEL.get()
    if model is None:
        return
    found = window(model, department=session.MAP_DEPARTMENT.get(), query=session.FIND.get()).marked
    first = [n.id for n in model.nodes if n.id in found][:1]
    if first:
        session.SELECT_NEXT.set(first[0])


def details_form(model: LogicModel) -> None:
    """The open model's title, description and organisation, saved as a revision."""
    with st.expander("Model details"), st.form(f"model-details-{session.BASE.get()}"):
        title = st.text_input("Model title", value=model.title)
        description = st.text_area("Description", value=model.description)
        organisation = st.text_input("Organisation", value=model.organisation)
        if st.form_submit_button("Save details"):
            fields = {"title": title.strip(), "description": description.strip()}
            commit(rebuilt(model, organisation=organisation.strip(), **fields))
            st.rerun()


#: The most findings the Checks list shows at once (``toc check`` lists them all).
SHOWN_FINDINGS = 50


def checks(model: LogicModel) -> None:
    """What ``toc check`` would point out in the model, with the fix for each."""
    found = findings(model)
    with st.expander(f"Checks ({len(found)})"):
        if not found:
            st.caption("Nothing to point out.")
            return
        rows = [{"code": f.code, "severity": f.severity, "message": f.message} for f in found]
        st.table(literal_frame(pd.DataFrame(rows[:SHOWN_FINDINGS])))
        if len(rows) > SHOWN_FINDINGS:
            st.caption(
                f"The first {SHOWN_FINDINGS} of {len(rows):,}; `toc check MODEL_FILE` lists "
                "them all (download the model from the sidebar)."
            )


def priority_bars(model: LogicModel) -> tuple[tuple[str, float], ...]:
    """Ask whose priorities to use (the sidebar), name their source, and return the
    weights the canvas marks: none while every outcome counts the same."""
    chosen = priorities_for(model, key="map")
    if chosen.framework is None:
        with st.sidebar:
            show_source(chosen.text)
    used = cached.priorities(chosen.text)
    if used["source"] == "equal":
        return ()
    return tuple((row["id"], row["weight"]) for row in used["rows"] if row["weight"] > 0)


def draw(model: LogicModel, shown: Window, weights: tuple[tuple[str, float], ...] = ()) -> None:
    """The canvas, with a bar on each priority box; changes made on it are saved at once."""
    large = session.LARGE_TEXT.get()
    try:
        changed, clicked = canvas(
            model,
            model_id=open_model_id(),
            revision=session.BASE.get(),
            large_text=large,
            height=CANVAS_HEIGHT,
            scope=Scope(
                shown=shown.shown, marked=shown.marked, weights=weights, comments=comment_counts()
            ),
        )
    except TocError as err:
        session.CANVAS_ERROR.set(str(err))
        forget()
        st.rerun()
    if clicked == session.SELECTION.get():
        clicked = None  # the side panel already shows it (read before it was drawn)
    if clicked:
        session.SELECT_NEXT.set(clicked)
    if commit(changed):
        if saved_model() == changed and not _new_links(model, changed):
            # The canvas already shows this (a drag, a deletion): redrawing it would
            # only re-fit the view under the user's hands.
            keep_view(revision=session.BASE.get())
        st.rerun()
    if clicked:  # the side panel, drawn before the canvas, shows it on the next run
        st.rerun()


def _new_links(before: LogicModel, after: LogicModel) -> bool:
    """Whether links were drawn: they need restyling from their data."""
    return bool({k.id for k in after.links} - {k.id for k in before.links})


def department_table(model: LogicModel) -> None:
    """Departments, teams or partners, edited in a grid."""
    st.caption("Departments, teams or partners that own boxes; colours mark their boxes.")
    edited = st.data_editor(
        pd.DataFrame(department_rows(model), columns=["id", "label", "colour"]),
        num_rows="dynamic",
        hide_index=True,
        key=f"departments-table-{session.BASE.get()}",
        column_config={
            "id": st.column_config.TextColumn("id", disabled=True),
            "colour": st.column_config.TextColumn("colour (#rrggbb)"),
        },
    )
    if st.button("Save departments", key="save-departments"):
        commit(apply_department_rows(model, edited.to_dict("records")))
        st.rerun()


def box_table(model: LogicModel) -> None:
    """Every box, edited in a grid."""
    edited = st.data_editor(
        pd.DataFrame(node_rows(model)),
        num_rows="dynamic",
        hide_index=True,
        key=f"nodes-table-{session.BASE.get()}",
        column_config={
            "id": st.column_config.TextColumn("id", disabled=True),
            "stage": st.column_config.SelectboxColumn("stage", options=STAGE_NAMES),
            "department": st.column_config.SelectboxColumn(
                "department", options=[d.id for d in model.departments]
            ),
        },
    )
    if st.button("Save box table", key="save-nodes"):
        commit(apply_node_rows(model, edited.to_dict("records")))
        st.rerun()


def link_table(model: LogicModel) -> None:
    """Every link, edited in a grid."""
    boxes = labels(model)
    rows = [
        {**row, "from box": boxes.get(row["from"]), "to box": boxes.get(row["to"])}
        for row in link_rows(model)
    ]
    edited = st.data_editor(
        pd.DataFrame(rows, columns=LINK_COLUMNS),
        num_rows="dynamic",
        hide_index=True,
        key=f"links-table-{session.BASE.get()}",
        column_config={
            # The library's rows name boxes by id; the labels beside them are for reading.
            "from box": st.column_config.TextColumn("from box", disabled=True),
            "to box": st.column_config.TextColumn("to box", disabled=True),
            "weight": st.column_config.NumberColumn("weight", min_value=-1, max_value=1),
            "evidence": st.column_config.SelectboxColumn(
                "evidence", options=[e.value for e in Evidence]
            ),
        },
    )
    if st.button("Save link table", key="save-links"):
        commit(apply_link_rows(model, edited.to_dict("records")))
        st.rerun()


def tables(model: LogicModel) -> None:
    """Bulk edits in tables: boxes, links and departments, on request."""
    count = f"{len(model.nodes):,} boxes, {len(model.links):,} links"
    if not st.toggle(f"Edit in tables ({count})", key=session.SHOW_TABLES.key):
        return
    boxes, links, units = st.tabs(["Boxes", "Links", "Departments"])
    with units:
        department_table(model)
    with boxes:
        box_table(model)
    with links:
        link_table(model)


def picture(model: LogicModel) -> None:
    """The model for a viewer: the diagram (as on the Diagram page), nothing to edit."""
    svg = cached.diagram(model_json(model), "svg", None, None, session.LARGE_TEXT.get())
    st.image(svg.decode("utf-8"), width="stretch")


def render() -> None:
    """The Map page: toolbar, search, canvas and side panel; details, checks and tables below.

    A viewer (sign-in on, no editor role) gets the diagram and the checks only.
    """
    st.title("Map")
    with guarded():
        model = require_model()
        if read_only(open_model_id()):
            refused = session.ADD_ERROR.pop()  # an edit sent before the role was taken away
            if refused is not None:
                st.error(markdown_literal(refused), icon=":material/error:")
            with guarded():
                picture(model)
            checks(model)
            return
        show_conflict()
        notice()
        weights = priority_bars(model)
        refused = session.CANVAS_ERROR.pop()
        if refused is not None:
            st.error(markdown_literal(refused), icon=":material/error:")
        st.caption(
            "Drag from a box's blue dot to another box to link them; drag a box to move it; "
            "click one to edit it on the right; right-click to delete. Zoom with the "
            "buttons at the canvas's lower left."
            + (
                " An orange bar on a box's left marks a priority: thicker is higher."
                if weights
                else ""
            )
        )
        unit = session.MAP_DEPARTMENT.get()
        with guarded():
            toolbar(model, None if unit in (ANY_DEPARTMENT, NO_DEPARTMENT) else unit)
        if session.LARGE_TEXT.get():  # a projector needs the whole width for the map
            left, right = st.container(), st.container()
        else:
            left, right = st.columns([4, 1])
        # The side panel goes to the browser before the canvas: the canvas reports each
        # state it takes at once, with every widget's value as the browser holds it, and
        # a picker not yet updated would hand back the previous selection as a new pick.
        with right, guarded():
            clicked_before(
                model_id=open_model_id(),
                revision=session.BASE.get(),
                large_text=session.LARGE_TEXT.get(),
            )
            shown = filters(model)
            panel.side_panel(saved_model(), shown.shown)
        with left:
            draw(model, shown, weights)
        with guarded():
            details_form(saved_model())
            checks(saved_model())
            tables(saved_model())


if __name__ == "__main__":  # st.navigation runs a page file as __main__
    render()
