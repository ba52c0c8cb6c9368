"""Matching at scale: the parts `cluster` is made of, run block by block, on worker processes or a
Dask cluster, give what `cluster` gives."""

import sys
from dataclasses import replace

import pytest

from claimtrack import matching, storage
from claimtrack.matching import ScoringCorpus, cluster, cluster_in_parts, content_stems, incremental, split_units
from claimtrack.matching.engines import score_candidates
from claimtrack.parallel import DASK_INSTALL_HINT, ParallelError

from .test_claims_incremental import gold_reports, store


@pytest.fixture(scope="module")
def units():
    """The claim units of the claims gold set, numbered as a rebuild numbers them."""
    found = []
    for article_id, (article, quotes) in enumerate(gold_reports(), 1):
        for quote_id, quote in enumerate(quotes, 1000 * article_id):
            found += split_units({"id": quote_id, "article_id": article_id, "speaker_name": quote.speaker_name,
                                  "published": article.published, "start": quote.start, "text": quote.text})
    return found


def claims_of(claims):
    return sorted(sorted((u.quote_id, u.start, score) for u, score in claim.members) for claim in claims)


@pytest.fixture(scope="module")
def reference(units):
    return claims_of(cluster(units))


@pytest.mark.parametrize("blocks", [1, 3, 8])
def test_cluster_in_parts_is_cluster(units, reference, blocks):
    assert len(reference) > 50
    assert claims_of(cluster_in_parts(units, blocks=blocks)) == reference


def test_blocks_find_each_candidate_pair_once(units):
    corpus = ScoringCorpus(units, [content_stems(u.text) for u in units])
    pairs, _ = matching.candidate_pairs(corpus.stems, units)
    found = [corpus.index.candidates_of(range(block, len(units), 4)) for block in range(4)]
    assert sum(map(len, found)) == len(pairs) == len(set().union(*found))
    assert set().union(*found) == pairs


@pytest.fixture(scope="module")
def corpus(units):
    return ScoringCorpus(units, [content_stems(u.text) for u in units])


@pytest.fixture(scope="module")
def in_this_process(corpus):
    return score_candidates(corpus)


def test_worker_processes_score_what_this_process_scores(corpus, in_this_process):
    pairs, scored = score_candidates(corpus, workers=2, min_units=0)
    assert pairs == in_this_process[0] > 1000
    assert sorted(scored) == sorted(in_this_process[1])


@pytest.fixture(scope="module")
def local_cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_a_dask_cluster_scores_what_this_process_scores(corpus, in_this_process, local_cluster):
    pairs, scored = score_candidates(corpus, scheduler=local_cluster, min_units=0)
    assert pairs == in_this_process[0]
    assert sorted(scored) == sorted(in_this_process[1])


def stored_claims(db):
    return [tuple(row.values()) for row in db.query("select * from claim_members order by id")]


def test_a_rebuild_on_a_dask_cluster_stores_the_same_claims(tmp_path, local_cluster, monkeypatch):
    reports = gold_reports()
    serial = storage.open_database(tmp_path / "serial.db")
    store(serial, reports)
    incremental.rebuild_claims(serial)
    monkeypatch.setattr("claimtrack.matching.engines.MATCH_ENGINE_MIN_UNITS", 0)
    on_dask = storage.open_database(tmp_path / "dask.db")
    store(on_dask, reports)
    incremental.rebuild_claims(on_dask, scheduler=local_cluster)
    assert stored_claims(on_dask) == stored_claims(serial)
    assert list(on_dask["claim_pairs"].rows) == list(serial["claim_pairs"].rows)


def test_small_corpora_are_scored_here_whatever_the_engine(corpus, in_this_process):
    # No scheduler listens at this address: a small corpus never asks it.
    assert score_candidates(corpus, scheduler="tcp://127.0.0.1:1") == in_this_process


@pytest.mark.parametrize(
    ("engine", "message"),
    [
        ({"workers": 0}, "workers must be 1 or more, not 0."),
        ({"workers": 2, "scheduler": "tcp://127.0.0.1:8786"},
         "Give workers or a scheduler, not both: a Dask cluster's size is set where its workers run "
         "(dask worker --nworkers N --nthreads 1)."),
    ],
)
def test_bad_engine_arguments(corpus, engine, message):
    with pytest.raises(ValueError) as error:
        score_candidates(corpus, **engine)
    assert str(error.value) == message


def test_missing_dask_says_what_to_install(corpus, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ParallelError) as error:
        score_candidates(corpus, scheduler="tcp://127.0.0.1:8786", min_units=0)
    assert str(error.value).startswith("Matching on a Dask cluster needs dask.distributed, which is not installed")
    assert str(error.value).endswith(f"install it with: {DASK_INSTALL_HINT}")


@pytest.mark.parametrize("max_df", [3, 200])
def test_rare_keys_counted_a_week_at_a_time_are_those_of_the_whole_calendar(units, monkeypatch, max_df):
    monkeypatch.setattr("claimtrack.matching.candidates.MAX_STEM_DF", max_df)
    # Some units without a date: in every window, and counted against the whole corpus.
    units = [replace(u, published=None) if n % 50 == 0 else u for n, u in enumerate(units)]
    stems = [content_stems(u.text) for u in units]
    keys = [matching.candidate_keys(u, s) for u, s in zip(units, stems, strict=True)]
    days = [matching.day_number(u.published) for u in units]
    calendar = matching.StemCalendar.of(keys, days)
    expected = [calendar.rare(k, d) for k, d in zip(keys, days, strict=True)]
    assert matching.rare_keys(units, stems) == expected
    if max_df == 3:
        assert sum(map(len, expected)) < sum(map(len, keys))  # some keys are common in their windows


def test_scoring_in_batches_is_scoring_each_pair(units, corpus):
    """`PairScorer.at_least` scores pairs in NumPy batches and leaves out early those that cannot
    reach the threshold: it keeps exactly the pairs, with exactly the probabilities, that scoring
    each candidate pair by itself (`PairScorer.__call__`, one pair's features) gives."""
    pairs = corpus.index.candidates_of(range(len(units)))
    threshold = matching.default_threshold()
    one_by_one = matching.PairScorer(units, corpus.stems, corpus.scorer.idf, len(units))
    each = sorted((one_by_one(i, j), i, j) for i, j in pairs if one_by_one(i, j) >= threshold)
    batched = matching.PairScorer(units, corpus.stems, corpus.scorer.idf, len(units))
    assert len(each) > 100
    assert sorted(batched.at_least(pairs, threshold)) == each
    assert sorted(batched.at_least(pairs, 0.0)) == sorted((one_by_one(i, j), i, j) for i, j in pairs)
