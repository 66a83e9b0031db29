//! Comparing what people type: case folding for searches and name matching.

/// Lower-cases `text` for case-insensitive comparison (Unicode-aware, unlike
/// SQLite's own `lower`).
pub fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// Whether two e-mail addresses are the same address: compared ignoring case, the
/// one way netcrm decides it (uniqueness, matching on import, CONTACT arguments).
pub fn same_email(a: &str, b: &str) -> bool {
    a == b || fold(a.trim()) == fold(b.trim())
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

/// `text` with its control characters made visible (`\x1b`, `\r`), so that stored
/// text can never drive the terminal it is shown on; newlines and tabs stay.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\n' && c != '\t';
    // Unicode's control characters are U+0000-U+001F and U+007F-U+009F: a byte below
    // 0x20, 0x7F, or 0xC2 followed by 0x80-0x9F in UTF-8. Checking bytes is several
    // times faster than decoding characters, for every cell of every table.
    let bytes = text.as_bytes();
    let any_hidden = bytes.iter().enumerate().any(|(i, &b)| {
        (b < 0x20 && b != b'\n' && b != b'\t')
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|next| (0x80..=0x9f).contains(next)))
    });
    if !any_hidden {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' => shown.push_str("\\r"),
            // Control characters (Unicode's Cc) all lie below U+0100.
            c if hidden(c) => shown.push_str(&format!("\\x{:02x}", c as u32)),
            c => shown.push(c),
        }
    }
    std::borrow::Cow::Owned(shown)
}

/// Like [`visible`], and newlines and tabs made visible too (`\n`, `\t`): for text
/// that must stay one line, such as an `error:` or `warning:` line.
pub fn visible_line(text: &str) -> std::borrow::Cow<'_, str> {
    let shown = visible(text);
    if !shown.contains(['\n', '\t']) {
        return shown;
    }
    std::borrow::Cow::Owned(shown.replace('\n', "\\n").replace('\t', "\\t"))
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
    for value in more {
        if !list.iter().any(|v| key(v) == key(&value)) {
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

    /// Every control character but newline and tab is shown escaped; any other text
    /// is kept as it is, borrowed.
    #[test]
    fn control_characters_and_only_they_are_made_visible() {
        for c in (0..0x3000u32).chain([0xfeff, 0x1f389, 0x10ffff]).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let shown = visible(&text);
            if c.is_control() && c != '\n' && c != '\t' {
                assert!(matches!(shown, std::borrow::Cow::Owned(_)), "{c:?}");
                assert!(!shown.chars().any(char::is_control), "{c:?}: {shown:?}");
            } else {
                assert!(matches!(shown, std::borrow::Cow::Borrowed(_)), "{c:?}");
            }
        }
        assert_eq!(visible("\u{1b}]52;c;aGk=\u{7}\r"), "\\x1b]52;c;aGk=\\x07\\r");
    }
}
