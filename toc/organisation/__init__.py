"""The organisation: a common outcomes framework, every service mapped to it, compared.

- :mod:`toc.organisation.corporate`: the framework file (codes, lead departments,
  corporate priorities) and its rules;
- :mod:`toc.organisation.contributions`: one model's contribution to each code;
- :mod:`toc.organisation.portfolio`: many models together: support, scores, gaps,
  harms, the department matrix and value per code with the over-claiming check;
- :mod:`toc.organisation.redesign`: remove or scale a service or one box, see every
  corporate outcome before and after.
- :mod:`toc.organisation.options`: options appraisal of alternative versions of one
  service (``toc compare``);
- :mod:`toc.organisation.orgmap`: the organisation map, services by department to the
  corporate outcomes (``toc orgmap``).

Examples
--------
>>> from toc.organisation import Framework
>>> Framework(title="t", scheme="council", outcomes=[{"code": "O1", "label": "Work"}]).codes()
['O1']
"""

from toc.organisation.contributions import (
    NO_DEPARTMENT,
    ServiceFigures,
    UnknownCodeError,
    adopt_priorities,
    service_figures,
)
from toc.organisation.corporate import (
    Framework,
    FrameworkError,
    FrameworkOutcome,
    framework_from_data,
    framework_priorities,
    load_framework,
)
from toc.organisation.portfolio import (
    CodeSupport,
    CodeValue,
    Harm,
    Portfolio,
    PortfolioFileError,
    ServiceScore,
    load_portfolio,
    model_paths,
    portfolio,
    portfolio_of,
)
from toc.organisation.redesign import (
    DepartmentChange,
    OutcomeChange,
    Redesign,
    UnknownTargetError,
    redesign,
)

__all__ = [
    "NO_DEPARTMENT",
    "CodeSupport",
    "CodeValue",
    "DepartmentChange",
    "Framework",
    "FrameworkError",
    "FrameworkOutcome",
    "Harm",
    "OutcomeChange",
    "Portfolio",
    "PortfolioFileError",
    "Redesign",
    "ServiceFigures",
    "ServiceScore",
    "UnknownCodeError",
    "UnknownTargetError",
    "adopt_priorities",
    "framework_from_data",
    "framework_priorities",
    "load_framework",
    "load_portfolio",
    "model_paths",
    "portfolio",
    "portfolio_of",
    "redesign",
    "service_figures",
]
