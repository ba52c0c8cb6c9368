"""Reading while `claimtrack ingest` writes: no "database is locked", counts only grow, whole articles only.

A real ``claimtrack ingest`` process stores 40 articles while this test reads the same database on
a connection of its own through the library's read paths (``search_quotes``, ``list_quotes``,
``counts``), each round in one read transaction. When the ingest is done, every article each
round saw must have had all the quotes it ends with: a reader never sees an article half-written.
"""

import subprocess
import time

from claimtrack import storage

from .test_crash import CLI, write_articles

TABLES = ("outlets", "articles", "speakers", "quotes", "claims")


def test_readers_while_an_ingest_writes(tmp_path, monkeypatch):
    folder = write_articles(tmp_path / "articles")
    path = tmp_path / "shared.db"
    monkeypatch.setenv("CLAIMTRACK_DB", str(path))
    reader = storage.open_database(path)  # the schema exists before the writer starts, as for any user
    writer = subprocess.Popen([*CLI, "ingest", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rounds, errors, last = [], [], dict.fromkeys(TABLES, 0)
    try:
        while True:
            finished = writer.poll() is not None
            try:
                reader.execute("begin")  # one snapshot per round
                assert reader.conn.in_transaction
                seen = storage.counts(reader)
                per_article = dict(reader.execute("select article_id, count(*) from quotes group by article_id").fetchall())
                for article_id in reader.execute("select id from articles").fetchall():
                    per_article.setdefault(article_id[0], 0)
                found = list(storage.search_quotes(reader, "sanksi"))
                listed = list(storage.list_quotes(reader, limit=500))
                reader.conn.commit()
            except Exception as error:  # noqa: BLE001 - every failure is collected and reported
                errors.append(repr(error))
                if reader.conn.in_transaction:
                    reader.conn.rollback()
                continue
            for table in TABLES:
                assert seen[table] >= last[table], f"{table} went down from {last[table]} to {seen[table]}"
            assert len(listed) == seen["quotes"] and len(found) <= seen["quotes"]
            last = seen
            rounds.append(per_article)
            if finished:
                break
            time.sleep(0.01)
        _, stderr = writer.communicate(timeout=300)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == 0, stderr
    assert errors == []
    final = dict(reader.execute("select article_id, count(*) from quotes group by article_id").fetchall())
    assert len(final) == 40 and last["articles"] == 40
    growing = [r for r in rounds if 0 < len(r) < 40]
    print(f"{len(rounds)} reads, {len(growing)} while articles were being written")
    assert len(growing) >= 5, f"only {len(growing)} of {len(rounds)} reads fell while articles were being written"
    for number, seen in enumerate(rounds):
        for article_id, quotes in seen.items():
            assert quotes == final[article_id], f"read {number} saw article {article_id} with {quotes} of {final[article_id]} quotes"
