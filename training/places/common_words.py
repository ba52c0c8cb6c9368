"""Build claimtrack/data/common_words.txt: Indonesian words written in lower case in running text.

Speaker resolution uses the list to tell a capitalised sentence opener (`Memang`, `Fakta`,
`Dipantau`) from a one-word name (`Kemal`): a word is common when the open corpora below write it
in lower case and do not capitalise it inside a sentence more often than that.
Sources: the Universal Dependencies Indonesian treebanks GSD, CSUI and PUD (CC BY-SA; only a
word list is derived) and the NERGRIT and idner_news_2k training texts (Apache-2.0, MIT).
NERP is left out: its text is all lower case.

    python training/places/common_words.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "claimtrack" / "data" / "common_words.txt"
MIN_COUNT = 1


def _sentences(data: Path):
    """Word lists of every sentence of the sources."""
    for path in sorted(data.glob("ud_indonesian_*/*.conllu")):
        words = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                yield words
                words = []
            elif not line.startswith("#"):
                columns = line.split("\t")
                if columns[0].isdigit():
                    words.append(columns[1])
        yield words
    for path, separator in ((data / "indonlu_ner" / "nergrit" / "train_preprocess.txt", "\t"),
                            (data / "idner_news_2k" / "train.txt", " ")):
        words = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                yield words
                words = []
            else:
                words.append(line.split(separator)[0])
        yield words


def build(data: Path) -> list[str]:
    lower: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for words in _sentences(data):
        for position, word in enumerate(words):
            if not word.isalpha():
                continue
            if word.islower():
                lower[word] += 1
            elif position > 0 and word[0].isupper():
                capitalised[word.lower()] += 1
    return sorted(w for w, n in lower.items() if n >= MIN_COUNT and n >= capitalised[w] and len(w) > 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "data")
    args = parser.parse_args()
    words = build(args.data)
    header = ("# Words written in lower case in UD Indonesian, NERGRIT and idner_news_2k; "
              "built by training/places/common_words.py\n")
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} common words -> {OUT}")


if __name__ == "__main__":
    main()
