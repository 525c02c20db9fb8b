r"""User text on Streamlit's markdown surfaces: whole tables, and names in bold.

Streamlit renders markdown (links, images, LaTeX, colour directives) in every
caption, message, label and ``st.table`` cell, so user text goes there through
:func:`toc.editor.markdown.markdown_literal`, the one escaping function.  This
module applies it where a plain call would not do: to every text cell of a
table, and to a name set in bold (where edge whitespace would break the bold).

Examples
--------
>>> print(bold("**Jobs** "))
**\*\*Jobs\*\***
>>> shown = literal_frame(pd.DataFrame([{"who": "$x$", "n": 1.5}]))
>>> print(shown["who"][0], shown["n"][0])
\$x\$ 1.5
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from toc.editor.markdown import markdown_literal

__all__ = ["bold", "literal_frame", "unnumbered"]


def bold(text: str) -> str:
    """``text`` as typed, in bold; edge whitespace dropped (it would end the bold early)."""
    kept = text.strip()
    return f"**{markdown_literal(kept)}**" if kept else ""


def _cell(value: Any) -> Any:
    return markdown_literal(value) if isinstance(value, str) else value


def literal_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` for ``st.table``: text cells, headers and index escaped, numbers as they are."""
    shown = frame.map(_cell)
    shown.columns = pd.Index([_cell(c) for c in frame.columns], name=frame.columns.name)
    if not isinstance(frame.index, pd.RangeIndex):  # row numbers stay numbers (and unshown)
        shown.index = pd.Index([_cell(i) for i in frame.index], name=_cell(frame.index.name))
    return shown


def unnumbered(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` for ``st.table`` with every column shown and no row labels.

    ``st.table`` (Streamlit 1.67) shows any index but a plain range of row numbers, and
    leaves out a named one (``set_index("year")`` hid the years): so a table keeps the
    columns that name its rows as columns, over a plain range.
    """
    return frame.reset_index(drop=True)
