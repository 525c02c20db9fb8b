"""The editor's pages, one module each, and the names and addresses the navigation gives them.

Each ``*_page.py`` module is a Streamlit page file with one ``render()``:
``main.py`` hands the files to ``st.navigation``, which runs the chosen one
(as ``__main__``, so its last line calls ``render()``).  Pages switch to one
another, and tests reach them, by the file paths below.

The folder is deliberately not called ``pages``: Streamlit finds a ``pages/``
folder beside the entry script by itself, and on the first request after a
start (a deep link such as ``/history?model=...``) it would run that page
without ``main.py``, so without the sidebar and with file names as navigation.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ANALYSE",
    "DIAGRAM",
    "HISTORY",
    "MAP",
    "MODELS",
    "MONITORING",
    "ORGANISATION",
    "PRIORITIES",
    "VALUE",
    "VIEWS",
    "VOTE",
    "WORKSHOP",
    "View",
]


@dataclass(frozen=True)
class View:
    """One page: its file (relative to ``main.py``), title, address and icon."""

    file: str
    title: str
    url_path: str
    icon: str


MODELS = View("views/models_page.py", "Models", "models", ":material/folder_open:")
MAP = View("views/map_page.py", "Map", "map", ":material/account_tree:")
PRIORITIES = View("views/priorities_page.py", "Priorities", "priorities", ":material/balance:")
WORKSHOP = View("views/workshop_page.py", "Workshop", "workshop", ":material/how_to_vote:")
ANALYSE = View("views/analyse_page.py", "Analyse", "analyse", ":material/bar_chart:")
VALUE = View("views/value_page.py", "Value", "value", ":material/currency_pound:")
MONITORING = View("views/monitoring_page.py", "Monitoring", "monitoring", ":material/monitoring:")
DIAGRAM = View("views/diagram_page.py", "Diagram & export", "diagram", ":material/image:")
HISTORY = View("views/history_page.py", "History", "history", ":material/history:")
ORGANISATION = View(
    "views/organisation_page.py", "Organisation", "organisation", ":material/corporate_fare:"
)
#: In the order of the sidebar; the first is the default page (the app's root address).
VIEWS = (
    MODELS,
    MAP,
    PRIORITIES,
    WORKSHOP,
    ANALYSE,
    VALUE,
    MONITORING,
    DIAGRAM,
    HISTORY,
    ORGANISATION,
)
#: The participants' page (from a phone, no account): outside the editor's navigation.
VOTE = View("views/vote_page.py", "Vote", "vote", ":material/how_to_vote:")
