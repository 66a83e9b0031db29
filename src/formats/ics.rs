//! Writes follow-ups as an iCalendar document (RFC 5545): one all-day VEVENT each.
//! Pure: values in, text out; no database, clock or terminal (today is passed in).
//!
//! Written by hand rather than with the icalendar crate (0.17.6, tried, and dropped
//! from the dependencies): its folding can leave a continuation line of 76 octets (a
//! content line of exactly 149 octets folds as 75 + 1 + 75), it passes a carriage
//! return inside text through unescaped, which readers take for a line end, and it
//! writes DTSTAMP from the clock unless told otherwise. The subset netcrm writes is a
//! dozen fixed lines; escaping and folding are shared with vCard in [`super::contentline`].

use chrono::NaiveDate;

use super::contentline::{escape_text, push_line};

use crate::model::FollowUp;

/// The follow-ups as an iCalendar document: one all-day VEVENT each, in the order given,
/// with the PRIORITY `priority` gives each (1 highest to 9 lowest; see [`priority`]).
///
/// Same input, same bytes: DTSTAMP is `today` at 00:00:00Z and every UID is built from
/// the follow-up's key, so importing a later export updates the events instead of
/// duplicating them.
pub fn write(follow_ups: &[FollowUp], today: NaiveDate, priority: impl Fn(&FollowUp) -> u8) -> String {
    let mut out = String::new();
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, concat!("PRODID:-//netcrm//netcrm ", env!("CARGO_PKG_VERSION"), "//EN"));
    push_line(&mut out, "CALSCALE:GREGORIAN");
    let stamp = format!("{}T000000Z", basic_date(today));
    for follow_up in follow_ups {
        push_event(&mut out, follow_up, &stamp, priority(follow_up));
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// The PRIORITY (RFC 5545 3.8.1.9: 1 highest to 9 lowest, 0 undefined) of an item
/// whose kind weighs `weight` in its urgency (1 to 5): 11 - 2 x weight, so that a
/// lead is 1, an outcome or a chase 3 (the RFC's "high", 1-4), a thanks or a reminder
/// 5 ("medium"), a birthday 7 and a check-in 9 ("low", 6-9). The weight rather than
/// the urgency: an export lists the next 30 days, whose items have no urgency until
/// they are due, and an urgency grows each day an item is late, while the file is
/// read long after it was written; the calendar shows the lateness by itself.
pub fn priority(weight: u32) -> u8 {
    let weight = u8::try_from(weight.clamp(1, 5)).unwrap_or(1);
    11 - 2 * weight
}

fn push_event(out: &mut String, follow_up: &FollowUp, stamp: &str, priority: u8) {
    let summary = summary(follow_up);
    let description = format!("{}\nMark it done: netcrm done {}", follow_up.reason, follow_up.key);

    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}", escape_text(&task_uid(&follow_up.key))));
    push_line(out, &format!("DTSTAMP:{stamp}"));
    push_line(out, &format!("DTSTART;VALUE=DATE:{}", basic_date(follow_up.due_on)));
    // An all-day event ends (exclusively) the next day. Only the last date chrono can
    // represent has no next day; RFC 5545 3.6.1 gives a date DTSTART without DTEND a
    // duration of one day, so leaving it out says the same thing.
    if let Some(next_day) = follow_up.due_on.succ_opt() {
        push_line(out, &format!("DTEND;VALUE=DATE:{}", basic_date(next_day)));
    }
    push_line(out, &format!("SUMMARY:{}", escape_text(&summary)));
    push_line(out, &format!("DESCRIPTION:{}", escape_text(&description)));
    push_line(out, &format!("PRIORITY:{priority}"));
    push_line(out, "END:VEVENT");
}

/// One follow-up as a task (VTODO) in its own calendar file, as a vdir holds it for
/// vdirsyncer (`sync --tasks`). DUE is the day the follow-up next needs attention (its
/// due date, or the end of its snooze), repeated as `X-NETCRM-DUE`, which clients keep
/// as they keep every property they do not know: a DUE that differs from it was moved
/// on the phone, one that equals it is netcrm's, even when stale; DTSTAMP is `stamp`, the moment the file was
/// first written (`YYYYMMDDTHHMMSSZ`), kept by the caller on rewrites: same follow-up,
/// same bytes, so a task is rewritten only when the follow-up changes, and its DTSTAMP
/// is never in the future (RFC 5545 3.8.7.2; todoman and the CalDAV servers read it).
pub fn write_task(follow_up: &FollowUp, stamp: &str) -> String {
    let mut out = String::new();
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, concat!("PRODID:-//netcrm//netcrm ", env!("CARGO_PKG_VERSION"), "//EN"));
    push_line(&mut out, "BEGIN:VTODO");
    push_line(&mut out, &format!("UID:{}", escape_text(&task_uid(&follow_up.key))));
    push_line(&mut out, &format!("DTSTAMP:{stamp}"));
    let due = basic_date(follow_up.shows_on());
    push_line(&mut out, &format!("DUE;VALUE=DATE:{due}"));
    push_line(&mut out, &format!("X-NETCRM-DUE;VALUE=DATE:{due}"));
    push_line(&mut out, &format!("SUMMARY:{}", escape_text(&summary(follow_up))));
    let description = format!("{}\nMark it done: netcrm done {}", follow_up.reason, follow_up.key);
    push_line(&mut out, &format!("DESCRIPTION:{}", escape_text(&description)));
    push_line(&mut out, "STATUS:NEEDS-ACTION");
    push_line(&mut out, "END:VTODO");
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// A DTSTAMP value for `moment`: `YYYYMMDDTHHMMSSZ`.
pub fn stamp(moment: chrono::DateTime<chrono::Utc>) -> String {
    moment.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The UID of a follow-up's task and event: `<key>@netcrm`.
pub fn task_uid(key: &str) -> String {
    format!("{key}@netcrm")
}

/// What a task's STATUS says was done with it on the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStatus {
    /// Still to do (NEEDS-ACTION, IN-PROCESS, or no STATUS).
    Open,
    /// Marked done: `STATUS:COMPLETED`, or a `COMPLETED` date.
    Completed,
    /// `STATUS:CANCELLED`: dropped, nothing done.
    Cancelled,
}

/// What `sync --tasks` reads back from a task file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub uid: String,
    pub status: TaskStatus,
    /// DUE's date (a date-time's date as written), when it has a readable one.
    pub due: Option<NaiveDate>,
    /// The DUE netcrm wrote (`X-NETCRM-DUE`), when the file still says it.
    pub written_due: Option<NaiveDate>,
    /// DTSTAMP as written, to be kept when the file is rewritten.
    pub stamp: Option<String>,
}

/// The task in a task file; `None` when the text holds no VTODO with a UID. A
/// COMPLETED status or date wins over CANCELLED (the phone says it was done).
pub fn read_task(text: &str) -> Option<Task> {
    // Unfold (RFC 5545 3.1): a line break followed by a space or tab continues a line.
    let unfolded = text.replace("\r\n", "\n").replace("\n ", "").replace("\n\t", "");
    let mut in_todo = false;
    let (mut uid, mut completed, mut cancelled, mut stamp) = (None, false, false, None);
    let (mut due, mut written_due) = (None, None);
    let date_of = |value: &str| value.get(..8).and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok());
    for line in unfolded.lines() {
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        let name = name.split(';').next().unwrap_or_default().to_ascii_uppercase();
        let value = value.trim();
        match name.as_str() {
            "BEGIN" if value.eq_ignore_ascii_case("VTODO") => in_todo = true,
            "END" if value.eq_ignore_ascii_case("VTODO") => in_todo = false,
            "UID" if in_todo => uid = Some(value.replace("\\,", ",").replace("\\;", ";")),
            "STATUS" if in_todo => {
                completed |= value.eq_ignore_ascii_case("COMPLETED");
                cancelled |= value.eq_ignore_ascii_case("CANCELLED");
            }
            "COMPLETED" if in_todo => completed = true,
            "DUE" if in_todo => due = date_of(value),
            "X-NETCRM-DUE" if in_todo => written_due = date_of(value),
            "DTSTAMP" if in_todo => stamp = Some(value.to_string()),
            _ => {}
        }
    }
    let status = match (completed, cancelled) {
        (true, _) => TaskStatus::Completed,
        (false, true) => TaskStatus::Cancelled,
        (false, false) => TaskStatus::Open,
    };
    Some(Task { uid: uid?, status, due, written_due, stamp })
}

impl Task {
    /// The day the phone moved the task to: its DUE, when it is not the one netcrm
    /// wrote. A file from before netcrm wrote `X-NETCRM-DUE` moved nothing.
    pub fn moved_to(&self) -> Option<NaiveDate> {
        match (self.due, self.written_due) {
            (Some(due), Some(written)) if due != written => Some(due),
            _ => None,
        }
    }
}

fn summary(follow_up: &FollowUp) -> String {
    let kind = follow_up.kind.as_str();
    match follow_up.contact.as_deref().map(str::trim) {
        Some(contact) if !contact.is_empty() => format!("{kind}: {contact}"),
        _ => kind.to_string(),
    }
}

/// A DATE value (RFC 5545 3.3.4): `YYYYMMDD`.
fn basic_date(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FollowUpKind;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn follow_up(
        key: &str,
        kind: FollowUpKind,
        contact: Option<&str>,
        due_on: &str,
        reason: &str,
    ) -> FollowUp {
        FollowUp {
            key: key.to_string(),
            kind,
            contact_id: contact.map(|_| 1),
            contact: contact.map(str::to_string),
            due_on: date(due_on),
            reason: reason.to_string(),
            snoozed_until: None,
            back_from_snooze: false,
            channel: None,
            scale_days: 2,
        }
    }

    /// RFC 5545 3.1 unfolding: a CRLF followed by one space or tab is removed.
    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "").replace("\r\n\t", "")
    }

    /// The value of the first `NAME:` property of each event, unfolded and unescaped.
    fn values(ics: &str, name: &str) -> Vec<String> {
        let prefix = format!("{name}:");
        unfold(ics)
            .split("\r\n")
            .filter_map(|line| line.strip_prefix(&prefix))
            .map(|value| {
                let mut text = String::new();
                let mut chars = value.chars();
                while let Some(c) = chars.next() {
                    if c == '\\' {
                        match chars.next() {
                            Some('n' | 'N') => text.push('\n'),
                            Some(other) => text.push(other),
                            None => panic!("dangling backslash in {value:?}"),
                        }
                    } else {
                        text.push(c);
                    }
                }
                text
            })
            .collect()
    }

    fn physical_lines(ics: &str) -> Vec<&str> {
        let body = ics.strip_suffix("\r\n").expect("the document ends with CRLF");
        body.split("\r\n").collect()
    }

    #[test]
    fn two_follow_ups_are_written_exactly() {
        let follow_ups = [
            follow_up(
                "thank-you-1",
                FollowUpKind::ThankYou,
                Some("Ada Lovelace"),
                "2026-11-18",
                "Met at RustConf on 2026-11-16.",
            ),
            follow_up(
                "reminder-7",
                FollowUpKind::Reminder,
                Some("Zoë Müller; Acme, Inc."),
                "2026-11-25",
                "Send Zoë the café slides, the notes; C:\\talks",
            ),
        ];
        let expected = concat!(
            "BEGIN:VCALENDAR\r\n",
            "VERSION:2.0\r\n",
            "PRODID:-//netcrm//netcrm ",
            env!("CARGO_PKG_VERSION"),
            "//EN\r\n",
            "CALSCALE:GREGORIAN\r\n",
            "BEGIN:VEVENT\r\n",
            "UID:thank-you-1@netcrm\r\n",
            "DTSTAMP:20261120T000000Z\r\n",
            "DTSTART;VALUE=DATE:20261118\r\n",
            "DTEND;VALUE=DATE:20261119\r\n",
            "SUMMARY:thank-you: Ada Lovelace\r\n",
            "DESCRIPTION:Met at RustConf on 2026-11-16.\\nMark it done: netcrm done thank\r\n",
            " -you-1\r\n",
            "PRIORITY:5\r\n",
            "END:VEVENT\r\n",
            "BEGIN:VEVENT\r\n",
            "UID:reminder-7@netcrm\r\n",
            "DTSTAMP:20261120T000000Z\r\n",
            "DTSTART;VALUE=DATE:20261125\r\n",
            "DTEND;VALUE=DATE:20261126\r\n",
            "SUMMARY:reminder: Zoë Müller\\; Acme\\, Inc.\r\n",
            "DESCRIPTION:Send Zoë the café slides\\, the notes\\; C:\\\\talks\\nMark it don\r\n",
            " e: netcrm done reminder-7\r\n",
            "PRIORITY:5\r\n",
            "END:VEVENT\r\n",
            "END:VCALENDAR\r\n",
        );
        assert_eq!(write(&follow_ups, date("2026-11-20")), expected);
    }

    /// The document with every event at priority 5 (medium).
    fn write(follow_ups: &[FollowUp], today: NaiveDate) -> String {
        super::write(follow_ups, today, |_| 5)
    }

    #[test]
    fn each_event_has_the_priority_it_is_given() {
        let follow_ups = [
            follow_up("lead-3", FollowUpKind::Lead, None, "2026-11-20", "Apply."),
            follow_up("check-in-9", FollowUpKind::CheckIn, Some("Linus"), "2026-11-21", "Check in."),
        ];
        let ics =
            super::write(
                &follow_ups,
                date("2026-11-20"),
                |f| if f.kind == FollowUpKind::Lead { 1 } else { 9 },
            );
        assert_eq!(values(&ics, "PRIORITY"), ["1", "9"]);
    }

    #[test]
    fn priorities_run_from_1_for_the_heaviest_kind_to_9_for_the_lightest() {
        // Weights 5 (lead) to 1 (check-in): RFC 5545's high (1-4), medium (5), low (6-9).
        let table = [(5, 1), (4, 3), (3, 5), (2, 7), (1, 9), (0, 9), (6, 1)];
        for (weight, expected) in table {
            assert_eq!(priority(weight), expected, "weight {weight}");
        }
    }

    #[test]
    fn an_empty_list_gives_an_empty_calendar() {
        let expected = concat!(
            "BEGIN:VCALENDAR\r\n",
            "VERSION:2.0\r\n",
            "PRODID:-//netcrm//netcrm ",
            env!("CARGO_PKG_VERSION"),
            "//EN\r\n",
            "CALSCALE:GREGORIAN\r\n",
            "END:VCALENDAR\r\n",
        );
        assert_eq!(write(&[], date("2026-11-20")), expected);
    }

    #[test]
    fn no_line_is_longer_than_75_octets_and_no_character_is_split() {
        // Two-, three- and four-octet characters, shifted by 0 to 4 octets so that each
        // kind straddles the 75th octet somewhere.
        for shift in 0..5 {
            let reason = format!("{}{}", "x".repeat(shift), "é老🎉, ".repeat(40));
            let ics = write(
                &[follow_up("check-in-3", FollowUpKind::CheckIn, Some("Ögün Çelik"), "2026-11-20", &reason)],
                date("2026-11-20"),
            );
            assert!(!ics.replace("\r\n", "").contains(['\r', '\n']), "only CRLF line ends");
            let lines = physical_lines(&ics);
            for line in &lines {
                assert!(
                    line.len() <= crate::formats::contentline::FOLD_AT,
                    "{} octets: {line:?}",
                    line.len()
                );
            }
            // Lines are &str, so each holds whole characters; check that folds really
            // happened early where a character would have crossed the limit.
            assert!(
                lines
                    .iter()
                    .any(|line| line.len() < crate::formats::contentline::FOLD_AT && line.starts_with(' '))
            );
            assert!(lines.iter().filter(|line| line.starts_with(' ')).count() >= 6);
        }
    }

    #[test]
    fn unfolding_and_unescaping_restores_the_text() {
        let reason = format!(
            "Ask about the Zürich role; bring the CV, the portfolio\\drafts.\nThen: {}",
            "ça va, 東京, 🎉; ".repeat(20)
        );
        let contact = "José María O'Neill-Łukasiewicz, PhD; Ünïcödé Corp";
        let ics = write(
            &[follow_up("lead-12", FollowUpKind::Lead, Some(contact), "2026-11-20", &reason)],
            date("2026-11-20"),
        );
        assert_eq!(values(&ics, "SUMMARY"), [format!("lead: {contact}")]);
        assert_eq!(values(&ics, "DESCRIPTION"), [format!("{reason}\nMark it done: netcrm done lead-12")]);
    }

    #[test]
    fn escape_pairs_are_not_split_across_lines() {
        // 61 octets of "DESCRIPTION:" and text put an escape pair on octets 74 and 75,
        // then on 75 and 76.
        for padding in [61, 62] {
            let reason = format!("{}{}", "x".repeat(padding - "DESCRIPTION:".len()), ",".repeat(10));
            let ics = write(
                &[follow_up("reminder-1", FollowUpKind::Reminder, None, "2026-11-20", &reason)],
                date("2026-11-20"),
            );
            for line in physical_lines(&ics) {
                let trailing = line.len() - line.trim_end_matches('\\').len();
                assert!(trailing % 2 == 0, "a line ends inside an escape pair: {line:?}");
            }
        }
    }

    #[test]
    fn line_breaks_and_control_characters_in_text_are_escaped_or_dropped() {
        assert_eq!(escape_text("a\r\nb\rc\nd"), "a\\nb\\nc\\nd");
        assert_eq!(escape_text("back\\slash; comma, colon: tab\t"), "back\\\\slash\\; comma\\, colon: tab\t");
        assert_eq!(escape_text("bell\u{7}nul\u{0}del\u{7f}"), "bellnuldel");
    }

    #[test]
    fn uids_are_built_from_keys_and_stable_across_exports() {
        let monday = [follow_up("check-in-4", FollowUpKind::CheckIn, Some("Ada"), "2026-11-20", "Overdue.")];
        let a_week_later = [follow_up(
            "check-in-4",
            FollowUpKind::CheckIn,
            Some("Ada Lovelace"),
            "2026-11-27",
            "Due today.",
        )];
        assert_eq!(values(&write(&monday, date("2026-11-23")), "UID"), ["check-in-4@netcrm"]);
        assert_eq!(values(&write(&a_week_later, date("2026-11-30")), "UID"), ["check-in-4@netcrm"]);

        let several = [
            follow_up("outcome-2-5", FollowUpKind::Outcome, Some("Grace"), "2026-11-20", "Tell them."),
            follow_up("birthday-5-2026", FollowUpKind::Birthday, Some("Grace"), "2026-11-21", "Birthday."),
        ];
        assert_eq!(
            values(&write(&several, date("2026-11-20")), "UID"),
            ["outcome-2-5@netcrm", "birthday-5-2026@netcrm"]
        );
    }

    #[test]
    fn the_same_input_gives_the_same_bytes_stamped_with_today() {
        let follow_ups = [follow_up("lead-1", FollowUpKind::Lead, None, "2026-11-20", "Apply.")];
        let first = write(&follow_ups, date("2027-01-02"));
        assert_eq!(first, write(&follow_ups, date("2027-01-02")));
        assert_eq!(values(&first, "DTSTAMP"), ["20270102T000000Z"]);
    }

    #[test]
    fn dtend_is_the_next_day_across_month_and_year_ends() {
        let cases = [
            ("2026-11-20", "20261120", "20261121"),
            ("2026-11-30", "20261130", "20261201"),
            ("2026-12-31", "20261231", "20270101"),
            ("2027-02-28", "20270228", "20270301"),
            ("2028-02-28", "20280228", "20280229"),
            ("2028-02-29", "20280229", "20280301"),
        ];
        for (due_on, start, end) in cases {
            let ics = write(
                &[follow_up("reminder-1", FollowUpKind::Reminder, Some("Ada"), due_on, "Call.")],
                date("2026-11-20"),
            );
            assert_eq!(values(&ics, "DTSTART;VALUE=DATE"), [start], "{due_on}");
            assert_eq!(values(&ics, "DTEND;VALUE=DATE"), [end], "{due_on}");
        }
    }

    #[test]
    fn the_last_representable_date_has_no_dtend_rather_than_a_panic() {
        let mut item = follow_up("reminder-1", FollowUpKind::Reminder, None, "2026-11-20", "Far away.");
        item.due_on = NaiveDate::MAX;
        let ics = write(&[item], date("2026-11-20"));
        assert_eq!(values(&ics, "DTSTART;VALUE=DATE").len(), 1);
        assert!(values(&ics, "DTEND;VALUE=DATE").is_empty());
    }

    #[test]
    fn a_follow_up_without_a_contact_is_summarised_by_its_kind() {
        let follow_ups = [
            follow_up("lead-3", FollowUpKind::Lead, None, "2026-11-20", "Apply."),
            follow_up(
                "intro-thanks-9",
                FollowUpKind::IntroThanks,
                Some("Linus"),
                "2026-11-20",
                "Thank them.",
            ),
            follow_up("favor-thanks-2", FollowUpKind::FavorThanks, Some("  "), "2026-11-20", "Thank them."),
        ];
        assert_eq!(
            values(&write(&follow_ups, date("2026-11-20")), "SUMMARY"),
            ["lead", "intro-thanks: Linus", "favor-thanks"]
        );
    }

    #[test]
    fn a_task_reads_back_its_uid_status_due_date_and_stamp() {
        let task = |uid: &str, status, due: Option<&str>, stamp: Option<&str>| Task {
            uid: uid.into(),
            status,
            due: due.map(date),
            written_due: None,
            stamp: stamp.map(String::from),
        };
        assert_eq!(
            read_task(
                "BEGIN:VTODO\r\nUID:thank-you-1@netcrm\r\nDTSTAMP:20261120T091500Z\r\n\
                 DUE;VALUE=DATE:20261124\r\nSTATUS:NEEDS-ACTION\r\nEND:VTODO\r\n"
            ),
            Some(task("thank-you-1@netcrm", TaskStatus::Open, Some("2026-11-24"), Some("20261120T091500Z")))
        );
        // Folded, in lower case, completed by status or by a completion date.
        assert_eq!(
            read_task("begin:vtodo\nUID:check-in-\n 12@netcrm\nstatus:completed\nend:vtodo\n"),
            Some(task("check-in-12@netcrm", TaskStatus::Completed, None, None))
        );
        assert_eq!(
            read_task("BEGIN:VTODO\nUID:x@netcrm\nCOMPLETED:20261121T100000Z\nEND:VTODO\n"),
            Some(task("x@netcrm", TaskStatus::Completed, None, None))
        );
        // Cancelled (todoman's `todo cancel`); a due date-time as the phone writes it.
        assert_eq!(
            read_task(
                "BEGIN:VTODO\nUID:x@netcrm\nDUE;TZID=Europe/Paris:20261201T090000\nSTATUS:CANCELLED\nEND:VTODO\n"
            ),
            Some(task("x@netcrm", TaskStatus::Cancelled, Some("2026-12-01"), None))
        );
        assert_eq!(
            read_task("BEGIN:VTODO\nUID:x@netcrm\nDUE:garbage\nEND:VTODO\n").and_then(|t| t.due),
            None
        );
        assert_eq!(read_task("BEGIN:VEVENT\nUID:x\nEND:VEVENT\n"), None);
        assert_eq!(read_task("not a calendar"), None);
    }

    #[test]
    fn a_task_is_due_when_it_next_needs_attention_and_keeps_its_stamp() {
        let mut item = follow_up("check-in-3", FollowUpKind::CheckIn, Some("Ada"), "2026-11-24", "Check in.");
        let text = write_task(&item, "20261101T101500Z");
        assert_eq!(values(&text, "DTSTAMP"), ["20261101T101500Z"]);
        assert_eq!(values(&text, "DUE;VALUE=DATE"), ["20261124"]);
        item.snoozed_until = Some(date("2026-12-01"));
        assert_eq!(values(&write_task(&item, "20261101T101500Z"), "DUE;VALUE=DATE"), ["20261201"]);
        // Read back: moved nowhere; moved on the phone when DUE is not netcrm's.
        let text = write_task(&item, "20261101T101500Z");
        let read = read_task(&text).unwrap();
        assert_eq!(
            (read.due, read.written_due, read.moved_to()),
            (Some(date("2026-12-01")), Some(date("2026-12-01")), None)
        );
        let moved =
            read_task(&text.replace("\r\nDUE;VALUE=DATE:20261201", "\r\nDUE;VALUE=DATE:20261205")).unwrap();
        assert_eq!(moved.moved_to(), Some(date("2026-12-05")));
        let moment = chrono::DateTime::parse_from_rfc3339("2026-11-02T03:04:05Z").unwrap().to_utc();
        assert_eq!(stamp(moment), "20261102T030405Z");
    }
}
