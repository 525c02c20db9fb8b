"""The terminal layer: results laid out as rich tables for ``toc analyse`` and ``toc value``.

- :mod:`toc.terminal.analysisview`: the driver analysis;
- :mod:`toc.terminal.valueview`: the value map and the SROI headline.
"""
