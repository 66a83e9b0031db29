#!/usr/bin/env python3
"""netcrm's rescan benchmark (run by scripts/bench.sh after bench_sync.py): a rescan
with nothing new of a Maildir of 10,000 and of 100,000 messages beside `notmuch new` on
the same Maildir (which skips folders whose modification time it has seen), and of a
100,000-message mbox (1 GB) beside `grep -c '^From '` reading it; then each after one
message arrived. The data is deterministic: scripts/make-big-mbox.py writes the
messages, Python's `mailbox` puts them in the Maildirs. Interleaved runs, medians;
prints a Markdown table (BENCHMARKS.md, "Rescans (issue 30)")."""

import mailbox
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import NETCRM, RUNS, netcrm_env, run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
NOTMUCH = shutil.which("notmuch")


def medians(ours, theirs, prepare=None):
    """Interleaves RUNS runs of `ours` and `theirs` (argv, env; `prepare` before each
    of ours)."""
    a, b = [], []
    for _ in range(RUNS):
        if prepare:
            prepare()
        a.append(run(*ours)[0])
        b.append(run(*theirs)[0])
    return statistics.median(a), statistics.median(b)


def make_maildir(source, path, count):
    """The first `count` messages of the mbox `source` in a new Maildir at `path`, half
    read (cur/, flagged S) and half new (new/), as a mail client leaves them."""
    box = mailbox.Maildir(path, create=True)
    with open(source, "rb") as f:
        message, n = [], 0
        for line in f:
            if line.startswith(b"From ") and message:
                add(box, message, n)
                n, message = n + 1, []
                if n == count:
                    return
            message.append(line)
        if message and n < count:
            add(box, message, n)


def add(box, lines, n):
    entry = mailbox.MaildirMessage(b"".join(lines[1:]))
    if n % 2:
        entry.set_subdir("cur")
        entry.add_flag("S")
    box.add(entry)


def notmuch_config(work, maildir):
    """A notmuch configuration indexing `maildir`, its database beside it."""
    config = maildir + ".notmuch-config"
    with open(config, "w") as f:
        f.write(f"[database]\npath={maildir}.notmuch\nmail_root={maildir}\n"
                "[user]\nname=Me Myself\nprimary_email=me@example.com\n"
                "[new]\ntags=unread;inbox;\n[maildir]\nsynchronize_flags=true\n")
    os.makedirs(maildir + ".notmuch", exist_ok=True)
    return dict(os.environ, NOTMUCH_CONFIG=config)


def new_message(n):
    """One more message from a contact (person0) to you, as bytes."""
    return (f"From: Person 0 <person0@example.org>\nTo: Me Myself <me@example.com>\n"
            f"Subject: Arrived {n}\nDate: Mon, 30 Nov 2026 10:00:00 +0000\n"
            f"Message-ID: <arrived-{n}@example.com>\n\nHello.\n").encode()


def main():
    if not NOTMUCH:
        raise SystemExit("notmuch is missing: scripts/bench.sh installs it")
    work = tempfile.mkdtemp(prefix="netcrm-bench-scan-")
    print(f"scan datasets in {work}", file=sys.stderr)
    rows, first = [], []
    big = os.path.join(work, "big")
    subprocess.run([sys.executable, os.path.join(HERE, "make-big-mbox.py"), big], check=True)
    small = os.path.join(work, "small")
    # The Maildirs: the same people and headers, bodies of about 1 KB.
    subprocess.run([sys.executable, os.path.join(HERE, "make-big-mbox.py"), small, "100000", "1000"], check=True)
    maildir_ms = {}
    for n in (10_000, 100_000):
        maildir = os.path.join(work, f"Maildir-{n}")
        make_maildir(os.path.join(small, "big.mbox"), maildir, n)
        db = os.path.join(work, f"maildir-{n}.db")
        env = netcrm_env(db)
        run([NETCRM, "import", os.path.join(small, "contacts.vcf")], env=env)
        nm = notmuch_config(work, maildir)
        # Folders a scan just listed are listed again (a file added in the same
        # instant would hide behind their modification time): wait that out.
        time.sleep(2.5)
        seconds, _ = run([NOTMUCH, "new", "--quiet"], env=nm)
        first.append((f"`notmuch new`, first, {n:,} messages", seconds))
        seconds, _ = run([NETCRM, "scan", maildir, "--me", "me@example.com"], env=env)
        first.append((f"`netcrm scan`, first, {n:,} messages", seconds))
        print(f"  first scans of {n:,}: {first[-2][1]:.1f} s notmuch, {seconds:.2f} s netcrm", file=sys.stderr)
        ours, theirs = medians(([NETCRM, "scan", maildir], env), ([NOTMUCH, "new", "--quiet"], nm))
        maildir_ms[n] = ours
        rows.append((f"Maildir rescan, nothing new, {n:,} messages", ours, "`notmuch new`", theirs))
        arrived = [0]

        def arrive():
            arrived[0] += 1
            mailbox.Maildir(maildir).add(mailbox.MaildirMessage(new_message(arrived[0])))

        # Each program is timed on a message it has not seen yet.
        a, b = [], []
        for _ in range(RUNS):
            arrive()
            a.append(run([NETCRM, "scan", maildir], env=env)[0])
            arrive()
            b.append(run([NOTMUCH, "new", "--quiet"], env=nm)[0])
        rows.append((f"Maildir rescan, one message arrived, {n:,} messages",
                     statistics.median(a), "`notmuch new`", statistics.median(b)))

    mbox = os.path.join(big, "big.mbox")
    db = os.path.join(work, "mbox.db")
    env = netcrm_env(db)
    run([NETCRM, "import", os.path.join(big, "contacts.vcf")], env=env)
    seconds, _ = run([NETCRM, "scan", mbox, "--me", "me@example.com"], env=env)
    first.append(("`netcrm scan`, first, 100,000-message mbox (1 GB)", seconds))
    grep = (["sh", "-c", f"grep -c '^From ' {mbox} > {os.path.join(work, 'grep.out')}"], None)
    ours, theirs = medians(([NETCRM, "scan", mbox], env), grep)
    rows.append(("mbox rescan, nothing new, 100,000 messages (1 GB)", ours, "`grep -c '^From '`", theirs))
    appended = [0]

    def append():
        appended[0] += 1
        with open(mbox, "ab") as f:
            f.write(b"From person0@example.org Mon Nov 30 10:00:00 2026\n" + new_message(appended[0]) + b"\n")

    ours, theirs = medians(([NETCRM, "scan", mbox], env), grep, append)
    rows.append(("mbox rescan, one message appended, 100,000 messages", ours, "`grep -c '^From '`", theirs))

    print("| rescan | netcrm | beside | it | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for name, ours, peer, theirs in rows:
        print(f"| {name} | {ours * 1000:.0f} ms | {peer} | {theirs * 1000:.0f} ms | {ours / theirs:.2f}x |")
    print()
    print(f"Maildir rescan with nothing new, 100,000 / 10,000 messages: "
          f"{maildir_ms[100_000] / maildir_ms[10_000]:.1f}x the time for 10x the messages")
    print()
    print("| first scan (once) | seconds |")
    print("| --- | --- |")
    for name, seconds in first:
        print(f"| {name} | {seconds:.2f} s |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
