"""claimtrack from Python: extract the quotes of one seed article, store them, search them.

Run from the repository root after `make demo` (or `pip install -e .`):

    .venv/bin/python examples/python_api.py
"""

import tempfile
from pathlib import Path

from claimtrack import ingest, storage
from claimtrack.articles import read_text_file, seeds_dir
from claimtrack.extracting import EXTRACTOR_VERSION, extract

article = read_text_file(seeds_dir() / "002_930ba2d2ccba52e4.txt")
print(f"{article.outlet}, {article.published} ({article.date_source}), dateline {article.dateline}")

quotes = extract(article)
for quote in quotes:
    assert article.text[quote.start : quote.end] == quote.text  # offsets into the raw text
    print(f"[{quote.kind:8}] {quote.speaker_name:24} ({quote.cue or 'no cue'}): {quote.text[:70]}")

with tempfile.TemporaryDirectory() as folder:
    db = storage.open_database(Path(folder) / "example.db")
    ingest.store_article(db, article, quotes, EXTRACTOR_VERSION)
    for row in storage.search_quotes(db, "sanksi"):
        print(f"search 'sanksi': {row['speaker_name']} in {row['outlet']} on {row['published']}: {row['text'][:60]}")
