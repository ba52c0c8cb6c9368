"""The Indonesian named-entity model shipped inside claimtrack.

Owns locating and loading the trained spaCy pipeline (``tok2vec`` + ``ner``, labels
``PERSON``, ``ORG``, ``GPE``, ``LOC``) stored in ``claimtrack/models/id_ner``. The model
is built by ``python training/ner/train.py``; data, label mapping and scores are in
``training/ner/MODEL_CARD.md``.

>>> nlp = load_ner()
>>> [(ent.text, ent.label_) for ent in nlp("Presiden Joko Widodo tiba di Surabaya.").ents]
[('Joko Widodo', 'PERSON'), ('Surabaya', 'GPE')]
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy

MODEL_PATH = Path(__file__).resolve().parent / "models" / "id_ner"


@lru_cache(maxsize=1)
def load_ner() -> spacy.Language:
    """Load the shipped NER pipeline once and return the same object on later calls.

    Raises
    ------
    FileNotFoundError
        If the model folder is missing, naming the path and the command that rebuilds it.
    """
    if not (MODEL_PATH / "config.cfg").is_file():
        raise FileNotFoundError(
            f"The Indonesian NER model is missing: {MODEL_PATH} has no config.cfg. "
            "Rebuild it from a source checkout with: python training/ner/train.py"
        )
    return spacy.load(MODEL_PATH)
