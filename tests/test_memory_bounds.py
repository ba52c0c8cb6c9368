"""Memory bounded by the batch, not by the corpus: what an ingest keeps between articles and what a
claims update reads does not grow with everything stored before (bench/memory.py measures it)."""

import pytest

from claimtrack import extracting, parallel, storage
from claimtrack.articles import parse_article
from claimtrack.matching import StemCalendar

from .test_claims_incremental import gold_reports, store, stored_keys


def vocabulary_size(nlp) -> tuple[int, int]:
    return sum(1 for _ in nlp.vocab), len(nlp.vocab.strings)


@pytest.mark.parametrize("extract_all, place", [
    (lambda articles: [quotes for _, quotes in parallel.extract_stream(articles)], "Zorvekistan"),  # workers=1
    (lambda articles: parallel._extract_batch(articles)[1], "Qelmaradia"),  # what a worker process runs
], ids=["this process", "worker batch"])
def test_extracting_new_words_leaves_the_pipeline_vocabulary_as_it_was(extract_all, place):
    # Word forms the pipeline has not seen: each article brings new ones, as a growing archive does.
    new_words = [f"{place}{n}" for n in range(40)]
    nlp = extracting._shared_pipeline()
    extract_all([parse_article("“Kami siap,” ujar Shoigu.", source="warm")])
    before = vocabulary_size(nlp)
    articles = [parse_article(f"“Kami tidak takut pada {word} dan sekutunya,” ujar Shoigu kepada {word}Post.",
                              source=f"a{n}") for n, word in enumerate(new_words)]
    found = extract_all(articles)
    assert [[(q.text, q.speaker_name) for q in quotes] for quotes in found] == [
        [(f"Kami tidak takut pada {word} dan sekutunya,", "Shoigu")] for word in new_words]
    assert vocabulary_size(nlp) == before


def test_an_update_reads_the_days_of_common_keys_only_and_finds_the_same_rare_keys(tmp_path, monkeypatch):
    """`storage._stem_calendar` reads the counts per day of the keys in more than MAX_STEM_DF units
    in all; a key in fewer is rare in every window. The rare keys are those of a calendar of every
    day of every key."""
    monkeypatch.setattr("claimtrack.matching.MAX_STEM_DF", 3)
    db = storage.open_database(tmp_path / "calendar.db")
    reports = gold_reports()
    store(db, reports[0::2])
    storage.update_claims(db)
    store(db, reports[1::2])
    storage.update_claims(db)
    keys = stored_keys(db)
    every_day = StemCalendar.of((k for _, k in keys.values()), (day for day, _ in keys.values()))
    read = storage._stem_calendar(db, every_day.total, {day for day, _ in keys.values()})
    common = {key for key, units in every_day.total.items() if units > 3}
    assert common and len(common) < len(every_day.total) / 2
    assert set(read.by_day) == common
    assert read.total == every_day.total
    assert {unit_id: read.rare(unit_keys, day) for unit_id, (day, unit_keys) in keys.items()} == {
        unit_id: every_day.rare(unit_keys, day) for unit_id, (day, unit_keys) in keys.items()}
