"""Extracting quotes: spaCy components that find quotes, cues and speaker mentions in an article.

- ``pipeline``     :func:`load_pipeline`, :func:`extract` and friends (imports spaCy)
- ``components``   the registered spaCy components, in pipeline order
- ``quote_marks``  pairing quote marks into quoted regions (every outlet's convention)
- ``attribution``  direct, partial and indirect quotes with their cue and speaker mention
- ``mentions``     where a speaker mention starts and ends

What extraction gives is :class:`claimtrack.records.Quote` (no spaCy object in it), re-exported
here. Importing this package loads no spaCy: :func:`extract`, :func:`load_pipeline` and the other
pipeline functions are imported from ``pipeline`` on first use, so that commands that never
extract start fast.

>>> from claimtrack.extracting import extract_text
>>> [q.speaker_name for q in extract_text('“Kami siap,” ujar Shoigu.')]
['Shoigu']
"""

from __future__ import annotations

from claimtrack.records import KINDS, Quote, prediction_record

EXTRACTOR_VERSION = "claimtrack_quotes_v1"

_FROM_PIPELINE = ("NER_BY_DEFAULT", "extract", "extract_text", "load_pipeline", "pipe_articles", "shared_pipeline")

__all__ = ["EXTRACTOR_VERSION", "KINDS", "Quote", "prediction_record", *_FROM_PIPELINE]


def __getattr__(name: str):
    """The pipeline's functions, imported (with spaCy) on first use."""
    if name in _FROM_PIPELINE:
        from claimtrack.extracting import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'claimtrack.extracting' has no attribute {name!r}")
