//! Reads the meetings of an iCalendar file (RFC 5545) for `scan`: each VEVENT with its
//! UID, SUMMARY and the addresses of its organizer and of the attendees who did not
//! decline, on its date, and the dates of a recurring one up to a given day, one at a
//! time. Pure: text in, values out; no database, clock or terminal. The caller passes
//! the last date wanted and how to turn an instant into a local date.
//!
//! Whatever a file holds, the work is bounded (issue 23): the text is read one content
//! line at a time ([`contentline::lines`]), in time linear in its length; a component
//! nested more than [`MAX_DEPTH`] deep makes the file unreadable (an error, never a deep
//! recursion); EXDATEs and moved occurrences are looked up in hash sets keyed by UID and
//! moment; and a recurring event's dates are produced lazily ([`Dates`]), never
//! collected: each local date once, none after the last date wanted, at most
//! [`MAX_OCCURRENCES`] occurrences of one event, and none from the first day with more
//! than [`MAX_PER_DAY`] occurrences on (a FREQ=SECONDLY rule stops there, after
//! [`MAX_PER_DAY`] + 1 steps, and says so). Deciding whether an event matters (you and a
//! contact among its people) before asking for its dates is the caller's part.
//!
//! Recurrences are the `rrule` crate's (every RRULE of an event, and its RDATEs, merged
//! in order by one iterator; it gives up by itself after 100,000 steps that find
//! nothing). An event with RDATEs and no RRULE recurs on its DTSTART and each RDATE. An occurrence overridden by a
//! VEVENT with the same UID and a RECURRENCE-ID is replaced by that VEVENT. Times with a
//! TZID are computed in that zone (IANA names); a TZID that is not an IANA name
//! (Outlook's "W. Europe Standard Time") and floating times are taken as local
//! wall-clock time.
//!
//! [`contentline::lines`]: crate::formats::contentline::lines

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rrule::{Frequency, RRule, RRuleSet, RRuleSetIter, Tz, Unvalidated};

use crate::error::{Error, Result};
use crate::formats::contentline::{ContentLine, lines, unescape_text};

/// How deep components may be nested (VCALENDAR, VEVENT, VALARM: real files need 3).
pub const MAX_DEPTH: usize = 64;

/// The most occurrences of one recurring event that are read (counting those left out
/// as EXDATEs or moved, and several on one day).
pub const MAX_OCCURRENCES: u32 = 65_535;

/// The most occurrences of one recurring event on one local day: hourly, and the day
/// the clocks go back. netcrm logs one meeting per event and day, so more add nothing;
/// a rule that repeats more often (SECONDLY, MINUTELY, BYMINUTE lists) is read up to
/// the first day it does, and no further.
pub const MAX_PER_DAY: usize = 25;

/// How an instant becomes a local date.
pub type ToLocal<'f> = &'f dyn Fn(DateTime<Utc>) -> NaiveDate;

/// What one VEVENT says, whatever its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub uid: String,
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
    /// Every value of a property (EXDATE and RDATE may list several; an RDATE PERIOD,
    /// `start/end` or `start/duration`, is its start).
    fn parse(line: &ContentLine<'_>) -> impl Iterator<Item = When> {
        let tz = line.param("TZID").and_then(zone);
        line.value()
            .split(',')
            .filter_map(move |value| When::parse_one(value.split('/').next().unwrap_or(value).trim(), tz))
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
    fn local_date(self, to_local: ToLocal<'_>) -> NaiveDate {
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

    /// An RDATE's moment for `rrule`, for an event that starts at `start`: in the start's
    /// zone (a date or a floating time there taken as its wall-clock time), else as
    /// [`When::rrule_start`] gives it.
    fn rrule_date_for(self, start: When) -> Option<DateTime<Tz>> {
        match (start, self) {
            (When::Zoned(_, tz), When::Zoned(instant, _)) => Some(instant.with_timezone(&tz)),
            (When::Zoned(_, tz), When::Date(date)) => {
                tz.from_local_datetime(&date.and_hms_opt(0, 0, 0)?).earliest()
            }
            (When::Zoned(_, tz), When::Floating(naive)) => tz.from_local_datetime(&naive).earliest(),
            (_, when) => when.rrule_start(),
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

    fn date(self) -> NaiveDate {
        match self {
            When::Date(date) => date,
            When::Floating(naive) => naive.date(),
            When::Zoned(instant, tz) => instant.with_timezone(&tz).naive_local().date(),
        }
    }

    /// Wall-clock time in its own zone.
    fn wall(instant: DateTime<Utc>, tz: Tz) -> NaiveDateTime {
        instant.with_timezone(&tz).naive_local()
    }
}

/// EXDATE or RECURRENCE-ID values, in hash sets, so that whether one names an
/// occurrence is a few lookups however many there are. An instant names the same
/// instant, and a floating time the same wall-clock time (an instant's in its own
/// zone); a date names every occurrence on that day, and an occurrence on a date is
/// named by any value on that day.
#[derive(Debug, Default)]
struct Moments {
    instants: HashSet<DateTime<Utc>>,
    /// Floating times.
    walls: HashSet<NaiveDateTime>,
    /// Instants as wall-clock time in their own zone.
    zoned_walls: HashSet<NaiveDateTime>,
    /// All-day dates.
    dates: HashSet<NaiveDate>,
    /// The date of every value, whatever its kind.
    days: HashSet<NaiveDate>,
}

impl Moments {
    fn insert(&mut self, when: When) {
        match when {
            When::Date(date) => {
                self.dates.insert(date);
            }
            When::Floating(naive) => {
                self.walls.insert(naive);
            }
            When::Zoned(instant, tz) => {
                self.instants.insert(instant);
                self.zoned_walls.insert(When::wall(instant, tz));
            }
        }
        self.days.insert(when.date());
    }

    /// Whether one of the values names the occurrence `when`.
    fn names(&self, when: When) -> bool {
        match when {
            When::Date(date) => self.days.contains(&date),
            When::Floating(naive) => {
                self.walls.contains(&naive)
                    || self.zoned_walls.contains(&naive)
                    || self.dates.contains(&naive.date())
            }
            When::Zoned(instant, tz) => {
                self.instants.contains(&instant)
                    || self.walls.contains(&When::wall(instant, tz))
                    || self.dates.contains(&when.date())
            }
        }
    }
}

/// An IANA zone name, also after a prefix (old Mozilla calendars write
/// `/mozilla.org/20050126_1/America/New_York`).
fn zone(name: &str) -> Option<chrono_tz::Tz> {
    name.parse().ok().or_else(|| name.match_indices('/').find_map(|(i, _)| name[i + 1..].parse().ok()))
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

/// A TEXT value unescaped and trimmed; `None` when blank.
fn text(line: &ContentLine<'_>) -> Option<String> {
    Some(unescape_text(line.value()).trim().to_string()).filter(|t| !t.is_empty())
}

/// One VEVENT.
#[derive(Debug)]
struct Event {
    meeting: Meeting,
    start: When,
    /// Its RRULEs, as written (RFC 5545 allows several; they add up).
    rules: Vec<String>,
    /// Its RDATEs: more occurrences.
    rdates: Vec<When>,
    /// Its EXDATEs, if it has any.
    excluded: Option<Box<Moments>>,
    recurrence_id: Option<When>,
}

impl Event {
    /// Whether it happens more than once: an RRULE or an RDATE.
    fn recurs(&self) -> bool {
        !self.rules.is_empty() || !self.rdates.is_empty()
    }
}

/// A VEVENT's properties as they are read: the first of each kind counts, and every
/// ATTENDEE, RRULE, RDATE and EXDATE.
#[derive(Default)]
struct Draft {
    /// Each `None` when absent, `Some(None)` when present but not readable.
    uid: Option<Option<String>>,
    start: Option<Option<When>>,
    recurrence_id: Option<Option<When>>,
    organizer: Option<Option<String>>,
    summary: Option<Option<String>>,
    cancelled: Option<bool>,
    rules: Vec<String>,
    rdates: Vec<When>,
    attendees: Vec<String>,
    excluded: Option<Box<Moments>>,
}

impl Draft {
    fn read(&mut self, line: &ContentLine<'_>) {
        let name = line.name();
        let is = |wanted: &str| name.eq_ignore_ascii_case(wanted);
        if is("UID") {
            self.uid.get_or_insert_with(|| text(line));
        } else if is("DTSTART") {
            self.start.get_or_insert_with(|| When::parse(line).next());
        } else if is("RECURRENCE-ID") {
            self.recurrence_id.get_or_insert_with(|| When::parse(line).next());
        } else if is("SUMMARY") {
            self.summary.get_or_insert_with(|| text(line));
        } else if is("STATUS") {
            self.cancelled.get_or_insert_with(|| line.value().trim().eq_ignore_ascii_case("CANCELLED"));
        } else if is("ORGANIZER") {
            self.organizer.get_or_insert_with(|| address(line.value()));
        } else if is("ATTENDEE") {
            let declined = line.param("PARTSTAT").is_some_and(|s| s.eq_ignore_ascii_case("DECLINED"));
            if let Some(address) = address(line.value()).filter(|_| !declined) {
                self.attendees.push(address);
            }
        } else if is("RRULE") {
            self.rules.push(line.value().to_string());
        } else if is("RDATE") {
            self.rdates.extend(When::parse(line));
        } else if is("EXDATE") {
            for when in When::parse(line) {
                self.excluded.get_or_insert_default().insert(when);
            }
        }
    }

    /// The event, or `None` without a readable DTSTART. `fallback` is its UID when it
    /// has none.
    fn finish(self, fallback: impl FnOnce() -> String) -> Option<Event> {
        let start = self.start.flatten()?;
        let everyone: Vec<String> = self.organizer.flatten().into_iter().chain(self.attendees).collect();
        let mut seen = HashSet::with_capacity(everyone.len());
        let first: Vec<bool> = everyone.iter().map(|address| seen.insert(address.as_str())).collect();
        let people =
            everyone.into_iter().zip(first).filter_map(|(address, first)| first.then_some(address)).collect();
        Some(Event {
            meeting: Meeting {
                uid: self.uid.flatten().unwrap_or_else(fallback),
                summary: self.summary.flatten(),
                people,
                cancelled: self.cancelled.unwrap_or(false),
            },
            start,
            rules: self.rules,
            rdates: self.rdates,
            excluded: self.excluded,
            recurrence_id: self.recurrence_id.flatten(),
        })
    }
}

/// The VEVENTs of a calendar file, read by [`read`].
#[derive(Debug, Default)]
pub struct Calendar {
    events: Vec<Event>,
    /// For each UID with a recurring event (an RRULE or RDATE, no RECURRENCE-ID): the
    /// first one.
    masters: HashMap<String, usize>,
    /// For each UID: the events that override one occurrence (RECURRENCE-ID), in order.
    overrides: HashMap<String, Vec<usize>>,
    /// For each UID: the RECURRENCE-IDs of those.
    moved: HashMap<String, Moments>,
}

/// A meeting for `scan`, in the order of the file.
pub enum Item<'c> {
    /// An event that happens once, or a moved occurrence of a recurring one, with its
    /// local date.
    Once(&'c Meeting, NaiveDate),
    /// A recurring event: its dates come from [`Series::dates`], one at a time.
    Series(Series<'c>),
}

/// A recurring event, before any of its dates is computed.
pub struct Series<'c> {
    event: &'c Event,
    moved: Option<&'c Moments>,
    until: NaiveDate,
    to_local: ToLocal<'c>,
}

impl<'c> Series<'c> {
    pub fn meeting(&self) -> &'c Meeting {
        &self.event.meeting
    }

    /// Whether it starts after the last date wanted, so that none of its dates is.
    pub fn starts_later(&self) -> bool {
        self.event.start.local_date(self.to_local) > self.until
    }

    /// Its dates, lazily: each local date with an occurrence that is neither an EXDATE
    /// nor moved (its override is an [`Item::Once`] of its own), in order, up to the
    /// last date wanted.
    pub fn dates(&self) -> Dates<'c> {
        let mut too_frequent = false;
        let source = match repeat(self.event) {
            Some(Ok(iter)) => Source::Rule(Box::new(iter)),
            Some(Err(TooFrequent)) => {
                too_frequent = true;
                Source::Done
            }
            // Rules that cannot be read, and no RDATE, give the first occurrence only.
            None => Source::Start(Some(self.event.start)),
        };
        Dates {
            event: self.event,
            moved: self.moved,
            until: self.until,
            to_local: self.to_local,
            source,
            read: 0,
            day: None,
            too_frequent,
        }
    }
}

/// Where a [`Dates`] takes its occurrences from.
enum Source {
    Rule(Box<RRuleSetIter>),
    Start(Option<When>),
    Done,
}

/// The dates of a [`Series`], computed one at a time: the occurrence being read and the
/// day it falls on are all that is kept.
pub struct Dates<'c> {
    event: &'c Event,
    moved: Option<&'c Moments>,
    until: NaiveDate,
    to_local: ToLocal<'c>,
    source: Source,
    /// Occurrences read so far.
    read: u32,
    /// The day being read: its date, its occurrences so far, and whether one of them
    /// counts (is neither an EXDATE nor moved).
    day: Option<(NaiveDate, usize, bool)>,
    too_frequent: bool,
}

impl Dates<'_> {
    /// Whether reading stopped at a day with more than [`MAX_PER_DAY`] occurrences:
    /// that day and the later ones were left out.
    pub fn too_frequent(&self) -> bool {
        self.too_frequent
    }

    /// No more occurrences: the day being read is complete.
    fn end(&mut self) -> Option<NaiveDate> {
        self.source = Source::Done;
        match self.day.take() {
            Some((day, _, true)) => Some(day),
            _ => None,
        }
    }

    /// The next occurrence, unless [`MAX_OCCURRENCES`] were read.
    fn occurrence(&mut self) -> Option<When> {
        if self.read >= MAX_OCCURRENCES {
            return None;
        }
        let when = match &mut self.source {
            Source::Rule(iter) => iter.next().map(|at| self.event.start.occurrence(at)),
            Source::Start(start) => start.take(),
            Source::Done => None,
        };
        self.read += u32::from(when.is_some());
        when
    }
}

impl Iterator for Dates<'_> {
    type Item = NaiveDate;

    fn next(&mut self) -> Option<NaiveDate> {
        loop {
            let Some(when) = self.occurrence() else {
                return self.end();
            };
            let on = when.local_date(self.to_local);
            if on > self.until {
                // Occurrences come in order: none of the later ones is wanted either.
                return self.end();
            }
            let counts = !self.event.excluded.as_ref().is_some_and(|x| x.names(when))
                && !self.moved.is_some_and(|m| m.names(when));
            match &mut self.day {
                Some((day, n, any)) if *day == on => {
                    *n += 1;
                    *any |= counts;
                    if *n > MAX_PER_DAY {
                        self.too_frequent = true;
                        self.day = None;
                        self.source = Source::Done;
                        return None;
                    }
                }
                day => {
                    if let Some((done, _, true)) = day.replace((on, 1, counts)) {
                        return Some(done);
                    }
                }
            }
        }
    }
}

/// A rule that repeats more than [`MAX_PER_DAY`] times in one day, by its BYHOUR,
/// BYMINUTE and BYSECOND lists.
struct TooFrequent;

/// The occurrences of an event, lazily: those of each of its RRULEs that can be read,
/// and its RDATEs (with its DTSTART when no rule can be read), in order. `None` when it
/// has neither a readable rule nor an RDATE.
fn repeat(event: &Event) -> Option<std::result::Result<RRuleSetIter, TooFrequent>> {
    let dt_start = event.start.rrule_start()?;
    // `limit`: `rrule` gives up after 100,000 steps that find nothing.
    let mut set = RRuleSet::new(dt_start).limit();
    let mut rules = 0;
    for rule in &event.rules {
        // RFC 5545 rules are ASCII; `rrule` 0.14 slices a BYDAY value by bytes and
        // panics inside a wider character (found by the `calendar` fuzz target).
        if !rule.is_ascii() {
            continue;
        }
        let Some(rule) =
            utc_until(rule).parse::<RRule<Unvalidated>>().ok().and_then(|r| r.validate(dt_start).ok())
        else {
            continue;
        };
        // `rrule` computes each period's occurrences at once (a year of them for
        // YEARLY): with a time of day in each BYHOUR x BYMINUTE x BYSECOND, that could
        // be 366 x 86,400.
        if times_in_a_period(&rule) > MAX_PER_DAY {
            return Some(Err(TooFrequent));
        }
        set = set.rrule(rule);
        rules += 1;
    }
    if rules == 0 && event.rdates.is_empty() {
        return None;
    }
    // DTSTART is the first instance of the recurrence set; a rule gives it itself.
    if rules == 0 {
        set = set.rdate(dt_start);
    }
    for rdate in &event.rdates {
        if let Some(at) = rdate.rrule_date_for(event.start) {
            set = set.rdate(at);
        }
    }
    Some(Ok((&set).into_iter()))
}

/// How many times of day a rule gives in each day (for DAILY and longer periods) or
/// each period (HOURLY, MINUTELY): at least that many fall on one day.
fn times_in_a_period<S>(rule: &RRule<S>) -> usize {
    let count = |n: usize| n.max(1);
    let (hours, minutes, seconds) = (
        count(rule.get_by_hour().len()),
        count(rule.get_by_minute().len()),
        count(rule.get_by_second().len()),
    );
    match rule.get_freq() {
        Frequency::Secondly => 1,
        Frequency::Minutely => seconds,
        Frequency::Hourly => minutes * seconds,
        _ => hours * minutes * seconds,
    }
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

/// Reads the VEVENTs of the calendar `text` (every VCALENDAR of it; a VEVENT nested
/// in another is not one of its own, and neither are the properties of a VALARM inside
/// one). `place` names the file in errors and in the UID of an event without one. A
/// VEVENT without a readable DTSTART is left out. An error when the text holds no
/// component, or a BEGIN without a name, an END that does not close the component
/// open, a component not closed, or components nested more than [`MAX_DEPTH`] deep.
pub fn read(text: &str, place: &str) -> Result<Calendar> {
    let unreadable = |why: String| Error::NotCalendar { place: place.to_string(), why };
    // The names of the open components (at most MAX_DEPTH).
    let mut open: Vec<String> = Vec::new();
    // The VEVENT being read, and how deep it is.
    let mut draft: Option<(Draft, usize)> = None;
    let mut vevents = 0;
    let mut components = 0;
    let mut calendar = Calendar::default();
    for line in lines(text) {
        let name = line.name();
        if name.eq_ignore_ascii_case("BEGIN") {
            let component = line.value().trim();
            if component.is_empty() {
                return Err(unreadable(format!("line {}: BEGIN without a name", line.number)));
            }
            if open.len() >= MAX_DEPTH {
                return Err(unreadable(format!(
                    "line {}: components nested more than {MAX_DEPTH} deep",
                    line.number
                )));
            }
            open.push(component.to_string());
            components += 1;
            if draft.is_none() && component.eq_ignore_ascii_case("VEVENT") {
                draft = Some((Draft::default(), open.len()));
            }
        } else if name.eq_ignore_ascii_case("END") {
            let component = line.value().trim();
            match open.pop() {
                Some(begun) if begun.eq_ignore_ascii_case(component) => {}
                Some(begun) => {
                    return Err(unreadable(format!(
                        "line {}: END:{component} where END:{begun} was expected",
                        line.number
                    )));
                }
                None => {
                    return Err(unreadable(format!("line {}: END:{component} without a BEGIN", line.number)));
                }
            }
            if draft.as_ref().is_some_and(|(_, depth)| open.len() < *depth)
                && let Some((event, _)) = draft.take()
            {
                let index = vevents;
                vevents += 1;
                if let Some(event) = event.finish(|| format!("{place}#{index}")) {
                    calendar.events.push(event);
                }
            }
        } else if let Some((event, depth)) = &mut draft
            && open.len() == *depth
        {
            event.read(&line);
        }
    }
    if let Some(begun) = open.last() {
        return Err(unreadable(format!("BEGIN:{begun} without an END")));
    }
    if components == 0 {
        return Err(unreadable("no BEGIN:VCALENDAR".to_string()));
    }
    calendar.index();
    Ok(calendar)
}

impl Calendar {
    /// Groups the events by UID: recurring ones, and overrides.
    fn index(&mut self) {
        for (i, event) in self.events.iter().enumerate() {
            let uid = &event.meeting.uid;
            if let Some(id) = event.recurrence_id {
                self.overrides.entry(uid.clone()).or_default().push(i);
                self.moved.entry(uid.clone()).or_default().insert(id);
            } else if event.recurs() {
                self.masters.entry(uid.clone()).or_insert(i);
            }
        }
    }

    /// The meetings, in the order of the file: each event that happens once on its
    /// local date, and each recurring one as a [`Series`], preceded by its moved
    /// occurrences (those on or before `until`; those whose RECURRENCE-ID is one of its
    /// EXDATEs are left out). An override whose UID has no recurring event stands
    /// alone, whatever its date. One item per VEVENT at most.
    pub fn items<'c>(&'c self, until: NaiveDate, to_local: ToLocal<'c>) -> Vec<Item<'c>> {
        let mut items = Vec::with_capacity(self.events.len());
        for (index, event) in self.events.iter().enumerate() {
            let uid = event.meeting.uid.as_str();
            let master = self.masters.get(uid).copied();
            let once = || Item::Once(&event.meeting, event.start.local_date(to_local));
            if event.recurrence_id.is_some() {
                if master.is_none() {
                    items.push(once());
                }
                continue;
            }
            if !event.recurs() {
                items.push(once());
                continue;
            }
            if master == Some(index) {
                for &i in self.overrides.get(uid).into_iter().flatten() {
                    let moved = &self.events[i];
                    let on = moved.start.local_date(to_local);
                    let excluded = |id| event.excluded.as_ref().is_some_and(|x| x.names(id));
                    if on <= until && !moved.recurrence_id.is_some_and(excluded) {
                        items.push(Item::Once(&moved.meeting, on));
                    }
                }
            }
            items.push(Item::Series(Series { event, moved: self.moved.get(uid), until, to_local }));
        }
        items
    }
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

    /// One event, or one date of a recurring one, as these tests look at them.
    #[derive(Debug, Clone, PartialEq, Eq)]
    struct Occurrence {
        uid: String,
        on: NaiveDate,
        summary: Option<String>,
        people: Vec<String>,
        cancelled: bool,
    }

    fn occurrence(meeting: &Meeting, on: NaiveDate) -> Occurrence {
        let Meeting { uid, summary, people, cancelled } = meeting.clone();
        Occurrence { uid, on, summary, people, cancelled }
    }

    /// Every item, and every date of each series, in order.
    fn flatten(calendar: &Calendar, until: NaiveDate) -> Vec<Occurrence> {
        let mut out = Vec::new();
        for item in calendar.items(until, &utc_date) {
            match item {
                Item::Once(meeting, on) => out.push(occurrence(meeting, on)),
                Item::Series(series) => out.extend(series.dates().map(|on| occurrence(series.meeting(), on))),
            }
        }
        out
    }

    fn read_until(text: &str, until: &str) -> Vec<Occurrence> {
        flatten(&read(text, "test.ics").unwrap(), date(until))
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
        // The moved occurrence first, then the series' own dates.
        assert_eq!(dates(&found), ["2026-11-17", "2026-11-02", "2026-11-23", "2026-11-30"]);
        assert_eq!(found[0].summary.as_deref(), Some("Standup (moved)"));
        assert_eq!(found[1].summary.as_deref(), Some("Standup"));
        assert!(found.iter().all(|o| o.uid == "weekly"));
    }

    /// RFC 5545: the recurrence set is DTSTART, every RRULE's and every RDATE's
    /// occurrences, less the EXDATEs (issue 24: RDATEs and second rules were not read).
    #[test]
    fn every_rule_and_rdate_of_an_event_recur_less_its_exdates() {
        let text = calendar(
            "BEGIN:VEVENT\nUID:two-rules\nDTSTART;TZID=Europe/Berlin:20261102T100000\n\
             RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3\nRRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=2\n\
             RDATE;TZID=Europe/Berlin:20261121T150000,20261125T090000\n\
             RDATE;VALUE=PERIOD:20261126T090000Z/20261126T100000Z\n\
             EXDATE;TZID=Europe/Berlin:20261109T100000\nEXDATE;TZID=Europe/Berlin:20261125T090000\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:rdates-only\nDTSTART;VALUE=DATE:20261101\n\
             RDATE;VALUE=DATE:20261110,20261120\nRDATE;VALUE=DATE:20261203\nEND:VEVENT\n",
        );
        let found = read_until(&text, "2026-11-30");
        let of = |uid: &str| dates(&found.iter().filter(|o| o.uid == uid).cloned().collect::<Vec<_>>());
        assert_eq!(
            of("two-rules"),
            ["2026-11-02", "2026-11-05", "2026-11-12", "2026-11-16", "2026-11-21", "2026-11-26"]
        );
        // DTSTART and each RDATE, none after the last date wanted.
        assert_eq!(of("rdates-only"), ["2026-11-01", "2026-11-10", "2026-11-20"]);
    }

    #[test]
    fn an_occurrence_moved_from_the_future_into_the_past_counts() {
        let text = calendar(
            "BEGIN:VEVENT\nUID:w\nDTSTART:20261102T100000Z\nRRULE:FREQ=WEEKLY;COUNT=6\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:w\nRECURRENCE-ID:20261207T100000Z\nDTSTART:20261120T100000Z\nEND:VEVENT\n",
        );
        assert_eq!(
            dates(&read_until(&text, "2026-11-22")),
            ["2026-11-20", "2026-11-02", "2026-11-09", "2026-11-16"]
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
        assert!(read("BEGIN:VCALENDAR\nBEGIN:", "bad.ics").is_err());
    }

    /// Found by the `calendar` fuzz target: a BYDAY with a character wider than a byte
    /// made the `rrule` crate panic. The rule is unreadable: the first occurrence only.
    #[test]
    fn a_rule_that_is_not_ascii_gives_the_first_occurrence_and_no_panic() {
        let crash = String::from_utf8_lossy(include_bytes!(
            "../../tests/fixtures/fuzz/calendar-rrule-non-ascii-byday.ics"
        ))
        .into_owned();
        assert!(read(&crash, "crash.ics").is_ok_and(|c| !flatten(&c, date("2026-12-01")).is_empty()));
        let text = calendar(
            "BEGIN:VEVENT\nUID:w\nDTSTART:20261005T100000Z\nRRULE:FREQ=WEEKLY;COUNT=3;BYDAY=c\u{2013}m\n\
             SUMMARY:Sync\nEND:VEVENT\n",
        );
        assert_eq!(dates(&read_until(&text, "2026-12-01")), ["2026-10-05"]);
    }

    /// The one recurring event of `text`, and its dates up to `until`.
    fn series_dates(text: &str, until: &str) -> (Vec<String>, u32, bool) {
        let calendar = read(text, "test.ics").unwrap();
        let items = calendar.items(date(until), &utc_date);
        let [Item::Series(series)] = items.as_slice() else { panic!("one series") };
        let mut dates = series.dates();
        let found: Vec<String> = dates.by_ref().map(|on| on.to_string()).collect();
        (found, dates.read, dates.too_frequent())
    }

    #[test]
    fn dates_are_read_one_at_a_time_and_not_beyond_the_last_date_wanted() {
        let text = calendar("BEGIN:VEVENT\nUID:d\nDTSTART:20261101T100000Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n");
        let (found, read, too_frequent) = series_dates(&text, "2026-11-30");
        assert_eq!((found.len(), found.last().map(String::as_str)), (30, Some("2026-11-30")));
        // The 30 days, and the 1st of December that ends it.
        assert_eq!((read, too_frequent), (31, false));
    }

    /// Issue 23: 100 events every second took 1.76 GB (each collected 65,535
    /// occurrences). Now one stops at the first day with more than MAX_PER_DAY
    /// occurrences, having read one more than that, and keeps none.
    #[test]
    fn r23_a_rule_every_second_stops_at_its_first_day_after_a_few_steps() {
        for rule in ["FREQ=SECONDLY", "FREQ=MINUTELY;UNTIL=20270101T000000Z", "FREQ=HOURLY;BYMINUTE=0,30"] {
            let text = calendar(&format!(
                "BEGIN:VEVENT\nUID:s\nDTSTART:20250101T090000Z\nRRULE:{rule}\nEND:VEVENT\n"
            ));
            let (found, read, too_frequent) = series_dates(&text, "2026-11-30");
            assert_eq!((found, read, too_frequent), (vec![], 26, true), "{rule}");
        }
        // A list of times of day longer than that is known before any step.
        let minutes: Vec<String> = (0..30).map(|m| m.to_string()).collect();
        let text = calendar(&format!(
            "BEGIN:VEVENT\nUID:s\nDTSTART:20250101T090000Z\nRRULE:FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;\
             BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE={}\nEND:VEVENT\n",
            minutes.join(",")
        ));
        assert_eq!(series_dates(&text, "2026-11-30"), (vec![], 0, true));
    }

    #[test]
    fn an_hourly_rule_or_several_times_a_day_gives_each_day_once() {
        let text = calendar(
            "BEGIN:VEVENT\nUID:h\nDTSTART:20261101T000000Z\nRRULE:FREQ=HOURLY;COUNT=50\nEND:VEVENT\n",
        );
        let (found, _, too_frequent) = series_dates(&text, "2026-11-30");
        assert_eq!(
            (found, too_frequent),
            (vec!["2026-11-01".into(), "2026-11-02".into(), "2026-11-03".into()], false)
        );
        let text = calendar(
            "BEGIN:VEVENT\nUID:h\nDTSTART:20261101T090000Z\nRRULE:FREQ=DAILY;BYHOUR=9,17;COUNT=4\n\
             EXDATE:20261101T090000Z,20261101T170000Z\nEXDATE:20261102T090000Z\nEND:VEVENT\n",
        );
        // The 1st has both its times left out; the 2nd keeps 17:00.
        assert_eq!(series_dates(&text, "2026-11-30").0, ["2026-11-02"]);
    }

    #[test]
    fn exdates_and_recurrence_ids_name_occurrences_by_instant_wall_clock_time_or_date() {
        let berlin = Tz::Tz(chrono_tz::Europe::Berlin);
        let at = |text: &str| When::parse_one(text, Some(chrono_tz::Europe::Berlin)).unwrap();
        let mut moments = Moments::default();
        moments.insert(When::parse_one("20261102T090000Z", None).unwrap());
        moments.insert(When::parse_one("20261103T100000", None).unwrap());
        moments.insert(When::parse_one("20261104", None).unwrap());
        moments.insert(at("20261105T100000"));
        // The same instant in another zone; a wall-clock time; any time on a date.
        assert!(moments.names(at("20261102T100000")));
        assert!(moments.names(at("20261103T100000")));
        assert!(moments.names(at("20261104T230000")));
        assert!(moments.names(When::Floating("2026-11-05T10:00:00".parse().unwrap())));
        assert!(moments.names(When::Date(date("2026-11-02"))));
        assert!(!moments.names(at("20261103T110000")));
        assert!(!moments.names(When::Zoned("2026-11-05T10:00:00Z".parse().unwrap(), berlin)));
        assert!(!moments.names(When::Date(date("2026-11-06"))));
    }

    /// Issue 23: a VEVENT nested 20,000 deep overflowed the stack of the parser.
    #[test]
    fn r23_components_nested_more_than_64_deep_are_an_error_and_no_overflow() {
        let nested = |depth: usize| {
            calendar(&format!("{}{}", "BEGIN:X-NEST\n".repeat(depth), "END:X-NEST\n".repeat(depth)))
        };
        assert!(read(&nested(MAX_DEPTH - 1), "ok.ics").is_ok());
        for depth in [MAX_DEPTH, 20_000] {
            let error = read(&nested(depth), "deep.ics").unwrap_err().to_string();
            assert!(error.contains("line 67: components nested more than 64 deep"), "{error}");
        }
    }

    #[test]
    fn a_calendar_that_does_not_hold_together_is_an_error_and_stray_text_is_not() {
        for (text, why) in [
            ("", "no BEGIN:VCALENDAR"),
            ("just notes\n", "no BEGIN:VCALENDAR"),
            (
                "BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n",
                "line 3: END:VCALENDAR where END:VEVENT was expected",
            ),
            ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VEVENT\n", "BEGIN:VCALENDAR without an END"),
            ("END:VEVENT\n", "line 1: END:VEVENT without a BEGIN"),
            ("BEGIN:VCALENDAR\nBEGIN: \nEND:VCALENDAR\n", "line 2: BEGIN without a name"),
        ] {
            let error = read(text, "x.ics").unwrap_err().to_string();
            assert_eq!(error, format!("x.ics: not an iCalendar file that can be read ({why})"));
        }
        let text = format!(
            "garbage before\n{}trailing garbage\n",
            calendar("begin:vevent\nUID:a\nDTSTART:20261102T100000Z\nend:VEVENT\n")
        );
        assert_eq!(dates(&read_until(&text, "2026-11-30")), ["2026-11-02"]);
    }

    #[test]
    fn what_an_alarm_or_an_event_inside_an_event_says_is_not_the_events() {
        let text = calendar(
            "BEGIN:VEVENT\nUID:a\nDTSTART:20261102T100000Z\nBEGIN:VALARM\nACTION:EMAIL\n\
             ATTENDEE:mailto:bob@example.com\nSUMMARY:Reminder\nEND:VALARM\n\
             BEGIN:VEVENT\nUID:b\nDTSTART:20261103T100000Z\nEND:VEVENT\n\
             ATTENDEE:mailto:ada@example.com\nSUMMARY:Lunch\nEND:VEVENT\n",
        );
        let found = read_until(&text, "2026-11-30");
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].summary.as_deref(), found[0].people.as_slice()),
            (Some("Lunch"), &["ada@example.com".to_string()][..])
        );
    }

    #[test]
    fn text_is_unescaped_once_and_an_event_without_a_uid_is_named_by_file_and_place() {
        let text = calendar(
            "BEGIN:VEVENT\nUID:a\nDTSTART:20261102T100000Z\nSUMMARY:C:\\\\new\\, and \\;\nEND:VEVENT\n\
             BEGIN:VEVENT\nDTSTART:20261103T100000Z\nEND:VEVENT\n",
        );
        let found = read_until(&text, "2026-11-30");
        assert_eq!(found[0].summary.as_deref(), Some("C:\\new, and ;"));
        assert_eq!(found[1].uid, "test.ics#1");
    }
}
