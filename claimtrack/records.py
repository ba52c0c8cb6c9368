"""The records that travel between stages: a :class:`Quote` as extraction gives it, small, typed
and free of spaCy objects, and the prediction format of ``docs/ANNOTATION.md``. A leaf: every
stage may import it, and it imports none."""

from __future__ import annotations

from dataclasses import dataclass, fields

KINDS = ("direct", "partial", "indirect")


@dataclass
class Quote:
    """One stretch of reported speech with its speaker.

    ``start``/``end`` are offsets into the article's raw text (``text[start:end] == quote.text``);
    ``speaker`` is the mention as written (``-nya`` for a -nya cue, ``""`` for a bare quote) and
    ``speaker_name`` the fullest name the article gives for it. ``method`` names the rule that
    found the quote and ``confidence`` how far that rule is trusted (see ``attribution.CONFIDENCE``).
    """

    start: int
    end: int
    text: str
    kind: str
    cue: str = ""
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: str = ""
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_name: str = ""
    speaker_type: str = "unknown"
    relay: str | None = None
    method: str = ""
    confidence: float = 0.0
    paragraph: int = 0
    chain: int | None = None

    def to_dict(self) -> dict:
        # Every field is a str, a number or None: no deep copy (``dataclasses.asdict``) is needed.
        return {name: getattr(self, name) for name in _QUOTE_FIELDS}


_QUOTE_FIELDS = tuple(field.name for field in fields(Quote))


def prediction_record(quote: Quote, source: str) -> dict:
    """A quote in the prediction format of ANNOTATION.md (what ``claimtrack extract`` prints)."""
    return {
        "source": source,
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "kind": quote.kind,
        "speaker": quote.speaker,
        "speaker_name": quote.speaker_name,
        "speaker_type": quote.speaker_type,
        "cue": quote.cue,
        "relay": quote.relay,
        "method": quote.method,
        "confidence": quote.confidence,
    }
