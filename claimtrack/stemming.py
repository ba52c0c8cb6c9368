"""Indonesian stemming for search and matching, with Sastrawi (Nazief-Adriani).

`sanksinya` → `sanksi`, `menegaskan` → `tegas`: a search for `tegas` finds `menegaskan`.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

_WORD = re.compile(r"\w+(?:-\w+)*")


# Words whose stems are kept: every word a long ingest meets would grow with the corpus (Sastrawi's
# own cache, which `create_stemmer` wraps around its stemmer, keeps every one: it is left out).
STEM_CACHE_WORDS = 1 << 16


@cache
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer().delegatedStemmer


def stem(word: str) -> str:
    """The stem of one word, lower case: ``stem("Sanksinya") == "sanksi"``."""
    return _stem_lowered(word.lower())


@lru_cache(maxsize=STEM_CACHE_WORDS)
def _stem_lowered(lowered: str) -> str:
    return _stemmer().stem(lowered) or lowered


def stems(text: str) -> str:
    """The stems of every word of ``text``, space-separated, in order."""
    return " ".join(stem(word) for word in _WORD.findall(text))
