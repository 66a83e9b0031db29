//! Drafts of the messages follow-ups ask for (DESIGN.md "Drafts"): the templates
//! (built in, or the user's own files), their placeholders, and rendering one with a
//! follow-up's values, leaving out each sentence that names a placeholder with no
//! value. PURE: no database, no files, no clock, no environment; `followups::draft`
//! gathers the values and `commands/draft.rs` reads the user's files.

use std::collections::HashMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::error::{Error, Result};
use crate::model::{FollowUpKind, LeadStatus};

#[cfg(test)]
mod tests;

/// A template: one per kind of follow-up (one per status for `outcome`), and the
/// introduction request that `path` asks for. Its file name is what a user's
/// template is looked up by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Template {
    ThankYou,
    IntroThanks,
    CheckIn,
    Lead,
    /// An outcome item after a lead reached `interview`.
    OutcomeInterview,
    OutcomeOffer,
    OutcomeHired,
    /// An outcome item after a lead that was applied for was `rejected` or `closed`.
    OutcomeEnded,
    Chase,
    FavorThanks,
    Birthday,
    Reminder,
    /// Asking someone to introduce you to someone they know (`path`).
    Path,
    /// Following up on mail that got no reply.
    NoReply,
    /// Getting back in touch with a dormant tie.
    Reconnect,
}

impl Template {
    /// Every template, in the order `draft --templates` writes them.
    pub const ALL: [Template; 15] = [
        Template::ThankYou,
        Template::IntroThanks,
        Template::CheckIn,
        Template::Lead,
        Template::OutcomeInterview,
        Template::OutcomeOffer,
        Template::OutcomeHired,
        Template::OutcomeEnded,
        Template::Chase,
        Template::FavorThanks,
        Template::Birthday,
        Template::Reminder,
        Template::Path,
        Template::NoReply,
        Template::Reconnect,
    ];

    /// Its name: the kind's (`thank-you`), `outcome-<status>`, or `path`.
    pub fn name(self) -> &'static str {
        match self {
            Template::ThankYou => "thank-you",
            Template::IntroThanks => "intro-thanks",
            Template::CheckIn => "check-in",
            Template::Lead => "lead",
            Template::OutcomeInterview => "outcome-interview",
            Template::OutcomeOffer => "outcome-offer",
            Template::OutcomeHired => "outcome-hired",
            Template::OutcomeEnded => "outcome-ended",
            Template::Chase => "chase",
            Template::FavorThanks => "favor-thanks",
            Template::Birthday => "birthday",
            Template::Reminder => "reminder",
            Template::Path => "path",
            Template::NoReply => "no-reply",
            Template::Reconnect => "reconnect",
        }
    }

    /// The file a user's own template is read from: `<name>.txt`.
    pub fn file_name(self) -> String {
        format!("{}.txt", self.name())
    }

    /// The built-in template's text, as `draft --templates` writes it.
    pub fn builtin(self) -> &'static str {
        match self {
            Template::ThankYou => include_str!("draft/templates/thank-you.txt"),
            Template::IntroThanks => include_str!("draft/templates/intro-thanks.txt"),
            Template::CheckIn => include_str!("draft/templates/check-in.txt"),
            Template::Lead => include_str!("draft/templates/lead.txt"),
            Template::OutcomeInterview => include_str!("draft/templates/outcome-interview.txt"),
            Template::OutcomeOffer => include_str!("draft/templates/outcome-offer.txt"),
            Template::OutcomeHired => include_str!("draft/templates/outcome-hired.txt"),
            Template::OutcomeEnded => include_str!("draft/templates/outcome-ended.txt"),
            Template::Chase => include_str!("draft/templates/chase.txt"),
            Template::FavorThanks => include_str!("draft/templates/favor-thanks.txt"),
            Template::Birthday => include_str!("draft/templates/birthday.txt"),
            Template::Reminder => include_str!("draft/templates/reminder.txt"),
            Template::Path => include_str!("draft/templates/path.txt"),
            Template::NoReply => include_str!("draft/templates/no-reply.txt"),
            Template::Reconnect => include_str!("draft/templates/reconnect.txt"),
        }
    }

    /// The template for an item of `kind`; for an outcome item, `news` is the
    /// status that made it (`interview`, `offer`, `hired`; `rejected` and `closed`
    /// share one).
    pub fn for_item(kind: FollowUpKind, news: Option<LeadStatus>) -> Template {
        match kind {
            FollowUpKind::ThankYou => Template::ThankYou,
            FollowUpKind::IntroThanks => Template::IntroThanks,
            FollowUpKind::CheckIn => Template::CheckIn,
            FollowUpKind::Lead => Template::Lead,
            FollowUpKind::Outcome => match news {
                Some(LeadStatus::Offer) => Template::OutcomeOffer,
                Some(LeadStatus::Hired) => Template::OutcomeHired,
                Some(LeadStatus::Rejected | LeadStatus::Closed) => Template::OutcomeEnded,
                _ => Template::OutcomeInterview,
            },
            FollowUpKind::Chase => Template::Chase,
            FollowUpKind::FavorThanks => Template::FavorThanks,
            FollowUpKind::Birthday => Template::Birthday,
            FollowUpKind::Reminder => Template::Reminder,
            FollowUpKind::NoReply => Template::NoReply,
            FollowUpKind::Reconnect => Template::Reconnect,
        }
    }

    /// The built-in template, read.
    pub fn parsed_builtin(self) -> Parsed {
        // The built-in templates are tested to read (`every_builtin_template_reads`).
        parse(self.builtin(), &self.file_name()).unwrap_or_default()
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A value a template can name, as `{first_name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placeholder {
    /// The given name when known, else the first word of the name.
    FirstName,
    Name,
    /// Where you met (the `met` the item is about, else the first).
    MetAt,
    /// When you met, like `12 March` (with the year when not this year).
    MetOn,
    /// What you talked about when you met.
    How,
    /// Who introduced you to the person.
    Introducer,
    /// Whom the person introduced you to (intro-thanks), or would (path).
    Introduced,
    /// The lead's title.
    Lead,
    /// The lead's company, else the person's.
    Company,
    /// The lead's status.
    Status,
    /// The favour received.
    Favor,
    /// The note of the latest interaction that has one.
    LastNote,
    /// Your name (setting `my-name`).
    MyName,
    /// A reminder's text.
    Reminder,
}

impl Placeholder {
    pub const ALL: [Placeholder; 14] = [
        Placeholder::FirstName,
        Placeholder::Name,
        Placeholder::MetAt,
        Placeholder::MetOn,
        Placeholder::How,
        Placeholder::Introducer,
        Placeholder::Introduced,
        Placeholder::Lead,
        Placeholder::Company,
        Placeholder::Status,
        Placeholder::Favor,
        Placeholder::LastNote,
        Placeholder::MyName,
        Placeholder::Reminder,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Placeholder::FirstName => "first_name",
            Placeholder::Name => "name",
            Placeholder::MetAt => "met_at",
            Placeholder::MetOn => "met_on",
            Placeholder::How => "how",
            Placeholder::Introducer => "introducer",
            Placeholder::Introduced => "introduced",
            Placeholder::Lead => "lead",
            Placeholder::Company => "company",
            Placeholder::Status => "status",
            Placeholder::Favor => "favor",
            Placeholder::LastNote => "last_note",
            Placeholder::MyName => "my_name",
            Placeholder::Reminder => "reminder",
        }
    }

    fn named(name: &str) -> Option<Placeholder> {
        Placeholder::ALL.into_iter().find(|p| p.name() == name)
    }

    /// "{first_name}, {name}, ...", for messages.
    fn list() -> String {
        Placeholder::ALL.map(|p| format!("{{{}}}", p.name())).join(", ")
    }
}

/// The values of the placeholders for one draft; a placeholder without one (or with
/// only white space) has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values(HashMap<Placeholder, String>);

impl Values {
    /// Sets `placeholder` to `value` trimmed; `None` or blank leaves it without one.
    pub fn set(&mut self, placeholder: Placeholder, value: Option<&str>) {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(value) => self.0.insert(placeholder, value.to_string()),
            None => self.0.remove(&placeholder),
        };
    }

    /// [`Values::set`], chained.
    pub fn with(mut self, placeholder: Placeholder, value: Option<&str>) -> Values {
        self.set(placeholder, value);
        self
    }

    pub fn get(&self, placeholder: Placeholder) -> Option<&str> {
        self.0.get(&placeholder).map(String::as_str)
    }
}

/// A template read: its subject line and body lines, each line its sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    subject: Vec<Sentence>,
    body: Vec<Vec<Sentence>>,
}

/// A sentence: the text up to and including its `.`, `!` or `?` and the spaces after
/// it, or the rest of its line; placeholders are pieces of their own.
type Sentence = Vec<Piece>;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Placeholder(Placeholder),
}

/// Reads a template: a first line `Subject: ...`, a blank line, then the body. `file`
/// names it in errors, which give the line: a missing subject, no blank line after
/// it, or a placeholder netcrm does not know. A `{` that does not open a placeholder
/// name (letters, digits, `_` and `-` up to a `}`) is text.
pub fn parse(text: &str, file: &str) -> Result<Parsed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let fail = |line: usize, message: String| Error::Template { file: file.to_string(), line, message };
    let mut lines = text.lines().map(|line| line.strip_suffix('\r').unwrap_or(line));
    let first = lines.next().unwrap_or_default();
    let subject = first
        .strip_prefix("Subject:")
        .ok_or_else(|| fail(1, "the first line must be the subject: `Subject: ...`".into()))?;
    let subject = sentences(subject.trim(), 1, &fail)?;
    let mut body = Vec::new();
    for (index, line) in lines.enumerate() {
        let number = index + 2;
        if index == 0 {
            if !line.trim().is_empty() {
                return Err(fail(number, "a blank line must follow the subject".into()));
            }
            continue;
        }
        body.push(sentences(line.trim_end(), number, &fail)?);
    }
    Ok(Parsed { subject, body })
}

/// The sentences of one line of a template (line `number`).
fn sentences(line: &str, number: usize, fail: &impl Fn(usize, String) -> Error) -> Result<Vec<Sentence>> {
    let mut found: Vec<Sentence> = Vec::new();
    let mut sentence: Sentence = Vec::new();
    let mut text = String::new();
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '{'
            && let Some((name, after)) = placeholder_name(rest)
        {
            let placeholder = Placeholder::named(name).ok_or_else(|| {
                fail(
                    number,
                    format!("unknown placeholder {{{name}}}; the placeholders are {}", Placeholder::list()),
                )
            })?;
            if !text.is_empty() {
                sentence.push(Piece::Text(std::mem::take(&mut text)));
            }
            sentence.push(Piece::Placeholder(placeholder));
            rest = after;
            continue;
        }
        text.push(c);
        rest = &rest[c.len_utf8()..];
        let ends = matches!(c, '.' | '!' | '?') && rest.chars().next().is_none_or(|next| next == ' ');
        if ends {
            // The spaces after it go with it.
            let spaces = rest.len() - rest.trim_start_matches(' ').len();
            text.push_str(&rest[..spaces]);
            rest = &rest[spaces..];
            sentence.push(Piece::Text(std::mem::take(&mut text)));
            found.push(std::mem::take(&mut sentence));
        }
    }
    if !text.is_empty() {
        sentence.push(Piece::Text(text));
    }
    if !sentence.is_empty() {
        found.push(sentence);
    }
    Ok(found)
}

/// The name in a `{name}` at the start of `text`, with the text after the `}`: a
/// name is 1 to 40 letters, digits, `_` or `-`.
fn placeholder_name(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('{')?;
    let end = inner.find('}')?;
    let name = &inner[..end];
    let fits =
        (1..=40).contains(&name.len()) && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    fits.then(|| (name, &inner[end + 1..]))
}

/// A rendered draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// One line.
    pub subject: String,
    /// Lines joined with `\n`, without a line break at the end.
    pub body: String,
}

/// Renders `template` with `values`: each sentence that names a placeholder without
/// a value is left out with the spaces after it, a line left empty is removed, blank
/// lines between paragraphs stay single (none at the start or end), and an empty
/// subject falls back to `fallback`'s (the built-in template's).
pub fn render(template: &Parsed, fallback: &Parsed, values: &Values) -> Draft {
    let mut subject = one_line(&render_line(&template.subject, values));
    if subject.is_empty() {
        subject = one_line(&render_line(&fallback.subject, values));
    }
    let mut lines: Vec<String> = Vec::new();
    for line in &template.body {
        if line.is_empty() {
            // A blank line: a paragraph break, kept single.
            if lines.last().is_some_and(|last| !last.is_empty()) {
                lines.push(String::new());
            }
            continue;
        }
        let rendered = render_line(line, values);
        if !rendered.trim().is_empty() {
            lines.push(rendered);
        }
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    Draft { subject, body: lines.join("\n") }
}

/// One line with the sentences whose placeholders all have values, its end trimmed.
fn render_line(line: &[Sentence], values: &Values) -> String {
    let mut out = String::new();
    for sentence in line {
        let complete = sentence.iter().all(|piece| match piece {
            Piece::Placeholder(p) => values.get(*p).is_some(),
            Piece::Text(_) => true,
        });
        if !complete {
            continue;
        }
        for piece in sentence {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Placeholder(p) => out.push_str(values.get(*p).unwrap_or_default()),
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// `text` on one line: line breaks and other control characters become spaces,
/// runs of spaces one (a subject is a header).
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `{first_name}`: the given name when the contact has one (from an imported card),
/// else the first word of the name.
pub fn first_name<'a>(name: &'a str, given: Option<&'a str>) -> Option<&'a str> {
    given.map(str::trim).filter(|g| !g.is_empty()).or_else(|| name.split_whitespace().next())
}

/// `{met_on}`: `12 March`, with the year when it is not `today`'s (`12 March 2025`).
pub fn day(date: NaiveDate, today: NaiveDate) -> String {
    if date.year() == today.year() {
        date.format("%-d %B").to_string()
    } else {
        date.format("%-d %B %Y").to_string()
    }
}
