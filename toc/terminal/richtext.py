"""User text as rich renderables that are never read as markup.

Rich reads ``[bold]``, ``[link=...]`` and the like in plain strings given to a table
or a console; a :class:`rich.text.Text` is taken as it is.  :func:`shown` wraps text
(with control characters made visible, :func:`toc.terminal.literal.terminal_text`)
and :func:`add_row` puts a row of such cells into a table.

Examples
--------
>>> from rich.console import Console
>>> console = Console(width=40, record=True, color_system=None)
>>> console.print(shown("[link=http://example.org]click[/link]"))
[link=http://example.org]click[/link]
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from toc.terminal.literal import terminal_text

__all__ = ["add_row", "shown"]


def shown(text: str) -> Text:
    """``text`` as typed: never read as rich markup, control characters made visible."""
    return Text(terminal_text(text))


def add_row(table: Table, *cells: str | RenderableType, style: str | None = None) -> None:
    """Add a row whose text cells are shown as typed (see :func:`shown`)."""
    table.add_row(*(shown(c) if isinstance(c, str) else c for c in cells), style=style)
