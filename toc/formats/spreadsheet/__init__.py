"""Spreadsheets: a model as an XLSX workbook or a pair of CSV files, and a template.

Commissioners live in Excel.  A workbook holds the whole model, losslessly:
sheet ``Model`` (key/value rows), ``Nodes``, ``Links``, ``Indicators``,
``Departments``, ``Stakeholders``, ``Ratings`` and the value-map sheets.
A CSV pair (``...nodes.csv`` and ``...links.csv``) holds the boxes and links.
The sheets and columns follow the schema (see :mod:`toc.formats.spreadsheet.layout`),
so fields added to the model appear in the workbook without edits here.

Examples
--------
>>> from toc.model import LogicModel
>>> m = LogicModel.model_validate({"title": "Youth", "nodes": [
...     {"id": "a", "label": "=SUM(1)", "stage": "activity"}]})
>>> read_xlsx(xlsx_bytes(m), source="m.xlsx") == m
True
"""

from toc.formats.spreadsheet.csvpair import (
    csv_pair_omits,
    links_path,
    read_csv_pair,
    write_csv_pair,
)
from toc.formats.spreadsheet.problems import SpreadsheetError
from toc.formats.spreadsheet.workbook import read_xlsx, template_bytes, write_template, xlsx_bytes

__all__ = [
    "SpreadsheetError",
    "csv_pair_omits",
    "links_path",
    "read_csv_pair",
    "read_xlsx",
    "template_bytes",
    "write_csv_pair",
    "write_template",
    "xlsx_bytes",
]
