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

from claimtrack.presenting import marks
from claimtrack.presenting.diff import DELETE, EQUAL, INSERT, pivot_member, word_diff
from claimtrack.records import KINDS
from claimtrack.storage import counts, queries

PREFIX = "/-/claimtrack"


RESULTS_SHOWN = 500
LATEST_CLAIMS = 12
SPEAKERS_SHOWN = 12
SPEAKER_DAYS = 7


@hookimpl
def register_routes(datasette):
    routes = [
        (rf"^{PREFIX}/?$", home_page),
        (rf"^{PREFIX}/search$", search_page),
        (rf"^{PREFIX}/claim/(?P<claim_id>\d+)$", claim_page),
        (rf"^{PREFIX}/speaker/(?P<speaker_id>\d+)$", speaker_page),
        (rf"^{PREFIX}/article/(?P<article_id>\d+)$", article_page),
    ]
    # `claimtrack serve` opens on the home page (its metadata says so); plain `datasette` keeps
    # its own index and has the home page at /-/claimtrack.
    if (datasette.plugin_config("claimtrack") or {}).get("home_at_root"):
        routes.insert(0, (r"^/$", home_page))
    return routes


@hookimpl
def prepare_jinja2_environment(env):
    """The plugin's templates/ behind Datasette's own, so its pages can include their shared parts."""
    from jinja2 import ChoiceLoader, FileSystemLoader

    folder = str(importlib.resources.files("claimtrack.web") / "templates")
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(folder)])


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path(f"{PREFIX}/"), "label": "claimtrack: search and claims"}]


@hookimpl
def extra_body_script(view_name):
    """On a table page, the column descriptions fold into one line, so the rows come first."""
    if view_name != "table":
        return None
    return ("""document.querySelectorAll("dl.column-descriptions").forEach(function (list) {
  var fold = document.createElement("details"); var summary = document.createElement("summary");
  summary.textContent = "What each column holds"; fold.className = "claimtrack-column-help";
  list.parentNode.insertBefore(fold, list); fold.appendChild(summary); fold.appendChild(list);
});""")


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
    if table is None and column == "speaker_id" and isinstance(value, int):
        # The speakers_by_quotes canned query names speakers by id.
        return Markup('<a href="{}">{}</a>').format(page_url(datasette, "speaker", value, database), value)
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
    members = [_marked(member) for member in claim["members"]]
    claim = {**claim, "members": len(members)}  # the template shows the claims row's member count
    for member in members:
        member["context_url"] = page_url(datasette, "article", member["article_id"], database.name,
                                         start=member["start"], end=member["end"])
        member["row_url"] = datasette.urls.row(database.name, "articles", member["article_id"])
        member["web_url"] = web_url(member["url"])
    neighbours = await _read(database, queries.claim_neighbours, claim_id, claim["speaker_name"])
    first = members[0] if members else None  # members come in the order they were published
    return await _render(datasette, request, "claimtrack_claim.html", {
        "database": database.name,
        "claim": claim,
        "statement": claim.get("statement"),
        "first": first,
        "previous_url": page_url(datasette, "claim", neighbours["previous"], database.name)
        if neighbours["previous"] else None,
        "next_url": page_url(datasette, "claim", neighbours["next"], database.name) if neighbours["next"] else None,
        "home_url": datasette.urls.path(f"{PREFIX}/"),
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
    """A speaker: aliases, when and where quoted (drawn, and counted per day and outlet), and their
    quotes grouped by claim, narrowed by ``?outlet=&kind=&since=&until=`` as the CLI's filters are."""
    database = await claimtrack_database(datasette, request)
    speaker_id = int(request.url_vars["speaker_id"])
    speaker = await _one(database, queries.get_speaker, speaker_id, f"Speaker {speaker_id}")
    aliases = await _read(database, queries.other_aliases, speaker_id, speaker["name"])
    timeline = await _read(database, queries.speaker_timeline, speaker_id)
    asked = {name: (request.args.get(name) or "").strip() or None for name in ("outlet", "kind", "since", "until")}
    filters = queries.QuoteFilter(**asked)
    quotes = [_marked(quote) for quote in await _read(database, queries.speaker_quotes, speaker_id, filters)]
    for quote in quotes:
        _link_quote(datasette, database, quote)
    return await _render(datasette, request, "claimtrack_speaker.html", {
        "database": database.name,
        "speaker": speaker,
        "aliases": aliases,
        "timeline_svg": timeline_svg(timeline),
        "days": counts_by_day(timeline),
        "quotes": quotes,
        "groups": grouped_by_claim(quotes),
        "asked": asked,
        "kinds": KINDS,
        "outlets": await _read(database, queries.speaker_outlets, speaker_id),
        "filtered": any(asked.values()),
        "speaker_url": page_url(datasette, "speaker", speaker_id, database.name),
        "home_url": datasette.urls.path(f"{PREFIX}/"),
        "speaker_row_url": datasette.urls.row(database.name, "speakers", speaker_id),
    })


def counts_by_day(timeline: list[dict]) -> list[dict]:
    """Quotes per day, newest first, each with its outlets' counts: ``{"date", "quotes", "outlets":
    [(outlet, quotes), ...]}``."""
    days: dict[str, dict] = {}
    for row in timeline:
        day = days.setdefault(row["date"] or "undated", {"date": row["date"] or "undated", "quotes": 0, "outlets": []})
        day["quotes"] += row["quotes"]
        day["outlets"].append((row["outlet"] or "unknown outlet", row["quotes"]))
    for day in days.values():
        day["outlets"].sort(key=lambda pair: (-pair[1], pair[0]))
    return sorted(days.values(), key=lambda day: (day["date"] == "undated", day["date"]), reverse=True)


def grouped_by_claim(quotes: list[dict]) -> list[dict]:
    """Quotes of one claim together (``{"claim_id", "claim_url", "quotes"}``), in the order their
    newest quote comes; quotes in no claim one group each."""
    groups: dict = {}
    for quote in quotes:
        key = quote["claim_id"] if quote.get("claim_id") else ("quote", quote["id"])
        group = groups.setdefault(key, {"claim_id": quote.get("claim_id"), "claim_url": quote.get("claim_url"),
                                        "quotes": []})
        group["quotes"].append(quote)
    return list(groups.values())


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
    """The article's paragraphs as written, each quote highlighted and labelled with its speaker
    and claim; ``?start=&end=`` (a claim member's or quote's offsets) marks one passage to jump to."""
    database = await claimtrack_database(datasette, request)
    article_id = int(request.url_vars["article_id"])
    article = await _one(database, queries.get_article_with_outlet, article_id, f"Article {article_id}")
    text = article["text"] or ""
    start, end = _offset(request.args.get("start")), _offset(request.args.get("end"))
    if start is None or end is None or not 0 <= start < end <= len(text):
        start = end = None
    quotes = [_marked(quote) for quote in await _read(database, queries.article_quotes, article_id)]
    for quote in quotes:
        _link_quote(datasette, database, quote)
    return await _render(datasette, request, "claimtrack_article.html", {
        "database": database.name,
        "article": article,
        "inferred_date": marks.inferred_date(article),
        "web_url": web_url(article["url"]),
        "paragraphs": article_paragraphs(text, quotes, (start, end) if start is not None else None),
        "quotes": len(quotes),
        "selected": start is not None,
        "article_row_url": datasette.urls.row(database.name, "articles", article_id),
        "home_url": datasette.urls.path(f"{PREFIX}/"),
    })


def article_paragraphs(text: str, quotes: list[dict], selected: tuple[int, int] | None) -> list[list[dict]]:
    """The text cut into its paragraphs (:func:`claimtrack.extracting.quote_marks.paragraphs`, which
    knows CLICK-ID's `.,`-joined ones), each a list of pieces ``{"text", "quote", "selected"}``:
    plain text (``quote`` None) or the part of a quote inside that paragraph. Quotes that overlap
    one shown before (a partial quote inside an indirect one) are left to the table of quotes.

    >>> [[piece["text"] for piece in paragraph] for paragraph in article_paragraphs("A b.,C d.", [], (5, 6))]
    [['A b.'], ['C', ' d.']]
    """
    from claimtrack.extracting.quote_marks import paragraphs  # pure; spaCy is not loaded for it

    spans, reached = [], 0
    for quote in quotes:
        if quote["start"] >= reached and quote["end"] > quote["start"]:
            spans.append((quote["start"], quote["end"], quote))
            reached = quote["end"]
    if selected and not any(begin <= selected[0] and selected[1] <= finish for begin, finish, _ in spans):
        spans = sorted([*(span for span in spans if span[1] <= selected[0] or span[0] >= selected[1]),
                        (*selected, None)], key=lambda span: span[0])
    shown = []
    for first, last in paragraphs(text):
        pieces, at = [], first
        for begin, finish, quote in spans:
            begin, finish = max(begin, first), min(finish, last)
            if begin >= finish:
                continue
            if begin > at:
                pieces.append({"text": text[at:begin], "quote": None, "selected": False})
            is_selected = bool(selected) and begin < selected[1] and selected[0] < finish
            pieces.append({"text": text[begin:finish], "quote": quote, "selected": is_selected, "mark": True})
            at = finish
        if at < last:
            pieces.append({"text": text[at:last], "quote": None, "selected": False})
        shown.append(pieces)
    return shown


def _offset(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None



def _marked(row: dict) -> dict:
    """A quote row with the marks of what claimtrack is unsure of: ``low_confidence`` and
    ``inferred_date``."""
    return {**row, "low_confidence": marks.low_confidence(row), "inferred_date": marks.inferred_date(row)}


def _home_data(db) -> dict:
    return {
        "claims": queries.latest_claims(db, limit=LATEST_CLAIMS),
        "speakers": queries.most_quoted_speakers(db, days=SPEAKER_DAYS, limit=SPEAKERS_SHOWN),
        "suggestions": queries.speaker_suggestions(db),
        "counts": counts(db),
    }


async def home_page(datasette, request) -> Response:
    database = await claimtrack_database(datasette, request)
    data = await _read(database, _home_data)
    for claim in data["claims"]:
        claim["url"] = page_url(datasette, "claim", claim["id"], database.name)
    for speaker in data["speakers"]:
        speaker["url"] = page_url(datasette, "speaker", speaker["id"], database.name)
    return await _render(datasette, request, "claimtrack_home.html", {
        **data, "database": database.name, "days": SPEAKER_DAYS,
        "search_url": datasette.urls.path(f"{PREFIX}/search"),
        # speakers: the canned query that lists them most quoted first (it has a table's address)
        "links": {name: datasette.urls.table(database.name, table) for name, table in (
            ("quotes", "quotes"), ("speakers", "speakers_by_quotes"), ("claims", "claims"), ("articles", "articles"),
            ("outlets", "outlets"))},
        "database_url": datasette.urls.database(database.name),
    })


async def search_page(datasette, request) -> Response:
    """"What did SPEAKER say about WORDS": the quotes `claimtrack search WORDS --speaker SPEAKER
    --limit 0` lists (or `claimtrack said SPEAKER` without words), from the same query."""
    database = await claimtrack_database(datasette, request)
    speaker = (request.args.get("speaker") or "").strip()
    words = (request.args.get("q") or "").strip()
    rows = await _read(database, lambda db: queries.find_quotes(db, speaker=speaker or None, words=words or None))
    quotes = [_marked(row) for row in rows[:RESULTS_SHOWN]]
    for quote in quotes:
        _link_quote(datasette, database, quote)
    suggestions = await _read(database, queries.speaker_suggestions)
    return await _render(datasette, request, "claimtrack_search.html", {
        "database": database.name, "speaker": speaker, "words": words, "found": len(rows), "quotes": quotes,
        "shown": RESULTS_SHOWN, "suggestions": suggestions, "search_url": datasette.urls.path(f"{PREFIX}/search"),
        "home_url": datasette.urls.path(f"{PREFIX}/"),
    })


def _link_quote(datasette, database: Database, quote: dict) -> None:
    quote["context_url"] = page_url(datasette, "article", quote["article_id"], database.name,
                                    start=quote["start"], end=quote["end"])
    quote["claim_url"] = page_url(datasette, "claim", quote["claim_id"], database.name) if quote.get("claim_id") \
        else None
    quote["speaker_url"] = (page_url(datasette, "speaker", quote["speaker_id"], database.name)
                            if quote.get("speaker_id") else None)
