#!/usr/bin/env python3
"""netcrm's lists and reading benchmark (issue 30; run by scripts/bench.sh after the
others): `lead list`, `favors`, `stats` and `graph` beside the sqlite3 shell computing
the same rows over the same file, and how reading grows: `import --dry-run` of a vCard
file (netcrm's own export) and `scan --dry-run` of an .ics calendar at N and 4N.

The dataset is bench.py's backup (100,000 contacts, 900,000 interactions, 1,000
active) with what these lists read added deterministically: 10,000 job leads at every
status with one to three helpers (`lead_via`) among the first 5,000 contacts, 50,000
favours over 20,000 contacts, and 20,000 introductions (one in three allowed to use
the introducer's name), each introduced contact with the `met` that starts its
introducer's thank-you. Interleaved whole-process runs, medians; prints Markdown
tables (BENCHMARKS.md). Usage: scripts/bench.sh [RUNS].
"""

import datetime
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import (ACTIVE, CONTACTS, INTERACTIONS, NETCRM, RUNS, SQLITE, TODAY, backup,  # noqa: E402
                   compare, netcrm_env, run)

LEADS = 10_000
HELPERS = 5_000
FAVORS = 50_000
FAVOR_PEOPLE = 20_000
INTRODUCED = 20_000
STATUSES = ["open", "applied", "interview", "offer", "hired", "rejected", "closed"]
# Reading growth: N and 4N.
CARDS = (25_000, 100_000)
EVENTS = (10_000, 40_000)


def day(rng, year=2026, months=11):
    return f"{year}-{rng.randint(1, months):02d}-{rng.randint(1, 28):02d}"


def with_lists(data, seed=30):
    """Adds the leads, favours and introductions to a bench.py backup, in place."""
    rng = random.Random(seed)
    leads = []
    for n in range(1, LEADS + 1):
        status = STATUSES[n % len(STATUSES)]
        created = day(rng, months=10)
        history = [{"status": "open", "on": created}]
        if status != "open":
            history.append({"status": status, "on": "2026-11-" + f"{rng.randint(1, 28):02d}"})
        via = sorted(set(rng.randint(1, HELPERS) for _ in range(n % 3 + 1)), key=lambda _: rng.random())
        leads.append({"id": n, "title": f"Engineer {n}", "company": f"Company {n % 997}", "status": status,
                      "via": via if n % 10 else [], "url": None, "note": None, "created_on": created,
                      "updated_on": history[-1]["on"], "history": history})
    favors = []
    for n in range(1, FAVORS + 1):
        favors.append({"id": n, "contact_id": rng.randint(1, FAVOR_PEOPLE),
                       "direction": "gave" if rng.random() < 0.45 else "received",
                       "what": f"favour {n}", "on": day(rng, year=2025, months=12)})
    people = data["contacts"]
    next_id = max(i["id"] for i in data["interactions"]) + 1
    for k, contact in enumerate(people[CONTACTS - INTRODUCED:]):
        contact["introduced_by"] = rng.randint(1, CONTACTS - INTRODUCED)
        contact["name_ok"] = k % 3 == 0
        contact["met_on"] = day(rng, year=2025, months=12)
        data["interactions"].append({"id": next_id, "contact_id": contact["id"], "kind": "met",
                                     "on": contact["met_on"], "note": None, "at": "Meetup", "how": None,
                                     "source": None})
        next_id += 1
    data["leads"], data["favors"] = leads, favors
    return data


# The rows each list shows, as the shell computes them from the same file.
LEAD_LIST = """SELECT l.id, l.title, l.company, l.status,
  (SELECT group_concat(name, ', ') FROM (SELECT c.name FROM lead_via v JOIN contacts c ON c.id = v.contact_id
     WHERE v.lead_id = l.id ORDER BY v.position)),
  l.updated_on,
  (SELECT f.key || ' ' || f.due_on FROM follow_ups f
     WHERE f.key = 'lead-' || l.id OR f.key = 'chase-' || l.id
        OR (f.key > 'outcome-' || l.id || '-' AND f.key < 'outcome-' || l.id || '.')
     ORDER BY f.shows_on LIMIT 1)
FROM leads l ORDER BY l.id DESC"""
FAVORS_SQL = """SELECT f.contact_id, c.name, c.name_key, sum(f.direction = 'gave'), sum(f.direction = 'received'),
  sum(f.direction = 'received') - sum(f.direction = 'gave') AS balance
FROM favors f JOIN contacts c ON c.id = f.contact_id GROUP BY f.contact_id ORDER BY c.name_key, f.contact_id"""
GRAPH_SQL = """SELECT c.introduced_by, i.name, c.id, c.name, c.name_ok FROM contacts c
JOIN contacts i ON i.id = c.introduced_by WHERE c.introduced_by IS NOT NULL ORDER BY c.id"""
STATS_SQL = f"""SELECT count(*) FROM contacts;
SELECT count(*) FROM interactions;
SELECT substr(on_date, 1, 7) AS month, count(*) FROM interactions WHERE on_date >= '2025-12-01'
  GROUP BY month ORDER BY month;
SELECT count(*), sum(due_on < '{TODAY}') FROM follow_ups WHERE shows_on <= '{TODAY}';
SELECT f.contact_id, c.name, f.due_on FROM follow_ups f JOIN contacts c ON c.id = f.contact_id
  WHERE f.kind = 'check-in' AND f.due_on < date('{TODAY}', '-30 days') ORDER BY f.due_on;
SELECT sum(done_on <= date(due_on, '+2 days')), sum(done_on > date(due_on, '+2 days')) FROM completions
  WHERE done_on >= due_on;
SELECT sum(direction = 'gave'), sum(direction = 'received') FROM favors;
SELECT status, count(*) FROM leads GROUP BY status;
SELECT count(*), sum(met) FROM (SELECT contact_id, max(on_date), sum(kind = 'met') AS met FROM interactions
  GROUP BY contact_id);
SELECT sum(settled <= date(on_date, '+4 days')), sum(settled > date(on_date, '+4 days')) FROM (
  SELECT m.on_date, (SELECT min(t.on_date) FROM interactions t WHERE t.contact_id = m.contact_id
                       AND t.kind = 'thank-you' AND t.on_date >= m.on_date) AS settled
  FROM interactions m JOIN contacts c ON c.id = m.contact_id WHERE m.kind = 'met' AND NOT c.no_thank_you)
  WHERE settled >= date(on_date, '+2 days');
SELECT sum(settled <= date(intro, '+4 days')), sum(settled > date(intro, '+4 days')) FROM (
  SELECT c.introduced_by, min(i.on_date) AS intro,
    (SELECT min(t.on_date) FROM interactions t WHERE t.contact_id = c.introduced_by AND t.kind = 'thank-you'
       AND t.on_date >= min(i.on_date)) AS settled
  FROM contacts c JOIN interactions i ON i.contact_id = c.id AND i.kind = 'met'
  WHERE c.introduced_by IS NOT NULL GROUP BY c.id) WHERE settled >= date(intro, '+2 days');
SELECT sum(settled <= date(on_date, '+4 days')), sum(settled > date(on_date, '+4 days')) FROM (
  SELECT f.on_date, (SELECT min(t.on_date) FROM interactions t WHERE t.contact_id = f.contact_id
                       AND t.kind = 'thank-you' AND t.on_date >= f.on_date) AS settled
  FROM favors f WHERE f.direction = 'received') WHERE settled >= date(on_date, '+2 days');
SELECT sum(on_date <= date(prev, '+1 month', '+2 days')), sum(on_date > date(prev, '+1 month', '+2 days')) FROM (
  SELECT i.on_date, lag(i.on_date) OVER (PARTITION BY i.contact_id ORDER BY i.on_date) AS prev
  FROM interactions i JOIN contacts c ON c.id = i.contact_id WHERE c.cadence IS NOT 'none')
  WHERE on_date >= date(prev, '+1 month');"""


def ics(n, contacts=ACTIVE):
    """A calendar of n one-hour meetings over 2026, each with you and one contact."""
    rng = random.Random(n)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//netcrm bench//EN"]
    for i in range(n):
        start = datetime.datetime(2026, 1, 1, 9) + datetime.timedelta(days=rng.randint(0, 330),
                                                                         hours=rng.randint(0, 8))
        lines += ["BEGIN:VEVENT", f"UID:bench-{i}@example.com", "DTSTAMP:20260101T000000Z",
                  f"DTSTART:{start:%Y%m%dT%H%M%S}Z", f"DTEND:{start + datetime.timedelta(hours=1):%Y%m%dT%H%M%S}Z",
                  f"SUMMARY:Coffee {i}", "ORGANIZER:mailto:me@example.com",
                  f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:p{rng.randint(1, contacts)}@example.com", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def first_cards(text, n):
    """The first n cards of a vCard file."""
    end, count = 0, 0
    while count < n:
        end = text.index("END:VCARD\r\n", end) + len("END:VCARD\r\n")
        count += 1
    return text[:end]


def growth(rows, name, make, sizes):
    """Times `make(size)` (an argv and its environment) at each size; adds a row with
    the medians and the ratio of the larger to the smaller."""
    times = {size: [] for size in sizes}
    for _ in range(RUNS):
        for size in sizes:
            times[size].append(run(*make(size))[0])
    (small, large) = sizes
    ms, ml = statistics.median(times[small]), statistics.median(times[large])
    rows.append((name, small, ms, large, ml))
    print(f"  {name}: {ms * 1000:.0f} ms at {small:,}, {ml * 1000:.0f} ms at {large:,}", file=sys.stderr)


def main():
    if not SQLITE:
        raise SystemExit("scripts/bench.sh needs the sqlite3 shell: apt-get install sqlite3")
    work = tempfile.mkdtemp(prefix="netcrm-bench-lists-")
    print(f"lists datasets in {work}", file=sys.stderr)
    db = os.path.join(work, "lists.db")
    with open(os.path.join(work, "lists.json"), "w") as f:
        json.dump(with_lists(backup(CONTACTS, ACTIVE, INTERACTIONS)), f)
    run([NETCRM, "import", os.path.join(work, "lists.json")], env=netcrm_env(db))
    run([NETCRM, "due"], env=netcrm_env(db))  # computes the stored follow-ups once

    def ours(*args):
        return ([NETCRM, *args], netcrm_env(db))

    def sql(query):
        return ([SQLITE, db, query], None)

    rows = []
    compare(rows, f"lead list ({LEADS:,} leads)", ours("lead", "list"), sql(LEAD_LIST))
    compare(rows, f"favors ({FAVORS:,} favours, {FAVOR_PEOPLE:,} people)", ours("favors"), sql(FAVORS_SQL))
    compare(rows, "favors --owed", ours("favors", "--owed"),
            sql(f"SELECT * FROM ({FAVORS_SQL.replace(' ORDER BY c.name_key, f.contact_id', '')}) "
                "WHERE balance > 0 ORDER BY balance DESC, name_key, contact_id"))
    compare(rows, f"graph ({INTRODUCED:,} introductions)", ours("graph"), sql(GRAPH_SQL))
    compare(rows, f"stats ({CONTACTS:,} contacts)", ours("stats"), sql(STATS_SQL))

    # Reading growth: netcrm's own vCard export, its first N and 4N cards.
    with open(os.path.join(work, "all.vcf"), "wb") as f:
        subprocess.run([NETCRM, "export", "vcard"], env=netcrm_env(db), stdout=f, check=True)
    with open(os.path.join(work, "all.vcf"), encoding="utf-8", newline="") as f:
        cards = f.read()
    for n in CARDS:
        with open(os.path.join(work, f"cards-{n}.vcf"), "w", encoding="utf-8", newline="") as f:
            f.write(first_cards(cards, n))
    for n in EVENTS:
        with open(os.path.join(work, f"events-{n}.ics"), "w", encoding="utf-8", newline="") as f:
            f.write(ics(n))
    empty, small = os.path.join(work, "empty.db"), os.path.join(work, "small.db")
    with open(os.path.join(work, "small.json"), "w") as f:
        json.dump(backup(ACTIVE, ACTIVE, INTERACTIONS // 100), f)
    run([NETCRM, "import", os.path.join(work, "small.json")], env=netcrm_env(small))
    run([NETCRM, "list", "--limit", "1"], env=netcrm_env(empty))
    reading = []
    growth(reading, "import --dry-run of netcrm's vCard export (cards)",
           lambda n: ([NETCRM, "import", "--dry-run", os.path.join(work, f"cards-{n}.vcf")], netcrm_env(empty)),
           CARDS)
    growth(reading, f"scan --dry-run of an .ics calendar (events, {ACTIVE:,} contacts)",
           lambda n: ([NETCRM, "scan", "--dry-run", "--me", "me@example.com", os.path.join(work, f"events-{n}.ics")],
                      netcrm_env(small)), EVENTS)

    print("| list | netcrm | sqlite3 shell, the same rows | ratio | netcrm peak memory |")
    print("| --- | --- | --- | --- | --- |")
    for name, ours_s, theirs_s, ratio, kib in rows:
        print(f"| {name} | {ours_s * 1000:.0f} ms | {theirs_s * 1000:.0f} ms | {ratio:.1f}x | {kib / 1024:.0f} MiB |")
    print()
    print("| reading | N | time | 4N | time | ratio (linear: 4x, target under 5x) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, small_n, small_s, large_n, large_s in reading:
        print(f"| {name} | {small_n:,} | {small_s * 1000:.0f} ms | {large_n:,} | {large_s * 1000:.0f} ms | "
              f"{large_s / small_s:.1f}x |")
    print(f"\nMedians of {RUNS} interleaved runs on {datetime.date.today()} (the data's today: {TODAY});"
          f" {os.cpu_count()} cores.")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
