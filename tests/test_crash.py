"""Crash tests: `claimtrack ingest` killed with SIGKILL at random points loses no whole article.

After every kill the database passes SQLite's integrity check and :func:`check_database`, every
stored article has exactly the quotes ``extract()`` gives for its text (none half-written), the
number of articles never goes down, and a final uninterrupted run ends with the same counts as
an uninterrupted run into a separate database.

Building the spaCy pipeline takes 10-30 s on a busy machine, so most kills go to processes
forked from a server that built it once: each child runs the real ``claimtrack ingest`` command
(``cli.main``) in a process of its own, and is killed by the server with ``SIGKILL`` after a
delay drawn from a fixed seed, spread over the measured length of an uninterrupted ingest. One
more run is a cold ``python -c "from claimtrack.cli import cli; cli()"`` process, killed while it
writes. The uninterrupted baseline is a cold process too.
"""

import hashlib
import os
import random
import signal
import subprocess
import sys
import time

import sqlite_utils

from claimtrack import storage
from claimtrack.articles import read_text_file
from claimtrack.extracting import extract
from claimtrack.storage.check import check_database

from .conftest import ROOT, SEEDS

CLI = [sys.executable, "-c", "from claimtrack.cli import cli; cli()"]
KILL_RUNS = 20  # at least this many runs killed before they finished
DATABASES = 6  # kills are spread over fresh databases, four in a row on each
RNG_SEED = 20261121

# The forking server: builds the pipeline once, then for each request line "DB<TAB>FOLDER<TAB>DELAY"
# forks a child running `claimtrack ingest FOLDER`, kills it with SIGKILL after DELAY seconds
# (a negative DELAY lets it finish) and answers "killed|exited<TAB>seconds<TAB>status".
SERVER = r"""
import os, signal, sys, time
import claimtrack.cli as cli_module
from claimtrack.extracting import load_pipeline
nlp = load_pipeline()
cli_module.load_pipeline = lambda: nlp
print("ready", flush=True)
for request in sys.stdin:
    db, folder, delay = request.rstrip("\n").split("\t")
    delay = float(delay)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        os.environ["CLAIMTRACK_DB"] = db
        try:
            cli_module.cli.main(["ingest", folder], prog_name="claimtrack")
        except SystemExit as done:
            os._exit(done.code if isinstance(done.code, int) else 1)
        os._exit(0)
    outcome = "exited"
    while True:
        finished, status = os.waitpid(pid, os.WNOHANG)
        if finished:
            break
        if 0 <= delay <= time.monotonic() - started:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            outcome = "killed"
            break
        time.sleep(0.002)
    print(f"{outcome}\t{time.monotonic() - started:.3f}\t{status}", flush=True)
"""


def write_articles(folder, count=40):
    """Copies of the seeds, each with a closing quote of its own, so each is a new article."""
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for number in range(count):
        seed = seeds[number % len(seeds)]
        text = seed.read_text(encoding="utf-8") + (
            f"\n\n“Kami akan terus memantau perkembangan ini sampai hari ke-{number + 1},” kata juru bicara kementerian itu.\n"
        )
        (folder / f"{number:02d}_{seed.name}").write_text(text, encoding="utf-8")
    return folder


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def counts(path):
    db = sqlite_utils.Database(path)
    try:
        return {name: db[name].count if db[name].exists() else 0
                for name in ("outlets", "articles", "speakers", "quotes", "claims")}
    finally:
        db.conn.close()


def assert_whole_articles_only(path, expected_quotes):
    """Integrity, the checker, and every stored article with all the quotes extract() gives it."""
    db = sqlite_utils.Database(path)
    try:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        if "articles" not in db.table_names():
            return 0  # killed before the schema was written
        assert check_database(db) == []
        stored = {row["id"]: row["text"] for row in db.query("select id, text from articles")}
        per_article = dict(db.execute("select article_id, count(*) from quotes group by article_id").fetchall())
        for article_id, text in stored.items():
            assert per_article.get(article_id, 0) == expected_quotes[sha(text)], f"article {article_id} is half-written"
        return len(stored)
    finally:
        db.conn.close()


class ForkServer:
    def __init__(self):
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen([sys.executable, "-c", SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, cwd=ROOT, env=env)

    def wait_ready(self):
        assert self.process.stdout.readline().strip() == "ready"

    def ingest(self, db, folder, delay):
        self.process.stdin.write(f"{db}\t{folder}\t{delay}\n")
        self.process.stdin.flush()
        outcome, seconds, status = self.process.stdout.readline().strip().split("\t")
        return outcome, float(seconds), int(status)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def test_kill_9_at_random_points_loses_no_whole_article(tmp_path, nlp):
    folder = write_articles(tmp_path / "articles")
    expected_quotes = {}
    for path in sorted(folder.iterdir()):
        article = read_text_file(path)
        expected_quotes[sha(article.text)] = len(extract(article, nlp))
    env = dict(os.environ, CLAIMTRACK_DB=str(tmp_path / "baseline.db"))

    # Start the server and two cold processes together: the baseline, and one to be killed mid-ingest.
    server = ForkServer()
    baseline_run = subprocess.Popen([*CLI, "ingest", str(folder)], env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True)
    cold_db = tmp_path / "cold.db"
    storage.open_database(cold_db).conn.close()
    cold = subprocess.Popen([*CLI, "ingest", str(folder)], env=dict(env, CLAIMTRACK_DB=str(cold_db)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while cold.poll() is None and counts(cold_db)["articles"] < 3:
            time.sleep(0.05)
        assert cold.poll() is None, "the cold ingest finished before it could be killed"
        time.sleep(random.Random(RNG_SEED).uniform(0, 0.5))
        cold.send_signal(signal.SIGKILL)
        assert cold.wait(timeout=30) == -signal.SIGKILL
        assert 3 <= assert_whole_articles_only(cold_db, expected_quotes) < 40
        server.wait_ready()
        _, stderr = baseline_run.communicate(timeout=300)
        assert baseline_run.returncode == 0, stderr
        baseline = counts(tmp_path / "baseline.db")
        assert baseline["articles"] == 40 and baseline["quotes"] == sum(expected_quotes.values())
        assert_whole_articles_only(tmp_path / "baseline.db", expected_quotes)

        # One uninterrupted forked run measures the ingest window the kills are spread over.
        outcome, window, status = server.ingest(tmp_path / "measure.db", folder, -1)
        assert (outcome, status) == ("exited", 0)
        assert counts(tmp_path / "measure.db") == baseline

        rng = random.Random(RNG_SEED)
        killed, run, stored_after_kill = 0, 0, []
        databases = [tmp_path / f"crash{number}.db" for number in range(DATABASES)]
        while killed < KILL_RUNS and run < 2 * KILL_RUNS:
            db = databases[run % DATABASES]
            # The first kill on each database falls in the first few milliseconds (schema being written).
            delay = rng.uniform(0, 0.05) if run < DATABASES else rng.uniform(0, 0.9 * window)
            before = counts(db)["articles"]
            outcome, _, _ = server.ingest(db, folder, delay)
            run += 1
            stored = assert_whole_articles_only(db, expected_quotes)
            assert stored >= before, "an article was lost"
            if outcome == "killed":
                killed += 1
                stored_after_kill.append(stored)
        assert killed >= KILL_RUNS, f"only {killed} of {run} runs were killed before they finished"
        print(f"window {window:.1f} s; {run} runs, {killed} killed; articles stored at each kill: {stored_after_kill}")

        for db in [*databases, cold_db]:
            outcome, _, status = server.ingest(db, folder, -1)
            assert (outcome, status) == ("exited", 0)
            assert counts(db) == baseline
            assert_whole_articles_only(db, expected_quotes)
    finally:
        for process in (cold, baseline_run):
            if process.poll() is None:
                process.kill()
                process.wait()
        server.close()
