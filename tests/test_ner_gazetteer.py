"""The gazetteer features of the NER's tok2vec (training/ner/gazetteer.py), without the name-list
packages: the feature table is built from names given here."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "training" / "ner" / "gazetteer.py"


@pytest.fixture(scope="module")
def gazetteer():
    spec = importlib.util.spec_from_file_location("gazetteer", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def features(gazetteer, vectors, word):
    """The names of the features set for a word, or None when the word has no row."""
    from spacy.strings import StringStore

    key = StringStore().add(word)
    if key not in vectors:
        return None
    return {name for name, value in zip(gazetteer.FEATURES, vectors[key], strict=True) if value == 1}


def test_one_row_of_features_per_spelling(gazetteer):
    table = gazetteer.Gazetteer()
    table.mark("Ahmad", "first")
    table.mark("Ahmad", "last")
    table.add_place("Kuala Lumpur")
    table.add_place("Surrey")
    table.add_place("les Escaldes")
    vectors = table.to_vectors()
    assert vectors.shape == (7, len(gazetteer.FEATURES))
    assert features(gazetteer, vectors, "Ahmad") == {"first", "last"}
    assert features(gazetteer, vectors, "Kuala") == {"place_b"}
    assert features(gazetteer, vectors, "Lumpur") == {"place_i"}
    assert features(gazetteer, vectors, "Surrey") == {"place"}
    assert features(gazetteer, vectors, "Jakarta") is None
    # A lower-case word of a name is kept as written and with a capital, as it opens a sentence.
    assert features(gazetteer, vectors, "les") == features(gazetteer, vectors, "Les") == {"place_b"}


def test_only_latin_words_of_two_letters_or_more(gazetteer):
    table = gazetteer.Gazetteer()
    for word in ("Владимир", "A", "42", "-", "O'Brien", "Jean-Luc"):
        table.mark(word, "first")
    assert sorted(table.features) == ["Jean-Luc", "O'Brien"]

