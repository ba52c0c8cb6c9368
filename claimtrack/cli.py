"""The ``claimtrack`` command: thin click commands over the library, rendered with rich."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from claimtrack import __version__, evaluation, storage
from claimtrack.articles import ArticleError, iter_text_files, parse_article, read_text_file, seeds_dir
from claimtrack.extracting import EXTRACTOR_VERSION, extract, load_pipeline, prediction_record
from claimtrack.presenting.evaluation import render_report
from claimtrack.presenting.quotes import claims_table, ingest_summary, quotes_table

KIND_CHOICE = click.Choice(["direct", "partial", "indirect"])


def _console() -> Console:
    return Console()


def _db_option(function):
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help=f"SQLite database file (default: ${storage.ENV_VAR}, else ./{storage.DEFAULT_DB}).",
    )(function)


@click.group()
@click.version_option(__version__, prog_name="claimtrack")
def cli() -> None:
    """Track who said what in Indonesian-language news.

    Ingest articles, then ask what a speaker said, search quotes, and score the extractor
    against annotated gold sets.
    """


def _ingest(paths: list[Path], db, console: Console) -> tuple[int, int, list[tuple[str, str]]]:
    files = list(iter_text_files(paths))
    nlp = load_pipeline()
    added = unchanged = 0
    skipped: list[tuple[str, str]] = []
    progress = Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeRemainingColumn(), console=console, disable=not console.is_terminal, transient=True,
    )
    with progress:
        task = progress.add_task("Ingesting", total=len(files))
        for path in files:
            try:
                article = read_text_file(path)
                result = storage.store_article(db, article, extract(article, nlp), EXTRACTOR_VERSION)
            except (ArticleError, OSError) as error:
                skipped.append((str(path), str(error)))
            else:
                added += result.created
                unchanged += not result.created
            progress.advance(task)
    return added, unchanged, skipped


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_db_option
def ingest(paths: tuple[Path, ...], db_path: Path | None) -> None:
    """Extract quotes from article files or folders of .txt files and store them.

    Ingesting the same article again changes nothing. Exits with status 1 when any input was
    skipped, after listing each one and why.
    """
    console = _console()
    db = storage.open_database(db_path)
    added, unchanged, skipped = _ingest(list(paths), db, console)
    if added:
        storage.rebuild_claims(db)
    console.print(ingest_summary(storage.counts(db), added=added, unchanged=unchanged, skipped=skipped))
    for name, reason in skipped:
        click.echo(f"Skipped {reason}" if name in reason else f"Skipped {name}: {reason}", err=True)
    if skipped:
        sys.exit(1)


@cli.command()
@click.option("--speaker", help="Only quotes whose speaker name contains this.")
@click.option("--outlet", help="Only quotes from outlets whose name contains this.")
@click.option("--kind", type=KIND_CHOICE, help="Only quotes of this kind.")
@click.option("--limit", type=int, default=100, show_default=True, help="At most this many quotes.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@_db_option
def quotes(speaker, outlet, kind, limit, as_json, db_path) -> None:
    """List stored quotes, newest article first."""
    db = storage.open_database(db_path)
    rows = list(storage.list_quotes(db, speaker=speaker, outlet=outlet, kind=kind, limit=limit))
    _print_rows(rows, as_json, title=f"Quotes{f' by {speaker}' if speaker else ''} ({len(rows)})")


@cli.command()
@click.argument("query")
@click.option("--speaker", help="Only quotes whose speaker name contains this.")
@click.option("--outlet", help="Only quotes from outlets whose name contains this.")
@click.option("--kind", type=KIND_CHOICE, help="Only quotes of this kind.")
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many quotes.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@_db_option
def search(query, speaker, outlet, kind, limit, as_json, db_path) -> None:
    """Full-text search of quotes; each word also matches longer words it starts (sanksi → sanksinya)."""
    db = storage.open_database(db_path)
    rows = list(storage.search_quotes(db, query, speaker=speaker, outlet=outlet, kind=kind, limit=limit))
    _print_rows(rows, as_json, title=f"Quotes matching {query!r} ({len(rows)})", query=query)


def _print_rows(rows: list[dict], as_json: bool, *, title: str, query: str | None = None) -> None:
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    console = _console()
    if not rows:
        console.print("No quotes found. Ingest articles first: claimtrack ingest PATH")
        return
    console.print(quotes_table(rows, title=title, query=query))


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["jsonl", "table"]), default="jsonl",
              show_default=True, help="jsonl: the prediction format of ANNOTATION.md; table: for reading.")
def extract_command(paths: tuple[Path, ...], output_format: str) -> None:
    """Print the quotes of article files without touching the database."""
    nlp = load_pipeline()
    failed = False
    console = _console()
    for path in iter_text_files(paths):
        try:
            article = read_text_file(path)
        except (ArticleError, OSError) as error:
            click.echo(f"Error: {error}", err=True)
            failed = True
            continue
        found = extract(article, nlp)
        if output_format == "jsonl":
            for quote in found:
                click.echo(json.dumps(prediction_record(quote, path.name), ensure_ascii=False))
        else:
            rows = [dict(prediction_record(q, path.name), id=i, outlet=article.outlet, published=article.published)
                    for i, q in enumerate(found, 1)]
            console.print(quotes_table(rows, title=path.name))
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "gold_format", type=click.Choice(["jsonl", "pfsa"]), default="jsonl", show_default=True,
              help="jsonl: gold of ANNOTATION.md; pfsa: PFSA-ID token/BILOU file (texts rebuilt from it).")
@click.option("--verbose", is_flag=True, help="List every miss, false positive and speaker error.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate(gold: Path, paths: tuple[Path, ...], gold_format: str, verbose: bool, as_json: bool) -> None:
    """Score the extractor against GOLD.

    With PATHS, extract from those article files (a file matches the gold article whose id is
    its name without extension); without, extract from the texts stored in GOLD.
    """
    try:
        articles = evaluation.read_pfsa(gold) if gold_format == "pfsa" else evaluation.read_gold_jsonl(gold)
    except evaluation.EvaluationInputError as error:
        raise click.ClickException(str(error)) from error
    nlp = load_pipeline()
    predictions = []
    if paths:
        for path in iter_text_files(paths):
            try:
                article = read_text_file(path)
            except ArticleError as error:
                raise click.ClickException(str(error)) from error
            predictions += [prediction_record(q, path.name) for q in extract(article, nlp)]
    else:
        for gold_article in articles:
            article = parse_article(gold_article.text, source=gold_article.id)
            predictions += [prediction_record(q, gold_article.id) for q in extract(article, nlp)]
    report = evaluation.score(articles, predictions)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _console().print(render_report(report, verbose=verbose))


@cli.command()
@_db_option
def demo(db_path: Path | None) -> None:
    """Ingest the seed articles and show what was found, then what Shoigu said about sanctions."""
    console = _console()
    db = storage.open_database(db_path)
    console.print(f"Ingesting the seed articles from {seeds_dir()} into {storage.database_path(db_path)}")
    added, unchanged, skipped = _ingest([seeds_dir()], db, console)
    storage.rebuild_claims(db)
    console.print(ingest_summary(storage.counts(db), added=added, unchanged=unchanged, skipped=skipped))
    console.print(quotes_table(storage.list_quotes(db, kind="direct"), title="Direct quotes in the seeds"))
    console.print(quotes_table(storage.search_quotes(db, "sanksi", speaker="Shoigu"),
                               title="What did Shoigu say about sanctions?  claimtrack search sanksi --speaker Shoigu",
                               query="sanksi"))
    console.print(claims_table(storage.list_claims(db), title="The same claim in several outlets"))




@cli.command()
@click.option("--threshold", type=click.FloatRange(0, 100), default=None,
              help="Lowest similarity (0-100) that joins two wordings into one claim.")
@_db_option
def match(threshold: float | None, db_path: Path | None) -> None:
    """Recompute claims: the same statement reported by several articles (ingest does this too)."""
    db = storage.open_database(db_path)
    count = storage.rebuild_claims(db, **({"threshold": threshold} if threshold is not None else {}))
    click.echo(f"{count} claims reported by two or more articles.")


@cli.command()
@click.option("--speaker", help="Only claims whose speaker name contains this.")
@click.option("--min-outlets", type=int, default=2, show_default=True,
              help="Only claims reported by this many outlets.")
@click.option("--format", "output_format", type=click.Choice(["table", "jsonl"]), default="table", show_default=True,
              help="jsonl: one claim per line with its members.")
@_db_option
def claims(speaker: str | None, min_outlets: int, output_format: str, db_path: Path | None) -> None:
    """List claims with each outlet's wording."""
    db = storage.open_database(db_path)
    rows = list(storage.list_claims(db, speaker=speaker, min_outlets=min_outlets))
    if output_format == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif not rows:
        _console().print("No claims yet. Ingest articles from several outlets first: claimtrack ingest PATH")
    else:
        _console().print(claims_table(rows, title=f"Claims ({len(rows)})"))
