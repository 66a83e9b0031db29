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
mod dupes_merge;
mod edit_rm;
mod follow_ups;
mod forget;
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
mod maintenance;
mod prompts;
mod quiet_due;
mod real_path;
mod resolve;
mod robustness;
mod scan;
mod smaller_points;
mod snapshots;
mod stored_follow_ups;
mod support;
mod sync;
mod undo;
mod upgrades;
