"""The one-pass JSON reader agrees with the careful one, or steps aside.

:func:`toc.formats.jsonmodel.fast_model` must never accept a text the careful
reader (:mod:`toc.formats.jsontext`, then validation of the plain data)
refuses, and never read a text differently.  Valid models, damaged models,
texts with keys repeated, nesting, escapes and long numbers, and every hostile
JSON file go to both.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import model_data
from test_readers_fuzz import DATA, damaged_data

from toc.errors import TocError
from toc.formats.jsonmodel import fast_model, keys_given, shape
from toc.formats.textfiles import parsed
from toc.model import LogicModel, model_from_data

CHECKS = settings(
    max_examples=int(os.environ.get("TOC_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HOSTILE = sorted((Path(__file__).parent / "hostile").glob("*.json"))
BAD = sorted((Path(__file__).parent / "bad").glob("*.json"))


def careful(text: str) -> LogicModel | None:
    """The model the careful reader gives, or ``None`` when it refuses the text."""
    try:
        return model_from_data(parsed(text, "json", "m.json"))
    except TocError:
        return None


def agree(text: str) -> LogicModel | None:
    fast = fast_model(text)
    if fast is not None:
        assert careful(text) == fast
    return fast


def _text(data: Any) -> str:
    return json.dumps(data, default=lambda v: v.value, allow_nan=True)


@CHECKS
@given(data=model_data(max_nodes=8))
def test_a_valid_model_is_read_in_one_pass_as_the_careful_reader_reads_it(data: Any) -> None:
    text = _text(data)
    model = careful(text)
    left_aside = ("\\u", "0" * 16)  # escapes, long numbers
    if model is not None and not any(m in re.sub("[0-9]", "0", text) for m in left_aside):
        assert fast_model(text) == model
    else:
        agree(text)


@CHECKS
@given(data=damaged_data())
def test_a_damaged_model_is_never_read_differently(data: Any) -> None:
    agree(_text(data))


@CHECKS
@given(data=DATA)
def test_random_data_is_never_read_differently(data: Any) -> None:
    agree(_text(data))


@CHECKS
@given(data=model_data(max_nodes=6), where=st.integers(0, 10_000))
def test_a_key_given_twice_anywhere_is_left_to_the_careful_reader(data: Any, where: int) -> None:
    text = _text(data)
    objects = [i for i, c in enumerate(text) if c == "{"]
    at = objects[where % len(objects)] + 1
    closes = text[at:].lstrip().startswith("}")
    for key in ('"title"', '"id"', '"label"', '"weight"', '"x"'):
        repeated = text[:at] + f"{key}: 1" + ("" if closes else ", ") + text[at:]
        agree(repeated)


def test_a_repeated_key_is_refused_by_both() -> None:
    text = '{"title": "a", "nodes": [{"id": "a", "label": "A", "stage": "input", "id": "b"}]}'
    assert fast_model(text) is None
    assert careful(text) is None


@pytest.mark.parametrize(
    "text",
    [
        '{"title": "t", "version": 10000000000000001}',
        '{"title": "t", "description": "\\ud800"}',
        '{"title": "t", "nodes": [{"id": "a", "label": "A", "stage": "input", "cost": true}]}',
        '{"title": "t", "valuation": {"investment_by_year": {"1": 5, "01": 6}}}',
        '{"title": "t", "valuation": {"investment_by_year": {"1": 5, " 1": 6}}}',
        '{"title": "t", "valuation": {"investment_by_year": {"01": 5}}}',
        '{"title": "t", "valuation": {"investment_by_year": {"1": true}}}',
        '{"title": "t", "valuation": {"investment": false}}',
        '{"title": "t", "description": "' + "[" * 70 + '"}',
        '{"title": "t", "x": ' + "[" * 70 + "]" * 70 + "}",
        '{"title": "t", "links": ' + "[" * 3000 + "]" * 3000 + "}",
        '{"title": "t\\"", "description": "\\\\"}',
        '{"title": NaN}',
        '{"title": "t"',
        "[]",
        "",
    ],
)
def test_awkward_texts_are_read_alike_or_left_to_the_careful_reader(text: str) -> None:
    agree(text)


def test_escapes_do_not_hide_or_invent_brackets() -> None:
    assert shape('{"a": "\\"[{", "b": "\\\\", "c": [[1]]}') == (3, 3)
    assert shape("[]") == (1, 0)
    assert shape('"just text: [{"') == (0, 0)


@pytest.mark.parametrize("path", HOSTILE + BAD, ids=lambda p: p.name)
def test_every_hostile_json_file_is_read_alike(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: the file layer refuses it before either reader")
    agree(text)


def test_the_keys_given_count_every_object_and_mapping() -> None:
    data = {
        "title": "t",
        "nodes": [
            {"id": "a", "label": "A", "stage": "input", "position": {"x": 1, "y": 2}},
            {"id": "o", "label": "O", "stage": "outcome"},
        ],
        "links": [{"from": "a", "to": "o", "weight": 0.5}],
        "stakeholders": [{"id": "s", "label": "S", "ratings": {"o": 3}}],
    }
    text = json.dumps(data)
    assert keys_given(LogicModel.model_validate(data)) == shape(text)[1] == 20
