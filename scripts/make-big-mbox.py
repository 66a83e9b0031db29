#!/usr/bin/env python3
"""Writes a large mbox and a vCard file of contacts for measuring `netcrm scan`
(BENCHMARKS.md, "Scan (issue 12)"). Deterministic: the same files every run.

Usage:
    python3 scripts/make-big-mbox.py DIR [MESSAGES] [BODY_BYTES]

Creates DIR/big.mbox (MESSAGES messages, default 100,000, each with a body of about
BODY_BYTES bytes, default 10,000: about 1 GB in all) and DIR/contacts.vcf (500 of the
2,000 people in it). Mail between you (me@example.com) and the 2,000 people, both ways,
with Cc; one message in ten is from a mailing list and one in fifty an auto-reply;
dates over 2024-2026 in several time zones; bodies hold `>From ` lines, as mbox
writers quote them. Plain python3, standard library only; written directly rather
than with the `mailbox` module, which is too slow for a gigabyte.
"""

import os
import random
import sys

PEOPLE = 2000
CONTACTS = 500
ZONES = ["+0000", "+0100", "-0800", "+0530", "-0500", "+0900"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WORDS = "the of and to in networking coffee meeting next week thanks project idea talk slides".split()


def person(i):
    return ("Person %d" % i, "person%d@example.org" % i)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    out = argv[1]
    count = int(argv[2]) if len(argv) > 2 else 100_000
    body_bytes = int(argv[3]) if len(argv) > 3 else 10_000
    os.makedirs(out, exist_ok=True)
    rng = random.Random(12)
    line = " ".join(rng.choice(WORDS) for _ in range(12)) + "\n"
    body = (line * (body_bytes // len(line) + 1))[:body_bytes]
    body = body[: len(body) // 2] + "\n>From the archive, a quoted line.\n" + body[len(body) // 2 :]
    with open(os.path.join(out, "contacts.vcf"), "w") as f:
        for i in range(CONTACTS):
            name, address = person(i * (PEOPLE // CONTACTS))
            f.write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:%s\r\nEMAIL:%s\r\nEND:VCARD\r\n" % (name, address))
    with open(os.path.join(out, "big.mbox"), "w", buffering=1 << 20) as f:
        for n in range(count):
            other = person(rng.randrange(PEOPLE))
            cc = person(rng.randrange(PEOPLE))
            me = ("Me Myself", "me@example.com")
            sender, to = (me, other) if n % 2 else (other, me)
            year = 2024 + n * 3 // count
            month, day = rng.randrange(12), rng.randrange(1, 29)
            hour, minute = rng.randrange(24), rng.randrange(60)
            date = "%s, %02d %s %d %02d:%02d:00 %s" % (
                DAYS[(day + month) % 7], day, MONTHS[month], year, hour, minute, rng.choice(ZONES))
            f.write("From %s %s %s %2d %02d:%02d:00 %d\n" % (
                sender[1], DAYS[(day + month) % 7], MONTHS[month], day, hour, minute, year))
            f.write("From: %s <%s>\nTo: %s <%s>\nCc: %s <%s>\n" % (sender + to + cc))
            f.write("Subject: =?UTF-8?Q?Caf=C3=A9_number_%d?=\nDate: %s\n" % (n, date))
            f.write("Message-ID: <%d.big@example.com>\nMIME-Version: 1.0\n" % n)
            if n % 10 == 3:
                f.write("List-Id: <dev.lists.example.com>\nPrecedence: list\n")
            if n % 50 == 7:
                f.write("Auto-Submitted: auto-replied\n")
            f.write("Content-Type: text/plain; charset=utf-8\n\n")
            f.write(body)
            f.write("\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
