"""Parallel extraction: worker processes and a Dask cluster give what one process gives, in the same order."""

import json
import socket
import sys
import time
from dataclasses import replace

import pytest

import claimtrack.extracting.pipeline
import claimtrack.stemming
from claimtrack import ingest, parallel, storage
from claimtrack.articles import InputError, iter_articles, parse_article
from claimtrack.extracting import EXTRACTOR_VERSION
from claimtrack.matching import incremental
from claimtrack.parallel import (
    DASK_INSTALL_HINT,
    ArticleFailure,
    ParallelError,
    _extract_batch,
    _in_order,
    code_fingerprint,
    extract_stream,
)

from .conftest import SEEDS

# Generated articles: each sentence a pattern the extractor knows, in new combinations.
GENERATED = [
    "“Kami siap menghadapi sanksi apa pun,” ujar Menteri Pertahanan Sergei Shoigu di Moskow, Rabu (20/9/2023).",
    "JAKARTA – Presiden Joko Widodo mengatakan pemerintah akan menambah anggaran pupuk tahun depan.\n\n"
    "“Petani harus mendapat pupuk tepat waktu,” kata Jokowi.",
    "Menurut Sri Mulyani, defisit anggaran masih terkendali.\n\n“Kita jaga di bawah tiga persen,” tegasnya.",
    "Tanpa kutipan sama sekali: hanya berita tentang cuaca cerah di Bandung pada hari Minggu.",
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The seeds, generated articles and bad JSON Lines, as `claimtrack ingest` reads them."""
    folder = tmp_path_factory.mktemp("inputs")
    for path in sorted(SEEDS.glob("*.txt")):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    lines = [json.dumps({"id": f"gen{n}", "url": f"https://gen/{n}", "content": text}, ensure_ascii=False)
             for n, text in enumerate(GENERATED)]
    lines[1:1] = ["{not json", json.dumps({"content": 42})]
    (folder / "generated.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return list(iter_articles([folder]))


def run(items, **engine):
    return list(extract_stream(items, batch_size=2, **engine))


def comparable(results):
    return [str(item) if isinstance(item, InputError) else (item[0].source, [q.to_dict() for q in item[1]])
            for item in results]


@pytest.fixture(scope="module")
def single(inputs):
    return run(inputs)


@pytest.fixture(scope="module")
def two_processes(inputs):
    return run(inputs, workers=2)


@pytest.fixture(scope="module")
def local_cluster(inputs):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        return run(inputs, scheduler=cluster.scheduler_address)


def test_single_process_finds_quotes_and_reports_bad_inputs(single):
    found = comparable(single)
    assert sum(len(item[1]) for item in found if isinstance(item, tuple)) > 20
    errors = [item for item in found if isinstance(item, str)]
    assert [e.split("/")[-1] for e in errors] == [
        "empty.txt: the file is empty; there is no article to read.",
        "generated.jsonl:2: not valid JSON (Expecting property name enclosed in double quotes at column 2).",
        "generated.jsonl:3: the 'content' field is a int, not text; name the text field with --field text=NAME.",
    ]


@pytest.mark.parametrize("engine", ["two_processes", "local_cluster"])
def test_parallel_engines_give_the_single_process_results_in_order(request, single, engine):
    assert comparable(request.getfixturevalue(engine)) == comparable(single)


def stored_quotes(results, path):
    db = storage.open_database(path)
    for item in results:
        if not isinstance(item, InputError):
            ingest.store_article(db, *item, EXTRACTOR_VERSION)
    incremental.rebuild_claims(db)
    rows = db.query("select articles.key, quotes.start, quotes.\"end\", quotes.kind, quotes.speaker_name, "
                    "quotes.speaker_id, quotes.id from quotes join articles on articles.id = quotes.article_id "
                    "order by quotes.id")
    return [tuple(row.values()) for row in rows], list(db["speakers"].rows), list(db["claim_members"].rows)


@pytest.mark.parametrize("engine", ["two_processes", "local_cluster"])
def test_the_single_writer_stores_the_same_database(request, tmp_path, single, engine):
    assert stored_quotes(request.getfixturevalue(engine), tmp_path / "b.db") == stored_quotes(single, tmp_path / "a.db")


class Done:
    """A future that is already done, as a worker running this code returns it."""

    def __init__(self, quotes, fingerprint=None, stems=None):
        self.value = (fingerprint or code_fingerprint(), (quotes, stems or {}))

    def result(self):
        return self.value


def test_worker_processes_are_replaced_and_the_results_stay_in_order(monkeypatch, single, inputs):
    started = []

    class Counted(parallel.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Counted)
    monkeypatch.setattr(parallel, "RECYCLE_AFTER_ARTICLES", 3)
    assert comparable(run(inputs, workers=2)) == comparable(single)
    assert len(started) == -(-len(inputs) // 6) > 1  # a fresh pair of workers every 6 inputs


def as_worker_returns(articles):
    """What a worker process gives back for a batch, as a done future."""
    fingerprint, (quotes, stems) = _extract_batch(articles)
    return Done(quotes, fingerprint, stems)


def test_the_writer_keeps_the_stems_a_worker_made(monkeypatch):
    article = parse_article("“Sanksinya kami tegaskan,” ujar Shoigu.", source="a")
    [(_, [quote])] = _in_order([article], as_worker_returns, batch_size=4, in_flight=2,
                               fingerprint=code_fingerprint())
    monkeypatch.setattr(claimtrack.stemming, "_stemmer", lambda: 1 / 0)  # nothing stemmed again here
    assert claimtrack.stemming.stems(quote.text) == "sanksi kami tegas"


def test_html_is_not_sent_to_workers_but_is_kept_for_the_writer():
    page = replace(parse_article("“Kami siap,” ujar Shoigu.", source="page.html"), html="<html>…</html>")
    [(returned, seen_by_worker)] = _in_order([page], lambda articles: Done([[a.html] for a in articles]),
                                             batch_size=4, in_flight=2, fingerprint=code_fingerprint())
    assert returned.html == "<html>…</html>" and seen_by_worker == [None]


def test_the_source_is_read_at_most_a_window_ahead():
    read = []

    def source():
        for number in range(1000):
            read.append(number)
            yield parse_article(f"Artikel nomor {number}.", source=str(number))

    stream = _in_order(source(), lambda articles: Done([[] for _ in articles]), batch_size=8, in_flight=3,
                       fingerprint=code_fingerprint())
    first = next(stream)
    assert first[0].source == "0" and len(read) == 8 * 3
    assert [a.source for a, _ in stream] == [str(n) for n in range(1, 1000)]


def test_an_article_a_worker_fails_on_comes_back_in_its_place(monkeypatch):
    """What a worker runs (`_extract_batch`) catches a bug per article: the batch's other articles
    keep their quotes, and the failure reaches the writer where the article stood."""
    real = claimtrack.extracting.pipeline.extract
    monkeypatch.setattr(claimtrack.extracting.pipeline, "extract", lambda article, nlp: 1 / 0 if article.source == "b" else real(article, nlp))
    articles = [parse_article("“Kami siap,” ujar Shoigu.", source=source) for source in "abc"]
    results = list(_in_order(articles, as_worker_returns, batch_size=4, in_flight=2,
                             fingerprint=code_fingerprint()))
    assert [(a.source, [q.speaker_name for q in quotes]) for a, quotes in (results[0], results[2])] == [
        ("a", ["Shoigu"]), ("c", ["Shoigu"])]
    failure = results[1]
    assert isinstance(failure, ArticleFailure) and failure.where == "b"
    assert str(failure).startswith("b: claimtrack failed while extracting it (ZeroDivisionError: division by zero)")
    assert "1 / 0" in failure.detail


def test_a_worker_running_other_code_stops_the_ingest():
    article = parse_article("“Kami siap,” ujar Shoigu.", source="a")
    other = "claimtrack 0.0.9, claimtrack_quotes_v1, spaCy 3.7.0, files 000000000000"
    with pytest.raises(ParallelError) as error:
        list(_in_order([article], lambda articles: Done([[]], other), batch_size=4, in_flight=2,
                       fingerprint=code_fingerprint()))
    assert str(error.value) == (
        f"A worker extracted with other code than this process ({other}; here: {code_fingerprint()}). "
        "Install the same claimtrack on every worker, and do not edit claimtrack while an ingest starts; "
        "then ingest again (articles already stored stay as they are).")


@pytest.mark.parametrize(
    ("engine", "message"),
    [
        ({"workers": 0}, "workers must be 1 or more, not 0."),
        ({"batch_size": 0}, "batch_size must be 1 or more, not 0."),
        ({"workers": 2, "scheduler": "tcp://127.0.0.1:8786"},
         "Give workers or a scheduler, not both: a Dask cluster's size is set where its workers run "
         "(dask worker --nworkers N --nthreads 1)."),
    ],
)
def test_bad_engine_arguments(engine, message):
    with pytest.raises(ValueError) as error:
        extract_stream([], **engine)
    assert str(error.value) == message


def test_missing_dask_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ParallelError) as error:
        extract_stream([], scheduler="tcp://127.0.0.1:8786")
    assert str(error.value).startswith("Extracting on a Dask cluster needs dask.distributed, which is not installed")
    assert str(error.value).endswith(f"install it with: {DASK_INSTALL_HINT}")


def test_unreachable_scheduler_says_how_to_start_one(monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("claimtrack.parallel.CONNECT_TIMEOUT", "1s")
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    started = time.monotonic()
    with pytest.raises(ParallelError) as error:
        list(extract_stream([], scheduler=address))
    assert str(error.value).startswith(f"Cannot reach the Dask scheduler at {address} (")
    assert str(error.value).endswith("start one with `dask scheduler` and give its address as printed there "
                                     "(tcp://HOST:8786).")
    assert time.monotonic() - started < 20
