"""claimtrack: who said what in Indonesian-language news.

Stages, one module or package each:

- ``articles``     reading articles: raw text kept exactly, metadata and boilerplate derived
- ``extracting``   finding quotes, cues and speaker mentions (spaCy components)
- ``speakers``     resolving a mention to the fullest name the article gives
- ``matching``     grouping the same claim across outlets
- ``storage``      the SQLite database (sqlite-utils), migrations and queries
- ``presenting``   rich renderers for records
- ``evaluation``   scoring predictions against gold annotations
- ``cli``          the ``claimtrack`` command
"""

__version__ = "0.1.0"

__all__ = ["__version__", "load_pipeline"]


def __getattr__(name: str):
    """``claimtrack.load_pipeline``, imported on first use so ``import claimtrack`` stays light."""
    if name == "load_pipeline":
        from claimtrack.extracting import load_pipeline

        return load_pipeline
    raise AttributeError(f"module 'claimtrack' has no attribute {name!r}")
