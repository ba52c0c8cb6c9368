"""Extraction speed against a tokenizer-only spaCy pass over the same texts, in one run.

    .venv/bin/python bench/extract_speed.py [../shared/data/clickid_news/articles.jsonl] [--limit N] [--stages]
        [--memory-zones]

Both passes read the same article texts in memory, in the same process, interleaved in blocks so
that machine noise hits both alike; the figure that matters is the ratio, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import time
from contextlib import nullcontext
from pathlib import Path

import spacy

from claimtrack.articles import parse_article
from claimtrack.extracting import extract, load_pipeline

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "clickid_news" / "articles.jsonl"
BLOCK = 500


def load_texts(path: Path, limit: int | None) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["content"])
            if limit and len(texts) >= limit:
                break
    return texts


def measure(texts: list[str], *, memory_zones: bool = False) -> tuple[float, float, int]:
    """Seconds of a tokenizer-only pass and of full extraction over ``texts``, interleaved in
    blocks, and the quotes found; with ``memory_zones``, each article is extracted inside a spaCy
    memory zone, as ingest runs it."""
    tokenizer = spacy.blank("id")
    nlp = load_pipeline()
    tokenize_seconds = extract_seconds = 0.0
    quotes = 0
    for begin in range(0, len(texts), BLOCK):
        block = texts[begin : begin + BLOCK]
        started = time.perf_counter()
        for text in block:
            tokenizer.make_doc(text)
        tokenize_seconds += time.perf_counter() - started
        started = time.perf_counter()
        for number, text in enumerate(block, begin):
            with nlp.memory_zone() if memory_zones else nullcontext():
                quotes += len(extract(parse_article(text, source=str(number)), nlp))
        extract_seconds += time.perf_counter() - started
    return tokenize_seconds, extract_seconds, quotes


def stages(texts: list[str], *, memory_zones: bool = False) -> dict[str, float]:
    """CPU seconds of each step of extraction over ``texts`` (reading the article, the tokenizer,
    each component), with a tokenizer-only ``spacy.blank("id")`` pass first, as in :func:`measure`;
    with ``memory_zones``, each article in a spaCy memory zone as ingest runs it, and the end of
    the zone (where the tokenizer keeps the chunks of text it met twice) a step of its own."""
    from claimtrack.extracting.pipeline import _doc_for

    tokenizer = spacy.blank("id")
    nlp = load_pipeline()
    seconds = {'tokenizer-only spacy.blank("id")': 0.0, "reading the article (parse_article)": 0.0,
               "claimtrack's tokenizer (make_doc)": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    if memory_zones:
        seconds["end of the memory zone"] = 0.0
    for begin in range(0, len(texts), BLOCK):
        block = texts[begin : begin + BLOCK]
        started = time.process_time()
        for text in block:
            tokenizer.make_doc(text)
        seconds['tokenizer-only spacy.blank("id")'] += time.process_time() - started
        for number, text in enumerate(block, begin):
            zone = nlp.memory_zone() if memory_zones else nullcontext()
            zone.__enter__()
            started = time.process_time()
            article = parse_article(text, source=str(number))
            seconds["reading the article (parse_article)"] += time.process_time() - started
            started = time.process_time()
            doc = _doc_for(nlp, article)
            seconds["claimtrack's tokenizer (make_doc)"] += time.process_time() - started
            for name, component in nlp.pipeline:
                started = time.process_time()
                doc = component(doc)
                seconds[name] += time.process_time() - started
            del doc  # not read after its zone
            started = time.process_time()
            zone.__exit__(None, None, None)
            if memory_zones:
                seconds["end of the memory zone"] += time.process_time() - started
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--memory-zones", action="store_true", help="each article in a memory zone, as ingest runs it")
    parser.add_argument("--stages", action="store_true", help="CPU seconds of each step, against the tokenizer pass")
    args = parser.parse_args()
    texts = load_texts(args.path, args.limit)
    if args.stages:
        seconds = stages(texts, memory_zones=args.memory_zones)
        base = seconds['tokenizer-only spacy.blank("id")']
        for name, spent in seconds.items():
            print(f"{name:40s} {spent:7.2f} s  {spent / base:5.2f}x")
        print(f"{'extraction in all':40s} {sum(seconds.values()) - base:7.2f} s  "
              f"{(sum(seconds.values()) - base) / base:5.2f}x")
        return
    tokenize_seconds, extract_seconds, quotes = measure(texts, memory_zones=args.memory_zones)
    chars = sum(map(len, texts))
    print(f"articles: {len(texts)}  characters: {chars:,}  quotes found: {quotes:,}")
    print(f"tokenizer only : {tokenize_seconds:8.1f} s  {len(texts) / tokenize_seconds:8.0f} articles/s")
    print(f"full extraction: {extract_seconds:8.1f} s  {len(texts) / extract_seconds:8.0f} articles/s"
          "  (reading metadata + boilerplate + quotes + speakers)")
    print(f"ratio extraction / tokenization: {extract_seconds / tokenize_seconds:.2f}x")


if __name__ == "__main__":
    main()
