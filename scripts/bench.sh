#!/usr/bin/env bash
# netcrm's benchmark, side by side with the sqlite3 shell on the same data: builds a
# release binary, generates the datasets, prints Markdown tables (see BENCHMARKS.md):
# medians of the commands, then `path` at 1,000,000 links with its 95th percentile,
# then the syncs (bench_sync.py) and imports into a big network (bench_import.py).
# Usage: scripts/bench.sh [RUNS]   (default 7 interleaved runs per operation)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "installing the sqlite3 shell (Debian's sqlite3) for the baseline" >&2
    apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null
fi
cargo build --release --locked --quiet
python3 scripts/bench.py "$@"
python3 scripts/bench_sync.py "$@"
exec python3 scripts/bench_import.py "$@"
