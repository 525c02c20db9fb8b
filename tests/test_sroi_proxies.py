"""Proxy tables: import from CSV and XLSX, errors with file and row, re-basing, picking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from toc import load_model
from toc.cli import main
from toc.errors import ProxyTableError
from toc.sroi.proxies import (
    COLUMNS,
    apply_proxies,
    example_proxies,
    pick,
    proxied_model,
    read_index,
    read_proxies,
    rebase,
)

WORKED = Path(__file__).resolve().parent.parent / "models" / "sroi-worked-example.yaml"
HEADER = "code,name,unit,value,source,year\n"


def write(tmp_path: Path, text: str, name: str = "proxies.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_a_csv_in_any_column_order_with_currency_signs(tmp_path: Path) -> None:
    text = (
        "Year,Value,Code,Name,Unit,Source,Notes\n"
        '2023,"£1,500",W1,Wellbeing,person,Our survey,extra column\n'
        "2023,-£400,N1,Noise,household,Ours,\n"
    )
    path = write(tmp_path, text)
    table = read_proxies(path)
    assert pick(table, "W1").value == 1500.0
    assert pick(table, "N1").value == -400.0
    assert pick(table, "W1").year == 2023


def test_reads_an_xlsx_table(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    sheet.append(["J1", "Into work", "person", 8000, "Our evaluation", 2024])
    book.save(tmp_path / "p.xlsx")
    assert pick(read_proxies(tmp_path / "p.xlsx"), "J1").value == 8000.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,name,value\n", "row 1: the header row lacks 'unit', 'source', 'year'"),
        (HEADER + "J1,Jobs,person,eight,src,2024\n", "row 2: value 'eight' is not a number"),
        (HEADER + "J1,Jobs,person,8000,src,24\n", "row 2: year '24' is not a year"),
        (HEADER + ",Jobs,person,8000,src,2024\n", "row 2: the code is empty"),
        (HEADER + "J1,a,u,1,s,2024\n\nJ1,b,u,2,s,2024\n", "row 4: code 'J1' is also on row 2"),
    ],
)
def test_bad_tables_name_the_file_and_row(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ProxyTableError) as caught:
        read_proxies(path)
    assert str(caught.value).startswith(f"{path}, {message}")


def test_a_table_must_be_csv_or_xlsx(tmp_path: Path) -> None:
    with pytest.raises(ProxyTableError, match=r"'\.ods' is not a proxy table format"):
        read_proxies(write(tmp_path, "", "p.ods"))


def test_a_broken_xlsx_is_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(ProxyTableError, match="not a readable XLSX workbook"):
        read_proxies(write(tmp_path, "not a zip", "p.xlsx"))


def test_rebase_moves_values_to_the_price_year() -> None:
    table = rebase(example_proxies(), 2024, {2022: 100.0, 2024: 110.0})
    assert pick(table, "EX-VOL").value == pytest.approx(1200 * 1.1)
    assert pick(table, "EX-JOB").value == pytest.approx(8000)
    assert {p.year for p in table.proxies.values()} == {2024}


def test_rebase_needs_every_year_in_the_index() -> None:
    with pytest.raises(ProxyTableError, match="no level for 2022: add those years"):
        rebase(example_proxies(), 2024, {2024: 110.0})


def test_read_index_and_rebase_through_a_file(tmp_path: Path) -> None:
    index = write(tmp_path, "year,index\n2022,100\n2024,110\n", "index.csv")
    assert read_index(index) == {2022: 100.0, 2024: 110.0}
    with pytest.raises(ProxyTableError, match="row 2: year 'x' is not a year"):
        read_index(write(tmp_path, "year,index\nx,1\n", "bad.csv"))


def test_pick_suggests_close_codes() -> None:
    with pytest.raises(ProxyTableError, match="did you mean 'EX-JOB'"):
        pick(example_proxies(), "EX-JOBS")


def test_the_shipped_table_is_plainly_illustrative() -> None:
    for proxy in example_proxies().proxies.values():
        assert "ILLUSTRATIVE" in proxy.name and proxy.source.startswith("ILLUSTRATIVE ONLY")


def test_apply_proxies_fills_value_and_provenance() -> None:
    model = load_model(WORKED)
    coded = _with_code(model, "employment", "EX-JOB")
    table = rebase(example_proxies(), 2025, {2022: 100.0, 2024: 100.0, 2025: 103.0})
    value = apply_proxies(coded, table).node_map()["employment"].value
    assert value is not None
    assert value.proxy == pytest.approx(8240.0)
    assert (value.proxy_year, value.proxy_source[:17]) == (2025, "ILLUSTRATIVE ONLY")


def test_apply_proxies_names_the_node_with_an_unknown_code() -> None:
    coded = _with_code(load_model(WORKED), "wellbeing", "NOPE")
    with pytest.raises(ProxyTableError, match="node 'wellbeing': no proxy has the code 'NOPE'"):
        apply_proxies(coded, example_proxies())


def test_rebasing_needs_both_year_and_index(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER)
    with pytest.raises(ProxyTableError, match="needs both a price year and a price index"):
        proxied_model(load_model(WORKED), path, price_year=2024)


def test_toc_value_takes_proxies_from_a_table(tmp_path: Path) -> None:
    model_path = tmp_path / "m.yaml"
    model_path.write_text(
        WORKED.read_text(encoding="utf-8").replace(
            "      proxy: 8000\n", "      proxy: 8000\n      proxy_code: J1\n"
        ),
        encoding="utf-8",
    )
    table = write(tmp_path, HEADER + "J1,Into work,person,4000,Our evaluation,2024\n")
    result = CliRunner().invoke(main, ["value", str(model_path), "--proxies", str(table), "--json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)["outcomes"][0]
    assert (row["proxy"], row["proxy_source"]) == (4000.0, "Our evaluation")


def _with_code(model, node_id: str, code: str):  # type: ignore[no-untyped-def]
    nodes = []
    for node in model.nodes:
        if node.id == node_id:
            node = node.model_copy(
                update={"value": node.value.model_copy(update={"proxy_code": code})}
            )
        nodes.append(node)
    return model.model_copy(update={"nodes": nodes})


def test_a_missing_table_is_a_clean_error(tmp_path: Path) -> None:
    from toc import TocError

    with pytest.raises(TocError, match="cannot read the file"):
        read_proxies(tmp_path / "absent.csv")
