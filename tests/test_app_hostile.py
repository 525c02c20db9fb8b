"""Hostile text and hostile failures in the editor, in Streamlit's AppTest (no browser).

Streamlit renders markdown (images it fetches, links, LaTeX, colour directives)
in titles, captions, messages, widget labels and ``st.table`` cells.  With a
model whose every text field is a payload (:func:`payloads.payload_model`),
authors and file names that are payloads too, every markdown source the app
hands Streamlit must hold each payload escaped
(:func:`toc.editor.markdown.markdown_literal`), never raw.  And whatever fails,
the page shows a message, never a traceback.
"""

from __future__ import annotations

import ast
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_flow")

from payloads import PAYLOADS, spaced_payload_model
from streamlit.testing.v1 import AppTest
from streamlit_flow.elements import StreamlitFlowEdge
from streamlit_flow.state import StreamlitFlowState

from toc.editor.markdown import markdown_literal
from toc.errors import RenderError
from toc.store import Store
from tocapp import session, views
from tocapp.boundary import unexpected_message
from tocapp.escaped import bold

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "apps" / "tocapp" / "main.py")
#: Payloads that markdown would act on (the others read the same escaped or not).
ACTIVE = {name: text for name, text in PAYLOADS.items() if markdown_literal(text) != text}
#: Proto fields Streamlit renders as markdown, on any element that has them.
MARKDOWN_FIELDS = {"body", "label", "help", "delta"}
#: Elements whose ``body`` is shown as plain text.
PLAIN = {"code", "text"}
#: Widgets whose options are rendered as markdown.
MARKDOWN_OPTIONS = {"radio", "select_slider", "button_group"}
AUTHOR = PAYLOADS["markdown-image"]


@pytest.fixture()
def database(database: Path) -> str:
    """The fresh database of ``conftest.py``, as the URL ``Store`` takes."""
    return f"sqlite:///{database}"


def hostile(url: str) -> str:
    """The payload model saved by a payload author; its id."""
    with Store(url) as store:
        return store.create_model(spaced_payload_model(), author=AUTHOR)


def opened(model_id: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[session.AUTHOR.key] = PAYLOADS["latex"]
    at.run()
    at.session_state[session.MODEL_ID.key] = model_id
    at.switch_page(views.MAP.file).run()
    return at


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _table_texts(table: Any) -> Iterator[str]:
    frame = table.value
    yield from (str(c) for c in [*frame.columns, *frame.index, frame.index.name] if c is not None)
    yield from (v for row in frame.itertuples(index=False) for v in row if isinstance(v, str))


def markdown_sources(at: AppTest) -> list[tuple[str, str, str]]:
    """``(element, field, text)`` for every piece of text Streamlit will read as markdown."""
    found = []
    for node in _nodes(at._tree):
        kind, proto = getattr(node, "type", ""), getattr(node, "proto", None)
        if kind == "table":
            found += [(kind, "cell", text) for text in _table_texts(node)]
        if proto is None or kind in PLAIN or not hasattr(proto, "ListFields"):
            continue
        for field, value in proto.ListFields():
            if field.name in MARKDOWN_FIELDS and isinstance(value, str):
                found.append((kind, field.name, value))
            elif field.name == "options" and kind in MARKDOWN_OPTIONS:
                found += [(kind, "option", str(getattr(o, "content", o))) for o in value]
    return found


def raw_payloads(at: AppTest) -> list[tuple[str, str, str]]:
    """``(element, field, payload name)`` wherever a payload reaches markdown unescaped."""
    return [
        (kind, field, name)
        for kind, field, text in markdown_sources(at)
        for name, payload in ACTIVE.items()
        if payload in text
    ]


def no_trouble(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


@pytest.mark.parametrize("view", views.VIEWS, ids=lambda v: v.url_path)
def test_every_page_shows_every_payload_escaped(database: str, view: views.View) -> None:
    model_id = hostile(database)
    at = opened(model_id)
    at.switch_page(view.file).run()
    no_trouble(at)
    assert raw_payloads(at) == []
    sources = [text for _, _, text in markdown_sources(at)]
    title = spaced_payload_model().title
    assert any(bold(title) in text for text in sources)  # the sidebar names the open model
    assert any(markdown_literal(PAYLOADS["latex"]) in text for text in sources)  # the author


def test_the_pages_quote_labels_authors_and_changes_escaped(database: str) -> None:
    """Labels in widget labels and tables, a newer revision's author, diff lines."""
    model_id = hostile(database)
    at = opened(model_id)
    with Store(database) as store:
        model = store.latest(model_id).model
        relabelled = [n.model_copy(update={"label": PAYLOADS["colour"]}) for n in model.nodes[:3]]
        changed = model.model_copy(update={"nodes": relabelled + model.nodes[3:]})
        store.save(model_id, changed, base=1, author=PAYLOADS["img"])
    for view in (views.MAP, views.PRIORITIES, views.ANALYSE, views.HISTORY, views.MODELS):
        at.switch_page(view.file).run()
        no_trouble(at)
        assert raw_payloads(at) == [], view.title
    said = "\n".join(text for _, _, text in markdown_sources(at))
    assert markdown_literal(PAYLOADS["img"]) in said  # "... saved revision 2" and the list
    at.switch_page(views.HISTORY.file).run()
    at.selectbox[0].set_value(1).run()
    lines = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert lines and all(markdown_literal("'") in line for line in lines)


def test_analyse_tables_and_priority_labels_hold_the_labels_escaped(database: str) -> None:
    at = opened(hostile(database))
    at.switch_page(views.PRIORITIES.file).run()
    labels = {n.label for n in spaced_payload_model().nodes if n.stage.is_result}
    shown = {w.label for w in at.number_input}
    assert {f"Priority of '{markdown_literal(label)}'" for label in labels} <= shown
    at.switch_page(views.ANALYSE.file).run()
    cells = {text for kind, _, text in markdown_sources(at) if kind == "table"}
    activities = {n.label for n in spaced_payload_model().nodes if n.stage.value == "activity"}
    assert {markdown_literal(label) for label in activities} & cells


def test_a_refused_canvas_edit_quotes_the_labels_escaped(database: str) -> None:
    model_id = hostile(database)
    at = opened(model_id)
    state: StreamlitFlowState = at.session_state[session.CANVAS_STATE.key]
    edges = [*state.edges, StreamlitFlowEdge("st-flow-edge_n4-n0", "n4", "n0")]  # backwards
    stamp = int(time.time() * 1000) + 10_000
    at.session_state[session.CANVAS_STATE.key] = StreamlitFlowState(state.nodes, edges, stamp)
    at.run()
    no_trouble(at)
    assert at.error and "backwards" in at.error[0].value
    assert raw_payloads(at) == []


def test_a_failed_upload_quotes_its_file_name_escaped(database: str) -> None:
    at = AppTest.from_file(APP, default_timeout=120).run()
    name = PAYLOADS["markdown-image"] + ".yaml"
    at.file_uploader[0].set_value((name, b"title: [unclosed\n", "application/yaml")).run()
    at.button(key="upload").click().run()
    no_trouble(at)
    assert at.error and markdown_literal(name) in at.error[0].value
    assert raw_payloads(at) == []


def test_a_deeply_nested_upload_is_a_message_not_a_traceback(database: str) -> None:
    at = AppTest.from_file(APP, default_timeout=120).run()
    nested = b"[" * 200_000 + b"]" * 200_000
    at.file_uploader[0].set_value(("deep.json", nested, "application/json")).run()
    at.button(key="upload").click().run()
    no_trouble(at)
    assert at.error
    said = at.error[0].value
    assert "Traceback" not in said and "site-packages" not in said and str(ROOT) not in said


def _diagram_fails(error: BaseException) -> Any:
    def drawn(*args: object, **kwargs: object) -> bytes:
        raise error

    return drawn


def export_page(monkeypatch: pytest.MonkeyPatch, database: str, error: BaseException) -> AppTest:
    """The Diagram & export page of a model whose diagram raises ``error``."""
    from tocapp import cached

    monkeypatch.setattr(cached, "diagram", _diagram_fails(error))
    at = opened(hostile(database))
    at.switch_page(views.DIAGRAM.file).run()
    no_trouble(at)
    return at


def _downloads(at: AppTest) -> list[str]:
    return [str(d.label) for d in at.get("download_button")]


@pytest.mark.parametrize("fails", ["bug", "render"])
def test_a_failing_diagram_leaves_the_downloads_and_the_outline(
    monkeypatch: pytest.MonkeyPatch, database: str, fails: str
) -> None:
    error: BaseException = (
        RuntimeError("/srv/secret/path/graphviz.py blew up")
        if fails == "bug"
        else RenderError("Graphviz could not lay out " + PAYLOADS["markdown-image"])
    )
    at = export_page(monkeypatch, database, error)
    files = {"YAML", "JSON", "XLSX", "GraphML", "Kumu blueprint", "Mermaid"}
    assert {f"Download {name}" for name in files} <= set(_downloads(at))
    assert "Download SVG" in _downloads(at)  # drawn on request: it says so when pressed
    assert at.code and PAYLOADS["script"] in at.code[0].value  # the outline, as plain text
    assert len(at.error) == 1
    said = at.error[0].value
    if fails == "bug":
        assert said == markdown_literal(unexpected_message(error))
        assert "RuntimeError" in said and "secret" not in said
    else:
        assert said == markdown_literal(str(error))


def test_an_unexpected_failure_is_logged_with_its_traceback(
    monkeypatch: pytest.MonkeyPatch, database: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="tocapp"):
        export_page(monkeypatch, database, RuntimeError("/srv/secret/path"))
    logged = [r for r in caplog.records if r.name == "tocapp.boundary"]
    assert logged and logged[0].exc_info and "/srv/secret/path" in str(logged[0].exc_info[1])


def test_the_boundary_around_every_page_catches_what_the_page_does_not(
    monkeypatch: pytest.MonkeyPatch, database: str
) -> None:
    """A failure outside any part's guard (here the page title) is still a message."""
    import streamlit as st

    at = opened(hostile(database))

    def title(*args: object, **kwargs: object) -> None:
        raise KeyError("/srv/secret")

    monkeypatch.setattr(st, "title", title)
    for view in views.VIEWS:
        at.switch_page(view.file).run()
        no_trouble(at)
        assert [e.value for e in at.error] == [markdown_literal(unexpected_message(KeyError()))]


def _constant_strings(tree: ast.Module) -> set[str]:
    """Module-level names bound once to a string literal."""
    return {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _raw_html(call: ast.Call) -> bool:
    """Whether ``call`` renders its first argument as HTML (``st.html``, or unsafe markdown)."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if name == "html":
        return True
    flags = [k.value for k in call.keywords if k.arg == "unsafe_allow_html"]
    if name == "markdown" and len(call.args) > 1:  # st.markdown(body, unsafe_allow_html)
        flags.append(call.args[1])
    return any(not (isinstance(f, ast.Constant) and f.value is False) for f in flags)


def unsafe_lines(source: str) -> list[int]:
    """Lines that render as HTML anything but a constant string."""
    tree = ast.parse(source)
    constants = _constant_strings(tree)
    found = []
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and _raw_html(n)):
        body = call.args[0] if call.args else None
        literal = isinstance(body, ast.Constant) and isinstance(body.value, str)
        if not (literal or (isinstance(body, ast.Name) and body.id in constants)):
            found.append(call.lineno)
    return found


def test_raw_html_is_only_ever_a_constant_string() -> None:
    """``unsafe_allow_html=True`` only with a string literal or a module constant."""
    found = {
        str(path.relative_to(ROOT)): unsafe_lines(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "apps").rglob("*.py"))
    }
    assert {path: lines for path, lines in found.items() if lines} == {}


def test_the_raw_html_check_catches_text_built_at_run_time() -> None:
    source = (
        'CSS = "<style></style>"\n'
        "st.markdown(CSS, unsafe_allow_html=True)\n"
        'st.markdown("<hr>", unsafe_allow_html=True)\n'
        "st.markdown(label, unsafe_allow_html=False)\n"
        'st.markdown(f"<b>{title}</b>", unsafe_allow_html=True)\n'
        "st.markdown(body, unsafe_allow_html=flag)\n"
        'st.markdown(CSS + "x", unsafe_allow_html=True)\n'
        "st.markdown(text, True)\n"
        "st.html(text)\n"
        'st.html("<hr>")\n'
        "components.html(text, height=3)\n"
    )
    assert unsafe_lines(source) == [5, 6, 7, 8, 9, 11]
