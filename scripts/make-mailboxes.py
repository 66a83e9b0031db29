#!/usr/bin/env python3
"""Writes test mailboxes for `netcrm scan` with Python's own `mailbox` module, a writer
independent of the mail-parser crate that netcrm reads them with.

Usage:
    python3 scripts/make-mailboxes.py DIR

Creates, in DIR (made if missing; existing mailboxes of the same names are replaced):
    DIR/Maildir/      a Maildir (cur/, new/, tmp/) holding every message
    DIR/mail.mbox     an mbox holding the same messages, in the same order
    DIR/eml/NN.eml    the same messages again, one .eml file each

Plain python3 (3.8 or later), standard library only. The messages are the same every
run: their dates are fixed, and each mbox "From " line carries its message's Date.
(Maildir file names are made by `mailbox` from the clock, host and process, as they
must be unique.) The messages, between you (me@example.com) and
a contact (ada@example.com):
    01 me -> ada                     plain; its body has a line starting "From "
    02 ada -> me, Cc bob             a reply, with Cc
    03 me -> ada, Cc carol           ISO-8859-1 quoted-printable subject
    04 ada -> me                     UTF-8 subject (base64) and display name (quoted-printable)
    05 list -> dev list, Cc me       mailing list (List-Id, List-Unsubscribe, Precedence)
    06 ada -> me                     auto-reply (Auto-Submitted, X-Autoreply, Return-Path <>)
    07 stranger -> me                from someone who is not a contact
    08 me -> ada                     the same message as 01 again (same Message-ID)
    09 ada -> me                     Date 23:50 -0800 (already the next day in UTC)
    10 me -> ada                     a Date in the future (2099)
"""

import mailbox
import os
import shutil
import sys
import time
from email.header import Header
from email.message import Message
from email.utils import formataddr, mktime_tz, parseaddr, parsedate_tz

ME = ("Me Myself", "me@example.com")
ADA = ("Ada Lovelace", "ada@example.com")


def addr(pair, charset=None):
    return formataddr(pair, charset=charset) if charset else formataddr(pair)


def sender(msg):
    return parseaddr(msg["From"])[1]


def message(number, from_, to, subject, date, body, cc=None, extra=(), msgid=None):
    msg = Message()
    msg["From"] = from_
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Date"] = date
    msg["Message-ID"] = msgid or "<%02d.scan-test@example.com>" % number
    for name, value in extra:
        msg[name] = value
    msg["MIME-Version"] = "1.0"
    msg["Content-Type"] = 'text/plain; charset="utf-8"'
    msg["Content-Transfer-Encoding"] = "8bit"
    msg.set_payload(body.encode("utf-8"), charset=None)
    return msg


def messages():
    first = dict(
        from_=addr(ME),
        to=addr(ADA),
        subject="Lovely to meet you at the conference",
        date="Mon, 02 Nov 2026 09:15:00 +0000",
        body="Hi Ada,\n\nFrom what you said about engines, I think...\n\nMe\n",
    )
    return [
        message(1, **first),
        message(
            2,
            addr(ADA),
            addr(ME),
            "Re: Lovely to meet you at the conference",
            "Tue, 03 Nov 2026 18:02:11 +0100",
            "Likewise! Copying Bob, who should meet you.\n",
            cc=addr(("Bob Babbage", "Bob@Example.com")),
            extra=[("In-Reply-To", "<01.scan-test@example.com>")],
        ),
        message(
            3,
            addr(ME),
            addr(ADA),
            Header("Café next week?", "iso-8859-1").encode(),
            "Wed, 04 Nov 2026 08:00:00 +0000",
            "Coffee?\n",
            cc=addr(("Carol", "carol@example.com")),
        ),
        message(
            4,
            addr(("Ada Lövelace", "ada@example.com"), charset="utf-8"),
            addr(ME),
            Header("Re: Café next week? ☕ Ja, gerne", "utf-8").encode(),
            "Wed, 04 Nov 2026 12:30:00 +0100",
            "Yes, Thursday.\n",
        ),
        message(
            5,
            addr(("Ada Lovelace via Dev", "dev@lists.example.com")),
            addr(("Dev list", "dev@lists.example.com")),
            "[dev] Minutes of the meeting",
            "Thu, 05 Nov 2026 07:00:00 +0000",
            "Minutes attached.\n",
            cc=addr(ME),
            extra=[
                ("List-Id", "Dev discussion <dev.lists.example.com>"),
                ("List-Unsubscribe", "<mailto:dev-leave@lists.example.com>"),
                ("Precedence", "list"),
                ("Reply-To", "ada@example.com"),
            ],
        ),
        message(
            6,
            addr(ADA),
            addr(ME),
            "Out of office: Café next week?",
            "Thu, 05 Nov 2026 12:00:00 +0000",
            "I am away until Monday.\n",
            extra=[
                ("Auto-Submitted", "auto-replied"),
                ("X-Autoreply", "yes"),
                ("Return-Path", "<>"),
            ],
        ),
        message(
            7,
            addr(("Sam Stranger", "sam@stranger.example.org")),
            addr(ME),
            "A question about your talk",
            "Fri, 06 Nov 2026 15:45:00 +0000",
            "Hello, we have not met, but...\n",
        ),
        message(1, **first),  # the same message twice: one Message-ID, logged once
        message(
            9,
            addr(ADA),
            addr(ME),
            "Late thought",
            "Mon, 30 Nov 2026 23:50:00 -0800",
            "Written just before midnight in California: 07:50 on 1 December in UTC.\n",
        ),
        message(
            10,
            addr(ME),
            addr(ADA),
            "From the future",
            "Fri, 01 Jan 2099 10:00:00 +0000",
            "A clock set wrong: a scan ignores dates after today.\n",
        ),
    ]


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    maildir_path = os.path.join(out, "Maildir")
    mbox_path = os.path.join(out, "mail.mbox")
    eml_path = os.path.join(out, "eml")
    for path in (maildir_path, eml_path):
        shutil.rmtree(path, ignore_errors=True)
    if os.path.exists(mbox_path):
        os.remove(mbox_path)
    os.makedirs(eml_path)

    maildir = mailbox.Maildir(maildir_path, create=True)
    mbox = mailbox.mbox(mbox_path, create=True)
    mbox.lock()
    try:
        for index, msg in enumerate(messages(), start=1):
            entry = mailbox.MaildirMessage(msg)
            # Half read (cur/), half new (new/), as a mail client leaves them.
            entry.set_subdir("cur" if index % 2 else "new")
            if index % 2:
                entry.add_flag("S")
            maildir.add(entry)
            entry = mailbox.mboxMessage(msg)
            entry.set_from(sender(msg), time.gmtime(mktime_tz(parsedate_tz(msg["Date"]))))
            mbox.add(entry)
            with open(os.path.join(eml_path, "%02d.eml" % index), "wb") as f:
                f.write(msg.as_bytes())
        mbox.flush()
    finally:
        mbox.unlock()
        mbox.close()
    print("wrote %d messages to %s, %s and %s" % (len(messages()), maildir_path, mbox_path, eml_path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
