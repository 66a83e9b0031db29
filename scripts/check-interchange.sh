#!/usr/bin/env bash
# Checks that every exported format netcrm writes for other programs opens in an
# independent consumer: the vCard 3.0 and 4.0 exports in Python's vobject, the
# iCalendar export in Python's icalendar.
#
# Usage: scripts/check-interchange.sh
#
# It makes a Python virtual environment in a temporary directory and installs vobject
# and icalendar from PyPI into it; builds netcrm with `cargo build --release --locked`
# (or uses $NETCRM_BIN when set); then scripts/check_interchange.py adds contacts with
# awkward data (non-ASCII names, commas and semicolons, multi-line and 200+ character
# notes, several e-mails and phones, tags, full and yearless birthdays, a LinkedIn
# URL), a reminder and a snooze to a temporary database through the real binary,
# exports vCard 3.0, vCard 4.0 and iCalendar, and compares what the parsers read with
# what was typed in (vCard N: the right given and family names for names typed by
# hand) and with `netcrm due --json`. One PASS or FAIL line per check;
# the exit status is 0 when all pass, 1 when any fails, 2 when it cannot run.
#
# Environment: NETCRM_BIN (a netcrm binary to test instead of building one),
# CHECK_INTERCHANGE_VENV (a directory to keep the virtual environment in between runs;
# created when missing). Nothing outside the temporary directory is touched, apart
# from cargo's target/ and that virtual environment.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/netcrm-interchange.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

venv=${CHECK_INTERCHANGE_VENV:-$work/venv}
if [[ ! -x $venv/bin/python ]]; then
    echo "Installing vobject and icalendar into $venv ..." >&2
    python3 -m venv "$venv" || { echo "error: python3 -m venv failed (on Debian: apt install python3-venv)" >&2; exit 2; }
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check vobject icalendar ||
    { echo "error: could not install vobject and icalendar from PyPI" >&2; exit 2; }

if [[ -n ${NETCRM_BIN:-} ]]; then
    bin=$(cd -- "$(dirname -- "$NETCRM_BIN")" && pwd)/$(basename -- "$NETCRM_BIN")
else
    echo "Building netcrm ..." >&2
    cargo build --release --locked --quiet --manifest-path "$root/Cargo.toml" || exit 2
    bin=$root/target/release/netcrm
fi
[[ -x $bin ]] || { echo "error: no netcrm binary at $bin" >&2; exit 2; }

# A scrubbed environment: a database of its own, a fixed today, no colour, and a home
# with nothing in it, so that neither the user's data nor their settings leak in.
mkdir -p "$work/home"
cd "$work"
env -i \
    PATH="$PATH" \
    HOME="$work/home" \
    XDG_DATA_HOME="$work/home/.local/share" \
    XDG_CONFIG_HOME="$work/home/.config" \
    LANG=C.UTF-8 \
    NO_COLOR=1 \
    NETCRM_DB="$work/netcrm.db" \
    NETCRM_TODAY=2026-11-20 \
    "$venv/bin/python" "$root/scripts/check_interchange.py" "$bin" "$work"
