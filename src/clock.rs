//! The one place that reads the clock: today's date, or `NETCRM_TODAY` when set.
//! Everything else receives `today` as a value.

use chrono::{NaiveDate, Timelike};

use crate::dates;
use crate::error::{Error, Result};

/// Today's local date, or the date in `NETCRM_TODAY` (tests and "what if"); an empty
/// `NETCRM_TODAY` counts as unset.
pub fn today(netcrm_today: Option<&str>) -> Result<NaiveDate> {
    match netcrm_today.filter(|value| !value.is_empty()) {
        Some(value) => {
            dates::parse_iso_date(value).map_err(|_| Error::InvalidToday { input: value.to_string() })
        }
        #[allow(clippy::disallowed_methods)] // the clock is read here and nowhere else
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// This moment in UTC, to the second: the real one, or the start of `NETCRM_TODAY` (UTC
/// midnight) when that is set, so that what a test writes is the same on every run.
/// Only for stamps that say when something was written (a task's DTSTAMP); dates
/// come from [`today`].
pub fn now(netcrm_today: Option<&str>) -> Result<chrono::DateTime<chrono::Utc>> {
    match netcrm_today.filter(|value| !value.is_empty()) {
        Some(_) => Ok(today(netcrm_today)?.and_time(chrono::NaiveTime::MIN).and_utc()),
        #[allow(clippy::disallowed_methods)] // the clock is read here and nowhere else
        None => {
            let now = chrono::Utc::now();
            Ok(now.with_nanosecond(0).unwrap_or(now))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn netcrm_today_fixes_the_date() {
        assert_eq!(today(Some("2026-02-28")).unwrap(), NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
    }

    #[test]
    fn an_invalid_netcrm_today_is_an_error_naming_it() {
        let err = today(Some("2026-02-30")).unwrap_err();
        assert_eq!(err.to_string(), "invalid NETCRM_TODAY '2026-02-30': use YYYY-MM-DD");
        assert!(today(Some("tomorrow")).is_err());
    }

    #[test]
    fn netcrm_today_fixes_the_moment_at_its_midnight_utc() {
        assert_eq!(now(Some("2026-02-28")).unwrap().to_rfc3339(), "2026-02-28T00:00:00+00:00");
        #[allow(clippy::disallowed_methods)]
        let before = chrono::Utc::now();
        let found = now(Some("")).unwrap();
        assert!(found.timestamp() >= before.timestamp() && found.timestamp() <= before.timestamp() + 60);
        assert_eq!(found.nanosecond(), 0);
    }

    #[test]
    fn an_empty_netcrm_today_means_the_real_date() {
        // Read the clock around the call: the date is one of the two (midnight).
        #[allow(clippy::disallowed_methods)]
        let before = chrono::Local::now().date_naive();
        let found = today(Some("")).unwrap();
        #[allow(clippy::disallowed_methods)]
        let after = chrono::Local::now().date_naive();
        assert!(found == before || found == after, "{found} is not today ({before} or {after})");
    }
}
