//! What `stats` counts that the scheduler does not say: interactions per month, as a
//! pure function of their dates (which follow-ups were kept, and when, is each rule's
//! "settled" half: [`crate::scheduler::settled`]). No database, clock or terminal.

use chrono::{Datelike, Months, NaiveDate};

/// Interactions per month for the twelve months up to and including `today`'s,
/// counted a date at a time (the dates need not be kept), from the month of the
/// first record on: a network started in September has no empty months before.
pub struct PerMonth {
    first: NaiveDate,
    today: NaiveDate,
    counts: [usize; 12],
    /// The earliest record seen (an interaction, a contact added).
    first_record: Option<NaiveDate>,
}

impl PerMonth {
    pub fn new(today: NaiveDate) -> PerMonth {
        let this_month = today.with_day(1).unwrap_or(today);
        let first = this_month.checked_sub_months(Months::new(11)).unwrap_or(NaiveDate::MIN);
        PerMonth { first, today, counts: [0; 12], first_record: None }
    }

    /// Notes a record dated `date` (a contact added) without counting it: the chart
    /// starts at the month of the first record.
    pub fn note(&mut self, date: NaiveDate) {
        self.first_record = Some(self.first_record.map_or(date, |first| first.min(date)));
    }

    /// Counts an interaction on `date` if it falls in the twelve months.
    pub fn add(&mut self, date: NaiveDate) {
        self.note(date);
        if date < self.first || date > self.today {
            return;
        }
        let first = self.first;
        let index = (date.year() - first.year()) * 12 + date.month() as i32 - first.month() as i32;
        if let Some(count) = usize::try_from(index).ok().and_then(|i| self.counts.get_mut(i)) {
            *count += 1;
        }
    }

    /// (`YYYY-MM`, count) for each month from the first record's (at most twelve,
    /// this month's at least), oldest first.
    pub fn counts(&self) -> Vec<(String, usize)> {
        let start = self.first_record.map_or(11, |first| {
            let months =
                (first.year() - self.first.year()) * 12 + first.month() as i32 - self.first.month() as i32;
            u32::try_from(months).unwrap_or(0).min(11)
        });
        (start..12u32)
            .map(|i| {
                let month = self.first.checked_add_months(Months::new(i)).unwrap_or(self.first);
                (month.format("%Y-%m").to_string(), self.counts[i as usize])
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        crate::dates::parse_iso_date(text).unwrap()
    }

    #[test]
    fn interactions_per_month_cover_twelve_months_up_to_today() {
        let dates =
            ["2025-11-30", "2025-12-01", "2025-12-31", "2026-06-15", "2026-11-22", "2026-11-23"].map(date);
        let mut months = PerMonth::new(date("2026-11-22"));
        for day in dates {
            months.add(day);
        }
        let months = months.counts();
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], ("2025-12".to_string(), 2));
        assert_eq!(months[6], ("2026-06".to_string(), 1));
        assert_eq!(months[11], ("2026-11".to_string(), 1));
        assert_eq!(months.iter().map(|(_, n)| n).sum::<usize>(), 4);
    }

    #[test]
    fn interactions_per_month_start_at_the_month_of_the_first_record() {
        let mut months = PerMonth::new(date("2026-11-22"));
        months.note(date("2026-09-30"));
        months.add(date("2026-10-02"));
        months.add(date("2026-11-01"));
        assert_eq!(
            months.counts(),
            [("2026-09".to_string(), 0), ("2026-10".to_string(), 1), ("2026-11".to_string(), 1)]
        );
        // A first record older than the twelve months: twelve months.
        months.add(date("2020-01-01"));
        assert_eq!(months.counts().len(), 12);
        // No record yet: this month alone.
        assert_eq!(PerMonth::new(date("2026-11-22")).counts(), [("2026-11".to_string(), 0)]);
        // A record dated after today (a contact added by a clock set ahead).
        let mut months = PerMonth::new(date("2026-11-22"));
        months.note(date("2027-01-01"));
        assert_eq!(months.counts(), [("2026-11".to_string(), 0)]);
    }
}
