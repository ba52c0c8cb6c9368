"""Incremental claim matching: new quotes join stored claims without matching everything again.

The corpus is the claims gold set (gold/claims/claims.gold.jsonl, in the repository): every
member and hard negative of its first 60 claims becomes a quote of its article, at its offsets, by the
claim's speaker, in articles dated and attributed to outlets as the gold says. It is what claim
matching is hard on: rewordings across outlets next to the same speaker's other statements of the
same days.
"""

import itertools
import json
from collections import defaultdict

import pytest
from click.testing import CliRunner

from claimtrack import ingest, storage
from claimtrack.articles import Article
from claimtrack.cli import cli
from claimtrack.matching import (
    StemCalendar,
    candidate_keys,
    candidate_pairs,
    content_stems,
    day_number,
    default_threshold,
    incremental,
    split_units,
    still_candidates,
)
from claimtrack.records import Quote
from claimtrack.speakers import identity
from claimtrack.storage.check import check_database

from .conftest import ROOT, SEEDS

CLAIMS_GOLD = ROOT / "gold" / "claims" / "claims.gold.jsonl"
# The first-round claims, c001-c060 (the tuning half's core): what these tests were written on.
# They test that updates agree with a rebuild, not the engine's accuracy; the held-out claims
# are never matched here.
FIRST_ROUND = 60
THRESHOLD = default_threshold()


def gold_reports() -> list[tuple[Article, list[Quote]]]:
    """The gold spans as stored articles with their quotes, oldest first. An article's text holds
    its spans at their offsets and spaces elsewhere; of overlapping spans the first is kept."""
    spans = defaultdict(list)
    for line in CLAIMS_GOLD.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if int(record["claim"].removeprefix("c")) > FIRST_ROUND:
            continue
        for span in record["members"] + record.get("hard_negatives", []):
            spans[span["article_id"]].append((span, record["speaker_name"]))
    reports = []
    for article_id, found in spans.items():
        kept = []
        for span, speaker in sorted(found, key=lambda f: f[0]["start"]):
            if not kept or span["start"] >= kept[-1][0]["end"]:
                kept.append((span, speaker))
        text = [" "] * kept[-1][0]["end"]
        for span, _ in kept:
            text[span["start"] : span["end"]] = span["text"]
        first = kept[0][0]
        article = Article(text="".join(text), source=article_id, outlet=first["outlet"], published=first["date"],
                          url=f"https://gold.test/{article_id}")
        quotes = [Quote(span["start"], span["end"], span["text"], span["kind"], speaker_name=speaker,
                        speaker_type="person") for span, speaker in kept]
        reports.append((article, quotes))
    return sorted(reports, key=lambda report: (report[0].published, report[0].source))


@pytest.fixture(scope="module")
def reports():
    return gold_reports()


def store(db, reports):
    for article, quotes in reports:
        ingest.store_article(db, article, quotes, "gold")


def partition(db) -> set[frozenset]:
    """Each claim as the set of its members, named by (article source, start): ids aside."""
    claims = defaultdict(set)
    for row in db.query("select claim_members.claim_id, articles.source, claim_members.start from claim_members "
                        "join articles on articles.id = claim_members.article_id"):
        claims[row["claim_id"]].add((row["source"], row["start"]))
    return {frozenset(members) for members in claims.values()}


def together(claims: set[frozenset]) -> set[frozenset]:
    return {frozenset(pair) for members in claims for pair in itertools.combinations(members, 2)}


def agreement(a: set[frozenset], b: set[frozenset]) -> float:
    """Pairs of members put together by both, over pairs put together by either."""
    pairs_a, pairs_b = together(a), together(b)
    return len(pairs_a & pairs_b) / len(pairs_a | pairs_b)


def claim_rows(db) -> list[tuple]:
    return [tuple(row.values()) for row in db.query(
        "select claims.*, claim_members.unit_id, claim_members.probability, claim_members.method from claims "
        "join claim_members on claim_members.claim_id = claims.id order by claims.id, claim_members.unit_id")]


@pytest.fixture(scope="module")
def at_once(reports, tmp_path_factory):
    db = storage.open_database(tmp_path_factory.mktemp("once") / "claims.db")
    store(db, reports)
    update = incremental.update_claims(db)
    assert update.rebuilt  # the first update builds everything
    return db


def test_the_gold_set_makes_claims(at_once):
    assert len(partition(at_once)) > 50
    assert check_database(at_once) == []


def test_halves_in_date_order_make_nearly_the_claims_of_one_ingest(reports, at_once, tmp_path):
    """A claim that no unit of the second half reaches keeps the probabilities it was joined
    with, from the stem weights of the first half: the MRT director's `Dibanding minggu lalu ada
    peningkatan ya` states the canonical wording of his 87,000-passengers claim with 0.903 then
    and 0.899 in the whole set, either side of the second-report bar (0.9), so that the update
    keeps one claim where a rebuild makes two. Measured: 98.8% of pairs the same."""
    db = storage.open_database(tmp_path / "halves.db")
    half = len(reports) // 2
    store(db, reports[:half])
    assert incremental.update_claims(db).rebuilt
    store(db, reports[half:])
    update = incremental.update_claims(db)
    assert not update.rebuilt and update.new_units > 0 and update.claims_replaced > 0
    assert agreement(partition(db), partition(at_once)) >= 0.97
    assert abs(len(partition(db)) - len(partition(at_once))) <= 2
    assert check_database(db) == []


def test_interleaved_halves_agree_with_one_ingest_on_nearly_every_pair(reports, at_once, tmp_path):
    """Every other article first, then the rest: each second-half article lands among claims
    already built. A stored pair keeps the score it had when found (stem weights move a little
    as the corpus grows), and joins are replayed only inside the claims being recomputed, so a
    member can settle on the other side of a close call: measured 98.4% of pairs the same."""
    db = storage.open_database(tmp_path / "interleaved.db")
    store(db, reports[0::2])
    incremental.update_claims(db)
    store(db, reports[1::2])
    incremental.update_claims(db)
    assert agreement(partition(db), partition(at_once)) >= 0.97
    assert abs(len(partition(db)) - len(partition(at_once))) <= 2


def test_an_update_with_nothing_new_changes_nothing(at_once):
    before = claim_rows(at_once)
    update = incremental.update_claims(at_once)
    assert (update.rebuilt, update.new_units, update.pairs_scored, update.reclustered_units,
            update.claims_written) == (False, 0, 0, 0, 0)
    assert claim_rows(at_once) == before
    assert not incremental.claims_are_stale(at_once)


def claims_by_id(db) -> dict[int, list[tuple]]:
    claims = defaultdict(list)
    for row in claim_rows(db):
        claims[row[0]].append(row)
    return claims


def test_a_new_report_reclusters_only_the_claims_it_reaches(reports, at_once, tmp_path):
    """The latest article with a claim member arrives after all the others: its claims, and the
    claims its units are candidates of, are recomputed; every other claim keeps its id, members
    and scores."""
    in_claims = {row["source"] for row in at_once.query(
        "select distinct articles.source from claim_members join articles on articles.id = claim_members.article_id")}
    late = max(n for n, (article, _) in enumerate(reports) if article.source in in_claims)
    db = storage.open_database(tmp_path / "one-more.db")
    store(db, reports[:late] + reports[late + 1 :])
    incremental.update_claims(db)
    before, units = claims_by_id(db), db["claim_units"].count
    store(db, [reports[late]])
    update = incremental.update_claims(db)
    after = claims_by_id(db)
    assert update.new_units == db["claim_units"].count - units > 0
    # It scores the candidate pairs of the new units, exactly those a rebuild finds for them, and no other.
    all_units = [unit for row in storage.claims.quotes_for_units(db)
                 for unit in split_units(row)]
    late_article = db.execute("select max(id) from articles").fetchone()[0]
    pairs, _ = candidate_pairs([content_stems(u.text) for u in all_units], all_units)
    assert update.pairs_scored == sum(late_article in (all_units[i].article_id, all_units[j].article_id)
                                      for i, j in pairs) > 0
    assert 1 <= update.claims_replaced <= 3
    assert update.reclustered_units < 0.1 * db["claim_units"].count
    changed = {claim_id for claim_id, rows in before.items() if after.get(claim_id) != rows}
    assert len(changed) <= update.claims_replaced
    assert reports[late][0].source in {source for claim in partition(db) for source, _ in claim}
    assert check_database(db) == []


def stored_keys(db) -> dict[int, tuple[int, frozenset]]:
    """Each stored unit's day and candidate keys."""
    units = incremental._load_units(db, [unit_id for (unit_id,) in db.execute("select id from claim_units")])
    return {unit_id: (stored.day, candidate_keys(stored.unit, stored.stems)) for unit_id, stored in units.items()}


def index_of(db) -> tuple[dict, set]:
    """What the claim index should hold for the stored units: units per (key, day), and the
    postings (key, day, unit id) of the keys rare in each unit's date window."""
    keys = stored_keys(db)
    calendar = StemCalendar.of((k for _, k in keys.values()), (day for day, _ in keys.values()))
    counts = {(key, day): units for key, by_day in calendar.by_day.items() for day, units in by_day.items()}
    return counts, {(key, day, unit_id) for unit_id, (day, unit_keys) in keys.items()
                    for key in calendar.rare(unit_keys, day)}


def stored_index(db) -> tuple[dict, set]:
    """The stored index: units per (key code, day), and the postings (key code, day, unit id)."""
    rows = db.execute("select key, day, units, unit_ids from claim_key_days").fetchall()
    postings = [(key, day, unit_id) for key, day, _, listed in rows for unit_id in storage.claims.unit_id_list(listed)]
    assert len(postings) == len(set(postings))  # each unit once in a key's list of a day
    return {(key, day): units for key, day, units, _ in rows}, set(postings)


def coded(counts: dict, postings: set) -> tuple[dict, set]:
    """An :func:`index_of` with its keys as the index stores them."""
    code = storage.claims.key_code
    return ({(code(key), day): units for (key, day), units in counts.items()},
            {(code(key), day, unit_id) for key, day, unit_id in postings})


def test_the_index_holds_exactly_the_rare_stems(at_once):
    counts, postings = index_of(at_once)
    assert stored_index(at_once) == coded(counts, postings)
    totals = defaultdict(int)
    for (stem, _), units in counts.items():
        totals[stem] += units
    assert storage.claims.key_counts(at_once, totals) == totals
    # Days are those of the articles.
    assert {day for _, day in counts} == {day_number(article.published) for article, _ in gold_reports()}


def test_a_stem_that_becomes_common_in_a_window_leaves_the_index(reports, tmp_path, monkeypatch):
    monkeypatch.setattr("claimtrack.matching.candidates.MAX_STEM_DF", 3)
    db = storage.open_database(tmp_path / "common.db")
    store(db, reports[0::2])
    incremental.update_claims(db)
    _, first_postings = stored_index(db)
    store(db, reports[1::2])
    incremental.update_claims(db)
    counts, postings = index_of(db)
    assert stored_index(db) == coded(counts, postings)
    postings = coded(counts, postings)[1]
    # Postings made by the first update that the second took away: their stem became common in the window.
    assert first_postings - postings
    # A stored pair whose shared rare keys became common is no longer a candidate: it is dropped.
    keys = stored_keys(db)
    calendar = StemCalendar.of((k for _, k in keys.values()), (day for day, _ in keys.values()))
    rare = {unit_id: calendar.rare(unit_keys, day) for unit_id, (day, unit_keys) in keys.items()}
    pairs = db.execute("select unit_a, unit_b from claim_pairs").fetchall()
    assert pairs and all(still_candidates(rare[a], rare[b]) for a, b in pairs)


def test_a_database_indexed_by_m003_is_upgraded_and_its_claims_rebuilt(reports, at_once, tmp_path, monkeypatch):
    """A database as m003 left it (postings without days, rarity over the whole corpus, a claim
    pointing at its units) opens with m004: units get their articles' days, the old postings and
    pairs go, the claims stay readable and are rebuilt at the next update (m006 renames their
    columns), with the pair model's threshold: the old one was on another scale."""
    path = tmp_path / "m003.db"
    # With m005's speaker column, which today's code stores speakers with (m005 needs only m001).
    monkeypatch.setattr(storage.schema, "MIGRATIONS", [*storage.MIGRATIONS[:3], storage.schema.m005_speaker_key_last_word])
    db = storage.open_database(path)
    store(db, reports)
    units = incremental.quote_units(db)
    db.conn.executemany('insert into claim_units (id, quote_id, start, "end", stems) values (?, ?, ?, ?, ?)',
                        [(n, u.quote_id, u.start, u.end, json.dumps(sorted(content_stems(u.text))))
                         for n, u in enumerate(units, 1)])
    db.conn.executemany("insert into claim_stems (stem, unit_id) values (?, ?)",
                        [(stem, n) for n, u in enumerate(units, 1) for stem in content_stems(u.text)])
    db.execute("insert into claim_pairs (unit_a, unit_b, score) values (1, 2, 61.0)")
    db.execute("insert into claims (id, speaker_name, label, outlets, members) values (1, 'X', 'Y', 2, 2)")
    db.conn.executemany('insert into claim_members (claim_id, quote_id, article_id, start, "end", text, score, method, '
                        "unit_id) values (1, ?, ?, ?, ?, ?, 61.0, 'old', ?)",
                        [(u.quote_id, u.article_id, u.start, u.end, u.text, n) for n, u in enumerate(units[:2], 1)])
    db.execute("insert into _claimtrack_state (name, value) values ('claims_matching', ?), ('claims_matched_through', ?)",
               ["threshold 59.0, matching 0123456789ab", storage.articles.latest_quote(db)])
    db.conn.commit()
    monkeypatch.undo()

    db = storage.open_database(path)
    assert "m004_claim_stems_by_day" in {row["name"] for row in db["_claimtrack_migrations"].rows}
    days = dict(db.execute("select id, day from claim_units").fetchall())
    assert days == {n: day_number(u.published) for n, u in enumerate(units, 1)}
    assert db["claim_pairs"].count == db["claim_key_days"].count == 0
    assert db["claim_members"].count == 2 and incremental.claims_are_stale(db)
    assert "m006_claim_statements" in {row["name"] for row in db["_claimtrack_migrations"].rows}
    assert [row["probability"] for row in db["claim_members"].rows] == [None, None]
    assert incremental._stored_threshold(db) == THRESHOLD
    assert incremental.update_claims(db).rebuilt
    assert partition(db) == partition(at_once)
    assert stored_index(db) == coded(*index_of(db))
    assert check_database(db) == []


def as_before_m012(db) -> None:
    """Put a database back in the shape m011 left it: the claim index keyed by the keys' text with
    decimal unit ids (`claim_stem_days`), an article's `key` a column of its own with its unique
    index, a quote's `key` unique and its article's quotes found by `idx_quotes_article_id`."""
    counts, postings = index_of(db)
    assert stored_index(db) == coded(counts, postings)
    listed = defaultdict(list)
    for key, day, unit_id in sorted(postings):
        listed[(key, day)].append(str(unit_id))
    db.execute("create table claim_stem_days (stem text not null, day integer not null, units integer not null, "
               "unit_ids text, primary key (stem, day)) without rowid")
    db.conn.executemany("insert into claim_stem_days values (?, ?, ?, ?)",
                        [(key, day, units, " ".join(listed[(key, day)]) or None) for (key, day), units in counts.items()])
    db.execute("drop table claim_key_days")
    db.execute("alter table articles drop column key")
    db.execute("alter table articles add column key text")
    db.execute("update articles set key = identity || '#v' || version")
    db.execute("create unique index idx_articles_key on articles (key)")
    db.execute("create unique index idx_quotes_key on quotes (key)")
    db.execute("create index idx_quotes_article_id on quotes (article_id)")
    db.execute("drop index quotes_article_offsets")
    db.execute("delete from _claimtrack_migrations where name = 'm012_compact_keys'")
    db.conn.commit()


def as_before_m011(db) -> None:
    """Put an index back in the shape m004 gave it, which the code before m011 wrote: a row per
    posting (`claim_stems`), the counts in all (`claim_stem_counts`), each unit's stems as JSON."""
    as_before_m012(db)
    db.execute("create table claim_stems (stem text not null, day integer not null, unit_id integer not null "
               "references claim_units(id), primary key (stem, day, unit_id)) without rowid")
    db.conn.executemany("insert into claim_stems values (?, ?, ?)", index_of(db)[1])
    db.execute("create table claim_stem_counts (stem text primary key, units integer)")
    db.execute("insert into claim_stem_counts select stem, sum(units) from claim_stem_days group by stem")
    db.execute("alter table claim_stem_days drop column unit_ids")
    db.execute("alter table claim_units add column stems text")
    db.conn.executemany("update claim_units set stems = ? where id = ?",
                        [(json.dumps(sorted(stored.stems), ensure_ascii=False), unit_id) for unit_id, stored in
                         incremental._load_units(db, [row[0] for row in db.execute("select id from claim_units")]).items()])
    db.execute("delete from _claimtrack_migrations where name = 'm011_claim_postings_by_key_day'")
    db.conn.commit()


def schema_of(db) -> list[tuple]:
    """Every table, index, trigger and view as SQLite states it, and each table's columns."""
    objects = db.execute("select type, name, sql from sqlite_master where name not like 'sqlite_%' "
                         "order by type, name").fetchall()
    columns = [(table, *column) for (table,) in db.execute("select name from sqlite_master where type = 'table'")
               for column in db.execute(f"select * from pragma_table_xinfo('{table}')")]
    return objects + sorted(columns)


def test_a_database_of_before_m012_converts_to_what_a_new_one_holds(reports, tmp_path):
    """m012 stores the claim index's keys as codes and its postings in base 36, computes an
    article's key, and keeps a quote unique by its article, offsets and kind: a database of the
    code before it reads back the same rows as one made today, index, claims, articles and quotes,
    with the same schema, and updates go on from it as from one made today."""
    path = tmp_path / "before-m012.db"
    db = storage.open_database(path)
    half = len(reports) // 2
    store(db, reports[:half])
    incremental.update_claims(db)
    as_before_m012(db)
    assert "claim_stem_days" in db.table_names() and "claim_key_days" not in db.table_names()
    assert {"idx_articles_key", "idx_quotes_key"} <= {index.name for table in ("articles", "quotes")
                                                      for index in db[table].indexes}
    db.close()

    db = storage.open_database(path)
    made_today = storage.open_database(tmp_path / "today.db")
    store(made_today, reports[:half])
    incremental.update_claims(made_today)
    assert "m012_compact_keys" in {row["name"] for row in db["_claimtrack_migrations"].rows}
    assert "claim_stem_days" not in db.table_names()
    assert schema_of(db) == schema_of(made_today)
    assert stored_index(db) == stored_index(made_today) == coded(*index_of(db))
    assert claim_rows(db) == claim_rows(made_today) and not incremental.claims_are_stale(db)
    for table in ("articles", "quotes"):
        columns = ", ".join(f'"{column}"' for column in db[table].columns_dict if column != "ingested_at")
        rows = f"select {columns}, key from {table} order by id"
        assert db.execute(rows).fetchall() == made_today.execute(rows).fetchall()
    assert check_database(db) == []
    store(db, reports[half:])
    store(made_today, reports[half:])
    assert not incremental.update_claims(db).rebuilt
    incremental.update_claims(made_today)
    assert claim_rows(db) == claim_rows(made_today) and stored_index(db) == stored_index(made_today)
    assert check_database(db) == []


def test_an_index_of_before_m011_is_converted_and_updates_go_on_from_it(reports, at_once, tmp_path):
    """m011 turns the index main's code wrote into today's rows, the same postings and counts,
    the claims untouched; the next update goes on from it as from an index made today."""
    path = tmp_path / "before-m011.db"
    db = storage.open_database(path)
    half = len(reports) // 2
    store(db, reports[:half])
    incremental.update_claims(db)
    index, claims = stored_index(db), claim_rows(db)
    as_before_m011(db)
    assert {"claim_stems", "claim_stem_counts"} <= set(db.table_names()) and "stems" in db["claim_units"].columns_dict
    db.close()

    db = storage.open_database(path)
    assert "m011_claim_postings_by_key_day" in {row["name"] for row in db["_claimtrack_migrations"].rows}
    assert not {"claim_stems", "claim_stem_counts"} & set(db.table_names())
    assert "stems" not in db["claim_units"].columns_dict
    assert stored_index(db) == index and claim_rows(db) == claims and not incremental.claims_are_stale(db)
    assert check_database(db) == []
    store(db, reports[half:])
    assert not incremental.update_claims(db).rebuilt
    made_today = storage.open_database(tmp_path / "today.db")
    store(made_today, reports[:half])
    incremental.update_claims(made_today)
    store(made_today, reports[half:])
    incremental.update_claims(made_today)
    assert claim_rows(db) == claim_rows(made_today) and stored_index(db) == stored_index(made_today)
    assert agreement(partition(db), partition(at_once)) >= 0.97


def test_stored_units_read_back_as_the_quotes_split_them(at_once):
    split = {(u.quote_id, u.start): u for row in storage.claims.quotes_for_units(at_once) for u in split_units(row)}
    stored = incremental._load_units(at_once, [row[0] for row in at_once.execute("select id from claim_units")])
    assert {s.order: s.unit for s in stored.values()} == split


def test_a_new_threshold_rebuilds_and_is_kept(reports, tmp_path):
    db = storage.open_database(tmp_path / "threshold.db")
    store(db, reports)
    incremental.update_claims(db)
    members = db["claim_members"].count
    assert incremental.update_claims(db, threshold=0.99).rebuilt
    assert db["claim_members"].count < members  # fewer wordings reach the stricter threshold
    store(db, [(Article(text=reports[0][0].text, source="again", published=reports[0][0].published,
                        url="https://gold.test/again"), reports[0][1])])
    update = incremental.update_claims(db)
    assert not update.rebuilt and update.new_units > 0
    assert incremental._stored_threshold(db) == 0.99


def test_claims_built_by_other_matching_code_are_rebuilt(at_once, reports, tmp_path):
    db = storage.open_database(tmp_path / "other-code.db")
    store(db, reports)
    incremental.update_claims(db)
    db.execute("update _claimtrack_state set value = ? where name = 'claims_matching'",
               [f"threshold {THRESHOLD}, matching 000000000000"])
    db.conn.commit()
    assert incremental.claims_are_stale(db)
    assert incremental.update_claims(db).rebuilt
    assert partition(db) == partition(at_once)


def test_rebuild_gives_what_one_update_gives(at_once):
    before = partition(at_once)
    assert incremental.update_claims(at_once, rebuild=True).rebuilt
    assert partition(at_once) == before


# --- speakers merged and split ------------------------------------------------------------------

PRESSURE = ("Kami banyak mendapat tekanan keras dari pihak-pihak asing dan terutama Eropa, mereka menghendaki pasal yang "
            "larang LGBT itu dicabut dan kami menolak")
PRESSURE_REWORDED = ("Dalam pembahasan itu kami mendapat tekanan dari pihak asing, terutama Eropa, yang ingin pasal "
                     "larangan LGBT dihapus")


def pressure_reports() -> list[tuple[Article, list[Quote]]]:
    """One statement in two outlets, the second attributing it to someone else."""
    reports = []
    for n, (outlet, speaker, text) in enumerate([("Kompas.com", "Bambang Soesatyo", PRESSURE),
                                                 ("tempo.co", "Fadli Zon", PRESSURE_REWORDED)]):
        article = Article(text=f"“{text},” kata {speaker}.", source=f"pressure-{n}", outlet=outlet,
                          published="2019-09-20", url=f"https://gold.test/pressure-{n}")
        reports.append((article, [Quote(1, 1 + len(text), text, "direct", speaker_name=speaker, speaker_type="person")]))
    return reports


def pressure_claim(db) -> set:
    return {members for members in partition(db) if {source for source, _ in members} >= {"pressure-0", "pressure-1"}}


def test_merging_and_splitting_speakers_match_their_quotes_again(reports, tmp_path):
    db = storage.open_database(tmp_path / "speakers.db")
    store(db, reports + pressure_reports())
    incremental.update_claims(db)
    assert not pressure_claim(db)  # two people said it: the speaker evidence keeps the wordings apart
    before = claims_by_id(db)

    identity.merge_speakers(db, "Fadli Zon", "Bambang Soesatyo")
    assert pressure_claim(db)
    assert not incremental.claims_are_stale(db)
    after = claims_by_id(db)
    assert len({claim_id for claim_id, rows in before.items() if after.get(claim_id) != rows}) <= 2
    merged = partition(db)
    assert incremental.update_claims(db, rebuild=True).rebuilt
    assert partition(db) == merged  # what a rebuild makes of the merged speakers

    identity.split_speaker(db, "Fadli Zon")
    assert not pressure_claim(db)
    split = partition(db)
    incremental.update_claims(db, rebuild=True)
    assert partition(db) == split
    assert check_database(db) == []


def test_a_speaker_merge_before_any_claims_leaves_matching_to_the_first_update(tmp_path):
    db = storage.open_database(tmp_path / "no-claims.db")
    store(db, pressure_reports())
    identity.merge_speakers(db, "Fadli Zon", "Bambang Soesatyo")
    assert db["claims"].count == 0 and incremental.claims_are_stale(db)
    assert incremental.update_claims(db).rebuilt and pressure_claim(db)


# --- the command line -------------------------------------------------------------------------

def test_ingest_in_two_runs_makes_the_claims_of_one(tmp_path):
    seeds = sorted(SEEDS.glob("*.txt"))
    runner = CliRunner()
    once, twice = str(tmp_path / "once.db"), str(tmp_path / "twice.db")
    assert runner.invoke(cli, ["ingest", *map(str, seeds), "--db", once]).exit_code == 0
    assert runner.invoke(cli, ["ingest", *map(str, seeds[:2]), "--db", twice]).exit_code == 0
    assert runner.invoke(cli, ["ingest", *map(str, seeds[2:]), "--db", twice]).exit_code == 0
    assert partition(storage.open_database(twice)) == partition(storage.open_database(once))
    assert partition(storage.open_database(once))


def test_match_reports_what_it_did(reports, tmp_path):
    path = tmp_path / "match.db"
    db = storage.open_database(path)
    store(db, reports[:100])
    runner = CliRunner()
    first = runner.invoke(cli, ["match", "--db", str(path)])
    claims = db["claims"].count
    assert first.output.startswith("Recomputed all claims: ")
    assert first.output.endswith(f"\n{claims} claims reported by two or more articles.\n")
    assert runner.invoke(cli, ["match", "--db", str(path)]).output == (
        f"No new quotes since the last update.\n{claims} claims reported by two or more articles.\n")
    store(db, reports[100:])
    update = runner.invoke(cli, ["match", "--db", str(path)]).output
    assert update.startswith("Matched ") and " units reclustered, " in update
    assert runner.invoke(cli, ["match", "--rebuild", "--db", str(path)]).output.startswith("Recomputed all claims: ")


def test_match_refuses_workers_and_scheduler_together(tmp_path):
    result = CliRunner().invoke(cli, ["match", "--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert result.output.endswith("Error: Give --workers or --scheduler, not both: a Dask cluster's size is set "
                                  "where its workers run (dask worker --nworkers N --nthreads 1).\n")


def test_a_speaker_renamed_by_use_has_its_quotes_matched_again(tmp_path):
    """One article glued a word to a name (`Tudingan Bebby`), which also opens another person's
    (`Tudingan Rina`): by that shared word the two count as one person, and their wordings of one
    statement join. When later articles call her `Bebby` five times, she goes by `Bebby`
    (`identity.name_by_use`), which shares no word with `Tudingan Rina`: the claims must follow,
    as a rebuild from the same quotes has them."""
    def report(n, outlet, speaker, text):
        article = Article(text=f"“{text},” kata {speaker}.", source=f"bebby-{n}", outlet=outlet,
                          published="2019-09-20", url=f"https://gold.test/bebby-{n}")
        return article, [Quote(1, 1 + len(text), text, "direct", speaker_name=speaker, speaker_type="person")]

    db = storage.open_database(tmp_path / "renamed.db")
    store(db, [report(0, "Kompas.com", "Tudingan Bebby", PRESSURE), report(1, "tempo.co", "Tudingan Rina",
                                                                           PRESSURE_REWORDED)])
    incremental.update_claims(db)
    assert {"bebby-0", "bebby-1"} <= {source for members in partition(db) for source, _ in members}
    store(db, [report(2 + n, "okezone.com", "Bebby", f"Saya baik-baik saja dan tidak ada masalah nomor {n}")
               for n in range(5)])
    assert db.execute("select name from speakers where id = (select speaker_id from speaker_aliases "
                      "where alias = 'Tudingan Bebby')").fetchone()[0] == "Bebby"
    incremental.update_claims(db)
    rebuilt = storage.open_database(tmp_path / "rebuilt.db")
    store(rebuilt, [report(0, "Kompas.com", "Tudingan Bebby", PRESSURE),
                    report(1, "tempo.co", "Tudingan Rina", PRESSURE_REWORDED)]
          + [report(2 + n, "okezone.com", "Bebby", f"Saya baik-baik saja dan tidak ada masalah nomor {n}")
             for n in range(5)])
    incremental.update_claims(rebuilt)
    assert not {source for members in partition(rebuilt) for source, _ in members} >= {"bebby-0", "bebby-1"}
    assert partition(db) == partition(rebuilt)


def test_claims_of_the_engine_before_the_pair_model_are_rebuilt(at_once, reports, tmp_path):
    """Claim engine 2 (the pair model, canonical wordings) rebuilds the claims engine 1 made, and
    a database's claims follow the shipped pair model: its hash is part of the fingerprint."""
    db = storage.open_database(tmp_path / "engine-1.db")
    store(db, reports)
    incremental.update_claims(db)
    db.execute("update _claimtrack_state set value = ? where name = 'claims_matching'", ["threshold 59.0, claim engine 1"])
    db.conn.commit()
    assert incremental.claims_are_stale(db) and incremental._stored_threshold(db) == THRESHOLD
    assert incremental.update_claims(db).rebuilt
    assert partition(db) == partition(at_once)
    assert incremental.engine_fingerprint(THRESHOLD) == (f"threshold {THRESHOLD}, claim engine 2, "
                                                         f"pair model {incremental._model_hash()}")
