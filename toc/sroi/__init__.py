"""Social value: an SROI value map computed from the logic model.

The modules, one concept each (import them directly; this package imports
nothing itself, because :mod:`toc.model` needs :mod:`toc.sroi.schema` first):

- :mod:`toc.sroi.schema`: ``valuation`` settings and the ``value`` of an outcome;
- :mod:`toc.sroi.discounting`: the conventions and discount factors;
- :mod:`toc.sroi.basis`: the arithmetic on arrays;
- :mod:`toc.sroi.valuemap`: :func:`~toc.sroi.valuemap.value_map`, NPV, ratio, payback;
- :mod:`toc.sroi.sensitivity` and :mod:`toc.sroi.montecarlo`: tornado, break-even,
  Monte Carlo;
- :mod:`toc.sroi.attribution`: value by activity;
- :mod:`toc.sroi.additionality`: the HCA gross-to-net method;
- :mod:`toc.sroi.proxies`: a user's own proxy tables;
- :mod:`toc.sroi.honesty`: framework totals and over-claiming checks;
- :mod:`toc.sroi.report` and :mod:`toc.sroi.tables`: what ``toc value`` prints.
"""

__all__: list[str] = []
