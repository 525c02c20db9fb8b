"""The organisation's outcomes framework: the corporate outcomes every service is mapped to.

A framework names the council's outcomes, each with a ``code``, a label, a lead
department, optional indicators and mappings to other schemes (National TOMs
measures, Social Value Model missions, SDGs), and the corporate priorities: a
``priority`` on each outcome, an ``agreed_order`` or stakeholder groups'
``ratings``, with exactly the rules of a model's priorities
(:mod:`toc.analysis.priorities`): the source named by ``priority_source``, else
the first held of outcome priorities, agreed order, ratings, else equal;
normalised to sum to 1; zero means zero.  Models tag their boxes with
``<scheme>:<code>`` (``council:O3``) to say which corporate outcome a box is.

Examples
--------
>>> fw = framework_from_data({"title": "Example City", "scheme": "council",
...     "departments": [{"id": "economy", "label": "Economy"}],
...     "outcomes": [{"code": "O1", "label": "Residents in secure work",
...                   "department": "economy", "priority": 3, "maps_to": ["toms:NT1", "sdg:8"]},
...                  {"code": "O2", "label": "Healthy lives", "priority": 1}]})
>>> fw.codes()
['O1', 'O2']
>>> framework_priorities(fw).weights
{'O1': 0.75, 'O2': 0.25}
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator

from toc.analysis.priorities import Priorities, priorities
from toc.errors import InvalidModelError, ModelFileError, Problem
from toc.formats.limits import read_bytes, refuse_too_large
from toc.formats.lines import line_of
from toc.formats.spreadsheet.layout import Layout, workbook_layout
from toc.formats.spreadsheet.workbook import model_workbook, read_workbook, workbook_bytes
from toc.formats.textfiles import decoded, parsed, text_bytes
from toc.model import (
    FRAMEWORK_PATTERN,
    ID_PATTERN,
    Department,
    Indicator,
    LogicModel,
    PrioritySource,
    StakeholderGroup,
    Strict,
)
from toc.model.validation import LineLookup, problems_from_validation
from toc.model.valuation import LARGEST

__all__ = [
    "FRAMEWORK_SHEETS",
    "Framework",
    "FrameworkError",
    "FrameworkOutcome",
    "dump_framework",
    "framework_from_data",
    "framework_layout",
    "framework_priorities",
    "framework_xlsx_bytes",
    "load_framework",
    "loads_framework",
    "read_framework_xlsx",
]

_SCHEME_PATTERN = r"^[a-z][a-z0-9_\-]*$"


class FrameworkError(InvalidModelError):
    """A framework file breaks the rules: each broken rule is one problem, with its line."""


class FrameworkOutcome(Strict):
    """One corporate outcome: its code, what it means, who leads it, how it is measured."""

    code: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=1)
    description: str = ""
    department: str | None = None
    priority: float | None = Field(default=None, ge=0, le=LARGEST)
    indicators: list[Indicator] = Field(default_factory=list)
    maps_to: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _mappings_are_tags(self) -> FrameworkOutcome:
        bad = [tag for tag in self.maps_to if not re.match(FRAMEWORK_PATTERN, tag)]
        if bad:
            raise ValueError(
                f"maps_to {bad[0]!r} is not a framework tag: write 'scheme:code', "
                "e.g. 'toms:NT1' or 'sdg:8'"
            )
        return self


class Framework(Strict):
    """The organisation's common outcomes framework (see the module docstring).

    Built only when the rules hold: codes unique, lead departments declared,
    the agreed order and every rating naming a code, department and group ids unique.
    """

    version: int = Field(default=1, ge=1, le=1)
    title: str = Field(min_length=1)
    description: str = ""
    scheme: str = Field(pattern=_SCHEME_PATTERN)
    departments: list[Department] = Field(default_factory=list)
    outcomes: list[FrameworkOutcome] = Field(default_factory=list)
    agreed_order: list[str] = Field(default_factory=list)
    stakeholders: list[StakeholderGroup] = Field(default_factory=list)
    priority_source: PrioritySource | None = None

    @model_validator(mode="after")
    def _rules_hold(self) -> Framework:
        problems = list(_rule_problems(self))
        if problems:
            raise FrameworkError(problems)
        return self

    def codes(self) -> list[str]:
        """The outcome codes, in framework order."""
        return [o.code for o in self.outcomes]

    def outcome_map(self) -> dict[str, FrameworkOutcome]:
        """Outcomes by code."""
        return {o.code: o for o in self.outcomes}

    def as_model(self) -> LogicModel:
        """The framework as a model of outcome boxes only (ids are the codes), so that the
        priority rules of a model apply to it unchanged.

        Examples
        --------
        >>> fw = Framework(title="t", scheme="council", outcomes=[{"code": "O1", "label": "Work"}])
        >>> [(n.id, n.stage.value) for n in fw.as_model().nodes]
        [('O1', 'outcome')]
        """
        nodes = [
            {"id": o.code, "label": o.label, "stage": "outcome", "priority": o.priority}
            for o in self.outcomes
        ]
        return LogicModel.model_validate(
            {
                "title": self.title,
                "nodes": nodes,
                "agreed_order": self.agreed_order,
                "stakeholders": [g.model_dump() for g in self.stakeholders],
                "priority_source": self.priority_source,
            }
        )


def _duplicates(values: list[str]) -> Iterator[tuple[int, str, int]]:
    counts = Counter(values)
    seen: set[str] = set()
    for index, value in enumerate(values):
        if counts[value] > 1 and value in seen:
            yield index, value, counts[value]
        seen.add(value)


def _rule_problems(fw: Framework) -> Iterator[Problem]:
    codes = fw.codes()
    for index, code, count in _duplicates(codes):
        yield Problem(
            f"outcome code {code!r} is used by {count} outcomes: give each outcome its own code",
            ("outcomes", index, "code"),
        )
    for index, dep, count in _duplicates([d.id for d in fw.departments]):
        yield Problem(
            f"department id {dep!r} is used by {count} departments: give each its own id",
            ("departments", index, "id"),
        )
    for index, group_id, count in _duplicates([g.id for g in fw.stakeholders]):
        yield Problem(
            f"stakeholder group id {group_id!r} is used by {count} groups: give each its own id",
            ("stakeholders", index, "id"),
        )
    departments = [d.id for d in fw.departments]
    for index, outcome in enumerate(fw.outcomes):
        if outcome.department is not None and outcome.department not in departments:
            known = ", ".join(departments) or "none declared"
            yield Problem(
                f"outcome {outcome.code!r} is led by department {outcome.department!r}, which "
                f"is not declared (departments: {known}): add it under 'departments' or fix "
                "the id",
                ("outcomes", index, "department"),
            )
    known_codes = set(codes)
    for index, code in enumerate(fw.agreed_order):
        if code not in known_codes:
            yield Problem(
                f"the agreed order lists {code!r}, which is not an outcome code of the "
                f"framework: list codes only ({_listed(codes)})",
                ("agreed_order", index),
            )
    for index, code, count in _duplicates(list(fw.agreed_order)):
        yield Problem(
            f"the agreed order lists {code!r} {count} times: list each outcome once",
            ("agreed_order", index),
        )
    for index, group in enumerate(fw.stakeholders):
        for code in group.ratings:
            if code not in known_codes:
                yield Problem(
                    f"stakeholder group {group.id!r} rates {code!r}, which is not an outcome "
                    f"code of the framework: rate codes only ({_listed(codes)})",
                    ("stakeholders", index, "ratings", code),
                )


def _listed(codes: list[str], most: int = 12) -> str:
    shown = ", ".join(codes[:most]) + (
        f" and {len(codes) - most} more" if len(codes) > most else ""
    )
    return shown or "the framework has no outcomes yet"


def framework_from_data(
    data: Any, *, source: str = "<data>", lines: LineLookup | None = None
) -> Framework:
    """Validate plain data as a framework; every problem at once, with its line if ``lines``.

    Raises
    ------
    FrameworkError
        Naming the place (the line, or the key path) and the bad value, and how to fix it.

    Examples
    --------
    >>> try:
    ...     framework_from_data({"title": "t", "scheme": "council", "outcomes": [
    ...         {"code": "O1", "label": "A"}, {"code": "O1", "label": "B", "department": "x"}]})
    ... except FrameworkError as err:
    ...     print(err)
    <data>: 2 problems
      outcomes[1].code: outcome code 'O1' is used by 2 outcomes: give each outcome its own code
      outcomes[1].department: outcome 'O1' is led by department 'x', which is not declared (departments: none declared): add it under 'departments' or fix the id
    """
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "empty"
        raise ModelFileError(
            "a framework file holds a mapping with 'title', 'scheme' and 'outcomes', but this "
            f"one is {kind}: see the README's section 'The organisation'",
            path=source,
        )
    try:
        return Framework.model_validate(data)
    except ValidationError as err:
        problems = problems_from_validation(err, data)
    except InvalidModelError as err:
        problems = err.problems
    if lines is not None:
        problems = [Problem(p.message, p.loc, line=lines(p.loc)) for p in problems]
    raise FrameworkError(problems, path=source)


#: The sheets of a framework workbook: the framework's own fields as key/value rows, and
#: one row per outcome (then Indicators, Departments, Stakeholders and Ratings, if used).
FRAMEWORK_SHEETS = ("Framework", "Outcomes")


def framework_layout() -> Layout:
    """The sheets and columns of a framework workbook (the model workbook's rules)."""
    return workbook_layout(Framework, root_sheet=FRAMEWORK_SHEETS[0])


def framework_xlsx_bytes(framework: Framework) -> bytes:
    """The bytes of an XLSX workbook holding the whole framework, the same for the same one.

    Examples
    --------
    >>> fw = Framework(title="t", scheme="council", outcomes=[{"code": "O1", "label": "Work",
    ...     "maps_to": ["toms:NT1", "sdg:8"]}])
    >>> read_framework_xlsx(framework_xlsx_bytes(fw), source="f.xlsx") == fw
    True
    """
    return workbook_bytes(model_workbook(framework, framework_layout()))


def read_framework_xlsx(raw: bytes, *, source: str) -> Framework:
    """The framework in the bytes of a workbook, each problem named by sheet and row."""
    framework: Framework = read_workbook(
        raw, source=source, layout=framework_layout(), schema=Framework, required=FRAMEWORK_SHEETS
    )
    return framework


def loads_framework(raw: bytes, fmt: str, *, source: str = "<upload>") -> Framework:
    """A framework from the bytes of a YAML, JSON or XLSX file (``fmt``), e.g. an upload."""
    refuse_too_large(raw, source, "framework")
    if fmt == "xlsx":
        return read_framework_xlsx(raw, source=source)
    text = decoded(raw, source)
    data = parsed(text, fmt, source)
    return framework_from_data(data, source=source, lines=line_of(text))


_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx"}


def load_framework(path: str | os.PathLike[str]) -> Framework:
    """Load a framework from a YAML, JSON or XLSX file, read safely and bounded like a model.

    Raises
    ------
    toc.errors.TocError
        With the file, the line (or sheet and row) and the bad value, for any bad input.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        raise ModelFileError(
            f"{suffix or 'no suffix'!r} is not a framework format: use .yaml, .yml, .json or .xlsx",
            path=str(path),
        )
    return loads_framework(read_bytes(path), _FORMATS[suffix], source=str(path))


def dump_framework(framework: Framework, path: str | os.PathLike[str]) -> None:
    """Write a framework to a YAML, JSON or XLSX file, by suffix; nothing is written for
    another suffix."""
    path = Path(path)
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ModelFileError(
            "a framework is written as .yaml, .yml, .json or .xlsx: change the suffix",
            path=str(path),
        )
    if fmt == "xlsx":
        payload = framework_xlsx_bytes(framework)
    else:
        payload = text_bytes(framework.model_dump(mode="json", exclude_defaults=True), fmt)
    path.write_bytes(payload)


def framework_priorities(framework: Framework) -> Priorities:
    """The corporate priorities by code, normalised to sum to 1, by the rules of a model's.

    Examples
    --------
    >>> fw = Framework(title="t", scheme="council", agreed_order=["O2", "O1"],
    ...     outcomes=[{"code": "O1", "label": "A"}, {"code": "O2", "label": "B"}])
    >>> p = framework_priorities(fw)
    >>> p.source, p.weights
    ('agreed-order', {'O2': 0.75, 'O1': 0.25})
    """
    return priorities(framework.as_model())
