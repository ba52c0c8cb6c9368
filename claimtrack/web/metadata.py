"""The Datasette metadata for a claimtrack database: titles and descriptions of every table, view and
column, label columns, facets, sortable columns, full-text search and canned queries.

Everything here is data about the schema in :mod:`claimtrack.storage`; :func:`build_metadata` only
arranges it in the shape Datasette 0.x reads from ``--metadata``. ``tests/test_web.py`` checks that
every table and column of a freshly migrated database is described, so the two cannot drift apart.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

# Tables and views: title, description, and one description per column. Order is the schema's.
TABLES: dict[str, dict] = {
    "outlets": {
        "title": "Outlets",
        "description": "News outlets that published the ingested articles.",
        "columns": {
            "id": "Row id.",
            "name": "Outlet name as given by the article or its metadata (e.g. SINDOnews).",
            "domain": "Web domain of the outlet, when known.",
        },
    },
    "articles": {
        "title": "Articles",
        "description": "One row per version of an ingested article. The same URL with new text is stored "
                       "as a new version; the same text again is not stored twice.",
        "columns": {
            "id": "Row id; quotes and claim members point here.",
            "identity": "The article's URL (url:…), else a versioned hash of its first text (sha256-1:…).",
            "version": "1 for the first text seen for this identity, then 2, 3, … for each changed text.",
            "outlet_id": "The outlet that published it.",
            "source": "File, URL or record the article was read from.",
            "url": "Canonical URL of the article, when known.",
            "title": "Headline.",
            "published": "Publication date (YYYY-MM-DD), when found.",
            "date_source": "Where the publication date came from: given with the input, header, body, weekday "
                           "(inferred: a weekday and day placed near another date of the article), or why it is "
                           "undated.",
            "dateline": "The dateline opening the text (e.g. JAKARTA), when present.",
            "outlet_source": "Where the outlet name came from.",
            "encoding": "Character encoding the source was decoded with.",
            "text": "Full article text; quote offsets index into it.",
            "text_sha256": "SHA-256 of the text, used to tell versions apart.",
            "html": "Original HTML, when the article was read from HTML.",
            "boilerplate": "JSON list of [start, end] spans of the text that are boilerplate, not reporting.",
            "extractor_version": "Version of the extractor that produced this article's quotes.",
            "ingested_at": "When the article was stored (UTC).",
            "key": "Content-derived key: identity plus version (computed from them).",
        },
    },
    "speakers": {
        "title": "Speakers",
        "description": "People and bodies that are quoted; spelling variants of one name are one speaker, and "
                       "so are a surname or a given name alone and the one well-known full name it belongs to "
                       "(Shoigu, Sergei Shoigu; Anies, Anies Baswedan).",
        "columns": {
            "id": "Row id.",
            "name": "The name it goes by: the fullest of its most used names (Sergei Shoigu beside Shoigu), "
                    "or the one chosen by a manual merge.",
            "type": "person, organisation, place or unnamed (a role or description with no name).",
            "identity_key": "Spelling-insensitive key that joins variants such as Bagheri and Baqeri.",
            "key_last_word": "The identity key's last word when it has more than one (soigu for Sergei Shoigu): "
                             "how a surname alone finds the full name.",
        },
    },
    "speaker_aliases": {
        "title": "Speaker aliases",
        "description": "Every name a speaker goes by. Manual rows come from claimtrack speakers merge/split "
                       "and win over automatic matching on every later ingest.",
        "columns": {
            "id": "Row id.",
            "alias": "A name as written in an article.",
            "speaker_id": "The speaker this name belongs to.",
            "manual": "1 when set by claimtrack speakers merge or split, else 0.",
        },
    },
    "quotes": {
        "title": "Quotes",
        "description": "Reported speech found in the articles, with its speaker and exact offsets into the "
                       "article text.",
        "columns": {
            "id": "Row id.",
            "key": "Content-derived key: article key, offsets and kind.",
            "article_id": "The article version the quote is in.",
            "speaker_id": "The resolved speaker, when there is one.",
            "start": "Offset of the first character of the quote in the article text.",
            "end": "Offset just past the last character of the quote.",
            "text": "The quoted words.",
            "stems": "Indonesian stems of the quote's words, for full-text search.",
            "kind": "direct (in quote marks), partial (a quoted fragment) or indirect (reported).",
            "cue": "The speech verb that introduces the quote (e.g. kata, ujar).",
            "cue_start": "Offset of the cue in the article text.",
            "cue_end": "Offset just past the cue.",
            "speaker": "The speaker mention as written (-nya for a -nya cue, empty for a bare quote).",
            "speaker_start": "Offset of the speaker mention.",
            "speaker_end": "Offset just past the speaker mention.",
            "speaker_name": "The fullest name the article gives for the speaker.",
            "speaker_type": "person, organisation or unknown.",
            "relay": "The outlet or agency the quote is relayed through (e.g. TASS), when stated.",
            "method": "The extraction rule that found the quote.",
            "confidence": "How far that rule is trusted, 0 to 1.",
            "paragraph": "Paragraph number of the quote in the article.",
            "chain": "Groups quotes that continue one another across paragraphs.",
            "extractor_version": "Version of the extractor that found the quote.",
        },
    },
    "claims": {
        "title": "Claims",
        "description": "One statement by one speaker as reported by several articles, matched by a "
                       "learned pair model: every member states the claim's canonical wording. Updated "
                       "after every ingest: new quotes join the claims they match; `claimtrack match "
                       "--rebuild` recomputes them all.",
        "columns": {
            "id": "Row id.",
            "speaker_name": "Who made the statement.",
            "statement": "The statement in its canonical wording: the member the others most probably state.",
            "outlets": "How many outlets reported it.",
            "members": "How many quoted sentences belong to it.",
            "canonical_unit_id": "The claim unit whose wording is the statement.",
        },
    },
    "claim_members": {
        "title": "Claim members",
        "description": "One outlet's wording of a claim: a sentence of a stored quote.",
        "columns": {
            "id": "Row id.",
            "claim_id": "The claim.",
            "quote_id": "The quote this sentence comes from.",
            "article_id": "The article the quote is in.",
            "start": "Offset of the sentence in the article text.",
            "end": "Offset just past the sentence.",
            "text": "The sentence as the outlet worded it.",
            "probability": "The pair model's probability (0-1) that this wording states the claim's statement.",
            "method": "How the member was matched.",
            "unit_id": "The sentence in the claim index.",
        },
    },
    "claim_units": {
        "title": "Claim units",
        "description": "The claim index: every sentence of every quote that claim matching compares "
                       "(claimtrack internals; rebuilt by `claimtrack match --rebuild`).",
        "hidden": True,
        "columns": {
            "id": "Row id; claim members and the stem index point here.",
            "quote_id": "The quote the sentence comes from.",
            "start": "Offset of the sentence in the article text.",
            "end": "Offset just past the sentence.",
            "day": "The article's date as a day number (0 when it has none): the date window of its candidates.",
        },
    },
    "claim_key_days": {
        "title": "Claim key index",
        "description": "Each candidate key of claim units by day: how many units of that day have it, which "
                       "makes it rare or common in the date window of a unit, and, while it is rare there, "
                       "those units, where new quotes find their candidates (claimtrack internals).",
        "hidden": True,
        "columns": {"key": "A candidate key (a stem, two stems in a row, or a stem with a speaker's name word) "
                           "as a 64-bit code of its text.",
                    "day": "A day number (0: undated units).", "units": "Claim units of that day with the key.",
                    "unit_ids": "Those claim units' ids in base 36, space-separated, while the key is rare in the "
                                "day's window; empty once it is common there."},
    },
    "claim_pairs": {
        "title": "Claim pairs",
        "description": "Pairs of claim units whose probability of stating one statement reaches the "
                       "matching threshold: what claims are joined from (claimtrack internals).",
        "hidden": True,
        "columns": {"unit_a": "The claim unit with the lower id.", "unit_b": "The other claim unit.",
                    "probability": "The pair model's probability (0-1) that the two state one statement."},
    },
    "quote_speakers": {
        "title": "Quote speakers",
        "description": "Each speaker name quotes are stored with, with its speaker: where a search by speaker "
                       "finds the names to look for (claimtrack internals).",
        "hidden": True,
        "columns": {"speaker_name": "A speaker name as quotes give it.",
                    "speaker_id": "The speaker those quotes point at."},
    },
    "sources": {
        "title": "Watched sources",
        "description": "Feeds, sitemaps and sites `claimtrack watch` reads, with when each was last read and its "
                       "errors; a site's feeds and sitemaps are sources of their own, found on it.",
        "columns": {
            "id": "Row id.",
            "url": "The feed's, sitemap's or site's URL.",
            "kind": "feed, sitemap, sitemap index, site (a home page), or auto before its first read.",
            "via": "The site it was found on, for a feed or sitemap found on a site's home page.",
            "added_at": "When it was first watched (UTC).",
            "checked_at": "When it was last tried (UTC).",
            "succeeded_at": "When it was last read (UTC).",
            "etag": "The ETag of its last answer, sent back to be told when nothing changed.",
            "last_modified": "The Last-Modified date of its last answer, sent back likewise.",
            "errors_in_a_row": "Failed reads since the last success.",
            "error": "Why the last read failed, when it did.",
            "retry_at": "After a failure, not tried again before this time (UTC); doubles with each failure in a row.",
        },
    },
    "pages": {
        "title": "Fetched pages",
        "description": "Every URL fetched from the web or listed by a watched source, and what came of it.",
        "columns": {
            "url": "The URL asked for.",
            "source_id": "The watched source that listed it first.",
            "kind": "article, or sitemap (a sitemap of a sitemap index).",
            "status": "stored (its article is in the database), failed (for good), retry (failed for a passing "
                      "reason: tried again), listing (a sitemap read).",
            "error": "Why it failed, when it did.",
            "attempts": "Failed fetches in a row.",
            "etag": "The ETag of the page, sent back to be told when it did not change.",
            "last_modified": "The Last-Modified date of the page, sent back likewise.",
            "final_url": "The URL that answered after redirects.",
            "article_id": "The article stored from it (its latest version).",
            "published_at": "Time of publication the page gives, with time of day and zone, when it gives one.",
            "first_seen_at": "When it was first fetched or listed (UTC).",
            "fetched_at": "When it was last fetched (UTC).",
        },
    },
    "alert_rules": {
        "title": "Alert rules",
        "description": "The alert rules `claimtrack watch --alert` used, each with the last quote it looked at.",
        "columns": {
            "rule": "speaker:NAME, query:WORDS or claims.",
            "through_quote": "The last quote id the rule looked at; the next round looks at later ones.",
            "added_at": "When the rule was first used (UTC).",
        },
    },
    "alerts": {
        "title": "Alerts",
        "description": "Every alert raised by `claimtrack watch`, once each.",
        "columns": {
            "id": "Row id.",
            "key": "What makes it one alert: the rule and the quote, or the claim and its number of outlets.",
            "rule": "The rule that raised it.",
            "kind": "quote or claim.",
            "quote_id": "The new quote, for a quote alert.",
            "claim_id": "The claim, for a claim alert (as numbered when it was raised).",
            "outlets": "The outlets the claim had reached, for a claim alert.",
            "line": "The alert as printed.",
            "payload": "The alert as JSON, as --json prints it and --exec and --webhook receive it.",
            "owner": "The machine and process that handles it.",
            "created_at": "When it was raised (UTC).",
            "delivered_at": "When it was handed on (UTC).",
            "error": "The handlers (--exec, --webhook) that could not take it, and why.",
        },
    },
    "quotes_view": {
        "title": "Quotes with speaker and outlet",
        "description": "Every quote with its speaker, outlet and article: the table to browse and search.",
        "columns": {
            "id": "The quote's id.",
            "kind": "direct, partial or indirect.",
            "speaker": "Resolved speaker name, else the name as written.",
            "text": "The quoted words.",
            "outlet": "The outlet that published the article.",
            "published": "Publication date of the article.",
            "title": "Headline of the article.",
            "url": "URL of the article.",
            "source": "File, URL or record the article was read from.",
            "start": "Offset of the quote in the article text.",
            "end": "Offset just past the quote.",
            "cue": "The speech verb.",
            "relay": "Agency the quote is relayed through, when stated.",
            "method": "The extraction rule that found the quote.",
            "confidence": "How far that rule is trusted, 0 to 1.",
            "article_id": "The article's id.",
            "speaker_id": "The speaker's id.",
        },
    },
    "speaker_timeline": {
        "title": "Speaker timeline",
        "description": "How many times each speaker was quoted, per day and outlet.",
        "columns": {
            "speaker_id": "The speaker's id.",
            "speaker": "The speaker's name.",
            "date": "Publication date of the articles.",
            "outlet": "The outlet.",
            "quotes": "Number of quotes of the speaker that day in that outlet.",
        },
    },
    "_claimtrack_migrations": {
        "title": "Applied migrations",
        "description": "Schema migrations applied to this database (claimtrack internals).",
        "hidden": True,
        "columns": {"name": "Migration function name.", "applied_at": "When it was applied (UTC)."},
    },
    "_claimtrack_state": {
        "title": "claimtrack state",
        "description": "Internal bookkeeping, such as which articles the claims were built from.",
        "hidden": True,
        "columns": {"name": "Setting name.", "value": "Setting value."},
    },
}

# Browsing aids per table: which column names a row, what to facet and sort on, which FTS table to search.
BROWSING: dict[str, dict] = {
    "outlets": {"label_column": "name", "sortable_columns": ["id", "name", "domain"]},
    "articles": {
        "label_column": "title",
        "facets": ["outlet_id", {"date": "published"}],
        "sortable_columns": ["id", "published", "title", "version", "ingested_at"],
        "sort_desc": "published",
        "fts_table": "articles_fts", "fts_pk": "id",
    },
    "speakers": {"label_column": "name", "facets": ["type"], "sortable_columns": ["id", "name", "type"]},
    "speaker_aliases": {"label_column": "alias", "facets": ["manual"], "sortable_columns": ["id", "alias"]},
    "quotes": {
        "label_column": "text",
        "facets": ["kind", "speaker_id", "method"],
        "facet_size": 5,  # the rows, not the facets, fill the first screen
        "sortable_columns": ["id", "article_id", "start", "kind", "speaker_name", "confidence"],
        "fts_table": "quotes_fts", "fts_pk": "id",
    },
    "claims": {
        "label_column": "statement",
        "facets": ["speaker_name", "outlets"],
        "sortable_columns": ["id", "speaker_name", "outlets", "members"],
        "sort_desc": "outlets",
    },
    "claim_members": {
        "label_column": "text",
        "facets": ["claim_id", "method"],
        "sortable_columns": ["id", "claim_id", "article_id", "probability"],
    },
    "quotes_view": {
        "facets": ["outlet", "speaker", "kind", {"date": "published"}],
        "sortable_columns": ["id", "published", "outlet", "speaker", "kind", "confidence"],
        "sort_desc": "published",
        "fts_table": "quotes_fts", "fts_pk": "id",
    },
    "speaker_timeline": {
        "facets": ["speaker", "outlet", {"date": "date"}],
        "sortable_columns": ["speaker", "date", "outlet", "quotes"],
    },
    "sources": {"label_column": "url", "facets": ["kind", "errors_in_a_row"],
                "sortable_columns": ["id", "url", "kind", "succeeded_at", "errors_in_a_row"]},
    "pages": {"label_column": "url", "facets": ["status", "source_id"], "sort_desc": "fetched_at",
              "sortable_columns": ["url", "status", "attempts", "fetched_at", "published_at"]},
    "alerts": {"label_column": "line", "facets": ["rule", "kind"], "sortable_columns": ["id", "created_at"],
               "sort_desc": "id"},
}

# Canned queries; :speaker is a Datasette form field.
QUERIES: dict[str, dict] = {
    "what_did_they_say": {
        "title": "What did this speaker say?",
        "description": "Every quote by a speaker with a name or alias containing the text you enter, newest first.",
        "sql": """select quotes_view.published, quotes_view.outlet, quotes_view.kind, quotes_view.speaker,
       quotes_view.text, quotes_view.title, quotes_view.id as quote_id, quotes_view.article_id,
       (select min(claim_id) from claim_members where claim_members.quote_id = quotes_view.id) as claim_id
from quotes_view
where quotes_view.speaker_id in (select speaker_id from speaker_aliases where alias like '%' || :speaker || '%')
   or quotes_view.speaker like '%' || :speaker || '%'
order by quotes_view.published desc, quotes_view.article_id desc, quotes_view.start""",
    },
    "speakers_by_quotes": {
        "title": "Speakers, most quoted first",
        "description": "Every speaker with the number of quotes and outlets, and the names it is written as.",
        "sql": """select speakers.id as speaker_id, speakers.name, speakers.type,
       (select count(*) from quotes where quotes.speaker_id = speakers.id) as quotes,
       (select count(distinct articles.outlet_id) from quotes join articles on articles.id = quotes.article_id
        where quotes.speaker_id = speakers.id) as outlets,
       (select group_concat(alias, ' | ') from speaker_aliases where speaker_id = speakers.id) as aliases
from speakers
order by quotes desc, speakers.name""",
    },
    "most_reported_claims": {
        "title": "Claims reported by the most outlets",
        "description": "Statements that two or more outlets reported, with the outlets and the dates they ran them.",
        "sql": """select claims.id as claim_id, claims.speaker_name as speaker, claims.statement, claims.outlets,
       claims.members, group_concat(distinct outlets.name) as outlet_names,
       min(articles.published) as first_reported, max(articles.published) as last_reported
from claims
join claim_members on claim_members.claim_id = claims.id
join articles on articles.id = claim_members.article_id
left join outlets on outlets.id = articles.outlet_id
where claims.outlets >= 2
group by claims.id
order by claims.outlets desc, claims.members desc, claims.id""",
    },
    "changed_quotes": {
        "title": "Quotes that changed between versions of an article",
        "description": "For each article stored in more than one version: quotes whose exact wording is in "
                       "only one of two consecutive versions. A quote only in the older version is paired with "
                       "the same speaker's quotes only in the newer one; claimtrack changes pairs them by "
                       "similarity instead.",
        "sql": """with pairs as (
    select old.id as old_id, new.id as new_id, coalesce(new.url, new.source) as article,
           old.version || '→' || new.version as versions
    from articles old join articles new on new.identity = old.identity and new.version = old.version + 1
), removed as (
    select pairs.*, quotes.speaker_name, quotes.text
    from pairs join quotes on quotes.article_id = pairs.old_id
    where not exists (select 1 from quotes kept where kept.article_id = pairs.new_id and kept.text = quotes.text)
), added as (
    select pairs.*, quotes.speaker_name, quotes.text
    from pairs join quotes on quotes.article_id = pairs.new_id
    where not exists (select 1 from quotes kept where kept.article_id = pairs.old_id and kept.text = quotes.text)
)
select removed.article, removed.versions, removed.speaker_name as speaker,
       removed.text as before, added.text as after
from removed left join added on added.old_id = removed.old_id and added.speaker_name = removed.speaker_name
union all
select added.article, added.versions, added.speaker_name, null, added.text
from added
where not exists (select 1 from removed where removed.old_id = added.old_id
                  and removed.speaker_name = added.speaker_name)
order by 1, 2, 3""",
    },
}

DESCRIPTION = (
    "Who said what in Indonesian-language news: quotes, speakers and claims across outlets, "
    "each with the article and offsets it came from."
)


def database_name(path: str | os.PathLike) -> str:
    """The name Datasette gives a database file: its file name without the extension."""
    return Path(path).stem


def build_metadata(database: str = "claimtrack") -> dict:
    """Datasette metadata (the 0.x ``--metadata`` format) for a claimtrack database named ``database``.

    >>> meta = build_metadata("claims")
    >>> meta["databases"]["claims"]["tables"]["claims"]["label_column"]
    'label'
    >>> sorted(meta["databases"]["claims"]["queries"])
    ['changed_quotes', 'most_reported_claims', 'speakers_by_quotes', 'what_did_they_say']
    """
    # Deep copies: callers may edit the result without changing the tables above.
    tables = {name: copy.deepcopy({**described, **BROWSING.get(name, {})}) for name, described in TABLES.items()}
    return {
        "title": "claimtrack",
        "description": DESCRIPTION,
        "databases": {
            database: {
                "title": "claimtrack",
                "description": DESCRIPTION,
                "tables": tables,
                "queries": copy.deepcopy(QUERIES),
            }
        },
    }
