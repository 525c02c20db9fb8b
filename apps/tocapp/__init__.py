"""The toc editor: a Streamlit app over the ``toc`` library, installed as ``toc[app]``.

Pages stay thin: they lay out widgets, call :mod:`toc` functions and show the
result.  Nothing here decides anything about models.

- :mod:`tocapp.main`: the entry script (``toc app`` runs it): sidebar and navigation;
- :mod:`tocapp.views`: one page per module, and the addresses they are served at;
- :mod:`tocapp.session`: every key of the browser session's state, typed;
- :mod:`tocapp.state`: the open model, saving each change as a revision, undo, conflicts;
- :mod:`tocapp.flow` and :mod:`tocapp.panel`: the Map page's canvas and side panel;
- :mod:`tocapp.cached`, :mod:`tocapp.analysed`, :mod:`tocapp.valued`: library results
  cached by model content, as rows for tables and charts;
- :mod:`tocapp.names` (box ids to labels) and :mod:`tocapp.charts` (Altair charts);
- :mod:`tocapp.boundary`: the one error boundary (a message for every failure, never a
  traceback), and :mod:`tocapp.escaped`: user text shown as typed in tables and in bold
  (every other markdown surface calls :func:`toc.editor.markdown.markdown_literal`).
"""
