//! Tie strength: how close you are to a contact, from your interactions with them
//! (DESIGN.md "Ties and reach"). Pure: dates and today in, a number out; no database,
//! no clock.
//!
//! strength = (1 - e^(-f/4)) x e^(-r/180), where f is the number of interactions of
//! any kind (the `met` that `add` records included) dated in the last 365 days (today
//! and the 364 days before), and r the days since the last interaction (or, with none,
//! since the contact's `met_on`, else `created_at`). Frequency and recency are the two
//! best single predictors of tie strength in the published studies (Granovetter's
//! "strength of weak ties", Gilbert and Karahalios's "Predicting tie strength with
//! social media", Marsden and Campbell's measures): the first factor grows with each
//! interaction and saturates (4 interactions a year give 0.63, 8 give 0.86, 12 give
//! 0.95), the second halves in about four months without contact (e^(-125/180) = 0.5),
//! so that a once-close tie left alone for a year counts for a tenth of what it did.
//! The result lies in [0, 1): no interaction in the last year is 0.

use chrono::NaiveDate;

/// How many interactions make the frequency factor reach 1 - 1/e (0.63).
pub const FREQUENCY_SCALE: f64 = 4.0;

/// How many days without contact divide the recency factor by e (about four months
/// halve it).
pub const RECENCY_SCALE_DAYS: f64 = 180.0;

/// How far back interactions count for the frequency: today and the 364 days before.
pub const WINDOW_DAYS: i64 = 365;

/// The strength of a tie with `interactions` interactions in the last 365 days, the
/// last of them `days_since` days ago (negative values count as 0).
pub fn strength(interactions: u32, days_since: i64) -> f64 {
    let frequency = 1.0 - (-f64::from(interactions) / FREQUENCY_SCALE).exp();
    let recency = (-(days_since.max(0) as f64) / RECENCY_SCALE_DAYS).exp();
    frequency * recency
}

/// A tie as `show` and `path` explain it: the counts and the strength they give.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tie {
    /// Interactions in the last 365 days.
    pub interactions: u32,
    /// The last interaction's date (None when there is none).
    pub last: Option<NaiveDate>,
    /// Days since the last interaction, else since the meeting or the record's
    /// creation.
    pub days_since: i64,
    pub strength: f64,
}

impl Tie {
    /// The tie from the dates of all interactions with a contact (any order), the
    /// date to count from when there are none (`met_on`, else `created_at`), and today.
    pub fn of(dates: impl IntoIterator<Item = NaiveDate>, fallback: NaiveDate, today: NaiveDate) -> Tie {
        let since = window_start(today);
        let mut interactions = 0u32;
        let mut last: Option<NaiveDate> = None;
        for on in dates {
            if on >= since && on <= today {
                interactions = interactions.saturating_add(1);
            }
            if on <= today && last.is_none_or(|l| on > l) {
                last = Some(on);
            }
        }
        Tie::from_counts(interactions, last, fallback, today)
    }

    /// The tie from counts a query made: `interactions` in the window
    /// ([`window_start`] to today) and the `last` interaction's date.
    pub fn from_counts(
        interactions: u32,
        last: Option<NaiveDate>,
        fallback: NaiveDate,
        today: NaiveDate,
    ) -> Tie {
        let days_since = (today - last.unwrap_or(fallback)).num_days().max(0);
        Tie { interactions, last, days_since, strength: strength(interactions, days_since) }
    }

    /// The word for this tie's strength ([`Word::of`]).
    pub fn word(&self) -> Word {
        Word::of(self.strength)
    }

    /// `strong: 8 interactions this year, last 3 weeks ago`.
    pub fn explained(&self) -> String {
        format!("{}: {}", self.word(), self.counts())
    }

    /// `8 interactions this year, last 3 weeks ago` ("this year": the last 365 days).
    pub fn counts(&self) -> String {
        let count = match self.interactions {
            0 => "no interactions this year".to_string(),
            1 => "1 interaction this year".to_string(),
            n => format!("{n} interactions this year"),
        };
        match self.last {
            Some(_) => format!("{count}, last {}", ago(self.days_since)),
            None => count,
        }
    }
}

/// The first day that counts towards the frequency: today - 364.
pub fn window_start(today: NaiveDate) -> NaiveDate {
    today - chrono::Duration::days(WINDOW_DAYS - 1)
}

/// A strength in words, for people: `strong` from 0.5 (about 3 interactions in the
/// last month, or 8 a year with the last a few weeks ago), `medium` from 0.2 (one
/// meeting this week, or a few this year with the last within some months), `weak`
/// from 0.05, `dormant` below (nothing this year, or one contact long ago).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Word {
    Dormant,
    Weak,
    Medium,
    Strong,
}

impl Word {
    /// The lowest strength of each word, strongest first.
    pub const THRESHOLDS: [(Word, f64); 3] = [(Word::Strong, 0.5), (Word::Medium, 0.2), (Word::Weak, 0.05)];

    pub fn of(strength: f64) -> Word {
        Word::THRESHOLDS.iter().find(|(_, low)| strength >= *low).map_or(Word::Dormant, |(word, _)| *word)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Word::Strong => "strong",
            Word::Medium => "medium",
            Word::Weak => "weak",
            Word::Dormant => "dormant",
        }
    }
}

impl std::fmt::Display for Word {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How long ago `days` days is, in words: `today`, `yesterday`, `5 days ago`,
/// `3 weeks ago`, `4 months ago`, `2 years ago`.
pub fn ago(days: i64) -> String {
    let (n, unit) = match days {
        ..=0 => return "today".to_string(),
        1 => return "yesterday".to_string(),
        2..=13 => (days, "day"),
        14..=59 => (days / 7, "week"),
        60..=729 => (days / 30, "month"),
        _ => (days / 365, "year"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

/// A score rounded to 4 decimals, as JSON has it.
pub fn rounded(score: f64) -> f64 {
    (score * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn strength_table() {
        // (interactions this year, days since the last, strength to 4 decimals)
        let table = [
            (0, 0, 0.0),
            (0, 400, 0.0),
            (1, 0, 0.2212),
            (4, 0, 0.6321),
            (8, 21, 0.7694),
            (8, 0, 0.8647),
            (12, 0, 0.9502),
            (2, 7, 0.3785),
            (1, 364, 0.0293),
            (4, 125, 0.3157),
            (40, 0, 1.0),
        ];
        for (f, r, expected) in table {
            assert_eq!(rounded(strength(f, r)), expected, "f = {f}, r = {r}");
        }
    }

    #[test]
    fn the_strength_stays_below_one_and_at_least_zero() {
        assert!(strength(30, 0) < 1.0);
        assert!(strength(0, 0) >= 0.0);
        assert!(strength(u32::MAX, -5) <= 1.0);
    }

    #[test]
    fn words_have_documented_thresholds() {
        assert_eq!(Word::of(0.7694), Word::Strong);
        assert_eq!(Word::of(0.5), Word::Strong);
        assert_eq!(Word::of(0.4999), Word::Medium);
        assert_eq!(Word::of(0.2212), Word::Medium);
        assert_eq!(Word::of(0.2), Word::Medium);
        assert_eq!(Word::of(0.1999), Word::Weak);
        assert_eq!(Word::of(0.05), Word::Weak);
        assert_eq!(Word::of(0.0293), Word::Dormant);
        assert_eq!(Word::of(0.0), Word::Dormant);
    }

    #[test]
    fn the_window_is_today_and_the_364_days_before() {
        let today = date("2026-11-22");
        let tie = Tie::of([date("2025-11-23"), date("2025-11-22"), date("2026-11-22")], today, today);
        assert_eq!(tie.interactions, 2);
        assert_eq!(tie.days_since, 0);
        assert_eq!(tie.last, Some(today));
    }

    #[test]
    fn with_no_interaction_recency_counts_from_the_fallback_date() {
        let today = date("2026-11-22");
        let tie = Tie::of([], date("2026-11-01"), today);
        assert_eq!((tie.interactions, tie.days_since, tie.last), (0, 21, None));
        assert_eq!(tie.strength, 0.0);
        assert_eq!(tie.explained(), "dormant: no interactions this year");
    }

    #[test]
    fn a_tie_explains_itself_in_words() {
        let today = date("2026-11-22");
        let dates = (0..8).map(|i| date("2026-11-01") - chrono::Duration::days(i * 20));
        let tie = Tie::of(dates, today, today);
        assert_eq!(tie.explained(), "strong: 8 interactions this year, last 3 weeks ago");
    }

    #[test]
    fn ago_in_words() {
        let table = [
            (0, "today"),
            (1, "yesterday"),
            (5, "5 days ago"),
            (13, "13 days ago"),
            (14, "2 weeks ago"),
            (21, "3 weeks ago"),
            (60, "2 months ago"),
            (400, "13 months ago"),
            (730, "2 years ago"),
        ];
        for (days, words) in table {
            assert_eq!(ago(days), words);
        }
    }

    proptest! {
        /// More interactions (with the same last date) never lower the strength.
        #[test]
        fn more_interactions_never_lower_it(f in 0u32..10_000, more in 0u32..10_000, r in 0i64..5_000) {
            prop_assert!(strength(f + more, r) >= strength(f, r));
        }

        /// An older last interaction (with the same count) never raises it.
        #[test]
        fn an_older_last_interaction_never_raises_it(f in 0u32..10_000, r in 0i64..5_000, older in 0i64..5_000) {
            prop_assert!(strength(f, r + older) <= strength(f, r));
        }

        /// Whatever the dates, the strength is in [0, 1), and one more interaction
        /// today never lowers it.
        #[test]
        fn one_more_interaction_today_never_lowers_a_tie(
            days in proptest::collection::vec(0i64..800, 0..30),
            fallback in 0i64..800,
        ) {
            let today = date("2026-11-22");
            let dates: Vec<NaiveDate> = days.iter().map(|d| today - chrono::Duration::days(*d)).collect();
            let fallback = today - chrono::Duration::days(fallback);
            let tie = Tie::of(dates.iter().copied(), fallback, today);
            prop_assert!(tie.strength >= 0.0 && tie.strength < 1.0);
            let more = Tie::of(dates.iter().copied().chain([today]), fallback, today);
            prop_assert!(more.strength >= tie.strength);
        }
    }
}
