"""Framework totals and honesty checks: do not over-claim (a Principle of Social Value).

:func:`framework_totals` adds up present value by the codes of one framework
scheme (e.g. ``toms`` or ``sdg``).  :func:`honesty_findings` lists what a
reviewer of an SROI would challenge:

- ``over-attribution``: several organisations (this model and its
  partners) claiming shares of the same outcome that add up to more than
  100%.  The same outcome is the same framework code, where that code names
  one outcome: it is on exactly one valued node of each model, and it is not
  a theme (a scheme whose name ends in ``theme`` or ``themes``, e.g.
  ``toms-theme:jobs``).  Codes that group several outcomes are not claims;
  nor are one model's own nodes summed: a model is one claimant;
- ``double-count``: a valued outcome that leads to another valued outcome
  (its value is likely counted again downstream);
- ``harm-unvalued``: an outcome that a negative link, or an activity's net
  influence, pushes down, with no value: a harm left out of the map;
- ``filters-unstated``: an outcome with none of deadweight, displacement,
  attribution or drop-off stated (only 5.2% of published SROIs apply all four);
- ``undiscounted``: values beyond year 1 with no discounting.

Examples
--------
>>> from toc.formats.modelfiles import load_model
>>> model = load_model("models/sroi-worked-example.yaml")
>>> [(t.code, round(t.present_value)) for t in framework_totals(model, "sdg")]
[('3', 81248), ('8', 395753), ('11', -9662)]
>>> [f.code for f in honesty_findings(model)]
['filters-unstated']
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from toc.analysis.checks import Finding
from toc.analysis.influence import influence
from toc.model import LogicModel, Node, Stage
from toc.model.valuation import FILTERS, Valuation
from toc.sroi.valuemap import ValueMap, value_map

__all__ = [
    "FrameworkTotal",
    "attribution_claims",
    "framework_totals",
    "honesty_findings",
    "is_theme",
]


@dataclass(frozen=True)
class FrameworkTotal:
    """Present value of the outcomes tagged with one framework code."""

    scheme: str
    code: str
    present_value: float
    outcomes: tuple[str, ...]


def _codes(node: Node, scheme: str) -> list[str]:
    prefix = f"{scheme}:"
    return [tag.removeprefix(prefix) for tag in node.frameworks if tag.startswith(prefix)]


def _natural(code: str) -> tuple[str, int, str]:
    """Sort key putting 'NT2' before 'NT10' and '3' before '11'."""
    head = code.rstrip("0123456789")
    tail = code[len(head) :]
    return (head, int(tail) if tail else -1, code)


def framework_totals(
    model: LogicModel, scheme: str, *, valued: ValueMap | None = None
) -> list[FrameworkTotal]:
    """Present value by code of ``scheme``, codes in natural order, untagged last.

    An outcome with two codes of the scheme counts in both, so the totals can
    add up to more than the value map's: they answer "how much for each
    code", not "how the total splits".
    """
    valued = valued or value_map(model)
    nodes = model.node_map()
    by_code: dict[str, list[tuple[str, float]]] = {}
    for row in valued.outcomes:
        for code in _codes(nodes[row.id], scheme) or [""]:
            by_code.setdefault(code, []).append((row.id, row.present_value))
    order = sorted(by_code, key=lambda c: (c == "", _natural(c)))
    return [
        FrameworkTotal(
            scheme,
            code or "(untagged)",
            sum(pv for _, pv in by_code[code]),
            tuple(i for i, _ in by_code[code]),
        )
        for code in order
    ]


def honesty_findings(
    model: LogicModel,
    *,
    partners: Sequence[LogicModel] = (),
    valuation: Valuation | None = None,
) -> list[Finding]:
    """Every over-claiming concern, warnings first, each in model order.

    ``partners`` are other organisations' models valuing the same outcomes
    (matched by framework code): their attribution shares count towards the
    100%.  ``valuation`` replaces the model's settings (e.g. with overrides).
    """
    found = [
        *_over_attribution(model, partners),
        *_double_counts(model),
        *_unvalued_harms(model),
        *_unstated_filters(model),
        *_undiscounted(model, valuation or model.valuation),
    ]
    return sorted(found, key=lambda f: f.severity != "warning")


def _valued(model: LogicModel) -> list[Node]:
    return [n for n in model.nodes if n.value is not None]


def is_theme(tag: str) -> bool:
    """Whether a framework tag is a theme, grouping outcomes, rather than naming one.

    Examples
    --------
    >>> is_theme("toms-theme:jobs"), is_theme("svm-themes:1"), is_theme("toms:NT1")
    (True, True, False)
    """
    scheme = tag.partition(":")[0]
    return scheme.endswith(("theme", "themes"))


def attribution_claims(model: LogicModel) -> dict[str, tuple[str, float]]:
    """Framework tag to (who claims it, share claimed) for the tags naming one outcome here.

    A model claims a tag when the tag is on exactly one valued node (valued with the
    filters method) and is not a theme; the share claimed is ``1 - attribution``.

    Examples
    --------
    >>> from toc.formats.modelfiles import load_model
    >>> claims = attribution_claims(load_model("models/sroi-worked-example.yaml"))
    >>> sorted(claims)[:2]
    ['sdg:11', 'sdg:3']
    """
    owner = model.organisation or model.title
    on: dict[str, list[Node]] = {}
    for node in _valued(model):
        for tag in node.frameworks:
            if not is_theme(tag):
                on.setdefault(tag, []).append(node)
    return {
        tag: (f"{owner}: {nodes[0].id}", 1 - nodes[0].value.attribution)
        for tag, nodes in on.items()
        if len(nodes) == 1 and nodes[0].value is not None and nodes[0].value.method == "filters"
    }


def _over_attribution(model: LogicModel, partners: Sequence[LogicModel]) -> Iterator[Finding]:
    claims = {tag: [claim] for tag, claim in attribution_claims(model).items()}
    for partner in partners:
        for tag, claim in attribution_claims(partner).items():
            if tag in claims:
                claims[tag].append(claim)
    for tag, shares in claims.items():
        total = sum(share for _, share in shares)
        if len(shares) > 1 and total > 1 + 1e-9:
            listed = ", ".join(f"{who} {share:.0%}" for who, share in shares)
            yield Finding(
                "over-attribution",
                "warning",
                f"the shares claimed of {tag!r} add up to {total:.0%} ({listed}): raise "
                "each claim's attribution so that together they claim at most 100%",
            )


def _double_counts(model: LogicModel) -> Iterator[Finding]:
    valued = _valued(model)
    ids = {n.id for n in valued}
    if not valued:
        return
    reach = influence(model, [n.id for n in valued])
    for node in valued:
        for later in [o for o in reach.get(node.id, {}) if o in ids]:
            yield Finding(
                "double-count",
                "warning",
                f"valued outcome {node.id!r} leads to valued {later!r}: the value of "
                f"{later!r} may already include {node.id!r}'s; value only one, or "
                "show they are separate changes",
                node.id,
            )


def _unvalued_harms(model: LogicModel) -> Iterator[Finding]:
    nodes = model.node_map()
    pushed_down = {link.to for link in model.links if link.weight < 0}
    activities = [n.id for n in model.nodes if n.stage is Stage.ACTIVITY]
    if activities:
        for row in influence(model, activities).values():
            pushed_down |= {o for o, pull in row.items() if pull < 0}
    for node in model.nodes:
        if node.id in pushed_down and node.stage.is_result and node.value is None:
            yield Finding(
                "harm-unvalued",
                "warning",
                f"{node.stage.value} {node.id!r} ({nodes[node.id].label}) is pushed down by a "
                "negative link but has no value: value the harm (a negative proxy) or say "
                "why it is not material",
                node.id,
            )


def _unstated_filters(model: LogicModel) -> Iterator[Finding]:
    for node in _valued(model):
        value = node.value
        if value is None or value.method != "filters":
            continue
        if not value.model_fields_set & {*FILTERS, "drop_off"}:
            yield Finding(
                "filters-unstated",
                "info",
                f"outcome {node.id!r} states none of deadweight, displacement, attribution "
                "or drop-off: state each, even as 0 after thought, so readers see it was "
                "considered",
                node.id,
            )


def _undiscounted(model: LogicModel, valuation: Valuation | None) -> Iterator[Finding]:
    if valuation is None or valuation.convention != "none" or valuation.mode == "evaluative":
        return
    if any(n.value and n.value.start + n.value.duration > 2 for n in _valued(model)):
        yield Finding(
            "undiscounted",
            "info",
            "values after year 1 are not discounted (convention: none): the Green Book "
            "asks for 3.5% a year; say why if you keep it",
        )
