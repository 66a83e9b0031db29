#!/usr/bin/env bash
# Checks that the crate as published is whole: `cargo package` succeeds and the
# package holds what the build and the tests read (migrations, fixtures, snapshots).
# With --full, the packaged crate is also unpacked, built and tested on its own, as
# `cargo install netcrm` and a crates.io user would see it (a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

full=false
[ "${1:-}" = "--full" ] && full=true

listing=$(cargo package --locked --allow-dirty --list 2>/dev/null)
missing=0
for needed in migrations/*.sql $(find tests/fixtures tests/snapshots src/draft -type f | sort) tests/*.rs \
    tests/support/mod.rs scripts/make-mailboxes.py src/main.rs src/lib.rs benches/micro.rs README.md GUIDE.md LICENSE \
    Cargo.lock; do
    if ! grep -qxF "$needed" <<<"$listing"; then
        echo "not in the package: $needed" >&2
        missing=1
    fi
done
if grep -q '^fuzz/' <<<"$listing"; then
    echo "the fuzz targets are in the package" >&2
    missing=1
fi
[ "$missing" = 0 ] || exit 1

cargo package --locked --allow-dirty --no-verify >/dev/null 2>&1
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
crate="target/package/netcrm-$version.crate"
echo "$crate: $(wc -c <"$crate") bytes, $(wc -l <<<"$listing") files"

if $full; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    tar -xzf "$crate" -C "$work"
    # The archive keeps the files' times: touch them, so that a reused target folder
    # never takes an older build of netcrm for this one.
    find "$work" -type f -exec touch {} +
    # PACKAGE_TARGET_DIR keeps the build between runs (default: thrown away).
    target=${PACKAGE_TARGET_DIR:-$work/target}
    (cd "$work/netcrm-$version" && CARGO_TARGET_DIR="$target" cargo test --locked -q)
    echo "the packaged crate builds and passes its tests on its own"
fi
