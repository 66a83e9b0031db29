//! The calendar reader `scan` uses (VEVENTs, RRULE recurrences, EXDATE, overrides,
//! time zones): any text is events or an error, never a panic or a hang.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use netcrm::formats::calendar;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let until = NaiveDate::from_ymd_opt(2026, 12, 1).expect("a valid date");
    let _ = calendar::read(&text, "fuzz", until, &|moment| moment.date_naive());
});
