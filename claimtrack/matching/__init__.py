"""Matching the same claim across outlets.

A quote is split into claim-sized units (its sentences, each keeping its offsets into the
article). Matching never compares all pairs:

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
   number of units a week. (A count over the whole corpus made fewer stems rare as the corpus
   grew: candidates per unit fell from 1.7 at 100k quotes to 0.3 at 1M, and recall of the
   claims gold inside the 22k CLICK-ID articles was half of what it was on its 190 articles.
   Speaker keys and pairs of stems find the wordings of one statement in a week when its words
   are everybody's words: a debate on new provinces, a forest fire.)
2. **Scores** combine rapidfuzz on normalised words (colloquial spellings written as the
   standard word, `enggak` → `tidak`; ``token_set_ratio`` for rewording around a shared core,
   ``partial_ratio`` for a trimmed quote inside a longer one) with an IDF-weighted Dice overlap
   of stems (paraphrases that share content words but not their form or order), and speaker
   evidence: the same or a compatible name costs nothing (`Ronaldo` / `Cristiano Ronaldo`,
   `Bamsoet` / `Bambang Soesatyo`, a misspelt `Partikno` / `Pratikno`), a speaker that names no
   person (`Kasubbid`, `Teheran`, `KPK`) a little, two different people a lot; and number
   evidence: two wordings that both give numbers and share none (`87.000 penumpang` of
   yesterday, `100.000 penumpang` of the year's target) are rarely one statement.
3. **Clusters** are joined from the best pair down, with an average-link check so that a chain
   of pairwise matches cannot carry one statement into another: two clusters join when their
   best pair reaches the threshold and the mean score between their members from different
   articles is at most ``AVERAGE_LINK_MARGIN`` below it (computed on up to ``LINK_SAMPLE``
   members of each, the first joined: the claim's core). When one side is one article's report,
   each of its members counts its best pair with each article of the other side: a claim holds
   the other sentences of the quotes it is made of, which a paraphrase of one of them is nothing
   like (claims gold c057). A join that would bring a second quote
   of one article into a claim, where the speaker's other statements in the same article are
   the hardest negatives, needs a pair ``SECOND_QUOTE_MARGIN`` above the threshold and a mean
   at the threshold: an article reports a statement once, except when it splits it over two
   quotes or gives it both as a paraphrase and as a quote. So a direct quote and reported speech
   of one article (the units' ``kind``) join as two articles' quotes do.

The package, one module a step:

- ``units``        a stored quote cut into sentence units with offsets (:class:`ClaimUnit`)
- ``scoring``      pure: normalising, similarity, speaker and number evidence, :class:`PairScorer`
- ``candidates``   the candidate rule: keys, :class:`StemCalendar`, :class:`CandidateIndex`
- ``clustering``   joining scored pairs into claims; the whole engine on a list in memory
- ``incremental``  the engine on the database: :func:`update_claims`, :func:`rebuild_claims`
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
    "ClaimUnit", "ClaimUpdate", "Joining", "ModelError", "PairModel", "PairScorer", "ScoringCorpus", "StemCalendar",
    "candidate_keys", "candidate_pairs", "changed_quotes", "claims_are_stale", "cluster", "cluster_in_parts",
    "content_stems", "day_number", "default_threshold", "idf_weights", "join_scored_pairs", "key_group",
    "load_model", "match_quotes_again", "names_in", "negated", "normalise", "number_agreement", "numbers",
    "pair_features", "pair_probability", "quote_units", "rare_keys", "rebuild_claims", "shares_enough",
    "sharing_enough", "similarity", "speaker_agreement", "split_units", "still_candidates", "update_claims",
]
