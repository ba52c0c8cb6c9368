"""Rebuild the shipped Indonesian NER model in one command.

Steps: convert NERGRIT and idner-news-2k to DocBin files (``convert.py``), run
``spacy train`` with ``config.cfg`` on both train splits (early stopping on both dev
splits), evaluate the best model on each test split with spaCy's scorer, write the scores
to ``scores.json`` and save the pipeline into ``claimtrack/models/id_ner``.

Usage (from the repository root, about 10-20 minutes on 2 CPU cores)::

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

CONFIG = HERE / "config.cfg"
CORPUS_DIR = HERE / "corpus"
OUTPUT_DIR = HERE / "output"
SCORES_PATH = HERE / "scores.json"
PACKAGE_MODEL_DIR = REPO / "claimtrack" / "models" / "id_ner"
TEST_SPLITS = ("nergrit-test", "idner-test")

MODEL_META = {
    "name": "id_ner",
    "version": "0.1.0",
    "description": "Indonesian news NER (PERSON, ORG, GPE, LOC): spaCy tok2vec CNN + transition-based NER, "
    "trained on NERGRIT and idner-news-2k. See training/ner/MODEL_CARD.md.",
    "license": "Apache-2.0 (code); training data: NERGRIT (IndoNLU, Apache-2.0 / NERGRIT contributors), "
    "idner-news-2k (MIT)",
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
    ],
}


def train(data_dir: Path) -> dict:
    counts = convert.convert(data_dir, CORPUS_DIR)
    print(convert.format_counts(counts), flush=True)

    started = time.monotonic()
    subprocess.run(
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
        ],
        check=True,
        cwd=REPO,
    )
    train_seconds = time.monotonic() - started

    best = OUTPUT_DIR / "model-best"
    scores = {"train_wall_seconds": round(train_seconds, 1), "test": {}}
    for split in TEST_SPLITS:
        result = evaluate(best, CORPUS_DIR / f"{split}.spacy", silent=True)
        scores["test"][split] = {
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
    print(f"saved {PACKAGE_MODEL_DIR} ({size / 1e6:.1f} MB); training took {train_seconds / 60:.1f} min")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", type=Path, default=convert.DEFAULT_DATA_DIR, help="folder holding indonlu_ner/ and idner_news_2k/"
    )
    args = parser.parse_args()
    train(args.data_dir)


if __name__ == "__main__":
    main()
