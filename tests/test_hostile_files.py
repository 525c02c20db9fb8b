"""Hostile files: every one is refused or read, quickly, in bounded memory, with a clean message.

Each file in ``tests/hostile/`` (and each large or binary one made below at
test time) goes through the real command line, ``toc check``, and through
``toc convert`` to YAML, JSON, XLSX and a CSV pair and back, in a subprocess
limited to 1 GiB of address space and 10 seconds per command.  For every
command: exit code 0 or 1, no traceback, and a message naming the file.  A
file that is a valid model converts to every format that can hold it and
reads back as the same model, every text as typed.

Run this file as a script (``python tests/test_hostile_files.py FILE``) to
see what the subprocess reports for one file.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

HOSTILE = Path(__file__).parent / "hostile"
MEMORY = 1 << 30  # bytes of address space for each subprocess
SECONDS = 10  # for each command, to catch a hang
TARGETS = ("out.yaml", "out.json", "out.xlsx", "x-nodes.csv")
DRAWN = ("svg", "png", "pdf", "dot")


def _lines(*lines: str) -> str:
    return "".join(f"{line}\n" for line in lines)


# What `toc check` says of each file: its exit code and parts of its message.
EXPECTED: dict[str, tuple[int, list[str]]] = {
    # Text as typed: markup, formulas, bidi, invisible and control characters, paths.
    "markup-payloads.yaml": (0, ["valid (15 nodes"]),
    "markup-payloads.json": (0, ["valid (15 nodes"]),
    "formula-texts.yaml": (0, ["valid (16 nodes"]),
    "bidi-overrides.yaml": (0, ["valid (7 nodes"]),
    "invisible-characters.yaml": (0, ["valid (15 nodes"]),
    "invisible-characters.json": (0, ["valid (15 nodes"]),
    "path-like-names.yaml": (0, ["valid (14 nodes"]),
    "control-characters.yaml": (0, ["valid (13 nodes"]),
    "surrogate-pair.json": (0, ["valid (1 nodes"]),
    "aliases-within-reason.yaml": (0, ["valid (3 nodes, 2 links)"]),
    "hostile-nodes.csv": (0, ["valid (3 nodes, 2 links)"]),
    "long-label.yaml": (0, ["valid (1 nodes"]),
    "long-label-nodes.csv": (0, ["valid (1 nodes"]),
    "payload.xlsx": (0, ["valid (15 nodes"]),
    # Bombs: refused before they go off.
    "billion-laughs.yaml": (1, ["line 6", "aliases (*a4 and those before it) repeat more than"]),
    "merge-key-laughs.yaml": (1, ["line 5", "repeat more than 100,000 values"]),
    "recursive-alias.yaml": (1, ["line 6", "the alias *nodes is inside the value &nodes"]),
    "deep.json": (1, ["line 1", "nested more than 64 deep"]),
    "escaped-quotes.json": (1, ["line 1", "not valid JSON: Unterminated string"]),
    "alias-storm.yaml": (1, ["line 2", "repeat more than 100,000 values"]),
    "deep-flow.yaml": (1, ["line 2", "not valid YAML", "nesting depth"]),
    "deep-block.yaml": (1, ["nested more than 64 deep"]),
    "zip-bomb.xlsx": (1, ["over the limit of 104,857,600", "TOC_MAX_UNPACKED_BYTES"]),
    "ratio-bomb.xlsx": (1, ["more than 100 times", "TOC_MAX_ZIP_RATIO"]),
    "entity-bomb.xlsx": (1, ["declares a document type (<!DOCTYPE>)"]),
    "external-entity.xlsx": (1, ["declares a document type (<!DOCTYPE>)"]),
    "far-cell.xlsx": (1, ["sheet Nodes, row 1048576: node 3 (no id): 'id' is missing"]),
    "cells-bomb.xlsx": (1, ["more than 1,000,000 XML elements", "TOC_MAX_XML_ELEMENTS"]),
    "styles-bomb.xlsx": (1, ["holds more than 500,000 XML elements"]),
    "span-bomb.xlsx": (1, ["rows span more than 16,000,000 cells", "Ctrl+End"]),
    "row-past-the-grid.xlsx": (1, ["rows must run from 1 to 1,048,576"]),
    "many-parts.xlsx": (1, ["more than 10,000 parts"]),
    # Quiet changes: refused, with the place.
    "duplicate-keys.yaml": (1, ["line 4", "the key 'description' is given twice"]),
    "duplicate-keys.json": (1, ["line 3", "the key 'label' is given twice in one object"]),
    "version-2.json": (1, ["this file is version 2; this toc reads version 1: upgrade toc"]),
    "true-numbers.yaml": (1, ["line 3: node 'grant' cost: true is a yes/no value"]),
    "true-numbers.json": (1, ["node 'jobs' position.x: false is a yes/no value"]),
    "huge-numbers.yaml": (1, ["got 1e+308", "finite number", "from 0 to 1,000,000,000,000"]),
    "huge-numbers.json": (1, ["got 1e+308", "finite number"]),
    "odd-number-bases.yaml": (1, ["line 3", "YAML reads '0x1F' as a number in base 2, 8, 16"]),
    "big-integer.yaml": (1, ["line 3", "of 5,001 digits is larger than 2**53"]),
    "big-integer.json": (1, ["of 5,001 digits is larger than 2**53"]),
    "big-integer-nodes.csv": (1, ["row 2", "9,007,199,254,740,993 is larger than 2**53"]),
    "formula-no-result.xlsx": (1, ["sheet Links, row 2: column 'weight' (column C) holds the"]),
    "true-weight.xlsx": (1, ["sheet Links, row 2: link 'grant->jobs' weight: true is a yes/no"]),
    "lone-surrogate.json": (1, ["line 1", "holds \\udc00, half of a UTF-16 pair"]),
    # Not a model at all.
    "path-like-id.yaml": (1, ["line 3", "'../../etc/passwd' is not allowed here"]),
    "python-tags.yaml": (1, ["line 1", "plain data only: remove the tag"]),
    "not-a-model.yaml": (1, ["but this one is list"]),
    "scalar.yaml": (1, ["but this one is str"]),
    "empty.yaml": (1, ["but this one is empty"]),
    "bom-only.yaml": (1, ["but this one is empty"]),
    "empty.json": (1, ["not valid JSON"]),
    "null.json": (1, ["but this one is empty"]),
    "trailing-garbage.json": (1, ["not valid JSON: Extra data"]),
    "two-documents.yaml": (1, ["line 2", "but found another document"]),
    "utf16.yaml": (1, ["line 1", "byte 0 is not UTF-8 text"]),
    "nul-bytes.yaml": (1, ["line 2", "character '\\x00' is not allowed"]),
    "random-bytes.yaml": (1, ["not UTF-8"]),
    "random-bytes.json": (1, ["not UTF-8"]),
    "random-bytes.xlsx": (1, ["not an XLSX workbook (it is not a zip archive)"]),
    "old-excel.xlsx": (1, ["old-style .xls workbook"]),
    "damaged-xml.xlsx": (1, ["is not well-formed XML"]),
    "bad-quote-nodes.csv": (1, ["line 2", "not valid CSV", "check the quotes"]),
    "lonely-nodes.csv": (1, ["the links file 'lonely-links.csv' is missing"]),
}

# Formats a valid model may not fit, and why.
CANNOT_HOLD = {
    ("long-label.yaml", "out.xlsx"): "over Excel's limit of 32,767 per cell",
    ("long-label-nodes.csv", "out.xlsx"): "over Excel's limit of 32,767 per cell",
}

# Environment for a case: the zip ratio check lifted, to reach the element budgets behind it
# (and the element budget lowered, so that reaching it takes a second, not four).
ENVIRONMENT = {
    "cells-bomb.xlsx": {"TOC_MAX_ZIP_RATIO": "100000", "TOC_MAX_XML_ELEMENTS": "1000000"},
    "styles-bomb.xlsx": {"TOC_MAX_ZIP_RATIO": "100000"},
}


# Files made at test time: too large or too binary to keep in the repository.


def _workbook(change: Callable[[str, bytes], bytes] | None = None, **sheets: Any) -> bytes:
    """A small valid workbook (optionally with its parts changed), written by openpyxl."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    rows: dict[str, Any] = {
        "Model": [["key", "value"], ["title", "Hostile"]],
        "Nodes": [["id", "label", "stage"], ["grant", "Grant", "input"], ["jobs", "J", "outcome"]],
        "Links": [["from", "to", "weight"], ["grant", "jobs", 0.5]],
    }
    rows.update(sheets)
    for name, table in rows.items():
        sheet = book.create_sheet(name)
        for row in table:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if change is None:
        return buffer.getvalue()
    return _repacked(buffer.getvalue(), change)


def _repacked(raw: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, change(name, source.read(name)), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _in_part(part: str, change: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes]:
    return lambda name, data: change(data) if name == part else data


NODES_PART = "xl/worksheets/sheet2.xml"


def _padded(size: int) -> Callable[[str, bytes], bytes]:
    return _in_part(NODES_PART, lambda x: x.replace(b"<sheetData>", b" " * size + b"<sheetData>"))


def _rows_of(make: Callable[[int], bytes], count: int) -> Callable[[str, bytes], bytes]:
    extra = b"".join(make(n) for n in range(4, count + 4))
    return _in_part(NODES_PART, lambda x: x.replace(b"</sheetData>", extra + b"</sheetData>"))


def _many_parts() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(10_001):
            archive.writestr(f"p{n}", b"")
    return out.getvalue()


def _payload_workbook() -> bytes:
    from toc.formats.modelfiles import load_model
    from toc.formats.spreadsheet import xlsx_bytes

    return xlsx_bytes(load_model(HOSTILE / "markup-payloads.yaml"))


def _far_cell() -> bytes:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(_workbook()))
    book["Nodes"]["XFD1048576"] = "far"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ENTITIES = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
RANDOM = random.Random(9)

MADE: dict[str, Callable[[], bytes]] = {
    "long-label.yaml": lambda: (
        _lines("title: Long", "nodes:", "- id: a", "  stage: input")
        .replace("stage", "label: '" + "€x" * 500_000 + "'\n  stage")
        .encode()
    ),
    "long-label-nodes.csv": lambda: (
        "id,label,stage\r\na," + "y" * 200_000 + ",input\r\n"
    ).encode(),
    "long-label-links.csv": lambda: b"from,to\r\n",
    "payload.xlsx": _payload_workbook,
    "deep.json": lambda: (
        '{"title": "t", "description": ' + "[" * 100_000 + "]" * 100_000 + "}"
    ).encode(),
    "escaped-quotes.json": lambda: b'{"title": "' + b'\\"' * 2_000_000,
    "alias-storm.yaml": lambda: b"a: &a x\nb: [" + b"*a, " * 200_000 + b"*a]\ntitle: t\n",
    "deep-flow.yaml": lambda: ("title: t\ndescription: " + "[" * 100_000 + "]" * 100_000).encode(),
    "deep-block.yaml": lambda: (
        "title: t\ndescription:\n" + "".join(" " * i + "-\n" for i in range(0, 4000, 2))
    ).encode(),
    "zip-bomb.xlsx": lambda: _repacked(
        _workbook(), lambda name, data: data + b" " * (110 << 20) if name == NODES_PART else data
    ),
    "ratio-bomb.xlsx": lambda: _workbook(_padded(5 << 20)),
    "entity-bomb.xlsx": lambda: _workbook(
        _in_part(NODES_PART, lambda x: x.replace(b"<worksheet", ENTITIES + b"<worksheet", 1))
    ),
    "external-entity.xlsx": lambda: _workbook(
        _in_part(
            NODES_PART,
            lambda x: x.replace(
                b"<worksheet",
                b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet',
                1,
            ).replace(b"<t>Grant</t>", b"<t>&e;</t>"),
        )
    ),
    "far-cell.xlsx": _far_cell,
    "cells-bomb.xlsx": lambda: _workbook(
        _rows_of(lambda n: b"<row>" + b"<c/>" * 16_000 + b"</row>", 100)
    ),
    "styles-bomb.xlsx": lambda: _workbook(
        _in_part(
            "xl/styles.xml", lambda x: x.replace(b"</cellXfs>", b"<xf/>" * 600_000 + b"</cellXfs>")
        )
    ),
    "span-bomb.xlsx": lambda: _workbook(
        _rows_of(lambda n: b'<row r="%d"><c r="XFD%d" t="n"><v>1</v></c></row>' % (n, n), 1_000)
    ),
    "row-past-the-grid.xlsx": lambda: _workbook(
        _rows_of(
            lambda n: b'<row r="1048577"><c r="A1048577"><v>1</v></c></row>' if n == 4 else b"", 1
        )
    ),
    "many-parts.xlsx": _many_parts,
    "big-integer-nodes.csv": lambda: (
        b"id,label,stage,position.x,position.y\r\na,A,input,9007199254740993,0\r\n"
    ),
    "big-integer-links.csv": lambda: b"from,to\r\n",
    "formula-no-result.xlsx": lambda: _workbook(
        Links=[["from", "to", "weight"], ["grant", "jobs", "=0.5*1"]]
    ),
    "true-weight.xlsx": lambda: _workbook(
        Links=[["from", "to", "weight"], ["grant", "jobs", True]]
    ),
    "nul-bytes.yaml": lambda: b"title: t\ndescription: a\x00b\n",
    "random-bytes.yaml": lambda: b"\xff" + RANDOM.randbytes(4000),
    "random-bytes.json": lambda: b"\xfe" + RANDOM.randbytes(4000),
    "random-bytes.xlsx": lambda: RANDOM.randbytes(4000),
    "old-excel.xlsx": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000),
    "damaged-xml.xlsx": lambda: _workbook(_in_part(NODES_PART, lambda x: x[: len(x) // 2])),
}


def _partner(name: str) -> bool:
    """A CSV pair's links file: it comes with its nodes file, not as a case of its own."""
    return name.endswith("-links.csv")


CASES = sorted(
    {p.name for p in HOSTILE.iterdir() if not _partner(p.name)}
    | {n for n in MADE if not _partner(n)}
)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Each case run in its own subprocess, one at a time per processor."""
    folder = tmp_path_factory.mktemp("hostile")
    for path in HOSTILE.iterdir():
        shutil.copy(path, folder / path.name)
    for name, make in MADE.items():
        (folder / name).write_bytes(make())
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        found = pool.map(lambda name: _run(folder / name, ENVIRONMENT.get(name, {})), CASES)
        return dict(zip(CASES, found, strict=True))


def _run(path: Path, env: dict[str, str]) -> dict[str, Any]:
    work = path.parent / f"{path.name}.out"
    work.mkdir()
    done = subprocess.run(
        [sys.executable, __file__, str(path), str(work)],
        capture_output=True,
        text=True,
        timeout=SECONDS * (1 + 2 * len(TARGETS)) + 30,
        env={**os.environ, **env},
        check=False,
    )
    if done.returncode != 0:
        return {"crashed": done.returncode, "stderr": done.stderr[-3000:]}
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_every_case_has_an_expectation() -> None:
    assert sorted(EXPECTED) == CASES


def test_committed_files_are_small() -> None:
    assert max(p.stat().st_size for p in HOSTILE.iterdir()) < 50_000


@pytest.mark.parametrize("name", CASES)
def test_check_exits_cleanly_and_names_the_file(outcomes: dict[str, Any], name: str) -> None:
    outcome = outcomes[name]
    assert "crashed" not in outcome, outcome
    check = outcome["check"]
    code, fragments = EXPECTED[name]
    _assert_clean(check, outcome["path"])
    assert check["code"] == code, check
    said = check["stdout"] + check["stderr"]
    for fragment in fragments:
        assert fragment in said


@pytest.mark.parametrize("name", CASES)
def test_convert_to_every_format_and_back_gives_the_model(
    outcomes: dict[str, Any], name: str
) -> None:
    outcome = outcomes[name]
    assert "crashed" not in outcome, outcome
    valid = EXPECTED[name][0] == 0
    for target, step in outcome["converts"].items():
        _assert_clean(step["convert"], outcome["path"], step["out"])
        refused = CANNOT_HOLD.get((name, target))
        if not valid or refused:
            assert step["convert"]["code"] == 1, step
            assert refused is None or refused in step["convert"]["stderr"]
            continue
        assert step["convert"]["code"] == 0, step
        _assert_clean(step["back"], step["out"])
        assert step["back"]["code"] == 0, step
        assert step["same"], f"{name} -> {target} -> yaml: {step['same']}"


@pytest.mark.parametrize("name", CASES)
def test_every_valid_file_renders_analyses_and_values_cleanly(
    outcomes: dict[str, Any], name: str
) -> None:
    outcome = outcomes[name]
    assert "crashed" not in outcome, outcome
    for command, step in outcome["uses"].items():
        assert step["exception"] is None, (command, step)
        assert "Traceback" not in step["stdout"] + step["stderr"], command
        # every model draws and analyses; a model with no value map is refused with a message
        expected = (0, 1) if command == "value" else (0,)
        assert step["code"] in expected, (command, step)


def _assert_clean(step: dict[str, Any], *paths: str) -> None:
    """Exit 0 or 1, no traceback, and an error message that starts with one of the files."""
    assert step["exception"] is None, step
    assert step["code"] in (0, 1), step
    assert "Traceback" not in step["stdout"] + step["stderr"]
    if step["code"] == 1:
        assert step["stderr"].startswith(tuple(f"error: {p}" for p in paths)), step["stderr"]


# The subprocess: one file through every command, reported as JSON on stdout.


def _main(path: Path, work: Path) -> dict[str, Any]:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    signal.signal(signal.SIGALRM, _too_slow)
    from click.testing import CliRunner

    from toc.cli import main

    runner = CliRunner()

    def run(*args: str) -> dict[str, Any]:
        signal.alarm(SECONDS)
        try:
            result = runner.invoke(main, list(args))
        finally:
            signal.alarm(0)
        unexpected = result.exception and not isinstance(result.exception, SystemExit)
        return {
            "code": result.exit_code,
            "stdout": result.stdout[-4000:],
            "stderr": result.stderr[-4000:],
            "exception": repr(result.exception)[:2000] if unexpected else None,
        }

    outcome: dict[str, Any] = {"path": str(path), "check": run("check", str(path)), "converts": {}}
    for target in TARGETS:
        out = work / target
        step: dict[str, Any] = {"out": str(out), "convert": run("convert", str(path), str(out))}
        if step["convert"]["code"] == 0:
            back = work / f"back-{out.suffix[1:]}.yaml"
            step["back"] = run("convert", str(out), str(back))
            step["same"] = _same(path, out, back) if step["back"]["code"] == 0 else None
        outcome["converts"][target] = step
    outcome["uses"] = _uses(run, path, work) if outcome["check"]["code"] == 0 else {}
    return outcome


def _uses(run: Callable[..., dict[str, Any]], path: Path, work: Path) -> dict[str, Any]:
    """A valid model through every other command: render (every format), analyse, value."""
    uses = {
        f"render {fmt}": run("render", str(path), "-o", str(work / f"d.{fmt}")) for fmt in DRAWN
    }
    uses["render a4"] = run("render", str(path), "-o", str(work / "a4.pdf"), "--page", "a4")
    uses["analyse"] = run("analyse", str(path), "--samples", "20")
    uses["analyse --json"] = run("analyse", str(path), "--json")
    uses["value"] = run("value", str(path))
    return uses


def _too_slow(signum: int, frame: FrameType | None) -> None:
    raise TimeoutError(f"a command took more than {SECONDS} s")


def _same(original: Path, converted: Path, back: Path) -> bool | str:
    """True if ``back`` holds the model ``original`` did (as much of it as a CSV pair holds)."""
    from toc.formats.modelfiles import load_model
    from toc.formats.spreadsheet.csvpair import csv_subset, title_of

    want = load_model(original)
    if converted.suffix == ".csv":
        want = csv_subset(want, title_of(converted))
    got = load_model(back)
    if got == want:
        return True
    return next(
        (
            f"{key} differs"
            for key in type(want).model_fields
            if getattr(got, key) != getattr(want, key)
        ),
        "differs",
    )


if __name__ == "__main__":
    print(json.dumps(_main(Path(sys.argv[1]), Path(sys.argv[2]))))
