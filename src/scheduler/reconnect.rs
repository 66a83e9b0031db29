//! Dormant ties (DESIGN.md "Rhythm"): who `netcrm reconnect` lists, ranked, and whom
//! each ISO week's Monday picks for `due`. Pure: the ties, the day and the settings in,
//! the ranked list or the picks out; no database, clock or terminal.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::dates::Duration;
use crate::text;

/// What the ranking reads of one contact: their interactions (any kind, the `met`
/// `add` records included) dated up to the day the list is made for.
#[derive(Debug, Clone, PartialEq)]
pub struct Tie {
    pub contact_id: i64,
    pub contact: String,
    pub interactions: u32,
    /// The latest of them.
    pub last: NaiveDate,
}

/// A dormant tie, ranked.
#[derive(Debug, Clone, PartialEq)]
pub struct Dormant {
    pub tie: Tie,
    /// Days since the last interaction / 365.25, unrounded.
    pub years: f64,
    /// interactions x min(years, [`YEARS_CAP`]).
    pub score: f64,
}

/// Past this many years, a tie is no more dormant for the ranking: ten years of
/// silence do not outrank five with more history.
pub const YEARS_CAP: f64 = 5.0;

/// At least this many interactions ever make a tie worth reviving (one meeting long
/// ago is an acquaintance, not a tie).
pub const MIN_INTERACTIONS: u32 = 2;

/// How long a pick keeps a contact out of later weeks' picks (whether it was done,
/// snoozed or lapsed).
pub const PICKED_KEEPS_OUT_DAYS: u64 = 90;

/// The dormant ties among `ties` on `today`: at least [`MIN_INTERACTIONS`], the last
/// one more than `dormant_after` ago (calendar arithmetic: last + dormant_after before
/// today), ranked by interactions x min(years since the last, 5), highest first, then
/// by name (folded), then by id. The caller leaves out those whose cadence the user
/// set to `none`.
pub fn dormant(
    ties: impl IntoIterator<Item = Tie>,
    today: NaiveDate,
    dormant_after: Duration,
) -> Vec<Dormant> {
    let mut found: Vec<Dormant> = ties
        .into_iter()
        .filter(|t| t.interactions >= MIN_INTERACTIONS)
        .filter(|t| dormant_after.after(t.last).is_some_and(|quiet| quiet < today))
        .map(|tie| {
            let years = (today - tie.last).num_days() as f64 / 365.25;
            let score = f64::from(tie.interactions) * years.min(YEARS_CAP);
            Dormant { tie, years, score }
        })
        .collect();
    found.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| text::fold(&a.tie.contact).cmp(&text::fold(&b.tie.contact)))
            .then(a.tie.contact_id.cmp(&b.tie.contact_id))
    });
    found
}

/// The first Monday whose picks keep a contact out of the picks of the week of
/// `monday`: those of the [`PICKED_KEEPS_OUT_DAYS`] before it count.
pub fn keeps_out_from(monday: NaiveDate) -> NaiveDate {
    monday.checked_sub_days(chrono::Days::new(PICKED_KEEPS_OUT_DAYS)).unwrap_or(NaiveDate::MIN)
}

/// The week's picks: the first `count` of the ranked list `ranked` who were not
/// picked in the [`PICKED_KEEPS_OUT_DAYS`] before the week's Monday (`recent`).
pub fn pick(ranked: &[Dormant], count: u32, recent: &HashSet<i64>) -> Vec<i64> {
    ranked.iter().map(|d| d.tie.contact_id).filter(|id| !recent.contains(id)).take(count as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Week;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn tie(id: i64, name: &str, interactions: u32, last: &str) -> Tie {
        Tie { contact_id: id, contact: name.into(), interactions, last: date(last) }
    }

    fn year() -> Duration {
        Duration::parse("1y").unwrap()
    }

    fn ids(list: &[Dormant]) -> Vec<i64> {
        list.iter().map(|d| d.tie.contact_id).collect()
    }

    #[test]
    fn dormant_ties_are_ranked_by_interactions_times_years_capped_at_five_then_name() {
        let today = date("2026-12-07");
        let list = dormant(
            [
                tie(1, "Ada", 10, "2024-12-06"), // 10 x 731 / 365.25 = 20.01
                tie(2, "Bob", 4, "2016-12-07"),  // 4 x min(10, 5) = 20
                tie(3, "Cy", 30, "2025-12-06"),  // 30 x 1.0 = 30
                tie(4, "Di", 1, "2010-01-01"),   // one interaction: not a tie
                tie(5, "Ed", 50, "2025-12-07"),  // last + 1y = today: not dormant yet
                tie(6, "ada", 10, "2024-12-06"), // the same score as Ada's: by name folded, then id
            ],
            today,
            year(),
        );
        assert_eq!(ids(&list), [3, 1, 6, 2]);
        let cy = &list[0];
        assert!((cy.years - 366.0 / 365.25).abs() < 1e-12, "{}", cy.years);
        assert!((cy.score - 30.0 * 366.0 / 365.25).abs() < 1e-9);
        assert!((list[3].score - 20.0).abs() < 1e-12, "capped at five years");
    }

    #[test]
    fn dormant_after_is_calendar_arithmetic() {
        let month = Duration::parse("1m").unwrap();
        // 01-31 + 1 month = 02-28: dormant on 03-01, not on 02-28.
        assert!(dormant([tie(1, "Ada", 2, "2026-01-31")], date("2026-02-28"), month).is_empty());
        assert_eq!(ids(&dormant([tie(1, "Ada", 2, "2026-01-31")], date("2026-03-01"), month)), [1]);
    }

    #[test]
    fn a_pick_keeps_a_contact_out_for_ninety_days() {
        let monday = date("2027-03-01");
        let from = keeps_out_from(monday);
        // Twelve weeks before (84 days) counts; thirteen (91 days) no longer.
        assert!(date("2026-12-07") >= from);
        assert!(date("2026-11-30") < from);
        assert_eq!(from, date("2026-12-01"));
    }

    #[test]
    fn a_week_picks_the_top_of_the_list_skipping_those_picked_recently() {
        let list = dormant(
            [tie(1, "Ada", 9, "2020-01-01"), tie(2, "Bob", 8, "2020-01-01"), tie(3, "Cy", 7, "2020-01-01")],
            date("2026-12-07"),
            year(),
        );
        assert_eq!(pick(&list, 2, &HashSet::new()), [1, 2]);
        assert_eq!(pick(&list, 2, &HashSet::from([1])), [2, 3]);
        assert_eq!(pick(&list, 5, &HashSet::from([2])), [1, 3]);
        assert_eq!(pick(&list, 0, &HashSet::new()), Vec::<i64>::new());
        // Weeks across a year's end: 2026 has a week 53.
        let w53 = Week::of(date("2026-12-31"));
        assert_eq!(w53.to_string(), "2026-W53");
        assert_eq!(Week::of(date("2027-01-03")), w53);
        assert_eq!(Week::of(date("2027-01-04")).to_string(), "2027-W01");
        assert_eq!(w53.monday(), date("2026-12-28"));
    }
}
