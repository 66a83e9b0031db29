//! `netcrm goal set|list|rm`: weekly or monthly goals, one per WHAT.

use super::Context;
use crate::cli::GoalAction;
use crate::error::{Error, Result};
use crate::followups::goals;
use crate::model::{Goal, GoalWhat, Per};
use crate::output::json::GoalJson;

pub fn run(ctx: &mut Context, action: GoalAction) -> Result<()> {
    let today = ctx.today;
    match action {
        GoalAction::Set { what, target, period, .. } => {
            let goal = Goal { what: GoalWhat::from(what), target, per: Per::from(period) };
            ctx.write(|db| {
                db.describe_step(&format!("goal set {} {} per {}", goal.what, goal.target, goal.per))?;
                db.set_goal(&goal)
            })?;
            let progress = ctx.read(|db| goals::progress(db, today, &[goal], goals::all_time()))?;
            if ctx.out.json {
                return ctx.out.json(&GoalJson::from(&progress[0]));
            }
            ctx.out.line(format_args!("Goal set: {} {} per {}.", goal.target, goal.what.words(), goal.per))
        }
        GoalAction::List => {
            let progress = ctx.read(|db| {
                let set = db.goals()?;
                goals::progress(db, today, &set, goals::all_time())
            })?;
            if progress.is_empty() && !ctx.out.json {
                return ctx.out.line("No goals yet. Set one: netcrm goal set conversations 5 per week");
            }
            ctx.out.goals(&progress)
        }
        GoalAction::Rm { what } => {
            let what = GoalWhat::from(what);
            let goal = ctx.write(|db| {
                let goal = db.goals()?.into_iter().find(|g| g.what == what);
                let goal = goal.ok_or(Error::NoSuchGoal { what: what.as_str() })?;
                db.describe_step(&format!("goal rm {what}"))?;
                db.remove_goal(what)?;
                Ok(goal)
            })?;
            if ctx.out.json {
                let json = GoalJson {
                    what: goal.what.as_str(),
                    target: goal.target,
                    per: goal.per.as_str(),
                    done: None,
                    streak: None,
                };
                return ctx.out.json(&json);
            }
            ctx.out.line(format_args!(
                "Goal removed: {} {} per {}.",
                goal.target,
                goal.what.words(),
                goal.per
            ))
        }
    }
}
