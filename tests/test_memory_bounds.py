"""Memory bounded by the batch, not by the corpus: what an ingest keeps between articles and what a
claims update reads does not grow with everything stored before (bench/memory.py measures it)."""

from dataclasses import replace

import pytest

from claimtrack import extracting, parallel, storage
from claimtrack.articles import parse_article
from claimtrack.extracting import components
from claimtrack.matching import DATE_WINDOW_DAYS, StemCalendar, incremental

from .test_claims_incremental import gold_reports, store, stored_keys


def vocabulary_size(nlp) -> tuple[int, int]:
    return sum(1 for _ in nlp.vocab), len(nlp.vocab.strings)


@pytest.mark.parametrize("extract_all, place", [
    (lambda articles: [quotes for _, quotes in parallel.extract_stream(articles)], "Zorvekistan"),  # workers=1
    (lambda articles: parallel._extract_batch(articles)[1][0], "Qelmaradia"),  # what a worker process runs (quotes, stems)
], ids=["this process", "worker batch"])
def test_extracting_new_words_leaves_the_pipeline_vocabulary_as_it_was(extract_all, place):
    # Word forms the pipeline has not seen: each article brings new ones, as a growing archive does.
    new_words = [f"{place}{n}" for n in range(40)]
    nlp = extracting.shared_pipeline()
    extract_all([parse_article("“Kami siap,” ujar Shoigu.", source="warm")])
    before = vocabulary_size(nlp)
    articles = [parse_article(f"“Kami tidak takut pada {word} dan sekutunya,” ujar Shoigu kepada {word}Post.",
                              source=f"a{n}") for n, word in enumerate(new_words)]
    found = extract_all(articles)
    assert [[(q.text, q.speaker_name) for q in quotes] for quotes in found] == [
        [(f"Kami tidak takut pada {word} dan sekutunya,", "Shoigu")] for word in new_words]
    # The words every article repeats may stay (met in a second zone: components._KEPT_CHUNKS);
    # the new ones, each met in one article, do not.
    assert not any(word in nlp.vocab or f"{word}Post" in nlp.vocab for word in new_words)
    repeated = {token.text for token in nlp.make_doc("“Kami tidak takut pada dan sekutunya,” ujar Shoigu kepada.")}
    assert vocabulary_size(nlp)[0] <= before[0] + len(repeated)


def test_the_chunks_kept_after_memory_zones_are_bounded(monkeypatch):
    """Chunks of text met in a second memory zone stay in the vocabulary, up to a bound."""
    monkeypatch.setattr(components, "_KEPT_CHUNKS", 10)
    nlp = extracting.load_pipeline()
    before = vocabulary_size(nlp)
    for _ in range(3):
        for n in range(30):
            with nlp.memory_zone():
                nlp.tokenizer(f"kata{n} lain{n}")
    assert len(nlp.tokenizer._kept) == 10
    assert vocabulary_size(nlp)[0] == before[0] + 10


def test_an_update_reads_the_days_of_common_keys_only_and_finds_the_same_rare_keys(tmp_path, monkeypatch):
    """`incremental._stem_calendar` reads the counts per day of the keys in more than MAX_STEM_DF units
    in all; a key in fewer is rare in every window. The rare keys are those of a calendar of every
    day of every key."""
    monkeypatch.setattr("claimtrack.matching.candidates.MAX_STEM_DF", 3)
    db = storage.open_database(tmp_path / "calendar.db")
    reports = gold_reports()
    store(db, reports[0::2])
    incremental.update_claims(db)
    store(db, reports[1::2])
    incremental.update_claims(db)
    keys = stored_keys(db)
    every_day = StemCalendar.of((k for _, k in keys.values()), (day for day, _ in keys.values()))
    read = incremental._stem_calendar(db, every_day.total, {day for day, _ in keys.values()})
    common = {key for key, units in every_day.total.items() if units > 3}
    assert common and len(common) < len(every_day.total) / 2
    assert set(read.by_day) == common
    assert read.total == every_day.total
    assert {unit_id: read.rare(unit_keys, day) for unit_id, (day, unit_keys) in keys.items()} == {
        unit_id: every_day.rare(unit_keys, day) for unit_id, (day, unit_keys) in keys.items()}


def new_unit_keys(db, after_unit: int) -> dict[int, tuple[int, frozenset]]:
    return {unit_id: found for unit_id, found in stored_keys(db).items() if unit_id > after_unit}


def latest_unit(db) -> int:
    return db.execute("select coalesce(max(id), 0) from claim_units").fetchone()[0]


def test_an_update_counts_the_rarity_of_its_own_units_keys_only(tmp_path, monkeypatch):
    """The stored candidates of new units are found by the new units' rare keys, so that only
    those are counted: a calendar of every key of every candidate grew with the stored units of
    a window and held most of an update's memory."""
    db = storage.open_database(tmp_path / "keys.db")
    reports = gold_reports()
    store(db, reports[0::2])
    incremental.update_claims(db)
    before = latest_unit(db)
    store(db, reports[1::2])
    asked = set()
    stem_calendar = incremental._stem_calendar

    def counting(db, keys, days):
        keys = set(keys)
        asked.update(keys)
        return stem_calendar(db, keys, days)

    monkeypatch.setattr(incremental, "_stem_calendar", counting)
    update = incremental.update_claims(db)
    assert update.candidate_units > 0
    new_keys = {key for _, keys in new_unit_keys(db, before).values() for key in keys}
    assert asked and asked <= new_keys


def test_an_update_reads_the_postings_and_counts_of_its_units_windows_only(tmp_path, monkeypatch):
    """New reports of two far-apart days (an archive not in date order makes such chunks) read
    the postings and the day counts of their own windows, not of the days between, where the
    stored reports that share their words are."""
    monkeypatch.setattr("claimtrack.matching.candidates.MAX_STEM_DF", 3)  # so that keys are common, and counted by day
    db = storage.open_database(tmp_path / "windows.db")
    reports = gold_reports()
    store(db, reports)
    incremental.update_claims(db)
    before = latest_unit(db)
    earlier, later = (replace(article, text=f"{article.text}\n\n(Salinan)", source=f"{article.source}#{day}",
                              url=f"{article.url}#{day}", published=day)
                      for (article, _), day in zip((reports[0], reports[-1]), ("2019-08-20", "2019-10-20"),
                                                   strict=True))
    store(db, [(earlier, reports[0][1]), (later, reports[-1][1])])
    units_read, days_counted = set(), set()
    execute = db.execute

    def spying(sql, parameters=None):
        cursor = execute(sql, parameters) if parameters is not None else execute(sql)
        if "select key, unit_ids from claim_key_days where key in" in sql:
            rows = cursor.fetchall()
            units_read.update(unit_id for _, listed in rows for unit_id in storage.claims.unit_id_list(listed))
            return iter(rows)
        if "select key, day, units from claim_key_days where key in" in sql:
            rows = cursor.fetchall()
            days_counted.update(day for _, day, _ in rows)
            return iter(rows)
        return cursor

    monkeypatch.setattr(db, "execute", spying)
    incremental.update_claims(db)
    new_days = {day for day, _ in new_unit_keys(db, before).values()}
    day_of = {unit_id: day for unit_id, (day, _) in stored_keys(db).items()}
    assert len(new_days) == 2 and units_read and days_counted
    assert all(any(abs(day_of[unit_id] - day) <= DATE_WINDOW_DAYS for day in new_days) for unit_id in units_read)
    assert all(any(abs(counted - day) <= 2 * DATE_WINDOW_DAYS for day in new_days) for counted in days_counted)
