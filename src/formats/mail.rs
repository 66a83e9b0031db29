//! Reads the headers of e-mail messages from an mbox file, a Maildir, a folder of
//! `.eml` files or one `.eml` file, for `scan` (DESIGN.md "netcrm scan PATH").
//! Pure and streaming: one message at a time, headers only; no database, clock or
//! terminal, and bodies are never kept or returned.
//!
//! Parsing is mail-parser 0.11's (`MessageParser::parse_headers`), which decodes RFC 2047
//! subjects and display names and reads Date with its zone. For `.eml` and Maildir files
//! only the header section is read from disk. An mbox is split by mail-parser's
//! `mbox::MessageIterator`, which holds one whole message (body included) at a time and
//! undoes `>From ` quoting; only its headers are parsed, and the buffer is dropped
//! before the next message, so memory follows the largest message, not the file.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use mail_parser::mailbox::mbox::MessageIterator;
use mail_parser::{HeaderName, HeaderValue, MessageParser};

use crate::error::{Error, Result};

/// An address on a message: lower-cased, with its display name when it had one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub address: String,
    /// Decoded (RFC 2047) and trimmed; `None` when absent or blank.
    pub name: Option<String>,
}

/// What `scan` needs from one message's headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Message-ID without its angle brackets.
    pub message_id: Option<String>,
    /// Date with the zone it was written in; `None` when absent or unreadable.
    pub date: Option<DateTime<FixedOffset>>,
    pub from: Vec<Mailbox>,
    /// To then Cc, in header order (groups flattened).
    pub recipients: Vec<Mailbox>,
    /// How many of `recipients` came from To (the first ones): a reply is awaited
    /// from those, not from those in Cc.
    pub to_count: usize,
    /// Decoded and trimmed; `None` when absent or blank.
    pub subject: Option<String>,
    /// A mailing-list message: `List-Id`, `List-Unsubscribe`, or `Precedence: list`,
    /// `bulk` or `junk`.
    pub is_list: bool,
    /// Sent by a program: `Auto-Submitted` other than `no`, `X-Autoreply`,
    /// `X-Autorespond`, `Precedence: auto_reply`, or `Return-Path: <>`.
    pub is_automatic: bool,
}

/// The message in `bytes` (a whole message or only its header section); an error
/// ([`Error::NotMail`]) when it has no headers at all. `place` names it there.
pub fn parse(bytes: &[u8], place: &str) -> Result<Message> {
    let parsed = MessageParser::new()
        .parse_headers(bytes)
        .filter(|message| !message.headers().is_empty())
        .ok_or_else(|| Error::NotMail { place: place.to_string() })?;

    // Every From, To and Cc header counts, also when a message repeats one (RFC 5322's
    // obsolete syntax allows it, and real mail does it); mail-parser's `from()`, `to()`
    // and `cc()` give only the last.
    let mut from = Vec::new();
    for address in parsed.header_values(HeaderName::From).filter_map(HeaderValue::as_address) {
        push_mailboxes(&mut from, address);
    }
    let mut recipients = Vec::new();
    for address in parsed.all_to() {
        push_mailboxes(&mut recipients, address);
    }
    let to_count = recipients.len();
    for address in parsed.all_cc() {
        push_mailboxes(&mut recipients, address);
    }

    let mut is_list = false;
    let mut is_automatic = false;
    let mut date_written = None;
    for (name, value) in parsed.headers_raw() {
        if name.eq_ignore_ascii_case("date") {
            date_written = Some(value);
        }
        let value = value.trim().to_ascii_lowercase();
        let name = name.to_ascii_lowercase();
        match name.as_str() {
            "list-id" | "list-unsubscribe" => is_list = true,
            "precedence" => match value.as_str() {
                "list" | "bulk" | "junk" => is_list = true,
                "auto_reply" => is_automatic = true,
                _ => {}
            },
            "auto-submitted" => is_automatic |= !value.is_empty() && value != "no",
            "x-autoreply" | "x-autorespond" => is_automatic = true,
            "return-path" => is_automatic |= value == "<>",
            _ => {}
        }
    }

    Ok(Message {
        message_id: parsed.message_id().map(str::trim).filter(|id| !id.is_empty()).map(String::from),
        date: parsed
            .date()
            .and_then(to_chrono)
            .filter(|date| date_written.is_some_and(|w| possible(date, w))),
        from,
        recipients,
        to_count,
        subject: parsed.subject().map(str::trim).filter(|s| !s.is_empty()).map(String::from),
        is_list,
        is_automatic,
    })
}

fn push_mailboxes(out: &mut Vec<Mailbox>, address: &mail_parser::Address<'_>) {
    for addr in address.iter() {
        let Some(email) = addr.address().map(str::trim).filter(|a| !a.is_empty()) else {
            continue;
        };
        let name = addr.name().map(str::trim).filter(|n| !n.is_empty()).map(String::from);
        out.push(Mailbox { address: email.to_lowercase(), name });
    }
}

/// The first year of e-mail: a message dated before it carries an invented date
/// (often the Unix epoch, 1970-01-01, of a client that had none).
const FIRST_MAIL_YEAR: i32 = 1971;

/// Whether `date`, as mail-parser read it, is the date `written` says. mail-parser is
/// lenient: it reads the year `0000` as 2000, `10000` as 1000 and `-5` as 2000, and
/// a zone `+9999` as +03:39; such a Date is impossible, not a date to log on. The
/// year must be written with 2 to 4 digits (RFC 5322, obsolete forms included) and be
/// the year read, from 1971 on; a numeric zone's minutes must be below 60.
fn possible(date: &DateTime<FixedOffset>, written: &str) -> bool {
    use chrono::Datelike;
    const MONTHS: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    if !(FIRST_MAIL_YEAR..=9999).contains(&date.year()) {
        return false;
    }
    let mut words = written.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty());
    while let Some(word) = words.next() {
        let is_month = word.len() >= 3
            && word.is_char_boundary(3)
            && MONTHS.contains(&word[..3].to_ascii_lowercase().as_str());
        if is_month {
            let Some(year) = words.next() else { return false };
            let digits = year.len();
            if !(2..=4).contains(&digits) || !year.bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
            let number: i32 = year.parse().unwrap_or(-1);
            let year = match digits {
                2 if number < 50 => 2000 + number,
                2 | 3 => 1900 + number,
                _ => number,
            };
            if year != date.year() {
                return false;
            }
            break;
        }
    }
    // A numeric zone, `+HHMM` or `-HHMM`.
    written.split_whitespace().all(|word| {
        let bytes = word.as_bytes();
        let numeric_zone =
            bytes.len() == 5 && matches!(bytes[0], b'+' | b'-') && bytes[1..].iter().all(u8::is_ascii_digit);
        !numeric_zone || bytes[3] < b'6'
    })
}

fn to_chrono(date: &mail_parser::DateTime) -> Option<DateTime<FixedOffset>> {
    let seconds = i32::from(date.tz_hour) * 3600 + i32::from(date.tz_minute) * 60;
    let offset = FixedOffset::east_opt(if date.tz_before_gmt { -seconds } else { seconds })?;
    let local = NaiveDate::from_ymd_opt(i32::from(date.year), date.month.into(), date.day.into())?
        .and_hms_opt(date.hour.into(), date.minute.into(), date.second.into())?;
    offset.from_local_datetime(&local).single()
}

/// The header section of a message: lines up to the first blank one. The body is not read.
fn read_head(reader: impl Read) -> std::io::Result<Vec<u8>> {
    let mut reader = BufReader::new(reader);
    let mut head = Vec::new();
    loop {
        let start = head.len();
        if reader.read_until(b'\n', &mut head)? == 0 {
            return Ok(head);
        }
        let line = &head[start..];
        if line == b"\n" || line == b"\r\n" {
            return Ok(head);
        }
    }
}

/// One `.eml` file (or a Maildir message file), headers only.
pub fn read_eml(path: &Path) -> Result<Message> {
    let context = || format!("cannot read {}", path.display());
    let file = File::open(path).map_err(|e| Error::io(context(), e))?;
    let head = read_head(file).map_err(|e| Error::io(context(), e))?;
    parse(&head, &path.display().to_string())
}

/// The messages of an mbox, one at a time. An item that is an error (a message with
/// no headers) can be skipped; after a read error the iterator ends.
pub fn read_mbox<R: Read>(reader: R, name: &str) -> Mbox<BufReader<R>> {
    Mbox {
        inner: MessageIterator::new(BufReader::with_capacity(1 << 16, reader)),
        name: name.to_string(),
        count: 0,
        failed: false,
    }
}

/// The iterator [`read_mbox`] returns.
pub struct Mbox<R> {
    inner: MessageIterator<R>,
    name: String,
    count: usize,
    failed: bool,
}

impl<R: BufRead> Iterator for Mbox<R> {
    type Item = Result<Message>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let item = self.inner.next()?;
        self.count += 1;
        Some(match item {
            Ok(message) => parse(message.contents(), &format!("{} message {}", self.name, self.count)),
            Err(e) => {
                self.failed = true;
                Err(Error::io(format!("cannot read {}", self.name), e))
            }
        })
    }
}

/// The messages of a Maildir: the files in `cur/` and `new/`, in name order. Fails
/// only when neither folder can be listed; each file is read when its turn comes.
pub fn read_maildir(dir: &Path) -> Result<impl ExactSizeIterator<Item = Result<Message>> + use<>> {
    let mut files = Vec::new();
    let mut listed = false;
    for sub in ["cur", "new"] {
        if let Ok(entries) = list_files(&dir.join(sub), |_| true) {
            listed = true;
            files.extend(entries);
        }
    }
    if !listed {
        return Err(Error::io(
            format!("cannot read {} as a Maildir", dir.display()),
            std::io::Error::new(std::io::ErrorKind::NotFound, "it has no cur/ or new/ folder"),
        ));
    }
    Ok(files.into_iter().map(|path| read_eml(&path)))
}

/// The `.eml` files directly in `dir` (any case of the extension), in name order.
pub fn read_eml_dir(dir: &Path) -> Result<impl ExactSizeIterator<Item = Result<Message>> + use<>> {
    let files = list_files(dir, |path| path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("eml")))
        .map_err(|e| Error::io(format!("cannot read {}", dir.display()), e))?;
    Ok(files.into_iter().map(|path| read_eml(&path)))
}

fn list_files(dir: &Path, keep: impl Fn(&Path) -> bool) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        // Maildir tools keep dot files (`.uidvalidity`, `.mh_sequences`) beside messages.
        if entry.file_type()?.is_file() && !name.to_string_lossy().starts_with('.') && keep(&path) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> Message {
        parse(text.as_bytes(), "test").expect("a message")
    }

    fn mailbox(address: &str, name: Option<&str>) -> Mailbox {
        Mailbox { address: address.into(), name: name.map(String::from) }
    }

    #[test]
    fn encoded_subject_and_display_names_are_decoded() {
        let m = message(
            "From: =?UTF-8?B?QWRhIEzDtnZlbGFjZQ==?= <Ada@Example.COM>\r\n\
             To: =?ISO-8859-1?Q?Ren=E9_Dupont?= <rene@example.com>\r\n\
             Subject: =?ISO-8859-1?Q?Caf=E9?= =?UTF-8?B?IOKYlQ==?=\r\n\
             Message-ID: <abc@example.com>\r\n\r\nbody\r\n",
        );
        assert_eq!(m.from, vec![mailbox("ada@example.com", Some("Ada Lövelace"))]);
        assert_eq!(m.recipients, vec![mailbox("rene@example.com", Some("René Dupont"))]);
        assert_eq!(m.subject.as_deref(), Some("Café ☕"));
        assert_eq!(m.message_id.as_deref(), Some("abc@example.com"));
        assert!(!m.is_list && !m.is_automatic);
    }

    #[test]
    fn to_and_cc_are_both_recipients() {
        let m = message(
            "From: me@example.com\nTo: Ada <ada@example.com>, bob@example.com\n\
             Cc: \"Lovelace, Ada\" <ADA2@example.com>\nSubject: hi\n\n",
        );
        assert_eq!(
            m.recipients,
            vec![
                mailbox("ada@example.com", Some("Ada")),
                mailbox("bob@example.com", None),
                mailbox("ada2@example.com", Some("Lovelace, Ada")),
            ]
        );
        assert_eq!(m.message_id, None);
        assert_eq!(m.date, None);
    }

    /// A message may repeat From, To or Cc (RFC 5322 section 4.5.3, and real mail does):
    /// every one counts, To before Cc, each in header order.
    #[test]
    fn repeated_address_headers_all_count() {
        let m = message(
            "From: ada@example.com\nFrom: bob@example.com\nCc: cc1@example.com\nTo: to1@example.com\n\
             Cc: Cc Two <cc2@example.com>\nTo: to2@example.com, to3@example.com\nSubject: hi\n\n",
        );
        assert_eq!(m.from, vec![mailbox("ada@example.com", None), mailbox("bob@example.com", None)]);
        assert_eq!(
            m.recipients,
            vec![
                mailbox("to1@example.com", None),
                mailbox("to2@example.com", None),
                mailbox("to3@example.com", None),
                mailbox("cc1@example.com", None),
                mailbox("cc2@example.com", Some("Cc Two")),
            ]
        );
    }

    #[test]
    fn list_messages_are_flagged() {
        for header in [
            "List-Id: <dev.lists.example.com>",
            "List-Unsubscribe: <mailto:leave@example.com>",
            "Precedence: bulk",
            "Precedence: List",
            "Precedence: junk",
        ] {
            let m = message(&format!("From: list@example.com\nTo: me@example.com\n{header}\n\n"));
            assert!(m.is_list, "{header}");
            assert!(!m.is_automatic, "{header}");
        }
    }

    #[test]
    fn automatic_messages_are_flagged() {
        for header in [
            "Auto-Submitted: auto-replied",
            "Auto-Submitted: auto-generated",
            "X-Autoreply: yes",
            "X-Autorespond: Out of office",
            "Precedence: auto_reply",
            "Return-Path: <>",
        ] {
            let m = message(&format!("From: ada@example.com\nTo: me@example.com\n{header}\n\n"));
            assert!(m.is_automatic, "{header}");
        }
        for header in ["Auto-Submitted: no", "Return-Path: <ada@example.com>", "Precedence: first-class"] {
            let m = message(&format!("From: ada@example.com\nTo: me@example.com\n{header}\n\n"));
            assert!(!m.is_automatic && !m.is_list, "{header}");
        }
    }

    #[test]
    fn date_keeps_its_time_zone() {
        let m = message("From: ada@example.com\nDate: Mon, 30 Nov 2026 23:45:00 -0800\n\n");
        let date = m.date.expect("a date");
        assert_eq!(date.to_rfc3339(), "2026-11-30T23:45:00-08:00");
        assert_eq!(date.naive_utc().to_string(), "2026-12-01 07:45:00");
        let m = message("From: ada@example.com\nDate: Tue, 1 Dec 2026 00:10:00 +0530\n\n");
        assert_eq!(m.date.expect("a date").to_rfc3339(), "2026-12-01T00:10:00+05:30");
        assert_eq!(message("From: a@example.com\nDate: someday\n\n").date, None);
    }

    /// mail-parser reads impossible dates as invented ones (`0000` as 2000, `10000` as
    /// 1000); they are no date at all, so that `scan` skips the message as unreadable.
    #[test]
    fn impossible_dates_are_no_dates() {
        for written in [
            "0",
            "-1",
            "Mon, 30 Nov 0000 10:00:00 +0000",
            "Mon, 30 Nov 0 10:00:00 +0000",
            "Mon, 30 Nov 10000 10:00:00 +0000",
            "Mon, 30 Nov -1 10:00:00 +0000",
            "Mon, 30 Nov -5 10:00:00 +0000",
            "Mon, 30 Nov 2026 10:00:00 +9999",
            "Thu, 1 Jan 1970 00:00:00 +0000",
            "Mon, 32 Nov 2026 10:00:00 +0000",
        ] {
            let m = message(&format!("From: a@example.com\nDate: {written}\n\n"));
            assert_eq!(m.date, None, "{written}: {:?}", m.date.map(|d| d.to_rfc3339()));
        }
        for (written, read) in [
            ("Mon, 30 Nov 2026 10:00:00 +0000", "2026-11-30T10:00:00+00:00"),
            ("Mon, 30 Nov 26 10:00:00 -0130", "2026-11-30T10:00:00-01:30"),
            ("30 Nov 1999 10:00:00 GMT", "1999-11-30T10:00:00+00:00"),
            ("Mon, 30 Nov 2026 10:00:00 +0000 (UTC)", "2026-11-30T10:00:00+00:00"),
            ("Mon,30 Nov 2026 10:00:00 +0000", "2026-11-30T10:00:00+00:00"),
        ] {
            let m = message(&format!("From: a@example.com\nDate: {written}\n\n"));
            assert_eq!(m.date.map(|d| d.to_rfc3339()).as_deref(), Some(read), "{written}");
        }
    }

    #[test]
    fn text_without_headers_is_an_error() {
        assert!(matches!(parse(b"", "x"), Err(Error::NotMail { .. })));
    }

    #[test]
    fn mbox_messages_are_read_one_by_one_with_from_quoting_undone() {
        let mbox = "From ada@example.com Mon Nov 30 10:00:00 2026\n\
                    From: ada@example.com\nTo: me@example.com\nSubject: one\nMessage-ID: <1@x>\n\n\
                    Hello\n>From the start, I knew.\n\n\
                    From me@example.com Mon Nov 30 11:00:00 2026\n\
                    From: me@example.com\nTo: ada@example.com\nSubject: two\nMessage-ID: <2@x>\n\n\
                    Reply\n\n\
                    From bob@example.com Mon Nov 30 12:00:00 2026\n\
                    From: bob@example.com\nTo: me@example.com\nSubject: three\n\nlast\n";
        let messages: Vec<Message> =
            read_mbox(mbox.as_bytes(), "test.mbox").collect::<Result<_>>().expect("three messages");
        let subjects: Vec<_> = messages.iter().map(|m| m.subject.as_deref()).collect();
        assert_eq!(subjects, [Some("one"), Some("two"), Some("three")]);
        assert_eq!(messages[1].message_id.as_deref(), Some("2@x"));
        assert_eq!(messages[2].from, vec![mailbox("bob@example.com", None)]);
    }

    #[test]
    fn maildir_and_eml_folders_are_read_from_their_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let maildir = dir.path().join("Mail");
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(maildir.join(sub)).expect("mkdir");
        }
        std::fs::write(maildir.join("cur/1.host:2,S"), "From: ada@example.com\nSubject: a\n\nbody\n")
            .expect("write");
        std::fs::write(maildir.join("new/2.host"), "From: bob@example.com\nSubject: b\n\n").expect("write");
        std::fs::write(maildir.join("tmp/3.host"), "From: half@example.com\n\n").expect("write");
        std::fs::write(maildir.join("cur/.uidvalidity"), "1\n").expect("write");
        let subjects: Vec<_> =
            read_maildir(&maildir).expect("a maildir").map(|m| m.expect("a message").subject).collect();
        assert_eq!(subjects, [Some("a".into()), Some("b".into())]);
        assert!(read_maildir(dir.path()).is_err());

        std::fs::write(dir.path().join("x.eml"), "From: ada@example.com\nSubject: x\n\n").expect("write");
        std::fs::write(dir.path().join("y.EML"), "\n\nnot a message\n").expect("write");
        std::fs::write(dir.path().join("notes.txt"), "From: no@example.com\n\n").expect("write");
        let results: Vec<_> = read_eml_dir(dir.path()).expect("a folder").collect();
        assert_eq!(results.len(), 2);
        assert_eq!(results[0].as_ref().expect("x.eml").subject.as_deref(), Some("x"));
        assert!(results[1].is_err(), "a bad file is an item to skip, not the end");
        assert_eq!(read_eml(&dir.path().join("x.eml")).expect("x.eml").subject.as_deref(), Some("x"));
    }
}
