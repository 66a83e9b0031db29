//! Fitting a table to a width: which columns to show and how wide, with long text
//! shortened with `…`. Keys, ids, dates and numbers are never shortened; text is
//! shortened before any column is dropped, and the least important columns go first.
//! Pure: strings in, widths out.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// One column of a table, and how it may give way when the width is short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub header: &'static str,
    /// Text that may be shortened down to this width; `None` for keys, ids, dates and
    /// numbers, which are shown whole or not at all.
    pub shorten_to: Option<usize>,
    /// The width below which optional columns are dropped rather than this one
    /// shortened further.
    pub comfortable: Option<usize>,
    /// Whether and when the column may be left out: lower ranks go first.
    pub drop: Drop,
    /// Whether this text is shortened (down to its floor) before the other columns'.
    pub first_shortened: bool,
}

/// When a column may be left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Drop {
    /// A nice-to-have, left out before text is shortened below comfortable widths.
    Optional(u8),
    /// Left out only when shortening everything as far as it goes is not enough.
    LastResort(u8),
    Never,
}

impl Column {
    /// A column shown whole (a key, a date, a number), never dropped.
    pub const fn whole(header: &'static str) -> Column {
        Column { header, shorten_to: None, comfortable: None, drop: Drop::Never, first_shortened: false }
    }

    /// A text column that may be shortened down to `min` characters.
    pub const fn text(header: &'static str, min: usize) -> Column {
        Column {
            header,
            shorten_to: Some(min),
            comfortable: Some(min),
            drop: Drop::Never,
            first_shortened: false,
        }
    }

    /// Shortened down to its floor before the other columns are shortened at all.
    pub const fn shortened_first(self) -> Column {
        Column { first_shortened: true, ..self }
    }

    /// Optional columns go before this one is shortened below `width`.
    pub const fn comfortable(self, width: usize) -> Column {
        Column { comfortable: Some(width), ..self }
    }

    /// A nice-to-have: left out (lower ranks first) before text gets cramped.
    pub const fn optional(self, rank: u8) -> Column {
        Column { drop: Drop::Optional(rank), ..self }
    }

    /// Left out (lower ranks first) only when nothing else fits.
    pub const fn droppable(self, rank: u8) -> Column {
        Column { drop: Drop::LastResort(rank), ..self }
    }

    /// The narrowest this column gets: comfortably, or as far as it goes.
    fn floor(&self, comfortably: bool, natural: usize) -> usize {
        let floor = if comfortably { self.comfortable } else { self.shorten_to };
        floor.map_or(natural, |floor| floor.max(self.header.width()).min(natural))
    }
}

/// The columns to show (their indices) and the width of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub shown: Vec<usize>,
    pub widths: Vec<usize>,
}

/// Lays out `rows` under `columns` within `width` (unlimited when `None`), with `gap`
/// spaces between columns: optional columns go before text is cramped below its
/// comfortable width, then text is shortened as far as it goes, and only then are
/// the last-resort columns left out. Keys and dates stay whole even when that
/// overflows.
#[cfg(test)]
pub fn fit(columns: &[Column], rows: &[Vec<String>], width: Option<usize>, gap: usize) -> Layout {
    let measured: Vec<Vec<usize>> =
        rows.iter().map(|r| r.iter().map(|t| t.trim_end().width()).collect()).collect();
    fit_measured(columns, &measured, width, gap)
}

/// [`fit`] for rows whose cells' widths are already measured (blank cells are 0).
pub fn fit_measured(columns: &[Column], rows: &[Vec<usize>], width: Option<usize>, gap: usize) -> Layout {
    let natural: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rows.iter().map(|r| r.get(i).copied().unwrap_or(0)).max().unwrap_or(0).max(c.header.width())
        })
        .collect();
    // A column that may be left out and is empty in every row says nothing.
    let empty = |i: usize| rows.iter().all(|r| r.get(i).is_none_or(|w| *w == 0));
    let mut shown: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].drop == Drop::Never || rows.is_empty() || !empty(i))
        .collect();
    let Some(width) = width else {
        return Layout { widths: shown.iter().map(|&i| natural[i]).collect(), shown };
    };
    let total = |shown: &[usize], comfortably: bool| {
        shown.iter().map(|&i| columns[i].floor(comfortably, natural[i])).sum::<usize>()
            + gap * shown.len().saturating_sub(1)
    };
    let drop_next = |shown: &mut Vec<usize>, optional_only: bool| {
        let next = shown
            .iter()
            .enumerate()
            .filter(|(_, i)| match columns[**i].drop {
                Drop::Optional(_) => true,
                Drop::LastResort(_) => !optional_only,
                Drop::Never => false,
            })
            .min_by_key(|(_, i)| columns[**i].drop)
            .map(|(slot, _)| slot);
        next.map(|slot| shown.remove(slot)).is_some()
    };
    while total(&shown, true) > width && drop_next(&mut shown, true) {}
    let comfortably = total(&shown, true) <= width;
    while !comfortably && total(&shown, false) > width && drop_next(&mut shown, false) {}
    // Take a character at a time from the widest column above its floor (those to be
    // shortened first, while one of them is).
    let mut widths: Vec<usize> = shown.iter().map(|&i| natural[i]).collect();
    while widths.iter().sum::<usize>() + gap * widths.len().saturating_sub(1) > width {
        let above_floor =
            |(slot, i): &(usize, &usize)| widths[*slot] > columns[**i].floor(comfortably, natural[**i]);
        let first = shown.iter().enumerate().filter(above_floor).any(|(_, i)| columns[*i].first_shortened);
        let widest = shown
            .iter()
            .enumerate()
            .filter(above_floor)
            .filter(|(_, i)| !first || columns[**i].first_shortened)
            .max_by_key(|(slot, _)| widths[*slot])
            .map(|(slot, _)| slot);
        match widest {
            Some(slot) => widths[slot] -= 1,
            // Nothing left to give: wider than asked, but nothing is broken.
            None => break,
        }
    }
    Layout { shown, widths }
}

/// The columns `text` takes on a terminal, as [`UnicodeWidthStr::width`] counts
/// them, but quickly for printable ASCII (most cells of most tables).
pub fn width(text: &str) -> usize {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) { text.len() } else { text.width() }
}

/// `text` in at most `width` columns of the terminal: whole when it fits, else cut
/// with `…` after the last whole word that fits (mid-word only when the first word
/// alone is too long).
pub fn shorten(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        kept.push(c);
        used += w;
    }
    let cut_inside_a_word = !kept.ends_with(char::is_whitespace)
        && text[kept.len()..].chars().next().is_some_and(|c| !c.is_whitespace());
    if cut_inside_a_word && let Some(space) = kept.trim_end().rfind(' ') {
        kept.truncate(space);
    }
    format!("{}…", kept.trim_end())
}

/// `text` as lines of at most `width` columns (unlimited when `None`), broken at
/// spaces and at its own newlines; a word longer than a line stands alone on one,
/// whole, rather than being split.
pub fn wrap(text: &str, width: Option<usize>) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let Some(width) = width.filter(|w| paragraph.width() > *w) else {
            lines.push(paragraph.to_string());
            continue;
        };
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            if !line.is_empty() && line.width() + 1 + word.width() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect()
    }

    #[test]
    fn everything_fits_when_there_is_room() {
        let columns = [Column::whole("key"), Column::text("why", 5)];
        let layout = fit(&columns, &rows(&[&["thank-you-1", "send a note"]]), Some(80), 2);
        assert_eq!(layout, Layout { shown: vec![0, 1], widths: vec![11, 11] });
        assert_eq!(fit(&columns, &rows(&[&["k", "x".repeat(500).as_str()]]), None, 2).widths, [3, 500]);
    }

    #[test]
    fn text_is_shortened_before_a_last_resort_column_is_dropped() {
        let columns = [Column::whole("key"), Column::text("who", 4).droppable(1), Column::text("why", 5)];
        let data = rows(&[&["thank-you-1", "Ada Lovelace", "You met Ada at RustConf: send a note"]]);
        let layout = fit(&columns, &data, Some(40), 2);
        assert_eq!(layout.shown, [0, 1, 2]);
        assert_eq!(layout.widths.iter().sum::<usize>() + 4, 40);
        assert_eq!(layout.widths[0], 11, "keys are never shortened");
    }

    #[test]
    fn optional_columns_go_before_text_is_cramped() {
        let columns = [
            Column::whole("key"),
            Column::text("who", 4).comfortable(12),
            Column::text("reach", 4).comfortable(15).optional(1),
            Column::text("why", 5).comfortable(20).droppable(1),
        ];
        let data = rows(&[&[
            "thank-you-1",
            "Ada Lovelace",
            "ada@example.com",
            "You met Ada at RustConf: send a note",
        ]]);
        // Room for everything comfortably but the reach column.
        let layout = fit(&columns, &data, Some(50), 2);
        assert_eq!(layout.shown, [0, 1, 3]);
        assert_eq!(layout.widths, [11, 12, 23]);
        // Less room: the reason and the name are shortened below comfortable (the
        // widest first) before anything else goes.
        let layout = fit(&columns, &data, Some(32), 2);
        assert_eq!(layout.shown, [0, 1, 3]);
        assert_eq!(layout.widths, [11, 9, 8]);
        // Less still: it goes, and the name is shortened.
        let layout = fit(&columns, &data, Some(20), 2);
        assert_eq!(layout.shown, [0, 1]);
        assert_eq!(layout.widths, [11, 7]);
        // Narrower than the key: it stays whole.
        let layout = fit(&columns, &data, Some(5), 2);
        assert_eq!(layout.shown, [0, 1]);
        assert_eq!(layout.widths, [11, 4]);
    }

    #[test]
    fn a_column_shortened_first_gives_way_before_wider_ones() {
        let columns = [
            Column::whole("key"),
            Column::text("contact", 8).comfortable(14).shortened_first(),
            Column::text("why", 16).comfortable(50),
        ];
        let data = rows(&[&[
            "thank-you-1",
            "Ada Lovelace-Byron",
            "Met at RustConf on 2026-11-22: send a thank-you note",
        ]]);
        // The name goes down to its floor before the reason loses a character.
        assert_eq!(fit(&columns, &data, Some(70), 2).widths, [11, 8, 47]);
        assert_eq!(fit(&columns, &data, Some(77), 2).widths, [11, 10, 52]);
        assert_eq!(fit(&columns, &data, Some(85), 2).widths, [11, 18, 52]);
        // Then the reason, down to its own floor.
        assert_eq!(fit(&columns, &data, Some(40), 2).widths, [11, 8, 17]);
    }

    #[test]
    fn an_empty_column_that_may_go_is_left_out() {
        let columns = [Column::whole("key"), Column::text("reach", 4).optional(1), Column::text("who", 4)];
        let layout = fit(&columns, &rows(&[&["k1", "", "Ada"], &["k2", " ", "Bob"]]), None, 2);
        assert_eq!(layout.shown, [0, 2]);
        let layout = fit(&columns, &rows(&[&["k1", "", "Ada"], &["k2", "bob@x.io", "Bob"]]), None, 2);
        assert_eq!(layout.shown, [0, 1, 2]);
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_newlines_and_never_inside_a_word() {
        assert_eq!(wrap("one two three", None), ["one two three"]);
        assert_eq!(wrap("one two three", Some(7)), ["one two", "three"]);
        assert_eq!(wrap("one\ntwo three", Some(20)), ["one", "two three"]);
        assert_eq!(
            wrap("a https://example.com/very/long b", Some(8)),
            ["a", "https://example.com/very/long", "b"]
        );
        assert_eq!(wrap("", Some(8)), [""]);
    }

    #[test]
    fn shortening_ends_with_an_ellipsis_at_a_word_when_it_can() {
        assert_eq!(shorten("send a thank-you note", 30), "send a thank-you note");
        assert_eq!(shorten("send a thank-you note", 12), "send a…");
        assert_eq!(shorten("send a thank-you note", 8), "send a…");
        assert_eq!(shorten("send a thank-you note", 7), "send a…");
        assert_eq!(shorten("send a thank-you note", 6), "send…");
        assert_eq!(shorten("supercalifragilistic", 8), "superca…");
        assert_eq!(shorten("陈大文陈大文", 7), "陈大文…");
        assert_eq!(shorten("abc", 0), "");
        assert_eq!(shorten("abcdef", 1), "…");
        for width in 0..25 {
            assert!(shorten("You met Ada Lovelace at RustConf", width).width() <= width, "{width}");
        }
    }
}
