"""Indonesian stemming for search and matching, with Sastrawi (Nazief-Adriani).

`sanksinya` → `sanksi`, `menegaskan` → `tegas`: a search for `tegas` finds `menegaskan`.
"""

from __future__ import annotations

import re
from functools import cache

_WORD = re.compile(r"\w+(?:-\w+)*")


@cache
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@cache
def stem(word: str) -> str:
    """The stem of one word, lower case: ``stem("Sanksinya") == "sanksi"``."""
    lowered = word.lower()
    return _stemmer().stem(lowered) or lowered


def stems(text: str) -> str:
    """The stems of every word of ``text``, space-separated, in order."""
    return " ".join(stem(word) for word in _WORD.findall(text))
