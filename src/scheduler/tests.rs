//! The scheduling rules as tables of literal dates, one test per rule and edge, and a
//! property test that nothing is ever due before what it counts from.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;

use super::*;
use crate::dates::Birthday;
use crate::model::StatusChange;
use crate::model::TemporaryCadence;

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

fn date(text: &str) -> NaiveDate {
    dates::parse_iso_date(text).unwrap()
}

fn duration(text: &str) -> Duration {
    Duration::parse(text).unwrap()
}

fn cadence(text: &str) -> Cadence {
    Cadence::parse(text).unwrap()
}

/// A contact added on 2026-01-01 with every optional field empty, the default
/// cadence and a thank-you owed.
fn contact(id: i64) -> Contact {
    Contact::new(id, format!("Contact {id}"), date("2026-01-01"))
}

fn interaction(kind: InteractionKind, on: &str) -> Interaction {
    Interaction::new(0, 1, kind, date(on))
}

fn met(on: &str) -> Interaction {
    interaction(InteractionKind::Met, on)
}

/// A `met` at an event: its place is what the thank-you names.
fn met_at(on: &str, at: &str) -> Interaction {
    Interaction { at: Some(at.to_string()), ..met(on) }
}

fn thanked(on: &str) -> Interaction {
    interaction(InteractionKind::ThankYou, on)
}

fn call(on: &str) -> Interaction {
    interaction(InteractionKind::Call, on)
}

fn reminder(id: i64, due_on: &str, done_on: Option<&str>) -> Reminder {
    Reminder {
        id,
        contact_id: 1,
        text: format!("reminder text {id}"),
        due_on: date(due_on),
        done_on: done_on.map(date),
    }
}

fn settings(thank_you_within: &str, default_cadence: &str) -> Settings {
    Settings {
        thank_you_within: duration(thank_you_within),
        default_cadence: cadence(default_cadence),
        ..Settings::default()
    }
}

fn completed(pairs: &[(&str, &str)]) -> Marks {
    Marks {
        completed: pairs.iter().map(|(key, on)| (key.to_string(), date(on))).collect(),
        ..Marks::default()
    }
}

fn snoozed(key: &str, until: &str) -> Marks {
    Marks { snoozed: HashMap::from([(key.to_string(), date(until))]), ..Marks::default() }
}

/// Every open follow-up, with the default settings and no marks.
fn open(contact: &Contact, interactions: &[Interaction], today: &str) -> Vec<FollowUp> {
    open_with(contact, interactions, today, &Settings::default(), &Marks::default())
}

fn open_with(
    contact: &Contact,
    interactions: &[Interaction],
    today: &str,
    settings: &Settings,
    marks: &Marks,
) -> Vec<FollowUp> {
    let records = Records { interactions, reminders: &[], ..Records::of(contact) };
    follow_ups(records, date(today), settings, marks)
}

/// The one follow-up of `kind`, if any (there is never more than one per contact
/// for the rules with one item per contact).
fn only(kind: FollowUpKind, found: &[FollowUp]) -> Option<FollowUp> {
    let mut of_kind = found.iter().filter(|f| f.kind == kind);
    let first = of_kind.next().cloned();
    assert!(of_kind.next().is_none(), "more than one {kind} in {found:#?}");
    first
}

/// `(key, due date)` of the one follow-up of `kind`, for compact expectations.
fn key_and_due(kind: FollowUpKind, found: &[FollowUp]) -> Option<(String, NaiveDate)> {
    only(kind, found).map(|f| (f.key, f.due_on))
}

fn due_of(kind: FollowUpKind, found: &[FollowUp]) -> Option<NaiveDate> {
    only(kind, found).map(|f| f.due_on)
}

fn follow_up(key: &str, kind: FollowUpKind, contact: &str, due_on: &str) -> FollowUp {
    FollowUp {
        key: key.to_string(),
        kind,
        contact_id: Some(1),
        contact: Some(contact.to_string()),
        due_on: date(due_on),
        reason: String::new(),
        snoozed_until: None,
        back_from_snooze: false,
        channel: None,
        scale_days: 2,
    }
}

// ---------------------------------------------------------------------------
// Rule 1: thank-you
// ---------------------------------------------------------------------------

#[test]
fn thank_you_is_due_two_days_after_meeting() {
    let mut ada = contact(1);
    ada.name = "Ada Lovelace".to_string();
    // (met on, today): due on met + 2 days whether that is ahead, today or past.
    let cases = [("2026-11-22", "2026-11-22"), ("2026-11-22", "2026-11-24"), ("2026-11-22", "2027-03-01")];
    for (met_on, today) in cases {
        let found = open(&ada, &[met_at(met_on, "RustConf")], today);
        let thank_you = only(FollowUpKind::ThankYou, &found).unwrap();
        assert_eq!(thank_you.key, "thank-you-1", "met {met_on}, today {today}");
        assert_eq!(thank_you.due_on, date("2026-11-24"), "met {met_on}, today {today}");
        assert_eq!(thank_you.contact_id, Some(1));
        assert_eq!(thank_you.contact.as_deref(), Some("Ada Lovelace"));
        assert_eq!(thank_you.snoozed_until, None);
        assert!(thank_you.reason.contains("RustConf"), "{}", thank_you.reason);
        assert!(thank_you.reason.contains("2026-11-22"), "{}", thank_you.reason);
    }
}

#[test]
fn thank_you_is_due_after_the_configured_thank_you_within() {
    // (thank-you-within, met on, due on)
    let cases = [
        ("0d", "2026-11-22", "2026-11-22"),
        ("1d", "2026-11-22", "2026-11-23"),
        ("5d", "2026-12-30", "2027-01-04"),
        ("1w", "2026-11-22", "2026-11-29"),
        ("1m", "2026-01-31", "2026-02-28"),
    ];
    for (within, met_on, due_on) in cases {
        let found =
            open_with(&contact(1), &[met(met_on)], met_on, &settings(within, "monthly"), &Marks::default());
        assert_eq!(
            due_of(FollowUpKind::ThankYou, &found),
            Some(date(due_on)),
            "thank-you-within {within}, met {met_on}"
        );
    }
}

#[test]
fn thank_you_is_cleared_by_a_thank_you_on_or_after_the_meeting() {
    // (interactions, still owed)
    let cases = [
        (vec![met("2026-11-22")], true),
        (vec![met("2026-11-22"), thanked("2026-11-22")], false),
        (vec![met("2026-11-22"), thanked("2026-11-23")], false),
        (vec![met("2026-11-22"), thanked("2026-12-20")], false),
        // Only a thank-you clears it; other interactions do not.
        (vec![met("2026-11-22"), call("2026-11-23")], true),
        (
            vec![
                met("2026-11-22"),
                interaction(InteractionKind::Email, "2026-11-23"),
                interaction(InteractionKind::Meeting, "2026-11-24"),
            ],
            true,
        ),
        // A thank-you before the meeting is for something else.
        (vec![thanked("2026-11-21"), met("2026-11-22")], true),
    ];
    for (interactions, owed) in cases {
        let found = open(&contact(1), &interactions, "2026-11-25");
        let expected = owed.then(|| date("2026-11-24"));
        assert_eq!(due_of(FollowUpKind::ThankYou, &found), expected, "{interactions:?}");
    }
}

#[test]
fn thank_you_is_not_owed_for_no_thank_you_contacts() {
    let mut quiet = contact(1);
    quiet.no_thank_you = true;
    for today in ["2026-11-22", "2026-11-24", "2026-12-01"] {
        let found = open(&quiet, &[met("2026-11-22")], today);
        assert_eq!(only(FollowUpKind::ThankYou, &found), None, "today {today}");
    }
}

#[test]
fn thank_you_is_not_owed_without_a_meeting() {
    let interactions = [call("2026-11-20"), thanked("2026-11-21")];
    for list in [&interactions[..0], &interactions[..1], &interactions[..]] {
        let found = open(&contact(1), list, "2026-11-22");
        assert_eq!(only(FollowUpKind::ThankYou, &found), None, "{list:?}");
    }
}

#[test]
fn thank_you_counts_from_the_latest_meeting_long_after_the_one_before() {
    // (interactions, due on): ten months apart, more than thank-again-after (3m).
    let cases = [
        (vec![met("2026-01-10"), met("2026-11-22")], Some("2026-11-24")),
        // Thanked for the first meeting, but not for the second.
        (vec![met("2026-01-10"), thanked("2026-01-11"), met("2026-11-22")], Some("2026-11-24")),
        // Thanked after the second meeting: clears both.
        (vec![met("2026-01-10"), met("2026-11-22"), thanked("2026-11-23")], None),
    ];
    for (interactions, due_on) in cases {
        let found = open(&contact(1), &interactions, "2026-11-25");
        assert_eq!(due_of(FollowUpKind::ThankYou, &found), due_on.map(date), "{interactions:?}");
    }
}

#[test]
fn meeting_a_regular_again_within_thank_again_after_asks_no_new_thank_you() {
    // (interactions, due on) with thank-again-after at its default, 3 months.
    let cases = [
        // The monthly meetup: thanked after the first, never asked again.
        (vec![met("2026-08-20"), thanked("2026-08-21"), met("2026-09-20"), met("2026-10-20")], None),
        (vec![met("2026-08-20"), thanked("2026-08-21"), met("2026-11-20")], None),
        // Exactly three months is not more than three months.
        (vec![met("2026-08-20"), thanked("2026-08-21"), met("2026-11-20"), met("2026-11-21")], None),
        // A day more is: a new thank-you, counted from that meeting.
        (vec![met("2026-08-20"), thanked("2026-08-21"), met("2026-11-21")], Some("2026-11-23")),
        // Each meeting is compared with the one before it, not with the first: a
        // regular met monthly for a year is still a regular.
        (
            vec![
                met("2026-05-01"),
                thanked("2026-05-02"),
                met("2026-07-01"),
                met("2026-09-01"),
                met("2026-11-01"),
            ],
            None,
        ),
        // The first meeting's thank-you, never sent, stays owed when you meet again
        // soon after; a thank-you after the second meeting settles it.
        (vec![met("2026-11-01"), met("2026-11-20")], Some("2026-11-03")),
        (vec![met("2026-11-01"), met("2026-11-20"), thanked("2026-11-21")], None),
        // Two meetings on one day are one meeting.
        (vec![met("2026-11-20"), met("2026-11-20")], Some("2026-11-22")),
    ];
    for (interactions, due_on) in cases {
        let found = open(&contact(1), &interactions, "2026-11-25");
        assert_eq!(due_of(FollowUpKind::ThankYou, &found), due_on.map(date), "{interactions:?}");
    }
}

/// `log --kind met --thank`: that meeting asks for a thank-you whenever it was, the
/// meeting after it within thank-again-after still asks none.
#[test]
fn a_meeting_logged_with_thank_asks_for_a_thank_you_within_thank_again_after() {
    let thank = |on: &str| Interaction { thank: true, ..met(on) };
    let cases = [
        (vec![met("2026-10-20"), thanked("2026-10-21"), thank("2026-11-20")], Some("2026-11-22")),
        (vec![met("2026-10-20"), thanked("2026-10-21"), thank("2026-11-20"), thanked("2026-11-21")], None),
        (
            vec![
                met("2026-10-20"),
                thanked("2026-10-21"),
                thank("2026-11-10"),
                thanked("2026-11-11"),
                met("2026-11-20"),
            ],
            None,
        ),
    ];
    for (interactions, due_on) in cases {
        let found = open(&contact(1), &interactions, "2026-11-25");
        assert_eq!(due_of(FollowUpKind::ThankYou, &found), due_on.map(date), "{interactions:?}");
    }
}

#[test]
fn thank_again_after_is_the_setting_that_decides_meeting_again() {
    let history = [met("2026-10-01"), thanked("2026-10-02"), met("2026-11-20")];
    // (thank-again-after, due on): the meetings are 50 days apart.
    let cases = [
        ("3m", None),
        ("50d", None),
        ("49d", Some("2026-11-22")),
        ("1m", Some("2026-11-22")),
        // 0d: every meeting on a later day starts a thank-you.
        ("0d", Some("2026-11-22")),
    ];
    for (again_after, due_on) in cases {
        let settings = Settings { thank_again_after: duration(again_after), ..Settings::default() };
        let found = open_with(&contact(1), &history, "2026-11-21", &settings, &Marks::default());
        assert_eq!(
            due_of(FollowUpKind::ThankYou, &found),
            due_on.map(date),
            "thank-again-after {again_after}"
        );
    }
}

#[test]
fn a_meeting_that_asks_no_thank_you_leaves_the_check_in_counting() {
    // Thanked after the first meeting; the second, a month later, is a check-in's
    // worth of contact, not a reason to hold check-ins back.
    let history = [met("2026-09-20"), thanked("2026-09-21"), met("2026-10-20")];
    let found = open(&contact(1), &history, "2026-11-25");
    assert_eq!(only(FollowUpKind::ThankYou, &found), None);
    assert_eq!(due_of(FollowUpKind::CheckIn, &found), Some(date("2026-11-20")));
}

#[test]
fn completed_thank_you_is_hidden_for_its_due_date_only() {
    // (completed (key, due date), interactions, due on)
    let cases = [
        (("thank-you-1", "2026-11-24"), vec![met("2026-11-22")], None),
        // Another contact's key, or another due date, does not hide it.
        (("thank-you-2", "2026-11-24"), vec![met("2026-11-22")], Some("2026-11-24")),
        (("thank-you-1", "2026-11-23"), vec![met("2026-11-22")], Some("2026-11-24")),
        // Done for an earlier meeting; a new meeting owes a new thank-you.
        (("thank-you-1", "2026-01-12"), vec![met("2026-01-10"), met("2026-11-22")], Some("2026-11-24")),
    ];
    for ((key, done_for), interactions, due_on) in cases {
        let marks = completed(&[(key, done_for)]);
        let found = open_with(&contact(1), &interactions, "2026-11-25", &Settings::default(), &marks);
        assert_eq!(
            due_of(FollowUpKind::ThankYou, &found),
            due_on.map(date),
            "completed {key} for {done_for}, {interactions:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Rule 3: check-in
// ---------------------------------------------------------------------------

#[test]
fn check_in_counts_from_the_last_interaction_of_any_kind() {
    // (interactions, today, due on); default cadence monthly.
    let cases = [
        (vec![met("2026-01-10"), thanked("2026-01-11")], "2026-01-12", "2026-02-11"),
        (vec![met("2026-01-10"), thanked("2026-01-11"), call("2026-03-05")], "2026-03-06", "2026-04-05"),
        (
            vec![met("2026-01-10"), thanked("2026-01-11"), interaction(InteractionKind::Other, "2026-06-30")],
            "2026-07-01",
            "2026-07-30",
        ),
        // Long overdue: still due a month after the last interaction, not
        // rolled forward to a later "next" due date.
        (vec![met("2026-01-10"), thanked("2026-01-11")], "2026-09-01", "2026-02-11"),
        // A contact never met (no thank-you rule) with one call.
        (vec![call("2026-05-20")], "2026-05-21", "2026-06-20"),
    ];
    for (interactions, today, due_on) in cases {
        let found = open(&contact(1), &interactions, today);
        assert_eq!(
            key_and_due(FollowUpKind::CheckIn, &found),
            Some(("check-in-1".to_string(), date(due_on))),
            "{interactions:?}, today {today}"
        );
    }
}

#[test]
fn check_in_without_interactions_counts_from_created_at() {
    // (created at, cadence, due on)
    let cases = [
        ("2026-03-15", None, "2026-04-15"),
        ("2026-01-31", None, "2026-02-28"),
        ("2026-03-15", Some("2w"), "2026-03-29"),
    ];
    for (created_at, own, due_on) in cases {
        let mut new = contact(1);
        new.created_at = date(created_at);
        new.cadence = own.map(cadence);
        let found = open(&new, &[], "2026-03-16");
        assert_eq!(
            due_of(FollowUpKind::CheckIn, &found),
            Some(date(due_on)),
            "created {created_at}, cadence {own:?}"
        );
        assert!(only(FollowUpKind::CheckIn, &found).unwrap().reason.contains(created_at));
    }
}

#[test]
fn check_in_waits_while_a_thank_you_is_open() {
    let unthanked = [met("2026-01-10")];
    let thanked_too = [met("2026-01-10"), thanked("2026-01-12")];
    // (interactions, marks, today, check-in due on)
    let cases = [
        // Open and overdue thank-you: no check-in, even months later.
        (&unthanked[..], Marks::default(), "2026-01-11", None),
        (&unthanked[..], Marks::default(), "2026-06-01", None),
        // A snoozed thank-you is still open.
        (&unthanked[..], snoozed("thank-you-1", "2026-07-01"), "2026-06-01", None),
        // Once thanked, the check-in counts from the thank-you.
        (&thanked_too[..], Marks::default(), "2026-01-13", Some("2026-02-12")),
        // Done without a thank-you interaction: no longer open, so the check-in
        // counts from the last interaction (the meeting).
        (&unthanked[..], completed(&[("thank-you-1", "2026-01-12")]), "2026-01-13", Some("2026-02-10")),
    ];
    for (interactions, marks, today, due_on) in cases {
        let found = open_with(&contact(1), interactions, today, &Settings::default(), &marks);
        assert_eq!(
            due_of(FollowUpKind::CheckIn, &found),
            due_on.map(date),
            "{interactions:?}, {marks:?}, today {today}"
        );
    }
}

#[test]
fn check_in_is_not_held_back_for_no_thank_you_contacts() {
    let mut quiet = contact(1);
    quiet.no_thank_you = true;
    let found = open(&quiet, &[met("2026-01-10")], "2026-01-11");
    assert_eq!(only(FollowUpKind::ThankYou, &found), None);
    assert_eq!(due_of(FollowUpKind::CheckIn, &found), Some(date("2026-02-10")));
}

#[test]
fn cadence_none_never_schedules_check_ins() {
    let temporary_none = Some(TemporaryCadence { cadence: Cadence::None, until: date("2031-12-31") });
    // (own cadence, temporary cadence, default cadence)
    let cases = [
        (Some("none"), None, "monthly"),
        (None, None, "none"),
        (Some("none"), None, "1d"),
        (Some("1w"), temporary_none, "monthly"),
    ];
    for (own, temporary, default) in cases {
        let mut imported = contact(1);
        imported.cadence = own.map(cadence);
        imported.temporary_cadence = temporary;
        let marks = Marks::default();
        let settings = settings("2d", default);
        for today in ["2026-01-02", "2026-06-01", "2030-01-01"] {
            let found = open_with(&imported, &[], today, &settings, &marks);
            assert_eq!(found, Vec::new(), "own {own:?}, default {default}, today {today}");
            let found = open_with(&imported, &[call("2026-01-05")], today, &settings, &marks);
            assert_eq!(found, Vec::new(), "own {own:?}, default {default}, today {today}");
        }
    }
}

#[test]
fn contact_cadence_beats_the_default_cadence() {
    // (own cadence, default cadence, due on); last interaction 2026-03-10.
    let cases = [
        (Some("1w"), "monthly", "2026-03-17"),
        (Some("quarterly"), "1w", "2026-06-10"),
        (Some("monthly"), "none", "2026-04-10"),
        (Some("10d"), "yearly", "2026-03-20"),
        // No own cadence: default-cadence applies.
        (None, "monthly", "2026-04-10"),
        (None, "fortnightly", "2026-03-24"),
        (None, "2y", "2028-03-10"),
    ];
    for (own, default, due_on) in cases {
        let mut someone = contact(1);
        someone.cadence = own.map(cadence);
        let found = open_with(
            &someone,
            &[call("2026-03-10")],
            "2026-03-11",
            &settings("2d", default),
            &Marks::default(),
        );
        assert_eq!(
            due_of(FollowUpKind::CheckIn, &found),
            Some(date(due_on)),
            "own {own:?}, default {default}"
        );
    }
}

#[test]
fn temporary_cadence_applies_through_its_until_date() {
    let temporary = Some(TemporaryCadence { cadence: cadence("1w"), until: date("2026-03-15") });
    // (own cadence, today, due on); last interaction 2026-03-01.
    let cases = [
        (Some("quarterly"), "2026-03-02", "2026-03-08"),
        (Some("quarterly"), "2026-03-10", "2026-03-08"),
        // On the until date it still applies.
        (Some("quarterly"), "2026-03-15", "2026-03-08"),
        // The day after, the contact's own cadence returns...
        (Some("quarterly"), "2026-03-16", "2026-06-01"),
        (Some("quarterly"), "2026-12-01", "2026-06-01"),
        // ...or the default one when it has none.
        (None, "2026-03-15", "2026-03-08"),
        (None, "2026-03-16", "2026-04-01"),
    ];
    for (own, today, due_on) in cases {
        let mut job_matter = contact(1);
        job_matter.cadence = own.map(cadence);
        job_matter.temporary_cadence = temporary;
        let found = open(&job_matter, &[call("2026-03-01")], today);
        assert_eq!(due_of(FollowUpKind::CheckIn, &found), Some(date(due_on)), "own {own:?}, today {today}");
    }
}

#[test]
fn check_in_months_are_calendar_months_clamped_to_the_month_end() {
    // (last interaction, cadence, due on)
    let cases = [
        ("2026-01-31", "1m", "2026-02-28"),
        ("2024-01-31", "1m", "2024-02-29"),
        ("2026-03-31", "1m", "2026-04-30"),
        ("2026-01-15", "1m", "2026-02-15"),
        ("2026-12-31", "2m", "2027-02-28"),
        ("2026-11-30", "quarterly", "2027-02-28"),
        ("2026-11-22", "monthly", "2026-12-22"),
    ];
    for (last, every, due_on) in cases {
        let mut someone = contact(1);
        someone.cadence = Some(cadence(every));
        let found = open(&someone, &[call(last)], last);
        assert_eq!(due_of(FollowUpKind::CheckIn, &found), Some(date(due_on)), "{last} + {every}");
    }
}

#[test]
fn a_check_in_carries_its_cadence_in_days_as_its_urgency_scale() {
    // (last interaction or none, cadence, temporary cadence, scale): the due date
    // minus the day it counts from (DESIGN.md: 1m from 10-21 is 31).
    let cases = [
        (Some("2026-10-21"), "1m", None, 31),
        (Some("2026-01-31"), "1m", None, 28),
        (Some("2026-11-01"), "2w", None, 14),
        (Some("2026-11-01"), "quarterly", None, 92),
        (Some("2026-11-01"), "1m", Some("1w"), 7),
        // No interaction: counted from the day they were added.
        (None, "1m", None, 31),
    ];
    for (last, every, temporary, scale) in cases {
        let mut someone = contact(1);
        someone.created_at = date("2026-10-01");
        someone.cadence = Some(cadence(every));
        someone.temporary_cadence =
            temporary.map(|t| TemporaryCadence { cadence: cadence(t), until: date("2026-12-31") });
        let history: Vec<Interaction> = last.into_iter().map(call).collect();
        let found = open(&someone, &history, "2026-11-22");
        let item = only(FollowUpKind::CheckIn, &found).unwrap();
        assert_eq!(item.scale_days, scale, "{last:?} + {every} (temporary {temporary:?})");
    }
}

#[test]
fn every_other_kind_carries_thank_you_within_in_days_as_its_urgency_scale() {
    // (thank-you-within, scale)
    for (within, scale) in [("2d", 2), ("1w", 7), ("0d", 1), ("5", 5)] {
        let found = open_with(
            &contact(1),
            &[met("2026-11-20")],
            "2026-11-22",
            &settings(within, "1m"),
            &Marks::default(),
        );
        let item = only(FollowUpKind::ThankYou, &found).unwrap();
        assert_eq!(item.scale_days, scale, "thank-you-within {within}");
    }
    let lead = Lead {
        id: 1,
        title: "Rust Engineer".into(),
        company: None,
        status: LeadStatus::Open,
        via: Vec::new(),
        url: None,
        note: None,
        created_on: date("2026-11-20"),
        updated_on: date("2026-11-20"),
        history: vec![StatusChange { status: LeadStatus::Open, on: date("2026-11-20") }],
    };
    let found = unassigned(&[lead], date("2026-11-22"), &settings("3d", "1m"), &Marks::default());
    assert_eq!(found.iter().map(|f| (f.kind, f.scale_days)).collect::<Vec<_>>(), [(FollowUpKind::Lead, 3)]);
}

#[test]
fn check_in_weeks_days_and_years() {
    // (last interaction, cadence, due on)
    let cases = [
        ("2026-11-22", "1d", "2026-11-23"),
        ("2026-12-25", "10d", "2027-01-04"),
        ("2026-11-22", "1w", "2026-11-29"),
        ("2026-11-22", "weekly", "2026-11-29"),
        ("2026-11-22", "fortnightly", "2026-12-06"),
        ("2026-12-28", "2w", "2027-01-11"),
        ("2026-11-22", "1y", "2027-11-22"),
        ("2026-11-22", "yearly", "2027-11-22"),
        ("2024-02-29", "1y", "2025-02-28"),
        ("2024-02-29", "4y", "2028-02-29"),
    ];
    for (last, every, due_on) in cases {
        let mut someone = contact(1);
        someone.cadence = Some(cadence(every));
        let found = open(&someone, &[call(last)], last);
        assert_eq!(due_of(FollowUpKind::CheckIn, &found), Some(date(due_on)), "{last} + {every}");
    }
}

// ---------------------------------------------------------------------------
// Rule 4: reminders
// ---------------------------------------------------------------------------

#[test]
fn reminders_are_listed_on_their_date_until_done() {
    let mut someone = contact(1);
    someone.cadence = Some(Cadence::None);
    let reminders = [
        reminder(1, "2026-11-20", None),
        reminder(2, "2026-11-22", None),
        reminder(3, "2026-12-01", None),
        reminder(4, "2026-11-21", Some("2026-11-21")),
        reminder(5, "2026-12-05", Some("2026-11-22")),
    ];
    let records = Records { interactions: &[], reminders: &reminders, ..Records::of(&someone) };
    let today = date("2026-11-22");
    let found = follow_ups(records, today, &Settings::default(), &Marks::default());
    let listed: Vec<(&str, NaiveDate, FollowUpKind)> =
        found.iter().map(|f| (f.key.as_str(), f.due_on, f.kind)).collect();
    assert_eq!(
        listed,
        vec![
            ("reminder-1", date("2026-11-20"), FollowUpKind::Reminder),
            ("reminder-2", date("2026-11-22"), FollowUpKind::Reminder),
            ("reminder-3", date("2026-12-01"), FollowUpKind::Reminder),
        ]
    );
    assert!(found[0].reason.contains("reminder text 1"), "{}", found[0].reason);
    // (within, keys `due` shows)
    let cases = [
        (0, vec!["reminder-1", "reminder-2"]),
        (8, vec!["reminder-1", "reminder-2"]),
        (9, vec!["reminder-1", "reminder-2", "reminder-3"]),
    ];
    for (within, keys) in cases {
        let shown: Vec<&str> =
            found.iter().filter(|f| is_due(f, today, within)).map(|f| f.key.as_str()).collect();
        assert_eq!(shown, keys, "within {within}");
    }
}

// ---------------------------------------------------------------------------
// Rule 2: intro-thanks
// ---------------------------------------------------------------------------

/// Ada, who introduced contact 2 (Bob), whom you met on `met_on`.
fn introducer(met_on: &str) -> (Contact, Vec<Introduction>) {
    let ada = Contact { cadence: Some(Cadence::None), ..Contact::new(1, "Ada Lovelace", date("2026-01-01")) };
    (ada, vec![Introduction { contact_id: 2, name: "Bob Smith".into(), met_on: date(met_on) }])
}

fn open_for(records: Records, today: &str, marks: &Marks) -> Vec<FollowUp> {
    follow_ups(records, date(today), &Settings::default(), marks)
}

#[test]
fn intro_thanks_is_due_to_the_introducer_two_days_after_meeting_the_introduced() {
    let (ada, introduced) = introducer("2026-11-20");
    let found =
        open_for(Records { introduced: &introduced, ..Records::of(&ada) }, "2026-11-22", &Marks::default());
    let item = only(FollowUpKind::IntroThanks, &found).unwrap();
    assert_eq!(item.key, "intro-thanks-2");
    assert_eq!(item.due_on, date("2026-11-22"));
    assert_eq!(item.contact_id, Some(1), "the item is the introducer's");
    assert_eq!(item.reason, "Introduced you to Bob Smith: thank them");
}

#[test]
fn intro_thanks_is_cleared_by_a_thank_you_to_the_introducer_on_or_after_the_meeting() {
    let (ada, introduced) = introducer("2026-11-20");
    for (thanked_on, open) in [("2026-11-19", true), ("2026-11-20", false), ("2026-12-20", false)] {
        let history = [thanked(thanked_on)];
        let records = Records { interactions: &history, introduced: &introduced, ..Records::of(&ada) };
        let found = open_for(records, "2026-12-25", &Marks::default());
        assert_eq!(only(FollowUpKind::IntroThanks, &found).is_some(), open, "thanked {thanked_on}");
    }
    // Any other kind of interaction with the introducer does not count as thanks.
    let history = [call("2026-11-21")];
    let records = Records { interactions: &history, introduced: &introduced, ..Records::of(&ada) };
    assert!(only(FollowUpKind::IntroThanks, &open_for(records, "2026-11-22", &Marks::default())).is_some());
}

#[test]
fn intro_thanks_counts_from_the_first_meeting_with_the_introduced() {
    // The store gives rule 2 the introduced person's first `met` (2026-11-10), not a
    // later one: a thank-you to the introducer after the first meeting settles it for
    // good, whatever meetings follow.
    let (ada, introduced) = introducer("2026-11-10");
    // (thanked on, open on 2026-11-25)
    for (thanked_on, open) in [(None, true), (Some("2026-11-09"), true), (Some("2026-11-11"), false)] {
        let history: Vec<Interaction> = thanked_on.into_iter().map(thanked).collect();
        let records = Records { interactions: &history, introduced: &introduced, ..Records::of(&ada) };
        let found = open_for(records, "2026-11-25", &Marks::default());
        let item = only(FollowUpKind::IntroThanks, &found);
        assert_eq!(item.is_some(), open, "thanked {thanked_on:?}");
        assert!(item.is_none_or(|item| item.due_on == date("2026-11-12")), "thanked {thanked_on:?}");
    }
}

#[test]
fn reasons_never_repeat_the_contact_name() {
    let mut ada = Contact {
        birthday: Some(Birthday::Yearless { month: 12, day: 1 }),
        ..Contact::new(1, "Ada Lovelace", date("2026-01-01"))
    };
    let introduced = [Introduction { contact_id: 2, name: "Alan Turing".into(), met_on: date("2026-11-20") }];
    let favors = [favor(7, Direction::Received, "2026-11-21")];
    let history = [met_at("2026-11-22", "RustConf")];
    let records =
        Records { interactions: &history, introduced: &introduced, favors: &favors, ..Records::of(&ada) };
    let found = open_for(records, "2026-11-22", &Marks::default());
    let reason = |kind| only(kind, &found).map(|f| f.reason).unwrap_or_default();
    assert_eq!(reason(FollowUpKind::ThankYou), "Met at RustConf on 2026-11-22: send a thank-you note");
    assert_eq!(reason(FollowUpKind::IntroThanks), "Introduced you to Alan Turing: thank them");
    assert_eq!(reason(FollowUpKind::FavorThanks), "Did you a favour on 2026-11-21 (favour 7): thank them");
    assert_eq!(reason(FollowUpKind::Birthday), "Birthday on 2026-12-01: send your wishes");
    ada.birthday = Some(Birthday::Full(date("1990-12-01")));
    let found = open_for(Records::of(&ada), "2026-11-22", &Marks::default());
    assert_eq!(
        only(FollowUpKind::Birthday, &found).unwrap().reason,
        "Turns 36 on 2026-12-01: send your wishes"
    );
    let history = [met("2026-11-22")];
    let found =
        open_for(Records { interactions: &history, ..Records::of(&ada) }, "2026-11-22", &Marks::default());
    assert_eq!(
        only(FollowUpKind::ThankYou, &found).unwrap().reason,
        "Met on 2026-11-22: send a thank-you note"
    );
}

#[test]
fn intro_thanks_is_owed_for_each_person_introduced() {
    let (ada, mut introduced) = introducer("2026-11-20");
    introduced.push(Introduction { contact_id: 3, name: "Chloé".into(), met_on: date("2026-11-21") });
    let found =
        open_for(Records { introduced: &introduced, ..Records::of(&ada) }, "2026-11-22", &Marks::default());
    let keys: Vec<_> = found.iter().map(|f| (f.key.as_str(), f.due_on)).collect();
    assert_eq!(keys, [("intro-thanks-2", date("2026-11-22")), ("intro-thanks-3", date("2026-11-23"))]);
}

#[test]
fn intro_thanks_can_be_snoozed_and_done() {
    let (ada, introduced) = introducer("2026-11-20");
    let records = Records { introduced: &introduced, ..Records::of(&ada) };
    let found = open_for(records, "2026-11-22", &snoozed("intro-thanks-2", "2026-11-25"));
    let item = only(FollowUpKind::IntroThanks, &found).unwrap();
    assert_eq!(item.snoozed_until, Some(date("2026-11-25")));
    assert!(!is_due(&item, date("2026-11-22"), 30));
    let found = open_for(records, "2026-11-22", &completed(&[("intro-thanks-2", "2026-11-22")]));
    assert_eq!(only(FollowUpKind::IntroThanks, &found), None);
}

// ---------------------------------------------------------------------------
// Rules 5 and 6: leads and outcomes
// ---------------------------------------------------------------------------

/// Lead 7, "Rust Engineer at Acme", added on 2026-11-10 via `via`, with these later
/// status changes.
fn lead(via: &[i64], changes: &[(LeadStatus, &str)]) -> Lead {
    let mut history = vec![StatusChange { status: LeadStatus::Open, on: date("2026-11-10") }];
    history.extend(changes.iter().map(|(status, on)| StatusChange { status: *status, on: date(on) }));
    let last = *history.last().unwrap();
    Lead {
        id: 7,
        title: "Rust Engineer".into(),
        company: Some("Acme".into()),
        status: last.status,
        via: via.to_vec(),
        url: None,
        note: None,
        created_on: date("2026-11-10"),
        updated_on: last.on,
        history,
    }
}

fn helper(id: i64) -> Contact {
    Contact { cadence: Some(Cadence::None), ..Contact::new(id, format!("Helper {id}"), date("2026-01-01")) }
}

#[test]
fn a_new_lead_is_due_the_day_it_is_added_for_its_first_via_contact() {
    let leads = [lead(&[1, 2], &[])];
    let first = helper(1);
    let found = open_for(Records { leads: &leads, ..Records::of(&first) }, "2026-11-12", &Marks::default());
    let item = only(FollowUpKind::Lead, &found).unwrap();
    assert_eq!((item.key.as_str(), item.due_on, item.contact_id), ("lead-7", date("2026-11-10"), Some(1)));
    assert!(item.reason.contains("Rust Engineer at Acme"), "{}", item.reason);
    let second = helper(2);
    let found = open_for(Records { leads: &leads, ..Records::of(&second) }, "2026-11-12", &Marks::default());
    assert_eq!(only(FollowUpKind::Lead, &found), None, "only the first via contact owns it");
}

#[test]
fn a_lead_stops_being_due_when_its_status_leaves_open_or_it_is_done() {
    let first = helper(1);
    let applied = [lead(&[1], &[(LeadStatus::Applied, "2026-11-11")])];
    let found = open_for(Records { leads: &applied, ..Records::of(&first) }, "2026-11-12", &Marks::default());
    assert_eq!(only(FollowUpKind::Lead, &found), None);
    let open = [lead(&[1], &[])];
    let done = completed(&[("lead-7", "2026-11-10")]);
    assert_eq!(
        only(
            FollowUpKind::Lead,
            &open_for(Records { leads: &open, ..Records::of(&first) }, "2026-11-12", &done)
        ),
        None
    );
}

#[test]
fn a_lead_nobody_passed_on_is_due_for_no_one() {
    let found = unassigned(&[lead(&[], &[])], date("2026-11-10"), &Settings::default(), &Marks::default());
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].key.as_str(), found[0].contact_id), ("lead-7", None));
    assert!(
        unassigned(&[lead(&[3], &[])], date("2026-11-10"), &Settings::default(), &Marks::default())
            .is_empty()
    );
    let snooze = snoozed("lead-7", "2026-11-20");
    assert_eq!(
        unassigned(&[lead(&[], &[])], date("2026-11-12"), &Settings::default(), &snooze)[0].snoozed_until,
        Some(date("2026-11-20"))
    );
}

#[test]
fn an_interview_offer_or_hire_makes_every_helper_due_for_the_news() {
    for status in [LeadStatus::Interview, LeadStatus::Offer, LeadStatus::Hired] {
        let leads = [lead(&[1, 2], &[(LeadStatus::Applied, "2026-11-11"), (status, "2026-11-20")])];
        for id in [1, 2] {
            let someone = helper(id);
            let found =
                open_for(Records { leads: &leads, ..Records::of(&someone) }, "2026-11-20", &Marks::default());
            let item = only(FollowUpKind::Outcome, &found).unwrap();
            assert_eq!(item.key, format!("outcome-7-{id}"));
            assert_eq!(item.due_on, date("2026-11-22"), "{status}: the change date + thank-you-within");
        }
    }
}

#[test]
fn applying_or_a_rejection_is_no_news_to_tell() {
    for status in [LeadStatus::Applied, LeadStatus::Rejected, LeadStatus::Closed] {
        let leads = [lead(&[1], &[(status, "2026-11-20")])];
        let found =
            open_for(Records { leads: &leads, ..Records::of(&helper(1)) }, "2026-11-20", &Marks::default());
        assert_eq!(only(FollowUpKind::Outcome, &found), None, "{status}");
    }
}

#[test]
fn a_later_positive_status_replaces_the_earlier_outcome() {
    let leads = [lead(&[1], &[(LeadStatus::Interview, "2026-11-15"), (LeadStatus::Offer, "2026-11-20")])];
    let someone = helper(1);
    // The interview's item was done; the offer is news again.
    let done = completed(&[("outcome-7-1", "2026-11-17")]);
    let found = open_for(Records { leads: &leads, ..Records::of(&someone) }, "2026-11-21", &done);
    assert_eq!(key_and_due(FollowUpKind::Outcome, &found), Some(("outcome-7-1".into(), date("2026-11-22"))));
    assert!(only(FollowUpKind::Outcome, &found).unwrap().reason.contains("offer"));
}

#[test]
fn an_outcome_is_settled_by_any_interaction_on_or_after_the_change() {
    let leads = [lead(&[1], &[(LeadStatus::Interview, "2026-11-15")])];
    let someone = helper(1);
    for (contacted, open) in [("2026-11-14", true), ("2026-11-15", false), ("2026-11-30", false)] {
        let history = [call(contacted)];
        let records = Records { interactions: &history, leads: &leads, ..Records::of(&someone) };
        let found = open_for(records, "2026-12-01", &Marks::default());
        assert_eq!(only(FollowUpKind::Outcome, &found).is_some(), open, "in touch on {contacted}");
    }
}

#[test]
fn a_lead_item_names_how_late_it_is() {
    let leads = [lead(&[1], &[])];
    let first = helper(1);
    for (today, reason) in [
        ("2026-11-10", "New lead Rust Engineer at Acme: follow up on it today"),
        ("2026-11-11", "New lead Rust Engineer at Acme, 1 day overdue: follow up on it"),
        ("2026-11-13", "New lead Rust Engineer at Acme, 3 days overdue: follow up on it"),
    ] {
        let found = open_for(Records { leads: &leads, ..Records::of(&first) }, today, &Marks::default());
        assert_eq!(only(FollowUpKind::Lead, &found).unwrap().reason, reason, "on {today}");
    }
}

#[test]
fn an_interview_dated_in_the_future_asks_to_tell_them_it_got_there_then_how_it_went() {
    // Set on 11-12 for an interview on 11-20: the item counts from the 20th.
    let leads = [lead(&[1], &[(LeadStatus::Applied, "2026-11-11"), (LeadStatus::Interview, "2026-11-20")])];
    let someone = helper(1);
    for (today, contacted, reason) in [
        (
            "2026-11-12",
            None,
            Some(
                "Your application for Rust Engineer at Acme reached an interview (on 11-20): tell them, they helped",
            ),
        ),
        // Telling them before the interview does not settle what comes after it.
        (
            "2026-11-19",
            Some("2026-11-13"),
            Some(
                "Your application for Rust Engineer at Acme reached an interview (on 11-20): tell them, they helped",
            ),
        ),
        ("2026-11-20", None, Some("Interview for Rust Engineer at Acme on 11-20: tell them how it went")),
        (
            "2026-11-23",
            Some("2026-11-13"),
            Some("Interview for Rust Engineer at Acme on 11-20: tell them how it went"),
        ),
        ("2026-11-23", Some("2026-11-21"), None),
    ] {
        let history: Vec<Interaction> = contacted.into_iter().map(call).collect();
        let records = Records { interactions: &history, leads: &leads, ..Records::of(&someone) };
        let found = open_for(records, today, &Marks::default());
        let item = only(FollowUpKind::Outcome, &found);
        assert_eq!(item.as_ref().map(|f| f.reason.as_str()), reason, "on {today}, in touch on {contacted:?}");
        if let Some(item) = item {
            assert_eq!((item.key.as_str(), item.due_on), ("outcome-7-1", date("2026-11-22")), "on {today}");
        }
    }
}

#[test]
fn a_rejection_or_closing_after_applying_asks_to_let_the_helpers_know_and_thank_them() {
    let someone = helper(1);
    for (changes, reason) in [
        (
            &[(LeadStatus::Applied, "2026-11-11"), (LeadStatus::Rejected, "2026-11-20")][..],
            Some(
                "Your application for Rust Engineer at Acme was rejected on 11-20: let them know, and thank them for their help",
            ),
        ),
        (
            &[(LeadStatus::Applied, "2026-11-11"), (LeadStatus::Closed, "2026-11-20")],
            Some("Rust Engineer at Acme closed on 11-20: let them know, and thank them for their help"),
        ),
        // After an interview too; the end replaces the interview's item.
        (
            &[(LeadStatus::Interview, "2026-11-15"), (LeadStatus::Rejected, "2026-11-20")],
            Some(
                "Your application for Rust Engineer at Acme was rejected on 11-20: let them know, and thank them for their help",
            ),
        ),
        // Straight from open: nothing to tell.
        (&[(LeadStatus::Rejected, "2026-11-20")], None),
        (&[(LeadStatus::Closed, "2026-11-20")], None),
        // Back to open, then rejected: it had been applied for.
        (
            &[
                (LeadStatus::Applied, "2026-11-11"),
                (LeadStatus::Open, "2026-11-12"),
                (LeadStatus::Rejected, "2026-11-20"),
            ],
            Some(
                "Your application for Rust Engineer at Acme was rejected on 11-20: let them know, and thank them for their help",
            ),
        ),
    ] {
        let leads = [lead(&[1], changes)];
        let found =
            open_for(Records { leads: &leads, ..Records::of(&someone) }, "2026-11-21", &Marks::default());
        let item = only(FollowUpKind::Outcome, &found);
        assert_eq!(item.as_ref().map(|f| f.reason.as_str()), reason, "{changes:?}");
        assert!(item.is_none_or(|f| f.due_on == date("2026-11-22")), "{changes:?}");
    }
}

#[test]
fn lead_items_and_future_interviews_are_computed_again_when_their_words_change() {
    let someone = helper(1);
    let open = [lead(&[1], &[])];
    let records = Records { leads: &open, ..Records::of(&someone) };
    let found = open_for(records, "2026-11-12", &Marks::default());
    assert_eq!(recompute_on(records, date("2026-11-12"), &found), Some(date("2026-11-13")), "lateness");
    let interview =
        [lead(&[1], &[(LeadStatus::Applied, "2026-11-11"), (LeadStatus::Interview, "2026-11-20")])];
    let records = Records { leads: &interview, ..Records::of(&someone) };
    let found = open_for(records, "2026-11-12", &Marks::default());
    assert_eq!(recompute_on(records, date("2026-11-12"), &found), Some(date("2026-11-20")), "the interview");
    assert_eq!(recompute_on(records, date("2026-11-20"), &found), None);
}

// ---------------------------------------------------------------------------
// Rule 11: chase
// ---------------------------------------------------------------------------

/// Lead 7 applied for on `applied`, passed on by contacts 1 and 2.
fn applied(on: &str) -> Lead {
    lead(&[1, 2], &[(LeadStatus::Applied, on)])
}

/// Chase-after set to `every`.
fn chase_after(every: &str) -> Settings {
    Settings { chase_after: duration(every), ..Settings::default() }
}

/// The chase of lead 7 as its first helper (contact 1) sees it on `today`, with the
/// latest interaction with each helper (`helpers`), its own `history` and `marks`.
fn chase_of(
    leads: &[Lead],
    today: &str,
    history: &[Interaction],
    helpers: &[(i64, &str)],
    settings: &Settings,
    marks: &Marks,
) -> Option<FollowUp> {
    let first = helper(1);
    let helpers: Vec<(i64, NaiveDate)> = helpers.iter().map(|(id, on)| (*id, date(on))).collect();
    let records = Records { interactions: history, leads, helpers: &helpers, ..Records::of(&first) };
    only(FollowUpKind::Chase, &follow_ups(records, date(today), settings, marks))
}

#[test]
fn an_application_with_no_answer_is_due_for_a_chase_chase_after_later() {
    let leads = [applied("2026-09-23")];
    for (every, due_on) in [("7d", "2026-09-30"), ("2w", "2026-10-07"), ("1m", "2026-10-23")] {
        let item = chase_of(&leads, "2026-09-24", &[], &[], &chase_after(every), &Marks::default()).unwrap();
        assert_eq!((item.key.as_str(), item.due_on), ("chase-7", date(due_on)), "chase-after {every}");
        assert_eq!(
            item.reason,
            "no answer from Acme since you applied on 09-23: follow up, or ask someone there"
        );
        assert_eq!(item.contact_id, Some(1), "the first helper's");
    }
}

#[test]
fn only_a_lead_in_applied_is_chased() {
    for status in [
        LeadStatus::Open,
        LeadStatus::Interview,
        LeadStatus::Offer,
        LeadStatus::Hired,
        LeadStatus::Rejected,
        LeadStatus::Closed,
    ] {
        let leads = [lead(&[1], &[(LeadStatus::Applied, "2026-09-23"), (status, "2026-09-25")])];
        assert_eq!(
            chase_of(&leads, "2026-11-01", &[], &[], &Settings::default(), &Marks::default()),
            None,
            "{status}"
        );
    }
    // Applied again later: counted from that day.
    let again = [lead(
        &[1],
        &[
            (LeadStatus::Applied, "2026-09-23"),
            (LeadStatus::Open, "2026-09-25"),
            (LeadStatus::Applied, "2026-10-01"),
        ],
    )];
    let item = chase_of(&again, "2026-10-02", &[], &[], &Settings::default(), &Marks::default()).unwrap();
    assert_eq!(item.due_on, date("2026-10-08"));
}

#[test]
fn a_chase_counts_from_the_last_interaction_with_any_helper() {
    let leads = [applied("2026-09-23")];
    let settings = Settings::default();
    let none = Marks::default();
    for (history, helpers, due_on) in [
        // With the first helper (their own history), or the second (by the helpers' dates).
        (vec![call("2026-09-26")], vec![], "2026-10-03"),
        (vec![], vec![(2, "2026-09-28")], "2026-10-05"),
        (vec![call("2026-09-26")], vec![(2, "2026-09-28"), (1, "2026-09-26")], "2026-10-05"),
        // Before applying: the application counts.
        (vec![call("2026-09-20")], vec![(2, "2026-09-21")], "2026-09-30"),
        // Someone who did not help with it: nothing.
        (vec![], vec![(3, "2026-09-28")], "2026-09-30"),
    ] {
        let item = chase_of(&leads, "2026-09-29", &history, &helpers, &settings, &none).unwrap();
        assert_eq!(item.due_on, date(due_on), "{history:?} {helpers:?}");
    }
    let item = chase_of(&leads, "2026-09-29", &[], &[(2, "2026-09-28")], &settings, &none).unwrap();
    assert_eq!(
        item.reason,
        "no answer from Acme since 09-28 (you applied on 09-23): follow up, or ask someone there"
    );
}

#[test]
fn a_chase_done_makes_the_next_one_due_chase_after_after_that() {
    let leads = [applied("2026-09-23")];
    let settings = Settings::default();
    let done_on = |key: &str, due_on: &str, done: &str| Marks {
        completed: HashSet::from([(key.to_string(), date(due_on))]),
        last_done: HashMap::from([(key.to_string(), date(done))]),
        ..Marks::default()
    };
    for (due_on, done, next) in [
        // Done late, done on the day, done early.
        ("2026-09-30", "2026-10-03", "2026-10-10"),
        ("2026-09-30", "2026-09-30", "2026-10-07"),
        ("2026-09-30", "2026-09-27", "2026-10-04"),
        // Done on the very day it counts from: a whole wait after the one done.
        ("2026-09-30", "2026-09-23", "2026-10-07"),
    ] {
        let marks = done_on("chase-7", due_on, done);
        let item = chase_of(&leads, "2026-10-03", &[], &[], &settings, &marks).unwrap();
        assert_eq!(item.due_on, date(next), "due {due_on}, done {done}");
    }
}

#[test]
fn a_chase_with_no_helper_is_no_ones_and_snoozes_like_any_item() {
    let leads = [lead(&[], &[(LeadStatus::Applied, "2026-09-23")])];
    let found = unassigned(&leads, date("2026-09-30"), &Settings::default(), &Marks::default());
    let chase = only(FollowUpKind::Chase, &found).unwrap();
    assert_eq!((chase.key.as_str(), chase.contact_id, chase.due_on), ("chase-7", None, date("2026-09-30")));
    let snooze = snoozed("chase-7", "2026-10-05");
    let found = unassigned(&leads, date("2026-09-30"), &Settings::default(), &snooze);
    assert_eq!(only(FollowUpKind::Chase, &found).unwrap().snoozed_until, Some(date("2026-10-05")));
    // Without a company, the reason names the job.
    let mut untitled = leads[0].clone();
    untitled.company = None;
    let found = unassigned(&[untitled], date("2026-09-30"), &Settings::default(), &Marks::default());
    assert!(
        only(FollowUpKind::Chase, &found).unwrap().reason.starts_with("no answer about Rust Engineer since")
    );
}

// ---------------------------------------------------------------------------
// Rule 7: favor-thanks
// ---------------------------------------------------------------------------

fn favor(id: i64, direction: Direction, on: &str) -> Favor {
    Favor { id, contact_id: 1, direction, what: format!("favour {id}"), on: date(on) }
}

#[test]
fn a_favour_received_is_due_for_thanks_within_the_window() {
    let favors = [favor(4, Direction::Received, "2026-11-20"), favor(5, Direction::Gave, "2026-11-20")];
    let someone = helper(1);
    let found =
        open_for(Records { favors: &favors, ..Records::of(&someone) }, "2026-11-22", &Marks::default());
    assert_eq!(
        key_and_due(FollowUpKind::FavorThanks, &found),
        Some(("favor-thanks-4".into(), date("2026-11-22")))
    );
    assert!(only(FollowUpKind::FavorThanks, &found).unwrap().reason.contains("favour 4"));
}

#[test]
fn favor_thanks_is_cleared_by_a_thank_you_on_or_after_the_favour() {
    let favors = [favor(4, Direction::Received, "2026-11-20")];
    let someone = helper(1);
    for (thanked_on, open) in [("2026-11-19", true), ("2026-11-20", false)] {
        let history = [thanked(thanked_on)];
        let records = Records { interactions: &history, favors: &favors, ..Records::of(&someone) };
        let found = open_for(records, "2026-11-25", &Marks::default());
        assert_eq!(only(FollowUpKind::FavorThanks, &found).is_some(), open, "thanked {thanked_on}");
    }
}

#[test]
fn one_thank_you_clears_every_thanks_item_owed_to_that_person() {
    // Ada was met on the 18th, introduced Bob (met on the 19th) and did a favour on
    // the 20th: one thank-you on the 21st settles all three; a later favour stays.
    let (mut ada, introduced) = introducer("2026-11-19");
    ada.cadence = Some(Cadence::None);
    let favors = [favor(4, Direction::Received, "2026-11-20"), favor(6, Direction::Received, "2026-11-22")];
    let history = [met("2026-11-18"), thanked("2026-11-21")];
    let records =
        Records { interactions: &history, introduced: &introduced, favors: &favors, ..Records::of(&ada) };
    let found = open_for(records, "2026-11-22", &Marks::default());
    let keys: Vec<&str> = found.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["favor-thanks-6"]);
    // Before the thank-you all four were owed.
    let history = [met("2026-11-18")];
    let records =
        Records { interactions: &history, introduced: &introduced, favors: &favors, ..Records::of(&ada) };
    let mut keys: Vec<String> =
        open_for(records, "2026-11-22", &Marks::default()).into_iter().map(|f| f.key).collect();
    keys.sort();
    assert_eq!(keys, ["favor-thanks-4", "favor-thanks-6", "intro-thanks-2", "thank-you-1"]);
}

// ---------------------------------------------------------------------------
// Rule 8: birthdays
// ---------------------------------------------------------------------------

fn with_birthday(birthday: &str, created_at: &str) -> Contact {
    let mut someone = contact(1);
    someone.birthday = Some(Birthday::parse(birthday).unwrap());
    someone.created_at = date(created_at);
    // Check-ins would only clutter these tables.
    someone.cadence = Some(Cadence::None);
    someone
}

#[test]
fn birthday_is_due_on_the_anniversary() {
    let someone = with_birthday("--05-12", "2020-01-01");
    // (today, key, due on)
    let cases = [
        ("2026-05-12", "birthday-1-2026", "2026-05-12"),
        // Listed ahead of the day, as an upcoming item.
        ("2026-01-01", "birthday-1-2026", "2026-05-12"),
        ("2026-05-11", "birthday-1-2026", "2026-05-12"),
        // Last year's has lapsed; this year's is next.
        ("2026-02-01", "birthday-1-2026", "2026-05-12"),
    ];
    for (today, key, due_on) in cases {
        let found = open(&someone, &[], today);
        assert_eq!(
            key_and_due(FollowUpKind::Birthday, &found),
            Some((key.to_string(), date(due_on))),
            "today {today}"
        );
    }
    let found = open(&someone, &[], "2026-05-12");
    let birthday = only(FollowUpKind::Birthday, &found).unwrap();
    assert!(is_due(&birthday, date("2026-05-12"), 0));
    assert!(!is_due(&birthday, date("2026-05-11"), 0));
}

#[test]
fn birthday_on_29_february_falls_on_28_february_in_common_years() {
    // (today, key, due on)
    let cases = [
        ("2026-02-01", "birthday-1-2026", "2026-02-28"),
        ("2026-02-28", "birthday-1-2026", "2026-02-28"),
        ("2027-02-28", "birthday-1-2027", "2027-02-28"),
        ("2028-02-28", "birthday-1-2028", "2028-02-29"),
        ("2028-02-29", "birthday-1-2028", "2028-02-29"),
        ("2100-02-28", "birthday-1-2100", "2100-02-28"),
        ("2000-02-29", "birthday-1-2000", "2000-02-29"),
    ];
    for birthday in ["--02-29", "1980-02-29"] {
        let someone = with_birthday(birthday, "1990-01-01");
        for (today, key, due_on) in cases {
            let found = open(&someone, &[], today);
            assert_eq!(
                key_and_due(FollowUpKind::Birthday, &found),
                Some((key.to_string(), date(due_on))),
                "{birthday}, today {today}"
            );
        }
    }
}

#[test]
fn birthday_stays_due_until_settled_or_lapsed() {
    let someone = with_birthday("--05-12", "2020-01-01");
    let this_year = Some(("birthday-1-2026".to_string(), date("2026-05-12")));
    let next_year = Some(("birthday-1-2027".to_string(), date("2027-05-12")));
    // (interactions, completed, today, item)
    let cases = [
        (vec![], None, "2026-05-20", this_year.clone()),
        // Due for 30 days: still there on day 29, lapsed on day 30.
        (vec![], None, "2026-06-10", this_year.clone()),
        (vec![], None, "2026-06-11", next_year.clone()),
        // An interaction of any kind on or after the day settles it.
        (vec![call("2026-05-12")], None, "2026-05-20", next_year.clone()),
        (vec![met("2026-05-15")], None, "2026-05-20", next_year.clone()),
        (vec![interaction(InteractionKind::Message, "2026-05-19")], None, "2026-05-20", next_year.clone()),
        // One the day before does not.
        (vec![call("2026-05-11")], None, "2026-05-20", this_year.clone()),
        // Done for this year's day.
        (vec![], Some(("birthday-1-2026", "2026-05-12")), "2026-05-20", next_year.clone()),
        // Done for another year's item does not settle this one.
        (vec![], Some(("birthday-1-2025", "2025-05-12")), "2026-05-20", this_year.clone()),
        // Early in the year, last year's has lapsed and this year's is ahead.
        (vec![], None, "2026-01-05", this_year.clone()),
    ];
    for (interactions, done, today, item) in cases {
        let marks = done.map_or_else(Marks::default, |pair| completed(&[pair]));
        let found = open_with(&someone, &interactions, today, &Settings::default(), &marks);
        assert_eq!(
            key_and_due(FollowUpKind::Birthday, &found),
            item,
            "{interactions:?}, done {done:?}, today {today}"
        );
    }
}

#[test]
fn birthday_late_in_december_stays_due_into_the_new_year() {
    let someone = with_birthday("--12-25", "2020-01-01");
    // (interactions, today, item)
    let cases = [
        (vec![], "2027-01-05", ("birthday-1-2026", "2026-12-25")),
        (vec![], "2027-01-23", ("birthday-1-2026", "2026-12-25")),
        (vec![], "2027-01-24", ("birthday-1-2027", "2027-12-25")),
        (vec![call("2026-12-26")], "2027-01-05", ("birthday-1-2027", "2027-12-25")),
    ];
    for (interactions, today, (key, due_on)) in cases {
        let found = open(&someone, &interactions, today);
        assert_eq!(
            key_and_due(FollowUpKind::Birthday, &found),
            Some((key.to_string(), date(due_on))),
            "{interactions:?}, today {today}"
        );
    }
}

#[test]
fn birthdays_before_the_contact_was_added_are_not_owed() {
    // (created at, today, item)
    let cases = [
        ("2026-05-20", "2026-05-25", ("birthday-1-2027", "2027-05-12")),
        ("2026-05-13", "2026-05-13", ("birthday-1-2027", "2027-05-12")),
        // Added on the day itself: that day's is owed.
        ("2026-05-12", "2026-05-13", ("birthday-1-2026", "2026-05-12")),
        ("2026-05-01", "2026-05-13", ("birthday-1-2026", "2026-05-12")),
    ];
    for (created_at, today, (key, due_on)) in cases {
        let someone = with_birthday("--05-12", created_at);
        let found = open(&someone, &[], today);
        assert_eq!(
            key_and_due(FollowUpKind::Birthday, &found),
            Some((key.to_string(), date(due_on))),
            "created {created_at}, today {today}"
        );
    }
}

#[test]
fn full_birth_date_reports_the_age() {
    // (birthday, today, key, age in the reason)
    let cases = [
        ("1990-05-12", "2026-05-12", "birthday-1-2026", Some("Turns 36")),
        ("1990-05-12", "2026-06-01", "birthday-1-2026", Some("Turns 36")),
        ("1990-05-12", "2026-06-15", "birthday-1-2027", Some("Turns 37")),
        ("--05-12", "2026-05-12", "birthday-1-2026", None),
    ];
    for (birthday, today, key, age) in cases {
        let someone = with_birthday(birthday, "2020-01-01");
        let found = open(&someone, &[], today);
        let item = only(FollowUpKind::Birthday, &found).unwrap();
        assert_eq!(item.key, key, "{birthday}, today {today}");
        match age {
            Some(age) => assert!(item.reason.contains(age), "{}", item.reason),
            None => assert!(!item.reason.contains("Turns"), "{}", item.reason),
        }
    }
}

#[test]
fn no_birthday_before_the_person_was_born() {
    let baby = with_birthday("2026-03-01", "2026-01-01");
    let found = open(&baby, &[], "2026-03-01");
    assert_eq!(
        key_and_due(FollowUpKind::Birthday, &found),
        Some(("birthday-1-2027".to_string(), date("2027-03-01")))
    );
}

// ---------------------------------------------------------------------------
// Rule 9: snooze
// ---------------------------------------------------------------------------

#[test]
fn snoozed_follow_up_is_hidden_until_its_snooze_date() {
    let marks = snoozed("thank-you-1", "2026-12-01");
    // (today, snoozed until, shown by `due` with within 0, with within 365)
    let cases = [
        ("2026-11-22", Some("2026-12-01"), false, false),
        ("2026-11-25", Some("2026-12-01"), false, false),
        ("2026-11-30", Some("2026-12-01"), false, false),
        // On the snooze date it shows again, at its original due date.
        ("2026-12-01", None, true, true),
        ("2026-12-05", None, true, true),
    ];
    for (today, until, shown, shown_within_a_year) in cases {
        let found = open_with(&contact(1), &[met("2026-11-22")], today, &Settings::default(), &marks);
        let item = only(FollowUpKind::ThankYou, &found).unwrap();
        assert_eq!(item.due_on, date("2026-11-24"), "today {today}");
        assert_eq!(item.snoozed_until, until.map(date), "today {today}");
        assert_eq!(is_due(&item, date(today), 0), shown, "today {today}");
        assert_eq!(is_due(&item, date(today), 365), shown_within_a_year, "today {today}");
    }
}

#[test]
fn snooze_of_another_key_changes_nothing() {
    let marks = snoozed("thank-you-2", "2026-12-01");
    let found = open_with(&contact(1), &[met("2026-11-22")], "2026-11-25", &Settings::default(), &marks);
    let item = only(FollowUpKind::ThankYou, &found).unwrap();
    assert_eq!(item.snoozed_until, None);
    assert!(is_due(&item, date("2026-11-25"), 0));
}

// ---------------------------------------------------------------------------
// Rule 10: completed keys
// ---------------------------------------------------------------------------

#[test]
fn completed_key_hides_only_that_due_date() {
    let marks = completed(&[("check-in-1", "2026-02-11")]);
    let first = vec![met("2026-01-10"), thanked("2026-01-11")];
    let mut later = first.clone();
    later.push(call("2026-03-05"));
    // (interactions, today, check-in due on)
    let cases = [
        (first.clone(), "2026-02-11", None),
        (first, "2026-05-01", None),
        (later, "2026-03-06", Some("2026-04-05")),
    ];
    for (interactions, today, due_on) in cases {
        let found = open_with(&contact(1), &interactions, today, &Settings::default(), &marks);
        assert_eq!(
            due_of(FollowUpKind::CheckIn, &found),
            due_on.map(date),
            "{interactions:?}, today {today}"
        );
    }
}

// ---------------------------------------------------------------------------
// `due --within`
// ---------------------------------------------------------------------------

#[test]
fn is_due_shows_overdue_today_and_upcoming_within_n_days() {
    // (due on, within, shown) with today 2026-11-22
    let cases = [
        ("2020-01-01", 0, true),
        ("2026-11-21", 0, true),
        ("2026-11-22", 0, true),
        ("2026-11-23", 0, false),
        ("2026-11-23", 1, true),
        ("2026-11-29", 7, true),
        ("2026-11-30", 7, false),
        ("2027-11-22", 365, true),
        ("2027-11-23", 365, false),
        ("2026-11-21", 30, true),
        ("2099-01-01", u32::MAX, true),
    ];
    for (due_on, within, shown) in cases {
        let item = follow_up("check-in-1", FollowUpKind::CheckIn, "Ada", due_on);
        assert_eq!(is_due(&item, date("2026-11-22"), within), shown, "due {due_on}, within {within}");
    }
}

// ---------------------------------------------------------------------------
// Order and keys
// ---------------------------------------------------------------------------

#[test]
fn sort_orders_by_due_date_then_contact_name_then_kind_then_key() {
    use FollowUpKind::{Birthday, CheckIn, Reminder, ThankYou};
    let expected = vec![
        follow_up("reminder-7", Reminder, "Zoe", "2026-11-20"),
        follow_up("birthday-2-2026", Birthday, "Ada", "2026-11-22"),
        follow_up("thank-you-3", ThankYou, "Bob", "2026-11-22"),
        follow_up("check-in-3", CheckIn, "Bob", "2026-11-22"),
        follow_up("reminder-4", Reminder, "Bob", "2026-11-22"),
        follow_up("reminder-5", Reminder, "Bob", "2026-11-22"),
        follow_up("birthday-3-2026", Birthday, "Bob", "2026-11-22"),
        follow_up("check-in-1", CheckIn, "Cy", "2026-11-22"),
        follow_up("thank-you-9", ThankYou, "Ada", "2026-11-23"),
    ];
    let mut reversed = expected.clone();
    reversed.reverse();
    let mut rotated = expected.clone();
    rotated.rotate_left(4);
    for mut input in [reversed, rotated, expected.clone()] {
        sort(&mut input);
        let keys: Vec<&str> = input.iter().map(|f| f.key.as_str()).collect();
        let expected_keys: Vec<&str> = expected.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, expected_keys);
    }
}

#[test]
fn sort_compares_contact_names_ignoring_case() {
    let mut items = vec![
        follow_up("check-in-1", FollowUpKind::CheckIn, "Zoe", "2026-11-22"),
        follow_up("check-in-2", FollowUpKind::CheckIn, "bob", "2026-11-22"),
        follow_up("check-in-3", FollowUpKind::CheckIn, "Ada", "2026-11-22"),
    ];
    sort(&mut items);
    let names: Vec<&str> = items.iter().filter_map(|f| f.contact.as_deref()).collect();
    assert_eq!(names, ["Ada", "bob", "Zoe"]);
}

#[test]
fn keys_are_stable_from_day_to_day() {
    let mut someone = with_birthday("--12-25", "2026-01-01");
    someone.cadence = None;
    let reminders = [reminder(11, "2026-12-01", None)];
    let settled = [met("2026-11-01"), thanked("2026-11-02")];
    let open_thanks = [met("2026-11-20")];
    for interactions in [&settled[..], &open_thanks[..]] {
        let on = |today: &str| {
            let records = Records { interactions, reminders: &reminders, ..Records::of(&someone) };
            let mut found = follow_ups(records, date(today), &Settings::default(), &Marks::default());
            sort(&mut found);
            found.into_iter().map(|f| (f.key, f.due_on)).collect::<Vec<_>>()
        };
        let first = on("2026-11-22");
        assert_eq!(first.len(), 3, "{first:?}");
        for today in ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-30", "2026-12-01"] {
            assert_eq!(on(today), first, "{interactions:?}, today {today}");
        }
    }
}

// ---------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------

/// 1900-01-01 plus up to 109 572 days: 1900-01-01 to 2199-12-31.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..109_573).prop_map(|offset| date("1900-01-01").checked_add_days(chrono::Days::new(offset)).unwrap())
}

fn any_unit() -> impl Strategy<Value = Unit> {
    prop_oneof![Just(Unit::Days), Just(Unit::Weeks), Just(Unit::Months), Just(Unit::Years),]
}

fn any_duration(min: u32) -> impl Strategy<Value = Duration> {
    (min..400u32, any_unit()).prop_map(|(count, unit)| Duration { count, unit })
}

fn any_cadence() -> impl Strategy<Value = Cadence> {
    prop_oneof![Just(Cadence::None), any_duration(1).prop_map(Cadence::Every)]
}

fn any_kind() -> impl Strategy<Value = InteractionKind> {
    proptest::sample::select(InteractionKind::ALL.to_vec())
}

fn any_birthday() -> impl Strategy<Value = Birthday> {
    prop_oneof![
        any_date().prop_map(Birthday::Full),
        (1u32..=12, 1u32..=31).prop_filter_map("no such day", |(month, day)| {
            NaiveDate::from_ymd_opt(2000, month, day).map(|_| Birthday::Yearless { month, day })
        }),
    ]
}

prop_compose! {
    fn any_contact()(
        created_at in any_date(),
        no_thank_you in any::<bool>(),
        own in proptest::option::of(any_cadence()),
        temporary in proptest::option::of((any_cadence(), any_date())),
        birthday in proptest::option::of(any_birthday()),
    ) -> Contact {
        let mut someone = contact(1);
        someone.created_at = created_at;
        someone.no_thank_you = no_thank_you;
        someone.cadence = own;
        someone.temporary_cadence =
            temporary.map(|(cadence, until)| TemporaryCadence { cadence, until });
        someone.birthday = birthday;
        someone
    }
}

prop_compose! {
    /// Oldest first, with ids in that order (as recorded); some mail waits for a reply.
    fn any_interactions()(
        mut list in proptest::collection::vec((any_kind(), any_date(), any::<bool>()), 0..6),
    ) -> Vec<Interaction> {
        list.sort_by_key(|(_, on, _)| *on);
        list.into_iter()
            .enumerate()
            .map(|(index, (kind, on, waits))| Interaction {
                awaiting_reply: waits && kind == InteractionKind::Email,
                ..Interaction::new(i64::try_from(index).unwrap() + 1, 1, kind, on)
            })
            .collect()
    }
}

proptest! {
    #[test]
    fn no_follow_up_is_due_before_what_it_counts_from(
        someone in any_contact(),
        interactions in any_interactions(),
        reminders in proptest::collection::vec((any_date(), any::<bool>()), 0..3),
        today in any_date(),
        thank_you_within in any_duration(0),
        thank_again_after in any_duration(0),
        default_cadence in any_cadence(),
        snooze in proptest::option::of(any_date()),
        within in 0u32..1000,
        no_reply_after in any_duration(1),
        picked in proptest::collection::vec(any_date(), 0..3),
        picked_this_week in any::<bool>(),
    ) {
        let reminders: Vec<Reminder> = reminders
            .into_iter()
            .enumerate()
            .map(|(index, (due_on, done))| Reminder {
                id: i64::try_from(index).unwrap(),
                contact_id: 1,
                text: "call back".to_string(),
                due_on,
                done_on: done.then_some(due_on),
            })
            .collect();
        let settings = Settings {
            thank_you_within,
            default_cadence,
            thank_again_after,
            no_reply_after,
            ..Settings::default()
        };
        let mut picks: Vec<Week> = picked.iter().map(|d| Week::of(*d)).collect();
        if picked_this_week {
            picks.push(Week::of(today));
        }
        let mut marks = Marks::default();
        if let Some(until) = snooze {
            marks.snoozed.insert("thank-you-1".to_string(), until);
            marks.snoozed.insert("check-in-1".to_string(), until);
        }
        let records =
            Records { interactions: &interactions, reminders: &reminders, picks: &picks, ..Records::of(&someone) };
        let mut found = follow_ups(records, today, &settings, &marks);
        sort(&mut found);

        let last = interactions.last().map_or(someone.created_at, |i| i.on);
        let mut keys = HashSet::new();
        for item in &found {
            prop_assert!(keys.insert(item.key.clone()), "duplicate key {}", item.key);
            prop_assert!(item.snoozed_until.is_none_or(|until| until > today));
            let _ = is_due(item, today, within);
            match item.kind {
                FollowUpKind::CheckIn => prop_assert!(item.due_on > last, "{item:?} vs {last}"),
                FollowUpKind::ThankYou => {
                    // Counted from a meeting that nothing thanked since.
                    let from = interactions.iter().filter(|i| i.kind == InteractionKind::Met).find(|met| {
                        thank_you_within.after(met.on) == Some(item.due_on)
                            && !interactions.iter().any(|i| i.kind == InteractionKind::ThankYou && i.on >= met.on)
                    });
                    prop_assert!(from.is_some(), "{item:?} vs {interactions:?}");
                }
                FollowUpKind::Birthday => {
                    prop_assert!(item.due_on >= someone.created_at, "{item:?}");
                    prop_assert!(!interactions.iter().any(|i| i.on >= item.due_on), "{item:?}");
                }
                FollowUpKind::NoReply => {
                    // Counted from the last thing that happened with them: mail you sent.
                    let sent = interactions.last().filter(|i| i.awaiting_reply);
                    prop_assert!(sent.is_some_and(|s| item.key == format!("no-reply-{}", s.id)), "{item:?}");
                    let sent = sent.map(|s| s.on).unwrap_or(NaiveDate::MIN);
                    prop_assert!(item.due_on > sent && no_reply_after.after(sent) == Some(item.due_on));
                }
                FollowUpKind::Reconnect => {
                    // This week's pick, due on its Monday, with nothing since.
                    let week = Week::of(today);
                    prop_assert!(picks.contains(&week) && item.due_on == week.monday(), "{item:?}");
                    prop_assert!(!interactions.iter().any(|i| i.on >= item.due_on), "{item:?}");
                }
                _ => {}
            }
        }
        // A check-in never shows up next to an open thank-you.
        let kinds: Vec<FollowUpKind> = found.iter().map(|f| f.kind).collect();
        prop_assert!(
            !(kinds.contains(&FollowUpKind::ThankYou) && kinds.contains(&FollowUpKind::CheckIn)),
            "{kinds:?}"
        );
    }
}

#[test]
fn follow_ups_past_year_9999_are_left_out() {
    // They could not be stored when done; nothing is due then in any useful sense.
    let mut ada = contact(1);
    ada.created_at = date("9999-12-30");
    let history = [met("9999-12-30")];
    let found = follow_ups(
        Records { interactions: &history, reminders: &[], ..Records::of(&ada) },
        date("9999-12-30"),
        &Settings::default(),
        &Marks::default(),
    );
    assert!(found.is_empty(), "{found:?}");
}

// ---------------------------------------------------------------------------
// The settled halves (what `stats` counts as kept on time or late)
// ---------------------------------------------------------------------------

mod settled_halves {
    use super::*;

    /// (key, due on, settled on) of each.
    fn keys(found: &[Settled]) -> Vec<(&str, String, String)> {
        found.iter().map(|s| (s.key.as_str(), s.due_on.to_string(), s.settled_on.to_string())).collect()
    }

    #[test]
    fn an_item_counts_once_due_and_is_on_time_until_thank_you_within_after() {
        let ada = Contact::new(1, "Ada", date("2026-01-01"));
        let within = Settings::default().thank_you_within;
        // Met on 03-01, so the thank-you is due on 03-03. (thanked on, counted, on time)
        for (thanked, counted, on_time) in [
            ("2026-03-01", false, true),
            ("2026-03-02", false, true),
            ("2026-03-03", true, true),
            ("2026-03-05", true, true),
            ("2026-03-06", true, false),
        ] {
            let history = [
                interaction(InteractionKind::Met, "2026-03-01"),
                interaction(InteractionKind::ThankYou, thanked),
            ];
            let found =
                settled(Records { interactions: &history, ..Records::of(&ada) }, &Settings::default());
            let item = &found[0];
            assert_eq!((item.key.as_str(), item.due_on), ("thank-you-1", date("2026-03-03")));
            assert_eq!((item.was_due(), item.on_time(within)), (counted, on_time), "thanked {thanked}");
        }
    }

    #[test]
    fn a_regular_met_again_soon_owes_one_thank_you() {
        let ada = Contact::new(1, "Ada", date("2026-01-01"));
        let history = [
            interaction(InteractionKind::Met, "2026-03-01"),
            interaction(InteractionKind::ThankYou, "2026-03-02"),
            interaction(InteractionKind::Met, "2026-04-01"),
            interaction(InteractionKind::ThankYou, "2026-04-02"),
        ];
        let found = settled(Records { interactions: &history, ..Records::of(&ada) }, &Settings::default());
        let thanks: Vec<_> = keys(&found).into_iter().filter(|k| k.0 == "thank-you-1").collect();
        assert_eq!(thanks, [("thank-you-1", "2026-03-03".to_string(), "2026-03-02".to_string())]);
    }

    #[test]
    fn an_open_thank_you_is_not_settled() {
        let ada = Contact::new(1, "Ada", date("2026-01-01"));
        let history = [interaction(InteractionKind::Met, "2026-03-01")];
        assert!(
            settled(Records { interactions: &history, ..Records::of(&ada) }, &Settings::default()).is_empty()
        );
    }

    #[test]
    fn check_ins_count_each_interaction_after_the_previous_one_with_the_cadence() {
        let ada = Contact::new(1, "Ada", date("2026-01-01"));
        let history = [
            interaction(InteractionKind::Met, "2026-01-01"),
            interaction(InteractionKind::ThankYou, "2026-01-02"),
            interaction(InteractionKind::Call, "2026-02-01"),
            interaction(InteractionKind::Email, "2026-04-01"),
        ];
        let found = settled(Records { interactions: &history, ..Records::of(&ada) }, &Settings::default());
        assert_eq!(
            keys(&found),
            [
                ("thank-you-1", "2026-01-03".to_string(), "2026-01-02".to_string()),
                ("check-in-1", "2026-02-02".to_string(), "2026-02-01".to_string()),
                ("check-in-1", "2026-03-01".to_string(), "2026-04-01".to_string()),
            ]
        );
    }

    #[test]
    fn introductions_favours_and_outcomes_are_settled_by_the_right_interaction() {
        let ada = Contact { cadence: Some(Cadence::None), ..Contact::new(1, "Ada", date("2026-01-01")) };
        let introduced = [Introduction { contact_id: 2, name: "Bob".into(), met_on: date("2026-03-01") }];
        let favors = [Favor {
            id: 7,
            contact_id: 1,
            direction: Direction::Received,
            what: "a referral".into(),
            on: date("2026-03-10"),
        }];
        let leads = [Lead {
            id: 3,
            title: "Rust Engineer".into(),
            company: None,
            status: LeadStatus::Interview,
            via: vec![1],
            url: None,
            note: None,
            created_on: date("2026-03-05"),
            updated_on: date("2026-03-20"),
            history: vec![
                StatusChange { status: LeadStatus::Open, on: date("2026-03-05") },
                StatusChange { status: LeadStatus::Interview, on: date("2026-03-20") },
            ],
        }];
        let history = [
            interaction(InteractionKind::ThankYou, "2026-03-02"),
            interaction(InteractionKind::ThankYou, "2026-03-15"),
            interaction(InteractionKind::Call, "2026-03-21"),
        ];
        let records = Records {
            interactions: &history,
            introduced: &introduced,
            leads: &leads,
            favors: &favors,
            ..Records::of(&ada)
        };
        assert_eq!(
            keys(&settled(records, &Settings::default())),
            [
                ("intro-thanks-2", "2026-03-03".to_string(), "2026-03-02".to_string()),
                ("favor-thanks-7", "2026-03-12".to_string(), "2026-03-15".to_string()),
                ("outcome-3-1", "2026-03-22".to_string(), "2026-03-21".to_string()),
            ]
        );
    }

    #[test]
    fn a_chase_is_settled_by_each_interaction_with_its_owner_while_the_lead_is_applied() {
        let bob = Contact { cadence: Some(Cadence::None), ..Contact::new(1, "Bob", date("2026-01-01")) };
        let change = |status, on| StatusChange { status, on: date(on) };
        let leads = [Lead {
            id: 4,
            title: "Rust Engineer".into(),
            company: Some("Acme".into()),
            status: LeadStatus::Interview,
            via: vec![1],
            url: None,
            note: None,
            created_on: date("2026-09-20"),
            updated_on: date("2026-10-20"),
            history: vec![
                change(LeadStatus::Open, "2026-09-20"),
                change(LeadStatus::Applied, "2026-09-23"),
                change(LeadStatus::Interview, "2026-10-20"),
            ],
        }];
        let history = [
            interaction(InteractionKind::Call, "2026-09-21"),
            interaction(InteractionKind::Message, "2026-10-02"),
            interaction(InteractionKind::Message, "2026-10-12"),
            interaction(InteractionKind::Call, "2026-10-21"),
        ];
        let records = Records { interactions: &history, leads: &leads, ..Records::of(&bob) };
        let found = settled(records, &Settings::default());
        let chases: Vec<_> = keys(&found).into_iter().filter(|k| k.0 == "chase-4").collect();
        // Before applying and after the interview, nothing was chased.
        assert_eq!(
            chases,
            [
                ("chase-4", "2026-09-30".to_string(), "2026-10-02".to_string()),
                ("chase-4", "2026-10-09".to_string(), "2026-10-12".to_string())
            ]
        );
    }
}

// ---------------------------------------------------------------------------
// Replies: no-reply
// ---------------------------------------------------------------------------

/// Mail you sent on `on` (interaction `id`) that waits for a reply, on `subject`.
fn sent_waiting(id: i64, on: &str, subject: &str) -> Interaction {
    Interaction {
        id,
        note: Some(subject.to_string()),
        direction: Some(crate::model::MailDirection::Sent),
        awaiting_reply: true,
        ..Interaction::new(id, 1, InteractionKind::Email, date(on))
    }
}

fn with_id(id: i64, i: Interaction) -> Interaction {
    Interaction { id, ..i }
}

/// A contact who needs no thank-you and no check-in: only the replies rule speaks.
fn quiet_contact() -> Contact {
    Contact { no_thank_you: true, cadence: Some(Cadence::None), ..contact(1) }
}

#[test]
fn mail_you_sent_with_no_reply_is_due_no_reply_after_later() {
    let mut acme = quiet_contact();
    acme.company = Some("Contoso Ltd".into());
    let history = [sent_waiting(5, "2026-09-23", "Referral at Contoso?")];
    let found = open(&acme, &history, "2026-09-24");
    assert_eq!(key_and_due(FollowUpKind::NoReply, &found), Some(("no-reply-5".into(), date("2026-09-30"))));
    assert_eq!(
        only(FollowUpKind::NoReply, &found).unwrap().reason,
        "you wrote on 09-23 (Referral at Contoso?) and have no reply: follow up, or ask someone else there \
         (netcrm path --company \"Contoso Ltd\")"
    );
    // Without a company, and a longer wait.
    let settings = Settings { no_reply_after: duration("2w"), ..Settings::default() };
    let found = open_with(&quiet_contact(), &history, "2026-09-24", &settings, &Marks::default());
    let item = only(FollowUpKind::NoReply, &found).unwrap();
    assert_eq!(
        (item.due_on, item.reason.as_str()),
        (date("2026-10-07"), "you wrote on 09-23 (Referral at Contoso?) and have no reply: follow up")
    );
}

#[test]
fn any_later_interaction_settles_a_wait_and_a_later_message_starts_its_own() {
    let sent = sent_waiting(5, "2026-09-23", "Hello");
    for (later, settled) in [
        // A reply the next day, a call, a meeting: settled.
        (with_id(6, interaction(InteractionKind::Email, "2026-09-24")), true),
        (with_id(6, call("2026-10-10")), true),
        // The same day, recorded after it (a later Date header in the same scan).
        (with_id(6, interaction(InteractionKind::Email, "2026-09-23")), true),
        // The same day, recorded before it (their message came first): still waiting.
        (with_id(4, interaction(InteractionKind::Email, "2026-09-23")), false),
        // Before it: still waiting.
        (with_id(7, call("2026-09-20")), false),
    ] {
        let mut history = vec![sent.clone(), later.clone()];
        history.sort_by_key(|i| (i.on, i.id));
        let found = open(&quiet_contact(), &history, "2026-10-20");
        assert_eq!(only(FollowUpKind::NoReply, &found).is_none(), settled, "{later:?}");
    }
    // A second message you sent settles the first and waits itself.
    let history = [sent.clone(), sent_waiting(9, "2026-09-27", "Following up")];
    let found = open(&quiet_contact(), &history, "2026-10-20");
    assert_eq!(key_and_due(FollowUpKind::NoReply, &found), Some(("no-reply-9".into(), date("2026-10-04"))));
    // Done: gone for that due date.
    let found = open_with(
        &quiet_contact(),
        &history,
        "2026-10-20",
        &Settings::default(),
        &completed(&[("no-reply-9", "2026-10-04")]),
    );
    assert!(only(FollowUpKind::NoReply, &found).is_none());
}

#[test]
fn mail_that_waits_for_no_reply_makes_no_item() {
    // Received, cc, or sent long ago (scan did not flag it): nothing.
    let mut old = sent_waiting(5, "2026-09-23", "Hello");
    old.awaiting_reply = false;
    assert!(only(FollowUpKind::NoReply, &open(&quiet_contact(), &[old], "2026-12-01")).is_none());
}

#[test]
fn a_settled_wait_counts_from_its_due_date_for_stats() {
    let history = [sent_waiting(5, "2026-09-23", "Hello"), with_id(6, call("2026-10-02"))];
    let contact = quiet_contact();
    let records = Records { interactions: &history, ..Records::of(&contact) };
    let found = settled(records, &Settings::default());
    let mine: Vec<&Settled> = found.iter().filter(|s| s.key == "no-reply-5").collect();
    assert_eq!(
        mine,
        [&Settled { key: "no-reply-5".into(), due_on: date("2026-09-30"), settled_on: date("2026-10-02") }]
    );
}

// ---------------------------------------------------------------------------
// Reconnect: the week's picks
// ---------------------------------------------------------------------------

fn week(text: &str) -> Week {
    text.parse().unwrap()
}

/// A quiet contact with two calls long ago, picked in `picks`, on `today`.
fn reconnect_items(
    history: &[Interaction],
    picks: &[Week],
    today: &str,
    settings: &Settings,
    marks: &Marks,
) -> Vec<FollowUp> {
    let contact = quiet_contact();
    let records = Records { interactions: history, picks, ..Records::of(&contact) };
    follow_ups(records, date(today), settings, marks)
}

fn long_ago() -> Vec<Interaction> {
    vec![with_id(1, call("2024-03-02")), with_id(2, call("2024-06-10"))]
}

#[test]
fn a_pick_is_due_on_its_weeks_monday_and_lapses_at_its_end() {
    let picks = [week("2026-W53")];
    let settings = Settings::default();
    let none = Marks::default();
    for (today, shown) in [
        ("2026-12-27", false), // the Sunday before
        ("2026-12-28", true),  // Monday
        ("2026-12-31", true),
        ("2027-01-03", true),  // Sunday, across the year's end
        ("2027-01-04", false), // the next Monday: lapsed
    ] {
        let found = reconnect_items(&long_ago(), &picks, today, &settings, &none);
        let item = key_and_due(FollowUpKind::Reconnect, &found);
        let expected = shown.then(|| ("reconnect-1-2026-W53".to_string(), date("2026-12-28")));
        assert_eq!(item, expected, "{today}");
    }
    let found = reconnect_items(&long_ago(), &picks, "2026-12-29", &settings, &none);
    assert_eq!(
        only(FollowUpKind::Reconnect, &found).unwrap().reason,
        "Dormant tie: last in touch on 2024-06-10 (call), 2.5 years ago, 2 interactions in all: reconnect this week"
    );
    // Computed again on the Monday it shows and on the Monday it lapses.
    let contact = quiet_contact();
    let history = long_ago();
    let records = Records { interactions: &history, picks: &picks, ..Records::of(&contact) };
    assert_eq!(recompute_on(records, date("2026-12-20"), &[]), Some(date("2026-12-28")));
    assert_eq!(recompute_on(records, date("2026-12-30"), &[]), Some(date("2027-01-04")));
}

#[test]
fn an_interaction_from_the_monday_on_settles_a_pick_and_done_or_zero_hide_it() {
    let picks = [week("2026-W50")];
    let settings = Settings::default();
    // A call on the Monday settles it; one the Sunday before does not.
    let mut history = long_ago();
    history.push(with_id(3, call("2026-12-07")));
    assert!(
        only(
            FollowUpKind::Reconnect,
            &reconnect_items(&history, &picks, "2026-12-09", &settings, &Marks::default())
        )
        .is_none()
    );
    history.pop();
    history.push(with_id(3, call("2026-12-06")));
    let found = reconnect_items(&history, &picks, "2026-12-09", &settings, &Marks::default());
    assert!(only(FollowUpKind::Reconnect, &found).is_some());
    // Done.
    let done = completed(&[("reconnect-1-2026-W50", "2026-12-07")]);
    assert!(
        only(FollowUpKind::Reconnect, &reconnect_items(&long_ago(), &picks, "2026-12-09", &settings, &done))
            .is_none()
    );
    // Snoozed past Sunday: hidden, then lapsed.
    let marks = snoozed("reconnect-1-2026-W50", "2026-12-20");
    let found = reconnect_items(&long_ago(), &picks, "2026-12-09", &settings, &marks);
    assert_eq!(only(FollowUpKind::Reconnect, &found).unwrap().snoozed_until, Some(date("2026-12-20")));
    assert!(
        only(FollowUpKind::Reconnect, &reconnect_items(&long_ago(), &picks, "2026-12-20", &settings, &marks))
            .is_none()
    );
    // reconnect-per-week 0 hides the week's items too.
    let off = Settings { reconnect_per_week: 0, ..Settings::default() };
    assert!(
        only(
            FollowUpKind::Reconnect,
            &reconnect_items(&long_ago(), &picks, "2026-12-09", &off, &Marks::default())
        )
        .is_none()
    );
    // A week with no pick shows nothing.
    assert!(
        only(
            FollowUpKind::Reconnect,
            &reconnect_items(&long_ago(), &[], "2026-12-09", &settings, &Marks::default())
        )
        .is_none()
    );
}

#[test]
fn a_pick_settled_within_its_week_is_counted_for_stats() {
    let contact = quiet_contact();
    let mut history = long_ago();
    history.push(with_id(3, call("2026-12-09")));
    let picks = [week("2026-W50"), week("2025-W10")];
    let records = Records { interactions: &history, picks: &picks, ..Records::of(&contact) };
    let found: Vec<Settled> = settled(records, &Settings::default())
        .into_iter()
        .filter(|s| s.key.starts_with("reconnect-"))
        .collect();
    // 2025-W10's lapsed (nothing that week); 2026-W50's was settled on the Wednesday.
    assert_eq!(
        found,
        [Settled {
            key: "reconnect-1-2026-W50".into(),
            due_on: date("2026-12-07"),
            settled_on: date("2026-12-09")
        }]
    );
}
