//! How urgent a due follow-up is (DESIGN.md "Urgency"): weight(kind) x (1 +
//! min(days overdue / scale, 3)), for items due today or overdue; items due later have
//! none. Pure: a kind, a number of days and a scale in, a value out; no database, no
//! clock (today is passed in).
//!
//! The weights say what matters most on a job search: a new lead before news owed to
//! those who helped, those before thanks, thanks before a birthday, a birthday before
//! a routine check-in. Lateness counts relative to the item's own rhythm (a check-in a
//! week late on a monthly cadence is less late than a thank-you a week late), and is
//! capped so that a check-in forgotten for two years never outranks today's lead.

use std::cmp::Ordering;
use std::fmt;

use chrono::NaiveDate;

use crate::dates::Duration;
use crate::model::{FollowUp, FollowUpKind};

/// How much lateness counts, in multiples of the scale: past it, an item is no more
/// urgent.
pub const CAP: u32 = 3;

/// How much an item of each kind matters on the day it is due. One line per kind:
/// a new kind is one more line, and the compiler asks for it.
pub const fn weight(kind: FollowUpKind) -> u32 {
    match kind {
        FollowUpKind::Lead => 5,
        FollowUpKind::Outcome => 4,
        FollowUpKind::Chase => 4,
        FollowUpKind::ThankYou => 3,
        FollowUpKind::IntroThanks => 3,
        FollowUpKind::FavorThanks => 3,
        FollowUpKind::Reminder => 3,
        FollowUpKind::Birthday => 2,
        FollowUpKind::NoReply => 3,
        FollowUpKind::CheckIn => 1,
        FollowUpKind::Reconnect => 1,
    }
}

/// The urgency of a due item, kept exact: the kind, the days it is overdue and the
/// days one step of lateness takes. Urgencies compare by their value (two items are
/// equally urgent when their values are equal, whatever their kinds), exactly, with
/// no rounding: `3 x (1 + 1/3)` equals `4 x (1 + 0/2)`.
#[derive(Debug, Clone, Copy)]
pub struct Urgency {
    kind: FollowUpKind,
    overdue: u32,
    scale: u32,
}

/// The urgency of an item of `kind` that is `days_overdue` days overdue (0: due
/// today; negative: due later, which has none), where `scale_days` days of lateness
/// count as one step (at least 1 is used).
pub fn urgency(kind: FollowUpKind, days_overdue: i64, scale_days: u32) -> Option<Urgency> {
    if days_overdue < 0 {
        return None;
    }
    let overdue = u32::try_from(days_overdue).unwrap_or(u32::MAX);
    Some(Urgency { kind, overdue, scale: scale_days.max(1) })
}

/// The urgency of `follow_up` on `today`: none before its due date.
pub fn of(follow_up: &FollowUp, today: NaiveDate) -> Option<Urgency> {
    // Dates are within years 1 to 9999, so the days fit.
    urgency(follow_up.kind, (today - follow_up.due_on).num_days(), follow_up.scale_days)
}

/// The scale of every kind but a check-in: `thank-you-within` in days, counted back
/// from the item's due date (a month is the month before it), at least 1.
pub fn thanks_scale(thank_you_within: Duration, due_on: NaiveDate) -> u32 {
    let days = thank_you_within.before(due_on).map_or(1, |start| (due_on - start).num_days());
    u32::try_from(days).unwrap_or(u32::MAX).max(1)
}

/// The scale of a check-in: its cadence in days, the due date minus the day it
/// counts from (the last interaction), at least 1. A monthly cadence from 10-21 is 31.
pub fn cadence_scale(since: NaiveDate, due_on: NaiveDate) -> u32 {
    u32::try_from((due_on - since).num_days()).unwrap_or(u32::MAX).max(1)
}

impl Urgency {
    /// The lateness that counts: the days overdue, at most [`CAP`] scales.
    fn counted(&self) -> u64 {
        u64::from(self.overdue).min(u64::from(CAP) * u64::from(self.scale))
    }

    /// The value as a fraction: weight x (scale + counted days), over the scale.
    fn fraction(&self) -> (u128, u128) {
        let scale = u64::from(self.scale);
        (u128::from(weight(self.kind)) * u128::from(scale + self.counted()), u128::from(scale))
    }

    /// The value: between the kind's weight (due today) and four times it (late by
    /// the cap or more).
    pub fn value(&self) -> f64 {
        let (numerator, denominator) = self.fraction();
        numerator as f64 / denominator as f64
    }

    /// The value rounded to 2 decimals, as the JSON gives it.
    pub fn rounded(&self) -> f64 {
        (self.value() * 100.0).round() / 100.0
    }

    /// Whether lateness reached the cap.
    pub fn capped(&self) -> bool {
        u64::from(self.overdue) > self.counted()
    }

    pub fn kind(&self) -> FollowUpKind {
        self.kind
    }

    pub fn days_overdue(&self) -> u32 {
        self.overdue
    }

    pub fn scale(&self) -> u32 {
        self.scale
    }
}

impl PartialEq for Urgency {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Urgency {}

impl PartialOrd for Urgency {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Urgency {
    /// By value, exactly: a/b against c/d as a x d against c x b (which fit: each is
    /// below 2^32 x 2^35 x 2^32).
    fn cmp(&self, other: &Self) -> Ordering {
        let ((a, b), (c, d)) = (self.fraction(), other.fraction());
        (a * d).cmp(&(c * b))
    }
}

/// The arithmetic of an item's urgency, for `due --explain`: `lead, 1 day overdue:
/// 5 x (1 + 1/2) = 7.5`, with `min(95/31, 3)` where the cap applies, or why it has
/// none (`check-in, due in 3 days: no urgency until it is due`).
pub fn explain(follow_up: &FollowUp, today: NaiveDate) -> String {
    match of(follow_up, today) {
        Some(urgency) => urgency.to_string(),
        None => {
            let days = (follow_up.due_on - today).num_days();
            let when = if days == 1 { "due tomorrow".to_string() } else { format!("due in {days} days") };
            format!("{}, {when}: no urgency until it is due", follow_up.kind)
        }
    }
}

impl fmt::Display for Urgency {
    /// The arithmetic, as [`explain`] gives it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, days, scale) = (self.kind, self.overdue, self.scale);
        let when = match days {
            0 => "due today".to_string(),
            1 => "1 day overdue".to_string(),
            _ => format!("{days} days overdue"),
        };
        let lateness =
            if self.capped() { format!("min({days}/{scale}, {CAP})") } else { format!("{days}/{scale}") };
        write!(f, "{kind}, {when}: {} x (1 + {lateness}) = {}", weight(kind), number(self.value()))
    }
}

/// A number with at most 2 decimals and no trailing zeros: `7.5`, `5`, `1.33`.
pub fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Unit;
    use proptest::prelude::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// The urgency of a `kind` item `days` overdue with a scale of `scale` days, rounded.
    fn value(kind: FollowUpKind, days: i64, scale: u32) -> Option<f64> {
        urgency(kind, days, scale).map(|u| u.rounded())
    }

    #[test]
    fn every_kind_weighs_as_the_design_lists_it() {
        use FollowUpKind::*;
        let table = [
            (Lead, 5),
            (Outcome, 4),
            (Chase, 4),
            (NoReply, 3),
            (ThankYou, 3),
            (IntroThanks, 3),
            (FavorThanks, 3),
            (Reminder, 3),
            (Birthday, 2),
            (CheckIn, 1),
            (Reconnect, 1),
        ];
        assert_eq!(table.len(), FollowUpKind::ALL.len(), "a kind is missing from this table");
        for (kind, expected) in table {
            assert_eq!(weight(kind), expected, "{kind}");
            // Due today: the weight itself.
            assert_eq!(value(kind, 0, 2), Some(f64::from(expected)), "{kind}");
        }
    }

    #[test]
    fn urgency_grows_with_lateness_relative_to_the_scale() {
        use FollowUpKind::*;
        let table = [
            // kind, days overdue, scale, urgency
            (Lead, 1, 2, 7.5),
            (Lead, 2, 2, 10.0),
            (Outcome, 1, 2, 6.0),
            (Chase, 3, 2, 10.0),
            (ThankYou, 1, 2, 4.5),
            (IntroThanks, 4, 2, 9.0),
            (FavorThanks, 1, 3, 4.0),
            (Reminder, 2, 7, 3.86),
            (Birthday, 1, 2, 3.0),
            (CheckIn, 10, 31, 1.32),
            (CheckIn, 31, 31, 2.0),
            (CheckIn, 1, 3, 1.33),
            (CheckIn, 2, 3, 1.67),
        ];
        for (kind, days, scale, expected) in table {
            assert_eq!(value(kind, days, scale), Some(expected), "{kind}, {days} days late, scale {scale}");
        }
    }

    #[test]
    fn lateness_counts_up_to_three_scales() {
        use FollowUpKind::*;
        // A check-in forgotten for two years never outranks today's lead.
        assert_eq!(value(CheckIn, 730, 31), Some(4.0));
        assert!(urgency(CheckIn, 730, 31) < urgency(Lead, 0, 2));
        assert_eq!(value(Lead, 6, 2), Some(20.0));
        assert_eq!(value(Lead, 7, 2), Some(20.0));
        assert_eq!(value(Lead, 5, 2), Some(17.5));
        assert!(!urgency(Lead, 6, 2).unwrap().capped());
        assert!(urgency(Lead, 7, 2).unwrap().capped());
    }

    #[test]
    fn items_due_later_have_no_urgency() {
        assert_eq!(urgency(FollowUpKind::Lead, -1, 2), None);
        assert_eq!(urgency(FollowUpKind::CheckIn, -30, 31), None);
        assert!(urgency(FollowUpKind::CheckIn, 0, 31).is_some());
    }

    #[test]
    fn a_scale_of_zero_days_counts_as_one() {
        // thank-you-within 0d: lateness counts a day at a time.
        assert_eq!(value(FollowUpKind::ThankYou, 1, 0), Some(6.0));
        assert_eq!(thanks_scale(Duration { count: 0, unit: Unit::Days }, date("2026-11-22")), 1);
    }

    #[test]
    fn the_scales_are_thank_you_within_and_the_cadence_in_days() {
        let within = |count, unit| Duration { count, unit };
        assert_eq!(thanks_scale(within(2, Unit::Days), date("2026-11-22")), 2);
        assert_eq!(thanks_scale(within(1, Unit::Weeks), date("2026-11-22")), 7);
        // A month counted back from the due date: October has 31 days, February 28.
        assert_eq!(thanks_scale(within(1, Unit::Months), date("2026-11-21")), 31);
        assert_eq!(thanks_scale(within(1, Unit::Months), date("2026-03-15")), 28);
        // DESIGN.md: a monthly cadence from 10-21 is 31 days.
        assert_eq!(cadence_scale(date("2026-10-21"), date("2026-11-21")), 31);
        assert_eq!(cadence_scale(date("2026-11-21"), date("2026-11-21")), 1);
    }

    #[test]
    fn equal_values_are_equal_whatever_the_kind() {
        use FollowUpKind::*;
        // 3 x (1 + 1/3) = 4 = 4 x (1 + 0/2), exactly.
        assert_eq!(urgency(ThankYou, 1, 3), urgency(Outcome, 0, 2));
        assert_eq!(urgency(ThankYou, 1, 3).unwrap().value(), 4.0);
        assert!(urgency(ThankYou, 1, 3) > urgency(ThankYou, 0, 3));
    }

    #[test]
    fn the_explanation_shows_the_arithmetic() {
        use FollowUpKind::*;
        let shown = |kind, days, scale| urgency(kind, days, scale).unwrap().to_string();
        assert_eq!(shown(Lead, 1, 2), "lead, 1 day overdue: 5 x (1 + 1/2) = 7.5");
        assert_eq!(shown(Lead, 0, 2), "lead, due today: 5 x (1 + 0/2) = 5");
        assert_eq!(shown(CheckIn, 10, 31), "check-in, 10 days overdue: 1 x (1 + 10/31) = 1.32");
        assert_eq!(shown(CheckIn, 95, 31), "check-in, 95 days overdue: 1 x (1 + min(95/31, 3)) = 4");
        assert_eq!(shown(ThankYou, 1, 3), "thank-you, 1 day overdue: 3 x (1 + 1/3) = 4");
        assert_eq!(shown(Reminder, 2, 3), "reminder, 2 days overdue: 3 x (1 + 2/3) = 5");
        assert_eq!(shown(Birthday, 1, 3), "birthday, 1 day overdue: 2 x (1 + 1/3) = 2.67");
    }

    #[test]
    fn numbers_have_at_most_two_decimals() {
        assert_eq!(number(7.5), "7.5");
        assert_eq!(number(5.0), "5");
        assert_eq!(number(4.0 / 3.0), "1.33");
        assert_eq!(number(20.0 / 3.0), "6.67");
        assert_eq!(number(1.005), "1");
    }

    fn any_kind() -> impl Strategy<Value = FollowUpKind> {
        proptest::sample::select(FollowUpKind::ALL.to_vec())
    }

    proptest! {
        /// More overdue never ranks lower, whatever the kind and the scale.
        #[test]
        fn more_overdue_never_ranks_lower(
            kind in any_kind(),
            days in 0i64..5_000,
            more in 0i64..5_000,
            scale in 0u32..800,
        ) {
            let (earlier, later) = (urgency(kind, days, scale).unwrap(), urgency(kind, days + more, scale).unwrap());
            prop_assert!(later >= earlier);
            prop_assert!(later.value() >= earlier.value());
            prop_assert!(later.rounded() >= earlier.rounded());
        }

        /// A heavier kind with the same lateness (days and scale) ranks higher.
        #[test]
        fn a_heavier_kind_with_the_same_lateness_ranks_higher(
            a in any_kind(),
            b in any_kind(),
            days in 0i64..5_000,
            scale in 0u32..800,
        ) {
            let (ua, ub) = (urgency(a, days, scale).unwrap(), urgency(b, days, scale).unwrap());
            prop_assert_eq!(weight(a).cmp(&weight(b)), ua.cmp(&ub));
            if weight(a) > weight(b) {
                prop_assert!(ua.rounded() > ub.rounded());
            }
        }

        /// The value stays between the weight and four times it, and rounding moves it
        /// by at most half a hundredth.
        #[test]
        fn the_value_is_bounded_by_the_weight_and_the_cap(
            kind in any_kind(),
            days in 0i64..100_000,
            scale in 0u32..100_000,
        ) {
            let u = urgency(kind, days, scale).unwrap();
            let w = f64::from(weight(kind));
            prop_assert!(u.value() >= w && u.value() <= w * 4.0);
            prop_assert!((u.rounded() - u.value()).abs() <= 0.005 + 1e-9);
        }

        /// Nothing is urgent before its due date.
        #[test]
        fn nothing_is_urgent_before_it_is_due(kind in any_kind(), early in 1i64..100_000, scale in 0u32..800) {
            prop_assert!(urgency(kind, -early, scale).is_none());
        }
    }
}
