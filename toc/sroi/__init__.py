"""Social value: an SROI value map computed from the logic model.

The modules, one concept each (import them directly; this package imports
nothing itself, because :mod:`toc.model` needs :mod:`toc.model.valuation` first):

- :mod:`toc.model.valuation`: ``valuation`` settings and the ``value`` of an outcome;
- :mod:`toc.sroi.discounting`: the conventions and discount factors;
- :mod:`toc.sroi.basis`: the arithmetic on arrays;
- :mod:`toc.sroi.evaluative`: evaluative mode's compounding and the settings it refuses;
- :mod:`toc.sroi.valuemap`: :func:`~toc.sroi.valuemap.value_map`, NPV, ratio, payback;
- :mod:`toc.sroi.timeline`: the value map year by year (factor, present value, ratio);
- :mod:`toc.sroi.figures`: safe ratios, and figures as printed (``-£1,014``, ``6 : 1``);
- :mod:`toc.sroi.breakeven` and :mod:`toc.sroi.montecarlo`: tornado, break-even,
  Monte Carlo;
- :mod:`toc.sroi.attribution`: value by activity, and harm apart;
- :mod:`toc.sroi.parties`: value by stakeholder group, the return on each input;
- :mod:`toc.sroi.additionality`: the HCA gross-to-net method;
- :mod:`toc.sroi.proxies`: a user's own proxy tables;
- :mod:`toc.sroi.honesty`: framework totals and over-claiming checks;
- :mod:`toc.sroi.appraisal` and :mod:`toc.terminal.valueview`: what ``toc value`` prints.
"""

__all__: list[str] = []
