//! Snapshots of what people read: tables, the contact page and help, with colour off
//! and the date fixed. Review a change with `cargo insta review` (or by reading the
//! `.snap.new` file beside the old one) before accepting it.

use crate::support::Env;

/// A small network with history: every kind of row the tables show (and every JSON
/// shape, `json_shapes`).
pub(crate) fn network() -> Env {
    let env = Env::new();
    let at = |today: &str, args: &[&str]| {
        crate::support::succeeds_with_stderr(env.cmd(args).env("NETCRM_TODAY", today));
    };
    at(
        "2026-10-01",
        &[
            "add",
            "Ada Lovelace",
            "--email",
            "ada@example.com",
            "--phone",
            "+44 20 7946 0000",
            "--company",
            "Analytical Engines",
            "--title",
            "Programmer",
            "--met-at",
            "RustConf",
            "--how",
            "talked about the difference engine",
            "--tag",
            "rust",
            "--tag",
            "mentor",
            "--birthday",
            "--12-10",
            "--note",
            "Knows everyone at Babbage & Co.\nAsk about Note G.",
        ],
    );
    at("2026-10-02", &["log", "ada", "--kind", "thank-you", "--note", "sent a card"]);
    at(
        "2026-11-20",
        &[
            "add",
            "Grace Hopper",
            "--company",
            "Navy",
            "--met-at",
            "DevFest",
            "--introduced-by",
            "ada",
            "--name-ok",
        ],
    );
    at("2026-11-21", &["add", "Alan Turing", "--no-thank-you", "--cadence", "2w"]);
    at("2026-11-21", &["remind", "alan", "send him the paper", "--on", "2026-11-25"]);
    at("2026-11-21", &["add", "alan  turing", "--no-thank-you", "--cadence", "none"]);
    at(
        "2026-11-21",
        &[
            "lead",
            "add",
            "Senior Rust Engineer, compilers team",
            "--company",
            "Analytical Engines Ltd",
            "--via",
            "grace",
            "--via",
            "ada",
        ],
    );
    at("2026-11-21", &["lead", "add", "Data analyst"]);
    at("2026-11-21", &["lead", "status", "2", "applied"]);
    at("2026-11-21", &["favor", "grace", "--received", "introduced me to the compilers team lead"]);
    at("2026-11-21", &["favor", "ada", "--gave", "reviewed her paper"]);
    env
}

/// `netcrm ARGS` on the network at a terminal width of `columns`.
fn at_width(env: &Env, columns: usize, args: &[&str]) -> String {
    crate::support::succeeds(env.cmd(args).env("COLUMNS", columns.to_string()))
}

#[test]
fn tables_and_the_page_fit_50_80_and_120_columns() {
    let env = network();
    for columns in [50, 80, 120] {
        for args in [
            &["due", "--within", "30", "--sort", "date"][..],
            &["list"],
            &["show", "ada"],
            &["favors"],
            &["lead", "list"],
        ] {
            let text = at_width(&env, columns, args);
            let name = format!("{}_at_{columns}", args.join("_").replace("--", ""));
            insta::assert_snapshot!(name, text);
            for line in text.lines() {
                assert!(
                    console::measure_text_width(line) <= columns,
                    "{args:?} at {columns} columns: {} wide:\n{line}",
                    console::measure_text_width(line)
                );
            }
        }
    }
}

#[test]
fn list_table() {
    insta::assert_snapshot!(network().ok(["list"]));
}

#[test]
fn due_table_with_overdue_today_and_upcoming_items() {
    insta::assert_snapshot!(network().ok(["due", "--within", "30", "--sort", "date"]));
}

#[test]
fn due_table_ranked_by_urgency_with_the_arithmetic() {
    insta::assert_snapshot!(network().ok(["due", "--within", "30", "--explain"]));
}

#[test]
fn show_page() {
    insta::assert_snapshot!(network().ok(["show", "ada"]));
}

#[test]
fn dupes_table() {
    insta::assert_snapshot!(network().ok(["dupes"]));
}

#[test]
fn add_help() {
    insta::assert_snapshot!(Env::new().ok(["add", "--help"]));
}
