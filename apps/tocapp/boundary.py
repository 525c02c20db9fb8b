"""The app's one error boundary: every failure becomes a message, never a traceback.

``main.py`` runs the sidebar and every page inside :func:`guarded`, and pages
guard their parts with it too, so that one failing part (the diagram, say)
leaves the rest of the page (the downloads) standing.  A :class:`toc.errors.TocError`
is the user's to fix: its message is shown as typed.  Anything else is a bug:
its traceback goes to the server log and the user is told, calmly, what to do;
a traceback or a server path never reaches the browser.

Streamlit's own control flow (``st.stop``, ``st.rerun``, ``st.switch_page``)
raises exceptions outside :class:`Exception`, so it passes through untouched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from toc.editor.markdown import markdown_literal
from toc.errors import TocError

__all__ = ["guarded", "unexpected_message"]

logger = logging.getLogger(__name__)


def unexpected_message(err: BaseException) -> str:
    """What the user reads when something the app did not expect went wrong.

    Names the exception's type (to quote when reporting it) and nothing from its
    message, which may hold server paths or other people's data.
    """
    return (
        f"Something went wrong here ({type(err).__name__}). Your model is safe: every "
        "change is saved when you make it. Reload the page to carry on; if this keeps "
        "happening, tell whoever runs the editor (the server log has the details)."
    )


@contextmanager
def guarded() -> Iterator[None]:
    """Show a failure inside the block as a message and carry on after it."""
    try:
        yield
    except TocError as err:
        st.error(markdown_literal(str(err)), icon=":material/error:")
    except Exception as err:  # the boundary: anything else is logged, never shown raw
        logger.exception("the editor failed while drawing a page")
        st.error(markdown_literal(unexpected_message(err)), icon=":material/error:")
