"""The ``toc`` command: a thin skin over the library.

Each command parses its arguments, calls one library function and prints
the result; a :class:`toc.errors.TocError` becomes a clean message on stderr
and exit code 1.  Nothing here decides anything about models.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import click

from toc.errors import TocError
from toc.terminal.literal import terminal_text

if TYPE_CHECKING:  # for annotations only: each command loads its library when it runs
    from toc.organisation.portfolio import Portfolio

__all__ = ["main"]

P = ParamSpec("P")
R = TypeVar("R")


def friendly(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a library error into a message on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except TocError as err:
            click.echo(f"error: {terminal_text(str(err))}", err=True)
            sys.exit(1)

    return wrapper


def echo_json(data: object) -> None:
    """Print ``data`` as JSON: strict JSON only, so never ``Infinity`` or ``NaN``."""
    import json

    try:
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError as err:
        raise TocError(
            "a figure came out as infinity or not-a-number, which JSON cannot hold: check "
            "the model's amounts for values beyond 1e12"
        ) from err
    click.echo(text)


def echo_parts(parts: Iterable[object]) -> None:
    """Print rich renderables (tables, text) one after another."""
    from rich.console import Console

    console = Console()
    for part in parts:
        console.print(part)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="toc")
def main() -> None:
    """Theory-of-change models for social value commissioning."""


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--title", default="Our theory of change", show_default=True)
@click.option("--blank", is_flag=True, help="Only the title: no starter boxes.")
@friendly
def new(path: Path | None, title: str, blank: bool) -> None:
    """Write a starter model to PATH (YAML, JSON or XLSX), or print it as YAML."""
    from toc.formats.modelfiles import dump_model, dumps_model
    from toc.model.starter import starter_model

    model = starter_model(title, blank=blank)
    if path is None:
        click.echo(dumps_model(model, "yaml").decode("utf-8"), nl=False)
        return
    dump_model(model, path)
    click.echo(f"wrote {path}")


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 1 when any finding is a warning too.")
@friendly
def check(path: Path, strict: bool) -> None:
    """Check a model: exit 0 if it is valid (findings printed), 1 if not."""
    from toc.analysis.checks import findings
    from toc.formats.modelfiles import load_model

    model = load_model(path)
    found = findings(model)
    for finding in found:
        click.echo(terminal_text(str(finding)))
    counts = f"{len(model.nodes)} nodes, {len(model.links)} links"
    click.echo(terminal_text(f"{path}: valid ({counts}); {len(found)} finding(s)"))
    if strict and any(f.severity == "warning" for f in found):
        sys.exit(1)


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="OUT.svg, OUT.png, OUT.pdf or OUT.dot: the suffix names the format.",
)
@click.option("--page", type=click.Choice(["a4", "a3"]), help="Fit a landscape print page.")
@click.option("--focus", metavar="ID", help="Only the pathways from this activity.")
@click.option("--department", metavar="ID", help="Only this department's boxes and neighbours.")
@click.option("--top", type=click.IntRange(min=1), help="Only the pathways of the N top drivers.")
@friendly
def render(
    path: Path,
    output: Path,
    page: str | None,
    focus: str | None,
    department: str | None,
    top: int | None,
) -> None:
    """Draw a model as a diagram: one column per stage, with a legend."""
    from toc.diagram import render as draw
    from toc.formats.modelfiles import load_model

    draw(load_model(path), output, page=page, focus=focus, department=department, top=top)
    click.echo(f"wrote {output}")


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="OUT.docx (Word) or OUT.html (one self-contained page): the suffix names the format.",
)
@click.option(
    "--page", type=click.Choice(["a4", "a3"]), default="a4", show_default=True,
    help="The landscape page the report and its diagram are laid out for.",
)  # fmt: skip
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A Word document (.docx) whose styles, headers and footers the report takes.",
)
@click.option(
    "--returns",
    "returns",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A provider's filled-in return (repeat for more): adds a Monitoring section.",
)
@friendly
def report(
    path: Path, output: Path, page: str, template: Path | None, returns: tuple[Path, ...]
) -> None:
    """Write the report pack: diagram, priorities, drivers, value, assumptions, indicators,
    monitoring (with --returns), checks."""
    from toc.formats.limits import read_bytes
    from toc.formats.modelfiles import load_model
    from toc.monitoring import monitor, read_return
    from toc.report import report_format, write_report

    report_format(output)  # a bad suffix is refused before the model is read
    model = load_model(path)
    given = [read_return(read_bytes(r), model, source=str(r)) for r in returns]
    monitoring = monitor(model, given) if given else None
    write_report(model, output, page=page, template=template, monitoring=monitoring)
    click.echo(f"wrote {output}")


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("target", type=click.Path(path_type=Path))
@friendly
def convert(source: Path, target: Path) -> None:
    """Convert a model between YAML, JSON, XLSX, a CSV pair, GraphML and Kumu, or to Mermaid (by suffix)."""
    from toc.formats.modelfiles import dump_model, format_of, load_model

    model = load_model(source)
    if format_of(target) == "csv":
        from toc.formats.spreadsheet import csv_pair_omits

        lost = ", ".join(csv_pair_omits(model))
        if lost:
            click.echo(f"warning: a CSV pair holds boxes and links; left out: {lost}", err=True)
    if format_of(target) == "kumu":
        from toc.formats.kumu import kumu_omits

        lost = ", ".join(kumu_omits(model))
        click.echo(f"warning: a Kumu blueprint holds boxes and links; left out: {lost}", err=True)
    dump_model(model, target)
    click.echo(f"wrote {target}")


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@friendly
def template(path: Path) -> None:
    """Write a blank XLSX template with Nodes and Links sheets to fill in."""
    from toc.formats.spreadsheet import write_template

    write_template(path)
    click.echo(f"wrote {path}")


@main.command("return-template")
@click.argument("model", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--periods",
    required=True,
    help="The reporting periods, each starting with its year: a list (2025-Q1,2025-Q2) or a "
    "range of years, quarters or months (2025-Q1..2025-Q4, 2024..2026, 2025-04..2026-03).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The workbook to write (.xlsx).",
)
@friendly
def return_template(model: Path, periods: str, output: Path) -> None:
    """Write the provider return for MODEL: one row per indicator per period to fill in."""
    from toc.formats.modelfiles import load_model
    from toc.monitoring import periods_from, return_template_bytes

    if output.suffix.lower() != ".xlsx":
        raise TocError(f"{output}: a return is an Excel workbook: name it .xlsx")
    output.write_bytes(return_template_bytes(load_model(model), periods_from(periods)))
    click.echo(f"wrote {output}")


@main.command()
@click.argument("model", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("returns", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@friendly
def monitor(model: Path, returns: tuple[Path, ...], as_json: bool) -> None:
    """Read providers' filled-in RETURNS for MODEL: each indicator against its baseline and
    target by period, and value to date against the forecast."""
    from toc.formats.limits import read_bytes
    from toc.formats.modelfiles import load_model
    from toc.monitoring import monitor as monitored
    from toc.monitoring import read_return

    loaded = load_model(model)
    given = [read_return(read_bytes(path), loaded, source=str(path)) for path in returns]
    report = monitored(loaded, given)
    if as_json:
        echo_json(report.to_json())
        return
    from toc.terminal.monitorview import monitoring_renderables

    echo_parts(monitoring_renderables(report))


@main.command()
@click.option("--port", default=8501, show_default=True, help="Port on 127.0.0.1.")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite file for the models (default: TOC_DATABASE_URL, TOC_DB_PATH or toc-data/toc.db).",
)
@click.option(
    "--db-url",
    help="Instead of --db, a database URL, e.g. postgresql+psycopg://toc@dbhost/toc for the "
    "shared server that several app processes use at once (default: TOC_DATABASE_URL).",
)
@click.option(
    "--examples",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(__file__).with_name("examples"),
    show_default="the example models toc ships",
    help="Models loaded into a new, empty database.",
)
@friendly
def app(port: int, db: Path | None, db_url: str | None, examples: Path) -> None:
    """Open the editor in the browser, on this machine only, with the example models loaded."""
    import importlib.util
    import os
    import subprocess

    if importlib.util.find_spec("streamlit") is None:
        raise TocError("the editor needs the app extra: pip install -e '.[app]' (or `make app`)")
    from toc.store import Store

    app_package = importlib.util.find_spec("tocapp")  # found, not imported: it is a layer above
    if app_package is None or app_package.origin is None:
        raise TocError("the editor (tocapp) is not installed: pip install 'toc[app]'")
    entry = Path(app_package.origin).resolve().parent / "main.py"
    if db is not None and db_url is not None:
        raise TocError("give --db (an SQLite file) or --db-url (a database URL), not both")
    if db is not None:
        os.environ.pop("TOC_DATABASE_URL", None)  # the file asked for, not a URL set earlier
        os.environ["TOC_DB_PATH"] = str(db.resolve())
    if db_url is not None:
        os.environ["TOC_DATABASE_URL"] = db_url
    os.environ["TOC_SEED_DIR"] = str(examples.resolve())
    with Store() as store:
        seeded = store.seed_examples(examples) if examples.is_dir() else 0
    click.echo(f"loaded {seeded} example model(s)" if seeded else "models: as saved before")
    click.echo(f"the editor is at http://127.0.0.1:{port} (Ctrl+C to stop)")
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(entry),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.showErrorDetails",  # never a traceback in the browser, wherever it runs
        "none",
        # No watching the source files for edits: a server, not a development session.
        # Watching scans every loaded module's files for each new session, on the
        # thread that serves every connection (most of the time of 60 phones joining).
        "--server.fileWatcherType",
        "none",
    ]
    sys.exit(subprocess.call(command))


@main.command()
@click.argument("model_id", metavar="ID")
@click.argument("user")
@click.argument("role", type=click.Choice(["owner", "editor", "viewer", "none"]))
@click.option(
    "--framework",
    "on_framework",
    is_flag=True,
    help="ID is a stored outcomes framework's, not a model's.",
)
@click.option(
    "--db-url",
    help="The database URL (default: TOC_DATABASE_URL, TOC_DB_PATH or toc-data/toc.db).",
)
@friendly
def grant(model_id: str, user: str, role: str, on_framework: bool, db_url: str | None) -> None:
    """Give USER (a sign-in name, or * for everyone signed in) ROLE on a stored model (with
    --framework, an outcomes framework), as the local user, who owns every one; `none` takes
    their role away. Prints who has which role."""
    from toc.store import Role, Store

    roles: dict[str, Role | None] = {"owner": "owner", "editor": "editor", "viewer": "viewer"}
    with Store(db_url) as store:
        if on_framework:
            store.grant_framework(model_id, user, roles.get(role), by=None)
            grants = store.framework_grants(model_id)
            title = store.latest_framework(model_id).data["title"]
        else:
            store.grant(model_id, user, roles.get(role), by=None)
            grants = store.grants(model_id)
            title = store.summary(model_id).title
    click.echo(terminal_text(f"{title} ({model_id}):"))
    for given in grants:
        click.echo(terminal_text(f"  {given.role:<7} {given.user}"))


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@click.option(
    "--convention",
    type=click.Choice(["sroi", "green-book", "none"]),
    help="sroi: year 1 discounted once; green-book: year 0 undiscounted; none.",
)
@click.option("--rate", type=float, help="Discount rate as a fraction, e.g. 0.035.")
@click.option("--declining", is_flag=True, help="The Green Book's declining long-term rates.")
@click.option(
    "--samples",
    type=click.IntRange(min=0, max=1_000_000),
    default=0,
    show_default=True,
    help="Monte Carlo samples over the outcomes' ranges (0: none).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Monte Carlo seed.")
@click.option("--scheme", metavar="NAME", help="Totals by framework code, e.g. toms or sdg.")
@click.option(
    "--proxies",
    type=click.Path(path_type=Path),
    help="Take proxies from this CSV/XLSX table, by each value's proxy_code.",
)
@click.option("--price-year", type=int, help="Re-base the proxies to this year's prices.")
@click.option(
    "--index",
    "index_path",
    type=click.Path(path_type=Path),
    help="CSV of year,index for re-basing proxies.",
)
@click.option(
    "--partner",
    "partner_paths",
    type=click.Path(path_type=Path),
    multiple=True,
    help="A partner's model claiming the same outcomes (repeatable).",
)
@click.option(
    "--ratio-digits",
    type=click.IntRange(min=0, max=6),
    help="Decimals of every printed ratio (0 prints 6 : 1 for 5.62).",
)
@friendly
def value(
    path: Path,
    as_json: bool,
    convention: str | None,
    rate: float | None,
    declining: bool,
    samples: int,
    seed: int,
    scheme: str | None,
    proxies: Path | None,
    price_year: int | None,
    index_path: Path | None,
    partner_paths: tuple[Path, ...],
    ratio_digits: int | None,
) -> None:
    """Value a model with SROI: value map, ratio, sensitivity and value by activity."""
    from toc.formats.modelfiles import load_model
    from toc.sroi.appraisal import value_report
    from toc.sroi.proxies import proxied_model
    from toc.terminal.valueview import report_tables

    model = load_model(path)
    if proxies is not None:
        model = proxied_model(model, proxies, price_year=price_year, index_path=index_path)
    report = value_report(
        model,
        samples=samples,
        seed=seed,
        scheme=scheme,
        partners=[load_model(p) for p in partner_paths],
        convention=convention,
        discount_rate=rate,
        schedule="declining" if declining else None,
        ratio_digits=ratio_digits,
    )
    if as_json:
        echo_json(report.as_dict())
        return
    echo_parts(report_tables(report))


def _scales(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> dict[str, float]:
    scales = {}
    for value in values:
        node_id, _, factor = value.partition("=")
        try:
            scales[node_id] = float(factor)
        except ValueError:
            raise click.BadParameter(f"{value!r}: write ID=FACTOR, e.g. mentoring=0.5") from None
    return scales


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the whole analysis as JSON.")
@click.option("--top", type=click.IntRange(min=1), help="Only the N highest-scoring activities.")
@click.option(
    "--priorities",
    "source",
    type=click.Choice(["nodes", "agreed-order", "stakeholders", "equal"]),
    help="Where priorities come from (default: the first the model holds, in this order).",
)
@click.option(
    "--framework",
    type=click.Path(path_type=Path),
    help="Use this outcomes framework's corporate priorities on the outcomes tagged with "
    "its codes, instead of the model's own.",
)
@click.option("--without", multiple=True, metavar="ID", help="What if this box stopped?")
@click.option(
    "--scale",
    multiple=True,
    metavar="ID=F",
    callback=_scales,
    help="What if this box were scaled by F (e.g. 0.5)?",
)
@click.option(
    "--samples",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Monte Carlo samples for sensitivity (0: none).",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--top-k",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Sensitivity reports P(in the top K).",
)
@click.option(
    "--paths",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Pathways to explain each driver.",
)
@friendly
def analyse(
    path: Path,
    as_json: bool,
    top: int | None,
    source: str | None,
    framework: Path | None,
    without: tuple[str, ...],
    scale: dict[str, float],
    samples: int,
    seed: int,
    top_k: int,
    paths: int,
) -> None:
    """Which activities drive the priority outcomes, what they undermine, what if one stops."""

    from toc.analysis.results import analysis
    from toc.formats.modelfiles import load_model

    model = load_model(path)
    if framework is not None:
        from toc.organisation.contributions import adopt_priorities
        from toc.organisation.corporate import load_framework

        if source is not None:
            raise TocError("choose --framework or --priorities, not both")
        model = adopt_priorities(model, load_framework(framework))
    report = analysis(
        model,
        top=top if as_json or top else 10,
        priority_source=source,
        remove=without,
        scale=scale,
        samples=samples,
        seed=seed,
        top_k=top_k,
        paths=paths,
    )
    if as_json:
        echo_json(report.to_json())
        return
    from toc.terminal.analysisview import report_renderables

    echo_parts(report_renderables(report))


@main.command()
@click.argument("framework", type=click.Path(path_type=Path))
@click.argument("models", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--store",
    "from_store",
    is_flag=True,
    help="Measure every model saved in the editor's database that uses the framework's tags.",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --store: the SQLite file (default: TOC_DATABASE_URL, TOC_DB_PATH or "
    "toc-data/toc.db).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the whole portfolio as JSON.")
@click.option(
    "--without",
    metavar="SERVICE[:BOX]",
    help="What if this service (title or file name), or one box of it, stopped?",
)
@click.option(
    "--scale",
    "factor",
    type=float,
    default=0.0,
    show_default=True,
    help="With --without: scale it by this factor instead (0 removes it).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that load and measure the models [default: up to one per CPU, one for "
    "each 32 models].",
)
@friendly
def portfolio(
    framework: Path,
    models: tuple[Path, ...],
    from_store: bool,
    db: Path | None,
    as_json: bool,
    without: str | None,
    factor: float,
    jobs: int | None,
) -> None:
    """Measure every service against the organisation's outcomes framework.

    FRAMEWORK is the framework file; each MODEL is a model file or a folder of them
    (or --store: every model in the editor's database that tags the framework's codes).
    """
    from toc.organisation.portfolio import AUTO_WORKERS, load_portfolio
    from toc.organisation.redesign import redesign

    if from_store == bool(models):
        raise TocError(
            "name the models to measure: files or folders after FRAMEWORK, or --store for "
            "every model in the editor's database (not both)"
        )
    if from_store:
        report = _stored_portfolio(framework, db)
    else:
        report = load_portfolio(framework, models, workers=jobs or AUTO_WORKERS)
    what_if = redesign(report, without, factor) if without is not None else None
    if as_json:
        data = report.to_json()
        if what_if is not None:
            data["without"] = what_if.to_json()
        echo_json(data)
        return
    from toc.terminal.portfolioview import portfolio_renderables

    echo_parts(portfolio_renderables(report, what_if))


def _stored_portfolio(framework: Path, db: Path | None) -> Portfolio:
    """The portfolio of the newest revision of every stored model that uses the scheme."""
    from toc.organisation.corporate import load_framework
    from toc.organisation.portfolio import tagged_portfolio
    from toc.store import Store

    chosen = load_framework(framework)
    url = f"sqlite:///{db.resolve()}" if db is not None else None
    with Store(url) as store:
        saved = [store.latest(s.id).model for s in store.list_models()]
    found = tagged_portfolio(chosen, saved, strict=True)
    if not found.models:
        raise TocError(
            f"no saved model tags an outcome with {chosen.scheme}:<code>: tag outcomes on the "
            "Map (a box's framework tags) or name model files instead of --store"
        )
    return found.portfolio


@main.command()
@click.argument("options", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--framework",
    type=click.Path(path_type=Path),
    help="Score against this outcomes framework's priorities (else each model's own).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@click.option(
    "--samples",
    type=click.IntRange(min=0),
    default=1000,
    show_default=True,
    help="Samples of the link weights for P(first); 0 skips them.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@friendly
def compare(
    options: tuple[Path, ...], framework: Path | None, as_json: bool, samples: int, seed: int
) -> None:
    """Compare alternative versions of one service (options appraisal).

    Each OPTION is a model file; the first is the baseline (the current service) that
    gains and losses are measured against.
    """
    from toc.organisation.options import load_options

    result = load_options(options, framework=framework, samples=samples, seed=seed)
    if as_json:
        echo_json(result.to_json())
        return
    from toc.terminal.optionsview import options_renderables

    echo_parts(options_renderables(result))


@main.command()
@click.argument("framework", type=click.Path(path_type=Path))
@click.argument("models", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="OUT.svg, .png, .pdf, .dot, or .txt for the text alternative: the suffix names it.",
)
@click.option("--page", type=click.Choice(["a4", "a3"]), help="Fit a landscape print page.")
@friendly
def orgmap(framework: Path, models: tuple[Path, ...], output: Path, page: str | None) -> None:
    """Draw the organisation map: services by department, linked to the corporate outcomes.

    FRAMEWORK is the framework file; each MODEL is a model file or a folder of them.
    """
    from toc.organisation.orgmap import (
        load_organisation_map,
        map_format,
        render_organisation_map,
    )

    map_format(output)  # a bad suffix is refused before any model is read
    render_organisation_map(load_organisation_map(framework, models), output, page=page)
    click.echo(f"wrote {output}")


@main.command("render-examples")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--models", "folder", type=click.Path(file_okay=False, path_type=Path),
    default=Path(__file__).with_name("examples"), show_default="the example models toc ships",
    help="The folder of models to draw.",
)  # fmt: skip
@click.option("--page", type=click.Choice(["a4", "a3", "none"]), default="a4", show_default=True)
@friendly
def render_examples(outdir: Path, folder: Path, page: str) -> None:
    """Render every model in a folder to OUTDIR as SVG, PNG and PDF."""
    from toc.diagram import render_examples as draw_all

    for path in draw_all(folder, outdir, page=None if page == "none" else page):
        click.echo(f"wrote {path}")
