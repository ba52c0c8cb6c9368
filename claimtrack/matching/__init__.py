"""Matching the same claim across outlets: one statement per claim.

A quote is split into statement-sized units (its sentences, and the clauses of a sentence that
say something else: ``units``), each keeping its offsets into the article. Matching never
compares all pairs:

1. **Candidates** come from an inverted index of the units' rare *keys* (`candidate_keys`): their
   Indonesian stems (Sastrawi), each two stems that follow each other (`jangan+banyak-banyak`),
   and each stem with each word of the speaker's name (`shoigu|sanksi`). Rarity is local in
   time (`StemCalendar`): a key is rare for a unit when at most ``MAX_STEM_DF`` units published
   within ``DATE_WINDOW_DAYS`` of it have it (undated units count in every window; an undated
   unit's window is the whole corpus). Two units are compared only when they share
   ``MIN_SHARED_STEMS`` rare stems, or as many rare pairs of stems, or
   ``MIN_SHARED_SPEAKER_KEYS`` rare keys of one speaker word; come from different articles;
   and were published within ``DATE_WINDOW_DAYS`` of each other. A unit reads only the
   postings of its own window, each at most ``MAX_STEM_DF`` long, so its work is bounded
   whatever the size of the corpus: cost grows linearly with the number of units at a given
   number of units a week.
2. **Probabilities**: a learned, calibrated pair model (``model``, trained by
   ``training/claims/train.py`` on the tuning half of the claims gold) turns the features of
   two units (``scoring.pair_features``: rapidfuzz on normalised words, IDF-weighted overlap of
   stems, numbers, names, negation, speakers, kinds, days) into the probability that they state
   one statement.
3. **Claims** are joined from the most probable pair down under a canonical wording: a claim's
   statement is the member of its core that the others most probably state, and every member
   states it with at least ``Joining.member`` (a second unit of one article and kind, with
   ``Joining.second_report``: an article reports a statement once, except as a quote and as
   reported speech; with ``Joining.reported`` where the member or the canonical wording is
   reported speech, ``Joining.unconfirmed`` where the canonical wording's speaker neither confirms
   nor contradicts the member's). A join that no canonical wording allows does not happen, so a chain of
   pairwise matches cannot carry one statement into another; an update joins new units by the
   same rule (``incremental``).

The package, one module a step:

- ``units``        a stored quote cut into statement units with offsets (:class:`ClaimUnit`)
- ``scoring``      pure: normalising, the pair features, :class:`PairScorer`
- ``model``        the pair model shipped in the package, read without scikit-learn
- ``candidates``   the candidate rule: keys, :class:`StemCalendar`, :class:`CandidateIndex`
- ``clustering``   joining pairs into claims under canonical wordings; the engine on a list in memory
- ``incremental``  the engine on the database: :func:`update_claims`, :func:`rebuild_claims`
- ``engines``      a rebuild's candidate step on worker processes or Dask
- ``versions``     the quotes of two versions of one article paired, for what changed
"""

from claimtrack.matching.candidates import (
    DATE_WINDOW_DAYS,
    MAX_STEM_DF,
    MIN_SHARED_SPEAKER_KEYS,
    MIN_SHARED_STEMS,
    CandidateIndex,
    StemCalendar,
    candidate_keys,
    candidate_pairs,
    key_group,
    rare_keys,
    shares_enough,
    sharing_enough,
    still_candidates,
)
from claimtrack.matching.clustering import (
    CANONICAL_CANDIDATES,
    Claim,
    Joining,
    ScoringCorpus,
    cluster,
    cluster_in_parts,
    copied,
    default_threshold,
    join_scored_pairs,
)
from claimtrack.matching.incremental import (
    CLAIM_CHUNK_QUOTES,
    ClaimUpdate,
    claims_are_stale,
    match_quotes_again,
    quote_units,
    rebuild_claims,
    update_claims,
)
from claimtrack.matching.model import ModelError, PairModel, load_model
from claimtrack.matching.scoring import (
    FEATURES,
    IDF_RESOLUTION,
    PairScorer,
    content_stems,
    content_stems_of,
    idf_weights,
    names_in,
    negated,
    normalise,
    number_agreement,
    numbers,
    pair_features,
    pair_probability,
    similarity,
    speaker_agreement,
)
from claimtrack.matching.units import MIN_UNIT_WORDS, UNDATED, ClaimUnit, day_number, split_units
from claimtrack.matching.versions import changed_quotes

__all__ = [
    "CANONICAL_CANDIDATES", "CLAIM_CHUNK_QUOTES", "DATE_WINDOW_DAYS", "FEATURES", "IDF_RESOLUTION", "MAX_STEM_DF",
    "MIN_SHARED_SPEAKER_KEYS", "MIN_SHARED_STEMS", "MIN_UNIT_WORDS", "UNDATED", "CandidateIndex", "Claim",
    "ClaimUnit", "ClaimUpdate", "Joining", "ModelError", "PairModel", "PairScorer", "ScoringCorpus",
    "StemCalendar", "candidate_keys", "candidate_pairs", "changed_quotes", "claims_are_stale", "cluster",
    "cluster_in_parts", "content_stems", "content_stems_of", "copied", "day_number", "default_threshold",
    "idf_weights", "join_scored_pairs", "key_group", "load_model", "match_quotes_again", "names_in", "negated",
    "normalise", "number_agreement", "numbers", "pair_features", "pair_probability", "quote_units", "rare_keys",
    "rebuild_claims", "shares_enough", "sharing_enough", "similarity", "speaker_agreement", "split_units",
    "still_candidates", "update_claims",
]
