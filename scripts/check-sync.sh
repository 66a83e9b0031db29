#!/usr/bin/env bash
# Real-server check of `netcrm sync`: netcrm -> vdir -> vdirsyncer -> Radicale -> a
# second vdir standing for the phone, and back. Installs Radicale and vdirsyncer from
# PyPI into a temporary virtual environment and starts Radicale on 127.0.0.1 on a free
# port with a temporary storage; everything is removed on exit. On the phone's side,
# the real terminal clients of such folders edit the cards and tasks: khard 0.22 (an
# edit, a merge) and todoman 4.7 (done, a moved due date, cancel, delete), installed
# into the same environment and pointed at the phone's folders by config files in the
# temporary folder (DESIGN.md "Sync and scan as real clients use them").
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

echo "--- installing Radicale, vdirsyncer, khard and todoman into a temporary virtual environment"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check radicale vdirsyncer 'khard==0.22.*' 'todoman==4.7.*'
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

# khard and todoman on the phone's folders. khard's edits are fed a changed YAML
# document (`khard edit -i`); its merge runs a merge editor that gives the target the
# source's e-mails, as a person merging two cards does. Both ask before they write.
cat > "$work/merge-editor.py" <<'PY'
import sys
from ruamel.yaml import YAML

yaml = YAML()
def emails(contact):
    found = []
    for value in (contact.get("Email") or {}).values():
        found += value if isinstance(value, list) else [value] if value else []
    return [str(email) for email in found]
with open(sys.argv[1]) as f:
    source = yaml.load(f)
with open(sys.argv[2]) as f:
    target = yaml.load(f)
target["Email"] = {"internet": emails(target) + [e for e in emails(source) if e not in emails(target)]}
with open(sys.argv[2], "w") as f:
    yaml.dump(target, f)
PY
cat > "$work/khard.conf" <<CONF
[addressbooks]
[[phone]]
path = $work/phone/contacts/
[general]
default_action = list
editor = true
merge_editor = $work/venv/bin/python $work/merge-editor.py
[vcard]
preferred_version = 3.0
CONF
cat > "$work/todoman.py" <<CONF
path = "$work/phone/tasks"
date_format = "%Y-%m-%d"
time_format = "%H:%M"
default_list = "tasks"
cache_path = "$work/todoman.sqlite3"
CONF
khard() { "$work/venv/bin/khard" --config "$work/khard.conf" "$@"; }
todo() { "$work/venv/bin/todo" --config "$work/todoman.py" "$@"; }
# The phone's card of a UID, its lines without their CRs.
phone_card() { tr -d '\r' < "$(grep -l "^UID:$1" "$work/phone/contacts/"*.vcf)"; }
json() { "$work/venv/bin/python" -c "import json, sys; data = json.load(sys.stdin); print($1)"; }
# The todoman id of the task whose summary is $1.
task_id() { todo --porcelain list --status ANY | json "next(t['id'] for t in data if t['summary'] == '$1')"; }

echo "--- a card made on the phone keeps what netcrm does not manage through a netcrm edit"
printf '%s\r\n' "BEGIN:VCARD" "VERSION:3.0" "UID:phone-grace" "FN:Grace Hopper" "N:Hopper;Grace;;;" \
    "NICKNAME:Amazing Grace" "ORG:Navy;Computing Unit" "EMAIL;TYPE=INTERNET;TYPE=WORK:grace@navy.example" \
    "TEL;TYPE=CELL:+1 555 0100" "TEL;TYPE=WORK:+1 555 0199" "ADR;TYPE=HOME:;;1 Navy Way;Arlington;VA;22201;USA" \
    "ANNIVERSARY:1930-06-15" "item1.X-ABDATE:1952-06-01" 'item1.X-ABLabel:_$!<Anniversary>!$_' "END:VCARD" \
    > "$work/phone/contacts/phone-grace.vcf"
round
"$netcrm" show grace --json | json "data['company']" | grep -qx "Navy" || fail "the phone's new card did not arrive"
# Radicale stores a card as vobject writes it (properties sorted, TYPEs joined, LF line
# ends): netcrm's file is compared byte for byte with itself as the server gave it
# before the edit, and the phone's card, once it comes back, with that too: the
# title is the one new line.
netcrm_grace=$(grep -l "^UID:phone-grace" "$work/netcrm/contacts/"*.vcf)
cp "$netcrm_grace" "$work/grace-before.vcf"
for property in NICKNAME: "ORG:Navy;Computing Unit" "TEL;TYPE=CELL:" ADR ANNIVERSARY item1.X-ABDATE; do
    grep -q "^$property" "$work/grace-before.vcf" || { cat "$work/grace-before.vcf" >&2; fail "the server lost $property"; }
done
"$netcrm" edit grace --title "Rear Admiral" >/dev/null
round
grep -v '^TITLE:Rear Admiral' "$netcrm_grace" | cmp -s - "$work/grace-before.vcf" \
    || { diff "$work/grace-before.vcf" "$netcrm_grace" >&2; fail "netcrm's rewrite of the card changed more than the title"; }
after=$(phone_card phone-grace)
grep -qx "TITLE:Rear Admiral" <<<"$after" || fail "the title did not reach the phone"
diff <(tr -d '\r' < "$work/grace-before.vcf") <(grep -vx "TITLE:Rear Admiral" <<<"$after") >&2 \
    || fail "the phone's card changed more than the title"

echo "--- khard edits a card: netcrm's first e-mail and a birthday without a year stay"
"$netcrm" add "Kit Kingsley" --email zeta@kit.example --email alpha@kit.example --birthday --12-10 >/dev/null
round
khard show --format yaml Kingsley > "$work/kit.yaml"
sed -i 's/^Title *:.*/Title: Engineer/' "$work/kit.yaml"
echo yes | khard edit --input-file "$work/kit.yaml" Kingsley >"$work/khard.log" 2>&1 || { cat "$work/khard.log" >&2; fail "khard edit"; }
kit_uid=netcrm-contact-$("$netcrm" show kit --json | json "data['id']")
phone_card "$kit_uid" | grep -q "^TITLE:Engineer" || fail "khard did not edit the card"
echo "    khard wrote: $(phone_card "$kit_uid" | grep '^BDAY' | tr '\n' ' ')$(phone_card "$kit_uid" | grep -c '^EMAIL') e-mails, first $(phone_card "$kit_uid" | grep -m1 '^EMAIL' | sed 's/.*://')"
round
kit=$("$netcrm" show kit --json)
[ "$(echo "$kit" | json "data['title']")" = Engineer ] || fail "khard's edit did not arrive in netcrm"
[ "$(echo "$kit" | json "data['birthday']")" = "--12-10" ] || fail "the birthday without a year became $(echo "$kit" | json "data['birthday']")"
[ "$(echo "$kit" | json "data['emails'][0]")" = zeta@kit.example ] || fail "khard's order changed the first e-mail: $(echo "$kit" | json "data['emails']")"

echo "--- khard merges two cards: one takes the other's e-mail, the other is removed"
"$netcrm" add "Mary Merge" --email mary@work.example >/dev/null
"$netcrm" add "Mary Private" --email mary@home.example >/dev/null
round
echo yes | khard merge --target "Mary Merge" "Mary Private" >"$work/khard.log" 2>&1 || { cat "$work/khard.log" >&2; fail "khard merge"; }
vsync phone_contacts phone_tasks
vsync netcrm_contacts netcrm_tasks
"$netcrm" sync 2>"$work/sync.err" >/dev/null || { cat "$work/sync.err" >&2; fail "netcrm sync after the merge"; }
if [ -s "$work/sync.err" ]; then cat "$work/sync.err" >&2; fail "the sync after the merge warned"; fi
vsync netcrm_contacts netcrm_tasks
vsync phone_contacts phone_tasks
"$netcrm" list --json | json "[c['name'] for c in data if c['name'].startswith('Mary')]" | grep -qx "\['Mary Merge'\]" \
    || fail "the merged card did not leave one Mary"
[ "$("$netcrm" show "mary merge" --json | json "sorted(data['emails'])")" = "['mary@home.example', 'mary@work.example']" ] \
    || fail "the merge lost an e-mail: $("$netcrm" show "mary merge" --json | json "data['emails']")"

echo "--- todoman: done, a moved due date, cancel and delete"
export NETCRM_TODAY=2026-11-22
for who in "Tom Done" "Sam Snooze" "Cat Cancel" "Dee Deleted"; do "$netcrm" add "$who" >/dev/null; done
round
todo done "$(task_id "thank-you: Tom Done")" >/dev/null
todo edit "$(task_id "thank-you: Sam Snooze")" --due 2026-12-05 >/dev/null </dev/null
todo cancel "$(task_id "thank-you: Cat Cancel")" >/dev/null
todo delete --yes "$(task_id "thank-you: Dee Deleted")" >/dev/null
export NETCRM_TODAY=2026-11-23
round
kinds() { "$netcrm" show "$1" --json | json "sorted(i['kind'] for i in data['interactions'])"; }
open_keys() { "$netcrm" show "$1" --json | json "sorted(f['key'].split('-')[0] for f in data['follow_ups'])"; }
[ "$(kinds tom)" = "['met', 'thank-you']" ] || fail "todo done did not log the thank-you: $(kinds tom)"
[ "$(kinds cat)" = "['met']" ] || fail "todo cancel logged something: $(kinds cat)"
case "$(open_keys cat)" in *thank*) fail "todo cancel left the thank-you open";; esac
if "$netcrm" due --json | grep -q "Sam Snooze"; then fail "the task moved later on the phone is still due"; fi
grep -l "thank-you: Sam Snooze" "$work/phone/tasks/"*.ics | xargs grep -q "^DUE;VALUE=DATE:20261205" \
    || fail "the task moved later on the phone was moved back"
export NETCRM_TODAY=2026-12-05
"$netcrm" due --json | grep -q "Sam Snooze" || fail "the snoozed thank-you is not due on the day the phone gave"
export NETCRM_TODAY=2026-11-23
grep -q "thank-you: Dee Deleted" "$work/phone/tasks/"*.ics || fail "the task deleted on the phone was not written again"
round
[ "$(todo --porcelain list --status ANY | json "len(data)")" -eq "$(ls "$work/netcrm/tasks" | wc -l)" ] \
    || fail "the phone and netcrm disagree on tasks after todoman"
echo "check-sync: ok (Radicale on 127.0.0.1:$port, vdirsyncer $("$vdirsyncer" --version | awk '{print $3}'), $(khard --version), todoman $(todo --version | awk '{print $NF}'))"
