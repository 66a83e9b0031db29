#!/usr/bin/env bash
# Real-server check of `netcrm sync`: netcrm -> vdir -> vdirsyncer -> Radicale -> a
# second vdir standing for the phone, and back. Installs Radicale and vdirsyncer from
# PyPI into a temporary virtual environment and starts Radicale on 127.0.0.1 on a free
# port with a temporary storage; everything is removed on exit.
#
#   bash scripts/check-sync.sh            (uses target/debug/netcrm, building it if needed)
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
radicale_pid=
cleanup() {
    if [ -n "$radicale_pid" ]; then kill "$radicale_pid" 2>/dev/null || true; wait "$radicale_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "check-sync: FAILED: $*" >&2; exit 1; }

cargo build --locked --quiet
netcrm="$PWD/target/debug/netcrm"

echo "--- installing Radicale and vdirsyncer into a temporary virtual environment"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check radicale vdirsyncer
vdirsyncer="$work/venv/bin/vdirsyncer"

port=$("$work/venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/radicale" "$work/netcrm/contacts" "$work/netcrm/tasks" "$work/phone" "$work/status"
cat > "$work/radicale.conf" <<CONF
[server]
hosts = 127.0.0.1:$port
[auth]
type = none
[storage]
filesystem_folder = $work/radicale
[logging]
level = warning
CONF
"$work/venv/bin/python" -m radicale --config "$work/radicale.conf" >"$work/radicale.log" 2>&1 &
radicale_pid=$!
for _ in $(seq 50); do
    if "$work/venv/bin/python" -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; then break; fi
    sleep 0.2
done

# netcrm's folders are the collections "contacts" and "tasks" under $work/netcrm; the
# phone's are created under $work/phone from the server.
cat > "$work/vdirsyncer.conf" <<CONF
[general]
status_path = "$work/status/"

[pair netcrm_contacts]
a = "netcrm_contacts_local"
b = "server_contacts"
collections = ["contacts"]
conflict_resolution = "a wins"

[pair netcrm_tasks]
a = "netcrm_tasks_local"
b = "server_tasks"
collections = ["tasks"]
conflict_resolution = "a wins"

[pair phone_contacts]
a = "phone_contacts_local"
b = "server_contacts"
collections = ["contacts"]

[pair phone_tasks]
a = "phone_tasks_local"
b = "server_tasks"
collections = ["tasks"]

[storage netcrm_contacts_local]
type = "filesystem"
path = "$work/netcrm/"
fileext = ".vcf"

[storage netcrm_tasks_local]
type = "filesystem"
path = "$work/netcrm/"
fileext = ".ics"

[storage phone_contacts_local]
type = "filesystem"
path = "$work/phone/"
fileext = ".vcf"

[storage phone_tasks_local]
type = "filesystem"
path = "$work/phone/"
fileext = ".ics"

[storage server_contacts]
type = "carddav"
url = "http://127.0.0.1:$port/netcrm/"
username = "netcrm"
password = "netcrm"

[storage server_tasks]
type = "caldav"
url = "http://127.0.0.1:$port/netcrm/"
username = "netcrm"
password = "netcrm"
CONF
export VDIRSYNCER_CONFIG="$work/vdirsyncer.conf"
export NETCRM_DB="$work/netcrm.db"
export NETCRM_TODAY=2026-11-20

vsync() { "$vdirsyncer" --verbosity WARNING sync "$@"; }

echo "--- first sync: netcrm -> vdir -> Radicale -> phone"
"$netcrm" add "Ada Lovelace" --email ada@example.com --company "Analytical Engines" >/dev/null
"$netcrm" sync --contacts "$work/netcrm/contacts" --tasks "$work/netcrm/tasks"
discover() { (set +o pipefail; yes | "$vdirsyncer" --verbosity WARNING discover "$@" >"$work/discover.log" 2>&1) || { cat "$work/discover.log" >&2; fail "vdirsyncer discover $*"; }; }
discover netcrm_contacts netcrm_tasks
vsync netcrm_contacts netcrm_tasks
discover phone_contacts phone_tasks
vsync phone_contacts phone_tasks
phone_card=$(grep -l "FN:Ada Lovelace" "$work/phone/contacts/"*.vcf) || fail "the contact did not reach the phone"
phone_task=$(grep -l "thank-you: Ada Lovelace" "$work/phone/tasks/"*.ics) || fail "the thank-you did not reach the phone"

echo "--- edits on the phone: a new phone number, the thank-you ticked off"
sed -i 's/^EMAIL/TEL:+1 555 0199\r\nEMAIL/' "$phone_card"
sed -i 's/^STATUS:NEEDS-ACTION/STATUS:COMPLETED/' "$phone_task"
grep -q "+1 555 0199" "$phone_card" || fail "could not edit the phone's card"

round() {
    vsync phone_contacts phone_tasks
    vsync netcrm_contacts netcrm_tasks
    "$netcrm" sync >/dev/null
    vsync netcrm_contacts netcrm_tasks
    vsync phone_contacts phone_tasks
}
export NETCRM_TODAY=2026-11-21
round
"$netcrm" show ada --json | grep -q '+1 555 0199' || fail "the phone's new number did not arrive in netcrm"
"$netcrm" show ada --json | grep -q '"thank-you"' || fail "the thank-you ticked off on the phone was not logged"
if "$netcrm" due --within 60 --json | grep -q '"thank-you-1"'; then fail "the thank-you is still due"; fi

echo "--- an edit in netcrm reaches the phone"
"$netcrm" edit ada --company "Babbage & Co" >/dev/null
round
grep -q "ORG:Babbage & Co" "$work/phone/contacts/"*.vcf || fail "the netcrm edit did not reach the phone"

echo "--- three more rounds: nothing duplicated"
round; round; round
contacts=$(ls "$work/phone/contacts" | wc -l)
[ "$contacts" -eq 1 ] || fail "the phone has $contacts cards, not 1"
people=$("$netcrm" list --json | "$work/venv/bin/python" -c 'import json, sys; print(len(json.load(sys.stdin)))')
[ "$people" -eq 1 ] || fail "netcrm has $people contacts, not 1"
tasks=$(grep -l "^UID:" "$work/phone/tasks/"*.ics | wc -l)
[ "$tasks" -eq "$(ls "$work/netcrm/tasks" | wc -l)" ] || fail "the phone and netcrm disagree on tasks"
grep -q "FN:Ada Lovelace" "$work/phone/contacts/"*.vcf || fail "the card lost its name"
echo "check-sync: ok (Radicale on 127.0.0.1:$port, vdirsyncer $("$vdirsyncer" --version | awk '{print $3}'))"
