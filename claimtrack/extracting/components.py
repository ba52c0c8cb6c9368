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

import re
from collections.abc import Callable

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import registry

from claimtrack import lexicon
from claimtrack.articles import find_boilerplate
from claimtrack.extracting import attribution, mentions
from claimtrack.extracting.quote_marks import find_regions, paragraphs
from claimtrack.extracting.wraps import RAW_TEXT, doc_text, marks_decoded, unwrapped
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


# The tokenizer exceptions of the form `abu-abu`, `Kata-Kata` (spaCy's `id` has 15,573 of its 15,963):
# one token each, ORTH only. Added to the tokenizer when a text could need them (see ExceptionsOnDemand).
_HYPHENATED_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
# Where such a rule can act in a text: letters and hyphens, with whitespace allowed around a hyphen
# (spaCy's final special-case pass matches token texts and skips single spaces between tokens).
# Tried only where a word starts (the same regions; half the time: from inside a word, every
# shorter run of its letters was tried again before failing).
_HYPHENATED_REGION = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?:\s*-\s*[^\W\d_]+)+")
_REGIONS_REMEMBERED = 1 << 14
# Inside a memory zone spaCy keeps neither the word forms it makes nor how it split a chunk of
# text (its tokenizer cache), so every text in a zone was tokenized as by a new tokenizer: new
# lexemes, each with all its lexical attributes, and every prefix, suffix and infix searched
# again. A chunk (a run of text between whitespace) met in a second zone is tokenized once more
# after that zone, for good: the vocabulary keeps its word forms and the cache its split. At most
# _KEPT_CHUNKS chunks are ever kept so, and _SEEN_ONCE_REMEMBERED remembered as met once, so that
# the vocabulary of a long ingest stays bounded.
_KEPT_CHUNKS = 30_000
_SEEN_ONCE_REMEMBERED = 60_000
_CHUNKS_IN_ZONES_REMEMBERED = 1_000_000


def _hyphenated_rules_in(region: str, rules: dict, longest: int) -> list[str]:
    """The keys of ``rules`` that occur in ``region`` once its whitespace is removed."""
    compact = "".join(region.split())
    return [compact[start:end] for start in range(len(compact)) if compact[start] != "-"
            for end in range(start + 3, min(len(compact), start + longest) + 1) if compact[start:end] in rules]


@registry.tokenizers("claimtrack.tokenizer.v1")
def make_tokenizer():
    """spaCy's Indonesian tokenizer that also splits the paragraph-joining commas of scraped text
    off the words around them, reads hard-wrapped lines as one (``wraps.unwrapped``: a wrap is a
    space in ``doc.text``, the raw text stays in ``doc.user_data``, offsets are the same), and adds
    the hyphenated-word exceptions on demand (:class:`ExceptionsOnDemand`). Built once with these
    rules: changing a built tokenizer's prefix or infix rules makes spaCy reload every tokenizer
    exception."""
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

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


class ExceptionsOnDemand(Tokenizer):
    """spaCy's tokenizer with every exception, whose 15,573 hyphenated-word exceptions are added
    the first time a text has the letters of one (around a hyphen, whitespace ignored).

    Adding an exception costs spaCy about 0.15 ms (it tokenizes the string and adds it to a
    phrase matcher); adding all 15,963 was 88% of loading the pipeline, and a serialised
    tokenizer does not help: ``from_bytes`` adds them again one by one. An exception acts on a text
    only where the text holds its characters, whitespace aside (as one chunk, or as tokens with
    single spaces between them in the final matcher pass), so a text is tokenized as the tokenizer
    with every exception would tokenize it (tests/test_tokenizer.py compares the two). The rules
    come from the running spaCy each time: nothing is cached on disk that could go stale.

    Inside a memory zone nothing can be added for good (what is allocated there is freed at its
    end): a text that needs a new exception there is tokenized by a tokenizer made for it, with
    every exception its characters can meet, and the new exceptions join this tokenizer when the
    zone has ended (:func:`claimtrack.extracting.pipeline.load_pipeline` calls
    :meth:`add_exceptions_met_in_zones`), with the chunks of text the zone met (:data:`_KEPT_CHUNKS`).
    """

    def __init__(self, vocab, rules=None, prefix_search=None, suffix_search=None, infix_finditer=None,
                 token_match=None, url_match=None, faster_heuristics=True, max_cache_size=10000):
        self._on_demand: dict[str, list] = {}
        self._hyphenated: dict[str, list] = {}
        self._always: dict[str, list] = {}
        self._spaced: set[str] = set()
        self._longest = 0
        self._keys_by_region: dict[str, list[str]] = {}
        self._met_in_zones: set[str] = set()
        self._chunks_in_zones: list[str] = []
        # Chunks by their hash(), not their text: the sets then hold no text of their own.
        self._seen_once: set[int] = set()
        self._kept: set[int] = set()  # chunks ever tokenized for good after a zone
        self._cached: set[int] = set()  # of those, the ones in spaCy's cache now
        self._keeping_cache = False
        super().__init__(vocab, rules=None, prefix_search=prefix_search, suffix_search=suffix_search,
                         infix_finditer=infix_finditer, token_match=token_match, url_match=url_match,
                         faster_heuristics=faster_heuristics, max_cache_size=max(max_cache_size, _KEPT_CHUNKS))
        self.rules = rules or {}

    @property
    def rules(self) -> dict:
        return {**self._always, **Tokenizer.rules.__get__(self), **self._on_demand}

    @rules.setter
    def rules(self, rules: dict) -> None:
        self._on_demand = {key: value for key, value in rules.items() if _HYPHENATED_WORD.fullmatch(key)}
        self._hyphenated = dict(self._on_demand)  # added or not, for looking a text's keys up
        self._always = {key: value for key, value in rules.items() if key not in self._on_demand}
        self._spaced = {key for key in self._always if any(character.isspace() for character in key)}
        self._longest = max(map(len, self._on_demand), default=0)
        self._keys_by_region = {}
        self._met_in_zones = set()
        Tokenizer.rules.__set__(self, self._always)

    def __call__(self, text: str):
        hyphenated = self._hyphenated_keys_in(text) if "-" in text else []
        needed = {key for key in hyphenated if key in self._on_demand}
        if self.vocab.in_memory_zone:
            if len(self._chunks_in_zones) < _CHUNKS_IN_ZONES_REMEMBERED:  # zones not ended through the pipeline
                self._chunks_in_zones += text.split()  # spaCy's chunks too: runs between str.isspace()
            if needed:
                self._met_in_zones.update(needed)
                return self._tokenizer_for(text, hyphenated)(text)
        for key in needed:
            self._add_on_demand(key)
        return super().__call__(text)

    def _hyphenated_keys_in(self, text: str) -> list[str]:
        """Every hyphenated-word exception ``text`` holds the characters of, added or not."""
        if len(self._keys_by_region) > _REGIONS_REMEMBERED:
            self._keys_by_region.clear()
        found = []
        for region in _HYPHENATED_REGION.findall(text):
            keys = self._keys_by_region.get(region)
            if keys is None:
                keys = self._keys_by_region[region] = _hyphenated_rules_in(region, self._hyphenated, self._longest)
            found += keys
        return found

    def _tokenizer_for(self, text: str, hyphenated: list[str]) -> Tokenizer:
        """A tokenizer with every exception that can act on ``text``, for use inside a memory zone."""
        compact = "".join(text.split())
        rules = {key: rule for key, rule in self._always.items() if key in compact or key in self._spaced}
        rules.update((key, self._hyphenated[key]) for key in hyphenated)
        return Tokenizer(self.vocab, rules=rules, prefix_search=self.prefix_search, suffix_search=self.suffix_search,
                         infix_finditer=self.infix_finditer, token_match=self.token_match, url_match=self.url_match,
                         faster_heuristics=self.faster_heuristics)

    def add_exceptions_met_in_zones(self) -> None:
        """Add for good the exceptions that texts tokenized inside memory zones needed, and keep
        the chunks met there a second time (call it outside any zone)."""
        for key in self._met_in_zones:
            if key in self._on_demand:
                self._add_on_demand(key)
        self._met_in_zones.clear()
        chunks, self._chunks_in_zones = self._chunks_in_zones, []
        if len(self._seen_once) > _SEEN_ONCE_REMEMBERED:
            self._seen_once.clear()
        for chunk in dict.fromkeys(chunks):  # in text order: which chunks are kept does not vary
            hashed = hash(chunk)  # two chunks of one hash cost speed, never tokens
            if hashed in self._cached:
                continue
            if hashed not in self._kept:
                if hashed not in self._seen_once:
                    self._seen_once.add(hashed)
                    continue
                if len(self._kept) >= _KEPT_CHUNKS:
                    continue
                self._kept.add(hashed)
            self._cached.add(hashed)
            Tokenizer.__call__(self, chunk)  # outside the zone: lexemes and cache entry kept

    def _add_on_demand(self, key: str) -> None:
        """Add the hyphenated-word exception ``key`` for good, keeping spaCy's cache of how
        chunks were split (``add_special_case`` empties it): no chunk holding the characters of
        an exception not yet added was ever cached, since a text holding them adds it before it
        is tokenized outside a zone, and a zone's exceptions are added before its chunks are
        kept."""
        self._keeping_cache = True
        try:
            self.add_special_case(key, self._on_demand.pop(key))
        finally:
            self._keeping_cache = False

    def _flush_cache(self) -> None:
        if not self._keeping_cache:
            super()._flush_cache()
            self._cached.clear()

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        while self._on_demand:
            key, rule = self._on_demand.popitem()
            self.add_special_case(key, rule)
        return super().to_bytes(exclude=exclude)

    def __reduce__(self):
        return (self.__class__, (self.vocab, self.rules, self.prefix_search, self.suffix_search, self.infix_finditer,
                                 self.token_match, self.url_match))



class UnwrappingTokenizer(ExceptionsOnDemand):
    """:class:`ExceptionsOnDemand` reading a hard-wrapped text as its paragraphs: the Doc is made
    from ``wraps.unwrapped(text)`` (same length, a wrap read as a space; HTML-escaped quote marks
    read as marks, :func:`wraps.marks_decoded`) and keeps the raw text in
    ``doc.user_data[RAW_TEXT]``."""

    def __call__(self, text: str) -> Doc:
        plain = marks_decoded(unwrapped(text))
        doc = super().__call__(plain)
        if plain is not text:
            doc.user_data[RAW_TEXT] = text
        return doc

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
            doc._.boilerplate = find_boilerplate(doc_text(doc))
        spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in doc._.boilerplate]
        doc.spans["boilerplate"] = [span for span in spans if span is not None]


class QuoteMarkPairer(_Component):
    def process(self, doc: Doc) -> None:
        doc._.quote_regions = find_regions(doc_text(doc), skip=doc._.boilerplate or [])


class SentenceSplitter(_Component):
    """Sentences end after . ! ? (and any closing marks) before an upper-case word or an opening
    mark, at every paragraph break, but never inside a quoted region or after an abbreviation."""

    def process(self, doc: Doc) -> None:
        if not len(doc):
            return
        text = doc_text(doc)
        inside = numpy.zeros(len(text) + 1, dtype=bool)
        for region in doc._.quote_regions or []:
            inside[region.open_at + region.open_width : region.outer_end - region.close_width] = True
        # The tokens' offsets, lengths, trailing spaces and whether each is a space, read at once:
        # a Token object costs more than the rule applied to it.
        offsets, lengths, spaced, spaces = zip(*doc.to_array([IDX, LENGTH, SPACY, IS_SPACE]).tolist())
        words = [text[offset : offset + length] for offset, length in zip(offsets, lengths, strict=True)]
        # The first token at or after each paragraph's start opens a sentence.
        first_tokens = set()
        starts = sorted(start for start, _ in paragraphs(text))
        position = 0
        for i, offset in enumerate(offsets):
            while position < len(starts) and starts[position] <= offset:
                first_tokens.add(i)
                position += 1
        # Token.is_sent_start's setter walks the whole Doc on every call (quadratic in article
        # length): decide every boundary first, then set them all at once with from_array.
        # SENT_START is 1 for a start, -1 (stored as uint64) for not a start.
        starts_at = numpy.full((len(doc), 1), numpy.iinfo(numpy.uint64).max, dtype="uint64")
        abbreviations = self.lexicon.sentence_abbreviations
        titles = self.lexicon.titles
        for i, word in enumerate(words):
            if i == 0 or i in first_tokens:
                starts_at[i, 0] = 1
                continue
            p = i - 1
            while p > 0 and spaces[p]:  # `dioptimalkan.\xa0Apalagi`: a no-break space is a token
                p -= 1
            previous = words[p]
            ends_sentence = (
                previous in SENTENCE_END or (previous in CLOSERS and p > 0 and words[p - 1] in SENTENCE_END)
            ) and (spaced[p] or p < i - 1)
            if ends_sentence and not inside[offsets[p]] and previous.lower() not in abbreviations:
                first = word[:1]
                if first.isupper() or first.isdigit() or first in "“\"‘(”" or word == "''" \
                        or word.lower() in titles:  # Kompas opens with ”; `… benar. dr Dradjat R Suardi …`
                    starts_at[i, 0] = 1
            elif not inside[offsets[i]] and self._opens_without_stop(words, spaces, i, p):
                starts_at[i, 0] = 1
        doc.from_array([SENT_START], starts_at)

    def _opens_without_stop(self, words: list[str], spaces: list[bool], i: int, p: int) -> bool:
        """Whether word ``i`` opens a sentence whose full stop before it was stripped upstream: a
        closed-class word written with a capital after a word, before a word in lower case or a
        comma (`… dibengkokkan Seperti yang dilansir …`, `… per bulan Adapun wakil presiden …`,
        `… Republik Indonesia Dengan nada tinggi, …`). Inside a name the next word is capitalised
        too (`Kementerian Dalam Negeri`, `Tuhan Yang Maha Esa`)."""
        word = words[i]
        if not word[:1].isupper() or word.lower() not in self.lexicon.stop_stripped_openers:
            return False
        previous = words[p]
        if not (previous[-1:].isalnum() or previous == ")") or spaces[p]:
            return False
        n = i + 1
        while n < len(words) and spaces[n]:
            n += 1
        following = words[n] if n < len(words) else ""
        return following[:1].islower() or following == ","


class QuoteFinder(_Component):
    def process(self, doc: Doc) -> None:
        quotes = attribution.attribute(doc, self.lexicon, doc._.quote_regions or [], doc._.boilerplate or [])
        raw = doc.user_data.get(RAW_TEXT)
        if raw is not None:  # hard-wrapped: quotes and mentions as the raw text writes them
            for quote in quotes:
                quote.text = raw[quote.start : quote.end]
                if quote.speaker_start is not None and quote.speaker not in ("", "-nya"):
                    quote.speaker = raw[quote.speaker_start : quote.speaker_end]
        doc._.quotes = quotes


class SpeakerResolver(_Component):
    def process(self, doc: Doc) -> None:
        quotes = doc._.quotes or []
        if not quotes:  # nothing to resolve: no registry of the article's names to build
            doc.spans["quotes"] = []
            return
        entities = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
        subjects = mentions.sentence_subjects(doc, self.lexicon)
        in_article.resolve(quotes, doc_text(doc), doc._.boilerplate or [], self.lexicon, entities=entities,
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
