#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 600), one after another,
# on one core, keeping a log per target in fuzz/logs/. Needs cargo-fuzz; the stable
# toolchain is enough with RUSTC_BOOTSTRAP=1 (cargo fuzz passes nightly-only flags).
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(dates csv vcard json_restore sync_reader mail calendar)
mkdir -p logs
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    # Hand-written seeds (seeds/<target>/), if any, start the corpus.
    [ -d "seeds/$target" ] && cp -n "seeds/$target"/* "corpus/$target"/
    RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" -s none -O -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        > "logs/$target.log" 2>&1
    echo "$target: exit $?" >> logs/summary.txt
done
