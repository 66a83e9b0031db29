#!/usr/bin/env python3
"""How `netcrm scan` grows with hostile calendars (issue 23), whole process, release
build: for each shape that once grew with the square of its size (events per file,
attendees per event, EXDATE lines, moved occurrences) the time for N and 2N and their
ratio (near 2 is linear, near 4 quadratic), and the peak memory of the issue's files
(100 and 1,000 FREQ=SECONDLY events, 16,000 events). Times and memory come from
`/usr/bin/time -f "%U %S %M"`: each time is the processor time (user and system), the
least of RUNS runs, which other programs on the machine disturb far less than the wall
time. Exits 1 when a ratio is above 3. Usage: scripts/bench-calendars.sh [RUNS]
(default 5).
"""

import datetime
import os
import subprocess
import sys
import tempfile

NETCRM = os.environ.get("NETCRM_BIN", "target/release/netcrm")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
TODAY = "2026-12-01"
START = datetime.date(2020, 1, 1)


def day(n):
    return (START + datetime.timedelta(days=n)).strftime("%Y%m%d")


def calendar(body):
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n" + body + "END:VCALENDAR\r\n"


def event(uid, start, extra=""):
    """A VEVENT with you and Ada (a contact)."""
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:{start}\r\n{extra}"
            "SUMMARY:Sync\r\nORGANIZER:mailto:me@example.com\r\n"
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@example.com\r\nEND:VEVENT\r\n")


def events(n):
    """n meetings, one a day over the last 2,000 days, repeating."""
    return calendar("".join(event(f"e{i}", day(i % 2000) + "T100000Z") for i in range(n)))


def attendees(n):
    """One meeting with you, Ada and n other people."""
    people = "".join(f"ATTENDEE;CN=\"P{i}\";PARTSTAT=ACCEPTED:mailto:p{i}@example.com\r\n" for i in range(n))
    return calendar(event("crowd", "20261110T100000Z", people))


def exdates(n):
    """A daily meeting since 2020 with n EXDATE lines, every other day."""
    lines = "".join(f"EXDATE:{day(2 * i)}T100000Z\r\n" for i in range(n))
    return calendar(event("daily", "20200101T100000Z", "RRULE:FREQ=DAILY\r\n" + lines))


def overrides(n):
    """A daily meeting since 2020 with n occurrences moved by an hour."""
    moved = "".join(event("daily", day(i) + "T110000Z", f"RECURRENCE-ID:{day(i)}T100000Z\r\n") for i in range(n))
    return calendar(event("daily", "20200101T100000Z", "RRULE:FREQ=DAILY\r\n") + moved)


def secondly(n):
    """The issue's file: n events every second since 2025 (100 of them: 16 KB)."""
    return calendar("".join(event(f"s{i}", "20250101T090000Z", "RRULE:FREQ=SECONDLY\r\n") for i in range(n)))


def never(n):
    """n yearly events on 30 February: rrule searches 100,000 steps for each, in vain."""
    return calendar("".join(
        event(f"n{i}", "20250101T090000Z", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\n") for i in range(n)))


def daily(n):
    """n daily meetings since 2020 (a normal, busy calendar: each day of each is logged)."""
    return calendar("".join(event(f"d{i}", "20200101T100000Z", "RRULE:FREQ=DAILY\r\n") for i in range(n)))


def run(folder, path):
    """(seconds, peak KiB) of one `scan --dry-run` of path."""
    env = dict(os.environ, NETCRM_DB=os.path.join(folder, "db"), NETCRM_TODAY=TODAY)
    out = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", NETCRM, "scan", path, "--me", "me@example.com",
                          "--dry-run"], env=env, capture_output=True, text=True, check=True)
    user, system, kib = out.stderr.strip().splitlines()[-1].split()
    return float(user) + float(system), int(kib)


def measure(folder, name, text):
    path = os.path.join(folder, name + ".ics")
    with open(path, "w") as f:
        f.write(text)
    results = [run(folder, path) for _ in range(RUNS)]
    return (min(r[0] for r in results), max(r[1] for r in results), os.path.getsize(path))


def main():
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, NETCRM_DB=os.path.join(folder, "db"), NETCRM_TODAY=TODAY)
        subprocess.run([NETCRM, "add", "Ada", "--email", "ada@example.com", "--no-thank-you"], env=env,
                       check=True, capture_output=True)
        print(f"Growth (`scan FILE --dry-run`, release build; processor time, least of {RUNS} runs)\n")
        print("| shape | N | time for N | time for 2N | ratio | peak memory for 2N |")
        print("| --- | --- | --- | --- | --- | --- |")
        for name, make, n in [("events per file", events, 100_000), ("attendees of one event", attendees, 400_000),
                              ("EXDATE lines of one event", exdates, 400_000),
                              ("moved occurrences (RECURRENCE-ID)", overrides, 100_000)]:
            one, _, _ = measure(folder, "one", make(n))
            two, kib, _ = measure(folder, "two", make(2 * n))
            ratio = two / one if one > 0 else float("inf")
            failed |= ratio > 3
            print(f"| {name} | {n:,} | {one:.2f} s | {two:.2f} s | {ratio:.2f} | {kib / 1024:.1f} MiB |")
        print("\nThe issue's files and others\n")
        print("| file | size | time | peak memory |")
        print("| --- | --- | --- | --- |")
        for name, make, n in [("FREQ=SECONDLY events", secondly, 100), ("FREQ=SECONDLY events", secondly, 1_000),
                              ("events", events, 16_000), ("never-matching yearly events (30 February)", never, 100),
                              ("daily meetings since 2020", daily, 100)]:
            seconds, kib, size = measure(folder, "file", make(n))
            print(f"| {n:,} {name} | {size / 1024:,.0f} KB | {seconds:.2f} s | {kib / 1024:.1f} MiB |")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
