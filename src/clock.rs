//! The one place that reads the clock: today's date, or `NETCRM_TODAY` when set.
//! Everything else receives `today` as a value.

use chrono::NaiveDate;

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
