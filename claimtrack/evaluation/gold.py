"""Reading gold sets: claimtrack's gold JSONL of quotes (``docs/ANNOTATION.md``) and the claims
gold of ``gold/claims`` (members and hard negatives of each claim).

Every reader fails with :class:`EvaluationInputError`, whose message names the file, the line and
the fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from claimtrack.records import KINDS


class EvaluationInputError(ValueError):
    """A gold file or a prediction that cannot be scored; the message names the input and the fix."""


@dataclass(frozen=True)
class GoldQuote:
    """One annotated quote: offsets into the article text (end exclusive) and its speaker.

    ``optional`` quotes are passages a prediction may land on without being right or wrong.
    """

    start: int
    end: int
    kind: str
    speaker: str | None
    speaker_name: str | None
    cue: str | None
    speaker_aliases: tuple[str, ...] = ()
    optional: bool = False


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    quotes: tuple[GoldQuote, ...]
    outlet: str | None = None


# --------------------------------------------------------------------------------------------------
# Gold JSONL


def read_gold_jsonl(path: str | Path) -> list[GoldArticle]:
    """Read a gold file in the format of ANNOTATION.md: one JSON object per article, one per line.

    Blank lines are skipped. Any malformed line raises :class:`EvaluationInputError` naming the file,
    the line and what to fix.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise EvaluationInputError(f"Gold file not found: {path}") from None
    except UnicodeDecodeError as error:
        raise EvaluationInputError(f"{path}: not UTF-8 text ({error}); save the gold file as UTF-8") from None
    articles: list[GoldArticle] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        article = _gold_article_from_line(line, f"{path}, line {number}")
        if article.id in seen:
            raise EvaluationInputError(
                f"{path}, line {number}: article id {article.id!r} was already used on line "
                f"{seen[article.id]}; every article needs its own id"
            )
        seen[article.id] = number
        articles.append(article)
    return articles


def _gold_article_from_line(line: str, where: str) -> GoldArticle:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise EvaluationInputError(
            f"{where}: not valid JSON ({error.msg} at column {error.colno}); "
            "each line must be one complete JSON object"
        ) from None
    if not isinstance(record, dict):
        raise EvaluationInputError(f"{where}: expected a JSON object with id, text and quotes")
    for key, kind in (("id", str), ("text", str), ("quotes", list)):
        if key not in record:
            raise EvaluationInputError(f"{where}: missing {key!r}; an article needs id, text and quotes")
        if not isinstance(record[key], kind):
            raise EvaluationInputError(f"{where}: {key!r} must be a {_type_name(kind)}")
    text = record["text"]
    quotes = tuple(
        _gold_quote_from_record(quote, f"{where}, quote {index + 1}", len(text))
        for index, quote in enumerate(record["quotes"])
    )
    outlet = record.get("outlet")
    return GoldArticle(id=record["id"], text=text, quotes=quotes, outlet=outlet)


def _gold_quote_from_record(record: object, where: str, text_length: int) -> GoldQuote:
    if not isinstance(record, dict):
        raise EvaluationInputError(f"{where}: expected a JSON object with start, end and kind")
    for key in ("start", "end", "kind"):
        if key not in record:
            raise EvaluationInputError(f"{where}: missing {key!r}; a quote needs start, end and kind")
    start, end, kind = record["start"], record["end"], record["kind"]
    if not is_int(start) or not is_int(end):
        raise EvaluationInputError(f"{where}: 'start' and 'end' must be integers, got {start!r} and {end!r}")
    if not 0 <= start < end <= text_length:
        raise EvaluationInputError(
            f"{where}: offsets {start}..{end} do not fit the article text ({text_length} characters); "
            "start must be below end and end at most the text length"
        )
    if kind not in KINDS:
        raise EvaluationInputError(f"{where}: unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    for key in ("speaker", "speaker_name", "cue"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise EvaluationInputError(f"{where}: {key!r} must be a string or null")
    aliases = record.get("speaker_aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
        raise EvaluationInputError(f"{where}: 'speaker_aliases' must be a list of strings")
    optional = record.get("optional", False)
    if not isinstance(optional, bool):
        raise EvaluationInputError(f"{where}: 'optional' must be true or false")
    return GoldQuote(
        start=start,
        end=end,
        kind=kind,
        speaker=record.get("speaker"),
        speaker_name=record.get("speaker_name"),
        cue=record.get("cue"),
        speaker_aliases=tuple(aliases),
        optional=optional,
    )


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _type_name(kind: type) -> str:
    return {str: "string", list: "list", int: "integer"}[kind]


@dataclass(frozen=True)
class GoldSpan:
    """A span of a gold claim: a member (``claim`` set) or a hard negative (``claim`` is None)."""

    article_id: str
    start: int
    end: int
    claim: str | None
    negative_of: str | None = None


def read_claims_gold(path: str | Path) -> list[GoldSpan]:
    """The members and hard negatives of a claims gold file (see gold/claims/README.md)."""
    spans = []
    path = Path(path)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            spans += [GoldSpan(m["article_id"], m["start"], m["end"], record["claim"]) for m in record["members"]]
            spans += [GoldSpan(n["article_id"], n["start"], n["end"], None, record["claim"])
                      for n in record.get("hard_negatives", [])]
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise EvaluationInputError(f"{path}, line {number}: not a claim record ({error}).") from None
    return spans
