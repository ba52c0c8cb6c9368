"""Reading articles: raw text kept exactly as given, metadata and boilerplate derived from it.

An :class:`Article` holds the decoded text untouched (offsets of every quote point into it) plus
what the text itself tells: title, outlet, publication date, dateline city, and the character
ranges of site furniture (menus, "Baca Juga", related-headline lists, copyright lines) that the
extractor must not read. Nothing is deleted: boilerplate is marked, never cut.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from claimtrack import lexicon

if TYPE_CHECKING:
    from claimtrack.live.reader import WebReader

TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
HTML_SUFFIXES = (".html", ".htm")
# Feeds and sitemaps list articles rather than being one: read only to be named and refused.
XML_SUFFIXES = (".xml", ".rss", ".atom")
INPUT_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES + XML_SUFFIXES
# Any of the above gzipped (`articles.jsonl.gz`) is read as it is; other archives are named as skipped.
GZIP_SUFFIX = ".gz"
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tgz", ".tbz2", ".txz", ".bz2", ".xz", ".zst", ".lzma", ".7z", ".rar")
# spaCy's own default limit; a longer "article" is a dump or a mistake, not one story.
MAX_ARTICLE_CHARS = 1_000_000
# No more than this is read from one file, one JSON line or standard input (`ingest /dev/zero`
# would otherwise read until memory runs out); more is never one article.
MAX_INPUT_BYTES = 64 * 1024 * 1024
# The zone of a date given as Unix seconds: Western Indonesian Time (WIB), by which the outlets
# date their articles, so that an article of 06:00 in Jakarta is not dated the day before.
UNIX_TIME_ZONE = dt.timezone(dt.timedelta(hours=7))
DATE_FORMATS_READ = "such as 2019-09-16, 2019-09-16T10:00+07:00, 16/09/2019, Senin, 16 September 2019 or Unix seconds"
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
    # What reading had to say about an input it still read (a date it could not read, characters
    # it replaced), each naming the input: told to the user, never stored.
    warnings: tuple[str, ...] = field(default=(), repr=False, compare=False)

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


def shown_path(path: str | os.PathLike) -> str:
    """A path as text that can be stored and printed: bytes of a file name that are not UTF-8
    (which Python keeps as lone surrogates) are written out as ``\\xff``."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def _open(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when its name ends in ``.gz``."""
    return gzip.open(path, "rb") if path.name.lower().endswith(GZIP_SUFFIX) else path.open("rb")


def read_capped(handle: BinaryIO, where: str) -> bytes:
    """All of ``handle``, unless that is more than ``MAX_INPUT_BYTES``: then an :class:`ArticleError`."""
    data = handle.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise ArticleError(f"{where}: more than {MAX_INPUT_BYTES:,} bytes is more than one article (the limit is "
                           f"{MAX_ARTICLE_CHARS:,} characters); split it into one file per article, or convert it to "
                           "JSON Lines with one article per line.")
    return data


def read_text_file(path: Path) -> Article:
    """Read one plain-text article file (gzipped when its name ends in ``.gz``)."""
    where = shown_path(path)
    with _open(path) as handle:
        return read_text(read_capped(handle, where), source=shown_path(path.name), where=where)


# The first element of an XML document, after its declaration, comments, instructions and doctype.
_XML_ROOT = re.compile(r"\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE[^>]*>)\s*)*"
                       r"<([A-Za-z_][\w.:-]*)", re.DOTALL)
# Root elements of documents that list articles, and what to call them.
_LISTS_OF_ARTICLES = {"rss": "an RSS feed", "rdf:rdf": "an RSS feed", "feed": "an Atom feed",
                      "urlset": "a sitemap", "sitemapindex": "a sitemap index"}


def xml_kind(text: str) -> str | None:
    """What an XML document is (``"an RSS feed"``, ``"an Atom feed"``, ``"a sitemap"``, ``"an XML
    document"``), or ``None`` for anything else, an XHTML page included.

    >>> xml_kind('<?xml version="1.0"?><rss version="2.0"><channel>'), xml_kind("<p>Kata dia.</p>")
    ('an RSS feed', None)
    """
    match = _XML_ROOT.match(text[:8192])
    if not match:
        return None
    root = match[1].lower()
    if root in _LISTS_OF_ARTICLES:
        return _LISTS_OF_ARTICLES[root]
    return "an XML document" if root != "html" and text.lstrip().startswith("<?xml") else None


def _refuse_xml(text: str, where: str) -> None:
    kind = xml_kind(text)
    if kind == "an XML document":
        raise ArticleError(f"{where}: this is an XML document, not article text.")
    if kind:
        raise ArticleError(f"{where}: this is {kind}, which lists articles rather than being one; save it as a "
                           "file and ingest that, or give its address: claimtrack ingest --feed URL (--sitemap URL).")


def read_text(data: bytes, *, source: str, where: str | None = None) -> Article:
    """Read one plain-text article from bytes (a file's or standard input's)."""
    where = where or source
    text, encoding = decode(data, where)
    _refuse_xml(text, where)
    if _HTML.match(text):
        raise ArticleError(
            f"{where}: this text holds HTML, not article text; save it as .html to have it read as a page."
        )
    _check_length(text, where)
    return parse_article(text, source=source, encoding=encoding)


def read_html(data: bytes, *, source: str, where: str | None = None, url: str | None = None) -> Article:
    """Read a news page: trafilatura finds the article text, the page's own metadata its URL, outlet
    and date (:func:`claimtrack.live.metadata.page_metadata`); the HTML is kept. ``url``: where the
    page was fetched from, after redirects (``None`` for a saved page)."""
    from claimtrack.live.metadata import page_metadata

    where = where or source
    try:
        import trafilatura
    except ImportError as error:  # an install that left out lxml_html_clean (pip older than 22.3)
        raise ArticleError(f"{where}: reading HTML needs a package that is not installed ({error}); install it "
                           "with: pip install lxml_html_clean") from None

    html, encoding = decode(data, where)
    _refuse_xml(html, where)
    found = trafilatura.extract(html, output_format="json", with_metadata=True, favor_recall=True)
    record = json.loads(found) if found else {}
    text = record.get("text") or ""
    if not text.strip():
        raise ArticleError(f"{where}: no article text found in this HTML page.")
    _check_length(text, where)
    page = page_metadata(html, url=url)
    article = _dated(text, page.published, where, "date in the page's metadata", html=html, source=source,
                     url=page.url, outlet=page.outlet, title=record.get("title") or None, encoding=encoding)
    return replace(article, outlet_source=page.outlet_source or article.outlet_source,
                   date_source=page.date_source or article.date_source)


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

    repaired, surrogates = _without_lone_surrogates(record, fields)
    if surrogates:
        record = repaired

    def value(name: str) -> str | None:
        raw = record.get(fields[name])
        return str(raw) if isinstance(raw, str | int | float) and str(raw).strip() else None

    outlet = value("outlet")
    replaced = f"{surrogates} lone surrogate{'s' if surrogates != 1 else ''}"
    article = _dated(
        record[fields["text"]], record.get(fields["date"]), where, f"{fields['date']!r} field",
        source=value("id") or where, url=value("url"), title=value("title"),
        outlet=_outlet_named(outlet, lexicon.load()) or outlet if outlet else None,
        encoding=f"utf-8 ({replaced} replaced by U+FFFD)" if surrogates else "utf-8",
    )
    if surrogates:
        article = replace(article, warnings=(
            f"{where}: {replaced} (\\ud800-\\udfff escapes that are no character) replaced by U+FFFD; the rest of "
            "the article is stored as given.", *article.warnings))
    return article


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(record: dict, fields: dict[str, str]) -> tuple[dict, int]:
    """The record with each lone surrogate of the fields read (JSON's ``"\\ud800"``, which is no
    character and cannot be stored as UTF-8) replaced by U+FFFD, and how many there were."""
    count = 0
    repaired = dict(record)
    for name in set(fields.values()):
        raw = record.get(name)
        if isinstance(raw, str) and _LONE_SURROGATE.search(raw):
            repaired[name], found = _LONE_SURROGATE.subn("\ufffd", raw)
            count += found
    return repaired, count


def _dated(text: str, given, where: str, what: str, **metadata) -> Article:
    """The article, dated by the ``given`` date value when it can be read (:func:`read_date`); one
    that cannot is dropped with a warning naming ``where``, and the article is dated by its text
    when its text gives a date, else stored undated."""
    html = metadata.pop("html", None)
    present = given is not None and str(given).strip() != ""
    date = read_date(given) if present else None
    article = parse_article(text, published=date.isoformat() if date else None, **metadata)
    if html is not None:
        article = replace(article, html=html)
    if present and date is None:
        then = (f"dated {article.published} from its text instead" if article.published
                else "stored undated")
        shown = given if isinstance(given, str | int | float) else json.dumps(given, ensure_ascii=False)
        article = replace(article, warnings=(
            f"{where}: the {what} {_short(str(shown))} is not a date claimtrack reads ({DATE_FORMATS_READ}); "
            f"{then}.",))
    return article


def _short(value: str, limit: int = 60) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?=$|[T\s_,])")
_DAY_FIRST_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?=$|[T\s,])")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_UNIX_TIME = re.compile(r"\d{9,14}(?:\.\d+)?")  # 1973 onwards, in seconds or milliseconds
_ENGLISH_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y")


def read_date(value) -> dt.date | None:
    """The day a date value names, as sources give it, or ``None`` when it names none.

    ISO dates with or without a time and zone (the date as written, not moved to another zone),
    ``YYYY/MM/DD``, ``YYYYMMDD``, day-first numeric dates (``16/09/2019``, ``16-09-2019``, as
    Indonesian sources write them), written dates with or without a weekday in Indonesian
    (``Senin, 16 September 2019``) or English (``September 16, 2019``, RFC 2822 as feeds give
    it), and Unix time in seconds or milliseconds (the day in WIB).

    >>> [str(read_date(v)) for v in ("2019-09-16T23:30:00+07:00", "16/09/2019", "Senin, 16 September 2019",
    ...                              1568592000, "2019-13-45", "garbage")]
    ['2019-09-16', '2019-09-16', '2019-09-16', '2019-09-16', 'None', 'None']
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip()
    if _UNIX_TIME.fullmatch(text):
        return _unix_day(float(text))
    if match := _COMPACT_DATE.fullmatch(text):
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _ISO_DATE.match(text):
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DAY_FIRST_DATE.match(text):
        return _safe_date(int(match[3]), int(match[2]), int(match[1]))
    written = _full_date(text, lexicon.load())
    if written:
        return written
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    plain = re.sub(r"^[A-Za-z]+,\s*", "", text)  # a weekday before the date
    for form in _ENGLISH_FORMATS:
        try:
            return dt.datetime.strptime(plain, form).date()
        except ValueError:
            continue
    return None


def _unix_day(seconds: float) -> dt.date | None:
    if abs(seconds) >= 1e11:  # milliseconds
        seconds /= 1000
    try:
        return dt.datetime.fromtimestamp(seconds, UNIX_TIME_ZONE).date()
    except (OverflowError, OSError, ValueError):
        return None


def read_jsonl(path: Path, fields: dict[str, str] | None = None) -> Iterator[Article | InputError]:
    """One article per line (gzipped when the name ends in ``.gz``); a bad line is reported with
    its number and the rest are read."""
    fields = {**DEFAULT_FIELDS, **(fields or {})}
    shown = shown_path(path)
    lines = 0
    with _open(path) as handle:
        number = 0
        while raw := handle.readline(MAX_INPUT_BYTES + 1):
            number += 1
            where = f"{shown}:{number}"
            if len(raw) > MAX_INPUT_BYTES:
                yield InputError(where, f"more than {MAX_INPUT_BYTES:,} bytes without a line break: this is not one "
                                        "article per line; the rest of the file was not read.")
                return
            if not raw.strip():
                continue
            lines += 1
            try:
                line, _ = decode(raw, where)
                yield _jsonl_article(line, where, fields)
            except ArticleError as error:
                yield InputError(where, str(error).removeprefix(f"{where}: "))
    if not lines:
        yield InputError(shown, "the file is empty; there is no article to read.")


STDIN = "<stdin>"


def input_kind(path: Path) -> str | None:
    """How claimtrack reads a file, by its name: ``"jsonl"``, ``"html"``, ``"text"`` (feeds and
    sitemaps among them, to be refused by what they hold), each perhaps gzipped; ``"archive"`` for
    what it does not unpack; ``None`` for other names (read as text when named on their own)."""
    name = path.name.lower()
    if name.endswith(GZIP_SUFFIX):
        inner = Path(name.removesuffix(GZIP_SUFFIX)).suffix
        return input_kind(Path(f"x{inner}")) if inner in INPUT_SUFFIXES else "archive"
    suffix = path.suffix.lower()
    if suffix in ARCHIVE_SUFFIXES:
        return "archive"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text" if suffix in TEXT_SUFFIXES + XML_SUFFIXES else None


def _archive(path: Path) -> InputError:
    name = path.name.lower()
    kind = "".join(Path(name).suffixes[-2:]) if name.endswith((".tar.gz", ".tar.bz2", ".tar.xz")) else path.suffix
    return InputError(shown_path(path), f"an archive ({kind}), which claimtrack does not unpack; it reads .jsonl.gz "
                                        "and .txt.gz files as they are: unpack it and ingest what it holds.")


def _inputs(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    """Each file to read, folders expanded (sorted, recursive); what cannot be read at all (an
    archive, a broken link, a folder that cannot be listed) as an :class:`InputError`, never
    passed over in silence. ``-`` passes through."""
    for path in paths:
        if str(path) != "-" and path.is_dir():
            yield from _folder(path)
        elif str(path) != "-" and input_kind(path) == "archive":
            yield _archive(path)
        else:
            yield path


def _folder(folder: Path) -> Iterator[Path | InputError]:
    found: list[tuple[Path, Path | InputError]] = []

    def unlisted(error: OSError) -> None:
        where = Path(error.filename)
        found.append((where, InputError(shown_path(where), f"a folder that cannot be read ({error.strerror}); "
                                                           "nothing in it was ingested.")))

    for root, folders, files in os.walk(folder, onerror=unlisted):
        for name in folders:
            path = Path(root, name)
            if path.is_symlink():
                found.append((path, InputError(shown_path(path), "a link to a folder, which is not followed; "
                                                                 "ingest the folder it points at by its own name.")))
        for name in files:
            path = Path(root, name)
            kind = input_kind(path)
            if path.is_symlink() and not path.exists():
                target = shown_path(os.readlink(path))
                found.append((path, InputError(shown_path(path), f"a broken link: it points at {target}, which "
                                                                 "does not exist.")))
            elif kind == "archive":
                found.append((path, _archive(path)))
            elif kind and path.is_file():
                found.append((path, path))
    if not any(isinstance(item, Path) for _, item in found):
        found.append((folder, InputError(shown_path(folder), "holds no file claimtrack reads (.txt, .jsonl, .html, "
                                                             "or these gzipped); nothing was ingested from it.")))
    yield from (item for _, item in sorted(found, key=lambda pair: pair[0]))


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand folders into the files claimtrack reads (sorted, recursive); files pass through."""
    return (item for item in _inputs(paths) if isinstance(item, Path))


def iter_articles(paths: Iterable[Path], *, fields: dict[str, str] | None = None,
                  stdin: bytes | BinaryIO | None = None,
                  web: WebReader | None = None) -> Iterator[Article | InputError]:
    """Every article in ``paths`` (text, JSON Lines and HTML files, gzipped or not, folders of
    them; ``-`` is ``stdin``, bytes or a binary stream, ``None`` when it is closed), or an
    :class:`InputError` for each input that cannot be read. A feed or sitemap file is read as
    one: the articles it lists are fetched by ``web`` (a default
    :class:`~claimtrack.live.reader.WebReader` when none is given)."""
    for path in _inputs(paths):
        if isinstance(path, InputError):
            yield path
            continue
        shown = STDIN if str(path) == "-" else shown_path(path)
        kind = input_kind(path)
        try:
            if str(path) == "-":
                yield _standard_input(stdin)
            elif kind not in ("jsonl", "html") and _is_listing_file(path):
                yield from _web_reader(web).listing_file(path)
            elif kind == "jsonl":
                yield from read_jsonl(path, fields)
            elif kind == "html":
                with _open(path) as handle:
                    yield read_html(read_capped(handle, shown), source=shown_path(path.name), where=shown)
            else:
                yield read_text_file(path)
        except ArticleError as error:
            yield InputError(shown, str(error).removeprefix(f"{shown}: "))
        except (OSError, EOFError, zlib.error) as error:
            yield InputError(shown, _unreadable(error))


def _is_listing_file(path: Path) -> bool:
    """Whether a file holds an RSS or Atom feed or a sitemap (:func:`claimtrack.live.feeds.listing_kind`)."""
    from claimtrack.live.feeds import SNIFF_BYTES, listing_kind

    with path.open("rb") as handle:
        return listing_kind(handle.read(SNIFF_BYTES)) is not None


def _web_reader(web: WebReader | None) -> WebReader:
    if web is not None:
        return web
    from claimtrack.live.fetch import Fetcher
    from claimtrack.live.reader import WebReader

    return WebReader(Fetcher())


def _standard_input(stdin: bytes | BinaryIO | None) -> Article:
    if stdin is None:
        raise ArticleError(f"{STDIN}: standard input is closed; pipe an article into it (claimtrack ingest - < "
                           "article.txt), or name the files to read.")
    data = stdin if isinstance(stdin, bytes) else read_capped(stdin, STDIN)
    return read_text(data, source=STDIN)


def _unreadable(error: BaseException) -> str:
    if isinstance(error, gzip.BadGzipFile | EOFError | zlib.error):
        return f"not a whole gzip file ({error}); gzip it again, or ingest it unpacked."
    if isinstance(error, OSError):
        return f"cannot be read ({error.strerror or error})."
    return f"cannot be read ({error})."  # pragma: no cover


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
        published, date_source = _publication_date(text, lex, today or dt.date.today())

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
    return lex.outlet_named(value)


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


def _publication_date(text: str, lex: lexicon.Lexicon, today: dt.date) -> tuple[str | None, str | None]:
    """The date the article gives, best evidence first.

    1. a written date on a line of its own near the top (`Rabu, 20 September 2023 - 22:01 WIB`,
       `18 Februari 2016,`);
    2. a numeric date in the body (`Rabu (20/9/2023)`);
    3. a day and month with a weekday (`Rabu (20/9)`): the year is the latest one, not after
       today, in which that day fell on that weekday (``date_source = "weekday"``).
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
    for match in _WEEKDAY_DATE.finditer(text):
        weekday = _weekday_index(match[1], lex)
        if weekday is None:
            continue
        day, month = int(match[2]), int(match[3])
        for year in range(today.year, today.year - 30, -1):
            candidate = _safe_date(year, month, day)
            if candidate and candidate <= today and candidate.weekday() == weekday:
                return candidate.isoformat(), "weekday"
    return None, None


def seeds_dir() -> Path:
    """The five seed articles the demo runs on: packaged in a wheel, ``seeds/`` in a checkout."""
    packaged = Path(__file__).parent / "_seeds"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "seeds"
