"""Claim units: a stored quote cut into statements, each keeping its offsets into the article.

A unit is what claims are made of: a quote that carries several statements gives several units,
so that one statement of it can join a claim without its others. A unit is a sentence, or a
clause of one that says something else than the clause before it (:func:`statement_spans`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from claimtrack import lexicon

MIN_UNIT_WORDS = 4
UNDATED = 0  # the day number of a unit whose article has no date
# A sentence ends at . ! ? followed by a space or the end, not inside `100.000` or `2.5`.
_SENTENCE = re.compile(r"(?:[^.!?]|[.!?]+(?=[^\s.!?]))+(?:[.!?]+|$)")
_WORD = re.compile(r"\w+")
_EDGE = " \t\n\u00a0\"\u201c\u201d"  # stripped from a clause's ends: space and quote marks


@dataclass(frozen=True)
class ClaimUnit:
    """One sentence of a stored quote. ``speaker_name`` is its speaker's name (after any manual
    merge or split), what pairs are scored with; ``named_as`` the name its article gives, which
    never changes, what candidate keys are made of (`speaker_name` when not given). ``kind`` is
    its quote's (`direct`, `indirect`, `partial`; empty when not given), for the joining rules."""

    quote_id: int
    article_id: int
    speaker_name: str
    published: str | None
    start: int
    end: int
    text: str
    named_as: str = ""
    kind: str = ""


@lru_cache(maxsize=1 << 14)
def day_number(published: str | None) -> int:
    """The day a unit was published as a number (`datetime.date.toordinal`), ``UNDATED`` without a date.

    A stored date that is no day (``garbage``, ``2019-13-45``: a database an earlier claimtrack
    filled with dates as given; ``claimtrack check`` lists them) is undated too, never an error.

    >>> day_number("2019-09-20") - day_number("2019-09-17"), day_number(None), day_number("2019-13-45")
    (3, 0, 0)
    """
    try:
        return dt.date.fromisoformat(published[:10]).toordinal() if published else UNDATED
    except (TypeError, ValueError):
        return UNDATED


@cache
def _clause_break() -> re.Pattern[str]:
    """Where a sentence may be cut before another statement (id.toml ``[matching]``
    ``clause_contrasts`` and ``clause_subjects``): after a semicolon; before a contrast after a
    comma; before `dan` and a subject of its own; at a quote mark glued between two sentences
    (`… di acara itu,"Kami tampil …`)."""
    lex = lexicon.load()
    contrasts = "|".join(sorted(lex.clause_contrasts))
    subjects = "|".join(sorted(lex.clause_subjects))
    return re.compile(rf";\s*|,\s*(?=(?i:{contrasts})\b)|\s+(?=(?i:dan)\s+(?i:{subjects})\b)"
                      rf"|[,.][\"\u201c\u201d]\s*(?=[A-Z])")


def statement_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each statement of a quote's text: its sentences (ended by . ! ?),
    each cut at the clause breaks of :func:`_clause_break` where both sides keep
    ``MIN_UNIT_WORDS`` words; space and quote marks at their ends left out.

    >>> text = "Pak Imam bertemu dengan saya dan saya menghormati keputusan KPK. Itu saja"
    >>> [text[s:e] for s, e in statement_spans(text)]
    ['Pak Imam bertemu dengan saya', 'dan saya menghormati keputusan KPK.', 'Itu saja']
    """
    spans = []
    for sentence in _SENTENCE.finditer(text):
        start, end = sentence.span()
        cuts = [start]
        for found in _clause_break().finditer(text, start, end):
            if (len(_WORD.findall(text, cuts[-1], found.start())) >= MIN_UNIT_WORDS
                    and len(_WORD.findall(text, found.end(), end)) >= MIN_UNIT_WORDS):
                spans.append((cuts[-1], found.start()))
                cuts.append(found.end())
        spans.append((cuts[-1], end))
    trimmed = []
    for start, end in spans:
        piece = text[start:end]
        stripped = piece.strip(_EDGE)
        if stripped:
            first = start + piece.index(stripped)
            trimmed.append((first, first + len(stripped)))
    return trimmed


def split_units(quote: dict) -> list[ClaimUnit]:
    """The statements of a stored quote (a row with id, article_id, speaker_name, published,
    start, text, and optionally named_as and kind) as claim units with offsets into the article:
    those of ``MIN_UNIT_WORDS`` words or more."""
    text, units = quote["text"], []
    for start, end in statement_spans(text):
        if len(text[start:end].split()) < MIN_UNIT_WORDS:
            continue
        units.append(ClaimUnit(quote["id"], quote["article_id"], quote["speaker_name"] or "", quote["published"],
                               quote["start"] + start, quote["start"] + end, text[start:end],
                               quote.get("named_as") or "", quote.get("kind") or ""))
    return units
