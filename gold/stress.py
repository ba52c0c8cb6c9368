#!/usr/bin/env python3
"""Stress variants of a gold file: the same articles and quotes in the shapes text from elsewhere
arrives in. Standard library only. Run from the repository root:

    python gold/stress.py wrapped gold/hoax-dev/heldout.gold.jsonl -o hoax-heldout.wrapped.jsonl
    claimtrack evaluate hoax-heldout.wrapped.jsonl

Variants:

- ``wrapped``: every line longer than 72 characters hard-wrapped at 72 (the space at each wrap
  becomes a newline, as a mail client or an old site's template does). The text keeps its length,
  so every quote keeps its offsets and its gold record.
- ``half``: the opening mark of every direct and partial quote removed, its closing mark kept
  (speech that kept one of its marks, still ``direct`` by ``docs/ANNOTATION.md``).
- ``lost``: both marks of every direct and partial quote removed. A direct quote becomes speech
  without marks, ``indirect`` as the hoax-dev annotation records marks lost upstream; a partial
  quote is no quote any more once its marks are gone, so it becomes ``optional`` (a prediction
  on it is neither right nor wrong).

Offsets of the variants that remove marks are moved with the text; the script checks that every
quote's letters are the same before and after.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

WIDTH = 72
MARKS = "\"“”„«»"
# Between a quote's words and its marks: spaces, and the punctuation the span may leave out.
_BEFORE_OPENING = " \t"
_BEFORE_CLOSING = " \t,.!?;:"
_LETTERS = re.compile(r"[^\W_]+")


def wrapped(text: str, width: int = WIDTH) -> str:
    """``text`` with each line longer than ``width`` broken at its last space within the width."""
    chars = list(text)
    line_start = 0
    last_space = None
    for index, char in enumerate(text):
        if char == "\n":
            line_start, last_space = index + 1, None
            continue
        if char == " ":
            last_space = index
        if index - line_start >= width and last_space is not None and last_space > line_start:
            chars[last_space] = "\n"
            line_start, last_space = last_space + 1, None
    return "".join(chars)


def _opening_mark(text: str, start: int) -> int | None:
    index = start - 1
    while index >= 0 and text[index] in _BEFORE_OPENING and start - index <= 2:
        index -= 1
    return index if index >= 0 and text[index] in MARKS else None


def _closing_mark(text: str, end: int) -> int | None:
    index = end
    while index < len(text) and text[index] in _BEFORE_CLOSING and index - end <= 2:
        index += 1
    return index if index < len(text) and text[index] in MARKS else None


def without_marks(article: dict, closing_too: bool) -> dict:
    """The article with the marks of its direct and partial quotes removed and offsets moved."""
    text = article["text"]
    removed: set[int] = set()
    for quote in article["quotes"]:
        if quote["kind"] not in ("direct", "partial"):
            continue
        opening = _opening_mark(text, quote["start"])
        if opening is not None:
            removed.add(opening)
        if closing_too and (closing := _closing_mark(text, quote["end"])) is not None:
            removed.add(closing)
    shift = [0] * (len(text) + 1)  # characters removed before each offset
    for index in range(len(text)):
        shift[index + 1] = shift[index] + (index in removed)
    new_text = "".join(char for index, char in enumerate(text) if index not in removed)
    quotes = []
    for quote in article["quotes"]:
        moved = {**quote, "start": quote["start"] - shift[quote["start"]], "end": quote["end"] - shift[quote["end"]]}
        before = _LETTERS.findall(text[quote["start"]:quote["end"]])
        after = _LETTERS.findall(new_text[moved["start"]:moved["end"]])
        if before != after:
            raise SystemExit(f"{article['id']}: quote {quote['start']}-{quote['end']} changed its words")
        if closing_too and quote["kind"] == "direct":
            moved["kind"] = "indirect"
        elif closing_too and quote["kind"] == "partial":
            moved["optional"] = True
        quotes.append(moved)
    return {**article, "text": new_text, "quotes": quotes}


def variant(article: dict, name: str) -> dict:
    if name == "wrapped":
        return {**article, "text": wrapped(article["text"])}
    return without_marks(article, closing_too=name == "lost")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variant", choices=("wrapped", "half", "lost"))
    parser.add_argument("gold", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    lines = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    with args.output.open("w", encoding="utf-8") as handle:
        for article in lines:
            handle.write(json.dumps(variant(article, args.variant), ensure_ascii=False) + "\n")
    print(f"{len(lines)} articles written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
