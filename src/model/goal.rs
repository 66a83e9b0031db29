//! Goals (DESIGN.md "Rhythm"): what to count, how many, per week or per month. Plain
//! data; no I/O here. What they count is [`crate::goals`]'s.

use std::fmt;

/// What a goal counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GoalWhat {
    /// Interactions other than mail (`email`, and `thank-you` notes `scan` found).
    Conversations,
    /// Contacts whose first `met` falls in the period.
    NewPeople,
    /// `thank-you` interactions.
    ThankYous,
    /// Follow-ups settled (done, or settled by an interaction) after they were due.
    FollowUps,
    /// Reconnect items settled.
    Reconnects,
}

impl GoalWhat {
    /// Every kind of goal, in the order `goal list`, `stats` and `due` show them.
    pub const ALL: [GoalWhat; 5] = [
        GoalWhat::Conversations,
        GoalWhat::NewPeople,
        GoalWhat::ThankYous,
        GoalWhat::FollowUps,
        GoalWhat::Reconnects,
    ];

    /// As typed and in JSON: `new-people`.
    pub fn as_str(self) -> &'static str {
        match self {
            GoalWhat::Conversations => "conversations",
            GoalWhat::NewPeople => "new-people",
            GoalWhat::ThankYous => "thank-yous",
            GoalWhat::FollowUps => "follow-ups",
            GoalWhat::Reconnects => "reconnects",
        }
    }

    /// As a person reads it: `new people`.
    pub fn words(self) -> &'static str {
        match self {
            GoalWhat::NewPeople => "new people",
            other => other.as_str(),
        }
    }

    pub fn parse(text: &str) -> Option<GoalWhat> {
        GoalWhat::ALL.into_iter().find(|w| w.as_str() == text)
    }
}

impl fmt::Display for GoalWhat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The period a goal counts over: ISO weeks (Monday to Sunday) or calendar months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Per {
    Week,
    Month,
}

impl Per {
    pub fn as_str(self) -> &'static str {
        match self {
            Per::Week => "week",
            Per::Month => "month",
        }
    }

    pub fn parse(text: &str) -> Option<Per> {
        [Per::Week, Per::Month].into_iter().find(|p| p.as_str() == text)
    }
}

impl fmt::Display for Per {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A goal: `target` (at least 1) of `what` per week or month. One per `what`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Goal {
    pub what: GoalWhat,
    pub target: u32,
    pub per: Per,
}
