"""claimtrack's spaCy components, registered with ``@Language.factory``.

The pipeline on ``spacy.blank("id")`` runs, in order:

``claimtrack_boilerplate_v1``  marks site furniture (``doc.spans["boilerplate"]``)
``claimtrack_quote_marks_v1``  pairs quote marks into quoted regions (``doc._.quote_regions``)
``claimtrack_sentences_v1``    sentence boundaries that respect paragraphs and never cut a quote
``claimtrack_quotes_v1``       quotes with cue and speaker mention (``doc._.quotes``)
``claimtrack_speakers_v1``     speaker names resolved (``doc.spans["quotes"]``, ``span._.quote``)

They are exposed through the ``spacy_factories`` entry point so a saved pipeline loads anywhere.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from claimtrack import lexicon
from claimtrack.articles import find_boilerplate
from claimtrack.extracting import attribution, mentions
from claimtrack.extracting.quote_marks import find_regions, paragraphs
from claimtrack.extracting.wraps import unwrapped
from claimtrack.speakers import in_article

SENTENCE_END = ".!?"
CLOSERS = ("”", '"', "’", ")", "]", "''")
# CLICK-ID text glues paragraphs together with commas (`ucapnya.,Kemal`, `2019).,,Dikarenakan`,
# `lah.,”Kami`); these rules make such a comma a token of its own, so that paragraph and
# sentence starts fall on token boundaries.
_EXTRA_PREFIXES = (r",",)
# Invisible format characters (U+200B-U+200F, U+2060, U+FEFF) are tokens of their own, and so is
# a quote mark right after one (`Baca juga:,,\u200e"Itu`).
_FORMAT_CHARS = "\u200b-\u200f\u2060\ufeff"
_EXTRA_INFIXES = (r"(?<=[.!?)\]”\"’':]),+", r",(?=[“”\"‘]|'')", f"[{_FORMAT_CHARS}]", f"(?<=[{_FORMAT_CHARS}])[“”\"‘]")


# Where a Doc whose text was unwrapped keeps the raw text (``doc.user_data``).
RAW_TEXT = "claimtrack.raw_text"


def raw_text(doc: Doc) -> str:
    """The text the Doc was made from, hard wraps and all (``doc.text`` reads them as spaces)."""
    return doc.user_data.get(RAW_TEXT, doc.text)


@registry.tokenizers("claimtrack.tokenizer.v1")
def make_tokenizer():
    """spaCy's Indonesian tokenizer that also splits the paragraph-joining commas of scraped text
    off the words around them, and reads hard-wrapped lines as one (``wraps.unwrapped``: a wrap is
    a space in ``doc.text``, the raw text stays in ``doc.user_data``, offsets are the same). Built
    once with these rules: changing a built tokenizer's prefix or infix rules makes spaCy reload
    every tokenizer exception, seconds per pipeline."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    class UnwrappingTokenizer(Tokenizer):
        def __call__(self, text: str) -> Doc:
            plain = unwrapped(text)
            doc = super().__call__(plain)
            if plain is not text:
                doc.user_data[RAW_TEXT] = text
            return doc

    def create(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        return UnwrappingTokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=compile_prefix_regex([*defaults.prefixes, *_EXTRA_PREFIXES]).search,
            suffix_search=compile_suffix_regex(defaults.suffixes).search,
            infix_finditer=compile_infix_regex([*defaults.infixes, *_EXTRA_INFIXES]).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return create


TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "claimtrack.tokenizer.v1"}}}


def _set_extensions() -> None:
    if not Doc.has_extension("boilerplate"):
        Doc.set_extension("boilerplate", default=None)
    if not Doc.has_extension("quote_regions"):
        Doc.set_extension("quote_regions", default=None)
    if not Doc.has_extension("quotes"):
        Doc.set_extension("quotes", default=None)
    if not Span.has_extension("quote"):
        Span.set_extension("quote", default=None)


_set_extensions()


class _Component:
    """Shared plumbing: per-document error handling so one bad document does not sink a batch."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.lexicon = lexicon.load(nlp.lang)
        self._error_handler: Callable | None = None

    def set_error_handler(self, handler: Callable) -> None:
        self._error_handler = handler

    def get_error_handler(self) -> Callable:
        if self._error_handler is None:
            from spacy.util import raise_error

            return raise_error
        return self._error_handler

    def __call__(self, doc: Doc) -> Doc:
        try:
            self.process(doc)
        except Exception as error:  # noqa: BLE001 - handed to spaCy's error handler
            self.get_error_handler()(self.name, self, [doc], error)
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)

    def process(self, doc: Doc) -> None:
        raise NotImplementedError


class BoilerplateMarker(_Component):
    def process(self, doc: Doc) -> None:
        if doc._.boilerplate is None:  # an Article may have set it already
            doc._.boilerplate = find_boilerplate(doc.text)
        spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in doc._.boilerplate]
        doc.spans["boilerplate"] = [span for span in spans if span is not None]


class QuoteMarkPairer(_Component):
    def process(self, doc: Doc) -> None:
        doc._.quote_regions = find_regions(doc.text, skip=doc._.boilerplate or [])


class SentenceSplitter(_Component):
    """Sentences end after . ! ? (and any closing marks) before an upper-case word or an opening
    mark, at every paragraph break, but never inside a quoted region or after an abbreviation."""

    def process(self, doc: Doc) -> None:
        text = doc.text
        inside = numpy.zeros(len(text) + 1, dtype=bool)
        for region in doc._.quote_regions or []:
            inside[region.open_at + region.open_width : region.outer_end - region.close_width] = True
        # Each Token object is made once: indexing a Doc makes a new one every time.
        tokens = list(doc)
        # The first token at or after each paragraph's start opens a sentence.
        first_tokens = set()
        starts = sorted(start for start, _ in paragraphs(text))
        position = 0
        for token in tokens:
            while position < len(starts) and starts[position] <= token.idx:
                first_tokens.add(token.i)
                position += 1
        # Token.is_sent_start's setter walks the whole Doc on every call (quadratic in article
        # length): decide every boundary first, then set them all at once with from_array.
        # SENT_START is 1 for a start, -1 (stored as uint64) for not a start.
        starts_at = numpy.full((len(doc), 1), numpy.iinfo(numpy.uint64).max, dtype="uint64")
        abbreviations = self.lexicon.sentence_abbreviations
        titles = self.lexicon.titles
        for i, token in enumerate(tokens):
            if i == 0 or i in first_tokens:
                starts_at[i, 0] = 1
                continue
            p = i - 1
            while p > 0 and tokens[p].is_space:  # `dioptimalkan.\xa0Apalagi`: a no-break space is a token
                p -= 1
            previous = tokens[p]
            ends_sentence = (
                previous.text in SENTENCE_END or (previous.text in CLOSERS and p > 0
                                                  and tokens[p - 1].text in SENTENCE_END)
            ) and (previous.whitespace_ or p < i - 1)
            if ends_sentence and not inside[previous.idx] and previous.lower_ not in abbreviations:
                first = token.text[:1]
                if first.isupper() or first.isdigit() or first in "“\"‘(”" or token.text == "''" \
                        or token.lower_ in titles:  # Kompas opens with ”; `… benar. dr Dradjat R Suardi …`
                    starts_at[i, 0] = 1
        if len(doc):
            doc.from_array([SENT_START], starts_at)


class QuoteFinder(_Component):
    def process(self, doc: Doc) -> None:
        quotes = attribution.attribute(doc, self.lexicon, doc._.quote_regions or [], doc._.boilerplate or [])
        raw = raw_text(doc)
        if raw is not doc.text:  # hard-wrapped: quotes and mentions as the raw text writes them
            for quote in quotes:
                quote.text = raw[quote.start : quote.end]
                if quote.speaker_start is not None and quote.speaker not in ("", "-nya"):
                    quote.speaker = raw[quote.speaker_start : quote.speaker_end]
        doc._.quotes = quotes


class SpeakerResolver(_Component):
    def process(self, doc: Doc) -> None:
        quotes = doc._.quotes or []
        entities = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
        subjects = mentions.sentence_subjects(doc, self.lexicon) if quotes else []
        in_article.resolve(quotes, doc.text, doc._.boilerplate or [], self.lexicon, entities=entities,
                         subjects=subjects)
        spans = []
        for quote in quotes:
            span = doc.char_span(quote.start, quote.end, label=quote.kind, alignment_mode="expand")
            if span is not None:
                span._.quote = quote
                spans.append(span)
        doc.spans["quotes"] = spans


@Language.factory("claimtrack_boilerplate_v1")
def make_boilerplate_marker(nlp: Language, name: str) -> BoilerplateMarker:
    return BoilerplateMarker(nlp, name)


@Language.factory("claimtrack_quote_marks_v1")
def make_quote_mark_pairer(nlp: Language, name: str) -> QuoteMarkPairer:
    return QuoteMarkPairer(nlp, name)


@Language.factory("claimtrack_sentences_v1")
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(nlp, name)


@Language.factory("claimtrack_quotes_v1")
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder(nlp, name)


@Language.factory("claimtrack_speakers_v1")
def make_speaker_resolver(nlp: Language, name: str) -> SpeakerResolver:
    return SpeakerResolver(nlp, name)


PIPELINE = (
    "claimtrack_boilerplate_v1",
    "claimtrack_quote_marks_v1",
    "claimtrack_sentences_v1",
    "claimtrack_quotes_v1",
    "claimtrack_speakers_v1",
)
