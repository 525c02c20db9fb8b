"""Other tools' files: GraphML and Kumu blueprints both ways, Mermaid written.

GraphML carries the whole model.  A Kumu blueprint carries the boxes and links
(``kumu_subset`` says exactly what comes back): it cannot carry the title (read
back from the file name), the model's description, organisation, stakeholders
and ratings, agreed order, priority source and valuation, department colours
and labels that are not the id's words, or a box's indicators, SROI value and
position.  Mermaid is written only, and every label in it is data.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import logic_models

from toc.cli import main
from toc.errors import InvalidModelError, ModelFileError, TocError, UnsupportedFormatError
from toc.formats.exchange import title_from_name
from toc.formats.kumu import kumu_omits, kumu_subset
from toc.formats.mermaid import mermaid_text
from toc.formats.modelfiles import dump_model, dumps_model, format_of, load_model, loads_model
from toc.model import STAGES, LogicModel

ROOT = Path(__file__).resolve().parent.parent
MODELS = sorted(
    [*ROOT.glob("models/*.yaml"), *ROOT.glob("models/portfolio/**/*.yaml")],
)
# framework.yaml is the organisation's outcomes framework, not a logic model
EXAMPLES = [p for p in MODELS if p.name != "framework.yaml"]
NAMES = [str(p.relative_to(ROOT / "models")) for p in EXAMPLES]
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _model(text: str) -> LogicModel:
    return loads_model(text.encode(), "yaml", source="m.yaml")


SMALL = _model(
    """
title: Small
nodes:
- {id: grant, label: Grant, stage: input, cost: 1000}
- {id: mentor, label: Mentoring, stage: activity}
- {id: jobs, label: Jobs, stage: outcome, priority: 2}
links:
- {from: grant, to: mentor, weight: 0.8}
- {from: mentor, to: jobs, weight: -0.4}
"""
)


# --- suffixes -------------------------------------------------------------------------


def test_suffixes_name_the_new_formats() -> None:
    assert format_of("m.graphml") == "graphml"
    assert format_of("Map.KUMU.JSON") == "kumu"
    assert format_of("map.json") == "json"
    assert format_of("m.mmd") == "mermaid"


def test_mermaid_is_refused_for_reading_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "m.mmd"
    dump_model(SMALL, path)
    with pytest.raises(UnsupportedFormatError, match="write only") as caught:
        load_model(path)
    assert str(path) in str(caught.value)


# --- GraphML --------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=NAMES)
def test_graphml_round_trips_every_example(path: Path) -> None:
    model = load_model(path)
    raw = dumps_model(model, "graphml")
    back = loads_model(raw, "graphml", source="m.graphml")
    assert back == model
    assert dumps_model(back, "graphml") == raw


@pytest.mark.parametrize("path", EXAMPLES, ids=NAMES)
def test_plain_networkx_reads_the_graphml(path: Path, tmp_path: Path) -> None:
    model = load_model(path)
    dump_model(model, tmp_path / "m.graphml")
    graph = nx.read_graphml(tmp_path / "m.graphml")
    assert graph.is_directed()
    assert graph.graph["title"] == model.title
    assert list(graph.nodes) == [n.id for n in model.nodes]
    for node in model.nodes:
        assert graph.nodes[node.id]["label"] == node.label
        assert graph.nodes[node.id]["stage"] == node.stage.value
        if node.position is not None:
            assert (graph.nodes[node.id]["x"], graph.nodes[node.id]["y"]) == (
                node.position.x,
                node.position.y,
            )
    assert {(a, b): d["weight"] for a, b, d in graph.edges(data=True)} == {
        (k.from_, k.to): k.weight for k in model.links
    }


def test_graphml_attributes_are_typed_for_other_tools() -> None:
    model = load_model(ROOT / "models" / "youth-employment.yaml")
    text = dumps_model(model, "graphml").decode()
    for name, kind in [("weight", "double"), ("priority", "double"), ("label", "string")]:
        assert f'attr.name="{name}" attr.type="{kind}"' in text
    assert "toms:NT1" in text  # frameworks as one text


@PROPERTY
@given(model=logic_models(max_nodes=6, max_links=8))
def test_graphml_round_trips_any_model_or_refuses_a_control_character(model: LogicModel) -> None:
    try:
        raw = dumps_model(model, "graphml")
    except ModelFileError as err:
        assert "control character" in str(err) and "cannot be held in GraphML" in str(err)
        return
    assert loads_model(raw, "graphml", source="m.graphml") == model


def test_a_carriage_return_survives_graphml() -> None:
    model = _model('title: "a\\r\\nb"\nnodes:\n- {id: a, label: "x\\ry", stage: input}\n')
    assert loads_model(dumps_model(model, "graphml"), "graphml") == model


def test_a_control_character_is_refused_when_writing_graphml(tmp_path: Path) -> None:
    model = _model('title: t\nnodes:\n- {id: a, label: "bell\\a", stage: input}\n')
    with pytest.raises(ModelFileError, match="node 'a' label: the control character U") as caught:
        dump_model(model, tmp_path / "m.graphml")
    assert str(tmp_path / "m.graphml") in str(caught.value)
    assert not (tmp_path / "m.graphml").exists()


GEPHI = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key attr.name="label" attr.type="string" for="node" id="label"/>
  <key attr.name="stage" attr.type="string" for="node" id="stage"/>
  <key attr.name="r" attr.type="int" for="node" id="r"/>
  <key attr.name="size" attr.type="float" for="node" id="size"/>
  <key attr.name="x" attr.type="float" for="node" id="x"/>
  <key attr.name="y" attr.type="float" for="node" id="y"/>
  <key attr.name="weight" attr.type="double" for="edge" id="weight"/>
  <graph defaultedgetype="directed" edgedefault="directed">
    <node id="0">
      <data key="label">Grant</data><data key="stage">input</data>
      <data key="r">200</data><data key="size">10.0</data>
      <data key="x">-12.5</data><data key="y">40.0</data>
    </node>
    <node id="1">
      <data key="label">Jobs</data>{stage}
    </node>
    <edge id="0" source="0" target="1"><data key="weight">0.5</data></edge>
  </graph>
</graphml>
"""


def test_a_graphml_file_from_another_tool_reads_with_its_positions() -> None:
    raw = GEPHI.format(stage='<data key="stage">outcome</data>').encode()
    model = loads_model(raw, "graphml", source="council_map.graphml")
    assert model.title == "Council map"  # no title attribute: made from the file name
    assert [(n.id, n.label, n.stage.value) for n in model.nodes] == [
        ("0", "Grant", "input"),
        ("1", "Jobs", "outcome"),
    ]
    assert model.nodes[0].position is not None and model.nodes[0].position.x == -12.5
    assert model.links[0].weight == 0.5


YED = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml" xmlns:yed="http://www.yworks.com/xml/yed/3">
  <key for="node" id="d5" yfiles.type="nodegraphics"/>
  <key attr.name="description" attr.type="string" for="node" id="d4"/>
  <key attr.name="stage" attr.type="string" for="node" id="d7"/>
  <key for="edge" id="d9" yfiles.type="edgegraphics"/>
  <graph edgedefault="directed" id="G">
    <node id="n0">
      <data key="d4">Money</data>
      <data key="d7">input</data>
      <data key="d5"><y:ShapeNode><y:Geometry height="30.0" width="30.0" x="10.5" y="20.0"/><y:NodeLabel>Grant</y:NodeLabel><y:Shape type="rectangle"/></y:ShapeNode></data>
    </node>
    <node id="n1">
      <data key="d7">outcome</data>
      <data key="d5"><y:ShapeNode><y:Geometry height="30.0" width="30.0" x="110.5" y="20.0"/><y:NodeLabel>Jobs</y:NodeLabel></y:ShapeNode></data>
    </node>
    <edge id="e0" source="n0" target="n1">
      <data key="d9"><y:PolyLineEdge><y:EdgeLabel>+0.5</y:EdgeLabel></y:PolyLineEdge></data>
    </edge>
  </graph>
</graphml>
"""


def test_a_yed_file_reads_its_labels_positions_and_edge_label_weights() -> None:
    model = loads_model(YED.encode(), "graphml", source="yed.graphml")
    assert [(n.id, n.label, n.description) for n in model.nodes] == [
        ("n0", "Grant", "Money"),
        ("n1", "Jobs", ""),
    ]
    assert model.nodes[1].position is not None and model.nodes[1].position.x == 110.5
    assert model.links[0].weight == 0.5  # the edge's label "+0.5", as no weight is given


def test_a_graphml_node_without_a_stage_is_named_with_its_line_and_the_fix() -> None:
    with pytest.raises(InvalidModelError) as caught:
        loads_model(GEPHI.format(stage="").encode(), "graphml", source="gephi.graphml")
    message = str(caught.value)
    assert message.startswith("gephi.graphml: 1 problem")
    assert "line 16: node '1': 'stage' is missing: add it: one of input, activity" in message


def test_a_graphml_node_with_an_unknown_attribute_names_it() -> None:
    raw = GEPHI.replace('attr.name="size"', 'attr.name="colour_group"').format(
        stage='<data key="stage">outcome</data>'
    )
    with pytest.raises(
        InvalidModelError, match="line 11: node '0': unknown key 'colour_group': remove it"
    ):
        loads_model(raw.encode(), "graphml", source="g.graphml")


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">
<node id="a"/></graph></graphml>
"""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (LAUGHS.encode(), "line 2: the file declares a document type (<!DOCTYPE>)"),
        (b"<graphml>" * 70 + b"</graphml>" * 70, "nested deeper than 64"),
        (b"<graphml><graph>", "this is not well-formed XML: no element found"),
        (b"\x00\x01PK", "this is not well-formed XML"),
        (
            b'{"title": "json"}',
            "line 1: this is not well-formed XML: not well-formed (invalid token)",
        ),
        (
            GEPHI.replace('edgedefault="directed"', 'edgedefault="undirected"')
            .format(stage="")
            .encode(),
            "the graph is undirected",
        ),
        (
            b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault='
            b'"directed"><hyperedge><endpoint node="a"/></hyperedge></graph></graphml>',
            "this is not GraphML that toc can read",
        ),
    ],
    ids=["entities", "deep", "cut-short", "binary", "json", "undirected", "hyperedge"],
)
def test_bad_graphml_is_refused_with_the_reason(raw: bytes, expected: str) -> None:
    with pytest.raises(ModelFileError) as caught:
        loads_model(raw, "graphml", source="bad.graphml")
    assert str(caught.value).startswith("bad.graphml")
    assert expected in str(caught.value)


def test_graphml_with_too_many_elements_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOC_MAX_XML_ELEMENTS", "50")
    raw = b"<graphml><graph>" + b"<node/>" * 60 + b"</graph></graphml>"
    with pytest.raises(ModelFileError, match="more than 50 elements is refused"):
        loads_model(raw, "graphml", source="big.graphml")


def test_a_graphml_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.graphml"
    dump_model(SMALL, path)
    monkeypatch.setenv("TOC_MAX_FILE_BYTES", "100")
    with pytest.raises(TocError, match="over the limit of 100"):
        load_model(path)


# --- Kumu -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=NAMES)
def test_kumu_round_trips_what_a_blueprint_carries(path: Path, tmp_path: Path) -> None:
    model = load_model(path)
    target = tmp_path / f"{path.stem}.kumu.json"
    dump_model(model, target)
    assert load_model(target) == kumu_subset(model, title_from_name(str(target)))
    assert kumu_subset(model, model.title).links == model.links  # every link field carried


def test_kumu_says_exactly_what_it_leaves_out() -> None:
    model = load_model(ROOT / "models" / "youth-employment.yaml")
    assert kumu_omits(model) == [
        "title (read back from the file name)",
        "description",
        "organisation",
        "departments",
        "stakeholders",
        "agreed_order",
        "valuation",
        "indicators (on 8 boxes)",
        "value (on 4 boxes)",
    ]


def test_the_blueprint_is_kumus_shape() -> None:
    blueprint = json.loads(dumps_model(SMALL, "kumu"))
    assert set(blueprint) == {"elements", "connections"}
    assert blueprint["elements"][0] == {
        "id": "grant",
        "label": "Grant",
        "type": "Input",
        "cost": 1000.0,
    }
    assert blueprint["connections"][1] == {
        "from": "mentor",
        "to": "jobs",
        "type": "undermines",
        "direction": "directed",
        "weight": -0.4,
    }


@PROPERTY
@given(model=logic_models(max_nodes=6, max_links=8))
def test_kumu_round_trips_any_model_as_its_subset(model: LogicModel) -> None:
    back = loads_model(dumps_model(model, "kumu"), "kumu", source="any.kumu.json")
    assert back == kumu_subset(model, "Any")


def test_a_blueprint_typed_in_kumus_own_style_reads() -> None:
    text = """{"elements": [
        {"label": "Council grant", "type": "inputs", "department": "Public health"},
        {"label": "Mentoring", "type": "Activity", "tags": "toms:NT1|sdg:8"},
        {"label": "Jobs", "type": "OUTCOME", "priority": 3, "image": ""}],
      "connections": [
        {"from": "Council grant", "to": "Mentoring"},
        {"from": "Mentoring", "to": "Jobs", "type": "negative", "strength": 0.25,
         "description": "Sessions clash with shifts"}]}"""
    model = loads_model(text.encode(), "kumu", source="mapped.kumu.json")
    assert [n.id for n in model.nodes] == ["council-grant", "mentoring", "jobs"]
    assert model.nodes[0].department == "public-health"
    assert model.departments[0].label == "Public health"
    assert model.nodes[1].frameworks == ["toms:NT1", "sdg:8"]
    assert (model.links[1].weight, model.links[1].assumption) == (
        -0.25,
        "Sessions clash with shifts",
    )


def test_a_blueprint_toc_cannot_read_says_each_problem_with_its_line() -> None:
    text = """{"elements": [
        {"label": "A", "type": "Input"},
        {"label": "B"},
        {"label": "C", "type": "Person"}],
      "connections": [
        {"from": "A", "to": "B", "type": "likes"},
        {"from": "A", "to": "C", "direction": "mutual"},
        {"from": "A", "to": "C", "type": "drives", "weight": -0.5}]}"""
    with pytest.raises(InvalidModelError) as caught:
        loads_model(text.encode(), "kumu", source="k.kumu.json")
    assert str(caught.value).splitlines() == [
        "k.kumu.json: 5 problems",
        "  line 3: element 'B' has no type, but every box needs a stage: give it the type "
        "Input, Activity, Output, Outcome or Impact",
        "  line 4: element 'C' has the type 'Person', but every box needs a stage: give it the "
        "type Input, Activity, Output, Outcome or Impact",
        "  line 6: connection 'A->B' has the type 'likes': a link's type is its sign, 'drives' "
        "or 'undermines' (or leave it out and give a signed weight)",
        "  line 7: connection 'A->C' has the direction 'mutual': links run one way; make it "
        "'directed'",
        "  line 8: connection 'A->C' has the type 'drives' but the weight -0.5: make the "
        "weight's sign agree (negative for 'undermines'), or leave the type out",
    ]


@pytest.mark.parametrize(
    "text", ['{"nodes": []}', "[1, 2]", '{"elements": {}}', '{"elements": [], "connections": 3}']
)
def test_json_that_is_not_a_blueprint_is_refused(text: str) -> None:
    with pytest.raises(InvalidModelError, match=r'a Kumu blueprint is \{"elements"'):
        loads_model(text.encode(), "kumu", source="k.kumu.json")


def test_convert_to_kumu_warns_what_it_leaves_out(tmp_path: Path) -> None:
    source = ROOT / "models" / "youth-employment.yaml"
    result = CliRunner().invoke(main, ["convert", str(source), str(tmp_path / "y.kumu.json")])
    assert result.exit_code == 0
    assert "warning: a Kumu blueprint holds boxes and links; left out: title" in result.stderr


# --- Mermaid --------------------------------------------------------------------------

_NODE_LINE = re.compile(r'    n[0-9]+\["([^"\n]*)"\]')


def _shown(label: str) -> str:
    """What Mermaid shows for a quoted label: entity codes decoded."""
    return re.sub(r"#([0-9]+);", lambda found: chr(int(found.group(1))), label)


def test_mermaid_of_a_small_model_is_exactly_this() -> None:
    assert mermaid_text(SMALL) == (
        "flowchart LR\n"
        '  subgraph stage_input["Inputs"]\n'
        '    n1["Grant"]\n'
        "  end\n"
        '  subgraph stage_activity["Activities"]\n'
        '    n2["Mentoring"]\n'
        "  end\n"
        '  subgraph stage_outcome["Outcomes"]\n'
        '    n3["Jobs"]\n'
        "  end\n"
        '  n1 -->|"+0.8"| n2\n'
        '  n2 -.->|"-0.4"| n3\n'
        "  linkStyle 1 stroke:#d62728,color:#d62728\n"
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=NAMES)
def test_mermaid_of_every_example_has_each_label_escaped_in_its_stage(
    path: Path, tmp_path: Path
) -> None:
    model = load_model(path)
    dump_model(model, tmp_path / "m.mmd")
    lines = (tmp_path / "m.mmd").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "flowchart LR"
    titles = [line.split('"')[1] for line in lines if line.startswith("  subgraph ")]
    used = [s for s in STAGES if any(n.stage == s for n in model.nodes)]
    assert titles == [
        {"input": "Inputs", "activity": "Activities", "output": "Outputs"}.get(s.value)
        or s.value.capitalize() + ("s" if s.value == "outcome" else "")
        for s in used
    ]
    shown = [_shown(found.group(1)) for line in lines if (found := _NODE_LINE.fullmatch(line))]
    in_stage_order = sorted(model.nodes, key=lambda n: n.stage.rank)
    assert shown == [n.label for n in in_stage_order]
    arrows = [line for line in lines if "->|" in line]
    assert len(arrows) == len(model.links)
    harms = [at for at, link in enumerate(model.links) if link.weight < 0]
    assert [line for line in lines if line.startswith("  linkStyle")] == [
        f"  linkStyle {at} stroke:#d62728,color:#d62728" for at in harms
    ]


HOSTILE = [
    '"]; click A call evil()',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "`**bold**` and _under_",
    "%%{init: {'securityLevel': 'loose'}}%%",
    "a\nb\n  end\n  click n1 href 'javascript:alert(1)'",
    "#quot; #35; &amp; &lt;",
    "end",
    "[x] (y) {z} |w| > <",
    "A --> B; C",
    "\u2028line separator\r\ttab",
    "Café ☕ 😀👩‍👩‍👧 青少年就业 التوظيف",
    "style n1 fill:#f00; classDef x fill:#0f0;",  # Mermaid drops the ';' of these
    "Straße: 25% off & 50°C ¶",
]


def test_hostile_labels_stay_data_in_mermaid() -> None:
    nodes = [
        {"id": f"h{at}", "label": label, "stage": "activity"} for at, label in enumerate(HOSTILE)
    ]
    model = LogicModel.model_validate({"title": "t", "nodes": nodes})
    text = mermaid_text(model)
    lines = text.splitlines()
    assert len(lines) == 3 + len(HOSTILE)  # no label added a line
    labels = [_NODE_LINE.fullmatch(line) for line in lines[2:-1]]
    assert all(labels)
    assert [_shown(found.group(1)) for found in labels if found] == HOSTILE
    body = re.sub(r"#[0-9]+;", "", "".join(found.group(1) for found in labels if found))
    for dangerous in ('"', "<", ">", "`", "%", "[", "]", ";", "\n", "\r", "|", "{", "&", "#", ":"):
        assert dangerous not in body  # each is written as an entity code


@PROPERTY
@given(model=logic_models(max_nodes=8, max_links=10))
def test_every_label_comes_back_from_the_mermaid(model: LogicModel) -> None:
    lines = mermaid_text(model).splitlines()
    shown = [_shown(found.group(1)) for line in lines if (found := _NODE_LINE.fullmatch(line))]
    assert shown == [n.label for n in sorted(model.nodes, key=lambda n: n.stage.rank)]


def test_convert_writes_each_new_format(tmp_path: Path) -> None:
    source = ROOT / "models" / "cross-department.yaml"
    for name in ("m.graphml", "m.kumu.json", "m.mmd"):
        result = CliRunner().invoke(main, ["convert", str(source), str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    assert nx.read_graphml(io.BytesIO((tmp_path / "m.graphml").read_bytes())).number_of_nodes()
    result = CliRunner().invoke(
        main, ["convert", str(tmp_path / "m.mmd"), str(tmp_path / "m.yaml")]
    )
    assert result.exit_code == 1
    assert "Mermaid (.mmd) is write only" in result.stderr


# --- any bytes: a model or a TocError, never a traceback ------------------------------

_GRAPHML = dumps_model(load_model(ROOT / "models" / "cross-department.yaml"), "graphml")
_KUMU = dumps_model(load_model(ROOT / "models" / "cross-department.yaml"), "kumu")
_JSON = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _mutated(raw: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    for at, length, new in cuts:
        at %= max(len(raw), 1)
        raw = raw[:at] + new + raw[at + length :]
    return raw


@PROPERTY
@given(
    fmt=st.sampled_from(["graphml", "kumu"]),
    cuts=st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(0, 40), st.binary(max_size=12)), max_size=4
    ),
)
def test_a_damaged_file_is_a_model_or_a_toc_error(
    fmt: str, cuts: list[tuple[int, int, bytes]]
) -> None:
    raw = _mutated(_GRAPHML if fmt == "graphml" else _KUMU, cuts)
    try:
        loads_model(raw, fmt, source=f"m.{fmt}")
    except TocError as err:
        assert str(err).startswith(f"m.{fmt}")


@PROPERTY
@given(
    elements=st.lists(
        st.dictionaries(st.sampled_from(["id", "label", "type", "tags", "cost", "x"]), _JSON),
        max_size=4,
    ),
    connections=st.lists(
        st.dictionaries(
            st.sampled_from(["from", "to", "type", "strength", "weight", "direction"]), _JSON
        ),
        max_size=4,
    ),
)
def test_any_blueprint_shaped_json_is_a_model_or_a_toc_error(
    elements: list[dict[str, object]], connections: list[dict[str, object]]
) -> None:
    text = json.dumps({"elements": elements, "connections": connections})
    try:
        loads_model(text.encode(), "kumu", source="k.kumu.json")
    except TocError as err:
        assert str(err).startswith("k.kumu.json")
