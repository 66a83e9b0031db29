//! Comparing what people type: case folding for searches and name matching.

/// Lower-cases `text` for case-insensitive comparison (Unicode-aware, unlike
/// SQLite's own `lower`).
pub fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// Whether two e-mail addresses are the same address: compared ignoring case, the
/// one way netcrm decides it (uniqueness, matching on import, CONTACT arguments).
pub fn same_email(a: &str, b: &str) -> bool {
    a == b || email_key(a) == email_key(b)
}

/// An e-mail address as [`same_email`] compares it, for sets and maps.
pub fn email_key(email: &str) -> String {
    fold(email.trim())
}

/// A name folded for "is this the same name": case-insensitive, with runs of white
/// space collapsed and the ends trimmed.
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        if word.is_ascii() {
            key.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            key.push_str(&word.to_lowercase());
        }
    }
    key
}

/// `text` trimmed, or `None` when nothing is left: absent text fields are null,
/// never empty strings.
pub fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Whether `c` is hidden from a reader when printed raw: a control character (Unicode's
/// Cc, newline and tab aside), or one of the formatting characters (Cf) that reorder
/// or hide text: the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
/// U+2066-U+2069), the zero-width characters and direction marks (U+200B-U+200F),
/// the line and paragraph separators (U+2028, U+2029) and the byte-order mark
/// (U+FEFF). `Eve\u{202e}nil.exe` would show as a different name.
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// `text` with its control characters made visible (`\x1b`, `\r`), and the formatting
/// characters that reorder or hide text too (`\u{202e}`, see `is_hidden`), so that
/// stored text can neither drive the terminal it is shown on nor pass for other text;
/// newlines and tabs stay.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    // In UTF-8, control characters are a byte below 0x20, 0x7F, or 0xC2 followed by
    // 0x80-0x9F; the formatting characters begin with 0xE2 0x80 or 0xE2 0x81 (U+2000-
    // U+207F) or are 0xEF 0xBB 0xBF. Checking bytes is several times faster than
    // decoding characters, for every cell of every table; a rare candidate is decided
    // by decoding.
    let bytes = text.as_bytes();
    let candidate = bytes.iter().enumerate().any(|(i, &b)| {
        (b < 0x20 && b != b'\n' && b != b'\t')
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|next| (0x80..=0x9f).contains(next)))
            || (b == 0xe2 && bytes.get(i + 1).is_some_and(|next| matches!(next, 0x80 | 0x81)))
            || (b == 0xef && bytes.get(i + 1) == Some(&0xbb))
    });
    if !candidate || !text.chars().any(is_hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' => shown.push_str("\\r"),
            c if c.is_control() && is_hidden(c) => shown.push_str(&format!("\\x{:02x}", c as u32)),
            c if is_hidden(c) => shown.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => shown.push(c),
        }
    }
    std::borrow::Cow::Owned(shown)
}

/// The most characters a value quoted in a message shows ([`capped`]).
pub const QUOTED_MOST: usize = 300;

/// The most characters an `error:` or `warning:` line shows ([`visible_line`]).
pub const LINE_MOST: usize = 2000;

/// `value` as a message quotes it: at most [`QUOTED_MOST`] characters, then `…` (a
/// 100 MB cell in a file must not become a 100 MB error line).
pub fn capped(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(QUOTED_MOST) {
        None => std::borrow::Cow::Borrowed(value),
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}…", &value[..end])),
    }
}

/// A count as messages write it: `12480` as `12,480`.
pub fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Like [`visible`], and newlines and tabs made visible too (`\n`, `\t`): for text
/// that must stay one line, such as an `error:` or `warning:` line. A line longer than
/// [`LINE_MOST`] characters keeps its beginning and its end (what went wrong, and the
/// hint) around a `…`.
pub fn visible_line(text: &str) -> std::borrow::Cow<'_, str> {
    let shown = visible(text);
    let shown = if shown.contains(['\n', '\t']) {
        std::borrow::Cow::Owned(shown.replace('\n', "\\n").replace('\t', "\\t"))
    } else {
        shown
    };
    let Some((head_end, _)) = shown.char_indices().nth(LINE_MOST) else {
        return shown;
    };
    // The beginning says what went wrong; the end, often a hint, is kept too.
    let head_end = shown.char_indices().nth(LINE_MOST * 3 / 4).map_or(head_end, |(i, _)| i);
    let tail_chars = LINE_MOST / 4;
    let tail_start = shown.char_indices().rev().nth(tail_chars - 1).map_or(shown.len(), |(i, _)| i);
    std::borrow::Cow::Owned(format!("{}…{}", &shown[..head_end], &shown[tail_start..]))
}

/// A name folded for duplicate detection: like [`name_key`], and with accents
/// stripped (`Zoë` and `Zoe` are the same name).
pub fn name_key_without_accents(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    // ASCII has no accents to strip (and most names are ASCII).
    if name.is_ascii() {
        return name_key(name);
    }
    name_key(&name.nfd().filter(|c| !is_combining_mark(*c)).collect::<String>())
}

/// A LinkedIn URL compared without scheme, `www.`, query, fragment, trailing `/` or
/// case: `https://www.linkedin.com/in/Ada/?trk=x` is `linkedin.com/in/ada`.
pub fn linkedin_key(url: &str) -> String {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.trim_end_matches('/').to_lowercase()
}

/// The digits of a phone number, for comparing `+1 (555) 010-0200` with `15550100200`.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// Appends the values of `more` that `list` lacks, compared by `key` (`fold` for
/// e-mails and tags, `phone_digits` for phones); order is kept.
pub fn append_missing<I: IntoIterator<Item = String>>(
    list: &mut Vec<String>,
    more: I,
    key: impl Fn(&str) -> String,
) {
    // Linear in both lists: a card may repeat a property thousands of times.
    let mut keys: std::collections::HashSet<String> = list.iter().map(|v| key(v)).collect();
    for value in more {
        if keys.insert(key(&value)) {
            list.push(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sequences_are_shown_not_sent() {
        let osc52 = "Eve\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\r\u{8}\u{9b}x";
        assert_eq!(visible(osc52), "Eve\\x1b]52;c;cHduZWQ=\\x07\\x1b[2J\\r\\x08\\x9bx");
        assert_eq!(visible("two\nlines\tand a tab"), "two\nlines\tand a tab");
        assert_eq!(visible_line("two\nlines\tand\u{7}"), "two\\nlines\\tand\\x07");
        assert!(matches!(visible_line("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn duplicate_names_ignore_accents_case_and_spacing() {
        assert_eq!(name_key_without_accents(" Zoë  MÜLLER "), "zoe muller");
        assert_eq!(name_key_without_accents("François"), name_key_without_accents("francois"));
    }

    #[test]
    fn linkedin_urls_compare_without_scheme_www_query_or_slash() {
        let key = "linkedin.com/in/ada";
        for url in [
            "https://www.linkedin.com/in/ada/",
            "http://linkedin.com/in/Ada?trk=people",
            "www.linkedin.com/in/ada#about",
            "linkedin.com/in/ada",
        ] {
            assert_eq!(linkedin_key(url), key, "{url}");
        }
    }

    #[test]
    fn phones_compare_by_their_digits() {
        assert_eq!(phone_digits("+1 (555) 010-0200"), "15550100200");
    }

    #[test]
    fn folding_handles_non_ascii_letters() {
        assert_eq!(fold("ÉMILE Müller"), "émile müller");
    }

    #[test]
    fn name_keys_ignore_case_and_spacing() {
        assert_eq!(name_key("  Ada   LOVELACE "), name_key("ada lovelace"));
        assert_ne!(name_key("Ada Lovelace"), name_key("Ada Byron"));
    }

    #[test]
    fn blank_text_is_absent() {
        assert_eq!(non_empty("  "), None);
        assert_eq!(non_empty(" Acme "), Some("Acme".to_string()));
    }

    /// Every control character but newline and tab, and every formatting character
    /// that reorders or hides text, is shown escaped; any other text is kept as it is,
    /// borrowed.
    #[test]
    fn control_and_hiding_characters_and_only_they_are_made_visible() {
        let hiding = |c: u32| matches!(c, 0x200b..=0x200f | 0x2028 | 0x2029 | 0x202a..=0x202e | 0x2066..=0x2069 | 0xfeff);
        for c in (0..0x3000u32).chain([0xfeff, 0xfeef, 0xfffd, 0x1f389, 0x10ffff]).filter_map(char::from_u32)
        {
            let text = format!("a{c}b");
            let shown = visible(&text);
            if (c.is_control() && c != '\n' && c != '\t') || hiding(c as u32) {
                assert!(matches!(shown, std::borrow::Cow::Owned(_)), "{c:?}");
                assert!(!shown.chars().any(|c| c.is_control() || hiding(c as u32)), "{c:?}: {shown:?}");
            } else {
                assert!(matches!(shown, std::borrow::Cow::Borrowed(_)), "{c:?}");
            }
        }
        assert_eq!(visible("\u{1b}]52;c;aGk=\u{7}\r"), "\\x1b]52;c;aGk=\\x07\\r");
        assert_eq!(visible("Eve\u{202e}nil.exe"), "Eve\\u{202e}nil.exe");
        assert_eq!(visible("\u{feff}a\u{200b}b\u{2066}c\u{2028}"), "\\u{feff}a\\u{200b}b\\u{2066}c\\u{2028}");
        // Other characters of those blocks are text: dashes, quotes, bullets, ellipses.
        assert!(matches!(
            visible("a\u{2014}b \u{201c}q\u{201d} \u{2022} \u{2026}"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    /// A card may repeat EMAIL, TEL or CATEGORIES thousands of times: each value's key
    /// is computed once, not once per value already in the list.
    #[test]
    fn appending_computes_each_key_once() {
        let calls = std::cell::Cell::new(0);
        let key = |v: &str| {
            calls.set(calls.get() + 1);
            fold(v)
        };
        let mut list: Vec<String> = (0..1000).map(|i| format!("Tag{i}")).collect();
        append_missing(&mut list, (500..2000).map(|i| format!("tag{i}")), key);
        assert_eq!(list.len(), 2000);
        assert_eq!(list[999], "Tag999");
        assert_eq!(list[1000], "tag1000");
        assert_eq!(calls.get(), 1000 + 1500);
    }

    #[test]
    fn quoted_values_are_capped() {
        assert_eq!(capped("short"), "short");
        let long = "é".repeat(QUOTED_MOST + 50);
        let shown = capped(&long);
        assert_eq!(shown.chars().count(), QUOTED_MOST + 1);
        assert!(shown.ends_with("é…"));
        assert!(matches!(capped(&"x".repeat(QUOTED_MOST)), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn a_message_line_keeps_its_beginning_and_end_within_the_limit() {
        let line = format!("invalid e-mail address '{}': it needs one @", "a\n".repeat(1_000_000));
        let shown = visible_line(&line);
        assert!(shown.chars().count() <= LINE_MOST + 1, "{}", shown.chars().count());
        assert!(shown.starts_with("invalid e-mail address 'a\\na"), "{shown}");
        assert!(shown.ends_with("': it needs one @"), "{shown}");
        assert!(shown.contains('…'));
        assert!(matches!(visible_line(&"x".repeat(LINE_MOST)), std::borrow::Cow::Borrowed(_)));
    }
}
