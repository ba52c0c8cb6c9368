"""The tokenizer adds its hyphenated-word exceptions on demand (claimtrack.extracting.components
.ExceptionsOnDemand) and must tokenize every text exactly as spaCy's tokenizer with all 15,963
exceptions loaded up front: same token texts, spaces, norms and offsets."""

import itertools
import json
import pickle

import pytest
from spacy.tokenizer import Tokenizer

from claimtrack.extracting.components import _HYPHENATED_WORD, ExceptionsOnDemand
from claimtrack.extracting.wraps import unwrapped

from .conftest import ROOT, SEEDS

CLICKID = ROOT.parent / "shared" / "data" / "clickid_news" / "articles.jsonl"

# Where an exception can act: a whole chunk, after a prefix or before a suffix, inside a longer
# chunk split by infixes (the final matcher pass), and as tokens with spaces between them.
EDGE_CASES = [
    "abu-abu (abu-abu) “abu-abu,” abu-abu. Abu-Abu ABU-ABU Abu-abu",
    "Rpabu-abu USDkata-kata abu-abu/ibu-ibu anak-anak/bapak-bapak",
    "kata-katanya kata-kata-nya kata-kataku anak-anak-mu",
    "abu - abu, abu -abu, abu- abu, abu\n-\nabu, abu  -  abu",
    "JAKARTA - Presiden Joko Widodo menyapa ibu-ibu - bapak-bapak di Kupang.",
    "x-y-z, bertiras-tiras, pull-up, e-mail, COVID-19, 2019-2020, Al-Qur'an.",
    "ibu-ibu,”Kami siap,” kata.,Anak-anak\u200b-ibu",
]


class _Unwrapping:
    """A tokenizer reading hard-wrapped lines as claimtrack's does (``wraps.unwrapped``)."""

    def __init__(self, tokenizer: Tokenizer):
        self.tokenizer, self.rules = tokenizer, tokenizer.rules

    def __call__(self, text: str):
        return self.tokenizer(unwrapped(text))


def _full_tokenizer(tokenizer: ExceptionsOnDemand) -> _Unwrapping:
    """spaCy's tokenizer with every exception (and claimtrack's reading of hard wraps)."""
    return _Unwrapping(Tokenizer(tokenizer.vocab, rules=tokenizer.rules, prefix_search=tokenizer.prefix_search,
                                 suffix_search=tokenizer.suffix_search, infix_finditer=tokenizer.infix_finditer,
                                 token_match=tokenizer.token_match, url_match=tokenizer.url_match))


@pytest.fixture(scope="module")
def tokenizers(nlp):
    from claimtrack.extracting import load_pipeline

    lazy = load_pipeline().tokenizer  # a pipeline of its own: no exception added yet
    assert isinstance(lazy, ExceptionsOnDemand)
    return lazy, _full_tokenizer(lazy)


def _tokens(doc) -> list[tuple[str, str, str, int]]:
    return [(token.text, token.whitespace_, token.norm_, token.idx) for token in doc]


def _texts() -> list[str]:
    texts = list(EDGE_CASES) + [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    for gold in sorted((ROOT / "gold").glob("*-dev/*.gold.jsonl")):
        with gold.open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    if CLICKID.exists():  # CI and the team's machines; a user's clone has the texts above
        with CLICKID.open(encoding="utf-8") as handle:
            texts += [json.loads(line)["content"] for line in itertools.islice(handle, 400)]
    return texts


def test_tokens_are_those_of_the_tokenizer_with_every_exception(tokenizers):
    lazy, full = tokenizers
    texts = _texts()
    different = [text[:80] for text in texts if _tokens(lazy(text)) != _tokens(full(text))]
    assert not different, different
    assert len(lazy.rules) == len(full.rules) == 15_963


def test_inside_memory_zones_too_and_after_them(tokenizers):
    """Ingest tokenizes each batch inside a memory zone, where nothing can be added for good: the
    texts are tokenized the same, and the exceptions they needed are added once the zone ends."""
    from claimtrack.extracting import load_pipeline

    _, full = tokenizers
    expected = {text: _tokens(full(text)) for text in _texts()[:120]}
    nlp = load_pipeline()
    waiting = len(nlp.tokenizer._on_demand)
    for text in expected:
        with nlp.memory_zone():
            assert _tokens(nlp.tokenizer(text)) == expected[text], text[:80]
    assert len(nlp.tokenizer._on_demand) < waiting and not nlp.tokenizer._met_in_zones
    different = [text[:80] for text in expected if _tokens(nlp.tokenizer(text)) != expected[text]]
    assert not different, different


def test_chunks_met_in_two_zones_are_kept_and_tokenized_the_same(tokenizers):
    """The chunks of text met in a second memory zone are tokenized for good after it (word forms
    in the vocabulary, splits in spaCy's cache): later zones read them from there, and tokenize
    every text as the tokenizer with every exception does, also once exceptions were added."""
    from claimtrack.extracting import load_pipeline

    _, full = tokenizers
    expected = {text: _tokens(full(text)) for text in _texts()[:120]}
    nlp = load_pipeline()
    with nlp.memory_zone():
        nlp.tokenizer("Menurutnya, kebijakan itu tepat.")
    assert "kebijakan" not in nlp.vocab  # met in one zone: freed with it
    for _ in range(2):
        for text in expected:
            with nlp.memory_zone():
                assert _tokens(nlp.tokenizer(text)) == expected[text], text[:80]
    assert "kebijakan" in nlp.vocab and "Menurutnya" in nlp.vocab
    assert nlp.tokenizer._kept and nlp.tokenizer._cached
    different = [text[:80] for text in expected if _tokens(nlp.tokenizer(text)) != expected[text]]
    assert not different, different


def test_an_exception_is_added_only_for_a_text_that_has_its_letters(nlp):
    from claimtrack.extracting import load_pipeline

    tokenizer = load_pipeline().tokenizer
    waiting = len(tokenizer._on_demand)
    assert [t.text for t in tokenizer("Kata-kata itu.")] == ["Kata-kata", "itu", "."]
    assert waiting - len(tokenizer._on_demand) == 1
    assert [t.text for t in tokenizer("kupu - kupu")] == ["kupu", "-", "kupu"]
    assert "kupu-kupu" not in tokenizer._on_demand  # a matcher pass over spaced tokens could use it


def test_every_on_demand_exception_splits_only_at_hyphens_without_it(tokenizers):
    """What lets the tokenizer look for an exception only around a hyphen: without the exception,
    its string falls apart at its hyphens and nowhere else, so spaced tokens can match it only
    where the spaces stand next to a hyphen."""
    lazy, _ = tokenizers
    bare = Tokenizer(lazy.vocab, rules={}, prefix_search=lazy.prefix_search, suffix_search=lazy.suffix_search,
                     infix_finditer=lazy.infix_finditer, token_match=lazy.token_match, url_match=lazy.url_match)
    on_demand = [key for key in lazy.rules if _HYPHENATED_WORD.fullmatch(key)]
    assert len(on_demand) == 15_573
    broken = []
    for key in on_demand:
        pieces = [token.text for token in bare(key)]
        cuts = list(itertools.accumulate(len(piece) for piece in pieces))[:-1]
        if any(key[cut - 1] != "-" and key[cut] != "-" for cut in cuts):
            broken.append((key, pieces))
    assert not broken, broken[:20]


def test_the_tokenizer_serialises_with_every_exception(tokenizers):
    lazy, full = tokenizers
    copy = pickle.loads(pickle.dumps(lazy))
    assert isinstance(copy, ExceptionsOnDemand) and copy.rules == full.rules
    restored = Tokenizer(lazy.vocab).from_bytes(lazy.to_bytes(exclude=["vocab"]), exclude=["vocab"])
    assert restored.rules == full.rules
    assert _tokens(restored(EDGE_CASES[1])) == _tokens(full(EDGE_CASES[1]))
