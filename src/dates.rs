//! Parsing and calendar arithmetic for dates, durations, cadences and birthdays; pure functions that never read the clock (`today` is always passed in).
//!
//! # Grammar
//!
//! All inputs are case-insensitive and surrounding whitespace is trimmed;
//! words may be separated by runs of whitespace.
//!
//! * **Date** ([`parse_date`]): `YYYY-MM-DD` (exactly four, two and two
//!   digits: `2026-1-5` is rejected), `today`, `yesterday`, `tomorrow`, a
//!   weekday (`monday` or `mon`, the first one strictly after today), `next
//!   monday` (the Monday of next week; weeks run Monday to Sunday), `last
//!   friday` (the last one strictly before today), or a relative offset: `+3d`,
//!   `-2w`, `+1 month`, `in 3 days`, `3 days ago`. A bare `3d` is not a date: a
//!   sign, `in` or `ago` is required.
//! * **Duration** ([`Duration::parse`]): `Nd`, `Nw`, `Nm`, `Ny` (also `N days`
//!   and the other long units), a bare number of days (`14`, shown `14d`),
//!   `every 2 weeks` (`every` and a quantity, or a unit: `every week`), or
//!   `weekly`, `fortnightly`, `biweekly` (both `2w`), `monthly`, `quarterly`,
//!   `yearly`.
//! * **Cadence** ([`Cadence::parse`]): a duration of at least one day, or `none`.
//! * **Birthday** ([`Birthday::parse`]): `YYYY-MM-DD` or `--MM-DD`.
//!
//! Months and years are calendar arithmetic clamped to the end of the month:
//! 2026-01-31 plus one month is 2026-02-28.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// Why a date, duration, cadence or birthday could not be parsed.
///
/// Messages are shown to users as `error: {msg}`; each names the bad input
/// and gives a hint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error(
        "invalid date '{}': use YYYY-MM-DD, today, tomorrow, a weekday such as monday, +3d, in 2 weeks or 3 days ago",
        crate::text::capped(input)
    )]
    InvalidDate { input: String },
    #[error("invalid date '{}': that day does not exist", crate::text::capped(input))]
    ImpossibleDate { input: String },
    #[error("date '{}' is out of range", crate::text::capped(input))]
    OutOfRange { input: String },
    #[error(
        "invalid duration '{}': use Nd, Nw, Nm or Ny (such as 3d, 2w, 1m), a number of days (14), every 2 weeks, or weekly, biweekly, monthly, quarterly, yearly",
        crate::text::capped(input)
    )]
    InvalidDuration { input: String },
    #[error(
        "invalid cadence '{}': a cadence is at least one day (such as 1w, 1m, monthly) or none",
        crate::text::capped(input)
    )]
    InvalidCadence { input: String },
    #[error("invalid birthday '{}': use YYYY-MM-DD, or --MM-DD without a year", crate::text::capped(input))]
    InvalidBirthday { input: String },
    #[error(
        "invalid birthday '{}': it is after today ({today}); give the year of birth, or --MM-DD without one",
        crate::text::capped(input)
    )]
    BirthdayInTheFuture { input: String, today: NaiveDate },
    #[error(
        "'{}' is {date}, after today ({today}): what happened cannot be dated in the future; use `netcrm remind` for plans",
        crate::text::capped(input)
    )]
    InTheFuture { input: String, date: NaiveDate, today: NaiveDate },
    #[error(
        "'{}' is {date}, before today ({today}): {what} must be today or later",
        crate::text::capped(input)
    )]
    InThePast { input: String, date: NaiveDate, today: NaiveDate, what: &'static str },
    #[error(
        "invalid number of days '{}': use a whole number such as 7, or a duration such as 2w or 1m",
        crate::text::capped(input)
    )]
    InvalidWithin { input: String },
    #[error(
        "invalid duration '{}' for {what}: it must be at least one day (such as 7d or 2w)",
        crate::text::capped(input)
    )]
    TooShort { input: String, what: &'static str },
    #[error(
        "invalid number '{}' for {what}: use a whole number such as 0, 1 or 2",
        crate::text::capped(input)
    )]
    InvalidCount { input: String, what: &'static str },
}

/// An ISO 8601 week (Monday to Sunday, numbered within its ISO year, so that
/// 2026-12-31 is in `2026-W53` and 2027-01-01 too): the week of reconnect picks and
/// weekly goals. Written `2026-W05` (two digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Week {
    /// The week's Monday (which names it).
    monday: NaiveDate,
}

impl Week {
    /// The week `date` falls in.
    pub fn of(date: NaiveDate) -> Week {
        let back = date.weekday().num_days_from_monday();
        Week { monday: date - Days::new(u64::from(back)) }
    }

    /// Week `number` of ISO year `year`, if there is one (week 53 only in long years).
    pub fn new(year: i32, number: u32) -> Option<Week> {
        NaiveDate::from_isoywd_opt(year, number, Weekday::Mon).map(|monday| Week { monday })
    }

    pub fn monday(self) -> NaiveDate {
        self.monday
    }

    /// Its last day; `None` past the last date there is.
    pub fn sunday(self) -> Option<NaiveDate> {
        self.monday.checked_add_days(Days::new(6))
    }

    /// The week before.
    pub fn previous(self) -> Option<Week> {
        self.monday.checked_sub_days(Days::new(7)).map(|monday| Week { monday })
    }

    /// The ISO year and the week's number in it.
    pub fn year_and_number(self) -> (i32, u32) {
        let iso = self.monday.iso_week();
        (iso.year(), iso.week())
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, number) = self.year_and_number();
        write!(f, "{year:04}-W{number:02}")
    }
}

impl FromStr for Week {
    type Err = ();

    /// Reads exactly what [`fmt::Display`] writes (`2026-W05`): four digits, `-W`,
    /// two digits, a week the year has.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (year, number) = text.split_once("-W").ok_or(())?;
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(number, 2) {
            return Err(());
        }
        Week::new(year.parse().map_err(|_| ())?, number.parse().map_err(|_| ())?).ok_or(())
    }
}

/// A calendar month (goals counted per month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    /// Its first day.
    first: NaiveDate,
}

impl Month {
    /// The month `date` falls in.
    pub fn of(date: NaiveDate) -> Month {
        Month { first: date.with_day(1).unwrap_or(date) }
    }

    pub fn first(self) -> NaiveDate {
        self.first
    }

    /// The month before.
    pub fn previous(self) -> Option<Month> {
        self.first.checked_sub_months(Months::new(1)).map(|first| Month { first })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first.format("%Y-%m"))
    }
}

/// Parses a user-supplied date relative to `today` (see the module docs for
/// the grammar).
///
/// # Errors
///
/// [`DateError::InvalidDate`] for input outside the grammar,
/// [`DateError::ImpossibleDate`] for a well-formed day that does not exist
/// (`2026-02-30`), and [`DateError::OutOfRange`] when the result overflows.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    parse_date_anywhere(input, today).and_then(|date| in_range(date, input))
}

/// Parses the date of something that happened (an interaction, a meeting, a
/// favour): like [`parse_date`], but never after `today`.
///
/// # Errors
///
/// Those of [`parse_date`], and [`DateError::InTheFuture`] for a date after today.
pub fn parse_past_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let date = parse_date(input, today)?;
    if date > today {
        return Err(DateError::InTheFuture { input: input.trim().to_string(), date, today });
    }
    Ok(date)
}

/// Parses the date of something that will happen (a reminder, the end of a
/// temporary cadence): like [`parse_date`], but never before `today`; `what` names it
/// in the error.
///
/// # Errors
///
/// Those of [`parse_date`], and [`DateError::InThePast`] for a date before today.
pub fn parse_future_date(input: &str, today: NaiveDate, what: &'static str) -> Result<NaiveDate, DateError> {
    let date = parse_date(input, today)?;
    if date < today {
        return Err(DateError::InThePast { input: input.trim().to_string(), date, today, what });
    }
    Ok(date)
}

/// Parses how far ahead something is: a DURATION (`3d`, `2w`, `monthly`) or the
/// relative forms of a DATE that count forward (`+3d`, `in 2 weeks`).
///
/// # Errors
///
/// [`DateError::InvalidDuration`] for anything else.
pub fn parse_offset(input: &str) -> Result<Duration, DateError> {
    let trimmed = input.trim();
    let lower = trimmed.to_lowercase();
    let invalid = || DateError::InvalidDuration { input: trimmed.to_string() };
    let Some(rest) = lower.strip_prefix('+').or_else(|| lower.strip_prefix("in ")) else {
        return Duration::parse(&lower).map_err(|_| invalid());
    };
    // `+3` and `in 3` are no more dates than `3 ago`: the unit is wanted there.
    if rest.trim().bytes().all(|b| b.is_ascii_digit()) || rest.trim_start().starts_with("every") {
        return Err(invalid());
    }
    Duration::parse(rest).map_err(|_| invalid())
}

/// Parses `due --within`: a whole number of days (`7`) or a duration (`2w`, `1m`),
/// as the number of days from `today` it reaches.
///
/// # Errors
///
/// [`DateError::InvalidWithin`] for anything else.
pub fn parse_within(input: &str, today: NaiveDate) -> Result<u32, DateError> {
    let trimmed = input.trim();
    let invalid = || DateError::InvalidWithin { input: trimmed.to_string() };
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return trimmed.parse().map_err(|_| invalid());
    }
    let horizon = parse_offset(trimmed).map_err(|_| invalid())?.after(today).unwrap_or(LAST_DATE);
    u32::try_from((horizon.min(LAST_DATE) - today).num_days()).map_err(|_| invalid())
}

/// The last date netcrm stores: dates are written as `YYYY-MM-DD`, four-digit years.
pub const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(date) => date,
    None => NaiveDate::MAX,
};

/// `date`, unless it lies after [`LAST_DATE`] or before year 0 (`input` names it in
/// the error).
///
/// # Errors
///
/// [`DateError::OutOfRange`] outside years 0 to 9999.
pub fn in_range(date: NaiveDate, input: &str) -> Result<NaiveDate, DateError> {
    if date.year() < 0 || date > LAST_DATE {
        return Err(DateError::OutOfRange { input: input.trim().to_string() });
    }
    Ok(date)
}

fn parse_date_anywhere(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let trimmed = input.trim();
    let invalid = || DateError::InvalidDate { input: trimmed.to_string() };
    let out_of_range = || DateError::OutOfRange { input: trimmed.to_string() };

    let lower = trimmed.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();

    let relative = match words.as_slice() {
        [] => return Err(invalid()),
        [word] if looks_like_iso(word) => return parse_iso_date(trimmed),
        ["today"] => return Ok(today),
        ["yesterday"] => return today.pred_opt().ok_or_else(out_of_range),
        ["tomorrow"] => return today.succ_opt().ok_or_else(out_of_range),
        [day] if parse_weekday(day).is_some() => {
            return parse_weekday(day)
                .and_then(|weekday| next_weekday(today, weekday))
                .ok_or_else(out_of_range);
        }
        ["next", day] => {
            let weekday = parse_weekday(day).ok_or_else(invalid)?;
            return weekday_next_week(today, weekday).ok_or_else(out_of_range);
        }
        ["last", day] => {
            let weekday = parse_weekday(day).ok_or_else(invalid)?;
            return last_weekday(today, weekday).ok_or_else(out_of_range);
        }
        _ => parse_relative(&words),
    };

    let (duration, forward) = relative.map_err(|error| match error {
        QuantityError::Invalid => invalid(),
        QuantityError::TooLarge => out_of_range(),
    })?;
    let date = if forward { duration.after(today) } else { duration.before(today) };
    date.ok_or_else(out_of_range)
}

/// Strict ISO `YYYY-MM-DD` only (for values read back from storage or from
/// env `NETCRM_TODAY`). Surrounding whitespace is ignored.
///
/// # Errors
///
/// [`DateError::InvalidDate`] unless the input is `YYYY-MM-DD`, and
/// [`DateError::ImpossibleDate`] when that day does not exist.
pub fn parse_iso_date(input: &str) -> Result<NaiveDate, DateError> {
    let trimmed = input.trim();
    let (year, month, day) =
        split_iso(trimmed).ok_or_else(|| DateError::InvalidDate { input: trimmed.to_string() })?;
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| DateError::ImpossibleDate { input: trimmed.to_string() })
}

/// `date` as a confirmation shows a date the user gave as `input`: as given when that
/// was `YYYY-MM-DD`, else with its weekday (`Fri 2026-09-04`), so that `next friday`
/// or `+10d` can be checked at a glance.
#[must_use]
pub fn as_given(date: NaiveDate, input: &str) -> String {
    if looks_like_iso(input.trim()) { iso(date) } else { format!("{} {}", date.weekday(), iso(date)) }
}

/// Formats a date as YYYY-MM-DD (a tiny helper used by output code).
#[must_use]
pub fn iso(date: NaiveDate) -> String {
    use chrono::Datelike;
    // chrono's formatter parses its format string for every date: written directly,
    // a date costs a tenth (every stored date of an import goes through here).
    if let Some(year) = u32::try_from(date.year()).ok().filter(|year| *year <= 9999) {
        // Digit by digit: `format!` costs several times more, once per stored date.
        let mut text = String::with_capacity(10);
        push_digits(&mut text, year, 4);
        text.push('-');
        push_digits(&mut text, date.month(), 2);
        text.push('-');
        push_digits(&mut text, date.day(), 2);
        text
    } else {
        date.format("%Y-%m-%d").to_string()
    }
}

/// `value`'s last `digits` decimal digits, zero-padded.
fn push_digits(text: &mut String, value: u32, digits: u32) {
    for place in (0..digits).rev() {
        text.push(char::from(b'0' + (value / 10u32.pow(place) % 10) as u8));
    }
}

/// The unit of a [`Duration`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

impl Unit {
    fn parse(word: &str) -> Option<Unit> {
        match word {
            "d" | "day" | "days" => Some(Unit::Days),
            "w" | "week" | "weeks" => Some(Unit::Weeks),
            "m" | "month" | "months" => Some(Unit::Months),
            "y" | "year" | "years" => Some(Unit::Years),
            _ => None,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Unit::Days => "d",
            Unit::Weeks => "w",
            Unit::Months => "m",
            Unit::Years => "y",
        }
    }
}

/// A calendar duration such as 3 days or 1 month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    pub count: u32,
    pub unit: Unit,
}

impl Duration {
    /// Parses `Nd`, `Nw`, `Nm`, `Ny` (also `N days` and the other long units), a
    /// bare number of days (`14`), `every` with a quantity or a unit (`every 2 weeks`,
    /// `every month`), or one of `weekly`, `fortnightly`, `biweekly`, `monthly`,
    /// `quarterly`, `yearly`.
    ///
    /// # Errors
    ///
    /// [`DateError::InvalidDuration`] for anything else, including a count
    /// too large for `u32`.
    pub fn parse(input: &str) -> Result<Duration, DateError> {
        let trimmed = input.trim();
        let lower = trimmed.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let named = |count, unit| Ok(Duration { count, unit });
        let invalid = || DateError::InvalidDuration { input: trimmed.to_string() };
        match words.as_slice() {
            ["weekly"] => named(1, Unit::Weeks),
            ["fortnightly" | "biweekly"] => named(2, Unit::Weeks),
            ["monthly"] => named(1, Unit::Months),
            ["quarterly"] => named(3, Unit::Months),
            ["yearly"] => named(1, Unit::Years),
            // A bare number is days, as for `due --within`.
            [number] if number.bytes().all(|b| b.is_ascii_digit()) => {
                number.parse().map(|count| Duration { count, unit: Unit::Days }).map_err(|_| invalid())
            }
            ["every", unit @ ("day" | "week" | "month" | "year")] => {
                Unit::parse(unit).map(|unit| Duration { count: 1, unit }).ok_or_else(invalid)
            }
            ["every", quantity @ ..] => parse_quantity(quantity).map_err(|_| invalid()),
            _ => parse_quantity(&words).map_err(|_| invalid()),
        }
    }

    /// date + self, calendar-clamped; None on overflow
    #[must_use]
    pub fn after(self, date: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            Unit::Days => date.checked_add_days(Days::new(u64::from(self.count))),
            Unit::Weeks => date.checked_add_days(Days::new(u64::from(self.count) * 7)),
            Unit::Months => date.checked_add_months(Months::new(self.count)),
            Unit::Years => date.checked_add_months(Months::new(self.count.checked_mul(12)?)),
        }
    }

    /// date - self, calendar-clamped; None on overflow
    #[must_use]
    pub fn before(self, date: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            Unit::Days => date.checked_sub_days(Days::new(u64::from(self.count))),
            Unit::Weeks => date.checked_sub_days(Days::new(u64::from(self.count) * 7)),
            Unit::Months => date.checked_sub_months(Months::new(self.count)),
            Unit::Years => date.checked_sub_months(Months::new(self.count.checked_mul(12)?)),
        }
    }

    /// Whether this duration is zero (of any unit).
    #[must_use]
    pub fn is_zero(self) -> bool {
        self.count == 0
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.count, self.unit.suffix())
    }
}

impl FromStr for Duration {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Duration::parse(s)
    }
}

/// How often to check in with a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cadence {
    /// Never schedule check-ins.
    None,
    /// Check in every so often (always at least one day).
    Every(Duration),
}

impl Cadence {
    /// Parses `none` or a [`Duration`] of at least one day.
    ///
    /// # Errors
    ///
    /// [`DateError::InvalidCadence`] for anything else, including `0d`.
    pub fn parse(input: &str) -> Result<Cadence, DateError> {
        let trimmed = input.trim();
        let invalid = || DateError::InvalidCadence { input: trimmed.to_string() };
        if trimmed.eq_ignore_ascii_case("none") {
            return Ok(Cadence::None);
        }
        let duration = Duration::parse(trimmed).map_err(|_| invalid())?;
        if duration.is_zero() {
            return Err(invalid());
        }
        Ok(Cadence::Every(duration))
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cadence::None => f.write_str("none"),
            Cadence::Every(duration) => duration.fmt(f),
        }
    }
}

impl FromStr for Cadence {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Cadence::parse(s)
    }
}

/// A birthday, with or without the year of birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Birthday {
    Full(NaiveDate),
    Yearless { month: u32, day: u32 },
}

impl Birthday {
    /// Parses `YYYY-MM-DD` (a real date) or `--MM-DD` (`--02-29` is allowed).
    ///
    /// # Errors
    ///
    /// [`DateError::InvalidBirthday`] for anything else, including days that
    /// do not exist such as `--02-30`.
    pub fn parse(input: &str) -> Result<Birthday, DateError> {
        let trimmed = input.trim();
        let invalid = || DateError::InvalidBirthday { input: trimmed.to_string() };
        if let Some(rest) = trimmed.strip_prefix("--") {
            let (month, day) = split_month_day(rest).ok_or_else(invalid)?;
            // 2000 is a leap year, so this accepts 29 February.
            NaiveDate::from_ymd_opt(2000, month, day).ok_or_else(invalid)?;
            return Ok(Birthday::Yearless { month, day });
        }
        parse_iso_date(trimmed).map(Birthday::Full).map_err(|_| invalid())
    }

    /// This birthday's anniversary in `year`. 29 February falls on
    /// 28 February in non-leap years; years outside chrono's range saturate
    /// to its first or last date, so this never panics.
    #[must_use]
    pub fn occurrence_in(self, year: i32) -> NaiveDate {
        let (month, day) = match self {
            Birthday::Full(date) => (date.month(), date.day()),
            Birthday::Yearless { month, day } => (month, day),
        };
        let year = year.clamp(NaiveDate::MIN.year(), NaiveDate::MAX.year());
        let month = month.clamp(1, 12);
        // Walk back from the requested day to the last day of the month
        // (only 29 February ever needs this for a parsed birthday).
        (1..=day.clamp(1, 31))
            .rev()
            .find_map(|day| NaiveDate::from_ymd_opt(year, month, day))
            .unwrap_or(if year < 0 { NaiveDate::MIN } else { NaiveDate::MAX })
    }
}

/// Parses a birthday given by the user (see [`Birthday::parse`]); one with a year
/// cannot be after `today`.
///
/// # Errors
///
/// Those of [`Birthday::parse`], and [`DateError::BirthdayInTheFuture`].
pub fn parse_birthday(input: &str, today: NaiveDate) -> Result<Birthday, DateError> {
    let birthday = Birthday::parse(input)?;
    match birthday {
        Birthday::Full(date) if date > today => {
            Err(DateError::BirthdayInTheFuture { input: input.trim().to_string(), today })
        }
        _ => Ok(birthday),
    }
}

impl fmt::Display for Birthday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Birthday::Full(date) => f.write_str(&iso(*date)),
            Birthday::Yearless { month, day } => write!(f, "--{month:02}-{day:02}"),
        }
    }
}

impl FromStr for Birthday {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Birthday::parse(s)
    }
}

/// Why a count-and-unit phrase could not be read.
enum QuantityError {
    /// Not a count followed by a unit.
    Invalid,
    /// A well-formed count too large for `u32`.
    TooLarge,
}

/// Reads `+3d`, `-2 weeks`, `in 1 month` or `3 days ago` (already lowercased
/// and split into words); returns the duration and whether it points forward.
fn parse_relative(words: &[&str]) -> Result<(Duration, bool), QuantityError> {
    match words {
        ["in", quantity @ ..] => Ok((parse_quantity(quantity)?, true)),
        [quantity @ .., "ago"] => Ok((parse_quantity(quantity)?, false)),
        [first, rest @ ..] => {
            let (forward, number) = if let Some(number) = first.strip_prefix('+') {
                (true, number)
            } else if let Some(number) = first.strip_prefix('-') {
                (false, number)
            } else {
                return Err(QuantityError::Invalid);
            };
            let mut quantity = vec![number];
            quantity.extend_from_slice(rest);
            Ok((parse_quantity(&quantity)?, forward))
        }
        [] => Err(QuantityError::Invalid),
    }
}

/// Reads `3d` or `3 days` (one or two lowercased words) as a duration.
fn parse_quantity(words: &[&str]) -> Result<Duration, QuantityError> {
    let (number, unit) = match words {
        [word] => word.split_at(word.find(|c: char| !c.is_ascii_digit()).unwrap_or(word.len())),
        [number, unit] => (*number, *unit),
        _ => return Err(QuantityError::Invalid),
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(QuantityError::Invalid);
    }
    let unit = Unit::parse(unit).ok_or(QuantityError::Invalid)?;
    let count = number.parse().map_err(|_| QuantityError::TooLarge)?;
    Ok(Duration { count, unit })
}

fn parse_weekday(word: &str) -> Option<Weekday> {
    match word {
        "monday" | "mon" => Some(Weekday::Mon),
        "tuesday" | "tue" => Some(Weekday::Tue),
        "wednesday" | "wed" => Some(Weekday::Wed),
        "thursday" | "thu" => Some(Weekday::Thu),
        "friday" | "fri" => Some(Weekday::Fri),
        "saturday" | "sat" => Some(Weekday::Sat),
        "sunday" | "sun" => Some(Weekday::Sun),
        _ => None,
    }
}

/// The first `weekday` strictly after `today`.
fn next_weekday(today: NaiveDate, weekday: Weekday) -> Option<NaiveDate> {
    let from = today.weekday().num_days_from_monday();
    let to = weekday.num_days_from_monday();
    let ahead = match (to + 7 - from) % 7 {
        0 => 7,
        n => n,
    };
    today.checked_add_days(Days::new(u64::from(ahead)))
}

/// `weekday` in the week after `today`'s (weeks run Monday to Sunday).
fn weekday_next_week(today: NaiveDate, weekday: Weekday) -> Option<NaiveDate> {
    let from = today.weekday().num_days_from_monday();
    let ahead = 7 - from + weekday.num_days_from_monday();
    today.checked_add_days(Days::new(u64::from(ahead)))
}

/// The last `weekday` strictly before `today`.
fn last_weekday(today: NaiveDate, weekday: Weekday) -> Option<NaiveDate> {
    let from = today.weekday().num_days_from_monday();
    let to = weekday.num_days_from_monday();
    let back = match (from + 7 - to) % 7 {
        0 => 7,
        n => n,
    };
    today.checked_sub_days(Days::new(u64::from(back)))
}

/// Whether `word` has the shape `DDDD-DD-DD` (digits not yet validated as a
/// real date).
fn looks_like_iso(word: &str) -> bool {
    split_iso(word).is_some()
}

/// Splits `YYYY-MM-DD` (exactly 4, 2 and 2 ASCII digits) into numbers.
fn split_iso(text: &str) -> Option<(i32, u32, u32)> {
    let (year, rest) = text.split_once('-')?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (month, day) = split_month_day(rest)?;
    Some((year.parse().ok()?, month, day))
}

/// Splits `MM-DD` (exactly 2 and 2 ASCII digits) into numbers.
fn split_month_day(text: &str) -> Option<(u32, u32)> {
    let (month, day) = text.split_once('-')?;
    let two_digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(month) || !two_digits(day) {
        return None;
    }
    Some((month.parse().ok()?, day.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_written_as_chrono_writes_them() {
        let mut date = NaiveDate::from_ymd_opt(-2, 12, 25).unwrap();
        let end = NaiveDate::from_ymd_opt(10_001, 1, 3).unwrap();
        while date < end {
            assert_eq!(iso(date), date.format("%Y-%m-%d").to_string());
            date += chrono::Duration::days(if (1..9998).contains(&chrono::Datelike::year(&date)) {
                97
            } else {
                1
            });
        }
    }
    use proptest::prelude::*;

    /// Builds a literal test date; panics only on a typo in the test table.
    fn date(text: &str) -> NaiveDate {
        match parse_iso_date(text) {
            Ok(date) => date,
            Err(error) => panic!("bad test date {text}: {error}"),
        }
    }

    /// 2026-11-22 is a Sunday.
    fn today() -> NaiveDate {
        date("2026-11-22")
    }

    fn check_dates(today: NaiveDate, cases: &[(&str, &str)]) {
        for (input, expected) in cases {
            assert_eq!(parse_date(input, today), Ok(date(expected)), "parsing {input:?} relative to {today}");
        }
    }

    fn invalid(input: &str) -> DateError {
        DateError::InvalidDate { input: input.trim().to_string() }
    }

    #[test]
    fn past_dates_are_refused_for_things_that_happened_and_future_ones_for_plans() {
        assert_eq!(parse_past_date("yesterday", today()), Ok(date("2026-11-21")));
        assert_eq!(parse_past_date("today", today()), Ok(today()));
        assert!(matches!(parse_past_date("tomorrow", today()), Err(DateError::InTheFuture { .. })));
        assert_eq!(parse_future_date("today", today(), "x"), Ok(today()));
        assert_eq!(parse_future_date("+1d", today(), "x"), Ok(date("2026-11-23")));
        let err = parse_future_date("yesterday", today(), "a reminder").unwrap_err();
        assert_eq!(
            err.to_string(),
            "'yesterday' is 2026-11-21, before today (2026-11-22): a reminder must be today or later"
        );
    }

    #[test]
    fn offsets_take_durations_and_the_forward_relative_dates() {
        for (input, expected) in [
            ("3d", "3d"),
            ("+3d", "3d"),
            ("in 2 weeks", "2w"),
            ("In 1 Month", "1m"),
            ("monthly", "1m"),
            ("3", "3d"),
            ("every 2 weeks", "2w"),
        ] {
            assert_eq!(parse_offset(input).map(|d| d.to_string()), Ok(expected.to_string()), "{input}");
        }
        for bad in ["-3d", "3 days ago", "tomorrow", "in", "+", "+3", "in 3", "in every week", "+every 2d"] {
            assert!(matches!(parse_offset(bad), Err(DateError::InvalidDuration { .. })), "{bad}");
        }
    }

    #[test]
    fn within_takes_days_or_durations() {
        for (input, days) in
            [("0", 0), ("7", 7), ("7d", 7), ("2w", 14), ("+2w", 14), ("1m", 30), ("in 1 month", 30)]
        {
            assert_eq!(parse_within(input, today()), Ok(days), "{input}");
        }
        for bad in ["", "-1", "abc", "99999999999", "1.5"] {
            let err = parse_within(bad, today()).unwrap_err();
            assert!(err.to_string().contains("whole number such as 7"), "{bad}: {err}");
        }
        // Far durations stop at the last date netcrm stores.
        assert_eq!(parse_within("9000y", today()).map(|d| d > 2_000_000), Ok(true));
    }

    #[test]
    fn today_is_a_sunday() {
        assert_eq!(today().weekday(), Weekday::Sun);
    }

    #[test]
    fn iso_dates_parse_as_themselves() {
        check_dates(
            today(),
            &[
                ("2026-11-22", "2026-11-22"),
                ("2024-02-29", "2024-02-29"),
                ("1900-01-01", "1900-01-01"),
                ("  2030-12-31  ", "2030-12-31"),
                ("0000-01-01", "0000-01-01"),
            ],
        );
    }

    #[test]
    fn named_days_are_relative_to_today() {
        check_dates(
            today(),
            &[
                ("today", "2026-11-22"),
                ("yesterday", "2026-11-21"),
                ("tomorrow", "2026-11-23"),
                ("TODAY", "2026-11-22"),
                ("  Tomorrow ", "2026-11-23"),
                ("yEsTeRdAy", "2026-11-21"),
            ],
        );
        check_dates(date("2026-12-31"), &[("tomorrow", "2027-01-01")]);
        check_dates(date("2024-03-01"), &[("yesterday", "2024-02-29")]);
    }

    #[test]
    fn weekdays_are_strictly_after_today() {
        // today is Sunday 2026-11-22
        check_dates(
            today(),
            &[
                ("monday", "2026-11-23"),
                ("mon", "2026-11-23"),
                ("tuesday", "2026-11-24"),
                ("tue", "2026-11-24"),
                ("wednesday", "2026-11-25"),
                ("wed", "2026-11-25"),
                ("thursday", "2026-11-26"),
                ("thu", "2026-11-26"),
                ("friday", "2026-11-27"),
                ("fri", "2026-11-27"),
                ("saturday", "2026-11-28"),
                ("sat", "2026-11-28"),
                ("sunday", "2026-11-29"),
                ("sun", "2026-11-29"),
                ("MONDAY", "2026-11-23"),
                ("Fri", "2026-11-27"),
            ],
        );
    }

    #[test]
    fn weekday_equal_to_today_means_a_week_later() {
        // Wednesday 2026-11-25
        check_dates(
            date("2026-11-25"),
            &[
                ("wednesday", "2026-12-02"),
                ("next wed", "2026-12-02"),
                ("next thu", "2026-12-03"),
                ("thursday", "2026-11-26"),
                ("tuesday", "2026-12-01"),
            ],
        );
    }

    #[test]
    fn next_weekday_is_that_day_of_next_week() {
        // Thursday 2026-09-03: `friday` is tomorrow, `next friday` the Friday after.
        check_dates(
            date("2026-09-03"),
            &[
                ("friday", "2026-09-04"),
                ("next friday", "2026-09-11"),
                ("next fri", "2026-09-11"),
                ("next monday", "2026-09-07"),
                ("next thursday", "2026-09-10"),
                ("next sunday", "2026-09-13"),
                ("NEXT   Wed", "2026-09-09"),
            ],
        );
        // On a Sunday, the last day of the week, next week starts tomorrow.
        check_dates(
            today(),
            &[("next monday", "2026-11-23"), ("next sunday", "2026-11-29"), ("next sat", "2026-11-28")],
        );
        // On a Monday, next week's Monday is a week away, as is `monday`.
        check_dates(date("2026-11-23"), &[("next monday", "2026-11-30"), ("next sunday", "2026-12-06")]);
        for bad in ["next", "next week", "next today", "next 3d"] {
            assert_eq!(parse_date(bad, today()), Err(invalid(bad)), "{bad}");
        }
    }

    #[test]
    fn dates_given_in_words_are_confirmed_with_their_weekday() {
        let friday = date("2026-09-04");
        assert_eq!(as_given(friday, "2026-09-04"), "2026-09-04");
        assert_eq!(as_given(friday, " 2026-09-04 "), "2026-09-04");
        for input in ["friday", "fri", "next friday", "+1d", "in 1 day", "tomorrow", "1d"] {
            assert_eq!(as_given(friday, input), "Fri 2026-09-04", "{input}");
        }
    }

    #[test]
    fn birthdays_given_by_the_user_are_not_in_the_future() {
        assert_eq!(parse_birthday("1990-05-12", today()), Ok(Birthday::Full(date("1990-05-12"))));
        assert_eq!(parse_birthday("2026-11-22", today()), Ok(Birthday::Full(today())));
        assert_eq!(parse_birthday("--12-31", today()), Ok(Birthday::Yearless { month: 12, day: 31 }));
        let err = parse_birthday("2026-11-23", today()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid birthday '2026-11-23': it is after today (2026-11-22); give the year of birth, or --MM-DD without one"
        );
        assert!(matches!(parse_birthday("--02-30", today()), Err(DateError::InvalidBirthday { .. })));
    }

    #[test]
    fn last_weekday_is_strictly_before_today() {
        // today is Sunday 2026-11-22
        check_dates(
            today(),
            &[
                ("last friday", "2026-11-20"),
                ("last fri", "2026-11-20"),
                ("last saturday", "2026-11-21"),
                ("last sunday", "2026-11-15"),
                ("last monday", "2026-11-16"),
                ("LAST  Mon", "2026-11-16"),
            ],
        );
        // Friday 2026-11-27: last friday is a week earlier
        check_dates(date("2026-11-27"), &[("last friday", "2026-11-20")]);
    }

    #[test]
    fn signed_offsets_move_from_today() {
        check_dates(
            today(),
            &[
                ("+3d", "2026-11-25"),
                ("-2w", "2026-11-08"),
                ("+1m", "2026-12-22"),
                ("-1y", "2025-11-22"),
                ("+0d", "2026-11-22"),
                ("-0w", "2026-11-22"),
                ("+10d", "2026-12-02"),
                ("+3D", "2026-11-25"),
                ("+2 weeks", "2026-12-06"),
                ("-1 day", "2026-11-21"),
                ("+1 month", "2026-12-22"),
                ("+2 years", "2028-11-22"),
                ("+3days", "2026-11-25"),
                ("-1year", "2025-11-22"),
            ],
        );
    }

    #[test]
    fn in_and_ago_phrases_move_from_today() {
        check_dates(
            today(),
            &[
                ("in 3 days", "2026-11-25"),
                ("in 1 day", "2026-11-23"),
                ("in 2 weeks", "2026-12-06"),
                ("in 1 week", "2026-11-29"),
                ("in 1 month", "2026-12-22"),
                ("in 2 months", "2027-01-22"),
                ("in 1 year", "2027-11-22"),
                ("in 3d", "2026-11-25"),
                ("3 days ago", "2026-11-19"),
                ("1 day ago", "2026-11-21"),
                ("2 weeks ago", "2026-11-08"),
                ("1 month ago", "2026-10-22"),
                ("2 years ago", "2024-11-22"),
                ("2w ago", "2026-11-08"),
                ("  IN   3   Days  ", "2026-11-25"),
                ("3 DAYS AGO", "2026-11-19"),
            ],
        );
    }

    #[test]
    fn months_and_years_clamp_to_month_end() {
        check_dates(date("2026-01-31"), &[("+1m", "2026-02-28"), ("in 1 month", "2026-02-28")]);
        check_dates(date("2024-01-31"), &[("+1m", "2024-02-29"), ("+3m", "2024-04-30")]);
        check_dates(
            date("2024-02-29"),
            &[
                ("+1y", "2025-02-28"),
                ("-1y", "2023-02-28"),
                ("+4y", "2028-02-29"),
                ("1 year ago", "2023-02-28"),
            ],
        );
        check_dates(date("2026-03-31"), &[("-1m", "2026-02-28"), ("1 month ago", "2026-02-28")]);
        check_dates(date("2024-03-31"), &[("-1m", "2024-02-29")]);
        check_dates(date("2026-12-31"), &[("+2m", "2027-02-28")]);
    }

    #[test]
    fn impossible_iso_dates_say_the_day_does_not_exist() {
        for input in ["2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00", "2025-02-29"] {
            let expected = Err(DateError::ImpossibleDate { input: input.to_string() });
            assert_eq!(parse_date(input, today()), expected, "{input}");
            assert_eq!(parse_iso_date(input), expected, "{input}");
        }
        let message = parse_date("2026-02-30", today()).err().map(|error| error.to_string());
        assert_eq!(message.as_deref(), Some("invalid date '2026-02-30': that day does not exist"));
    }

    #[test]
    fn garbage_is_an_invalid_date() {
        for input in [
            "",
            "   ",
            "3",
            "3d",
            "3 days",
            "+d",
            "-d",
            "+",
            "+3",
            "+3x",
            "+ 3d",
            "++3d",
            "+-3d",
            "+3.5d",
            "in",
            "in days",
            "in 3",
            "in 3 fortnights",
            "in -3 days",
            "ago",
            "days ago",
            "3 ago",
            "in 3 days ago",
            "+3d ago",
            "next",
            "last",
            "next week",
            "last today",
            "next today",
            "tues",
            "thurs",
            "mondays",
            "2026-1-5",
            "2026-01-5",
            "26-01-05",
            "2026/01/05",
            "2026-01-05x",
            "2026-01-05 today",
            "20260105",
            "+2026-01-05",
            "weekly",
            "tomorrow tomorrow",
        ] {
            assert_eq!(parse_date(input, today()), Err(invalid(input)), "{input:?}");
        }
    }

    #[test]
    fn invalid_date_message_keeps_the_input_and_gives_a_hint() {
        let message = parse_date("  Someday ", today()).err().map(|error| error.to_string());
        assert_eq!(
            message.as_deref(),
            Some(
                "invalid date 'Someday': use YYYY-MM-DD, today, tomorrow, a weekday such as monday, +3d, in 2 weeks or 3 days ago"
            )
        );
    }

    #[test]
    fn overflow_is_out_of_range_not_a_panic() {
        for input in [
            "+999999999y",
            "-999999999y",
            "+4294967295d",
            "-4294967295w",
            "+4294967295m",
            "in 999999999 years",
            "999999999 years ago",
            "+99999999999999999999d",
            "in 99999999999999999999 days",
        ] {
            assert_eq!(
                parse_date(input, today()),
                Err(DateError::OutOfRange { input: input.to_string() }),
                "{input}"
            );
        }
        for (input, today) in [
            ("tomorrow", NaiveDate::MAX),
            ("monday", NaiveDate::MAX),
            ("+1d", NaiveDate::MAX),
            ("yesterday", NaiveDate::MIN),
            ("last friday", NaiveDate::MIN),
            ("1 month ago", NaiveDate::MIN),
        ] {
            assert_eq!(
                parse_date(input, today),
                Err(DateError::OutOfRange { input: input.to_string() }),
                "{input} from {today}"
            );
        }
    }

    #[test]
    fn dates_past_year_9999_are_out_of_range() {
        // They could not be stored as YYYY-MM-DD.
        for input in ["+8000y", "in 3000000 days"] {
            assert_eq!(parse_date(input, today()), Err(DateError::OutOfRange { input: input.to_string() }));
        }
        assert_eq!(parse_date("9999-12-31", today()), Ok(LAST_DATE));
        assert_eq!(parse_date("+1d", date("9999-12-30")), Ok(LAST_DATE));
        assert!(parse_date("tomorrow", LAST_DATE).is_err());
    }

    #[test]
    fn parse_iso_date_is_strict() {
        assert_eq!(parse_iso_date("2026-11-22"), Ok(today()));
        assert_eq!(parse_iso_date(" 2026-11-22\n"), Ok(today()));
        for input in ["today", "+3d", "monday", "2026-1-5", "", "2026-11-22 x"] {
            assert_eq!(parse_iso_date(input), Err(invalid(input)), "{input:?}");
        }
    }

    #[test]
    fn iso_formats_with_zero_padding() {
        assert_eq!(iso(date("2026-01-05")), "2026-01-05");
        assert_eq!(iso(today()), "2026-11-22");
        assert_eq!(iso(date("0042-03-04")), "0042-03-04");
    }

    fn duration(count: u32, unit: Unit) -> Duration {
        Duration { count, unit }
    }

    #[test]
    fn durations_parse_short_long_and_named_forms() {
        let cases = [
            ("3d", duration(3, Unit::Days), "3d"),
            ("14d", duration(14, Unit::Days), "14d"),
            ("0d", duration(0, Unit::Days), "0d"),
            ("2w", duration(2, Unit::Weeks), "2w"),
            ("1m", duration(1, Unit::Months), "1m"),
            ("1y", duration(1, Unit::Years), "1y"),
            ("3 days", duration(3, Unit::Days), "3d"),
            ("1 day", duration(1, Unit::Days), "1d"),
            ("2 weeks", duration(2, Unit::Weeks), "2w"),
            ("1 week", duration(1, Unit::Weeks), "1w"),
            ("6 months", duration(6, Unit::Months), "6m"),
            ("1 month", duration(1, Unit::Months), "1m"),
            ("2 years", duration(2, Unit::Years), "2y"),
            ("1year", duration(1, Unit::Years), "1y"),
            ("3 d", duration(3, Unit::Days), "3d"),
            ("  3D  ", duration(3, Unit::Days), "3d"),
            ("2   WEEKS", duration(2, Unit::Weeks), "2w"),
            ("weekly", duration(1, Unit::Weeks), "1w"),
            ("fortnightly", duration(2, Unit::Weeks), "2w"),
            ("monthly", duration(1, Unit::Months), "1m"),
            ("quarterly", duration(3, Unit::Months), "3m"),
            ("yearly", duration(1, Unit::Years), "1y"),
            ("Monthly", duration(1, Unit::Months), "1m"),
            ("007d", duration(7, Unit::Days), "7d"),
            ("14", duration(14, Unit::Days), "14d"),
            ("0", duration(0, Unit::Days), "0d"),
            ("biweekly", duration(2, Unit::Weeks), "2w"),
            ("every 2 weeks", duration(2, Unit::Weeks), "2w"),
            ("every 10 days", duration(10, Unit::Days), "10d"),
            ("Every  3 Months", duration(3, Unit::Months), "3m"),
            ("every 1y", duration(1, Unit::Years), "1y"),
            ("every week", duration(1, Unit::Weeks), "1w"),
            ("every day", duration(1, Unit::Days), "1d"),
        ];
        for (input, expected, display) in cases {
            assert_eq!(Duration::parse(input), Ok(expected), "{input:?}");
            assert_eq!(input.parse::<Duration>(), Ok(expected), "{input:?}");
            assert_eq!(expected.to_string(), display, "{input:?}");
            assert_eq!(Duration::parse(display), Ok(expected), "{display:?}");
        }
    }

    #[test]
    fn bad_durations_are_rejected() {
        for input in [
            "",
            "d",
            "+3d",
            "-3d",
            "3x",
            "3 fortnights",
            "3.5d",
            "daily",
            "every",
            "every d",
            "every weeks",
            "every 3",
            "every other week",
            "every 2 weeks ago",
            "-14",
            "in 3 days",
            "3 days ago",
            "3d 2w",
            "3 d w",
            "99999999999d",
            "monthly please",
        ] {
            assert_eq!(
                Duration::parse(input),
                Err(DateError::InvalidDuration { input: input.trim().to_string() }),
                "{input:?}"
            );
        }
    }

    #[test]
    fn zero_durations_are_zero() {
        assert!(duration(0, Unit::Days).is_zero());
        assert!(duration(0, Unit::Years).is_zero());
        assert!(!duration(1, Unit::Days).is_zero());
        assert_eq!(duration(0, Unit::Months).after(today()), Some(today()));
        assert_eq!(duration(0, Unit::Months).before(today()), Some(today()));
    }

    #[test]
    fn duration_arithmetic_clamps_and_detects_overflow() {
        let cases = [
            (duration(1, Unit::Months), "2026-01-31", "2026-02-28", "2025-12-31"),
            (duration(1, Unit::Months), "2024-01-31", "2024-02-29", "2023-12-31"),
            (duration(1, Unit::Months), "2026-03-31", "2026-04-30", "2026-02-28"),
            (duration(1, Unit::Years), "2024-02-29", "2025-02-28", "2023-02-28"),
            (duration(12, Unit::Months), "2024-02-29", "2025-02-28", "2023-02-28"),
            (duration(2, Unit::Weeks), "2026-11-22", "2026-12-06", "2026-11-08"),
            (duration(10, Unit::Days), "2026-12-25", "2027-01-04", "2026-12-15"),
        ];
        for (dur, start, after, before) in cases {
            assert_eq!(dur.after(date(start)), Some(date(after)), "{start} + {dur}");
            assert_eq!(dur.before(date(start)), Some(date(before)), "{start} - {dur}");
        }
        for dur in [
            duration(u32::MAX, Unit::Days),
            duration(u32::MAX, Unit::Weeks),
            duration(u32::MAX, Unit::Months),
            duration(u32::MAX, Unit::Years),
            duration(999_999_999, Unit::Years),
        ] {
            assert_eq!(dur.after(today()), None, "{dur}");
            assert_eq!(dur.before(today()), None, "{dur}");
        }
        assert_eq!(duration(1, Unit::Days).after(NaiveDate::MAX), None);
        assert_eq!(duration(1, Unit::Days).before(NaiveDate::MIN), None);
    }

    #[test]
    fn cadences_parse_and_display() {
        let cases = [
            ("none", Cadence::None, "none"),
            ("NONE", Cadence::None, "none"),
            ("  None ", Cadence::None, "none"),
            ("1d", Cadence::Every(duration(1, Unit::Days)), "1d"),
            ("1w", Cadence::Every(duration(1, Unit::Weeks)), "1w"),
            ("monthly", Cadence::Every(duration(1, Unit::Months)), "1m"),
            ("quarterly", Cadence::Every(duration(3, Unit::Months)), "3m"),
            ("2 weeks", Cadence::Every(duration(2, Unit::Weeks)), "2w"),
            ("14d", Cadence::Every(duration(14, Unit::Days)), "14d"),
            ("14", Cadence::Every(duration(14, Unit::Days)), "14d"),
            ("biweekly", Cadence::Every(duration(2, Unit::Weeks)), "2w"),
            ("every 2 weeks", Cadence::Every(duration(2, Unit::Weeks)), "2w"),
            ("every 10 days", Cadence::Every(duration(10, Unit::Days)), "10d"),
            ("every 3 months", Cadence::Every(duration(3, Unit::Months)), "3m"),
        ];
        for (input, expected, display) in cases {
            assert_eq!(Cadence::parse(input), Ok(expected), "{input:?}");
            assert_eq!(input.parse::<Cadence>(), Ok(expected), "{input:?}");
            assert_eq!(expected.to_string(), display, "{input:?}");
            assert_eq!(Cadence::parse(display), Ok(expected), "{display:?}");
        }
    }

    #[test]
    fn zero_is_a_duration_but_not_a_cadence() {
        assert_eq!(Duration::parse("0d"), Ok(duration(0, Unit::Days)));
        for input in ["0d", "0w", "0m", "0y", "0 days", "0", "every 0 days", "", "never", "-1d", "daily"] {
            assert_eq!(
                Cadence::parse(input),
                Err(DateError::InvalidCadence { input: input.to_string() }),
                "{input:?}"
            );
        }
        let message = Cadence::parse("0w").err().map(|error| error.to_string());
        assert_eq!(
            message.as_deref(),
            Some("invalid cadence '0w': a cadence is at least one day (such as 1w, 1m, monthly) or none")
        );
    }

    #[test]
    fn birthdays_parse_and_display() {
        let cases = [
            ("1990-05-12", Birthday::Full(date("1990-05-12")), "1990-05-12"),
            ("2000-02-29", Birthday::Full(date("2000-02-29")), "2000-02-29"),
            ("--05-12", Birthday::Yearless { month: 5, day: 12 }, "--05-12"),
            ("--02-29", Birthday::Yearless { month: 2, day: 29 }, "--02-29"),
            ("--12-31", Birthday::Yearless { month: 12, day: 31 }, "--12-31"),
            ("  --01-01 ", Birthday::Yearless { month: 1, day: 1 }, "--01-01"),
        ];
        for (input, expected, display) in cases {
            assert_eq!(Birthday::parse(input), Ok(expected), "{input:?}");
            assert_eq!(input.parse::<Birthday>(), Ok(expected), "{input:?}");
            assert_eq!(expected.to_string(), display, "{input:?}");
            assert_eq!(Birthday::parse(display), Ok(expected), "{display:?}");
        }
    }

    #[test]
    fn bad_birthdays_are_rejected() {
        for input in [
            "",
            "--02-30",
            "--13-01",
            "--00-10",
            "--04-31",
            "--1-5",
            "--01-5",
            "-01-05",
            "---01-05",
            "01-05",
            "1990-02-29",
            "1990-13-01",
            "1990-1-5",
            "today",
            "--02-29x",
        ] {
            assert_eq!(
                Birthday::parse(input),
                Err(DateError::InvalidBirthday { input: input.to_string() }),
                "{input:?}"
            );
        }
    }

    #[test]
    fn birthday_occurrence_moves_29_february_to_28_in_non_leap_years() {
        let cases = [
            (Birthday::Yearless { month: 2, day: 29 }, 2024, "2024-02-29"),
            (Birthday::Yearless { month: 2, day: 29 }, 2026, "2026-02-28"),
            (Birthday::Yearless { month: 2, day: 29 }, 2000, "2000-02-29"),
            (Birthday::Yearless { month: 2, day: 29 }, 1900, "1900-02-28"),
            (Birthday::Full(date("2000-02-29")), 2028, "2028-02-29"),
            (Birthday::Full(date("2000-02-29")), 2027, "2027-02-28"),
            (Birthday::Full(date("1990-05-12")), 2026, "2026-05-12"),
            (Birthday::Yearless { month: 12, day: 31 }, 2026, "2026-12-31"),
        ];
        for (birthday, year, expected) in cases {
            assert_eq!(birthday.occurrence_in(year), date(expected), "{birthday} in {year}");
        }
    }

    #[test]
    fn birthday_occurrence_never_panics() {
        let birthday = Birthday::Yearless { month: 2, day: 29 };
        assert_eq!(birthday.occurrence_in(NaiveDate::MAX.year()).month(), 2);
        assert_eq!(birthday.occurrence_in(NaiveDate::MIN.year()).month(), 2);
        assert_eq!(birthday.occurrence_in(i32::MAX).year(), NaiveDate::MAX.year());
        assert_eq!(birthday.occurrence_in(i32::MIN).year(), NaiveDate::MIN.year());
        // Hand-built values outside the grammar are clamped, not panics.
        let odd = Birthday::Yearless { month: 13, day: 40 };
        assert_eq!(odd.occurrence_in(2026), date("2026-12-31"));
        let zero = Birthday::Yearless { month: 0, day: 0 };
        assert_eq!(zero.occurrence_in(2026), date("2026-01-01"));
    }

    fn any_unit() -> impl Strategy<Value = Unit> {
        prop_oneof![Just(Unit::Days), Just(Unit::Weeks), Just(Unit::Months), Just(Unit::Years),]
    }

    proptest! {
        #[test]
        fn duration_arithmetic_is_monotonic_and_display_round_trips(
            offset in 0u64..109_573, // 1900-01-01 up to 2199-12-31
            count in 0u32..1000,
            unit in any_unit(),
        ) {
            let start = date("1900-01-01")
                .checked_add_days(Days::new(offset))
                .unwrap_or_else(|| panic!("offset {offset} out of range"));
            let dur = Duration { count, unit };
            prop_assert!(dur.after(start).is_some_and(|after| after >= start));
            prop_assert!(dur.before(start).is_some_and(|before| before <= start));
            prop_assert_eq!(Duration::parse(&dur.to_string()), Ok(dur));
        }
    }
}
