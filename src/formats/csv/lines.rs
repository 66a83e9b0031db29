//! Where lines start in a CSV file, told from byte offsets: in the head held in
//! memory ([`Lines`]), and in the body as the csv reader reads it ([`LineCounter`]),
//! which also follows quoted fields so that a file cut short inside one is refused.
//! Knows nothing of columns or flavours.

use std::collections::VecDeque;
use std::io::Read;

/// Line numbers of byte offsets in the file being read. A line ends with LF, CRLF or a
/// lone CR (old Mac exports), as the csv reader sees it.
pub(super) struct Lines<'a> {
    bytes: &'a [u8],
    /// The offset of the last byte of each line end.
    ends: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        let ends = (0..bytes.len())
            .filter(|&at| bytes[at] == b'\n' || (bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n')))
            .collect();
        Lines { bytes, ends }
    }

    /// Where each line starts.
    pub(super) fn starts(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(0).chain(self.ends.iter().map(|end| end + 1))
    }

    /// The 1-based line of the record that starts at `offset`. The csv reader places a
    /// record just after the previous record's terminator, which with CRLF line ends or
    /// blank lines in between is still on an earlier line (so its `Position::line()`
    /// is off): line ends are skipped first.
    pub(super) fn line_of(&self, offset: usize) -> usize {
        let rest = self.bytes.get(offset..).unwrap_or_default();
        let start = offset + rest.iter().take_while(|&&byte| byte == b'\r' || byte == b'\n').count();
        1 + self.ends.partition_point(|&end| end < start)
    }
}

/// The bytes of a CSV file's body (from its header line on) as the csv reader reads
/// them, noting on the way where lines start, so that a record's line can be told
/// from its offset without keeping the file, and whether a quoted field is open, so
/// that a file cut short inside one is refused: the csv reader takes everything to
/// the end of the file into such a field and says nothing.
///
/// Lines end as [`Lines`] says: LF, CRLF or a lone CR.
pub(super) struct LineCounter<R> {
    inner: R,
    /// How many bytes were read.
    offset: usize,
    /// The line of the next byte (a CR just read not counted yet).
    line: usize,
    /// The last byte was a CR: a line end unless an LF follows.
    after_cr: bool,
    /// The next byte starts a line.
    at_line_start: bool,
    /// The offset and line of each line's first byte that is not a line end, from
    /// the record asked about last on: what [`LineCounter::line_of`] may still need.
    starts: VecDeque<(usize, usize)>,
    delimiter: u8,
    /// Inside a quoted field; `quote_seen`: its last byte was a `"`, which ends the
    /// field unless another `"` follows.
    quoted: bool,
    quote_seen: bool,
    /// The next byte starts a field.
    field_start: bool,
}

impl<R: Read> LineCounter<R> {
    /// Reads `inner`, whose first byte starts line `first_line`.
    pub(super) fn new(inner: R, first_line: usize, delimiter: u8) -> Self {
        LineCounter {
            inner,
            offset: 0,
            line: first_line,
            after_cr: false,
            at_line_start: true,
            starts: VecDeque::new(),
            delimiter,
            quoted: false,
            quote_seen: false,
            field_start: true,
        }
    }

    /// The 1-based line of the record that starts at `offset`, asked about in
    /// increasing order. The csv reader places a record just after the previous
    /// record's terminator, which with CRLF line ends or blank lines in between is
    /// still on an earlier line: the record's line is that of the first line start
    /// from `offset` on.
    pub(super) fn line_of(&mut self, offset: usize) -> usize {
        while let Some(&(start, line)) = self.starts.front() {
            if start >= offset {
                return line;
            }
            self.starts.pop_front();
        }
        self.line + usize::from(self.after_cr)
    }

    /// Whether what was read ends inside a quoted field.
    pub(super) fn unterminated(&self) -> bool {
        self.quoted && !self.quote_seen
    }

    fn note(&mut self, bytes: &[u8]) {
        let delimiter = self.delimiter;
        let special = |b: u8| matches!(b, b'\n' | b'\r' | b'"') || b == delimiter;
        let mut rest = bytes;
        while let Some((&byte, after)) = rest.split_first() {
            if !(self.after_cr || self.at_line_start || self.quote_seen || special(byte)) {
                // A run of other bytes (most of a file) changes only where a field starts.
                let run = rest.iter().position(|&b| special(b)).unwrap_or(rest.len());
                if !self.quoted {
                    self.field_start = false;
                }
                self.offset += run;
                rest = &rest[run..];
                continue;
            }
            self.note_byte(byte);
            rest = after;
        }
    }

    /// One byte, noted as the csv reader reads it.
    fn note_byte(&mut self, byte: u8) {
        if self.after_cr {
            self.after_cr = false;
            if byte != b'\n' {
                self.line += 1;
            }
        }
        match byte {
            b'\n' => {
                self.line += 1;
                self.at_line_start = true;
            }
            b'\r' => {
                self.after_cr = true;
                self.at_line_start = true;
            }
            _ if self.at_line_start => {
                self.starts.push_back((self.offset, self.line));
                self.at_line_start = false;
            }
            _ => {}
        }
        self.note_quote(byte);
        self.offset += 1;
    }

    /// Follows quoted fields as the csv reader does: a `"` opens one only where a field
    /// starts, and `""` inside is a quote.
    fn note_quote(&mut self, byte: u8) {
        if self.quote_seen {
            self.quote_seen = false;
            if byte == b'"' {
                return;
            }
            self.quoted = false;
        }
        if self.quoted {
            self.quote_seen = byte == b'"';
        } else if byte == b'"' && self.field_start {
            self.quoted = true;
            self.field_start = false;
        } else {
            self.field_start = byte == self.delimiter || byte == b'\n' || byte == b'\r';
        }
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.note(&buf[..read]);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::LineCounter;

    fn state<R>(c: &LineCounter<R>) -> impl PartialEq + std::fmt::Debug + use<R> {
        let starts: Vec<_> = c.starts.iter().copied().collect();
        (c.offset, c.line, c.after_cr, c.at_line_start, starts, c.quoted, c.quote_seen, c.field_start)
    }

    proptest! {
        /// Runs of ordinary bytes are skipped at once: the same as noting each byte.
        #[test]
        fn noting_a_run_at_once_is_noting_each_byte(
            text in r#"([a;]{0,4}|"|,|\r|\n|\r\n){0,40}"#,
            split in 0usize..200,
            delimiter in prop::sample::select(vec![b',', b';']),
        ) {
            let bytes = text.as_bytes();
            let split = split.min(bytes.len());
            let mut at_once = LineCounter::new(&[][..], 1, delimiter);
            at_once.note(&bytes[..split]);
            at_once.note(&bytes[split..]);
            let mut each = LineCounter::new(&[][..], 1, delimiter);
            for &byte in bytes {
                each.note_byte(byte);
            }
            prop_assert_eq!(state(&at_once), state(&each));
        }
    }
}
