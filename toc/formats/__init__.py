"""The file layer: models read from and written to YAML, JSON, XLSX and a CSV pair.

- :mod:`toc.formats.modelfiles`: :func:`load_model`, :func:`dump_model` and friends, by suffix;
- :mod:`toc.formats.textfiles`: YAML and JSON text, read by :mod:`toc.formats.yamltext` and
  :mod:`toc.formats.jsontext` (bounded, and refusing what would change quietly);
- :mod:`toc.formats.spreadsheet`: workbooks, the CSV pair and the template;
- :mod:`toc.formats.limits` and :mod:`toc.formats.lines`: every limit on what is read (and its
  environment variable), and lines for messages.

Examples
--------
>>> from toc.formats import dumps_model, loads_model
>>> from toc.model import LogicModel
>>> loads_model(dumps_model(LogicModel(title="t"), "yaml"), "yaml").title
't'
"""

from toc.formats.modelfiles import (
    FORMATS,
    dump_model,
    dumps_model,
    format_of,
    load_model,
    loads_model,
)

__all__ = ["FORMATS", "dump_model", "dumps_model", "format_of", "load_model", "loads_model"]
