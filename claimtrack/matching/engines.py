"""The candidate step of a claims rebuild on worker processes or a Dask cluster.

:func:`score_candidates` runs the costly step of rebuilding claims on the engines of
:mod:`claimtrack.parallel`: each worker receives the claim units and their stems once, builds the
rare-stem index itself, and finds and scores the candidate pairs of interleaved blocks of units
(every ``blocks``-th unit), returning the pairs that reach the threshold; clustering stays with the
writer. The pairs are those found in one process, so the claims are too. Every block comes back
with the worker's code fingerprint (:func:`claimtrack.parallel.code_fingerprint`), as an
extraction batch does.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from claimtrack.matching.clustering import ScoringCorpus, default_threshold
from claimtrack.parallel import (
    _checked,
    _connect,
    _distributed,
    _task_slots,
    check_engine,
    code_fingerprint,
    die_with_parent,
)

# Below this many claim units, scoring candidates in this process is quicker than starting workers
# and sending them the units (a few seconds); rebuilding the claims of 22,000 articles is 110,000 units.
MATCH_ENGINE_MIN_UNITS = 20_000
# Blocks of units per worker slot: several, so that a slot that finishes early takes another.
MATCH_BLOCKS_PER_SLOT = 4


def score_candidates(
    corpus: ScoringCorpus,
    *,
    threshold: float | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    min_units: int = MATCH_ENGINE_MIN_UNITS,
) -> tuple[int, list[tuple[float, int, int]]]:
    """How many candidate pairs ``corpus`` has, and ``(probability, i, j)`` for those of
    probability ``threshold`` or more (by default the pair model's): what
    :meth:`claimtrack.matching.ScoringCorpus.scored_block` gives for
    the whole corpus, found block by block on ``workers`` processes or the workers of a Dask
    ``scheduler``; in this process when there are fewer than ``min_units`` units.

    >>> from claimtrack.matching import ClaimUnit, content_stems
    >>> texts = ["Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia", "Sanksi terhadap Rusia dan Iran sia-sia"]
    >>> units = [ClaimUnit(n, n, "Shoigu", "2023-09-20", 0, len(t), t) for n, t in enumerate(texts)]
    >>> pairs, scored = score_candidates(ScoringCorpus(units, [content_stems(t) for t in texts]))
    >>> pairs, [(i, j) for _, i, j in scored]
    (1, [(0, 1)])
    """
    check_engine(workers, scheduler)
    threshold = default_threshold() if threshold is None else threshold
    if len(corpus.units) < min_units or (workers == 1 and not scheduler):
        return corpus.scored_block(0, 1, threshold=threshold)
    if scheduler:
        return _match_on_dask(_distributed("Matching"), corpus, scheduler, threshold, code_fingerprint())
    return _match_on_processes(corpus, workers, threshold, code_fingerprint())


_CORPUS: ScoringCorpus | None = None  # a matching worker process's corpus, sent once


def _receive_corpus(corpus: ScoringCorpus, parent: int) -> None:
    die_with_parent(parent)
    global _CORPUS
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CORPUS = corpus


def _score_block_of_received(block: int, blocks: int, threshold: float) -> tuple[str, tuple[int, list]]:
    return code_fingerprint(), _CORPUS.scored_block(block, blocks, threshold=threshold)


def _score_block(corpus: ScoringCorpus, block: int, blocks: int, threshold: float) -> tuple[str, tuple[int, list]]:
    return code_fingerprint(), corpus.scored_block(block, blocks, threshold=threshold)


def _merged(results: Iterable[tuple[str, tuple[int, list]]], fingerprint: str) -> tuple[int, list]:
    pairs, scored = 0, []
    for result in results:
        found, block_scored = _checked(result, fingerprint, work="scored claim candidates", run="a rebuild",
                                       then="rebuild the claims again (claimtrack match --rebuild)")
        pairs += found
        scored += block_scored
    return pairs, scored


def _match_on_processes(corpus: ScoringCorpus, workers: int, threshold: float, fingerprint: str) -> tuple[int, list]:
    blocks = MATCH_BLOCKS_PER_SLOT * workers
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=_receive_corpus,
                             initargs=(corpus, os.getpid())) as executor:
        futures = [executor.submit(_score_block_of_received, block, blocks, threshold) for block in range(blocks)]
        return _merged((future.result() for future in futures), fingerprint)


def _match_on_dask(distributed, corpus: ScoringCorpus, scheduler: str, threshold: float,
                   fingerprint: str) -> tuple[int, list]:
    client = _connect(distributed, scheduler)
    try:
        blocks = MATCH_BLOCKS_PER_SLOT * _task_slots(client, scheduler)
        [shared] = client.scatter([corpus], broadcast=True, hash=False)
        futures = [client.submit(_score_block, shared, block, blocks, threshold, pure=False) for block in range(blocks)]
        return _merged(client.gather(futures), fingerprint)
    finally:
        client.close()
