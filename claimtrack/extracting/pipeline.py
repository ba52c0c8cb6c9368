"""The spaCy pipeline and the functions that run it on articles.

>>> from claimtrack.extracting.pipeline import extract_text
>>> [q.speaker_name for q in extract_text('“Kami siap,” ujar Shoigu.')]
['Shoigu']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache

import spacy
from spacy.language import Language

from claimtrack.articles import Article
from claimtrack.extracting.components import PIPELINE, TOKENIZER_CONFIG
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


def _doc_for(nlp: Language, article: Article):
    doc = nlp.make_doc(article.text)
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
