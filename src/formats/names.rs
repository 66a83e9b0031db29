//! The structured parts of a name typed by hand, for vCard's N: a real name parser
//! (the `human_name` crate) that knows particles (`Van Damme`, `de la Fontaine`),
//! generational and honorific suffixes and titles. Names a file brought with their
//! parts never come here: those parts are kept as they were. Pure.

use unicode_normalization::UnicodeNormalization;

use crate::model::NameParts;

/// `name`'s parts: `Chloé Van Damme, Jr.` is given `Chloé`, family `Van Damme`,
/// suffix `Jr.`. A single word, or a name in a script written without spaces between
/// its parts (Chinese, Japanese, Korean), is a given name only: guessing where its
/// family name ends would be wrong as often as right.
pub fn parts_of(name: &str) -> NameParts {
    let name = name.trim();
    let given_only = || NameParts { given: name.to_string(), ..NameParts::default() };
    if !name.contains(char::is_whitespace) || name.chars().any(is_cjk) {
        return given_only();
    }
    let Some(parsed) = human_name::Name::parse(name) else {
        // Not a name the parser knows: the last word is the family name.
        let (given, family) = name.rsplit_once(char::is_whitespace).unwrap_or((name, ""));
        return NameParts {
            given: given.trim().to_string(),
            family: family.trim().to_string(),
            ..NameParts::default()
        };
    };
    // The crate answers in NFD; netcrm keeps text in the form it was typed (NFC).
    let nfc = |text: &str| text.nfc().collect::<String>();
    let given = parsed.given_name().map(nfc).unwrap_or_default();
    let additional = parsed.middle_name().map(|middle| nfc(&middle)).unwrap_or_default();
    let family = nfc(parsed.surname());
    // Prefix and suffix as the name writes them: the crate rewrites some (`II` as `Jr.`).
    let start = name.find(given.as_str()).filter(|_| !given.is_empty());
    let end = name.rfind(family.as_str()).map(|at| at + family.len());
    let prefix = match (parsed.honorific_prefix(), start) {
        (None, _) => String::new(),
        (Some(_), Some(start)) => name[..start].trim().to_string(),
        (Some(prefix), None) => nfc(prefix),
    };
    let has_suffix = parsed.generational_suffix().is_some() || parsed.honorific_suffix().is_some();
    let suffix = match end {
        _ if !has_suffix => String::new(),
        Some(end) => name[end..].trim_start_matches([',', ' ']).trim().to_string(),
        None => {
            let parts = [parsed.generational_suffix(), parsed.honorific_suffix()];
            nfc(&parts.iter().flatten().copied().collect::<Vec<_>>().join(" "))
        }
    };
    NameParts { family, given, additional, prefix, suffix }
}

/// Han, kana and hangul: scripts whose names are written without spaces.
fn is_cjk(ch: char) -> bool {
    matches!(ch as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(family: &str, given: &str, additional: &str, prefix: &str, suffix: &str) -> NameParts {
        NameParts::new(family, given, additional, prefix, suffix)
    }

    #[test]
    fn hand_typed_names_are_split_by_particles_suffixes_and_titles() {
        let cases = [
            ("Chloé Van Damme, Jr.", parts("Van Damme", "Chloé", "", "", "Jr.")),
            ("Dr. John Q. Public, III", parts("Public", "John", "", "Dr.", "III")),
            ("Mark Schröder II", parts("Schröder", "Mark", "", "", "II")),
            ("Ada King Lovelace", parts("Lovelace", "Ada", "King", "", "")),
            ("Ludwig van Beethoven", parts("van Beethoven", "Ludwig", "", "", "")),
            ("Jean-Luc de la Fontaine", parts("de la Fontaine", "Jean-Luc", "", "", "")),
            ("Prof. Dr. Hans Müller", parts("Müller", "Hans", "", "Prof. Dr.", "")),
            ("Zoë Ångström-Müller", parts("Ångström-Müller", "Zoë", "", "", "")),
            ("Cher", parts("", "Cher", "", "", "")),
            ("陈大文", parts("", "陈大文", "", "", "")),
            ("山田 太郎", parts("", "山田 太郎", "", "", "")),
        ];
        for (name, expected) in cases {
            assert_eq!(parts_of(name), expected, "{name}");
        }
    }
}
