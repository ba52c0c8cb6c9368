"""Every read the command line and the web pages make: quotes, search, speakers, claims, articles.

One query layer, so that the CLI and the Datasette pages give the same answers. Quote listings
take a :class:`QuoteFilter`; full-text search matches each word by prefix (as written only when
it is common) or by its Indonesian stem (:func:`search_match`), and no FTS syntax from the user
reaches SQLite; a name filter matches the text as written (``%`` and ``_`` are no wildcards,
:func:`contains`). An id SQLite cannot hold finds nothing, as any other id that is not there.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from claimtrack.stemming import stem
from claimtrack.storage.speakers import speaker_of_alias as speaker_of_alias  # read by the web pages too

if TYPE_CHECKING:
    import sqlite_utils

# The largest rowid SQLite stores; a larger id cannot even be asked for.
MAX_ROW_ID = 2**63 - 1


def _escaped(value: str) -> str:
    r"""``value`` with ``\``, ``%`` and ``_`` escaped for ``LIKE ? ESCAPE '\'``."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(value: str) -> str:
    r"""A ``LIKE ? ESCAPE '\'`` pattern for text containing ``value`` as written.

    >>> contains("50%_off")
    '%50\\%\\_off%'
    """
    return "%" + _escaped(value) + "%"


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


# Characters that part the words of a name, and the SQL that spaces a column's words out so that
# `like '% agus %'` finds `Agus` as a whole word (`Agus Rahardjo`), never inside one (`Tubagus`,
# `Agustina`). The same is done to the name asked for (`_whole_words`).
_NAME_PUNCTUATION = "-(),."


def _spaced(column: str) -> str:
    sql = f"lower({column})"
    for char in _NAME_PUNCTUATION:
        sql = f"replace({sql}, '{char}', ' ')"
    return f"replace(replace(' ' || {sql} || ' ', '  ', ' '), '  ', ' ')"


def _has_words(column: str) -> str:
    """SQL that is true when ``column`` holds the words of a name as whole words; it takes the two
    patterns of :func:`_whole_words`. The words in order anywhere come first, a plain LIKE (which
    folds ASCII case as ``lower()`` does) that rules out most names for a fraction of what spacing
    each one out costs (5,000 names: 12 ms)."""
    return f"({column} like ? escape '\\' and {_spaced(column)} like ? escape '\\')"


def _whole_words(name: str) -> list[str]:
    """The LIKE patterns (escape ``\\``) for :func:`_has_words`: the words of ``name`` in order
    anywhere, then as whole words of a spaced column."""
    words = [_escaped(word) for word in re.sub(f"[{re.escape(_NAME_PUNCTUATION)}\\s]+", " ", name.lower()).split()]
    return [f"%{'%'.join(words)}%", f"% {' '.join(words)} %"]


_ALIAS_HAS_WORDS = f"select speaker_id from speaker_aliases where {_has_words('alias')}"


@dataclass(frozen=True)
class QuoteFilter:
    """The filters every quote listing takes; each is optional. ``speaker`` matches the names and
    aliases that hold it as whole words (`Agus` finds `Agus Rahardjo`, not `Tubagus Ahmad`);
    ``speaker_id`` is one speaker."""

    speaker: str | None = None
    outlet: str | None = None
    kind: str | None = None
    since: str | None = None
    until: str | None = None
    speaker_id: int | None = None

    def sql(self) -> tuple[list[str], list]:
        where, params = [], []
        if self.speaker:
            where.append(f"(quotes.speaker_id in ({_ALIAS_HAS_WORDS}) or {_has_words('quotes.speaker_name')})")
            params += _whole_words(self.speaker) * 2
        if self.speaker_id is not None:
            where.append("quotes.speaker_id = ?")
            params.append(self.speaker_id)
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


_QUOTE_COLUMNS = """quotes.id, quotes.kind, quotes.text, quotes.speaker, quotes.speaker_id,
    coalesce(speakers.name, quotes.speaker_name) as speaker_name, quotes.cue, quotes.relay, quotes.start,
    quotes."end", quotes.method, quotes.confidence,
    articles.id as article_id, articles.source, articles.url, articles.title, articles.published,
    articles.date_source, outlets.name as outlet"""
_QUOTE_JOINS = """from quotes join articles on articles.id = quotes.article_id
    left join outlets on outlets.id = articles.outlet_id
    left join speakers on speakers.id = quotes.speaker_id"""
# Quote rows with the claim each quote is in (the first, when its sentences are in several).
_QUOTES_WITH_CLAIM = (f"select {_QUOTE_COLUMNS}, (select min(claim_id) from claim_members "
                      f"where quote_id = quotes.id) as claim_id {_QUOTE_JOINS}")


def list_quotes(db: sqlite_utils.Database, filters: QuoteFilter = QuoteFilter(), *,
                limit: int | None = None) -> Iterator[dict]:
    """Quotes, newest article first; at most ``limit`` of them, all when ``None``."""
    where, params = filters.sql()
    sql = f"select {_QUOTE_COLUMNS} {_QUOTE_JOINS}"
    if where:
        sql += " where " + " and ".join(where)
    sql += " order by articles.published desc, articles.id desc, quotes.start" + _limit(limit)
    yield from db.query(sql, params)


def _words(query: str) -> list[str]:
    """The words of a query, each once, in order."""
    return list(dict.fromkeys(re.findall(r"\w+", query)))


def fts_query(query: str, *, common: Collection[str] = ()) -> str:
    """User words as FTS5 string literals: each word matches as a prefix of a word of the quote
    or its speaker, or by its Indonesian stem; a word in ``common`` (:func:`common_terms`) matches
    as written or by its stem. No FTS syntax from the user reaches SQLite."""
    clauses = []
    for word in _words(query):
        prefix = "" if word in common else "*"
        clauses.append(f'({{text speaker_name}} : "{word}"{prefix} OR stems : "{stem(word)}")')
    return " AND ".join(clauses)


# A word or stem in more quotes than this is common. A common word matches as written and by its
# stem, not as a prefix too: FTS5 lists every quote of a prefix before it reads one (0.15 s for a
# word in every quote of a million), and what a prefix adds to a word that common (`dana` to
# `dan`) is another word. Common words and stems do not weigh in the order: bm25 counts every
# quote of each term it weighs, and gives a term that common next to nothing.
COMMON_QUOTES = 10_000
# bm25 ranks the newest this many matches of a query; older matches follow them, newest first.
# Ranking costs FTS5 a few microseconds a quote (the 1,651 matches of `sanksi` in 1M quotes: 5 ms).
RANKED_MATCHES = 2_000


def _more_than(db: sqlite_utils.Database, count: int, match: str, since: int = 0) -> bool:
    """Whether the full-text query ``match`` finds more than ``count`` quotes with an id of
    ``since`` or more (counted up to one past ``count``, no further)."""
    return db.execute("select count(*) from (select 1 from quotes_fts where quotes_fts match ? and rowid >= ? limit ?)",
                      [match, since, count + 1]).fetchone()[0] > count


def common_terms(db: sqlite_utils.Database, query: str) -> set[str]:
    """The common words of ``query`` (in more than ``COMMON_QUOTES`` quotes as written, in their
    text or speaker name), and the common stems of its words (``stem:`` and the stem)."""
    common = set()
    for word in _words(query):
        if _more_than(db, COMMON_QUOTES, _as_written(word)):
            common.add(word)
        if _more_than(db, COMMON_QUOTES, _by_stem(word)):
            common.add(f"stem:{stem(word)}")
    return common


def _as_written(word: str) -> str:
    return f'{{text speaker_name}} : "{word}"'


def _by_stem(word: str) -> str:
    return f'stems : "{stem(word)}"'


def search_match(db: sqlite_utils.Database, query: str) -> str:
    """The full-text query :func:`search_quotes` runs for ``query`` in ``db``: its common words as
    written, the others as prefixes too, each also by its stem; empty when it has no words."""
    return fts_query(query, common=common_terms(db, query))


def search_quotes(db: sqlite_utils.Database, query: str, filters: QuoteFilter = QuoteFilter(), *,
                  limit: int | None = 50) -> Iterator[dict]:
    """Full-text search of quote text and speaker names (:func:`search_match`): the newest
    ``RANKED_MATCHES`` matches best first, then the older ones newest first. Best first is bm25
    over the words and stems that are not common (``COMMON_QUOTES``), among the quotes that hold
    each word as written or by such a stem; quotes found through a prefix or a common stem alone
    come after those, newest first, and a query of common words only lists the newest first (as
    does the window when the terms weighed find more than ``RANKED_MATCHES`` quotes in its span).
    At most ``limit`` quotes, all when ``None``."""
    common = common_terms(db, query)
    match = fts_query(query, common=common)
    if not match:
        return
    where, params = filters.sql()
    if where:
        names = _speaker_names(db, filters.speaker) if filters.speaker else None
        if names == []:
            return
        if names:
            # The full-text index finds the speaker's quotes too, so that the filter checks a few rows,
            # not every match of a common word; the order is ranked on the query's words alone (_ranked).
            match = f"({match}) AND speaker_name : ({_names_match(db, names)})"
        matching = (f"select quotes.id {_QUOTE_JOINS} join quotes_fts on quotes_fts.rowid = quotes.id "
                    f"where quotes_fts match ? and {' and '.join(where)} order by quotes_fts.rowid desc")
    else:
        matching = "select rowid from quotes_fts where quotes_fts match ? order by rowid desc"
    newest = [row[0] for row in db.execute(matching + " limit ?", [match, *params, RANKED_MATCHES + 1])]
    if not newest:
        return
    ids = _ranked(db, query, common, newest[:RANKED_MATCHES])
    if len(newest) > RANKED_MATCHES and (limit is None or limit > RANKED_MATCHES):
        ids += [row[0] for row in db.execute(matching + _limit(limit), [match, *params])][RANKED_MATCHES:]
    ids = ids[:limit]
    rows = {row["id"]: row for row in db.query(f"select {_QUOTE_COLUMNS} {_QUOTE_JOINS} where quotes.id in "
                                                "(select value from json_each(?))", [json.dumps(ids)])}
    yield from (rows[quote_id] for quote_id in ids if quote_id in rows)


def _ranked(db: sqlite_utils.Database, query: str, common: set[str], matches: list[int]) -> list[int]:
    """``matches`` (ids, newest first), those that hold each word of ``query`` as written or by
    its stem first, best first by bm25 over the words and stems not in ``common``; the others after
    them, newest first. All newest first when every term is common, or when the terms weighed
    find more than ``RANKED_MATCHES`` quotes from the oldest of ``matches`` on."""
    clauses = []
    for word in _words(query):
        terms = [term for term, name in ((_as_written(word), word), (_by_stem(word), f"stem:{stem(word)}"))
                 if name not in common]
        if terms:
            clauses.append(f"({' OR '.join(terms)})")
    if not clauses:
        return list(matches)
    ranking, since = " AND ".join(clauses), matches[-1]
    if _more_than(db, RANKED_MATCHES, ranking, since):
        return list(matches)
    wanted = set(matches)
    ranked = [row[0] for row in db.execute("select rowid from quotes_fts where quotes_fts match ? and rowid >= ? "
                                           "order by rank", [ranking, since]) if row[0] in wanted]
    first = set(ranked)
    return ranked + [quote_id for quote_id in matches if quote_id not in first]


# At most this many speaker names narrow a full-text query; a filter that passes more (`--speaker a`)
# is checked on every match instead.
_NAMES_IN_A_QUERY = 64


def _speaker_names(db: sqlite_utils.Database, speaker: str) -> list[str] | None:
    """The speaker names of every quote that ``QuoteFilter(speaker=speaker)`` passes, found by
    evaluating the filter on the distinct (speaker_name, speaker_id) pairs of ``quote_speakers``;
    ``None`` when they cannot narrow a full-text search: too many names, or a quote without one."""
    where, params = QuoteFilter(speaker=speaker).sql()
    try:
        # Each name once, told apart here: `select distinct` read the pairs through their index and
        # looked each row up (6-8 ms for 5,000 pairs, against 1.6 ms for this scan).
        pairs = db.execute(f"select quotes.speaker_name from quote_speakers as quotes where {' and '.join(where)}",
                           params).fetchall()
    except sqlite3.OperationalError:  # a speaker filter that reads more of a quote than its name and speaker id
        return None
    names = list(dict.fromkeys(name for (name,) in pairs))
    if len(names) > _NAMES_IN_A_QUERY or any(not name or not re.search(r"\w", name) for name in names):
        return None
    return names


def _names_match(db: sqlite_utils.Database, names: list[str]) -> str:
    """An FTS5 query on the speaker name that every quote of ``names`` matches: each name by its
    words that are not common in speaker names (``COMMON_QUOTES``), or as a phrase when all are.
    It may find other speakers too (`Pembicara 12` by `12`): the filter itself is checked on each
    quote it finds. A phrase with a common word costs FTS5 a walk through that word's quotes
    (`Pembicara 2689`, `pembicara` in every quote of a million: 8 ms; `2689` alone 0.1 ms)."""
    words = {word.lower() for name in names for word in re.findall(r"\w+", name)}
    common = {word for word in words if _more_than(db, COMMON_QUOTES, f"speaker_name : {_phrase(word)}")}
    clauses = []
    for name in names:
        rare = [_phrase(word) for word in dict.fromkeys(re.findall(r"\w+", name.lower())) if word not in common]
        clauses.append(f"({' AND '.join(rare)})" if rare else _phrase(name))
    return " OR ".join(clauses)


def _phrase(text: str) -> str:
    """``text`` as one FTS5 phrase: FTS5 splits it into words as it split the column."""
    return '"' + text.replace('"', '""') + '"'


def said(db: sqlite_utils.Database, speaker_id: int | None, filters: QuoteFilter = QuoteFilter(), *,
         limit: int | None = None) -> Iterator[dict]:
    """Everything one speaker said (or, with ``speaker_id`` None, every speaker ``filters.speaker``
    names), grouped by claim: the quotes of one claim together, with the claim's statement
    (``claim_statement``), after the newest of them; groups and quotes in no claim newest first;
    at most ``limit`` quotes, all when ``None``."""
    where, params = (filters if speaker_id is None else replace(filters, speaker_id=speaker_id)).sql()
    sql = (f"with said as ({_QUOTES_WITH_CLAIM} "
           f"where {' and '.join(where)}) "
           "select said.*, claims.statement as claim_statement from said left join claims on claims.id = said.claim_id "
           "order by max(said.published) over (partition by coalesce(said.claim_id, -said.id)) desc, "
           "coalesce(said.claim_id, -said.id), said.published desc, said.article_id desc, said.start"
           + _limit(limit))
    yield from db.query(sql, params)


def get_quote(db: sqlite_utils.Database, quote_id: int) -> dict | None:
    """A quote with its article's text, for showing it in context."""
    if not is_row_id(quote_id):
        return None
    sql = f"select {_QUOTE_COLUMNS}, articles.text as article_text {_QUOTE_JOINS} where quotes.id = ?"
    return next(db.query(sql, [quote_id]), None)


def export_rows(db: sqlite_utils.Database, filters: QuoteFilter = QuoteFilter()) -> Iterator[dict]:
    """Every quote with its provenance and the claim it is in (``claim_id``, ``None`` when in
    none), newest article first, for export."""
    where, params = filters.sql()
    sql = _QUOTES_WITH_CLAIM
    if where:
        sql += " where " + " and ".join(where)
    yield from db.query(sql + " order by articles.published desc, articles.id desc, quotes.start", params)


# --- speakers -----------------------------------------------------------------------------------

def speakers_named(db: sqlite_utils.Database, name: str) -> list[dict]:
    """The speakers with a name or alias that holds ``name`` as whole words, most quoted first:
    each with ``id``, ``name``, ``type``, ``quotes`` and ``exact`` (an alias is ``name`` itself)."""
    return list(db.query(
        f"""select speakers.id, speakers.name, speakers.type,
               (select count(*) from quotes where quotes.speaker_id = speakers.id) as quotes,
               exists(select 1 from speaker_aliases where speaker_id = speakers.id and alias = ? collate nocase)
                   as exact
            from speakers where speakers.id in ({_ALIAS_HAS_WORDS})
            order by quotes desc, speakers.name""", [name, *_whole_words(name)]))


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


def speaker_quotes(db: sqlite_utils.Database, speaker_id: int, filters: QuoteFilter = QuoteFilter()) -> list[dict]:
    """A speaker's quotes as :func:`list_quotes` rows with the claim each is in, newest first,
    narrowed by ``filters`` (its ``speaker`` aside)."""
    where, params = replace(filters, speaker=None).sql()
    sql = (f"{_QUOTES_WITH_CLAIM} "
           f"where {' and '.join(['quotes.speaker_id = ?', *where])} "
           "order by articles.published desc, articles.id desc, quotes.start")
    return list(db.query(sql, [speaker_id, *params]))


def speaker_outlets(db: sqlite_utils.Database, speaker_id: int) -> list[str]:
    """The outlets that quoted a speaker, by name."""
    return [row[0] for row in db.execute(
        "select distinct outlets.name from quotes join articles on articles.id = quotes.article_id "
        "join outlets on outlets.id = articles.outlet_id where quotes.speaker_id = ? order by outlets.name",
        [speaker_id])]


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


def article_quotes(db: sqlite_utils.Database, article_id: int) -> list[dict]:
    """An article's quotes in text order, as :func:`list_quotes` rows with the claim of each."""
    return list(db.query(f"{_QUOTES_WITH_CLAIM} "
                         "where quotes.article_id = ? order by quotes.start, quotes.\"end\" desc", [article_id]))


def quotes_of_article(db: sqlite_utils.Database, article_id: int) -> list[dict]:
    return list(db.query("select * from quotes where article_id = ? order by id", [article_id]))


# --- claims -------------------------------------------------------------------------------------

_CLAIM_MEMBERS = """select claim_members.article_id, articles.source, outlets.name as outlet,
        articles.published as date, claim_members.start, claim_members."end", quotes.kind,
        coalesce(speakers.name, quotes.speaker_name) as speaker_name,
        claim_members.text, claim_members.probability, claim_members.unit_id = claims.canonical_unit_id as canonical,
        claim_members.quote_id, articles.url, articles.title, articles.date_source, quotes.confidence, quotes.method
    from claim_members join claims on claims.id = claim_members.claim_id
    join quotes on quotes.id = claim_members.quote_id
    join articles on articles.id = claim_members.article_id
    left join outlets on outlets.id = articles.outlet_id
    left join speakers on speakers.id = quotes.speaker_id
    where claim_members.claim_id = ?
    order by articles.published is null, articles.published, claim_members.article_id, claim_members.start"""


def _with_members(db: sqlite_utils.Database, claim: dict) -> dict:
    """A claim row with its members, each with its probability of stating the claim's statement
    (its canonical wording) and whether it is that wording."""
    claim["members"] = [dict(member, canonical=bool(member["canonical"]))
                        for member in db.query(_CLAIM_MEMBERS, [claim["id"]])]
    return claim


def _claims_where(speaker: str | None, min_outlets: int) -> tuple[str, list]:
    """The condition on ``claims`` for :func:`list_claims` and :func:`count_claims`: reported by
    ``min_outlets`` outlets or more and, with ``speaker``, holding a quote by a speaker that name
    or alias finds, as :class:`QuoteFilter` finds one (so `claims --speaker` and `said` agree)."""
    where, params = ["claims.outlets >= ?"], [min_outlets]
    if speaker:
        by_speaker, speaker_params = QuoteFilter(speaker=speaker).sql()
        where.append("claims.id in (select claim_members.claim_id from claim_members join quotes on quotes.id = "
                     f"claim_members.quote_id where {' and '.join(by_speaker)})")
        params += speaker_params
    return " and ".join(where), params


def list_claims(db: sqlite_utils.Database, *, speaker: str | None = None, min_outlets: int = 2,
                limit: int | None = None) -> Iterator[dict]:
    """Claims with their members (outlet, date, offsets, kind, speaker, wording), most outlets first."""
    where, params = _claims_where(speaker, min_outlets)
    for claim in db.query(f"select * from claims where {where} order by outlets desc, members desc, id"
                          + _limit(limit), params):
        yield _with_members(db, claim)


def count_claims(db: sqlite_utils.Database, *, speaker: str | None = None, min_outlets: int = 1) -> int:
    """How many claims :func:`list_claims` would list."""
    where, params = _claims_where(speaker, min_outlets)
    return db.execute(f"select count(*) from claims where {where}", params).fetchone()[0]


def get_claim(db: sqlite_utils.Database, claim_id: int) -> dict | None:
    """One claim with its members, shaped as :func:`list_claims` yields it; ``None`` when there is none."""
    if not is_row_id(claim_id):
        return None
    claim = next(db.query("select * from claims where id = ?", [claim_id]), None)
    return None if claim is None else _with_members(db, claim)


# The first report of each claim: the member of the earliest article (published date, then id).
_FIRST_REPORT = """(select {column} from claim_members first join articles on articles.id = first.article_id
    left join outlets on outlets.id = articles.outlet_id where first.claim_id = claims.id
    order by articles.published is null, articles.published, articles.id, first.start limit 1)"""


def latest_claims(db: sqlite_utils.Database, *, min_outlets: int = 2, limit: int = 10) -> list[dict]:
    """The claims most recently reported by ``min_outlets`` outlets or more, newest last report
    first: ``id``, ``statement`` (its canonical wording), ``speaker_name``, ``outlets``, ``members``,
    ``outlet_names`` (`A | B`), ``first_outlet`` and ``first_date`` (who reported it first, when),
    ``last_date``."""
    return list(db.query(
        f"""select claims.id, claims.statement, claims.speaker_name, claims.outlets, claims.members,
               (select group_concat(name, ' | ') from (select distinct outlets.name from claim_members
                    join articles on articles.id = claim_members.article_id
                    join outlets on outlets.id = articles.outlet_id
                    where claim_members.claim_id = claims.id order by outlets.name)) as outlet_names,
               {_FIRST_REPORT.format(column="outlets.name")} as first_outlet,
               {_FIRST_REPORT.format(column="articles.published")} as first_date,
               (select max(articles.published) from claim_members join articles
                    on articles.id = claim_members.article_id where claim_members.claim_id = claims.id) as last_date
            from claims where claims.outlets >= ?
            order by last_date is null, last_date desc, claims.outlets desc, claims.id{_limit(limit)}""",
        [min_outlets]))


def most_quoted_speakers(db: sqlite_utils.Database, *, days: int = 7, limit: int = 10) -> list[dict]:
    """The speakers quoted most in the ``days`` days up to the newest article stored (not today:
    a database of last year's news has its own last days): ``id``, ``name``, ``type``, ``quotes``,
    ``outlets``, ``since``, ``until``."""
    return list(db.query(
        f"""with span as (select max(published) as until, date(max(published), ?) as since from articles
                          where published is not null)
            select speakers.id, speakers.name, speakers.type, count(*) as quotes,
                   count(distinct articles.outlet_id) as outlets, span.since, span.until
            from quotes join articles on articles.id = quotes.article_id
            join speakers on speakers.id = quotes.speaker_id, span
            where articles.published > span.since and articles.published <= span.until
              and speakers.type in ('person', 'organisation')
            group by speakers.id order by quotes desc, speakers.name{_limit(limit)}""",
        [f"-{int(days)} days"]))


def speaker_suggestions(db: sqlite_utils.Database, *, limit: int = 300) -> list[str]:
    """Names and aliases of the most quoted speakers, most quoted first, for a search box to
    suggest."""
    return [row[0] for row in db.execute(
        f"""select speaker_aliases.alias from speaker_aliases join speakers on speakers.id = speaker_aliases.speaker_id
            where speakers.type in ('person', 'organisation')
            order by (select count(*) from quotes where quotes.speaker_id = speakers.id) desc, speakers.id,
                     speaker_aliases.alias = speakers.name desc, speaker_aliases.alias{_limit(limit)}""")]


def find_quotes(db: sqlite_utils.Database, *, speaker: str | None = None, words: str | None = None,
                filters: QuoteFilter = QuoteFilter(), limit: int | None = None) -> list[dict]:
    """"What did SPEAKER say about WORDS": :func:`search_quotes` when there are words, else
    :func:`said` for the speaker, else the newest quotes; each row with the claim of its quote.
    The CLI's ``search`` and ``said`` read the same functions, so the web and the CLI agree."""
    filters = replace(filters, speaker=speaker or filters.speaker)
    if words and fts_query(words):
        return with_claims(db, search_quotes(db, words, filters, limit=limit))
    if filters.speaker:
        return list(said(db, None, filters, limit=limit))
    return []


def with_claims(db: sqlite_utils.Database, rows: Iterable[dict]) -> list[dict]:
    """Quote rows, each with the claim its quote is in (``claim_id``, ``None`` when in none)."""
    rows = list(rows)
    claims = _claims_of([row["id"] for row in rows], db)
    return [{**row, "claim_id": claims.get(row["id"])} for row in rows]


def _claims_of(quote_ids: list[int], db: sqlite_utils.Database) -> dict[int, int]:
    claims: dict[int, int] = {}
    for start in range(0, len(quote_ids), 500):
        chunk = quote_ids[start:start + 500]
        for quote_id, claim_id in db.execute(
                f"select quote_id, min(claim_id) from claim_members where quote_id in ({','.join('?' * len(chunk))}) "
                "group by quote_id", chunk):
            claims[quote_id] = claim_id
    return claims


def claim_neighbours(db: sqlite_utils.Database, claim_id: int, speaker_name: str | None) -> dict:
    """The previous and next claim of the same speaker, by the date each was first reported:
    ``{"previous": id or None, "next": id or None}``."""
    if not speaker_name:
        return {"previous": None, "next": None}
    ordered = [row[0] for row in db.execute(
        f"""select claims.id from claims where claims.speaker_name = ?
            order by {_FIRST_REPORT.format(column="articles.published")} is null,
                     {_FIRST_REPORT.format(column="articles.published")}, claims.id""", [speaker_name])]
    if claim_id not in ordered:
        return {"previous": None, "next": None}
    at = ordered.index(claim_id)
    return {"previous": ordered[at - 1] if at > 0 else None, "next": ordered[at + 1] if at + 1 < len(ordered) else None}


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
