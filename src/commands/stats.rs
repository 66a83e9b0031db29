//! `netcrm stats`: totals, follow-ups kept on time or late, interactions per month,
//! neglected contacts, the favour balance, the lead funnel and the goals' progress
//! and streaks.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::Context;
use crate::error::Result;
use crate::followups::{for_each_contact, goals};
use crate::model::{Direction, FollowUpKind, LeadStatus};
use crate::output::{FavorTotals, FollowUpCounts, Neglected, StatsView};
use crate::scheduler::{self, Settled};
use crate::stats::PerMonth;

/// A check-in overdue by more than this many days counts as neglect.
const NEGLECTED_AFTER_DAYS: i64 = 30;

pub fn run(ctx: &mut Context) -> Result<()> {
    let today = ctx.today;
    let view = ctx.read(|db| {
        let settings = db.settings()?;
        let marks = db.marks(None)?;
        let leads = db.leads()?;
        let mut open = scheduler::unassigned(&db.leads_without_via()?, today, &settings, &marks);
        // Each follow-up (key, due date) counts once, settled on the earliest day that
        // `done` or an interaction settled it.
        let mut kept: HashMap<(String, NaiveDate), NaiveDate> = HashMap::new();
        let mut keep = |key: String, due_on: NaiveDate, settled_on: NaiveDate| {
            let day = kept.entry((key, due_on)).or_insert(settled_on);
            *day = (*day).min(settled_on);
        };
        for (key, due_on, done_on) in db.completions()? {
            keep(key, due_on, done_on);
        }
        let mut favors = FavorTotals::default();
        let (mut contacts, mut interactions) = (0, 0);
        let mut months = PerMonth::new(today);
        // A chunk of contacts at a time: memory does not grow with the network.
        for_each_contact(db, |records| {
            contacts += 1;
            months.note(records.contact.created_at);
            open.extend(scheduler::follow_ups(records.records(), today, &settings, &marks));
            for Settled { key, due_on, settled_on } in scheduler::settled(records.records(), &settings) {
                keep(key, due_on, settled_on);
            }
            interactions += records.interactions.len();
            for interaction in &records.interactions {
                months.add(interaction.on);
            }
            for favor in &records.favors {
                match favor.direction {
                    Direction::Gave => favors.given += 1,
                    Direction::Received => favors.received += 1,
                }
            }
            Ok(())
        })?;
        favors.balance = favors.received - favors.given;
        let due: Vec<_> = open.into_iter().filter(|f| scheduler::is_due(f, today, 0)).collect();
        let mut neglected: Vec<Neglected> = due
            .iter()
            .filter(|f| {
                f.kind == FollowUpKind::CheckIn && (today - f.due_on).num_days() > NEGLECTED_AFTER_DAYS
            })
            .map(|f| Neglected {
                contact_id: f.contact_id.unwrap_or_default(),
                contact: f.contact.clone().unwrap_or_default(),
                due_on: f.due_on,
                days_overdue: (today - f.due_on).num_days(),
            })
            .collect();
        neglected.sort_by(|a, b| b.days_overdue.cmp(&a.days_overdue).then(a.contact.cmp(&b.contact)));
        // Only what was due counts: settled on or after its due date; on time when no
        // later than thank-you-within after it.
        let was_due: Vec<Settled> = kept
            .into_iter()
            .map(|((key, due_on), settled_on)| Settled { key, due_on, settled_on })
            .filter(Settled::was_due)
            .collect();
        let on_time = was_due.iter().filter(|s| s.on_time(settings.thank_you_within)).count();
        let goals = goals::progress(db, today, &db.goals()?, goals::all_time())?;
        Ok(StatsView {
            contacts,
            interactions,
            follow_ups: FollowUpCounts {
                open: due.len(),
                overdue: due.iter().filter(|f| f.due_on < today).count(),
                done_on_time: on_time,
                done_late: was_due.len() - on_time,
            },
            interactions_per_month: months.counts(),
            neglected,
            favor_balance: favors,
            lead_funnel: LeadStatus::ALL
                .iter()
                .map(|status| (*status, leads.iter().filter(|l| l.status == *status).count()))
                .collect(),
            goals,
        })
    })?;
    ctx.out.stats(&view)
}
