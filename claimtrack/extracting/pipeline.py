"""The spaCy pipeline and the functions that run it on articles.

>>> from claimtrack.extracting.pipeline import extract_text
>>> [q.speaker_name for q in extract_text('“Kami siap,” ujar Shoigu.')]
['Shoigu']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from claimtrack.articles import Article
from claimtrack.extracting.components import PIPELINE, TOKENIZER_CONFIG
from claimtrack.extracting.wraps import RAW_TEXT, TEXT
from claimtrack.records import Quote

# Whether the trained NER (claimtrack/models/id_ner) runs by default: only where it was measured
# to help (README, "NER"); `load_pipeline(ner=True)` or `claimtrack evaluate --ner` turn it on.
NER_BY_DEFAULT = False


def load_pipeline(*, ner: bool | None = None) -> Language:
    """A new ``id`` pipeline with claimtrack's components; with ``ner``, the trained Indonesian
    NER runs first and ``doc.ents`` carries PERSON, ORG, GPE and LOC entities that speaker
    resolution uses for name boundaries and speaker types."""
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    if NER_BY_DEFAULT if ner is None else ner:
        from claimtrack.ner import load_ner

        trained = load_ner()
        nlp.vocab.vectors = trained.vocab.vectors  # the tok2vec's gazetteer features (MODEL_CARD.md)
        nlp.add_pipe("tok2vec", source=trained)
        nlp.add_pipe("ner", source=trained)
    for name in PIPELINE:
        nlp.add_pipe(name)
    nlp.memory_zone = _then_adding_exceptions(nlp.memory_zone, nlp.tokenizer)
    return nlp


def _then_adding_exceptions(memory_zone, tokenizer):
    """``nlp.memory_zone`` that, once the zone has ended, adds for good the tokenizer exceptions
    the zone's texts needed (what is allocated inside a zone is freed at its end: see
    :class:`~claimtrack.extracting.components.ExceptionsOnDemand`)."""

    @contextmanager
    def zone(mem=None):
        try:
            with memory_zone(mem) as pool:
                yield pool
        finally:
            tokenizer.add_exceptions_met_in_zones()

    return zone


@cache
def shared_pipeline() -> Language:
    """This process's pipeline, loaded on first use and kept."""
    return load_pipeline()


# A run of at least LONG_RUN marks with no space between them at the edge of a word (`““““…Kami`,
# `siap!!!!…`) is tokenized PIECE_MARKS marks at a time. spaCy splits such marks off a word one by
# one, searching the whole rest of the word for a suffix each time, so that a run cost the square
# of its length: 63 s for 8,000 nested quote marks, seconds for 2,000 `-` or `#`. Each mark is a
# token of its own whether the run is split or not, so the tokens are the same.
LONG_RUN = 64
PIECE_MARKS = 16
_MARK_RUN = re.compile(rf"[^\w\s]{{{LONG_RUN},}}")


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, in time linear in long runs of marks (:data:`LONG_RUN`)."""
    cuts = _cuts(nlp.tokenizer, text)
    if not cuts:
        doc = nlp.make_doc(text)
        if RAW_TEXT not in doc.user_data:  # a tokenizer keeps its text: no need to join every token's again
            doc.user_data[TEXT] = text
        return doc
    bounds = [0, *cuts, len(text)]
    return Doc.from_docs([nlp.make_doc(text[start:end]) for start, end in zip(bounds, bounds[1:], strict=False)],
                         ensure_whitespace=False)


def _cuts(tokenizer: Tokenizer, text: str) -> list[int]:
    """Where to cut ``text`` so that no piece holds more than ``PIECE_MARKS`` marks of a long run
    at a word's edge, inside runs whose marks the tokenizer splits off one at a time only."""
    cuts = []
    for run in _MARK_RUN.finditer(text):
        start, end = run.span()
        at_edge = start == 0 or text[start - 1].isspace() or end == len(text) or text[end].isspace()
        if at_edge and _split_one_by_one(tokenizer, frozenset(run.group())):
            cuts.extend(range(start + PIECE_MARKS, end, PIECE_MARKS))
    return cuts


def _split_one_by_one(tokenizer: Tokenizer, marks: frozenset[str]) -> bool:
    """Whether every mark of ``marks`` is split off on its own as a prefix and as a suffix, next to
    any other of them, and no tokenizer exception (`:((`, `’’`) joins two of them."""
    for first in marks:
        for second in marks:
            prefix, suffix = tokenizer.prefix_search(first + second), tokenizer.suffix_search(first + second)
            if not prefix or prefix.span() != (0, 1) or not suffix or suffix.span() != (1, 2):
                return False
    return not any(first in marks and second in marks for first, second in _joined_by_exceptions(tokenizer))


_EXCEPTION_PAIRS: dict[int, frozenset[tuple[str, str]]] = {}


def _joined_by_exceptions(tokenizer: Tokenizer) -> frozenset[tuple[str, str]]:
    """Every two characters side by side in one of the tokenizer's exceptions."""
    if id(tokenizer) not in _EXCEPTION_PAIRS:
        _EXCEPTION_PAIRS[id(tokenizer)] = frozenset(pair for key in tokenizer.rules
                                                    for pair in zip(key, key[1:], strict=False))
    return _EXCEPTION_PAIRS[id(tokenizer)]


def _doc_for(nlp: Language, article: Article):
    doc = make_doc(nlp, article.text)
    doc._.boilerplate = list(article.boilerplate)
    return doc


def extract(article: Article, nlp: Language | None = None) -> list[Quote]:
    """The quotes of one article, in text order."""
    nlp = nlp or shared_pipeline()
    doc = _doc_for(nlp, article)
    for _, component in nlp.pipeline:
        doc = component(doc)
    return list(doc._.quotes or [])


def extract_text(text: str, nlp: Language | None = None) -> list[Quote]:
    """The quotes of raw text (boilerplate found by the pipeline itself)."""
    nlp = nlp or shared_pipeline()
    return list(nlp(text)._.quotes or [])


def pipe_articles(articles: Iterable[Article], nlp: Language | None = None) -> Iterator[tuple[Article, list[Quote]]]:
    """Extract a stream of articles, yielding each with its quotes."""
    nlp = nlp or shared_pipeline()
    for article in articles:
        yield article, extract(article, nlp)
