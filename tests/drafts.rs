//! `draft KEY`: the message a follow-up asks for, from its template and what netcrm
//! knows, as text, JSON, a `mailto:` URL (decoded back by Python's urllib) or a draft
//! in a Maildir (read back by Python's `mailbox` and `email`); user templates;
//! `draft --templates DIR`.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::*;

/// Everyone and everything a job seeker's drafts are about, by TODAY (2026-11-22):
/// Ada (#1, met at RustConf on 10-25, not thanked yet, a birthday today, did a
/// favour, has a reminder), Alan (#2, whom Ada introduced on 11-15; helps with lead
/// 3, which reached an interview), Grace (#3, a phone only, passed on lead 1, applied
/// for, and lead 4), and lead 2 that nobody passed on.
fn network() -> Env {
    let env = Env::new();
    let on = |today: &str, args: &[&str]| ok_on(&env, today, args);
    on(
        "2026-10-25",
        &[
            "add",
            "Ada Lovelace",
            "--email",
            "ada@example.com",
            "--company",
            "Analytical Engines",
            "--met-at",
            "RustConf",
            "--how",
            "the Analytical Engine",
            "--birthday",
            "1815-11-22",
        ],
    );
    on(
        "2026-11-15",
        &[
            "add",
            "Alan Turing",
            "--email",
            "alan@example.com",
            "--introduced-by",
            "ada",
            "--met-at",
            "Bletchley meetup",
            "--how",
            "codebreaking",
        ],
    );
    on(
        "2026-10-25",
        &["add", "Grace Hopper", "--phone", "+1 555 0100", "--company", "Navy", "--no-thank-you"],
    );
    on("2026-10-25", &["lead", "add", "Rust Engineer", "--company", "Acme", "--via", "grace"]);
    on("2026-11-01", &["lead", "status", "1", "applied"]);
    env.ok(["lead", "add", "Data analyst"]);
    env.ok(["favor", "ada", "--received", "a referral to Acme"]);
    env.ok(["remind", "ada", "Send her the slides from the meetup.", "--in", "3d"]);
    env.ok(["lead", "add", "Compiler Engineer", "--company", "Navy", "--via", "alan"]);
    env.ok(["lead", "status", "3", "interview"]);
    env.ok(["lead", "add", "Site Reliability Engineer", "--company", "Initech", "--via", "grace"]);
    env
}

/// `draft ARGS --json`.
fn drafted(env: &Env, args: &[&str]) -> Value {
    let mut all = vec!["draft"];
    all.extend_from_slice(args);
    env.json(all)
}

fn text(value: &Value, field: &str) -> String {
    value[field].as_str().unwrap_or_else(|| panic!("no {field} in {value}")).to_string()
}

#[test]
fn a_draft_is_printed_as_to_subject_a_blank_line_and_the_body() {
    let env = network();
    env.ok(["config", "set", "my-name", "Zoë Ng"]);
    assert_eq!(
        env.ok(["draft", "thank-you-1"]),
        "To: ada@example.com\n\
         Subject: Great to meet you, Ada\n\
         \n\
         Hi Ada,\n\
         \n\
         Thank you for taking the time to talk with me. It was a pleasure to meet you at RustConf. \
         I really enjoyed our conversation about the Analytical Engine.\n\
         \n\
         I would be happy to stay in touch, and if I can ever help with anything, just ask.\n\
         \n\
         Best regards,\n\
         Zoë Ng\n"
    );
    // The bare channel: a phone when there is no e-mail; nothing for no one.
    assert!(
        env.ok(["draft", "lead-4"])
            .starts_with("To: +1 555 0100\nSubject: About the Site Reliability Engineer role\n\n")
    );
    assert!(env.ok(["draft", "lead-2"]).starts_with("To:\nSubject: About the Data analyst role\n\n"));
}

#[test]
fn every_kind_of_follow_up_is_drafted_from_its_template_with_what_netcrm_knows() {
    let env = network();
    // (key, subject, what the body says)
    let expected: [(&str, &str, &[&str]); 10] = [
        (
            "thank-you-2",
            "Great to meet you, Alan",
            &["at Bletchley meetup", "about codebreaking", "glad Ada Lovelace put us"],
        ),
        (
            "intro-thanks-2",
            "Thank you for introducing me to Alan Turing",
            &["Hi Ada,", "We met at Bletchley meetup."],
        ),
        ("check-in-3", "Catching up", &["Hi Grace,", "How are things going at Navy?"]),
        (
            "lead-4",
            "About the Site Reliability Engineer role",
            &["Hi Grace,", "I would love to work at Initech"],
        ),
        ("chase-1", "Following up on the Rust Engineer role", &["joining Acme"]),
        (
            "outcome-3-2",
            "News about the Compiler Engineer role",
            &["Hi Alan,", "reached the interview stage", "team at Navy"],
        ),
        ("favor-thanks-1", "Thank you", &["Thank you so much for a referral to Acme."]),
        ("birthday-1-2026", "Happy birthday, Ada!", &["Happy birthday!"]),
        ("reminder-1", "Following up", &["Hi Ada,\n\nSend her the slides from the meetup.\n\n"]),
        ("lead-2", "About the Data analyst role", &["Thank you for telling me about the Data analyst role."]),
    ];
    for (key, subject, says) in expected {
        let draft = drafted(&env, &[key]);
        assert_eq!(draft["key"], key);
        assert_eq!(draft["subject"], subject, "{key}: {draft}");
        let body = text(&draft, "body");
        for words in says {
            assert!(body.contains(words), "{key}: {words:?} in\n{body}");
        }
        assert!(!body.contains(['{', '}']), "{key}: {body}");
    }
}

#[test]
fn an_outcome_draft_follows_the_leads_news() {
    let env = network();
    let subject = |key: &str| text(&drafted(&env, &[key]), "subject");
    env.ok(["lead", "status", "3", "offer"]);
    assert_eq!(subject("outcome-3-2"), "Good news about the Compiler Engineer role");
    env.ok(["lead", "status", "3", "hired"]);
    assert_eq!(subject("outcome-3-2"), "I got the Compiler Engineer job");
    env.ok(["lead", "add", "Type theorist", "--via", "alan"]);
    env.ok(["lead", "status", "5", "applied"]);
    env.ok(["lead", "status", "5", "rejected"]);
    let ended = drafted(&env, &["outcome-5-2"]);
    assert_eq!(ended["subject"], "An update on the Type theorist role");
    assert!(text(&ended, "body").contains("The application was rejected."), "{ended}");
}

#[test]
fn sentences_about_what_netcrm_does_not_know_are_left_out() {
    let env = Env::new();
    // No place, no topic, no introducer, no company, no note.
    env.ok(["add", "Bob Babbage", "--email", "bob@example.com"]);
    let body = text(&drafted(&env, &["thank-you-1"]), "body");
    assert_eq!(
        body,
        "Hi Bob,\n\nThank you for taking the time to talk with me.\n\n\
         I would be happy to stay in touch, and if I can ever help with anything, just ask.\n\nBest regards,"
    );
    env.ok(["done", "thank-you-1", "--kind", "call", "--note", "his new job at Initech"]);
    env.ok(["edit", "bob", "--company", "Initech"]);
    let body = text(&drafted(&env, &["check-in-1"]), "body");
    assert!(body.contains("How are things going at Initech?"), "{body}");
    assert!(body.contains("our last conversation (his new job at Initech)."), "{body}");
}

#[test]
fn the_first_name_is_the_given_name_of_an_imported_card() {
    let env = Env::new();
    std::fs::write(
        env.dir().join("mark.vcf"),
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dr. Mark Schröder II\r\nN:Schröder;Mark;;Dr.;II\r\n\
         EMAIL:mark@example.com\r\nEND:VCARD\r\n",
    )
    .unwrap();
    env.ok(["import", "mark.vcf"]);
    env.ok(["remind", "mark", "Ask about the Berlin office.", "--in", "1d"]);
    let draft = drafted(&env, &["reminder-1"]);
    assert!(text(&draft, "body").starts_with("Hi Mark,\n"), "{draft}");
}

#[test]
fn any_open_key_can_be_drafted_and_a_finished_or_unknown_one_cannot() {
    let env = network();
    // Upcoming (the thank-you for Alan is due on 11-24) and snoozed ones too.
    env.ok(["snooze", "thank-you-2", "--for", "1w"]);
    assert_eq!(drafted(&env, &["thank-you-2"])["to"], "alan@example.com");
    env.ok(["done", "favor-thanks-1"]);
    env.fails(["draft", "favor-thanks-1"], 1, "favor-thanks-1 was done on 2026-11-22");
    env.fails(["draft", "thank-you-99"], 1, "no open follow-up has the key 'thank-you-99'");
    env.fails(["draft", "nonsense"], 1, "'nonsense'");
    env.fails(["draft"], 2, "KEY");
}

#[test]
fn a_draft_writes_nothing_to_the_database() {
    let env = network();
    let before = (env.ok(["undo", "--list"]), env.json(["due", "--within", "30"]));
    env.ok(["draft", "thank-you-1"]);
    env.ok(["draft", "thank-you-1", "--mailto"]);
    assert_eq!((env.ok(["undo", "--list"]), env.json(["due", "--within", "30"])), before);
}

#[test]
fn json_has_the_key_to_subject_and_body_and_mailto_and_file_when_asked() {
    let env = network();
    let keys = |value: &Value| keys(value).into_iter().collect::<Vec<_>>();
    assert_eq!(keys(&drafted(&env, &["lead-2"])), ["body", "key", "subject", "to"]);
    assert_eq!(drafted(&env, &["lead-2"])["to"], json!(null));
    assert_eq!(
        keys(&drafted(&env, &["thank-you-1", "--mailto"])),
        ["body", "key", "mailto", "subject", "to"]
    );
    env.ok(["config", "set", "my-addresses", "zoe@example.com"]);
    let both = drafted(&env, &["thank-you-1", "--mailto", "--maildir", "Drafts"]);
    assert_eq!(keys(&both), ["body", "file", "key", "mailto", "subject", "to"]);
    assert!(Path::new(&text(&both, "file")).is_file(), "{both}");
}

/// Runs a Python program with `args`, expects success, returns its stdout.
fn python(program: &str, args: &[&str]) -> String {
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(program)
        .args(args)
        .output()
        .expect("python3 runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "python3 failed:\n{stderr}");
    stdout.into_owned()
}

#[test]
fn a_mailto_url_decodes_back_to_the_draft() {
    let env = network();
    env.ok(["edit", "ada", "--email", "ada+work@example.com"]);
    env.ok(["config", "set", "my-name", "Zoë Ng & co"]);
    let draft = drafted(&env, &["intro-thanks-2", "--mailto"]);
    let url = text(&draft, "mailto");
    assert_eq!(env.ok(["draft", "intro-thanks-2", "--mailto"]), format!("{url}\n"));
    assert!(!url.contains(' ') && !url.contains('\n'), "{url}");
    assert!(url.contains("%0D%0A") && url.contains("%20"), "{url}");
    let decoded = python(
        "import json, sys, urllib.parse as u\n\
         p = u.urlsplit(sys.argv[1])\n\
         q = u.parse_qs(p.query, strict_parsing=True)\n\
         print(json.dumps({'scheme': p.scheme, 'to': u.unquote(p.path), 'subject': q['subject'], 'body': q['body']}))",
        &[&url],
    );
    let decoded: Value = serde_json::from_str(&decoded).unwrap();
    let body = text(&draft, "body").replace('\n', "\r\n");
    assert_eq!(
        decoded,
        json!({"scheme": "mailto", "to": "ada+work@example.com", "subject": [draft["subject"]], "body": [body]})
    );
}

/// Python's reading of the one message in the Maildir `dir`: the keys it lists, its
/// flags, and its headers and body decoded.
fn read_maildir(dir: &Path) -> Value {
    let program = "import json, sys, mailbox, email.header, email.policy\n\
        box = mailbox.Maildir(sys.argv[1], factory=None, create=False)\n\
        keys = box.keys()\n\
        msg = box.get_message(keys[0])\n\
        parsed = email.message_from_bytes(box.get_bytes(keys[0]), policy=email.policy.default)\n\
        print(json.dumps({\n\
            'count': len(keys), 'flags': msg.get_flags(), 'subdir': msg.get_subdir(),\n\
            'from': str(parsed['From']), 'to': str(parsed['To']), 'subject': str(parsed['Subject']),\n\
            'raw_subject': box.get_bytes(keys[0]).split(b'\\r\\n\\r\\n')[0].decode('ascii').split('Subject: ')[1].split('\\r\\n')[0],\n\
            'date': str(parsed['Date']), 'message_id': str(parsed['Message-ID']),\n\
            'mime': str(parsed['MIME-Version']), 'type': parsed.get_content_type(),\n\
            'charset': parsed.get_content_charset(), 'body': parsed.get_content(),\n\
            'defects': [str(d) for d in parsed.defects]}))";
    serde_json::from_str(&python(program, &[dir.to_str().unwrap()])).unwrap()
}

#[test]
fn a_maildir_draft_is_read_back_by_pythons_mailbox_and_email_as_a_draft() {
    let env = network();
    env.ok(["config", "set", "my-name", "Zoë Ng"]);
    env.ok(["config", "set", "my-addresses", "zoe@example.com,zoe@work.example"]);
    env.ok(["edit", "ada", "--name", "Ada Lovelace-Byron"]);
    let mut template =
        String::from("Subject: Merci, {first_name}: à bientôt\n\nBonjour {first_name},\n\nÇa va ? ");
    template.push_str(&"Long line. ".repeat(12));
    let templates = env.dir().join(".config/netcrm/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("thank-you.txt"), template).unwrap();
    let out = env.ok(["draft", "thank-you-1", "--maildir", "Mail/Drafts"]);
    let dir = env.dir().join("Mail/Drafts");
    let cur: Vec<_> = std::fs::read_dir(dir.join("cur")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(cur.len(), 1);
    let name = cur[0].file_name().unwrap().to_str().unwrap().to_string();
    assert!(name.ends_with(":2,D"), "{name}");
    assert_eq!(
        out,
        format!("Wrote the draft for thank-you-1 (Ada Lovelace-Byron) to {}\n", cur[0].display())
    );
    for sub in ["new", "tmp"] {
        assert_eq!(std::fs::read_dir(dir.join(sub)).unwrap().count(), 0, "{sub}/ is empty");
    }
    let read = read_maildir(&dir);
    assert_eq!(read["count"], 1);
    assert_eq!(read["subdir"], "cur");
    assert!(text(&read, "flags").contains('D'), "{read}");
    assert_eq!(read["from"], "Zoë Ng <zoe@example.com>");
    assert_eq!(read["to"], "Ada Lovelace-Byron <ada@example.com>");
    assert_eq!(read["subject"], "Merci, Ada: à bientôt");
    assert!(text(&read, "raw_subject").starts_with("=?utf-8?"), "RFC 2047: {read}");
    assert_eq!(read["date"], "Sun, 22 Nov 2026 00:00:00 +0000");
    assert!(
        text(&read, "message_id").starts_with("<netcrm.")
            && text(&read, "message_id").ends_with("@example.com>")
    );
    assert_eq!(
        (&read["mime"], &read["type"], &read["charset"]),
        (&json!("1.0"), &json!("text/plain"), &json!("utf-8"))
    );
    let body = format!("Bonjour Ada,\n\nÇa va ? {}\n", "Long line. ".repeat(12).trim_end());
    // Python keeps the message's CRLF line ends in the text it decodes.
    assert_eq!(text(&read, "body").replace("\r\n", "\n"), body);
    assert_eq!(read["defects"], json!([]));
}

#[test]
fn without_my_name_the_from_is_the_bare_address() {
    let env = network();
    env.ok(["config", "set", "my-addresses", "zoe@example.com"]);
    env.ok(["draft", "intro-thanks-2", "--maildir", "Drafts"]);
    assert_eq!(read_maildir(&env.dir().join("Drafts"))["from"], "zoe@example.com");
}

#[test]
fn the_maildir_is_remembered_without_an_undo_step() {
    let env = network();
    env.ok(["config", "set", "my-addresses", "zoe@example.com"]);
    // Without one given or remembered: how to give it.
    env.fails(["draft", "thank-you-1", "--maildir"], 2, "netcrm draft KEY --maildir DIR");
    let steps = env.ok(["undo", "--list"]);
    env.ok(["draft", "thank-you-1", "--maildir", "Mail/Drafts"]);
    let remembered = env.dir().join("Mail/Drafts");
    assert_eq!(env.json(["config", "get", "drafts-maildir"])["value"], remembered.to_str().unwrap());
    assert_eq!(env.ok(["undo", "--list"]), steps, "not an undo step");
    // --maildir alone writes into the remembered one.
    let file = text(&drafted(&env, &["intro-thanks-2", "--maildir"]), "file");
    assert!(Path::new(&file).starts_with(remembered.join("cur")), "{file}");
    assert_eq!(std::fs::read_dir(remembered.join("cur")).unwrap().count(), 2);
}

#[test]
fn mailto_and_maildir_need_an_e_mail_and_maildir_needs_my_address() {
    let env = network();
    env.fails(["draft", "thank-you-1", "--maildir", "Drafts"], 1, "netcrm config set my-addresses");
    assert!(!env.dir().join("Drafts").exists(), "nothing written");
    env.ok(["config", "set", "my-addresses", "zoe@example.com"]);
    for how in ["--mailto", "--maildir"] {
        let mut args = vec!["draft", "lead-4", how];
        if how == "--maildir" {
            args.push("Drafts");
        }
        env.fails(
            &args,
            1,
            &format!("lead-4 is for Grace Hopper, who has no e-mail address: {how} needs one"),
        );
        args[1] = "lead-2";
        env.fails(&args, 1, "lead-2 is for no one");
    }
    assert!(
        !env.dir().join("Drafts/cur").exists()
            || std::fs::read_dir(env.dir().join("Drafts/cur")).unwrap().count() == 0
    );
}

#[test]
fn user_templates_replace_the_builtin_ones() {
    let env = network();
    let dir = env.dir().join("config/netcrm/templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("birthday.txt"),
        "Subject: {favor}\n\nHappy birthday, {first_name}! We met on {met_on}. {how}\n",
    )
    .unwrap();
    let with_config = |args: &[&str]| {
        let mut cmd = env.cmd(["--json", "draft"]);
        cmd.args(args).env("XDG_CONFIG_HOME", env.dir().join("config"));
        parse_json(&succeeds(&mut cmd))
    };
    let draft = with_config(&["birthday-1-2026"]);
    // An empty subject is the built-in one; the sentence naming an empty {how} goes.
    assert_eq!(draft["subject"], "Happy birthday, Ada!");
    assert_eq!(draft["body"], "Happy birthday, Ada! We met on 25 October. the Analytical Engine");
    // Other kinds keep the built-in template.
    assert_eq!(with_config(&["lead-4"])["subject"], "About the Site Reliability Engineer role");
    // Without XDG_CONFIG_HOME: ~/.config.
    assert_eq!(
        drafted(&env, &["birthday-1-2026"])["body"],
        json!(
            "Hi Ada,\n\nHappy birthday! I hope you have a wonderful day and a great year ahead.\n\nBest wishes,"
        )
    );
}

#[test]
fn a_bad_user_template_is_an_error_naming_its_file_and_line() {
    let env = network();
    let dir = env.dir().join(".config/netcrm/templates");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("check-in.txt");
    std::fs::write(&file, "Subject: Hi\n\nHi {first_name},\n\nHow is {compnay}?\n").unwrap();
    let stderr = env.fails(
        ["draft", "check-in-3"],
        1,
        &format!("{}:5: unknown placeholder {{compnay}}", file.display()),
    );
    assert!(stderr.contains("{company}"), "{stderr}");
    std::fs::write(&file, "Hi {first_name},\n").unwrap();
    env.fails(
        ["draft", "check-in-3"],
        1,
        &format!("{}:1: the first line must be the subject", file.display()),
    );
    // Other kinds still draft.
    env.ok(["draft", "lead-4"]);
}

#[test]
fn templates_writes_the_builtin_ones_to_start_from_and_refuses_to_overwrite() {
    let env = Env::new();
    let dir = env.dir().join("deep/er/templates");
    let out = env.ok(["draft", "--templates", dir.to_str().unwrap()]);
    assert!(
        out.starts_with(&format!(
            "Wrote 15 templates to {}: thank-you.txt, intro-thanks.txt,",
            dir.display()
        )),
        "{out}"
    );
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "birthday.txt",
            "chase.txt",
            "check-in.txt",
            "favor-thanks.txt",
            "intro-thanks.txt",
            "lead.txt",
            "no-reply.txt",
            "outcome-ended.txt",
            "outcome-hired.txt",
            "outcome-interview.txt",
            "outcome-offer.txt",
            "path.txt",
            "reconnect.txt",
            "reminder.txt",
            "thank-you.txt",
        ]
    );
    assert!(!env.db().exists(), "--templates does not open the database");
    let thank_you = std::fs::read_to_string(dir.join("thank-you.txt")).unwrap();
    assert!(
        thank_you.starts_with("Subject: Great to meet you, {first_name}\n\nHi {first_name},\n"),
        "{thank_you}"
    );
    // A file edited there is not overwritten without --force, and nothing is written.
    std::fs::write(dir.join("lead.txt"), "Subject: mine\n").unwrap();
    std::fs::remove_file(dir.join("chase.txt")).unwrap();
    env.fails(
        ["draft", "--templates", dir.to_str().unwrap()],
        1,
        "thank-you.txt is there already (and 13 more)",
    );
    assert_eq!(std::fs::read_to_string(dir.join("lead.txt")).unwrap(), "Subject: mine\n");
    assert!(!dir.join("chase.txt").exists());
    env.ok(["draft", "--templates", dir.to_str().unwrap(), "--force"]);
    assert!(
        std::fs::read_to_string(dir.join("lead.txt"))
            .unwrap()
            .starts_with("Subject: About the {lead} role\n")
    );
    assert!(dir.join("chase.txt").exists());
    // The files written are the templates drafts are made from: they read back the same.
    let env = network();
    let own = env.dir().join(".config/netcrm/templates");
    env.ok(["draft", "--templates", own.to_str().unwrap()]);
    assert_eq!(drafted(&env, &["thank-you-1"])["body"], network_builtin_thank_you());
    // --templates takes no KEY, --force needs --templates.
    env.fails(["draft", "thank-you-1", "--templates", "x"], 2, "cannot be used with");
    env.fails(["draft", "thank-you-1", "--force"], 2, "--force");
}

/// The built-in thank-you for Ada in [`network`], without `my-name`.
fn network_builtin_thank_you() -> Value {
    json!(
        "Hi Ada,\n\nThank you for taking the time to talk with me. It was a pleasure to meet you at RustConf. \
         I really enjoyed our conversation about the Analytical Engine.\n\n\
         I would be happy to stay in touch, and if I can ever help with anything, just ask.\n\nBest regards,"
    )
}
