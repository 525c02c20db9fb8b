"""Rendering every model in a folder: what ``make`` and the README use.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> models = pathlib.Path(tempfile.mkdtemp())
>>> _ = (models / "m.yaml").write_text("title: t\\nnodes: []\\n", encoding="utf-8")
>>> [p.name for p in render_examples(models, out, formats=("svg",))]
['m.svg']
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from toc.diagram.render import render
from toc.errors import TocError
from toc.formats.modelfiles import load_model

__all__ = ["render_examples"]

MODEL_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


def model_files(folder: Path) -> list[Path]:
    """The model files directly inside ``folder``, sorted by name."""
    if not folder.is_dir():
        raise TocError(f"there is no folder {str(folder)!r} of models: name one with --models")
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in MODEL_SUFFIXES)


def render_examples(
    folder: Path,
    out: Path,
    *,
    formats: Sequence[str] = ("svg", "png", "pdf"),
    page: str | None = "a4",
) -> list[Path]:
    """Render each model in ``folder`` to ``out/<name>.<format>``; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    return list(_render_each(folder, out, formats, page))


def _render_each(
    folder: Path, out: Path, formats: Sequence[str], page: str | None
) -> Iterator[Path]:
    for source in model_files(folder):
        model = load_model(source)
        for fmt in formats:
            target = out / f"{source.stem}.{fmt}"
            render(model, target, page=page)
            yield target
