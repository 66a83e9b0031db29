//! End-to-end tests: the real `netcrm` binary on a temporary database, with a fixed
//! `NETCRM_TODAY` (2026-11-22, a Sunday) and a scrubbed environment. JSON output is
//! parsed, exit codes checked, and failures must print nothing on stdout.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

mod add;
mod contact_fields;
mod crash;
mod daily_use;
mod database;
mod database_files;
mod docs;
mod drafts;
mod dupes_merge;
mod edit_rm;
mod follow_ups;
mod forget;
mod goals;
mod help;
mod honest_stats;
mod hostile_calendars;
mod hostile_text;
mod import_export;
mod import_sources;
mod job_search;
mod json_shapes;
mod leads;
mod list_show;
mod mail_settings;
mod maintenance;
mod prompts;
mod query;
mod quiet_due;
mod reach;
mod real_path;
mod reconnect;
mod replies;
mod rescan;
mod resolve;
mod review;
mod robustness;
mod scan;
mod smaller_points;
mod snapshots;
mod stored_follow_ups;
mod support;
mod sync;
mod undo;
mod upgrades;
mod urgency;

/// Every `tests/*.rs` file (and folder with a `mod.rs`) is a module of this test
/// binary: autotests are off (Cargo.toml), so a file not listed here would never run.
#[test]
fn every_test_file_is_a_module_of_this_binary() {
    let listed = include_str!("cli.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut modules = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let module = if path.is_dir() {
            path.join("mod.rs").exists()
        } else {
            path.extension().is_some_and(|e| e == "rs")
        };
        if module && name != "cli" {
            modules.push(name);
        }
    }
    assert!(modules.len() > 30, "tests/ read wrong: {modules:?}");
    for name in modules {
        assert!(
            listed.lines().any(|line| line.starts_with(&format!("mod {name};"))),
            "tests/{name} is not a module of tests/cli.rs, so its tests never run: add `mod {name};`"
        );
    }
}

/// No kitchen sinks (ARCHITECTURE.md): no source file holds more than 600 lines of code
/// before its unit tests (blank and comment lines not counted), but `src/cli.rs`, which
/// is mostly help text. A file that grows past it is split along its seams.
#[test]
fn no_source_file_is_a_kitchen_sink() {
    fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    assert!(files.len() > 50, "src/ read wrong: {files:?}");
    let mut large = Vec::new();
    for path in files.iter().filter(|p| !p.ends_with("cli.rs") && !p.ends_with("tests.rs")) {
        let text = std::fs::read_to_string(path).unwrap();
        let code = text
            .lines()
            .take_while(|line| !line.starts_with("#[cfg(test)]"))
            .filter(|line| !line.trim().is_empty() && !line.trim().starts_with("//"))
            .count();
        if code > 600 {
            large.push(format!("{} ({code} lines of code)", path.display()));
        }
    }
    assert!(large.is_empty(), "split along their seams: {large:?}");
}
