//! The calendar reader `scan` uses (VEVENTs, RRULE recurrences, EXDATE, overrides,
//! time zones): any text is events or an error, never a panic, a hang, a deep
//! recursion or memory that grows with the occurrences of a rule. Every date of every
//! recurring event is asked for, as `scan` does for one with you and a contact.
//! Seeds in `seeds/calendar/` hold the shapes of issue 23 (rules every second,
//! components nested past the limit, many EXDATEs and moved occurrences).
#![no_main]

use chrono::{DateTime, NaiveDate, Utc};
use libfuzzer_sys::fuzz_target;
use netcrm::formats::calendar::{self, Item};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let until = NaiveDate::from_ymd_opt(2026, 12, 1).expect("a valid date");
    let to_local = |moment: DateTime<Utc>| moment.date_naive();
    let Ok(calendar) = calendar::read(&text, "fuzz") else {
        return;
    };
    for item in calendar.items(until, &to_local) {
        if let Item::Series(series) = item {
            let mut dates = series.dates();
            let mut last = None;
            for on in dates.by_ref() {
                // In order, each date once, none after `until`.
                assert!(on <= until && last.is_none_or(|last| last < on), "{last:?} then {on}");
                last = Some(on);
            }
            let _ = dates.too_frequent();
        }
    }
});
