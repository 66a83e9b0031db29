//! Links between two contacts, and their weights (DESIGN.md "Ties and reach"): an
//! introduction (weight 1), the same current company (weight 0.5), and appearing
//! together on mail or meetings that `scan` logged (n shared messages or events:
//! weight min(1, n/3)). A link's weight is the highest of its kinds. Pure: what the
//! store found in, a weight and words out.

use chrono::NaiveDate;

/// The weight of an introduction between the two.
pub const INTRODUCTION: f64 = 1.0;

/// The weight of working at the same company (folded, non-empty).
pub const SAME_COMPANY: f64 = 0.5;

/// How many shared messages or meetings make a full link.
pub const SHARED_FOR_FULL: u32 = 3;

/// Who introduced whom, between a route's X and its target T.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Introduction {
    /// X introduced T to you.
    ByVia,
    /// T introduced X to you.
    ByTarget,
}

/// What links X (the person you would ask) to T (the person you want to reach).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Link {
    pub introduction: Option<Introduction>,
    /// The company they share (as T's is written), when they work at the same one.
    pub company: Option<String>,
    /// Messages or meetings both were logged on by `scan`, and the last one's date.
    pub shared: u32,
    pub last_shared: Option<NaiveDate>,
}

impl Link {
    /// The highest weight of its kinds (0 when it has none).
    pub fn weight(&self) -> f64 {
        let introduction = if self.introduction.is_some() { INTRODUCTION } else { 0.0 };
        let company = if self.company.is_some() { SAME_COMPANY } else { 0.0 };
        introduction.max(company).max(shared_weight(self.shared))
    }

    /// The link in words, the strongest kind first: `Priya introduced you`, `on 4
    /// messages or meetings together, last 2026-10-02`, `both at Contoso`; `via` and
    /// `target` are the first names used.
    pub fn explained(&self, via: &str, target: &str) -> String {
        let mut kinds: Vec<(f64, String)> = Vec::new();
        match self.introduction {
            Some(Introduction::ByVia) => kinds.push((INTRODUCTION, format!("{via} introduced you"))),
            Some(Introduction::ByTarget) => {
                kinds.push((INTRODUCTION, format!("{target} introduced you to {via}")));
            }
            None => {}
        }
        if self.shared > 0 {
            let what = if self.shared == 1 { "a message or meeting" } else { "messages or meetings" };
            let count = if self.shared == 1 { String::new() } else { format!("{} ", self.shared) };
            let last = self.last_shared.map(|d| format!(", last {d}")).unwrap_or_default();
            kinds.push((shared_weight(self.shared), format!("on {count}{what} together{last}")));
        }
        if let Some(company) = &self.company {
            kinds.push((SAME_COMPANY, format!("both at {company}")));
        }
        // Stable: equal weights keep the order above.
        kinds.sort_by(|a, b| b.0.total_cmp(&a.0));
        kinds.into_iter().map(|(_, words)| words).collect::<Vec<_>>().join("; ")
    }
}

/// The weight of `n` shared messages or meetings: min(1, n/3).
pub fn shared_weight(n: u32) -> f64 {
    (f64::from(n) / f64::from(SHARED_FOR_FULL)).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(introduction: Option<Introduction>, company: bool, shared: u32) -> Link {
        Link {
            introduction,
            company: company.then(|| "Contoso".to_string()),
            shared,
            last_shared: (shared > 0).then(|| "2026-10-02".parse().unwrap()),
        }
    }

    #[test]
    fn link_weights() {
        // (introduction, same company, shared messages, weight)
        let table = [
            (None, false, 0, 0.0),
            (Some(Introduction::ByVia), false, 0, 1.0),
            (Some(Introduction::ByTarget), false, 0, 1.0),
            (None, true, 0, 0.5),
            (None, false, 1, 1.0 / 3.0),
            (None, false, 2, 2.0 / 3.0),
            (None, false, 3, 1.0),
            (None, false, 30, 1.0),
            (None, true, 1, 0.5),
            (None, true, 2, 2.0 / 3.0),
            (Some(Introduction::ByVia), true, 2, 1.0),
        ];
        for (introduction, company, shared, weight) in table {
            let l = link(introduction, company, shared);
            assert!((l.weight() - weight).abs() < 1e-12, "{l:?}: {} is not {weight}", l.weight());
        }
    }

    #[test]
    fn a_link_is_explained_strongest_kind_first() {
        assert_eq!(
            link(Some(Introduction::ByVia), false, 0).explained("Priya", "Tomás"),
            "Priya introduced you"
        );
        assert_eq!(
            link(Some(Introduction::ByTarget), true, 0).explained("Priya", "Tomás"),
            "Tomás introduced you to Priya; both at Contoso"
        );
        assert_eq!(
            link(None, true, 2).explained("Priya", "Tomás"),
            "on 2 messages or meetings together, last 2026-10-02; both at Contoso"
        );
        assert_eq!(
            link(None, true, 1).explained("Priya", "Tomás"),
            "both at Contoso; on a message or meeting together, last 2026-10-02"
        );
    }
}
