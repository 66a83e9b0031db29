#!/usr/bin/env bash
# netcrm's benchmark, side by side with the sqlite3 shell on the same data: builds a
# release binary, generates the datasets, prints Markdown tables (see BENCHMARKS.md):
# medians of the commands, then `path` at 1,000,000 links with its 95th percentile,
# then syncs (bench_sync.py), rescans beside `notmuch new` and grep (bench_scan.py),
# imports into a big network (bench_import.py), and the lists and the growth of reading
# (bench_lists.py).
# Usage: scripts/bench.sh [RUNS]   (default 7 interleaved runs per operation)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "installing the sqlite3 shell (Debian's sqlite3) for the baseline" >&2
    apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null
fi
if ! command -v notmuch >/dev/null 2>&1; then
    echo "installing notmuch (Debian's notmuch) for the rescan baseline" >&2
    apt-get update -qq && apt-get install -y -qq notmuch >/dev/null
fi
cargo build --release --locked --quiet
python3 scripts/bench.py "$@"
python3 scripts/bench_sync.py "$@"
python3 scripts/bench_scan.py "$@"
python3 scripts/bench_import.py "$@"
exec python3 scripts/bench_lists.py "$@"
