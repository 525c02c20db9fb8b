"""Glue between Streamlit and the ``toc`` library: session state, saving, caching.

Pages stay thin: they lay out widgets, call :mod:`toc` functions and show the
result.  Nothing here decides anything about models.
"""
