//! Goals' progress and streaks (DESIGN.md "Rhythm"): how many of what a goal counts
//! fall in the current week or month, and how many periods in a row met it. Pure: the
//! dates of what is counted in, the progress out; no database, clock or terminal.
//! Weeks are ISO weeks (Monday to Sunday; 2026 has a week 53), months calendar months.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::dates::{Month, Week};
use crate::model::{Goal, Per};

/// One period a goal counts over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Week(Week),
    Month(Month),
}

impl Period {
    /// The period of kind `per` that `date` falls in.
    pub fn of(per: Per, date: NaiveDate) -> Period {
        match per {
            Per::Week => Period::Week(Week::of(date)),
            Per::Month => Period::Month(Month::of(date)),
        }
    }

    /// The period before.
    pub fn previous(self) -> Option<Period> {
        match self {
            Period::Week(week) => week.previous().map(Period::Week),
            Period::Month(month) => month.previous().map(Period::Month),
        }
    }

    /// Its first day.
    pub fn start(self) -> NaiveDate {
        match self {
            Period::Week(week) => week.monday(),
            Period::Month(month) => month.first(),
        }
    }
}

/// A goal's progress in the current period and its streak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub goal: Goal,
    /// How many it counts in the period `today` falls in.
    pub done: u32,
    /// Consecutive periods that met the target, up to the current one, which counts
    /// only once it is met (the target now applies to every period, those before the
    /// goal was set included).
    pub streak: u32,
}

/// `goal`'s progress on `today`, from the dates of what it counts (those after today
/// are left out).
pub fn progress(goal: Goal, today: NaiveDate, dates: &[NaiveDate]) -> Progress {
    let mut counts: HashMap<Period, u32> = HashMap::new();
    for date in dates.iter().filter(|d| **d <= today) {
        *counts.entry(Period::of(goal.per, *date)).or_default() += 1;
    }
    let met = |period: &Period| counts.get(period).is_some_and(|n| *n >= goal.target);
    let current = Period::of(goal.per, today);
    let done = counts.get(&current).copied().unwrap_or(0);
    let mut streak = u32::from(met(&current));
    let mut period = current.previous();
    while let Some(before) = period.filter(met) {
        streak += 1;
        period = before.previous();
    }
    Progress { goal, done, streak }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::GoalWhat;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn goal(target: u32, per: Per) -> Goal {
        Goal { what: GoalWhat::Conversations, target, per }
    }

    fn dates(list: &[&str]) -> Vec<NaiveDate> {
        list.iter().map(|d| date(d)).collect()
    }

    #[test]
    fn a_weekly_streak_runs_across_week_53_and_the_year_end() {
        // Two a week: 2026-W52 (12-21..27), W53 (12-28..2027-01-03), 2027-W01 (01-04..10).
        let history = dates(&[
            "2026-12-21",
            "2026-12-27", // W52: 2
            "2026-12-28",
            "2027-01-03", // W53: 2, across the year's end
            "2027-01-04", // W01: 1 so far
        ]);
        let weekly = goal(2, Per::Week);
        // Sunday of W53: met this week and the week before.
        assert_eq!(
            progress(weekly, date("2027-01-03"), &history),
            Progress { goal: weekly, done: 2, streak: 2 }
        );
        // Monday of W01: one so far, not met yet: the streak is the weeks before.
        assert_eq!(
            progress(weekly, date("2027-01-04"), &history),
            Progress { goal: weekly, done: 1, streak: 2 }
        );
        // A week missed breaks it.
        assert_eq!(progress(weekly, date("2027-01-11"), &history).streak, 0);
        // W53's Monday: the item dated on 2027-01-03 is after today and not yet counted.
        assert_eq!(progress(weekly, date("2026-12-28"), &history).done, 1);
    }

    #[test]
    fn a_monthly_streak_counts_calendar_months_to_their_last_day() {
        let history = dates(&["2026-01-31", "2026-02-01", "2026-02-28", "2026-03-01", "2026-03-31"]);
        let monthly = goal(2, Per::Month);
        // February met (02-01, 02-28); January had one.
        assert_eq!(
            progress(monthly, date("2026-02-28"), &history),
            Progress { goal: monthly, done: 2, streak: 1 }
        );
        // March the 1st: one so far; February's streak stands.
        assert_eq!(
            progress(monthly, date("2026-03-01"), &history),
            Progress { goal: monthly, done: 1, streak: 1 }
        );
        // March the 31st: two in March, two in February.
        assert_eq!(
            progress(monthly, date("2026-03-31"), &history),
            Progress { goal: monthly, done: 2, streak: 2 }
        );
        // A target of one: January too.
        assert_eq!(progress(goal(1, Per::Month), date("2026-03-31"), &history).streak, 3);
        // Nothing at all.
        assert_eq!(
            progress(monthly, date("2026-03-31"), &[]),
            Progress { goal: monthly, done: 0, streak: 0 }
        );
    }

    proptest! {
        /// Doing one more thing never lowers a goal's progress or its streak, and the
        /// streak never counts more periods than have anything in them.
        #[test]
        fn one_more_never_lowers_progress_or_streak(
            days in prop::collection::vec(0u64..800, 0..40),
            extra in 0u64..800,
            target in 1u32..4,
            monthly in any::<bool>(),
            today in 0u64..800,
        ) {
            let start = date("2025-12-01");
            let day = |n: u64| start + chrono::Days::new(n);
            let goal = goal(target, if monthly { Per::Month } else { Per::Week });
            let history: Vec<NaiveDate> = days.iter().map(|n| day(*n)).collect();
            let mut more = history.clone();
            more.push(day(extra));
            let (before, after) = (progress(goal, day(today), &history), progress(goal, day(today), &more));
            prop_assert!(after.done >= before.done);
            prop_assert!(after.streak >= before.streak);
            let periods: std::collections::HashSet<Period> =
                history.iter().filter(|d| **d <= day(today)).map(|d| Period::of(goal.per, *d)).collect();
            prop_assert!(before.streak as usize <= periods.len());
        }
    }
}
