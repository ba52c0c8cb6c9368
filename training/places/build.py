"""Build claimtrack/data/places.txt, organisations.txt and given_names.txt: words that name places
and organisations, and the words that open people's names, from open NER corpora.

Speaker resolution uses the lists to cut a place or a body glued between an office and a name
(`Ketua Bawaslu Balikpapan Agustan` → `Agustan`, `General Manager PT Pertamina Sylvia Grace
Yuvenna` → `Sylvia Grace Yuvenna`). A word enters a list when it is part of a place (organisation)
entity in NERGRIT (PLACE), NERP (PLC) or idner_news_2k (LOC) training data at least twice and
at least four times as often as part of a person entity, and is not a common given name. All three
corpora allow this. A word is a given name when it opens a person entity at least three times, in at
least two of every five of its uses inside person entities, and is at most half as often part of a
place or an organisation (`Nurul`, `Agung`, `Bambang`, `Joko`; not `Widodo`, which mostly ends names): a
given name glued after a body's name starts the person's (`Kementerian Pertanian Agung Hendriadi`).
The three (IndoNLU: Apache-2.0, NERGRIT's terms ask for credit to its contributors;
idner_news_2k: MIT). PFSA-ID and CLICK-ID are not used.

    python training/places/build.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "claimtrack" / "data"
PLACE = {"PLACE", "PLC", "LOC"}
ORGANISATION = {"ORGANISATION", "IND", "ORG"}
PERSON = {"PERSON", "PPL", "PER"}
MIN_COUNT = 2  # seen as a place at least twice: one-off tagging slips stay out
# Given names that are also place words stay out: `Indah`, `Tanjung` (Akbar Tanjung), `Intan`.
GIVEN_NAMES = {"indah", "tanjung", "intan", "putri", "sari", "bintang", "mulia", "karya", "suzuki", "floyd",
               "dan", "yang"}
GIVEN_NAME_MIN = 3  # opens a person entity at least three times
GIVEN_NAME_SHARE = 0.4  # ... in at least two of five of its uses in person entities: `Joko`, `Bambang`, not `Widodo`
PLACE_TO_PERSON = 4  # `Jakarta` is tagged PERSON 5 times in 509 (inside `Gubernur DKI Jakarta Anies`), `Agung` 33 in 38


def _entities(path: Path, label_column: int):
    """(label, words) of each BIO entity in a CoNLL-style file."""
    label, words = None, []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        parts = line.split("\t") if "\t" in line else line.split()
        tag = parts[label_column] if len(parts) > label_column else "O"
        if tag.startswith("I-") and label == tag[2:]:
            words.append(parts[0])
            continue
        if label is not None:
            yield label, words
        label, words = (tag[2:], [parts[0]]) if tag.startswith("B-") else (None, [])


def build(data: Path) -> dict[str, list[str]]:
    sources = [
        (data / "indonlu_ner" / "nergrit" / "train_preprocess.txt", 1),
        (data / "indonlu_ner" / "nerp" / "train_preprocess.txt", 1),
        (data / "idner_news_2k" / "train.txt", 2),
    ]
    places: Counter[str] = Counter()
    organisations: Counter[str] = Counter()
    people: Counter[str] = Counter()
    first_names: Counter[str] = Counter()
    for path, column in sources:
        for label, words in _entities(path, column):
            lowered = [w.lower() for w in words if w.isalpha() and len(w) > 2]
            if label in PLACE:
                places.update(lowered)
            elif label in ORGANISATION:
                organisations.update(lowered)
            elif label in PERSON:
                people.update(lowered)
                if words and words[0].isalpha() and len(words[0]) > 2:
                    first_names[words[0].lower()] += 1
    def kept(counts: Counter[str], least: int, ratio: int) -> list[str]:
        return sorted(w for w, n in counts.items() if n >= least and n >= ratio * people[w] and w not in GIVEN_NAMES)

    # Organisation names borrow more from people's names (`Suzuki`, `Karya`): a stricter bar.
    given_names = sorted(
        w for w, n in first_names.items()
        if n >= GIVEN_NAME_MIN and n >= GIVEN_NAME_SHARE * people[w] and people[w] >= 2 * (places[w] + organisations[w])
    )
    return {"places": kept(places, MIN_COUNT, PLACE_TO_PERSON), "organisations": kept(organisations, 3, 10),
            "given_names": given_names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "data")
    args = parser.parse_args()
    for kind, words in build(args.data).items():
        out = DATA / f"{kind}.txt"
        header = (f"# Words of {kind.replace('_', ' ')} in NERGRIT, NERP and idner_news_2k training data; "
                  "built by training/places/build.py\n")
        out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
        print(f"{len(words)} {kind} words -> {out}")


if __name__ == "__main__":
    main()
