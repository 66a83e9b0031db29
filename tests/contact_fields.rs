//! The one test that pins every list naming a contact's fields to their one
//! declaration, `netcrm::model::ContactField` (DESIGN.md "Architecture": "a contact
//! field is declared once"). A field added to the contact and forgotten in one list, or
//! put in a list without being declared there, fails it with the list's name.
//!
//! Structs are destructured without `..`, so that a field added to them does not
//! compile here until it is mapped; lists of names are compared as written; what code
//! does with each field (the Contact JSON, the backup, the CSV row, `edit`'s flags,
//! sync's merge, import's fill) is checked through the binary on a contact with every
//! field set.

use std::collections::BTreeSet;

use netcrm::cli::ContactFields;
use netcrm::dates::{Birthday, Cadence};
use netcrm::formats::{Card, csv, document};
use netcrm::model::{Contact, ContactField, FieldList, NameParts, TemporaryCadence};
use serde_json::Value;

use crate::support::{CONTACT_KEYS, Env, SHOW_EXTRA_KEYS, parse_json, set};

/// The names `list` declares, as a set.
fn declared(list: FieldList) -> BTreeSet<String> {
    ContactField::names_in(list).into_iter().map(String::from).collect()
}

/// The names of `fields`, as a set.
fn named(fields: impl IntoIterator<Item = ContactField>) -> BTreeSet<String> {
    fields.into_iter().map(|field| field.name().to_string()).collect()
}

/// Whether a JSON value holds something: not null, not empty, not false.
fn set_value(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => false,
        Value::Array(items) => !items.is_empty(),
        Value::String(text) => !text.is_empty(),
        _ => true,
    }
}

/// The keys of `object` whose values differ from `before`'s, but those in `left_out`.
fn changed(before: &Value, after: &Value, left_out: &[ContactField]) -> BTreeSet<String> {
    let left_out = named(left_out.iter().copied());
    after
        .as_object()
        .unwrap()
        .iter()
        .filter(|(key, value)| before.get(key.as_str()) != Some(*value) && !left_out.contains(*key))
        .map(|(key, _)| key.clone())
        .collect()
}

/// The fields no record or flag sets: they follow from the interactions and
/// follow-ups.
const DERIVED: [ContactField; 2] = [ContactField::LastContact, ContactField::NextFollowUp];

/// A contact with every field set, as the model holds it; destructured below.
fn full_contact() -> Contact {
    Contact {
        id: 7,
        name: "Barbara Liskov".into(),
        emails: vec!["barbara@example.com".into()],
        phones: vec!["+1 617 555 0100".into()],
        company: Some("MIT".into()),
        title: Some("Professor".into()),
        linkedin: Some("https://www.linkedin.com/in/barbara".into()),
        tags: vec!["cs".into()],
        met_on: "2026-11-01".parse().ok(),
        met_at: Some("POPL".into()),
        how_met: Some("talked about abstraction".into()),
        introduced_by: Some(2),
        name_ok: true,
        no_thank_you: true,
        cadence: Cadence::parse("2w").ok(),
        cadence_from_import: true,
        temporary_cadence: Some(TemporaryCadence {
            cadence: Cadence::parse("1w").unwrap(),
            until: "2026-12-31".parse().unwrap(),
        }),
        notes: Some("Turing award".into()),
        birthday: Birthday::parse("1939-11-07").ok(),
        uid: Some("urn:uuid:barbara".into()),
        created_at: "2026-11-01".parse().unwrap(),
        name_parts: Some(NameParts::new("Liskov", "Barbara", "Jane", "Prof.", "PhD")),
    }
}

/// The contact fields a struct holds: `fields!(value, Struct { field => Field, ... })`
/// destructures `value` without `..` (a field added to the struct does not compile
/// here until it is mapped) and names the fields each of its fields holds (none, one
/// or several).
macro_rules! fields {
    ($value:expr, $ty:ident { $($field:ident => [$($held:ident)*]),* $(,)? }) => {{
        let $ty { $($field: _),* } = $value;
        named([$($(ContactField::$held,)*)*])
    }};
}

/// The fields the model's `Contact` holds (all but the derived ones).
fn model_fields(contact: Contact) -> BTreeSet<String> {
    fields!(contact, Contact {
        id => [Id], name => [Name], emails => [Emails], phones => [Phones], company => [Company],
        title => [Title], linkedin => [Linkedin], tags => [Tags], met_on => [MetOn], met_at => [MetAt],
        how_met => [HowMet], introduced_by => [IntroducedBy], name_ok => [NameOk],
        no_thank_you => [NoThankYou], cadence => [Cadence], cadence_from_import => [CadenceSource],
        temporary_cadence => [TemporaryCadence CadenceUntil], notes => [Notes], birthday => [Birthday],
        uid => [VcardUid], created_at => [CreatedAt], name_parts => [NameParts],
    })
}

/// The fields a `Card` carries.
fn card_fields(card: Card) -> BTreeSet<String> {
    fields!(card, Card {
        line => [], name => [Name], name_parts => [NameParts], emails => [Emails], phones => [Phones],
        company => [Company], title => [Title], linkedin => [Linkedin], tags => [Tags], notes => [Notes],
        birthday => [Birthday], met_on => [MetOn], met_at => [MetAt], how_met => [HowMet],
        cadence => [Cadence], uid => [VcardUid], id => [Id], introduced_by => [IntroducedBy],
    })
}

/// The fields the flags `add` and `edit` share set, each with its flag and a value
/// for `edit`.
fn shared_flags(fields: ContactFields) -> Vec<(ContactField, &'static str, &'static str)> {
    use ContactField as F;
    let held = fields!(fields, ContactFields {
        emails => [Emails], phones => [Phones], company => [Company], title => [Title], linkedin => [Linkedin],
        met_at => [MetAt], met_on => [MetOn], how => [HowMet], tags => [Tags], note => [Notes],
        birthday => [Birthday], introduced_by => [IntroducedBy], cadence => [Cadence], force => [],
    });
    #[rustfmt::skip]
    let flags = vec![
        (F::Emails, "--email", "grace@example.com"), (F::Phones, "--phone", "+1 202 555 0100"),
        (F::Company, "--company", "Navy"), (F::Title, "--title", "Rear Admiral"),
        (F::Linkedin, "--linkedin", "https://www.linkedin.com/in/grace"), (F::MetAt, "--met-at", "DevFest"),
        (F::MetOn, "--met-on", "2026-11-02"), (F::HowMet, "--how", "talked about COBOL"), (F::Tags, "--tag", "navy"),
        (F::Notes, "--note", "Found the first bug"), (F::Birthday, "--birthday", "1906-12-09"),
        (F::IntroducedBy, "--introduced-by", "ada"), (F::Cadence, "--cadence", "3w"),
    ];
    assert_eq!(named(flags.iter().map(|(field, ..)| *field)), held, "a shared flag without a value to try");
    flags
}

const FULL_VCARD: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:urn:uuid:barbara\r\nFN:Barbara Liskov\r\n\
N:Liskov;Barbara;Jane;Prof.;PhD\r\nEMAIL:barbara@example.com\r\nTEL:+1 617 555 0100\r\nORG:MIT\r\n\
TITLE:Professor\r\nURL:https://www.linkedin.com/in/barbara\r\nCATEGORIES:cs,teacher\r\nNOTE:Turing award\r\n\
BDAY:1939-11-07\r\nEND:VCARD\r\n";

/// The contact with `id` in `export json`.
fn backed_up(env: &Env, id: i64) -> Value {
    let backup = parse_json(&env.ok(["export", "json"]));
    let contacts = backup["contacts"].as_array().unwrap();
    contacts.iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("no contact {id} in {backup}")).clone()
}

#[test]
fn every_list_names_every_contact_field_it_must() {
    let every = named(ContactField::ALL.iter().copied());
    assert_eq!(every.len(), ContactField::ALL.len(), "a field declared twice");
    let without_derived: BTreeSet<String> = every.difference(&named(DERIVED)).cloned().collect();

    assert_eq!(set(&CONTACT_KEYS), declared(FieldList::Json), "DESIGN.md's Contact JSON");

    // The model, and the structs that list fields.
    assert_eq!(model_fields(full_contact()), without_derived, "model::Contact");
    assert_eq!(card_fields(Card::default()), declared(FieldList::Card), "formats::Card");
    let flags = shared_flags(ContactFields::default());
    assert_eq!(
        named(flags.iter().map(|(field, ..)| *field)),
        declared(FieldList::SharedFlags),
        "ContactFields"
    );

    // The lists of names, and what they are filled with.
    assert_eq!(set(&csv::COLUMNS), declared(FieldList::Csv), "formats::csv::COLUMNS");
    assert_eq!(set(&document::FIELDS), declared(FieldList::Document), "formats::document::FIELDS");
    let values = document::values(&full_contact());
    assert_eq!(set(&values.keys().copied().collect::<Vec<_>>()), declared(FieldList::Document));
    for (field, value) in &values {
        assert!(!value.is_empty(), "the editor document leaves {field} out");
    }

    // A contact with every field set, as the binary shows and exports it: imported
    // from a vCard (its UID and structured name), then introduced, met and given
    // both cadences by hand.
    let env = Env::new();
    std::fs::write(env.dir().join("barbara.vcf"), FULL_VCARD).unwrap();
    env.ok(["import", "barbara.vcf"]);
    env.ok(["add", "Ada Lovelace", "--no-thank-you"]);
    env.ok([
        "edit",
        "barbara",
        "--met-on",
        "2026-11-01",
        "--met-at",
        "POPL",
        "--how",
        "abstraction",
        "--introduced-by",
        "ada",
        "--name-ok",
        "--no-thank-you",
        "--cadence",
        "2w",
    ]);
    env.ok(["edit", "barbara", "--cadence", "1w", "--cadence-until", "2026-12-31"]);
    env.ok(["log", "barbara", "--kind", "call"]);
    let shown = env.json(["show", "barbara"]);
    let json: BTreeSet<String> = shown
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !SHOW_EXTRA_KEYS.contains(&k.as_str()))
        .cloned()
        .collect();
    assert_eq!(json, declared(FieldList::Json), "the Contact JSON");
    for key in &json {
        assert!(set_value(&shown[key.as_str()]), "the Contact JSON leaves {key} empty: {shown}");
    }
    let backup = backed_up(&env, 1);
    let keys: BTreeSet<String> = backup.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, declared(FieldList::Backup), "the backup's contact");
    for key in &keys {
        assert!(set_value(&backup[key.as_str()]), "the backup leaves {key} empty: {backup}");
    }
    let exported = env.ok(["export", "csv"]);
    let mut rows = exported.lines().map(|line| line.split(',').collect::<Vec<_>>());
    let header = rows.next().unwrap();
    assert_eq!(set(&header), declared(FieldList::Csv), "the CSV header");
    let row = rows.find(|row| row[0] == "1").unwrap();
    for (column, cell) in header.iter().zip(&row) {
        assert!(!cell.is_empty(), "the CSV row leaves {column} empty: {exported}");
    }

    // `edit` with every shared flag changes every field they name (FieldChanges).
    env.ok(["add", "Grace Hopper", "--no-thank-you"]);
    let before = env.json(["show", "grace"]);
    let mut edit = vec!["edit", "grace"];
    for (_, flag, value) in &flags {
        edit.extend([*flag, *value]);
    }
    env.ok(edit);
    let after = env.json(["show", "grace"]);
    for (field, flag, _) in &flags {
        assert_ne!(before[field.name()], after[field.name()], "edit {flag} leaves {} alone", field.name());
    }

    // A card changed on the phone: sync takes the fields it merges, and no other.
    env.ok(["add", "Card Person", "--no-thank-you", "--met-on", "2026-11-01"]);
    let id = env.json(["show", "card person"])["id"].as_i64().unwrap();
    let before = backed_up(&env, id);
    let cards = env.dir().join("cards");
    std::fs::create_dir(&cards).unwrap();
    env.ok(["sync", "--contacts", cards.to_str().unwrap()]);
    let file = std::fs::read_dir(&cards)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| std::fs::read_to_string(path).unwrap().contains("FN:Card Person"))
        .unwrap();
    let uid =
        std::fs::read_to_string(&file).unwrap().lines().find(|l| l.starts_with("UID:")).unwrap().to_string();
    let card = FULL_VCARD
        .replace("UID:urn:uuid:barbara", &uid)
        .replace("barbara@", "card@")
        .replace("+1 617 555 0100", "+1 617 555 0199")
        .replace("FN:Barbara Liskov", "FN:Carla Person");
    std::fs::write(&file, card).unwrap();
    env.ok(["sync"]);
    let after = backed_up(&env, id);
    let merged = changed(&before, &after, &DERIVED);
    assert_eq!(merged, declared(FieldList::SyncMerge), "sync's merge of a changed card");

    // A record matching a contact by e-mail: import fills what is empty and adds to
    // the lists, from every column netcrm's CSV has and then from a vCard.
    std::fs::write(env.dir().join("bare.csv"), "name,emails\nDon Knuth,don@example.com\n").unwrap();
    env.ok(["import", "bare.csv", "--format", "netcrm"]);
    let id = env.json(["show", "don"])["id"].as_i64().unwrap();
    let before = backed_up(&env, id);
    std::fs::write(
        env.dir().join("full.csv"),
        format!(
            "{}\n,Don Knuth,don@example.com; knuth@example.com,+1 650 555 0100,Stanford,Professor,\
             https://www.linkedin.com/in/don,taocp,2026-10-01,SIGPLAN,talked about TeX,,2w,1938-01-10,,,Writes checks\n",
            csv::COLUMNS.join(",")
        ),
    )
    .unwrap();
    env.ok(["import", "full.csv"]);
    let vcard = FULL_VCARD
        .replace("FN:Barbara Liskov", "FN:Don Knuth")
        .replace("N:Liskov;Barbara;Jane;Prof.;PhD", "N:Knuth;Donald;Ervin;;")
        .replace("barbara@example.com", "don@example.com")
        .replace("urn:uuid:barbara", "urn:uuid:don");
    std::fs::write(env.dir().join("don.vcf"), vcard).unwrap();
    env.ok(["import", "don.vcf"]);
    let after = backed_up(&env, id);
    let filled = changed(&before, &after, &DERIVED);
    assert_eq!(filled, declared(FieldList::ImportFill), "import's fill of a matched contact: {after}");
}
