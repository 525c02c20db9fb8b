"""Fuzzing the readers: whatever the bytes, only a :class:`toc.errors.TocError` comes out.

Random bytes, random YAML and JSON built from model-like keys and awkward
values, text made of YAML's own punctuation, and valid files (YAML, JSON,
XLSX, CSV pairs) with bytes changed, all go into the real readers; anything
but a model or a ``TocError`` is a bug.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from strategies import ODD_TEXTS, model_data

from toc.errors import TocError
from toc.formats.modelfiles import dumps_model, load_model, loads_model
from toc.model import LogicModel

FUZZ = settings(
    max_examples=int(os.environ.get("TOC_FUZZ_EXAMPLES", "150")),  # raise it to fuzz for longer
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FORMATS = ("yaml", "json", "xlsx")

KEYS = [
    "version",
    "title",
    "description",
    "nodes",
    "links",
    "id",
    "label",
    "stage",
    "from",
    "to",
    "weight",
    "cost",
    "priority",
    "value",
    "quantity",
    "proxy",
    "duration",
    "observed",
    "ranges",
    "low",
    "high",
    "votes",
    "valuation",
    "investment_by_year",
    "departments",
    "department",
    "stakeholders",
    "ratings",
    "agreed_order",
    "indicators",
    "position",
    "x",
    "y",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**53 - 2, max_value=2**70),
    st.floats(),  # with inf and nan
    st.sampled_from([*ODD_TEXTS, "input", "outcome", "a", "b", "1e308", "0x1F", "010", "1:30"]),
    st.text(max_size=30),
)
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=6),
    ),
    max_leaves=40,
)
YAML_PUNCTUATION = st.text(alphabet="&*[]{}:,-!|>'\"?%@`#\n \t.ab01", max_size=200)


def _model(data: dict[str, Any]) -> LogicModel | None:
    try:
        return LogicModel.model_validate(data)
    except (ValidationError, TocError):
        return None


# Valid models to damage; data the schema has since come to refuse is skipped.
MODELS = model_data(max_nodes=5).map(_model).filter(lambda model: model is not None)


def loaded(raw: bytes, fmt: str) -> LogicModel | None:
    """The model in the bytes, ``None`` for a clean refusal; anything else is raised."""
    try:
        return loads_model(raw, fmt, source="fuzz")
    except TocError as err:
        assert str(err).startswith("fuzz")  # the message names the file
        return None


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(raw=st.binary(max_size=2000))
def test_random_bytes_are_refused_cleanly(fmt: str, raw: bytes) -> None:
    loaded(raw, fmt)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@FUZZ
@given(data=DATA)
def test_random_plain_data_is_read_or_refused_cleanly(fmt: str, data: Any) -> None:
    if fmt == "json":
        text = json.dumps(data, allow_nan=True)
    else:
        text = yaml.safe_dump(data, allow_unicode=True)
    loaded(text.encode("utf-8"), fmt)


@st.composite
def damaged_data(draw: st.DrawFn) -> Any:
    """A valid model's plain data with a few values, deep inside, replaced by odd ones."""
    data = json.loads(json.dumps(draw(model_data(max_nodes=5)), default=lambda v: v.value))
    for _ in range(draw(st.integers(1, 4), label="changes")):
        parent, key = data, None
        while True:
            keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
            if not keys:
                key = None
                break
            key = draw(st.sampled_from(keys), label="key")
            if not isinstance(parent[key], dict | list) or draw(st.booleans(), label="stop"):
                break
            parent = parent[key]
        if key is not None:
            parent[key] = draw(DATA, label="odd value")
    return data


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@FUZZ
@given(data=damaged_data())
def test_damaged_model_data_is_read_or_refused_cleanly(fmt: str, data: Any) -> None:
    if fmt == "json":
        text = json.dumps(data, allow_nan=True)
    else:
        text = yaml.safe_dump(data, allow_unicode=True)
    loaded(text.encode("utf-8"), fmt)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@FUZZ
@given(text=YAML_PUNCTUATION)
def test_text_of_punctuation_is_refused_cleanly(fmt: str, text: str) -> None:
    loaded(("title: t\n" + text).encode("utf-8"), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@settings(FUZZ, max_examples=FUZZ.max_examples // 2)
@given(model=MODELS, data=st.data())
def test_valid_files_with_bytes_changed_are_read_or_refused_cleanly(
    fmt: str, model: LogicModel, data: st.DataObject
) -> None:
    raw = bytearray(dumps_model(model, fmt))
    for _ in range(data.draw(st.integers(1, 8), label="changes")):
        at = data.draw(st.integers(0, len(raw) - 1), label="at")
        raw[at] = data.draw(st.integers(0, 255), label="byte")
    loaded(bytes(raw), fmt)


@settings(FUZZ, max_examples=FUZZ.max_examples // 2)
@given(model=MODELS, data=st.data())
def test_workbooks_with_xml_changed_are_read_or_refused_cleanly(
    model: LogicModel, data: st.DataObject
) -> None:
    """Changes inside a part, so that the zip stays sound and the XML parsers see them."""
    source = zipfile.ZipFile(io.BytesIO(dumps_model(model, "xlsx")))
    part = data.draw(st.sampled_from(source.namelist()), label="part")
    text = bytearray(source.read(part))
    for _ in range(data.draw(st.integers(1, 5), label="changes")):
        at = data.draw(st.integers(0, max(0, len(text) - 1)), label="at")
        text[at : at + 1] = data.draw(st.sampled_from([b"", b"<", b">", b"&", b"\x00", b"9"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, bytes(text) if name == part else source.read(name))
    loaded(out.getvalue(), "xlsx")


@settings(FUZZ, max_examples=FUZZ.max_examples // 2)
@given(nodes=st.text(max_size=300), links=st.text(max_size=200))
def test_random_csv_pairs_are_read_or_refused_cleanly(nodes: str, links: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz-nodes.csv"
        path.write_text("id,label,stage\n" + nodes, encoding="utf-8")
        (Path(folder) / "fuzz-links.csv").write_text("from,to,weight\n" + links, "utf-8")
        try:
            load_model(path)
        except TocError as err:
            assert str(err).startswith(str(Path(folder) / "fuzz-"))  # either file
