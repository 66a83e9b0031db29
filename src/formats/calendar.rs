//! Reads the meetings of an iCalendar file (RFC 5545) for `scan`: each VEVENT, and
//! each occurrence of a recurring one up to a given date, with its UID, date, SUMMARY
//! and the addresses of its organizer and of the attendees who did not decline.
//! Pure: text in, values out; no database, clock or terminal. The caller passes the
//! last date wanted and how to turn an instant into a local date.
//!
//! Parsing is the `icalendar` crate's (its `parser` feature); recurrences are the
//! `rrule` crate's (RRULE with EXDATE). An occurrence overridden by a VEVENT with the
//! same UID and a RECURRENCE-ID is replaced by that VEVENT. Times with a TZID are
//! computed in that zone (IANA names); a TZID that is not an IANA name (Outlook's
//! "W. Europe Standard Time") and floating times are taken as local wall-clock time.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use icalendar::parser::{Component, Property, read_components, unfold};
use rrule::{RRule, Tz, Unvalidated};

use crate::error::{Error, Result};
use crate::formats::contentline::unescape_text;

/// The most occurrences of one recurring event that are read.
const MAX_OCCURRENCES: u16 = u16::MAX;

/// One event, or one occurrence of a recurring event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub uid: String,
    /// The local date it starts on.
    pub on: NaiveDate,
    /// Unescaped and trimmed; `None` when absent or blank.
    pub summary: Option<String>,
    /// Lower-cased addresses of the organizer and of the attendees who did not
    /// decline (`PARTSTAT=DECLINED`), each once.
    pub people: Vec<String>,
    /// `STATUS:CANCELLED`.
    pub cancelled: bool,
}

/// A DTSTART, RECURRENCE-ID or EXDATE value.
#[derive(Debug, Clone, Copy)]
enum When {
    /// `VALUE=DATE`: an all-day date.
    Date(NaiveDate),
    /// Wall-clock time where the calendar's owner is (no zone, or a zone not known).
    Floating(NaiveDateTime),
    /// An instant (`Z`, or a known TZID), with the zone to repeat it in.
    Zoned(DateTime<Utc>, Tz),
}

impl When {
    fn parse(property: &Property<'_>) -> Vec<When> {
        let tz = param(property, "TZID").and_then(|name| zone(name.trim_matches('"')));
        property.val.as_str().split(',').filter_map(|value| When::parse_one(value.trim(), tz)).collect()
    }

    fn parse_one(value: &str, tz: Option<chrono_tz::Tz>) -> Option<When> {
        if value.len() == 8 {
            return NaiveDate::parse_from_str(value, "%Y%m%d").ok().map(When::Date);
        }
        if let Some(utc) = value.strip_suffix(['Z', 'z']) {
            let naive = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
            return Some(When::Zoned(Utc.from_utc_datetime(&naive), tz.map_or(Tz::UTC, Tz::Tz)));
        }
        let naive = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?;
        match tz {
            Some(tz) => {
                let instant = tz.from_local_datetime(&naive).earliest()?;
                Some(When::Zoned(instant.with_timezone(&Utc), Tz::Tz(tz)))
            }
            None => Some(When::Floating(naive)),
        }
    }

    /// The local date, given how an instant becomes one.
    fn local_date(self, to_local: &dyn Fn(DateTime<Utc>) -> NaiveDate) -> NaiveDate {
        match self {
            When::Date(date) => date,
            When::Floating(naive) => naive.date(),
            When::Zoned(instant, _) => to_local(instant),
        }
    }

    /// The start for `rrule`: in its own zone, or floating times as if in UTC (the
    /// rule then repeats wall-clock times, which is what floating means).
    fn rrule_start(self) -> Option<DateTime<Tz>> {
        match self {
            When::Date(date) => Tz::UTC.from_local_datetime(&date.and_hms_opt(0, 0, 0)?).single(),
            When::Floating(naive) => Tz::UTC.from_local_datetime(&naive).single(),
            When::Zoned(instant, tz) => Some(instant.with_timezone(&tz)),
        }
    }

    /// An occurrence `rrule` produced for an event that starts at `self`.
    fn occurrence(self, at: DateTime<Tz>) -> When {
        match self {
            When::Date(_) => When::Date(at.naive_local().date()),
            When::Floating(_) => When::Floating(at.naive_local()),
            When::Zoned(_, tz) => When::Zoned(at.with_timezone(&Utc), tz),
        }
    }

    /// Whether an EXDATE or RECURRENCE-ID value names the occurrence `self`.
    fn names(self, other: When) -> bool {
        match (self, other) {
            (When::Zoned(a, _), When::Zoned(b, _)) => a == b,
            (When::Zoned(a, tz), When::Floating(b)) => a.with_timezone(&tz).naive_local() == b,
            (When::Floating(a), When::Zoned(b, tz)) => b.with_timezone(&tz).naive_local() == a,
            (When::Floating(a), When::Floating(b)) => a == b,
            (a, b) => a.date() == b.date(),
        }
    }

    fn date(self) -> NaiveDate {
        match self {
            When::Date(date) => date,
            When::Floating(naive) => naive.date(),
            When::Zoned(instant, tz) => instant.with_timezone(&tz).naive_local().date(),
        }
    }
}

/// An IANA zone name, also after a prefix (old Mozilla calendars write
/// `/mozilla.org/20050126_1/America/New_York`).
fn zone(name: &str) -> Option<chrono_tz::Tz> {
    name.parse().ok().or_else(|| name.match_indices('/').find_map(|(i, _)| name[i + 1..].parse().ok()))
}

fn param<'a>(property: &'a Property<'_>, name: &str) -> Option<&'a str> {
    property
        .params
        .iter()
        .find(|p| p.key.as_str().eq_ignore_ascii_case(name))
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str())
}

fn props<'a, 'b>(event: &'a Component<'b>, name: &'a str) -> impl Iterator<Item = &'a Property<'b>> + 'a {
    event.properties.iter().filter(move |p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn first<'a, 'b>(event: &'a Component<'b>, name: &'a str) -> Option<&'a Property<'b>> {
    props(event, name).next()
}

/// The address of a `mailto:` CAL-ADDRESS, lower-cased.
fn address(value: &str) -> Option<String> {
    let value = value.trim().trim_matches('"');
    let address = match value.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => &value[7..],
        _ => value,
    };
    Some(address.trim().to_lowercase()).filter(|a| a.contains('@'))
}

/// What one VEVENT says, whatever its date.
struct Event {
    uid: String,
    start: When,
    summary: Option<String>,
    people: Vec<String>,
    cancelled: bool,
}

impl Event {
    fn read(event: &Component<'_>, place: &str, index: usize) -> Option<Event> {
        let start = first(event, "DTSTART").and_then(|p| When::parse(p).into_iter().next())?;
        let uid = first(event, "UID")
            .map(|p| unescape_text(p.val.as_str()).trim().to_string())
            .filter(|uid| !uid.is_empty())
            .unwrap_or_else(|| format!("{place}#{index}"));
        let mut people = Vec::new();
        let mut seen = HashSet::new();
        let organizer = first(event, "ORGANIZER").into_iter();
        let attendees = props(event, "ATTENDEE").filter(|p| {
            !param(p, "PARTSTAT").is_some_and(|s| s.trim_matches('"').eq_ignore_ascii_case("DECLINED"))
        });
        for person in organizer.chain(attendees) {
            if let Some(address) = address(person.val.as_str())
                && seen.insert(address.clone())
            {
                people.push(address);
            }
        }
        Some(Event {
            uid,
            start,
            summary: first(event, "SUMMARY")
                .map(|p| unescape_text(p.val.as_str()).trim().to_string())
                .filter(|s| !s.is_empty()),
            people,
            cancelled: first(event, "STATUS")
                .is_some_and(|p| p.val.as_str().trim().eq_ignore_ascii_case("CANCELLED")),
        })
    }

    fn at(&self, when: When, to_local: &dyn Fn(DateTime<Utc>) -> NaiveDate) -> Occurrence {
        Occurrence {
            uid: self.uid.clone(),
            on: when.local_date(to_local),
            summary: self.summary.clone(),
            people: self.people.clone(),
            cancelled: self.cancelled,
        }
    }
}

/// The events of the calendar `text`: each VEVENT without a recurrence, and each
/// occurrence of a recurring one that starts on or before `until` (EXDATEs left out,
/// overridden occurrences replaced by their override), in the order of the file, each
/// recurring event's occurrences in date order. `place` names the file in errors and
/// in the UID of an event without one. A VEVENT without a readable DTSTART is left out.
pub fn read(
    text: &str,
    place: &str,
    until: NaiveDate,
    to_local: &dyn Fn(DateTime<Utc>) -> NaiveDate,
) -> Result<Vec<Occurrence>> {
    let unfolded = unfold(&text.replace("\r\n", "\n"));
    // Every VCALENDAR of the file (some exports hold several); the parser takes one.
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for line in unfolded.lines() {
        piece.push_str(line);
        piece.push('\n');
        if line.trim().eq_ignore_ascii_case("END:VCALENDAR") {
            pieces.push(std::mem::take(&mut piece));
        }
    }
    if !piece.trim().is_empty() {
        pieces.push(piece);
    }
    let not_calendar = |_| Error::NotCalendar { place: place.to_string() };
    let roots =
        pieces.iter().map(|p| read_components(p).map_err(not_calendar)).collect::<Result<Vec<_>>>()?;
    let mut events = Vec::new();
    for root in &roots {
        collect_events(root, &mut events);
    }
    // Overrides (RECURRENCE-ID), by UID.
    let mut overrides: BTreeMap<String, Vec<(When, usize)>> = BTreeMap::new();
    let mut masters = Vec::new();
    for (index, component) in events.iter().enumerate() {
        let Some(event) = Event::read(component, place, index) else {
            continue;
        };
        if let Some(id) = first(component, "RECURRENCE-ID").and_then(|p| When::parse(p).into_iter().next()) {
            overrides.entry(event.uid.clone()).or_default().push((id, masters.len()));
        }
        masters.push((component, event));
    }
    let is_override: HashSet<usize> = overrides.values().flatten().map(|(_, i)| *i).collect();
    let recurring: HashSet<&str> = masters
        .iter()
        .enumerate()
        .filter(|(i, (c, _))| !is_override.contains(i) && first(c, "RRULE").is_some())
        .map(|(_, (_, e))| e.uid.as_str())
        .collect();
    let mut out = Vec::new();
    for (index, (component, event)) in masters.iter().enumerate() {
        if is_override.contains(&index) {
            // An override whose event has no recurrence stands alone.
            if !recurring.contains(event.uid.as_str()) {
                out.push(event.at(event.start, to_local));
            }
            continue;
        }
        let Some(rule) = first(component, "RRULE") else {
            out.push(event.at(event.start, to_local));
            continue;
        };
        let replaced = overrides.get(&event.uid).map(Vec::as_slice).unwrap_or_default();
        let excluded: Vec<When> = props(component, "EXDATE").flat_map(When::parse).collect();
        let mut dates: Vec<Occurrence> = Vec::new();
        let mut used = HashSet::new();
        for when in repeat(event.start, rule.val.as_str(), until) {
            if excluded.iter().any(|x| when.names(*x)) {
                continue;
            }
            match replaced.iter().find(|(id, _)| when.names(*id)) {
                Some((_, i)) => {
                    used.insert(*i);
                    let (_, overriding) = &masters[*i];
                    dates.push(overriding.at(overriding.start, to_local));
                }
                None => dates.push(event.at(when, to_local)),
            }
        }
        // An occurrence due after `until` but moved before it.
        for (id, i) in replaced {
            if !used.contains(i) && !excluded.iter().any(|x| id.names(*x)) {
                let (_, overriding) = &masters[*i];
                dates.push(overriding.at(overriding.start, to_local));
            }
        }
        dates.sort_by_key(|o| o.on);
        out.extend(dates.into_iter().filter(|o| o.on <= until));
    }
    Ok(out)
}

fn collect_events<'a, 'b>(components: &'a [Component<'b>], out: &mut Vec<&'a Component<'b>>) {
    for component in components {
        if component.name.as_str().eq_ignore_ascii_case("VEVENT") {
            out.push(component);
        } else {
            collect_events(&component.components, out);
        }
    }
}

/// The starts of a recurring event up to the day after `until` (a local date may be a
/// day off an instant's), at most [`MAX_OCCURRENCES`]; an unreadable rule gives the
/// first occurrence only.
fn repeat(start: When, rule: &str, until: NaiveDate) -> Vec<When> {
    let occurrences = || -> Option<Vec<When>> {
        let dt_start = start.rrule_start()?;
        // RFC 5545 rules are ASCII; `rrule` 0.14 slices a BYDAY value by bytes and
        // panics inside a wider character (found by the `calendar` fuzz target).
        if !rule.is_ascii() {
            return None;
        }
        let rule: RRule<Unvalidated> = utc_until(rule).parse().ok()?;
        let set = rule.build(dt_start).ok()?;
        let end = until.succ_opt()?.succ_opt()?.and_hms_opt(0, 0, 0)?;
        let before = Tz::UTC.from_utc_datetime(&end).with_timezone(&dt_start.timezone());
        let found = set.before(before).all(MAX_OCCURRENCES);
        Some(found.dates.into_iter().map(|at| start.occurrence(at)).collect())
    };
    occurrences().unwrap_or_else(|| vec![start])
}

/// The rule with its UNTIL in UTC, as `rrule` wants it: a date (RFC 5545 allows one
/// for all-day events) ends at the end of that day, a time without a zone is taken as
/// UTC (as floating starts are).
fn utc_until(rule: &str) -> String {
    let parts: Vec<String> = rule
        .split(';')
        .map(|part| match part.split_once('=') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("UNTIL") => {
                let value = value.trim();
                if value.len() == 8 {
                    format!("UNTIL={value}T235959Z")
                } else if value.ends_with(['Z', 'z']) {
                    format!("UNTIL={value}")
                } else {
                    format!("UNTIL={value}Z")
                }
            }
            _ => part.to_string(),
        })
        .collect();
    parts.join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// Local time is UTC in these tests.
    fn utc_date(instant: DateTime<Utc>) -> NaiveDate {
        instant.date_naive()
    }

    fn calendar(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n")
            .replace('\n', "\r\n")
            .replace("\r\r\n", "\r\n")
    }

    fn read_until(text: &str, until: &str) -> Vec<Occurrence> {
        read(text, "test.ics", date(until), &utc_date).unwrap()
    }

    fn dates(occurrences: &[Occurrence]) -> Vec<String> {
        occurrences.iter().map(|o| o.on.to_string()).collect()
    }

    #[test]
    fn a_single_event_has_its_people_and_summary() {
        let text = calendar(
            "BEGIN:VEVENT\nUID:one@example.com\nDTSTAMP:20261101T000000Z\n\
             DTSTART:20261102T150000Z\nDTEND:20261102T160000Z\nSUMMARY:Coffee\\, at last\n\
             ORGANIZER;CN=Me:mailto:Me@Example.com\n\
             ATTENDEE;CN=Ada;PARTSTAT=ACCEPTED:MAILTO:ada@example.com\n\
             ATTENDEE;CN=Bob;PARTSTAT=DECLINED:mailto:bob@example.com\nEND:VEVENT\n",
        );
        let found = read_until(&text, "2026-11-30");
        assert_eq!(
            found,
            [Occurrence {
                uid: "one@example.com".into(),
                on: date("2026-11-02"),
                summary: Some("Coffee, at last".into()),
                people: vec!["me@example.com".into(), "ada@example.com".into()],
                cancelled: false,
            }]
        );
    }

    #[test]
    fn a_time_in_a_zone_is_dated_locally() {
        // 23:30 in New York is 04:30 the next day in UTC, the local zone here.
        let text = calendar(
            "BEGIN:VEVENT\nUID:late\nDTSTART;TZID=America/New_York:20261102T233000\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:floating\nDTSTART:20261102T233000\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:all-day\nDTSTART;VALUE=DATE:20261105\nEND:VEVENT\n",
        );
        assert_eq!(dates(&read_until(&text, "2026-11-30")), ["2026-11-03", "2026-11-02", "2026-11-05"]);
    }

    #[test]
    fn weekly_events_repeat_until_the_date_without_exdates_and_with_overrides() {
        let text = calendar(
            "BEGIN:VEVENT\nUID:weekly\nDTSTART;TZID=Europe/Berlin:20261102T100000\n\
             RRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE;TZID=Europe/Berlin:20261109T100000\n\
             SUMMARY:Standup\nORGANIZER:mailto:me@example.com\nATTENDEE:mailto:ada@example.com\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:weekly\nRECURRENCE-ID;TZID=Europe/Berlin:20261116T100000\n\
             DTSTART;TZID=Europe/Berlin:20261117T100000\nSUMMARY:Standup (moved)\n\
             ORGANIZER:mailto:me@example.com\nATTENDEE:mailto:ada@example.com\nEND:VEVENT\n",
        );
        let found = read_until(&text, "2026-11-30");
        assert_eq!(dates(&found), ["2026-11-02", "2026-11-17", "2026-11-23", "2026-11-30"]);
        assert_eq!(found[1].summary.as_deref(), Some("Standup (moved)"));
        assert_eq!(found[2].summary.as_deref(), Some("Standup"));
        assert!(found.iter().all(|o| o.uid == "weekly"));
    }

    #[test]
    fn an_occurrence_moved_from_the_future_into_the_past_counts() {
        let text = calendar(
            "BEGIN:VEVENT\nUID:w\nDTSTART:20261102T100000Z\nRRULE:FREQ=WEEKLY;COUNT=6\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:w\nRECURRENCE-ID:20261207T100000Z\nDTSTART:20261120T100000Z\nEND:VEVENT\n",
        );
        assert_eq!(
            dates(&read_until(&text, "2026-11-22")),
            ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-20"]
        );
    }

    #[test]
    fn rules_with_until_and_count_end_where_they_say() {
        let text = calendar(
            "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Paris:20261102T100000\n\
             RRULE:FREQ=WEEKLY;UNTIL=20261110T000000Z\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:b\nDTSTART;VALUE=DATE:20261102\nRRULE:FREQ=DAILY;UNTIL=20261103\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:c\nDTSTART:20261102T100000\nRRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=2\nEND:VEVENT\n",
        );
        assert_eq!(
            dates(&read_until(&text, "2026-12-31")),
            ["2026-11-02", "2026-11-09", "2026-11-02", "2026-11-03", "2026-11-02", "2026-11-16"]
        );
    }

    #[test]
    fn all_day_and_floating_recurrences_keep_their_dates() {
        let text = calendar(
            "BEGIN:VEVENT\nUID:daily\nDTSTART;VALUE=DATE:20261128\nRRULE:FREQ=DAILY;COUNT=10\n\
             EXDATE;VALUE=DATE:20261129\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:monthly\nDTSTART:20260930T233000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=-1\nEND:VEVENT\n",
        );
        assert_eq!(
            dates(&read_until(&text, "2026-11-30")),
            ["2026-11-28", "2026-11-30", "2026-09-30", "2026-10-31", "2026-11-30"]
        );
    }

    #[test]
    fn zones_are_read_with_a_prefix_and_unknown_ones_are_local_time() {
        assert_eq!(zone("/mozilla.org/20050126_1/America/New_York"), Some(chrono_tz::America::New_York));
        assert_eq!(zone("Europe/Berlin"), Some(chrono_tz::Europe::Berlin));
        assert_eq!(zone("W. Europe Standard Time"), None);
        let text = calendar(
            "BEGIN:VEVENT\nUID:x\nDTSTART;TZID=W. Europe Standard Time:20261102T233000\nEND:VEVENT\n",
        );
        assert_eq!(dates(&read_until(&text, "2026-11-30")), ["2026-11-02"]);
    }

    #[test]
    fn every_calendar_of_a_file_is_read() {
        let one = calendar("BEGIN:VEVENT\nUID:a\nDTSTART:20261102T100000Z\nEND:VEVENT\n");
        let two = calendar("BEGIN:VEVENT\nUID:b\nDTSTART:20261103T100000Z\nEND:VEVENT\n");
        assert_eq!(dates(&read_until(&format!("{one}{two}"), "2026-11-30")), ["2026-11-02", "2026-11-03"]);
    }

    #[test]
    fn cancelled_events_are_marked_and_text_that_is_not_a_calendar_is_an_error() {
        let text = calendar("BEGIN:VEVENT\nUID:x\nDTSTART:20261102T100000Z\nSTATUS:CANCELLED\nEND:VEVENT\n");
        assert!(read_until(&text, "2026-11-30")[0].cancelled);
        assert!(read("BEGIN:VCALENDAR\nBEGIN:", "bad.ics", date("2026-11-30"), &utc_date).is_err());
    }

    /// Found by the `calendar` fuzz target: a BYDAY with a character wider than a byte
    /// made the `rrule` crate panic. The rule is unreadable: the first occurrence only.
    #[test]
    fn a_rule_that_is_not_ascii_gives_the_first_occurrence_and_no_panic() {
        let crash = String::from_utf8_lossy(include_bytes!(
            "../../tests/fixtures/fuzz/calendar-rrule-non-ascii-byday.ics"
        ))
        .into_owned();
        assert!(read(&crash, "crash.ics", date("2026-12-01"), &utc_date).is_ok());
        let text = calendar(
            "BEGIN:VEVENT\nUID:w\nDTSTART:20261005T100000Z\nRRULE:FREQ=WEEKLY;COUNT=3;BYDAY=c\u{2013}m\n\
             SUMMARY:Sync\nEND:VEVENT\n",
        );
        assert_eq!(dates(&read_until(&text, "2026-12-01")), ["2026-10-05"]);
    }
}
