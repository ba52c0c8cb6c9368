#!/usr/bin/env python3
"""Pick the articles of hoax-dev2, a second development sample of the hoax-news stories.

hoax-dev2 is development text only (no held-out half): it exists so that extraction errors can
be read on text the rules were not written from. Standard library only; reuses the reading,
reserved-id and link code of ``gold/hoax-dev/select.py``. Run from the repository root:

    python gold/hoax-dev2/select.py

Steps, all deterministic (fixed seed):

1. The ids reserved for an outside evaluation are skipped unread (hoax-dev's ``read_articles``),
   and the 48 articles of ``gold/hoax-dev`` are left out.
2. Candidates: 600-2,000 characters (short, so that a whole sample could be annotated in one
   sitting; hoax-dev took up to 6,000), with a quote mark or a speech verb.
3. Per topic, 3 articles in a seeded random order, preferring domains used neither in hoax-dev
   nor yet in hoax-dev2, then domains new to the topic, then any.

Writes ``gold/hoax-dev2/selected.jsonl`` (id, topic_id, topic_keyword, label, domain, url,
link_check, text) and ``gold/hoax-dev2/split.json`` (``{"dev": [ids]}``).
"""

import importlib.util
import json
import random
from collections import defaultdict
from pathlib import Path

SEED = 20261207
PER_TOPIC = 3
MIN_CHARS, MAX_CHARS = 600, 2000

HERE = Path(__file__).resolve().parent
FIRST = HERE.parent / "hoax-dev"


def first_set_module():
    spec = importlib.util.spec_from_file_location("hoax_dev_select", FIRST / "select.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    first = first_set_module()
    articles = first.read_articles(first.DATA / "articles_600.jsonl")
    first.attach_links(articles, first.read_links(first.DATA / "links_600_labelling.csv"))
    taken = [json.loads(line) for line in (FIRST / "selected.jsonl").read_text(encoding="utf-8").splitlines()]
    taken_ids = {a["id"] for a in taken}
    used_domains = {a["domain"] for a in taken if a["domain"]}

    pools: dict[int, list[dict]] = defaultdict(list)
    for article in articles:
        text = article["text"]
        if article["id"] not in taken_ids and MIN_CHARS <= len(text) <= MAX_CHARS and first.SPEECH.search(text):
            pools[article["topic_id"]].append(article)

    rng = random.Random(SEED)
    chosen: list[dict] = []
    for topic in sorted(pools):
        pool = sorted(pools[topic], key=lambda a: a["id"])
        rng.shuffle(pool)
        picked = first.pick_by_domain(pool, PER_TOPIC, used_domains)
        used_domains.update(a["domain"] for a in picked if a["domain"])
        chosen.extend(sorted(picked, key=lambda a: a["id"]))

    assert not first.RESERVED & {a["id"] for a in chosen} and not taken_ids & {a["id"] for a in chosen}
    fields = ("id", "topic_id", "topic_keyword", "label", "domain", "url", "link_check", "text")
    with open(HERE / "selected.jsonl", "w", encoding="utf-8") as out:
        for article in chosen:
            out.write(json.dumps({k: article[k] for k in fields}, ensure_ascii=False) + "\n")
    (HERE / "split.json").write_text(json.dumps({"dev": [a["id"] for a in chosen]}, indent=1) + "\n",
                                     encoding="utf-8")
    for article in chosen:
        print(f"{article['id']}  topic {article['topic_id']:2d}  {len(article['text']):5d} chars  "
              f"{article['link_check']:10s}  {article['domain']}")
    print(f"selected {len(chosen)}; distinct domains {len({a['domain'] for a in chosen})}")


if __name__ == "__main__":
    main()
