"""The report pack: real Word structure, one accessible self-contained page, text as typed."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.image.image import Image
from docx.oxml.ns import qn
from payloads import payload_model

from toc.analysis.results import analysis
from toc.cli import main
from toc.formats.modelfiles import load_model
from toc.model import LogicModel
from toc.report import report_bytes, write_report
from toc.report.drawing import diagram_alt
from toc.sroi.appraisal import value_report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "models").glob("*.yaml"))
YOUTH = ROOT / "models" / "youth-employment.yaml"
HOSTILE = ["<script>alert(1)</script>", "&amp;", "{{x}}"]


@pytest.fixture(scope="module")
def youth() -> LogicModel:
    return load_model(YOUTH)


@pytest.fixture(scope="module")
def youth_docx(youth: LogicModel) -> bytes:
    return report_bytes(youth, "docx")


def _document(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _headings(document: docx.document.Document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith(("Heading", "Title"))
    ]


class Accessibility(HTMLParser):
    """What a careful reviewer checks by hand, gathered while the page is parsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.levels: list[int] = []
        self.lang = ""
        self.tables = 0
        self.table_th: list[int] = []
        self.captions = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href"):
            value = found.get(name)
            if value is not None and not value.startswith(("#", "data:")):
                self.problems.append(f"<{tag} {name}={value!r}> points outside the page")
        if tag == "html":
            self.lang = found.get("lang") or ""
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if tag == "table":
            self.tables += 1
            self.table_th.append(0)
        if tag == "th":
            self.table_th[-1] += 1
            if found.get("scope") not in ("col", "row"):
                self.problems.append("a <th> without scope")
        if tag == "caption":
            self.captions += 1
        if tag == "img" and not found.get("alt"):
            self.problems.append("an <img> without alt")
        if tag == "svg" and not (found.get("role") == "img" and found.get("aria-label")):
            self.problems.append("an <svg> without role=img and aria-label")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def accessibility_problems(page: str) -> list[str]:
    """Everything wrong with ``page`` by the checks of :class:`Accessibility`."""
    checker = Accessibility()
    checker.feed(page)
    problems = list(checker.problems)
    if not checker.lang:
        problems.append("no lang on <html>")
    if checker.levels.count(1) != 1:
        problems.append(f"{checker.levels.count(1)} h1 elements")
    skips = [(a, b) for a, b in zip(checker.levels, checker.levels[1:], strict=False) if b > a + 1]
    problems += [f"heading h{a} followed by h{b}" for a, b in skips]
    problems += ["a table without th" for count in checker.table_th if count == 0]
    if checker.captions != checker.tables:
        problems.append(f"{checker.tables} tables but {checker.captions} captions")
    return problems


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_makes_both_reports(path: Path, tmp_path: Path) -> None:
    model = load_model(path)
    write_report(model, tmp_path / "pack.docx")
    write_report(model, tmp_path / "pack.html", page="a3")
    document = _document((tmp_path / "pack.docx").read_bytes())
    assert _headings(document)[0] == ("Title", model.title)
    page = (tmp_path / "pack.html").read_text(encoding="utf-8")
    assert accessibility_problems(page) == []
    assert not re.search(r"https?://|(?:src|href)=\"//", page)


def test_word_headings_use_the_documents_own_styles(youth_docx: bytes) -> None:
    headings = _headings(_document(youth_docx))
    assert ("Heading 1", "The diagram") in headings
    assert ("Heading 2", "Text alternative to the diagram") in headings
    assert ("Heading 1", "Social value (SROI)") in headings
    assert ("Heading 1", "Assumptions register") in headings
    assert {style for style, _ in headings} == {"Title", "Heading 1", "Heading 2"}


def test_word_tables_have_repeating_header_rows_and_captions(youth_docx: bytes) -> None:
    document = _document(youth_docx)
    for table in document.tables:
        header = table.rows[0]
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    captions = [_all_text(p) for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0] == "Figure 1: The theory of change, Youth employment service, by stage"
    tables = [c for c in captions if c.startswith("Table ")]
    assert len(tables) == len(document.tables)
    assert tables[0].startswith("Table 1: ") and tables[-1].startswith(f"Table {len(tables)}: ")
    assert b"SEQ Table" in _document_xml(youth_docx)


def _header(table: docx.table.Table) -> list[str]:
    return [cell.text for cell in table.rows[0].cells]


def _all_text(paragraph: docx.text.paragraph.Paragraph) -> str:
    """The paragraph's text, fields' results included (``Paragraph.text`` leaves them out)."""
    return "".join(t.text or "" for t in paragraph._p.iter(qn("w:t")))


def _document_xml(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml")


def test_the_register_holds_every_links_assumption(youth: LogicModel, youth_docx: bytes) -> None:
    document = _document(youth_docx)
    register = next(t for t in document.tables if "assumption" in _header(t))
    assert len(register.rows) == len(youth.links) + 1
    said = [row.cells[4].text for row in register.rows[1:]]
    assert said == [link.assumption or "(none stated)" for link in youth.links]
    grades = [row.cells[5].text for row in register.rows[1:]]
    assert grades == [
        link.evidence.value if link.evidence else "not graded" for link in youth.links
    ]


def test_the_picture_carries_its_alt_text(youth: LogicModel, youth_docx: bytes) -> None:
    document = _document(youth_docx)
    shape = document.inline_shapes[0]
    described = shape._inline.docPr
    assert described.get("descr") == diagram_alt(youth)
    assert described.get("title", "").startswith("Figure 1: ")
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
    picture = Image.from_blob(document.part.related_parts[blip].blob)
    assert picture.px_width / shape.width.inches >= 299  # 300 dpi, or more where scaled to fit


def test_word_output_is_deterministic_and_laid_out_for_the_page(youth: LogicModel) -> None:
    first = report_bytes(youth, "docx", page="a3")
    assert first == report_bytes(youth, "docx", page="a3")
    section = _document(first).sections[0]
    assert (round(section.page_width.inches, 2), round(section.page_height.inches, 2)) == (
        16.54,
        11.69,
    )


def test_the_page_is_the_same_each_time_and_prints_on_the_sheet_asked(youth: LogicModel) -> None:
    page = report_bytes(youth, "html", page="a3")
    assert page == report_bytes(youth, "html", page="a3")
    assert b"@page { size: A3 landscape;" in page


def test_a_model_too_big_to_draw_keeps_its_text_alternative(
    youth: LogicModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOC_MAX_DIAGRAM_BOXES", "3")
    page = report_bytes(youth, "html").decode("utf-8")
    assert (
        "<svg" not in page and "The diagram is not drawn here: this diagram would have 16" in page
    )
    assert "One-to-one mentoring strongly drives Mentoring sessions held" in page
    document = _document(report_bytes(youth, "docx"))
    assert len(document.inline_shapes) == 0
    assert accessibility_problems(page) == []


def test_figures_are_the_ones_the_command_line_prints(youth: LogicModel) -> None:
    page = report_bytes(youth, "html").decode("utf-8")
    value = value_report(youth).as_dict()
    assert f'<td class="num">{value["ratio_text"]}</td>' in page
    assert value["convention_text"] in page
    best = analysis(youth).drivers[0]
    assert f'<td class="num">{best.score:.3f}</td>' in page


def test_no_value_section_without_a_valuation() -> None:
    model = LogicModel.model_validate(
        {"title": "t", "nodes": [{"id": "a", "label": "A", "stage": "activity"}]}
    )
    page = report_bytes(model, "html").decode("utf-8")
    assert "Social value" not in page
    assert accessibility_problems(page) == []


def _hostile_model() -> LogicModel:
    nodes = [
        {"id": "a", "label": HOSTILE[0], "stage": "activity"},
        {"id": "o", "label": HOSTILE[1], "stage": "outcome", "priority": 1},
        {"id": "i", "label": HOSTILE[2], "stage": "impact"},
    ]
    links = [
        {"from": "a", "to": "o", "weight": 0.5, "assumption": HOSTILE[0]},
        {"from": "o", "to": "i", "weight": -0.5, "assumption": HOSTILE[2]},
    ]
    return LogicModel.model_validate(
        {"title": HOSTILE[0], "description": HOSTILE[1], "nodes": nodes, "links": links}
    )


def test_hostile_text_shows_as_typed_in_the_page() -> None:
    page = report_bytes(_hostile_model(), "html").decode("utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;amp;" in page and "{{x}}" in page
    checker = Accessibility()
    checker.feed(page)
    shown = "".join(checker.text)
    assert all(text in shown for text in HOSTILE)
    assert accessibility_problems(page) == []


def test_hostile_text_shows_as_typed_in_word() -> None:
    document = _document(report_bytes(_hostile_model(), "docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == HOSTILE[0]
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert set(HOSTILE) <= cells


def test_every_payload_survives_both_reports() -> None:
    model = payload_model()
    page = report_bytes(model, "html").decode("utf-8")
    assert accessibility_problems(page) == []
    assert "<script" not in page and "<iframe" not in page
    document = _document(report_bytes(model, "docx"))
    assert document.paragraphs[0].text == model.title


def test_a_template_gives_its_styles_and_loses_its_body(tmp_path: Path, youth: LogicModel) -> None:
    house = docx.Document()
    house.sections[0].header.paragraphs[0].text = "Example Borough Council: OFFICIAL"
    house.add_paragraph("Delete me: the template's own body")
    styles = house.styles.element
    for name in ("Caption", "Heading 2"):
        styles.remove(house.styles[name].element)
    template = tmp_path / "house.docx"
    house.save(str(template))
    document = _document(report_bytes(youth, "docx", template=template))
    assert document.sections[0].header.paragraphs[0].text == "Example Borough Council: OFFICIAL"
    assert all("Delete me" not in p.text for p in document.paragraphs)
    assert ("Heading 2", "Text alternative to the diagram") in _headings(document)


def test_command_writes_the_report_and_refuses_what_it_cannot(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "pack.docx"
    done = runner.invoke(main, ["report", str(YOUTH), "-o", str(out), "--page", "a3"])
    assert done.exit_code == 0, done.output
    assert out.read_bytes()[:2] == b"PK"
    wrong = runner.invoke(main, ["report", str(YOUTH), "-o", str(tmp_path / "pack.pdf")])
    assert wrong.exit_code == 1
    assert "'.pdf' is not a report format: use .docx or .html" in wrong.output
    (tmp_path / "bad.docx").write_text("not a word file")
    args = ["report", str(YOUTH), "-o", str(out), "--template", str(tmp_path / "bad.docx")]
    bad = runner.invoke(main, args)
    assert bad.exit_code == 1 and "the template cannot be used" in bad.output
