"""Reading PFSA-ID (Purnomo et al., 2022): Kompas articles as ``token<TAB>BILOU label`` lines,
turned into the gold records of :mod:`claimtrack.evaluation.gold` (texts rebuilt from the
tokens, statements with their speaker's fullest name, unannotated quoted passages as optional
quotes), as ``docs/ANNOTATION.md`` ("Scoring on PFSA-ID") asks.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from claimtrack import lexicon
from claimtrack.evaluation.gold import EvaluationInputError, GoldArticle, GoldQuote
from claimtrack.names import proper_name_words, without_leading_titles

# Quote marks that delimit speech in Kompas: it writes ” at both ends, sometimes “…”, rarely "…".
# Single marks (‘ ’) are left out: in PFSA they mark scare quotes inside statements or apostrophes.
_QUOTE_MARKS = frozenset({"“", "”", '"'})
_OPENING_ONLY_MARKS = frozenset({"“"})
_DATELINE_DASHES = frozenset({"—", "–", "-"})
_DATELINE_PREFIX_MAX = 8
_NO_SPACE_BEFORE = frozenset({",", ".", ")", ";", ":", "?", "!", "%", "…"})
_NO_SPACE_AFTER = frozenset({"("})
_SPEAKER_LABELS = frozenset({"PERSON", "ROLE", "PERSONCOREF"})
_CUE_LABELS = frozenset({"CUE", "CUECOREF"})
# Tokens that may sit between the parts of one speaker description,
# as in "kata Salehudin dari KKP" or "kata Aziz Yanuar , anggota tim kuasa hukum".
_SPEAKER_CHAIN_LABELS = frozenset({"PERSON", "ROLE", "PERSONCOREF", "AFFILIATION"})
_SPEAKER_CHAIN_MARKS = frozenset({",", "(", ")"})  # and the glue words of id.toml [grammar]
# How far (in tokens of punctuation) a cue may sit from the statement it introduces.
_CUE_MAX_GAP = 3
# A statement with no cue of its own continues the previous statement's quote (a new paragraph of
# the same quote) when that statement ended at most this many sentences earlier.
_CONTINUATION_MAX_SENTENCES = 3
_MIN_OPTIONAL_WORDS = 3
# Beyond this many sentences an unclosed quote mark is taken to be a stray, not a long quote.
_MAX_QUOTE_SENTENCES = 8


@dataclass(frozen=True)
class _Token:
    text: str
    label: str  # entity type without the BILOU prefix, or "O"
    prefix: str  # B, I, L, U or O
    sentence: int  # index of the sentence within its article
    line: int  # line number in the corpus file


@dataclass(frozen=True)
class _Span:
    label: str
    start: int  # token indices, end exclusive
    end: int


def read_pfsa(path: str | Path, *, written_names: bool = True) -> list[GoldArticle]:
    """Read a PFSA-ID corpus file as gold articles.

    PFSA-ID (Purnomo et al., 2022, Kompas articles) gives one ``token<TAB>label`` per line, BILOU
    labels, a blank line between sentences and no article boundaries. This reader:

    - splits articles at dateline sentences (``JAKARTA , KOMPAS — …``, ``KOMPAS , BANYUWANGI — …``,
      or capitals before an em dash, ``JAKARTA — …``); ids are ``pfsa-<file stem>-0001`` and up
      (``pfsa-dev-40-0001``);
    - rebuilds each article's text from its tokens: single spaces, except none before ``, . ) ; : ? ! %``
      and closing quote marks, none after ``(`` and opening quote marks, and none around ``/`` between
      numbers or ``-`` between words (``13/04/2020``, ``Covid-19``); sentences are joined by a space;
      offsets are exact because the text is built here;
    - makes one gold quote per STATEMENT span. PFSA statement spans include their quote marks; the gold
      span leaves them out (and a trailing comma). The kind is ``direct`` when a quote mark opens or
      closes the statement (inside the span or right next to it, possibly in a neighbouring sentence),
      else ``indirect``;
    - takes the CUE/CUECOREF right after the statement (or right before it, ``X menambahkan , ” …``,
      or else in the same sentence) as its cue. The speaker mention is the PERSON/ROLE/PERSONCOREF in
      the cue's sentence nearest to the cue; a CUECOREF (``katanya``) with no adjacent mention gives
      the speaker ``-nya``. A statement with no cue, opening within a few sentences of the previous
      statement, is taken as the next paragraph of that quote and gets its speaker;
    - resolves ``speaker_name``: a PERSON in the speaker's description (``kata ROLE AFFILIATION
      PERSON``) wins; a name-like PERSONCOREF (``Parwati``, ``Irjen Fadil``) becomes the fullest PERSON
      name in the article containing its words; a role (``Presiden``) becomes the name written after
      that role earlier in the text (``Presiden Joko Widodo``), else the most recent PERSON before it;
      a pronoun or ``-nya`` (``Dia``) becomes the most recent PERSON before it; else the previous
      statement's speaker. Leading titles from the
      lexicon are dropped. A mention that resolves to nothing keeps its own text. A cue with no
      tagged speaker takes the capitalised name right after it (``lanjut Idris``). A name-like
      mention other than the full name is added to ``speaker_aliases``;
    - with ``written_names`` (the default), also adds the fullest form the article *writes* of that
      name to ``speaker_aliases``. PFSA tags the mentions near statements, not every occurrence of a
      name, so its fullest tagged form can be short of the fullest name the article gives
      (ANNOTATION.md's ``speaker_name``): `Tito` tagged, `Menteri Dalam Negeri Tito Karnavian`
      written but untagged. The written form extends the name over the capitalised name words
      that follow it (not places, days or months) and over a given-name prefix or initial before
      it (`M Fadil Imran`). ``written_names=False`` scores against PFSA's tagged forms only;
    - marks every quoted passage (between paired quote marks, at least three words) that overlaps no
      STATEMENT as an ``optional`` direct quote: PFSA leaves quotes of ordinary people unannotated.

    Known limits: articles without a dateline (features, some opinion pieces) stay attached to the
    previous article; PFSA gives no paragraph breaks, so the text has none; Kompas uses ” for both
    opening and closing, so quote marks are paired by alternation, restarted after each STATEMENT
    and given up after eight sentences, and a missing mark can shift the optional passages of the
    rest of that stretch; "most recent PERSON" can pick the wrong person for a pronoun;
    spelled-out ranks (``Komisaris Besar``, ``Ajun Komisaris Besar``, ``Inspektur Jenderal``) stay in
    ``speaker_name`` until the lexicon lists them as titles;
    the annotators' own errors (a ROLE tagged STATEMENT) are kept, except that an unquoted STATEMENT
    of fewer than three words is dropped.
    """
    path = Path(path)
    sentences = _read_pfsa_sentences(path)
    stem = re.sub(r"[^0-9A-Za-z]+", "-", path.stem).strip("-").lower()
    prefix = stem if stem.startswith("pfsa-") else f"pfsa-{stem}"
    articles: list[GoldArticle] = []
    for group in _split_articles(sentences):
        article = _pfsa_article(f"{prefix}-{len(articles) + 1:04d}", group)
        if written_names:
            quotes = tuple(_with_written_name(quote, article.text) for quote in article.quotes)
            article = replace(article, quotes=quotes)
        articles.append(article)
    return articles


def _read_pfsa_sentences(path: Path) -> list[list[tuple[str, str, str, int]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise EvaluationInputError(f"PFSA file not found: {path}") from None
    sentences: list[list[tuple[str, str, str, int]]] = []
    current: list[tuple[str, str, str, int]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        token, tab, label = line.rstrip("\r").partition("\t")
        label = label.strip()
        if not tab or not token.strip() or not label:
            raise EvaluationInputError(
                f"{path}, line {number}: expected 'token<TAB>label', got {line!r}; "
                "PFSA files have one token and one BILOU label per line"
            )
        if label == "O":
            prefix, entity = "O", "O"
        else:
            prefix, dash, entity = label.partition("-")
            if not dash or prefix not in {"B", "I", "L", "U"} or not entity:
                raise EvaluationInputError(
                    f"{path}, line {number}: label {label!r} is not BILOU (O, or B-/I-/L-/U- and a type)"
                )
        current.append((token.strip(), prefix, entity, number))
    if current:
        sentences.append(current)
    return sentences


def _is_dateline(sentence: Sequence[tuple[str, str, str, int]]) -> bool:
    words = [token for token, *_ in sentence[: _DATELINE_PREFIX_MAX + 1]]
    for index, word in enumerate(words):
        if word in _DATELINE_DASHES and index > 0:
            place = words[:index]
            capitals = all(part.isupper() or part in {",", "(", ")"} for part in place)
            return capitals and any(part.isalpha() for part in place) and ("KOMPAS" in place or word == "—")
    return False


def _split_articles(sentences: list[list[tuple[str, str, str, int]]]) -> list[list[list[tuple]]]:
    articles: list[list[list[tuple]]] = []
    for sentence in sentences:
        if not articles or _is_dateline(sentence):
            articles.append([])
        articles[-1].append(sentence)
    return articles


def _pfsa_article(article_id: str, sentences: list[list[tuple]]) -> GoldArticle:
    tokens = [
        _Token(text=text, label=entity, prefix=prefix, sentence=index, line=line)
        for index, sentence in enumerate(sentences)
        for text, prefix, entity, line in sentence
    ]
    spans = _decode_bilou(tokens)
    statements = [span for span in spans if span.label == "STATEMENT"]
    roles = _quote_roles(tokens, statements)
    text, offsets = _detokenise(tokens, roles)
    people = [span for span in spans if span.label == "PERSON"]
    quotes: list[GoldQuote] = []
    previous: tuple[_Span, GoldQuote] | None = None
    for statement in statements:
        quote = _statement_quote(statement, tokens, spans, people, roles, text, offsets, previous)
        if quote is None:
            continue
        quotes.append(quote)
        previous = (statement, quote)
    quotes.extend(_optional_passages(tokens, statements, roles, text, offsets))
    quotes.sort(key=lambda quote: (quote.start, quote.end))
    return GoldArticle(id=article_id, text=text, quotes=tuple(quotes), outlet="Kompas")


def _decode_bilou(tokens: Sequence[_Token]) -> list[_Span]:
    """Spans from BILOU labels, tolerant of the broken sequences an annotation tool can leave."""
    spans: list[_Span] = []
    open_label, open_start = None, 0
    for index, token in enumerate(tokens):
        continues = token.prefix in {"I", "L"} and token.label == open_label
        if open_label is not None and not continues:
            spans.append(_Span(open_label, open_start, index))
            open_label = None
        if token.prefix == "U":
            spans.append(_Span(token.label, index, index + 1))
        elif token.prefix in {"B", "I", "L"} and open_label is None:
            open_label, open_start = token.label, index
        if token.prefix == "L" and open_label is not None:
            spans.append(_Span(open_label, open_start, index + 1))
            open_label = None
    if open_label is not None:
        spans.append(_Span(open_label, open_start, len(tokens)))
    return spans


def _quote_roles(tokens: Sequence[_Token], statements: Sequence[_Span]) -> dict[int, str]:
    """Decide for each quote-mark token whether it opens or closes a quote ("open" / "close").

    Marks at the edges of a STATEMENT are known; elsewhere marks alternate, restarting after every
    statement, because Kompas writes the same ” at both ends.
    """
    roles: dict[int, str] = {}
    inside_statement: set[int] = set()
    for statement in statements:
        start, end = _statement_edges(tokens, statement)
        for index in range(statement.start, start):
            if tokens[index].text in _QUOTE_MARKS:
                roles[index] = "open"
        for index in range(end, statement.end):
            if tokens[index].text in _QUOTE_MARKS:
                roles[index] = "close"
        if statement.start > 0 and tokens[statement.start - 1].text in _QUOTE_MARKS:
            roles[statement.start - 1] = "open"
        if statement.end < len(tokens) and tokens[statement.end].text in _QUOTE_MARKS:
            roles[statement.end] = "close"
        depth = 0
        for index in range(start, end):
            if tokens[index].text in _QUOTE_MARKS:
                opening = tokens[index].text in _OPENING_ONLY_MARKS or depth == 0
                roles[index] = "open" if opening else "close"
                depth += 1 if opening else -1
        inside_statement.update(range(statement.start, statement.end))
    open_at: int | None = None
    for index, token in enumerate(tokens):
        if index in roles:
            if open_at is not None:
                del roles[open_at]  # unclosed when a statement begins: a stray mark
            open_at = None
            continue
        if index in inside_statement or token.text not in _QUOTE_MARKS:
            continue
        if open_at is not None and token.sentence - tokens[open_at].sentence > _MAX_QUOTE_SENTENCES:
            del roles[open_at]  # a stray mark: start pairing again from here
            open_at = None
        if open_at is None or token.text in _OPENING_ONLY_MARKS:
            if open_at is not None:
                del roles[open_at]
            roles[index] = "open"
            open_at = index
        else:
            roles[index] = "close"
            open_at = None
    if open_at is not None:
        del roles[open_at]
    return roles


def _statement_edges(tokens: Sequence[_Token], statement: _Span) -> tuple[int, int]:
    """Token range of a statement without the quote marks and punctuation at its edges."""
    edge = _QUOTE_MARKS | {",", "."}
    start, end = statement.start, statement.end
    while start < end and tokens[start].text in edge:
        start += 1
    while end > start and tokens[end - 1].text in edge:
        end -= 1
    return start, end


def _detokenise(tokens: Sequence[_Token], roles: Mapping[int, str]) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    for index, token in enumerate(tokens):
        if index > 0 and _space_between(tokens, roles, index):
            parts.append(" ")
            position += 1
        parts.append(token.text)
        offsets.append((position, position + len(token.text)))
        position += len(token.text)
    return "".join(parts), offsets


def _space_between(tokens: Sequence[_Token], roles: Mapping[int, str], index: int) -> bool:
    previous, token = tokens[index - 1], tokens[index]
    if token.text in _NO_SPACE_BEFORE or roles.get(index) == "close" or _glued(tokens, index):
        return False
    if previous.text in _NO_SPACE_AFTER or roles.get(index - 1) == "open" or _glued(tokens, index - 1):
        return False
    return True


def _glued(tokens: Sequence[_Token], index: int) -> bool:
    """True for a ``/`` between numbers (``13 / 04``) or a ``-`` inside a word (``Covid - 19``)."""
    if index == 0 or index + 1 >= len(tokens):
        return False
    previous, token, following = tokens[index - 1], tokens[index], tokens[index + 1]
    if previous.sentence != token.sentence or following.sentence != token.sentence:
        return False
    if token.text == "/":
        return previous.text[-1:].isdigit() and following.text[:1].isdigit()
    if token.text == "-":
        in_dateline = token.sentence == 0 and index <= _DATELINE_PREFIX_MAX
        return not in_dateline and previous.text[-1:].isalnum() and following.text[:1].isalnum()
    return False


def _char_range(offsets: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    return offsets[start][0], offsets[end - 1][1]


def _trim_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """Leave quote marks, spaces and edge commas out of a character range."""
    edge_start = "".join(_QUOTE_MARKS) + ",. "
    edge_end = "".join(_QUOTE_MARKS) + ", "
    while start < end and text[start] in edge_start:
        start += 1
    while end > start and text[end - 1] in edge_end:
        end -= 1
    return start, end


def _statement_quote(
    statement: _Span,
    tokens: Sequence[_Token],
    spans: Sequence[_Span],
    people: Sequence[_Span],
    roles: Mapping[int, str],
    text: str,
    offsets: Sequence[tuple[int, int]],
    previous: tuple[_Span, GoldQuote] | None,
) -> GoldQuote | None:
    raw_start, raw_end = _char_range(offsets, statement.start, statement.end)
    start, end = _trim_quote(text, raw_start, raw_end)
    before = tokens[statement.start - 1].text if statement.start > 0 else ""
    after = tokens[statement.end].text if statement.end < len(tokens) else ""
    edges = text[raw_start:start] + text[end:raw_end] + before + after
    quoted = any(mark in edges for mark in _QUOTE_MARKS)
    words = len(re.findall(r"\w+", text[start:end]))
    if start >= end or (not quoted and words < _MIN_OPTIONAL_WORDS):
        return None  # annotation noise, e.g. a role tagged STATEMENT right after its cue
    kind = "direct" if quoted else "indirect"
    cue = _find_cue(statement, tokens, spans)
    if cue is None:
        if previous is not None and tokens[statement.start].sentence - tokens[
            previous[0].end - 1
        ].sentence <= (_CONTINUATION_MAX_SENTENCES):
            earlier = previous[1]
            return GoldQuote(
                start, end, kind, earlier.speaker, earlier.speaker_name, None, earlier.speaker_aliases
            )
        return GoldQuote(start, end, kind, None, None, None)
    cue_text = _span_text(text, offsets, cue)
    earlier_name = previous[1].speaker_name if previous is not None else None
    mention = _speaker_mention(cue, tokens, spans)
    if mention is None:
        if cue.label == "CUECOREF" and cue_text.lower().endswith("nya"):
            name = _most_recent_person(people, cue.start, text, offsets) or earlier_name
            return GoldQuote(start, end, kind, "-nya", name, cue_text)
        written = _untagged_name_after(cue, tokens, text, offsets)
        if written is None:
            return GoldQuote(start, end, kind, None, None, cue_text)
        name = _fullest_name(written, people, text, offsets)
        return GoldQuote(start, end, kind, written, name, cue_text, (written,) if written != name else ())
    speaker = _span_text(text, offsets, mention)
    name = _speaker_name(mention, tokens, spans, people, text, offsets) or earlier_name or speaker
    is_name = mention.label != "ROLE" and proper_name_words(speaker)
    aliases = (speaker,) if speaker != name and is_name else ()
    return GoldQuote(start, end, kind, speaker, name, cue_text, aliases)


def _with_written_name(quote: GoldQuote, text: str) -> GoldQuote:
    """``quote`` with the fullest form the article writes of its speaker's name as an alias."""
    if quote.optional or not quote.speaker_name:
        return quote
    written = _written_fullest(quote.speaker_name, text)
    if written == quote.speaker_name or written in quote.speaker_aliases:
        return quote
    return replace(quote, speaker_aliases=(*quote.speaker_aliases, written))


_NAME_WORD = r"[A-Z][\w’'-]*"


def _written_fullest(name: str, text: str) -> str:
    """The longest way the article writes ``name`` out: `Tito` → `Tito Karnavian`, `Fadil` → `M Fadil
    Imran`; capitalised name words after it, a given-name prefix or an initial before it."""
    words = lexicon.load()
    not_names = words.place_words | words.places | {w.lower() for w in (*words.weekdays, *words.months)}

    def name_like(word: str) -> bool:
        return bool(proper_name_words(word)) and word.lower() not in not_names

    best = name
    for match in re.finditer(rf"(?<![\w’'-]){re.escape(name)}(?![\w’'-])", text):
        after = re.match(rf"(?:[ ]{_NAME_WORD}){{1,3}}", text[match.end():])
        following = list(itertools.takewhile(name_like, after.group().split())) if after else []
        before = re.search(rf"({_NAME_WORD}\.?)[ ]$", text[max(0, match.start() - 30):match.start()])
        leading = [before.group(1)] if before and (words.opens_names(before.group(1)) or before.group(1).isupper()
                                                   and len(before.group(1)) <= 2) else []
        written = " ".join([*leading, name, *following])
        if len(written.split()) > len(best.split()):
            best = written
    return best


def _untagged_name_after(
    cue: _Span, tokens: Sequence[_Token], text: str, offsets: Sequence[tuple[int, int]]
) -> str | None:
    """A capitalised name the annotators left untagged right after its cue (``lanjut Idris``)."""
    end = cue.end
    while (
        end < len(tokens)
        and end - cue.end < 3
        and tokens[end].sentence == tokens[cue.start].sentence
        and proper_name_words(tokens[end].text)
    ):
        end += 1
    if end == cue.end:
        return None
    return _span_text(text, offsets, _Span("PERSON", cue.end, end))


def _span_text(text: str, offsets: Sequence[tuple[int, int]], span: _Span) -> str:
    start, end = _char_range(offsets, span.start, span.end)
    return text[start:end]


def _find_cue(statement: _Span, tokens: Sequence[_Token], spans: Sequence[_Span]) -> _Span | None:
    cues = [span for span in spans if span.label in _CUE_LABELS]

    def only_punctuation(start: int, end: int) -> bool:
        gap = tokens[start:end]
        return len(gap) <= _CUE_MAX_GAP and not any(ch.isalnum() for token in gap for ch in token.text)

    after = [cue for cue in cues if cue.start >= statement.end and only_punctuation(statement.end, cue.start)]
    if after:
        return after[0]
    before = [
        cue for cue in cues if cue.end <= statement.start and only_punctuation(cue.end, statement.start)
    ]
    if before:
        return before[-1]
    first, last = _statement_edges(tokens, statement)
    sentences = {tokens[first].sentence, tokens[max(first, last - 1)].sentence}
    same_sentence = [
        cue
        for cue in cues
        if tokens[cue.start].sentence in sentences
        and (cue.end <= statement.start or cue.start >= statement.end)
    ]
    if not same_sentence:
        return None
    return min(same_sentence, key=lambda cue: _distance(cue, statement))


def _distance(a: _Span, b: _Span) -> int:
    return max(b.start - a.end, a.start - b.end, 0)


def _speaker_mention(cue: _Span, tokens: Sequence[_Token], spans: Sequence[_Span]) -> _Span | None:
    sentence = tokens[cue.start].sentence
    statements = [span for span in spans if span.label == "STATEMENT"]
    candidates = [
        span
        for span in spans
        if span.label in _SPEAKER_LABELS
        and tokens[span.start].sentence == sentence
        and not any(s.start <= span.start < s.end for s in statements)
    ]
    if cue.label == "CUECOREF":
        candidates = [span for span in candidates if _distance(span, cue) == 0]
    if not candidates:
        return None
    # Nearest to the cue; on a tie the mention after it ("kata Presiden") over the one before.
    return min(candidates, key=lambda span: (_distance(span, cue), span.start < cue.start))


def _speaker_chain(mention: _Span, tokens: Sequence[_Token], spans: Sequence[_Span]) -> list[_Span]:
    """The mention and the entity spans glued to it: ``ROLE AFFILIATION PERSON``, ``PERSON , ROLE``."""
    ordered = [span for span in spans if span.label in _SPEAKER_CHAIN_LABELS]
    position = ordered.index(mention)
    chain = [mention]

    def glued(left: _Span, right: _Span) -> bool:
        gap = tokens[left.end : right.start]
        return (
            left.end <= right.start
            and len(gap) <= 2
            and all(token.text.lower() in _SPEAKER_CHAIN_MARKS
                    or token.text.lower() in lexicon.load().grammar.speaker_description_glue for token in gap)
            and tokens[left.start].sentence == tokens[right.start].sentence
        )

    for index in range(position + 1, len(ordered)):
        if not glued(chain[-1], ordered[index]):
            break
        chain.append(ordered[index])
    for index in range(position - 1, -1, -1):
        if not glued(ordered[index], chain[0]):
            break
        chain.insert(0, ordered[index])
    return chain


def _speaker_name(
    mention: _Span,
    tokens: Sequence[_Token],
    spans: Sequence[_Span],
    people: Sequence[_Span],
    text: str,
    offsets: Sequence[tuple[int, int]],
) -> str | None:
    """The fullest name for a speaker mention, or None when the article gives none before it."""
    chain_people = [span for span in _speaker_chain(mention, tokens, spans) if span.label == "PERSON"]
    if chain_people:
        return _fullest_name(_span_text(text, offsets, chain_people[0]), people, text, offsets)
    written = _span_text(text, offsets, mention)
    if mention.label != "ROLE" and proper_name_words(written):
        return _fullest_name(written, people, text, offsets)
    # A role names whoever the article wrote after it (`Presiden Joko Widodo`) before the most
    # recent person, who in Kompas is often someone else (`Presiden` after `Prabowo Subianto`).
    return _named_after_role(written, text[: offsets[mention.start][0]]) or _most_recent_person(
        people, mention.start, text, offsets
    )


def _most_recent_person(
    people: Sequence[_Span], position: int, text: str, offsets: Sequence[tuple[int, int]]
) -> str | None:
    earlier = [span for span in people if span.end <= position]
    if not earlier:
        return None
    return _fullest_name(_span_text(text, offsets, earlier[-1]), people, text, offsets)


def _named_after_role(role: str, text_before: str) -> str | None:
    """The name written right after a one-word role earlier in the text: ``Presiden Joko Widodo``."""
    words = lexicon.load()
    if role.lower() not in words.person_roles and role.lower() not in words.role_words:
        return None
    found = re.search(rf"\b{re.escape(role)}\s+((?:[A-Z][\w’'.-]*\s?){{1,4}})", text_before)
    if not found:
        return None
    name = [word for word in found.group(1).split() if proper_name_words(word)]
    return " ".join(name) or None




def _fullest_name(name: str, people: Sequence[_Span], text: str, offsets: Sequence[tuple[int, int]]) -> str:
    wanted = set(proper_name_words(name))
    best = name
    if wanted:
        for span in people:
            candidate = _span_text(text, offsets, span)
            candidate_words = set(proper_name_words(candidate))
            if wanted <= candidate_words and len(candidate_words) > len(proper_name_words(best)):
                best = candidate
    return without_leading_titles(best)






def _optional_passages(
    tokens: Sequence[_Token],
    statements: Sequence[_Span],
    roles: Mapping[int, str],
    text: str,
    offsets: Sequence[tuple[int, int]],
) -> list[GoldQuote]:
    annotated = [(statement.start - 1, statement.end + 1) for statement in statements]
    passages: list[GoldQuote] = []
    opening: int | None = None
    for index in sorted(roles):
        if roles[index] == "open":
            opening = index
            continue
        if opening is None:
            continue
        first, last = opening + 1, index
        opening_at, opening = opening, None
        if any(start <= index and opening_at <= end - 1 for start, end in annotated):
            continue
        inner = tokens[first:last]
        if sum(any(ch.isalnum() for ch in token.text) for token in inner) < _MIN_OPTIONAL_WORDS:
            continue
        start, end = _trim_quote(text, *_char_range(offsets, first, last))
        passages.append(GoldQuote(start, end, "direct", None, None, None, optional=True))
    return passages
