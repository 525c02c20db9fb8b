"""What goes into the report pack, in reading order, built once for every format.

Examples
--------
>>> from toc.formats.modelfiles import load_model
>>> pack = report_pack(load_model("models/sroi-worked-example.yaml"), "a4")
>>> [s.title for s in pack.sections if s.level == 1]  # doctest: +NORMALIZE_WHITESPACE
['Organisation and purpose', 'The diagram', 'Priorities', 'What drives the priority outcomes',
 'Social value (SROI)', 'Assumptions register', 'Results framework', 'Checks']
"""

from __future__ import annotations

from toc.analysis.results import analysis
from toc.diagram import outline
from toc.diagram.style import PAGES
from toc.errors import TocError
from toc.model import LogicModel
from toc.monitoring import Monitoring
from toc.report import analysisparts, modelparts
from toc.report.drawing import diagram_figure
from toc.report.monitoringparts import monitoring_section
from toc.report.pack import Figure, Pack, numbered
from toc.report.valueparts import social_value

__all__ = ["REPORT_PAGES", "report_pack"]

REPORT_PAGES = tuple(PAGES)


def report_pack(
    model: LogicModel,
    page: str = "a4",
    figure: Figure | None = None,
    monitoring: Monitoring | None = None,
) -> Pack:
    """The report of ``model`` laid out for ``page``, its tables and figure numbered.

    ``figure`` is the diagram when the caller has drawn it already (the editor draws
    apart from its own process); otherwise it is drawn here.  ``monitoring`` (providers'
    returns read against the model) adds a Monitoring section after the results framework.
    """
    if page not in PAGES:
        raise TocError(f"page {page!r} is not a report page: use {' or '.join(PAGES)}")
    found = analysis(model)
    sections = [
        modelparts.purpose(model),
        *modelparts.diagram_section(figure or diagram_figure(model, page), outline(model)),
        *analysisparts.priorities(found, model),
        analysisparts.drivers(found),
        analysisparts.trade_offs(found, model),
        analysisparts.gaps(found),
    ]
    if model.valuation is not None:
        sections += social_value(model)
    sections += [
        modelparts.assumptions(model),
        modelparts.results_framework(model),
        *([monitoring_section(monitoring)] if monitoring is not None else []),
        modelparts.checks(model),
    ]
    return numbered(Pack(model.title, model.organisation, page, sections))
