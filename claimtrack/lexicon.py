"""Indonesian language data, loaded once from ``claimtrack/data/id.toml``.

The extractor, the speaker resolver and the scorer read their word lists from here, so the
language knowledge stays in one data file and out of control flow.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

_OFFICE_NOUN = re.compile(r"^(?:pe|ke)[a-z]{3,}an$|^kemen[a-z]{3,}$|\d")  # `Perhubungan`, `Kemenhub`


@lru_cache(maxsize=1 << 16)  # asked of the same words again and again, in every article
def is_acronym(word: str) -> bool:
    """`BPTJ`, `(PDI-P)`: two or more letters, all capitals."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


@dataclass(frozen=True)
class Outlet:
    name: str
    domain: str
    names: tuple[str, ...]
    house_style: re.Pattern[str] | None


@dataclass(frozen=True)
class Grammar:
    """Function words that extraction's rules name by their part in a sentence ([grammar] of id.toml)."""

    and_word: str
    conjunctions: frozenset[str]
    sequels: frozenset[str]
    mention_continuers: frozenset[str]
    relative: str
    also: str
    of_body: str
    accompaniment: frozenset[str]
    addressees: frozenset[str]
    topics: frozenset[str]
    parents_and_children: frozenset[str]
    transitive_prefixes: tuple[str, ...]
    verb_prefixes: tuple[str, ...]
    auxiliaries: frozenset[str]
    fields_of_office: str
    side: str
    locatives: tuple[str, ...]
    nickname_verb: str
    nickname_adverbs: tuple[str, ...]
    nickname_noun: str
    nickname_noun_adverb: str
    speaker_description_glue: frozenset[str]
    agents: frozenset[str]
    document_prepositions: frozenset[str]
    whereabouts: frozenset[str]
    thus: str
    title_joiners: frozenset[str]
    reciprocals: frozenset[str]

    @classmethod
    def of(cls, table: dict) -> Grammar:
        return cls(**{name: frozenset(value) if isinstance(value, list) and name not in _ORDERED else
                      tuple(value) if isinstance(value, list) else value
                      for name, value in {("and_word" if key == "and" else key): value
                                          for key, value in table.items()}.items()})


# Lists whose order matters (they become alternatives of a pattern, or prefixes tried in turn).
_ORDERED = frozenset({"transitive_prefixes", "verb_prefixes", "locatives", "nickname_adverbs"})


# One per language (`load` caches it): compared and hashed by identity, so functions can cache on it.
@dataclass(frozen=True, eq=False)
class Lexicon:
    inverted_cues: frozenset[str]
    preposed_cues: frozenset[str]
    fragment_only_cues: frozenset[str]
    comma_only_cues: frozenset[str]
    after_quote_cues: frozenset[str]
    according_to: tuple[str, ...]
    prepositions: frozenset[str]
    complementizers: frozenset[str]
    empty_objects: tuple[str, ...]
    relay_lead_ins: tuple[str, ...]
    relay_verbs: frozenset[str]
    pronouns: frozenset[str]
    adverbs: frozenset[str]
    function_words: frozenset[str]
    role_words: frozenset[str]
    source_nouns: frozenset[str]
    place_heads: frozenset[str]
    organisation_tails: frozenset[str]
    name_final_places: frozenset[str]
    person_roles: frozenset[str]
    organisation_heads: frozenset[str]
    titles: frozenset[str]
    places: frozenset[str]
    abbreviations: dict[str, str]
    sentence_abbreviations: frozenset[str]
    # Closed-class words that open a sentence whose full stop was stripped upstream.
    stop_stripped_openers: frozenset[str]
    months: tuple[str, ...]
    month_abbreviations: tuple[str, ...]
    weekdays: tuple[str, ...]
    weekday_variants: dict[str, str]
    boilerplate_lines: tuple[re.Pattern[str], ...]
    boilerplate_sections: tuple[re.Pattern[str], ...]
    boilerplate_inline: tuple[re.Pattern[str], ...]
    outlets: tuple[Outlet, ...]
    person_role_pattern: re.Pattern[str] = re.compile(r"(?!)")
    matching_stopwords: frozenset[str] = frozenset()
    matching_negations: frozenset[str] = frozenset()
    clause_contrasts: frozenset[str] = frozenset()
    clause_subjects: frozenset[str] = frozenset()
    # Claim matching: colloquial spelling → standard word (`udah` → `sudah`); nickname → full
    # name (`bamsoet` → `Bambang Soesatyo`); honorifics before a name (`kang`); capitalised words
    # that name no person when they are a whole speaker (`kasubbid`).
    matching_colloquial: dict[str, str] = field(default_factory=dict)
    nicknames: dict[str, str] = field(default_factory=dict)
    name_honorifics: frozenset[str] = frozenset()
    speaker_non_names: frozenset[str] = frozenset()
    # Latin spellings of one sound, replaced in order when spellings of a name are compared.
    transliterations: tuple[tuple[str, str], ...] = ()
    # Path words of a news site's listing pages (`tag`, `kategori`, `indeks`): no article's address.
    listing_path_words: frozenset[str] = frozenset()

    def outlet_named(self, value: str) -> str | None:
        """The known outlet (``[[outlets]]``) that a name, a domain or a host of that domain
        (`nasional.kompas.com`, `www.tempo.co`) stands for; ``None`` when none does."""
        lowered = value.strip().lower().rstrip(".")
        for outlet in self.outlets:
            if lowered in outlet.names or lowered == outlet.domain or lowered.endswith(f".{outlet.domain}"):
                return outlet.name
        return None

    def has_person_role(self, text: str) -> bool:
        """Whether lower-case ``text`` contains a person-denoting role word (`menteri`, `juru bicara`)."""
        return self.person_role_pattern.search(text) is not None

    # Words ending a speaker description that point back to someone already named:
    # `kata pria yang kerap disapa Ota itu`.
    demonstratives: frozenset[str] = frozenset()
    # Words that open the circumstances of an utterance after its cue and speaker
    # (`…, kata dia, di Jakarta, Senin`), not more of what was said.
    circumstances: frozenset[str] = frozenset()
    # How a speaker was reached, between the speaker and the cue: `dihubungi`, `ditemui`.
    reached: frozenset[str] = frozenset()
    # Inverted cues that say the speaker goes on: `sambungnya`, `lanjutnya`.
    continuing_cues: frozenset[str] = frozenset()
    # Capitalised words of an office's or unit's name that never belong to a person's name.
    office_words: frozenset[str] = frozenset()
    # Place words from open NER corpora (`data/places.txt`, built by training/places/build.py):
    # `Balikpapan` in `Ketua Bawaslu Balikpapan Agustan` is not part of the name.
    place_words: frozenset[str] = frozenset()
    organisation_words: frozenset[str] = frozenset()  # `Pertamina`, `Telkomsel`: `data/organisations.txt`
    given_name_prefixes: frozenset[str] = frozenset()
    # Words that open people's names in open NER corpora (`data/given_names.txt`, built by
    # training/places/build.py): `Nurul`, `Bambang`; a name does not start after them.
    given_names: frozenset[str] = frozenset()
    name_connectors: frozenset[str] = frozenset()  # `of` in `Head of Research Nomura`
    # Offices whose name ends in a word that also opens people's names: `Kejaksaan Agung`.
    office_phrases: frozenset[str] = frozenset()
    # Words written in lower case in running text (`data/common_words.txt`): `Memang` opening a
    # sentence is not a one-word name the way `Kemal` is.
    common_words: frozenset[str] = frozenset()
    passive_cues: frozenset[str] = frozenset()
    negations: frozenset[str] = frozenset()
    denials: frozenset[str] = frozenset()
    nya_clause_openers: frozenset[str] = frozenset()
    connectives: frozenset[str] = frozenset()  # `namun`, `selain itu`: a sentence's linking opener
    quantifiers: frozenset[str] = frozenset()
    kinship_words: frozenset[str] = frozenset()
    according_to_opener: str = "menurut"  # `Menurut X, …`; with -nya, `menurutnya`
    opening_inverted: frozenset[str] = frozenset()  # `Kata Amali, …`
    commenting: frozenset[str] = frozenset()  # `menolak mengomentari`: commenting without a cue
    # `memberi klarifikasi bahwa …`: verbs that report speech with one of the speech nouns as object.
    light_verbs: frozenset[str] = frozenset()
    speech_nouns: frozenset[str] = frozenset()
    speech_noun_modifiers: frozenset[str] = frozenset()  # `pernyataan resmi bahwa …`
    # `menjawab beberapa pertanyaan`: answering verbs, and the objects that are what was answered.
    answering_cues: frozenset[str] = frozenset()
    answered_objects: frozenset[str] = frozenset()
    # Circulating texts and reports (`pesan`, `tulisan`, `laporan`): `Dalam pesan itu disebutkan …`.
    documents: frozenset[str] = frozenset()
    # `yang dilansir laman X`: how a report is taken from an outlet, and the outlet's kind.
    relay_participles: frozenset[str] = frozenset()
    media_nouns: frozenset[str] = frozenset()
    # Heads of mentions that say nothing themselves: data, studies, laws, dictionaries.
    non_speakers: frozenset[str] = frozenset()
    passive_openers: frozenset[str] = frozenset()  # `Senada disampaikan Wahyu, …`
    backward_subjects: frozenset[str] = frozenset()  # `Hal tersebut disampaikan X`: the sentence before
    third_person: frozenset[str] = frozenset()  # `dia`, `ia`: the writer speaks about someone
    plural_pronouns: frozenset[str] = frozenset()  # `mereka`: a group named before
    plural_quantifiers: frozenset[str] = frozenset()  # `sejumlah ulama`, `para pemain`
    people_nouns: frozenset[str] = frozenset()  # `sejumlah ulama`, `para pecinta`: groups of people
    # Roles that name someone's relation to the person after them: `kuasa hukum Nikita` is her lawyer.
    relations: frozenset[str] = frozenset()
    expert_roles: frozenset[str] = frozenset()  # `pakar kesehatan`: a field in lower case after them
    first_person: frozenset[str] = frozenset()  # `Kita razia di SDN Pakis …`: a speaker's sentence
    grammar: Grammar = None  # the function words extraction's rules name, [grammar] of id.toml

    def is_office_word(self, word: str) -> bool:
        """Words of an office's or body's name rather than a person's: derived nouns
        (`Perhubungan`, `Kemenhub`), places (`Jawa`, `Banyuwangi`), bodies (`Pertamina`, `Polda`),
        acronyms (`BPTJ`) and codes (`Covid-19`)."""
        lowered = word.lower().strip("()")
        return (bool(_OFFICE_NOUN.search(lowered)) or lowered in self.places or lowered in self.place_words
                or lowered in self.office_words or lowered in self.organisation_words or is_acronym(word))

    def opens_names(self, word: str) -> bool:
        """Whether a capitalised ``word`` is one people's names start with: a given name
        (`Nurul`, `Agung`) or a prefix of one (`Lalu`, `I Gusti`, `Raden`)."""
        lowered = word.lower().rstrip(".")
        return word[:1].isupper() and (lowered in self.given_names or lowered in self.given_name_prefixes)

    def is_name_word(self, word: str) -> bool:
        """Whether a capitalised ``word`` can be part of a personal name (not a role, place or title)."""
        lowered = word.lower().strip("(),")
        return (
            word[:1].isupper()
            and not word.startswith("(")
            and "," not in lowered  # `Serikat,,dikabarkan`: words a scraper glued over a lost link
            and lowered not in self.role_words
            and lowered not in self.places
            and lowered not in self.titles
            and lowered not in self.abbreviations  # `Wapres`, `Menhan`
            and lowered not in self.organisation_heads
            and lowered not in self.function_words
            and lowered not in self.source_nouns
            and lowered not in self.pronouns
        )

    def is_cue(self, word: str) -> bool:
        """True for any speech cue, with or without its -nya suffix."""
        lowered = word.lower()
        return (
            lowered in self.preposed_cues
            or lowered in self.inverted_cues
            or (lowered.endswith("nya") and lowered[:-3] in self.inverted_cues)
        )

    def is_cue_after_quote(self, word: str) -> bool:
        """True for a cue right after a closing quote mark: any cue, a root that reports speech
        only there (`,” balas Maya`), or an inverted cue with one letter wrong (`,” ujara Anthony`,
        `,” katan Kepala`; scraped text has such typos, and nothing else stands in that place)."""
        lowered = word.lower()
        root = lowered[:-3] if lowered.endswith("nya") else lowered
        return self.is_cue(lowered) or root in self.after_quote_cues or _one_letter_off(root, self.inverted_cues)


@lru_cache(maxsize=1 << 12)  # words right after a quote: bounded, an ingest meets ever new ones
def _one_letter_off(word: str, cues: frozenset[str]) -> bool:
    if len(word) < 3 or not word.isalpha():
        return False
    from rapidfuzz import process  # here, not at the top: the read commands load the lexicon without it
    from rapidfuzz.distance import Levenshtein

    return process.extractOne(word, cues, scorer=Levenshtein.distance, score_cutoff=1) is not None


def _words(values: list[str]) -> frozenset[str]:
    return frozenset(value.lower() for value in values)


def _listed_words(text: str) -> list[str]:
    """The words of a one-word-per-line list, comments (`#`) and blank lines left out."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _anchored(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"^\s*(?:{pattern})\s*$", re.IGNORECASE) for pattern in patterns)


@cache
def load(language: str = "id") -> Lexicon:
    """Load the language data for ``language``; only Indonesian (``"id"``) is supported."""
    try:
        raw = resources.files("claimtrack.data").joinpath(f"{language}.toml").read_text("utf-8")
    except FileNotFoundError:
        raise ValueError(f"No language data for {language!r}; supported: 'id'") from None
    data = tomllib.loads(raw)
    cues, relays, mentions, dates, boilerplate = (
        data["cues"], data["relays"], data["mentions"], data["dates"], data["boilerplate"]
    )
    outlets = tuple(
        Outlet(
            name=entry["name"],
            domain=entry["domain"],
            names=tuple(name.lower() for name in entry["names"]),
            house_style=re.compile(entry["house_style"], re.IGNORECASE | re.MULTILINE)
            if "house_style" in entry
            else None,
        )
        for entry in data["outlets"]
    )
    return Lexicon(
        inverted_cues=_words(cues["inverted"]),
        preposed_cues=_words(cues["preposed"]),
        fragment_only_cues=_words(cues["fragment_only"]),
        comma_only_cues=_words(cues["comma_only"]),
        after_quote_cues=_words(cues["after_quote"]),
        according_to=tuple(cues["according_to"]),
        prepositions=_words(cues["prepositions"]),
        complementizers=_words(cues["complementizers"]),
        empty_objects=tuple(cues["empty_objects"]),
        relay_lead_ins=tuple(sorted(relays["lead_ins"], key=len, reverse=True)),
        relay_verbs=_words(relays["verbs"]),
        pronouns=_words(mentions["pronouns"]),
        adverbs=_words(mentions["adverbs"]),
        function_words=_words(mentions["function_words"]),
        role_words=_words(mentions["role_words"]),
        source_nouns=_words(mentions["source_nouns"]),
        place_heads=_words(mentions["place_heads"]),
        organisation_tails=_words(mentions["organisation_tails"]),
        name_final_places=_words(mentions["name_final_places"]),
        person_roles=_words(mentions["person_roles"]),
        organisation_heads=_words(mentions["organisation_heads"]),
        titles=_words(mentions["titles"]),
        places=_words(mentions["places"]),
        abbreviations={key.lower(): value for key, value in data["abbreviations"].items()},
        sentence_abbreviations=_words(data["sentences"]["abbreviations"]),
        stop_stripped_openers=_words(data["sentences"]["stop_stripped_openers"]),
        months=tuple(dates["months"]),
        month_abbreviations=tuple(dates["month_abbreviations"]),
        weekdays=tuple(dates["weekdays"]),
        weekday_variants=dict(dates["weekday_variants"]),
        boilerplate_lines=_anchored(boilerplate["lines"]),
        boilerplate_sections=_anchored(boilerplate["sections"]),
        boilerplate_inline=tuple(re.compile(p, re.IGNORECASE) for p in boilerplate["inline"]),
        outlets=outlets,
        demonstratives=_words(mentions["demonstratives"]),
        circumstances=_words(cues["circumstances"]),
        reached=_words(cues["reached"]),
        continuing_cues=_words(cues["continuing"]),
        office_words=_words(mentions["office_words"]),
        given_name_prefixes=_words(mentions["given_name_prefixes"]),
        office_phrases=_words(mentions["office_phrases"]),
        name_connectors=_words(mentions["name_connectors"]),
        passive_cues=_words(cues["passive"]),
        negations=_words(cues["negations"]),
        denials=_words(cues["denials"]),
        nya_clause_openers=_words(cues["nya_clause_openers"]),
        connectives=_words(cues["connectives"]),
        quantifiers=_words(mentions["quantifiers"]),
        kinship_words=_words(mentions["kinship_words"]),
        according_to_opener=cues["according_to_opener"],
        opening_inverted=_words(cues["opening_inverted"]),
        commenting=_words(cues["commenting"]),
        light_verbs=_words(cues["light_verbs"]),
        documents=_words(mentions["documents"]),
        non_speakers=_words(mentions["non_speakers"]),
        passive_openers=_words(cues["passive_openers"]),
        backward_subjects=_words(cues["backward_subjects"]),
        third_person=_words(mentions["third_person"]),
        plural_pronouns=_words(mentions["plural_pronouns"]),
        plural_quantifiers=_words(mentions["plural_quantifiers"]),
        people_nouns=_words(mentions["people_nouns"]),
        relations=_words(mentions["relations"]),
        expert_roles=_words(mentions["expert_roles"]),
        first_person=_words(mentions["first_person"]),
        relay_participles=_words(relays["participles"]),
        media_nouns=_words(relays["media_nouns"]),
        speech_nouns=_words(cues["speech_nouns"]),
        speech_noun_modifiers=_words(cues["speech_noun_modifiers"]),
        answering_cues=_words(cues["answering_cues"]),
        answered_objects=_words(cues["answered_objects"]),
        grammar=Grammar.of(data["grammar"]),
        common_words=_words(
            _listed_words(resources.files("claimtrack.data").joinpath("common_words.txt").read_text("utf-8"))
        ),
        place_words=_words(_listed_words(resources.files("claimtrack.data").joinpath("places.txt").read_text("utf-8"))),
        given_names=_words(
            _listed_words(resources.files("claimtrack.data").joinpath("given_names.txt").read_text("utf-8"))
        ),
        organisation_words=_words(
            _listed_words(resources.files("claimtrack.data").joinpath("organisations.txt").read_text("utf-8"))
        ),
        matching_stopwords=_words(data["matching"]["stopwords"]),
        matching_negations=_words(data["matching"]["negations"]),
        clause_contrasts=_words(data["matching"]["clause_contrasts"]),
        clause_subjects=_words(data["matching"]["clause_subjects"]),
        matching_colloquial={key.lower(): value.lower() for key, value in data["matching"]["colloquial"].items()},
        nicknames={key.lower(): value for key, value in data["matching"]["nicknames"].items()},
        name_honorifics=_words(data["matching"]["name_honorifics"]),
        speaker_non_names=_words(data["matching"]["speaker_non_names"]),
        transliterations=tuple((old, new) for old, new in data["names"]["transliterations"]),
        listing_path_words=_words(data["web"]["listing_path_words"]),
        person_role_pattern=re.compile(
            r"\b(?:" + "|".join(re.escape(r) for r in sorted(mentions["person_roles"], key=len, reverse=True)) + r")\b"
        ),
    )
