#!/usr/bin/env python3
"""Pick the articles of the hoax-dev gold set and fix their tune / held-out split.

Source: the 600 articles of the Indonesian hoax-news dataset (Pratiwi et al. 2017), 12 stories
of 50 articles each, as stored in ``../shared/data/id_hoax_topics/articles_600.jsonl`` (with the
labelling sheet's URLs in ``links_600_labelling.csv``). Standard library only. Run from the
repository root:

    python gold/hoax-dev/select.py [ARTICLES_JSONL [LINKS_CSV]]

Steps, all deterministic (fixed seed):

1. Every line's id is read from the start of the line, and the ids RESERVED for an outside
   evaluation are dropped before the line is parsed: their text is never read.
2. Candidates: 600-6,000 characters, with at least one quote mark or speech verb.
3. Per topic, 4 articles in a seeded random order, preferring domains not yet used anywhere in
   the set, then domains not yet used in the topic, then any.
4. Per topic, 2 of the 4 go to ``tune`` and 2 to ``heldout`` (seeded shuffle of the 4 sorted by
   id). The split is written before any annotation.

Writes ``gold/hoax-dev/selected.jsonl`` (id, topic_id, topic_keyword, label, split, domain, url,
link_check, text) and ``gold/hoax-dev/split.json``.

The labelling sheet carries no article ids; its rows are matched to the texts by position within
the topic (row k of topic t <-> the k-th article of topic t). ``link_check`` records how far that
is supported for each article: ``label`` when the sheet's vote equals the article's label,
``label+slug`` when in addition a word of the URL that is rare among the topic's texts occurs in
the article, ``mismatch`` when the vote and label differ, ``none`` when the topic has no row at
that position.
"""

import csv
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

SEED = 20261104
PER_TOPIC = 4
TUNE_PER_TOPIC = 2
MIN_CHARS, MAX_CHARS = 600, 6000

# Reserved for an outside evaluation: never read, never annotated.
RESERVED = frozenset(f"hoax600-{n:03d}" for n in (
    5, 36, 41, 60, 85, 88, 91, 108, 123, 131, 161, 177, 193, 203, 218, 241, 243, 272, 278, 286,
    293, 304, 318, 334, 372, 385, 393, 401, 404, 432, 439, 469, 490, 498, 500, 504, 516, 540,
    545, 560, 573, 578))

LINE_ID = re.compile(r'^\{"id": "(hoax600-\d{3})"')
SPEECH = re.compile(
    r"[“”\"]|\b(kata|katanya|ujar|ujarnya|tutur|tuturnya|ucap|ucapnya|ungkap|ungkapnya|mengungkapkan"
    r"|jelas|jelasnya|menjelaskan|mengatakan|menurut|menegaskan|tegas|tegasnya|menyatakan"
    r"|menyebutkan|imbuh|imbuhnya|menambahkan)\b",
    re.IGNORECASE,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = ROOT.parent / "shared" / "data" / "id_hoax_topics"


def read_articles(path: Path) -> list[dict]:
    """Articles not reserved; a reserved line is skipped on its id alone, before it is parsed."""
    articles = []
    seen = set()
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            match = LINE_ID.match(line)
            if not match:
                sys.exit(f"ERROR: {path}:{number}: line does not start with an id")
            seen.add(match.group(1))
            if match.group(1) in RESERVED:
                continue
            article = json.loads(line)
            if article["id"] != match.group(1):
                sys.exit(f"ERROR: {path}:{number}: id mismatch")
            articles.append(article)
    missing = RESERVED - seen
    if missing:
        sys.exit(f"ERROR: reserved ids not in the file: {sorted(missing)}")
    return articles


def read_links(path: Path) -> dict[int, list[dict]]:
    by_topic: dict[int, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_topic[int(row["topic_id"])].append(row)
    return by_topic


def url_words(url: str) -> set[str]:
    return set(re.findall(r"[a-z]{4,}", re.sub(r"^https?://", "", url.lower())))


def attach_links(articles: list[dict], links: dict[int, list[dict]]) -> None:
    lowered: dict[int, list[str]] = defaultdict(list)
    for article in articles:
        lowered[article["topic_id"]].append(article["text"].lower())
    for article in articles:
        topic = article["topic_id"]
        position = (int(article["id"].split("-")[1]) - 1) % 50
        rows = links[topic]
        if position >= len(rows):
            article.update(domain="", url="", link_check="none")
            continue
        row = rows[position]
        text = article["text"].lower()
        check = "label" if row["vote"].strip().lower() == article["label"].strip().lower() else "mismatch"
        if check == "label":
            rare = [w for w in url_words(row["url"]) if sum(w in t for t in lowered[topic]) <= 3]
            if any(w in text for w in rare):
                check = "label+slug"
        article.update(domain=row["domain"].strip().lower(), url=row["url"].strip(), link_check=check)


def pick_by_domain(pool: list[dict], count: int, used_domains: set[str]) -> list[dict]:
    """``count`` articles of ``pool`` in its order: first those whose domain is new to the set
    (not in ``used_domains``), then new to the topic, then any."""
    picked: list[dict] = []
    topic_domains: set[str] = set()
    for new_in_set in (True, False):  # pass 1: domain new to the set; pass 2: new to the topic
        for article in pool:
            if len(picked) == count or article in picked:
                continue
            domain = article["domain"]
            if domain and (domain in topic_domains or (new_in_set and domain in used_domains)):
                continue
            picked.append(article)
            topic_domains.add(domain)
    for article in pool:  # pass 3: anything, if the topic is short of distinct domains
        if len(picked) < count and article not in picked:
            picked.append(article)
    return picked


def main(argv: list[str]) -> None:
    articles_path = Path(argv[1]) if len(argv) > 1 else DATA / "articles_600.jsonl"
    links_path = Path(argv[2]) if len(argv) > 2 else DATA / "links_600_labelling.csv"
    articles = read_articles(articles_path)
    attach_links(articles, read_links(links_path))

    pools: dict[int, list[dict]] = defaultdict(list)
    for article in articles:
        text = article["text"]
        if MIN_CHARS <= len(text) <= MAX_CHARS and SPEECH.search(text):
            pools[article["topic_id"]].append(article)

    rng = random.Random(SEED)
    used_domains: set[str] = set()
    chosen: list[dict] = []
    for topic in sorted(pools):
        pool = sorted(pools[topic], key=lambda a: a["id"])
        rng.shuffle(pool)
        picked = pick_by_domain(pool, PER_TOPIC, used_domains)
        if len(picked) < PER_TOPIC:
            sys.exit(f"ERROR: topic {topic} has only {len(picked)} candidates")
        used_domains.update(a["domain"] for a in picked if a["domain"])
        order = sorted(picked, key=lambda a: a["id"])
        rng.shuffle(order)
        for index, article in enumerate(order):
            article["split"] = "tune" if index < TUNE_PER_TOPIC else "heldout"
        chosen.extend(sorted(picked, key=lambda a: a["id"]))

    assert not RESERVED & {a["id"] for a in chosen}
    fields = ("id", "topic_id", "topic_keyword", "label", "split", "domain", "url", "link_check", "text")
    with open(HERE / "selected.jsonl", "w", encoding="utf-8") as out:
        for article in chosen:
            out.write(json.dumps({k: article[k] for k in fields}, ensure_ascii=False) + "\n")
    split = {name: [a["id"] for a in chosen if a["split"] == name] for name in ("tune", "heldout")}
    (HERE / "split.json").write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")

    print(f"read {len(articles)} articles ({len(RESERVED)} reserved ids skipped unread); "
          f"{sum(len(p) for p in pools.values())} candidates")
    for article in chosen:
        print(f"{article['id']}  topic {article['topic_id']:2d}  {article['split']:7s}  "
              f"{len(article['text']):5d} chars  {article['link_check']:10s}  {article['domain']}")
    print(f"selected {len(chosen)}: " + ", ".join(f"{k} {len(v)}" for k, v in split.items())
          + f"; distinct domains {len({a['domain'] for a in chosen})}; link_check "
          + str(dict(Counter(a["link_check"] for a in chosen))))


if __name__ == "__main__":
    main(sys.argv)
