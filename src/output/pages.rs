//! Rendering records for people (tables, a contact's page) and for programs (JSON).
//! The only module that prints records; the writer is passed in, so rendering is
//! testable without a process. Colour is decided by the caller, never here.

use std::fmt::Display;
use std::io::Write;

use chrono::NaiveDate;
use comfy_table::{
    Attribute, Cell, Color, ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle, Width,
};
use serde::Serialize;

use unicode_width::UnicodeWidthStr;

use super::{fit, leads};
pub use fit::Column;
pub use leads::LeadPage;

use crate::error::{Error, Result};
pub use crate::model::Summary;
use crate::model::{
    Contact, Direction, Favor, FollowUp, Interaction, Lead, LeadStatus, Listed, serialize_date,
    serialize_optional_date,
};
use crate::text;

/// Plain columns with a rule under the header, like `ps` or `kubectl get`.
const TABLE_STYLE: TableStyle = TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' '));

/// Where records go and in which form.
pub struct Output<'w> {
    pub(super) out: &'w mut dyn Write,
    pub(super) err: &'w mut dyn Write,
    pub json: bool,
    pub color: bool,
    /// The width human tables fit, if limited.
    pub width: Option<usize>,
}

/// How records are shown: JSON or for people, with colour or not, at what width.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub json: bool,
    pub color: bool,
    pub width: Option<usize>,
}

/// A contact as DESIGN.md's JSON shape has it.
#[derive(Debug, Serialize)]
pub struct ContactJson<'a> {
    pub id: i64,
    pub name: &'a str,
    pub emails: &'a [String],
    pub phones: &'a [String],
    pub company: Option<&'a str>,
    pub title: Option<&'a str>,
    pub linkedin: Option<&'a str>,
    pub tags: &'a [String],
    #[serde(serialize_with = "serialize_optional_date")]
    pub met_on: Option<NaiveDate>,
    pub met_at: Option<&'a str>,
    pub how_met: Option<&'a str>,
    pub introduced_by: Option<i64>,
    pub name_ok: bool,
    pub no_thank_you: bool,
    pub cadence: Option<String>,
    /// Where `cadence` came from: `import`, `user`, or null without one.
    pub cadence_source: Option<crate::model::CadenceSource>,
    pub temporary_cadence: Option<String>,
    #[serde(serialize_with = "serialize_optional_date")]
    pub cadence_until: Option<NaiveDate>,
    pub notes: Option<&'a str>,
    pub birthday: Option<String>,
    #[serde(serialize_with = "serialize_optional_date")]
    pub last_contact: Option<NaiveDate>,
    #[serde(serialize_with = "serialize_optional_date")]
    pub next_follow_up: Option<NaiveDate>,
    #[serde(serialize_with = "serialize_date")]
    pub created_at: NaiveDate,
}

impl<'a> ContactJson<'a> {
    pub fn new(contact: &'a Contact, summary: Summary) -> Self {
        ContactJson {
            id: contact.id,
            name: &contact.name,
            emails: &contact.emails,
            phones: &contact.phones,
            company: contact.company.as_deref(),
            title: contact.title.as_deref(),
            linkedin: contact.linkedin.as_deref(),
            tags: &contact.tags,
            met_on: contact.met_on,
            met_at: contact.met_at.as_deref(),
            how_met: contact.how_met.as_deref(),
            introduced_by: contact.introduced_by,
            name_ok: contact.name_ok,
            no_thank_you: contact.no_thank_you,
            cadence: contact.cadence.map(|c| c.to_string()),
            cadence_source: contact.cadence_source(),
            temporary_cadence: contact.temporary_cadence.map(|t| t.cadence.to_string()),
            cadence_until: contact.temporary_cadence.map(|t| t.until),
            notes: contact.notes.as_deref(),
            birthday: contact.birthday.map(|b| b.to_string()),
            last_contact: summary.last_contact,
            next_follow_up: summary.next_follow_up,
            created_at: contact.created_at,
        }
    }
}

/// A follow-up as DESIGN.md's JSON shape has it.
#[derive(Debug, Serialize)]
pub struct FollowUpJson<'a> {
    pub key: &'a str,
    pub kind: crate::model::FollowUpKind,
    pub contact_id: Option<i64>,
    pub contact: Option<&'a str>,
    #[serde(serialize_with = "serialize_date")]
    pub due_on: NaiveDate,
    pub days_overdue: i64,
    pub reason: &'a str,
    /// How to reach the person: first e-mail, else phone, else LinkedIn URL.
    pub channel: Option<&'a str>,
}

impl<'a> FollowUpJson<'a> {
    pub fn new(follow_up: &'a FollowUp, today: NaiveDate) -> Self {
        FollowUpJson {
            key: &follow_up.key,
            kind: follow_up.kind,
            contact_id: follow_up.contact_id,
            contact: follow_up.contact.as_deref(),
            due_on: follow_up.due_on,
            days_overdue: (today - follow_up.due_on).num_days(),
            reason: &follow_up.reason,
            channel: follow_up.channel.as_deref(),
        }
    }
}

/// Everything `show` prints about one contact.
pub struct ContactPage<'a> {
    pub contact: &'a Contact,
    pub summary: Summary,
    pub introducer: Option<(i64, String)>,
    pub introduced: Vec<(i64, String)>,
    /// Newest first.
    pub interactions: &'a [Interaction],
    pub follow_ups: &'a [FollowUp],
    /// Oldest first.
    pub favors: &'a [Favor],
    /// The leads they helped with.
    pub leads: &'a [Lead],
}

#[derive(Serialize)]
struct ContactPageJson<'a> {
    #[serde(flatten)]
    contact: ContactJson<'a>,
    interactions: &'a [Interaction],
    follow_ups: Vec<FollowUpJson<'a>>,
    favors: &'a [Favor],
    leads: &'a [Lead],
    introduced: Vec<i64>,
}

/// A lead with the names of those who helped, for `lead list`.
pub struct LeadRow {
    pub lead: Lead,
    pub via: Vec<String>,
    /// Its next step: the open follow-up about it that shows first, if any.
    pub next: Option<FollowUp>,
}

/// One contact's line in the favour ledger (`favors`).
#[derive(Debug, Clone, Serialize)]
pub struct Balance {
    pub contact_id: i64,
    pub contact: String,
    pub given: i64,
    pub received: i64,
    /// Received minus given: above zero, you owe them.
    pub balance: i64,
}

/// Everything `stats` reports (DESIGN.md's `stats` JSON).
#[derive(Debug, Serialize)]
pub struct StatsView {
    pub contacts: usize,
    pub interactions: usize,
    pub follow_ups: FollowUpCounts,
    pub interactions_per_month: Vec<(String, usize)>,
    pub neglected: Vec<Neglected>,
    pub favor_balance: FavorTotals,
    pub lead_funnel: Vec<(LeadStatus, usize)>,
}

#[derive(Debug, Serialize)]
pub struct FollowUpCounts {
    /// What `due` lists today.
    pub open: usize,
    /// Those of them past their due date.
    pub overdue: usize,
    pub done_on_time: usize,
    pub done_late: usize,
}

/// A contact whose check-in is overdue by more than 30 days.
#[derive(Debug, Serialize)]
pub struct Neglected {
    pub contact_id: i64,
    pub contact: String,
    #[serde(serialize_with = "serialize_date")]
    pub due_on: NaiveDate,
    pub days_overdue: i64,
}

#[derive(Debug, Default, Serialize)]
pub struct FavorTotals {
    pub given: i64,
    pub received: i64,
    pub balance: i64,
}

/// The widest bar of the per-month chart, in characters.
const BAR_WIDTH: usize = 40;

impl<'w> Output<'w> {
    pub fn new(out: &'w mut dyn Write, err: &'w mut dyn Write, style: Style) -> Self {
        Output { out, err, json: style.json, color: style.color, width: style.width }
    }

    /// Prints one JSON value.
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        serde_json::to_writer_pretty(&mut *self.out, value).map_err(|e| Error::Output(e.into()))?;
        writeln!(self.out).map_err(Error::Output)
    }

    /// Where a document (an export) is written as it is, a piece at a time (write
    /// errors are [`Error::Output`]).
    pub fn document(&mut self) -> &mut dyn Write {
        &mut *self.out
    }

    /// Prints a document (an export) as it is.
    pub fn text(&mut self, text: &str) -> Result<()> {
        self.out.write_all(text.as_bytes()).map_err(Error::Output)
    }

    /// Prints a confirmation or message line for a person, control characters made
    /// visible (it may quote stored text: a name, a note).
    pub fn line(&mut self, text: impl Display) -> Result<()> {
        let text = text.to_string();
        writeln!(self.out, "{}", text::visible(&text)).map_err(Error::Output)
    }

    /// Prints a warning for a person on stderr. Call it once the command's
    /// transaction has committed, so that no warning speaks of what was not done.
    pub fn warn(&mut self, message: impl Display) {
        // Nowhere left to report a failure to write a warning.
        let message = message.to_string();
        let _ = writeln!(self.err, "warning: {}", text::visible_line(&message));
    }

    /// Prints `rows` under `columns`, fitted to the width: text shortened with `…`
    /// and the least important columns left out before anything would wrap. Stored
    /// text has its control characters made visible.
    pub fn table(&mut self, columns: &[Column], mut rows: Vec<Vec<Field>>) -> Result<()> {
        let mut widest = Widest::new(columns);
        for row in &mut rows {
            widest.add(row);
        }
        let mut layout = self.layout(columns, &widest);
        if widest.shortens(&layout) {
            let mut shown = Widest::new(columns);
            for row in &rows {
                shown.add_shown(row, &layout);
            }
            shown.tighten(columns, &mut layout);
        }
        self.table_rows(columns, &layout, rows, true)
    }

    /// How a table whose cells are at most `widest` fits the width ([`Output::table`]
    /// in parts, for tables printed a chunk of rows at a time).
    pub fn layout(&self, columns: &[Column], widest: &Widest) -> fit::Layout {
        let rows: &[Vec<usize>] = if widest.rows == 0 { &[] } else { std::slice::from_ref(&widest.widths) };
        // Between two columns: the padding and the (blank) column separator.
        fit::fit_measured(columns, rows, self.width, GAP + 1)
    }

    /// Prints `rows` laid out by `layout` (from [`Output::layout`]), under the header
    /// when `header`: one chunk of a table, every chunk in the same columns.
    pub fn table_rows(
        &mut self,
        columns: &[Column],
        layout: &fit::Layout,
        rows: Vec<Vec<Field>>,
        header: bool,
    ) -> Result<()> {
        if self.color {
            self.comfy_rows(columns, layout, rows, header)
        } else {
            self.plain_rows(columns, layout, rows, header)
        }
    }

    /// [`Output::table_rows`] drawn by comfy-table, which styles the header and cells.
    fn comfy_rows(
        &mut self,
        columns: &[Column],
        layout: &fit::Layout,
        rows: Vec<Vec<Field>>,
        header: bool,
    ) -> Result<()> {
        let mut table = Table::new();
        table.load_style(TABLE_STYLE).set_content_arrangement(ContentArrangement::Disabled);
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        if header {
            let header = layout.shown.iter().map(|&i| columns[i].header);
            table.set_header(header.map(|h| {
                if self.color { Cell::new(h).add_attribute(Attribute::Bold) } else { Cell::new(h) }
            }));
        }
        for mut row in rows {
            clean(&mut row);
            let mut row: Vec<Option<Field>> = row.into_iter().map(Some).collect();
            table.add_row(layout.shown.iter().zip(&layout.widths).map(|(&i, &width)| {
                let field = row.get_mut(i).and_then(Option::take).unwrap_or_default();
                let text = if field.text.trim_end().width() > width {
                    fit::shorten(&field.text, width)
                } else {
                    field.text
                };
                let cell = Cell::new(text);
                match field.color {
                    Some(color) if self.color => cell.fg(color),
                    _ => cell,
                }
            }));
        }
        let last = layout.shown.len().saturating_sub(1);
        for (index, width) in layout.widths.iter().enumerate() {
            let padding = if index == last { 0 } else { GAP };
            if let Some(column) = table.column_mut(index) {
                column.set_padding((0, padding as u16));
                // Every chunk of rows in the same columns, whatever its own widest cells.
                let width = u16::try_from(width + padding).unwrap_or(u16::MAX);
                column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(width)));
            }
        }
        for line in table.lines() {
            writeln!(self.out, "{}", line.trim_end()).map_err(Error::Output)?;
        }
        Ok(())
    }

    /// [`Output::table_rows`] without colour: the text comfy-table would lay out
    /// (each cell padded to its column, columns apart by the padding and a blank
    /// separator, the header underlined), written directly, several times faster for
    /// long tables. A test compares the two.
    fn plain_rows(
        &mut self,
        columns: &[Column],
        layout: &fit::Layout,
        rows: Vec<Vec<Field>>,
        header: bool,
    ) -> Result<()> {
        let last = layout.shown.len().saturating_sub(1);
        let mut line = String::new();
        let print = |line: &mut String, out: &mut dyn Write| -> Result<()> {
            line.truncate(line.trim_end_matches(' ').len());
            line.push('\n');
            out.write_all(line.as_bytes()).map_err(Error::Output)?;
            line.clear();
            Ok(())
        };
        if header {
            for (slot, (&i, &width)) in layout.shown.iter().zip(&layout.widths).enumerate() {
                pad(&mut line, columns[i].header, width, slot == last);
            }
            print(&mut line, &mut *self.out)?;
            for (slot, &width) in layout.widths.iter().enumerate() {
                let padding = if slot == last { 0 } else { GAP };
                line.extend(std::iter::repeat_n('─', width + padding));
                if slot != last {
                    line.push(' ');
                }
            }
            print(&mut line, &mut *self.out)?;
        }
        for mut row in rows {
            clean(&mut row);
            for (slot, (&i, &width)) in layout.shown.iter().zip(&layout.widths).enumerate() {
                let text = row.get(i).map_or("", |field| field.text.as_str());
                if fit::width(text.trim_end()) > width {
                    pad(&mut line, &fit::shorten(text, width), width, slot == last);
                } else {
                    pad(&mut line, text, width, slot == last);
                }
            }
            print(&mut line, &mut *self.out)?;
        }
        Ok(())
    }

    /// Prints one value of a JSON array printed a value at a time: the `index`th,
    /// counting from 0. [`Output::json_array_end`] closes it. The same text as
    /// [`Output::json`] of the whole array.
    pub fn json_array_item<T: Serialize>(&mut self, index: usize, value: &T) -> Result<()> {
        let text = serde_json::to_string_pretty(value).map_err(|e| Error::Output(e.into()))?;
        let open = if index == 0 { "[\n" } else { ",\n" };
        self.out.write_all(open.as_bytes()).map_err(Error::Output)?;
        // JSON text holds no raw line break but between its parts.
        for (n, line) in text.lines().enumerate() {
            let newline = if n == 0 { "" } else { "\n" };
            write!(self.out, "{newline}  {line}").map_err(Error::Output)?;
        }
        Ok(())
    }

    /// Closes a JSON array of `count` values printed by [`Output::json_array_item`].
    pub fn json_array_end(&mut self, count: usize) -> Result<()> {
        let close = if count == 0 { "[]\n" } else { "\n]\n" };
        self.out.write_all(close.as_bytes()).map_err(Error::Output)
    }

    /// The `due` table, or the follow-ups as a JSON array.
    pub fn follow_ups(&mut self, follow_ups: &[FollowUp], today: NaiveDate) -> Result<()> {
        if self.json {
            let views: Vec<FollowUpJson> = follow_ups.iter().map(|f| FollowUpJson::new(f, today)).collect();
            return self.json(&views);
        }
        // `why` is the last to go: `reach`, then `kind` are left out before the name or
        // the reason is shortened (both are comfortable only whole), then the name is
        // shortened before the reason is; when even that is not enough (or below 60
        // columns) each item takes two lines instead.
        const COLUMNS: [Column; 6] = [
            Column::whole("key"),
            Column::whole("due"),
            Column::text("contact", 12).comfortable(usize::MAX).shortened_first(),
            Column::text("reach", 12).comfortable(20).optional(1),
            Column::whole("kind").optional(2),
            Column::text("why", 16).comfortable(usize::MAX),
        ];
        if self.width.is_some_and(|width| width < TWO_LINES_BELOW) {
            return self.follow_ups_in_two_lines(follow_ups, today).map_err(Error::Output);
        }
        let mut rows: Vec<Vec<Field>> = follow_ups
            .iter()
            .map(|f| {
                vec![
                    Field::from(&f.key),
                    due_field(f, today),
                    Field::from(f.contact.as_deref().unwrap_or("")),
                    Field::from(f.channel.as_deref().unwrap_or("")),
                    Field::from(f.kind.as_str()),
                    Field::from(&f.reason),
                ]
            })
            .collect();
        let mut widest = Widest::new(&COLUMNS);
        for row in &mut rows {
            widest.add(row);
        }
        let layout = self.layout(&COLUMNS, &widest);
        let used = layout.widths.iter().sum::<usize>() + (GAP + 1) * layout.widths.len().saturating_sub(1);
        if self.width.is_some_and(|width| used > width) {
            return self.follow_ups_in_two_lines(follow_ups, today).map_err(Error::Output);
        }
        self.table(&COLUMNS, rows)
    }

    /// The `due` table for a narrow terminal: each item on two lines, the key, due date
    /// and contact (shortened when it must be), then the reason, indented and wrapped,
    /// never cut.
    fn follow_ups_in_two_lines(&mut self, follow_ups: &[FollowUp], today: NaiveDate) -> std::io::Result<()> {
        let fields: Vec<[Field; 3]> = follow_ups
            .iter()
            .map(|f| {
                let mut row = [
                    Field::from(&f.key),
                    due_field(f, today),
                    Field::from(f.contact.as_deref().unwrap_or("")),
                ];
                clean(&mut row);
                row
            })
            .collect();
        const MIN_NAME: usize = 5;
        let mut key_width = fields.iter().map(|[key, ..]| fit::width(&key.text)).max().unwrap_or(0);
        let mut due_width = fields.iter().map(|[_, due, _]| fit::width(&due.text)).max().unwrap_or(0);
        // Keys and dates in columns when there is room, else each line as short as it goes.
        if self.width.is_some_and(|width| key_width + due_width + 2 * (GAP + 1) + MIN_NAME > width) {
            (key_width, due_width) = (0, 0);
        }
        for (follow_up, [key, due, contact]) in follow_ups.iter().zip(fields) {
            let (key_width, due_width) =
                (key_width.max(fit::width(&key.text)), due_width.max(fit::width(&due.text)));
            let room = self
                .width
                .map(|width| width.saturating_sub(key_width + due_width + 2 * (GAP + 1)).max(MIN_NAME));
            // Padded as the table pads: the padding and a blank separator.
            let mut line = format!("{:key_width$}", key.text, key_width = key_width + GAP + 1);
            let date = format!("{:due_width$}", due.text, due_width = due_width + GAP + 1);
            match due.color {
                Some(_) if self.color => {
                    line.push_str(&console::style(date).red().force_styling(true).to_string());
                }
                _ => line.push_str(&date),
            }
            match room {
                Some(room) if fit::width(&contact.text) > room => {
                    line.push_str(&fit::shorten(&contact.text, room))
                }
                _ => line.push_str(&contact.text),
            }
            writeln!(self.out, "{}", line.trim_end())?;
            self.wrapped(REASON_INDENT, &follow_up.reason)?;
        }
        Ok(())
    }

    /// One contact: JSON with the timeline and follow-ups, or a page for a person.
    pub fn contact_page(&mut self, page: &ContactPage, today: NaiveDate) -> Result<()> {
        if self.json {
            return self.json(&ContactPageJson {
                contact: ContactJson::new(page.contact, page.summary),
                interactions: page.interactions,
                follow_ups: page.follow_ups.iter().map(|f| FollowUpJson::new(f, today)).collect(),
                favors: page.favors,
                leads: page.leads,
                introduced: page.introduced.iter().map(|(id, _)| *id).collect(),
            });
        }
        self.page(page, today).map_err(Error::Output)
    }

    fn page(&mut self, page: &ContactPage, today: NaiveDate) -> std::io::Result<()> {
        let c = page.contact;
        let heading = format!("{} (#{})", text::visible(&c.name), c.id);
        let heading = if self.color { console::style(heading).bold().to_string() } else { heading };
        writeln!(self.out, "{heading}")?;
        let job = match (&c.title, &c.company) {
            (Some(title), Some(company)) => Some(format!("{title} at {company}")),
            (Some(one), None) | (None, Some(one)) => Some(one.clone()),
            (None, None) => None,
        };
        let met = match (c.met_on, &c.met_at) {
            (Some(on), Some(at)) => Some(format!("{on} at {at}")),
            (Some(on), None) => Some(on.to_string()),
            (None, Some(at)) => Some(at.clone()),
            (None, None) => None,
        };
        let cadence = match (c.cadence, c.temporary_cadence) {
            (_, Some(t)) => Some(format!(
                "{} until {}, then {}",
                t.cadence,
                t.until,
                c.cadence.map_or("the default".to_string(), |c| c.to_string())
            )),
            (Some(own), None) if c.cadence_from_import => Some(format!("{own} (from the import)")),
            (Some(own), None) => Some(own.to_string()),
            (None, None) => None,
        };
        let introducer = page.introducer.as_ref().map(|(id, name)| {
            let may = if c.name_ok { " (you may use their name)" } else { "" };
            format!("{name} (#{id}){may}")
        });
        let introduced = (!page.introduced.is_empty()).then(|| {
            page.introduced.iter().map(|(id, name)| format!("{name} (#{id})")).collect::<Vec<_>>().join(", ")
        });
        let fields: [(&str, Option<String>); 14] = [
            ("job", job),
            ("e-mail", join(&c.emails)),
            ("phone", join(&c.phones)),
            ("linkedin", c.linkedin.clone()),
            ("tags", join(&c.tags)),
            ("met", met),
            ("how", c.how_met.clone()),
            ("introduced by", introducer),
            ("introduced", introduced),
            ("birthday", c.birthday.map(|b| b.to_string())),
            ("cadence", cadence),
            ("notes", c.notes.clone()),
            ("last contact", page.summary.last_contact.map(|d| d.to_string())),
            ("added", Some(c.created_at.to_string())),
        ];
        for (label, value) in fields {
            if let Some(value) = value {
                self.wrapped(&format!("  {:<16}", format!("{label}:")), &value)?;
            }
        }
        writeln!(self.out)?;
        if page.follow_ups.is_empty() {
            writeln!(self.out, "Follow-ups: none open")?;
        } else {
            writeln!(self.out, "Follow-ups:")?;
            for f in page.follow_ups {
                let snoozed = f.snoozed_until.map(|d| format!(" (snoozed until {d})")).unwrap_or_default();
                let due = self.due_date(f.due_on, today);
                let prefix = format!("  {due}  {:<13} ", f.kind.as_str());
                self.wrapped(&prefix, &format!("{}{snoozed}  [{}]", f.reason, f.key))?;
            }
        }
        writeln!(self.out)?;
        if page.interactions.is_empty() {
            writeln!(self.out, "Timeline: no interactions yet")?;
        } else {
            writeln!(self.out, "Timeline:")?;
            for i in page.interactions {
                let meeting = match (&i.at, &i.how) {
                    (Some(at), Some(how)) => Some(format!("at {at}: {how}")),
                    (Some(at), None) => Some(format!("at {at}")),
                    (None, Some(how)) => Some(how.clone()),
                    (None, None) => None,
                };
                let text = [meeting, i.note.clone()].into_iter().flatten().collect::<Vec<_>>().join("; ");
                let text = if text.is_empty() { String::new() } else { format!("{text}  ") };
                self.wrapped(
                    &format!("  {}  {:<10}  ", i.on, i.kind.as_str()),
                    &format!("{text}[#{}]", i.id),
                )?;
            }
        }
        if !page.favors.is_empty() {
            let count = |d| page.favors.iter().filter(|f| f.direction == d).count() as i64;
            let (given, received) = (count(Direction::Gave), count(Direction::Received));
            let balance = match received - given {
                0 => "even".to_string(),
                owed @ 1.. => format!("you owe them {owed}"),
                owed => format!("they owe you {}", -owed),
            };
            writeln!(self.out)?;
            writeln!(self.out, "Favours: received {received}, gave {given} ({balance})")?;
            for f in page.favors.iter().rev() {
                let arrow = match f.direction {
                    Direction::Gave => "gave    ",
                    Direction::Received => "received",
                };
                self.wrapped(&format!("  {}  {arrow}  ", f.on), &f.what)?;
            }
        }
        if !page.leads.is_empty() {
            writeln!(self.out)?;
            writeln!(self.out, "Leads they helped with:")?;
            for lead in page.leads {
                let line = format!("{}  ({}, since {})", lead.describe(), lead.status, lead.updated_on);
                self.wrapped(&format!("  #{}  ", lead.id), &line)?;
            }
        }
        Ok(())
    }

    /// The `lead list` table, or the leads as a JSON array (each with its
    /// `next_step`: a Follow-up, or null).
    pub fn leads(&mut self, rows: &[LeadRow], today: NaiveDate) -> Result<()> {
        if self.json {
            let leads: Vec<leads::LeadListJson> = rows
                .iter()
                .map(|r| leads::LeadListJson {
                    lead: &r.lead,
                    next_step: r.next.as_ref().map(|f| FollowUpJson::new(f, today)),
                })
                .collect();
            return self.json(&leads);
        }
        const COLUMNS: [Column; 7] = [
            Column::whole("id"),
            Column::text("title", 12).comfortable(24),
            Column::text("company", 8).comfortable(14).optional(2),
            Column::whole("status"),
            Column::text("via", 10).comfortable(14).optional(1),
            Column::whole("since").droppable(1),
            Column::whole("next step").droppable(2),
        ];
        let rows: Vec<Vec<Field>> = rows
            .iter()
            .map(|LeadRow { lead, via, next }| {
                vec![
                    Field::from(lead.id),
                    Field::from(&lead.title),
                    Field::from(lead.company.as_deref().unwrap_or("")),
                    Field::from(lead.status.as_str()),
                    Field::from(via.join(", ")),
                    Field::from(lead.updated_on),
                    next.as_ref().map_or_else(Field::default, |f| leads::next_step(f, today)),
                ]
            })
            .collect();
        self.table(&COLUMNS, rows)
    }

    /// The `favors` table, or the balances as a JSON array.
    pub fn balances(&mut self, balances: &[Balance]) -> Result<()> {
        if self.json {
            return self.json(balances);
        }
        const COLUMNS: [Column; 4] = [
            Column::text("contact", 10),
            Column::whole("given"),
            Column::whole("received"),
            Column::whole("balance"),
        ];
        let rows: Vec<Vec<Field>> = balances
            .iter()
            .map(|b| {
                vec![
                    Field::from(&b.contact),
                    Field::from(b.given),
                    Field::from(b.received),
                    Field::from(format!("{:+}", b.balance)),
                ]
            })
            .collect();
        self.table(&COLUMNS, rows)
    }

    /// The `stats` report: a page for a person, or one JSON object.
    pub fn stats(&mut self, view: &StatsView) -> Result<()> {
        if self.json {
            let months: Vec<_> = view
                .interactions_per_month
                .iter()
                .map(|(month, count)| serde_json::json!({ "month": month, "count": count }))
                .collect();
            let funnel: serde_json::Map<String, serde_json::Value> =
                view.lead_funnel.iter().map(|(status, n)| (status.to_string(), (*n).into())).collect();
            return self.json(&serde_json::json!({
                "contacts": view.contacts,
                "interactions": view.interactions,
                "follow_ups": view.follow_ups,
                "interactions_per_month": months,
                "neglected": view.neglected,
                "favor_balance": view.favor_balance,
                "lead_funnel": funnel,
            }));
        }
        self.stats_page(view).map_err(Error::Output)
    }

    fn stats_page(&mut self, view: &StatsView) -> std::io::Result<()> {
        let f = &view.follow_ups;
        let done = f.done_on_time + f.done_late;
        let share = (f.done_on_time * 100).checked_div(done).map(|p| format!(" ({p}%)")).unwrap_or_default();
        let favors = &view.favor_balance;
        let funnel: Vec<String> =
            view.lead_funnel.iter().map(|(status, n)| format!("{n} {status}")).collect();
        let lines = [
            ("contacts", view.contacts.to_string()),
            ("interactions", view.interactions.to_string()),
            ("due now", format!("{} ({} overdue)", f.open, f.overdue)),
            ("kept", format!("{} on time{share}, {} late", f.done_on_time, f.done_late)),
            (
                "favours",
                format!(
                    "{} received, {} given (balance {:+})",
                    favors.received, favors.given, favors.balance
                ),
            ),
            ("leads", funnel.join(", ")),
        ];
        for (label, value) in lines {
            writeln!(self.out, "{:<14}{value}", format!("{label}:"))?;
        }
        writeln!(self.out)?;
        writeln!(self.out, "Interactions per month:")?;
        let most = view.interactions_per_month.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
        // "  2026-11  1234  " comes before the bar.
        let bar_width = self.width.map_or(BAR_WIDTH, |w| w.saturating_sub(17).clamp(1, BAR_WIDTH));
        for (month, count) in &view.interactions_per_month {
            // Any month with interactions gets at least one block.
            let width = (count * bar_width).div_ceil(most);
            let line = format!("  {month}  {:>4}  {}", count, "█".repeat(width));
            writeln!(self.out, "{}", line.trim_end())?;
        }
        writeln!(self.out)?;
        if view.neglected.is_empty() {
            writeln!(self.out, "Neglected: no one (no check-in overdue by more than 30 days)")?;
        } else {
            writeln!(self.out, "Neglected (check-in overdue by more than 30 days):")?;
            for n in &view.neglected {
                let name = text::visible(&n.contact);
                writeln!(self.out, "  {name} (#{})  {} days overdue", n.contact_id, n.days_overdue)?;
            }
        }
        Ok(())
    }

    /// Writes `prefix`, then `text` (control characters made visible) wrapped at
    /// words to the width, its further lines indented under the text.
    pub(super) fn wrapped(&mut self, prefix: &str, text: &str) -> std::io::Result<()> {
        let indent = console::measure_text_width(prefix);
        let lines = fit::wrap(&text::visible(text), self.width.map(|w| w.saturating_sub(indent)));
        for (index, line) in lines.iter().enumerate() {
            let lead = if index == 0 { prefix.to_string() } else { " ".repeat(indent) };
            writeln!(self.out, "{}", format!("{lead}{line}").trim_end())?;
        }
        Ok(())
    }

    /// A due date, in red when it has passed and colour is on.
    pub fn due_date(&self, due_on: NaiveDate, today: NaiveDate) -> String {
        let text = due_on.to_string();
        if self.color && due_on < today {
            console::style(text).red().force_styling(true).to_string()
        } else {
            text
        }
    }
}

/// A cell of a human table: its text, and a colour shown only when colour is on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Field {
    pub text: String,
    pub color: Option<Color>,
}

impl<T: Display> From<T> for Field {
    fn from(value: T) -> Field {
        Field { text: value.to_string(), color: None }
    }
}

/// The columns of the `list` table.
pub const CONTACT_COLUMNS: [Column; 7] = [
    Column::whole("id"),
    Column::text("name", 12).comfortable(16),
    Column::text("company", 10).comfortable(14).droppable(3),
    Column::text("title", 10).comfortable(12).optional(1),
    Column::text("tags", 8).comfortable(10).droppable(2),
    Column::whole("last contact").droppable(4),
    Column::whole("next follow-up").droppable(5),
];

/// A contact's row of the `list` table.
pub fn contact_row(contact: &Listed) -> Vec<Field> {
    vec![
        Field::from(contact.id),
        Field::from(&contact.name),
        Field::from(contact.company.as_deref().unwrap_or("")),
        Field::from(contact.title.as_deref().unwrap_or("")),
        Field::from(contact.tags.join(", ")),
        Field::from(date_or_blank(contact.summary.last_contact)),
        Field::from(date_or_blank(contact.summary.next_follow_up)),
    ]
}

/// The space between two columns of a table.
const GAP: usize = 2;

/// Below this width, `due` shows each item on two lines rather than as a table.
const TWO_LINES_BELOW: usize = 60;

/// How far a reason on its own line (narrow `due`) is indented.
const REASON_INDENT: &str = "  ";

/// A table's widest cell in each column, measured a row at a time.
pub struct Widest {
    widths: Vec<usize>,
    rows: usize,
}

impl Widest {
    pub fn new(columns: &[Column]) -> Widest {
        Widest { widths: vec![0; columns.len()], rows: 0 }
    }

    /// Measures a row, making its text as it will be shown.
    pub fn add(&mut self, row: &mut [Field]) {
        clean(row);
        for (widest, field) in self.widths.iter_mut().zip(row.iter()) {
            *widest = (*widest).max(fit::width(field.text.trim_end()));
        }
        self.rows += 1;
    }
}

impl Widest {
    /// Whether `layout` shortens any text: then a column may show narrower than laid
    /// out (text is cut at a word), which [`Widest::tighten`] corrects.
    pub fn shortens(&self, layout: &fit::Layout) -> bool {
        layout.shown.iter().zip(&layout.widths).any(|(&i, &width)| self.widths[i] > width)
    }

    /// Measures a row, already measured with [`Widest::add`], as `layout` shows it.
    pub fn add_shown(&mut self, row: &[Field], layout: &fit::Layout) {
        for (&i, &width) in layout.shown.iter().zip(&layout.widths) {
            let Some(field) = row.get(i) else { continue };
            let natural = fit::width(field.text.trim_end());
            let shown = if natural > width {
                fit::width(fit::shorten(&field.text, width).trim_end())
            } else {
                natural
            };
            self.widths[i] = self.widths[i].max(shown);
        }
        self.rows += 1;
    }

    /// Narrows each column of `layout` to the widest it shows (measured with
    /// [`Widest::add_shown`]), so that tables print as tight as they can.
    pub fn tighten(&self, columns: &[Column], layout: &mut fit::Layout) {
        for (slot, &i) in layout.shown.iter().enumerate() {
            let tight = self.widths[i].max(columns[i].header.width());
            layout.widths[slot] = layout.widths[slot].min(tight);
        }
    }
}

/// Appends a cell of a plain table: `text` padded to `width`, then the padding and
/// the blank separator before the next column (none after the last).
fn pad(line: &mut String, text: &str, width: usize, last: bool) {
    line.push_str(text);
    if !last {
        let fill = width.saturating_sub(fit::width(text)) + GAP + 1;
        line.extend(std::iter::repeat_n(' ', fill));
    }
}

/// A row's text as a table shows it: control characters made visible, on one line.
pub fn clean(row: &mut [Field]) {
    for field in row {
        if let std::borrow::Cow::Owned(shown) = text::visible(&field.text) {
            field.text = shown;
        }
        if field.text.contains('\n') {
            field.text = field.text.replace('\n', " ");
        }
    }
}

/// A due date with how late or how soon it is; overdue ones in red, but an item back
/// from a snooze is due again, not a failure.
pub(super) fn due_field(follow_up: &FollowUp, today: NaiveDate) -> Field {
    let due_on = follow_up.due_on;
    let days = (today - due_on).num_days();
    let text = match days {
        _ if follow_up.back_from_snooze && days > 0 => format!("{due_on} back from snooze"),
        0 => format!("{due_on} today"),
        1.. => format!("{due_on} {days}d overdue"),
        _ => format!("{due_on} in {}d", -days),
    };
    let late = days > 0 && !follow_up.back_from_snooze;
    Field { text, color: late.then_some(Color::Red) }
}

fn join(values: &[String]) -> Option<String> {
    (!values.is_empty()).then(|| values.join(", "))
}

fn date_or_blank(date: Option<NaiveDate>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FollowUpKind;

    fn follow_up(due_on: NaiveDate) -> FollowUp {
        FollowUp {
            key: "thank-you-1".into(),
            kind: FollowUpKind::ThankYou,
            contact_id: Some(1),
            contact: Some("Ada Lovelace".into()),
            due_on,
            reason: "send a thank-you note".into(),
            snoozed_until: None,
            back_from_snooze: false,
            channel: None,
        }
    }

    fn render(color: bool, due_on: &str) -> String {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut buffer = Vec::new();
        Output::new(&mut buffer, &mut Vec::new(), Style { color, ..Style::default() })
            .follow_ups(&[follow_up(due_on.parse().unwrap())], today)
            .unwrap();
        String::from_utf8(buffer).unwrap()
    }

    #[test]
    fn overdue_dates_are_red_when_colour_is_on() {
        let coloured = render(true, "2026-11-20");
        assert!(coloured.contains("\u{1b}[38;5;9m") || coloured.contains("\u{1b}[31m"), "{coloured:?}");
        assert!(coloured.contains("2026-11-20 2d overdue"), "{coloured:?}");
    }

    #[test]
    fn nothing_is_coloured_when_colour_is_off_or_the_date_is_not_overdue() {
        assert!(!render(false, "2026-11-20").contains('\u{1b}'));
        assert!(!render(true, "2026-11-22").contains("\u{1b}[31m"));
    }

    #[test]
    fn json_is_the_same_whatever_the_colour() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let items = [follow_up(today)];
        let mut plain = Vec::new();
        let mut coloured = Vec::new();
        Output::new(&mut plain, &mut Vec::new(), Style { json: true, ..Style::default() })
            .follow_ups(&items, today)
            .unwrap();
        let style = Style { json: true, color: true, width: None };
        Output::new(&mut coloured, &mut Vec::new(), style).follow_ups(&items, today).unwrap();
        assert_eq!(plain, coloured);
        assert!(!String::from_utf8(plain).unwrap().contains('\u{1b}'));
    }

    /// The plain tables are written directly; comfy-table draws the same text (with
    /// no colour) for every kind of cell and width.
    #[test]
    fn plain_tables_are_the_text_comfy_table_draws() {
        let columns = [
            Column::whole("id"),
            Column::text("name", 6).comfortable(10),
            Column::text("company", 6).comfortable(10).droppable(2),
            Column::text("notes", 6).optional(1),
            Column::whole("when").droppable(3),
        ];
        let texts = [
            ["1", "Ada Lovelace", "Analytical Engines Limited", "", "2026-11-22"],
            ["22", "Zoë Ñúñez", "", "", ""],
            ["333", "王小明", "北京大学计算机系", "", "2026-01-01"],
            ["4", "Bell\u{7}\u{1b}]52;c;aGk=\u{7}", "Two\nlines", "", "2026-02-03"],
            ["5", "Trailing   ", "emoji 🎉 party", "", ""],
        ];
        for width in [None, Some(30), Some(50), Some(80), Some(200)] {
            for notes in ["", "a long note about what we talked about"] {
                let rows = || -> Vec<Vec<Field>> {
                    texts
                        .iter()
                        .map(|r| {
                            let mut row: Vec<Field> = r.iter().map(|t| Field::from(*t)).collect();
                            row[3] = Field::from(notes);
                            row
                        })
                        .collect()
                };
                let draw = |comfy: bool| {
                    let (mut buffer, mut errors) = (Vec::new(), Vec::new());
                    {
                        let mut out =
                            Output::new(&mut buffer, &mut errors, Style { width, ..Style::default() });
                        let mut rows = rows();
                        let mut widest = Widest::new(&columns);
                        for row in &mut rows {
                            widest.add(row);
                        }
                        let layout = out.layout(&columns, &widest);
                        let (first, second) = rows.split_at(2);
                        for (part, header) in [(first.to_vec(), true), (second.to_vec(), false)] {
                            if comfy {
                                out.comfy_rows(&columns, &layout, part, header).unwrap();
                            } else {
                                out.plain_rows(&columns, &layout, part, header).unwrap();
                            }
                        }
                    }
                    String::from_utf8(buffer).unwrap()
                };
                assert_eq!(draw(false), draw(true), "width {width:?}, notes {notes:?}");
            }
        }
    }
}
