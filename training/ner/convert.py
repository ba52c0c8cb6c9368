"""Convert NERGRIT and idner-news-2k to spaCy DocBin files with one label scheme.

Both corpora are pre-tokenised CoNLL-style files (one token per line, blank line between
sentences). Each sentence becomes one ``Doc`` built from its tokens, so the gold spans never
depend on a tokenizer. Labels are mapped to ``PERSON``, ``ORG``, ``GPE`` and ``LOC``:

===================  ================  ===========================================
dataset              source tag        claimtrack label
===================  ================  ===========================================
NERGRIT              PERSON            PERSON
NERGRIT              ORGANISATION      ORG
NERGRIT              PLACE             GPE, or LOC when the span is a non-political
                                       place (see ``LOC_HEAD_WORDS`` / ``LOC_REGIONS``)
idner-news-2k        PER               PERSON
idner-news-2k        ORG               ORG
idner-news-2k        LOC               GPE, or LOC by the same rule
===================  ================  ===========================================

Neither corpus separates geopolitical entities from other places, so the split is made
here by a rule on the span text: a place whose first word names a natural feature, a
facility or a street (``Gunung``, ``Pulau``, ``Jalan``, ``Gedung``, ``Bandara`` ...) or that
is a continent or world region (``Asia``, ``Timur Tengah``) is ``LOC``; every other place
(countries, provinces, cities, regencies, villages) is ``GPE``. In news the great majority of
place mentions are administrative areas, which is what a speaker's title or a dateline
refers to ("Menteri Luar Negeri Rusia", "Gubernur Jawa Tengah").

Usage::

    python training/ner/convert.py [--data-dir /work/shared/data] [--out-dir training/ner/corpus]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

HERE = Path(__file__).resolve().parent
DEFAULT_DATA_DIR = Path("/work/shared/data")
DEFAULT_OUT_DIR = HERE / "corpus"

# (output name, relative path, column holding the BIO tag, tag -> label map)
NERGRIT_TAGS = {"PERSON": "PERSON", "ORGANISATION": "ORG", "PLACE": "PLACE"}
IDNER_TAGS = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}
SPLITS = [
    ("nergrit-train", "indonlu_ner/nergrit/train_preprocess.txt", 1, NERGRIT_TAGS),
    ("nergrit-dev", "indonlu_ner/nergrit/valid_preprocess.txt", 1, NERGRIT_TAGS),
    ("nergrit-test", "indonlu_ner/nergrit/test_preprocess.txt", 1, NERGRIT_TAGS),
    ("idner-train", "idner_news_2k/train.txt", 2, IDNER_TAGS),
    ("idner-dev", "idner_news_2k/dev.txt", 2, IDNER_TAGS),
    ("idner-test", "idner_news_2k/test.txt", 2, IDNER_TAGS),
]
# Files written in addition to the per-split ones: training and early-stopping sets.
COMBINED = {
    "train": ["nergrit-train", "idner-train"],
    "dev": ["nergrit-dev", "idner-dev"],
}

# fmt: off
# First word(s) of a place span that make it a non-geopolitical location (lower-cased).
# Natural features, facilities, buildings, streets and schools, as both corpora tag them as places.
LOC_HEAD_WORDS = {
    # natural features
    "gunung", "pegunungan", "bukit", "pulau", "danau", "sungai", "kali", "laut", "selat", "teluk",
    "samudra", "samudera", "pantai", "tanjung", "semenanjung", "lembah", "gua", "goa", "hutan",
    "kawah", "benua", "gurun", "dataran", "air terjun",
    # streets, buildings, facilities
    "jalan", "jl", "jl.", "gedung", "istana", "kantor", "hotel", "bandara", "bandar udara",
    "pelabuhan", "terminal", "stasiun", "stadion", "taman", "rumah", "rumah sakit", "rs", "rsud",
    "pasar", "masjid", "gereja", "pura", "vihara", "klenteng", "candi", "museum", "monumen", "tugu",
    "lapangan", "alun-alun", "spbu", "pangkalan", "kompleks", "komplek", "perumahan", "jembatan",
    "bendungan", "waduk", "lapas", "rutan", "markas", "mabes", "kampus", "universitas",
    "sekolah", "sd", "sdn", "smp", "smpn", "sma", "sman", "smk", "smkn", "pesantren",
}
# Whole spans (lower-cased) that are continents or world regions, not states.
LOC_REGIONS = {
    "afrika", "asia", "eropa", "oseania", "antartika", "arktik", "timur tengah", "timur jauh",
    "asia tenggara", "asia timur", "asia selatan", "asia tengah", "asia barat", "asia pasifik",
    "afrika barat", "afrika timur", "afrika utara", "afrika tengah", "eropa barat", "eropa timur",
    "eropa utara", "eropa tengah", "amerika latin", "amerika utara", "amerika tengah",
    "amerika selatan", "balkan", "skandinavia", "kaukasus", "timur tengah dan afrika utara",
}
# fmt: on
LABELS = ("PERSON", "ORG", "GPE", "LOC")


def place_label(words: list[str]) -> str:
    """Return ``LOC`` for a natural feature, facility or world region, else ``GPE``."""
    lowered = [w.lower() for w in words]
    if " ".join(lowered) in LOC_REGIONS:
        return "LOC"
    if lowered[0] in LOC_HEAD_WORDS or " ".join(lowered[:2]) in LOC_HEAD_WORDS:
        return "LOC"
    return "GPE"


def read_conll(path: Path, tag_column: int) -> list[list[tuple[str, str]]]:
    """Read ``token ... tag`` lines into sentences of ``(token, tag)`` pairs."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        parts = line.split("\t") if "\t" in line else line.split(" ")
        current.append((parts[0], parts[tag_column].strip()))
    if current:
        sentences.append(current)
    return sentences


def bio_spans(tags: list[str], tag_map: dict[str, str]) -> list[tuple[int, int, str]]:
    """Turn BIO tags into ``(start, end, source_label)``; a stray ``I-`` opens a span."""
    spans: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, name = tag.partition("-")
        continues = prefix == "I" and start is not None and name == label
        if start is not None and not continues:
            spans.append((start, i, tag_map[label]))
            start, label = None, None
        if prefix in ("B", "I") and start is None:
            start, label = i, name
    return spans


def to_doc(nlp: spacy.Language, sentence: list[tuple[str, str]], tag_map: dict[str, str]) -> Doc:
    words = [word for word, _ in sentence]
    doc = Doc(nlp.vocab, words=words, spaces=[True] * (len(words) - 1) + [False])
    ents = []
    for start, end, label in bio_spans([tag for _, tag in sentence], tag_map):
        if label == "PLACE":
            label = place_label(words[start:end])
        ents.append(Span(doc, start, end, label=label))
    doc.ents = ents
    return doc


def convert(data_dir: Path, out_dir: Path) -> dict[str, Counter]:
    """Write one DocBin per split plus combined train/dev; return label counts per split."""
    nlp = spacy.blank("id")
    out_dir.mkdir(parents=True, exist_ok=True)
    docs_by_split: dict[str, list[Doc]] = {}
    for name, relpath, column, tag_map in SPLITS:
        path = data_dir / relpath
        if not path.exists():
            raise SystemExit(f"Missing {path}: pass --data-dir pointing at the folder holding {relpath}")
        docs_by_split[name] = [to_doc(nlp, s, tag_map) for s in read_conll(path, column)]
    for name, parts in COMBINED.items():
        docs_by_split[name] = [doc for part in parts for doc in docs_by_split[part]]
    counts = {}
    for name, docs in docs_by_split.items():
        DocBin(docs=docs, store_user_data=False).to_disk(out_dir / f"{name}.spacy")
        counts[name] = Counter(ent.label_ for doc in docs for ent in doc.ents)
        counts[name]["_docs"] = len(docs)
    return counts


# Unlabelled text for the tok2vec pretraining (``spacy pretrain``): the UD Indonesian treebanks
# (CC BY-SA) and the *train* splits of the NER corpora (never dev or test).
UD_FILES = [
    "ud_indonesian_csui/id_csui-ud-test.conllu",
    "ud_indonesian_csui/id_csui-ud-train.conllu",
    "ud_indonesian_gsd/id_gsd-ud-dev.conllu",
    "ud_indonesian_gsd/id_gsd-ud-test.conllu",
    "ud_indonesian_pud/id_pud-ud-test.conllu",
]
RAW_NER_FILES = [
    ("indonlu_ner/nergrit/train_preprocess.txt", 1),
    ("idner_news_2k/train.txt", 2),
    ("indonlu_ner/nerp/train_preprocess.txt", 1),  # lower-cased news; text only, its labels are not used
]


def write_raw_text(data_dir: Path, out_dir: Path) -> Counter:
    """Write ``raw.jsonl`` (one ``{"text": sentence}`` a line) for ``spacy pretrain``; return sentence counts."""
    lines: list[str] = []
    counts: Counter = Counter()
    for relpath in UD_FILES:
        path = data_dir / relpath
        before = len(lines)
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# text = "):
                lines.append(line[len("# text = ") :].strip())
        counts[path.name] = len(lines) - before
    for relpath, column in RAW_NER_FILES:
        before = len(lines)
        lines.extend(" ".join(word for word, _ in s) for s in read_conll(data_dir / relpath, column))
        counts[relpath] = len(lines) - before
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "raw.jsonl").write_text("".join(json.dumps({"text": line}) + "\n" for line in lines), encoding="utf-8")
    counts["_words"] = sum(len(line.split()) for line in lines)
    return counts


def format_counts(counts: dict[str, Counter]) -> str:
    """One line per split: number of sentences and entities per label."""
    lines = []
    for name, counter in counts.items():
        labels = "  ".join(f"{label}={counter[label]}" for label in LABELS)
        lines.append(f"{name:14s} docs={counter['_docs']:5d}  {labels}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    args = parser.parse_args()
    print(format_counts(convert(args.data_dir, args.out_dir)))


if __name__ == "__main__":
    main()
