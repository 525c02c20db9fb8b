"""Hostile text: what a careless or malicious person can type into any field.

Each payload must come out of every surface (diagram, terminal, canvas, app page,
spreadsheet) as the text typed: never run as HTML, markdown, LaTeX, DOT, rich
markup, a terminal escape or a formula.  :func:`payload_model` puts them in every
text field a model has.
"""

from __future__ import annotations

import itertools
from typing import Any

from toc.model import LogicModel

PAYLOADS: dict[str, str] = {
    "script": "<script>alert('x')</script>",
    "iframe": '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
    "img": '<img src="http://192.0.2.1/x.png" onerror="alert(1)">',
    "style": "<style>*{display:none}</style>",
    "svg": '<svg onload="alert(1)"><a xlink:href="javascript:alert(1)">x</a></svg>',
    "italic": "<i>italic</i>",
    "markdown-image": "![x](http://192.0.2.1/pixel.png)",
    "markdown-link": "[click](javascript:alert(1)) **bold** _em_ # heading",
    "latex": "$x^2$ and $$\\frac{1}{2}$$",
    "colour": ":red[red text] :material/home: :smile:",
    "rich": "[link=http://192.0.2.1]click[/link] [bold red]loud[/]",
    "ansi": "Jobs\x1b[2J\x1b]8;;http://192.0.2.1\x1b\\link\x1b]8;;\x1b\\",
    "dot": 'x" image="/etc/passwd" label="y',
    "dot-html": "<<B>bold</B>>",
    "backslash": "C:\\temp\\N \\G \\L",
    "bidi": "abc\u202eevil\u202c txt",
    "zero-width": "zero\u200bwidth\u200d\ufeff",
    "formula": '=HYPERLINK("http://192.0.2.1","x")',
    "plus": "+cmd|' /C calc'!A0",
    "minus": "-2+3",
    "at": "@SUM(1+1)",
    "path": "../../etc/passwd",
    "emoji-cjk": "就业 👩‍💻 العمل Gwaith",
    "quotes": "'\"`${}\\",
}


def payload_model(size: int = 1) -> LogicModel:
    """A valid model whose every text field holds a payload (``size`` labels longer)."""
    names = list(PAYLOADS)
    nodes: list[dict[str, Any]] = []
    stages = ["input", "activity", "output", "outcome", "impact"]
    for i, name in enumerate(names):
        stage = stages[i % len(stages)]
        node: dict[str, Any] = {
            "id": f"n{i}",
            "label": PAYLOADS[name] * size,
            "stage": stage,
            "description": PAYLOADS[names[(i + 1) % len(names)]],
            "department": "d1" if i % 2 else "d2",
            "indicators": [{"name": PAYLOADS[name], "unit": PAYLOADS["markdown-link"]}],
        }
        if stage in ("outcome", "impact"):
            node["priority"] = 1 + i % 3
        nodes.append(node)
    ids_by_stage = {s: [n["id"] for n in nodes if n["stage"] == s] for s in stages}
    links = []
    for a, b in itertools.pairwise(stages):
        for j, (src, dst) in enumerate(zip(ids_by_stage[a], ids_by_stage[b], strict=False)):
            weight = -0.5 if j % 2 else 0.8
            links.append(
                {"from": src, "to": dst, "weight": weight, "assumption": PAYLOADS[names[j]]}
            )
    return LogicModel.model_validate(
        {
            "title": PAYLOADS["markdown-image"] + " " + PAYLOADS["script"],
            "description": PAYLOADS["latex"],
            "organisation": PAYLOADS["colour"],
            "departments": [
                {"id": "d1", "label": PAYLOADS["rich"]},
                {"id": "d2", "label": PAYLOADS["iframe"]},
            ],
            "stakeholders": [
                {"id": "g1", "label": PAYLOADS["markdown-image"], "ratings": {}},
            ],
            "nodes": nodes,
            "links": links,
        }
    )


#: Labels whose edge whitespace is part of what was typed: viewing must keep it.
SPACED: dict[str, str] = {
    "leading": "  leading spaces",
    "trailing": "trailing spaces  ",
    "tabs": "\ttabs\tinside\t",
    "newlines": "\nnew\nlines\n",
    "nbsp": "\u00a0no-break spaces\u00a0",
}


def spaced_payload_model() -> LogicModel:
    """:func:`payload_model` plus one box per :data:`SPACED` label, linked into the chain."""
    model = payload_model()
    stages = ["input", "activity", "output", "outcome", "impact"]
    data = model.model_dump(by_alias=True, exclude_none=True)
    for i, (name, label) in enumerate(SPACED.items()):
        data["nodes"].append({"id": f"spaced-{name}", "label": label, "stage": stages[i]})
    for a, b in itertools.pairwise(SPACED):
        data["links"].append({"from": f"spaced-{a}", "to": f"spaced-{b}", "weight": 0.4})
    return LogicModel.model_validate(data)
