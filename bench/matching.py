"""Claim matching at scale: time and peak memory as the corpus grows, against all-pairs rapidfuzz,
and on 1 vs 2 workers, in one run.

    .venv/bin/python bench/matching.py [--db CLICKID.db] [--sizes 100000,300000] [--samples 1000,2000,4000]
                                       [--workers 2] [--skip engines,...]

(a) **CLICK-ID**: the quotes of the 22k CLICK-ID articles, from a database made by `claimtrack
    ingest` (``--db``; made there first, by `claimtrack ingest`, when the file does not exist:
    about 5 minutes). Timed three ways: the claim engine's steps (stems, candidates + scores,
    joining; what `rebuild_claims` computes), `matching.cluster` in one call, and `rebuild_claims`
    itself, reading the quotes and writing claims, pairs and the claim index.
(b) **generated**: ``--sizes`` quotes made by ``bench/make_quotes_db.generate(claims=True)`` (real
    CLICK-ID sentences, each statement reported by 1-5 outlets over three days, reworded, about
    4,000 quotes a day so that a larger corpus spans more days), through the same steps; time per
    1,000 quotes shows how cost grows.
(c) **all pairs**: ``rapidfuzz.process.cdist`` over ``--samples`` CLICK-ID units with the
    rapidfuzz part of the pair score (``token_set_ratio``, and ``partial_ratio`` for longer
    wordings) on normalised text, one thread, next to the claim engine on the same sample;
    extrapolated to full size as n². The engine's full pair score costs more per pair than
    rapidfuzz alone: its measured cost per pair, times all pairs, is printed too.
(d) **engines**: the candidate step of (a) in this process, on ``--workers`` processes and on a
    Dask LocalCluster of ``--workers`` single-threaded processes; the scored pairs must be equal.
(f) **against another engine** (with ``--old-engine PATH``, a checkout of claimtrack as it was,
    e.g. ``git worktree add ../claimtrack-old 598f511``): the claim engine's steps on the CLICK-ID
    quotes by this code and by that checkout's (its own ``bench/matching.py``, with
    ``PYTHONPATH=PATH``), ``--repeat`` times each, alternating, in one run: the ratios of time and
    peak memory. ``--old-db``: a copy of ``--db`` for that checkout, where its schema differs.
(e) **incremental** (with ``--incremental``, about 10 minutes more): the CLICK-ID articles and their
    quotes stored again, in order, into a fresh database, with `update_claims` every
    `ingest.CLAIMS_UPDATE_EVERY` articles as `claimtrack ingest` runs it; then `rebuild_claims`
    on the same database, and how far the two sets of claims agree.

Every measurement runs in its own child process; "peak" is that child's peak resident memory
(``ru_maxrss``) and "input" its resident memory once the units are built, so peak - input is what
matching itself holds. The machine's other jobs slow everything alike: read the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_ARTICLES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "clickid_news" / "articles.jsonl"
DEFAULT_DB = Path(tempfile.gettempdir()) / "claimtrack-bench" / "clickid.db"
MIB = 1024 * 1024
# All pairs are counted "similar" from this rapidfuzz score (0-100): the old engine's threshold.
ALL_PAIRS_SIMILAR = 59


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / MIB


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def clickid_units(db_path: Path) -> tuple[int, list]:
    """The quotes of the database and their claim units, numbered as a rebuild numbers them."""
    from claimtrack import matching, storage

    db = storage.open_database(db_path)
    return db["quotes"].count, matching.quote_units(db)


def generated_units(quotes: int, articles: Path) -> tuple[int, list]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from make_quotes_db import generate, sentences

    from claimtrack import matching

    units, quote_id = [], 0
    for article in generate(sentences(articles), quotes, claims=True):
        for quote in article["quotes"]:
            quote_id += 1
            units += matching.split_units({"id": quote_id, "article_id": article["number"] + 1,
                                           "speaker_name": quote["speaker_name"], "published": article["published"],
                                           "start": quote["start"], "text": quote["text"]})
    return quote_id, units


def engine_steps(units: list) -> dict:
    """The claim engine's steps on ``units``, timed: what `rebuild_claims` computes."""
    from claimtrack import matching

    timings, started, cpu = {}, time.perf_counter(), time.process_time()
    corpus = matching.ScoringCorpus(units, matching.content_stems_of(unit.text for unit in units))
    timings["stems_s"] = time.perf_counter() - started
    started = time.perf_counter()
    _ = corpus.index  # the rare keys of every unit and the inverted index, timed apart from the pairs
    timings["index_s"] = time.perf_counter() - started
    started = time.perf_counter()
    pairs, scored = corpus.scored_block(0, 1)
    timings["candidates_and_scores_s"] = time.perf_counter() - started
    started = time.perf_counter()
    claims = matching.join_scored_pairs(units, scored, corpus.scorer)
    timings["join_s"] = time.perf_counter() - started
    timings["seconds"] = sum(timings.values())
    return {**timings, "cpu_s": time.process_time() - cpu, "pairs": pairs, "pairs_kept": len(scored),
            "claims": len(claims)}


def all_pairs(units: list) -> dict:
    """rapidfuzz.process.cdist of every unit against every other with the pair score's rapidfuzz part."""
    import numpy as np
    from rapidfuzz import fuzz, process

    from claimtrack import matching

    texts = [matching.normalise(unit.text) for unit in units]
    started = time.perf_counter()
    token_set = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, dtype=np.uint8, workers=1)
    long = [text if len(text) >= 30 else "" for text in texts]
    partial = process.cdist(long, long, scorer=fuzz.partial_ratio, dtype=np.uint8, workers=1)
    similar = int(((np.maximum(token_set, partial) >= ALL_PAIRS_SIMILAR).sum() - len(units)) // 2)
    return {"seconds": time.perf_counter() - started, "pairs": len(units) * (len(units) - 1) // 2,
            "pairs_at_threshold": similar}


def run_task(args: argparse.Namespace) -> dict:
    """One measurement, in this (child) process."""
    from claimtrack import matching, storage

    task, size = args.task, args.size
    if task == "engines":
        return engines(args)
    if task == "incremental":
        return incremental(args)
    if task == "rebuild":
        db = storage.open_database(args.db)
        started = time.perf_counter()
        update = matching.update_claims(db, rebuild=True)
        return {"seconds": time.perf_counter() - started, "quotes": db["quotes"].count, "units": update.new_units,
                "pairs": update.pairs_scored, "claims": update.claims, "peak_mib": peak_mib()}
    quotes, units = generated_units(size, args.articles) if task == "generated" else clickid_units(args.db)
    if task == "allpairs":
        units = random.Random(size).sample(units, size)
    before = rss_mib()
    if task == "allpairs":
        result = {"all_pairs": all_pairs(units), "engine": engine_steps(units)}
    elif task == "cluster":
        started = time.perf_counter()
        result = {"claims": len(matching.cluster(units)), "seconds": time.perf_counter() - started}
    else:
        result = engine_steps(units)
    return {**result, "quotes": quotes, "units": len(units), "input_mib": before, "peak_mib": peak_mib()}


def engines(args: argparse.Namespace) -> dict:
    from distributed import LocalCluster

    from claimtrack import matching
    from claimtrack.matching.engines import score_candidates

    quotes, units = clickid_units(args.db)
    corpus = matching.ScoringCorpus(units, matching.content_stems_of(unit.text for unit in units))
    found, timings = {}, {}
    runs = [("this process", {}), (f"{args.workers} processes", {"workers": args.workers})]
    for name, engine in runs:
        fresh = matching.ScoringCorpus(corpus.units, corpus.stems)  # nothing computed yet, as in a rebuild
        started = time.perf_counter()
        found[name] = score_candidates(fresh, min_units=0, **engine)
        timings[name] = time.perf_counter() - started
    name = f"Dask LocalCluster, {args.workers} processes"
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        fresh = matching.ScoringCorpus(corpus.units, corpus.stems)
        started = time.perf_counter()
        found[name] = score_candidates(fresh, scheduler=cluster.scheduler_address, min_units=0)
        timings[name] = time.perf_counter() - started
    reference = (found["this process"][0], sorted(found["this process"][1]))
    same = {name: (pairs, sorted(scored)) == reference for name, (pairs, scored) in found.items()}
    return {"quotes": quotes, "units": len(units), "seconds": timings, "identical": same, "pairs": reference[0],
            "peak_mib": peak_mib()}


def incremental(args: argparse.Namespace) -> dict:
    """The CLICK-ID quotes stored again into a fresh database with claim updates as ingest makes
    them (the ingest pipeline, `claimtrack.ingest.store_stream`, given the stored quotes instead of
    extracting again), then a rebuild of the same database."""
    import itertools
    from collections import defaultdict

    from claimtrack import ingest, matching, storage
    from claimtrack.articles import Article
    from claimtrack.records import Quote

    source = storage.open_database(args.db)
    db = storage.open_database(Path(tempfile.mkdtemp(prefix="claimtrack-incremental-")) / "claims.db")
    fields = list(Quote.__dataclass_fields__)
    articles = source.query("select articles.*, outlets.name as outlet from articles "
                            "left join outlets on outlets.id = articles.outlet_id order by articles.id")
    extracted = ((Article(text=row["text"], source=row["source"], outlet=row["outlet"], published=row["published"],
                          url=row["url"], title=row["title"]),
                  [Quote(**{f: quote[f] for f in fields})
                   for quote in source.query("select * from quotes where article_id = ? order by id", [row["id"]])])
                 for row in articles)

    class Steps(ingest.Watcher):
        """Each claims update timed, and the time spent storing."""

        def __init__(self) -> None:
            self.steps, self.stored, self.updating, self.began = [], 0, 0.0, 0.0

        def item(self, item, result) -> None:
            self.stored += result is not None

        def claims_starting(self, added: int) -> None:
            self.began = time.perf_counter()

        def claims_done(self, update) -> None:
            seconds = time.perf_counter() - self.began
            self.updating += seconds
            self.steps.append({"articles": self.stored, "seconds": seconds, "new_units": update.new_units,
                               "pairs": update.pairs_scored, "reclustered": update.reclustered_units,
                               "rebuilt": update.rebuilt, "claims": update.claims})

    steps = Steps()
    started = time.perf_counter()
    ingest.store_stream(extracted, db, watcher=steps)
    storing = time.perf_counter() - started - steps.updating  # reading the source database included

    def claims() -> set[frozenset]:
        members = defaultdict(set)
        for claim_id, quote_id, start in db.execute("select claim_id, quote_id, start from claim_members"):
            members[claim_id].add((quote_id, start))
        return {frozenset(m) for m in members.values()}

    def together(found: set[frozenset]) -> set[frozenset]:
        return {frozenset(pair) for members in found for pair in itertools.combinations(members, 2)}

    updated = claims()
    started = time.perf_counter()
    rebuild = matching.update_claims(db, rebuild=True)
    rebuild_seconds = time.perf_counter() - started
    rebuilt = claims()
    pairs_updated, pairs_rebuilt = together(updated), together(rebuilt)
    return {"quotes": db["quotes"].count, "units": rebuild.new_units, "storing_s": storing, "steps": steps.steps,
            "rebuild_s": rebuild_seconds, "rebuild_pairs": rebuild.pairs_scored, "claims_updated": len(updated),
            "claims_rebuilt": len(rebuilt), "claims_same": len(updated & rebuilt),
            "pair_agreement": len(pairs_updated & pairs_rebuilt) / max(1, len(pairs_updated | pairs_rebuilt)),
            "peak_mib": peak_mib()}


def child(task: str, args: argparse.Namespace, size: int = 0, engine: Path | None = None) -> dict:
    """One measurement in a child process: of this code, or of the checkout ``engine``."""
    script = engine / "bench" / "matching.py" if engine else Path(__file__)
    env = {**os.environ, "PYTHONPATH": str(engine)} if engine else None
    db = (args.old_db or args.db) if engine else args.db
    command = [sys.executable, str(script), "--task", task, "--size", str(size), "--db", str(db),
               "--articles", str(args.articles), "--workers", str(args.workers)]
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode:
        raise SystemExit(f"{task} {size} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ensure_database(args: argparse.Namespace) -> None:
    if args.db.exists():
        return
    args.db.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {args.db} with: claimtrack ingest {args.articles} (once; later runs reuse it)", flush=True)
    claimtrack = Path(sys.executable).parent / "claimtrack"
    subprocess.run([str(claimtrack), "ingest", str(args.articles), "--db", str(args.db)], check=False,
                   stdout=subprocess.DEVNULL)


def per_1k(result: dict) -> str:
    return f"{1000 * result['seconds'] / result['quotes']:6.3f} s per 1k quotes"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="CLICK-ID database (made here if missing)")
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--sizes", default="100000,300000", help="generated corpus sizes in quotes (add 1000000)")
    parser.add_argument("--samples", default="1000,2000,4000", help="all-pairs sample sizes in units (add 10000)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip", default="", help="comma-separated: clickid, generated, allpairs, engines")
    parser.add_argument("--incremental", action="store_true", help="also (e): ingest-time updates vs a rebuild")
    parser.add_argument("--old-engine", type=Path, help="also (f): a checkout of another claimtrack to compare with")
    parser.add_argument("--old-db", type=Path, help="with --old-engine, the database it reads (default --db): a copy "
                        "of --db where the two engines' schemas differ, as each opens it with its own migrations")
    parser.add_argument("--repeat", type=int, default=2, help="with --old-engine, runs of each engine")
    parser.add_argument("--task", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.task:
        print(json.dumps(run_task(args)))
        return
    skip = set(filter(None, args.skip.split(",")))
    if not {"clickid", "allpairs", "engines"} <= skip or args.old_engine or args.incremental:
        ensure_database(args)  # only the generated corpora need none
        print(f"CLICK-ID database: {args.db}")
    clickid = None
    if "clickid" not in skip:
        clickid = child("clickid", args)
        print(f"\n(a) CLICK-ID, {clickid['quotes']:,} quotes, {clickid['units']:,} units, "
              f"{clickid['pairs']:,} candidate pairs ({clickid['pairs'] / clickid['units']:.1f} a unit), "
              f"{clickid['claims']:,} claims", flush=True)
        print(f"    claim engine     {clickid['seconds']:7.1f} s  {per_1k(clickid)}  "
              f"(stems {clickid['stems_s']:.1f} s, candidates + scores {clickid['candidates_and_scores_s']:.1f} s, "
              f"join {clickid['join_s']:.1f} s)  peak {clickid['peak_mib']:5.0f} MiB, "
              f"input {clickid['input_mib']:5.0f} MiB")
        one_call = child("cluster", args)
        print(f"    matching.cluster {one_call['seconds']:7.1f} s  {per_1k(one_call)}  "
              f"peak {one_call['peak_mib']:5.0f} MiB, input {one_call['input_mib']:5.0f} MiB", flush=True)
        rebuild = child("rebuild", args)
        print(f"    rebuild_claims   {rebuild['seconds']:7.1f} s  {per_1k(rebuild)}  "
              f"peak {rebuild['peak_mib']:5.0f} MiB (reads quotes, writes claims, pairs and the claim index)",
              flush=True)
    sizes = [int(size) for size in args.sizes.split(",") if size] if "generated" not in skip else []
    generated = []
    if sizes:
        print("\n(b) generated corpora (statements reported by 1-5 outlets, reworded; ~4,000 quotes a day)")
    for size in sizes:
        result = child("generated", args, size)
        generated.append(result)
        print(f"    {result['quotes']:>9,} quotes {result['units']:>9,} units {result['pairs']:>10,} pairs "
              f"({result['pairs'] / result['units']:.1f} a unit) {result['seconds']:7.1f} s  {per_1k(result)} "
              f"(CPU {result['cpu_s']:.0f} s; stems {result['stems_s']:.0f} s, rare keys + index "
              f"{result['index_s']:.0f} s, candidates + scores {result['candidates_and_scores_s']:.0f} s, "
              f"join {result['join_s']:.0f} s)  peak {result['peak_mib']:6.0f} MiB, input {result['input_mib']:6.0f} "
              f"MiB, matching {result['peak_mib'] - result['input_mib']:6.0f} MiB", flush=True)
    if len(generated) > 1:
        first, last = generated[0], generated[-1]
        growth = (last["seconds"] / first["seconds"]) / (last["quotes"] / first["quotes"])
        print(f"    {last['quotes'] / first['quotes']:.0f}x the quotes took {last['seconds'] / first['seconds']:.1f}x "
              f"the time: {growth:.2f}x the time per quote (1.00 = linear)")
    samples = [int(size) for size in args.samples.split(",") if size] if "allpairs" not in skip else []
    if samples:
        print("\n(c) all pairs (rapidfuzz.process.cdist, token_set_ratio + partial_ratio, 1 thread) "
              "vs the claim engine, on samples of CLICK-ID units")
    last_sample = None
    for size in samples:
        result = child("allpairs", args, size)
        last_sample = result
        everything, ours = result["all_pairs"], result["engine"]
        print(f"    {size:>6,} units: all pairs {everything['seconds']:7.1f} s ({everything['pairs']:,} pairs, "
              f"{everything['pairs_at_threshold']:,} at the threshold); engine {ours['seconds']:6.2f} s "
              f"({ours['pairs']:,} candidate pairs); engine / all pairs = "
              f"{ours['seconds'] / everything['seconds']:.3f}", flush=True)
    if last_sample and clickid:
        size = last_sample["units"]
        per_pair = last_sample["all_pairs"]["seconds"] / last_sample["all_pairs"]["pairs"]
        scored = clickid["candidates_and_scores_s"] / max(1, clickid["pairs"])
        for name, units, engine_seconds in [("CLICK-ID", clickid["units"], clickid["seconds"])] + [
                (f"{g['quotes']:,} generated quotes", g["units"], g["seconds"]) for g in generated]:
            pairs = units * (units - 1) / 2
            print(f"    extrapolated to {name} ({units:,} units, {pairs:,.0f} pairs): all-pairs rapidfuzz "
                  f"{per_pair * pairs / 3600:8.1f} h, all pairs with the engine's pair score "
                  f"{scored * pairs / 3600:8.1f} h; the engine took {engine_seconds / 60:.1f} min")
        print(f"    (cost per pair: rapidfuzz cdist {per_pair * 1e6:.2f} us, measured on {size:,} units; "
              f"the engine's pair score {scored * 1e6:.1f} us, measured on CLICK-ID)")
    if "engines" not in skip:
        result = child("engines", args)
        print(f"\n(d) candidates + scores of CLICK-ID ({result['units']:,} units, {result['pairs']:,} pairs), "
              "including sending the units and building the index in each worker")
        baseline = result["seconds"]["this process"]
        for name, seconds in result["seconds"].items():
            print(f"    {name:36} {seconds:7.1f} s  speed-up {baseline / seconds:4.2f}x  "
                  f"{'identical pairs and scores' if result['identical'][name] else 'DIFFERENT'}")

    if args.old_engine:
        compare_engines(args)

    if args.incremental:
        result = child("incremental", args)
        steps = result["steps"]
        print(f"\n(e) CLICK-ID re-stored ({result['quotes']:,} quotes, {result['units']:,} units), claims updated "
              f"every {steps[0]['articles']:,} articles as ingest does (storing took {result['storing_s']:.0f} s)")
        for step in steps:
            kind = "first update = rebuild" if step["rebuilt"] else "incremental"
            print(f"    after {step['articles']:>6,} articles: {step['seconds']:6.1f} s  "
                  f"{step['new_units']:>6,} new units, {step['pairs']:>7,} pairs scored, "
                  f"{step['reclustered']:>6,} units reclustered  ({kind})")
        total = sum(step["seconds"] for step in steps)
        print(f"    all updates {total:.1f} s, {sum(step['pairs'] for step in steps):,} pairs scored; a rebuild of "
              f"the same database {result['rebuild_s']:.1f} s, {result['rebuild_pairs']:,} pairs scored")
        print(f"    claims: {result['claims_updated']:,} updated, {result['claims_rebuilt']:,} rebuilt, "
              f"{result['claims_same']:,} identical; pairs of members put together: "
              f"{100 * result['pair_agreement']:.1f}% the same; peak {result['peak_mib']:.0f} MiB")


def compare_engines(args: argparse.Namespace) -> None:
    """(f): the claim engine's steps on CLICK-ID by this code and by ``--old-engine``, alternating."""
    runs: dict[str, list[dict]] = {"this engine": [], "old engine": []}
    print(f"\n(f) the claim engine on CLICK-ID against {args.old_engine}, {args.repeat} runs each, alternating",
          flush=True)
    for _ in range(args.repeat):
        for name, engine in (("this engine", None), ("old engine", args.old_engine)):
            result = child("clickid", args, engine=engine)
            runs[name].append(result)
            print(f"    {name:12} {result['seconds']:7.1f} s  peak {result['peak_mib']:5.0f} MiB  "
                  f"(stems {result['stems_s']:.1f} s, candidates + scores {result['candidates_and_scores_s']:.1f} s, "
                  f"join {result['join_s']:.1f} s; {result['units']:,} units, {result['pairs']:,} candidate pairs, "
                  f"{result['pairs_kept']:,} kept, {result['claims']:,} claims)", flush=True)
    new, old = runs["this engine"], runs["old engine"]
    time_ratio = statistics.median(r["seconds"] for r in new) / statistics.median(r["seconds"] for r in old)
    memory_ratio = max(r["peak_mib"] for r in new) / max(r["peak_mib"] for r in old)
    print(f"    this engine / old engine: time {time_ratio:.2f}x (medians), peak memory {memory_ratio:.2f}x")


if __name__ == "__main__":
    main()
