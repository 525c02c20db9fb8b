"""User text made literal for surfaces that read markdown: Streamlit's and the canvas's.

Streamlit renders markdown (with LaTeX between dollars, ``:red[...]`` colours,
``:material/...:`` icons and emoji shortcodes) in titles, captions, messages and
tables' markdown columns, and the canvas renders each box's text as markdown with
raw HTML allowed.  A label such as ``<iframe srcdoc=...>``, ``![](http://...)`` or
``$x$`` would run, fetch or typeset.  :func:`markdown_literal` escapes every ASCII
punctuation character with a backslash (CommonMark's escape, which also stops raw
HTML, maths and directives), keeps line breaks as breaks and leading spaces as
spaces, so the text shows exactly as typed.

Examples
--------
>>> print(markdown_literal("<b>Jobs</b> & **pay** $5"))
\\<b\\>Jobs\\<\\/b\\> \\& \\*\\*pay\\*\\* \\$5
>>> print(markdown_literal(":red[alert] 1. item"))
\\:red\\[alert\\] 1\\. item
>>> markdown_literal("see http://x.org or me@x.org").count("\\u2060")  # a joiner in each
2
"""

from __future__ import annotations

import re
import string

__all__ = ["markdown_literal", "unlinked"]

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LEADING_SPACES = re.compile(r"^[ \t]+", flags=re.M)


_LINK_STARTS = re.compile(r"(?i)(https?(?=:)|\bwww(?=\.))")
_JOINER = "\u2060"  # WORD JOINER: invisible, and breaks the autolink patterns


def unlinked(text: str) -> str:
    """``text`` with a word joiner where GitHub-style autolinks would start."""
    return _LINK_STARTS.sub(lambda m: m.group() + _JOINER, text).replace("@", _JOINER + "@")


def _kept_spaces(match: re.Match[str]) -> str:
    return match.group().replace("\t", "    ").replace(" ", "&#32;")


def markdown_literal(text: str) -> str:
    r"""``text`` escaped so that markdown shows it as typed.

    Line breaks become hard breaks (two spaces before each newline) rather than
    being folded into one line; leading spaces stay (they would start a code block).
    GitHub-style link detection works on the text after escapes are resolved, so a
    word joiner (U+2060, invisible) goes after ``http``, ``https`` and ``www`` and before
    ``@``: a typed URL or e-mail address shows as text, not as a link.

    Examples
    --------
    >>> markdown_literal("two\nlines"), markdown_literal("  indented")
    ('two  \nlines', '&#32;&#32;indented')
    """
    escaped = _PUNCTUATION.sub(r"\\\1", unlinked(text))
    escaped = _LEADING_SPACES.sub(_kept_spaces, escaped)
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")
