"""Concurrent writers: two and four `claimtrack ingest` processes at once on one database lose nothing.

Each run starts real ``claimtrack ingest`` processes at the same moment, on overlapping folders,
into one database that is new (so their migrations race too) or already holds some of the
articles. Each process must exit 0 with no failure line; every article must be stored exactly
once; and the database must hold what the same ingests give one after another into a database
of their own (:func:`content`).

What is compared: every row of articles (without ``id``, ``ingested_at``), quotes, speakers and
aliases, by content, not by id: the ids depend on which process stored an article first, as they
do on the order of the inputs in one process. Claims are compared after ``claimtrack match
--rebuild`` on both databases, as the groups of quotes they join: incremental claims are the same
"up to the order of the work" (``matching.incremental``), and the order is what differs.

Building the spaCy pipeline takes 10-30 s, so the processes are forked from a server that built
it once (as in ``test_crash``): each child runs the real ``claimtrack ingest`` command.
"""

import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from .conftest import ROOT
from .test_crash import write_articles

ARTICLES = 30
# Overlapping slices of the articles, one per process: most articles are in two or more slices.
SLICES = {
    2: [range(0, 20), range(10, 30)],
    4: [range(0, 12), range(6, 20), range(14, 30), range(0, 30, 3)],
}

# A JSON line {"db": PATH, "commands": [ARGS, ...]} forks one `claimtrack ARGS...` per command, all
# at once, and answers with one JSON line: each child's exit status and standard error.
SERVER = r"""
import json, os, sys, tempfile
import claimtrack.extracting.pipeline as pipeline
from claimtrack.cli import cli
nlp = pipeline.load_pipeline()
pipeline.shared_pipeline = lambda: nlp
print("ready", flush=True)
for request in sys.stdin:
    request = json.loads(request)
    db, commands = request["db"], request["commands"]
    children = []
    for command in commands:
        err = tempfile.NamedTemporaryFile(delete=False)
        pid = os.fork()
        if pid == 0:
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            os.dup2(err.fileno(), 2)
            os.environ["CLAIMTRACK_DB"] = db
            try:
                cli.main(command, prog_name="claimtrack")
            except SystemExit as done:
                os._exit(done.code if isinstance(done.code, int) else 1)
            os._exit(0)
        children.append((pid, err.name))
    answers = []
    for pid, err in children:
        _, status = os.waitpid(pid, 0)
        with open(err, encoding="utf-8") as handle:
            answers.append({"status": os.waitstatus_to_exitcode(status), "stderr": handle.read()})
        os.unlink(err)
    print(json.dumps(answers), flush=True)
"""


class IngestServer:
    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-c", SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, cwd=ROOT, env=dict(os.environ, PYTHONUNBUFFERED="1"))
        assert self.process.stdout.readline().strip() == "ready"

    def run(self, db, *commands):
        """Run every ``claimtrack COMMAND`` at once on ``db``; each one's exit status and stderr."""
        self.process.stdin.write(json.dumps({"db": str(db), "commands": [list(map(str, c)) for c in commands]}) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def ingest(self, db, *folders):
        """`claimtrack ingest FOLDER` for every folder at once."""
        return self.run(db, *(["ingest", folder] for folder in folders))

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def server():
    started = IngestServer()
    yield started
    started.close()


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    return sorted(write_articles(tmp_path_factory.mktemp("concurrent") / "all", ARTICLES).iterdir())


def slice_folders(root, articles, slices):
    root.mkdir(exist_ok=True)
    folders = []
    for number, chosen in enumerate(slices):
        folder = root / f"slice{number}"
        folder.mkdir()
        for index in chosen:
            (folder / articles[index].name).write_bytes(articles[index].read_bytes())
        folders.append(folder)
    return folders


def content(db):
    """What a database holds, by content: article rows without ids, quote rows keyed by their
    article's key, speakers and aliases by name, claims as sets of the quotes they join."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        articles = sorted(
            json.dumps({key: row[key] for key in row.keys() if key not in ("id", "outlet_id", "ingested_at")}
                       | {"outlet": row["outlet"]}, sort_keys=True)
            for row in conn.execute("select articles.*, outlets.name as outlet from articles "
                                    "left join outlets on outlets.id = articles.outlet_id"))
        quotes = sorted(
            json.dumps({key: row[key] for key in row.keys() if key not in ("id", "article_id", "speaker_id")},
                       sort_keys=True)
            for row in conn.execute("select quotes.*, articles.key as article_key, speakers.name as resolved "
                                    "from quotes join articles on articles.id = quotes.article_id "
                                    "left join speakers on speakers.id = quotes.speaker_id"))
        speakers = sorted(tuple(row) for row in conn.execute("select name, type, identity_key from speakers"))
        aliases = sorted(tuple(row) for row in conn.execute(
            "select alias, speakers.name, manual from speaker_aliases join speakers on speakers.id = speaker_id"))
        claims = sorted(
            tuple(sorted(json.loads(row[0])))
            for row in conn.execute("select json_group_array(quotes.key || ':' || claim_members.start) from "
                                    "claim_members join quotes on quotes.id = claim_members.quote_id "
                                    "group by claim_members.claim_id"))
        identities = conn.execute("select count(*), count(distinct identity) from articles").fetchone()
    return {"articles": articles, "quotes": quotes, "speakers": speakers, "aliases": aliases, "claims": claims,
            "identities": tuple(identities)}


@pytest.mark.parametrize("existing", [False, True], ids=["new-database", "existing-database"])
@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_ingests_store_every_article_exactly_once(server, articles, tmp_path, writers, existing):
    folders = slice_folders(tmp_path, articles, SLICES[writers])
    shared, one_by_one = tmp_path / "shared.db", tmp_path / "one_by_one.db"
    if existing:  # a database that already holds a few of the articles
        [seed] = slice_folders(tmp_path / "seed", articles, [range(0, ARTICLES, 7)])
        for db in (shared, one_by_one):
            [done] = server.ingest(db, seed)
            assert done["status"] == 0, done["stderr"]

    started = time.monotonic()
    together = server.ingest(shared, *folders)
    print(f"{writers} writers together: {time.monotonic() - started:.1f} s")
    for done in together:
        assert done["status"] == 0, done["stderr"]
        assert "Failed" not in done["stderr"] and "locked" not in done["stderr"], done["stderr"]
    for folder in folders:
        [done] = server.ingest(one_by_one, folder)
        assert done["status"] == 0, done["stderr"]

    for db in (shared, one_by_one):
        [done] = server.run(db, ["match", "--rebuild"])
        assert done["status"] == 0, done["stderr"]
    expected, found = content(one_by_one), content(shared)
    assert found["identities"] == (ARTICLES, ARTICLES), "an article is missing or stored twice"
    assert found == expected


def test_ingests_claims_updates_and_speaker_merges_at_once(server, articles, tmp_path):
    """Every kind of writer together on one database: each finishes, nothing is lost, and the
    database checks clean (claims rebuilt by two processes, a merge between article stores)."""
    from claimtrack import storage
    from claimtrack.storage.check import check_database

    db = tmp_path / "mixed.db"
    [seed] = slice_folders(tmp_path / "seed", articles, [range(0, 5)])
    [done] = server.ingest(db, seed)
    assert done["status"] == 0, done["stderr"]
    first, second = slice_folders(tmp_path, articles, [range(0, 20), range(10, 30)])
    together = server.run(db, ["ingest", first], ["match", "--rebuild"], ["ingest", second],
                          ["speakers", "merge", "Mohammad Reza Ashtiani", "Sergei Shoigu"], ["match"])
    for done in together:
        assert done["status"] == 0, done["stderr"]
    reader = storage.open_for_reading(db)
    assert reader.execute("select count(*), count(distinct identity) from articles").fetchone() == (ARTICLES, ARTICLES)
    assert reader.execute("select manual from speaker_aliases where alias = 'Mohammad Reza Ashtiani'").fetchone() == (1,)
    assert check_database(reader) == []
