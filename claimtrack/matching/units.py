"""Claim units: a stored quote cut into sentences, each keeping its offsets into the article.

A unit is what claims are made of: a quote that carries several statements gives several units,
so that one statement of it can join a claim without its others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_UNIT_WORDS = 4
# A sentence ends at . ! ? followed by a space or the end, not inside `100.000` or `2.5`.
_SENTENCE = re.compile(r"(?:[^.!?]|[.!?]+(?=[^\s.!?]))+(?:[.!?]+|$)")


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



def split_units(quote: dict) -> list[ClaimUnit]:
    """The sentences of a stored quote (a row with id, article_id, speaker_name, published,
    start, text, and optionally named_as and kind) as claim units with offsets into the article."""
    units = []
    for match in _SENTENCE.finditer(quote["text"]):
        text = match.group().strip()
        if len(text.split()) < MIN_UNIT_WORDS:
            continue
        start = quote["start"] + match.start() + (len(match.group()) - len(match.group().lstrip()))
        units.append(ClaimUnit(quote["id"], quote["article_id"], quote["speaker_name"] or "", quote["published"],
                               start, start + len(text), text, quote.get("named_as") or "", quote.get("kind") or ""))
    return units
