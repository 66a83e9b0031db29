//! Rendering records for people (tables, a contact's page) and for programs (JSON).
//! The only module that prints records; the writer is passed in, so rendering is
//! testable without a process. Colour is decided by the caller, never here.
//! `table` lays out and draws tables, [`json`] holds every `--json` shape, and
//! `pages` what each command shows people; this file is where they print.

mod fit;
pub mod json;
mod leads;
mod pages;
mod review;
mod table;

use std::fmt::Display;
use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

pub use fit::Column;
pub use json::{Balance, ContactJson, FavorTotals, FollowUpCounts, FollowUpJson, Neglected};
pub use leads::LeadPage;
pub use pages::{ContactPage, LeadRow, StatsView};
pub use review::{CHOICES, briefing_line};
pub use table::Field;

use crate::error::{Error, Result};
pub use crate::model::Summary;
use crate::text;

/// Where records go and in which form.
pub struct Output<'w> {
    out: &'w mut dyn Write,
    err: &'w mut dyn Write,
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

    /// Writes out what was printed so far: before a prompt waits for the person who
    /// reads it.
    pub fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(Error::Output)
    }

    /// Prints a warning for a person on stderr. Call it once the command's
    /// transaction has committed, so that no warning speaks of what was not done.
    pub fn warn(&mut self, message: impl Display) {
        // Nowhere left to report a failure to write a warning.
        let message = message.to_string();
        let _ = writeln!(self.err, "warning: {}", text::visible_line(&message));
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

    /// Writes `prefix`, then `text` (control characters made visible) wrapped at
    /// words to the width, its further lines indented under the text.
    fn wrapped(&mut self, prefix: &str, text: &str) -> std::io::Result<()> {
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
