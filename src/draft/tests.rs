//! The template rules (sentences, empty lines, the fallback subject, errors naming the
//! file and line) and golden renders of every built-in template (in `snapshots/`).

use super::*;

fn values(pairs: &[(Placeholder, &str)]) -> Values {
    pairs.iter().fold(Values::default(), |values, (p, v)| values.with(*p, Some(v)))
}

/// `text` as a template rendered with `values`, the built-in thank-you as fallback.
fn rendered(text: &str, values: &Values) -> Draft {
    render(&parse(text, "t.txt").unwrap(), &Template::ThankYou.parsed_builtin(), values)
}

fn error(text: &str) -> String {
    parse(text, "/home/zoe/.config/netcrm/templates/lead.txt").unwrap_err().to_string()
}

#[test]
fn every_builtin_template_reads_and_names_only_known_placeholders() {
    for template in Template::ALL {
        let parsed = parse(template.builtin(), &template.file_name());
        assert!(parsed.is_ok(), "{template}: {:?}", parsed.err());
        assert_ne!(parsed.unwrap(), Parsed::default(), "{template}");
        assert!(template.builtin().ends_with(".\n") || template.builtin().ends_with("}\n"), "{template}");
    }
    let names: Vec<String> = Template::ALL.iter().map(|t| t.file_name()).collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), Template::ALL.len(), "{names:?}");
}

#[test]
fn each_kind_has_its_template_and_outcomes_one_per_status() {
    assert_eq!(Template::for_item(FollowUpKind::ThankYou, None), Template::ThankYou);
    assert_eq!(Template::for_item(FollowUpKind::Reminder, None), Template::Reminder);
    let outcome = |status| Template::for_item(FollowUpKind::Outcome, Some(status)).file_name();
    assert_eq!(outcome(LeadStatus::Interview), "outcome-interview.txt");
    assert_eq!(outcome(LeadStatus::Offer), "outcome-offer.txt");
    assert_eq!(outcome(LeadStatus::Hired), "outcome-hired.txt");
    assert_eq!(outcome(LeadStatus::Rejected), "outcome-ended.txt");
    assert_eq!(outcome(LeadStatus::Closed), "outcome-ended.txt");
    // Every kind but the outcome has the template of its own name.
    for kind in FollowUpKind::ALL.into_iter().filter(|k| *k != FollowUpKind::Outcome) {
        assert_eq!(Template::for_item(kind, None).name(), kind.as_str());
    }
}

#[test]
fn a_sentence_naming_an_empty_placeholder_goes_with_its_trailing_space() {
    let text = "Subject: Hi\n\nWe met at {met_at}. We talked about {how}! Was it {met_on}? See you.\n";
    let some = values(&[(Placeholder::How, "parsers")]);
    assert_eq!(rendered(text, &some).body, "We talked about parsers! See you.");
    let all = values(&[
        (Placeholder::How, "parsers"),
        (Placeholder::MetAt, "RustConf"),
        (Placeholder::MetOn, "2 May"),
    ]);
    assert_eq!(
        rendered(text, &all).body,
        "We met at RustConf. We talked about parsers! Was it 2 May? See you."
    );
    // The last sentence of a line dropped leaves no space at the end.
    assert_eq!(rendered("Subject: x\n\nSee you. Ask {favor}.", &Values::default()).body, "See you.");
}

#[test]
fn a_sentence_ends_only_at_a_mark_followed_by_a_space_or_the_line_end() {
    // `3.5`, `e.g.x` and `{lead}.` inside a word are no ends; a whole line is one.
    let text = "Subject: x\n\nVersion 3.5 of {lead} is out. Hi {first_name}, thanks\n";
    assert_eq!(rendered(text, &Values::default()).body, "");
    let text = "Subject: x\n\nIt costs 3.5 units. Ask {name}.Then go. Done\n";
    assert_eq!(rendered(text, &Values::default()).body, "It costs 3.5 units. Done");
}

#[test]
fn a_line_left_empty_is_removed_and_paragraph_breaks_stay_single() {
    let text = "Subject: x\n\n\nHi {first_name},\n\nAbout {lead}.\n\n\nThanks.\n\nBest,\n{my_name}\n\n";
    let draft = rendered(text, &Values::default());
    assert_eq!(draft.body, "Thanks.\n\nBest,");
    let draft = rendered(text, &values(&[(Placeholder::FirstName, "Ada"), (Placeholder::MyName, "Zoë")]));
    assert_eq!(draft.body, "Hi Ada,\n\nThanks.\n\nBest,\nZoë");
}

#[test]
fn an_empty_subject_falls_back_to_the_builtin_one_and_a_subject_is_one_line() {
    let empty = rendered("Subject: {favor}\n\nBody.", &values(&[(Placeholder::FirstName, "Ada")]));
    assert_eq!(empty.subject, "Great to meet you, Ada");
    let blank = rendered("Subject:\n\nBody.", &values(&[(Placeholder::FirstName, "Ada")]));
    assert_eq!(blank.subject, "Great to meet you, Ada");
    let note =
        rendered("Subject: Re: {last_note}\n", &values(&[(Placeholder::LastNote, "two\nlines\t here")]));
    assert_eq!(note.subject, "Re: two lines here");
    assert_eq!(note.body, "");
}

#[test]
fn values_are_trimmed_and_blank_ones_are_none() {
    let mut values = Values::default();
    values.set(Placeholder::How, Some("  parsers "));
    assert_eq!(values.get(Placeholder::How), Some("parsers"));
    values.set(Placeholder::How, Some(" \n "));
    assert_eq!(values.get(Placeholder::How), None);
    // A value is put in as it is: braces in it are not placeholders.
    let draft =
        rendered("Subject: x\n\nAbout {how}.", &Values::default().with(Placeholder::How, Some("{lead}")));
    assert_eq!(draft.body, "About {lead}.");
}

#[test]
fn braces_that_open_no_placeholder_name_are_text() {
    let draft = rendered("Subject: x\n\nA {} b {not a name} c {:)} d {\n", &Values::default());
    assert_eq!(draft.body, "A {} b {not a name} c {:)} d {");
}

#[test]
fn a_bad_template_is_an_error_naming_the_file_and_the_line() {
    let unknown = error("Subject: About {lead}\n\nHi {first_name},\n\nThanks, {frist_name}.\n");
    assert!(
        unknown
            .starts_with("/home/zoe/.config/netcrm/templates/lead.txt:5: unknown placeholder {frist_name}"),
        "{unknown}"
    );
    assert!(unknown.contains("{first_name}, {name}, {met_at}"), "{unknown}");
    let in_subject = error("Subject: About {Lead}\n");
    assert!(in_subject.contains("lead.txt:1: unknown placeholder {Lead}"), "{in_subject}");
    let no_subject = error("Hi {first_name},\n");
    assert!(no_subject.contains("lead.txt:1: the first line must be the subject"), "{no_subject}");
    let no_blank = error("Subject: x\nHi\n");
    assert!(no_blank.contains("lead.txt:2: a blank line must follow the subject"), "{no_blank}");
    // Windows line ends and a byte-order mark are fine.
    assert!(parse("\u{feff}Subject: x\r\n\r\nHi {name}.\r\n", "t.txt").is_ok());
}

#[test]
fn first_name_is_the_given_name_else_the_first_word() {
    assert_eq!(first_name("Ada Lovelace", None), Some("Ada"));
    assert_eq!(first_name("Dr. Mark Schröder II", Some("Mark")), Some("Mark"));
    assert_eq!(first_name("陈大文", Some(" ")), Some("陈大文"));
    assert_eq!(first_name("  ", None), None);
}

#[test]
fn met_on_has_the_year_only_when_it_is_not_this_year() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    assert_eq!(day(NaiveDate::from_ymd_opt(2026, 3, 12).unwrap(), today), "12 March");
    assert_eq!(day(NaiveDate::from_ymd_opt(2025, 11, 2).unwrap(), today), "2 November 2025");
}

/// What netcrm knows about Ada when everything is known.
fn everything() -> Values {
    values(&[
        (Placeholder::FirstName, "Ada"),
        (Placeholder::Name, "Ada Lovelace"),
        (Placeholder::MetAt, "RustConf"),
        (Placeholder::MetOn, "20 November"),
        (Placeholder::How, "the Analytical Engine"),
        (Placeholder::Introducer, "Charles Babbage"),
        (Placeholder::Introduced, "Alan Turing"),
        (Placeholder::Lead, "Rust Engineer"),
        (Placeholder::Company, "Analytical Engines"),
        (Placeholder::Status, "rejected"),
        (Placeholder::Favor, "the referral to Acme"),
        (Placeholder::LastNote, "her talk on Note G"),
        (Placeholder::MyName, "Zoë Ng"),
        (Placeholder::Reminder, "Send her the slides from the meetup."),
    ])
}

/// Only what an item of that template always has: the person's name, and the lead,
/// the person introduced, the favour or the reminder it is about.
fn the_least(template: Template) -> Values {
    let all = everything();
    let keep: &[Placeholder] = match template {
        Template::IntroThanks | Template::Path => &[Placeholder::Introduced],
        Template::Lead
        | Template::OutcomeInterview
        | Template::OutcomeOffer
        | Template::OutcomeHired
        | Template::OutcomeEnded
        | Template::Chase => &[Placeholder::Lead, Placeholder::Status],
        Template::FavorThanks => &[Placeholder::Favor],
        Template::Reminder => &[Placeholder::Reminder],
        _ => &[],
    };
    [Placeholder::FirstName, Placeholder::Name]
        .iter()
        .chain(keep)
        .fold(Values::default(), |values, p| values.with(*p, all.get(*p)))
}

fn shown(draft: &Draft) -> String {
    format!("Subject: {}\n\n{}\n", draft.subject, draft.body)
}

/// Golden renders of each built-in template: with everything known, with only what
/// the item always has (no place or date of meeting, no topic, no introducer, no
/// company, no note, no name of yours), and for a lead's items, for no one (a lead
/// nobody passed on).
#[test]
fn every_builtin_template_renders_as_its_golden_copy() {
    for template in Template::ALL {
        let parsed = template.parsed_builtin();
        let least = the_least(template);
        let mut renders = vec![("everything known", everything()), ("the least known", least.clone())];
        if matches!(template, Template::Lead | Template::Chase) {
            let no_one = least.with(Placeholder::FirstName, None).with(Placeholder::Name, None);
            renders.push(("no one", no_one));
        }
        let mut golden = String::new();
        for (what, values) in renders {
            let draft = render(&parsed, &parsed, &values);
            assert!(!draft.subject.is_empty(), "{template} ({what}): an empty subject");
            assert!(!draft.body.contains(['{', '}']), "{template} ({what}): {}", draft.body);
            golden.push_str(&format!("--- {what} ---\n{}", shown(&draft)));
        }
        insta::assert_snapshot!(template.name(), golden);
    }
}
