"""Storing: the SQLite database, through sqlite-utils. Rows and SQL only; no rule of any stage.

- ``schema``    where the file is, opening it (WAL, foreign keys; :func:`open_reader` for the
                read commands, with sqlite3 alone), the named migrations, the
                write lock (:func:`writing`) and the recorded state
- ``articles``  article and quote rows, one version of an article per row
- ``speakers``  speaker and alias rows (who is who is decided in ``claimtrack.speakers.identity``)
- ``claims``    claim, member and claim-index rows (how claims are made is ``claimtrack.matching``'s)
- ``queries``   every read the CLI and the web pages make
- ``check``     what must hold in any database, checked without changing it

The stages above call these; nothing here imports them.
"""

from claimtrack.storage.articles import article_identity, counts, get_article, quote_key
from claimtrack.storage.queries import (
    MENTIONS_LISTED,
    QuoteFilter,
    claim_spans_by_source,
    export_rows,
    fts_query,
    get_claim,
    get_quote,
    list_claims,
    list_quotes,
    list_speakers,
    said,
    search_quotes,
)
from claimtrack.storage.schema import (
    DEFAULT_DB,
    ENV_VAR,
    MIGRATIONS,
    Reader,
    database_path,
    migrate,
    open_database,
    open_reader,
    writing,
)

__all__ = [
    "DEFAULT_DB", "ENV_VAR", "MENTIONS_LISTED", "MIGRATIONS", "QuoteFilter", "article_identity",
    "claim_spans_by_source", "counts", "database_path", "export_rows", "fts_query", "get_article", "get_claim",
    "get_quote", "list_claims", "list_quotes", "list_speakers", "migrate", "open_database", "open_reader", "quote_key",
    "Reader", "said",
    "search_quotes", "writing",
]
