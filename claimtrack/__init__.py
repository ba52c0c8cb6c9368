"""claimtrack: who said what in Indonesian-language news.

The way from an input to a page is a straight line, one module or package a stage:

- ``articles``     reading articles: raw text kept exactly, metadata and boilerplate derived
- ``extracting``   finding quotes, cues and speaker mentions (spaCy components)
- ``speakers``     who said it: inside one article (``in_article``), across articles (``identity``)
- ``names``        whether two names can be one person (keys, titles, transliteration, nicknames)
- ``matching``     grouping the same claim across outlets; ``matching.incremental`` on the database
- ``ingest``       the pipeline: read → extract → store each article in one transaction → claims
- ``live``         the web as an input: pages fetched politely, feeds, sitemaps, sites, the watch
                   and its alerts (``claimtrack ingest URL``, ``claimtrack watch``)
- ``parallel``     the engines: worker processes or a Dask cluster (extraction; claim candidates
                   through ``matching.engines``)
- ``records``      the ``Quote`` record every stage shares
- ``storage``      the SQLite database: rows and SQL only (schema, articles, speakers, claims, queries)
- ``presenting``   rich renderers for records; ``web``: the Datasette metadata and pages
- ``evaluation``   gold readers and scoring
- ``cli``          the ``claimtrack`` command
- ``lexicon``      the Indonesian language data of ``data/id.toml``
"""

__version__ = "0.1.0"

__all__ = ["__version__", "load_pipeline"]


def __getattr__(name: str):
    """``claimtrack.load_pipeline``, imported on first use so ``import claimtrack`` stays light."""
    if name == "load_pipeline":
        from claimtrack.extracting import load_pipeline

        return load_pipeline
    raise AttributeError(f"module 'claimtrack' has no attribute {name!r}")
