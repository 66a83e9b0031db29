//! Tests of vCard reading and writing, with the fixtures in tests/fixtures.

use chrono::NaiveDate;

use super::*;
use crate::dates::Birthday;
use crate::formats::contentline::escape_text;
use crate::formats::{Card, CardReader, FormatError, Parsed};
use crate::model::{Contact, NameParts};
use proptest::prelude::*;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|value| value.to_string()).collect()
}

fn some(value: &str) -> Option<String> {
    Some(value.to_string())
}

fn contact(id: i64, name: &str) -> Contact {
    Contact::new(id, name, date("2026-11-22"))
}

fn ada() -> Contact {
    Contact {
        emails: strings(&["ada@engines.example", "ada.home@example.com"]),
        phones: strings(&["+44 20 7946 0018"]),
        company: some("Analytical Engines, Ltd."),
        title: some("Lead Programmer"),
        linkedin: some("https://www.linkedin.com/in/ada-lovelace"),
        tags: strings(&["conference", "maths; logic"]),
        notes: some("Met at the meetup.\nTalked about Bernoulli numbers."),
        birthday: Some(Birthday::Full(date("1815-12-10"))),
        ..contact(7, "Ada King Lovelace")
    }
}

fn parse_ok(text: &str) -> Parsed {
    parse(text.as_bytes()).unwrap_or_else(|error| panic!("{error}"))
}

fn parts(family: &str, given: &str, additional: &str, prefix: &str, suffix: &str) -> Option<NameParts> {
    Some(NameParts::new(family, given, additional, prefix, suffix))
}

// ---- reading the fixtures -------------------------------------------------

#[test]
fn iphone_export_is_read_with_grouped_emails_folded_note_and_photo_skipped() {
    let parsed = parse_ok(include_str!("../../../tests/fixtures/iphone.vcf"));
    assert_eq!(parsed.warnings, Vec::<String>::new());
    let expected = vec![
        Card {
            line: 1,
            name: some("Countess of Ada King Lovelace"),
            name_parts: parts("Lovelace", "Ada", "King", "Countess of", ""),
            emails: strings(&["ada@engines.example", "ada.home@example.com"]),
            phones: strings(&["+44 20 7946 0018", "+44 20 7946 0999", "020 7946 0123"]),
            company: some("Analytical Engines Ltd"),
            title: some("Lead Programmer"),
            linkedin: some("http://www.linkedin.com/in/ada-lovelace"),
            tags: strings(&["Conference", "Mathematics"]),
            notes: some(
                "Met at the Difference Engine meetup in London. We talked about Bernoulli numbers, \
                 the Analytical Engine; and her notes on Menabrea.\nFollow up about the \
                 poetry-of-science talk.",
            ),
            birthday: Some(Birthday::Full(date("1815-12-10"))),
            ..Card::default()
        },
        Card {
            line: 37,
            name: some("Charles Babbage"),
            name_parts: parts("Babbage", "Charles", "", "", ""),
            emails: strings(&["charles@engines.example"]),
            phones: strings(&["+44 7700 900123"]),
            birthday: Some(Birthday::Yearless { month: 12, day: 26 }),
            ..Card::default()
        },
    ];
    assert_eq!(parsed.cards, expected);
}

#[test]
fn android_2_1_export_is_read_with_quoted_printable_and_bare_parameters() {
    let parsed = parse_ok(include_str!("../../../tests/fixtures/android-2.1.vcf"));
    assert_eq!(parsed.warnings, Vec::<String>::new());
    let expected = vec![
        Card {
            line: 1,
            name: some("Zoë Anné Müller"),
            name_parts: parts("Müller", "Zoë", "Anné", "", ""),
            emails: strings(&["zoe@firma.example", "zoe@example.de"]),
            phones: strings(&["+49-170-5550101", "030 5550102"]),
            company: some("Bäckerei Müller GmbH"),
            title: some("Geschäftsführerin"),
            notes: some("Kennengelernt auf der Gründermesse in Köln.\nWill im Frühjahr einen Stand teilen."),
            birthday: Some(Birthday::Full(date("1988-03-01"))),
            ..Card::default()
        },
        Card {
            line: 16,
            name: some("Dr. Kim"),
            phones: strings(&["+1 212 555 0147"]),
            linkedin: some("https://de.linkedin.com/in/kim-dr"),
            ..Card::default()
        },
    ];
    assert_eq!(parsed.cards, expected);
}

#[test]
fn google_4_0_export_is_read_with_tel_uris_and_escaped_separators() {
    let parsed = parse_ok(include_str!("../../../tests/fixtures/google-4.0.vcf"));
    assert_eq!(parsed.warnings, Vec::<String>::new());
    let expected = vec![Card {
        line: 1,
        name: some("Grace Hopper"),
        name_parts: parts("Hopper", "Grace", "Brewster Murray", "Rear Admiral", ""),
        emails: strings(&["grace@navy.example", "grace.hopper@example.org"]),
        phones: strings(&["+1-555-0100", "+1-555-0101"]),
        company: some("Hopper, Cobol ; Co"),
        title: some("Rear Admiral"),
        linkedin: some("https://www.linkedin.com/in/grace-hopper/"),
        tags: strings(&["Navy", "Computing", "Speakers, 2026"]),
        notes: some(
            "Nanoseconds, wire lengths; debugging. Bring a wire.\nAsked about the first bug, a moth.",
        ),
        birthday: Some(Birthday::Yearless { month: 5, day: 12 }),
        uid: some("urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"),
        ..Card::default()
    }];
    assert_eq!(parsed.cards, expected);
}

#[test]
fn outlook_export_with_lf_line_ends_and_repeated_type_parameters_is_read() {
    let text = include_str!("../../../tests/fixtures/outlook.vcf");
    assert!(!text.contains('\r'), "the fixture must have LF-only line ends");
    let parsed = parse_ok(text);
    assert_eq!(parsed.warnings, Vec::<String>::new());
    let expected = vec![Card {
        line: 1,
        name: some("Ms. Jane Q Smith PhD"),
        name_parts: parts("Smith", "Jane", "Q", "Ms.", "PhD"),
        emails: strings(&["jane.smith@contoso.example", "jsmith@contoso.example"]),
        phones: strings(&["(425) 555-0100", "(425) 555-0199"]),
        company: some("Contoso Ltd."),
        title: some("Engineering Manager"),
        notes: some("Hiring for platform roles.\nPrefers e-mail."),
        birthday: Some(Birthday::Full(date("1985-07-04"))),
        ..Card::default()
    }];
    assert_eq!(parsed.cards, expected);
}

#[test]
fn several_cards_with_blank_lines_between_are_read_with_their_lines() {
    let parsed = parse_ok(include_str!("../../../tests/fixtures/several.vcf"));
    let expected = vec![
        Card {
            line: 1,
            name: some("Alan Turing"),
            emails: strings(&["alan@bletchley.example"]),
            ..Card::default()
        },
        Card {
            line: 8,
            name: some("Rosalind Franklin"),
            name_parts: parts("Franklin", "Rosalind", "", "", ""),
            emails: strings(&["rosalind@kings.example"]),
            ..Card::default()
        },
        Card {
            line: 15,
            emails: strings(&["nobody@example.com"]),
            tags: strings(&["imported"]),
            ..Card::default()
        },
        Card {
            line: 21,
            name: some("Tim Berners-Lee"),
            linkedin: some("https://uk.linkedin.com/in/timbl"),
            birthday: Some(Birthday::Yearless { month: 6, day: 8 }),
            ..Card::default()
        },
    ];
    assert_eq!(parsed.cards, expected);
    assert_eq!(parsed.warnings, strings(&["line 12: invalid birthday '1920-02-30' dropped"]));
}

// ---- reading details ------------------------------------------------------

#[test]
fn birthdays_are_read_in_every_common_form() {
    let cases = [
        ("1990-05-12", Some(Birthday::Full(date("1990-05-12")))),
        ("19900512", Some(Birthday::Full(date("1990-05-12")))),
        ("1990-05-12T00:00:00Z", Some(Birthday::Full(date("1990-05-12")))),
        ("19900512T120000", Some(Birthday::Full(date("1990-05-12")))),
        ("--0512", Some(Birthday::Yearless { month: 5, day: 12 })),
        ("--05-12", Some(Birthday::Yearless { month: 5, day: 12 })),
        ("--0229", Some(Birthday::Yearless { month: 2, day: 29 })),
        ("1990-02-30", None),
        ("--1332", None),
        ("--05", None),
        ("1990", None),
        ("sometime in May", None),
    ];
    for (value, expected) in cases {
        let text = format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nBDAY:{value}\r\nEND:VCARD\r\n");
        let parsed = parse_ok(&text);
        assert_eq!(parsed.cards[0].birthday, expected, "{value}");
        let warnings = match expected {
            Some(_) => Vec::new(),
            None => vec![format!("line 4: invalid birthday '{value}' dropped")],
        };
        assert_eq!(parsed.warnings, warnings, "{value}");
    }
}

#[test]
fn name_is_fn_as_written_else_n_joined_else_nickname() {
    let cases = [
        ("N:Doe;John;Quincy,Adam;Dr.;Jr.\r\nFN:Dr. John Doe\r\n", Some("Dr. John Doe")),
        ("N:Smith;Jane;;;\r\nFN:Mom\r\n", Some("Mom")),
        ("FN:Dr. John Q. Public\\, III\r\nN:Public;John;Q.;Dr.;III\r\n", Some("Dr. John Q. Public, III")),
        ("N:陈;大文;;;\r\nFN:陈大文\r\n", Some("陈大文")),
        ("N:Yamada;Taro;;;\r\nFN:Yamada Taro\r\n", Some("Yamada Taro")),
        ("FN:  Prince  \r\n", Some("Prince")),
        ("N:;Cher;;;\r\n", Some("Cher")),
        ("N:O\\;Brien\\, Jr;Pat;;;\r\n", Some("Pat O;Brien, Jr")),
        ("FN:\r\nN:;;;;\r\nNICKNAME:Bunny,Bun\r\n", Some("Bunny")),
        ("EMAIL:x@example.com\r\n", None),
    ];
    for (body, expected) in cases {
        let text = format!("BEGIN:VCARD\r\nVERSION:3.0\r\n{body}END:VCARD\r\n");
        assert_eq!(parse_ok(&text).cards[0].name.as_deref(), expected, "{body}");
    }
}

#[test]
fn n_is_kept_as_the_name_parts() {
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mom\r\nN:Smith;Jane;Ann,Marie;;\r\nEND:VCARD\r\n";
    assert_eq!(parse_ok(text).cards[0].name_parts, parts("Smith", "Jane", "Ann Marie", "", ""));
    let blank = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mom\r\nN:;;;;\r\nEND:VCARD\r\n";
    assert_eq!(parse_ok(blank).cards[0].name_parts, None);
}

#[test]
fn an_apple_company_card_is_named_by_its_org() {
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Appleseed;Johnny;;;\r\nFN:Johnny Appleseed\r\n\
                ORG:Acme Corp;Sales\r\nX-ABShowAs:COMPANY\r\nEND:VCARD\r\n";
    let card = &parse_ok(text).cards[0];
    assert_eq!(card.name.as_deref(), Some("Acme Corp"));
    assert_eq!(card.company.as_deref(), Some("Acme Corp"));
}

#[test]
fn group_cards_are_skipped_with_their_name() {
    let text = "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Book club\r\nMEMBER:urn:uuid:1\r\nEND:VCARD\r\n\
                BEGIN:VCARD\r\nVERSION:3.0\r\nX-ADDRESSBOOKSERVER-KIND:group\r\nFN:Family\r\nEND:VCARD\r\n\
                BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:individual\r\nFN:Ada\r\nEND:VCARD\r\n";
    let parsed = parse_ok(text);
    let names: Vec<_> = parsed.cards.iter().map(|card| card.name.as_deref()).collect();
    assert_eq!(names, [Some("Ada")]);
    assert_eq!(
        parsed.skipped,
        [
            (1, "group 'Book club' (KIND:group) is not a person".to_string()),
            (7, "group 'Family' (KIND:group) is not a person".to_string())
        ]
    );
}

#[test]
fn each_card_and_property_is_decoded_in_its_own_encoding() {
    // A UTF-8 card, then a Windows-1252 card, then Shift_JIS by CHARSET, plain and
    // quoted-printable, in one file.
    let mut bytes = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Schröder\r\nEND:VCARD\r\n".as_bytes().to_vec();
    bytes.extend_from_slice(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Mark Schr\xf6der\r\nEND:VCARD\r\n");
    bytes.extend_from_slice(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:\x8eR\x93c \x91\xbe\x98Y\r\n",
    );
    bytes.extend_from_slice(
        b"ORG;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=8A=94=8E=AE=89=EF=8E=D0\r\nEND:VCARD\r\n",
    );
    let parsed = parse(&bytes).unwrap_or_else(|error| panic!("{error}"));
    let names: Vec<_> = parsed.cards.iter().map(|card| card.name.as_deref()).collect();
    assert_eq!(names, [Some("Zoë Schröder"), Some("Mark Schröder"), Some("山田 太郎")]);
    assert_eq!(parsed.cards[2].company.as_deref(), Some("株式会社"));
    assert_eq!(parsed.warnings, ["line 5: card 'Mark Schröder' is not valid UTF-8; read it as Windows-1252"]);
}

#[test]
fn blank_values_are_left_out_and_text_is_trimmed() {
    let text = "BEGIN:VCARD\nVERSION:3.0\nFN: Ann \nEMAIL:\nEMAIL: ann@example.com \nTEL: \n\
                ORG:;Sales\nTITLE:  \nNOTE:\\n\\n\nCATEGORIES:a, ,b,\nUID: \nEND:VCARD\n";
    let card = &parse_ok(text).cards[0];
    assert_eq!(
        card,
        &Card {
            line: 1,
            name: some("Ann"),
            emails: strings(&["ann@example.com"]),
            tags: strings(&["a", "b"]),
            ..Card::default()
        }
    );
}

#[test]
fn crlf_and_cr_inside_decoded_values_become_newlines() {
    let text = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:X\r\n\
                NOTE;ENCODING=QUOTED-PRINTABLE:one=0D=0Atwo=0Dthree\r\nEND:VCARD\r\n";
    assert_eq!(parse_ok(text).cards[0].notes.as_deref(), Some("one\ntwo\nthree"));
}

#[test]
fn only_linkedin_urls_become_linkedin() {
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nURL:https://example.com/x\r\n\
                X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/x\r\n\
                item1.URL:https://www.linkedin.com/in/x\r\nURL:https://linkedin.com/in/y\r\nEND:VCARD\r\n";
    assert_eq!(parse_ok(text).cards[0].linkedin.as_deref(), Some("https://www.linkedin.com/in/x"));
    let none = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nURL:https://example.com/linkedin.com\r\nEND:VCARD\r\n";
    assert_eq!(parse_ok(none).cards[0].linkedin, None);
}

#[test]
fn several_notes_are_kept_one_after_the_other() {
    let text = "BEGIN:VCARD\nVERSION:3.0\nFN:X\nNOTE:first\nNOTE:second\nEND:VCARD\n";
    assert_eq!(parse_ok(text).cards[0].notes.as_deref(), Some("first\nsecond"));
}

#[test]
fn a_byte_order_mark_and_text_around_the_cards_are_ignored() {
    let text = "\u{feff}BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\nstray text\r\nEND:VCARD\r\n\
                \r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:B\r\nEND:VCARD";
    let parsed = parse_ok(text);
    let names: Vec<_> = parsed.cards.iter().map(|card| (card.line, card.name.clone())).collect();
    assert_eq!(names, vec![(1, some("A")), (8, some("B"))]);
}

#[test]
fn a_file_without_begin_vcard_is_an_error_naming_the_line() {
    let cases = [("", 1), ("\n\nFN:Ada\nEND:VCARD\n", 3), ("id,name,emails\n1,Ada,\n", 1)];
    for (text, line) in cases {
        let error = parse(text.as_bytes()).err();
        assert_eq!(error.as_ref().map(|error| error.line), Some(line), "{text:?}");
        assert!(error.is_some_and(|error| error.message.contains("BEGIN:VCARD")), "{text:?}");
    }
}

#[test]
fn a_card_without_end_vcard_is_an_error_naming_its_begin_line() {
    let at_end = "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\n\nBEGIN:VCARD\nVERSION:3.0\nFN:B\n";
    assert_eq!(
        parse(at_end.as_bytes()),
        Err(FormatError { line: 6, message: "this card has no END:VCARD".to_string() })
    );
    let before_next = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n";
    assert_eq!(
        parse(before_next.as_bytes()),
        Err(FormatError {
            line: 1,
            message: "this card has no END:VCARD before the next BEGIN:VCARD on line 4".to_string()
        })
    );
    let error = parse(before_next.as_bytes()).err().map(|error| error.to_string());
    assert_eq!(
        error.as_deref(),
        Some("line 1: this card has no END:VCARD before the next BEGIN:VCARD on line 4")
    );
}

#[test]
fn folded_lines_split_anywhere_are_joined() {
    // Folds between characters of a word, inside escapes (`\` then `,`), and with a tab.
    let text =
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zo\r\n ë Mü\r\n\tller\r\nNOTE:a\\\r\n ,b\\\r\n nc\r\nEND:VCARD\r\n";
    let card = &parse_ok(text).cards[0];
    assert_eq!(card.name.as_deref(), Some("Zoë Müller"));
    assert_eq!(card.notes.as_deref(), Some("a,b\nc"));
}

// ---- writing ----------------------------------------------------------------

#[test]
fn one_contact_is_written_exactly_as_vcard_3_0() {
    let expected = "BEGIN:VCARD\r\n\
                    VERSION:3.0\r\n\
                    UID:netcrm-contact-7\r\n\
                    FN:Ada King Lovelace\r\n\
                    N:Lovelace;Ada;King;;\r\n\
                    ORG:Analytical Engines\\, Ltd.\r\n\
                    TITLE:Lead Programmer\r\n\
                    EMAIL;TYPE=INTERNET:ada@engines.example\r\n\
                    EMAIL;TYPE=INTERNET:ada.home@example.com\r\n\
                    TEL:+44 20 7946 0018\r\n\
                    URL:https://www.linkedin.com/in/ada-lovelace\r\n\
                    CATEGORIES:conference,maths\\; logic\r\n\
                    NOTE:Met at the meetup.\\nTalked about Bernoulli numbers.\r\n\
                    BDAY:1815-12-10\r\n\
                    END:VCARD\r\n";
    assert_eq!(write(&[ada()], VcardVersion::V3), expected);
}

#[test]
fn one_contact_is_written_exactly_as_vcard_4_0() {
    let ada = Contact {
        uid: some("urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"),
        birthday: Some(Birthday::Yearless { month: 12, day: 10 }),
        ..ada()
    };
    let expected = "BEGIN:VCARD\r\n\
                    VERSION:4.0\r\n\
                    UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n\
                    FN:Ada King Lovelace\r\n\
                    N:Lovelace;Ada;King;;\r\n\
                    ORG:Analytical Engines\\, Ltd.\r\n\
                    TITLE:Lead Programmer\r\n\
                    EMAIL:ada@engines.example\r\n\
                    EMAIL:ada.home@example.com\r\n\
                    TEL:+44 20 7946 0018\r\n\
                    URL:https://www.linkedin.com/in/ada-lovelace\r\n\
                    CATEGORIES:conference,maths\\; logic\r\n\
                    NOTE:Met at the meetup.\\nTalked about Bernoulli numbers.\r\n\
                    BDAY:--1210\r\n\
                    END:VCARD\r\n";
    assert_eq!(write(&[ada], VcardVersion::V4), expected);
}

#[test]
fn a_minimal_contact_has_only_the_required_properties() {
    let expected =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:netcrm-contact-3\r\nFN:Cher\r\nN:;Cher;;;\r\nEND:VCARD\r\n";
    let blank = Contact {
        company: some("  "),
        emails: strings(&[""]),
        tags: strings(&[" "]),
        uid: some(""),
        ..contact(3, "Cher")
    };
    assert_eq!(write(&[blank], VcardVersion::V3), expected);
}

#[test]
fn birthdays_are_written_per_version() {
    let cases = [
        (Birthday::Full(date("1990-05-12")), VcardVersion::V3, "BDAY:1990-05-12"),
        (Birthday::Full(date("1990-05-12")), VcardVersion::V4, "BDAY:19900512"),
        (
            Birthday::Yearless { month: 5, day: 12 },
            VcardVersion::V3,
            "BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-12",
        ),
        (
            Birthday::Yearless { month: 2, day: 29 },
            VcardVersion::V3,
            "BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29",
        ),
        (Birthday::Yearless { month: 5, day: 12 }, VcardVersion::V4, "BDAY:--0512"),
        (Birthday::Full(date("0042-01-02")), VcardVersion::V3, "BDAY:0042-01-02"),
    ];
    for (birthday, version, line) in cases {
        let contact = Contact { birthday: Some(birthday), ..contact(1, "X") };
        let card = write(&[contact], version);
        assert!(card.contains(&format!("\r\n{line}\r\n")), "{birthday} {version:?}: {card}");
        assert_eq!(parse_ok(&card).cards[0].birthday, Some(birthday));
    }
}

#[test]
fn text_values_escape_backslash_comma_semicolon_and_newlines() {
    let tricky = Contact {
        company: some("A\\B, C; D"),
        title: some("line one\r\nline two\rthree\n"),
        tags: strings(&["x,y", "a;b", "c\\d"]),
        notes: some("tab\there \"quoted\" bell\u{7} del\u{7f} é"),
        linkedin: some("https://www.linkedin.com/in/a,b;c"),
        ..contact(1, "O'Brien, Pat")
    };
    let card = write(&[tricky], VcardVersion::V3);
    for line in [
        "FN:O'Brien\\, Pat",
        "N:O'Brien;Pat;;;",
        "ORG:A\\\\B\\, C\\; D",
        "TITLE:line one\\nline two\\nthree",
        "CATEGORIES:x\\,y,a\\;b,c\\\\d",
        "NOTE:tab\there \"quoted\" bell del é",
        "URL:https://www.linkedin.com/in/a,b;c",
    ] {
        assert!(card.contains(&format!("\r\n{line}\r\n")), "{line} in {card}");
    }
}

#[test]
fn a_uid_that_is_not_a_plain_uri_is_written_as_text_in_4_0() {
    let contact = Contact { uid: some("a,b;c"), ..contact(1, "X") };
    assert!(
        write(std::slice::from_ref(&contact), VcardVersion::V4).contains("\r\nUID;VALUE=text:a\\,b\\;c\r\n")
    );
    assert!(write(std::slice::from_ref(&contact), VcardVersion::V3).contains("\r\nUID:a\\,b\\;c\r\n"));
    for version in [VcardVersion::V3, VcardVersion::V4] {
        let card = write(std::slice::from_ref(&contact), version);
        assert_eq!(parse_ok(&card).cards[0].uid.as_deref(), Some("a,b;c"));
    }
}

fn physical_lines(text: &str) -> Vec<&[u8]> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    for index in 0..bytes.len().saturating_sub(1) {
        if &bytes[index..index + 2] == b"\r\n" {
            lines.push(&bytes[start..index]);
            start = index + 2;
        }
    }
    assert_eq!(start, bytes.len(), "the output ends with CRLF");
    lines
}

#[test]
fn long_lines_fold_at_75_octets_without_splitting_characters_or_escapes() {
    let notes = format!("{}\n{}", "Zoë 漢字 😀, naïve; ".repeat(20), "\\".repeat(100));
    let name = format!("{} Müller", "Ä".repeat(60));
    let long = Contact { notes: Some(notes.clone()), ..contact(1, &name) };
    for version in [VcardVersion::V3, VcardVersion::V4] {
        let card = write(std::slice::from_ref(&long), version);
        let lines = physical_lines(&card);
        assert!(lines.len() > 10, "{card}");
        for line in &lines {
            assert!(line.len() <= 75, "{} octets: {:?}", line.len(), String::from_utf8_lossy(line));
            assert!(std::str::from_utf8(line).is_ok(), "split UTF-8: {line:?}");
            assert!(!line.starts_with(b"  "), "one space starts a continuation line");
        }
        // A fold never leaves an escape's backslash alone at the end of a line.
        let unfolded = card.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("\r\nNOTE:{}\r\n", escape_text(&notes))));
        assert!(unfolded.contains(&format!("\r\nFN:{name}\r\n")));
        let card = &parse_ok(&card).cards[0];
        assert_eq!(card.notes.as_deref(), Some(notes.as_str()));
        assert_eq!(card.name.as_deref(), Some(name.as_str()));
    }
}

#[test]
fn folding_escapes_stay_whole() {
    // 74 octets of `NOTE:` and text, then an escape: the fold comes before the pair.
    let notes = format!("{},x", "a".repeat(69));
    let card = write(&[Contact { notes: Some(notes), ..contact(1, "X") }], VcardVersion::V3);
    assert!(card.contains(&format!("NOTE:{}\r\n \\,x\r\n", "a".repeat(69))), "{card}");
}

#[test]
fn contacts_are_written_in_order_and_the_same_contacts_give_the_same_bytes() {
    let contacts = [contact(2, "Bea"), ada(), contact(1, "Al")];
    let first = write(&contacts, VcardVersion::V3);
    assert_eq!(first, write(&contacts, VcardVersion::V3));
    let names: Vec<_> = parse_ok(&first).cards.into_iter().map(|card| card.name).collect();
    assert_eq!(names, vec![some("Bea"), some("Ada King Lovelace"), some("Al")]);
    assert_eq!(write(&[], VcardVersion::V4), "");
    assert!(!first.contains("CHARSET"));
}

// ---- round trip ---------------------------------------------------------------

/// Text with the characters that need care: separators, escapes, quotes, newlines,
/// tabs, non-ASCII (two-, three- and four-byte), and lines of 200 characters and more.
fn text() -> impl Strategy<Value = String> {
    let short = "[a-zA-Z0-9 ,;:\\\\\"'\n\t.éß漢字😀-]{1,40}";
    let long = "[a-zA-Z0-9 ,;\\\\\"\néß漢😀]{200,260}";
    prop_oneof![3 => short, 1 => long].prop_filter_map("blank", |text| {
        let trimmed = text.trim();
        (!trimmed.is_empty()).then(|| trimmed.to_string())
    })
}

/// A name: words of anything but whitespace, joined by single spaces.
fn name() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-zA-Z,;:\\\\\"'.éß漢😀-]{1,30}", 1..4).prop_map(|words| words.join(" "))
}

/// A tag: like [`text`] but with single spaces, as calcard shortens a run of
/// whitespace after an escape inside CATEGORIES (see `card_from`).
fn tag() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-zA-Z0-9,;:\\\\\"'\n.éß漢😀-]{1,30}", 1..4)
        .prop_map(|words| words.join(" "))
        .prop_filter_map("blank", |tag| {
            let trimmed = tag.trim();
            (!trimmed.is_empty()).then(|| trimmed.to_string())
        })
}

fn birthday() -> impl Strategy<Value = Birthday> {
    prop_oneof![
        (0u64..73_000).prop_map(|offset| {
            Birthday::Full(date("1900-01-01").checked_add_days(chrono::Days::new(offset)).unwrap())
        }),
        (1u32..=12, 1u32..=31).prop_filter_map("no such day", |(month, day)| {
            NaiveDate::from_ymd_opt(2000, month, day).map(|_| Birthday::Yearless { month, day })
        }),
    ]
}

prop_compose! {
    fn any_contact()(
        id in 1i64..100_000,
        name in name(),
        emails in prop::collection::vec("[a-z0-9.,;\\\\\"é]{1,20}@[a-z]{1,10}\\.[a-z]{2,4}", 0..3),
        phones in prop::collection::vec("\\+?[0-9][0-9 ()\\-.,;]{0,20}[0-9]", 0..3),
        company in prop::option::of(text()),
        title in prop::option::of(text()),
        linkedin in prop::option::of("https://www\\.linkedin\\.com/in/[a-z0-9,;\\-]{1,80}"),
        tags in prop::collection::vec(tag(), 0..4),
        notes in prop::option::of(text()),
        birthday in prop::option::of(birthday()),
        uid in prop::option::of("[A-Za-z0-9:.@,;\\\\-]{1,60}"),
    ) -> Contact {
        Contact {
            emails, phones, company, title, linkedin, tags, notes, birthday, uid,
            ..contact(id, &name)
        }
    }
}

proptest! {
    #[test]
    fn written_contacts_are_read_back_unchanged(
        contacts in prop::collection::vec(any_contact(), 1..4),
        v4 in any::<bool>(),
    ) {
        let version = if v4 { VcardVersion::V4 } else { VcardVersion::V3 };
        let text = write(&contacts, version);
        let parsed = parse(text.as_bytes()).map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(parsed.warnings, Vec::<String>::new());
        prop_assert_eq!(parsed.cards.len(), contacts.len());
        for (card, contact) in parsed.cards.iter().zip(&contacts) {
            prop_assert_eq!(card.name.as_deref(), Some(contact.name.as_str()));
            prop_assert_eq!(&card.emails, &contact.emails);
            prop_assert_eq!(&card.phones, &contact.phones);
            prop_assert_eq!(&card.company, &contact.company);
            prop_assert_eq!(&card.title, &contact.title);
            prop_assert_eq!(&card.linkedin, &contact.linkedin);
            prop_assert_eq!(&card.tags, &contact.tags);
            prop_assert_eq!(&card.notes, &contact.notes);
            prop_assert_eq!(card.birthday, contact.birthday);
            let uid = contact.uid.clone().unwrap_or_else(|| format!("netcrm-contact-{}", contact.id));
            prop_assert_eq!(card.uid.as_deref(), Some(uid.as_str()));
        }
        for line in physical_lines(&text) {
            prop_assert!(line.len() <= 75);
        }
    }

    #[test]
    fn no_input_makes_parse_panic(
        lines in prop::collection::vec(
            prop_oneof![
                Just("BEGIN:VCARD".to_string()),
                Just("END:VCARD".to_string()),
                Just("VERSION:2.1".to_string()),
                "(N|FN|EMAIL|TEL|ORG|BDAY|NOTE|CATEGORIES|item1.EMAIL|PHOTO)(;[A-Z=,-]{0,12}){0,2}:.{0,20}",
                " .{0,10}",
                ".{0,30}",
            ],
            0..12,
        ),
        crlf in any::<bool>(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let _ = parse(text.as_bytes());
    }
}

#[test]
fn cards_are_read_one_at_a_time_and_each_as_parse_reads_it() {
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nNOTE:a note fol\r\n ded in two\r\nEND:VCARD\r\n"
        ));
    }
    let mut cards = Cards::new(text.as_bytes());
    let mut read = Parsed::default();
    assert!(cards.next(&mut read).unwrap());
    // The first card, and the line after it that showed its last line was whole.
    let first =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person 0\r\nNOTE:a note fol\r\n ded in two\r\nEND:VCARD\r\n";
    assert_eq!(cards.bytes_read(), (first.len() + "BEGIN:VCARD\r\n".len()) as u64);
    assert_eq!(read.cards.len(), 1);
    assert_eq!(read.cards[0].notes.as_deref(), Some("a note folded in two"));
    let mut count = 1;
    while cards.next(&mut read).unwrap() {
        count += 1;
    }
    assert_eq!(count, 10_000);
    assert_eq!(read, parse(text.as_bytes()).unwrap());

    // The fixtures read a byte at a time give what reading them whole gives.
    for fixture in ["android-2.1.vcf", "google-4.0.vcf", "iphone.vcf", "outlook.vcf", "several.vcf"] {
        let path = format!("{}/tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap();
        let mut cards = Cards::new(std::io::BufReader::with_capacity(1, bytes.as_slice()));
        let mut read = Parsed::default();
        while cards.next(&mut read).unwrap() {}
        assert_eq!(read, parse(&bytes).unwrap(), "{fixture}");
        assert_eq!(cards.bytes_read(), bytes.len() as u64);
    }
}

// ---- rewriting a synced card ----------------------------------------------------

/// The card `text` read, with its values as the contact `edit` makes of them.
fn read_one(text: &[u8]) -> Card {
    let mut parsed = parse(text).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(parsed.cards.len(), 1);
    parsed.cards.remove(0)
}

/// A contact holding what `card` says, as a sync reads it into one.
fn contact_of(card: &Card) -> Contact {
    Contact {
        emails: card.emails.clone(),
        phones: card.phones.clone(),
        company: card.company.clone(),
        title: card.title.clone(),
        linkedin: card.linkedin.clone(),
        tags: card.tags.clone(),
        notes: card.notes.clone(),
        birthday: card.birthday,
        uid: card.uid.clone(),
        name_parts: card.name_parts.clone(),
        ..contact(1, card.name.as_deref().unwrap_or_default())
    }
}

fn rewritten(original: &str, contact: &Contact) -> String {
    String::from_utf8(rewrite(original.as_bytes(), contact)).unwrap()
}

/// A card made on a phone, with what netcrm does not manage.
const PHONE_CARD: &str = concat!(
    "BEGIN:VCARD\r\n",
    "VERSION:3.0\r\n",
    "PRODID:-//Apple Inc.//iPhone OS 17.4.1//EN\r\n",
    "N:Hopper;Grace;Brewster;;\r\n",
    "FN:Grace Hopper\r\n",
    "NICKNAME:Amazing Grace\r\n",
    "ORG:Navy;Computing Unit;Cobol Team\r\n",
    "EMAIL;type=INTERNET;type=WORK;type=pref:grace@navy.example\r\n",
    "item1.EMAIL;type=INTERNET:grace@home.example\r\n",
    "item1.X-ABLabel:_$!<Other>!$_\r\n",
    "TEL;type=CELL;type=VOICE;type=pref:+1 555 0100\r\n",
    "TEL;type=WORK:+1 555 0199\r\n",
    "ADR;type=HOME;type=pref:;;1 Navy Way;Arlington;VA;22201;USA\r\n",
    "item2.X-ABDATE;type=pref:1952-06-01\r\n",
    "item2.X-ABLabel:_$!<Anniversary>!$_\r\n",
    "ANNIVERSARY:1930-06-15\r\n",
    "X-SOCIALPROFILE;type=linkedin:https://www.linkedin.com/in/grace\r\n",
    "NOTE:Wrote the first compiler\\, and found a moth in the Mark II. A long not\r\n",
    " e that the phone folded at its own width.\r\n",
    "PHOTO;ENCODING=b;TYPE=JPEG:UvImZaYMEtKJGF2VDuiBNgkWb2sRPReNbA/TkB/yOaGglfIP\r\n",
    " k5VlDPk4C47bIkprJIoekk6P0K4uGpSSozBfGIy2EJAPnjR/rohtxlB3lex0XEw/yy6yxz4Uk0\r\n",
    "CATEGORIES:navy,compilers\r\n",
    "BDAY;value=date:1906-12-09\r\n",
    "UID:phone-grace\r\n",
    "END:VCARD\r\n",
);

#[test]
fn a_rewrite_changes_the_changed_field_and_keeps_every_other_byte() {
    let grace = contact_of(&read_one(PHONE_CARD.as_bytes()));
    // Nothing changed: the same bytes.
    assert_eq!(rewritten(PHONE_CARD, &grace), PHONE_CARD);
    // A title added (netcrm edit --title): one line more, before END:VCARD.
    let titled = Contact { title: some("Rear Admiral"), ..grace.clone() };
    assert_eq!(
        rewritten(PHONE_CARD, &titled),
        PHONE_CARD.replace("END:VCARD", "TITLE:Rear Admiral\r\nEND:VCARD"),
    );
    // The company: ORG's first unit, the other units kept.
    let moved = Contact { company: some("Remington; Rand"), ..grace.clone() };
    assert_eq!(rewritten(PHONE_CARD, &moved), PHONE_CARD.replace("ORG:Navy;", "ORG:Remington\\; Rand;"),);
    let left = Contact { company: None, ..grace.clone() };
    assert_eq!(rewritten(PHONE_CARD, &left), PHONE_CARD.replace("ORG:Navy;", "ORG:;"));
    assert_eq!(read_one(rewritten(PHONE_CARD, &left).as_bytes()).company, None);
}

#[test]
fn a_rewrite_keeps_the_lines_and_parameters_of_kept_emails_and_phones() {
    let grace = contact_of(&read_one(PHONE_CARD.as_bytes()));
    // One e-mail removed (with its group's label), one added, one phone added.
    let changed = Contact {
        emails: strings(&["grace@navy.example", "grace@univac.example"]),
        phones: strings(&["+1 555 0100", "+1 555 0199", "+1 555 0142"]),
        ..grace.clone()
    };
    let text = rewritten(PHONE_CARD, &changed);
    let expected = PHONE_CARD
        .replace(
            "item1.EMAIL;type=INTERNET:grace@home.example\r\nitem1.X-ABLabel:_$!<Other>!$_\r\n",
            "EMAIL;TYPE=INTERNET:grace@univac.example\r\n",
        )
        .replace("TEL;type=WORK:+1 555 0199\r\n", "TEL;type=WORK:+1 555 0199\r\nTEL:+1 555 0142\r\n");
    assert_eq!(text, expected);
    let read = read_one(text.as_bytes());
    assert_eq!(read.emails, changed.emails);
    assert_eq!(read.phones, changed.phones);

    // The contact's order: the kept lines change places, new values go before the
    // kept value that follows them there.
    let reordered = Contact {
        emails: strings(&["grace@univac.example", "grace@home.example", "grace@navy.example"]),
        ..grace.clone()
    };
    let text = rewritten(PHONE_CARD, &reordered);
    let expected = PHONE_CARD.replace(
        "EMAIL;type=INTERNET;type=WORK;type=pref:grace@navy.example\r\n\
         item1.EMAIL;type=INTERNET:grace@home.example\r\n",
        "EMAIL;TYPE=INTERNET:grace@univac.example\r\n\
         item1.EMAIL;type=INTERNET:grace@home.example\r\n\
         EMAIL;type=INTERNET;type=WORK;type=pref:grace@navy.example\r\n",
    );
    assert_eq!(text, expected);
    assert_eq!(read_one(text.as_bytes()).emails, reordered.emails);

    // Every e-mail gone: the label too; the first new one where the first was.
    let none = Contact { emails: vec![], phones: strings(&["+1 555 0199"]), ..grace.clone() };
    let text = rewritten(PHONE_CARD, &none);
    assert!(!text.contains("EMAIL") && !text.contains("<Other>") && !text.contains("0100"), "{text}");
    assert!(text.contains("TEL;type=WORK:+1 555 0199\r\n"), "{text}");
    assert!(text.contains("item2.X-ABLabel:_$!<Anniversary>!$_\r\n"), "{text}");
    let other = Contact { emails: strings(&["grace@univac.example"]), ..grace.clone() };
    let text = rewritten(PHONE_CARD, &other);
    assert!(text.contains("NICKNAME:Amazing Grace\r\nORG:Navy;Computing Unit;Cobol Team\r\nEMAIL;TYPE=INTERNET:grace@univac.example\r\nTEL;"), "{text}");
}

#[test]
fn a_rewrite_replaces_the_name_note_tags_linkedin_and_birthday_where_they_were() {
    let grace = contact_of(&read_one(PHONE_CARD.as_bytes()));
    let changed = Contact {
        name: "Grace B. Hopper".to_string(),
        name_parts: None,
        notes: some(&format!("{}é\nsecond line", "a".repeat(100))),
        tags: strings(&["compilers", "navy", "cobol"]),
        linkedin: some("https://www.linkedin.com/in/grace-hopper"),
        birthday: Some(Birthday::Yearless { month: 12, day: 9 }),
        ..grace.clone()
    };
    let text = rewritten(PHONE_CARD, &changed);
    let read = read_one(text.as_bytes());
    assert_eq!(read.name.as_deref(), Some("Grace B. Hopper"));
    assert_eq!(read.notes, changed.notes);
    assert_eq!(read.tags, changed.tags);
    assert_eq!(read.linkedin, changed.linkedin);
    assert_eq!(read.birthday, changed.birthday);
    assert!(text.contains("\r\nFN:Grace B. Hopper\r\nNICKNAME:"), "{text}");
    let n = format!("\r\nN:{}\r\nFN:", super::write::n_value(&changed));
    assert!(text.contains(&n), "{text}");
    assert!(
        text.contains("\r\nX-SOCIALPROFILE;type=linkedin:https://www.linkedin.com/in/grace-hopper\r\n"),
        "{text}"
    );
    assert!(text.contains("\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-12-09\r\nUID:phone-grace\r\n"), "{text}");
    assert!(text.contains("\r\nCATEGORIES:compilers,navy,cobol\r\nBDAY"), "{text}");
    // Every line at most 75 octets, the rewritten note folded without splitting é.
    for line in physical_lines(&text) {
        assert!(line.len() <= 75, "{}", String::from_utf8_lossy(line));
    }
    // The tags in another order only: CATEGORIES stays as it was.
    let reordered = Contact { tags: strings(&["compilers", "navy"]), ..grace.clone() };
    assert_eq!(rewritten(PHONE_CARD, &reordered), PHONE_CARD);
    // Removed: the lines go, what netcrm does not read stays.
    let bare = Contact { notes: None, tags: vec![], linkedin: None, birthday: None, ..grace };
    let text = rewritten(PHONE_CARD, &bare);
    for gone in ["NOTE", "CATEGORIES", "linkedin", "BDAY"] {
        assert!(!text.contains(gone), "{gone} in {text}");
    }
    assert!(text.contains("ANNIVERSARY:1930-06-15\r\n") && text.contains("PHOTO;"), "{text}");
}

#[test]
fn a_rewrite_of_a_2_1_or_4_0_card_writes_its_versions_forms() {
    // Replaced lines drop the encoding they no longer have, and keep the rest.
    let old = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Smith;Bob\r\nFN:Bob Smith\r\n\
               NOTE;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE;LANGUAGE=en:Caf=E9=\r\n au lait\r\n\
               TEL;CELL:+1 555 0100\r\nEND:VCARD\r\n";
    let bob = Contact {
        notes: some("Thé"),
        emails: strings(&["bob@example.com"]),
        ..contact_of(&read_one(old.as_bytes()))
    };
    assert_eq!(
        rewritten(old, &bob),
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Smith;Bob\r\nFN:Bob Smith\r\nNOTE;LANGUAGE=en:Thé\r\n\
         TEL;CELL:+1 555 0100\r\nEMAIL;TYPE=INTERNET:bob@example.com\r\nEND:VCARD\r\n"
    );
    let v4 = "BEGIN:VCARD\nVERSION:4.0\nFN:Ann\nTEL;VALUE=uri;TYPE=cell:tel:+1-555-0100\nEND:VCARD\n";
    let ann = Contact {
        emails: strings(&["ann@example.com"]),
        birthday: Some(Birthday::Yearless { month: 2, day: 29 }),
        ..contact_of(&read_one(v4.as_bytes()))
    };
    // Lines end as the card's do (LF: Radicale stores cards so).
    assert_eq!(
        rewritten(v4, &ann),
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ann\nTEL;VALUE=uri;TYPE=cell:tel:+1-555-0100\n\
         EMAIL:ann@example.com\nBDAY:--0229\nEND:VCARD\n"
    );
    let long = Contact { notes: some(&"é".repeat(40)), ..ann };
    let text = rewritten(v4, &long);
    assert!(text.contains(&format!("\nNOTE:{}\n {}\n", "é".repeat(35), "é".repeat(5))), "{text}");
    assert!(!text.contains('\r'));
}

#[test]
fn a_rewrite_of_the_iphone_fixture_keeps_what_netcrm_does_not_read() {
    let fixture = include_str!("../../../tests/fixtures/iphone.vcf");
    let first = &fixture[..fixture[1..].find("BEGIN:VCARD").unwrap() + 1];
    let ada = contact_of(&read_one(first.as_bytes()));
    let edited = Contact { title: some("Countess"), ..ada };
    let text = rewritten(first, &edited);
    // Everything but the title, as it was.
    assert_eq!(text, first.replace("TITLE:Lead Programmer", "TITLE:Countess"));
}

/// A contact as netcrm keeps one: valid e-mails, phones and tags without repeats.
fn kept_contact() -> impl Strategy<Value = Contact> {
    any_contact().prop_map(|contact| Contact {
        emails: crate::validate::emails(
            &contact.emails.iter().filter_map(|e| crate::validate::email(e).ok()).collect::<Vec<_>>(),
        )
        .unwrap(),
        phones: crate::validate::list(&contact.phones),
        tags: crate::validate::imported_tags(&contact.tags),
        ..contact
    })
}

/// Lines netcrm does not read, as phones write them.
const UNREAD: [&str; 6] = [
    "ADR;type=HOME:;;1 Navy Way;Arlington;VA;22201;USA",
    "NICKNAME:Amazing Grace",
    "item9.X-ABDATE;type=pref:1952-06-01\r\nitem9.X-ABLabel:_$!<Anniversary>!$_",
    "X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Alan;1",
    "PHOTO;ENCODING=b;TYPE=JPEG:UvImZaYMEtKJGF2VDuiBNgkWb2sRPReNbA/TkB/yOaGglfIP\r\n k5VlDPk4C47bIkprJ",
    "EMAIL:not an address",
];

proptest! {
    #[test]
    fn a_rewritten_card_reads_back_as_the_contact_and_keeps_every_unread_line(
        before in kept_contact(),
        after in kept_contact(),
        v4 in any::<bool>(),
    ) {
        let version = if v4 { VcardVersion::V4 } else { VcardVersion::V3 };
        let mut original = write(std::slice::from_ref(&before), version);
        let end = original.rfind("END:VCARD").unwrap();
        original.insert_str(end, &UNREAD.map(|line| format!("{line}\r\n")).concat());
        let after = Contact { uid: before.uid.clone(), ..after };
        let text = rewrite(original.as_bytes(), &after);
        let card = read_one(&text);
        prop_assert_eq!(card.name.as_deref(), Some(after.name.as_str()));
        // The sync reads e-mail addresses only.
        let emails: Vec<String> =
            card.emails.iter().filter_map(|e| crate::validate::email(e).ok()).collect();
        prop_assert_eq!(&emails, &after.emails);
        prop_assert_eq!(&card.phones, &after.phones);
        prop_assert_eq!(&card.company, &after.company);
        prop_assert_eq!(&card.title, &after.title);
        prop_assert_eq!(&card.linkedin, &after.linkedin);
        let set = |tags: &[String]| tags.iter().cloned().collect::<std::collections::BTreeSet<_>>();
        prop_assert_eq!(set(&card.tags), set(&after.tags));
        prop_assert_eq!(&card.notes, &after.notes);
        prop_assert_eq!(card.birthday, after.birthday);
        prop_assert_eq!(&card.uid, &before.uid.clone().or_else(|| Some(format!("netcrm-contact-{}", before.id))));
        let text = String::from_utf8(text).unwrap();
        for line in UNREAD {
            prop_assert!(text.contains(&format!("\r\n{line}\r\n")), "{} lost", line);
        }
        for line in physical_lines(&text) {
            prop_assert!(line.len() <= 75);
        }
        // Rewritten again with the same values: the same bytes.
        prop_assert_eq!(rewrite(text.as_bytes(), &after), text.as_bytes());
    }
}
