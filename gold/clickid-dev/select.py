"""Pick the clickid articles for claimtrack's hand-annotated development set.

Deterministic: stratified by outlet, then by section, among articles of manageable length
(800-3,500 characters) that contain at least one quote mark or speech verb, so that the set
exercises attribution rather than counting empty articles. Run from the repository root:

    python gold/clickid-dev/select.py ../shared/data/clickid_news/articles.jsonl > gold/clickid-dev/selected.jsonl
"""

import json
import random
import re
import sys
from collections import defaultdict

PER_OUTLET = 6
SPEECH = re.compile(r"[“”\"]|\b(kata|ujar|ungkap|jelas|mengatakan|menurut)\w*", re.IGNORECASE)


def main(path: str) -> None:
    by_outlet: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            content = article["content"]
            if 800 <= len(content) <= 3500 and SPEECH.search(content):
                by_outlet[article["outlet"]][article["category"] or "-"].append(article)
    rng = random.Random(20260921)
    chosen = []
    for outlet in sorted(by_outlet):
        sections = by_outlet[outlet]
        names = sorted(sections, key=lambda name: -len(sections[name]))
        picked = 0
        while picked < PER_OUTLET and any(sections[name] for name in names):
            for name in names:
                if picked == PER_OUTLET or not sections[name]:
                    continue
                pool = sections[name]
                chosen.append(pool.pop(rng.randrange(len(pool))))
                picked += 1
    for article in chosen:
        fields = ("id", "outlet", "category", "date", "url", "title", "content")
        print(json.dumps({k: article[k] for k in fields}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
