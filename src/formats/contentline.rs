//! Content lines, the line syntax vCard (RFC 6350 3.2, RFC 2426) and iCalendar
//! (RFC 5545 3.1) share: escaping a value and folding a line at 75 octets. Pure text.

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
}
