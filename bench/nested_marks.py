"""Extraction time of one article with N nested quote marks, for growing N.

    .venv/bin/python bench/nested_marks.py [N ...]      (default: 2000 4000 8000)

The article is ``'JAKARTA - ' + '“' * N + 'Kami siap' + '”' * N + ' kata Budi di Jakarta.'``.
Time linear in N stays flat next to the pipeline's fixed cost; time that grows with N² (spaCy's
tokenizer splitting a long run of marks off a word one at a time) quadruples when N doubles.
"""

from __future__ import annotations

import argparse
import time

from claimtrack.articles import parse_article
from claimtrack.extracting import extract, load_pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[2000, 4000, 8000])
    args = parser.parse_args()
    nlp = load_pipeline()
    for size in args.sizes:
        text = "JAKARTA - " + "“" * size + "Kami siap" + "”" * size + " kata Budi di Jakarta."
        started = time.perf_counter()
        extract(parse_article(text, source="nested"), nlp)
        print(f"{size:>6} nested marks: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
