#!/usr/bin/env bash
# A tour of the claimtrack command line on the seed articles. Run from the repository root
# after `make demo`; it uses its own database so your claimtrack.db is left alone.
set -euo pipefail
export PATH="$PWD/.venv/bin:$PATH"
scratch="$(mktemp -d)"
export CLAIMTRACK_DB="${CLAIMTRACK_DB:-$scratch/tour.db}"

claimtrack ingest seeds/                          # extract and store; running it twice changes nothing
claimtrack quotes --speaker Shoigu --limit 5     # what did Shoigu say?
claimtrack said Shoigu                            # everything he said, newest first, with the claim of each quote
claimtrack said Shoigu --kind direct --limit 3    # --outlet, --kind, --since, --until, --limit, as on every listing
claimtrack search sanksi                          # the sanctions quote, as SINDOnews and Purna Warta reported it
claimtrack search "kerja sama" --outlet "Purna" --kind direct
claimtrack claims                                 # statements reported by two or more outlets
claimtrack claims --speaker Shoigu --csv | head -3  # --json a JSON array, --nl JSON Lines, --csv one row per outlet
claimtrack diff 3                                 # how each outlet worded claim 3, word by word
claimtrack diff 3 --html "$scratch/claim-3.html"  # the same as a standalone web page
claimtrack show 1                                 # a quote inside its article
claimtrack extract seeds/000_2339bdc2ebd3f11c.txt --format jsonl > "$scratch/000.jsonl"   # predictions, no database
head -3 "$scratch/000.jsonl"
claimtrack evaluate tests/fixtures/seeds.gold.jsonl seeds/                    # scored against the gold set
sqlite-utils tables "$CLAIMTRACK_DB" --counts     # the database is plain SQLite
