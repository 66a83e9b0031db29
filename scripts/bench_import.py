#!/usr/bin/env python3
"""netcrm's import benchmark (run by scripts/bench.sh after bench_sync.py, issue 30): a
LinkedIn import of 100,000 rows into a 100,000-contact network (bench.py's backup:
900,000 interactions, restored with `netcrm import`) beside the same import into an
empty database. Three files: different people from the network; a file of which a
tenth matches the network by e-mail and a tenth by name and company; and that file
imported a second time (every row matches a contact by URL or e-mail). Interleaved
runs (a fresh copy of the database before each), medians; prints a Markdown table
(BENCHMARKS.md)."""

import datetime
import json
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import (ACTIVE, AWAITING, CONTACTS, INTERACTIONS, NETCRM, RUNS, TODAY,  # noqa: E402
                   backup, linkedin, netcrm_env, run)

ROWS = 100_000


def mixed(rows):
    """A LinkedIn file of which one row in ten is a contact of the network by e-mail
    (`p{i}@example.com`), one in ten by name and company (bench.py's backup names
    them `Person {i:06d}` at `Company {i % 997}`, without a LinkedIn URL), and the
    rest are new."""
    lines = linkedin(0).rstrip("\r\n").split("\r\n")
    for i in range(1, rows + 1):
        url = f"https://www.linkedin.com/in/m{i}"
        if i % 10 == 0:
            lines.append(f"Someone,Else{i},{url},p{i}@example.com,Company {i % 500},Engineer,12 Mar 2024")
        elif i % 10 == 5:
            lines.append(f"Person,{i:06d},{url},,Company {i % 997},Engineer,12 Mar 2024")
        else:
            lines.append(f"New{i},Person{i},{url},,Company {i % 500},Engineer,12 Mar 2024")
    return "\r\n".join(lines) + "\r\n"


def fresh(source, db):
    """`db` a copy of `source` (or absent, for an empty database)."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    if source:
        shutil.copyfile(source, db)


def main():
    work = tempfile.mkdtemp(prefix="netcrm-bench-import-")
    print(f"import datasets in {work}", file=sys.stderr)
    network = os.path.join(work, "network.db")
    with open(os.path.join(work, "big.json"), "w") as f:
        json.dump(backup(CONTACTS, ACTIVE, INTERACTIONS, awaiting=AWAITING), f)
    run([NETCRM, "import", os.path.join(work, "big.json")], env=netcrm_env(network))
    run([NETCRM, "backup", os.path.join(work, "network-copy.db")], env=netcrm_env(network))
    network = os.path.join(work, "network-copy.db")
    others = os.path.join(work, "Others.csv")
    with open(others, "w", newline="") as f:
        # bench.py's file with its e-mails on another domain: no one of the network.
        f.write(linkedin(ROWS).replace("@example.com", "@example.org"))
    matching = os.path.join(work, "Matching.csv")
    with open(matching, "w", newline="") as f:
        f.write(mixed(ROWS))
    # The network after the matching file was imported once, for the second import.
    again = os.path.join(work, "again.db")
    fresh(network, again)
    run([NETCRM, "import", matching], env=netcrm_env(again))
    run([NETCRM, "backup", os.path.join(work, "again-copy.db")], env=netcrm_env(again))
    again = os.path.join(work, "again-copy.db")

    db, empty = os.path.join(work, "run.db"), os.path.join(work, "empty.db")
    rows = []
    for name, csv, source in [
        ("100,000 other people", others, network),
        ("100,000 rows, a tenth matched by e-mail and a tenth by name and company", matching, network),
        ("the same file again: every row matched", matching, again),
    ]:
        ours, theirs = [], []
        for _ in range(RUNS):
            fresh(source, db)
            ours.append(run([NETCRM, "import", csv], env=netcrm_env(db))[0])
            fresh(None, empty)
            theirs.append(run([NETCRM, "import", csv], env=netcrm_env(empty))[0])
        ours, theirs = statistics.median(ours), statistics.median(theirs)
        rows.append((name, ours, theirs))
        print(f"  {name}: {ours:.2f} s vs {theirs:.2f} s", file=sys.stderr)

    print(f"| LinkedIn import into a {CONTACTS:,}-contact network | netcrm | the same into an empty database | ratio |")
    print("| --- | --- | --- | --- |")
    for name, ours, theirs in rows:
        print(f"| {name} | {ours:.2f} s | {theirs:.2f} s | {ours / theirs:.1f}x |")
    print(f"\nMedians of {RUNS} interleaved runs on {datetime.date.today()} (the data's today: {TODAY});"
          f" the network: {CONTACTS:,} contacts, {INTERACTIONS:,} interactions; {os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
