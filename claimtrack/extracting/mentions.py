"""Finding speaker mentions next to a cue, token by token.

A mention is a run of tokens that can name a speaker: capitalised words (`Sergei Shoigu`,
`Kremlin`), role words in lower case (`Kepala pertahanan Iran`, `dua pejabat senior Iran`),
source nouns (`pernyataan Kremlin`), a pronoun (`dia`), and parentheses or hyphens inside a name
(`Menteri Pertahanan (Menhan) Rusia`, `Mohammad-Reza`). The walkers stop at punctuation,
prepositions and any other lower-case word, which is what cuts `kata Shoigu dalam pertemuan …`
after `Shoigu`.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy
from spacy.attrs import IS_LOWER, LOWER
from spacy.tokens import Doc, Span, Token

from claimtrack.lexicon import Lexicon

MAX_MENTION_TOKENS = 20
MAX_ROLE_TAIL = 4
MAX_PLACE_SEGMENTS = 2
MAX_PLACE_WORDS = 3  # a place segment led by an office or unit word: `Kelurahan Sumbersari`
MAX_LOWER_CASE_TITLE = 4  # `dr`, `prof`, `ir`, `hj`, `pak`; not `bapak`, `ustaz`, more often words of the sentence
MAX_FIELD_WORDS = 8  # `Bidang Politik, Hukum, dan Keamanan`
MAX_CITATION_TOKENS = 4  # `(Kompas, 12/5/2020)`: the source's name, then a comma
MAX_OPENING_TOKENS = 10  # an opening adverbial before the subject: `Terkait dengan kebutuhan likuiditas …, X`


def is_capitalised(token: Token) -> bool:
    text = token.text
    return bool(text) and (text[0].isupper() or (text[0].isdigit() and token.is_upper))


MAX_SUBHEADING_TOKENS = 5  # `Vaksinasi di bulan puasa`
# A verb whose object a role mention could be (`Pemerintah meminta Menteri …`): one of the
# grammar's transitive prefixes and at least three letters more.
_SHORTEST_TRANSITIVE = 5


def after_subheading(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """Where a sentence starts after a subheading glued to it, as Kompas pages give them
    (`Tak ada payung hukum Ketua Badan Pengawas Pemilu Abhan, …, mengatakan`, `Vaksinasi Kepala
    Bidang …`): up to five words in sentence case, the first a word of running text and no verb
    after it, then an office that opens a person's mention, not after a preposition. ``start`` if
    none."""
    if start >= end or not is_capitalised(doc[start]):
        return start
    office = None  # found first, as most sentences have none: the tests on the first word cost more
    for k in range(start + 1, min(start + 1 + MAX_SUBHEADING_TOKENS, end - 1)):
        token = doc[k]
        if is_capitalised(token):
            if lex.has_person_role(token.lower_) and is_capitalised(doc[k + 1]) \
                    and doc[k - 1].lower_ not in lex.prepositions:  # not `dengan Menteri …`
                office = k
            break
        if not (token.is_alpha and token.is_lower) or lex.is_cue(token.lower_) or token.lower_ in lex.passive_cues \
                or len(token.text) >= _SHORTEST_TRANSITIVE and token.lower_.startswith(lex.grammar.transitive_prefixes):
            break
    if office is None:
        return start
    first = doc[start].lower_
    if lex.has_person_role(first) or first in lex.according_to or first in lex.prepositions or lex.is_cue(first):
        return start  # not `Menurut Kepala Seksi …`
    if first not in lex.common_words and doc[start].lower not in _lower_case_words(doc):
        return start  # a name, not a word the article writes in lower case (`pelaksanaan vaksinasi`)
    return office
    return start


_LOWER_CASE_WORDS = "claimtrack.lower_case_words"


def _lower_case_words(doc: Doc) -> set[int]:
    """The hashes of the words ``doc`` writes in lower case, read once."""
    words = doc.user_data.get(_LOWER_CASE_WORDS)
    if words is None:
        array = doc.to_array([LOWER, IS_LOWER]) if len(doc) else numpy.zeros((0, 2), dtype="uint64")
        words = doc.user_data[_LOWER_CASE_WORDS] = set(array[array[:, 1] == 1, 0].tolist())
    return words


def is_pronoun(token: Token, lex: Lexicon) -> bool:
    return token.lower_ in lex.pronouns


def _inside_word(token: Token) -> bool:
    """A hyphen or apostrophe glued to both neighbours: `Mohammad-Reza`."""
    doc = token.doc
    return (
        token.text in "-'’"
        and token.i > 0
        and token.i + 1 < len(doc)
        and not doc[token.i - 1].whitespace_
        and not token.whitespace_
    )


def _after_name_hyphen(token: Token) -> bool:
    """The lower-case part of a hyphenated given name: `Zhang Ri-hong`, `Moon Jae-in`."""
    doc = token.doc
    return token.is_lower and token.i >= 2 and _inside_word(doc[token.i - 1]) and is_capitalised(doc[token.i - 2])


def _number_in_name(token: Token) -> bool:
    """A number inside a name: `Satuan Tugas Penanganan Covid-19 Joko Wantoro`, `Daop 1 Eva`."""
    doc = token.doc
    if not token.is_digit or token.i == 0:
        return False
    previous = doc[token.i - 1]
    if _inside_word(previous):
        return True
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return previous.text[:1].isupper() and following is not None and following.text[:1].isupper()


def can_continue(token: Token, lex: Lexicon) -> bool:
    """Whether ``token`` can stand inside a mention (not necessarily at its edges)."""
    lowered = token.lower_
    if lex.is_cue(lowered) or lowered in lex.relay_verbs:
        return False
    if is_capitalised(token) or _number_in_name(token) or _after_name_hyphen(token) or _field_of_expert(token, lex):
        return True
    return lowered in lex.role_words or lowered in lex.source_nouns or _inside_word(token) or _connects(token, lex) \
        or _lower_case_title(token, lex)


def _field_of_expert(token: Token, lex: Lexicon) -> bool:
    """The field in lower case after an expert's role: `Pakar kesehatan menyebutkan`, `Seorang ahli
    medis dr. Devika Y`."""
    if not (token.is_lower and token.is_alpha) or token.i == 0 or token.doc[token.i - 1].lower_ not in lex.expert_roles:
        return False
    lowered = token.lower_
    return not (lowered in lex.adverbs or lowered in lex.function_words or lowered in lex.demonstratives
                or lowered in lex.pronouns or lowered in lex.prepositions or lowered in lex.role_words
                or lowered in lex.grammar.conjunctions or lowered == lex.grammar.relative
                or lex.is_cue(lowered) or lowered in lex.relay_verbs)


def _in_field_list(doc: Doc, i: int, lex: Lexicon) -> bool:
    """Whether the comma at ``i`` separates the fields an office is named by: after `Bidang` and
    capitalised fields, before capitalised fields that end in `dan`/`serta` and one more."""
    back = i - 1
    fields = lex.grammar.fields_of_office
    while back > 0 and (is_capitalised(doc[back]) or doc[back].text == ",") and doc[back].lower_ != fields:
        back -= 1
    if back < 0 or doc[back].lower_ != fields or i - back > MAX_FIELD_WORDS:
        return False
    ahead = i + 1
    while ahead < len(doc) and ahead - i <= MAX_FIELD_WORDS and (is_capitalised(doc[ahead]) or doc[ahead].text == ","):
        ahead += 1
    return ahead + 1 < len(doc) and doc[ahead].lower_ in lex.grammar.conjunctions and is_capitalised(doc[ahead + 1])


def _lower_case_title(token: Token, lex: Lexicon) -> bool:
    """A title written in lower case before a name: `Ketua Ikatan Dokter Keselamatan Kerja dr Eddy MS`."""
    doc = token.doc
    return token.is_lower and len(token.text) <= MAX_LOWER_CASE_TITLE and token.lower_.rstrip(".") in lex.titles \
        and token.i + 1 < len(doc) and is_capitalised(doc[token.i + 1])


def _connects(token: Token, lex: Lexicon) -> bool:
    """A lower-case word inside a body's or office's name, with capitalised words on both sides:
    `Head of Global Macro Research`, `Co-Founder sekaligus Pembina`; a comma in an office's list
    of fields: `Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Mahfud MD`."""
    doc = token.doc
    i = token.i
    if token.text == ",":
        return _in_field_list(doc, i, lex)
    if token.lower_ in lex.name_connectors:
        return 0 < i < len(doc) - 1 and is_capitalised(doc[i - 1]) and is_capitalised(doc[i + 1])
    # A second office of the same person: `Kepala BNPB yang juga Ketua Satgas Covid-19 Doni Monardo`.
    relative, also = lex.grammar.relative, lex.grammar.also
    if token.lower_ == relative:  # after an office, not a name: `Erick yang juga Menteri BUMN` is two mentions
        return 0 < i < len(doc) - 2 and doc[i + 1].lower_ == also and is_capitalised(doc[i + 2]) \
            and (lex.is_office_word(doc[i - 1].text) or doc[i - 1].lower_ in lex.role_words)
    return token.lower_ == also and 1 < i < len(doc) - 1 and doc[i - 1].lower_ == relative \
        and is_capitalised(doc[i - 2]) and is_capitalised(doc[i + 1])


_NEVER_AT_AN_EDGE = ("-", "'", "’", "(", ")")


def _can_edge(token: Token, lex: Lexicon) -> bool:
    lowered = token.lower_
    grammar = lex.grammar
    if lowered in _NEVER_AT_AN_EDGE or lowered in (grammar.and_word, grammar.relative, grammar.also) or token.is_punct \
            or lowered in lex.name_connectors:
        return False
    # `Sebelumnya ekonom menilai`: a sentence's linking opener is not part of who spoke.
    return not (is_capitalised(token) and (lowered in lex.function_words
                                           or lowered in lex.connectives and not lex.opens_names(token.text)))


def _closes_inside(doc: Doc, start: int, i: int) -> bool:
    """Whether token ``i`` is a parenthesis closing one opened after ``start``: a mention ends with
    a short name in parentheses (`Presiden Joko Widodo (Jokowi)`, `BMKG`'s), and keeps it whole."""
    if doc[i].text != ")":
        return False
    depth = 0
    for token in doc[start:i]:
        depth += {"(": 1, ")": -1}.get(token.text, 0)
    return depth > 0


def _trim(doc: Doc, start: int, end: int, lex: Lexicon) -> Span | None:
    while start < end and not _can_edge(doc[start], lex):
        start += 1
    while end > start and not (_can_edge(doc[end - 1], lex) or _closes_inside(doc, start, end - 1)):
        end -= 1
    if start >= end:
        return None
    span = doc[start:end]
    # A mention needs a head: a name, a person-denoting role or a source noun, not just
    # modifiers such as `regional` or `senior`.
    if not any(is_capitalised(t) or t.lower_ in lex.person_roles or t.lower_ in lex.source_nouns for t in span) \
            and not lex.has_person_role(span.text.lower()):
        return None
    return span


def names_someone(span: Span, lex: Lexicon) -> bool:
    return any(lex.is_name_word(t.text) for t in span)


def _opens_with_role(span: Span, lex: Lexicon) -> bool:
    """`Lurah Terjun`, `Kabid Humas Polda Sultra`: a mention led by an office, whose holder's name
    may follow after a comma, unlike `Shoigu` or `Sergei Shoigu`; or by a relative (`istri Amar
    Zoni, Irish Bella`); or an office of a company (`… of Lion Air Group, Danang Mandala`)."""
    if len(span) > 1 and span[0].lower_.rstrip(".") in lex.titles and not lex.is_name_word(span[1].text):
        span = span[1:]  # an acting office: `Plt Kepala BBPOM Surabaya, Retno Kurpaningsih`
    first = span[0].lower_
    return first in lex.person_roles or first in lex.kinship_words \
        or lex.person_role_pattern.match(span.text.lower()) is not None \
        or first in lex.role_words and not lex.is_name_word(span[0].text) and lex.has_person_role(span.text.lower()) \
        or _office_of_a_body(span, lex)


def _office_of_a_body(span: Span, lex: Lexicon) -> bool:
    """`Corporate Communications Strategic of Lion Air Group`: an office of a body named by its
    kind (id.toml ``organisation_tails``), which the holder's name may follow after a comma."""
    return len(span) > 1 and span[-1].lower_ in lex.organisation_tails and any(
        t.is_lower or t.lower_ in lex.role_words for t in span[:-1])


def _named_holder(doc: Doc, role: Span, lex: Lexicon, limit: int) -> Span | None:
    """The name a role mention is written with after a comma or `dari`:
    `kata Lurah Terjun, Erliana`, `kata Kabid Humas , Kombes Argo Yuwono`,
    `tutur Koordinator Tim Pengkajian RKUHP dari Komnas HAM Nurrahman Aji Utomo`."""
    if not _opens_with_role(role, lex):
        return None
    i = role.end
    of_body = lex.grammar.of_body
    while i < min(limit, role.end + MAX_ROLE_TAIL) and doc[i].is_lower and doc[i].lower_ != of_body:
        if doc[i].lower_ == lex.grammar.relative:
            return None  # a relative clause: `Presiden yang memimpin rapat dari Istana Merdeka`
        i += 1  # the rest of a role in lower case: `juru bicara kantor kejaksaan, Stephanie Gropp`
    if i > role.end and i < limit and is_capitalised(doc[i]):
        i = _walk(doc, i, 1, limit, lex)  # and the body it serves: `ahli epidemiologi Universitas Airlangga, Windhu`
    while i < limit and doc[i].text == ")":
        i += 1  # `peneliti Lembaga Ilmu Pengetahuan Indonesia (LIPI), Dewi Fortuna Anwar`
    if i >= limit or doc[i].text not in (",", of_body):
        return None
    joiner = doc[i].text
    i += 1
    while i < limit and doc[i].is_space:
        i += 1
    for _ in range(MAX_PLACE_SEGMENTS):
        # `Camat Neglasari, Kabupaten Tangerang, Ubaidillah Ansar`, `Kepala Dusun Nglahar, Kelurahan
        # Sumbersari, Kecamatan Moyudan, Wahyu Wibowo`: places before the name
        end = _walk(doc, i, 1, limit, lex)
        words = [t for t in doc[i:end] if not t.is_space]
        if joiner != "," or not words or end >= limit or doc[end].text != "," \
                or not (lex.is_office_word(words[0].text) and len(words) <= MAX_PLACE_WORDS
                        or all(lex.is_office_word(t.text) or t.lower_ == lex.grammar.and_word for t in words)):
            break
        i = end + 1
        while i < limit and doc[i].is_space:
            i += 1
    if i >= limit or not is_capitalised(doc[i]) or doc[i].lower_ in lex.function_words:
        return None
    end = _walk(doc, i, 1, limit, lex)
    holder = _trim(doc, i, end, lex)
    if holder is None or not names_someone(holder, lex):
        return None
    if joiner == "," and names_someone(role, lex) and holder.end < limit and not doc[holder.end].is_punct \
            and doc[holder.end].lower_ not in lex.function_words:
        return None  # `kata Kepala BNPB Doni Monardo, Jakarta …` goes on about something else
    if joiner == of_body and holder.end + 1 < limit and doc[holder.end].text == ",":
        # `kata anggota Tim Peneliti GeNose dari UGM, Dian Kesumapramudya Nurputra, seusai …`
        named = _trim(doc, holder.end + 1, _walk(doc, holder.end + 1, 1, limit, lex), lex)
        if named is not None and named.start == holder.end + 1 and all(lex.is_name_word(t.text) for t in named) \
                and (named.end >= limit or doc[named.end].is_punct):
            return named
    return holder if joiner == "," else doc[role.start : holder.end]


def _cites(doc: Doc, i: int) -> bool:
    """Whether the parenthesis opening at token ``i`` cites a source and a date (`(Kompas,
    12/5/2020)`): a comma before it closes, unlike a body's short name (`(PDI-P)`)."""
    for token in doc[i + 1 : i + 1 + MAX_CITATION_TOKENS]:
        if token.text == ")":
            return False
        if token.text == ",":
            return True
    return False


def _walk(doc: Doc, i: int, step: int, limit: int, lex: Lexicon) -> int:
    """Index one past the last token of a mention walked from ``i`` in direction ``step``."""
    depth = 0
    count = 0
    while 0 <= i < len(doc) and count < MAX_MENTION_TOKENS and i != limit:
        token = doc[i]
        opens, closes = ("(", ")") if step > 0 else (")", "(")
        if token.text == "(" and step > 0 and i + 1 < len(doc) and (doc[i + 1].is_digit or _cites(doc, i)):
            break  # an age or a citation, not part of the name: `Rizki Rifai (19)`, `Anton (Kompas, 12/5/2020)`
        if token.text == opens:
            depth += 1
        elif token.text == closes and depth:
            depth -= 1
        elif depth and not token.is_punct:
            pass
        elif not can_continue(token, lex) and not (token.lower_ == lex.grammar.and_word and count) \
                and not (token.text == "/" and count and 0 <= i + step < len(doc) and is_capitalised(doc[i + step])):
            break  # but two offices held at once go on: `Menteri Riset dan Teknologi / Kepala Badan …`
        i += step
        count += 1
    return i


def _side_of(doc: Doc, i: int, lex: Lexicon) -> bool:
    """`pihak museum`, `pihak sekolah`: the side of a body named by its kind in lower case."""
    if i + 1 >= len(doc) or doc[i].lower_ != lex.grammar.side:
        return False
    kind = doc[i + 1]
    return kind.is_alpha and kind.is_lower and kind.lower_ not in lex.role_words and kind.lower_ not in lex.adverbs \
        and kind.lower_ not in lex.grammar.reciprocals \
        and kind.lower_ not in lex.function_words and kind.lower_ not in lex.prepositions \
        and not lex.is_cue(kind.lower_)


def mention_after(doc: Doc, i: int, lex: Lexicon, limit: int | None = None) -> Span | None:
    """The mention starting at token ``i``: `Shoigu` in `ujar Shoigu dalam pertemuan`."""
    limit = len(doc) if limit is None else limit
    while i < limit and doc[i].is_space:  # `menurut\xa0Jovita`: CLICK-ID keeps no-break spaces
        i += 1
    if i >= len(doc):
        return None
    if is_pronoun(doc[i], lex):
        return doc[i : i + 1]
    if _side_of(doc, i, lex) and i + 2 <= limit:
        return doc[i : i + 2]
    end = _walk(doc, i, 1, limit, lex)
    span = _trim(doc, i, end, lex)
    if span is None:
        return None
    return _named_holder(doc, span, lex, limit) or _with_whereabouts(doc, span, lex, limit)


def _with_whereabouts(doc: Doc, span: Span, lex: Lexicon, limit: int) -> Span:
    """An unnamed group or person with where they are from, which is all that describes them:
    `kata seorang WNI di Davao`, `sejumlah ulama di Timur Tengah`."""
    if span[0].lower_ not in lex.quantifiers or any(lex.is_name_word(t.text) and not t.is_upper for t in span[1:]) \
            or span.end + 1 >= min(limit, len(doc)) or doc[span.end].lower_ not in lex.grammar.whereabouts:
        return span
    place = _walk(doc, span.end + 1, 1, limit, lex)
    if place == span.end + 1 or not is_capitalised(doc[span.end + 1]):
        return span
    return doc[span.start : place]


def mention_before(doc: Doc, i: int, lex: Lexicon, limit: int = 0) -> Span | None:
    """The subject mention ending just before token ``i``, adverbs and spaces skipped: `Shoigu juga`,
    `Sri Mulyani\xa0menyatakan` (CLICK-ID keeps no-break spaces)."""
    j = i - 1
    while j >= limit and (doc[j].lower_ in lex.adverbs or doc[j].is_space):
        j -= 1
    if j < limit:
        return None
    if is_pronoun(doc[j], lex):
        return doc[j : j + 1]
    if j - 1 >= limit and _side_of(doc, j - 1, lex) and not (j - 2 >= limit and doc[j - 2].lower_ in lex.prepositions):
        return doc[j - 1 : j + 1]  # not `Data yang diperoleh dari pihak bandara menyebutkan`
    start = _walk(doc, j, -1, limit - 1, lex) + 1
    span = _trim(doc, start, j + 1, lex)
    return _described_before(doc, span, lex, limit) if span is not None else None


# How many words in lower case an unnamed subject's description may have before its place.
MAX_DESCRIPTION_WORDS = 4


def _described_before(doc: Doc, span: Span, lex: Lexicon, limit: int) -> Span:
    """A place that ends an unnamed subject's description: `Seorang wanita asal Blitar mengaku`,
    `sejumlah warga di Jakarta mengatakan`, `Seorang warga yang tinggal di Jakarta mengatakan` are
    the woman and the residents, not the place."""
    at = span.start - 1
    if at - 2 < limit or doc[at].lower_ not in lex.grammar.whereabouts:
        return span
    for begin in range(at - 2, at - 2 - MAX_DESCRIPTION_WORDS, -1):
        if begin >= limit and doc[begin].lower_ in lex.quantifiers \
                and all(t.is_alpha and t.is_lower for t in doc[begin + 1 : at]):
            return doc[begin : span.end]
    return span


_SENTENCE_BOUNDS = "claimtrack.sentence_bounds"


def sentences(doc: Doc) -> list[Span]:
    """The sentences of ``doc``, read from its sentence starts once: `Doc.sents` makes a Token
    object of every word on every call, a large part of extraction's time."""
    bounds = doc.user_data.get(_SENTENCE_BOUNDS)
    if bounds is None:
        starts = numpy.flatnonzero(doc.to_array("SENT_START") == 1).tolist() if len(doc) else []
        if len(doc) and (not starts or starts[0] != 0):
            starts = [0, *starts]
        bounds = doc.user_data[_SENTENCE_BOUNDS] = list(zip(starts, [*starts[1:], len(doc)], strict=True))
    return [Span(doc, start, end) for start, end in bounds]  # `doc[start:end]` without normalising the slice


def sentence_subjects(doc: Doc, lex: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, text) of the mention opening each sentence as its subject, where a predicate
    in lower case follows: `Nurhadi juga menyoroti …`, `Sementara itu, Direktur Utama PT PLN
    Zulkifli Zaini menuturkan …`, `Ketua Dewan Sentral Muslim, Aiman Mazyek, menggambarkan …`.
    Of `Mertens dan Sabalenka lolos …` the first; also the agent of a passive speech verb (`Hal
    senada disampaikan Rizki Rifai`). Speaker resolution takes the person the
    narration has just introduced as the antecedent of a following `-nya` cue."""
    subjects = []
    # Where the cues of a passive or an `adalah` stand, found without making a Token per word.
    wanted = {doc.vocab.strings[word] for word in (*lex.passive_cues, "adalah")}
    lowers = doc.to_array("LOWER").tolist() if len(doc) else []
    marked = [i for i, lower in enumerate(lowers) if lower in wanted]
    comma_hash = doc.vocab.strings[","]  # the lower-case form `,` is the text `,`
    for sent in sentences(doc):
        starts = [after_subheading(doc, sent.start, sent.end, lex)]
        comma = next((i for i in range(sent.start, min(sent.start + MAX_OPENING_TOKENS, sent.end))
                      if lowers[i] == comma_hash), None)
        if comma is not None:
            starts.append(comma + 1)  # after an opening adverbial, or the name after a role
        for i in starts:
            while i < sent.end and doc[i].is_space:
                i += 1
            if i >= sent.end or not is_capitalised(doc[i]) or is_pronoun(doc[i], lex):
                continue
            span = mention_after(doc, i, lex, sent.end)
            if span is None or span.start != i or span.end >= sent.end:
                continue
            following = doc[span.end]
            if following.lower_ in lex.demonstratives:
                continue  # `Dokter RSUD Abdul Wahab Sjahranie (AWS) tersebut mengatakan`: someone named before
            appositive = following.text == "," and span.end + 1 < sent.end and doc[span.end + 1].is_lower \
                and i > sent.start
            # `Abdian Saputra, Koordinator Ekajaya Fast Boat, juga menyampaikan …`, `Ratna (47), warga …`
            described = i == sent.start and following.text in (",", "(") and all(lex.is_name_word(t.text) for t in span)
            # `Kepala Dinas Kesehatan Kalsel Muhammad Muslim, yang juga juru bicara …, mengatakan`
            relative = (following.text == "," and span.end + 1 < sent.end
                        and doc[span.end + 1].lower_ == lex.grammar.relative)
            if following.is_alpha and following.is_lower or appositive or described or relative:
                conjunction = next((t.i for t in span if t.lower_ == lex.grammar.and_word), None)
                if conjunction is not None and conjunction > span.start:
                    span = doc[span.start : conjunction]
                subjects.append((span.start_char, span.end_char, span.text))
                if not (len(span) == 1 and span[0].lower_ in lex.common_words):
                    break  # else also try after the comma: `Terkait itu, Kepala … Teguh Nugroho mendukung`
        for token in (doc[i] for i in marked[bisect_left(marked, sent.start) : bisect_left(marked, sent.end)]):
            if token.lower_ == "adalah" and token.i + 1 < sent.end and is_capitalised(doc[token.i + 1]):
                # `Salah satunya adalah Ketua Perkumpulan … Hasbullah Thabrany.`: someone the sentence names
                named = mention_after(doc, token.i + 1, lex, sent.end)
                if named is not None and named.start == token.i + 1 and names_someone(named, lex) \
                        and (named.end >= sent.end or doc[named.end].is_punct):
                    subjects.append((named.start_char, named.end_char, named.text))
            if token.lower_ in lex.passive_cues:
                i = token.i + 1 + (token.i + 1 < sent.end and doc[token.i + 1].lower_ == "oleh")
                agent = mention_after(doc, i, lex, sent.end) if i < sent.end else None
                if agent is not None and not is_pronoun(agent[0], lex):
                    subjects.append((agent.start_char, agent.end_char, agent.text))
    return sorted(subjects)
