#!/usr/bin/env python3
"""Score claim matching on the claims gold set, by halves, and say why each missed pair was missed.

`claimtrack evaluate --format claims` gives the pairwise scores of the whole set on a scratch
database of the gold articles. This script gives what tuning needs beside them, from a
database it keeps (the quotes are extracted once; every run matches them again with the
matching code as it is):

- the scores of all claims, of the tuning half and of the held-out half (``split.json``: the
  first-round claims c001-c060 and 35 of the later ones are tuning, 85 later ones are held out;
  see README.md), each half scored on its own claims' members and hard negatives;
- with ``--diagnose``, each missed pair of members put in one class: a member that no claim unit
  covers (extraction never produced it, or produced it as sentences too short to be units), no
  candidate (too few rare stems shared, or too far apart in time), scored below the threshold
  (with the speaker evidence, which shows extraction's wrong speakers), or held back by the
  joining rules (average link, second quote of an article); the classes are counted and
  ``--verbose`` lists the missed pairs for the tuning half only, so that the held-out half is not
  read while tuning;
- with ``--lost``, every tuning-half member no unit covers, with what the extractor made of its
  article around it: the material for improving extraction.

Two corpora: the gold articles alone (``--articles``, made into ``--db`` once), or a database
that holds them among many others (``--db`` of a full ingest: recall inside the 22k CLICK-ID
articles, where rare stems are fewer). Run from the repository root:

    .venv/bin/python gold/claims/evaluate.py --db /tmp/claims-gold.db          # gold articles only
    .venv/bin/claimtrack ingest ../shared/data/clickid_news/articles.jsonl --db /tmp/clickid.db
    .venv/bin/python gold/claims/evaluate.py --db /tmp/clickid.db --diagnose   # inside all 22k

Matching runs in memory (the steps of `rebuild_claims`); the database's stored claims are
neither read nor changed. With ``--stored``, the claims stored in the database are scored
instead, as they are (e.g. as an ingest's incremental updates left them), and nothing is matched.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import sqlite_utils

from claimtrack import evaluation, matching, storage
from claimtrack.matching import incremental

HERE = Path(__file__).resolve().parent
GOLD = HERE / "claims.gold.jsonl"
DEFAULT_ARTICLES = HERE.parents[2] / "shared" / "data" / "clickid_news" / "articles.jsonl"
SPLIT = json.loads((HERE / "split.json").read_text(encoding="utf-8"))  # written by build.py
_TUNE, _HELDOUT = set(SPLIT["tune"]), set(SPLIT["heldout"])
HALVES = {"all": lambda claim: True, "tune": lambda claim: claim in _TUNE, "heldout": lambda claim: claim in _HELDOUT}


def ensure_database(db_path: Path, articles: Path, gold: list[evaluation.GoldSpan]) -> None:
    """Ingest the gold's articles into ``db_path`` unless it exists."""
    if db_path.exists():
        return
    wanted = {span.article_id for span in gold}
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as cited:
        with articles.open(encoding="utf-8") as lines:
            for line in lines:
                if json.loads(line)["id"] in wanted:
                    cited.write(line)
    claimtrack = Path(sys.executable).parent / "claimtrack"
    print(f"building {db_path} from the {len(wanted)} gold articles (once; later runs reuse it)", file=sys.stderr)
    subprocess.run([str(claimtrack), "ingest", cited.name, "--db", str(db_path)], check=True,
                   stdout=subprocess.DEVNULL)
    Path(cited.name).unlink()


def halves_scored(gold: list[evaluation.GoldSpan], predicted: dict,
                  halves: tuple[str, ...] = tuple(HALVES)) -> dict[str, evaluation.ClaimsReport]:
    reports = {}
    for half in halves:
        keep = HALVES[half]
        spans = [span for span in gold if keep(span.claim or span.negative_of)]
        reports[half] = evaluation.score_claims(spans, predicted)
    return reports


def covering(units_of: dict[str, list[int]], units: list[matching.ClaimUnit], span: evaluation.GoldSpan) -> list[int]:
    return [n for n in units_of.get(span.article_id, ()) if units[n].start < span.end and span.start < units[n].end]


def diagnose(gold: list[evaluation.GoldSpan], units: list[matching.ClaimUnit], corpus: matching.ScoringCorpus,
             claims: list[matching.Claim], source_of: dict[int, str], threshold: float) -> list[dict]:
    """Each gold member pair (different articles) the claims do not put together, with its class."""
    units_of: dict[str, list[int]] = defaultdict(list)
    for number, unit in enumerate(units):
        if unit.article_id in source_of:
            units_of[source_of[unit.article_id]].append(number)
    claim_of = {}
    for claim_id, claim in enumerate(claims):
        for unit, _ in claim.members:
            claim_of[(unit.quote_id, unit.start)] = claim_id
    members = [span for span in gold if span.claim]
    missed = []
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if a.claim != b.claim or a.article_id == b.article_id:
                continue
            units_a, units_b = covering(units_of, units, a), covering(units_of, units, b)
            claims_a = {claim_of.get((units[n].quote_id, units[n].start)) for n in units_a} - {None}
            claims_b = {claim_of.get((units[n].quote_id, units[n].start)) for n in units_b} - {None}
            if claims_a & claims_b:
                continue
            found = {"claim": a.claim, "a": a, "b": b}
            if not units_a or not units_b:
                found["why"] = "no unit covers a member"
            else:
                pairs = [(x, y) if x < y else (y, x) for x in units_a for y in units_b if x != y]
                candidates = [pair for pair in pairs if corpus.index.is_candidate(*pair)]
                best = max(pairs, key=lambda pair: corpus.scorer(*pair))
                found.update(score=corpus.scorer(*best), speaker=matching.speaker_agreement(
                    units[best[0]].speaker_name, units[best[1]].speaker_name),
                    speakers=(units[best[0]].speaker_name, units[best[1]].speaker_name),
                    texts=(units[best[0]].text, units[best[1]].text))
                if not candidates:
                    found["why"] = "no candidate"
                elif max(corpus.scorer(*pair) for pair in candidates) < threshold:
                    found["why"] = "below the threshold"
                else:
                    found["why"] = "held back by joining"
            missed.append(found)
    return missed


def lost_members(gold: list[evaluation.GoldSpan], db, units: list[matching.ClaimUnit],
                 source_of: dict[int, str]) -> list[dict]:
    """Gold members no unit covers, with the stored quotes of their article that overlap or are
    near them (what the extractor made of the passage)."""
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for unit in units:
        if unit.article_id in source_of:
            covered[source_of[unit.article_id]].append((unit.start, unit.end))
    records = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for member in record["members"]:
            records[(member["article_id"], member["start"])] = (record, member)
    lost = []
    for span in gold:
        if not span.claim or any(s < span.end and span.start < e for s, e in covered[span.article_id]):
            continue
        if not HALVES["tune"](span.claim):
            continue  # the held-out half is not read while tuning
        record, member = records[(span.article_id, span.start)]
        article = next(db.query("select id, text from articles where source = ? order by version desc limit 1",
                                [span.article_id]))
        quotes = list(db.query("select start, \"end\", kind, speaker_name, text from quotes where article_id = ? "
                               "and start < ? and \"end\" > ? order by start",
                               [article["id"], span.end + 200, span.start - 200]))
        lost.append({"claim": span.claim, "speaker": record["speaker_name"], "kind": member["kind"],
                     "outlet": member["outlet"], "article_id": span.article_id, "start": span.start, "end": span.end,
                     "text": member["text"],
                     "context": article["text"][max(0, span.start - 150) : span.end + 150],
                     "overlapping_quotes": [q for q in quotes if q["start"] < span.end and span.start < q["end"]],
                     "nearby_quotes": [q for q in quotes if not (q["start"] < span.end and span.start < q["end"])]})
    return lost


def print_scores(reports: dict[str, evaluation.ClaimsReport], as_json: bool) -> None:
    if as_json:
        print(json.dumps({half: report.to_dict() for half, report in reports.items()}, indent=2))
        return
    for half, report in reports.items():
        print(f"{half:>7}: P {report.precision:.3f}  R {report.recall:.3f}  F1 {report.f1:.3f}  "
              f"(tp {report.tp}, fp {report.fp}, fn {report.fn}, negatives joined {report.negatives_joined})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "claims-gold.db",
                        help="database holding the gold articles (made from --articles when missing)")
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--threshold", type=float, help="the pair model's probability that joins two wordings "
                        "(default: the shipped model's)")
    parser.add_argument("--diagnose", action="store_true", help="classify every missed pair")
    parser.add_argument("--verbose", action="store_true", help="with --diagnose, list the missed pairs")
    parser.add_argument("--half", choices=["tune"], default="tune",
                        help="with --verbose, the half whose missed pairs are listed (only the tuning half is)")
    parser.add_argument("--scores", choices=["all", "tune"], default="all",
                        help="which halves to score: all three, or the tuning half alone (while tuning, so that "
                        "the held-out half is not scored again)")
    parser.add_argument("--lost", type=Path, help="write the members no unit covers, as JSON Lines, to this file")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--stored", action="store_true", help="score the claims stored in --db; match nothing")
    args = parser.parse_args()

    halves = tuple(HALVES) if args.scores == "all" else ("tune",)
    gold = evaluation.read_claims_gold(args.gold)
    ensure_database(args.db, args.articles, gold)
    if args.stored:
        stored = sqlite_utils.Database(args.db)  # as it is: not migrated
        predicted = defaultdict(list)
        for source, start, end, claim_id in stored.execute(
                'select articles.source, claim_members.start, claim_members."end", claim_members.claim_id '
                "from claim_members join articles on articles.id = claim_members.article_id"):
            predicted[source].append((start, end, claim_id))
        print_scores(halves_scored(gold, predicted, halves), args.json)
        return
    db = storage.open_database(args.db)
    source_of = {row["id"]: row["source"] for row in db.query("select id, source from articles")}
    missing = {span.article_id for span in gold} - set(source_of.values())
    if missing:
        raise SystemExit(f"{len(missing)} gold articles are not in {args.db}, e.g. {sorted(missing)[0]}; "
                         f"ingest {args.articles} into it or give another --db.")
    units = incremental.quote_units(db)
    args.threshold = matching.default_threshold() if args.threshold is None else args.threshold
    corpus = matching.ScoringCorpus(units, [matching.content_stems(unit.text) for unit in units])
    pair_count, scored = corpus.scored_block(0, 1, threshold=args.threshold)
    claims = matching.join_scored_pairs(units, scored, corpus.scorer, threshold=args.threshold)
    predicted: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for claim_id, claim in enumerate(claims):
        for unit, _ in claim.members:
            predicted[source_of[unit.article_id]].append((unit.start, unit.end, claim_id))
    if not args.json:
        print(f"{len(units):,} units, {pair_count:,} candidate pairs ({pair_count / max(1, len(units)):.2f} a unit), "
              f"{len(claims):,} claims")
    print_scores(halves_scored(gold, predicted, halves), args.json)
    if args.diagnose:
        missed = diagnose(gold, units, corpus, claims, source_of, args.threshold)
        classes = Counter(m["why"] for m in missed if HALVES["tune"](m["claim"]))
        print(" tune missed pairs: " + ", ".join(f"{why} {n}" for why, n in classes.most_common()))
        if args.verbose:
            listed = [m for m in missed if HALVES[args.half](m["claim"])]
            for m in sorted(listed, key=lambda m: (m["why"], m["claim"])):
                line = f"{m['claim']} {m['why']}"
                if "score" in m:
                    line += f" probability {m['score']:.3f} (speaker {m['speaker']}: {m['speakers'][0]!r} / " \
                            f"{m['speakers'][1]!r})\n    {m['texts'][0]!r}\n    {m['texts'][1]!r}"
                print(line)
    if args.lost:
        with args.lost.open("w", encoding="utf-8") as out:
            for member in lost_members(gold, db, units, source_of):
                out.write(json.dumps(member, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
