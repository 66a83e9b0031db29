//! End-to-end tests of `netcrm import` and `netcrm export`: every fixture file read
//! through the real binary, matching on re-import, failures that write nothing, the
//! four export formats, and round trips from one database into another.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::support::{
    CONTACT_KEYS, Env, SHOW_EXTRA_KEYS, TODAY, fails, import, ok_on, parse_json, succeeds,
    succeeds_with_stderr, write_file,
};

/// What `show --json` adds to the Contact (the tie and five arrays).
const SHOW_EXTRA: [&str; 7] = SHOW_EXTRA_KEYS;

/// netcrm's CSV header, exactly.
const CSV_HEADER: &str = "id,name,emails,phones,company,title,linkedin,tags,met_on,met_at,how_met,\
                          introduced_by,cadence,birthday,last_contact,next_follow_up,notes";

// ---- helpers ------------------------------------------------------------------

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The same, expecting nothing on stderr.
fn import_quietly(env: &Env, args: &[&str]) -> Value {
    let (report, stderr) = import(env, args);
    assert_eq!(stderr, "", "import {args:?} wrote on stderr");
    report
}

/// The report without its contacts.
fn summary(report: &Value) -> Value {
    json!({
        "format": report["format"],
        "dry_run": report["dry_run"],
        "added": report["added"],
        "updated": report["updated"],
        "skipped": report["skipped"],
    })
}

fn counts(format: &str, added: u64, updated: u64, skipped: u64) -> Value {
    json!({"format": format, "dry_run": false, "added": added, "updated": updated, "skipped": skipped})
}

/// An imported contact as `list --json` prints it: DESIGN.md's defaults for an
/// import (no interactions, cadence `none`, made today) overlaid with `fields`.
fn imported(fields: Value) -> Value {
    let mut contact = json!({
        "id": null,
        "name": null,
        "emails": [],
        "phones": [],
        "company": null,
        "title": null,
        "linkedin": null,
        "tags": [],
        "met_on": null,
        "met_at": null,
        "how_met": null,
        "introduced_by": null,
        "name_ok": false,
        "no_thank_you": false,
        "cadence": "none",
        "cadence_source": "import",
        "temporary_cadence": null,
        "cadence_until": null,
        "notes": null,
        "birthday": null,
        "last_contact": null,
        "next_follow_up": null,
        "created_at": TODAY,
    });
    for (key, value) in fields.as_object().unwrap() {
        assert!(CONTACT_KEYS.contains(&key.as_str()), "not a Contact field: {key}");
        contact[key.as_str()] = value.clone();
    }
    contact
}

/// Tags compared as a set: sorted the same way on both sides.
fn tags_sorted(mut contact: Value) -> Value {
    if let Some(tags) = contact["tags"].as_array_mut() {
        tags.sort_by_key(|tag| tag.as_str().unwrap_or_default().to_lowercase());
    }
    contact
}

/// Every contact (`list --json`, in the order added) is exactly `expected`, `show
/// --json` agrees field by field and shows no interactions; returns the contacts.
fn assert_contacts(env: &Env, expected: Vec<Value>) -> Vec<Value> {
    let actual: Vec<Value> = env.contacts().into_iter().map(tags_sorted).collect();
    let expected: Vec<Value> = expected.into_iter().map(tags_sorted).collect();
    assert_eq!(actual.len(), expected.len(), "contacts:\n{actual:#?}");
    for (actual, expected) in actual.iter().zip(&expected) {
        assert_eq!(actual, expected);
    }
    for contact in &actual {
        let mut shown = env.show(&contact["id"].to_string());
        assert_eq!(shown["interactions"], json!([]), "imports record no interactions: {shown}");
        for key in SHOW_EXTRA {
            shown.as_object_mut().unwrap().remove(key);
        }
        assert_eq!(&tags_sorted(shown), contact);
    }
    actual
}

/// The contacts a report lists, tags sorted.
fn report_contacts(report: &Value) -> Vec<Value> {
    report["contacts"].as_array().unwrap().iter().cloned().map(tags_sorted).collect()
}

/// The keys `due --within N --json` lists, in order.
fn due_keys(env: &Env, within: &str) -> Vec<String> {
    let due = env.json(["due", "--within", within]);
    due.as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap().to_string()).collect()
}

/// Nothing is due today, and within `within` days only these keys (birthdays).
fn assert_only_due(env: &Env, within: &str, keys: &[&str]) {
    assert!(due_keys(env, "0").is_empty(), "nothing due today after an import");
    assert_eq!(due_keys(env, within), keys);
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

/// A CSV document as rows of cells (the header first).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

/// The physical lines of a CRLF document, after checking that every line ends
/// with CRLF and no bare CR or LF is left.
fn crlf_lines(text: &str) -> Vec<&str> {
    assert!(text.ends_with("\r\n"), "does not end with CRLF: {text:?}");
    let lines: Vec<&str> = text[..text.len() - 2].split("\r\n").collect();
    for line in &lines {
        assert!(!line.contains('\n') && !line.contains('\r'), "bare CR or LF in {line:?}");
    }
    lines
}

/// Lines unfolded (RFC 5545 / 6350: CRLF followed by a space or tab continues a line).
fn unfold(text: &str) -> String {
    text.replace("\r\n ", "").replace("\r\n\t", "")
}

// ---- every fixture ----------------------------------------------------------------

#[test]
fn linkedin_connections_import_names_company_position_url_and_connected_on_as_met_on() {
    let env = Env::new();
    let report = import_quietly(&env, &[&fixture("linkedin-connections.csv"), "--tag", "linkedin"]);
    assert_eq!(summary(&report), counts("linkedin", 6, 0, 0));
    let contacts = assert_contacts(
        &env,
        vec![
            imported(json!({
                "id": 1,
                "name": "Ada Lovelace",
                "company": "Analytical Engines, Ltd.",
                "title": "Chief Programmer",
                "linkedin": "https://www.linkedin.com/in/ada-lovelace-1815",
                "tags": ["linkedin"],
                "met_on": "2024-03-12",
            })),
            imported(json!({
                "id": 2,
                "name": "Grace Hopper",
                "emails": ["grace.hopper@navy.example"],
                "company": "The \"Bug\" Hunters",
                "title": "Rear Admiral, Retired",
                "linkedin": "https://www.linkedin.com/in/grace-hopper",
                "tags": ["linkedin"],
                "met_on": "2023-01-02",
            })),
            // The entirely empty row between them is passed over without a word.
            imported(json!({
                "id": 3,
                "name": "Cher",
                "linkedin": "https://www.linkedin.com/in/cher",
                "tags": ["linkedin"],
                "met_on": "2021-08-15",
            })),
            imported(json!({
                "id": 4,
                "name": "Zoë Ångström",
                "company": "Université de Genève",
                "title": "Professeure associée, physique",
                "linkedin": "https://www.linkedin.com/in/zoe-angstrom",
                "tags": ["linkedin"],
                "met_on": "2022-10-07",
            })),
            imported(json!({
                "id": 5,
                "name": "Łukasz Żółć",
                "company": "Smith, Jones & \"Partners\"",
                "title": "Senior Partner",
                "linkedin": "https://pl.linkedin.com/in/lukasz-zolc",
                "tags": ["linkedin"],
                "met_on": "2020-06-30",
            })),
            imported(json!({
                "id": 6,
                "name": "健 渡辺",
                "company": "株式会社サンプル",
                "title": "エンジニア",
                "linkedin": "https://www.linkedin.com/in/ken-watanabe",
                "tags": ["linkedin"],
                "met_on": "2025-02-01",
            })),
        ],
    );
    assert_eq!(report_contacts(&report), contacts);
    // met_on comes from the file, but no `met` interaction: no thank-you, no check-in.
    assert_only_due(&env, "60", &[]);
}

#[test]
fn google_csv_import_splits_multiple_values_and_cleans_labels_into_tags() {
    let env = Env::new();
    let (report, stderr) = import(&env, &[&fixture("google-contacts.csv"), "--tag", "google"]);
    assert_eq!(summary(&report), counts("google", 6, 0, 0));
    assert!(stderr.starts_with("warning: "), "{stderr}");
    assert!(stderr.contains("line 10: invalid birthday '1969-02-30' dropped"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_contacts(
        &env,
        vec![
            // Prefix and nickname left out; `* myContacts` and `* starred` dropped, the
            // `* ` of `* Friends` stripped; phones from two columns, one holding two.
            imported(json!({
                "id": 1,
                "name": "Ada King Lovelace",
                "emails": ["ada@engines.example", "ada.king@engines.example", "ada@home.example"],
                "phones": ["+44 20 7946 0000", "+44 7700 900123", "+44 20 7946 0001"],
                "company": "Analytical Engines",
                "title": "Programmer",
                "linkedin": "https://www.linkedin.com/in/ada-lovelace-1815",
                "tags": ["Rotary", "Friends", "google"],
                "notes": "Met at the Difference Engine demo.\nFollow up about \"Note G\", the Bernoulli numbers.",
                "birthday": "1815-12-10",
                "next_follow_up": "2026-12-10",
            })),
            // No name and no company: the first e-mail is the name.
            imported(json!({
                "id": 2,
                "name": "lonely@example.com",
                "emails": ["lonely@example.com"],
                "tags": ["google"],
            })),
            imported(json!({
                "id": 3,
                "name": "Grace Hopper",
                "emails": ["grace@navy.example"],
                "phones": ["+1 (555) 010-0200"],
                "company": "US Navy",
                "title": "Rear Admiral",
                "linkedin": "linkedin.com/in/grace-hopper",
                "tags": ["Conference 2024", "Mentors", "google"],
                "birthday": "--12-09",
                "next_follow_up": "2026-12-09",
            })),
            imported(json!({
                "id": 4,
                "name": "Acme Reception",
                "phones": ["+1 555 0100"],
                "company": "Acme Corp",
                "tags": ["google"],
            })),
            // The impossible birthday is dropped with the warning above.
            imported(json!({
                "id": 5,
                "name": "Linus Torvalds",
                "emails": ["linus@kernel.example"],
                "tags": ["Kernel", "google"],
            })),
            imported(json!({
                "id": 6,
                "name": "Zoë Ångström",
                "emails": ["zoe@unige.example"],
                "company": "Université de Genève",
                "tags": ["Physics", "google"],
                "notes": "Prefers e-mail, in French.",
            })),
        ],
    );
    assert_only_due(&env, "60", &["birthday-3-2026", "birthday-1-2026"]);
}

#[test]
fn google_legacy_csv_import_reads_given_additional_family_names_and_group_membership() {
    let env = Env::new();
    let report = import_quietly(&env, &[&fixture("google-contacts-legacy.csv")]);
    assert_eq!(summary(&report), counts("google", 4, 0, 0));
    assert_contacts(
        &env,
        vec![
            imported(json!({
                "id": 1,
                "name": "Ada Lovelace",
                "emails": ["ada@engines.example", "ada@home.example"],
                "phones": ["+44 7700 900123"],
                "company": "Analytical Engines",
                "title": "Programmer",
                "linkedin": "http://www.linkedin.com/in/ada",
                "tags": ["Rotary"],
                "notes": "Met at the demo.",
                "birthday": "1815-12-10",
                "next_follow_up": "2026-12-10",
            })),
            imported(json!({"id": 2, "name": "Charles Babbage", "emails": ["charles@engines.example"]})),
            // The older export's Name is the display name; the parts are kept aside.
            imported(json!({"id": 3, "name": "Grace Hopper", "tags": ["Mentors"]})),
            // No name: the company is the name.
            imported(
                json!({"id": 4, "name": "Acme Corp", "phones": ["+1 555 0100"], "company": "Acme Corp"}),
            ),
        ],
    );
    assert_only_due(&env, "60", &["birthday-1-2026"]);
}

#[test]
fn outlook_csv_import_reads_job_title_not_the_honorific_and_month_first_birthdays() {
    let env = Env::new();
    let report = import_quietly(&env, &[&fixture("outlook-contacts.csv"), "--date-order", "mdy"]);
    assert_eq!(summary(&report), counts("outlook", 3, 0, 0));
    assert_contacts(
        &env,
        vec![
            imported(json!({
                "id": 1,
                "name": "Ada King Lovelace",
                "emails": ["ada@engines.example", "ada@home.example"],
                "phones": ["+44 20 7946 0000", "+44 20 7946 0001", "+44 7700 900123"],
                "company": "Analytical Engines, Ltd.",
                "title": "Programmer",
                "linkedin": "https://www.linkedin.com/in/ada-lovelace-1815",
                "notes": "Met at the demo.\nLikes poetry.",
                "birthday": "1815-12-10",
                "next_follow_up": "2026-12-10",
            })),
            imported(json!({
                "id": 2,
                "name": "Grace Hopper",
                "emails": ["grace@navy.example"],
                "phones": ["+1 555 010 0300", "+1 (555) 010-0200"],
                "company": "US Navy",
                "title": "Rear Admiral",
            })),
            imported(json!({"id": 3, "name": "Cher", "phones": ["+1 555 010 0400"]})),
        ],
    );
    assert_only_due(&env, "60", &["birthday-1-2026"]);
}

#[test]
fn outlook_windows_1252_csv_is_read_with_a_warning_and_correct_accents() {
    let env = Env::new();
    let (report, stderr) = import(&env, &[&fixture("outlook-contacts-1252.csv"), "--date-order", "mdy"]);
    assert_eq!(summary(&report), counts("outlook", 2, 0, 0));
    // Each record that is not UTF-8 is named.
    let file = fixture("outlook-contacts-1252.csv");
    assert_eq!(
        stderr,
        format!(
            "warning: {file}: line 2: not valid UTF-8; read it as Windows-1252\n\
             warning: {file}: line 3: not valid UTF-8; read it as Windows-1252\n"
        )
    );
    assert_contacts(
        &env,
        vec![
            imported(json!({
                "id": 1,
                "name": "Zoë Müller",
                "emails": ["zoe@mueller.example"],
                "company": "Müller & Söhne GmbH",
                "title": "Geschäftsführerin",
                "notes": "Budget: 5 000 € – call her in März.",
                "birthday": "1990-05-12",
                "next_follow_up": "2027-05-12",
            })),
            imported(json!({
                "id": 2,
                "name": "François Dupont-Lefèvre",
                "emails": ["francois@societe.example"],
                "phones": ["+33 6 12 34 56 78"],
                "company": "Société Générale",
                "title": "Directeur général",
            })),
        ],
    );
    assert_only_due(&env, "60", &[]);
}

#[test]
fn outlook_desktop_csv_with_format_outlook_reads_categories_as_tags() {
    let env = Env::new();
    let (report, stderr) = import(
        &env,
        &[
            &fixture("outlook-desktop-contacts.csv"),
            "--format",
            "outlook",
            "--tag",
            "pc",
            "--date-order",
            "mdy",
        ],
    );
    assert_eq!(summary(&report), counts("outlook", 3, 0, 0));
    assert!(stderr.contains("line 5: invalid birthday '31/12/1990' dropped"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_contacts(
        &env,
        vec![
            imported(json!({
                "id": 1,
                "name": "Grace Brewster Hopper",
                "emails": ["grace@navy.example"],
                "phones": ["+1 (555) 010-0200", "+1 (555) 010-0201", "+1 555 010 0300", "+1 (555) 010-0299"],
                "company": "US Navy",
                "title": "Rear Admiral",
                "linkedin": "www.linkedin.com/in/grace-hopper",
                "tags": ["Mentors", "Conference 2024", "pc"],
                "notes": "Ask about COBOL.\nShe keeps a clock that runs backwards.",
                "birthday": "1906-12-09",
                "next_follow_up": "2026-12-09",
            })),
            // Google's system groups in Categories are dropped.
            imported(json!({
                "id": 2,
                "name": "Charles Babbage",
                "emails": ["charles@engines.example"],
                "tags": ["pc"],
            })),
            imported(json!({
                "id": 3,
                "name": "Ada Lovelace",
                "title": "Programmer",
                "tags": ["Rotary", "Friends", "pc"],
            })),
        ],
    );
    assert_only_due(&env, "60", &["birthday-1-2026"]);
}

#[test]
fn netcrm_csv_into_an_empty_database_keeps_ids_cadences_and_introducers_and_removes_guards() {
    let env = Env::new();
    let report = import_quietly(&env, &[&fixture("netcrm-export.csv")]);
    assert_eq!(summary(&report), counts("netcrm", 3, 0, 0));
    assert_contacts(
        &env,
        vec![
            // The file's cadence is kept (2w from today, before the birthday); derived
            // columns (last_contact, next_follow_up) are not read.
            imported(json!({
                "id": 1,
                "name": "Ada Lovelace",
                "emails": ["ada@engines.example", "ada@home.example"],
                "phones": ["+44 20 7946 0000", "+44 7700 900123"],
                "company": "Analytical Engines, Ltd.",
                "title": "Programmer",
                "linkedin": "https://www.linkedin.com/in/ada-lovelace-1815",
                "tags": ["conference", "rotary"],
                "met_on": "2026-11-20",
                "met_at": "PyCon \"hallway\" track",
                "how_met": "Talked about Note G",
                "cadence": "2w",
                // Not the cadence this import gives (import-cadence, none): chosen.
                "cadence_source": "user",
                "notes": "Loves poetry.\nSend her the Bernoulli paper.",
                "birthday": "1815-12-10",
                "next_follow_up": "2026-12-06",
            })),
            imported(json!({
                "id": 2,
                "name": "Charles Babbage",
                "introduced_by": 1,
                "cadence": "none",
                "birthday": "--12-26",
                "next_follow_up": "2026-12-26",
            })),
            // An empty cadence cell is default-cadence (monthly); the `'` guards are gone.
            imported(json!({
                "id": 4,
                "name": "Grace Hopper",
                "emails": ["grace@navy.example"],
                "phones": ["+1 (555) 010-0200"],
                "company": "@Navy",
                "title": "-Admiral-",
                "tags": ["+1 club", "mentors"],
                "met_on": "2026-10-01",
                "cadence": null,
                "cadence_source": null,
                "notes": "=SUM(A1:A3)",
                "next_follow_up": "2026-12-22",
            })),
        ],
    );
    // No thank-you and no intro-thanks: imports have no `met` interaction.
    assert_eq!(due_keys(&env, "60"), ["check-in-1", "birthday-1-2026", "check-in-4", "birthday-2-2026"]);
    assert!(due_keys(&env, "0").is_empty());
}

#[test]
fn iphone_vcard_import_reads_grouped_emails_folded_note_and_social_profile() {
    let env = Env::new();
    let report = import_quietly(&env, &[&fixture("iphone.vcf")]);
    assert_eq!(summary(&report), counts("vcard", 2, 0, 0));
    assert_contacts(
        &env,
        vec![
            imported(json!({
                "id": 1,
                "name": "Countess of Ada King Lovelace",
                "emails": ["ada@engines.example", "ada.home@example.com"],
                "phones": ["+44 20 7946 0018", "+44 20 7946 0999", "020 7946 0123"],
                "company": "Analytical Engines Ltd",
                "title": "Lead Programmer",
                "linkedin": "http://www.linkedin.com/in/ada-lovelace",
                "tags": ["Conference", "Mathematics"],
                "notes": "Met at the Difference Engine meetup in London. We talked about Bernoulli numbers, \
                          the Analytical Engine; and her notes on Menabrea.\nFollow up about the \
                          poetry-of-science talk.",
                "birthday": "1815-12-10",
                "next_follow_up": "2026-12-10",
            })),
            // Apple's year 1604 means "no year".
            imported(json!({
                "id": 2,
                "name": "Charles Babbage",
                "emails": ["charles@engines.example"],
                "phones": ["+44 7700 900123"],
                "birthday": "--12-26",
                "next_follow_up": "2026-12-26",
            })),
        ],
    );
    assert_only_due(&env, "60", &["birthday-1-2026", "birthday-2-2026"]);
}

#[test]
fn android_vcard_2_1_import_decodes_quoted_printable_utf8() {
    let env = Env::new();
    let report = import_quietly(&env, &[&fixture("android-2.1.vcf"), "--tag", "phone"]);
    assert_eq!(summary(&report), counts("vcard", 2, 0, 0));
    assert_contacts(
        &env,
        vec![
            imported(json!({
                "id": 1,
                "name": "Zoë Anné Müller",
                "emails": ["zoe@firma.example", "zoe@example.de"],
                "phones": ["+49-170-5550101", "030 5550102"],
                "company": "Bäckerei Müller GmbH",
                "title": "Geschäftsführerin",
                "tags": ["phone"],
                "notes": "Kennengelernt auf der Gründermesse in Köln.\nWill im Frühjahr einen Stand teilen.",
                "birthday": "1988-03-01",
                "next_follow_up": "2027-03-01",
            })),
            // An empty N: the FN is the name, as it stands.
            imported(json!({
                "id": 2,
                "name": "Dr. Kim",
                "phones": ["+1 212 555 0147"],
                "linkedin": "https://de.linkedin.com/in/kim-dr",
                "tags": ["phone"],
            })),
        ],
    );
    assert_only_due(&env, "60", &[]);
}

#[test]
fn google_vcard_4_0_import_reads_tel_uris_escapes_and_keeps_the_uid_for_export() {
    let env = Env::new();
    let report = import_quietly(&env, &[&fixture("google-4.0.vcf")]);
    assert_eq!(summary(&report), counts("vcard", 1, 0, 0));
    assert_contacts(
        &env,
        vec![imported(json!({
            "id": 1,
            "name": "Grace Hopper",
            "emails": ["grace@navy.example", "grace.hopper@example.org"],
            "phones": ["+1-555-0100", "+1-555-0101"],
            "company": "Hopper, Cobol ; Co",
            "title": "Rear Admiral",
            "linkedin": "https://www.linkedin.com/in/grace-hopper/",
            "tags": ["Navy", "Computing", "Speakers, 2026"],
            "notes": "Nanoseconds, wire lengths; debugging. Bring a wire.\nAsked about the first bug, a moth.",
            "birthday": "--05-12",
            "next_follow_up": "2027-05-12",
        }))],
    );
    assert_only_due(&env, "60", &[]);
    // The UID read on import is the one written on export, in both versions.
    for version in ["3.0", "4.0"] {
        let card = unfold(&env.ok(["export", "vcard", "--vcard-version", version]));
        assert!(card.contains("\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n"), "{card}");
        // FN is the name; N goes back as the card gave it.
        assert!(
            card.contains("\r\nFN:Grace Hopper\r\nN:Hopper;Grace;Brewster Murray;Rear Admiral;\r\n"),
            "{card}"
        );
    }
}

#[test]
fn outlook_vcard_with_lf_line_ends_is_read_with_fn_as_the_name() {
    let env = Env::new();
    let report = import_quietly(&env, &[&fixture("outlook.vcf")]);
    assert_eq!(summary(&report), counts("vcard", 1, 0, 0));
    assert_contacts(
        &env,
        vec![imported(json!({
            "id": 1,
            "name": "Ms. Jane Q Smith PhD",
            "emails": ["jane.smith@contoso.example", "jsmith@contoso.example"],
            "phones": ["(425) 555-0100", "(425) 555-0199"],
            "company": "Contoso Ltd.",
            "title": "Engineering Manager",
            "notes": "Hiring for platform roles.\nPrefers e-mail.",
            "birthday": "1985-07-04",
            "next_follow_up": "2027-07-04",
        }))],
    );
    assert_only_due(&env, "60", &[]);
}

#[test]
fn several_vcards_import_lowercase_cards_nameless_cards_and_yearless_birthdays() {
    let env = Env::new();
    let (report, stderr) = import(&env, &[&fixture("several.vcf")]);
    assert_eq!(summary(&report), counts("vcard", 4, 0, 0));
    assert!(stderr.contains("line 12: invalid birthday '1920-02-30' dropped"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_contacts(
        &env,
        vec![
            imported(json!({"id": 1, "name": "Alan Turing", "emails": ["alan@bletchley.example"]})),
            imported(json!({"id": 2, "name": "Rosalind Franklin", "emails": ["rosalind@kings.example"]})),
            imported(json!({
                "id": 3,
                "name": "nobody@example.com",
                "emails": ["nobody@example.com"],
                "tags": ["imported"],
            })),
            imported(json!({
                "id": 4,
                "name": "Tim Berners-Lee",
                "linkedin": "https://uk.linkedin.com/in/timbl",
                "birthday": "--06-08",
                "next_follow_up": "2027-06-08",
            })),
        ],
    );
    assert_only_due(&env, "60", &[]);
}

// ---- matching: nobody twice ---------------------------------------------------------

#[test]
fn reimporting_the_same_file_adds_and_changes_nobody() {
    let files = [
        "linkedin-connections.csv",
        "google-contacts.csv",
        "google-contacts-legacy.csv",
        "outlook-contacts.csv",
        "outlook-contacts-1252.csv",
        "netcrm-export.csv",
        "iphone.vcf",
        "android-2.1.vcf",
        "google-4.0.vcf",
        "outlook.vcf",
        "several.vcf",
    ];
    for file in files {
        let env = Env::new();
        let (first, _) = import(&env, &[&fixture(file), "--tag", "batch"]);
        let before = env.contacts();
        let (again, _) = import(&env, &[&fixture(file), "--tag", "batch"]);
        let format = first["format"].as_str().unwrap();
        assert_eq!(summary(&again), counts(format, 0, 0, 0), "{file}");
        assert_eq!(env.contacts(), before, "{file}");
    }
}

#[test]
fn a_second_file_with_the_same_linkedin_url_fills_empty_fields_and_overwrites_nothing() {
    let env = Env::new();
    import_quietly(&env, &[&fixture("linkedin-connections.csv"), "--tag", "linkedin"]);
    let (report, _) = import(&env, &[&fixture("google-contacts.csv"), "--tag", "google"]);
    // Ada and Grace are matched by their LinkedIn URL (Grace's written without
    // scheme or www.), the four others are new.
    assert_eq!(summary(&report), counts("google", 4, 2, 0));
    let contacts = env.contacts();
    assert_eq!(contacts.len(), 10);
    assert_eq!(
        tags_sorted(contacts[0].clone()),
        tags_sorted(imported(json!({
            "id": 1,
            "name": "Ada Lovelace",
            "emails": ["ada@engines.example", "ada.king@engines.example", "ada@home.example"],
            "phones": ["+44 20 7946 0000", "+44 7700 900123", "+44 20 7946 0001"],
            "company": "Analytical Engines, Ltd.",
            "title": "Chief Programmer",
            "linkedin": "https://www.linkedin.com/in/ada-lovelace-1815",
            "tags": ["linkedin", "Rotary", "Friends", "google"],
            "met_on": "2024-03-12",
            "notes": "Met at the Difference Engine demo.\nFollow up about \"Note G\", the Bernoulli numbers.",
            "birthday": "1815-12-10",
            "next_follow_up": "2026-12-10",
        })))
    );
    assert_eq!(
        tags_sorted(contacts[1].clone()),
        tags_sorted(imported(json!({
            "id": 2,
            "name": "Grace Hopper",
            "emails": ["grace.hopper@navy.example", "grace@navy.example"],
            "phones": ["+1 (555) 010-0200"],
            "company": "The \"Bug\" Hunters",
            "title": "Rear Admiral, Retired",
            "linkedin": "https://www.linkedin.com/in/grace-hopper",
            "tags": ["linkedin", "Conference 2024", "Mentors", "google"],
            "met_on": "2023-01-02",
            "birthday": "--12-09",
            "next_follow_up": "2026-12-09",
        })))
    );
    // The report lists the updated contacts as they are now, besides the added ones.
    let mut listed: Vec<i64> =
        report["contacts"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    listed.sort_unstable();
    assert_eq!(listed, [1, 2, 7, 8, 9, 10]);
    let names: Vec<&str> = contacts[6..].iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["lonely@example.com", "Acme Reception", "Linus Torvalds", "Zoë Ångström"]);
}

#[test]
fn a_second_file_with_a_known_email_adds_new_emails_phones_and_tags_and_overwrites_nothing() {
    let env = Env::new();
    let ada = env.add(
        "Ada Lovelace",
        &[
            "--email",
            "ADA@engines.example",
            "--company",
            "Babbage & Co",
            "--phone",
            "+44 (20) 7946-0018",
            "--cadence",
            "2w",
            "--no-thank-you",
        ],
    );
    let (report, _) = import(&env, &[&fixture("iphone.vcf"), "--tag", "phone"]);
    assert_eq!(summary(&report), counts("vcard", 1, 1, 0));
    let shown = env.show(&ada.to_string());
    assert_eq!(shown["name"], "Ada Lovelace", "the name is not overwritten");
    assert_eq!(shown["company"], "Babbage & Co", "the company is not overwritten");
    assert_eq!(shown["cadence"], "2w", "the cadence is not overwritten");
    assert_eq!(shown["title"], "Lead Programmer");
    assert_eq!(shown["linkedin"], "http://www.linkedin.com/in/ada-lovelace");
    assert_eq!(shown["birthday"], "1815-12-10");
    assert!(shown["notes"].as_str().unwrap().starts_with("Met at the Difference Engine meetup"));
    // E-mails compare without case; phones by their digits.
    assert_eq!(strings(&shown["emails"]), ["ADA@engines.example", "ada.home@example.com"]);
    assert_eq!(strings(&shown["phones"]), ["+44 (20) 7946-0018", "+44 20 7946 0999", "020 7946 0123"]);
    let mut tags = strings(&shown["tags"]);
    tags.sort();
    assert_eq!(tags, ["Conference", "Mathematics", "phone"]);
    // Her history is untouched: the `met` from `add`, nothing more.
    let kinds: Vec<&str> =
        shown["interactions"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["met"]);
    assert_eq!(env.contacts()[1]["name"], "Charles Babbage");
}

#[test]
fn repeated_records_inside_one_file_are_merged_into_one_contact() {
    let env = Env::new();
    let vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@engines.example\r\n\
                 TEL:+44 1111\r\nORG:Analytical Engines\r\nCATEGORIES:maths\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada King Lovelace\r\nEMAIL:ADA@Engines.example\r\n\
                 EMAIL:ada@home.example\r\nTEL:+44 2222\r\nORG:Other Ltd\r\nTITLE:Programmer\r\n\
                 CATEGORIES:poetry\r\nEND:VCARD\r\n";
    let file = write_file(&env, "twice.vcf", vcard);
    let report = import_quietly(&env, &[&file]);
    assert_eq!(summary(&report), counts("vcard", 1, 0, 0));
    assert_contacts(
        &env,
        vec![imported(json!({
            "id": 1,
            "name": "Ada Lovelace",
            "emails": ["ada@engines.example", "ada@home.example"],
            "phones": ["+44 1111", "+44 2222"],
            "company": "Analytical Engines",
            "title": "Programmer",
            "tags": ["maths", "poetry"],
        }))],
    );

    // LinkedIn rows with the same profile URL, written two ways.
    let env = Env::new();
    let csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
               Grace,Hopper,https://www.linkedin.com/in/grace-hopper,,US Navy,,02 Jan 2023\r\n\
               Grace,Hopper,http://linkedin.com/in/grace-hopper/,grace@navy.example,Other,Rear Admiral,03 Jan 2023\r\n";
    let file = write_file(&env, "Connections.csv", csv);
    let report = import_quietly(&env, &[&file]);
    assert_eq!(summary(&report), counts("linkedin", 1, 0, 0));
    assert_contacts(
        &env,
        vec![imported(json!({
            "id": 1,
            "name": "Grace Hopper",
            "emails": ["grace@navy.example"],
            "company": "US Navy",
            "title": "Rear Admiral",
            "linkedin": "https://www.linkedin.com/in/grace-hopper",
            "met_on": "2023-01-02",
        }))],
    );
}

#[test]
fn a_record_without_email_or_linkedin_matches_the_one_contact_of_that_name_sharing_a_phone() {
    // Same name (other case and spacing) and the same phone digits: updated.
    let env = Env::new();
    env.add("cHer ", &["--phone", "+1-555-010-0400", "--no-thank-you"]);
    let report =
        import_quietly(&env, &[&fixture("outlook-contacts.csv"), "--tag", "outlook", "--date-order", "mdy"]);
    assert_eq!(summary(&report), counts("outlook", 2, 1, 0));
    let cher = env.show("1");
    assert_eq!(strings(&cher["phones"]), ["+1-555-010-0400"]);
    assert_eq!(cher["tags"], json!(["outlook"]));

    // The existing one has no phone: updated, and the phone added.
    let env = Env::new();
    env.add("Cher", &["--no-thank-you"]);
    let report = import_quietly(&env, &[&fixture("outlook-contacts.csv"), "--date-order", "mdy"]);
    assert_eq!(summary(&report), counts("outlook", 2, 1, 0));
    assert_eq!(strings(&env.show("1")["phones"]), ["+1 555 010 0400"]);

    // Another phone: another person, added with a warning that points at dupes.
    let env = Env::new();
    env.add("Cher", &["--phone", "+1 555 999 9999"]);
    let (report, stderr) = import(&env, &[&fixture("outlook-contacts.csv"), "--date-order", "mdy"]);
    assert_eq!(summary(&report), counts("outlook", 3, 0, 0));
    assert_eq!(env.contacts().len(), 4);
    assert!(stderr.contains("1 contact added has the name of someone already here: Cher;"), "{stderr}");
    assert!(stderr.contains("netcrm dupes"), "{stderr}");

    // Two of that name who could both be the one: no guessing, a new contact.
    let env = Env::new();
    env.add("Cher", &[]);
    succeeds_with_stderr(&mut env.cmd(["add", "cher", "--phone", "+1 555 010 0400"]));
    let (report, stderr) = import(&env, &[&fixture("outlook-contacts.csv"), "--date-order", "mdy"]);
    assert_eq!(summary(&report), counts("outlook", 3, 0, 0));
    assert_eq!(env.contacts().len(), 5);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_record_matched_by_name_alone_keeps_its_accents_and_a_url_matches_in_any_form() {
    // Names are compared ignoring case and spacing, not accents: José is not Jose.
    let env = Env::new();
    env.add("José Díaz", &["--no-thank-you"]);
    env.add("Ada Lovelace", &["--linkedin", "https://www.linkedin.com/in/ada-lovelace/", "--no-thank-you"]);
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jose Diaz\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:JOSÉ  DÍAZ\r\nTITLE:Chef\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Augusta King\r\nTITLE:Countess\r\n\
               URL:http://linkedin.com/in/Ada-Lovelace?trk=x\r\nEND:VCARD\r\n";
    let file = write_file(&env, "people.vcf", vcf);
    let (report, stderr) = import(&env, &[&file]);
    assert_eq!(summary(&report), counts("vcard", 1, 2, 0));
    // Jose Diaz is added, and named: `dupes` folds accents, and will pair them.
    assert!(stderr.contains("1 contact added has the name of someone already here: Jose Diaz;"), "{stderr}");
    assert_eq!(env.show("1")["title"], "Chef");
    assert_eq!(env.show("2")["title"], "Countess");
    assert_eq!(env.contacts().len(), 3);
}

/// Rows another program writes (the sqlite3 shell, a script) have no folded name or
/// URL key: netcrm computes them on opening, so that imports still find those people.
#[test]
fn contacts_written_by_another_program_are_matched_by_their_url_and_name() {
    let env = Env::new();
    env.add("Grace Hopper", &["--no-thank-you"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "INSERT INTO contacts (name, linkedin, created_at, computed_on)
             VALUES ('Ada Lovelace', 'https://www.linkedin.com/in/ada-lovelace/', '2026-11-01', '2026-11-01'),
                    ('Cher', NULL, '2026-11-01', '2026-11-01');",
    )
    .unwrap();
    drop(conn);
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Augusta King\r\nTITLE:Countess\r\n\
               URL:linkedin.com/in/Ada-Lovelace\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:cher\r\nTITLE:Singer\r\nEND:VCARD\r\n";
    let file = write_file(&env, "people.vcf", vcf);
    let report = import_quietly(&env, &[&file]);
    assert_eq!(summary(&report), counts("vcard", 0, 2, 0));
    assert_eq!(env.show("Ada Lovelace")["title"], "Countess");
    assert_eq!(env.show("Cher")["title"], "Singer");
}

// ---- dry run, cadence, due ----------------------------------------------------------

#[test]
fn dry_run_reports_the_same_counts_and_contacts_and_writes_nothing() {
    let env = Env::new();
    env.add("Grace Hopper", &["--email", "grace@navy.example", "--no-thank-you"]);
    let before = env.contacts();
    let (dry, dry_stderr) = import(&env, &[&fixture("google-contacts.csv"), "--dry-run", "--tag", "g"]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(env.contacts(), before, "a dry run writes nothing");
    let text = succeeds_with_stderr(&mut env.cmd(["import", &fixture("google-contacts.csv"), "--dry-run"])).0;
    assert!(text.contains("would add 5, update 1, skip 0"), "{text}");
    assert!(text.contains("Nothing was written"), "{text}");
    assert_eq!(env.contacts(), before);

    let (real, real_stderr) = import(&env, &[&fixture("google-contacts.csv"), "--tag", "g"]);
    assert_eq!(real["dry_run"], false);
    assert_eq!(summary(&real), counts("google", 5, 1, 0));
    let mut dry_summary = summary(&dry);
    dry_summary["dry_run"] = json!(false);
    assert_eq!(dry_summary, summary(&real));
    assert_eq!(report_contacts(&dry), report_contacts(&real), "the dry run shows what would be");
    assert_eq!(dry_stderr, real_stderr);
    assert_eq!(env.contacts().len(), 6);
}

#[test]
fn import_cadence_option_sets_the_cadence_of_the_new_contacts() {
    let env = Env::new();
    let report = import_quietly(&env, &[&fixture("outlook.vcf"), "--cadence", "quarterly"]);
    assert_eq!(report["contacts"][0]["cadence"], "3m");
    let jane = env.show("1");
    assert_eq!(jane["cadence"], "3m");
    assert_eq!(jane["next_follow_up"], "2027-02-22", "a check-in three months after the import");
    assert_eq!(due_keys(&env, "92"), ["check-in-1"]);
    // An invalid cadence is an error, and nothing is written.
    let env = Env::new();
    fails(&mut env.cmd(["import", &fixture("outlook.vcf"), "--cadence", "sometimes"]), 1, "sometimes");
    assert!(env.contacts().is_empty());
}

#[test]
fn config_import_cadence_is_the_default_for_imports_and_default_cadence_does_not_wake_them() {
    let env = Env::new();
    env.ok(["config", "set", "import-cadence", "2w"]);
    let report = import_quietly(&env, &[&fixture("outlook.vcf")]);
    assert_eq!(report["contacts"][0]["cadence"], "2w");
    assert_eq!(due_keys(&env, "14"), ["check-in-1"]);
    assert_eq!(env.show("1")["next_follow_up"], "2026-12-06");

    // With the default `none`, changing default-cadence leaves imported people alone.
    let env = Env::new();
    import_quietly(&env, &[&fixture("outlook-contacts.csv"), "--date-order", "mdy"]);
    env.ok(["config", "set", "default-cadence", "1w"]);
    assert_only_due(&env, "60", &["birthday-1-2026"]);
}

#[test]
fn importing_an_address_book_adds_nothing_to_due_but_birthdays() {
    let env = Env::new();
    let report = import_quietly(&env, &[&fixture("outlook-contacts.csv"), "--date-order", "mdy"]);
    assert_eq!(report["added"], 3);
    assert!(env.ok(["due"]).contains("othing"), "the friendly empty line");
    assert_eq!(due_keys(&env, "60"), ["birthday-1-2026"]);
    let due = env.json(["due", "--within", "60"]);
    assert_eq!(due[0]["kind"], "birthday");
    assert_eq!(due[0]["due_on"], "2026-12-10");
}

// ---- skipped records, names, e-mails ---------------------------------------------

#[test]
fn records_without_name_company_or_email_are_skipped_and_reported_with_their_lines() {
    let env = Env::new();
    // Line 2's note spans two lines, so the later records start on lines 4 to 7.
    let csv = "First Name,Middle Name,Last Name,Organization Name,Notes,E-mail 1 - Value,Phone 1 - Value\n\
               Ada,,Lovelace,,\"two\nlines\",ada@engines.example,\n\
               ,,,,just a note,,+1 555 0100\n\
               ,,,Acme Corp,,,+1 555 0199\n\
               ,,,,,not-an-email ::: second@example.com,\n\
               ,,,,,bad@,\n";
    let file = write_file(&env, "google.csv", csv);
    let (report, stderr) = import(&env, &[&file]);
    assert_eq!(summary(&report), counts("google", 3, 0, 2));
    for text in [
        "line 4: no name, company or e-mail; skipped",
        "line 7: no name, company or e-mail; skipped",
        "invalid e-mail 'not-an-email' dropped",
        "invalid e-mail 'bad@' dropped",
    ] {
        assert!(stderr.contains(text), "stderr lacks {text:?}:\n{stderr}");
    }
    assert!(stderr.lines().all(|line| line.starts_with("warning: ")), "{stderr}");
    assert_eq!(stderr.lines().count(), 4, "{stderr}");
    assert_contacts(
        &env,
        vec![
            imported(json!({
                "id": 1,
                "name": "Ada Lovelace",
                "emails": ["ada@engines.example"],
                "notes": "two\nlines",
            })),
            // No name: the company, else the first (valid) e-mail.
            imported(
                json!({"id": 2, "name": "Acme Corp", "company": "Acme Corp", "phones": ["+1 555 0199"]}),
            ),
            imported(json!({"id": 3, "name": "second@example.com", "emails": ["second@example.com"]})),
        ],
    );
    // The text summary counts them too.
    let env = Env::new();
    let (stdout, _) = succeeds_with_stderr(&mut env.cmd(["import", &file]));
    assert!(stdout.contains("3 added, 0 updated, 2 skipped"), "{stdout}");

    // LinkedIn's preamble counts: the lines are the file's physical lines.
    let env = Env::new();
    let linkedin = "\u{feff}Notes:\r\n\"When exporting,\r\nsome are missing.\"\r\n\r\n\
                    First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
                    Ada,Lovelace,,,,,12 Mar 2024\r\n\
                    ,,https://www.linkedin.com/in/nameless,,,,01 Jan 2020\r\n\
                    ,,,,,Boss,\r\n";
    let file = write_file(&env, "Connections.csv", linkedin);
    let (report, stderr) = import(&env, &[&file]);
    assert_eq!(summary(&report), counts("linkedin", 1, 0, 2));
    assert!(stderr.contains("line 7: no name, company or e-mail; skipped"), "{stderr}");
    assert!(stderr.contains("line 8: no name, company or e-mail; skipped"), "{stderr}");

    // A vCard with no name, organisation or e-mail is reported at its BEGIN line.
    let env = Env::new();
    let vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nEND:VCARD\r\n\r\n\
                 BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n";
    let file = write_file(&env, "nameless.vcf", vcard);
    let (report, stderr) = import(&env, &[&file]);
    assert_eq!(summary(&report), counts("vcard", 1, 0, 1));
    assert!(stderr.contains("line 6: no name, company or e-mail; skipped"), "{stderr}");
}

// ---- failures ---------------------------------------------------------------------

#[test]
fn a_file_of_unknown_format_is_an_error_asking_for_format() {
    let env = Env::new();
    env.add("Ada Lovelace", &[]);
    let before = env.contacts();
    let file = write_file(&env, "people.txt", "name;email\nAda;ada@example.com\n");
    let stderr = env.fails(["import", &file], 1, "--format");
    assert!(stderr.contains("people.txt"), "{stderr}");
    let mut cmd = env.cmd(["import", "-"]);
    cmd.write_stdin("name;email\nAda;ada@example.com\n");
    fails(&mut cmd, 1, "--format");
    assert_eq!(env.contacts(), before);
    // An unknown --format value is the argument parser's: a usage error.
    env.fails(["import", &file, "--format", "excel"], 2, "excel");
}

#[test]
fn a_vcard_without_end_vcard_fails_and_writes_nothing() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@engines.example"]);
    let before = env.contacts();
    let vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nEMAIL:alan@example.com\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEMAIL:ada@engines.example\r\n";
    let file = write_file(&env, "broken.vcf", vcard);
    let stderr = env.fails(["import", &file], 1, "END:VCARD");
    assert!(stderr.contains("line 6"), "names the card's line: {stderr}");
    assert_eq!(env.contacts(), before);
    // A file read as another format than it is fails the same way.
    env.fails(["import", &fixture("iphone.vcf"), "--format", "linkedin"], 1, "iphone.vcf");
    assert_eq!(env.contacts(), before);
}

#[test]
fn an_invalid_json_backup_fails_and_writes_nothing() {
    let env = Env::new();
    let truncated =
        write_file(&env, "truncated.json", "{\"format\": \"netcrm\", \"version\": 1, \"contacts\": [");
    env.fails(["import", &truncated], 1, "truncated.json");
    assert!(env.contacts().is_empty());

    // A document that parses but whose interaction points at nobody: the contacts
    // before it must not be left behind.
    let source = Env::new();
    source.add("Ada Lovelace", &["--email", "ada@engines.example"]);
    source.add("Grace Hopper", &[]);
    let mut backup = parse_json(&source.ok(["export", "json"]));
    backup["interactions"][0]["contact_id"] = json!(99);
    let dangling = write_file(&env, "dangling.json", backup.to_string());
    let output = env.cmd(["import", &dangling]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stdout.is_empty());
    assert!(env.contacts().is_empty(), "a failed restore writes nothing");

    // An impossible date inside a contact.
    let mut backup = parse_json(&source.ok(["export", "json"]));
    backup["contacts"][1]["met_on"] = json!("2026-02-30");
    let bad_date = write_file(&env, "bad-date.json", backup.to_string());
    env.fails(["import", &bad_date], 1, "2026-02-30");
    assert!(env.contacts().is_empty());
}

#[test]
fn import_dash_reads_standard_input() {
    let env = Env::new();
    let mut cmd = env.cmd(["--json", "import", "-", "--tag", "stdin"]);
    cmd.write_stdin(std::fs::read(fixture("several.vcf")).unwrap());
    let (stdout, stderr) = succeeds_with_stderr(&mut cmd);
    let report = parse_json(&stdout);
    assert_eq!(summary(&report), counts("vcard", 4, 0, 0));
    assert!(stderr.contains("line 12: invalid birthday"), "{stderr}");
    let names: Vec<String> = env.contacts().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, ["Alan Turing", "Rosalind Franklin", "nobody@example.com", "Tim Berners-Lee"]);
    assert!(env.contacts().iter().all(|c| c["tags"].as_array().unwrap().contains(&json!("stdin"))));

    // Windows-1252 bytes on standard input are decoded too.
    let env = Env::new();
    let mut cmd = env.cmd(["--json", "import", "-"]);
    cmd.write_stdin(std::fs::read(fixture("outlook-contacts-1252.csv")).unwrap());
    let (stdout, stderr) = succeeds_with_stderr(&mut cmd);
    assert_eq!(summary(&parse_json(&stdout)), counts("outlook", 2, 0, 0));
    assert!(stderr.starts_with("warning: ") && stderr.contains("Windows-1252"), "{stderr}");
    assert_eq!(env.show("1")["name"], "Zoë Müller");
}

#[test]
fn utf16_files_with_a_byte_order_mark_are_read_without_a_warning() {
    let text = std::fs::read_to_string(fixture("linkedin-connections.csv")).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let little: Vec<u8> =
        [0xff, 0xfe].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let big: Vec<u8> =
        [0xfe, 0xff].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    let reference = Env::new();
    import_quietly(&reference, &[&fixture("linkedin-connections.csv")]);
    for (name, bytes) in [("le.csv", little), ("be.csv", big)] {
        let env = Env::new();
        let file = write_file(&env, name, bytes);
        let report = import_quietly(&env, &[&file]);
        assert_eq!(summary(&report), counts("linkedin", 6, 0, 0), "{name}");
        assert_eq!(env.contacts(), reference.contacts(), "{name}");
    }
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let env = Env::new();
    env.fails(["import", "no-such-file.csv"], 1, "no-such-file.csv");
    env.fails(["import"], 2, "");
}

#[test]
fn a_large_file_imports_and_shows_no_progress_bar_off_a_terminal() {
    let env = Env::new();
    let mut csv = String::from("First Name,Middle Name,Last Name,Organization Name,E-mail 1 - Value\n");
    for i in 0..600 {
        csv.push_str(&format!("Person,,Number {i},Company {},person{i}@example.com\n", i % 7));
    }
    let file = write_file(&env, "many.csv", csv);
    let report = import_quietly(&env, &[&file]);
    assert_eq!(summary(&report), counts("google", 600, 0, 0));
    assert!(due_keys(&env, "60").is_empty());
    assert_eq!(summary(&import_quietly(&env, &[&file])), counts("google", 0, 0, 0));
}

/// Issue 9: a phone's address book (no e-mails, many people of the same name) took
/// time quadratic in its size, as each record read every same-named contact back from
/// the database. 3,000 such cards took minutes; now about a second in a debug build.
#[test]
fn r9_same_named_cards_without_email_import_in_linear_time() {
    let env = Env::new();
    let mut vcf = String::new();
    for i in 0..3000 {
        vcf.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo Smith\r\nTEL:+1 555 {i:07}\r\nEND:VCARD\r\n"
        ));
    }
    let file = write_file(&env, "phone.vcf", vcf);
    let started = std::time::Instant::now();
    let (report, stderr) = import(&env, &[&file]);
    assert_eq!(summary(&report), counts("vcard", 3000, 0, 0));
    assert_eq!(
        stderr,
        format!(
            "warning: {file}: 2,999 contacts added have the name of someone already here: Jo Smith (2,999 of \
             them); netcrm dupes lists them to merge or tell apart\n"
        )
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(60), "{:?}", started.elapsed());
}

// ---- export -----------------------------------------------------------------------

/// Grace with formula-looking cells, and Ada tagged `rust`.
fn formula_env() -> Env {
    let env = Env::new();
    env.add(
        "Grace Hopper",
        &[
            "--company",
            "@SUM(1)",
            "--phone",
            "+1 (555) 010-0200",
            "--note",
            "=HYPERLINK(\"http://evil.example\",\"click\")",
            "--title",
            "-Admiral-",
            "--tag",
            "+1 club",
            "--birthday",
            "--12-09",
            "--no-thank-you",
        ],
    );
    env.add("Ada Lovelace", &["--email", "ada@engines.example", "--tag", "rust", "--no-thank-you"]);
    env
}

#[test]
fn export_csv_prints_the_exact_header_and_lf_line_ends() {
    let env = Env::new();
    assert_eq!(env.ok(["export", "csv"]), format!("{CSV_HEADER}\n"));
    let env = formula_env();
    let text = env.ok(["export", "csv"]);
    assert!(text.starts_with(&format!("{CSV_HEADER}\n")), "{text}");
    assert!(!text.contains('\r'));
    assert_eq!(text.lines().count(), 3);
}

#[test]
fn export_csv_neutralises_formula_cells_but_not_phone_numbers_and_raw_turns_it_off() {
    let env = formula_env();
    let rows = csv_rows(&env.ok(["export", "csv"]));
    let grace = &rows[1];
    assert_eq!(grace[1], "Grace Hopper");
    assert_eq!(grace[3], "+1 (555) 010-0200", "a phone number cannot call anything");
    assert_eq!(grace[4], "'@SUM(1)");
    assert_eq!(grace[5], "'-Admiral-");
    assert_eq!(grace[7], "'+1 club");
    assert_eq!(grace[13], "--12-09", "a yearless birthday is left alone");
    assert_eq!(grace[16], "'=HYPERLINK(\"http://evil.example\",\"click\")");

    let rows = csv_rows(&env.ok(["export", "csv", "--raw"]));
    let grace = &rows[1];
    assert_eq!(grace[3], "+1 (555) 010-0200");
    assert_eq!(grace[4], "@SUM(1)");
    assert_eq!(grace[5], "-Admiral-");
    assert_eq!(grace[7], "+1 club");
    assert_eq!(grace[16], "=HYPERLINK(\"http://evil.example\",\"click\")");

    // Read back, the guards come off again.
    let other = Env::new();
    let file = write_file(&other, "guarded.csv", env.ok(["export", "csv"]));
    import_quietly(&other, &[&file]);
    let shown = other.show("Grace Hopper");
    assert_eq!(shown["company"], "@SUM(1)");
    assert_eq!(shown["title"], "-Admiral-");
    assert_eq!(shown["tags"], json!(["+1 club"]));
    assert_eq!(shown["notes"], "=HYPERLINK(\"http://evil.example\",\"click\")");
}

#[test]
fn export_tag_filters_the_contacts() {
    let env = formula_env();
    let rows = csv_rows(&env.ok(["export", "csv", "--tag", "rust"]));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][1], "Ada Lovelace");
    let rows = csv_rows(&env.ok(["export", "csv", "--tag", "RUST"]));
    assert_eq!(rows.len(), 2, "tags match without case");
    assert_eq!(csv_rows(&env.ok(["export", "csv", "--tag", "rust", "--tag", "+1 club"])).len(), 1);
    let cards = env.ok(["export", "vcard", "--tag", "+1 club"]);
    assert_eq!(cards.matches("BEGIN:VCARD").count(), 1);
    assert!(cards.contains("\r\nFN:Grace Hopper\r\n"), "{cards}");
}

#[test]
fn export_output_writes_a_private_file_and_reports_format_output_and_count() {
    let env = formula_env();
    let path: PathBuf = env.dir().join("contacts.csv");
    let path_text = path.display().to_string();
    let report = env.json(["export", "csv", "--output", &path_text]);
    assert_eq!(report, json!({"format": "csv", "output": path_text, "count": 2}));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), env.ok(["export", "csv"]));

    // An existing, world-readable file is replaced whole and made private.
    let cards = env.dir().join("people.vcf");
    std::fs::write(&cards, "old contents that are much longer than nothing at all\n".repeat(100)).unwrap();
    std::fs::set_permissions(&cards, std::fs::Permissions::from_mode(0o644)).unwrap();
    let cards_text = cards.display().to_string();
    let report = env.json(["export", "vcard", "--tag", "rust", "-o", &cards_text]);
    assert_eq!(report, json!({"format": "vcard", "output": cards_text, "count": 1}));
    assert_eq!(std::fs::metadata(&cards).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::read_to_string(&cards).unwrap(), env.ok(["export", "vcard", "--tag", "rust"]));

    // Without --json, one confirmation line; the ics count is of follow-ups.
    let ics = env.dir().join("due.ics").display().to_string();
    let line = env.ok(["export", "ics", "--output", &ics, "--within", "20"]);
    assert_eq!(line, format!("Wrote 1 follow-up to {ics} (ics).\n"));
    let report = env.json(["export", "json", "--output", &env.dir().join("b.json").display().to_string()]);
    assert_eq!(report["count"], 2);
    assert_eq!(report["format"], "json");
}

#[test]
fn export_options_that_do_not_fit_the_format_are_usage_errors() {
    let env = formula_env();
    let out = env.dir().join("out").display().to_string();
    for (args, text) in [
        (vec!["export", "csv", "--within", "3"], "--within"),
        (vec!["export", "vcard", "--within", "3"], "--within"),
        (vec!["export", "json", "--within", "3"], "--within"),
        (vec!["export", "vcard", "--raw"], "--raw"),
        (vec!["export", "ics", "--raw"], "--raw"),
        (vec!["export", "json", "--tag", "x"], "--tag"),
        (vec!["export", "csv", "--vcard-version", "4.0"], "--vcard-version"),
        (vec!["export", "ics", "--vcard-version", "3.0"], "--vcard-version"),
        (vec!["export", "vcard", "--vcard-version", "2.1"], "2.1"),
        (vec!["export", "xml"], "xml"),
        (vec!["export", "csv", "--within", "3", "--output", &out], "--within"),
    ] {
        env.fails(&args, 2, text);
    }
    assert!(!std::path::Path::new(&out).exists(), "a usage error writes no file");
    // A folder that does not exist is an I/O failure.
    let missing = env.dir().join("no-such-folder").join("out.csv").display().to_string();
    env.fails(["export", "csv", "--output", &missing], 1, "no-such-folder");
}

#[test]
fn export_vcard_has_crlf_lines_of_at_most_75_octets_and_a_uid_per_card() {
    let env = Env::new();
    let long_note = "Zoë Ångström — Université de Genève; ünïcödé everywhere, ☃ and 漢字 too. ".repeat(6);
    let long_note = long_note.trim();
    env.add(
        "Zoë Ångström",
        &[
            "--email",
            "zoe@unige.example",
            "--company",
            "Université de Genève, Département de physique théorique; bâtiment Ernest-Ansermet",
            "--note",
            long_note,
            "--tag",
            "physique",
        ],
    );
    env.add("Cher", &[]);
    env.add("Ada Lovelace", &["--email", "ada@engines.example"]);
    for version in ["3.0", "4.0"] {
        let text = env.ok(["export", "vcard", "--vcard-version", version]);
        let lines = crlf_lines(&text);
        for line in &lines {
            assert!(line.len() <= 75, "a line of {} octets: {line:?}", line.len());
        }
        assert_eq!(text.matches("BEGIN:VCARD\r\n").count(), 3);
        assert!(text.contains(&format!("\r\nVERSION:{version}\r\n")));
        let unfolded = unfold(&text);
        let uids: Vec<&str> = unfolded.split("\r\n").filter(|l| l.starts_with("UID:")).collect();
        assert_eq!(uids.len(), 3, "{text}");
        let distinct: std::collections::BTreeSet<&&str> = uids.iter().collect();
        assert_eq!(distinct.len(), 3, "{uids:?}");
        // Folding did not split a character: the note reads back whole.
        let other = Env::new();
        let file = write_file(&other, "cards.vcf", &text);
        import_quietly(&other, &[&file]);
        assert_eq!(other.show("1")["notes"], long_note);
    }
    // The same contacts give the same bytes.
    assert_eq!(env.ok(["export", "vcard"]), env.ok(["export", "vcard"]));
}

// ---- export ics ---------------------------------------------------------------------

/// Follow-ups spread over two months, one overdue and one snoozed.
fn follow_up_env() -> Env {
    let env = Env::new();
    ok_on(&env, "2026-11-01", &["add", "Ada Lovelace", "--met-at", "RustConf"]); // thank-you 11-03
    ok_on(&env, "2026-11-10", &["add", "Charles Babbage"]); // thank-you 11-12, snoozed
    ok_on(&env, "2026-11-20", &["snooze", "thank-you-2", "--until", "2026-12-01"]);
    env.add("Grace Hopper", &["--no-thank-you", "--cadence", "none", "--birthday", "--12-09"]);
    env.ok(["remind", "grace", "Send the COBOL paper", "--in", "5d"]);
    env.ok(["remind", "ada", "Ask about the engine, and the notes", "--on", "2027-01-10"]);
    env.add("Linus Torvalds", &[]); // thank-you 11-24
    env
}

/// (UID, DTSTART, DTEND, SUMMARY, DESCRIPTION) of each VEVENT, unfolded.
fn events(ics: &str) -> Vec<[String; 5]> {
    events_stamped(ics, "20261122T000000Z")
}

/// The same, with DTSTAMP `stamp` (today at midnight UTC).
fn events_stamped(ics: &str, stamp: &str) -> Vec<[String; 5]> {
    let unfolded = unfold(ics);
    let mut events = Vec::new();
    for block in unfolded.split("BEGIN:VEVENT\r\n").skip(1) {
        let block = block.split("END:VEVENT\r\n").next().unwrap();
        let field = |name: &str| {
            block
                .split("\r\n")
                .find_map(|line| line.strip_prefix(name))
                .unwrap_or_else(|| panic!("no {name} in {block}"))
                .to_string()
        };
        assert_eq!(field("DTSTAMP:"), stamp);
        events.push([
            field("UID:"),
            field("DTSTART;VALUE=DATE:"),
            field("DTEND;VALUE=DATE:"),
            field("SUMMARY:"),
            field("DESCRIPTION:"),
        ]);
    }
    events
}

#[test]
fn export_ics_with_a_tag_holds_only_the_follow_ups_of_those_tagged() {
    let env = follow_up_env();
    env.ok(["edit", "ada", "--tag", "rust"]);
    env.ok(["edit", "linus", "--tag", "rust"]);
    let keys = |args: &[&str]| events(&env.ok(args)).into_iter().map(|e| e[0].clone()).collect::<Vec<_>>();
    assert_eq!(
        keys(&["export", "ics", "--within", "60", "--tag", "rust"]),
        ["thank-you-1@netcrm", "thank-you-4@netcrm", "reminder-2@netcrm"]
    );
    assert_eq!(keys(&["export", "ics", "--within", "60", "--tag", "nobody"]), Vec::<String>::new());
}

fn compact(date: &str) -> String {
    date.replace('-', "")
}

#[test]
fn export_ics_holds_the_same_items_as_due_within_with_uids_from_their_keys() {
    let env = follow_up_env();
    for within in ["0", "3", "30", "60"] {
        let ics = env.ok(["export", "ics", "--within", within]);
        let lines = crlf_lines(&ics);
        assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
        assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
        assert!(lines.iter().all(|line| line.len() <= 75), "{ics}");
        let due = env.json(["due", "--within", within]);
        let due = due.as_array().unwrap();
        let events = events(&ics);
        assert_eq!(events.len(), due.len(), "--within {within}:\n{ics}");
        for (event, item) in events.iter().zip(due) {
            let key = item["key"].as_str().unwrap();
            let due_on = item["due_on"].as_str().unwrap();
            assert_eq!(event[0], format!("{key}@netcrm"));
            assert_eq!(event[1], compact(due_on), "{key}: at its original date");
            let next = chrono::NaiveDate::parse_from_str(due_on, "%Y-%m-%d").unwrap().succ_opt().unwrap();
            assert_eq!(event[2], next.format("%Y%m%d").to_string(), "{key}: DTEND the next day");
            let kind = item["kind"].as_str().unwrap();
            let contact = item["contact"].as_str().unwrap();
            assert_eq!(event[3], format!("{kind}: {contact}"));
            assert!(event[4].contains(&format!("netcrm done {key}")), "{}", event[4]);
        }
        assert!(!ics.contains("thank-you-2"), "a snoozed item is left out");
    }
    // The items themselves, to be sure the comparison covers something.
    let keys = |ics: &str| events(ics).into_iter().map(|e| e[0].clone()).collect::<Vec<_>>();
    assert_eq!(keys(&env.ok(["export", "ics", "--within", "0"])), ["thank-you-1@netcrm"]);
    assert_eq!(
        keys(&env.ok(["export", "ics", "--within", "60"])),
        [
            "thank-you-1@netcrm",
            "thank-you-4@netcrm",
            "reminder-1@netcrm",
            "birthday-3-2026@netcrm",
            "reminder-2@netcrm",
        ]
    );
    let overdue = &events(&env.ok(["export", "ics"]))[0];
    assert_eq!(overdue[1], "20261103", "an overdue item at its original date");
    // The reason is in the description, text escaped (`,` as `\,`).
    let far = events(&env.ok(["export", "ics", "--within", "60"]));
    assert!(far[4][4].contains("Ask about the engine\\, and the notes"), "{}", far[4][4]);
    // After the snooze date the item is back, at its original due date.
    let later = succeeds(env.cmd(["export", "ics", "--within", "0"]).env("NETCRM_TODAY", "2026-12-02"));
    let due = succeeds(env.cmd(["--json", "due"]).env("NETCRM_TODAY", "2026-12-02"));
    let due_keys: Vec<String> = parse_json(&due)
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}@netcrm", f["key"].as_str().unwrap()))
        .collect();
    let later = events_stamped(&later, "20261202T000000Z");
    let uids: Vec<&str> = later.iter().map(|e| e[0].as_str()).collect();
    assert_eq!(uids, due_keys);
    let charles = later.iter().find(|e| e[0] == "thank-you-2@netcrm").expect("the snoozed item is back");
    assert_eq!(charles[1], "20261112");
}

#[test]
fn export_ics_defaults_to_30_days() {
    let env = follow_up_env();
    let default = env.ok(["export", "ics"]);
    assert_eq!(default, env.ok(["export", "ics", "--within", "30"]));
    let uids: Vec<String> = events(&default).into_iter().map(|e| e[0].clone()).collect();
    assert_eq!(
        uids,
        ["thank-you-1@netcrm", "thank-you-4@netcrm", "reminder-1@netcrm", "birthday-3-2026@netcrm"],
        "the reminder 49 days away is left out"
    );
    // An empty calendar is still a calendar.
    let empty = Env::new().ok(["export", "ics"]);
    assert!(empty.starts_with("BEGIN:VCALENDAR\r\n") && empty.ends_with("END:VCALENDAR\r\n"), "{empty}");
    assert!(events(&empty).is_empty());
}

// ---- round trips ------------------------------------------------------------------

/// Three contacts with every field `add` and `edit` take; Ada is introduced by
/// Charles, who comes after her, and Charles by Grace.
fn every_field_env() -> Env {
    let env = Env::new();
    env.add(
        "Ada King Lovelace",
        &[
            "--email",
            "ada@engines.example",
            "--email",
            "ada@home.example",
            "--phone",
            "+44 20 7946 0000",
            "--phone",
            "+44 7700 900123",
            "--company",
            "Analytical Engines, Ltd.",
            "--title",
            "Programmer",
            "--linkedin",
            "https://www.linkedin.com/in/ada-lovelace-1815",
            "--met-at",
            "PyCon \"hallway\" track",
            "--met-on",
            "2026-11-20",
            "--how",
            "Talked about Note G; then, poetry",
            "--tag",
            "conference",
            "--tag",
            "rotary",
            "--note",
            "Loves poetry.\nSend her the Bernoulli paper.",
            "--birthday",
            "1815-12-10",
            "--cadence",
            "2w",
        ],
    );
    env.add(
        "Grace Hopper",
        &[
            "--email",
            "grace@navy.example",
            "--phone",
            "+1 (555) 010-0200",
            "--company",
            "@Navy",
            "--title",
            "-Admiral-",
            "--tag",
            "+1 club",
            "--note",
            "=SUM(A1:A3)",
            "--birthday",
            "--12-09",
            "--no-thank-you",
        ],
    );
    env.add(
        "Charles Babbage",
        &["--introduced-by", "grace", "--name-ok", "--cadence", "none", "--linkedin", "linkedin.com/in/cb"],
    );
    env.ok(["edit", "ada", "--introduced-by", "charles"]);
    env
}

/// `netcrm --db DB ARGS`, expecting success with nothing on stderr.
fn ok_db(env: &Env, db: &str, args: &[&str]) -> String {
    let mut cmd = env.cmd(["--db", db]);
    cmd.args(args);
    succeeds(&mut cmd)
}

#[test]
fn csv_round_trip_through_an_empty_database_gives_the_same_bytes() {
    let env = every_field_env();
    let first = env.ok(["export", "csv"]);
    let file = write_file(&env, "first.csv", &first);

    // Into an empty database (`--db`): same ids, same fields, no interactions.
    let second_db = env.dir().join("second.db").display().to_string();
    let report = parse_json(&ok_db(&env, &second_db, &["--json", "import", &file]));
    assert_eq!(summary(&report), counts("netcrm", 3, 0, 0));
    let second = ok_db(&env, &second_db, &["export", "csv"]);

    // The contacts are the same; only the derived columns differ, since the `met`
    // interactions that `add` recorded are history, which CSV does not carry.
    let (rows_first, rows_second) = (csv_rows(&first), csv_rows(&second));
    assert_eq!(rows_first.len(), 4);
    assert_eq!(rows_first[0].join(","), CSV_HEADER);
    let without_derived = |rows: &[Vec<String>]| -> Vec<Vec<String>> {
        rows.iter().map(|r| [&r[..14], &r[16..]].concat()).collect()
    };
    assert_eq!(without_derived(&rows_first), without_derived(&rows_second));
    assert_eq!(rows_second[1][14], "", "no last_contact after an import");

    // A database whose contacts have no interactions gives the same bytes again.
    let third = Env::new();
    let file = write_file(&third, "second.csv", &second);
    import_quietly(&third, &[&file]);
    assert_eq!(third.ok(["export", "csv"]), second);

    // The ids and introducers were kept.
    let ada = third.show("1");
    assert_eq!(ada["name"], "Ada King Lovelace");
    assert_eq!(ada["introduced_by"], 3);
    assert_eq!(third.show("3")["introduced_by"], 2);
}

#[test]
fn netcrm_csv_into_a_non_empty_database_gets_new_ids_and_remapped_introducers() {
    let env = every_field_env();
    let file = write_file(&env, "export.csv", env.ok(["export", "csv"]));
    let other = Env::new();
    other.add("Someone Else", &["--email", "someone@example.com"]);
    other.add("Another Person", &[]);
    let report = import_quietly(&other, &[&file]);
    assert_eq!(summary(&report), counts("netcrm", 3, 0, 0));
    let contacts = other.contacts();
    let pairs: Vec<(i64, &str, Value)> = contacts
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), c["name"].as_str().unwrap(), c["introduced_by"].clone()))
        .collect();
    assert_eq!(
        pairs,
        [
            (1, "Someone Else", Value::Null),
            (2, "Another Person", Value::Null),
            (3, "Ada King Lovelace", json!(5)),
            (4, "Grace Hopper", Value::Null),
            (5, "Charles Babbage", json!(4)),
        ]
    );
    assert_eq!(other.show("Ada King Lovelace")["cadence"], "2w");
    assert_eq!(other.show("Charles Babbage")["cadence"], "none");
    assert_eq!(other.show("Grace Hopper")["cadence"], Value::Null);
}

/// The fields a vCard carries, for comparing contacts across a round trip.
fn vcard_fields(contact: &Value) -> Value {
    let mut fields = json!({});
    for key in ["name", "emails", "phones", "company", "title", "linkedin", "tags", "notes", "birthday"] {
        fields[key] = contact[key].clone();
    }
    tags_sorted(fields)
}

#[test]
fn vcard_round_trip_keeps_names_emails_phones_company_title_linkedin_tags_notes_and_birthday() {
    let env = every_field_env();
    env.add(
        "Zoë Ångström",
        &[
            "--email",
            "zoe@unige.example",
            "--company",
            "Université de Genève; Physique",
            "--tag",
            "maths, logic",
            "--note",
            &"Une très longue note, avec des virgules; des points-virgules\\ et des accents. ".repeat(4),
            "--birthday",
            "--02-29",
        ],
    );
    env.add("Cher", &[]);
    let before: Vec<Value> = env.contacts().iter().map(vcard_fields).collect();
    assert_eq!(before.len(), 5);
    for version in ["3.0", "4.0"] {
        let other = Env::new();
        let file = write_file(&other, "cards.vcf", env.ok(["export", "vcard", "--vcard-version", version]));
        let report = import_quietly(&other, &[&file]);
        assert_eq!(summary(&report), counts("vcard", 5, 0, 0), "vCard {version}");
        let after: Vec<Value> = other.contacts().iter().map(vcard_fields).collect();
        assert_eq!(after, before, "vCard {version}");
        // And exported again, the same cards (the UIDs travel with them).
        assert_eq!(
            other.ok(["export", "vcard", "--vcard-version", version]),
            env.ok(["export", "vcard", "--vcard-version", version]),
            "vCard {version}"
        );
    }
}

/// A database with history: introductions, a temporary cadence, interactions,
/// reminders done and open, a snooze, completed follow-ups and changed settings.
fn rich_env() -> Env {
    let env = Env::new();
    ok_on(&env, "2026-10-01", &["config", "set", "thank-you-within", "3d"]);
    ok_on(&env, "2026-10-01", &["config", "set", "default-cadence", "6w"]);
    ok_on(&env, "2026-10-01", &["config", "set", "import-cadence", "quarterly"]);
    let on = |day: &str, args: &[&str]| ok_on(&env, day, args);
    on(
        "2026-10-01",
        &[
            "add",
            "Ada Lovelace",
            "--email",
            "ada@engines.example",
            "--phone",
            "+44 7700 900123",
            "--company",
            "Analytical Engines",
            "--tag",
            "rust",
            "--birthday",
            "1815-12-10",
            "--met-at",
            "RustConf",
            "--how",
            "Talked about Note G",
        ],
    );
    on("2026-10-01", &["add", "Charles Babbage", "--introduced-by", "ada", "--name-ok"]);
    on("2026-10-02", &["log", "ada", "--kind", "thank-you", "--note", "a card"]);
    on("2026-10-04", &["done", "thank-you-2", "--note", "e-mail"]);
    on("2026-10-05", &["add", "Grace Hopper", "--no-thank-you", "--birthday", "--12-09", "--cadence", "1m"]);
    on("2026-10-05", &["edit", "grace", "--cadence", "1w", "--cadence-until", "2026-12-15"]);
    on("2026-10-12", &["done", "check-in-3"]);
    on("2026-10-20", &["log", "grace", "--kind", "call", "--note", "about COBOL"]);
    on("2026-11-01", &["add", "Linus Torvalds", "--email", "linus@kernel.example"]);
    on("2026-11-01", &["remind", "ada", "Send the engine drawings", "--on", "2026-11-10"]);
    on("2026-11-01", &["remind", "grace", "Ask about the Bernoulli paper", "--on", "2026-12-01"]);
    on("2026-11-01", &["remind", "charles", "Return the book", "--on", "2026-11-30"]);
    on("2026-11-12", &["done", "reminder-1"]);
    on("2026-11-20", &["snooze", "thank-you-4", "--until", "2026-11-29"]);
    on("2026-11-20", &["rm", "--yes", "charles"]);
    on("2026-11-21", &["add", "Alan Turing", "--introduced-by", "ada"]);
    env
}

#[test]
fn json_backup_restored_into_an_empty_database_exports_the_same_document_and_follow_ups() {
    let env = rich_env();
    let document = env.ok(["export", "json"]);
    let backup = parse_json(&document);
    // The backup really holds all of it.
    assert_eq!(backup["format"], "netcrm");
    assert_eq!(backup["version"], 1);
    assert_eq!(backup["contacts"].as_array().unwrap().len(), 4);
    assert!(backup["interactions"].as_array().unwrap().len() >= 6, "{backup}");
    let reminders = backup["reminders"].as_array().unwrap();
    assert_eq!(reminders.len(), 2, "Charles's went with him: {reminders:?}");
    assert_eq!(reminders[0]["done_on"], "2026-11-12");
    assert_eq!(reminders[1]["done_on"], Value::Null);
    assert_eq!(backup["snoozes"], json!([{"key": "thank-you-4", "until": "2026-11-29"}]));
    assert_eq!(
        backup["completed"],
        json!([
            {"key": "check-in-3", "due_on": "2026-10-12", "done_on": "2026-10-12"},
            {"key": "reminder-1", "due_on": "2026-11-10", "done_on": "2026-11-12"},
        ])
    );
    assert_eq!(
        backup["settings"],
        json!({
            "thank-you-within": "3d",
            "default-cadence": "6w",
            "import-cadence": "3m",
            "chase-after": "7d",
            "thank-again-after": "3m",
            "no-reply-after": "7d",
            "dormant-after": "1y",
            "reconnect-per-week": "2"
        })
    );
    let grace = &backup["contacts"][1];
    assert_eq!(grace["name"], "Grace Hopper");
    assert_eq!(grace["temporary_cadence"], "1w");
    assert_eq!(grace["cadence_until"], "2026-12-15");
    assert_eq!(backup["contacts"][3]["introduced_by"], 1);

    let due_before = env.json(["due", "--within", "60"]);
    assert!(due_before.as_array().unwrap().len() >= 4, "{due_before}");
    let list_before = env.json(["list", "--sort", "added"]);

    let restored = Env::new();
    let file = write_file(&restored, "backup.json", &document);
    let report = import_quietly(&restored, &[&file]);
    assert_eq!(summary(&report), counts("json", 4, 0, 0));
    assert_eq!(restored.ok(["export", "json"]), document, "the same document");
    assert_eq!(restored.json(["due", "--within", "60"]), due_before);
    assert_eq!(restored.json(["list", "--sort", "added"]), list_before);
    for id in ["1", "3", "4", "5"] {
        assert_eq!(restored.show(id), env.show(id), "show {id}");
    }
    // Ids are never reused, even after a restore: the next contact is #6.
    assert_eq!(restored.add("Someone New", &[]), 6);

    // A dry run of the restore says the same and writes nothing.
    let dry = Env::new();
    let (report, _) = import(&dry, &[&file, "--dry-run"]);
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["added"], 4);
    assert!(dry.contacts().is_empty());

    // `--format json` from standard input works the same.
    let piped = Env::new();
    let mut cmd = piped.cmd(["import", "-", "--format", "json"]);
    cmd.write_stdin(document.clone());
    succeeds(&mut cmd);
    assert_eq!(piped.ok(["export", "json"]), document);
}

#[test]
fn a_backup_is_restored_whatever_the_order_of_its_fields() {
    // The restore writes each record as it reads it: records that come before the
    // contacts (a hand-edited file) wait for them.
    let env = rich_env();
    let document = env.ok(["export", "json"]);
    let backup = parse_json(&document);
    let mut reversed = serde_json::Map::new();
    for (key, value) in backup.as_object().unwrap().iter().rev() {
        reversed.insert(key.clone(), value.clone());
    }
    let text = Value::Object(reversed).to_string();
    assert!(text.starts_with("{\"settings\""), "{text}");
    let restored = Env::new();
    let file = write_file(&restored, "reversed.json", &text);
    let report = import_quietly(&restored, &[&file]);
    assert_eq!(summary(&report), counts("json", 4, 0, 0));
    assert_eq!(restored.ok(["export", "json"]), document, "the same document");
}

#[test]
fn a_backup_with_bytes_that_are_not_utf8_reads_them_as_windows_1252_naming_the_line() {
    let env = rich_env();
    let document = env.ok(["export", "json"]);
    let at = document.find("\"notes\": null").expect("a contact without notes");
    let line = document[..at].matches('\n').count() + 1;
    let mut bytes = document.as_bytes()[..at].to_vec();
    bytes.extend_from_slice(b"\"notes\": \"caf\xe9 \x93cr\xe8me\x94\"");
    bytes.extend_from_slice(&document.as_bytes()[at + "\"notes\": null".len()..]);
    let restored = Env::new();
    let file = write_file(&restored, "ansi.json", &bytes);
    let (report, stderr) = import(&restored, &[&file]);
    assert_eq!(summary(&report), counts("json", 4, 0, 0));
    assert_eq!(stderr, format!("warning: {file}: line {line}: not valid UTF-8; read it as Windows-1252\n"));
    let notes: Vec<Value> = restored.contacts().iter().map(|c| c["notes"].clone()).collect();
    assert!(notes.contains(&json!("café “crème”")), "{notes:?}");
}

#[test]
fn a_backup_record_naming_a_contact_it_does_not_hold_is_named_and_nothing_is_written() {
    let env = rich_env();
    let backup = parse_json(&env.ok(["export", "json"]));
    let interaction = backup["interactions"][0]["id"].as_i64().unwrap();
    let mut dangling = backup.clone();
    dangling["interactions"][0]["contact_id"] = json!(999);
    let mut introducer = backup.clone();
    let contact = introducer["contacts"][0]["id"].as_i64().unwrap();
    introducer["contacts"][0]["introduced_by"] = json!(999);
    for (name, document, place) in [
        ("dangling.json", dangling, format!("interaction {interaction}")),
        ("introducer.json", introducer, format!("contact {contact}'s introducer")),
    ] {
        let restored = Env::new();
        let file = write_file(&restored, name, document.to_string());
        let stderr = restored.fails(["import", &file], 1, "not a valid netcrm backup");
        assert!(stderr.contains(&format!("{place}: names a contact that is not in the backup")), "{stderr}");
        assert_eq!(restored.contacts(), Vec::<Value>::new(), "nothing written");
    }
}

#[test]
fn json_backup_into_a_non_empty_database_is_refused_and_writes_nothing() {
    let env = rich_env();
    let document = env.ok(["export", "json"]);
    let other = Env::new();
    other.add("Someone Else", &["--email", "someone@example.com"]);
    let before = other.ok(["export", "json"]);
    let file = write_file(&other, "backup.json", &document);
    other.fails(["import", &file], 1, "empty");
    other.fails(["import", &file, "--dry-run"], 1, "empty");
    assert_eq!(other.ok(["export", "json"]), before);
    // Into itself, too.
    let own = write_file(&env, "own.json", &document);
    env.fails(["import", &own], 1, "empty");
    assert_eq!(env.ok(["export", "json"]), document);
}

#[test]
fn json_backup_with_tag_or_cadence_is_a_usage_error() {
    let env = rich_env();
    let empty = Env::new();
    let file = write_file(&empty, "backup.json", env.ok(["export", "json"]));
    empty.fails(["import", &file, "--tag", "x"], 2, "--tag");
    empty.fails(["import", &file, "--cadence", "2w"], 2, "--cadence");
    assert!(empty.contacts().is_empty());
}

// ---------------------------------------------------------------------------
// Issue 30: an import into a network matches as into an empty one, and stores the
// follow-ups of those it adds as it goes.
// ---------------------------------------------------------------------------

/// The same file imported again into a network matches every row to the contact
/// the first import added or filled in: nothing added, nothing changed; and the
/// follow-ups stored after each are what the rules give.
#[test]
fn a_file_imported_again_into_a_network_matches_every_row_exactly() {
    let env = Env::new();
    for i in 0..300 {
        env.ok([
            "add",
            &format!("Member {i}"),
            "--email",
            &format!("m{i}@example.com"),
            "--company",
            "Guild",
        ]);
    }
    env.add("Grace Hopper", &["--company", "Navy"]);
    let mut csv = String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    csv.push_str("Grace,Hopper,https://www.linkedin.com/in/grace,,Navy,Rear Admiral,12 Mar 2024\n");
    for i in 0..400 {
        // Members by e-mail (every third with one), newcomers by URL.
        let email = if i % 3 == 0 { format!("m{i}@example.com") } else { String::new() };
        csv.push_str(&format!(
            "Person,{i},https://www.linkedin.com/in/p{i},{email},Acme,Engineer,12 Mar 2024\n"
        ));
    }
    std::fs::write(env.dir().join("Connections.csv"), &csv).unwrap();
    let first = env.json(["import", "Connections.csv", "--cadence", "1m"]);
    assert_eq!((first["added"].as_u64(), first["updated"].as_u64()), (Some(300), Some(101)));
    env.ok(["doctor"]);
    let after_first = env.ok(["export", "json"]);
    assert_eq!(
        env.ok(["import", "Connections.csv", "--cadence", "1m"]),
        "Imported Connections.csv (linkedin): 0 added, 0 updated, 0 skipped.\n"
    );
    assert_eq!(env.ok(["export", "json"]), after_first);
    env.ok(["doctor"]);
}

/// A contact that was there and that the import filled in gets its follow-ups
/// recomputed with its records (a birthday the card gives is due), while those the
/// import adds get theirs as they are added.
#[test]
fn an_import_into_a_network_recomputes_those_it_changed_and_stores_those_it_adds() {
    let env = Env::new();
    env.add("Ada Lovelace", &["--email", "ada@example.com"]);
    env.ok(["log", "ada", "--kind", "call", "--on", "2026-11-01"]);
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nBDAY:1815-11-25\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nEMAIL:alan@example.com\r\nEND:VCARD\r\n";
    std::fs::write(env.dir().join("people.vcf"), vcf).unwrap();
    let before: Vec<String> = keys_due(&env);
    env.ok(["import", "people.vcf", "--cadence", "1w"]);
    env.ok(["doctor"]);
    let after = keys_due(&env);
    assert!(!before.iter().any(|k| k.starts_with("birthday-1")), "{before:?}");
    assert!(after.iter().any(|k| k.starts_with("birthday-1")), "{after:?}");
    assert!(after.iter().any(|k| k.starts_with("check-in-2")), "{after:?}");
}

fn keys_due(env: &Env) -> Vec<String> {
    env.json(["due", "--within", "30d"])
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap().to_string())
        .collect()
}

/// The refresh after an import into a network recomputes the contacts it added or
/// changed, not everyone (it did when those were more than a quarter of the network):
/// the others keep the day their follow-ups were computed on.
#[test]
fn an_import_into_a_network_leaves_the_follow_ups_of_those_it_did_not_touch() {
    let env = Env::new();
    for i in 0..3 {
        ok_on(
            &env,
            "2026-11-01",
            &["add", &format!("Member {i}"), "--email", &format!("m{i}@example.com"), "--cadence", "none"],
        );
    }
    let mut csv = String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    csv.push_str("Member,0,https://www.linkedin.com/in/m0,m0@example.com,Guild,,12 Mar 2024\n");
    for i in 0..250 {
        csv.push_str(&format!("Person,{i},https://www.linkedin.com/in/p{i},,Acme,Engineer,12 Mar 2024\n"));
    }
    std::fs::write(env.dir().join("Connections.csv"), &csv).unwrap();
    ok_on(&env, "2026-11-22", &["import", "Connections.csv"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let computed = |id: i64| -> String {
        conn.query_row("SELECT computed_on FROM contacts WHERE id = ?1", [id], |r| r.get(0)).unwrap()
    };
    assert_eq!(computed(1), "2026-11-22", "matched: recomputed");
    assert_eq!((computed(2), computed(3)), ("2026-11-01".into(), "2026-11-01".into()), "untouched");
    assert_eq!(computed(4), "2026-11-22", "added");
    let doctor = env.cmd(["doctor"]).env("NETCRM_TODAY", "2026-11-22").output().unwrap();
    assert!(doctor.status.success(), "{doctor:?}");
}
