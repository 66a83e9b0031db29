//! Issue 9: real address books read faithfully. One test per reproduction in the
//! issue, on small synthetic files written from the public format descriptions.

use serde_json::Value;

use crate::support::{Env, fails, import, parse_json, write_file};

fn names(env: &Env) -> Vec<String> {
    env.contacts().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn truncated_csv_files_are_refused_naming_the_line_and_write_nothing() {
    let env = Env::new();
    let linkedin = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
                    Ada,Lovelace,https://www.linkedin.com/in/ada,,Engines,CTO,12 Mar 2024\r\n\
                    Priya,Sharma,https://www.linkedin.com/in/pri";
    let file = write_file(&env, "Connections.csv", linkedin);
    let stderr = env.fails(["import", &file], 1, "line 3");
    assert!(stderr.contains("cut short"), "{stderr}");
    assert!(env.contacts().is_empty());

    let google = "First Name,Middle Name,Last Name,Notes,E-mail 1 - Value\n\
                  Grace,,Hopper,\"Met at the conference.\nShe said";
    let file = write_file(&env, "google.csv", google);
    let stderr = env.fails(["import", &file], 1, "line 2");
    assert!(stderr.contains("never ends"), "{stderr}");
    assert!(env.contacts().is_empty());
}

#[test]
fn vcard_names_come_from_fn_and_export_writes_n_back() {
    let env = Env::new();
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Smith;Jane;;;\r\nFN:Mom\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nN:Public;John;Q.;Dr.;III\r\nFN:Dr. John Q. Public\\, III\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nN:陈;大文;;;\r\nFN:陈大文\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nN:Yamada;Taro;;;\r\nFN:Yamada Taro\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nN:Cook;Tim;;;\r\nFN:Tim Cook\r\nORG:Apple Inc.;\r\n\
               X-ABShowAs:COMPANY\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Book club\r\nEND:VCARD\r\n";
    let file = write_file(&env, "contacts.vcf", vcf);
    let (report, stderr) = import(&env, &[&file]);
    assert_eq!(report["added"], 5);
    assert_eq!(report["skipped"], 1);
    assert!(stderr.contains("line 29: group 'Book club' (KIND:group) is not a person; skipped"), "{stderr}");
    assert_eq!(names(&env), ["Mom", "Dr. John Q. Public, III", "陈大文", "Yamada Taro", "Apple Inc."]);
    let exported = env.ok(["export", "vcard"]);
    for lines in [
        "FN:Mom\r\nN:Smith;Jane;;;\r\n",
        "FN:Dr. John Q. Public\\, III\r\nN:Public;John;Q.;Dr.;III\r\n",
        "FN:陈大文\r\nN:陈;大文;;;\r\n",
        "FN:Yamada Taro\r\nN:Yamada;Taro;;;\r\n",
    ] {
        assert!(exported.contains(lines), "{lines} in {exported}");
    }
    // Re-importing the export adds nobody, and the backup carries the parts.
    let exported_file = write_file(&env, "again.vcf", &exported);
    let (again, _) = import(&env, &[&exported_file]);
    assert_eq!(again["added"], 0);
    let backup = parse_json(&env.ok(["export", "json"]));
    let parts = &backup["contacts"][0]["name_parts"];
    assert_eq!(
        parts,
        &serde_json::json!({"family": "Smith", "given": "Jane", "additional": "", "prefix": "", "suffix": ""})
    );
}

#[test]
fn a_restored_backup_exports_the_same_vcards() {
    let env = Env::new();
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Van Damme;Chloé;;;Jr.\r\nFN:Chloé\r\nEND:VCARD\r\n";
    let file = write_file(&env, "c.vcf", vcf);
    import(&env, &[&file]);
    let backup = write_file(&env, "backup.json", env.ok(["export", "json"]));
    let restored = Env::new();
    restored.ok(["import", &backup]);
    assert_eq!(restored.ok(["export", "vcard"]), env.ok(["export", "vcard"]));
}

#[test]
fn hand_typed_names_are_split_by_a_name_parser_for_vcard_export() {
    let env = Env::new();
    env.add("Chloé Van Damme, Jr.", &[]);
    env.add("陈大文", &[]);
    let exported = env.ok(["export", "vcard"]);
    assert!(exported.contains("\r\nN:Van Damme;Chloé;;;Jr.\r\n"), "{exported}");
    assert!(exported.contains("\r\nN:;陈大文;;;\r\n"), "{exported}");
    // A new name drops the parts a file brought.
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Smith;Jane;;;\r\nFN:Jane Smith\r\nEND:VCARD\r\n";
    import(&env, &[&write_file(&env, "j.vcf", vcf)]);
    env.ok(["edit", "Jane Smith", "--name", "Jane Doe"]);
    assert!(env.ok(["export", "vcard"]).contains("\r\nFN:Jane Doe\r\nN:Doe;Jane;;;\r\n"));
}

#[test]
fn each_record_is_decoded_in_its_own_encoding_and_utf16_is_recognised_without_a_bom() {
    let env = Env::new();
    let mut bytes = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Schröder\r\nEND:VCARD\r\n".as_bytes().to_vec();
    bytes.extend_from_slice(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Mark Schr\xf6der\r\nEND:VCARD\r\n");
    bytes.extend_from_slice(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:\x8eR\x93c \x91\xbe\x98Y\r\nEND:VCARD\r\n",
    );
    let (_, stderr) = import(&env, &[&write_file(&env, "mixed.vcf", bytes)]);
    assert_eq!(names(&env), ["Zoë Schröder", "Mark Schröder", "山田 太郎"]);
    assert!(stderr.contains("line 5: card 'Mark Schröder' is not valid UTF-8"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");

    let env = Env::new();
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Åsa Öberg\r\nEND:VCARD\r\n";
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let (report, stderr) = import(&env, &[&write_file(&env, "utf16.vcf", utf16)]);
    assert_eq!((report["format"].as_str(), stderr.as_str()), (Some("vcard"), ""));
    assert_eq!(names(&env), ["Åsa Öberg"]);
}

#[test]
fn a_forced_format_names_the_columns_it_drops_or_suggests_the_right_one() {
    let env = Env::new();
    let outlook = "First Name,Middle Name,Last Name,Title,Suffix,Company,Job Title,E-mail Address,Mobile Phone\r\n\
                   Ada,,Lovelace,,,Engines,CTO,ada@example.com,+44 1\r\n";
    let file = write_file(&env, "outlook.csv", outlook);
    let stderr = env.fails(["import", &file, "--format", "google"], 1, "--format outlook");
    assert!(stderr.contains("E-mail Address"), "{stderr}");
    assert!(env.contacts().is_empty());
    let (report, stderr) = import(&env, &[&file]);
    assert_eq!(report["format"], "outlook");
    assert_eq!(stderr, "");
    let ada = &env.contacts()[0];
    assert_eq!((ada["company"].as_str(), ada["title"].as_str()), (Some("Engines"), Some("CTO")));

    let env = Env::new();
    let extra = "First Name,Last Name,E-mail Address,Shoe Size\nAda,Lovelace,ada@example.com,38\n";
    let (_, stderr) = import(&env, &[&write_file(&env, "extra.csv", extra), "--format", "outlook"]);
    assert!(stderr.contains("not part of Outlook's layout and not read: Shoe Size"), "{stderr}");
}

#[test]
fn more_sources_are_recognised_and_an_empty_file_says_so() {
    let cases = [
        (
            "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email\r\nAda,Lovelace,Ada L.,,ada@example.com,\r\n",
            "thunderbird",
            "Ada L.",
        ),
        (
            "First Name,Last Name,Email Address,Company,Position,Connected On\r\nAda,Lovelace,ada@example.com,,,12 Mar 2024\r\n",
            "linkedin",
            "Ada Lovelace",
        ),
        (
            "\"E-mail Address\",\"E-mail 2 Address\"\r\n\"ada@example.com\",\"\"\r\n",
            "outlook",
            "ada@example.com",
        ),
        (
            "First Name;Last Name;E-mail Address;Company\r\nAda;Lovelace;ada@example.com;Engines, Ltd.\r\n",
            "outlook",
            "Ada Lovelace",
        ),
        (
            "First Name\tLast Name\tE-mail Address\tMobile Phone\nAda\tLovelace\tada@example.com\t+44 1\n",
            "outlook",
            "Ada Lovelace",
        ),
    ];
    for (text, format, name) in cases {
        let env = Env::new();
        let (report, stderr) = import(&env, &[&write_file(&env, "file.csv", text)]);
        assert_eq!(report["format"], format, "{text}");
        assert_eq!(stderr, "", "{text}");
        assert_eq!(names(&env), [name], "{text}");
    }
    let env = Env::new();
    let file = write_file(&env, "empty.csv", "");
    let stderr = env.fails(["import", &file], 1, "is empty");
    assert!(stderr.contains("empty.csv"), "{stderr}");
    let mut cmd = env.cmd(["import", "-"]);
    cmd.write_stdin("\n\n");
    fails(&mut cmd, 1, "is empty");
}

#[test]
fn the_same_warning_for_many_records_is_printed_a_few_times_then_counted() {
    let env = Env::new();
    let mut csv = String::from("First Name,Last Name,E-mail Address\n");
    for _ in 0..1250 {
        csv.push_str(",,\n,,not-an-email\n");
    }
    let (report, stderr) = import(&env, &[&write_file(&env, "many.csv", csv)]);
    assert_eq!(report["skipped"], 1250);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 8, "{stderr}");
    assert!(lines[6].ends_with("and 1,247 more like that: invalid e-mail '…' dropped"), "{stderr}");
    assert!(lines[7].ends_with("and 1,247 more like that: no name, company or e-mail; skipped"), "{stderr}");
}

#[test]
fn slash_dates_follow_one_rule_and_date_order_settles_them() {
    let env = Env::new();
    let csv = "First Name,Last Name,E-mail Address,Birthday\n\
               Ada,One,a@example.com,5/12/1990\nBea,Two,b@example.com,20/01/1991\n";
    let file = write_file(&env, "dates.csv", csv);
    let (_, stderr) = import(&env, &[&file]);
    assert!(stderr.contains("--date-order dmy"), "{stderr}");
    let birthdays: Vec<Value> = env.contacts().iter().map(|c| c["birthday"].clone()).collect();
    assert_eq!(birthdays, ["1990-05-12", "1991-01-20"]);
    let env = Env::new();
    let (_, stderr) = import(&env, &[&file, "--date-order", "dmy"]);
    assert_eq!(stderr, "");
    let birthdays: Vec<Value> = env.contacts().iter().map(|c| c["birthday"].clone()).collect();
    assert_eq!(birthdays, ["1990-12-05", "1991-01-20"]);
}

#[test]
fn list_separators_cannot_hide_in_emails_or_tags() {
    let env = Env::new();
    env.fails(["add", "Ada", "--email", "a;b@x.io"], 1, "'a;b@x.io'");
    env.fails(["add", "Ada", "--email", "a,b@x.io"], 1, "'a,b@x.io'");
    env.fails(["add", "Ada", "--tag", "x;y"], 1, "'x;y'");
    assert!(env.contacts().is_empty());
    let id = env.add("Ada", &["--tag", "x,y"]).to_string();
    env.fails(["edit", &id, "--add-tag", "p;q"], 1, "'p;q'");
    // From a file: the bad address is dropped with a warning, the tag split in two.
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bea\r\nEMAIL:a;b@x.io\r\nCATEGORIES:maths\\; logic\r\nEND:VCARD\r\n";
    let (_, stderr) = import(&env, &[&write_file(&env, "b.vcf", vcf)]);
    assert!(stderr.contains("invalid e-mail 'a;b@x.io' dropped"), "{stderr}");
    let bea = env.show("Bea");
    assert_eq!(bea["tags"], serde_json::json!(["logic", "maths"]));
    // The CSV export then reads back with the same tags.
    let csv = env.ok(["export", "csv"]);
    let other = Env::new();
    other.ok(["import", &write_file(&other, "all.csv", &csv)]);
    let tags = |env: &Env| env.contacts().iter().map(|c| c["tags"].clone()).collect::<Vec<_>>();
    assert_eq!(tags(&other), tags(&env));
}
