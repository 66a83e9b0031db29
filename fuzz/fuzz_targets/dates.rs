//! DATE, DURATION, cadence, birthday and `--within` parsing: any text is a value or
//! an error, never a panic (overflowing arithmetic included).
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use netcrm::dates;

fuzz_target!(|input: &str| {
    for today in [NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), NaiveDate::MIN, NaiveDate::MAX] {
        let _ = dates::parse_date(input, today);
        let _ = dates::parse_past_date(input, today);
        let _ = dates::parse_future_date(input, today, "a reminder");
        let _ = dates::parse_within(input, today);
    }
    if let Ok(offset) = dates::parse_offset(input) {
        let _ = offset.after(NaiveDate::MAX);
        let _ = offset.before(NaiveDate::MIN);
    }
    let _ = dates::parse_iso_date(input);
    let _ = dates::Cadence::parse(input);
    if let Ok(birthday) = dates::Birthday::parse(input) {
        let _ = birthday.occurrence_in(2026);
        let _ = birthday.occurrence_in(2027);
    }
});
