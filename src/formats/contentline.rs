//! Content lines, the line syntax vCard (RFC 6350 3.2, RFC 2426) and iCalendar
//! (RFC 5545 3.1) share: escaping a value and folding a line at 75 octets, and reading
//! them back one unfolded line at a time ([`lines`]). Pure text.

use std::borrow::Cow;

/// The longest physical line written, in octets, not counting the CRLF.
pub const FOLD_AT: usize = 75;

/// A TEXT value escaped: backslash, comma and semicolon get a backslash, every line
/// break (CRLF, LF or a lone CR) becomes `\n`, tabs stay, and the other ASCII control
/// characters, which TEXT does not allow, are left out.
pub fn escape_text(value: &str) -> String {
    escape(value, true)
}

/// A URI value: `,` and `;` are part of URIs and stay as they are; a backslash or a
/// line break (which no valid URI holds) is escaped so that it cannot break the line.
pub fn escape_uri(value: &str) -> String {
    escape(value, false)
}

fn escape(value: &str, text: bool) -> String {
    let mut escaped = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => escaped.push_str("\\\\"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                escaped.push_str("\\n");
            }
            ',' | ';' if text => {
                escaped.push('\\');
                escaped.push(ch);
            }
            '\t' => escaped.push(ch),
            _ if ch.is_ascii_control() => {}
            _ => escaped.push(ch),
        }
    }
    escaped
}

/// A TEXT value unescaped (RFC 6350 3.4, RFC 5545 3.3.11): `\n` and `\N` are a newline, `\\` `\,` `\;` `\:` the
/// character itself; a backslash before anything else stays.
pub fn unescape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(next @ ('\\' | ',' | ';' | ':')) => out.push(next),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Appends one content line and its CRLF, folded so that no physical line is longer
/// than [`FOLD_AT`] octets: continuation lines start with one space, and a fold never
/// splits a UTF-8 sequence or a `\x` escape pair (which the RFCs would allow, but some
/// readers unescape before unfolding).
pub fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    let mut rest = line;
    while let Some(first) = rest.chars().next() {
        let mut unit_length = first.len_utf8();
        if first == '\\' {
            // A backslash is one octet, so the escaped character starts right after it.
            unit_length += rest[1..].chars().next().map_or(0, char::len_utf8);
        }
        let (unit, tail) = rest.split_at(unit_length);
        if width + unit_length > FOLD_AT {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push_str(unit);
        width += unit_length;
        rest = tail;
    }
    out.push_str("\r\n");
}

/// One unfolded content line, `NAME;PARAM=VALUE;...:value`, as it was written (nothing
/// unescaped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentLine<'a> {
    line: Cow<'a, str>,
    /// Where the name ends (at the first `;` or `:`, or the end of a line without one).
    name_end: usize,
    /// Where the value starts (after the first `:` outside quotes), or the line's end.
    value_start: usize,
    /// The 1-based number of the physical line it starts on.
    pub number: usize,
}

impl<'a> ContentLine<'a> {
    fn new(line: Cow<'a, str>, number: usize) -> Self {
        let bytes = line.as_bytes();
        let name_end = bytes.iter().position(|b| matches!(b, b';' | b':')).unwrap_or(bytes.len());
        let mut quoted = false;
        let mut value_start = bytes.len();
        for (i, byte) in bytes.iter().enumerate().skip(name_end) {
            match byte {
                b'"' => quoted = !quoted,
                b':' if !quoted => {
                    value_start = i + 1;
                    break;
                }
                _ => {}
            }
        }
        ContentLine { line, name_end, value_start, number }
    }

    /// The property or BEGIN/END name, without surrounding blanks.
    pub fn name(&self) -> &str {
        self.line[..self.name_end].trim()
    }

    /// Everything after the first colon outside quotes (empty without one).
    pub fn value(&self) -> &str {
        &self.line[self.value_start..]
    }

    /// The value of the first parameter called `key` (ignoring case), without the
    /// quotes around it; `None` when absent or empty.
    pub fn param(&self, key: &str) -> Option<&str> {
        let params = self.line.get(self.name_end..self.value_start.saturating_sub(1)).unwrap_or_default();
        let mut rest = params;
        while let Some(after) = rest.strip_prefix(';') {
            // One parameter: up to the next `;` outside quotes.
            let mut quoted = false;
            let end = after
                .bytes()
                .position(|b| {
                    if b == b'"' {
                        quoted = !quoted;
                    }
                    b == b';' && !quoted
                })
                .unwrap_or(after.len());
            let (name, value) = after[..end].split_once('=').unwrap_or((&after[..end], ""));
            if name.trim().eq_ignore_ascii_case(key) {
                return Some(value.trim().trim_matches('"')).filter(|v| !v.is_empty());
            }
            rest = &after[end..];
        }
        None
    }
}

/// The content lines of `text`, unfolded (a physical line that starts with a space or
/// a tab continues the one before, without that character), in order, each borrowed
/// from `text` unless it had to be unfolded. Lines end with LF or CRLF; blank lines
/// are left out, and so is a byte-order mark at the start. Reads one line ahead and
/// keeps nothing else: the cost is the length of the text.
pub fn lines(text: &str) -> Lines<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Lines { physical: text.split('\n').enumerate().peekable() }
}

/// The iterator [`lines`] returns.
pub struct Lines<'a> {
    physical: std::iter::Peekable<std::iter::Enumerate<std::str::Split<'a, char>>>,
}

impl<'a> Iterator for Lines<'a> {
    type Item = ContentLine<'a>;

    fn next(&mut self) -> Option<ContentLine<'a>> {
        loop {
            let (index, first) = self.physical.next()?;
            let first = first.strip_suffix('\r').unwrap_or(first);
            let mut line = Cow::Borrowed(first);
            while let Some((_, next)) = self.physical.next_if(|(_, next)| next.starts_with([' ', '\t'])) {
                let next = next.strip_suffix('\r').unwrap_or(next);
                line.to_mut().push_str(&next[1..]);
            }
            if !line.trim().is_empty() {
                return Some(ContentLine::new(line, index + 1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_separators_backslashes_and_every_line_break() {
        assert_eq!(escape_text("a,b;c\\d\r\ne\rf\ng\th\u{7}\u{7f}é"), "a\\,b\\;c\\\\d\\ne\\nf\\ng\th\u{e9}");
        assert_eq!(escape_uri("https://x.example/a,b;c\n"), "https://x.example/a,b;c\\n");
    }

    #[test]
    fn lines_fold_at_75_octets_between_characters_and_escapes() {
        let mut out = String::new();
        push_line(&mut out, &format!("NOTE:{}\\,x", "a".repeat(69)));
        assert_eq!(out, format!("NOTE:{}\r\n \\,x\r\n", "a".repeat(69)));
        let mut out = String::new();
        push_line(&mut out, &"é".repeat(100));
        for line in out.split("\r\n").filter(|line| !line.is_empty()) {
            assert!(line.len() <= FOLD_AT, "{line}");
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), "é".repeat(100));
    }

    #[test]
    fn lines_are_unfolded_and_split_into_name_parameters_and_value() {
        let text = "\u{feff}BEGIN:VEVENT\r\nSUMMARY:Coffee \r\n at\r\n\tlast\r\n\r\n\
                    ATTENDEE;CN=\"Doe; Jane: the one\";PARTSTAT=DECLINED:mailto:jane@example.com\n\
                    DTSTART; TZID=\"Europe/Berlin\";VALUE=:20261102T100000\nNO-VALUE\n";
        let lines: Vec<ContentLine<'_>> = lines(text).collect();
        let parts: Vec<(&str, &str, usize)> = lines.iter().map(|l| (l.name(), l.value(), l.number)).collect();
        assert_eq!(
            parts,
            [
                ("BEGIN", "VEVENT", 1),
                ("SUMMARY", "Coffee atlast", 2),
                ("ATTENDEE", "mailto:jane@example.com", 6),
                ("DTSTART", "20261102T100000", 7),
                ("NO-VALUE", "", 8),
            ]
        );
        assert_eq!(lines[2].param("cn"), Some("Doe; Jane: the one"));
        assert_eq!(lines[2].param("PARTSTAT"), Some("DECLINED"));
        assert_eq!(lines[3].param("TZID"), Some("Europe/Berlin"));
        assert_eq!(lines[3].param("VALUE"), None, "empty");
        assert_eq!(lines[0].param("TZID"), None);
    }
}
