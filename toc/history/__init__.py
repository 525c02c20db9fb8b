"""The revision-history layer: what changed between two models, and three-way merges.

- :mod:`toc.history.diff`: :func:`~toc.history.diff.diff_models`, a readable change list;
- :mod:`toc.history.merge`: :func:`~toc.history.merge.merge_models`, two edits of one base.
"""
