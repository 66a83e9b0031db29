#!/usr/bin/env python3
"""netcrm's sync benchmark (run by scripts/bench.sh after bench.py): a first sync of
1,000, 10,000 and 100,000 contacts into an empty folder (timed once each: linear?), and
at 10,000 and 100,000 a sync with nothing to do beside `find DIR -newer FILE` (a stat of
every file, what a sync that reads nothing unchanged must at least do), and a sync after
one card was edited on the phone beside the sync with nothing to do. Interleaved runs,
medians; prints a Markdown table (BENCHMARKS.md)."""

import datetime
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import NETCRM, RUNS, TODAY, linkedin, netcrm_env, run  # noqa: E402


def medians(ours, theirs, prepare=None):
    """Interleaves RUNS runs of `ours` and `theirs` (`prepare` before each of ours)."""
    a, b = [], []
    for _ in range(RUNS):
        if prepare:
            prepare()
        a.append(run(*ours)[0])
        b.append(run(*theirs)[0])
    return statistics.median(a), statistics.median(b)


def main():
    work = tempfile.mkdtemp(prefix="netcrm-bench-sync-")
    print(f"sync datasets in {work}", file=sys.stderr)
    rows, first = [], []
    for n in (1_000, 10_000, 100_000):
        db, cards = os.path.join(work, f"{n}.db"), os.path.join(work, f"cards-{n}")
        os.mkdir(cards)
        csv = os.path.join(work, f"Connections-{n}.csv")
        with open(csv, "w", newline="") as f:
            f.write(linkedin(n))
        run([NETCRM, "import", csv], env=netcrm_env(db))
        seconds, kib = run([NETCRM, "sync", "--contacts", cards], env=netcrm_env(db))
        first.append((n, seconds, kib))
        print(f"  first sync of {n:,}: {seconds:.2f} s", file=sys.stderr)
        if n < 10_000:
            continue
        # The cards as the phone has them a while later (a stat is trusted 2 s after
        # a file's last change): one sync to keep their stat.
        time.sleep(2.5)
        run([NETCRM, "sync"], env=netcrm_env(db))
        stamp = os.path.join(work, "stamp")
        open(stamp, "w").close()
        noop, find = medians(([NETCRM, "sync"], netcrm_env(db)), (["find", cards, "-newer", stamp], None))
        rows.append((f"sync with nothing to do, {n:,} cards", noop, "`find DIR -newer FILE`", find))
        card = os.path.join(cards, "netcrm-contact-42.vcf")
        edits = [0]

        def edit():
            # A phone edit: the card written anew, as vdirsyncer writes it.
            edits[0] += 1
            with open(card, encoding="utf-8") as f:
                text = f.read()
            title = next(line for line in text.splitlines() if line.startswith("TITLE:"))
            with open(card + ".new", "w", encoding="utf-8", newline="") as f:
                f.write(text.replace(title, f"TITLE:Engineer {edits[0]}"))
            os.replace(card + ".new", card)
            # Edited a minute ago: its stat is trusted once read, so that the sync
            # after is one with nothing to do again.
            then = time.time() - 60
            os.utime(card, (then, then))

        edited, noop_again = medians(([NETCRM, "sync"], netcrm_env(db)), ([NETCRM, "sync"], netcrm_env(db)), edit)
        rows.append((f"sync after one card was edited, {n:,} cards", edited, "the sync with nothing to do", noop_again))

    print("| sync | netcrm | beside | it | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for name, ours, peer, theirs in rows:
        print(f"| {name} | {ours * 1000:.0f} ms | {peer} | {theirs * 1000:.0f} ms | {ours / theirs:.1f}x |")
    print()
    print("| first sync into an empty folder | seconds | per 1,000 cards | peak memory |")
    print("| --- | --- | --- | --- |")
    for n, seconds, kib in first:
        print(f"| {n:,} cards | {seconds:.2f} s | {seconds / (n / 1000):.2f} s | {kib / 1024:.0f} MiB |")
    print(f"\nMedians of {RUNS} interleaved runs on {datetime.date.today()} (the data's today: {TODAY});"
          f" first syncs timed once; {os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
