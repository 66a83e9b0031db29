//! Checks on what users type for contacts: names and e-mail addresses. Pure.

use crate::error::{Error, Result};

/// A name with its ends trimmed; empty names are refused.
pub fn name(input: &str) -> Result<String> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(Error::EmptyName);
    }
    Ok(trimmed.to_string())
}

/// An e-mail address with its ends trimmed: one `@` with text on both sides, a dot
/// inside the domain, and no spaces, `;` or `,` (DESIGN.md's rule, deliberately simple;
/// `;` and `,` separate addresses in lists, so an address holding one would be split
/// in two by the next program, netcrm's own CSV import included).
pub fn email(input: &str) -> Result<String> {
    let trimmed = input.trim();
    let invalid = || Error::InvalidEmail { input: input.to_string() };
    let (local, domain) = trimmed.split_once('@').ok_or_else(invalid)?;
    let domain_ok = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.');
    let separator = |c: char| c.is_whitespace() || c == ';' || c == ',';
    if local.is_empty() || domain.contains('@') || !domain_ok || trimmed.contains(separator) {
        return Err(invalid());
    }
    Ok(trimmed.to_string())
}

/// Every e-mail checked, duplicates (the same address, as [`crate::text::same_email`]
/// decides) dropped, order kept. Linear: a card may repeat EMAIL thousands of times.
pub fn emails(inputs: &[String]) -> Result<Vec<String>> {
    let mut seen = Seen::default();
    let mut out: Vec<String> = Vec::new();
    for input in inputs {
        let email = email(input)?;
        if seen.first(crate::text::email_key(&email)) {
            out.push(email);
        }
    }
    Ok(out)
}

/// Non-blank values trimmed, duplicates dropped (ignoring case), order kept: for
/// phones and tags. Linear, like [`emails`].
pub fn list(inputs: &[String]) -> Vec<String> {
    let mut seen = Seen::default();
    let mut out: Vec<String> = Vec::new();
    for input in inputs {
        let value = input.trim();
        if !value.is_empty() && seen.first(value.to_lowercase()) {
            out.push(value.to_string());
        }
    }
    out
}

/// The keys met so far, to keep the first of each.
#[derive(Default)]
pub struct Seen(std::collections::HashSet<String>);

impl Seen {
    /// Whether `key` is met for the first time (remembering it).
    pub fn first(&mut self, key: String) -> bool {
        self.0.insert(key)
    }
}

/// Tags as [`list`] keeps them, each checked: `;` separates tags in netcrm's CSV, so
/// a tag holding one would come back as two.
pub fn tags(inputs: &[String]) -> Result<Vec<String>> {
    if let Some(bad) = inputs.iter().find(|tag| tag.contains(';')) {
        return Err(Error::InvalidTag { input: bad.clone() });
    }
    Ok(list(inputs))
}

/// Tags from a file: one that holds `;` is split there, so nothing is lost and the
/// tags survive netcrm's CSV.
pub fn imported_tags(inputs: &[String]) -> Vec<String> {
    let split: Vec<String> = inputs.iter().flat_map(|tag| tag.split(';')).map(str::to_string).collect();
    list(&split)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_emails_are_accepted_and_trimmed() {
        for (input, expected) in [
            ("ada@example.com", "ada@example.com"),
            (" Ada.Lovelace+crm@mail.example.co.uk ", "Ada.Lovelace+crm@mail.example.co.uk"),
            ("x@y.z", "x@y.z"),
        ] {
            assert_eq!(email(input).unwrap(), expected, "{input}");
        }
    }

    #[test]
    fn malformed_emails_are_refused_naming_the_value() {
        for input in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@@example.com",
            "a@b@example.com",
            "ada@.com",
            "ada@example.",
            "ada lovelace@example.com",
            "a;b@x.io",
            "a,b@x.io",
            "a@x.io;b@x.io",
        ] {
            let err = email(input).unwrap_err();
            assert!(err.to_string().contains(&format!("'{input}'")), "{input}: {err}");
        }
    }

    #[test]
    fn empty_names_are_refused() {
        assert!(matches!(name("   "), Err(Error::EmptyName)));
        assert_eq!(name("  Ada Lovelace ").unwrap(), "Ada Lovelace");
    }

    #[test]
    fn repeated_emails_and_tags_are_kept_once() {
        let emails = emails(&["a@x.io".into(), "A@X.io".into(), "b@x.io".into()]).unwrap();
        assert_eq!(emails, ["a@x.io", "b@x.io"]);
        assert_eq!(list(&["rust".into(), " Rust ".into(), "".into(), "go".into()]), ["rust", "go"]);
    }

    #[test]
    fn tags_cannot_hold_the_csv_list_separator() {
        assert!(matches!(tags(&["x;y".into()]), Err(Error::InvalidTag { input }) if input == "x;y"));
        assert_eq!(tags(&["x,y".into(), "z".into()]).unwrap(), ["x,y", "z"]);
        assert_eq!(imported_tags(&["maths; logic".into(), "Maths".into()]), ["maths", "logic"]);
    }
}
