"""Keeping the stored claims current as quotes are stored: the claim engine on the database.

:func:`update_claims` indexes the quotes stored since its last run (their claim units and stems,
and the units per candidate key and day), finds the stored units they are candidates of through
the postings of the keys rare in their date windows, and recomputes only the claims those touch.
:func:`match_quotes_again` does the same for stored quotes whose speaker changed (a merge, a
split, a speaker renamed by use). :func:`rebuild_claims` recomputes everything from the quotes;
it runs by itself the first time, and when the claim engine or the threshold changed since the
claims were built (``_claimtrack_state`` records both, :func:`engine_fingerprint`).

The rules are those of :mod:`claimtrack.matching`; the rows are read and written through
:mod:`claimtrack.storage.claims`.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass
from functools import cache, cached_property

import sqlite_utils

from claimtrack.matching import candidates
from claimtrack.matching.candidates import (
    UNDATED,
    CandidateIndex,
    StemCalendar,
    candidate_keys,
    day_number,
    rare_keys,
    sharing_enough,
    still_candidates,
)
from claimtrack.matching.clustering import Claim, ScoringCorpus, default_threshold, join_scored_pairs
from claimtrack.matching.model import MODEL_PATH
from claimtrack.matching.scoring import PairScorer, content_stems, content_stems_of, idf_weights
from claimtrack.matching.units import ClaimUnit, split_units
from claimtrack.storage import claims as rows
from claimtrack.storage.articles import latest_article, latest_quote
from claimtrack.storage.schema import set_state, state, writing

CLAIM_METHOD = "pair-model:canonical-wording"
# Quotes matched per transaction by `update_claims`: what bounds its memory, however much was stored.
CLAIM_CHUNK_QUOTES = 5_000
# The claim engine's version: claims built by another version, or with another threshold, are
# rebuilt rather than mixed with new ones. Raise it whenever a change to the matching rules, the
# language data they read or the stored index changes which claims come out; moving code does not.
# (A retrained pair model changes the fingerprint by itself: `engine_fingerprint`.)
# 2: a learned pair model's probabilities, claims joined under a canonical wording.
ENGINE_VERSION = 2


@dataclass
class ClaimUpdate:
    """What one `update_claims` did. ``pairs_scored`` and ``reclustered_units`` are its work: the
    candidate pairs scored (each has a new unit in it) and the units whose claims were recomputed
    (the new ones, the stored ones they scored the threshold with, and the other members of those
    units' claims). A rebuild scores every candidate pair and reclusters every unit."""

    rebuilt: bool = False
    new_units: int = 0
    candidate_units: int = 0
    pairs_scored: int = 0
    reclustered_units: int = 0
    claims_replaced: int = 0
    claims_written: int = 0
    claims: int = 0


def engine_fingerprint(threshold: float) -> str:
    """What ``_claimtrack_state.claims_matching`` records: the threshold, the engine's version and
    the pair model's (a hash of its file)."""
    return f"threshold {float(threshold)}, claim engine {ENGINE_VERSION}, pair model {_model_hash()}"


@cache
def _model_hash() -> str:
    return hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()[:12]


def _built_by_this_engine(db: sqlite_utils.Database, threshold: float) -> bool:
    return state(db, rows.MATCHING) == engine_fingerprint(threshold)


def _stored_threshold(db: sqlite_utils.Database) -> float:
    """The threshold the stored claims were built with, when this engine built them; else the
    model's (another engine's threshold is on another scale)."""
    built = state(db, rows.MATCHING)
    if built and built.partition(", ")[2] == engine_fingerprint(0).partition(", ")[2]:
        return float(built.split(",")[0].removeprefix("threshold "))
    return default_threshold()


def claims_are_stale(db: sqlite_utils.Database) -> bool:
    """Whether quotes were stored since claims were last matched (e.g. after an interrupted ingest),
    or the claims were built by another engine."""
    through = state(db, rows.MATCHED_THROUGH)
    return (through is None or int(through) < latest_quote(db)
            or not _built_by_this_engine(db, _stored_threshold(db)))


def _record_matched(db: sqlite_utils.Database, through: int, threshold: float) -> None:
    set_state(db, rows.MATCHED_THROUGH, str(through))
    set_state(db, rows.MATCHING, engine_fingerprint(threshold))
    set_state(db, rows.BUILT_FOR, str(latest_article(db)))


# --- a rebuild ----------------------------------------------------------------------------------

def rebuild_claims(db: sqlite_utils.Database, *, threshold: float | None = None, workers: int = 1,
                   scheduler: str | None = None) -> int:
    """Recompute every claim and the claim index from the stored quotes, in one transaction;
    returns how many claims.

    Candidate pairs are found and scored in this process, or, with ``workers`` > 1 or a Dask
    ``scheduler``, by :func:`claimtrack.matching.engines.score_candidates` when the corpus is large enough
    to gain from it; the claims are the same.
    """
    return _rebuild(db, default_threshold() if threshold is None else threshold, workers, scheduler).claims


def quote_units(db: sqlite_utils.Database) -> list[ClaimUnit]:
    """The claim units of every stored quote, numbered as a rebuild numbers them."""
    return [unit for row in rows.quotes_for_units(db) for unit in split_units(row)]


def _rebuild(db: sqlite_utils.Database, threshold: float, workers: int, scheduler: str | None) -> ClaimUpdate:
    with writing(db):
        through = latest_quote(db)
        units = quote_units(db)
        outlet_of = rows.outlets_of_articles(db)
        corpus = ScoringCorpus(units, content_stems_of(unit.text for unit in units))
        if workers > 1 or scheduler:
            from claimtrack.matching.engines import score_candidates  # processes or Dask: only when asked for

            pairs, scored = score_candidates(corpus, threshold=threshold, workers=workers,
                                                      scheduler=scheduler)
        else:
            pairs, scored = corpus.scored_block(0, 1, threshold=threshold)
        claims = join_scored_pairs(units, scored, corpus.scorer, threshold=threshold)
        rows.clear(db)
        stems = corpus.stems
        del corpus  # its index and scores; the postings stored hold every rare key, one unit's too (a
        # later unit may share it), which the index leaves out
        ids, days = _insert_units(db, units)
        _count_all_keys(db, units, stems, days)
        rows.insert_postings(db, ((key, day, i) for i, day, unit_rare in zip(ids, days, rare_keys(units, stems),
                                                                              strict=True) for key in unit_rare))
        _store_pairs(db, scored, ids)
        _write_claims(db, claims, {(u.quote_id, u.start): i for u, i in zip(units, ids, strict=True)}, outlet_of)
        _record_matched(db, through, threshold)
    return ClaimUpdate(rebuilt=True, new_units=len(units), pairs_scored=pairs, reclustered_units=len(units),
                       claims_written=len(claims), claims=len(claims))


def _insert_units(db: sqlite_utils.Database, units: list[ClaimUnit]) -> tuple[list[int], list[int]]:
    """Store units with their days (not their stems: :func:`_load_units` makes them again from the
    text); returns their ids and days."""
    first = rows.next_unit_id(db)
    ids = list(range(first, first + len(units)))
    days = [day_number(unit.published) for unit in units]
    rows.insert_units(db, ((i, u.quote_id, u.start, u.end, day) for i, u, day in zip(ids, units, days, strict=True)))
    return ids, days


def _count_all_keys(db: sqlite_utils.Database, units: list[ClaimUnit], stems: list[frozenset[str]],
                    days: list[int]) -> None:
    """Store the counts per candidate key and day of a whole corpus (into empty tables), one day at
    a time: a corpus's keys at once would not fit in memory."""
    on_day = defaultdict(list)
    for number, day in enumerate(days):
        on_day[day].append(number)
    for day, numbers in on_day.items():
        rows.insert_day_counts(db, day, Counter(key for n in numbers for key in candidate_keys(units[n], stems[n])))


def _store_pairs(db: sqlite_utils.Database, scored: list[tuple[float, int, int]], ids: list[int]) -> None:
    rows.store_pairs(db, ((ids[i], ids[j], score) if ids[i] < ids[j] else (ids[j], ids[i], score)
                          for score, i, j in scored))


def _write_claims(db: sqlite_utils.Database, claims: list[Claim], unit_ids: dict[tuple[int, int], int],
                  outlet_of: dict[int, int | None], previous: dict[int, int] | None = None) -> None:
    """Insert claims and their members. ``previous`` maps a unit id to the claim it was in before:
    a recomputed claim keeps the smallest id of the claims its members come from."""
    previous = previous or {}
    taken: set[int] = set()
    next_id = max(rows.latest_claim(db), *previous.values(), 0) + 1
    for claim in claims:
        ids = (previous.get(unit_ids[(u.quote_id, u.start)]) for u, _ in claim.members)
        claim_id = min((i for i in ids if i is not None and i not in taken), default=None)
        if claim_id is None:
            claim_id, next_id = next_id, next_id + 1
        taken.add(claim_id)
        canonical = claim.canonical
        rows.insert_claim(
            db, claim_id, speaker_name=claim.speaker_name, statement=claim.statement,
            canonical_unit_id=unit_ids[(canonical.quote_id, canonical.start)],
            outlets=len({outlet_of[u.article_id] for u, _ in claim.members}),
            members=[(u.quote_id, u.article_id, u.start, u.end, u.text, round(probability, 4), CLAIM_METHOD,
                      unit_ids[(u.quote_id, u.start)]) for u, probability in claim.members])


# --- an update ----------------------------------------------------------------------------------

def update_claims(db: sqlite_utils.Database, *, rebuild: bool = False, threshold: float | None = None,
                  workers: int = 1, scheduler: str | None = None,
                  chunk_quotes: int = CLAIM_CHUNK_QUOTES) -> ClaimUpdate:
    """Match the quotes stored since the last update against the stored claims.

    New quotes are taken ``chunk_quotes`` at a time, each chunk in one transaction. Their units
    join the index; their candidates among all stored units come from the postings of their rare
    stems, by the candidate rule of :mod:`claimtrack.matching` (shared rare stems, another article,
    close in time), and are scored with the stem weights of the whole index. The stored units
    that score the threshold with a new one, the other members of their claims and the new units
    are then joined again, from their stored pairs and the new ones, by
    :func:`claimtrack.matching.join_scored_pairs`. Claims no new unit reaches are left as they are,
    ids included; a recomputed claim keeps the smallest id of the claims it is made from.

    The claims are those of :func:`rebuild_claims` up to the order of the work: a stored pair keeps
    the score it had when it was found, though its words may have become commoner since, and a unit
    kept out of a claim is not offered again to candidates outside the claims being recomputed.
    With ``rebuild``, and at the first update or one after the claim engine or ``threshold``
    changed, everything is recomputed by :func:`rebuild_claims` (``workers`` and ``scheduler`` are
    for that). ``threshold`` defaults to the one the stored claims were built with.
    """
    threshold = _stored_threshold(db) if threshold is None else threshold
    if rebuild or state(db, rows.MATCHED_THROUGH) is None or not _built_by_this_engine(db, threshold):
        return _rebuild(db, threshold, workers, scheduler)
    update = ClaimUpdate()
    while True:
        with writing(db):
            through = int(state(db, rows.MATCHED_THROUGH))
            new = rows.quotes_for_units(db, after=through, limit=chunk_quotes)
            if not new:
                break
            _match_new_quotes(db, new, threshold, update)
            _record_matched(db, new[-1]["id"], threshold)
    update.claims = rows.claim_count(db)
    return update


@dataclass(frozen=True)
class _StoredUnit:
    id: int
    unit: ClaimUnit
    stems: frozenset[str]
    outlet_id: int | None

    @property
    def order(self) -> tuple[int, int]:
        """Where a rebuild numbers the unit: ties between equal scores are broken the same way."""
        return self.unit.quote_id, self.unit.start

    @property
    def day(self) -> int:
        return day_number(self.unit.published)

    @cached_property
    def keys(self) -> frozenset[str]:
        """Made once: an update reads them twice (a chunk's units, then with their candidates)."""
        return candidate_keys(self.unit, self.stems)


def _load_units(db: sqlite_utils.Database, unit_ids: Iterable[int]) -> dict[int, _StoredUnit]:
    loaded = {}
    for row in rows.unit_rows(db, unit_ids):
        unit = ClaimUnit(row["quote_id"], row["article_id"], row["speaker_name"] or "", row["published"],
                         row["start"], row["end"], row["text"], row["named_as"] or "", row["kind"] or "")
        loaded[row["unit_id"]] = _StoredUnit(row["unit_id"], unit, content_stems(unit.text), row["outlet_id"])
    return loaded


def _match_new_quotes(db: sqlite_utils.Database, quotes: list[dict], threshold: float, update: ClaimUpdate) -> None:
    """One chunk of `update_claims`, inside its transaction."""
    new_units = [unit for row in quotes for unit in split_units(row)]
    if not new_units:
        return
    new_stems = [content_stems(unit.text) for unit in new_units]
    new_ids, lost_a_stem = _index_units(db, new_units, new_stems)
    # Stored pairs that a stem made common since takes out of the candidates leave their claims.
    uncoupled = _drop_former_candidates(db, lost_a_stem)
    outlet_of_article = {row["article_id"]: row["outlet_id"] for row in quotes}
    new = {i: _StoredUnit(i, u, s, outlet_of_article[u.article_id])
           for i, u, s in zip(new_ids, new_units, new_stems, strict=True)}
    _match_units(db, new, uncoupled, threshold, update)
    update.new_units += len(new_ids)


def _stem_calendar(db: sqlite_utils.Database, keys: Iterable[str], days: Iterable[int]) -> StemCalendar:
    """The stored units per candidate key and day that the rarity of ``keys`` is counted from, for
    units of ``days`` and of the days within ``DATE_WINDOW_DAYS`` of them: the counts in all, and
    of the days their windows reach and of undated units (every day when one of ``days`` is
    undated). Only the keys in more than ``MAX_STEM_DF`` units in all have their days read: a key
    in fewer is in fewer in every window, rare whatever the day (`StemCalendar.rare`), and most
    keys are, so that reading their days would hold most of an update's memory for nothing. The
    days read are those of the windows of ``days``, not every day between the first and the last
    (a chunk of an archive not in date order spans months)."""
    days = set(days)
    window = candidates.DATE_WINDOW_DAYS
    if UNDATED in days or not days:
        reached = None
    else:
        reached = {UNDATED} | {day + offset for day in days for offset in range(-2 * window, 2 * window + 1)}
    calendar = StemCalendar()
    calendar.total.update(rows.key_counts(db, set(keys)))
    common = [key for key, units in calendar.total.items() if units > candidates.MAX_STEM_DF]
    for key, day, units in rows.key_day_counts(db, common, reached):
        calendar.by_day[key][day] = units
    return calendar


def _add_counts(db: sqlite_utils.Database, keys: list[frozenset[str]], days: list[int]) -> set[str]:
    """Add units' candidate keys (with their days) to the stored counts per key and day and in all,
    one day at a time: a calendar of every key of a chunk by day held much of an update's memory.
    Returns the keys."""
    on_day = defaultdict(list)
    for unit_keys, day in zip(keys, days, strict=True):
        on_day[day].append(unit_keys)
    every_key = set()
    for day, day_keys in on_day.items():
        counts = Counter(key for unit_keys in day_keys for key in unit_keys)
        rows.add_key_counts(db, day, counts)
        every_key.update(counts)
    return every_key


def _index_units(db: sqlite_utils.Database, units: list[ClaimUnit],
                 stems: list[frozenset[str]]) -> tuple[list[int], set[int]]:
    """Add units to the index: their rows, their counts per candidate key and day, and postings
    for the keys rare in their date windows. New units make their keys commoner in every window
    they fall in: the postings of a key that is no longer rare in a stored unit's window are
    deleted, as a rebuild would not make them. Returns the new units' ids and the stored units
    that lost a posting."""
    ids, days = _insert_units(db, units)
    keys = [candidate_keys(unit, unit_stems) for unit, unit_stems in zip(units, stems, strict=True)]
    calendar = _stem_calendar(db, _add_counts(db, keys, days), days)
    became_common = _keys_become_common(calendar, keys, days)
    lost_a_key = set()
    for key, day in became_common:
        lost_a_key.update(rows.posted_units(db, key, day))
    rows.delete_postings(db, became_common)
    rows.insert_postings(db, ((key, day, i) for i, unit_keys, day in zip(ids, keys, days, strict=True)
                              for key in calendar.rare(unit_keys, day)))
    return ids, lost_a_key


def _keys_become_common(calendar: StemCalendar, keys: list[frozenset[str]], days: list[int]) -> list[tuple[str, int]]:
    """The (key, stored day) whose window the new units' ``keys`` of ``days`` took past
    ``MAX_STEM_DF`` units: postings that a rebuild would no longer make."""
    window, limit = candidates.DATE_WINDOW_DAYS, candidates.MAX_STEM_DF
    # Only a key in more than MAX_STEM_DF units in all can have become common in a window.
    common = {key for key, count in calendar.total.items() if count > limit}
    added = StemCalendar.of((unit_keys & common for unit_keys in keys), days)
    became_common = []
    for key, added_days in added.by_day.items():
        stored_days = calendar.by_day.get(key, {})  # none read for a key rare in every window
        if UNDATED in added_days:  # an undated unit is in every window
            reached = set(stored_days)
        else:
            reached = {day for added_day in added_days for day in range(added_day - window, added_day + window + 1)
                       if day in stored_days} | ({UNDATED} & stored_days.keys())
        for day in reached:
            now = calendar.window_count(key, day)
            if now > limit >= now - added.window_count(key, day):
                became_common.append((key, day))
    return became_common


def _drop_former_candidates(db: sqlite_utils.Database, unit_ids: set[int]) -> set[int]:
    """Delete the stored pairs of ``unit_ids`` that are no longer candidates (the keys they shared
    have since become common in their windows), as a rebuild would not find them; returns the
    units of those pairs."""
    pairs = rows.pairs_of(db, unit_ids)
    paired = _load_units(db, {unit for pair in pairs for unit in pair})
    keys = {unit_id: candidate_keys(stored.unit, stored.stems) for unit_id, stored in paired.items()}
    # Only the keys a pair shares can keep it a candidate: the calendar counts those, not every
    # key of every unit paired (which grew with the claims).
    shared = {(a, b): keys[a] & keys[b] for a, b in pairs}
    del keys
    calendar = _stem_calendar(db, {key for pair_keys in shared.values() for key in pair_keys},
                              {stored.day for stored in paired.values()})
    former = [(a, b) for (a, b), pair_keys in shared.items()
              if not still_candidates(calendar.rare(pair_keys, paired[a].day),
                                      calendar.rare(pair_keys, paired[b].day))]
    rows.delete_pairs(db, former)
    return {unit for pair in former for unit in pair}


def _stored_candidates(db: sqlite_utils.Database, queried: list[tuple[tuple[str, ...], int]],
                       leave_out: Container[int]) -> set[int]:
    """Stored units (but those in ``leave_out``) that share enough keys with one of ``queried``
    (its rare keys and its day) in its date window: the candidate rule's first conditions,
    answered by the postings alone. The queried units of one day are answered together, from the
    postings of their window only: those of a chunk's keys over all its days grew with the
    stored units (a chunk of an archive not in date order spans months)."""
    window = candidates.DATE_WINDOW_DAYS
    on_day: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    for rare, day in queried:
        on_day[day].append(rare)
    found = set()
    for day, rares in sorted(on_day.items()):
        reach = None if day == UNDATED else (day - window, day + window)  # an undated unit's window is every day
        postings: dict[str, list[int]] = defaultdict(list)
        for key, unit_id in rows.postings_near(db, {key for rare in rares for key in rare}, reach):
            if unit_id not in leave_out:
                postings[key].append(unit_id)
        for rare in rares:
            found |= sharing_enough((unit_id, key) for key in rare for unit_id in postings[key])
    return found


def _match_units(db: sqlite_utils.Database, queried: dict[int, _StoredUnit], uncoupled: set[int], threshold: float,
                 update: ClaimUpdate) -> None:
    """Find the candidates of the ``queried`` units (new ones, or stored ones whose speaker
    changed) among all stored units, score them, and recompute the claims they reach and those of
    the ``uncoupled`` units, which lost a pair."""
    total = rows.unit_count(db)
    known, pairs, scored, counts = _score_candidates(db, queried, threshold, total)
    joined = {unit_id for _, i, j in scored for unit_id in (i, j)} - queried.keys()

    # Those stored units' claims, and the claims that lost a pair, are recomputed with the queried
    # units, from their stored pairs, scored again with today's stem weights (as a rebuild scores
    # them: the new units made some words commoner).
    claim_of = rows.claims_of_units(db, joined | uncoupled)
    known.update(_load_units(db, (uncoupled | claim_of.keys()) - known.keys()))
    stored_ids = (joined | uncoupled | claim_of.keys()) - queried.keys()
    stored_pairs = [(a, b) for _, a, b in rows.scored_pairs_from(db, stored_ids) if b in stored_ids]
    affected = sorted((known[i] for i in {*queried, *stored_ids}), key=lambda stored: stored.order)
    number = {stored.id: n for n, stored in enumerate(affected)}
    counts.update(rows.key_counts(db, {s for stored in affected for s in stored.stems} - counts.keys()))
    units, stems = [s.unit for s in affected], [s.stems for s in affected]
    scorer = PairScorer(units, stems, idf_weights(counts, total), total)
    numbered = []
    for probability, a, b in scored:
        i, j = sorted((number[a], number[b]))
        scorer.scores[(i, j)] = probability
        numbered.append((probability, i, j))
    rescored = [(scorer(*sorted((number[a], number[b]))), a, b) for a, b in stored_pairs]
    numbered += [(probability, *sorted((number[a], number[b]))) for probability, a, b in rescored
                 if probability >= threshold]
    claims = join_scored_pairs(units, numbered, scorer, threshold=threshold)

    replaced = sorted(set(claim_of.values()))
    rows.delete_claims(db, replaced)
    rows.delete_pairs(db, [(a, b) for probability, a, b in rescored if probability < threshold])
    _store_pairs(db, [(probability, number[a], number[b]) for probability, a, b in [*scored, *rescored]
                      if probability >= threshold], [stored.id for stored in affected])
    _write_claims(db, claims, {stored.order: stored.id for stored in affected},
                  {stored.unit.article_id: stored.outlet_id for stored in affected}, claim_of)
    update.candidate_units += len({unit for pair in pairs for unit in pair} - queried.keys())
    update.pairs_scored += len(pairs)
    update.reclustered_units += len(affected)
    update.claims_replaced += len(replaced)
    update.claims_written += len(claims)


def _score_candidates(db: sqlite_utils.Database, queried: dict[int, _StoredUnit], threshold: float, total: int
                      ) -> tuple[dict[int, _StoredUnit], set[tuple[int, int]], list[tuple[float, int, int]],
                                 dict[str, int]]:
    """The stored candidates of the ``queried`` units and their scores: the units known so far
    (queried and candidates, by id), the candidate pairs (by unit id), those scoring
    ``threshold`` or more as ``(score, unit id, unit id)``, and the counts of the stems read."""
    known = dict(queried)
    # Stored units sharing enough rare stems with a queried one in its window (the candidate rule's
    # first conditions, answered by the postings alone), then the whole rule on them and the queried.
    calendar = _stem_calendar(db, {key for stored in queried.values() for key in stored.keys},
                              {stored.day for stored in queried.values()})
    queried_rare = {unit_id: calendar.rare(stored.keys, stored.day) for unit_id, stored in queried.items()}
    sharing = _stored_candidates(db, [(queried_rare[unit_id], stored.day) for unit_id, stored in queried.items()],
                                 known)
    known.update(_load_units(db, sharing))
    local = sorted(known.values(), key=lambda stored: stored.order)
    # A pair has a queried unit in it, and is found by that unit's rare keys: a candidate's other
    # keys are not looked up, so its rare keys are counted among the queried ones only, on the
    # calendar read for the queried units (whose reach covers the windows of their candidates,
    # within DATE_WINDOW_DAYS of them). A calendar of every key of every candidate held most of
    # an update's memory, more as the stored units of a window grow.
    found_by = {key for rare in queried_rare.values() for key in rare}
    local_units, local_stems = [s.unit for s in local], [s.stems for s in local]
    index = CandidateIndex(local_units, [
        queried_rare[stored.id] if stored.id in queried_rare
        else calendar.rare(candidate_keys(stored.unit, stored.stems) & found_by, stored.day)
        for stored in local])
    pairs = index.candidates_of([n for n, stored in enumerate(local) if stored.id in queried], later_only=False)
    del index
    # Weights of the stems only (what pairs are scored with), not of every candidate key.
    counts = rows.key_counts(db, {s for unit_stems in local_stems for s in unit_stems})
    del calendar
    scored = PairScorer(local_units, local_stems, idf_weights(counts, total), total).at_least(pairs, threshold)
    return (known, {(local[i].id, local[j].id) for i, j in pairs},
            [(score, local[i].id, local[j].id) for score, i, j in scored], counts)


def match_quotes_again(db: sqlite_utils.Database, quote_ids: Iterable[int]) -> None:
    """Match stored quotes again after their speaker changed (speaker evidence is part of a pair's
    score): their pairs are scored anew, and the claims they were in, and those they now reach,
    are recomputed. Nothing to do while the claims are due for a rebuild (never built, or by
    another engine), or for quotes not matched yet: their turn comes with the next update."""
    threshold = _stored_threshold(db)
    if not _built_by_this_engine(db, threshold):
        return
    unit_ids = rows.units_of_quotes(db, quote_ids)
    if not unit_ids:
        return
    queried = _load_units(db, unit_ids)
    former = rows.pairs_of(db, unit_ids)
    rows.delete_pairs(db, former)
    uncoupled = {unit for pair in former for unit in pair} | unit_ids  # their claims are recomputed
    _match_units(db, queried, uncoupled, threshold, ClaimUpdate())
