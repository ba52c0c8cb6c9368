"""What changed between two versions of one article: its quotes paired by wording.

An article whose URL was ingested again with other text is stored as a new version
(:mod:`claimtrack.storage.articles`); :func:`changed_quotes` pairs the quotes of each version with
those of the next by speaker and rapidfuzz ``ratio``, and says which were reworded, removed or added.
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlite_utils
from rapidfuzz import fuzz

from claimtrack.storage import queries


def changed_quotes(db: sqlite_utils.Database, *, threshold: float = 60.0) -> Iterator[dict]:
    """Quotes whose wording changed between consecutive versions of an article (same URL)."""
    for pair in queries.version_pairs(db):
        before = queries.quotes_of_article(db, pair["old_id"])
        after = queries.quotes_of_article(db, pair["new_id"])
        versions = f"{pair['old_version']}→{pair['new_version']}"
        unmatched = list(after)
        for old in before:
            candidates = [(fuzz.ratio(old["text"], new["text"]), new) for new in unmatched
                          if new["speaker_name"] == old["speaker_name"]]
            best_score, best = max(candidates, key=lambda c: c[0], default=(0.0, None))
            if best is not None and best_score >= threshold:
                unmatched.remove(best)
                if best["text"] != old["text"]:
                    yield {"url": pair["url"], "versions": versions, "change": "reworded",
                           "speaker_name": old["speaker_name"], "before": old["text"], "after": best["text"]}
            else:
                yield {"url": pair["url"], "versions": versions, "change": "removed",
                       "speaker_name": old["speaker_name"], "before": old["text"], "after": None}
        for new in unmatched:
            yield {"url": pair["url"], "versions": versions, "change": "added", "speaker_name": new["speaker_name"],
                   "before": None, "after": new["text"]}
