#!/usr/bin/env bash
# A tour of the claimtrack command line on the seed articles. Run from the repository root
# after `make demo`; it uses its own database so your claimtrack.db is left alone.
set -euo pipefail
export PATH="$PWD/.venv/bin:$PATH"
export CLAIMTRACK_DB="${CLAIMTRACK_DB:-$(mktemp -d)/tour.db}"

claimtrack ingest seeds/                          # extract and store; running it twice changes nothing
claimtrack quotes --speaker Shoigu --limit 5     # what did Shoigu say?
claimtrack search sanksi                          # the sanctions quote, as SINDOnews and Purna Warta reported it
claimtrack search "kerja sama" --outlet "Purna" --kind direct
claimtrack extract seeds/000_2339bdc2ebd3f11c.txt --format jsonl | head -3   # predictions, no database
claimtrack evaluate tests/fixtures/seeds.gold.jsonl seeds/                    # scored against the gold set
sqlite-utils tables "$CLAIMTRACK_DB" --counts     # the database is plain SQLite
