//! Human tables: cells ([`Field`]) under [`Column`]s fitted to the width ([`fit`]),
//! measured before anything is printed, whole ([`Output::table`]) or a chunk of rows
//! at a time ([`Output::table_in_chunks`]), and drawn by one of two renderers that
//! write the same text: comfy-table's when colour is on, a plain one written directly
//! (several times faster for long tables, BENCHMARKS.md) when it is off. What rows and
//! columns a command shows is its page's business (`pages`), not this module's.

use std::fmt::Display;
use std::io::Write;

use comfy_table::{
    Attribute, Cell, Color, ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle, Width,
};
use unicode_width::UnicodeWidthStr;

use super::Output;
use super::fit::{self, Column, Layout};
use crate::error::{Error, Result};
use crate::text;

/// Plain columns with a rule under the header, like `ps` or `kubectl get`.
const TABLE_STYLE: TableStyle = TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' '));

/// The space between two columns of a table.
pub(super) const GAP: usize = 2;

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

impl Output<'_> {
    /// Prints `rows` under `columns`, fitted to the width: text shortened with `…`
    /// and the least important columns left out before anything would wrap. Stored
    /// text has its control characters made visible.
    pub fn table(&mut self, columns: &[Column], mut rows: Vec<Vec<Field>>) -> Result<()> {
        for row in &mut rows {
            clean(row);
        }
        let layout = self.fitted(columns, |measure| {
            rows.iter().for_each(|row| measure(row));
            Ok(())
        })?;
        self.table_rows(columns, &layout, rows, true)
    }

    /// [`Output::table`] with a line of text under each row (`under[i]` under row i),
    /// after `indent` and wrapped to the width; the columns are fitted to the rows
    /// alone.
    pub fn table_with_lines_under(
        &mut self,
        columns: &[Column],
        mut rows: Vec<Vec<Field>>,
        indent: &str,
        under: &[String],
    ) -> Result<()> {
        for row in &mut rows {
            clean(row);
        }
        let layout = self.fitted(columns, |measure| {
            rows.iter().for_each(|row| measure(row));
            Ok(())
        })?;
        for (n, row) in rows.into_iter().enumerate() {
            self.table_rows(columns, &layout, vec![row], n == 0)?;
            if let Some(line) = under.get(n) {
                self.wrapped(indent, line).map_err(Error::Output)?;
            }
        }
        Ok(())
    }

    /// [`Output::table`] for a table too long to hold at once: `chunks()` gives its
    /// rows a chunk at a time, the same rows each time it is called. They are measured
    /// first (once, or twice when text is shortened), then printed, every chunk in the
    /// same columns.
    pub fn table_in_chunks<I>(&mut self, columns: &[Column], mut chunks: impl FnMut() -> I) -> Result<()>
    where
        I: IntoIterator<Item = Result<Vec<Vec<Field>>>>,
    {
        let layout = self.fitted(columns, |measure| {
            for chunk in chunks() {
                for mut row in chunk? {
                    clean(&mut row);
                    measure(&row);
                }
            }
            Ok(())
        })?;
        for (n, chunk) in chunks().into_iter().enumerate() {
            self.table_rows(columns, &layout, chunk?, n == 0)?;
        }
        Ok(())
    }

    /// How wide `rows` under `columns` print once fitted to the width (before each
    /// column is narrowed to what it shows): for a page that chooses another form
    /// when a table would be too wide. Makes the rows' text as it will be shown.
    pub(super) fn fitted_width(&self, columns: &[Column], rows: &mut [Vec<Field>]) -> usize {
        let mut widest = Widest::new(columns);
        for row in rows {
            clean(row);
            widest.add(row);
        }
        let layout = self.layout(columns, &widest);
        layout.widths.iter().sum::<usize>() + (GAP + 1) * layout.widths.len().saturating_sub(1)
    }

    /// How rows fit the width: `pass` shows each row (its text as shown, see
    /// [`clean`]) to the measure it is given, and is called again to measure the rows
    /// as shown when the layout shortens text (text cut at a word may leave its column
    /// narrower), so that tables print as tight as they can.
    fn fitted(
        &self,
        columns: &[Column],
        mut pass: impl FnMut(&mut dyn FnMut(&[Field])) -> Result<()>,
    ) -> Result<Layout> {
        let mut widest = Widest::new(columns);
        pass(&mut |row| widest.add(row))?;
        let mut layout = self.layout(columns, &widest);
        if widest.shortens(&layout) {
            let mut shown = Widest::new(columns);
            pass(&mut |row| shown.add_shown(row, &layout))?;
            shown.tighten(columns, &mut layout);
        }
        Ok(layout)
    }

    /// How a table whose cells are at most `widest` fits the width.
    fn layout(&self, columns: &[Column], widest: &Widest) -> Layout {
        let rows: &[Vec<usize>] = if widest.rows == 0 { &[] } else { std::slice::from_ref(&widest.widths) };
        // Between two columns: the padding and the (blank) column separator.
        fit::fit_measured(columns, rows, self.width, GAP + 1)
    }

    /// Prints `rows` laid out by `layout`, under the header when `header`: one chunk
    /// of a table, every chunk in the same columns.
    fn table_rows(
        &mut self,
        columns: &[Column],
        layout: &Layout,
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
        layout: &Layout,
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
        layout: &Layout,
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
}

/// A table's widest cell in each column, measured a row at a time.
struct Widest {
    widths: Vec<usize>,
    rows: usize,
}

impl Widest {
    fn new(columns: &[Column]) -> Widest {
        Widest { widths: vec![0; columns.len()], rows: 0 }
    }

    /// Measures a row whose text is as it will be shown ([`clean`]).
    fn add(&mut self, row: &[Field]) {
        for (widest, field) in self.widths.iter_mut().zip(row.iter()) {
            *widest = (*widest).max(fit::width(field.text.trim_end()));
        }
        self.rows += 1;
    }

    /// Whether `layout` shortens any text: then a column may show narrower than laid
    /// out (text is cut at a word), which [`Widest::tighten`] corrects.
    fn shortens(&self, layout: &Layout) -> bool {
        layout.shown.iter().zip(&layout.widths).any(|(&i, &width)| self.widths[i] > width)
    }

    /// Measures a row, already measured with [`Widest::add`], as `layout` shows it.
    fn add_shown(&mut self, row: &[Field], layout: &Layout) {
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
    fn tighten(&self, columns: &[Column], layout: &mut Layout) {
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
pub(super) fn clean(row: &mut [Field]) {
    for field in row {
        if let std::borrow::Cow::Owned(shown) = text::visible(&field.text) {
            field.text = shown;
        }
        if field.text.contains('\n') {
            field.text = field.text.replace('\n', " ");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Style;

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
                            clean(row);
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
