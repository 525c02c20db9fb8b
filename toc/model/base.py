"""The base every schema of the model shares: strict, and the shape of ids.

Examples
--------
>>> import re
>>> bool(re.match(ID_PATTERN, "young-people")), bool(re.match(ID_PATTERN, "a b"))
(True, False)
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["FRAMEWORK_PATTERN", "ID_PATTERN", "Id", "Strict"]

ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,63}$"
FRAMEWORK_PATTERN = r"^[a-z][a-z0-9_\-]*:[^\s:;][^\s;]*$"  # ';' separates tags in a cell


class Strict(BaseModel):
    """Unknown keys are errors; names or aliases both accepted; no NaN or infinity."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


Id = Annotated[str, Field(pattern=ID_PATTERN)]
