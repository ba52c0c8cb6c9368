#!/usr/bin/env python3
"""Pick the articles of clickid-dev2, a second development sample of CLICK-ID.

clickid-dev2 is development text only (no held-out half), read for errors because the tuning
half of clickid-dev had been read to exhaustion. Standard library only. Run from the repository
root:

    python gold/clickid-dev2/select.py [../shared/data/clickid_news/articles.jsonl]

Deterministic (fixed seed): among CLICK-ID articles of 800-2,000 characters with a quote mark
or a speech verb, none in ``gold/clickid-dev`` nor cited by the claim-matching gold
(``gold/claims``), 2 per outlet, each from a different section where the outlet has two.
Writes ``gold/clickid-dev2/selected.jsonl`` (id, outlet, category, date, url, title, text) and
``gold/clickid-dev2/split.json`` (``{"dev": [ids]}``).
"""

import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

SEED = 20261207
PER_OUTLET = 2
MIN_CHARS, MAX_CHARS = 800, 2000
SPEECH = re.compile(r"[“”\"]|\b(kata|ujar|ungkap|jelas|mengatakan|menurut)\w*", re.IGNORECASE)

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent
DATA = GOLD.parents[1] / "shared" / "data" / "clickid_news" / "articles.jsonl"


def used_ids() -> set[str]:
    """Ids of the articles already in a gold set: clickid-dev's and those the claims gold cites."""
    ids = set()
    for line in (GOLD / "clickid-dev" / "clickid-dev.gold.jsonl").read_text(encoding="utf-8").splitlines():
        ids.add(json.loads(line)["id"])
    for path in (GOLD / "claims").glob("*.jsonl"):
        ids.update(re.findall(r'"article_id": "([^"]+)"', path.read_text(encoding="utf-8")))
    return ids


def main(argv: list[str]) -> None:
    path = Path(argv[1]) if len(argv) > 1 else DATA
    used = used_ids()
    by_outlet: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            content = article["content"]
            if article["id"] not in used and MIN_CHARS <= len(content) <= MAX_CHARS and SPEECH.search(content):
                by_outlet[article["outlet"]][article["category"] or "-"].append(article)
    rng = random.Random(SEED)
    chosen = []
    for outlet in sorted(by_outlet):
        sections = by_outlet[outlet]
        names = sorted(sections)
        rng.shuffle(names)
        for name in names[:PER_OUTLET]:
            pool = sorted(sections[name], key=lambda a: a["id"])
            chosen.append(pool[rng.randrange(len(pool))])
    with open(HERE / "selected.jsonl", "w", encoding="utf-8") as out:
        for article in chosen:
            record = {k: article[k] for k in ("id", "outlet", "category", "date", "url", "title")}
            record["text"] = article["content"]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    (HERE / "split.json").write_text(json.dumps({"dev": [a["id"] for a in chosen]}, indent=1) + "\n",
                                     encoding="utf-8")
    for article in chosen:
        print(f"{article['id']}  {article['outlet']:14s} {article['category'] or '-':14s} {len(article['content']):5d}")
    print(f"selected {len(chosen)} of {sum(len(v) for s in by_outlet.values() for v in s.values())} candidates "
          f"({len(used)} ids already in a gold set left out)")


if __name__ == "__main__":
    main(sys.argv)
