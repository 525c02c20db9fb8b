"""The architecture, checked: one folder per layer, imports only pointing down.

The layers, lowest first (a module may import its own package and any lower
layer, never a higher one, never a sibling package of its own layer)::

    0  toc.errors, toc.collector          the error tree; pausing the collector
    1  toc.model                          the logic model and its rules
    2  toc.formats | toc.history          file formats | diff and merge
    3  toc.analysis                       analysis, checks, reachability
    4  toc.sroi | toc.diagram             social value | diagrams
       toc.workshop                       workshop voting's rules (the store keeps the votes)
    5  toc.store | toc.organisation       the database of models | the framework and portfolio
       toc.monitoring                     providers' returns and monitoring
    6  toc.editor | toc.terminal          the editor's operations and views | rich tables
       toc.report                         the report pack (Word, HTML), with monitoring
    7  toc.cli                            the command line
    8  tocapp (apps/tocapp)               the Streamlit app
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS: dict[str, int] = {
    "toc.errors": 0,
    "toc.collector": 0,
    "toc.model": 1,
    "toc.formats": 2,
    "toc.history": 2,
    "toc.analysis": 3,
    "toc.sroi": 4,
    "toc.diagram": 4,
    "toc.store": 5,
    "toc.organisation": 5,
    "toc.monitoring": 5,
    "toc.workshop": 4,
    "toc.report": 6,
    "toc.editor": 6,
    "toc.terminal": 6,
    "toc.cli": 7,
    "tocapp": 8,
}
# The command line imports each command's library lazily, so that `toc --help` and
# `toc analyse --json` load only what they use (no rich, no app stack).
LAZY_ALLOWED = {"toc.cli"}


def _sources() -> dict[str, Path]:
    found = {}
    for base, folder in ((ROOT, ROOT / "toc"), (ROOT / "apps", ROOT / "apps" / "tocapp")):
        for path in folder.rglob("*.py"):
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


SOURCES = _sources()


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(module imported, line, whether at module level) for every toc/tocapp import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names]
            targets = [n for n in names if n in SOURCES] or [node.module]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] in ("toc", "tocapp"):
                found.append((target, node.lineno, id(node) in top))
    return found


def _layer(module: str) -> tuple[str, int] | None:
    for prefix in sorted(LAYERS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return prefix, LAYERS[prefix]
    return None


def test_every_module_belongs_to_a_layer() -> None:
    homeless = [m for m in SOURCES if m != "toc" and _layer(m) is None]
    assert homeless == []


@pytest.mark.parametrize("module", sorted(m for m in SOURCES if m != "toc"))
def test_imports_point_only_down_the_layers(module: str) -> None:
    home = _layer(module)
    assert home is not None
    wrong = []
    for target, line, _ in _imports(SOURCES[module]):
        there = _layer(target)
        if target == "toc" or there is None:
            wrong.append(f"line {line}: {target} (import from the module that defines it)")
        elif there[0] != home[0] and there[1] >= home[1]:
            wrong.append(f"line {line}: {target} is in layer {there[1]}, {module} in {home[1]}")
    assert wrong == []


def test_no_import_cycle_between_modules() -> None:
    graph = nx.DiGraph()
    for module, path in SOURCES.items():
        graph.add_node(module)
        for target, _, _ in _imports(path):
            graph.add_edge(module, target if target in SOURCES else target.rsplit(".", 1)[0])
    cycles = list(nx.simple_cycles(graph))
    assert cycles == []


def test_no_lazy_import_outside_the_command_line() -> None:
    lazy = [
        f"{module} line {line}: {target}"
        for module, path in SOURCES.items()
        if module not in LAZY_ALLOWED
        for target, line, at_top in _imports(path)
        if not at_top
    ]
    assert lazy == []


def test_no_two_modules_share_a_name() -> None:
    # toc.store.errors is a contract name beside the root toc.errors
    names = Counter(m.rsplit(".", 1)[-1] for m in SOURCES if m not in ("toc", "toc.store.errors"))
    assert [name for name, count in names.items() if count > 1] == []
