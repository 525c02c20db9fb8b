"""Mermaid: a model as a ``flowchart LR`` for Markdown documents, wikis and GitHub (write only).

One subgraph per stage, in stage order (inputs on the left), holding its
boxes; one arrow per link labelled with its signed weight.  A negative link
(the source undermines the target) is dotted and red, so the harm shows
without colour as well.

Every label is data, never markup: it is written quoted, and every character
other than letters, digits, spaces and ``, . ( ) ? ! ' / + - _ £ €`` is written
as Mermaid's entity code ``#<number>;`` (``"`` is ``#34;``, ``<`` is ``#60;``,
``#`` itself is ``#35;``), so quotes, brackets, ``%%``, backticks, HTML, and
line ends cannot end the label or start a statement.  Nodes are named
``n1``, ``n2`` ... in the diagram, so no id can be read as a keyword.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "t", "nodes": [
...     {"id": "a", "label": 'Say "hi" <b>', "stage": "activity"},
...     {"id": "o", "label": "Jobs", "stage": "outcome"}],
...     "links": [{"from": "a", "to": "o", "weight": -0.5}]})
>>> print(mermaid_text(m), end="")
flowchart LR
  subgraph stage_activity["Activities"]
    n1["Say #34;hi#34; #60;b#62;"]
  end
  subgraph stage_outcome["Outcomes"]
    n2["Jobs"]
  end
  n1 -.->|"-0.5"| n2
  linkStyle 0 stroke:#d62728,color:#d62728
"""

from __future__ import annotations

import re

from toc.model import STAGES, LogicModel

__all__ = ["mermaid_label", "mermaid_text"]

_TITLES = {
    "input": "Inputs",
    "activity": "Activities",
    "output": "Outputs",
    "outcome": "Outcomes",
    "impact": "Impact",
}
# ":" too: before parsing, Mermaid drops the ";" that ends "style ...:...#...;" anywhere in
# the text.  (It also turns its own placeholders "ﬂ°" and "¶ß" into "&" and ";" when it
# shows a label: such a label shows differently, but still as text.)
_UNSAFE = re.compile(r"[^\w ,.()?!'/+\-£€]")
_HARM = "stroke:#d62728,color:#d62728"  # red, as the diagrams draw a negative link


def mermaid_label(text: str) -> str:
    """Text as a quoted Mermaid label that shows it as it is.

    Examples
    --------
    >>> print(mermaid_label('"]; click A call evil() %% `x` #quot; <script>'))
    "#34;#93;#59; click A call evil() #37;#37; #96;x#96; #35;quot#59; #60;script#62;"
    """
    return '"' + _UNSAFE.sub(lambda found: f"#{ord(found.group())};", text) + '"'


def mermaid_text(model: LogicModel) -> str:
    """The Mermaid flowchart of a model: stage subgraphs, signed and weighted links."""
    names = {node.id: f"n{at}" for at, node in enumerate(model.nodes, start=1)}
    lines = ["flowchart LR"]
    for stage in STAGES:
        boxes = [node for node in model.nodes if node.stage == stage]
        if boxes:
            lines.append(f'  subgraph stage_{stage.value}["{_TITLES[stage.value]}"]')
            lines += [f"    {names[node.id]}[{mermaid_label(node.label)}]" for node in boxes]
            lines.append("  end")
    harms: list[int] = []
    for at, link in enumerate(model.links):
        arrow = "-.->" if link.weight < 0 else "-->"
        lines.append(f'  {names[link.from_]} {arrow}|"{link.weight:+g}"| {names[link.to]}')
        if link.weight < 0:
            harms.append(at)
    lines += [f"  linkStyle {at} {_HARM}" for at in harms]
    return "\n".join(lines) + "\n"
