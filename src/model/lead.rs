//! Job leads: where each stands and how it got there. Plain data; no I/O here.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

/// Where a job lead stands (`lead status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeadStatus {
    Open,
    Applied,
    Interview,
    Offer,
    Hired,
    Rejected,
    Closed,
}

impl LeadStatus {
    pub const ALL: [LeadStatus; 7] = [
        LeadStatus::Open,
        LeadStatus::Applied,
        LeadStatus::Interview,
        LeadStatus::Offer,
        LeadStatus::Hired,
        LeadStatus::Rejected,
        LeadStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LeadStatus::Open => "open",
            LeadStatus::Applied => "applied",
            LeadStatus::Interview => "interview",
            LeadStatus::Offer => "offer",
            LeadStatus::Hired => "hired",
            LeadStatus::Rejected => "rejected",
            LeadStatus::Closed => "closed",
        }
    }

    /// A result worth telling the people who helped about (rule 6).
    pub fn is_positive(self) -> bool {
        matches!(self, LeadStatus::Interview | LeadStatus::Offer | LeadStatus::Hired)
    }

    /// The end of a lead that came to nothing (rule 6 tells the helpers once it had
    /// been applied for).
    pub fn is_ended(self) -> bool {
        matches!(self, LeadStatus::Rejected | LeadStatus::Closed)
    }

    /// Its place in the funnel `open < applied < interview < offer < hired`; `None`
    /// for `rejected` and `closed`, which are outside it.
    pub fn funnel_step(self) -> Option<u8> {
        match self {
            LeadStatus::Open => Some(0),
            LeadStatus::Applied => Some(1),
            LeadStatus::Interview => Some(2),
            LeadStatus::Offer => Some(3),
            LeadStatus::Hired => Some(4),
            LeadStatus::Rejected | LeadStatus::Closed => None,
        }
    }

    /// Whether moving from `self` to `to` goes back down the funnel (`interview ->
    /// open`): allowed, people correct mistakes, but worth a warning.
    pub fn is_step_back_to(self, to: LeadStatus) -> bool {
        matches!((self.funnel_step(), to.funnel_step()), (Some(from), Some(to)) if to < from)
    }
}

impl fmt::Display for LeadStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LeadStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LeadStatus::ALL.into_iter().find(|status| status.as_str() == s).ok_or_else(|| {
            let valid: Vec<&str> = LeadStatus::ALL.iter().map(|s| s.as_str()).collect();
            format!("unknown lead status '{s}': use one of {}", valid.join(", "))
        })
    }
}

/// One status a lead took, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange {
    pub status: LeadStatus,
    pub on: NaiveDate,
}

/// A job lead: an opening someone told you about (DESIGN.md "Lead").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    pub id: i64,
    pub title: String,
    pub company: Option<String>,
    pub status: LeadStatus,
    /// The contacts who passed it on, in the order given; the first owns the `lead` item.
    pub via: Vec<i64>,
    pub url: Option<String>,
    pub note: Option<String>,
    pub created_on: NaiveDate,
    pub updated_on: NaiveDate,
    /// Oldest first, starting with `open` on `created_on`.
    pub history: Vec<StatusChange>,
}

impl Lead {
    /// "Rust Engineer at Acme", or the title alone.
    pub fn describe(&self) -> String {
        match &self.company {
            Some(company) => format!("{} at {company}", self.title),
            None => self.title.clone(),
        }
    }

    /// The latest change to a positive status (interview, offer, hired), if any:
    /// what the people who helped should hear about (rule 6).
    pub fn latest_positive(&self) -> Option<StatusChange> {
        self.history.iter().rev().find(|change| change.status.is_positive()).copied()
    }

    /// The latest change the people who helped should hear about (rule 6): an
    /// interview, an offer or a hire, or a rejection or closing once the lead had
    /// been applied for (one rejected straight from `open` is no news to them).
    pub fn latest_news(&self) -> Option<StatusChange> {
        let mut applied = false;
        let mut news = None;
        for change in &self.history {
            if change.status.is_positive() || (change.status.is_ended() && applied) {
                news = Some(*change);
            }
            applied |= change.status.funnel_step().is_some_and(|step| step >= 1);
        }
        news
    }

    /// The day it last became `applied`, while it is (rule 11 counts from it).
    pub fn applied_on(&self) -> Option<NaiveDate> {
        if self.status != LeadStatus::Applied {
            return None;
        }
        self.history.iter().rev().find(|change| change.status == LeadStatus::Applied).map(|change| change.on)
    }
}
