"""The look of a diagram: colours, fonts, line widths and page sizes.

Stage colours come from the Okabe-Ito palette, which stays distinguishable
for the common kinds of colour blindness; boxes use light tints of them so
that dark text stays readable and the page prints well in greyscale.

Examples
--------
>>> STAGE_STYLES[Stage.OUTCOME].heading
'Outcomes'
>>> edge_width(-0.5)
'3.00'
>>> text_colour_on("#0072B2"), text_colour_on("#F0E442")
('#FFFFFF', '#1A1A1A')
"""

from __future__ import annotations

from dataclasses import dataclass

from toc.model import Horizon, LogicModel, Stage

__all__ = [
    "FONT",
    "HORIZON_HEADINGS",
    "LARGE_TYPE",
    "NEGATIVE",
    "NORMAL_TYPE",
    "PAGES",
    "POSITIVE",
    "PRINT_TYPE",
    "STAGE_STYLES",
    "TEXT",
    "Page",
    "StageStyle",
    "TypeSizes",
    "department_colours",
    "edge_width",
    "text_colour_on",
]

FONT = "DejaVu Sans"
TEXT = "#1A1A1A"
MUTED = "#555555"
POSITIVE = "#4D4D4D"
NEGATIVE = "#C62828"  # red: negative links are red and dashed, so colour is never the only cue


@dataclass(frozen=True)
class TypeSizes:
    """Font sizes in points for each kind of text in a diagram."""

    box: int = 12
    tag: int = 8
    heading: int = 14
    title: int = 22
    subtitle: int = 12
    legend: int = 11
    weight: int = 9

    @property
    def smallest(self) -> int:
        """The smallest of the sizes: what must stay readable when the drawing is scaled."""
        return min(self.box, self.tag, self.heading, self.title, self.subtitle, self.legend,
                   self.weight)  # fmt: skip


NORMAL_TYPE = TypeSizes()
# For paper: tags and weights as large as the legend, so that a drawing scaled to fit a
# sheet keeps every kind of text at 7 pt or more (see toc.diagram.paper).
PRINT_TYPE = TypeSizes(tag=10, weight=10)
# For a projector: every kind of text about a third larger, legend and weights included.
LARGE_TYPE = TypeSizes(box=16, tag=11, heading=19, title=28, subtitle=16, legend=15, weight=12)


@dataclass(frozen=True)
class StageStyle:
    """How one stage looks: column heading, box fill and border colour."""

    heading: str
    fill: str
    border: str


STAGE_STYLES: dict[Stage, StageStyle] = {
    Stage.INPUT: StageStyle("Inputs", "#DDEFFB", "#2B8CC4"),
    Stage.ACTIVITY: StageStyle("Activities", "#FCEBC4", "#B07A00"),
    Stage.OUTPUT: StageStyle("Outputs", "#F8F3C0", "#9A8F00"),
    Stage.OUTCOME: StageStyle("Outcomes", "#CCEDE3", "#007A5A"),
    Stage.IMPACT: StageStyle("Impact", "#F3DCEA", "#A8507F"),
}

HORIZON_HEADINGS: dict[Horizon | None, str] = {
    None: "Outcomes",
    Horizon.SHORT: "Short term",
    Horizon.MEDIUM: "Medium term",
    Horizon.LONG: "Long term",
}

# Light, distinct tints for departments that do not name a colour (ColorBrewer Set3).
_FALLBACK_COLOURS = (
    "#8DD3C7", "#FFFFB3", "#BEBADA", "#FB8072", "#80B1D3",
    "#FDB462", "#B3DE69", "#FCCDE5", "#D9D9D9", "#BC80BD",
)  # fmt: skip


@dataclass(frozen=True)
class Page:
    """A landscape print page in inches, and the margin kept clear around the drawing."""

    name: str
    width: float
    height: float
    margin: float = 0.4

    @property
    def drawing_size(self) -> str:
        """The Graphviz ``size`` the drawing must fit, e.g. ``'10.89,7.47!'``.

        Examples
        --------
        >>> PAGES["a4"].drawing_size
        '10.89,7.47!'
        """
        inner_w = self.width - 2 * self.margin
        inner_h = self.height - 2 * self.margin
        return f"{inner_w:.2f},{inner_h:.2f}!"

    @property
    def page_size(self) -> str:
        """The Graphviz ``page`` attribute, the whole sheet."""
        return f"{self.width:.2f},{self.height:.2f}"


PAGES: dict[str, Page] = {
    "a4": Page("A4 landscape", 11.69, 8.27),
    "a3": Page("A3 landscape", 16.54, 11.69),
}


def edge_width(weight: float) -> str:
    """The line width of a link: 1 point plus 4 points per unit of |weight|."""
    return f"{1 + 4 * abs(weight):.2f}"


def text_colour_on(background: str) -> str:
    """Dark or white text, whichever reads better on ``background`` (``#RRGGBB``)."""
    red, green, blue = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return TEXT if luminance > 0.5 else "#FFFFFF"


def department_colours(model: LogicModel) -> dict[str, str]:
    """Each department's tag colour: its own ``colour`` or a stable light fallback.

    Examples
    --------
    >>> from toc.model import Department
    >>> m = LogicModel(title="t", departments=[Department(id="h", label="Housing"),
    ...                                        Department(id="e", label="Economy", colour="#0072B2")])
    >>> department_colours(m)
    {'h': '#8DD3C7', 'e': '#0072B2'}
    """
    return {
        dept.id: dept.colour or _FALLBACK_COLOURS[index % len(_FALLBACK_COLOURS)]
        for index, dept in enumerate(model.departments)
    }
