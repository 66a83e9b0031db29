//! Tests of CSV reading and writing, with the fixtures in tests/fixtures.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

use super::*;
use crate::dates::{Birthday, Cadence, Duration, Unit, parse_iso_date};
use crate::formats::{Card, CardReader, FileCadence, Format, FormatError, Parsed, detect};
use crate::model::{NameParts, TemporaryCadence};

const LINKEDIN: &str = include_str!("../../../tests/fixtures/linkedin-connections.csv");
const GOOGLE: &str = include_str!("../../../tests/fixtures/google-contacts.csv");
const GOOGLE_LEGACY: &str = include_str!("../../../tests/fixtures/google-contacts-legacy.csv");
const OUTLOOK: &str = include_str!("../../../tests/fixtures/outlook-contacts.csv");
const OUTLOOK_1252: &[u8] = include_bytes!("../../../tests/fixtures/outlook-contacts-1252.csv");
const OUTLOOK_DESKTOP: &[u8] = include_bytes!("../../../tests/fixtures/outlook-desktop-contacts.csv");
const NETCRM: &str = include_str!("../../../tests/fixtures/netcrm-export.csv");

fn s(text: &str) -> Option<String> {
    Some(text.to_string())
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

fn date(text: &str) -> NaiveDate {
    match parse_iso_date(text) {
        Ok(date) => date,
        Err(error) => panic!("bad test date {text}: {error}"),
    }
}

fn every(count: u32, unit: Unit) -> Cadence {
    Cadence::Every(Duration { count, unit })
}

fn read(text: impl AsRef<[u8]>, flavor: Flavor) -> Parsed {
    match parse(text.as_ref(), flavor, &Options::default()) {
        Ok(parsed) => parsed,
        Err(error) => panic!("{flavor:?} did not parse: {error}"),
    }
}

fn card(line: usize, name: &str) -> Card {
    Card { line, name: s(name), ..Card::default() }
}

/// Compares card by card, so that a failure shows the card that differs. Name parts
/// are left out here: `name_parts_are_kept_from_the_name_columns` checks them.
fn assert_cards(actual: &[Card], expected: &[Card]) {
    for (actual, expected) in actual.iter().zip(expected) {
        assert_eq!(&Card { name_parts: None, ..actual.clone() }, expected);
    }
    assert_eq!(actual.len(), expected.len(), "{actual:#?}");
}

fn contact(id: i64, name: &str) -> Contact {
    Contact::new(id, name, date("2026-11-01"))
}

#[test]
fn linkedin_connections_skip_the_preamble_and_keep_physical_line_numbers() {
    assert_eq!(detect(LINKEDIN.as_bytes()), Some(Format::Csv(Flavor::LinkedIn)));
    assert!(LINKEDIN.starts_with('\u{feff}'), "the fixture keeps LinkedIn's byte-order mark");
    let parsed = read(LINKEDIN, Flavor::LinkedIn);
    let expected = [
        Card {
            linkedin: s("https://www.linkedin.com/in/ada-lovelace-1815"),
            company: s("Analytical Engines, Ltd."),
            title: s("Chief Programmer"),
            met_on: Some(date("2024-03-12")),
            ..card(5, "Ada Lovelace")
        },
        Card {
            linkedin: s("https://www.linkedin.com/in/grace-hopper"),
            emails: strings(&["grace.hopper@navy.example"]),
            company: s("The \"Bug\" Hunters"),
            title: s("Rear Admiral, Retired"),
            met_on: Some(date("2023-01-02")),
            ..card(6, "Grace Hopper")
        },
        // Line 7 is the entirely empty row `,,,,,,`: skipped without a word.
        Card {
            linkedin: s("https://www.linkedin.com/in/cher"),
            met_on: Some(date("2021-08-15")),
            ..card(8, "Cher")
        },
        Card {
            linkedin: s("https://www.linkedin.com/in/zoe-angstrom"),
            company: s("Université de Genève"),
            title: s("Professeure associée, physique"),
            met_on: Some(date("2022-10-07")),
            ..card(9, "Zoë Ångström")
        },
        Card {
            linkedin: s("https://pl.linkedin.com/in/lukasz-zolc"),
            company: s("Smith, Jones & \"Partners\""),
            title: s("Senior Partner"),
            met_on: Some(date("2020-06-30")),
            ..card(10, "Łukasz Żółć")
        },
        Card {
            linkedin: s("https://www.linkedin.com/in/ken-watanabe"),
            company: s("株式会社サンプル"),
            title: s("エンジニア"),
            met_on: Some(date("2025-02-01")),
            ..card(11, "健 渡辺")
        },
    ];
    assert_cards(&parsed.cards, &expected);
    assert_eq!(parsed.warnings, Vec::<String>::new());
    // Without the byte-order mark, the same cards.
    let bytes = crate::formats::encoding::without_utf8_bom(LINKEDIN.as_bytes());
    assert_eq!(parse(bytes, Flavor::LinkedIn, &Options::default()), Ok(parsed));
}

#[test]
fn linkedin_connected_on_accepts_three_date_forms_and_drops_others_with_a_warning() {
    let text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                A,One,,,,,12-Mar-24\n\
                B,Two,,,,,2024-03-12\n\
                C,Three,,,,,5 march 2024\n\
                D,Four,,,,,31 Foo 2024\n\
                E,Five,,,,,30 Feb 2024\n";
    let parsed = read(text, Flavor::LinkedIn);
    let met_on: Vec<_> = parsed.cards.iter().map(|card| card.met_on).collect();
    assert_eq!(
        met_on,
        [Some(date("2024-03-12")), Some(date("2024-03-12")), Some(date("2024-03-05")), None, None]
    );
    assert_cards(&parsed.cards[3..4], &[card(5, "D Four")]);
    assert_eq!(
        parsed.warnings,
        [
            "line 5: invalid Connected On date '31 Foo 2024' dropped",
            "line 6: invalid Connected On date '30 Feb 2024' dropped",
        ]
    );
}

#[test]
fn linkedin_preamble_may_span_lines_and_the_header_may_be_quoted() {
    let text = "Notes:\r\n\"When exporting,\r\nsome e-mails are missing.\"\r\n\r\n\
                \"First Name\",\"Last Name\",\"URL\",\"Email Address\",\"Company\",\"Position\",\"Connected On\"\r\n\
                Ada,Lovelace,,ada@example.com,,,\r\n";
    let parsed = read(text, Flavor::LinkedIn);
    assert_cards(&parsed.cards, &[Card { emails: strings(&["ada@example.com"]), ..card(6, "Ada Lovelace") }]);
}

#[test]
fn linkedin_without_its_header_line_is_an_error() {
    let error = parse(
        "Notes:\n\"Nothing here\"\n\nName,E-mail\nAda,ada@example.com\n".as_bytes(),
        Flavor::LinkedIn,
        &Options::default(),
    );
    assert_eq!(
        error,
        Err(FormatError {
            line: 1,
            message: "no LinkedIn header line 'First Name,Last Name,...' found".into()
        })
    );
}

#[test]
fn google_contacts_split_multiple_values_and_clean_labels() {
    assert_eq!(detect(GOOGLE.as_bytes()), Some(Format::Csv(Flavor::Google)));
    let parsed = read(GOOGLE, Flavor::Google);
    let expected = [
        // Lines 2 to 5: the note and the formatted address span lines.
        Card {
            emails: strings(&["ada@engines.example", "ada.king@engines.example", "ada@home.example"]),
            phones: strings(&["+44 20 7946 0000", "+44 7700 900123", "+44 20 7946 0001"]),
            company: s("Analytical Engines"),
            title: s("Programmer"),
            linkedin: s("https://www.linkedin.com/in/ada-lovelace-1815"),
            tags: strings(&["Rotary", "Friends"]),
            notes: s(
                "Met at the Difference Engine demo.\nFollow up about \"Note G\", the Bernoulli numbers.",
            ),
            birthday: Some(Birthday::Full(date("1815-12-10"))),
            ..card(2, "Ada King Lovelace")
        },
        // Line 6 is an empty row. Line 7 has only an e-mail: no name, which the
        // importer settles.
        Card { line: 7, emails: strings(&["lonely@example.com"]), ..Card::default() },
        Card {
            emails: strings(&["grace@navy.example"]),
            phones: strings(&["+1 (555) 010-0200"]),
            company: s("US Navy"),
            title: s("Rear Admiral"),
            linkedin: s("linkedin.com/in/grace-hopper"),
            tags: strings(&["Conference 2024", "Mentors"]),
            birthday: Some(Birthday::Yearless { month: 12, day: 9 }),
            ..card(8, "Grace Hopper")
        },
        Card { phones: strings(&["+1 555 0100"]), company: s("Acme Corp"), ..card(9, "Acme Reception") },
        Card {
            emails: strings(&["linus@kernel.example"]),
            tags: strings(&["Kernel"]),
            ..card(10, "Linus Torvalds")
        },
        Card {
            emails: strings(&["zoe@unige.example"]),
            company: s("Université de Genève"),
            tags: strings(&["Physics"]),
            notes: s("Prefers e-mail, in French."),
            ..card(11, "Zoë Ångström")
        },
    ];
    assert_cards(&parsed.cards, &expected);
    assert_eq!(parsed.warnings, ["line 10: invalid birthday '1969-02-30' dropped"]);
    assert!(parsed.cards.iter().all(|card| card.cadence == FileCadence::Absent));
}

#[test]
fn google_legacy_export_reads_given_additional_family_and_group_membership() {
    assert_eq!(detect(GOOGLE_LEGACY.as_bytes()), Some(Format::Csv(Flavor::Google)));
    let parsed = read(GOOGLE_LEGACY, Flavor::Google);
    let expected = [
        Card {
            emails: strings(&["ada@engines.example", "ada@home.example"]),
            phones: strings(&["+44 7700 900123"]),
            company: s("Analytical Engines"),
            title: s("Programmer"),
            linkedin: s("http://www.linkedin.com/in/ada"),
            tags: strings(&["Rotary"]),
            notes: s("Met at the demo."),
            birthday: Some(Birthday::Full(date("1815-12-10"))),
            ..card(2, "Ada Lovelace")
        },
        // No name parts: the full Name column.
        Card { emails: strings(&["charles@engines.example"]), ..card(3, "Charles Babbage") },
        // The full Name wins over the parts: it is the name as the user wrote it.
        Card { tags: strings(&["Mentors"]), ..card(4, "Grace Hopper") },
        Card { line: 5, phones: strings(&["+1 555 0100"]), company: s("Acme Corp"), ..Card::default() },
    ];
    assert_cards(&parsed.cards, &expected);
    assert_eq!(parsed.warnings, Vec::<String>::new());
}

#[test]
fn outlook_contacts_read_job_title_every_own_phone_and_m_d_y_birthdays() {
    assert_eq!(detect(OUTLOOK.as_bytes()), Some(Format::Csv(Flavor::Outlook)));
    let parsed = read(OUTLOOK, Flavor::Outlook);
    let expected = [
        // The honorific `Mrs.` is not read; the assistant's and the switchboard's
        // numbers are left out, the Primary Phone repeating the mobile once.
        Card {
            emails: strings(&["ada@engines.example", "ada@home.example"]),
            phones: strings(&["+44 20 7946 0000", "+44 20 7946 0001", "+44 7700 900123"]),
            company: s("Analytical Engines, Ltd."),
            title: s("Programmer"),
            linkedin: s("https://www.linkedin.com/in/ada-lovelace-1815"),
            notes: s("Met at the demo.\nLikes poetry."),
            birthday: Some(Birthday::Full(date("1815-12-10"))),
            ..card(2, "Ada King Lovelace")
        },
        Card {
            emails: strings(&["grace@navy.example"]),
            phones: strings(&["+1 555 010 0300", "+1 (555) 010-0200"]),
            company: s("US Navy"),
            title: s("Rear Admiral"),
            ..card(4, "Grace Hopper")
        },
        // Line 5 is empty; `0/0/00` is Outlook's "no birthday", skipped silently.
        Card { phones: strings(&["+1 555 010 0400"]), ..card(6, "Cher") },
    ];
    assert_cards(&parsed.cards, &expected);
    assert_eq!(
        parsed.warnings,
        ["dates such as '12/10/1815' could be either day or month first; they were read month first \
          (M/D/Y): use --date-order dmy if they are day first"]
    );
}

#[test]
fn outlook_windows_1252_file_is_decoded_with_a_warning() {
    let text = OUTLOOK_1252;
    assert_eq!(detect(text), Some(Format::Csv(Flavor::Outlook)));
    let parsed = read(text, Flavor::Outlook);
    let expected = [
        Card {
            emails: strings(&["zoe@mueller.example"]),
            company: s("Müller & Söhne GmbH"),
            title: s("Geschäftsführerin"),
            notes: s("Budget: 5 000 € – call her in März."),
            birthday: Some(Birthday::Full(date("1990-05-12"))),
            ..card(2, "Zoë Müller")
        },
        Card {
            emails: strings(&["francois@societe.example"]),
            phones: strings(&["+33 6 12 34 56 78"]),
            company: s("Société Générale"),
            title: s("Directeur général"),
            ..card(3, "François Dupont-Lefèvre")
        },
    ];
    assert_cards(&parsed.cards, &expected);
    assert_eq!(
        parsed.warnings,
        [
            "line 2: not valid UTF-8; read it as Windows-1252",
            "line 3: not valid UTF-8; read it as Windows-1252",
            "dates such as '5/12/1990' could be either day or month first; they were read month first \
             (M/D/Y): use --date-order dmy if they are day first",
        ]
    );
}

#[test]
fn outlook_desktop_export_with_quoted_header_reads_categories_as_tags() {
    let text = OUTLOOK_DESKTOP;
    let parsed = read(text, Flavor::Outlook);
    let expected = [
        Card {
            emails: strings(&["grace@navy.example"]),
            phones: strings(&[
                "+1 (555) 010-0200",
                "+1 (555) 010-0201",
                "+1 555 010 0300",
                "+1 (555) 010-0299",
            ]),
            company: s("US Navy"),
            title: s("Rear Admiral"),
            linkedin: s("www.linkedin.com/in/grace-hopper"),
            tags: strings(&["Mentors", "Conference 2024"]),
            notes: s("Ask about COBOL.\nShe keeps a clock that runs backwards."),
            birthday: Some(Birthday::Full(date("1906-12-09"))),
            ..card(2, "Grace Brewster Hopper")
        },
        // Google's "Outlook CSV" puts its system groups in Categories: dropped.
        Card { emails: strings(&["charles@engines.example"]), ..card(4, "Charles Babbage") },
        // 31/12/1990 can only be day first, and is read so.
        Card {
            title: s("Programmer"),
            tags: strings(&["Rotary", "Friends"]),
            birthday: Some(Birthday::Full(date("1990-12-31"))),
            ..card(5, "Ada Lovelace")
        },
    ];
    assert_cards(&parsed.cards, &expected);
    assert_eq!(
        parsed.warnings,
        ["dates such as '12/9/1906' could be either day or month first; they were read month first \
          (M/D/Y): use --date-order dmy if they are day first"]
    );
}

#[test]
fn outlook_birthdays_in_every_form() {
    let cases = [
        // Month first is assumed (one warning) only where both numbers could be months.
        ("5/12/1990", Some(Birthday::Full(date("1990-05-12"))), 1),
        ("5/5/1990", Some(Birthday::Full(date("1990-05-05"))), 0),
        ("12/31/1990", Some(Birthday::Full(date("1990-12-31"))), 0),
        ("20/01/1991", Some(Birthday::Full(date("1991-01-20"))), 0),
        ("1990-05-12", Some(Birthday::Full(date("1990-05-12"))), 0),
        ("--05-12", Some(Birthday::Yearless { month: 5, day: 12 }), 0),
        ("0/0/00", None, 0),
        ("0/0/0000", None, 0),
        ("1/1/4501", None, 0),
        ("5/12/90", None, 2),
        ("13/13/1990", None, 1),
        ("2/30/1990", None, 1),
        ("+5/12/1990", None, 1),
        ("someday", None, 1),
    ];
    for (value, expected, warnings) in cases {
        let text = format!("First Name,Birthday\nAda,{value}\n");
        let parsed = read(&text, Flavor::Outlook);
        assert_eq!(parsed.cards[0].birthday, expected, "{value}");
        assert_eq!(parsed.warnings.len(), warnings, "{value}: {:?}", parsed.warnings);
    }
}

#[test]
fn issue_9_slash_dates_follow_one_rule_and_date_order_settles_them() {
    let text = "First Name,Birthday\nA,5/12/1990\nB,20/01/1991\nC,1/20/1991\n";
    let birthdays = |order: Option<DateOrder>| {
        let parsed = parse(text.as_bytes(), Flavor::Outlook, &Options { date_order: order });
        let parsed = parsed.unwrap_or_else(|error| panic!("{error}"));
        let days: Vec<_> = parsed.cards.iter().map(|card| card.birthday.map(|b| b.to_string())).collect();
        (days, parsed.warnings)
    };
    let some = |text: &str| Some(text.to_string());
    // 20/01/1991 is no longer dropped because 5/12/1990 was read month first.
    assert_eq!(
        birthdays(None),
        (
            vec![some("1990-05-12"), some("1991-01-20"), some("1991-01-20")],
            vec![
                "dates such as '5/12/1990' could be either day or month first; they were read month \
                  first (M/D/Y): use --date-order dmy if they are day first"
                    .to_string()
            ]
        )
    );
    let (days, warnings) = birthdays(Some(DateOrder::Dmy));
    assert_eq!(days, [some("1990-12-05"), some("1991-01-20"), None]);
    assert_eq!(warnings, ["line 4: invalid birthday '1/20/1991' dropped"]);
    let (days, warnings) = birthdays(Some(DateOrder::Mdy));
    assert_eq!(days, [some("1990-05-12"), None, some("1991-01-20")]);
    assert_eq!(warnings, ["line 3: invalid birthday '20/01/1991' dropped"]);
}

fn fixture_contacts() -> Vec<(Contact, Summary)> {
    let ada = Contact {
        emails: strings(&["ada@engines.example", "ada@home.example"]),
        phones: strings(&["+44 20 7946 0000", "+44 7700 900123"]),
        company: s("Analytical Engines, Ltd."),
        title: s("Programmer"),
        linkedin: s("https://www.linkedin.com/in/ada-lovelace-1815"),
        tags: strings(&["conference", "rotary"]),
        met_on: Some(date("2026-11-20")),
        met_at: s("PyCon \"hallway\" track"),
        how_met: s("Talked about Note G"),
        cadence: Some(every(2, Unit::Weeks)),
        birthday: Some(Birthday::Full(date("1815-12-10"))),
        notes: s("Loves poetry.\nSend her the Bernoulli paper."),
        ..contact(1, "Ada Lovelace")
    };
    let charles = Contact {
        introduced_by: Some(1),
        cadence: Some(Cadence::None),
        birthday: Some(Birthday::Yearless { month: 12, day: 26 }),
        ..contact(2, "Charles Babbage")
    };
    let grace = Contact {
        emails: strings(&["grace@navy.example"]),
        phones: strings(&["+1 (555) 010-0200"]),
        company: s("@Navy"),
        title: s("-Admiral-"),
        tags: strings(&["+1 club", "mentors"]),
        met_on: Some(date("2026-10-01")),
        notes: s("=SUM(A1:A3)"),
        ..contact(4, "Grace Hopper")
    };
    vec![
        (ada, Summary { last_contact: Some(date("2026-11-20")), next_follow_up: Some(date("2026-11-22")) }),
        (charles, Summary::default()),
        (grace, Summary { last_contact: Some(date("2026-10-01")), next_follow_up: Some(date("2026-11-01")) }),
    ]
}

#[test]
fn netcrm_export_is_read_back_with_ids_cadences_and_guards_removed() {
    assert_eq!(detect(NETCRM.as_bytes()), Some(Format::Csv(Flavor::Netcrm)));
    let parsed = read(NETCRM, Flavor::Netcrm);
    let expected = [
        Card {
            id: Some(1),
            emails: strings(&["ada@engines.example", "ada@home.example"]),
            phones: strings(&["+44 20 7946 0000", "+44 7700 900123"]),
            company: s("Analytical Engines, Ltd."),
            title: s("Programmer"),
            linkedin: s("https://www.linkedin.com/in/ada-lovelace-1815"),
            tags: strings(&["conference", "rotary"]),
            met_on: Some(date("2026-11-20")),
            met_at: s("PyCon \"hallway\" track"),
            how_met: s("Talked about Note G"),
            cadence: FileCadence::Own(every(2, Unit::Weeks)),
            birthday: Some(Birthday::Full(date("1815-12-10"))),
            notes: s("Loves poetry.\nSend her the Bernoulli paper."),
            ..card(2, "Ada Lovelace")
        },
        Card {
            id: Some(2),
            introduced_by: Some(1),
            cadence: FileCadence::Own(Cadence::None),
            birthday: Some(Birthday::Yearless { month: 12, day: 26 }),
            ..card(4, "Charles Babbage")
        },
        Card {
            id: Some(4),
            emails: strings(&["grace@navy.example"]),
            phones: strings(&["+1 (555) 010-0200"]),
            company: s("@Navy"),
            title: s("-Admiral-"),
            tags: strings(&["+1 club", "mentors"]),
            met_on: Some(date("2026-10-01")),
            cadence: FileCadence::Default,
            notes: s("=SUM(A1:A3)"),
            ..card(5, "Grace Hopper")
        },
    ];
    assert_cards(&parsed.cards, &expected);
    assert_eq!(parsed.warnings, Vec::<String>::new());
}

#[test]
fn writing_the_fixture_contacts_gives_the_fixture_bytes() {
    assert_eq!(write(&fixture_contacts(), false), NETCRM);
}

#[test]
fn netcrm_bad_cells_are_dropped_with_warnings_and_the_record_kept() {
    let text = "id,name,emails,met_on,introduced_by,cadence,birthday,last_contact,next_follow_up\n\
                x7,Ada,ada@example.com,2026-02-30,abc,0d,--02-30,garbage,ignored\n\
                8,Bob,,,,weekly,,,\n";
    let parsed = read(text, Flavor::Netcrm);
    assert_cards(
        &parsed.cards,
        &[
            Card { emails: strings(&["ada@example.com"]), ..card(2, "Ada") },
            Card { id: Some(8), cadence: FileCadence::Own(every(1, Unit::Weeks)), ..card(3, "Bob") },
        ],
    );
    assert_eq!(
        parsed.warnings,
        [
            "line 2: invalid id 'x7' dropped",
            "line 2: invalid introduced_by id 'abc' dropped",
            "line 2: invalid met_on date '2026-02-30' dropped",
            "line 2: invalid birthday '--02-30' dropped",
            "line 2: invalid cadence '0d' dropped",
        ]
    );
}

#[test]
fn headers_are_matched_after_trimming_and_rows_may_have_blank_extra_cells() {
    // A header with spaces, a byte-order mark and stray quotes around a name; a row
    // with blank cells past the header's; blank lines in between still count.
    let text = "\u{feff} id , \"name\",\"\"\"emails\"\"\",cadence\r\n\r\n5,Short,,\r\n\r\n\
                6,Long,a@example.com,,, \r\n";
    let parsed = read(text, Flavor::Netcrm);
    assert_cards(
        &parsed.cards,
        &[
            // The cadence cell is blank: default-cadence.
            Card { id: Some(5), cadence: FileCadence::Default, ..card(3, "Short") },
            Card {
                id: Some(6),
                emails: strings(&["a@example.com"]),
                cadence: FileCadence::Default,
                ..card(5, "Long")
            },
        ],
    );
    // A file without a cadence column says nothing about cadences.
    let parsed = read("name\nAda\n", Flavor::Netcrm);
    assert_eq!(parsed.cards, [card(2, "Ada")]);
}

#[test]
fn old_mac_line_ends_count_as_lines() {
    let parsed = read("id,name\r1,Ada\r\r2,Bob\r", Flavor::Netcrm);
    let lines: Vec<_> = parsed.cards.iter().map(|card| (card.line, card.name.as_deref())).collect();
    assert_eq!(lines, [(2, Some("Ada")), (4, Some("Bob"))]);
}

#[test]
fn a_header_without_name_columns_is_an_error_naming_its_line() {
    let no_name = |message: &str| {
        Err(FormatError { line: 1, message: format!("the header has no name column (expected {message})") })
    };
    assert_eq!(
        parse("Foo,E-mail 1 - Value\nx,a@example.com\n".as_bytes(), Flavor::Google, &Options::default()),
        no_name("'First Name', 'Last Name', 'Name' or 'File As'")
    );
    assert_eq!(
        parse("id,emails\n1,a@example.com\n".as_bytes(), Flavor::Netcrm, &Options::default()),
        no_name("'name'")
    );
    for flavor in [Flavor::Google, Flavor::Outlook, Flavor::Netcrm] {
        assert_eq!(
            parse("\u{feff}".as_bytes(), flavor, &Options::default()),
            Err(FormatError { line: 1, message: "the file is empty".into() }),
            "{flavor:?}"
        );
    }
    let header_only = read("id,name\n", Flavor::Netcrm);
    assert_eq!(header_only, Parsed::default());
}

#[test]
fn writing_gives_exact_bytes_for_a_full_and_a_minimal_contact() {
    let full = Contact {
        emails: strings(&["ada@example.com", "ada@work.example"]),
        phones: strings(&["+44 20 7946 0000"]),
        company: s("Analytical Engines, Ltd."),
        title: s("Programmer"),
        linkedin: s("https://www.linkedin.com/in/ada"),
        tags: strings(&["math", "poetry"]),
        met_on: Some(date("2026-11-20")),
        met_at: s("Royal Society"),
        how_met: s("Talked about \"Note G\""),
        introduced_by: Some(3),
        name_ok: true,
        no_thank_you: true,
        cadence: Some(every(2, Unit::Weeks)),
        temporary_cadence: Some(TemporaryCadence {
            cadence: every(1, Unit::Weeks),
            until: date("2027-01-15"),
        }),
        notes: s("Line one\nLine two"),
        birthday: Some(Birthday::Full(date("1815-12-10"))),
        uid: s("urn:uuid:1234"),
        ..contact(7, "Ada Lovelace")
    };
    let summary =
        Summary { last_contact: Some(date("2026-11-20")), next_follow_up: Some(date("2026-11-22")) };
    let rows = [(full, summary), (contact(8, "Bob"), Summary::default())];
    let expected = "id,name,emails,phones,company,title,linkedin,tags,met_on,met_at,how_met,\
                    introduced_by,cadence,birthday,last_contact,next_follow_up,notes\n\
                    7,Ada Lovelace,ada@example.com; ada@work.example,+44 20 7946 0000,\
                    \"Analytical Engines, Ltd.\",Programmer,https://www.linkedin.com/in/ada,math; poetry,\
                    2026-11-20,Royal Society,\"Talked about \"\"Note G\"\"\",3,2w,1815-12-10,2026-11-20,\
                    2026-11-22,\"Line one\nLine two\"\n\
                    8,Bob,,,,,,,,,,,,,,,\n";
    assert_eq!(write(&rows, false), expected);
    assert_eq!(write(&rows, true), expected, "nothing here looks like a formula");
    assert_eq!(write(&[], false), format!("{}\n", COLUMNS.join(",")));
}

fn formula_contact() -> Contact {
    Contact {
        phones: strings(&["+1 (555) 010-0200"]),
        company: s("+1"),
        title: s("-2+3"),
        met_at: s("@SUM(A1:A2)"),
        how_met: s("\tcmd"),
        notes: s("\rboom"),
        birthday: Some(Birthday::Yearless { month: 5, day: 12 }),
        linkedin: s("'=already quoted"),
        ..contact(1, "=HYPERLINK(\"http://evil.example\",\"click\")")
    }
}

#[test]
fn formula_cells_are_neutralised_but_phones_and_birthdays_are_not() {
    let rows = [(formula_contact(), Summary::default())];
    let written = write(&rows, false);
    let row = written.lines().nth(1);
    assert_eq!(
        row,
        Some(
            "1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",,+1 (555) 010-0200,+1,-2+3,\
             ''=already quoted,,,'@SUM(A1:A2),'\tcmd,,,--05-12,,,\"'\rboom\""
        )
    );
    let raw = write(&rows, true);
    assert_eq!(
        raw.lines().nth(1),
        Some(
            "1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",,+1 (555) 010-0200,+1,-2+3,\
             '=already quoted,,,@SUM(A1:A2),\tcmd,,,--05-12,,,\"\rboom\""
        )
    );
}

#[test]
fn reading_back_a_guarded_export_removes_the_quote() {
    let rows = [(formula_contact(), Summary::default())];
    let parsed = read(write(&rows, false), Flavor::Netcrm);
    let expected = Card {
        id: Some(1),
        phones: strings(&["+1 (555) 010-0200"]),
        company: s("+1"),
        title: s("-2+3"),
        linkedin: s("'=already quoted"),
        met_at: s("@SUM(A1:A2)"),
        // Values are trimmed: the tab and the carriage return go.
        how_met: s("cmd"),
        notes: s("boom"),
        birthday: Some(Birthday::Yearless { month: 5, day: 12 }),
        cadence: FileCadence::Default,
        ..card(2, "=HYPERLINK(\"http://evil.example\",\"click\")")
    };
    assert_eq!(parsed.cards, [expected]);
    assert_eq!(parsed.warnings, Vec::<String>::new());
}

/// Trimmed, non-blank text with the characters that make CSV and spreadsheets
/// interesting, sometimes very long.
fn text(separators: bool) -> impl Strategy<Value = String> {
    let pattern = if separators {
        r#"[=+@'-]?[a-zA-Z0-9 ,;:"'\n\r\téü€漢=+@.()/-]{0,30}"#
    } else {
        r#"[=+@'-]?[a-zA-Z0-9 ,:"'\n\r\téü€漢=+@.()/-]{0,30}"#
    };
    prop_oneof![4 => pattern, 1 => "[=+@-]?[a-zé]{1,8}( [a-z,\"]{1,8}){30,80}"]
        .prop_map(|value| value.trim().to_string())
        .prop_filter("values are not blank", |value| !value.is_empty())
}

/// Addresses with the CSV list separators in them too: those netcrm refuses (so they
/// never reach an export, where `a;b@x.io` would come back as `b@x.io`), and the
/// generator keeps only what netcrm accepts.
fn email_like() -> impl Strategy<Value = String> {
    "[a-z0-9.,; ]{0,3}[a-z0-9]{1,6}[a-z0-9.,; ]{0,3}@[a-z,;]{1,8}\\.[a-z]{2,3}".prop_filter_map(
        "netcrm refuses it",
        |email| {
            let accepted = crate::validate::email(&email).ok();
            assert!(
                accepted.is_none() || !email.contains([';', ',']),
                "an address with a list separator was accepted: {email}"
            );
            accepted
        },
    )
}

/// Tags with `;` and `,`: a tag with `;` is refused (it would come back as two), one
/// with `,` is kept and must come back whole.
fn tag_like() -> impl Strategy<Value = String> {
    text(true).prop_filter_map("netcrm refuses it", |tag| {
        let accepted =
            crate::validate::tags(std::slice::from_ref(&tag)).ok().and_then(|tags| tags.first().cloned());
        assert!(accepted.is_none() || !tag.contains(';'), "a tag with ';' was accepted: {tag}");
        accepted
    })
}

fn phone() -> impl Strategy<Value = String> {
    prop_oneof![text(false), "[-+0-9 ()./]{1,20}"]
        .prop_map(|value| value.trim().to_string())
        .prop_filter("values are not blank", |value| !value.is_empty())
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..80_000).prop_map(|offset| date("1900-01-01") + chrono::Days::new(offset))
}

fn any_cadence() -> impl Strategy<Value = Cadence> {
    let unit = prop_oneof![Just(Unit::Days), Just(Unit::Weeks), Just(Unit::Months), Just(Unit::Years)];
    prop_oneof![Just(Cadence::None), (1u32..1000, unit).prop_map(|(count, unit)| every(count, unit))]
}

fn any_birthday() -> impl Strategy<Value = Birthday> {
    prop_oneof![
        any_date().prop_map(Birthday::Full),
        (1u32..=12, 1u32..=28).prop_map(|(month, day)| Birthday::Yearless { month, day }),
        Just(Birthday::Yearless { month: 2, day: 29 }),
    ]
}

fn any_row() -> impl Strategy<Value = (Contact, Summary)> {
    let texts = (
        text(true),
        vec(email_like(), 0..3),
        vec(phone(), 0..3),
        option::of(text(true)),
        option::of(text(true)),
        option::of(text(true)),
        vec(tag_like(), 0..4),
        option::of(text(true)),
        option::of(text(true)),
        option::of(text(true)),
    );
    let values = (
        any::<i64>(),
        option::of(any::<i64>()),
        option::of(any_date()),
        option::of(any_cadence()),
        option::of(any_birthday()),
        option::of(any_date()),
        option::of(any_date()),
    );
    (texts, values).prop_map(
        |(
            (name, emails, phones, company, title, linkedin, tags, met_at, how_met, notes),
            (id, introduced_by, met_on, cadence, birthday, last_contact, next_follow_up),
        )| {
            let contact = Contact {
                emails,
                phones,
                company,
                title,
                linkedin,
                tags,
                met_on,
                met_at,
                how_met,
                introduced_by,
                cadence,
                notes,
                birthday,
                ..contact(id, &name)
            };
            (contact, Summary { last_contact, next_follow_up })
        },
    )
}

fn card_of(contact: &Contact, line: usize) -> Card {
    Card {
        line,
        name: Some(contact.name.clone()),
        emails: contact.emails.clone(),
        phones: contact.phones.clone(),
        company: contact.company.clone(),
        title: contact.title.clone(),
        linkedin: contact.linkedin.clone(),
        tags: contact.tags.clone(),
        notes: contact.notes.clone(),
        birthday: contact.birthday,
        met_on: contact.met_on,
        met_at: contact.met_at.clone(),
        how_met: contact.how_met.clone(),
        cadence: contact.cadence.map_or(FileCadence::Default, FileCadence::Own),
        uid: None,
        name_parts: None,
        id: Some(contact.id),
        introduced_by: contact.introduced_by,
    }
}

proptest! {
    #[test]
    fn an_export_reads_back_as_the_same_contacts(rows in vec(any_row(), 0..6)) {
        let written = write(&rows, false);
        let parsed = parse(written.as_bytes(), Flavor::Netcrm, &Options::default());
        prop_assert!(parsed.is_ok(), "{parsed:?}");
        let parsed = parsed.unwrap_or_default();
        prop_assert_eq!(&parsed.warnings, &Vec::<String>::new());
        prop_assert_eq!(parsed.cards.len(), rows.len());
        let mut previous_line = 1;
        for ((contact, _), card) in rows.iter().zip(&parsed.cards) {
            prop_assert!(card.line > previous_line);
            previous_line = card.line;
            prop_assert_eq!(card, &card_of(contact, card.line));
        }
    }

    #[test]
    fn no_input_makes_parse_panic(
        text in r#"(\u{feff})?(Notes:\r?\n)?([a-zA-Z '=;:-]{0,6}|"|""|,|\r|\n|\r\n|First Name,Last Name){0,40}"#,
    ) {
        for flavor in [Flavor::LinkedIn, Flavor::Google, Flavor::Outlook, Flavor::Netcrm] {
            let _ = parse(text.as_bytes(), flavor, &Options::default());
        }
    }
}

#[test]
fn issue_9_a_row_cut_short_or_an_unterminated_quote_is_an_error_naming_the_line() {
    let error = |text: &str, flavor: Flavor| parse(text.as_bytes(), flavor, &Options::default()).err();
    let linkedin = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
                    Ada,Lovelace,https://www.linkedin.com/in/ada,,,,12 Mar 2024\r\n\
                    Priya,Sharma,https://www.linkedin.com/in/pri";
    assert_eq!(
        error(linkedin, Flavor::LinkedIn),
        Some(FormatError {
            line: 3,
            message: "this row has 3 fields where the header has 7: the row is cut short".into()
        })
    );
    let google = "First Name,Last Name,Notes,E-mail 1 - Value\nAda,Lovelace,\"A note\nthat is cut";
    assert_eq!(
        error(google, Flavor::Google),
        Some(FormatError {
            line: 2,
            message: "a quoted field in this row never ends: the file seems cut short".into()
        })
    );
    // The quoted field is the last one: the count is right, the quote still open.
    let last = "First Name,Notes\nAda,\"A note\nthat is cut";
    assert_eq!(error(last, Flavor::Google).map(|error| error.line), Some(2));
    let extra = "id,name\n1,Ada,surprise\n";
    assert_eq!(
        error(extra, Flavor::Netcrm),
        Some(FormatError { line: 2, message: "this row has 3 fields where the header has 2".into() })
    );
    // Quotes that close, escaped quotes and quotes inside unquoted cells are fine.
    assert!(error("First Name,Notes\nAda,\"say \"\"hi\"\"\"\nBob,5\" disk\n", Flavor::Google).is_none());
}

#[test]
fn issue_9_rows_are_decoded_one_by_one() {
    let mut bytes = "First Name,Last Name,E-mail Address\nZoë,Schröder,z@example.com\n".as_bytes().to_vec();
    bytes.extend_from_slice(b"Mark,Schr\xf6der,m@example.com\n");
    let parsed = read(bytes, Flavor::Outlook);
    let names: Vec<_> = parsed.cards.iter().map(|card| card.name.as_deref()).collect();
    assert_eq!(names, [Some("Zoë Schröder"), Some("Mark Schröder")]);
    assert_eq!(parsed.warnings, ["line 3: not valid UTF-8; read it as Windows-1252"]);
}

#[test]
fn issue_9_semicolons_and_tabs_separate_cells_when_the_header_says_so() {
    for delimiter in [";", "\t"] {
        let text = format!(
            "First Name{d}Last Name{d}E-mail Address{d}Company\nAda{d}Lovelace{d}ada@example.com{d}Engines, Ltd.\n",
            d = delimiter
        );
        let parsed = read(&text, Flavor::Outlook);
        let expected = Card {
            emails: strings(&["ada@example.com"]),
            company: s("Engines, Ltd."),
            ..card(2, "Ada Lovelace")
        };
        assert_cards(&parsed.cards, &[expected]);
    }
}

#[test]
fn issue_9_a_forced_format_names_the_columns_it_does_not_read_or_refuses_a_poor_fit() {
    let outlook = "First Name,Last Name,Company,Job Title,E-mail Address,Mobile Phone\nAda,Lovelace,Engines,CTO,a@x.io,1\n";
    assert_eq!(
        parse(outlook.as_bytes(), Flavor::Google, &Options::default()).err().map(|error| error.message),
        Some(
            "4 of its 6 columns are not Google Contacts's (Company, Job Title, E-mail Address, Mobile \
             Phone), so they would be lost; it looks like a Outlook file: try --format outlook"
                .to_string()
        )
    );
    let some_unknown = "First Name,Last Name,E-mail Address,Favourite Colour\nAda,Lovelace,a@x.io,blue\n";
    let parsed = read(some_unknown, Flavor::Outlook);
    assert_eq!(
        parsed.warnings,
        ["line 1: this column is not part of Outlook's layout and not read: Favourite Colour"]
    );
}

#[test]
fn issue_9_outlook_files_with_only_some_columns_are_read() {
    let text = "\"E-mail Address\",\"E-mail 2 Address\"\r\n\"ada@example.com\",\"ada@home.example\"\r\n";
    assert_eq!(detect(text.as_bytes()), Some(Format::Csv(Flavor::Outlook)));
    let parsed = read(text, Flavor::Outlook);
    assert_eq!(
        parsed.cards,
        [Card { line: 2, emails: strings(&["ada@example.com", "ada@home.example"]), ..Card::default() }]
    );
}

#[test]
fn issue_9_thunderbird_address_books_are_read() {
    let text = "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,\
                Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Job Title,Department,\
                Organization,Web Page 1,Web Page 2,Birth Year,Birth Month,Birth Day,Notes\r\n\
                Ada,Lovelace,Countess Ada,Ada L,ada@engines.example,ada@home.example,,+44 1,,+44 9,,+44 2,\
                Programmer,R&D,Analytical Engines,https://www.linkedin.com/in/ada,,1815,12,10,Met at the demo\r\n\
                ,,,Bunny,bunny@example.com,,,,,,,,,,,,,,5,12,\r\n";
    assert_eq!(detect(text.as_bytes()), Some(Format::Csv(Flavor::Thunderbird)));
    let parsed = read(text, Flavor::Thunderbird);
    let ada = Card {
        emails: strings(&["ada@engines.example", "ada@home.example"]),
        phones: strings(&["+44 1", "+44 2"]),
        company: s("Analytical Engines"),
        title: s("Programmer"),
        linkedin: s("https://www.linkedin.com/in/ada"),
        notes: s("Met at the demo"),
        birthday: Some(Birthday::Full(date("1815-12-10"))),
        ..card(2, "Countess Ada")
    };
    let bunny = Card {
        emails: strings(&["bunny@example.com"]),
        birthday: Some(Birthday::Yearless { month: 5, day: 12 }),
        ..card(3, "Bunny")
    };
    assert_cards(&parsed.cards, &[ada, bunny]);
    assert_eq!(parsed.warnings, Vec::<String>::new());
    assert_eq!(parsed.cards[0].name_parts, Some(NameParts::new("Lovelace", "Ada", "", "", "")));
}

#[test]
fn name_parts_are_kept_from_the_name_columns() {
    let parts = |text: &str, flavor: Flavor| read(text, flavor).cards[0].name_parts.clone();
    assert_eq!(
        parts("First Name,Last Name,URL\nAda,Lovelace,x\n", Flavor::LinkedIn),
        Some(NameParts::new("Lovelace", "Ada", "", "", ""))
    );
    assert_eq!(
        parts("Title,First Name,Middle Name,Last Name,Suffix\nDr.,John,Q.,Public,III\n", Flavor::Outlook),
        Some(NameParts::new("Public", "John", "Q.", "Dr.", "III"))
    );
    assert_eq!(
        parts(
            "Name Prefix,First Name,Middle Name,Last Name,Name Suffix\nDr.,Mark,,Schröder,II\n",
            Flavor::Google
        ),
        Some(NameParts::new("Schröder", "Mark", "", "Dr.", "II"))
    );
    // The older Google export's Name is the display name, as written.
    let legacy = read("Name,Given Name,Family Name\nMom,Jane,Smith\n", Flavor::Google);
    assert_eq!(legacy.cards[0].name.as_deref(), Some("Mom"));
    assert_eq!(legacy.cards[0].name_parts, Some(NameParts::new("Smith", "Jane", "", "", "")));
}

/// Reads `text` as the importer does, with the first `head` bytes in hand and the
/// rest arriving a byte at a time, so that every line end, quote and record falls
/// across reads.
fn read_in_pieces(text: &[u8], flavor: Flavor, head: usize) -> Result<Parsed, FormatError> {
    struct ByteAtATime<'a>(&'a [u8]);
    impl std::io::Read for ByteAtATime<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((byte, rest)), Some(slot)) => {
                    *slot = *byte;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }
    let (head, rest) = text.split_at(head.min(text.len()));
    let mut parsed = Parsed::default();
    let mut cards = Cards::new(head, ByteAtATime(rest), flavor, &Options::default(), &mut parsed.warnings)?;
    while let Some(card) = cards.next_card(&mut parsed.warnings)? {
        parsed.cards.push(card);
    }
    Ok(parsed)
}

#[test]
fn a_file_read_in_pieces_gives_what_it_gives_read_whole() {
    let files: [(&[u8], Flavor); 12] = [
        (LINKEDIN.as_bytes(), Flavor::LinkedIn),
        (GOOGLE.as_bytes(), Flavor::Google),
        (GOOGLE_LEGACY.as_bytes(), Flavor::Google),
        (OUTLOOK.as_bytes(), Flavor::Outlook),
        (OUTLOOK_1252, Flavor::Outlook),
        (OUTLOOK_DESKTOP, Flavor::Outlook),
        (NETCRM.as_bytes(), Flavor::Netcrm),
        // Old Mac line ends, blank lines between records, a quoted line break.
        (b"First Name,Last Name,Notes\rAda,Lovelace,x\r\r\rGrace,Hopper,\"two\rlines\"\r", Flavor::Google),
        (
            b"First Name,Last Name,Notes\r\n\r\nAda,,\"a \"\"quoted\"\"\r\nnote\"\r\n\r\nGrace,,\n",
            Flavor::Google,
        ),
        // Cut short inside a quoted note, and a row cut short.
        (b"First Name,Last Name,Notes\nAda,,ok\nGrace,,\"cut\nshort", Flavor::Google),
        (b"First Name,Last Name,Notes\nAda,,ok\nGrace\n", Flavor::Google),
        // Semicolons, and a quote that closes before the field ends.
        (b"First Name;Last Name;Notes\nAda;\"Love\"lace;\"\"\"\"\n", Flavor::Google),
    ];
    for (text, flavor) in files {
        let whole = parse(text, flavor, &Options::default());
        let header_end = text.windows(2).position(|w| w == b"Fi").unwrap_or(0)
            + text.iter().skip_while(|b| **b != b'F').position(|b| *b == b'\n' || *b == b'\r').unwrap_or(0);
        for head in [header_end + 1, header_end + 2, header_end + 7, text.len()] {
            assert_eq!(read_in_pieces(text, flavor, head), whole, "{}", String::from_utf8_lossy(text));
        }
    }
}

#[test]
fn a_large_file_is_read_as_its_cards_are_taken() {
    struct Counted<'a> {
        rest: &'a [u8],
        read: std::rc::Rc<std::cell::Cell<usize>>,
    }
    impl std::io::Read for Counted<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let read = self.rest.read(buf)?;
            self.read.set(self.read.get() + read);
            Ok(read)
        }
    }
    let mut text = String::from("First Name,Last Name,Email Address\n");
    for i in 0..100_000 {
        text.push_str(&format!("Person,{i},p{i}@example.com\n"));
    }
    let (head, rest) = text.as_bytes().split_at(HEAD);
    let read = std::rc::Rc::new(std::cell::Cell::new(0));
    let counted = Counted { rest, read: read.clone() };
    let mut warnings = Vec::new();
    let mut cards = Cards::new(head, counted, Flavor::LinkedIn, &Options::default(), &mut warnings).unwrap();
    let mut seen = 0;
    while let Some(card) = cards.next_card(&mut warnings).unwrap() {
        seen += 1;
        if seen == 5000 {
            assert_eq!(card.name.as_deref(), Some("Person 4999"));
            // The 5,000 rows (140 KB) and a buffer's worth, of a file of 2.7 MB.
            assert!(read.get() + HEAD < 160 * 1024, "{} bytes read for 5,000 cards", read.get());
        }
    }
    assert_eq!(seen, 100_000);
    assert_eq!(read.get(), rest.len());
}
