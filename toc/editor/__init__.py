"""The editor layer: edits a person makes, and the views the Streamlit app shows.

Nothing here imports Streamlit; the app (:mod:`tocapp`) is a thin skin over it.

- :mod:`toc.editor.operations`: add, change and remove boxes and links; undo;
- :mod:`toc.editor.geometry`: where boxes sit on the canvas;
- :mod:`toc.editor.canvas`: the model as the canvas's nodes and edges, and back;
- :mod:`toc.editor.grids` and :mod:`toc.editor.valuegrid`: the model as editable tables.
"""
