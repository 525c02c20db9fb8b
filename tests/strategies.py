"""Hypothesis strategies for valid logic models, for round trips and invariants.

``logic_models()`` draws a whole :class:`~toc.model.LogicModel`: nodes at every
stage, links that run forward through the stages (a DAG, same-stage links only
from earlier to later nodes), signed non-zero weights in [-1, 1] with bounds,
departments, stakeholder groups with ratings, indicators, framework tags,
positions, priorities, costs, SROI values by all three methods, and
valuation settings.  Text is deliberately awkward (quotes, ``<``, ``&``, emoji,
Chinese, Arabic, newlines, a leading ``=``, spaces at the ends, very long).

Smaller pieces (``texts``, ``ids``, ``weights``, ``outcome_values``,
``valuations``) are here for tests that need only those.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from toc.model import STAGES, Evidence, Horizon, InputKind, LogicModel, Stage

__all__ = [
    "ODD_TEXTS",
    "fractions",
    "ids",
    "logic_models",
    "model_data",
    "outcome_values",
    "texts",
    "valuations",
    "weights",
]

ODD_TEXTS = (
    'She said "no" & left <early>',
    "it's",
    "Café ☕ 😀👩‍👩‍👧",
    "青少年就业",
    "التوظيف",
    "line one\nline two",
    "windows\r\nline",
    "=SUM(A1:A9)",
    "=1+1",
    "'=quoted",
    "+44 20 7946 0000",
    "-5 kg",
    "@home",
    "  spaces at both ends  ",
    " ",
    "\ttab first",
    "0.5",
    "1e5",
    "TRUE",
    "null",
    "~",
    "- item",
    "key: value",
    "# not a comment",
    "_x0041_ is not an A",
    "bell\x07 and nul-like \x01",
    "x" * 5000,
    "€ £ $ %",
)

#: Fractions a spreadsheet or a text format could round: they must survive exactly.
ODD_FLOATS = (0.1 + 0.2, 1 / 3, 2**-30, 5e-324, 1e-7, 0.1, 0.5, 1e22, 123456789.123456789)

_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))


def texts(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text, often an awkward one from :data:`ODD_TEXTS`."""
    odd = [t for t in ODD_TEXTS if min_size <= len(t)]
    return st.one_of(st.sampled_from(odd), st.text(_ALPHABET, min_size=min_size, max_size=max_size))


def labels() -> st.SearchStrategy[str]:
    """A non-empty text: a label, name or title."""
    return texts(min_size=1)


def ids() -> st.SearchStrategy[str]:
    """A valid id, sometimes one that looks like a number or a keyword."""
    plain = st.from_regex(r"\A[a-z][a-z0-9_\-]{0,11}\Z")
    return st.one_of(plain, st.sampled_from(["1", "007", "1.0", "TRUE", "_x", "A.b-c", "9" * 64]))


def fractions() -> st.SearchStrategy[float]:
    """A number in [0, 1], sometimes one that rounds badly."""
    return st.one_of(
        st.floats(0, 1), st.sampled_from([f for f in ODD_FLOATS if 0 <= f <= 1] + [0.0, 1.0])
    )


def numbers(
    min_value: float | None = None, max_value: float | None = None
) -> st.SearchStrategy[float]:
    """A finite number within the bounds, sometimes one that rounds badly."""
    fits = [f for f in ODD_FLOATS if (min_value is None or f >= min_value)]
    fits = [f for f in fits if max_value is None or f <= max_value]
    floats = st.floats(min_value, max_value, allow_nan=False, allow_infinity=False)
    return st.one_of(floats, st.sampled_from(fits)) if fits else floats


def weights() -> st.SearchStrategy[float]:
    """A signed, non-zero link weight in [-1, 1]."""
    signed = st.one_of(fractions(), fractions().map(lambda f: -f))
    return signed.filter(lambda w: w != 0)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def _link(draw: st.DrawFn, source: str, target: str, from_input: bool) -> dict[str, Any]:
    weight = draw(weights())
    link: dict[str, Any] = {"from": source, "to": target, "weight": weight}
    link["assumption"] = draw(texts())
    link["evidence"] = draw(_optional(st.sampled_from(list(Evidence))))
    if draw(st.booleans()):
        link["low"] = draw(st.floats(-1, weight))
        link["high"] = draw(st.floats(weight, 1))
    if from_input:
        link["allocation"] = draw(_optional(fractions()))
    return link


_FRACTION_JUDGEMENTS = ("deadweight", "displacement", "attribution", "drop_off")
_RANGE_LOW = {"quantity": 0.0, "duration": 1.0, "proxy": -1e6}


@st.composite
def _judgement_range(draw: st.DrawFn, name: str) -> dict[str, Any]:
    """A range the schema accepts for ``name``: votes or bounds for fractions, bounds otherwise."""
    if name in _FRACTION_JUDGEMENTS and draw(st.booleans()):
        votes = draw(st.lists(st.integers(0, 20), min_size=5, max_size=5).filter(any))
        return {"votes": votes}
    top = 1000 if name == "duration" else 1e6  # durations run from 1 to 1000 years
    bounds = fractions() if name in _FRACTION_JUDGEMENTS else numbers(_RANGE_LOW[name], top)
    low, high = sorted(draw(st.lists(bounds, min_size=2, max_size=2)))
    return {"low": low, "high": high}


@st.composite
def outcome_values(draw: st.DrawFn) -> dict[str, Any]:
    """The data of an :class:`~toc.model.valuation.OutcomeValue`, by any of its three methods."""
    value: dict[str, Any] = {
        "quantity": draw(numbers(0, 1e9)),
        "proxy": draw(numbers(-1e9, 1e9)),
        "proxy_name": draw(texts()),
        "proxy_code": draw(st.sampled_from(["", "NT1", "HACT-123"])),
        "proxy_source": draw(texts()),
        "proxy_year": draw(_optional(st.integers(1990, 2100))),
        "drop_off": draw(fractions()),
        "duration": draw(st.integers(1, 1000)),
        "start": draw(st.sampled_from([1, 2])),
    }
    method = draw(st.sampled_from(["filters", "net", "hca"]))
    if method == "filters":
        for name in ("deadweight", "displacement", "attribution"):
            value[name] = draw(fractions())
    elif method == "net":
        value["net_multiplier"] = draw(fractions())
    else:
        value["additionality"] = {
            "leakage": draw(fractions()),
            "substitution": draw(fractions()),
            "multiplier": draw(numbers(0, 10)),
            "reference_quantity": draw(numbers(0, 1e6)),
            "reference_displacement": draw(fractions()),
        }
    if draw(st.booleans()):
        years = st.integers(0, 60)
        value["observed"] = draw(st.dictionaries(years, numbers(0, 1e9), min_size=1, max_size=4))
    names = ["quantity", "proxy", "drop_off", "duration"]
    names += ["deadweight", "displacement", "attribution"] if method == "filters" else []
    chosen = draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
    value["ranges"] = {name: draw(_judgement_range(name)) for name in chosen}
    return value


@st.composite
def valuations(draw: st.DrawFn) -> dict[str, Any]:
    """The data of a :class:`~toc.model.valuation.Valuation`."""
    valuation: dict[str, Any] = {
        "discount_rate": draw(fractions()),
        "convention": draw(st.sampled_from(["sroi", "green-book", "none"])),
        "schedule": draw(st.sampled_from(["flat", "declining"])),
        "discount_investment": draw(st.booleans()),
        "currency": draw(st.sampled_from(["GBP", "EUR", "£", " GBP "])),
        "mode": draw(st.sampled_from(["forecast", "evaluative"])),
        "final_year": draw(_optional(st.integers(0, 100))),
    }
    money = numbers(0, 1e9)
    how = draw(st.sampled_from(["total", "by year", "neither"]))
    if how == "total":
        valuation["investment"] = draw(money)
    elif how == "by year":
        by_year = st.dictionaries(st.integers(0, 30), money, min_size=1, max_size=4)
        valuation["investment_by_year"] = draw(by_year)
    rates = st.dictionaries(st.integers(0, 30), numbers(-1, 1), max_size=3)
    valuation["compound_rates"] = draw(rates)
    return valuation


@st.composite
def _node(draw: st.DrawFn, node_id: str, stage: Stage, departments: list[str]) -> dict[str, Any]:
    node: dict[str, Any] = {"id": node_id, "label": draw(labels()), "stage": stage.value}
    node["description"] = draw(texts())
    node["department"] = draw(_optional(st.sampled_from(departments))) if departments else None
    tags = st.from_regex(r"\A(toms|sdg|svm|own):[A-Za-z0-9.\-]{1,6}\Z")
    node["frameworks"] = draw(st.lists(tags, max_size=3, unique=True))
    indicator = st.fixed_dictionaries(
        {"name": labels(), "unit": texts(), "source": texts()},
        optional={k: numbers(-1e9, 1e9) for k in ("baseline", "target", "actual")},
    )
    node["indicators"] = draw(st.lists(indicator, max_size=2))
    place = numbers(-1e9, 1e9)  # canvas pixels are bounded
    node["position"] = draw(_optional(st.fixed_dictionaries({"x": place, "y": place})))
    if stage in (Stage.OUTCOME, Stage.IMPACT):
        node["priority"] = draw(_optional(numbers(0, 100)))
        node["value"] = draw(_optional(outcome_values()))
    if stage is Stage.OUTCOME:
        node["horizon"] = draw(_optional(st.sampled_from(list(Horizon))))
    if stage is Stage.INPUT:
        node["cost"] = draw(_optional(numbers(0, 1e9)))
        node["input_kind"] = draw(_optional(st.sampled_from(list(InputKind))))
    return node


@st.composite
def model_data(draw: st.DrawFn, max_nodes: int = 10, max_links: int = 15) -> dict[str, Any]:
    """Plain data (as in a YAML file) that validates as a :class:`LogicModel`."""
    node_ids = draw(st.lists(ids(), min_size=0, max_size=max_nodes, unique=True))
    stages = [draw(st.sampled_from(STAGES)) for _ in node_ids]
    dept_ids = draw(st.lists(ids(), max_size=3, unique=True))
    departments = [
        {
            "id": d,
            "label": draw(labels()),
            "colour": draw(_optional(st.from_regex(r"\A#[0-9a-fA-F]{6}\Z"))),
        }
        for d in dept_ids
    ]
    nodes = [draw(_node(n, s, dept_ids)) for n, s in zip(node_ids, stages, strict=True)]
    data: dict[str, Any] = {"title": draw(labels()), "departments": departments, "nodes": nodes}
    data["description"] = draw(texts())
    data["organisation"] = draw(texts())
    data["links"] = draw(_links(node_ids, stages, max_links))
    valued = [
        n for n, s in zip(node_ids, stages, strict=True) if s in (Stage.OUTCOME, Stage.IMPACT)
    ]
    data["stakeholders"] = draw(_stakeholders(valued))
    data["agreed_order"] = draw(st.permutations(valued)) if valued else []
    data["valuation"] = draw(_optional(valuations()))
    return data


@st.composite
def _links(draw: st.DrawFn, node_ids: list[str], stages: list[Stage], most: int) -> list[Any]:
    pairs = [
        (a, b)
        for a in range(len(node_ids))
        for b in range(len(node_ids))
        if stages[a].rank < stages[b].rank or (stages[a] is stages[b] and a < b)
    ]
    if not pairs:
        return []
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=most, unique=True))
    return [draw(_link(node_ids[a], node_ids[b], stages[a] is Stage.INPUT)) for a, b in chosen]


@st.composite
def _stakeholders(draw: st.DrawFn, valued: list[str]) -> list[Any]:
    groups = []
    for group_id in draw(st.lists(ids(), max_size=3, unique=True)):
        ratings = draw(st.dictionaries(st.sampled_from(valued), numbers(0, 100))) if valued else {}
        groups.append(
            {
                "id": group_id,
                "label": draw(labels()),
                "description": draw(texts()),
                "weight": draw(numbers(0, 10).filter(lambda w: w > 0)),
                "ratings": ratings,
            }
        )
    return groups


def logic_models(max_nodes: int = 10, max_links: int = 15) -> st.SearchStrategy[LogicModel]:
    """A valid :class:`LogicModel` (see the module docstring for what it covers)."""
    return model_data(max_nodes, max_links).map(LogicModel.model_validate)
