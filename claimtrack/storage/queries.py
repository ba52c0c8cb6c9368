"""Every read the command line and the web pages make: quotes, search, speakers, claims, articles.

One query layer, so that the CLI and the Datasette pages give the same answers. Quote listings
take a :class:`QuoteFilter`; full-text search matches each word by prefix or by its Indonesian
stem (:func:`fts_query`), and no FTS syntax from the user reaches SQLite; a name filter matches
the text as written (``%`` and ``_`` are no wildcards, :func:`contains`). An id SQLite cannot hold
finds nothing, as any other id that is not there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import sqlite_utils

from claimtrack.stemming import stem
from claimtrack.storage.speakers import speaker_of_alias as speaker_of_alias  # read by the web pages too

# The largest rowid SQLite stores; a larger id cannot even be asked for.
MAX_ROW_ID = 2**63 - 1


def contains(value: str) -> str:
    r"""A ``LIKE ? ESCAPE '\'`` pattern for text containing ``value`` as written.

    >>> contains("50%_off")
    '%50\\%\\_off%'
    """
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def is_row_id(value: int) -> bool:
    """Whether ``value`` can be the id of a row (SQLite raises on an integer it cannot hold)."""
    return 0 < value <= MAX_ROW_ID


def _limit(limit: int | None) -> str:
    """The LIMIT clause for at most ``limit`` rows, all of them when ``None``."""
    if limit is None:
        return ""
    if limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit}")
    return f" limit {int(limit)}"


@dataclass(frozen=True)
class QuoteFilter:
    """The filters every quote listing takes; each is optional."""

    speaker: str | None = None
    outlet: str | None = None
    kind: str | None = None
    since: str | None = None
    until: str | None = None

    def sql(self) -> tuple[list[str], list]:
        where, params = [], []
        if self.speaker:
            where.append("(quotes.speaker_id in (select speaker_id from speaker_aliases "
                         "where alias like ? escape '\\') or quotes.speaker_name like ? escape '\\')")
            params += [contains(self.speaker)] * 2
        if self.outlet:
            where.append("outlets.name like ? escape '\\'")
            params.append(contains(self.outlet))
        if self.kind:
            where.append("quotes.kind = ?")
            params.append(self.kind)
        if self.since:
            where.append("articles.published >= ?")
            params.append(self.since)
        if self.until:
            where.append("articles.published <= ?")
            params.append(self.until)
        return where, params


_QUOTE_COLUMNS = """quotes.id, quotes.kind, quotes.text, quotes.speaker, coalesce(speakers.name, quotes.speaker_name)
    as speaker_name, quotes.cue, quotes.relay, quotes.start, quotes."end", quotes.method, quotes.confidence,
    articles.id as article_id, articles.source, articles.url, articles.title, articles.published,
    outlets.name as outlet"""
_QUOTE_JOINS = """from quotes join articles on articles.id = quotes.article_id
    left join outlets on outlets.id = articles.outlet_id
    left join speakers on speakers.id = quotes.speaker_id"""
# The claim a quote is in (the first, when its sentences are in several), for a quote row `quotes`
# or a `quotes_view` row.
_CLAIM_OF = "(select min(claim_id) from claim_members where quote_id = {quotes}.id) as claim_id"


def list_quotes(db: sqlite_utils.Database, filters: QuoteFilter = QuoteFilter(), *,
                limit: int | None = None) -> Iterator[dict]:
    """Quotes, newest article first; at most ``limit`` of them, all when ``None``."""
    where, params = filters.sql()
    sql = f"select {_QUOTE_COLUMNS} {_QUOTE_JOINS}"
    if where:
        sql += " where " + " and ".join(where)
    sql += " order by articles.published desc, articles.id desc, quotes.start" + _limit(limit)
    yield from db.query(sql, params)


def fts_query(query: str) -> str:
    """User words as FTS5 string literals: each word matches as a prefix of a word of the quote
    or its speaker, or by its Indonesian stem. No FTS syntax from the user reaches SQLite."""
    clauses = []
    for word in re.findall(r"\w+", query):
        clauses.append(f'({{text speaker_name}} : "{word}"* OR stems : "{stem(word)}")')
    return " AND ".join(clauses)


def search_quotes(db: sqlite_utils.Database, query: str, filters: QuoteFilter = QuoteFilter(), *,
                  limit: int | None = 50) -> Iterator[dict]:
    """Full-text search of quote text and speaker names, best match first; at most ``limit``
    quotes, all when ``None``."""
    match = fts_query(query)
    if not match:
        return
    where, params = filters.sql()
    sql = (f"select {_QUOTE_COLUMNS} {_QUOTE_JOINS} "
           "join quotes_fts on quotes_fts.rowid = quotes.id where quotes_fts match ?")
    if where:
        sql += " and " + " and ".join(where)
    sql += " order by quotes_fts.rank" + _limit(limit)
    yield from db.query(sql, [match, *params])


def said(db: sqlite_utils.Database, speaker: str, filters: QuoteFilter = QuoteFilter()) -> Iterator[dict]:
    """Everything one speaker said, grouped by claim: the quotes of one claim together, with the
    claim's statement (``claim_statement``), after the newest of them; groups and quotes in no
    claim newest first."""
    where, params = replace(filters, speaker=speaker).sql()
    sql = (f"with said as (select {_QUOTE_COLUMNS}, {_CLAIM_OF.format(quotes='quotes')} {_QUOTE_JOINS} "
           f"where {' and '.join(where)}) "
           "select said.*, claims.statement as claim_statement from said left join claims on claims.id = said.claim_id "
           "order by max(said.published) over (partition by coalesce(said.claim_id, -said.id)) desc, "
           "coalesce(said.claim_id, -said.id), said.published desc, said.article_id desc, said.start")
    yield from db.query(sql, params)


def get_quote(db: sqlite_utils.Database, quote_id: int) -> dict | None:
    """A quote with its article's text, for showing it in context."""
    if not is_row_id(quote_id):
        return None
    sql = f"select {_QUOTE_COLUMNS}, articles.text as article_text {_QUOTE_JOINS} where quotes.id = ?"
    return next(db.query(sql, [quote_id]), None)


def export_rows(db: sqlite_utils.Database, filters: QuoteFilter = QuoteFilter()) -> Iterator[dict]:
    """Every quote with its provenance, for export."""
    yield from list_quotes(db, filters)


# --- speakers -----------------------------------------------------------------------------------

MENTIONS_LISTED = 8


def list_speakers(db: sqlite_utils.Database, *, name: str | None = None) -> Iterator[dict]:
    """Speakers with their quote counts, every alias, and the words their quotes' articles name
    them with (``mentions``: `Jokowi ×701 | -nya ×213 | Presiden Jokowi ×57`, most used first,
    at most ``MENTIONS_LISTED``), most quoted first."""
    where = ("where speakers.id in (select speaker_id from speaker_aliases where alias like ? escape '\\')"
             if name else "")
    yield from db.query(
        f"""select speakers.id, speakers.name, speakers.type,
               (select count(*) from quotes where quotes.speaker_id = speakers.id) as quotes,
               (select group_concat(alias, ' | ') from speaker_aliases where speaker_id = speakers.id) as aliases,
               (select group_concat(mention, ' | ') from (
                    select quotes.speaker || case when count(*) > 1 then ' ×' || count(*) else '' end as mention
                    from quotes where quotes.speaker_id = speakers.id and coalesce(quotes.speaker, '') != ''
                    group by quotes.speaker order by count(*) desc, quotes.speaker limit {MENTIONS_LISTED})) as mentions
            from speakers {where} order by quotes desc, speakers.name""",
        [contains(name)] if name else [],
    )


def get_speaker(db: sqlite_utils.Database, speaker_id: int) -> dict | None:
    if not is_row_id(speaker_id):
        return None
    return next(db.query("select * from speakers where id = ?", [speaker_id]), None)


def other_aliases(db: sqlite_utils.Database, speaker_id: int, name: str) -> list[str]:
    """A speaker's aliases other than ``name``, in order."""
    return [row[0] for row in db.execute("select alias from speaker_aliases where speaker_id = ? and alias != ? "
                                         "order by alias", [speaker_id, name])]


def speaker_timeline(db: sqlite_utils.Database, speaker_id: int) -> list[dict]:
    """Quotes per date and outlet (the ``speaker_timeline`` view)."""
    return list(db.query("select date, outlet, quotes from speaker_timeline where speaker_id = ?", [speaker_id]))


def speaker_quotes(db: sqlite_utils.Database, speaker_id: int) -> list[dict]:
    """A speaker's quotes as ``quotes_view`` rows with the claim each is in, newest first."""
    return list(db.query(f"select quotes_view.*, {_CLAIM_OF.format(quotes='quotes_view')} from quotes_view "
                         "where speaker_id = ? order by published desc, article_id desc, start", [speaker_id]))


# --- articles -----------------------------------------------------------------------------------

def get_article_with_outlet(db: sqlite_utils.Database, article_id: int) -> dict | None:
    if not is_row_id(article_id):
        return None
    return next(db.query("select articles.*, outlets.name as outlet from articles left join outlets "
                         "on outlets.id = articles.outlet_id where articles.id = ?", [article_id]), None)


def version_pairs(db: sqlite_utils.Database) -> Iterator[dict]:
    """Consecutive versions of an article (the same URL stored with other text): ``old_id``,
    ``new_id``, ``identity``, ``old_version``, ``new_version``, ``url``."""
    yield from db.query(
        """select old.id as old_id, new.id as new_id, old.identity, old.version as old_version,
                  new.version as new_version, new.url
           from articles old join articles new on new.identity = old.identity and new.version = old.version + 1"""
    )


def quotes_of_article(db: sqlite_utils.Database, article_id: int) -> list[dict]:
    return list(db["quotes"].rows_where("article_id = ?", [article_id]))


# --- claims -------------------------------------------------------------------------------------

_CLAIM_MEMBERS = """select claim_members.article_id, articles.source, outlets.name as outlet,
        articles.published as date, claim_members.start, claim_members."end", quotes.kind,
        coalesce(speakers.name, quotes.speaker_name) as speaker_name,
        claim_members.text, claim_members.probability, claim_members.unit_id = claims.canonical_unit_id as canonical,
        claim_members.quote_id, articles.url, articles.title
    from claim_members join claims on claims.id = claim_members.claim_id
    join quotes on quotes.id = claim_members.quote_id
    join articles on articles.id = claim_members.article_id
    left join outlets on outlets.id = articles.outlet_id
    left join speakers on speakers.id = quotes.speaker_id
    where claim_members.claim_id = ? order by articles.published, claim_members.article_id, claim_members.start"""


def _with_members(db: sqlite_utils.Database, claim: dict) -> dict:
    """A claim row with its members, each with its probability of stating the claim's statement
    (its canonical wording) and whether it is that wording."""
    claim["members"] = [dict(member, canonical=bool(member["canonical"]))
                        for member in db.query(_CLAIM_MEMBERS, [claim["id"]])]
    return claim


def list_claims(db: sqlite_utils.Database, *, speaker: str | None = None, min_outlets: int = 2) -> Iterator[dict]:
    """Claims with their statement and members (outlet, date, offsets, kind, speaker, wording,
    probability), most outlets first."""
    where, params = ["claims.outlets >= ?"], [min_outlets]
    if speaker:
        where.append("claims.speaker_name like ? escape '\\'")
        params.append(contains(speaker))
    for claim in db.query(f"select * from claims where {' and '.join(where)} order by outlets desc, members desc, id",
                          params):
        yield _with_members(db, claim)


def get_claim(db: sqlite_utils.Database, claim_id: int) -> dict | None:
    """One claim with its members, shaped as :func:`list_claims` yields it; ``None`` when there is none."""
    if not is_row_id(claim_id):
        return None
    claim = next(db.query("select * from claims where id = ?", [claim_id]), None)
    return None if claim is None else _with_members(db, claim)


def claim_spans_by_source(db: sqlite_utils.Database) -> dict[str, list[tuple[int, int, int]]]:
    """Each article's claim members as ``(start, end, claim id)``, by the article's source: what
    claim matching is scored on."""
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for row in db.query("select articles.source, claim_members.start, claim_members.end, claim_members.claim_id "
                        "from claim_members join articles on articles.id = claim_members.article_id"):
        spans.setdefault(row["source"], []).append((row["start"], row["end"], row["claim_id"]))
    return spans


def article_sources(db: sqlite_utils.Database) -> set[str]:
    return {row["source"] for row in db.query("select source from articles")}
