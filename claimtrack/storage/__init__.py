"""Storing: the SQLite database, through sqlite-utils. Rows and SQL only; no rule of any stage.

- ``schema``    where the file is, opening it to write (WAL, foreign keys, migrations) or to read
                (read-only, nothing created), the write lock (:func:`writing`), the recorded state
- ``articles``  article and quote rows, one version of an article per row
- ``speakers``  speaker and alias rows (who is who is decided in ``claimtrack.speakers.identity``)
- ``claims``    claim, member and claim-index rows (how claims are made is ``claimtrack.matching``'s)
- ``queries``   every read the CLI and the web pages make
- ``sources``   the live web's rows: sources watched, pages fetched, alert rules and alerts
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
    DatabaseUnusable,
    database_path,
    migrate,
    open_database,
    open_for_reading,
    setup_problem,
    writing,
)

__all__ = [
    "DEFAULT_DB", "ENV_VAR", "MENTIONS_LISTED", "MIGRATIONS", "DatabaseUnusable", "QuoteFilter", "article_identity",
    "claim_spans_by_source", "counts", "database_path", "export_rows", "fts_query", "get_article", "get_claim",
    "get_quote", "list_claims", "list_quotes", "list_speakers", "migrate", "open_database", "open_for_reading",
    "quote_key", "said", "search_quotes", "setup_problem", "writing",
]
