#!/usr/bin/env bash
# How `netcrm scan` grows with hostile calendars (issue 23): builds a release binary,
# then prints the times for N and 2N of each shape, their ratios, and the peak memory of
# the issue's files as Markdown tables (see BENCHMARKS.md). Exits 1 if a ratio is above 3.
# Usage: scripts/bench-calendars.sh [RUNS]   (default 5 runs per measurement)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
exec python3 scripts/bench_calendars.py "$@"
