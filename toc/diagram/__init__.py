"""Print-ready diagrams of logic models, and a text alternative for accessibility.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "t", "nodes": [
...     {"id": "a", "label": "Mentoring", "stage": "activity"}]})
>>> to_dot(m).startswith("digraph")
True
"""

from toc.diagram.dot import to_dot
from toc.diagram.examples import render_examples
from toc.diagram.focus import focused
from toc.diagram.outline import outline
from toc.diagram.render import DIAGRAM_FORMATS, render, render_bytes

__all__ = [
    "DIAGRAM_FORMATS",
    "focused",
    "outline",
    "render",
    "render_bytes",
    "render_examples",
    "to_dot",
]
