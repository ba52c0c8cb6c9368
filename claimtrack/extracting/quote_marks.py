"""Pairing quote marks into quoted regions, one paragraph at a time.

Outlets write quotes as `“…”`, `"…"`, `”…”` (Kompas uses the closing mark at both ends) and,
for speech, sometimes `‘…’`. A quote that opens a paragraph and is not closed before the
paragraph ends runs to the paragraph's end; when the next paragraph opens with a quote mark the
two belong to one chain (one direct quote per paragraph, same speaker). Stray or unbalanced marks
are dropped locally and never derail the rest of the article: pairing restarts at every paragraph.

Some sites lost one of a quote's two marks upstream. A quote whose opening mark survives after a
comma or colon (`Mereka juga berkicau, “Kami tidak melengkung …`) runs to its paragraph's end; one
whose closing mark survives after its last punctuation, with a lower-case word after it (`…
dimaksud. nanti yang mengumumkan hasilnya …,” kata Kepala BNN`), starts after the last sentence's
end: a region with ``one_mark`` set, which is a quote only with a cue after it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
STRAIGHT = '"'
# Two apostrophes stand for a straight double mark at some outlets (Wowkeren throughout, Tempo
# and Tribunnews now and then), alone (`''Saya senang,'' ujar …`) or mixed (`“Tolong …,''`).
TWO_APOSTROPHES = "''"
_MARK_CHARS = DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT
ALL_MARKS = (*_MARK_CHARS, TWO_APOSTROPHES)
_MARK = re.compile(f"{TWO_APOSTROPHES}|[{_MARK_CHARS}]")
# A quote longer than this without a close is not a quote but a stray mark.
MAX_UNCLOSED_CHARS = 3000
# A quote whose opening mark was lost is an utterance of this many words at least.
MIN_ONE_MARK_WORDS = 3

# Paragraphs end at line breaks. CLICK-ID style text, which lost its line breaks, joins
# paragraphs with one or more "," (sometimes spaced): after a sentence's end
# (`… kata dia.,“Kami …`, `Senin (9/9/2019).,,Dikarenakan`, `Utara., "Ini`) or a heading's colon
# (`Baca Juga :,,"Beliau …`), and after a quote
# that ends its paragraph when the next one opens with a capital or a mark (`…,”,Top 8`,
# `…”,“Kami`, `…lalu.”, Selain itu`). A comma after a closing mark before a lower-case word, or
# spaced off a quote that does not end a sentence, is ordinary punctuation (`“Kami siap”, kata
# Shoigu`). Scraped text often spaces with no-break spaces, hence `[^\S\n]` for "space".
_PARAGRAPH_BREAK = re.compile(
    r"\n\s*"
    r"|(?<=[.!?:])[^\S\n]*,[^\S\n,]*(?:,[^\S\n]*)*(?=\S)"
    r"|(?:(?<=[”\"])|(?<='')),(?=[“\"]|'')"
    r"|(?:(?<=[,…][”\"’])|(?<=[,…]'')),+(?=[^\s,a-z])"
    r"|(?:(?<=[.!?][”\"’])|(?<=[.!?]''))[^\S\n]?,+[^\S\n]?(?=[^\s,a-z])"
)


@dataclass(frozen=True)
class QuotedRegion:
    """Quoted words: ``start``/``end`` cover the words, ``open_at``/``close_at`` the marks."""

    start: int
    end: int
    open_at: int
    close_at: int | None
    paragraph: int
    single: bool = False
    open_width: int = 1
    close_width: int = 1
    one_mark: bool = False  # only the closing mark survives (``open_at == start``, ``open_width == 0``)
    continues: bool = False  # a one-mark quote going on after the attribution of the quote before it

    @property
    def closed(self) -> bool:
        return self.close_at is not None

    @property
    def outer_end(self) -> int:
        return self.close_at + self.close_width if self.close_at is not None else self.end


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty paragraph."""
    return iter(_paragraphs(text))


@lru_cache(maxsize=4)
def _paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """:func:`paragraphs`, found once for the text that quote marks, sentences and quotes each
    read in turn (a third of a millisecond a text each time)."""
    found = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if text[start : match.start()].strip():
            found.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        found.append((start, len(text)))
    return tuple(found)


def _is_blank(char: str) -> bool:
    """Space, or an invisible format character such as the left-to-right mark (U+200E) that some
    scraped pages put right before a quote mark."""
    return char.isspace() or unicodedata.category(char) == "Cf"


def _is_word(char: str) -> bool:
    return char.isalnum()


def _has_words(text: str, start: int, end: int) -> bool:
    """Marks around nothing but punctuation (`“,”` where the scraper dropped a title) quote nothing."""
    return any(char.isalnum() for char in text[start:end])


def _role_of_straight(text: str, i: int, start: int, end: int, width: int = 1) -> str:
    """Whether a straight `"` (or `''`, ``width`` 2) at ``i`` opens or closes, from the characters around it."""
    before = text[i - 1] if i > start else " "
    after = text[i + width] if i + width < end else " "
    if (_is_blank(before) or before in "([:—–-") and not _is_blank(after):
        return "open"
    if before in ".!?" and after.isupper():
        return "open"  # a quote glued to the previous sentence: `penyimpangan."Jelas …`
    if not _is_blank(before):
        return "close"
    if _is_blank(after) and text[start:i].rstrip()[-1:] in (",", ".", "!", "?", "…"):
        return "close"  # spaced off the words it closes: `sebagai Plt Menpora, " kata Pratikno`
    return "stray"


def _role_of_close_mark(text: str, i: int, start: int, end: int) -> str:
    """`”` opens a quote when it stands before a word at a word boundary (Kompas style)."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if (_is_blank(before) or i == start or before in "([:") and (_is_word(after) or after in "…."):
        return "open"
    return "close"


def _role_of_single(text: str, i: int, start: int, end: int, char: str) -> str:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if char == SINGLE_CLOSE and _is_word(before) and _is_word(after):
        return "apostrophe"  # Jum’at, Qur’an
    if char == SINGLE_OPEN or ((_is_blank(before) or before in "([") and _is_word(after)):
        return "open"
    return "close"


def find_regions(text: str, skip: list[tuple[int, int]] | None = None) -> list[QuotedRegion]:
    """All quoted regions of ``text``, in order, outside the ``skip`` ranges (boilerplate)."""
    skip = skip or []
    regions: list[QuotedRegion] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        if any(p_start < s_end and s_start < p_end and s_start <= p_start and s_end >= p_end
               for s_start, s_end in skip):
            continue
        left_open = bool(regions) and not regions[-1].closed
        regions.extend(_regions_in_paragraph(text, p_start, p_end, number, skip, left_open))
    return regions


def _regions_in_paragraph(
    text: str, p_start: int, p_end: int, number: int, skip: list[tuple[int, int]], left_open: bool = False
) -> Iterator[QuotedRegion]:
    """The regions of one paragraph; ``left_open``: a quote of an earlier paragraph runs on into it,
    so its first lone closing mark closes that quote (CLICK-ID's `,`-joined paragraphs) and is no
    quote whose opening mark was lost."""
    opened: int | None = None
    opened_width = 1
    opened_single = False
    last_close = p_start  # where the last quote (or stray closing mark) of the paragraph closed
    stray_end = p_start  # after the last mark since then that neither opened nor closed a quote
    for mark in _MARK.finditer(text, p_start, p_end):
        i, width = mark.start(), len(mark.group())
        char = STRAIGHT if width == 2 else mark.group()
        if any(s <= i < e for s, e in skip):
            continue
        single = char in SINGLE_OPEN + SINGLE_CLOSE
        if single:
            role = _role_of_single(text, i, p_start, p_end, char)
            if role == "apostrophe" or (opened is not None and not opened_single):
                continue
        elif char == STRAIGHT:
            role = _role_of_straight(text, i, p_start, p_end, width)
        elif char in DOUBLE_OPEN:
            role = "open"
        else:
            role = _role_of_close_mark(text, i, p_start, p_end)
        if opened is not None and opened_single and not single:
            # A double mark inside a single-quoted stretch: the single one was an apostrophe.
            opened, opened_single = None, False
        if role == "open":
            if opened is not None and not opened_single and text[opened] in STRAIGHT + "'" and char == STRAIGHT:
                role = "close"
            else:
                opened, opened_single, opened_width = i, single, width
                continue
        if role == "close" and opened is not None:
            inside = opened + opened_width
            if _has_words(text, inside, i) and _starts_like_speech(text, inside, i):
                yield _region(text, opened, i, number, opened_single, widths=(opened_width, width))
            last_close = i + width
            opened, opened_single = None, False
        elif role == "close" and not single:
            lost_opening = stray_end if stray_end > last_close else None
            found = None if left_open else (
                _closing_mark_only(text, p_start, last_close, i, width, number, lost_opening)
                or _continued(text, p_start, p_end, last_close, i, width, number))
            if found is not None:
                yield found
                last_close = i + width
            elif left_open:
                last_close = i + width
            else:
                stray_end = i + width  # `… Nasional,"Selamat …`: an opening mark glued to a comma
            left_open = False
        elif role == "stray" and not single:
            stray_end = i + width
    if opened is not None and not opened_single:
        # Unclosed at the paragraph's end: the quote runs on (multi-paragraph convention),
        # but only when it opened the paragraph, or a comma or colon introduces it and it is glued
        # to its first word (its closing mark lost: `berkicau, “Kami …`); elsewhere it is a stray
        # mark (`… sehat,“ ungkap Hendi`: a closing mark written as an opening one).
        inside = opened + opened_width
        introduced = text[p_start:opened].rstrip()[-1:] in (",", ":") and inside < p_end and not _is_blank(text[inside])
        if ((not text[p_start:opened].strip() or introduced)
                and p_end - opened <= MAX_UNCLOSED_CHARS
                and _has_words(text, inside, p_end) and _starts_like_speech(text, inside, p_end)):
            yield _region(text, opened, None, number, False, p_end, widths=(opened_width, 1))


def _closing_mark_only(text: str, p_start: int, last_close: int, close_at: int, width: int,
                       number: int, lost_opening: int | None = None) -> QuotedRegion | None:
    """A quote whose opening mark was lost: its closing mark right after its last punctuation and
    before a lower-case word (`…, Komjen Budi Waseso," kata …`). It starts right after a mark
    that opened nothing (``lost_opening``: `… Nasional,"Selamat …`, a mark glued to a comma), else
    after the last sentence's end in its paragraph, and not in the same sentence as a quote closed
    before it (`…,” tegas mantan Direktur Bank Dunia ini,” tegasnya` has a stray mark)."""
    after = text[close_at + width : close_at + width + 12].lstrip(" ,\xa0")  # spaces: a decoded `&#8221;`
    if text[close_at - 1 : close_at] not in (",", ".", "!", "?") or not after[:1].islower():
        return None
    begin = p_start
    for end in _SENTENCE_END.finditer(text, p_start, close_at - 1):
        begin = end.end()
    if lost_opening is not None:
        begin = lost_opening
    elif last_close > begin:
        return None
    if len(text[begin:close_at].split()) < MIN_ONE_MARK_WORDS or close_at - begin > MAX_UNCLOSED_CHARS:
        return None  # `,",Hawaii," tulis`: a caption's word, not speech
    found = _region(text, begin, close_at, number, False, widths=(0, width))
    return QuotedRegion(start=found.start, end=found.end, open_at=found.start, close_at=close_at, paragraph=number,
                        open_width=0, close_width=width, one_mark=True)


_SENTENCE_END = re.compile(r"[.!?][”\"’)]*\s+")
# How long the attribution between a quote and its continuation may be (`," kata Hibnu, Rabu (18/9). `).
MAX_ATTRIBUTION_CHARS = 200


def _continued(text: str, p_start: int, p_end: int, last_close: int, close_at: int, width: int,
               number: int) -> QuotedRegion | None:
    """A quote going on after its attribution whose opening mark was lost: `"…," kata Hibnu, Rabu
    (18/9). Kan malah jelas. …."` The closing mark ends its sentence and its paragraph, a quote
    closed before it in the paragraph, a lower-case word (the cue) after that quote and one
    sentence end between: the continuation starts after that sentence end. A region with
    ``one_mark`` and ``continues`` set, the speaker's of the quote before."""
    if last_close <= p_start or text[close_at - 1 : close_at] not in (".", "!", "?") \
            or text[close_at + width : p_end].strip(" ,\xa0"):
        return None
    attribution = text[last_close:close_at]
    if not attribution.lstrip(" ,\xa0")[:1].islower():
        return None
    end = next(_SENTENCE_END.finditer(text, last_close, close_at - 1), None)
    if end is None or end.end() - last_close > MAX_ATTRIBUTION_CHARS or "\n" in text[last_close : end.end()]:
        return None
    begin = end.end()
    if len(text[begin:close_at].split()) < MIN_ONE_MARK_WORDS:
        return None
    found = _region(text, begin, close_at, number, False, widths=(0, width))
    return QuotedRegion(start=found.start, end=found.end, open_at=found.start, close_at=close_at, paragraph=number,
                        open_width=0, close_width=width, one_mark=True, continues=True)


def _starts_like_speech(text: str, start: int, end: int) -> bool:
    """Speech opens with a word, a digit, an ellipsis or a bracket, never with `,` or `.`: marks
    around `, karakter John Rambo …` are the remains of a title the scraper dropped (`","`)."""
    first = text[start:end].lstrip()[:1]
    return first not in (",", ".", ";", ":") or text[start:end].lstrip().startswith("...")


def _region(
    text: str, open_at: int, close_at: int | None, number: int, single: bool, p_end: int | None = None,
    widths: tuple[int, int] = (1, 1),
) -> QuotedRegion:
    start = open_at + widths[0]
    end = close_at if close_at is not None else p_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuotedRegion(start=start, end=end, open_at=open_at, close_at=close_at, paragraph=number, single=single,
                        open_width=widths[0], close_width=widths[1])
