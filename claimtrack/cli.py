"""The ``claimtrack`` command: thin click commands over the library, rendered with rich."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from claimtrack import __version__, storage
from claimtrack.articles import InputError, iter_articles, parse_article, seeds_dir
from claimtrack.extracting import KINDS, prediction_record
from claimtrack.parallel import DASK_INSTALL_HINT, EngineConflict, ParallelError, check_engine
from claimtrack.presenting.diff import ClaimWithoutMembers, claim_diff, claim_diff_html
from claimtrack.presenting.quotes import (
    changes_table,
    claims_table,
    ingest_summary,
    match_summary,
    quote_in_context,
    quotes_table,
    said_table,
    speakers_table,
)

if TYPE_CHECKING:
    import sqlite_utils

    from claimtrack.ingest import IngestReport

KIND_CHOICE = click.Choice(KINDS)


def _console() -> Console:
    return Console()


def _db_option(function):
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help=f"SQLite database file (default: ${storage.ENV_VAR}, else ./{storage.DEFAULT_DB}).",
    )(function)


def _filter_options(function):
    """--speaker, --outlet, --kind, --since, --until: the filters every quote listing takes."""
    for option in reversed([
        click.option("--speaker", help="Only quotes by a speaker with a name or alias containing this."),
        click.option("--outlet", help="Only quotes from outlets whose name contains this."),
        click.option("--kind", type=KIND_CHOICE, help="Only quotes of this kind."),
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]),
                     help="Only articles published on or after this day (YYYY-MM-DD)."),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]),
                     help="Only articles published on or before this day (YYYY-MM-DD)."),
    ]):
        function = option(function)
    return function


def _output_options(function):
    function = click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")(function)
    return click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")(function)


def _filters(speaker=None, outlet=None, kind=None, since=None, until=None) -> storage.QuoteFilter:
    day = "%Y-%m-%d"
    return storage.QuoteFilter(
        speaker=speaker, outlet=outlet, kind=kind,
        since=since.strftime(day) if since else None, until=until.strftime(day) if until else None,
    )


@click.group()
@click.version_option(__version__, prog_name="claimtrack")
def cli() -> None:
    """Track who said what in Indonesian-language news.

    Ingest articles, then ask what a speaker said, search quotes, compare how outlets worded
    the same claim, and score the extractor against annotated gold sets.
    """


def _summary(report: IngestReport, db: sqlite_utils.Database):
    return ingest_summary(storage.counts(db), added=report.added, unchanged=report.unchanged,
                          skipped=report.skipped, failed=len(report.failed))


def _report_failures(report: IngestReport) -> None:
    from claimtrack.ingest import MAX_FAILURES_IN_A_ROW

    for failure in report.failed:
        click.echo(f"Failed {failure}", err=True)
    if report.failed:
        click.echo(f"\nTraceback of the first failure ({report.failed[0].where}):\n"
                   f"{report.failed[0].detail.rstrip()}", err=True)
    if report.stopped:
        click.echo(f"Stopped after {MAX_FAILURES_IN_A_ROW} failures in a row; the articles after them were not "
                   "read. Articles stored before stay whole.", err=True)


def _ingest(sources, db, console: Console, *, total: int | None = None, workers: int = 1,
            scheduler: str | None = None) -> IngestReport:
    """Run the ingest pipeline (:func:`claimtrack.ingest.ingest`) with a progress bar on a terminal."""
    from claimtrack import ingest

    progress = Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeRemainingColumn(), console=console, disable=not console.is_terminal, transient=True,
    )

    class Bar(ingest.Watcher):
        def item(self, item, result) -> None:
            progress.advance(task)

    with progress:
        task = progress.add_task("Ingesting", total=total)
        try:
            return ingest.ingest(sources, db, workers=workers, scheduler=scheduler, watcher=Bar())
        except ParallelError as error:
            raise click.ClickException(str(error)) from error


def _check_engine(workers: int, scheduler: str | None) -> None:
    try:
        check_engine(workers, scheduler, names=("--workers", "--scheduler"))
    except EngineConflict as error:
        raise click.UsageError(str(error)) from error


def _parse_fields(values: tuple[str, ...]) -> dict[str, str]:
    fields = {}
    for value in values:
        name, _, source = value.partition("=")
        if not source or name not in ("text", "url", "outlet", "title", "date", "id"):
            raise click.BadParameter(f"{value!r}: use NAME=FIELD with NAME one of text, url, outlet, title, date, id "
                                     "(for example --field text=body).", param_hint="--field")
        fields[name] = source
    return fields


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True, path_type=Path))
@click.option("--field", "fields", multiple=True, metavar="NAME=FIELD",
              help="JSON Lines field names, when not CLICK-ID's (text=content, url, outlet, title, date, id).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="Extract in this many processes on this machine; one process writes, so the database "
                   "is the same as with 1.")
@click.option("--scheduler", metavar="ADDRESS",
              help=f"Extract on the workers of a Dask cluster (tcp://HOST:8786); needs {DASK_INSTALL_HINT}.")
@_db_option
def ingest(paths: tuple[Path, ...], fields: tuple[str, ...], workers: int, scheduler: str | None,
           db_path: Path | None) -> None:
    """Extract quotes from articles and store them.

    PATHS are .txt files, .jsonl files (one article per line), .html pages, folders of these,
    or - for one article's text on standard input. Ingesting the same article again changes
    nothing; the same URL with changed text is stored as a new version. Exits with status 1
    when any input was skipped, after listing each one and why, or when claimtrack failed on an
    article (a bug: listed with the first traceback; the article is not stored and the rest go on).

    --workers N or --scheduler ADDRESS extract in parallel; quotes, ids and claims come out
    exactly as in one process. New quotes join the stored claims as they are stored (every
    2,000 articles and at the end), without matching everything again.
    """
    _check_engine(workers, scheduler)
    field_map = _parse_fields(fields)
    console = _console()
    db = storage.open_database(db_path)
    stdin = sys.stdin.buffer.read() if any(str(p) == "-" for p in paths) else None
    sources = iter_articles(paths, fields=field_map, stdin=stdin)
    done = _ingest(sources, db, console, workers=workers, scheduler=scheduler)
    console.print(_summary(done, db))
    for reason in done.skipped:
        click.echo(f"Skipped {reason}", err=True)
    _report_failures(done)
    if done.skipped or done.failed:
        sys.exit(1)


def _emit(rows: list[dict], as_json: bool, as_csv: bool, render, *, empty: str | None = None) -> None:
    """Rows as JSON lines, CSV, or (for people) the rich renderable ``render(rows)`` returns."""
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif as_csv:
        click.echo(_csv(rows), nl=False)
    elif not rows and empty:
        _console().print(empty)
    else:
        _console().print(render(rows))


def _print_rows(rows: list[dict], as_json: bool, as_csv: bool, *, title: str, query: str | None = None) -> None:
    _emit(rows, as_json, as_csv, lambda found: quotes_table(found, title=title, query=query),
          empty="No quotes found. Ingest articles first: claimtrack ingest PATH")


def _csv(rows: list[dict]) -> str:
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@cli.command()
@_filter_options
@click.option("--limit", type=int, default=100, show_default=True, help="At most this many quotes.")
@_output_options
@_db_option
def quotes(speaker, outlet, kind, since, until, limit, as_json, as_csv, db_path) -> None:
    """List stored quotes, newest article first."""
    db = storage.open_database(db_path)
    rows = list(storage.list_quotes(db, _filters(speaker, outlet, kind, since, until), limit=limit))
    _print_rows(rows, as_json, as_csv, title=f"Quotes{f' by {speaker}' if speaker else ''} ({len(rows)})")


@cli.command()
@click.argument("query")
@_filter_options
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many quotes.")
@_output_options
@_db_option
def search(query, speaker, outlet, kind, since, until, limit, as_json, as_csv, db_path) -> None:
    """Full-text search of quotes and speaker names.

    Words match by prefix and by Indonesian stem: `sanksi` also finds `sanksinya`, `tegas`
    finds `menegaskan`. Every word must match.
    """
    db = storage.open_database(db_path)
    rows = list(storage.search_quotes(db, query, _filters(speaker, outlet, kind, since, until), limit=limit))
    _print_rows(rows, as_json, as_csv, title=f"Quotes matching {query!r} ({len(rows)})", query=query)


@cli.command()
@click.argument("speaker")
@_output_options
@_db_option
def said(speaker: str, as_json: bool, as_csv: bool, db_path: Path | None) -> None:
    """Everything SPEAKER said, newest first, grouped by claim under the claim's statement."""
    db = storage.open_database(db_path)
    rows = list(storage.said(db, speaker))
    if not rows and not (as_json or as_csv):
        raise click.ClickException(f"No quotes by {speaker!r}. See who is known with: claimtrack speakers --name PART")
    _emit(rows, as_json, as_csv, lambda found: said_table(found, title=f"What {speaker} said ({len(rows)})"))


@cli.group(invoke_without_command=True)
@click.option("--name", help="Only speakers with a name or alias containing this.")
@_output_options
@_db_option
@click.pass_context
def speakers(ctx: click.Context, name: str | None, as_json: bool, as_csv: bool, db_path: Path | None) -> None:
    """Speakers with their quote counts and aliases; `merge` and `split` fix identities by hand."""
    ctx.obj = db_path
    if ctx.invoked_subcommand is not None:
        return
    _emit(list(storage.list_speakers(storage.open_database(db_path), name=name)), as_json, as_csv, speakers_table)


@speakers.command("merge")
@click.argument("name")
@click.argument("into")
@click.pass_obj
def speakers_merge(db_path: Path | None, name: str, into: str) -> None:
    """Record that NAME is the same speaker as INTO (kept on every later ingest)."""
    from claimtrack.speakers import identity

    db = storage.open_database(db_path)
    try:
        identity.merge_speakers(db, name, into)
    except identity.SpeakerNotFound as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{name} is now the same speaker as {into}.")


@speakers.command("split")
@click.argument("alias")
@click.pass_obj
def speakers_split(db_path: Path | None, alias: str) -> None:
    """Give ALIAS a speaker of its own, with the quotes attributed by that name (kept on re-ingest)."""
    from claimtrack.speakers import identity

    db = storage.open_database(db_path)
    try:
        identity.split_speaker(db, alias)
    except identity.SpeakerNotFound as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{alias} is now a speaker of its own.")


@cli.command()
@click.argument("quote_id", type=int)
@click.option("--context", type=int, default=400, show_default=True, help="Characters of article shown either side.")
@_db_option
def show(quote_id: int, context: int, db_path: Path | None) -> None:
    """Show quote QUOTE_ID in its article, the quote highlighted."""
    row = storage.get_quote(storage.open_database(db_path), quote_id)
    if row is None:
        raise click.ClickException(f"No quote with id {quote_id}. List ids with: claimtrack quotes")
    _console().print(quote_in_context(row, context=context))


@cli.command()
@_filter_options
@click.option("--format", "output_format", type=click.Choice(["jsonl", "json", "csv"]), default="jsonl",
              show_default=True, help="Output format.")
@_db_option
def export(speaker, outlet, kind, since, until, output_format: str, db_path: Path | None) -> None:
    """Write every quote with its provenance (outlet, date, URL, offsets, cue, method) to standard output."""
    rows = storage.export_rows(storage.open_database(db_path), _filters(speaker, outlet, kind, since, until))
    if output_format == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif output_format == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=1))
    else:
        click.echo(_csv(list(rows)), nl=False)


@cli.command()
@_output_options
@_db_option
def changes(as_json: bool, as_csv: bool, db_path: Path | None) -> None:
    """Quotes whose wording changed between versions of an article (the same URL ingested again)."""
    from claimtrack.matching import changed_quotes

    _emit(list(changed_quotes(storage.open_database(db_path))), as_json, as_csv, changes_table)


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True, path_type=Path))
@click.option("--field", "fields", multiple=True, metavar="NAME=FIELD",
              help="JSON Lines field names, when not CLICK-ID's (text=content, url, outlet, title, date, id).")
@click.option("--format", "output_format", type=click.Choice(["jsonl", "table"]), default="jsonl",
              show_default=True, help="jsonl: the prediction format of ANNOTATION.md; table: for reading.")
def extract_command(paths: tuple[Path, ...], fields: tuple[str, ...], output_format: str) -> None:
    """Print the quotes of articles without touching the database.

    PATHS are read as `ingest` reads them: .txt files, .jsonl files (one article per line), .html
    pages, folders of these, or - for one article's text on standard input. Each record's source
    is the file's name, or a JSON Lines article's id. Exits with status 1 when any input could not
    be read, after listing each one and why.
    """
    from claimtrack.extracting import extract, load_pipeline

    field_map = _parse_fields(fields)
    nlp = load_pipeline()
    failed = False
    console = _console()
    stdin = sys.stdin.buffer.read() if any(str(p) == "-" for p in paths) else None
    for article in iter_articles(paths, fields=field_map, stdin=stdin):
        if isinstance(article, InputError):
            click.echo(f"Error: {article}", err=True)
            failed = True
            continue
        found = extract(article, nlp)
        if output_format == "jsonl":
            for quote in found:
                click.echo(json.dumps(prediction_record(quote, article.source), ensure_ascii=False))
        else:
            rows = [dict(prediction_record(q, article.source), id=i, outlet=article.outlet,
                         published=article.published) for i, q in enumerate(found, 1)]
            console.print(quotes_table(rows, title=article.source))
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "gold_format", type=click.Choice(["jsonl", "pfsa", "claims"]), default="jsonl",
              show_default=True, help="jsonl: quote gold of ANNOTATION.md; pfsa: PFSA-ID token/BILOU file (texts "
              "rebuilt from it); claims: claim-matching gold (gold/claims), PATHS being the articles it cites.")
@click.option("--verbose", is_flag=True, help="List every miss, false positive and speaker error.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--ner/--no-ner", default=None, help="Run the trained NER before speaker resolution (default: "
              "the pipeline's default).")
@click.option("--pfsa-tagged-names", is_flag=True, help="PFSA: accept only the name forms PFSA tags, not the "
              "fuller form the article writes out (Tito / Tito Karnavian).")
def evaluate(gold: Path, paths: tuple[Path, ...], gold_format: str, verbose: bool, as_json: bool,
             ner: bool | None, pfsa_tagged_names: bool) -> None:
    """Score the extractor against GOLD.

    With PATHS, extract from those articles, read as `ingest` reads them (a file matches the gold
    article whose id is its name without extension, a JSON Lines article the one with its id;
    other articles are passed over); without, extract from the texts stored in GOLD.
    """
    if gold_format == "claims":
        _evaluate_claims(gold, paths, as_json)
        return
    from claimtrack import evaluation
    from claimtrack.extracting import extract, load_pipeline
    from claimtrack.presenting.evaluation import render_report

    try:
        articles = evaluation.read_pfsa(gold, written_names=not pfsa_tagged_names) if gold_format == "pfsa" \
            else evaluation.read_gold_jsonl(gold)
    except evaluation.EvaluationInputError as error:
        raise click.ClickException(str(error)) from error
    nlp = load_pipeline(ner=ner)
    predictions = []
    if paths:
        ids = {gold_article.id for gold_article in articles}
        for article in iter_articles(paths):
            if isinstance(article, InputError):
                raise click.ClickException(str(article))
            if article.source not in ids and Path(article.source).stem not in ids:
                continue  # a JSON Lines corpus holds the gold articles among others
            predictions += [prediction_record(q, article.source) for q in extract(article, nlp)]
    else:
        for gold_article in articles:
            article = parse_article(gold_article.text, source=gold_article.id)
            predictions += [prediction_record(q, gold_article.id) for q in extract(article, nlp)]
    report = evaluation.score(articles, predictions)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _console().print(render_report(report, verbose=verbose))


def _evaluate_claims(gold: Path, paths: tuple[Path, ...], as_json: bool) -> None:
    """Ingest the articles the claims gold cites into a scratch database, match, and score."""
    import tempfile

    from claimtrack import evaluation
    from claimtrack.presenting.evaluation import render_claims_report

    if not paths:
        raise click.ClickException("Name the articles the gold cites, for example: claimtrack evaluate --format "
                                   "claims gold/claims/claims.gold.jsonl ../shared/data/clickid_news/articles.jsonl")
    try:
        spans = evaluation.read_claims_gold(gold)
    except evaluation.EvaluationInputError as error:
        raise click.ClickException(str(error)) from error
    wanted = {span.article_id for span in spans}
    with tempfile.TemporaryDirectory() as folder:
        db = storage.open_database(Path(folder) / "claims.db")
        cited = (item for item in iter_articles(paths) if isinstance(item, InputError) or item.source in wanted)
        done = _ingest(cited, db, Console(stderr=True))
        if done.failed:
            _report_failures(done)
            raise click.ClickException(f"claimtrack failed on {len(done.failed)} of the articles the gold cites; "
                                       "no score without them.")
        predicted = storage.claim_spans_by_source(db)
        stored = storage.queries.article_sources(db)
    missing = wanted - stored
    if missing:
        raise click.ClickException(
            f"{len(missing)} articles the gold cites are not in PATHS, for example {sorted(missing)[0]}."
        )
    report = evaluation.score_claims(spans, predicted)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        _console().print(render_claims_report(report))


@cli.command()
@click.option("--rebuild", is_flag=True, help="Recompute every claim from all stored quotes, not only match the "
              "quotes stored since the last update.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Lowest probability (0-1) that two wordings state one statement for them to join one claim "
                   "(default: the pair model's); a new value rebuilds the claims and is kept for later updates.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="Find and score the candidate pairs of a rebuild in this many processes on this machine.")
@click.option("--scheduler", metavar="ADDRESS",
              help=f"Find and score the candidate pairs of a rebuild on the workers of a Dask cluster "
                   f"(tcp://HOST:8786); needs {DASK_INSTALL_HINT}.")
@_db_option
def match(rebuild: bool, threshold: float | None, workers: int, scheduler: str | None, db_path: Path | None) -> None:
    """Match claims: the same statement reported by several articles.

    Quotes stored since the last update join the claims they match or form new ones; only
    the claims they touch are recomputed. Ingest does this too. --rebuild recomputes all
    claims, with the same result up to the order of the work.
    """
    _check_engine(workers, scheduler)
    from claimtrack.matching import update_claims

    db = storage.open_database(db_path)
    try:
        result = update_claims(db, rebuild=rebuild, threshold=threshold, workers=workers, scheduler=scheduler)
    except ParallelError as error:
        raise click.ClickException(str(error)) from error
    click.echo(match_summary(result))


@cli.command()
@click.option("--speaker", help="Only claims whose speaker name contains this.")
@click.option("--min-outlets", type=int, default=2, show_default=True,
              help="Only claims reported by this many outlets.")
@click.option("--format", "output_format", type=click.Choice(["table", "jsonl"]), default="table", show_default=True,
              help="jsonl: one claim per line with its statement and its members, each with its probability of "
                   "stating it.")
@_db_option
def claims(speaker: str | None, min_outlets: int, output_format: str, db_path: Path | None) -> None:
    """List claims: each statement with each outlet's wording of it."""
    db = storage.open_database(db_path)
    rows = list(storage.list_claims(db, speaker=speaker, min_outlets=min_outlets))
    if output_format == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif not rows:
        _console().print("No claims yet. Ingest articles from several outlets first: claimtrack ingest PATH")
    else:
        _console().print(claims_table(rows, title=f"Claims ({len(rows)})"))


@cli.command()
@click.argument("claim_id", metavar="CLAIM", type=int)
@click.option("--side-by-side", is_flag=True, help="The statement's wording beside each outlet's, one row per outlet.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Also write the comparison as a standalone HTML page to FILE.")
@_db_option
def diff(claim_id: int, side_by_side: bool, html_path: Path | None, db_path: Path | None) -> None:
    """How each outlet worded claim CLAIM, word by word against the claim's statement."""
    claim = storage.get_claim(storage.open_database(db_path), claim_id)
    if claim is None:
        raise click.ClickException(f"No claim with id {claim_id}. List claims and their ids with: claimtrack claims")
    try:
        _console().print(claim_diff(claim, side_by_side=side_by_side))
        if html_path is not None:
            html_path.write_text(claim_diff_html(claim), encoding="utf-8")
            click.echo(f"Wrote claim {claim_id} to {html_path}")
    except ClaimWithoutMembers as error:
        raise click.ClickException(str(error)) from error


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; 0.0.0.0 exposes the database to your whole network.")
@click.option("--port", type=int, default=8001, show_default=True, help="Port to listen on.")
@_db_option
def serve(host: str, port: int, db_path: Path | None) -> None:
    """Browse the database in Datasette, with claim and speaker pages, facets, search and canned queries."""
    from claimtrack.web import serve as web  # datasette and uvicorn load only for this command

    try:
        web.serve(storage.database_path(db_path), host=host, port=port)
    except web.DatabaseMissing as error:
        raise click.ClickException(str(error)) from error


@cli.command()
@_db_option
def metadata(db_path: Path | None) -> None:
    """Print the Datasette metadata claimtrack generates, for: datasette DB --metadata FILE."""
    from claimtrack.web.metadata import build_metadata, database_name

    name = database_name(storage.database_path(db_path))
    click.echo(json.dumps(build_metadata(name), indent=2, ensure_ascii=False))


@cli.command()
@_db_option
def check(db_path: Path | None) -> None:
    """Check the database: SQLite integrity, foreign keys, full-text indexes, quote offsets, orphan rows."""
    import sqlite3

    import sqlite_utils

    from claimtrack.storage.check import check_database

    path = storage.database_path(db_path)
    if not path.exists():
        raise click.ClickException(f"No database at {path}. Ingest articles first: claimtrack ingest PATH")
    try:
        problems = check_database(sqlite_utils.Database(path))  # opened as is: no migration, nothing written
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{path} cannot be read as SQLite ({error}).") from error
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise click.ClickException(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {path}. Rebuild the full-text indexes "
            "as shown, or re-ingest the articles into a new database: claimtrack ingest PATH --db NEW.db")
    click.echo(f"{path}: no problems found.")


@cli.command()
@_db_option
def demo(db_path: Path | None) -> None:
    """Ingest the seed articles and show what was found, then what Shoigu said about sanctions."""
    console = _console()
    db = storage.open_database(db_path)
    console.print(f"Ingesting the seed articles from {seeds_dir()} into {storage.database_path(db_path)}")
    done = _ingest(iter_articles([seeds_dir()]), db, console)
    console.print(_summary(done, db))
    _report_failures(done)
    direct = storage.QuoteFilter(kind="direct")
    console.print(quotes_table(storage.list_quotes(db, direct), title="Direct quotes in the seeds"))
    console.print(quotes_table(storage.search_quotes(db, "sanksi", storage.QuoteFilter(speaker="Shoigu")),
                               title="What did Shoigu say about sanctions?  claimtrack search sanksi --speaker Shoigu",
                               query="sanksi"))
    console.print(claims_table(storage.list_claims(db), title="The same claim in several outlets"))
    if done.failed:
        sys.exit(1)
