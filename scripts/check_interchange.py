#!/usr/bin/env python3
"""Checks that netcrm's vCard and iCalendar exports open in independent parsers.

Run by scripts/check-interchange.sh, which makes a virtual environment with vobject
and icalendar, builds netcrm, and sets NETCRM_DB and NETCRM_TODAY to a temporary
database and a fixed date. This file then drives the real binary: it adds contacts
with awkward data, a reminder and a snooze, exports vCard 3.0, vCard 4.0 and
iCalendar, and parses each file with vobject (vCard) or icalendar (ics), comparing
what the parsers read with what was typed in (for hand-typed names, the given and
family names a name parser finds) and with `netcrm due --json`.

Usage: check_interchange.py NETCRM_BINARY WORK_DIRECTORY
Prints PASS or FAIL per check; exits 1 if any check fails, 2 if it cannot run.
"""

import datetime
import json
import os
import re
import stat
import subprocess
import sys
import warnings

warnings.simplefilter("ignore")  # vobject and dateutil deprecation noise

import icalendar  # noqa: E402
import vobject  # noqa: E402

TODAY = datetime.date(2026, 11, 20)  # must match NETCRM_TODAY in the shell script
WITHIN = 60

LONG_NOTE = (
    "Spoke for an hour about Rust on microcontrollers, the café's espresso and hiring; "
    "she knows the CTO at Ørsted, wants an introduction to someone at Mozilla, and asked "
    "me to send the slides (with the benchmarks, the flame graphs; and the README) by "
    "Friday. Also: the São Paulo meetup, 東京 in spring, and a \\backslash\\ for good measure."
)

# What is typed into `netcrm add`, and so what every export must give back.
CONTACTS = [
    {
        "name": "Zoë Ångström-Müller",
        "emails": ["zoe@example.com", "z.angstrom@research.example.org"],
        "phones": ["+44 20 7946 0958", "+1 (555) 010-9999"],
        "company": "Acme, Inc.; Research Division",
        "title": "Head of R&D, Europe",
        "linkedin": "https://www.linkedin.com/in/zoe-angstrom/",
        "tags": ["rust", "conference"],
        "birthday": "1990-02-14",
        "note": "Line one, with a comma; and a semicolon\nLine two: café ☕\n\nLine four after a blank line",
    },
    {
        "name": "José María O'Neill",
        "emails": ["jose@example.net"],
        "phones": ["+34 600 123 456"],
        "company": "Banco Ñandú, S.A.",
        "title": "CTO",
        "tags": ["job-search"],
        "birthday": "--05-12",
        "note": LONG_NOTE,
        "met_on": "2026-11-10",  # its thank-you (due 2026-11-12) is overdue
    },
    {
        "name": "Łukasz Żółć, PhD",
        "emails": ["lukasz@example.pl", "l.zolc@uni.example.edu", "lz@example.com"],
        "phones": ["+48 22 123 45 67"],
        "tags": ["meetup", "poland", "research"],
        "birthday": "--12-05",  # the 2026 birthday is inside --within
        "no_thank_you": True,
    },
]
# The vCard N each typed name must get (family, given, additional, prefix, suffix): a
# name parser's split, not the last space's ("Łukasz Żółć, PhD" is not family "PhD").
EXPECTED_N = {
    "Zoë Ångström-Müller": ("Ångström-Müller", "Zoë", "", "", ""),
    "José María O'Neill": ("O'Neill", "José", "María", "", ""),
    "Łukasz Żółć, PhD": ("Żółć", "Łukasz", "", "", "PhD"),
}
REMINDER_TEXT = "Send the slides, the notes; and the café's address to Zoë"
REMINDER_ON = "2026-12-31"  # DTEND crosses the year end
SNOOZE_UNTIL = "2026-12-25"  # hides the third contact's check-in


class Checks:
    def __init__(self):
        self.failed = 0
        self.passed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS  {name}")
        else:
            self.failed += 1
            print(f"FAIL  {name}" + (f"\n      {detail}" if detail else ""))
        return ok

    def equal(self, name, actual, expected):
        return self.check(name, actual == expected, f"expected {expected!r}\n      got      {actual!r}")


def netcrm(binary, *args):
    """Runs netcrm; a failure ends the script, since later checks depend on it."""
    result = subprocess.run([binary, *args], capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        print(f"ERROR netcrm {' '.join(args)} exited {result.returncode}\n{result.stderr.strip()}")
        sys.exit(2)
    return result.stdout


def add_args(contact):
    args = ["--json", "add", contact["name"]]
    for email in contact["emails"]:
        args += ["--email", email]
    for phone in contact["phones"]:
        args += ["--phone", phone]
    for tag in contact["tags"]:
        args += ["--tag", tag]
    for field, flag in [("company", "--company"), ("title", "--title"), ("linkedin", "--linkedin"),
                        ("birthday", "--birthday"), ("note", "--note"), ("met_on", "--met-on")]:
        if field in contact:
            args += [flag, contact[field]]
    if contact.get("no_thank_you"):
        args.append("--no-thank-you")
    return args


def export(checks, binary, work, name, args):
    path = os.path.join(work, name)
    report = json.loads(netcrm(binary, "--json", "export", *args, "--output", path))
    mode = stat.S_IMODE(os.stat(path).st_mode)
    checks.equal(f"{name}: created with mode 0600", oct(mode), oct(0o600))
    with open(path, "rb") as file:
        data = file.read()
    return data, report


def check_raw(checks, name, data):
    """RFC 5545 / RFC 6350 line rules, checked on the bytes, independently of any parser.
    Returns the text, decoded leniently so that the parsers still get their turn."""
    try:
        text = data.decode("utf-8")
        checks.check(f"{name}: valid UTF-8", True)
    except UnicodeDecodeError as error:
        checks.check(f"{name}: valid UTF-8", False, str(error))
        text = data.decode("utf-8", errors="replace")
    checks.check(f"{name}: ends with CRLF", data.endswith(b"\r\n"))
    bare = len(re.findall(rb"(?<!\r)\n|\r(?!\n)", data))
    checks.check(f"{name}: every line ends with CRLF", bare == 0, f"{bare} bare CR or LF line ends")
    lines = re.split(rb"\r\n|\r|\n", data.removesuffix(b"\r\n"))
    long_lines = [(number, line) for number, line in enumerate(lines, 1) if len(line) > 75]
    checks.check(f"{name}: no line longer than 75 octets", not long_lines,
                 f"{len(long_lines)} lines, e.g. line {long_lines[0][0]} with {len(long_lines[0][1])} octets"
                 if long_lines else "")
    split = []
    for number, line in enumerate(lines, 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            split.append(number)
    checks.check(f"{name}: folding splits no UTF-8 character", not split, f"lines {split[:10]}")
    checks.check(f"{name}: long lines are folded", any(line.startswith(b" ") for line in lines))
    return text


def text_list(value):
    """vobject gives a structured component as a string, or a list when it had commas."""
    return value if isinstance(value, list) else [value]


def birthday_parts(value):
    """(year or None, month, day) from any common vCard spelling of BDAY."""
    text = str(value).strip()
    if text.startswith("--"):  # --MMDD or --MM-DD
        digits = text[2:].replace("-", "")
        return None, int(digits[:2]), int(digits[2:4])
    digits = text.split("T")[0].replace("-", "")
    year = int(digits[:4])
    return (None if year == 1604 else year), int(digits[4:6]), int(digits[6:8])  # 1604: Apple's no-year


def expected_birthday(text):
    if text.startswith("--"):
        return None, int(text[2:4]), int(text[5:7])
    return int(text[:4]), int(text[5:7]), int(text[8:10])


def digits(phone):
    return "".join(c for c in phone if c.isdigit())


def check_vcards(checks, name, data, version, ids):
    text = check_raw(checks, name, data)
    try:
        cards = list(vobject.readComponents(text))
    except Exception as error:  # any parse failure is a failed check, not a crash
        checks.check(f"{name}: vobject reads the file", False, repr(error))
        return []
    checks.equal(f"{name}: vobject reads one card per contact", len(cards), len(CONTACTS))
    by_name = {card.fn.value: card for card in cards if "fn" in card.contents}
    uids = []
    for contact in CONTACTS:
        who = f"{name} [{contact['name']}]"
        card = by_name.get(contact["name"])
        if not checks.check(f"{who}: FN", card is not None, f"FN values: {sorted(by_name)!r}"):
            continue
        try:
            uids.append(check_card(checks, who, card, contact, version, ids[contact["name"]]))
        except Exception as error:  # an unexpected value shape is a failure, not a crash
            checks.check(f"{who}: card readable", False, repr(error))
    checks.equal(f"{name}: UIDs are unique", len(set(uids)), len(uids))
    return uids


def check_card(checks, who, card, contact, version, contact_id):
    """Checks one card against what was typed in; returns its UID."""
    checks.equal(f"{who}: VERSION", card.version.value, version)
    if checks.check(f"{who}: N present", "n" in card.contents):
        n = card.n.value
        parts = tuple(" ".join(text_list(part)) for part in (n.family, n.given, n.additional, n.prefix, n.suffix))
        checks.equal(f"{who}: N has the right family, given, middle names, prefix and suffix",
                     parts, EXPECTED_N[contact["name"]])
    emails = [line.value for line in card.contents.get("email", [])]
    checks.equal(f"{who}: EMAIL", sorted(emails), sorted(contact["emails"]))
    phones = [line.value.removeprefix("tel:") for line in card.contents.get("tel", [])]
    checks.equal(f"{who}: TEL (digits)", sorted(map(digits, phones)), sorted(map(digits, contact["phones"])))
    if "company" in contact:
        org = card.org.value if "org" in card.contents else []
        checks.equal(f"{who}: ORG", "; ".join(part.strip() for part in text_list(org)), contact["company"])
    if "title" in contact:
        checks.equal(f"{who}: TITLE", card.title.value if "title" in card.contents else None, contact["title"])
    if "linkedin" in contact:
        urls = [line.value for line in card.contents.get("url", [])]
        checks.check(f"{who}: URL is the LinkedIn profile", contact["linkedin"] in urls, f"URL values: {urls!r}")
    categories = [tag for line in card.contents.get("categories", []) for tag in text_list(line.value)]
    checks.equal(f"{who}: CATEGORIES", sorted(categories), sorted(contact["tags"]))
    if "note" in contact:
        notes = [line.value.replace("\r\n", "\n") for line in card.contents.get("note", [])]
        checks.check(f"{who}: NOTE holds the note, line breaks and all",
                     any(contact["note"] in note for note in notes),
                     f"expected {contact['note']!r} in {notes!r}")
    if "birthday" in contact:
        bday = card.bday.value if "bday" in card.contents else None
        checks.equal(f"{who}: BDAY", bday and birthday_parts(bday), expected_birthday(contact["birthday"]))
    uid = card.uid.value if "uid" in card.contents else ""
    checks.check(f"{who}: UID present", bool(uid.strip()), f"UID {uid!r} (contact #{contact_id})")
    return uid


def check_calendar(checks, name, data, due, reminder_id, ids):
    text = check_raw(checks, name, data)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as error:  # any parse failure is a failed check, not a crash
        checks.check(f"{name}: icalendar reads the file", False, repr(error))
        return
    checks.equal(f"{name}: VERSION", str(calendar.get("VERSION")), "2.0")
    checks.check(f"{name}: PRODID", str(calendar.get("PRODID", "")).startswith("-//netcrm//netcrm "),
                 repr(calendar.get("PRODID")))
    checks.equal(f"{name}: CALSCALE", str(calendar.get("CALSCALE")), "GREGORIAN")
    events = list(calendar.walk("VEVENT"))
    by_uid = {str(event.get("UID")): event for event in events}
    checks.equal(f"{name}: one event per follow-up of `due --within {WITHIN}`", len(events), len(due))
    checks.equal(f"{name}: UIDs are the follow-up keys @netcrm",
                 sorted(by_uid), sorted(f"{item['key']}@netcrm" for item in due))
    for item in due:
        who = f"{name} [{item['key']}]"
        event = by_uid.get(f"{item['key']}@netcrm")
        if not checks.check(f"{who}: event present", event is not None):
            continue
        try:
            check_event(checks, who, event, item)
        except Exception as error:  # an unexpected value shape is a failure, not a crash
            checks.check(f"{who}: event readable", False, repr(error))

    # What the data typed in must produce, whatever `due` says.
    zoe, jose, lukasz = (ids[contact["name"]] for contact in CONTACTS)
    reminder = by_uid.get(f"reminder-{reminder_id}@netcrm")
    if checks.check(f"{name}: the reminder is an event", reminder is not None):
        checks.equal(f"{name}: the reminder ends across the year end",
                     (reminder.decoded("DTSTART", None), reminder.decoded("DTEND", None)),
                     (datetime.date(2026, 12, 31), datetime.date(2027, 1, 1)))
        checks.check(f"{name}: the reminder's DESCRIPTION has its text",
                     REMINDER_TEXT in str(reminder.get("DESCRIPTION")), repr(str(reminder.get("DESCRIPTION"))))
        checks.equal(f"{name}: the reminder's SUMMARY names the contact",
                     str(reminder.get("SUMMARY")), f"reminder: {CONTACTS[0]['name']}")
    overdue = by_uid.get(f"thank-you-{jose}@netcrm")
    checks.check(f"{name}: an overdue thank-you keeps its original date",
                 overdue is not None and overdue.decoded("DTSTART", None) == datetime.date(2026, 11, 12))
    checks.check(f"{name}: a yearless birthday inside --within is an event",
                 f"birthday-{lukasz}-2026@netcrm" in by_uid, f"UIDs: {sorted(by_uid)}")
    checks.check(f"{name}: a snoozed check-in is left out", f"check-in-{lukasz}@netcrm" not in by_uid)
    checks.check(f"{name}: the non-ASCII contact's thank-you is an event", f"thank-you-{zoe}@netcrm" in by_uid)


def check_event(checks, who, event, item):
    """Checks one VEVENT against the follow-up `due --json` lists."""
    due_on = datetime.date.fromisoformat(item["due_on"])
    start, end = event.decoded("DTSTART", None), event.decoded("DTEND", None)
    checks.check(f"{who}: DTSTART is the all-day date {due_on}",
                 type(start) is datetime.date and start == due_on, repr(start))
    checks.check(f"{who}: DTEND is the next day",
                 type(end) is datetime.date and end == due_on + datetime.timedelta(days=1), repr(end))
    midnight = datetime.datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=datetime.timezone.utc)
    checks.equal(f"{who}: DTSTAMP is today at 00:00:00Z", event.decoded("DTSTAMP", None), midnight)
    summary = f"{item['kind']}: {item['contact']}" if item.get("contact") else item["kind"]
    checks.equal(f"{who}: SUMMARY", str(event.get("SUMMARY")), summary)
    checks.equal(f"{who}: DESCRIPTION", str(event.get("DESCRIPTION")),
                 f"{item['reason']}\nMark it done: netcrm done {item['key']}")


def main():
    if len(sys.argv) != 3:
        print("usage: check_interchange.py NETCRM_BINARY WORK_DIRECTORY", file=sys.stderr)
        return 2
    binary, work = sys.argv[1], sys.argv[2]
    if os.environ.get("NETCRM_TODAY") != TODAY.isoformat():
        print(f"ERROR NETCRM_TODAY must be {TODAY}")
        return 2
    checks = Checks()

    ids = {}
    for contact in CONTACTS:
        added = json.loads(netcrm(binary, *add_args(contact)))
        ids[contact["name"]] = added["id"]
    reminder = json.loads(netcrm(binary, "--json", "remind", CONTACTS[0]["emails"][0], REMINDER_TEXT,
                                 "--on", REMINDER_ON))
    netcrm(binary, "snooze", f"check-in-{ids[CONTACTS[2]['name']]}", "--until", SNOOZE_UNTIL)
    due = json.loads(netcrm(binary, "--json", "due", "--within", str(WITHIN)))

    vcf3, report = export(checks, binary, work, "contacts-3.0.vcf", ["vcard"])
    checks.equal("contacts-3.0.vcf: export --json reports the count", report.get("count"), len(CONTACTS))
    uids3 = check_vcards(checks, "contacts-3.0.vcf", vcf3, "3.0", ids)
    again, _ = export(checks, binary, work, "contacts-3.0-again.vcf", ["vcard"])
    checks.check("contacts-3.0.vcf: a second export gives the same bytes", again == vcf3)

    vcf4, report = export(checks, binary, work, "contacts-4.0.vcf", ["vcard", "--vcard-version", "4.0"])
    checks.equal("contacts-4.0.vcf: export --json reports the count", report.get("count"), len(CONTACTS))
    uids4 = check_vcards(checks, "contacts-4.0.vcf", vcf4, "4.0", ids)
    checks.equal("vCard 3.0 and 4.0 give each contact the same UID", uids4, uids3)

    ics, report = export(checks, binary, work, "follow-ups.ics", ["ics", "--within", str(WITHIN)])
    checks.equal("follow-ups.ics: export --json reports the count", report.get("count"), len(due))
    check_calendar(checks, "follow-ups.ics", ics, due, reminder["id"], ids)
    again, _ = export(checks, binary, work, "follow-ups-again.ics", ["ics", "--within", str(WITHIN)])
    checks.check("follow-ups.ics: a second export gives the same bytes", again == ics)

    print(f"\n{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
