#!/usr/bin/env python3
"""Build the clickid-dev2 gold file from its hand annotations. Standard library only.

The same checks and format as ``gold/hoax-dev/build.py`` (whose code this runs, pointed at this
directory): every annotated substring is located (a miss, an out-of-range occurrence, an unpinned
repeated substring, overlapping spans, a missing, unexpected or reserved article all fail), the
file is written in the format of docs/ANNOTATION.md, re-read, and every ``text[start:end]``
compared with the annotated substring. clickid-dev2 has one half, ``dev`` (development only).
Run from the repository root:

    python gold/clickid-dev2/build.py

Writes ``gold/clickid-dev2/clickid-dev2.gold.jsonl`` and ``gold/clickid-dev2/dev.gold.jsonl`` (the same
articles; the second name follows the one-file-per-half layout of the other sets).
"""

import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    spec = importlib.util.spec_from_file_location("hoax_dev_build", HERE.parent / "hoax-dev" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.build_in(HERE, "clickid-dev2.gold.jsonl", ("dev",))

if __name__ == "__main__":
    main()
