//! Comparing what people type: case folding for searches and name matching.

/// Lower-cases `text` for case-insensitive comparison (Unicode-aware, unlike
/// SQLite's own `lower`).
pub fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// A name folded for "is this the same name": case-insensitive, with runs of white
/// space collapsed and the ends trimmed.
pub fn name_key(name: &str) -> String {
    name.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// `text` trimmed, or `None` when nothing is left: absent text fields are null,
/// never empty strings.
pub fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
