"""The ``claimtrack`` command: thin click commands over the library, rendered with rich.

Each command imports what it needs when it runs (rich, the renderers, spaCy, sqlite-utils), so
that ``--help`` and the read commands start in a fraction of a second. Commands that only read
open the database read-only with sqlite3 alone (:func:`claimtrack.storage.open_for_reading`),
so a mistyped ``--db`` is an error and never a new empty database; commands that write wait for
another claimtrack process writing, saying so once. A database claimtrack cannot use, and any
SQLite error it meets, end the command with one line naming the file and the fix
(:class:`_Commands`). Text from articles reaches the terminal printable: control characters
shown, never obeyed.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from claimtrack import DASK_INSTALL_HINT, __version__, storage
from claimtrack.presenting.terminal import json_text, printable
from claimtrack.records import KINDS, prediction_record

if TYPE_CHECKING:
    import sqlite_utils
    from rich.console import Console

    from claimtrack.ingest import IngestReport

KIND_CHOICE = click.Choice(KINDS)
SPEAKERS_LISTED = 10  # `said`: how many speakers an ambiguous name lists


def _console() -> Console:
    from rich.console import Console

    return Console()


def _say(message: str) -> None:
    """One line on standard error, printable."""
    click.echo(printable(message), err=True)


_DB_META = "claimtrack.db"  # where a command notes the database it opened, for _Commands' messages


def _writable_db(db_path: Path | None) -> sqlite_utils.Database:
    """The database for a command that writes: created when missing, waiting (and saying so
    once) while another claimtrack process writes."""
    click.get_current_context().meta[_DB_META] = storage.database_path(db_path)
    return storage.open_database(db_path, on_wait=_say)


def _readable_db(db_path: Path | None) -> sqlite_utils.Database:
    """The database for a command that only reads: opened read-only, never created."""
    click.get_current_context().meta[_DB_META] = storage.database_path(db_path)
    return storage.open_for_reading(db_path)


class _Commands(click.Group):
    """The ``claimtrack`` group: a database claimtrack cannot use, or a SQLite error it meets in
    one (a damaged file), ends any command with one line that names the file and the fix, not a
    traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except storage.DatabaseUnusable as error:
            raise click.ClickException(printable(str(error))) from error
        except sqlite3.DatabaseError as error:
            path = ctx.meta.get(_DB_META) or storage.database_path()
            fix = storage.setup_problem(error) or f"see what is wrong with: claimtrack check --db {path}"
            raise click.ClickException(printable(f"{path} cannot be used ({error}): {fix}.")) from error


def _db_option(function):
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help=f"SQLite database file (default: ${storage.ENV_VAR}, else ./{storage.DEFAULT_DB}).",
    )(function)


def _filter_options(function=None, *, speaker: bool = True):
    """--speaker, --outlet, --kind, --since, --until: the filters every quote listing takes
    (``speaker=False`` for a command that names the speaker as its argument)."""
    options = [
        click.option("--outlet", help="Only quotes from outlets whose name contains this."),
        click.option("--kind", type=KIND_CHOICE, help="Only quotes of this kind."),
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]),
                     help="Only articles published on or after this day (YYYY-MM-DD)."),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]),
                     help="Only articles published on or before this day (YYYY-MM-DD)."),
    ]
    if speaker:
        options.insert(0, click.option("--speaker",
                                       help="Only quotes by a speaker with a name or alias containing this."))

    def decorate(function):
        for option in reversed(options):
            function = option(function)
        return function

    return decorate(function) if function is not None else decorate


TABLE, JSON, NL, CSV = "table", "json", "nl", "csv"


def _output_options(function):
    """--json (a JSON array), --nl (JSON Lines), --csv: the formats every listing prints besides its table."""
    for flag, value, what in reversed([("--json", JSON, "a JSON array"), ("--nl", NL, "JSON Lines, one object a line"),
                                       ("--csv", CSV, "CSV with a header row")]):
        function = click.option(flag, "output", flag_value=value, help=f"Print {what} instead of a table.")(function)
    return function


def _filters(speaker=None, outlet=None, kind=None, since=None, until=None) -> storage.QuoteFilter:
    day = "%Y-%m-%d"
    return storage.QuoteFilter(
        speaker=speaker, outlet=outlet, kind=kind,
        since=since.strftime(day) if since else None, until=until.strftime(day) if until else None,
    )


@click.group(cls=_Commands)
@click.version_option(__version__, prog_name="claimtrack")
def cli() -> None:
    """Track who said what in Indonesian-language news.

    Ingest articles, then ask what a speaker said, search quotes, compare how outlets worded
    the same claim, and score the extractor against annotated gold sets.
    """


def _summary(report: IngestReport, db: sqlite_utils.Database):
    from claimtrack.presenting.quotes import ingest_summary

    try:
        counts = storage.counts(db)
    except sqlite3.DatabaseError:  # the setup fault that stopped the ingest may keep the database from being read
        counts = {}
    return ingest_summary(counts, added=report.added, unchanged=report.unchanged,
                          skipped=report.skipped, failed=len(report.failed))


def _report_failures(report: IngestReport) -> None:
    """What went wrong in an ingest, on standard error: the articles claimtrack failed on (with the
    first traceback), and why it stopped."""
    from claimtrack.ingest import MAX_FAILURES_IN_A_ROW

    for failure in report.failed:
        _say(f"Failed {failure}")
    if report.failed:
        _say(f"\nTraceback of the first failure ({report.failed[0].where}):\n{report.failed[0].detail.rstrip()}")
    if report.claims_failure:
        _say(f"Failed {report.claims_failure}\n{report.claims_failure.detail.rstrip()}\nThe articles are stored; "
             "their claims are matched by: claimtrack match")
    if report.setup_fault:
        _say(f"Stopped: {report.setup_fault}.")
    elif report.stopped:
        _say(f"Stopped after {MAX_FAILURES_IN_A_ROW} failures in a row; the articles after them were not "
             "read. Articles stored before stay whole.")


def _report_inputs(report: IngestReport) -> None:
    """Inputs skipped and inputs read with a warning, on standard error."""
    for reason in report.skipped:
        _say(f"Skipped {reason}")
    for warning in report.warnings:
        _say(f"Warning {warning}")


def _standard_input():
    """Standard input's bytes as a stream, ``None`` when it is closed (``claimtrack ingest - <&-``)."""
    stream = sys.stdin
    if stream is None or getattr(stream, "closed", False):
        return None
    return getattr(stream, "buffer", stream)


def _ingest(sources, db, console: Console, *, total: int | None = None, workers: int = 1,
            scheduler: str | None = None, also=None) -> IngestReport:
    """Run the ingest pipeline (:func:`claimtrack.ingest.ingest`) with a progress bar on a terminal:
    articles done of ``total`` (when known), their rate and the time left, and a labelled line
    while claims are matched; ``also`` (a :class:`claimtrack.ingest.Watcher`) hears each article too."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class _Rate(ProgressColumn):
        """Articles a second, once there is a rate to show."""

        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.1f} articles/s" if speed else "", style="progress.data.speed")

    from claimtrack import ingest
    from claimtrack.parallel import ParallelError

    progress = Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), _Rate(),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console,
        disable=not console.is_terminal, transient=True,
    )

    class Bar(ingest.Watcher):
        matching = None

        def item(self, item, result) -> None:
            progress.update(task, advance=1, description="Ingesting")
            if also is not None:
                also.item(item, result)

        def claims_starting(self, added: int) -> None:
            self.matching = progress.add_task(f"Matching the claims of {added:,} new articles", total=None)
            if also is not None:
                also.claims_starting(added)

        def claims_done(self, update) -> None:
            if self.matching is not None:
                progress.remove_task(self.matching)
                self.matching = None
            if also is not None:
                also.claims_done(update)

    with progress:
        # Until the first article is through, the language model is loading (some seconds).
        task = progress.add_task("Loading the language model", total=total)
        try:
            return ingest.ingest(sources, db, workers=workers, scheduler=scheduler, watcher=Bar())
        except ParallelError as error:
            raise click.ClickException(str(error)) from error


def _check_engine(workers: int, scheduler: str | None) -> None:
    from claimtrack.parallel import EngineConflict, check_engine

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


class _PathOrURL(click.ParamType):
    """An existing file or folder (``-`` for standard input), or an http(s) URL to fetch."""

    name = "path_or_url"
    _path = click.Path(exists=True, allow_dash=True, path_type=Path)

    def convert(self, value, param, ctx):
        if isinstance(value, str) and "://" in value:
            from claimtrack.live.fetch import FetchError, check_url

            try:
                return check_url(value)
            except FetchError as error:
                self.fail(str(error), param, ctx)
        return self._path.convert(value, param, ctx)


class _Duration(click.ParamType):
    """Seconds, written as ``10m``, ``30s``, ``500ms`` or a number."""

    name = "duration"

    def convert(self, value, param, ctx):
        from claimtrack.live.durations import parse_duration

        if isinstance(value, int | float):
            return float(value)
        try:
            return parse_duration(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


DURATION = _Duration()


def _fetch_options(function):
    """--rate, --timeout, --retries: how politely web pages are fetched."""
    for option in reversed([
        click.option("--rate", type=DURATION, default="1s", show_default=True, metavar="DURATION",
                     help="Wait at least this long between two requests to one web site (robots.txt's "
                          "Crawl-delay may ask for longer); 0 for none."),
        click.option("--timeout", type=DURATION, default="20s", show_default=True, metavar="DURATION",
                     help="Give up on a web request that takes longer."),
        click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True, metavar="N",
                     help="Ask again this many times after a timeout, HTTP 429 or 5xx, waiting longer each time."),
    ]):
        function = option(function)
    return function


def _web_reader(db, rate: float, timeout: float, retries: int, *, stop=None):
    """The reader of web inputs: a polite fetcher under the user's options, remembering pages in ``db``."""
    from claimtrack.live.fetch import Fetcher, FetchPolicy
    from claimtrack.live.reader import WebReader

    fetcher = Fetcher(FetchPolicy(delay=rate, timeout=timeout, retries=retries), stop=stop)
    return WebReader(fetcher, db, tell=lambda message: click.echo(message, err=True))


@cli.command()
@click.argument("inputs", nargs=-1, metavar="[PATH_OR_URL]...", type=_PathOrURL())
@click.option("--feed", "feed_urls", multiple=True, metavar="URL",
              help="Fetch the articles an RSS or Atom feed lists (repeatable).")
@click.option("--sitemap", "sitemap_urls", multiple=True, metavar="URL",
              help="Fetch the articles a sitemap lists, news sitemaps and sitemap indexes too (repeatable).")
@click.option("--site", "site_urls", multiple=True, metavar="URL",
              help="Fetch the articles of a site: the feeds its home page names, else the sitemaps of its "
                   "robots.txt, else its home page's links to articles (repeatable).")
@click.option("--field", "fields", multiple=True, metavar="NAME=FIELD",
              help="JSON Lines field names, when not CLICK-ID's (text=content, url, outlet, title, date, id).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="Extract in this many processes on this machine; one process writes, so the database "
                   "is the same as with 1.")
@click.option("--scheduler", metavar="ADDRESS",
              help=f"Extract on the workers of a Dask cluster (tcp://HOST:8786); needs {DASK_INSTALL_HINT}.")
@_fetch_options
@_db_option
def ingest(inputs: tuple, feed_urls: tuple[str, ...], sitemap_urls: tuple[str, ...], site_urls: tuple[str, ...],
           fields: tuple[str, ...], workers: int, scheduler: str | None, rate: float, timeout: float, retries: int,
           db_path: Path | None) -> None:
    """Extract quotes from articles and store them.

    PATH_OR_URL are .txt files, .jsonl files (one article per line), .html pages, any of these
    gzipped (.jsonl.gz), folders of these, - for one article's text on standard input, RSS/Atom
    feed or sitemap files (the articles they list are fetched), or http(s) URLs of news pages to
    fetch. A fetched page keeps its HTML, its canonical URL, its outlet and its date of
    publication; fetching obeys robots.txt and waits --rate between two requests to one site.
    Ingesting the same article again changes nothing; the same URL with changed text is stored as
    a new version, and a page fetched again is asked for only if it changed. A JSON Lines date is
    read as ISO (with or without time and zone), 16/09/2019, Senin, 16 September 2019 or Unix
    seconds; one that cannot be read is listed as a warning and the article dated by its text, or
    undated. Exits with status 1 when any input was skipped, after listing each one and why, when
    claimtrack failed on an article (a bug: listed with the first traceback; the article is not
    stored and the rest go on), or when the disk or the database stopped it (said how to fix;
    what was stored stays whole).

    Several ingests (and other commands that write) may run at once on one database: each
    article is stored once, and a process that has to wait for another says so.

    --workers N or --scheduler ADDRESS extract in parallel; quotes, ids and claims come out
    exactly as in one process. New quotes join the stored claims as they are stored (every
    2,000 articles and at the end), without matching everything again.
    """
    import itertools

    from claimtrack.articles import iter_articles
    from claimtrack.live.feeds import FEED, SITEMAP
    from claimtrack.live.reader import SITE

    _check_engine(workers, scheduler)
    if not (inputs or feed_urls or sitemap_urls or site_urls):
        raise click.UsageError("Name what to ingest: files, folders or URLs, or --feed, --sitemap or --site URL.")
    field_map = _parse_fields(fields)
    console = _console()
    db = _writable_db(db_path)
    web = _web_reader(db, rate, timeout, retries)
    stdin = _standard_input() if any(str(p) == "-" for p in inputs) else None
    sources = itertools.chain(
        *(web.urls([item]) if isinstance(item, str) else iter_articles([item], fields=field_map, stdin=stdin, web=web)
          for item in inputs),
        *(web.feed(url, FEED) for url in feed_urls), *(web.feed(url, SITEMAP) for url in sitemap_urls),
        *(web.feed(url, SITE) for url in site_urls))
    total = None
    if console.is_terminal and not (feed_urls or sitemap_urls or site_urls or any(isinstance(i, str) for i in inputs)):
        from claimtrack.articles import count_articles

        total = count_articles(inputs)
    try:
        done = _ingest(sources, db, console, total=total, workers=workers, scheduler=scheduler,
                       also=web.recorder())
    finally:
        web.fetcher.close()
    console.print(_summary(done, db))
    if web.not_modified:
        count = len(web.not_modified)
        click.echo(f"{count} page{'s' if count != 1 else ''} not fetched again: unchanged since stored.", err=True)
    _report_inputs(done)
    _report_failures(done)
    if done.skipped or done.failed or done.setup_fault or done.claims_failure:
        sys.exit(1)


@cli.command()
@click.argument("source_urls", nargs=-1, metavar="[SOURCE]...")
@click.option("--every", type=DURATION, default="10m", show_default=True, metavar="DURATION",
              help="Start a round this often (10m, 1h, 30s).")
@click.option("--once", is_flag=True, help="Run one round and exit (for cron); exit status 1 when a source "
              "could not be read or claimtrack failed on an article.")
@click.option("--alert", "alert_rules", multiple=True, metavar="RULE",
              help="Alert on new quotes and claims: speaker:NAME, query:WORDS or claims (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print alerts as JSON Lines instead of lines of text.")
@click.option("--exec", "exec_command", metavar="CMD",
              help="Run CMD for each alert, the alert as JSON on its standard input and in $CLAIMTRACK_ALERT_JSON, "
                   "its line in $CLAIMTRACK_ALERT.")
@click.option("--webhook", metavar="URL", help="POST each alert as JSON to URL.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="Extract in this many processes on this machine.")
@_fetch_options
@_db_option
def watch(source_urls: tuple[str, ...], every: float, once: bool, alert_rules: tuple[str, ...], as_json: bool,
          exec_command: str | None, webhook: str | None, workers: int, rate: float, timeout: float, retries: int,
          db_path: Path | None) -> None:
    """Watch feeds, sitemaps and sites: store each new article, update claims, raise alerts.

    SOURCE is the URL of an RSS or Atom feed, a sitemap (a news sitemap, a sitemap index) or a
    site's home page (its feeds are found and watched); with none, the sources watched before.
    Each round fetches only what no round fetched before (a feed that did not change costs one
    request), stores it, and matches the new quotes into claims. What was seen, each source's
    validators, its last success and its errors are kept in the database (the sources and pages
    tables). A source that cannot be read is reported and tried again later, waiting twice as long
    after each failure in a row; the others go on. Ctrl-C or SIGTERM stops the watch between two
    articles (a second Ctrl-C stops it at once; the article being stored is rolled back whole).

    Alerts print one line each (JSON with --json) for each new quote a speaker:NAME or query:WORDS
    rule matches and each claim that reaches another outlet (claims); --exec and --webhook hand them
    on. Each alert is raised once: a restart does not repeat it.
    """
    import os
    import signal

    from claimtrack.articles import InputError
    from claimtrack.live import alerts as alerting
    from claimtrack.live.fetch import FetchError
    from claimtrack.live.watch import NothingToWatch, Watch, WatchListener
    from claimtrack.parallel import ArticleFailure

    try:
        rules = [alerting.AlertRule.parse(rule) for rule in alert_rules]
        handlers = [alerting.ExecHandler(exec_command)] if exec_command else []
        handlers += [alerting.WebhookHandler(webhook)] if webhook else []
    except alerting.AlertRuleError as error:
        raise click.BadParameter(str(error), param_hint="--alert/--exec/--webhook") from error
    if every <= 0:
        raise click.BadParameter("give a duration longer than 0, such as 10m.", param_hint="--every")
    db = _writable_db(db_path)
    web = _web_reader(db, rate, timeout, retries)

    class Report(WatchListener):
        def source_failed(self, source, reason, in_a_row, retry_at) -> None:
            times = f"{in_a_row} times in a row" if in_a_row > 1 else "once"
            click.echo(f"Source {source['url']}: {reason} (failed {times}; tried again after {retry_at})", err=True)

        traceback_shown = False

        def item(self, item, result) -> None:
            if isinstance(item, InputError):
                click.echo(f"Skipped {item}", err=True)
            elif isinstance(item, ArticleFailure):
                click.echo(f"Failed {item}", err=True)
                if not self.traceback_shown:
                    click.echo(f"\nTraceback of the first failure ({item.where}):\n{item.detail.rstrip()}", err=True)
                    self.traceback_shown = True

        def alert(self, alert, problems) -> None:
            click.echo(alert.json() if as_json else alert.line)
            for problem in problems:
                click.echo(f"Alert {alert.id} not handed on: {problem}", err=True)

        def round_done(self, report) -> None:
            stored = report.ingest.added if report.ingest else 0
            skipped = len(report.ingest.skipped) if report.ingest else 0
            click.echo(f"Round {report.number}: {report.sources_read} source{'s' if report.sources_read != 1 else ''} "
                       f"read, {report.sources_failed} failed; {report.new_urls} new URLs, {stored} articles stored, "
                       f"{skipped} skipped; {report.alerts} alert{'s' if report.alerts != 1 else ''} "
                       f"({report.seconds:.1f} s){'; stopped' if report.stopped else ''}", err=True)

    watcher = Watch(db, web, every=every, rules=rules, handlers=handlers, listener=Report(), workers=workers)
    try:
        watcher.add(list(source_urls))
    except FetchError as error:
        raise click.BadParameter(str(error), param_hint="SOURCE") from error
    except NothingToWatch as error:
        raise click.UsageError(str(error)) from error

    def stop(signum, frame) -> None:
        if watcher.stopping and signum == signal.SIGINT:
            raise KeyboardInterrupt
        # Written past Python's buffers: the signal may arrive while the main flow writes to stderr.
        os.write(2, "Stopping after the article being stored (Ctrl-C again to stop at once) …\n".encode())
        watcher.stop()

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        summary = watcher.run(once=once)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        web.fetcher.close()
    if once and (summary.sources_failed or summary.failed):
        sys.exit(1)


def _emit(rows: list[dict], output: str | None, render, *, empty: str | None = None) -> None:
    """Rows as a JSON array, JSON Lines, CSV, or (for people) the rich renderable ``render(rows)`` returns."""
    if output == JSON:
        click.echo(json_text(rows, indent=2))
    elif output == NL:
        for row in rows:
            click.echo(json_text(row))
    elif output == CSV:
        click.echo(_csv(rows), nl=False)
    elif not rows and empty:
        _console().print(empty)
    else:
        _console().print(render(rows))


def _print_rows(rows: list[dict], output: str | None, *, title: str, query: str | None = None,
                empty: str = "No quotes found. Ingest articles first: claimtrack ingest PATH") -> None:
    from claimtrack.presenting.quotes import quotes_table

    _emit(rows, output, lambda found: quotes_table(found, title=title, query=query), empty=empty)


def _csv(rows: list[dict]) -> str:
    """Rows as CSV (RFC 4180: fields with commas, quote marks or line breaks quoted), the header
    the union of their keys; a nested list or record is written as its JSON."""
    import csv
    import io

    if not rows:
        return ""
    fieldnames = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: json_text(value) if isinstance(value, list | dict) else value
                         for key, value in row.items()})
    return out.getvalue()


@cli.command()
@_filter_options
@click.option("--limit", type=click.IntRange(min=0), default=100, show_default=True,
              help="At most this many quotes; 0 for all.")
@_output_options
@_db_option
def quotes(speaker, outlet, kind, since, until, limit, output, db_path) -> None:
    """List stored quotes, newest article first."""
    db = _readable_db(db_path)
    rows = list(storage.list_quotes(db, _filters(speaker, outlet, kind, since, until), limit=limit or None))
    _print_rows(rows, output, title=f"Quotes{f' by {speaker}' if speaker else ''} ({len(rows)})")


@cli.command()
@click.argument("query")
@_filter_options
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="At most this many quotes; 0 for all.")
@_output_options
@_db_option
def search(query, speaker, outlet, kind, since, until, limit, output, db_path) -> None:
    """Full-text search of quotes and speaker names, with the claim of each quote.

    Words match by prefix and by Indonesian stem: `sanksi` also finds `sanksinya`, `tegas`
    finds `menegaskan`. Every word must match. A word in more than 10,000 quotes (`yang`, `dan`)
    matches only as written, not by prefix, and does not weigh in the order.

    Order: the newest 2,000 matches best match first (those holding each word as written or by
    its stem before those found through a prefix alone), then older matches newest first; a
    query of such common words only lists the newest first. The home page of `claimtrack serve`
    searches the same way and finds the same quotes (all of them, as --limit 0).
    """
    db = _readable_db(db_path)
    rows = storage.queries.with_claims(
        db, storage.search_quotes(db, query, _filters(speaker, outlet, kind, since, until), limit=limit or None))
    _print_rows(rows, output, title=f"Quotes matching {query!r} ({len(rows)})", query=query)


@cli.command()
@click.argument("speaker")
@_filter_options(speaker=False)
@click.option("--limit", type=click.IntRange(min=0), default=0, show_default=True,
              help="At most this many quotes, newest first; 0 for all.")
@_output_options
@_db_option
def said(speaker: str, outlet, kind, since, until, limit: int, output: str | None, db_path: Path | None) -> None:
    """Everything SPEAKER said, newest first, grouped by claim under the claim's statement.

    SPEAKER is a speaker's whole name, alias or a whole word of them (Agus is not Tubagus); a name
    several speakers share lists them, so that you can say which.
    """
    from claimtrack.names import speaker_meant

    db = _readable_db(db_path)
    candidates = storage.speakers_named(db, speaker)
    meant = speaker_meant(speaker, candidates)
    if candidates and meant is None:
        listed = ", ".join(f"{row['name']} ({row['quotes']})" for row in candidates[:SPEAKERS_LISTED])
        more = f" and {len(candidates) - SPEAKERS_LISTED} more" if len(candidates) > SPEAKERS_LISTED else ""
        raise click.ClickException(
            f"{speaker!r} names {len(candidates)} speakers: {listed}{more}. "
            f"Say which, in full: claimtrack said \"{candidates[0]['name']}\"")
    filters = _filters(None, outlet, kind, since, until)
    rows = list(storage.said(db, meant["id"], filters, limit=limit or None)) if meant is not None else []
    if not rows and output is None:
        narrowed = " with these filters" if any((outlet, kind, since, until)) else ""
        raise click.ClickException(f"No quotes by {speaker!r}{narrowed}. See who is known with: "
                                   "claimtrack speakers --name PART")
    from claimtrack.presenting.quotes import said_table

    title = f"What {meant['name'] if meant else speaker} said ({len(rows)})"
    _emit(rows, output, lambda found: said_table(found, title=title))


@cli.group(invoke_without_command=True)
@click.option("--name", help="Only speakers with a name or alias containing this.")
@_output_options
@_db_option
@click.pass_context
def speakers(ctx: click.Context, name: str | None, output: str | None, db_path: Path | None) -> None:
    """Speakers with their quote counts and aliases; `merge` and `split` fix identities by hand."""
    ctx.obj = db_path
    if ctx.invoked_subcommand is not None:
        return
    from claimtrack.presenting.quotes import speakers_table

    _emit(list(storage.list_speakers(_readable_db(db_path), name=name)), output, speakers_table)


@speakers.command("merge")
@click.argument("name")
@click.argument("into")
@click.pass_obj
def speakers_merge(db_path: Path | None, name: str, into: str) -> None:
    """Record that NAME is the same speaker as INTO (kept on every later ingest)."""
    from claimtrack.speakers import identity

    db = _writable_db(db_path)
    try:
        identity.merge_speakers(db, name, into)
    except identity.SpeakerNotFound as error:
        raise click.ClickException(str(error)) from error
    click.echo(printable(f"{name} is now the same speaker as {into}."))


@speakers.command("split")
@click.argument("alias")
@click.pass_obj
def speakers_split(db_path: Path | None, alias: str) -> None:
    """Give ALIAS a speaker of its own, with the quotes attributed by that name (kept on re-ingest)."""
    from claimtrack.speakers import identity

    db = _writable_db(db_path)
    try:
        identity.split_speaker(db, alias)
    except identity.SpeakerNotFound as error:
        raise click.ClickException(str(error)) from error
    click.echo(printable(f"{alias} is now a speaker of its own."))


@cli.command()
@click.argument("quote_id", type=int)
@click.option("--context", type=int, default=400, show_default=True, help="Characters of article shown either side.")
@_db_option
def show(quote_id: int, context: int, db_path: Path | None) -> None:
    """Show quote QUOTE_ID in its article, the quote highlighted."""
    from claimtrack.presenting.quotes import quote_in_context

    row = storage.get_quote(_readable_db(db_path), quote_id)
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
    rows = storage.export_rows(_readable_db(db_path), _filters(speaker, outlet, kind, since, until))
    if output_format == "jsonl":
        for row in rows:
            click.echo(json_text(row))
    elif output_format == "json":
        click.echo(json_text(list(rows), indent=1))
    else:
        click.echo(_csv(list(rows)), nl=False)


@cli.command()
@_output_options
@_db_option
def changes(output: str | None, db_path: Path | None) -> None:
    """Quotes whose wording changed between versions of an article (the same URL ingested again)."""
    from claimtrack.matching import changed_quotes
    from claimtrack.presenting.quotes import changes_table

    _emit(list(changed_quotes(_readable_db(db_path))), output, changes_table)


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
    from claimtrack.articles import InputError, iter_articles
    from claimtrack.extracting import extract, load_pipeline
    from claimtrack.presenting.quotes import quotes_table

    field_map = _parse_fields(fields)
    nlp = load_pipeline()
    failed = False
    console = _console()
    for article in iter_articles(paths, fields=field_map, stdin=_standard_input()):
        if isinstance(article, InputError):
            _say(f"Error: {article}")
            failed = True
            continue
        for warning in article.warnings:
            _say(f"Warning {warning}")
        found = extract(article, nlp)
        if output_format == "jsonl":
            for quote in found:
                click.echo(json_text(prediction_record(quote, article.source)))
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
    from claimtrack.articles import InputError, iter_articles, parse_article
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

    from rich.console import Console

    from claimtrack import evaluation
    from claimtrack.articles import InputError, iter_articles
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
    from claimtrack.parallel import ParallelError
    from claimtrack.presenting.quotes import match_summary

    db = _writable_db(db_path)
    try:
        result = update_claims(db, rebuild=rebuild, threshold=threshold, workers=workers, scheduler=scheduler)
    except ParallelError as error:
        raise click.ClickException(str(error)) from error
    click.echo(match_summary(result))


@cli.command()
@click.option("--speaker", help="Only claims holding a quote by a speaker with a name or alias containing this "
              "(as `said` finds them).")
@click.option("--min-outlets", type=click.IntRange(min=1), default=2, show_default=True,
              help="Only claims reported by this many outlets.")
@click.option("--limit", type=click.IntRange(min=0), default=0, show_default=True,
              help="At most this many claims, most outlets first; 0 for all.")
@_output_options
@_db_option
def claims(speaker: str | None, min_outlets: int, limit: int, output: str | None, db_path: Path | None) -> None:
    """List claims: each statement with each outlet's wording of it.

    --json and --nl give one record per claim with its statement and its members (each outlet's
    wording, date, offsets and probability of stating it); --csv one row per member, the
    claim's fields first.
    """
    from claimtrack.presenting.quotes import claims_table

    db = _readable_db(db_path)
    rows = list(storage.list_claims(db, speaker=speaker, min_outlets=min_outlets, limit=limit or None))
    if output == CSV:
        rows = _claim_member_rows(rows)
    _emit(rows, output, lambda found: claims_table(found, title=f"Claims ({len(found)})"),
          empty=None if rows else _no_claims(db, speaker, min_outlets))


def _claim_member_rows(claims: list[dict]) -> list[dict]:
    """One flat row per claim member, the claim's fields first (``claim_id``, ``claim_speaker``
    ...), for a spreadsheet."""
    return [{**{f"claim_{key}" if key != "id" else "claim_id": value for key, value in claim.items()
                if key != "members"}, **member}
            for claim in claims for member in claim["members"]]


def _no_claims(db, speaker: str | None, min_outlets: int) -> str:
    """Why `claims` lists nothing, truthfully: nothing ingested, no claim by that speaker, or
    claims all reported by fewer outlets than asked."""
    by = f" by a speaker matching {speaker!r}" if speaker else ""
    fewer = storage.count_claims(db, speaker=speaker, min_outlets=1)
    if fewer:
        return (f"No claims{by} reported by {min_outlets} or more outlets; {fewer:,} claim{'s' if fewer != 1 else ''}"
                f"{by} {'are' if fewer != 1 else 'is'} reported by fewer. List them with: claimtrack claims "
                f"--min-outlets 1{' --speaker ' + _quoted(speaker) if speaker else ''}")
    if speaker and storage.count_claims(db, min_outlets=1):
        return (f"No claims{by}: no statement of theirs was reported by two articles. Their quotes, if any: "
                f"claimtrack said {_quoted(speaker)}")
    return "No claims yet: a claim is one statement reported by two or more articles. Ingest articles: " \
           "claimtrack ingest PATH"


def _quoted(value: str) -> str:
    import shlex

    return shlex.quote(value)


@cli.command()
@click.argument("claim_id", metavar="CLAIM", type=int)
@click.option("--side-by-side", is_flag=True, help="The statement's wording beside each outlet's, one row per outlet.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Also write the comparison as a standalone HTML page to FILE.")
@_db_option
def diff(claim_id: int, side_by_side: bool, html_path: Path | None, db_path: Path | None) -> None:
    """How each outlet worded claim CLAIM, word by word against the claim's statement."""
    from claimtrack.presenting.diff import ClaimWithoutMembers, claim_diff, claim_diff_html

    claim = storage.get_claim(_readable_db(db_path), claim_id)
    if claim is None:
        raise click.ClickException(f"No claim with id {claim_id}. List claims and their ids with: claimtrack claims")
    try:
        _console().print(claim_diff(claim, side_by_side=side_by_side))
        if html_path is not None:
            html_path.write_text(claim_diff_html(claim), encoding="utf-8")
            click.echo(printable(f"Wrote claim {claim_id} to {html_path}"))
    except ClaimWithoutMembers as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(printable(f"Cannot write {html_path} ({error.strerror or error}); give --html a "
                                             "file in a folder that exists and can be written.")) from error


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; 0.0.0.0 exposes the database to your whole network.")
@click.option("--port", type=int, default=8001, show_default=True, help="Port to listen on.")
@_db_option
def serve(host: str, port: int, db_path: Path | None) -> None:
    """Browse the database in Datasette: a home page to search who said what, with the latest claims
    and the most quoted speakers; claim, speaker and article pages; facets and canned queries."""
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
    from claimtrack.storage.check import check_database
    from claimtrack.storage.schema import open_as_is

    path = storage.database_path(db_path)
    try:
        problems = check_database(open_as_is(path))  # read-only, as it is: no migration, nothing written
    except sqlite3.DatabaseError as error:
        raise click.ClickException(printable(f"{path} cannot be read as SQLite ({error}).")) from error
    for problem in problems:
        _say(str(problem))
    if problems:
        raise click.ClickException(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {path}. Fix each as its line says, or "
            "re-ingest the articles into a new database: claimtrack ingest PATH --db NEW.db")
    click.echo(f"{path}: no problems found.")


@cli.command()
@_db_option
def demo(db_path: Path | None) -> None:
    """Ingest the seed articles and show what was found, then what Shoigu said about sanctions."""
    from claimtrack.articles import count_articles, iter_articles, seeds_dir
    from claimtrack.presenting.quotes import claims_table, quotes_table

    console = _console()
    db = _writable_db(db_path)
    console.print(f"Ingesting the seed articles from {seeds_dir()} into {storage.database_path(db_path)}")
    done = _ingest(iter_articles([seeds_dir()]), db, console, total=count_articles([seeds_dir()]))
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
