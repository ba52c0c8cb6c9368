"""The Datasette plugin: a claim page (each outlet's wording side by side, differences marked, links to
the quote in its article), a speaker page (an inline SVG timeline of when and where they were quoted),
and an article page that shows a quote highlighted in context.

Registered through the ``datasette`` entry point, so ``datasette claimtrack.db`` loads it whenever
claimtrack is installed. Pages live under ``/-/claimtrack/`` and read the first attached database that
has claimtrack's tables, or the one named by ``?database=``. Templates are in ``templates/`` and extend
Datasette's own ``base.html``; Jinja escapes every value taken from the database.

A page that is not there is a 404 with Datasette's error page, whatever the address asks for (an id
too large for SQLite, ``abc``, ``..``): :func:`handle_exception` answers a client error itself,
since Datasette 0.65's own handler fails with a 500 on an address no route matches when ``rich`` is
installed, as it is with claimtrack (and prints a traceback for every 404).
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import math
from urllib.parse import urlencode

import sqlite_utils
from datasette import hookimpl
from datasette.database import Database
from datasette.utils.asgi import Base400, NotFound, Response
from markupsafe import Markup

from claimtrack.presenting.diff import DELETE, EQUAL, INSERT, pivot_member, word_diff
from claimtrack.storage import queries

PREFIX = "/-/claimtrack"


@hookimpl
def register_routes():
    return [
        (rf"^{PREFIX}/claim/(?P<claim_id>\d+)$", claim_page),
        (rf"^{PREFIX}/speaker/(?P<speaker_id>\d+)$", speaker_page),
        (rf"^{PREFIX}/article/(?P<article_id>\d+)$", article_page),
    ]


@hookimpl(wrapper=True)
def handle_exception(datasette, request, exception):
    """A client error (404, 400, 403) as Datasette's error page with its status, answered in place
    of every other handler (Datasette awaits them all, and its own fails on an address no route
    matched); anything else is left to Datasette."""
    responses = yield
    if not isinstance(exception, Base400):
        return responses

    async def page() -> Response:
        info = {"ok": False, "error": exception.args[0] if exception.args else "", "status": exception.status,
                "title": None}
        if request.path.endswith(".json"):
            return Response.json(info, status=exception.status)
        template = datasette.jinja_env.select_template([f"{exception.status}.html", "error.html"])
        html = await template.render_async(dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(),
                                                menu_links=lambda: []))
        return Response.html(html, status=exception.status)

    return [page]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Claim statements and speaker names in Datasette's tables link to the plugin's pages."""
    if value is None:
        return None
    if table == "claims" and column == "statement":
        return Markup('<a href="{}">{}</a>').format(page_url(datasette, "claim", row["id"], database), value)
    if table == "speakers" and column == "name":
        return Markup('<a href="{}">{}</a>').format(page_url(datasette, "speaker", row["id"], database), value)
    if table is None and column == "claim_id" and isinstance(value, int):
        # Canned query results (e.g. most_reported_claims) name claims by id.
        return Markup('<a href="{}">{}</a>').format(page_url(datasette, "claim", value, database), value)
    return None


def page_url(datasette, page: str, row_id: int, database: str, **params) -> str:
    query = urlencode({"database": database, **{k: v for k, v in params.items() if v is not None}})
    return datasette.urls.path(f"{PREFIX}/{page}/{row_id}?{query}")


async def claimtrack_database(datasette, request) -> Database:
    """The database named by ``?database=``, else the first attached one with a ``claims`` table."""
    name = request.args.get("database")
    if name:
        try:
            database = datasette.get_database(name)
        except KeyError:
            raise NotFound(f"No database named {name!r} is attached; drop ?database= or use one of: "
                           f"{', '.join(datasette.databases)}") from None
        if not await database.table_exists("claims"):
            raise NotFound(f"Database {name!r} has no claims table; it is not a claimtrack database.")
        return database
    for database in datasette.databases.values():
        if await database.table_exists("claims"):
            return database
    raise NotFound("No attached database has claimtrack's tables. Start Datasette on one: "
                   "datasette claimtrack.db (or claimtrack serve).")


async def _read(database: Database, query, *args):
    """A :mod:`claimtrack.storage.queries` function's answer, read on Datasette's connection."""
    return await database.execute_fn(lambda conn: query(sqlite_utils.Database(conn), *args))


async def _one(database: Database, query, row_id: int, what: str) -> dict:
    row = await _read(database, query, row_id)
    if row is None:
        raise NotFound(f"{what} does not exist in database {database.name!r}.")
    return row


def _template_text(name: str) -> str:
    return (importlib.resources.files("claimtrack.web") / "templates" / name).read_text(encoding="utf-8")


async def _render(datasette, request, template: str, context: dict) -> Response:
    # Compiled in Datasette's environment so {% extends "base.html" %} and autoescaping apply; the
    # plugin is a module, not a package, so Datasette does not add templates/ to its search path.
    compiled = datasette.jinja_env.from_string(_template_text(template))
    context = {**context, "claimtrack_css": Markup(_template_text("claimtrack.css"))}
    return Response.html(await datasette.render_template(compiled, context, request=request))


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) link: a stored ``javascript:`` URL must not become a link."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


async def claim_page(datasette, request) -> Response:
    database = await claimtrack_database(datasette, request)
    claim_id = int(request.url_vars["claim_id"])
    # The claim and its members as the CLI reads them (storage.queries.get_claim).
    claim = await _read(database, queries.get_claim, claim_id)
    if claim is None:
        raise NotFound(f"Claim {claim_id} does not exist in database {database.name!r}.")
    members = claim["members"]
    claim = {**claim, "members": len(members)}  # the template shows the claims row's member count
    for member in members:
        member["context_url"] = page_url(datasette, "article", member["article_id"], database.name,
                                         start=member["start"], end=member["end"])
        member["row_url"] = datasette.urls.row(database.name, "articles", member["article_id"])
        member["web_url"] = web_url(member["url"])
    return await _render(datasette, request, "claimtrack_claim.html", {
        "database": database.name,
        "claim": claim,
        "wordings": side_by_side(members),
        "speaker_url": await _speaker_url(datasette, database, claim["speaker_name"]),
        "claim_row_url": datasette.urls.row(database.name, "claims", claim_id),
    })


async def _speaker_url(datasette, database: Database, name: str | None) -> str | None:
    if not name:
        return None
    speaker_id = await _read(database, queries.speaker_of_alias, name)
    return page_url(datasette, "speaker", speaker_id, database.name) if speaker_id is not None else None


def side_by_side(members: list[dict]) -> list[dict]:
    """One column per member, the claim's statement (its canonical member) first: its wording as
    pieces ``(tag, text)``, and ``pivot`` true for the statement.

    ``tag`` is ``"del"`` in the statement for words some other member does not have, ``"ins"`` in
    another member for words the statement does not have, else ``None``. Whitespace is kept outside
    the marks so a highlight covers words only.
    """
    if not members:
        return []
    pivot = pivot_member(members)
    others = [member for member in members if member is not pivot]
    pivot_changed = [False] * len(pivot["text"])
    columns = []
    for member in others:
        segments = word_diff(pivot["text"], member["text"])
        offset = 0
        for label, text in segments:
            if label == DELETE:
                pivot_changed[offset:offset + len(text)] = [True] * len(text)
            if label in (EQUAL, DELETE):
                offset += len(text)
        columns.append({**member, "pivot": False,
                        "pieces": _pieces((("ins" if label == INSERT else None, text)
                                           for label, text in segments if label != DELETE))})
    runs, start = [], 0
    for index in range(1, len(pivot["text"]) + 1):
        if index == len(pivot["text"]) or pivot_changed[index] != pivot_changed[start]:
            runs.append(("del" if pivot_changed[start] else None, pivot["text"][start:index]))
            start = index
    return [{**pivot, "pivot": True, "pieces": _pieces(runs)}, *columns]


def _pieces(runs) -> list[tuple[str | None, str]]:
    pieces: list[tuple[str | None, str]] = []
    for tag, text in runs:
        core = text.strip()
        if tag is None or not core:
            pieces.append((None, text))
            continue
        head = text[:text.index(core)]
        pieces += [(None, head), (tag, core), (None, text[len(head) + len(core):])]
    return [piece for piece in pieces if piece[1]]


async def speaker_page(datasette, request) -> Response:
    database = await claimtrack_database(datasette, request)
    speaker_id = int(request.url_vars["speaker_id"])
    speaker = await _one(database, queries.get_speaker, speaker_id, f"Speaker {speaker_id}")
    aliases = await _read(database, queries.other_aliases, speaker_id, speaker["name"])
    timeline = await _read(database, queries.speaker_timeline, speaker_id)
    quotes = await _read(database, queries.speaker_quotes, speaker_id)
    for quote in quotes:
        quote["context_url"] = page_url(datasette, "article", quote["article_id"], database.name,
                                        start=quote["start"], end=quote["end"])
        quote["claim_url"] = (page_url(datasette, "claim", quote["claim_id"], database.name)
                              if quote["claim_id"] else None)
    return await _render(datasette, request, "claimtrack_speaker.html", {
        "database": database.name,
        "speaker": speaker,
        "aliases": aliases,
        "timeline_svg": timeline_svg(timeline),
        "quotes": quotes,
        "speaker_row_url": datasette.urls.row(database.name, "speakers", speaker_id),
    })


def timeline_svg(rows: list[dict], *, width: int = 760, lane: int = 34) -> Markup:
    """An inline SVG: one lane per outlet, one circle per day the speaker was quoted there, its area
    proportional to the number of quotes, with a tick for each new year. Undated rows are left out
    (the quote list below the chart shows them).

    Every text in the SVG is escaped; it needs no script or external asset.
    """
    dated = [row for row in rows if _day(row["date"])]
    if not dated:
        return Markup('<p class="claimtrack-note">No dated quotes to draw.</p>')
    outlets = sorted({row["outlet"] or "unknown outlet" for row in dated})
    days = [_day(row["date"]) for row in dated]
    first, last = min(days), max(days)
    left, right, top, pad = 170, 30, 20, 20
    height = top + lane * len(outlets) + 40
    axis_y = top + lane * len(outlets) + 20
    most = max(row["quotes"] for row in dated)

    def x_of(day: dt.date) -> float:
        share = (day - first).days / (last - first).days if last != first else 0.5
        return left + pad + (width - left - right - 2 * pad) * share

    parts = [Markup('<svg class="claimtrack-timeline" role="img" xmlns="http://www.w3.org/2000/svg" '
                    'width="{w}" height="{h}" viewBox="0 0 {w} {h}"><title>When and where quoted</title>')
             .format(w=width, h=height)]
    for index, outlet in enumerate(outlets):
        y = top + lane * index + lane // 2
        parts.append(Markup('<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle" '
                            'font-size="12">{}</text><line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd"/>')
                     .format(left - 10, y, outlet, left, width - right, y, y))
    ticks = [first] + [dt.date(year, 1, 1) for year in range(first.year + 1, last.year + 1)] + [last]
    if len(ticks) > 12:
        ticks = [first, last]
    # A year tick close to the first or last date would overprint that date's label.
    ends = (x_of(first), x_of(last))
    ticks = [day for day in ticks if day in (first, last) or min(abs(x_of(day) - x) for x in ends) > 45]
    for day in dict.fromkeys(ticks):
        parts.append(Markup('<text x="{:.1f}" y="{}" font-size="11" text-anchor="middle" fill="#555">{}</text>')
                     .format(x_of(day), axis_y, day.isoformat() if day in (first, last) else day.year))
    for row, day in zip(dated, days, strict=True):
        y = top + lane * outlets.index(row["outlet"] or "unknown outlet") + lane // 2
        radius = 4 + 10 * math.sqrt(row["quotes"] / most)
        parts.append(Markup('<circle cx="{:.1f}" cy="{}" r="{:.1f}" fill="#2b6cb0" fill-opacity="0.7">'
                            '<title>{}: {} quote{} in {}</title></circle>')
                     .format(x_of(day), y, radius, row["date"], row["quotes"], "" if row["quotes"] == 1 else "s",
                             row["outlet"] or "unknown outlet"))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


async def article_page(datasette, request) -> Response:
    database = await claimtrack_database(datasette, request)
    article_id = int(request.url_vars["article_id"])
    article = await _one(database, queries.get_article_with_outlet, article_id, f"Article {article_id}")
    text = article["text"] or ""
    start, end = _offset(request.args.get("start")), _offset(request.args.get("end"))
    if start is None or end is None or not 0 <= start < end <= len(text):
        start = end = None
    return await _render(datasette, request, "claimtrack_article.html", {
        "database": database.name,
        "article": article,
        "web_url": web_url(article["url"]),
        "before": text[:start] if start is not None else text,
        "quote": text[start:end] if start is not None else None,
        "after": text[end:] if end is not None else "",
        "article_row_url": datasette.urls.row(database.name, "articles", article_id),
    })


def _offset(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None

