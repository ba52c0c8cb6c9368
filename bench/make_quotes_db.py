"""Generate a database of N quotes (default 1,000,000) for search and matching benchmarks.

    .venv/bin/python bench/make_quotes_db.py OUT.db [--quotes N] [--from ARTICLES.jsonl] [--claims]

Quotes are real CLICK-ID sentences (so word frequencies are Indonesian news frequencies). By
default they are shuffled into synthetic articles of 10 quotes by 5,000 synthetic speakers over 60
days and 9 outlets (the corpus of the search benchmark). With ``--claims`` they are reported the
way news reports statements, for matching benchmarks: each statement (a sentence, a speaker, a
day) is reported by one to five outlets over three days, each report reworded (words dropped,
two words swapped, sometimes trimmed to a part) and its speaker sometimes named by surname only;
the corpus spans ``--quotes-per-day`` so that a larger corpus covers more days, as an archive
grows, rather than packing more statements into each day. Either way the quotes are written
through claimtrack's schema (migrations, FTS triggers, stems) in bulk; ``generate`` gives the same
articles in memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import re
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from claimtrack import storage
from claimtrack.speakers import identity
from claimtrack.stemming import stems

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "clickid_news" / "articles.jsonl"
PER_ARTICLE = 10
START_DAY = dt.date(2019, 9, 1)
# How many outlets report one statement (--claims): most once, some by several outlets (CLICK-ID's
# claims gold has 2-5 outlets a claim).
OUTLETS_PER_STATEMENT = (1, 1, 1, 1, 1, 1, 2, 2, 3, 4, 5)
GIVEN_NAMES = ("Budi Siti Agus Dewi Joko Sri Ahmad Rina Hendra Yuni Bambang Ratna Eko Wati Rudi Lestari Andi Ayu "
               "Dedi Fitri Hadi Indah Imam Kartika Made Nur Putu Rahmat Sinta Teguh Umar Vina Wahyu Yusuf Zainal "
               "Arif Bayu Citra Dimas Fajar Gita Hari Intan Johan Kiki Lukman Maya Nanda Oki Panji").split()
FAMILY_NAMES = ("Santoso Wijaya Pratama Saputra Hidayat Nugroho Setiawan Kurniawan Siregar Nasution Harahap "
                "Simanjuntak Sitompul Gunawan Halim Tanjung Lubis Pane Sinaga Purba Rangkuti Hutapea Wibowo "
                "Susanto Prasetyo Suryadi Rahman Hakim Fauzi Syahputra Manurung Situmorang Daulay Ginting "
                "Tarigan Sembiring Pohan Batubara Marpaung Siahaan Damanik Simbolon Napitupulu Panjaitan "
                "Sihombing Silalahi Hasibuan Ritonga Lumbantobing Matondang").split()


def sentences(path: Path, limit: int = 200_000) -> list[str]:
    found = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            for sentence in re.split(r"(?<=[.!?])\s+|,(?=[A-Z“\"])", json.loads(line)["content"]):
                if 6 <= len(sentence.split()) <= 40:
                    found.append(sentence.strip())
            if len(found) >= limit:
                break
    return found


def speaker_names(count: int, rng: random.Random) -> list[str]:
    pairs = [f"{given} {family}" for given in GIVEN_NAMES for family in FAMILY_NAMES]
    rng.shuffle(pairs)
    return (pairs * (count // len(pairs) + 1))[:count]


def reworded(sentence: str, rng: random.Random) -> str:
    """One outlet's wording: some words dropped, two neighbours swapped, or only a part kept."""
    words = sentence.rstrip(".!?,").split()
    if len(words) > 12 and rng.random() < 0.2:
        keep = rng.randrange(8, len(words))
        first = rng.randrange(0, len(words) - keep + 1)
        words = words[first : first + keep]
    words = [w for w in words if rng.random() > 0.1] if len(words) > 7 else words
    if len(words) > 3 and rng.random() < 0.5:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def _article(number: int, day: dt.date, outlet: int, quotes: list[tuple[str, str]]) -> dict:
    """An article of ``quotes`` (wording, speaker name), with each quote's offsets into its text."""
    parts, placed, offset = [], [], 0
    for text, speaker in quotes:
        opening = "“"
        parts.append(f"{opening}{text},” kata {speaker.split()[-1]}. ")
        placed.append({"start": offset + len(opening), "end": offset + len(opening) + len(text), "text": text,
                       "speaker_name": speaker})
        offset += len(parts[-1])
    return {"number": number, "outlet": outlet, "published": day.isoformat(), "text": "".join(parts).rstrip(),
            "quotes": placed}


def _shuffled(pool: list[str], quotes: int, rng: random.Random, speakers: int, outlets: int) -> Iterator[dict]:
    """The search benchmark's corpus, as this script first made it: random sentences, speakers
    `Pembicara 1` to `Pembicara N`, 60 days."""
    for number in range(quotes // PER_ARTICLE):
        chosen = rng.sample(pool, PER_ARTICLE)
        text = " ".join(f"“{s},” kata Pembicara." for s in chosen)
        outlet, day = rng.randrange(outlets), START_DAY + dt.timedelta(days=rng.randrange(60))
        offset, placed = 0, []
        for sentence in chosen:
            start = text.index(sentence, offset)
            offset = start + len(sentence)
            placed.append({"start": start, "end": offset, "text": sentence,
                           "speaker_name": f"Pembicara {rng.randrange(speakers) + 1}"})
        yield {"number": number, "outlet": outlet, "published": day.isoformat(), "text": text, "quotes": placed}


def generate(pool: list[str], quotes: int, *, seed: int = 1, claims: bool = False, quotes_per_day: int = 4_000,
             speakers: int = 5_000, outlets: int = 9) -> Iterator[dict]:
    """Articles of ``PER_ARTICLE`` quotes, ``quotes`` quotes in all; see the module docstring."""
    rng = random.Random(seed)
    if not claims:
        yield from _shuffled(pool, quotes, rng, speakers, outlets)
        return
    names = speaker_names(speakers, rng)
    pending: dict[int, list[tuple[str, str]]] = defaultdict(list)  # day -> reports dated that day
    made = number = day = 0
    while made < quotes:
        statements = 0
        while statements < quotes_per_day and made < quotes:
            sentence, speaker = rng.choice(pool), rng.choice(names)
            for report in range(min(rng.choice(OUTLETS_PER_STATEMENT), quotes - made)):
                text = sentence.rstrip(".!?,") if report == 0 else reworded(sentence, rng)
                named = speaker if rng.random() > 0.3 else speaker.split()[-1]
                pending[day + rng.choice((0, 0, 1, 2))].append((text, named))
                made += 1
                statements += 1
        last = made >= quotes
        for ready in sorted(d for d in pending if d <= day or last):
            reports = pending.pop(ready)
            rng.shuffle(reports)
            for first in range(0, len(reports), PER_ARTICLE):
                yield _article(number, START_DAY + dt.timedelta(days=ready), rng.randrange(outlets),
                               reports[first : first + PER_ARTICLE])
                number += 1
        day += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--from", dest="source", type=Path, default=DEFAULT)
    parser.add_argument("--claims", action="store_true", help="statements reported by several outlets, reworded")
    parser.add_argument("--quotes-per-day", type=int, default=4_000, help="with --claims (CLICK-ID: about 4,000)")
    args = parser.parse_args()
    pool = sentences(args.source)
    db = storage.open_database(args.out)
    outlets = [db["outlets"].lookup({"name": f"Outlet {i}"}) for i in range(9)]
    speaker_ids: dict[str, int] = {}
    if not args.claims:  # as first made: `Pembicara 0` … `Pembicara 4999` (quotes say 1 … 5000)
        speaker_ids = {f"Pembicara {n}": db["speakers"].insert({"name": f"Pembicara {n - 1}", "type": "person",
                                                                  "identity_key": f"p{n - 1}"}).last_pk
                       for n in range(1, 5001)}
    started = time.perf_counter()
    written = 0
    articles = generate(pool, args.quotes, claims=args.claims, quotes_per_day=args.quotes_per_day)
    while batch := list(itertools.islice(articles, 1000)):
        with db.atomic():
            for article in batch:
                article_id = db["articles"].insert({
                    "key": f"gen-{article['number']}", "identity": f"gen-{article['number']}", "version": 1,
                    "outlet_id": outlets[article["outlet"]], "source": f"gen-{article['number']}",
                    "published": article["published"], "text": article["text"],
                }).last_pk
                rows = []
                for quote in article["quotes"]:
                    name = quote["speaker_name"]
                    if name not in speaker_ids:
                        speaker_ids[name] = identity.speaker_id(db, name, "person")
                    rows.append({"key": f"gen-{article['number']}-{quote['start']}", "article_id": article_id,
                                 "speaker_id": speaker_ids[name], "start": quote["start"], "end": quote["end"],
                                 "text": quote["text"], "stems": stems(quote["text"]), "kind": "direct",
                                 "cue": "kata", "speaker_name": name, "method": "generated", "confidence": 1.0})
                db["quotes"].insert_all(rows)
                written += len(rows)
        print(f"{written:,} quotes, {time.perf_counter() - started:.0f} s", flush=True)

if __name__ == "__main__":
    main()
