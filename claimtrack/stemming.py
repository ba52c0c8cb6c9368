"""Indonesian stemming for search and matching, with Sastrawi (Nazief-Adriani).

`sanksinya` → `sanksi`, `menegaskan` → `tegas`: a search for `tegas` finds `menegaskan`.

Sastrawi takes a tenth of a millisecond and more a word, so stems are kept (the most recently used
``STEM_CACHE_WORDS``), and a process that stores what worker processes extracted is given the
stems they made (:func:`stem_table`, :func:`remember`) instead of making them again.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from functools import cache

_WORD = re.compile(r"\w+(?:-\w+)*")


# Words whose stems are kept: every word a long ingest meets would grow with the corpus (Sastrawi's
# own cache, which `create_stemmer` wraps around its stemmer, keeps every one: it is left out).
STEM_CACHE_WORDS = 1 << 16
_known: OrderedDict[str, str] = OrderedDict()


@cache
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer().delegatedStemmer


def stem(word: str) -> str:
    """The stem of one word, lower case: ``stem("Sanksinya") == "sanksi"``."""
    return _stem_lowered(word.lower())


def _stem_lowered(lowered: str) -> str:
    found = _known.get(lowered)
    if found is None:
        found = _stemmer().stem(lowered) or lowered
        _keep(lowered, found)
    else:
        _known.move_to_end(lowered)
    return found


def _keep(lowered: str, found: str) -> None:
    _known[lowered] = found
    if len(_known) > STEM_CACHE_WORDS:
        _known.popitem(last=False)  # the least recently used


def stems(text: str) -> str:
    """The stems of every word of ``text``, space-separated, in order."""
    return " ".join(stem(word) for word in _WORD.findall(text))


def stem_table(texts: Iterable[str]) -> dict[str, str]:
    """The stem of each word of ``texts`` (lower case), for :func:`remember` in another process.

    >>> stem_table(["Sanksinya tegas"])
    {'sanksinya': 'sanksi', 'tegas': 'tegas'}
    """
    return {lowered: _stem_lowered(lowered) for text in texts for lowered in
            dict.fromkeys(word.lower() for word in _WORD.findall(text))}


def remember(table: dict[str, str]) -> None:
    """Keep stems another process made (:func:`stem_table`) as if made here."""
    for lowered, found in table.items():
        if lowered in _known:
            _known.move_to_end(lowered)
        else:
            _keep(lowered, found)
