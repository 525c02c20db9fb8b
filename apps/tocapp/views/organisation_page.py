"""Organisation: the common outcomes framework, every stored service mapped to it, what-if.

The framework is a store object with revisions of its own; the portfolio is measured
over the latest revision of every model in the store whose boxes carry tags of the
framework's scheme (``council:O3``), by :mod:`toc.organisation` (cached in
:mod:`tocapp.organised`).  Everything users typed is shown as data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from toc.editor.markdown import markdown_literal
from toc.formats.modelfiles import load_model
from toc.formats.textfiles import text_bytes
from toc.model import Stage, suggest_id
from toc.organisation import (
    NO_DEPARTMENT,
    Framework,
    framework_from_data,
    redesign,
)
from toc.organisation.corporate import framework_xlsx_bytes, loads_framework
from toc.store import FrameworkRevision
from tocapp import session, signin
from tocapp.boundary import guarded
from tocapp.charts import heatmap, show
from tocapp.escaped import bold, literal_frame, unnumbered
from tocapp.names import SOURCE_NAMES, labels
from tocapp.organised import (
    Organised,
    compared,
    drawn_map,
    framework_of,
    framework_text,
    organised,
)
from tocapp.sharing import share_framework
from tocapp.state import author, example_portfolio, framework_read_only, framework_role, store

#: The columns of the framework's outcome table, in order.
COLUMNS = ["code", "label", "description", "department", "priority"]


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """Text as typed, numbers to three decimals."""
    return literal_frame(frame).map(lambda v: f"{v:.3f}" if isinstance(v, float) else v)


def _table(rows: list[dict[str, Any]], empty: str) -> None:
    """The rows as a table, without pandas' own row numbers."""
    if rows:
        st.table(unnumbered(_rounded(pd.DataFrame(rows))))
    else:
        st.caption(empty)


def upload_form() -> None:
    """Add a framework from a YAML, JSON or XLSX file; its problems show here, under the upload."""
    upload = st.file_uploader(
        "Upload a framework (YAML, JSON or an Excel workbook)",
        type=["yaml", "yml", "json", "xlsx"],
        key="framework-upload",
    )
    if upload is None or not st.button("Add the uploaded framework", key="framework-add"):
        return
    name = upload.name
    suffix = name.lower().rsplit(".", 1)[-1]
    fmt = {"json": "json", "xlsx": "xlsx"}.get(suffix, "yaml")
    framework = loads_framework(upload.getvalue(), fmt, source=name)
    framework_id = store().create_framework(
        framework, author=author(), note=f"uploaded {name}", user=signin.identity()
    )
    session.FRAMEWORK_ID.set(framework_id)
    st.rerun()


def add_example_services() -> None:
    """The example council's six services, saved as models, on request."""
    folder = example_portfolio()
    framework = folder / "framework.yaml"
    paths = sorted(p for p in folder.glob("*.yaml") if p != framework)
    if not paths:
        return
    st.caption(
        f"The example council has {len(paths)} service models across four departments, "
        "tagged with its framework's codes."
    )
    if st.button("Add the example council's six services", key="framework-examples"):
        saved = store()
        for path in paths:
            saved.create_model(
                load_model(path),
                author=author(),
                note=f"created from the example {path.name}",
                user=signin.identity(),
            )
        st.rerun()


def chosen_framework() -> FrameworkRevision | None:
    """The framework picked (kept across pages) among those the user may see, at its
    latest revision."""
    listed = store().list_frameworks(user=signin.identity())
    if not listed:
        shared = "" if signin.identity() is None else " shared with you"
        st.info(f"No outcomes framework{shared} yet: upload one below.")
        return None
    ids = [f.id for f in listed]
    names = {f.id: f"{f.title} ({f.scheme}, revision {f.revision})" for f in listed}
    held = session.FRAMEWORK_ID.get()
    start = ids.index(held) if held in ids else 0
    picked = st.selectbox(
        "Framework", ids, index=start, format_func=names.__getitem__, key="framework-pick"
    )
    session.FRAMEWORK_ID.set(picked)
    return store().latest_framework(picked, user=signin.identity())


def services(org: Organised) -> None:
    """The services ranked by corporate score, with their cost."""
    rows = [
        {
            "rank": i,
            "service": s.model,
            "score": s.score,
            "cost": "" if s.cost is None else f"£{s.cost:,.0f}",
            "score per £100k": "" if not s.cost else s.score / s.cost * 100_000,
        }
        for i, s in enumerate(org.portfolio.services, start=1)
    ]
    st.caption(
        "Score: each service's contribution to every corporate outcome, weighted by the "
        f"framework's priorities (from {SOURCE_NAMES[org.portfolio.priorities.source]})."
    )
    _table(rows, "No service yet.")


def matrix(org: Organised) -> None:
    """Services x corporate outcomes as a signed heat map: green drives, red undermines."""
    p = org.portfolio
    outcome = {o.code: f"{o.code} {o.label}" for o in p.framework.outcomes}
    rows = [
        {"activity": service, "outcome": outcome[code], "influence": value}
        for service, row in p.matrix.items()
        for code, value in row.items()
    ]
    if not rows:
        st.caption("No service reaches the framework's outcomes yet.")
        return
    show(heatmap(rows, large=session.LARGE_TEXT.get()))
    st.caption("Rows: services; columns: corporate outcomes; cells: the service's contribution.")


def _lead(fw: Framework) -> dict[str, str]:
    return {o.code: o.department or NO_DEPARTMENT for o in fw.outcomes}


def shared(org: Organised) -> None:
    """Codes that services of two or more departments support, and harm across departments."""
    p, names = org.portfolio, org.departments
    lead = _lead(p.framework)
    label = {o.code: o.label for o in p.framework.outcomes}
    supporters: dict[str, set[str]] = {}
    harms = []
    for f in p.figures:
        for department, row in f.by_department.items():
            for code, value in row.items():
                if value > 0:
                    supporters.setdefault(code, set()).add(department)
                elif value < 0 and department != lead[code]:
                    harms.append(
                        {
                            "service": f.title,
                            "from department": names.get(department, department),
                            "code": code,
                            "outcome": label[code],
                            "lead department": names.get(lead[code], lead[code]),
                            "contribution": value,
                        }
                    )
    rows = [
        {
            "code": code,
            "outcome": label[code],
            "departments": ", ".join(sorted(names.get(d, d) for d in supporters[code])),
            "support": o.support,
        }
        for o in p.outcomes
        if len(supporters.get(code := o.code, ())) >= 2
    ]
    st.markdown("**Outcomes shared by services of two or more departments**")
    _table(rows, "None.")
    st.markdown("**One department's service undermining an outcome another department leads**")
    _table(harms, "None.")
    st.markdown("**Every negative contribution**")
    _table(
        [{"service": h.model, "code": h.code, "contribution": h.contribution} for h in p.harms],
        "None: no service pulls a corporate outcome down.",
    )


def gaps(org: Organised) -> None:
    """Corporate outcomes no stored service reaches."""
    p = org.portfolio
    outcomes = p.framework.outcome_map()
    rows = [
        {
            "code": c,
            "outcome": outcomes[c].label,
            "lead department": org.departments.get(outcomes[c].department or "", "")
            or (outcomes[c].department or ""),
        }
        for c in p.gaps
    ]
    _table(rows, "None: every corporate outcome is reached by at least one service.")


def departments(org: Organised) -> None:
    """Whose activities drive the outcomes whose department leads, and value by code."""
    p, names = org.portfolio, org.departments
    st.markdown(
        "**Value to other departments** (rows: the activities' department; columns: the "
        "lead department of the outcomes they move; priority-weighted)"
    )
    frame = pd.DataFrame(p.departments).T.fillna(0.0)
    if frame.empty:
        st.caption("No department on the services' activities yet.")
    else:
        rows = [names.get(d, d) for d in frame.index]
        frame.columns = pd.Index([names.get(d, d) for d in frame.columns])
        frame = frame.reset_index(drop=True)
        frame.insert(0, "activities of", rows)  # a column: st.table never shows an index
        st.table(unnumbered(_rounded(frame)))
    st.markdown("**Present value per corporate outcome, and whether its claims add up**")
    rows = [
        {
            "code": v.code,
            "present value": f"£{v.present_value:,.0f}",
            "services": ", ".join(v.by_model),
            "claimed": f"{v.claimed:.0%}",
            "over-claimed": "yes: the services claim more than 100%" if v.over_claimed else "no",
        }
        for v in p.value
    ]
    _table(rows, "No service values an outcome tagged with the framework's codes.")


def whatif(org: Organised) -> None:
    """Decommission or scale a service, or one of its activities: every code before and after."""
    p = org.portfolio
    if not p.figures:
        st.caption("No service to take away.")
        return
    titles = [f.title for f in p.figures]
    left, middle, right = st.columns([2, 2, 1])
    service = left.selectbox("Service", titles, key="org-whatif-service")
    acts = {"": "the whole service", **labels(org.models[service], [Stage.ACTIVITY])}
    part = middle.selectbox(
        "Which part", list(acts), format_func=acts.__getitem__, key="org-whatif-part"
    )
    factor = right.number_input(
        "Scale (0 removes it)", 0.0, 10.0, 0.0, step=0.25, key="org-whatif-scale"
    )
    target = f"{service}:{part}" if part else service
    result = redesign(p, target, float(factor), models=org.models)
    what = f"{bold(acts[part])} of {bold(service)}" if part else bold(service)
    st.markdown(f"With {what} scaled by {factor:g}:")
    st.metric(
        "Priority-weighted support of every corporate outcome",
        f"{result.total_after:.3f}",
        delta=f"{result.total_after - result.total_before:+.3f}",
    )
    rows = [
        {
            "code": o.code,
            "outcome": o.label,
            "before": o.before,
            "after": o.after,
            "change": o.change,
        }
        for o in result.outcomes
    ]
    _table(rows, "The framework has no outcomes.")
    st.markdown("**Departments that feel it** (the outcomes they lead, priority-weighted)")
    felt = [
        {
            "department": org.departments.get(d, d),
            "before": c.before,
            "after": c.after,
            "change": c.change,
        }
        for d, c in result.departments.items()
        if c.change != 0
    ]
    _table(felt, "None: no department's outcomes change.")


def _money(value: float | None, currency: str) -> str:
    return "" if value is None else f"{currency}{value:,.0f}"


def options(text: str) -> None:
    """Alternative versions of a service (current, redesign, decommission, a bid), compared."""
    listed = store().list_models(user=signin.identity())
    names = {m.id: m.title for m in listed}
    chosen = st.multiselect(
        "Options to compare (the first chosen is the baseline)",
        list(names),
        format_func=names.__getitem__,
        key="org-options",
    )
    if len(chosen) < 2:
        st.caption(
            "Choose two or more models of one service done differently: the current service, "
            "a redesign, decommissioning, a provider's bid (upload them on the Models page)."
        )
        return
    samples = st.select_slider("Samples", [0, 200, 500, 1000], value=500, key="org-samples")
    revision = {m.id: m.revision for m in listed}
    found = compared(text, tuple((i, revision[i]) for i in chosen), int(samples))
    rows = [
        {
            "option": o.model + (" (baseline)" if o.baseline else ""),
            "score": o.score,
            "present value": _money(o.present_value, o.currency),
            "NPV": _money(o.npv, o.currency),
            "ratio": "" if o.ratio is None else f"{o.ratio:.2f}",
            "cost": _money(o.cost, o.currency),
            **({"chance first": f"{o.p_first:.0%}"} if o.p_first is not None else {}),
        }
        for o in found.options
    ]
    st.caption("Best first, by the corporate score against the framework's priorities.")
    _table(rows, "No option.")
    st.markdown(
        "**Who gains and who loses against the baseline** (departments: corporate score; "
        "stakeholder groups: present value)"
    )
    changes = [
        {
            "option": o.model,
            "who": c.label or c.name,
            "kind": c.kind,
            "change": c.change if c.kind == "department" else f"{o.currency}{c.change:+,.0f}",
        }
        for o in found.options
        for c in o.changes
        if c.change != 0
    ]
    _table(changes, "No change against the baseline.")


def _outcome_rows(fw: Framework) -> pd.DataFrame:
    rows = [
        {
            "code": o.code,
            "label": o.label,
            "description": o.description,
            "department": o.department or "",
            "priority": o.priority,
        }
        for o in fw.outcomes
    ]
    return pd.DataFrame(rows, columns=COLUMNS).astype({"priority": "float64"})


def _edited(fw: Framework, table: pd.DataFrame, order: list[str]) -> Framework:
    """The framework with the table's outcomes (keeping each code's indicators and
    mappings) and the agreed order, checked by the framework's rules."""
    kept = {o.code: o for o in fw.outcomes}
    outcomes = []
    for row in table.to_dict("records"):
        code = str(row.get("code") or "").strip()
        if not code and not str(row.get("label") or "").strip():
            continue  # an empty new row
        old = kept.get(code)
        priority = row.get("priority")
        outcome: dict[str, Any] = {
            "code": code,
            "label": str(row.get("label") or "").strip(),
            "description": str(row.get("description") or ""),
            "department": str(row.get("department") or "").strip() or None,
            "priority": None if priority is None or pd.isna(priority) else float(priority),
        }
        if old is not None:
            outcome["indicators"] = [i.model_dump(exclude_defaults=True) for i in old.indicators]
            outcome["maps_to"] = list(old.maps_to)
        outcomes.append(outcome)
    codes = {o["code"] for o in outcomes}
    data = fw.model_dump(mode="json", exclude_defaults=True) | {
        "outcomes": outcomes,
        "agreed_order": [c for c in order if c in codes],
    }
    return framework_from_data(data, source="the edited framework")


def edit(revision: FrameworkRevision, fw: Framework, *, editable: bool = True) -> None:
    """The framework's outcomes as an editable table and its agreed order, saved as a
    revision; for a viewer (not ``editable``), the same to read, and the downloads."""
    st.caption(
        f"Revision {revision.number}, saved by {bold(revision.author)}: "
        f"{markdown_literal(revision.summary)}. Departments: "
        + (", ".join(f"`{d.id}` {markdown_literal(d.label)}" for d in fw.departments) or "none")
    )
    key = f"{revision.framework_id}-{revision.number}"
    if editable:
        changes(revision, fw, key)
    else:
        st.table(unnumbered(literal_frame(_outcome_rows(fw))))
        agreed = ", ".join(fw.agreed_order) or "none"
        st.caption(markdown_literal(f"Agreed order (most important first): {agreed}"))
    downloads(fw, key)


def changes(revision: FrameworkRevision, fw: Framework, key: str) -> None:
    """The outcomes table and the agreed order to edit, and the button that saves them."""
    table = st.data_editor(
        _outcome_rows(fw),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"framework-table-{key}",
        column_config={
            "priority": st.column_config.NumberColumn("priority", min_value=0.0),
            "department": st.column_config.SelectboxColumn(
                "department", options=["", *(d.id for d in fw.departments)]
            ),
        },
    )
    order = st.multiselect(
        "Agreed order (most important first; in the order chosen)",
        fw.codes(),
        default=[c for c in fw.agreed_order if c in fw.codes()],
        key=f"framework-order-{key}",
    )
    if st.button("Save the framework", type="primary", key=f"framework-save-{key}"):
        new = _edited(fw, table, order)
        saved = store().save_framework(
            revision.framework_id,
            new,
            base=revision.number,
            author=author(),
            user=signin.identity(),
        )
        if saved.unchanged:
            st.info("Nothing changed: nothing saved.")
        else:
            st.rerun()


def downloads(fw: Framework, key: str) -> None:
    """The framework as an Excel workbook and as YAML."""
    left, right = st.columns(2)
    left.download_button(
        "Download as an Excel workbook",
        data=partial(framework_xlsx_bytes, fw),
        file_name=f"{suggest_id(fw.title)}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"framework-xlsx-{key}",
    )
    right.download_button(
        "Download as YAML",
        data=partial(text_bytes, fw.model_dump(mode="json", exclude_defaults=True), "yaml"),
        file_name=f"{suggest_id(fw.title)}.yaml",
        mime="application/yaml",
        key=f"framework-yaml-{key}",
    )


def sharing(framework_id: str) -> None:
    """With sign-in on, the framework's owner shares it (:mod:`tocapp.sharing`)."""
    if signin.identity() is None or framework_role(framework_id) != "owner":
        return
    with st.expander("Share the open framework"):
        share_framework(framework_id)


def organisation_drawing(text: str, revisions: tuple[tuple[str, int], ...]) -> None:
    """The organisation map: services by department to the corporate outcomes, downloads."""
    if not organised(text, revisions).models:
        st.info("No service carries the framework's tags yet: nothing to draw.")
        return
    svg = drawn_map(text, revisions, "svg")
    st.image(svg.decode("utf-8"), width="stretch")
    st.caption(
        "Services grouped by department (left) and the corporate outcomes in priority order "
        "(right); red dashed links undermine, wider links contribute more; a red outline is "
        "a gap. The text version lists the same."
    )
    files = (
        ("SVG", "svg", "image/svg+xml"),
        ("PNG", "png", "image/png"),
        ("PDF", "pdf", "application/pdf"),
        ("Text", "txt", "text/plain"),
    )
    for column, (name, fmt, mime) in zip(st.columns(len(files)), files, strict=True):
        column.download_button(
            f"Download {name}",
            data=partial(drawn_map, text, revisions, fmt),
            file_name=f"organisation-map.{fmt}",
            mime=mime,
            key=f"organisation-map-{fmt}",
        )


def render() -> None:
    """The Organisation page: pick a framework, then one tab per question."""
    st.title("Organisation")
    st.caption(
        "The council's common outcomes framework, and every model in the store whose boxes "
        "carry its tags (scheme:code), measured together at their latest revisions."
    )
    with guarded():
        revision = chosen_framework()
    with st.expander("Add a framework or the example services"):
        with guarded():
            upload_form()
        with guarded():
            add_example_services()
    if revision is None:
        return
    with guarded():
        sharing(revision.framework_id)
    with guarded():
        editable = not framework_read_only(revision.framework_id)
        text = framework_text(revision.data)
        fw = framework_of(text)
        listed = store().list_models(user=signin.identity())
        revisions = tuple((m.id, m.revision) for m in listed)
        org = organised(text, revisions)
        services_count = len(org.portfolio.figures)
        st.caption(
            f"{services_count} service(s) tagged with `{markdown_literal(fw.scheme)}:` codes; "
            f"{org.untagged} other model(s) carry no such tag."
        )
        for title, message in org.refused:
            st.warning(
                f"{bold(title)} is left out: {markdown_literal(message)}", icon=":material/warning:"
            )
        parts: dict[str, Callable[[], None]] = {
            "Services": partial(services, org),
            "Matrix": partial(matrix, org),
            "Shared and harms": partial(shared, org),
            "Gaps": partial(gaps, org),
            "Map": partial(organisation_drawing, text, revisions),
            "Departments and value": partial(departments, org),
            "What-if": partial(whatif, org),
            "Options": partial(options, text),
            "Framework": partial(edit, revision, fw, editable=editable),
        }
        for tab, part in zip(st.tabs(list(parts)), parts.values(), strict=True):
            with tab, guarded():
                part()


if __name__ == "__main__":  # st.navigation runs a page file as __main__
    render()
