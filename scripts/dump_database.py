"""Dump what a claimtrack database holds, row by row, for comparing two builds of it.

    python scripts/dump_database.py A.db > a.jsonl
    python scripts/dump_database.py B.db > b.jsonl
    cmp a.jsonl b.jsonl

Articles (without their text, which ``text_sha256`` stands for, and without ``ingested_at``),
outlets, quotes with their ids, speakers, aliases, claims and claim members, one JSON object per
line, each table in id order: two databases built from the same input by code that behaves alike
dump byte for byte the same.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys

TABLES = {
    "outlets": "select * from outlets order by id",
    "articles": "select id, key, identity, version, outlet_id, source, url, title, published, date_source, "
                "dateline, outlet_source, encoding, text_sha256, boilerplate, extractor_version "
                "from articles order by id",
    "quotes": "select * from quotes order by id",
    "speakers": "select * from speakers order by id",
    "speaker_aliases": "select * from speaker_aliases order by id",
    "claims": "select * from claims order by id",
    "claim_members": "select * from claim_members order by id",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", help="a claimtrack database file")
    args = parser.parse_args()
    connection = sqlite3.connect(f"file:{args.database}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    out = sys.stdout
    for table, sql in TABLES.items():
        for row in connection.execute(sql):
            out.write(json.dumps({"table": table, **dict(row)}, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
