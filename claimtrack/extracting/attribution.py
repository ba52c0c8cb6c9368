"""Turning quoted regions and speech cues into quotes with cue and speaker mention.

Rules, in the order they are tried (each quote records the rule as its ``method``):

direct
  ``trailing-cue``   `“…,” ujar Shoigu` / `“…,” katanya` / `“…”, kata Shoigu`
  ``leading-cue``    `Dehqan mengatakan “…”` / `kata Shoigu: “…”` (the quote ends the sentence)
  ``bare``           a quote that is a whole sentence or paragraph with no cue of its own; its
                     speaker is the previous speaker (resolved in ``claimtrack.speakers``)
  ``chain``          the next paragraph of a quote left open at a paragraph's end
partial
  ``fragment``       a quoted fragment after a cue in a reported sentence:
                     `menggambarkan “sangat baik dan konstruktif” kerja sama …`
indirect
  ``trailing-cue``   `…, kata Kremlin dalam sebuah pernyataan` / `…, menurut X.` / `…, TASS melaporkan.`
  ``according-to``   `Menurut X, …`
  ``lost-marks``     a trailing cue's speech over several sentences, where marks were lost upstream
  ``preposed-cue``   `X mengatakan (bahwa) …` / `Dia menambahkan, …`; two in one sentence
                     (`Setelah X mengakui …, Y mengatakan …`); `X memberi klarifikasi bahwa …`
  ``passive-cue``    `Diterangkan dr X, …` / `Dalam pesan itu disebutkan bahwa …` / `Dilansir dari X, …`
  ``backward-cue``   the sentence before `Hal tersebut disampaikan X …` / `Demikian dikatakan X.`
  ``medial-cue``     a -nya cue inside the clause with no commas: `Kebijakan tersebut dikatakannya
                     sebagai …` / `Bukti tersebut juga menurutnya menegaskan …`

Anything quoted that fits none of these (scare quotes, titles, nicknames) is not a quote.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from claimtrack.extracting import mentions
from claimtrack.extracting.quote_marks import ALL_MARKS, QuotedRegion, paragraphs
from claimtrack.extracting.wraps import doc_text
from claimtrack.lexicon import Lexicon
from claimtrack.names import is_degree
from claimtrack.records import Quote

# How far each rule is trusted; measured on the seeds and the clickid dev set, not learned.
CONFIDENCE = {
    "direct:trailing-cue": 0.95,
    "direct:leading-cue": 0.9,
    "direct:chain": 0.8,
    "direct:trailing-relay": 0.75,
    "direct:bare": 0.7,
    "partial:fragment": 0.75,
    "indirect:trailing-cue": 0.8,
    "indirect:according-to": 0.8,
    "indirect:preposed-cue": 0.7,
    "indirect:passive-cue": 0.7,
    "indirect:lost-marks": 0.6,
    "indirect:backward-cue": 0.6,
    "indirect:medial-cue": 0.6,
}
MIN_INDIRECT_WORDS = 3
MAX_DESCRIPTION_TOKENS = 12
MIN_VERB_LETTERS = 6  # a prefixed verb is longer than `meja`, `dia`, `terus`
MAX_TITLE_WORDS = 8
MAX_LOST_MARK_SENTENCES = 4  # how far back speech whose marks were lost may start before its cue
MAX_RELATIVE_CLAUSE_TOKENS = 8  # `artikel yang cukup viral di internet menyebut`: a document's relative clause
MAX_ADVERBS_BEFORE_CUE = 3  # `tidak pernah mengatakan`: a negation this far before a cue, adverbs between
DASHES = ("-", "–", "—")
_OPENERS = (",", ":", *ALL_MARKS)  # what follows a comma-only cue that reports speech: `melanjutkan, "…"`
# Relatives besides `mentions.kinship_words` that, with -nya, open a reported clause; left out
# there because they are also honorifics (`Ibu Risma`) or open given names (`Putra Nababan`).
class _Article:
    """Per-document lookups shared by the rules."""

    def __init__(self, doc: Doc, lex: Lexicon, regions: list[QuotedRegion], boilerplate: list[tuple[int, int]]):
        self.doc = doc
        self.lex = lex
        self.according_to_nya = f"{lex.according_to_opener}nya"  # `menurutnya`
        self.according_to_openers = (lex.according_to_opener, self.according_to_nya)
        self.regions = regions
        self.boilerplate = boilerplate
        # token_at[offset]: the token covering a character; whitespace belongs to the token before.
        self.text = text = doc_text(doc)
        self.token_at = [0] * (len(text) + 1)
        starts = doc.to_array("IDX").tolist() if len(doc) else []  # no Token objects made
        for i, (start, following) in enumerate(zip(starts, [*starts[1:], len(text) + 1], strict=True)):
            self.token_at[start:following] = [i] * (following - start)
        self._sentences: list[Span] = []
        self._sentence_of_token: list[int] | None = None
        self._content_starts: dict[int, int] = {}  # sentence start -> where its content starts
        # Each word's lower-case form as a string-store hash, and the hashes of the cues: the
        # rules find their cues among these without making a Token object of every word.
        self.lowers = doc.to_array("LOWER").tolist() if len(doc) else []
        strings = doc.vocab.strings
        self.comma = strings.add(",")
        self.first_person = {strings.add(word) for word in lex.first_person}
        self.preposed = {strings.add(word) for word in lex.preposed_cues}
        light = {strings.add(word) for word in lex.light_verbs}
        # Where a preposed cue or a light verb stands: `_preposed_one` looks at these only, not at
        # a Token object of every word of every sentence.
        self.preposed_or_light = [i for i, lower in enumerate(self.lowers) if lower in self.preposed or lower in light]
        self.medial_nya = {strings.add(word) for word in (self.according_to_nya,
                                                         *(f"{cue}nya" for cue in lex.passive_cues))}
        self.inverted = {strings.add(word) for word in (
            *lex.inverted_cues, *(f"{cue}nya" for cue in (*lex.inverted_cues, *lex.according_to)),
            *lex.according_to, f"{lex.according_to_opener}nya")}
        self.quoted = [False] * len(doc)
        for region in regions:
            for i in range(self.token_at[region.open_at], self.token_at[max(region.outer_end - 1, region.open_at)] + 1):
                self.quoted[i] = True
        # The words of the direct and partial quotes found (`mark_speech`), marks included: a
        # reported clause does not take them in, but may hold a title or scare quotes in marks
        # (`program acara “Hotman Paris Show”`, `… sebagai ‘skandal melengkung’ iPhone 6 Plus`).
        self.quoted_speech = [False] * len(doc)
        # Whether the article lost its quote marks upstream: no direct quote found (`mark_speech`),
        # whatever titles or scare quotes kept their marks.
        self.marks_lost = True
        self._paragraph_starts: list[int] | None = None

    def mark_speech(self, quotes: list[Quote]) -> None:
        self.marks_lost = not any(quote.kind == "direct" for quote in quotes)
        for quote in quotes:
            first, last = self.token_at[quote.start], self.token_at[max(quote.end - 1, quote.start)]
            if first > 0 and self.doc[first - 1].text in ALL_MARKS:
                first -= 1
            if last + 1 < len(self.doc) and self.doc[last + 1].text in ALL_MARKS:
                last += 1
            for i in range(first, last + 1):
                self.quoted_speech[i] = True

    def paragraph_start(self, char: int) -> int:
        """Where the paragraph holding ``char`` starts."""
        if self._paragraph_starts is None:
            self._paragraph_starts = [start for start, _ in paragraphs(self.text)]
        return self._paragraph_starts[max(bisect_right(self._paragraph_starts, char) - 1, 0)] \
            if self._paragraph_starts else 0

    def in_boilerplate(self, start: int, end: int) -> bool:
        return any(start < b_end and b_start < end for b_start, b_end in self.boilerplate)

    def sentence_of(self, char: int) -> Span:
        # Token.sent scans every sentence on each call; look it up in a precomputed table.
        if self._sentence_of_token is None:
            self._sentences = mentions.sentences(self.doc)
            self._sentence_of_token = [0] * len(self.doc)
            for number, sent in enumerate(self._sentences):
                self._sentence_of_token[sent.start : sent.end] = [number] * (sent.end - sent.start)
        return self._sentences[self._sentence_of_token[self.token_at[char]]]

    def sentences_before(self, char: int) -> list[Span]:
        """The sentences before the one holding ``char``."""
        self.sentence_of(char)
        return self._sentences[: self._sentence_of_token[self.token_at[char]]]

    def is_cue(self, token: Token) -> bool:
        return self.lex.is_cue(token.lower_) and not self.negated(token)

    def negated(self, token: Token) -> bool:
        """`tidak mengatakan`, also with adverbs between: `tidak pernah mengatakan`, `belum juga menyebutkan`."""
        if token.lower_ in self.lex.denials:
            return False
        for i in range(token.i - 1, max(token.i - 1 - MAX_ADVERBS_BEFORE_CUE, -1), -1):
            word = self.doc[i].lower_
            if word in self.lex.negations:
                return True
            if word not in self.lex.adverbs and not self.doc[i].is_space:
                return False
        return False

    def content_start(self, sent: Span) -> int:
        """First token of a sentence after any dateline (`MOSKOW, ANTARA - `) or a subheading glued
        to it (`Tak ada payung hukum Ketua …`)."""
        found = self._content_starts.get(sent.start)
        if found is None:
            found = self._content_starts[sent.start] = self._content_start(sent)
        return found

    def _content_start(self, sent: Span) -> int:
        head = sent[:8]
        if not any(dash in self.text[head.start_char : head.end_char] for dash in DASHES):
            return mentions.after_subheading(self.doc, sent.start, sent.end, self.lex)  # no dash token there
        for token in head:
            if token.text in DASHES and token.whitespace_ and token.i > sent.start and token.nbor(-1).whitespace_:
                if any(t.is_alpha and t.is_lower for t in self.doc[sent.start : token.i]):
                    break  # a dash in prose (`pada periode Januari – Juni 2001`), not after a dateline
                return token.i + 1
        return mentions.after_subheading(self.doc, sent.start, sent.end, self.lex)


def _span_quote(text: str, start: int, end: int, kind: str, method: str, **fields) -> Quote:
    return Quote(start=start, end=end, text=text[start:end], kind=kind, method=method,
                 confidence=CONFIDENCE[method], **fields)


def _cue_fields(token: Token, lex: Lexicon) -> dict:
    return {"cue": token.text, "cue_start": token.idx, "cue_end": token.idx + len(token.text)}


def _mention_fields(span: Span | None) -> dict:
    if span is None:
        return {}
    return {"speaker": span.text, "speaker_start": span.start_char, "speaker_end": span.end_char}


def _nya_fields(token: Token) -> dict:
    end = token.idx + len(token.text)
    return {"speaker": "-nya", "speaker_start": end - 3, "speaker_end": end}


def _has_nya(token: Token, lex: Lexicon) -> bool:
    lowered = token.lower_
    return lowered.endswith("nya") and (lowered[:-3] in lex.inverted_cues or lowered[:-3] in lex.according_to)


def _speaker_after_cue(art: _Article, cue: Token, limit: int | None = None) -> dict:
    if _has_nya(cue, art.lex):
        return _nya_fields(cue)
    found = mentions.mention_after(art.doc, cue.i + 1, art.lex, limit)
    if found is not None and found.end < (limit or len(art.doc)) and len(found) > 1 \
            and art.doc[found.end].lower_ in art.lex.demonstratives:
        # `jelas anggota Trio Ubur-Ubur itu`: a description pointing back to the last speaker.
        found = art.doc[found.start : found.end + 1]
    return _mention_fields(found)


def _subject_of(art: _Article, cue: Token, sent: Span) -> Span | None:
    """Who a preposed cue belongs to: the mention right before it, or the clause's subject
    when the cue is a second predicate (`Presiden Rusia menyoroti …, dan mengatakan …`). A name
    set off by commas beats its description: `Perencana keuangan dari ZAP Finance, Prita Hapsari
    Ghozie, menilai`, `Christopher Vierhaus, Marketing Director Hansaplast mengatakan`."""
    start = art.content_start(sent)
    found = mentions.mention_before(art.doc, cue.i, art.lex, limit=start)
    previous = art.doc[cue.i - 1] if cue.i > start else None
    relative = _before_relative_clause(art, cue, start)
    if relative is not None:
        return relative
    document = _document_with_relative_clause(art, cue, start)
    if document is not None:
        return document
    if found is not None and found.start - 1 > start and art.doc[found.start - 1].lower_ == art.lex.grammar.of_body:
        # `Reynaldi dari PT House of Rattan mengatakan`: the person, not the company.
        member = mentions.mention_before(art.doc, found.start - 1, art.lex, limit=start)
        if member is not None and all(art.lex.is_name_word(t.text) for t in member) \
                and (member.start == start or art.doc[member.start - 1].text == ","):
            return member
        if member is not None and (member.start == start or art.doc[member.start - 1].text == ",") \
                and art.lex.is_name_word(member[-1].text) \
                and not art.lex.is_office_word(member[-1].text) and mentions.names_someone(member, art.lex):
            return member  # `Ketua DPR AS Nancy Pelosi dari Partai Demokrat mengumumkan`: the office's holder
        glue = member.start - 1 if member is not None else -1
        if glue > start and art.doc[glue].lower_ in art.lex.grammar.speaker_description_glue \
                and not mentions.names_someone(member, art.lex):
            # `Abdulmohsen Alyas selaku perwakilan dari Kementerian … memastikan`: the person whose office it is
            named = mentions.mention_before(art.doc, glue, art.lex, limit=start)
            if named is not None and named.end == glue and all(art.lex.is_name_word(t.text) for t in named):
                return named
    if found is not None and found.start - 2 >= start and art.doc[found.start - 1].lower_ == art.lex.grammar.also \
            and art.doc[found.start - 2].lower_ == art.lex.grammar.relative:
        # `Erick yang juga Menteri BUMN mengatakan`: the person the office is added to.
        holder = mentions.mention_before(art.doc, found.start - 2, art.lex, limit=start)
        if holder is not None and mentions.names_someone(holder, art.lex):
            return holder
    leading = _leading_appositive(art, cue, sent)
    if leading is not None and (found is None or found.start > leading.end):
        return leading  # `Decky Senduk, sekretaris tim kampanye Vonnie-Hendry, mengaku`
    if found is not None:
        named = _name_before_description(art, found, start)
        if named is not None:
            return named
    if found is None and previous is not None and previous.text == ",":
        between = mentions.mention_before(art.doc, cue.i - 1, art.lex, limit=start)
        if between is not None and mentions.names_someone(between, art.lex):
            return _member_set_off_before(art, between, start) or between
    opening = _subject_before_circumstances(art, cue, start)
    if opening is not None and (found is None or found.start > opening.end and found.start > start
                                and art.doc[found.start - 1].lower_ in art.lex.prepositions):
        return opening
    if found is not None:
        return found
    described = _description_before(art, cue, start) or _kind_before(art, cue, sent, start)
    if described is not None:
        return described
    if previous is None or previous.lower_ != "," and previous.lower_ not in art.lex.grammar.conjunctions \
            and previous.lower_ not in art.lex.grammar.sequels:
        return None
    candidates = [start] + [t.i + 1 for t in art.doc[start:cue.i] if t.text == ","]
    for begin in candidates[:2]:
        found = mentions.mention_after(art.doc, begin, art.lex, limit=cue.i)
        if found is not None and found.end < cue.i:
            return found
    return None


def _document_with_relative_clause(art: _Article, cue: Token, start: int) -> Span | None:
    """A circulating text described by a relative clause, as the subject of the cue: `Sebuah
    artikel yang cukup viral di internet menyebut bahwa …`, `beredar berita yang menyebut …`,
    `Informasi yang beredar menyatakan …`."""
    relative = art.lex.grammar.relative
    for k in range(cue.i - 1, max(start, cue.i - 1 - MAX_RELATIVE_CLAUSE_TOKENS) - 1, -1):
        token = art.doc[k]
        if token.is_punct and token.text not in "()" or art.quoted[k] or k < cue.i - 1 and art.lex.is_cue(token.lower_):
            return None
        if token.lower_ == relative and k - 1 >= start and art.doc[k - 1].lower_ in art.lex.documents:
            begin = k - 1
            if begin - 1 >= start and art.doc[begin - 1].lower_ in art.lex.quantifiers:
                begin -= 1
            if begin - 1 >= start and (art.doc[begin - 1].lower_ in art.lex.prepositions
                                       or art.doc[begin - 1].lower_ in art.lex.grammar.topics):
                return None  # `Untuk informasi yang menyebutkan jika …, …`: a topic, not a subject
            if art.doc[cue.i - 1].lower_ == relative and not (
                    cue.i + 1 < len(art.doc) and (art.doc[cue.i + 1].lower_ in art.lex.complementizers
                                                  or art.doc[cue.i + 1].text in (",", ":"))):
                return None  # `Sebuah artikel yang menyebutkan iklan lele kotor … menjadi viral`: a noun object
            end = cue.i - 1 if art.doc[cue.i - 1].lower_ == relative else cue.i
            end = end if end > k else k
            return art.doc[begin:end]  # not the `yang` that opens the cue's own clause
    return None


def _member_set_off_before(art: _Article, body: Span, start: int) -> Span | None:
    """The person set off by commas before the body they are from or the description of them,
    which stands right before the cue: `dr Frandy Susatia SpS, dari RS Siloam Kebon Jeruk, meminta`
    is Frandy Susatia; `Rizal (40), warga Jalan Marelan Raya …, mengatakan` is Rizal."""
    i = body.start
    if i - 2 >= start and art.doc[i - 1].lower_ == art.lex.grammar.of_body and art.doc[i - 2].text == ",":
        comma = i - 2
    elif i - 1 >= start and art.doc[i - 1].text == "," and body[0].is_lower and body[0].lower_ in art.lex.role_words \
            and len(body) > 1 and (body[1].lower_ in art.lex.place_heads or body[1].lower_ in art.lex.grammar.locatives
                                   or body[1].lower_ in art.lex.places):
        comma = i - 1  # a description by where they live (`warga Jalan …`), not a titled name (`dokter Adam Prabata`)
    else:
        return None
    end = comma
    if end - 3 >= start and art.doc[end - 1].text == ")" and art.doc[end - 2].is_digit and art.doc[end - 3].text == "(":
        end -= 3  # an age after the name: `Rizal (40),`
    member = mentions.mention_before(art.doc, end, art.lex, limit=start)
    if member is None or not mentions.names_someone(member, art.lex) or member.end != end:
        return None
    return member


def _name_before_description(art: _Article, found: Span, start: int) -> Span | None:
    """A name followed, with no comma, by an unnamed description of its bearer: `Indra Lubis salah
    seorang warga mengatakan` is Indra Lubis, not `seorang warga`."""
    k = found.start
    if found[0].lower_ not in art.lex.quantifiers:
        return None
    if k - 1 > start and art.doc[k - 1].lower_ in art.lex.quantifiers:  # `salah seorang`
        k -= 1
    if any(art.lex.is_name_word(t.text) for t in found):
        return None
    named = mentions.mention_before(art.doc, k, art.lex, limit=start)
    if named is None or named.end != k or not all(art.lex.is_name_word(t.text) for t in named):
        return None
    return named


def _subject_before_circumstances(art: _Article, cue: Token, start: int) -> Span | None:
    """A named subject opening the sentence, with the circumstances of the utterance or a relative
    clause between it and its cue: `Menteri Keuangan Sri Mulyani Indrawati dalam wawancara khusus
    dengan Kompas menyampaikan`, `… Komisaris Besar M Roem Ohoirat yang dihubungi secara terpisah
    mengatakan`, `Tedi Hafni dihubungi secara terpisah mengatakan`; or set off by commas:
    `Airlangga Hartarto, saat menyampaikan pendapat akhir pemerintah …, Senin (5/10/2020) sore
    menyatakan`, `Dezy Syukrawati, dihubungi kemarin, mengatakan`. Not when another cue comes
    first, nor a comma in the first form."""
    subject = mentions.mention_after(art.doc, start, art.lex, limit=cue.i)
    if subject is None or subject.start != start or subject.end >= cue.i - 1 \
            or not mentions.names_someone(subject, art.lex) \
            or len(subject) == 1 and subject[0].lower_ in art.lex.common_words:  # `Diangkut dengan Hercules …`
        return None
    set_off = art.doc[subject.end].text == ","
    after = art.doc[subject.end + 1] if set_off else art.doc[subject.end]
    if after.lower_ not in art.lex.circumstances and after.lower_ not in art.lex.reached \
            and (set_off or after.lower_ != art.lex.grammar.relative
                 and after.lower_ not in art.lex.grammar.accompaniment):
        return None
    if any(t.text == "," and not set_off or art.is_cue(t) for t in art.doc[subject.end : cue.i]):
        return None
    return subject


def _before_relative_clause(art: _Article, cue: Token, start: int) -> Span | None:
    """The subject a relative clause describes, set off by commas before the cue: `Kepala Dinas
    Kesehatan Kalsel Muhammad Muslim, yang juga juru bicara Gugus Tugas …, mengatakan`."""
    relative = art.lex.grammar.relative
    comma = next((t.i for t in art.doc[start : cue.i - 1] if t.text == "," and art.doc[t.i + 1].lower_ == relative),
                 None)
    if comma is None or art.doc[cue.i - 1].text != "," \
            or any(art.lex.is_cue(t.lower_) for t in art.doc[comma : cue.i]):
        return None
    found = mentions.mention_before(art.doc, comma, art.lex, limit=start)
    if found is None or not mentions.names_someone(found, art.lex):
        return None
    opening = art.doc[found.start - 1] if found.start > start else None
    return found if opening is None or opening.text == "," else None


def _description_before(art: _Article, cue: Token, start: int) -> Span | None:
    """A description pointing back to someone already named, as the subject of the cue:
    `Pria berusia 38 tahun tersebut mengaku …`, `Mantan Direktur Pelaksana Bank Dunia ini
    mengatakan …`. Resolution treats it like a pronoun."""
    j = cue.i - 1
    while j >= start and art.doc[j].lower_ in art.lex.adverbs:
        j -= 1
    if j <= start or art.doc[j].lower_ not in art.lex.demonstratives:
        return None
    begin = start
    opening = next((t.i for t in reversed(art.doc[start:j]) if t.text == ","), None)
    if opening is not None:
        begin = opening + 1  # `Melalui postingan tersebut, pria kelahiran 1987 itu kemudian mengabarkan`
    while begin < j and art.doc[begin].is_space:
        begin += 1
    words = art.doc[begin : j + 1]
    # A description may name a body with its short name: `Dokter Rumah Sakit Umum Daerah (RSUD) Abdul
    # Wahab Sjahranie (AWS) tersebut mengatakan`.
    brackets = sum(1 for t in words if t.text in "()")
    if not 2 <= len(words) - brackets <= MAX_DESCRIPTION_TOKENS \
            or any(t.is_punct and t.text not in "()" and not (t.text == "-" and not t.whitespace_)
                   or art.lex.is_cue(t.lower_) for t in words):  # `PS TIRA-Persikabo`, `U-19` keep their hyphens
        return None
    return words


def _kind_before(art: _Article, cue: Token, sent: Span, start: int) -> Span | None:
    """An unnamed subject that is a kind of person, people, body or source, the whole clause before
    the cue (after a linking opener): `terdakwa menyatakan …`, `Selain itu, para alumni menilai, …`,
    `Beberapa website dari internet mengatakan bahwa …`, `pihak presidium 212 menegaskan bahwa …`.
    Not a relative clause's head (`Banyak yang mengatakan …`) nor a phrase opened by a preposition."""
    begin = _after_connective(art, sent, start) or start
    comma = next((t.i for t in reversed(art.doc[begin : cue.i]) if t.text == ","), None)
    if comma is not None and art.doc[begin].lower_ in art.lex.function_words:
        begin = comma + 1  # after an opening adverbial: `Setelah berkonsultasi …, terdakwa menyatakan`
    return _kind_between(art, begin, cue)


def _kind_between(art: _Article, begin: int, cue: Token) -> Span | None:
    lex = art.lex
    while begin < cue.i and art.doc[begin].is_space:
        begin += 1
    end = cue.i
    while end > begin and art.doc[end - 1].lower_ in lex.adverbs:
        end -= 1
    words = art.doc[begin:end]
    if not 1 <= len(words) <= MAX_DESCRIPTION_TOKENS or any(
            t.is_punct and t.text not in "()" or t.is_space or art.quoted[t.i] or lex.is_cue(t.lower_)
            or t.lower_ == lex.grammar.relative for t in words):
        return None
    lowered = [t.lower_ for t in words]
    first = lowered[0]
    if first not in lex.quantifiers and first not in lex.plural_quantifiers and (
            first in lex.function_words or first in lex.prepositions or first in lex.pronouns
            or first in lex.connectives):
        return None
    kinds = (lex.role_words, lex.person_roles, lex.people_nouns, lex.expert_roles, lex.source_nouns,
             lex.documents, lex.media_nouns)
    glue = lex.grammar.speaker_description_glue
    for token, word in zip(words[1:], lowered[1:], strict=True):
        if word in glue or any(word in kind for kind in kinds):
            continue
        if word in lex.function_words or word in lex.adverbs or word in lex.grammar.auxiliaries \
                or word in lex.demonstratives or word in lex.passive_cues or word in lex.grammar.reciprocals \
                or token.is_lower and len(word) >= MIN_VERB_LETTERS and word.startswith(lex.grammar.verb_prefixes):
            return None  # a clause (`Boikot Traveloka itu dilakukan warganet karena`), not a noun phrase
    if first in lex.quantifiers or first in lex.plural_quantifiers or first == lex.grammar.side \
            or any(word in kind for word in lowered for kind in kinds):
        return words
    return None


def _leading_appositive(art: _Article, cue: Token, sent: Span) -> Span | None:
    """A bare name opening the sentence and set off by a comma, the cue following its
    description: `Heri, keluarga dari pemuda 29 tahun itu menuturkan, …`."""
    start = art.content_start(sent)
    opening = next((t.i for t in art.doc[start : min(cue.i, start + 4)] if t.text == ","), None)
    for begin in (start, opening + 1 if opening is not None else None):
        while begin is not None and begin < cue.i and art.doc[begin].is_space:
            begin += 1
        if begin is None or begin >= cue.i:
            continue
        name = mentions.mention_after(art.doc, begin, art.lex, limit=cue.i)
        described = _after_degrees(art, name.end + 1, cue.i) if name is not None and name.end < cue.i else cue.i
        if described < cue.i and _names_only(art, described, cue.i):
            return None  # `Ibu Fatir Ahmad, Sri Ani Lestari (38) mengatakan`: the name after the comma speaks
        if (name is not None and name.start == begin and name.end < cue.i and art.doc[name.end].text == ","
                and (cue.i - described <= MAX_DESCRIPTION_TOKENS or _one_office(art, described, cue.i))
                and all(art.lex.is_name_word(t.text) or t.lower_.rstrip(".") in art.lex.titles for t in name)
                and art.lex.is_name_word(name[-1].text)
                and (name[0].lower_ not in art.lex.common_words  # `Sebelumnya, Sekretaris … menyatakan`
                     or name[0].lower_.rstrip(".") in art.lex.titles)
                and not any(art.lex.is_cue(t.lower_) for t in art.doc[name.end : cue.i])):
            return name
    return None


def _names_only(art: _Article, start: int, end: int) -> bool:
    """Whether the tokens from ``start`` to ``end`` are a person's name alone, an age in
    parentheses and a comma aside: `Sri Ani Lestari (38)`."""
    words = [t for t in art.doc[start:end] if not (t.is_punct or t.is_space or t.is_digit)]
    return bool(words) and len(words) >= 2 and all(art.lex.is_name_word(t.text) and not art.lex.is_office_word(t.text)
                                                   for t in words)


def _after_degrees(art: _Article, start: int, end: int) -> int:
    """Past the degrees written after a name and a comma (`dr Dradjat R Suardi, SpB(K) Onk, ahli
    kanker …`): the token after their comma, else ``start``."""
    comma = next((t.i for t in art.doc[start:end] if t.text == ","), None)
    if comma is None or comma == start:
        return start
    words = art.text[art.doc[start].idx : art.doc[comma].idx].split()
    return comma + 1 if words and is_degree(words[0]) else start


def _one_office(art: _Article, start: int, end: int) -> bool:
    """Whether the tokens from ``start`` to ``end`` (a comma before it aside) are one office's
    mention, however long: `Ketua Dewan Pengurus Daerah Himpunan Pengusaha Pribumi Indonesia
    (HIPPI) DKI Jakarta`."""
    if end > start and art.doc[end - 1].text == ",":
        end -= 1
    office = mentions.mention_after(art.doc, start, art.lex, limit=end)
    return office is not None and office.start == start and office.end == end \
        and art.lex.has_person_role(office[0].lower_)


def _relay_after(art: _Article, i: int, end: int) -> str | None:
    """`, seperti dikutip dari Reuters` after a quote's attribution."""
    text = art.text
    tail = text[art.doc[i].idx if i < len(art.doc) else len(text): art.doc[end - 1].idx + len(art.doc[end - 1].text)
                if end > i else len(text)].lower()
    for lead_in in art.lex.relay_lead_ins:
        at = tail.find(lead_in)
        if at >= 0:
            offset = (art.doc[i].idx if i < len(art.doc) else len(text)) + at + len(lead_in)
            j = art.token_at[min(offset + 1, len(text))]
            found = mentions.mention_after(art.doc, j, art.lex, limit=end)
            if found is not None:
                return found.text
    return None


# --- direct and partial ------------------------------------------------------------------------

def _trailing_cue(art: _Article, region: QuotedRegion, sent: Span) -> dict | None:
    """`,” ujar Shoigu`, `”, kata Shoigu`, `,” katanya`, `,” Shoigu menambahkan.`"""
    if region.outer_end >= len(art.text):
        return None
    i = art.token_at[region.outer_end] if region.outer_end < len(art.text) else len(art.doc)
    while i < sent.end and (art.doc[i].text in (",", ".", "”", '"', "’", "''") or art.doc[i].is_space) \
            and art.doc[i].idx < region.outer_end + 3:
        i += 1
    if i >= sent.end:
        return None
    token = art.doc[i]
    if art.is_cue(token) and token.lower_ not in art.lex.fragment_only_cues:
        fields = {**_cue_fields(token, art.lex), **_speaker_after_cue(art, token, sent.end)}
        if "speaker" not in fields:
            fields.update(_description_after(art, token, sent.end))
        fields["relay"] = _relay_after(art, i + 1, sent.end)
        return fields
    if token.is_lower and art.lex.is_cue_after_quote(token.text) and not art.negated(token):
        # `,” balas Maya`, `,” ujara Anthony`: only with a speaker named right after, or with
        # -nya on a root that reports speech there (`,” singkatnya`, `,” balasnya`).
        nya = token.lower_.endswith("nya") and token.lower_[:-3] in art.lex.after_quote_cues
        fields = {**_cue_fields(token, art.lex),
                  **(_nya_fields(token) if nya else _speaker_after_cue(art, token, sent.end))}
        if not fields.get("speaker") and token.lower_ == art.lex.grammar.thus:
            fields.update(_thus_speaker(art, token, sent.end))  # `,” demikian kutipan rilis dari X`
        if fields.get("speaker"):
            fields["relay"] = _relay_after(art, i + 1, sent.end)
            return fields
    subject = mentions.mention_after(art.doc, i, art.lex, sent.end)
    if subject is not None and subject.end < sent.end:
        verb = art.doc[subject.end]
        rest = art.doc[verb.i + 1 : sent.end]
        if verb.lower_ in art.lex.preposed_cues and all(t.is_punct for t in rest):
            return {**_cue_fields(verb, art.lex), **_mention_fields(subject)}
    return None


def _thus_speaker(art: _Article, cue: Token, end: int) -> dict:
    """Who `demikian` names as the source of what was just quoted, past the words for a statement
    and how it was given: `demikian kutipan rilis dari KJRI Davao City`, `Demikian keterangan
    tertulis Kementerian Luar Negeri`, `Demikian disampaikan oleh Kapolres`."""
    lex = art.lex
    i = cue.i + 1
    while i < end and (art.doc[i].lower_ in lex.speech_nouns or art.doc[i].lower_ in lex.source_nouns
                       or art.doc[i].lower_ in lex.speech_noun_modifiers or art.doc[i].lower_ in lex.passive_cues
                       or art.doc[i].lower_ in lex.grammar.agents):
        i += 1
    if i == cue.i + 1 or i >= end:
        return {}
    found = mentions.mention_after(art.doc, i, art.lex, end)
    if found is None or found.start != i:
        return {}
    return {**_cue_fields(cue, lex), **_mention_fields(found)}


def _thus_after(art: _Article, sent: Span) -> dict | None:
    """The source a sentence opening with `Demikian` names for the quote that ends the sentence
    before it: `“…” Demikian kutipan rilis dari KJRI Davao City.`"""
    if sent.end >= len(art.doc):
        return None
    following = art.sentence_of(art.doc[sent.end].idx)
    i = art.content_start(following)
    if i >= following.end or art.doc[i].lower_ != art.lex.grammar.thus:
        return None
    return _thus_speaker(art, art.doc[i], following.end) or None


def _trailing_relay(art: _Article, region: QuotedRegion, sent: Span) -> str | None:
    """The relay of a quote followed by nothing but where it was taken from (`,” dikutip dari laman
    resmi PSSI`): its speaker was named before, as for a bare quote. Stray commas and spaces the
    scraper left where a link was (`dikutip , dari`) do not count."""
    if region.outer_end >= len(art.text) or not art.text[region.start : region.end].rstrip().endswith(","):
        return None
    words = [t for t in art.doc[art.token_at[region.outer_end] : sent.end]
             if not (t.is_punct or t.is_space) and t.i > art.token_at[region.close_at or region.end]]
    for lead_in in art.lex.relay_lead_ins:
        expected = lead_in.split()
        if [t.lower_ for t in words[: len(expected)]] == expected and len(words) > len(expected):
            found = mentions.mention_after(art.doc, words[len(expected)].i, art.lex, limit=sent.end)
            return found.text if found is not None else words[len(expected)].text
    return None


def _description_after(art: _Article, cue: Token, end: int) -> dict:
    """The speaker of a cue right after a quote when no name follows it: an ordinary person's
    description (`,” ujar salah satu pramuniaga dealer Daihatsu di kawasan Jakarta Selatan,`) or
    nothing at all where the scraper dropped a hyperlinked name (`,” kata  , di Jakarta`), which
    leaves the speaker to be resolved like a pronoun. The cue right after the closing mark is
    evidence enough that the quote is speech."""
    last = cue.i + 1
    while last < min(end, cue.i + 1 + MAX_DESCRIPTION_TOKENS) and not (
            art.doc[last].is_punct or art.doc[last].is_space):
        last += 1
    if last == cue.i + 1:
        return {"speaker": ""}
    return _mention_fields(art.doc[cue.i + 1 : last])


def _person_described_after(art: _Article, cue: Token, end: int) -> dict:
    """The speaker of a speech cue after a comma when no name follows it but a description of a
    person does (:func:`_description_after`): a role or a kind of people (`…, ujar salah satu
    pramuniaga dealer Daihatsu di kawasan Jakarta Selatan`), or someone pointed back to (`…, ujar
    mantan Menteri Pendidikan dan Kebudayaan tersebut`). With no quote mark for evidence, other
    words after the cue are not a speaker (`…, jelas sekali`)."""
    found = _description_after(art, cue, end)
    words = [w.lower() for w in found.get("speaker", "").split()]
    lex = art.lex
    if not words or not words[0].isalpha() or words[0] not in lex.quantifiers and (
            words[0] in lex.function_words or words[0] in lex.prepositions or words[0] in lex.circumstances):
        return {}
    person = any(w in lex.role_words or w in lex.person_roles or w in lex.people_nouns or w in lex.expert_roles
                 for w in words)
    if person or words[0] in lex.quantifiers or len(words) > 1 and words[-1] in lex.demonstratives:
        return found
    return {}


def _leading_cue(art: _Article, region: QuotedRegion, sent: Span) -> tuple[Token, dict] | None:
    """The nearest cue before the quote in its sentence, with its speaker."""
    first = art.token_at[region.open_at]
    start = art.content_start(sent)
    for i in range(first - 1, start - 1, -1):
        token = art.doc[i]
        if art.quoted[i]:
            return None
        if not art.is_cue(token):
            continue
        if token.lower_ in art.lex.preposed_cues:
            subject = _subject_of(art, token, sent)
            return (token, _mention_fields(subject)) if subject is not None else None
        return token, _speaker_after_cue(art, token, first)
    return None


def _sentence_rest_is_empty(art: _Article, region: QuotedRegion, sent: Span) -> bool:
    rest = art.text[region.outer_end : sent.end_char]
    return not any(ch.isalnum() for ch in rest) or art.in_boilerplate(region.outer_end, sent.end_char)


def _prefix_is_empty(art: _Article, region: QuotedRegion, sent: Span) -> bool:
    start = art.doc[art.content_start(sent)].idx
    return not any(ch.isalnum() for ch in art.text[min(start, region.open_at) : region.open_at])


def _is_title(words: list[str], lex: Lexicon) -> bool:
    """Every word capitalised but the words that join a title's parts: the name of a show, film,
    event or product (`program acara “Hotman Paris Show”`, `tema “Success Franchising Trough
    Millennial Era”`, `mengimpor “Boar Bristle dan Pig atau Boar Hair”`), not a fragment of speech."""
    alphabetic = [w for w in words if w[:1].isalpha()]
    return bool(alphabetic) and len(alphabetic) <= MAX_TITLE_WORDS and alphabetic[0][0].isupper() \
        and alphabetic[-1][0].isupper() \
        and all(w[0].isupper() or w in lex.grammar.title_joiners for w in alphabetic)


def _immediately_after_cue(art: _Article, region: QuotedRegion, cue: Token) -> bool:
    between = art.text[cue.idx + len(cue.text) : region.open_at]
    return not between.strip(" :,\t")


def quoted(art: _Article) -> list[Quote]:
    quotes: list[Quote] = []
    chain_of_previous: tuple[QuotedRegion, Quote] | None = None
    chain_ids = 0
    for region in art.regions:
        if art.in_boilerplate(region.open_at, region.outer_end):
            continue
        sent = art.sentence_of(region.open_at)
        words = art.text[region.start : region.end].split()
        quote = None
        trailing = _trailing_cue(art, region, sent)
        if region.continues and trailing is None:
            previous = quotes[-1] if quotes else None
            if previous is not None and (previous.kind != "direct" or previous.paragraph != region.paragraph):
                previous = None
            if previous is not None and previous.speaker:  # the speaker's, as a chain of theirs
                quote = _span_quote(art.text, region.start, region.end, "direct", "direct:chain")
                if previous.chain is None:
                    chain_ids += 1
                    previous.chain = chain_ids
                quote.chain = previous.chain
        elif region.one_mark and trailing is None:
            quote = None  # a lost opening mark is believed only with a cue after the quote
        elif trailing is not None:
            start = region.start
            if region.one_mark:  # the speech may have begun sentences before its last (`Kami cukup kaget. … ,” kata`)
                start = _speech_start(art, region.start, max(quotes[-1].end if quotes else 0, art.paragraph_start(
                    region.start)), pronouns_narrate=False)
            quote = _span_quote(art.text, start, region.end, "direct", "direct:trailing-cue", **trailing)
        elif not region.single and (relay := _trailing_relay(art, region, sent)) is not None:
            quote = _span_quote(art.text, region.start, region.end, "direct", "direct:trailing-relay", relay=relay)
        elif region.single:
            quote = None
        elif (chain_of_previous is not None and not chain_of_previous[0].closed
              and region.paragraph == chain_of_previous[0].paragraph + 1 and _prefix_is_empty(art, region, sent)):
            quote = _span_quote(art.text, region.start, region.end, "direct", "direct:chain")
        else:
            leading = _leading_cue(art, region, sent)
            whole_rest = _sentence_rest_is_empty(art, region, sent) or not region.closed
            if leading is not None:
                cue, speaker = leading
                if (_immediately_after_cue(art, region, cue) and whole_rest
                        and cue.lower_ not in art.lex.fragment_only_cues):
                    quote = _span_quote(art.text, region.start, region.end, "direct", "direct:leading-cue",
                                        **_cue_fields(cue, art.lex), **speaker)
                elif speaker and len(words) >= 1 and not _is_title(words, art.lex):
                    quote = _span_quote(art.text, region.start, region.end, "partial", "partial:fragment",
                                        **_cue_fields(cue, art.lex), **speaker)
            elif _prefix_is_empty(art, region, sent) and whole_rest and len(words) >= 3:
                thus = _thus_after(art, sent)
                quote = _span_quote(art.text, region.start, region.end, "direct", "direct:bare") if thus is None \
                    else _span_quote(art.text, region.start, region.end, "direct", "direct:trailing-cue", **thus)
        if quote is None:
            continue
        quote.paragraph = region.paragraph
        if quote.method == "direct:chain" and chain_of_previous is not None:
            quote.chain = chain_of_previous[1].chain
        elif quote.kind == "direct" and not region.closed:
            chain_ids += 1
            quote.chain = chain_ids
        quotes.append(quote)
        chain_of_previous = (region, quote) if quote.kind == "direct" else None
    _share_chain_speakers(quotes)
    return quotes


def _share_chain_speakers(quotes: list[Quote]) -> None:
    """Every paragraph of a multi-paragraph quote takes the speaker its last paragraph names."""
    by_chain: dict[int, list[Quote]] = {}
    for quote in quotes:
        if quote.chain is not None:
            by_chain.setdefault(quote.chain, []).append(quote)
    for members in by_chain.values():
        named = [q for q in members if q.speaker]
        if not named:
            continue
        source = named[-1]
        for quote in members:
            if not quote.speaker:
                quote.speaker_name = ""  # filled by resolution from the chain's named member
                quote.method = quote.method if quote.method != "direct:bare" else "direct:chain"
                quote.confidence = CONFIDENCE["direct:chain"]
                quote.chain = source.chain


# --- indirect ----------------------------------------------------------------------------------

def _sentences(art: _Article) -> Iterator[Span]:
    for sent in mentions.sentences(art.doc):
        if not art.in_boilerplate(sent.start_char, sent.end_char) or any(
            not art.in_boilerplate(t.idx, t.idx + len(t.text)) and t.is_alpha for t in sent
        ):
            yield sent


def _content_bounds(art: _Article, first: int, last: int) -> tuple[int, int] | None:
    """Character bounds of tokens first..last-1, cut at boilerplate, trimmed of edge commas."""
    doc = art.doc
    while first < last and (doc[first].is_space or doc[first].text in (",", ":")
                            or doc[first].lower_ in art.lex.complementizers):
        first += 1
    while last > first and (doc[last - 1].is_space or doc[last - 1].text in (",", ":", "–", "-")):
        last -= 1
    if first >= last:
        return None
    start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
    for b_start, _ in art.boilerplate:
        if start <= b_start < end:
            end = b_start
    text = art.text[start:end].rstrip(" ,")
    end = start + len(text)
    if sum(1 for w in text.split() if any(ch.isalpha() for ch in w)) < MIN_INDIRECT_WORDS:
        return None
    return start, end


def _overlaps_quote(art: _Article, first: int, last: int) -> bool:
    return any(art.quoted_speech[i] for i in range(first, last))


def _strip_trailing_relay(art: _Article, sent: Span, last: int) -> tuple[int, str | None]:
    """`…, kantor berita negara Rusia TASS melaporkan.` → content ends at the comma; relay TASS."""
    end = last
    while end > sent.start and (art.doc[end - 1].is_punct or art.doc[end - 1].is_space):
        end -= 1
    if end > sent.start and art.doc[end - 1].lower_ in art.lex.relay_verbs:
        subject = mentions.mention_before(art.doc, end - 1, art.lex, limit=sent.start)
        if subject is not None and subject.start > sent.start and art.doc[subject.start - 1].text == ",":
            return subject.start - 1, subject.text
    text = art.text
    lowered = text[art.doc[sent.start].idx : art.doc[last - 1].idx + len(art.doc[last - 1].text)].lower()
    for lead_in in art.lex.relay_lead_ins:
        at = lowered.rfind(", " + lead_in)
        if at > 0:
            j = art.token_at[art.doc[sent.start].idx + at]
            found = mentions.mention_after(art.doc, art.token_at[art.doc[sent.start].idx + at + 2 + len(lead_in) + 1],
                                           art.lex, last)
            return j, found.text if found is not None else None
    return last, None


def _skip_addressee(art: _Article, i: int, end: int) -> int:
    """`mengatakan kepada Reuters bahwa …` → the clause after `bahwa`."""
    doc = art.doc
    if i < end and doc[i].lower_ in art.lex.grammar.addressees:
        for j in range(i + 1, min(end, i + 10)):
            if doc[j].lower_ in art.lex.complementizers or doc[j].text in (",", ":"):
                return j + 1
        found = mentions.mention_after(doc, i + 1, art.lex, end)
        return found.end if found is not None else i
    return i


def _is_reported_content(art: _Article, first: int, last: int) -> bool:
    doc = art.doc
    if first >= last:
        return False
    head = art.text[doc[first].idx : doc[min(last - 1, first + 2)].idx + 20].lower()
    if any(head.startswith(obj) for obj in art.lex.empty_objects):
        return False
    word = doc[first].lower_
    # `memperingatkan tentang …` names a topic; `mendesak yang …` is an adjective, not a cue.
    if word in art.lex.grammar.topics:
        return False
    # `berkomentar di postingan Nikita Mirzani`, `sependapat dengan keresahan itu`: a place or a
    # partner, no clause, unless a comma or `bahwa` opens one after it.
    if word in art.lex.prepositions and word not in art.lex.grammar.addressees and not any(
            t.text in (",", ":") or t.lower_ in art.lex.complementizers for t in doc[first + 1 : last]):
        return False
    # `menyatakan kepuasannya terhadap …`: a stance, not reported words; but a relative opens a
    # clause (`menegaskan ayahnya kini sudah membaik`), and so does any -nya noun a predicate
    # follows (`mengatakan kliennya menuntut ganti rugi`).
    return not (word.endswith("nya") and len(word) > 6 and word not in art.lex.pronouns
                and word not in art.lex.nya_clause_openers
                and word.removesuffix("nya") not in art.lex.kinship_words | art.lex.grammar.parents_and_children
                and not (first + 1 < last and _opens_predicate(art, doc[first + 1])))


def _opens_predicate(art: _Article, token: Token) -> bool:
    """Whether ``token`` is a predicate's first word: an adverb or auxiliary (`sudah`, `akan`), or
    a verb by its prefix (`menuntut`, `bekerja`, `ditahan`), not a preposition (`terhadap`)."""
    word, grammar = token.lower_, art.lex.grammar
    if not (token.is_alpha and token.is_lower) or word in art.lex.prepositions:
        return False
    return word in art.lex.adverbs or word in grammar.auxiliaries \
        or len(word) >= MIN_VERB_LETTERS and word.startswith(grammar.verb_prefixes)


def _answered_object(art: _Article, cue: Token, first: int, last: int) -> bool:
    """`Luna menjawab beberapa pertanyaan di Instagram`: what an answering cue answered, not what was said."""
    lex = art.lex
    if cue.lower_ not in lex.answering_cues:
        return False
    i = first
    while i < last and (art.doc[i].lower_ in lex.quantifiers or art.doc[i].lower_ in lex.plural_quantifiers):
        i += 1
    return i < last and art.doc[i].lower_ in lex.answered_objects


def _ended_before_a_quote(art: _Article, first: int, end: int) -> int | None:
    """Where a reported clause ends with a full stop before a quote its sentence runs on into (the
    quote begins in lower case, so no sentence starts there: `… mengaku belum merilis hasil uji.
    nanti yang mengumumkan hasilnya …," kata …`), else ``None``."""
    at = next((i for i in range(first, end) if art.quoted_speech[i]), None)
    if at is None or at - first < MIN_INDIRECT_WORDS:
        return None
    before = at - 1
    while before > first and (art.doc[before].is_space or art.doc[before].text in ALL_MARKS):
        before -= 1
    return before + 1 if art.doc[before].text in (".", "!", "?") else None


def _has_preposed_cue(art: _Article, first: int, last: int) -> bool:
    """Whether a preposed cue reports a clause between ``first`` and ``last``; not one in a relative
    clause (`belum ada penelitian yang menyatakan …`)."""
    relative = art.lex.grammar.relative
    return any(t.lower_ in art.lex.preposed_cues and not art.negated(t)
               and not (t.i > first and art.doc[t.i - 1].lower_ == relative) for t in art.doc[first:last])


def _trailing_inverted(art: _Article, sent: Span, start: int) -> Quote | None:
    for i in range(start + 1, sent.end):
        if art.lowers[i] not in art.inverted or art.quoted[i]:
            continue
        before = i - 1
        while before > start and art.doc[before].is_space and "\n" not in art.doc[before].text:
            before -= 1  # `… memicu kanker,  tegas dr Dradjat`: a doubled space after the comma
        if art.lowers[before] != art.comma:
            continue
        token = art.doc[i]
        lowered = token.lower_
        inverted = (lowered in art.lex.inverted_cues or _has_nya(token, art.lex)
                    or lowered in art.lex.according_to or lowered == art.according_to_nya)
        if not inverted or art.negated(token):
            continue
        speaker = _speaker_after_cue(art, token, sent.end)
        if lowered == art.according_to_nya:
            speaker = _nya_fields(token)
        if "speaker" not in speaker and lowered in art.lex.inverted_cues:
            speaker = _person_described_after(art, token, sent.end)
        if speaker.get("speaker") == "-nya" and _has_preposed_cue(art, start, token.i):
            continue  # `Putin menyatakan …, menurutnya …`: the -nya clause belongs to Putin's report
        if lowered in art.according_to_openers and _after_connective(art, sent, start) == i:
            continue  # `Namun, menurut X, …` opens the sentence: `_according_to`'s
        if "speaker" not in speaker or _overlaps_quote(art, start, token.i - 1) or _no_speaker(art, speaker):
            continue
        medial = _medial_rest(art, sent, speaker["speaker_end"])
        bounds = _content_bounds(art, start, token.i - 1 if medial is None else medial)
        if bounds is None:
            continue
        relay = _relay_after(art, token.i + 1, sent.end)
        return _span_quote(art.text, *bounds, "indirect", "indirect:trailing-cue",
                           **_cue_fields(token, art.lex), **speaker, relay=relay)
    return None


def _medial_nya(art: _Article, sent: Span, start: int) -> Quote | None:
    """A -nya cue standing inside the clause with no commas around it, after the clause's subject:
    `Kebijakan tersebut dikatakannya sebagai salah satu langkah …`, `Bukti tersebut juga menurutnya
    menegaskan bahwa …` (CLICK-ID): the whole sentence is the speaker's, whom -nya points back to.
    Not in a relative clause (`hal yang dikatakannya`) nor inside another cue's report."""
    lex = art.lex
    for i in range(start + 2, sent.end - MIN_INDIRECT_WORDS):
        if art.lowers[i] not in art.medial_nya:  # `menurutnya`, `dikatakannya`
            continue
        token = art.doc[i]
        before = art.doc[i - 1]
        if art.quoted[i] or before.is_punct or before.lower_ == lex.grammar.relative or art.doc[i + 1].is_punct:
            return None
        if _has_preposed_cue(art, start, i) or _overlaps_quote(art, start, sent.end):
            return None
        subject = art.text[art.doc[start].idx : before.idx + len(before.text)].lower()
        if any(subject.startswith(words) for words in lex.backward_subjects):
            return None  # `Hal tersebut disampaikannya melalui …` names who said the sentence before
        if sum(t.is_alpha for t in art.doc[i + 1 : sent.end]) < MIN_INDIRECT_WORDS:
            return None
        last, relay = _strip_trailing_relay(art, sent, sent.end)
        bounds = _content_bounds(art, start, last)
        if bounds is None:
            return None
        return _span_quote(art.text, *bounds, "indirect", "indirect:medial-cue", **_cue_fields(token, lex),
                           **_nya_fields(token), relay=relay)
    return None


def _medial_rest(art: _Article, sent: Span, speaker_end: int) -> int | None:
    """Where a reported clause ends when its cue stands inside it, between commas:
    `Kebanyakan korban, sambung Azmiati, berusia sekolah dasar.` The whole sentence is then the
    quote. A comma followed by the circumstances of the utterance (`…, kata dia, di Jakarta,
    Senin.`) or by too little to be a clause ends the quote at the cue instead."""
    j = art.token_at[min(speaker_end, len(art.text) - 1)]
    if art.doc[j].idx < speaker_end:
        j += 1
    if j + 1 >= sent.end or art.doc[j].text != "," or art.doc[j + 1].lower_ in art.lex.circumstances:
        return None
    rest = art.doc[j + 1 : sent.end]
    if any(art.quoted[t.i] for t in rest) or sum(t.is_alpha for t in rest) < MIN_INDIRECT_WORDS:
        return None
    return sent.end


def _after_connective(art: _Article, sent: Span, start: int) -> int | None:
    """The token after a sentence's linking opener and its comma (`Namun,` / `Selain itu,`)."""
    for comma in range(start + 1, min(start + 5, sent.end - 1)):  # a comma that ends the text opens nothing
        if art.lowers[comma] == art.comma:  # the text `,` (no Token object made for the words before it)
            opener = " ".join(t.lower_ for t in art.doc[start:comma] if not t.is_space)
            return comma + 1 if opener in art.lex.connectives else None
    return None


def _opens_clause(art: _Article, token: Token) -> bool:
    """A lower-case word that can start the reported clause right after a speaker with no comma
    between (`menurut Aditya kedua peristiwa itu berbeda`), not the circumstances (`saat`) or more
    of the mention (`yang`, `dan`)."""
    word = token.lower_
    return (token.text[:1].isalpha() and token.text.islower() and word not in art.lex.circumstances
            and word not in art.lex.prepositions and word not in art.lex.grammar.mention_continuers)


def _according_to(art: _Article, sent: Span, start: int) -> Quote | None:
    """`Menurut X, …`, also after a linking opener (`Namun, menurut X, …`) and with no comma
    after the speaker when the clause plainly starts there (`Menurut Aditya kedua peristiwa …`)."""
    openers = (*art.according_to_openers, *art.lex.opening_inverted)
    if art.doc[start].lower_ not in openers:
        start = _after_connective(art, sent, start) or start
    token = art.doc[start]
    if token.lower_ not in openers or art.quoted[token.i]:
        return None
    comma = next((t.i for t in art.doc[start + 1 : sent.end] if t.text == ","), None)
    if token.lower_ in art.lex.opening_inverted:
        # `Kata Amali, …`: the speaker right after the cue, then a comma
        named = mentions.mention_after(art.doc, start + 1, art.lex, comma) if comma is not None else None
        if named is None or named.start != start + 1 or named.end != comma or _no_speaker(art, _mention_fields(named)):
            return None
    found = (mentions.mention_after(art.doc, start + 1, art.lex, sent.end)
             if token.lower_ == art.lex.according_to_opener else None)
    holder = found is not None and comma is not None and found.start > comma  # an office's holder after its comma
    if holder and found.end < sent.end and art.doc[found.end].text == ",":
        # `Menurut Kepala Bandara Wamena, Joko Harjani, operasional …`: the holder is the speaker
        speaker, first = _mention_fields(found), _after_date(art, found.end + 1, sent.end)
    elif (found is not None and not holder and found.end < sent.end and "," not in found.text  # `Bobby,,memberi`
            and _opens_clause(art, art.doc[found.end])):
        speaker, first = _mention_fields(found), found.end  # no comma: the clause starts right after the speaker
    elif comma is None and token.lower_ == art.according_to_nya and start + 1 < sent.end:
        speaker, first = _nya_fields(token), start + 1  # `Menurutnya hal itu murni dari inisiatif anggota dewan.`
    elif comma is None:
        return None
    else:
        speaker, first = (_nya_fields(token) if token.lower_ == art.according_to_nya else _mention_fields(
            _relayed_source(art, start + 1, comma) or mentions.mention_after(art.doc, start + 1, art.lex, comma))), \
            _after_date(art, comma + 1, sent.end)
    if "speaker" not in speaker or _overlaps_quote(art, first, sent.end) or _no_speaker(art, speaker):
        return None
    last, relay = _strip_trailing_relay(art, sent, sent.end)
    bounds = _content_bounds(art, first, last)
    if bounds is None:
        return None
    return _span_quote(art.text, *bounds, "indirect", "indirect:according-to",
                       **_cue_fields(token, art.lex), **speaker, relay=relay)


def _passive(art: _Article, sent: Span, start: int) -> Quote | None:
    """A passive cue opening the sentence: its agent named after it, then the clause
    (`Diterangkan dr Astried Indrasari SpPD, kabar tersebut hanya hoax …`, `Senada disampaikan
    Wahyu, …`), also the outlet a report was taken from (`Dilansir dari laman BBC, …`); or the
    document it is written in before it (`Dalam pesan dan tulisan tersebut juga disebutkan bahwa …`,
    `Dari informasi yang diberikan produsen sendiri memang disebutkan bahwa …`), whose description
    is the source. Agentless passives (`Disebutkan, …`) report no one."""
    doc, lex = art.doc, art.lex
    i = _after_connective(art, sent, start) or start
    while i < sent.end and doc[i].lower_ in lex.passive_openers:
        i += 1
    if i >= sent.end:
        return None
    relayed = doc[i].lower_ in lex.relay_participles
    if doc[i].lower_ in lex.passive_cues or relayed:
        j = i + 1
        while j < sent.end and (doc[j].lower_ in lex.grammar.agents or relayed and doc[j].lower_ in lex.media_nouns):
            j += 1  # `Dilansir dari laman resmi …`
        agent = mentions.mention_after(doc, j, lex, sent.end)
        if agent is None or agent.start != j or agent.end >= sent.end or doc[agent.end].text != "," \
                or not (relayed or mentions.names_someone(agent, lex)):
            return None
        cue, source, first = doc[i], agent, _after_date(art, agent.end + 1, sent.end)
        first = _after_office(art, first, sent.end)
        if first is None:
            return None  # `Hal senada disampaikan Esther Sianipar, koordinator Amerika Bersatu.`
        if relayed and _has_preposed_cue(art, first, sent.end):
            return None  # `Dilansir situs resmi Setkab RI, Kepala Biro … itu menyebutkan, …`: the inner report
    elif doc[i].lower_ in lex.grammar.document_prepositions:
        cue = next((t for t in doc[i + 1 : min(sent.end, i + 1 + MAX_DESCRIPTION_TOKENS)]
                    if t.lower_ in lex.passive_cues), None)
        if cue is None or not any(t.lower_ in lex.documents for t in doc[i + 1 : cue.i]) \
                or any(t.is_punct for t in doc[i + 1 : cue.i]):
            return None
        end = cue.i
        while end > i + 1 and doc[end - 1].lower_ in lex.adverbs:
            end -= 1
        source, first = doc[i + 1 : end], cue.i + 1
    else:
        return None
    if art.quoted[cue.i] or _overlaps_quote(art, first, sent.end):
        return None
    last, relay = _strip_trailing_relay(art, sent, sent.end)
    bounds = _content_bounds(art, first, last)
    if bounds is None or sent.text.rstrip().endswith(":"):
        return None  # `Dilansir dari X, berikut 8 kunci sukses …:` introduces a list, says nothing
    return _span_quote(art.text, *bounds, "indirect", "indirect:passive-cue",
                       **_cue_fields(cue, lex), **_mention_fields(source), relay=relay)


def _after_office(art: _Article, i: int, end: int) -> int | None:
    """Past the office written after an agent and its comma (`disampaikan Benhur Tomy Mano, Wali
    Kota Jayapura, …`): the token after its comma; ``None`` when the office ends the sentence."""
    office = mentions.mention_after(art.doc, i, art.lex, end)
    if office is None or office.start != i or not art.lex.person_role_pattern.match(office.text.lower()):
        return i
    after = office.end
    while after < end and art.doc[after].is_punct and art.doc[after].text != ",":
        after += 1
    return after + 1 if after < end and art.doc[after].text == "," else None


def _relayed_source(art: _Article, i: int, end: int) -> Span | None:
    """The outlet a report is taken from, as the source of `Menurut <report> yang dilansir (laman) X`:
    `Menurut laporan yang dilansir laman Wall Street Journal, …` is the Wall Street Journal's."""
    doc, lex = art.doc, art.lex
    if i + 3 >= end or doc[i].lower_ not in lex.documents or doc[i + 1].lower_ != lex.grammar.relative \
            or doc[i + 2].lower_ not in lex.relay_participles:
        return None
    j = i + 3
    while j < end and (doc[j].lower_ in lex.grammar.agents or doc[j].lower_ in lex.media_nouns):
        j += 1
    found = mentions.mention_after(doc, j, lex, end)
    return found if found is not None and found.start == j else None


def _after_date(art: _Article, i: int, end: int) -> int:
    """Past the date written between a speaker and the clause (`Menurut berita …, Selasa
    (21/10/2014), hashtag …`): the token after the date's comma, else ``i``."""
    lex = art.lex
    j = i
    digits = False
    while j < end and art.doc[j].text != ",":
        word = art.doc[j].lower_
        if not (art.doc[j].is_space or word in lex.weekdays or word in lex.months or word in "()/-"
                or word.replace("/", "").isdigit()):
            break
        digits = digits or any(ch.isdigit() for ch in word)
        j += 1
    if j == i or not digits:
        return i
    return j + 1 if j < end and art.doc[j].text == "," else j  # `Dilansir dari Yourtango, Kamis (12/9/2019) berikut …`


def _no_speaker(art: _Article, speaker: dict) -> bool:
    """Whether a speaker mention names data, a study, a law or a dictionary, which say nothing
    (`Menurut data yang dihimpun, …`, `Hasil uji laboratorium menyebutkan, …`)."""
    words = speaker.get("speaker", "").lower().split()
    while words and words[0] in art.lex.quantifiers:
        words = words[1:]
    return bool(words) and words[0] in art.lex.non_speakers


def _light_verb_cue(art: _Article, token: Token, end: int) -> bool:
    """A verb that reports speech with a speech noun as its object and a clause after:
    `Affan Alamudi memberi klarifikasi bahwa …`, `… memberikan penjelasan, …`, `KJRI Davao
    mengeluarkan pernyataan resmi bahwa …`."""
    return _after_light_verb(art, token, end) is not None


def _after_light_verb(art: _Article, token: Token, end: int) -> int | None:
    """The index after a light verb's speech noun and its modifiers, where its clause opens."""
    i = token.i
    if token.lower_ not in art.lex.light_verbs or i + 2 >= end or art.doc[i + 1].lower_ not in art.lex.speech_nouns:
        return None
    j = i + 2
    while j < end and art.doc[j].lower_ in art.lex.speech_noun_modifiers:
        j += 1
    if j < end and (art.doc[j].lower_ in art.lex.complementizers or art.doc[j].text in (",", ":")):
        return j
    return None


def _speech_noun_object(art: _Article, i: int, end: int) -> bool:
    """Whether a cue's object is a speech noun with no clause of its own: `Surat tersebut meminta
    klarifikasi pembakaran alat kesenian reog …` asks for a statement and reports none (but
    `mengeluarkan pernyataan resmi bahwa …` reports one: :func:`_after_light_verb`)."""
    if i >= end or art.doc[i].lower_ not in art.lex.speech_nouns:
        return False
    j = i + 1
    while j < end and art.doc[j].lower_ in art.lex.speech_noun_modifiers:
        j += 1
    return not (j < end and (art.doc[j].lower_ in art.lex.complementizers or art.doc[j].text in (",", ":")))


def _second_clause(art: _Article, first: int, last: int) -> int | None:
    """The comma before a second subject and its cue in one sentence, which ends the first
    reported clause: `Setelah Facebook mengakui dijadikan alat propaganda, Rudiantara mengatakan …`,
    `Ia kembali menegaskan jika …, ia mengatakan …`."""
    doc = art.doc
    opening = first
    while opening < last and (doc[opening].lower_ in art.lex.complementizers or doc[opening].is_space
                              or doc[opening].text in (",", ":")):
        opening += 1
    if opening < last and doc[opening].lower_ in art.lex.prepositions:
        return None  # `Dia mengatakan, lewat produk itu, Cigna menjawab kebutuhan …`: one clause
    for comma in range(first + 1, last - 1):
        if doc[comma].text != "," or art.quoted[comma]:
            continue
        subject = mentions.mention_after(doc, comma + 1, art.lex, limit=last)
        if subject is None or subject.end >= last or not doc[comma + 1 : subject.start].text.strip() == "":
            continue
        j = subject.end
        while j < last and (doc[j].lower_ in art.lex.adverbs or doc[j].is_space):
            j += 1
        if j < last and doc[j].lower_ in art.lex.preposed_cues and not art.negated(doc[j]) \
                and doc[j].lower_ not in art.lex.fragment_only_cues and doc[j].lower_ not in art.lex.relay_verbs:
            return comma
    return None


def _preposed(art: _Article, sent: Span, start: int) -> list[Quote]:
    """The reported clauses of preposed cues in a sentence from token ``start`` on: one, or two
    when a second subject and cue follow a comma (`_second_clause`)."""
    quote, cut = _preposed_one(art, sent, start)
    if quote is None:
        return []
    if cut is None:
        return [quote]
    return [quote, *_preposed(art, sent, cut + 1)]


def _preposed_one(art: _Article, sent: Span, start: int) -> tuple[Quote | None, int | None]:
    at = art.preposed_or_light
    cues = [art.doc[i] for i in at[bisect_left(at, start) : bisect_left(at, sent.end)]
            if art.lowers[i] in art.preposed or _light_verb_cue(art, art.doc[i], sent.end)]
    candidates = [t for t in cues
                  if (t.lower_ in art.lex.preposed_cues or t.lower_ in art.lex.light_verbs)
                  and not art.quoted[t.i] and not art.negated(t)
                  and t.lower_ not in art.lex.fragment_only_cues
                  and (t.lower_ not in art.lex.comma_only_cues
                       or t.i + 1 < sent.end and art.doc[t.i + 1].text in _OPENERS)]
    speech = [t for t in candidates if t.lower_ not in art.lex.relay_verbs] or candidates
    for cue in speech:
        after = [t for t in art.doc[cue.i + 1 : sent.end] if not (t.is_punct or t.is_space)]
        if not after:  # `…, TASS melaporkan.`: the content is the clause before
            subject = mentions.mention_before(art.doc, cue.i, art.lex, limit=start)
            if subject is None or subject.start <= start or art.doc[subject.start - 1].text != ",":
                continue
            if _overlaps_quote(art, start, subject.start - 1):
                continue
            bounds = _content_bounds(art, start, subject.start - 1)
            if bounds is None:
                continue
            return _span_quote(art.text, *bounds, "indirect", "indirect:trailing-cue",
                               **_cue_fields(cue, art.lex), **_mention_fields(subject)), None
        subject = _subject_of(art, cue, sent)
        if subject is None or _no_speaker(art, _mention_fields(subject)):
            continue
        opens = _after_light_verb(art, cue, sent.end) if cue.lower_ in art.lex.light_verbs else None
        first = _skip_addressee(art, cue.i + 1 if opens is None else opens, sent.end)
        if opens is None and _speech_noun_object(art, first, sent.end):
            continue
        last, relay = _strip_trailing_relay(art, sent, sent.end)
        quote_at = _ended_before_a_quote(art, first, sent.end)
        if quote_at is not None:
            last, relay = quote_at, None
        elif _overlaps_quote(art, first, sent.end):
            return None, None
        if not _is_reported_content(art, first, last) or _answered_object(art, cue, first, last):
            return None, None
        cut = _second_clause(art, first, last)
        bounds = _content_bounds(art, first, cut if cut is not None else last)
        if bounds is None:
            continue
        return _span_quote(art.text, *bounds, "indirect", "indirect:preposed-cue",
                           **_cue_fields(cue, art.lex), **_mention_fields(subject),
                           relay=relay if cut is None else None), cut
    return None, None


def _backward(art: _Article, sent: Span, start: int, before: Span | None) -> Quote | None:
    """A sentence that says who said the one before it: `Hal tersebut disampaikan Kapolres …`,
    `Pernyataan itu diungkapkan X saat …`, `Demikian dikatakan X`, `Demikian X.` The sentence
    before is the quote when no quote was found in it."""
    doc, lex = art.doc, art.lex
    if before is None:
        return None
    i = _after_connective(art, sent, start) or start
    words = [t.lower_ for t in doc[i : min(sent.end, i + 3)]]
    subject = next((n for n in (2, 1) if " ".join(words[:n]) in lex.backward_subjects), None)
    if subject is None:
        return None
    j = i + subject
    while j < sent.end and doc[j].lower_ in lex.adverbs:
        j += 1
    if j >= sent.end:
        return None
    cue = doc[j]
    if cue.lower_ in lex.passive_cues or art.is_cue(cue):
        j += 1 + (j + 1 < sent.end and doc[j + 1].lower_ in lex.grammar.agents)
    elif words[0] != lex.grammar.thus:
        return None  # `Demikian X`: the cue may be left out
    agent = mentions.mention_after(doc, j, lex, sent.end)
    if agent is None or agent.start != j or not mentions.names_someone(agent, lex):
        return None
    content = art.content_start(before)
    if content >= before.end or _overlaps_quote(art, content, before.end) or any(art.quoted[t.i] for t in before) \
            or any(art.is_cue(t) or t.lower_ in lex.passive_cues for t in before):
        return None  # the sentence before reports someone already (`… menceritakan kenangannya …`)
    bounds = _content_bounds(art, content, before.end)
    if bounds is None:
        return None
    return _span_quote(art.text, *bounds, "indirect", "indirect:backward-cue", **_cue_fields(cue, lex),
                       **_mention_fields(agent))


def indirect(art: _Article) -> list[Quote]:
    quotes = []
    sentences = list(_sentences(art))
    for number, sent in enumerate(sentences):
        start = art.content_start(sent)
        if start >= sent.end:
            continue
        quote = _trailing_inverted(art, sent, start) or _according_to(art, sent, start) or _passive(art, sent, start) \
            or _medial_nya(art, sent, start)
        found = [quote] if quote is not None else _preposed(art, sent, start)
        if not found and number > 0 and not (quotes and quotes[-1].end > sentences[number - 1].start_char):
            backward = _backward(art, sent, start, sentences[number - 1])
            found = [backward] if backward is not None else []
        found = [quote for quote in found if not art.in_boilerplate(quote.start, quote.end)]
        if quote is not None and quote.method == "indirect:trailing-cue" and art.marks_lost \
                and quote.cue.lower().removesuffix("nya") in art.lex.inverted_cues:  # speech, not `menurut X`
            _with_lost_marks(art, quote, sentences[:number], quotes[-1].end if quotes else 0)
        quotes += found
    return quotes


def _with_lost_marks(art: _Article, quote: Quote, before: list[Span], since: int) -> None:
    """In an article that lost all its quote marks upstream, the speech a trailing cue closes
    starts where the speaker began: the sentences before the cue's own, in its paragraph, since
    the last quote, back to one that narrates (names someone, has a cue, a pronoun, a quote or a
    colon): `Tidak benar kalau untuk mencegah stroke dengan menusukkan jarum. Itu cuma mitos, katanya`."""
    start = _speech_start(art, quote.start, max(since, art.paragraph_start(quote.start)), before)
    if start < quote.start:
        quote.start, quote.text = start, art.text[start : quote.end]
        quote.method = "indirect:lost-marks"
        quote.confidence = CONFIDENCE[quote.method]


def _speech_start(art: _Article, start: int, since: int, before: list[Span] | None = None,
                  pronouns_narrate: bool = True) -> int:
    """Where speech that lost its opening mark, or all its marks, began: back from ``start`` over
    the sentences before it (``before``, else the article's), none starting before ``since``, to
    one that narrates (:func:`_narrates`; a third-person pronoun does not when the closing mark
    survived: `Mana mungkin dia bisa walk out. Di Indonesia juga enggak," kata Affan`) or opens in
    lower case, at most :data:`MAX_LOST_MARK_SENTENCES` of them."""
    if before is None:
        before = art.sentences_before(start)
    for sent in reversed(before[-MAX_LOST_MARK_SENTENCES:]):
        if sent.start_char < since or _narrates(art, sent, pronouns_narrate):
            break
        between = art.text[sent.start_char : start]
        gap = between[len(between.rstrip()):]
        if "  " in gap and "\n" not in gap:
            break  # paragraphs flattened to a doubled space: `… darah.  Saat ini belum ada …, tegas dr Dradjat`
        first = art.content_start(sent)
        if first >= sent.end or art.doc[first].is_lower:
            break
        start = art.doc[first].idx
    return start


def _narrates(art: _Article, sent: Span, pronouns: bool = True) -> bool:
    """Whether a sentence is the writer's, not the speaker's: it names someone after its first
    word (unless a first-person pronoun makes it a speaker's: `Kita razia di SDN Pakis I …`) or
    describes them (`dokter itu`), has a cue, a third-person pronoun or a quote, or ends in a colon."""
    lex = art.lex
    first_person = None
    for token in sent:
        lowered = token.lower_
        if lex.is_cue(lowered) or lowered in lex.passive_cues or lowered in lex.according_to \
                or pronouns and lowered in lex.third_person or art.quoted[token.i]:
            return True
        if token.i > sent.start and mentions.is_capitalised(token) and lex.is_name_word(token.text) \
                and lowered not in lex.common_words:
            if first_person is None:
                first_person = any(art.lowers[i] in art.first_person for i in range(sent.start, sent.end))
            if not first_person:
                return True
        if lowered in lex.demonstratives and token.i > sent.start and art.doc[token.i - 1].lower_ in lex.role_words:
            return True  # `dokter itu menyangkalnya`: someone described in the third person
    return sent.text.rstrip().endswith(":")


def attribute(doc: Doc, lex: Lexicon, regions: list[QuotedRegion], boilerplate: list[tuple[int, int]]) -> list[Quote]:
    """All quotes of ``doc``, in text order, with cue and speaker mention (not yet resolved)."""
    if not len(doc):
        return []
    art = _Article(doc, lex, regions, boilerplate)
    direct = quoted(art)
    art.mark_speech(direct)
    quotes = direct + indirect(art)
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes
