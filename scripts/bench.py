#!/usr/bin/env python3
"""netcrm's benchmark: netcrm against the sqlite3 shell answering the same questions
over the same data, side by side.

Generates the datasets deterministically (100,000 contacts, about 900,000
interactions, 1,000 contacts with an active cadence, restored from a JSON backup;
and a network of the same 1,000 active contacts alone), then times each operation
and its sqlite3 baseline in interleaved whole-process runs and prints medians,
ratios and peak memory as a Markdown table. For `path` (issue 28), 1,000,000 links
between random pairs of the 100,000 contacts are written into a copy of the big
database, and the 95th percentile of many runs is printed beside the median.
Usage: scripts/bench.sh [RUNS].
"""

import datetime
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

NETCRM = os.environ.get("NETCRM_BIN", "target/release/netcrm")
SQLITE = shutil.which("sqlite3")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
TODAY = "2026-12-01"
CONTACTS = 100_000
ACTIVE = 1_000
INTERACTIONS = 900_000
LINKS = 1_000_000
PATH_RUNS = 40
# The backup's interactions are dated in 2025: `path` runs on a day that keeps most
# of them within the tie strength's 365 days.
PATH_TODAY = "2026-03-01"


def add_links(db, links, contacts, seed=11):
    """`links` distinct random pairs of contacts in `contact_links`, as `scan` leaves
    them (a < b, 1 to 5 shared messages, a date in 2025)."""
    rng = random.Random(seed)
    pairs = set()
    while len(pairs) < links:
        a, b = rng.randint(1, contacts), rng.randint(1, contacts)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(
            "INSERT INTO contact_links (a, b, shared, last_on) VALUES (?, ?, ?, ?)",
            ((a, b, rng.randint(1, 5), f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
             for a, b in sorted(pairs)))
    conn.close()


def percentiles(rows, name, ours, theirs, runs):
    """Interleaves `runs` runs of `ours` and `theirs`; adds a row with the medians and
    the 95th percentiles."""
    a, b, mem = [], [], []
    for _ in range(runs):
        for which in (0, 1):
            seconds, kib = run(*(ours if which == 0 else theirs))
            (a if which == 0 else b).append(seconds)
            if which == 0:
                mem.append(kib)
    p95 = lambda xs: sorted(xs)[max(0, int(round(0.95 * len(xs))) - 1)]
    ma, mb = statistics.median(a), statistics.median(b)
    rows.append((name, ma, mb, ma / mb if mb else float("nan"), max(mem), p95(a), p95(b)))
    print(f"  {name}: median {ma * 1000:.1f} ms (p95 {p95(a) * 1000:.1f}) vs {mb * 1000:.1f} ms "
          f"(p95 {p95(b) * 1000:.1f})", file=sys.stderr)
# Mail sent to the first active contacts a week and more before the data's today,
# waiting for a reply (issue 29): `due` lists as many no-reply items.
AWAITING = 500


def backup(contacts, active, interactions, seed=7, awaiting=0):
    """A netcrm JSON backup: `active` contacts with a monthly cadence (the first ones),
    the rest imported (cadence none), `interactions` spread over all of them (in 2025:
    most of those with two or more are dormant ties by the data's today), and
    `awaiting` messages sent to the first contacts that wait for a reply."""
    rng = random.Random(seed)
    people = []
    for i in range(1, contacts + 1):
        people.append({
            "id": i, "name": f"Person {i:06d}", "emails": [f"p{i}@example.com"], "phones": [],
            "company": f"Company {i % 997}", "title": "Engineer", "linkedin": None, "tags": [],
            "met_on": None, "met_at": None, "how_met": None, "introduced_by": None,
            "name_ok": False, "no_thank_you": False,
            "cadence": "1m" if i <= active else "none",
            "temporary_cadence": None, "cadence_until": None, "notes": None, "birthday": None,
            "last_contact": None, "next_follow_up": None, "created_at": "2024-01-01",
            "vcard_uid": None, "name_parts": None,
        })
    kinds = ["call", "email", "meeting", "message"]
    rows = []
    for n in range(1, interactions + 1):
        contact = rng.randint(1, contacts)
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        rows.append({"id": n, "contact_id": contact, "kind": rng.choice(kinds), "on": day,
                     "note": f"talked about project {rng.randint(1, 5000)}", "at": None, "how": None,
                     "source": None})
    for i in range(1, awaiting + 1):
        rows.append({"id": interactions + i, "contact_id": i, "kind": "email", "on": "2026-11-20",
                     "note": "Referral?", "at": None, "how": None, "source": None,
                     "direction": "sent", "awaiting_reply": True})
    return {"format": "netcrm", "version": 1, "contacts": people, "interactions": rows, "reminders": [],
            "leads": [], "favors": [], "snoozes": [], "completed": [],
            "settings": {"default-cadence": "1m", "import-cadence": "none", "thank-you-within": "2d"}}


def linkedin(rows):
    """A LinkedIn Connections.csv as LinkedIn writes it (DESIGN.md): a byte-order mark,
    CRLF line ends, the `Notes:` preamble, e-mails for one connection in ten, and some
    companies with commas and quotes."""
    lines = ["\ufeffNotes:",
             '"When exporting your connection data, you may notice that some of the email addresses are '
             'missing. You will only see email addresses for connections who have allowed their connections '
             'to see or download their email address using this setting '
             'https://www.linkedin.com/psettings/privacy/email. You can learn more here '
             'https://www.linkedin.com/help/linkedin/answer/261"',
             "",
             "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(rows):
        email = f"p{i}@example.com" if i % 10 == 0 else ""
        company = f'"Company {i % 500}, ""Partners"" Ltd."' if i % 7 == 0 else f"Company {i % 500}"
        lines.append(f"Person{i},Last{i},https://www.linkedin.com/in/p{i},{email},"
                     f"{company},Engineer,12 Mar 2024")
    return "\r\n".join(lines) + "\r\n"


def run(argv, env=None, stdin=None):
    """Runs argv; returns (seconds, peak KiB)."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, env=env, input=stdin,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{proc.stderr.decode()}")
    kib = int(proc.stderr.decode().strip().splitlines()[-1])
    return elapsed, kib


def netcrm_env(db):
    env = dict(os.environ, NETCRM_DB=db, NETCRM_TODAY=TODAY, NO_COLOR="1")
    env.pop("COLUMNS", None)
    return env


def compare(rows, name, ours, theirs, prepare=None):
    """Interleaves RUNS runs of `ours` and `theirs` (argv lists; `prepare` runs before
    each), and adds a row with medians and the ratio."""
    a, b, mem = [], [], []
    for _ in range(RUNS):
        for which in (0, 1):
            if prepare:
                prepare()
            seconds, kib = run(*(ours if which == 0 else theirs))
            (a if which == 0 else b).append(seconds)
            if which == 0:
                mem.append(kib)
    ma, mb = statistics.median(a), statistics.median(b)
    rows.append((name, ma, mb, ma / mb if mb else float("nan"), max(mem)))
    print(f"  {name}: {ma * 1000:.1f} ms vs {mb * 1000:.1f} ms", file=sys.stderr)


def main():
    if not SQLITE:
        raise SystemExit("scripts/bench.sh needs the sqlite3 shell: apt-get install sqlite3")
    work = tempfile.mkdtemp(prefix="netcrm-bench-")
    big, small = os.path.join(work, "big.db"), os.path.join(work, "small.db")
    print(f"generating datasets in {work}", file=sys.stderr)
    with open(os.path.join(work, "big.json"), "w") as f:
        json.dump(backup(CONTACTS, ACTIVE, INTERACTIONS, awaiting=AWAITING), f)
    with open(os.path.join(work, "small.json"), "w") as f:
        json.dump(backup(ACTIVE, ACTIVE, INTERACTIONS // 100), f)
    with open(os.path.join(work, "Connections.csv"), "w", newline="") as f:
        f.write(linkedin(CONTACTS))

    rows = []
    # Restoring the backup (and undoing it), timed once each: they take seconds.
    restore_s, restore_kib = run([NETCRM, "import", os.path.join(work, "big.json")], env=netcrm_env(big))
    shutil.copy(big, big + ".undo")
    undo_s, _ = run([NETCRM, "undo"], env=netcrm_env(big + ".undo"))
    run([NETCRM, "import", os.path.join(work, "small.json")], env=netcrm_env(small))
    run([NETCRM, "due"], env=netcrm_env(big))  # computes the stored follow-ups once
    run([NETCRM, "due"], env=netcrm_env(small))

    def sql(db, query, *flags):
        return ([SQLITE, *flags, db, query], None)

    def ours(db, *args):
        return ([NETCRM, *args], netcrm_env(db))

    compare(rows, "due (100,000 contacts, 1,000 active)", ours(big, "due"),
            sql(big, f"SELECT key, due_on FROM follow_ups WHERE shows_on <= '{TODAY}' ORDER BY due_on"))
    compare(rows, "due: 100,000 contacts vs 1,000 (same 1,000 active)", ours(big, "due"), ours(small, "due"))

    # Issue 29: the first run of a week picks its reconnects from the dormant ties of
    # all 100,000 contacts (900,000 interactions), once; the shell runs the same query.
    # And `due` with goals set reads this week's and month's records for its line.
    week_db = os.path.join(work, "week.db")
    shutil.copy(big, week_db)

    def forget_picks():
        subprocess.run([SQLITE, week_db, "DELETE FROM reconnect_picks; DELETE FROM reconnect_weeks;"], check=True)
    ties = ("SELECT i.contact_id, c.name, count(*), max(i.on_date) FROM interactions i JOIN contacts c "
            "ON c.id = i.contact_id WHERE i.on_date <= '2026-11-30' AND NOT (c.cadence IS 'none' AND "
            "c.cadence_source IS NOT 'import') GROUP BY i.contact_id HAVING count(*) >= 2 AND max(i.on_date) "
            "< '2026-11-30'")
    compare(rows, "due, a week's first run (picks reconnects among 100,000 contacts)", ours(week_db, "due"),
            sql(week_db, ties), prepare=forget_picks)
    goals_db = os.path.join(work, "goals.db")
    shutil.copy(big, goals_db)
    for what, per in [("conversations", "week"), ("new-people", "month"), ("thank-yous", "week"),
                      ("follow-ups", "week"), ("reconnects", "month")]:
        run([NETCRM, "goal", "set", what, "3", "per", per], env=netcrm_env(goals_db))
    compare(rows, "due with five goals (the line above the table)", ours(goals_db, "due"),
            sql(goals_db, f"SELECT key, due_on FROM follow_ups WHERE shows_on <= '{TODAY}' ORDER BY due_on"))
    compare(rows, "list --search", ours(big, "list", "--search", "project 4242"),
            sql(big, "SELECT c.id FROM contacts c WHERE c.name LIKE '%project 4242%' OR c.company LIKE "
                     "'%project 4242%' OR c.title LIKE '%project 4242%' OR EXISTS (SELECT 1 FROM interactions i "
                     "WHERE i.contact_id = c.id AND i.note LIKE '%project 4242%')"))
    compare(rows, "list (all 100,000, by name)", ours(big, "list"),
            sql(big, "SELECT id, name, company, title, last_contact FROM contacts ORDER BY name"))
    compare(rows, "export csv", ours(big, "export", "csv"), sql(big, "SELECT * FROM contacts", "-csv", "-header"))
    compare(rows, "export json (the backup: contacts and interactions)", ours(big, "export", "json"),
            sql(big, "SELECT * FROM contacts ORDER BY id; SELECT * FROM interactions ORDER BY id", "-json"))
    compare(rows, "show", ours(big, "show", "42"), sql(big, "SELECT * FROM contacts WHERE id = 42"))

    add_db = os.path.join(work, "add.db")
    shutil.copy(big, add_db)
    compare(rows, "add (into 100,000 contacts)",
            ([NETCRM, "add", "New Person", "--no-thank-you"], netcrm_env(add_db)),
            sql(add_db, "INSERT INTO contacts (name, created_at) VALUES ('New Person', '2026-12-01')"))

    csv = os.path.join(work, "Connections.csv")
    imp_db, base_db = os.path.join(work, "import.db"), os.path.join(work, "base.db")

    def clean():
        for db in (imp_db, base_db):
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
    compare(rows, "import LinkedIn CSV, 100,000 rows", ([NETCRM, "import", csv], netcrm_env(imp_db)),
            ([SQLITE, base_db, f".import --csv --skip 3 {csv} connections"], None), prepare=clean)

    # netcrm's own CSV export of the big database, imported into an empty one.
    own_csv = os.path.join(work, "contacts.csv")
    with open(own_csv, "wb") as f:
        subprocess.run([NETCRM, "export", "csv"], env=netcrm_env(big), stdout=f, check=True)
    compare(rows, "import netcrm CSV (its own export), 100,000 rows", ([NETCRM, "import", own_csv], netcrm_env(imp_db)),
            ([SQLITE, base_db, f".import --csv {own_csv} contacts"], None), prepare=clean)

    # The same rows written into netcrm's own schema (its indexes, the e-mails' table)
    # by the shell: `.import` into a scratch table, then INSERT ... SELECT.
    template, schema_db = os.path.join(work, "template.db"), os.path.join(work, "schema.db")
    run([NETCRM, "list"], env=netcrm_env(template))
    into_schema = f"""PRAGMA cache_size = -65536;
.import --csv --skip 3 {csv} connections
BEGIN;
INSERT INTO contacts (name, company, title, linkedin, met_on, name_parts, created_at, name_key,
                      linkedin_key, computed_on, cadence)
  SELECT "First Name" || ' ' || "Last Name", nullif(Company, ''), nullif(Position, ''), nullif(URL, ''),
         '2024-03-12', json_object('given', "First Name", 'family', "Last Name"), '{TODAY}',
         lower("First Name" || ' ' || "Last Name"), lower(substr(URL, 13)), '{TODAY}', 'none'
  FROM connections ORDER BY rowid;
INSERT INTO contact_emails (contact_id, position, email)
  SELECT rowid, 0, "Email Address" FROM connections WHERE "Email Address" <> '';
DROP TABLE connections;
COMMIT;
""".encode()

    def fresh_schema():
        clean()
        for suffix in ("-wal", "-shm"):
            if os.path.exists(schema_db + suffix):
                os.remove(schema_db + suffix)
        shutil.copy(template, schema_db)
    compare(rows, "import LinkedIn CSV, 100,000 rows, vs the shell writing them into netcrm's schema",
            ([NETCRM, "import", csv], netcrm_env(imp_db)), ([SQLITE, schema_db], None, into_schema),
            prepare=fresh_schema)

    # Reach (issue 28): 1,000,000 links among the 100,000 contacts.
    reach_db = os.path.join(work, "reach.db")
    shutil.copy(big, reach_db)
    run([NETCRM, "list", "--limit", "1"], env=netcrm_env(reach_db))  # upgrades nothing, keys companies
    add_links(reach_db, LINKS, CONTACTS)
    reach_env = dict(netcrm_env(reach_db), NETCRM_TODAY=PATH_TODAY)
    reach_rows = []
    percentiles(reach_rows, "path --company (about 100 contacts there, 1,000,000 links)",
                ([NETCRM, "path", "--company", "Company 996"], reach_env),
                sql(reach_db, "SELECT id, name, company FROM contacts WHERE company LIKE '%Company 996%'"),
                PATH_RUNS)
    percentiles(reach_rows, "path CONTACT (one person, 1,000,000 links)",
                ([NETCRM, "path", "4242"], reach_env),
                sql(reach_db, "SELECT id, name, company FROM contacts WHERE id = 4242"), PATH_RUNS)

    print(f"| operation | netcrm | sqlite3 shell | ratio | netcrm peak memory |")
    print(f"| --- | --- | --- | --- | --- |")
    for name, ours_s, theirs_s, ratio, kib in rows:
        print(f"| {name} | {ours_s * 1000:.0f} ms | {theirs_s * 1000:.0f} ms | {ratio:.1f}x | {kib / 1024:.0f} MiB |")
    print(f"| import of the JSON backup (100,000 contacts, {INTERACTIONS:,} interactions) | "
          f"{restore_s:.1f} s | - | - | {restore_kib / 1024:.0f} MiB |")
    print(f"| undo of that import | {undo_s:.1f} s | - | - | - |")
    print(f"\nMedians of {RUNS} interleaved runs on {datetime.date.today()} (the data's today: {TODAY});"
          f" {os.cpu_count()} cores.")
    print(f"\n| operation | netcrm median | netcrm p95 | sqlite3 shell median | sqlite3 shell p95 | "
          f"netcrm peak memory |")
    print(f"| --- | --- | --- | --- | --- | --- |")
    for name, ours_s, theirs_s, ratio, kib, ours_p95, theirs_p95 in reach_rows:
        print(f"| {name} | {ours_s * 1000:.1f} ms | {ours_p95 * 1000:.1f} ms | {theirs_s * 1000:.1f} ms | "
              f"{theirs_p95 * 1000:.1f} ms | {kib / 1024:.0f} MiB |")
    print(f"\n{PATH_RUNS} interleaved whole-process runs each, on {LINKS:,} links; the day {PATH_TODAY}.")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
