"""Reading articles: raw text kept exactly as given, metadata and boilerplate derived from it.

An :class:`Article` holds the decoded text untouched (offsets of every quote point into it) plus
what the text itself tells: title, outlet, publication date, dateline city, and the character
ranges of site furniture (menus, "Baca Juga", related-headline lists, copyright lines) that the
extractor must not read. Nothing is deleted: boilerplate is marked, never cut.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from claimtrack import lexicon

TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
HTML_SUFFIXES = (".html", ".htm")
INPUT_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES
# spaCy's own default limit; a longer "article" is a dump or a mistake, not one story.
MAX_ARTICLE_CHARS = 1_000_000
# JSON Lines fields read by default (CLICK-ID's names); `--field text=body` maps others.
DEFAULT_FIELDS = {"text": "content", "url": "url", "outlet": "outlet", "title": "title", "date": "date", "id": "id"}
# The encodings Indonesian sites have served text in, tried in order after UTF-8.
FALLBACK_ENCODINGS = ("cp1252", "latin-1")
MAX_TITLE_CHARS = 200


class ArticleError(ValueError):
    """An input that cannot be read as an article; the message names the input and the fix."""


@dataclass(frozen=True)
class Article:
    text: str
    source: str
    title: str | None = None
    outlet: str | None = None
    outlet_source: str | None = None
    published: str | None = None
    date_source: str | None = None
    dateline: str | None = None
    url: str | None = None
    html: str | None = field(default=None, repr=False)
    encoding: str = "utf-8"
    boilerplate: tuple[tuple[int, int], ...] = field(default=(), repr=False)

    def in_boilerplate(self, start: int, end: int) -> bool:
        return any(start < b_end and b_start < end for b_start, b_end in self.boilerplate)


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM allowed), else as cp1252 or latin-1; say which was used."""
    if not data.strip():
        raise ArticleError(f"{source}: the file is empty; there is no article to read.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark (Windows Notepad)
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ArticleError(f"{source}: starts like UTF-16 text but is not valid UTF-16; "
                               "save it as UTF-8 and try again.") from None
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{source}: this looks like a binary file (it contains NUL bytes), not article text.")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Mostly valid UTF-8 with a few stray bytes: reading it all as cp1252 would garble every
    # “ and é; keep UTF-8, replace the bad bytes with U+FFFD, and say how many.
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for char in replaced if ord(char) > 0x7F and char != "\ufffd")
    if multibyte and bad <= max(3, multibyte // 20):
        return replaced, f"utf-8 ({bad} undecodable byte{'s' if bad != 1 else ''} replaced by U+FFFD)"
    for encoding in FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ArticleError(f"{source}: not valid UTF-8, cp1252 or latin-1 text.")  # pragma: no cover


_HTML = re.compile(r"^\s*(<!doctype html|<html\b|<head\b|<body\b)", re.IGNORECASE)


def _check_length(text: str, source: str) -> None:
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleError(
            f"{source}: {len(text):,} characters is more than one article (the limit is {MAX_ARTICLE_CHARS:,}); "
            "split it into one file per article, or convert it to JSON Lines with one article per line."
        )


def read_text_file(path: Path) -> Article:
    """Read one plain-text article file."""
    return read_text(path.read_bytes(), source=path.name, where=str(path))


def read_text(data: bytes, *, source: str, where: str | None = None) -> Article:
    """Read one plain-text article from bytes (a file's or standard input's)."""
    where = where or source
    text, encoding = decode(data, where)
    if _HTML.match(text):
        raise ArticleError(
            f"{where}: this text holds HTML, not article text; save it as .html to have it read as a page."
        )
    _check_length(text, where)
    return parse_article(text, source=source, encoding=encoding)


def read_html(data: bytes, *, source: str, where: str | None = None) -> Article:
    """Read a news page: trafilatura finds the article text and metadata; the HTML is kept."""
    import trafilatura

    where = where or source
    html, encoding = decode(data, where)
    found = trafilatura.extract(html, output_format="json", with_metadata=True, favor_recall=True)
    record = json.loads(found) if found else {}
    text = record.get("text") or ""
    if not text.strip():
        raise ArticleError(f"{where}: no article text found in this HTML page.")
    _check_length(text, where)
    outlet = _outlet_named(record.get("sitename") or record.get("source-hostname") or record.get("hostname") or "",
                           lexicon.load())
    article = parse_article(
        text, source=source, url=record.get("url") or None, outlet=outlet, title=record.get("title") or None,
        published=record.get("date") or None, encoding=encoding,
    )
    return replace(article, html=html)


@dataclass(frozen=True)
class InputError:
    """An input that could not be read; ``where`` names it (a file, or a file and line)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _jsonl_article(line: str, where: str, fields: dict[str, str]) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        message = error.msg.removesuffix(" at")  # `Invalid control character at`
        raise ArticleError(f"{where}: not valid JSON ({message} at column {error.colno}).") from None
    except RecursionError:
        raise ArticleError(f"{where}: the JSON is nested too deeply to be an article.") from None
    if not isinstance(record, dict):
        kind = type(record).__name__
        raise ArticleError(f"{where}: expected a JSON object with a {fields['text']!r} field, got {kind}.")
    text = record.get(fields["text"])
    if not isinstance(text, str):
        found = "missing" if text is None else f"a {type(text).__name__}, not text"
        raise ArticleError(
            f"{where}: the {fields['text']!r} field is {found}; name the text field with --field text=NAME."
        )
    if not text.strip():
        raise ArticleError(f"{where}: the {fields['text']!r} field is empty; there is no article to read.")
    _check_length(text, where)

    def value(name: str) -> str | None:
        raw = record.get(fields[name])
        return str(raw) if isinstance(raw, str | int | float) and str(raw).strip() else None

    outlet = value("outlet")
    published = value("date")
    return parse_article(
        text, source=value("id") or where, url=value("url"), title=value("title"),
        outlet=_outlet_named(outlet, lexicon.load()) or outlet if outlet else None,
        published=published[:10] if published else None,
    )


def read_jsonl(path: Path, fields: dict[str, str] | None = None) -> Iterator[Article | InputError]:
    """One article per line; a bad line is reported with its number and the rest are read."""
    fields = {**DEFAULT_FIELDS, **(fields or {})}
    lines = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            where = f"{path}:{number}"
            if not raw.strip():
                continue
            lines += 1
            try:
                line, _ = decode(raw, where)
                yield _jsonl_article(line, where, fields)
            except ArticleError as error:
                yield InputError(where, str(error).removeprefix(f"{where}: "))
    if not lines:
        yield InputError(str(path), "the file is empty; there is no article to read.")


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand folders into the files claimtrack reads (sorted, recursive); files pass through."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
        else:
            yield path


def iter_articles(paths: Iterable[Path], *, fields: dict[str, str] | None = None,
                  stdin: bytes | None = None) -> Iterator[Article | InputError]:
    """Every article in ``paths`` (text, JSON Lines and HTML files, folders of them; ``-`` is
    ``stdin``), or an :class:`InputError` for each input that cannot be read."""
    for path in iter_input_files(paths):
        suffix = path.suffix.lower()
        try:
            if str(path) == "-":
                yield read_text(stdin or b"", source="<stdin>")
            elif suffix in JSONL_SUFFIXES:
                yield from read_jsonl(path, fields)
            elif suffix in HTML_SUFFIXES:
                yield read_html(path.read_bytes(), source=path.name, where=str(path))
            else:
                yield read_text_file(path)
        except ArticleError as error:
            yield InputError(str(path), str(error).removeprefix(f"{path}: "))
        except OSError as error:
            yield InputError(str(path), f"cannot be read ({error.strerror or error}).")


def iter_text_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand folders into their plain-text article files (sorted, recursive)."""
    for path in iter_input_files(paths):
        if path.suffix.lower() in TEXT_SUFFIXES or not path.suffix:
            yield path


def parse_article(
    text: str,
    *,
    source: str,
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    title: str | None = None,
    encoding: str = "utf-8",
    today: dt.date | None = None,
) -> Article:
    """Derive an :class:`Article` from raw text; values given by the caller win over derived ones."""
    lex = lexicon.load()
    boilerplate = tuple(find_boilerplate(text))
    lead = _lead_paragraph(text, boilerplate)
    dateline_city, dateline_outlet = _dateline(lead, lex) if lead else (None, None)

    outlet_source = "given" if outlet else None
    if not outlet and dateline_outlet:
        outlet, outlet_source = dateline_outlet, "dateline"
    if not outlet:
        outlet, outlet_source = _outlet_from_text(text, lex)

    date_source = "given" if published else None
    if not published:
        published, date_source = _publication_date(text, lex, today or dt.date.today(), url=url)

    return Article(
        text=text,
        source=source,
        title=title or _title(text, boilerplate, lex),
        outlet=outlet,
        outlet_source=outlet_source,
        published=published,
        date_source=date_source,
        dateline=dateline_city,
        url=url,
        encoding=encoding,
        boilerplate=boilerplate,
    )


# --- boilerplate -------------------------------------------------------------------------------

def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    start = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        yield start, start + len(stripped), stripped
        start += len(line)


def _looks_like_headline(line: str) -> bool:
    """A line of a related-headlines list: short and not a sentence of prose."""
    stripped = line.strip()
    return len(stripped) <= 160 and not stripped.endswith((".", ".”", '."', ":"))


def find_boilerplate(text: str) -> list[tuple[int, int]]:
    """Character ranges of site furniture, merged and sorted."""
    lex = lexicon.load()
    ranges: list[tuple[int, int]] = []
    in_section = False
    for start, end, line in _lines(text):
        if not line.strip():
            continue
        if any(p.match(line) for p in lex.boilerplate_sections):
            ranges.append((start, end))
            in_section = True
        elif any(p.match(line) for p in lex.boilerplate_lines):
            ranges.append((start, end))
        elif in_section and _looks_like_headline(line):
            ranges.append((start, end))
        else:
            in_section = False
            for pattern in lex.boilerplate_inline:
                ranges.extend((start + m.start(), start + m.end()) for m in pattern.finditer(line))
    return _merge(ranges)


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _outside(start: int, end: int, boilerplate: tuple[tuple[int, int], ...]) -> bool:
    return not any(start < b_end and b_start < end for b_start, b_end in boilerplate)


# --- title, dateline, outlet, date ---------------------------------------------------------------

_DATELINE = re.compile(
    r"^\s*(?P<first>[A-Za-z][\w.]*(?: [A-Z][\w.]*){0,3})"  # `TEHERAN`, `Suara.com`
    r"(?:,\s*(?P<second>[^–—\-\n]{2,40}?))?"  # `, ARRAHMAHNEWS.COM`
    r"\s+[–—-]\s+\S"
)


def _lead_paragraph(text: str, boilerplate: tuple[tuple[int, int], ...]) -> str | None:
    for start, end, line in _lines(text):
        if len(line) > 80 and _outside(start, end, boilerplate):
            return line
    return None


def _outlet_named(value: str, lex: lexicon.Lexicon) -> str | None:
    lowered = value.strip().lower()
    for outlet in lex.outlets:
        if lowered in outlet.names or lowered == outlet.domain:
            return outlet.name
    return None


def _dateline(lead: str, lex: lexicon.Lexicon) -> tuple[str | None, str | None]:
    """`TEHERAN -`, `MOSKOW, ARRAHMAHNEWS.COM –`, `Moskow, Purna Warta –`, `Suara.com -`."""
    match = _DATELINE.match(lead)
    if not match:
        return None, None
    first, second = match["first"], match["second"]
    outlet = _outlet_named(first, lex)
    if outlet:
        return None, outlet
    if not (first.isupper() or first.lower() in lex.places or second):
        return None, None
    return first.title(), _outlet_named(second, lex) if second else None


def _outlet_from_text(text: str, lex: lexicon.Lexicon) -> tuple[str | None, str | None]:
    lowered = text.lower()
    best, best_count = None, 0
    for outlet in lex.outlets:
        count = sum(len(re.findall(rf"(?<![\w.]){re.escape(name)}(?![\w])", lowered)) for name in outlet.names)
        if count > best_count:
            best, best_count = outlet.name, count
    if best:
        return best, "text"
    for outlet in lex.outlets:
        if outlet.house_style and outlet.house_style.search(text):
            return outlet.name, "house-style"
    return None, None


def _title(text: str, boilerplate: tuple[tuple[int, int], ...], lex: lexicon.Lexicon) -> str | None:
    for start, end, line in _lines(text):
        stripped = line.strip()
        if not stripped or not _outside(start, end, boilerplate):
            continue
        if len(stripped) > MAX_TITLE_CHARS or stripped.endswith(".") or _DATELINE.match(stripped):
            return None
        if _full_date(stripped, lex):
            continue
        return stripped
    return None


def _month_number(word: str, lex: lexicon.Lexicon) -> int | None:
    lowered = word.lower().rstrip(".")
    if lowered in lex.months:
        return lex.months.index(lowered) + 1
    if lowered[:3] in lex.month_abbreviations and len(lowered) <= 4:
        return lex.month_abbreviations.index(lowered[:3]) + 1
    return None


_WRITTEN_DATE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9}\.?)\s+(\d{4})\b")
_NUMERIC_DATE = re.compile(r"\((\d{1,2})/(\d{1,2})/(\d{4})\)")
_WEEKDAY_DATE = re.compile(r"\b([A-Za-z']{4,7})\s*\((\d{1,2})/(\d{1,2})\)")
# Dates with a year anywhere in the text (`2/12/2015`, `(21/2/2017)`) and in a URL (`/2017/02/21/`).
_ANY_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?!\d)")
# How far from a date the article gives with its year a weekday and day may be placed (`Selasa
# (21/2)` in a story that also writes `21 Februari 2017`): a story's dates lie within months.
MAX_REFERENCE_DAYS = 183


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _full_date(line: str, lex: lexicon.Lexicon) -> dt.date | None:
    for match in _WRITTEN_DATE.finditer(line):
        month = _month_number(match[2], lex)
        if month:
            found = _safe_date(int(match[3]), month, int(match[1]))
            if found:
                return found
    return None


def _weekday_index(word: str, lex: lexicon.Lexicon) -> int | None:
    lowered = word.lower()
    lowered = lex.weekday_variants.get(lowered, lowered)
    return lex.weekdays.index(lowered) if lowered in lex.weekdays else None


def _publication_date(text: str, lex: lexicon.Lexicon, today: dt.date,
                      url: str | None = None) -> tuple[str | None, str | None]:
    """The date the article gives, best evidence first, and where it came from (``date_source``).

    1. a written date on a line of its own near the top (`Rabu, 20 September 2023 - 22:01 WIB`,
       `18 Februari 2016,`): ``header``;
    2. a numeric date in the body (`Rabu (20/9/2023)`): ``body``;
    3. a day and month with a weekday (`Rabu (20/9)`), placed in the year that puts it on that
       weekday within :data:`MAX_REFERENCE_DAYS` of a date the article or its URL gives with its
       year (`… tanggal 21 Februari 2017 …`, `/2017/02/21/`), not after today: ``weekday``, an
       inferred date. A year is never invented: without such a date the article stays undated,
       and ``date_source`` says why (`undated: Selasa (21/2) gives no year …`).
    """
    head = "\n".join(line for _, _, line in list(_lines(text))[:12] if len(line) <= 80)
    found = _full_date(head, lex)
    if found:
        return found.isoformat(), "header"
    match = _NUMERIC_DATE.search(text)
    if match:
        found = _safe_date(int(match[3]), int(match[2]), int(match[1]))
        if found:
            return found.isoformat(), "body"
    references = _reference_dates(text, url, lex, today)
    seen = None
    for match in _WEEKDAY_DATE.finditer(text):
        weekday = _weekday_index(match[1], lex)
        if weekday is None:
            continue
        seen = seen or match[0]
        placed = _placed_by_weekday(int(match[2]), int(match[3]), weekday, references, today)
        if placed is not None:
            return placed.isoformat(), "weekday"
    if seen is None:
        return None, None
    if not references:
        return None, f"undated: {seen} gives no year, and the article no dated reference to place it by"
    return None, (f"undated: {seen} falls on no such weekday within {MAX_REFERENCE_DAYS} days of the "
                  f"article's dates ({', '.join(sorted({d.isoformat() for d in references})[:3])})")


def _reference_dates(text: str, url: str | None, lex: lexicon.Lexicon, today: dt.date) -> list[dt.date]:
    """The dates with a year that the article's text or URL gives, not after today."""
    found = []
    for match in _WRITTEN_DATE.finditer(text):
        month = _month_number(match[2], lex)
        found.append(_safe_date(int(match[3]), month, int(match[1])) if month else None)
    found += [_safe_date(int(m[3]), int(m[2]), int(m[1])) for m in _ANY_NUMERIC_DATE.finditer(text)]
    found += [_safe_date(int(m[1]), int(m[2]), int(m[3])) for m in _URL_DATE.finditer(url or "")]
    return [date for date in found if date is not None and date <= today]


def _placed_by_weekday(day: int, month: int, weekday: int, references: list[dt.date],
                       today: dt.date) -> dt.date | None:
    """The date on that weekday nearest to a reference date, within :data:`MAX_REFERENCE_DAYS`."""
    best = None
    for reference in references:
        for year in (reference.year - 1, reference.year, reference.year + 1):
            candidate = _safe_date(year, month, day)
            if candidate is None or candidate > today or candidate.weekday() != weekday:
                continue
            distance = abs((candidate - reference).days)
            if distance <= MAX_REFERENCE_DAYS and (best is None or distance < best[0]):
                best = (distance, candidate)
    return best[1] if best else None


def seeds_dir() -> Path:
    """The five seed articles the demo runs on: packaged in a wheel, ``seeds/`` in a checkout."""
    packaged = Path(__file__).parent / "_seeds"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "seeds"
