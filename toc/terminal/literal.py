"""User text made safe to print on a terminal: shown as typed, never obeyed.

A label can hold escape sequences (``\\x1b]8;;http://...`` makes a clickable link,
``\\x1b[2J`` clears the screen), bidi overrides that reverse what follows, or rich
markup such as ``[link=...]``.  :func:`terminal_text` shows every control and
direction-changing character as a visible escape; rich tables take the result
wrapped in :class:`rich.text.Text`, which never reads markup.  This module
imports nothing heavy, so the command line can use it at start-up.

Examples
--------
>>> print(terminal_text("Jobs\\x1b[2J fair"))
Jobs\\x1b[2J fair
>>> print(terminal_text("abc\\u202edef"))
abc\\u202edef
>>> terminal_text("line one\\nline two\\ttab") == "line one\\nline two\\ttab"
True
"""

from __future__ import annotations

import re

__all__ = ["terminal_text"]

# C0 controls but tab and newline, DEL and the C1 controls, the bidi embeddings,
# overrides and isolates, and the zero-width characters that hide text.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` with each control, bidi or invisible character shown as its escape."""
    return _UNSAFE.sub(_visible, text)
