"""What claimtrack is unsure of, marked wherever a quote shows: in the terminal and on the web pages.

- a speaker found by an attribution rule trusted less than :data:`LOW_CONFIDENCE` (the rules'
  trust is :data:`claimtrack.extracting.attribution.CONFIDENCE`): ``?`` after the speaker;
- a date inferred rather than read from the article's header or metadata (a weekday whose year is
  the latest that fits, a date found in the body): ``~`` after the date.
"""

from __future__ import annotations

LOW_CONFIDENCE = 0.8
INFERRED_DATE_SOURCES = ("weekday", "body")
UNSURE_SPEAKER = "?"
INFERRED_DATE = "~"


def low_confidence(row: dict) -> bool:
    """Whether the row's attribution rule is trusted less than :data:`LOW_CONFIDENCE`.

    >>> low_confidence({"confidence": 0.75}), low_confidence({"confidence": 0.95}), low_confidence({})
    (True, False, False)
    """
    confidence = row.get("confidence")
    return confidence is not None and confidence < LOW_CONFIDENCE


def inferred_date(row: dict) -> bool:
    """Whether the row's date (``date_source``) was inferred from the text rather than read.

    >>> inferred_date({"date_source": "weekday"}), inferred_date({"date_source": "header"})
    (True, False)
    """
    return row.get("date_source") in INFERRED_DATE_SOURCES
