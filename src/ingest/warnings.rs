//! The warnings about a file being imported, gathered to be printed once the import is
//! done, and the same warning for many records only a few times: a file of 12,000
//! records without a name gives three lines and a count. Prints nothing itself.

use crate::formats::Warn;
use crate::text::thousands;

/// The warnings about one file (named by its label). Warnings about values come
/// before the records skipped, each in the file's order.
pub struct Warnings {
    label: String,
    notes: Kinds,
    skips: Kinds,
}

/// Warnings of one sort: how many of each kind were seen (in the order first seen),
/// and the lines to print.
#[derive(Default)]
struct Kinds {
    seen: Vec<(String, usize)>,
    lines: Vec<String>,
}

/// How many warnings of one kind are printed before they are only counted.
const WARNINGS_SHOWN: usize = 3;

impl Warnings {
    pub fn new(label: &str) -> Self {
        Warnings { label: label.to_string(), notes: Kinds::default(), skips: Kinds::default() }
    }

    /// How many records were skipped.
    pub fn skipped(&self) -> usize {
        self.skips.seen.iter().map(|(_, count)| count).sum()
    }

    /// Every line to print, the counts of the warnings not shown last.
    pub fn finish(self) -> Vec<String> {
        let mut lines = self.notes.lines;
        lines.extend(self.skips.lines);
        for (kind, count) in self.notes.seen.iter().chain(&self.skips.seen) {
            if *count > WARNINGS_SHOWN {
                lines.push(format!(
                    "{}: and {} more like that: {kind}",
                    self.label,
                    thousands(count - WARNINGS_SHOWN)
                ));
            }
        }
        lines
    }
}

impl Warn for Warnings {
    fn note(&mut self, warning: String) {
        self.notes.add(&self.label, &warning);
    }

    fn skip(&mut self, line: usize, why: String) {
        self.skips.add(&self.label, &format!("line {line}: {why}; skipped"));
    }
}

impl Kinds {
    fn add(&mut self, label: &str, warning: &str) {
        let kind = warning_kind(warning);
        let seen = match self.seen.iter_mut().position(|(known, _)| *known == kind) {
            Some(index) => &mut self.seen[index].1,
            None => {
                self.seen.push((kind, 0));
                let last = self.seen.len() - 1;
                &mut self.seen[last].1
            }
        };
        *seen += 1;
        if *seen <= WARNINGS_SHOWN {
            self.lines.push(format!("{label}: {warning}"));
        }
    }
}

/// A warning without its line number and the values it quotes: `line 4: invalid
/// birthday '1990-02-30' dropped` is of the kind `invalid birthday '…' dropped`.
fn warning_kind(warning: &str) -> String {
    let rest = warning.strip_prefix("line ").and_then(|rest| rest.split_once(": ")).map_or(
        warning,
        |(number, rest)| if number.bytes().all(|b| b.is_ascii_digit()) { rest } else { warning },
    );
    let mut kind = String::with_capacity(rest.len());
    let mut quoted = false;
    for ch in rest.chars() {
        if ch == '\'' {
            if !quoted {
                kind.push_str("'…'");
            }
            quoted = !quoted;
        } else if !quoted {
            kind.push(ch);
        }
    }
    kind
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_of_a_kind_differ_only_in_line_and_quoted_values() {
        assert_eq!(
            warning_kind("line 4: invalid birthday '1990-02-30' dropped"),
            "invalid birthday '…' dropped"
        );
        assert_eq!(
            warning_kind("line 12: no name, company or e-mail; skipped"),
            "no name, company or e-mail; skipped"
        );
        assert_eq!(warning_kind("dates such as '5/12/1990' are odd"), "dates such as '…' are odd");
        assert_eq!(thousands(12_480), "12,480");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
