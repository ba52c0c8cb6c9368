"""Hard-wrapped text: line breaks inside paragraphs, sentences and quotes, read as spaces; and
quote marks a scraper left HTML-escaped (`&#8221;`), read as marks (:func:`marks_decoded`).

Blogs, mailing lists and text copied out of PDFs break their lines at a fixed width (`… sudah
dalam\\nkondisi rusak …`); a single newline is then no paragraph break. :func:`unwrapped` gives the
text with each such newline replaced by a space, which leaves every offset where it was: the
pipeline reads the unwrapped text, the quotes keep the raw text (``text[start:end]``).

A newline is a wrap when

- a lower-case word, or a comma, ends the line and a lower-case word opens the next, in any text
  (no heading or paragraph ends that way);
- in hard-wrapped text (most lines about as long as the longest, and the longest no wider than
  :data:`MAX_WRAP_WIDTH`), unless the line ends a sentence, or is a heading's or a short line's
  end before a capital, well short of the width;
- a quote mark opened on the paragraph's lines is still open at the line's end and closes on the
  lines that follow, before a blank line: one quote over several lines.
"""

from __future__ import annotations

import re

# Widths at which text is hard-wrapped: e-mail's 72-80, fixed-width blogs up to about 100.
MAX_WRAP_WIDTH = 110
MIN_WRAPPED_LINES = 4
# A line this share of the width or longer was filled by the wrapping, not ended by the writer.
FULL_LINE_SHARE = 0.6
# Of the lines of a hard-wrapped text, at least this share is filled.
MIN_FULL_LINES = 0.5
# How many lines a quote may run on over wraps before its closing mark.
MAX_QUOTE_LINES = 8
SENTENCE_END = ".!?"
CLOSING = "”\"’'»)"
_OPENING_MARK = re.compile(r"(?:^|(?<=[\s(\[:—–-]))[“\"‘«]|[“«]")
_CLOSING_MARK = re.compile(r"[”»]|(?<=\S)[\"’](?=\s|$|[,.;:!?)])")
# HTML entities of quote marks that scrapers leave undecoded, and the marks they stand for.
_MARK_ENTITIES = {
    "&quot;": '"', "&#34;": '"', "&#x22;": '"',
    "&ldquo;": "“", "&#8220;": "“", "&#x201c;": "“", "&rdquo;": "”", "&#8221;": "”", "&#x201d;": "”",
    "&lsquo;": "‘", "&#8216;": "‘", "&#x2018;": "‘", "&rsquo;": "’", "&#8217;": "’", "&#x2019;": "’",
    "&laquo;": "«", "&#171;": "«", "&raquo;": "»", "&#187;": "»",
}
_MARK_ENTITY = re.compile("|".join(re.escape(entity) for entity in _MARK_ENTITIES), re.IGNORECASE)
# Where a Doc whose text was unwrapped keeps the raw text (``doc.user_data``).
RAW_TEXT = "claimtrack.raw_text"
# Where a Doc keeps its text once read: ``doc.text`` joins the text of every token anew on each
# call (a sixth of extraction's time when each component read it).
TEXT = "claimtrack.text"


def doc_text(doc) -> str:
    """``doc.text`` (the unwrapped text), joined once per Doc: the components read it many times
    and never change a Doc's tokens."""
    text = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return text


def unwrapped(text: str) -> str:
    """``text`` with every wrapping newline replaced by a space (same length, same offsets).

    >>> unwrapped("kondisi sudah dalam\\nkondisi rusak,” tulis KJRI.\\nKJRI Davao")
    'kondisi sudah dalam kondisi rusak,” tulis KJRI.\\nKJRI Davao'
    """
    if "\n" not in text:
        return text
    breaks = wrap_breaks(text)
    if not breaks:
        return text
    chars = list(text)
    for at in breaks:
        chars[at] = " "
        if at > 0 and chars[at - 1] == "\r":
            chars[at - 1] = " "
    return "".join(chars)


def marks_decoded(text: str) -> str:
    """``text`` with every HTML-escaped quote mark (`&#8221;`, `&quot;`, `&ldquo;`) that a scraper
    left undecoded read as the mark it stands for, padded with spaces to the entity's length (same
    length, same offsets). The mark stands on the side of the quoted words: last before a word it
    opens (`&#8220;Bristles` reads `      “Bristles`), else first (`haram.&#8221; kata` reads
    `haram.”       kata`).

    >>> marks_decoded("&#8220;Itu haram,&#8221; kata Hatta")
    '      “Itu haram,”       kata Hatta'
    """
    if "&" not in text:
        return text
    decoded = _MARK_ENTITY.sub(_decoded_mark, text)
    return text if decoded == text else decoded


def _decoded_mark(match: re.Match) -> str:
    mark = _MARK_ENTITIES[match.group().lower()]
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() and after.isalnum():
        return match.group()  # an apostrophe inside a word (`Jum&#8217;at`): no mark, and no space in the word
    pad = " " * (end - start - 1)
    return pad + mark if after.isalnum() and not before.isalnum() else mark + pad


def wrap_breaks(text: str) -> list[int]:
    """Offsets of the newlines of ``text`` that wrap a line rather than end a paragraph."""
    lines = _lines(text)
    if len(lines) < 2:
        return []
    width = _wrap_width(lines)
    breaks = []
    open_quote = False
    for number, (start, end) in enumerate(lines[:-1]):
        line = text[start:end].rstrip(" \t\r")
        following_start, following_end = lines[number + 1]
        following = text[following_start:following_end].lstrip(" \t")
        blank = not following or text.count("\n", end, following_start) > 1
        open_quote = _still_open(line, open_quote)
        if blank or not line.strip():
            open_quote = False
            continue
        if _lower_case_continues(line, following) or width and _wrapped(line, following, width) \
                or open_quote and _closes_soon(text, lines, number + 1):
            breaks.append(end)
        else:
            open_quote = False
    return breaks


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, the newline left out."""
    lines, start = [], 0
    while True:
        end = text.find("\n", start)
        if end == -1:
            lines.append((start, len(text)))
            return lines
        lines.append((start, end))
        start = end + 1


def _wrap_width(lines: list[tuple[int, int]]) -> int | None:
    """The width a text is hard-wrapped at, or ``None`` when it is not hard-wrapped."""
    lengths = sorted(end - start for start, end in lines if end > start)
    if len(lengths) < MIN_WRAPPED_LINES:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > MAX_WRAP_WIDTH:
        return None
    full = sum(1 for length in lengths if length >= FULL_LINE_SHARE * width)
    return width if full >= MIN_FULL_LINES * len(lengths) else None


def _lower_case_continues(line: str, following: str) -> bool:
    """`… sudah dalam` / `kondisi rusak …`: a sentence goes on over the break."""
    last, first = line[-1:], following[:1]
    return (last.isalpha() and last.islower() or last == ",") and first.isalpha() and first.islower()


def _wrapped(line: str, following: str, width: int) -> bool:
    """In hard-wrapped text: the line was cut by the wrapping, not ended by its writer."""
    ends_sentence = line.rstrip(CLOSING)[-1:] in SENTENCE_END or line.endswith(":")
    if ends_sentence:
        return len(line) + 1 + len(following.split(maxsplit=1)[0]) > width  # filled to the width
    return len(line) >= FULL_LINE_SHARE * width or not following[:1].isupper()


def _still_open(line: str, was_open: bool) -> bool:
    """Whether a quote mark is open at the end of ``line`` (given whether it was at its start)."""
    marks = sorted([(m.start(), True) for m in _OPENING_MARK.finditer(line)]
                   + [(m.start(), False) for m in _CLOSING_MARK.finditer(line)])
    seen = set()
    state = was_open
    for at, opening in marks:
        if at in seen:
            continue
        seen.add(at)
        if line[at] == '"':  # a straight mark opens when none is open, else closes
            state = not state
        else:
            state = opening
    return state


def _closes_soon(text: str, lines: list[tuple[int, int]], first: int) -> bool:
    """Whether a closing mark comes on the lines from ``first`` on, before an opening mark or a
    blank line."""
    for start, end in lines[first : first + MAX_QUOTE_LINES]:
        line = text[start:end]
        if not line.strip():
            return False
        opening = _OPENING_MARK.search(line)
        closing = _CLOSING_MARK.search(line)
        if closing is not None and (opening is None or closing.start() < opening.start()):
            return True
        if opening is not None:
            return False
    return False
