//! Running the real `netcrm` binary on a temporary database, with a scrubbed
//! environment and a fixed date, and checking what it prints and how it exits.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The Contact's field names, exactly as DESIGN.md lists them.
pub const CONTACT_KEYS: [&str; 23] = [
    "id",
    "name",
    "emails",
    "phones",
    "company",
    "title",
    "linkedin",
    "tags",
    "met_on",
    "met_at",
    "how_met",
    "introduced_by",
    "name_ok",
    "no_thank_you",
    "cadence",
    "cadence_source",
    "temporary_cadence",
    "cadence_until",
    "notes",
    "birthday",
    "last_contact",
    "next_follow_up",
    "created_at",
];

/// The date every command sees unless a test says otherwise (a Sunday).
pub const TODAY: &str = "2026-11-22";

/// A temporary home folder holding a database path that does not exist yet.
pub struct Env {
    dir: TempDir,
    db: PathBuf,
}

impl Default for Env {
    fn default() -> Env {
        Env::new()
    }
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("cannot create a temporary folder");
        let db = dir.path().join("netcrm.db");
        Env { dir, db }
    }

    /// The temporary folder; also `HOME` and the working directory of commands.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The database the commands use (`NETCRM_DB`).
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// `netcrm ARGS` with only `PATH`, `HOME`, `NETCRM_DB`, `NETCRM_TODAY` and
    /// `NO_COLOR` set, empty stdin and the temporary folder as working directory.
    /// Chain `.env("NETCRM_TODAY", ...)` or `.env_remove(...)` to change one.
    pub fn cmd<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = Command::from_std(self.std_cmd(args));
        cmd.write_stdin(Vec::<u8>::new());
        cmd
    }

    /// The same command as a `std::process::Command`, for tests that drive the
    /// process's pipes themselves.
    pub fn std_cmd<I, S>(&self, args: I) -> std::process::Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_netcrm"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir())
            .env("NETCRM_DB", self.db())
            .env("NETCRM_TODAY", TODAY)
            .env("NO_COLOR", "1")
            .current_dir(self.dir())
            .args(args);
        cmd
    }

    /// Runs `netcrm ARGS`, expects success with nothing on stderr, returns stdout.
    pub fn ok<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        succeeds(&mut self.cmd(args))
    }

    /// Runs `netcrm --json ARGS`, expects success, and parses stdout.
    pub fn json<I, S>(&self, args: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.cmd(["--json"]);
        cmd.args(args);
        parse_json(&succeeds(&mut cmd))
    }

    /// Runs `netcrm ARGS`, expects exit status `code`, nothing on stdout, and an
    /// `error: ` line on stderr containing `text`; returns stderr.
    pub fn fails<I, S>(&self, args: I, code: i32, text: &str) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        fails(&mut self.cmd(args), code, text)
    }

    /// `netcrm add NAME EXTRA... --json`; returns the new contact's id.
    pub fn add(&self, name: &str, extra: &[&str]) -> i64 {
        let mut args = vec!["add", name];
        args.extend_from_slice(extra);
        let contact = self.json(args);
        contact["id"].as_i64().unwrap_or_else(|| panic!("add printed no id: {contact}"))
    }

    /// Every contact, from `list --json`.
    pub fn contacts(&self) -> Vec<Value> {
        match self.json(["list", "--sort", "added"]) {
            Value::Array(contacts) => contacts,
            other => panic!("list --json printed no array: {other}"),
        }
    }

    /// The ids of every contact, in the order they were added.
    pub fn ids(&self) -> Vec<i64> {
        ids(&self.contacts())
    }

    /// One contact as `show --json` prints it.
    pub fn show(&self, contact: &str) -> Value {
        self.json(["show", contact])
    }
}

/// `netcrm ARGS` on `today`: expects success with nothing on stderr; returns stdout.
pub fn ok_on(env: &Env, today: &str, args: &[&str]) -> String {
    succeeds(env.cmd(args).env("NETCRM_TODAY", today))
}

/// `netcrm --json ARGS` on `today`, parsed.
pub fn json_on(env: &Env, today: &str, args: &[&str]) -> Value {
    let mut cmd = env.cmd(["--json"]);
    cmd.args(args).env("NETCRM_TODAY", today);
    parse_json(&succeeds(&mut cmd))
}

/// Runs `cmd`, expects success with nothing on stderr, returns stdout.
pub fn succeeds(cmd: &mut Command) -> String {
    let output = cmd.output().expect("cannot run netcrm");
    let (stdout, stderr) = texts(&output);
    assert!(
        output.status.success(),
        "expected success, got {}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        output.status
    );
    assert_eq!(stderr, "", "expected nothing on stderr; stdout:\n{stdout}");
    stdout
}

/// Runs `cmd`, expects success, and returns (stdout, stderr) whatever stderr holds.
pub fn succeeds_with_stderr(cmd: &mut Command) -> (String, String) {
    let output = cmd.output().expect("cannot run netcrm");
    let (stdout, stderr) = texts(&output);
    assert!(
        output.status.success(),
        "expected success, got {}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        output.status
    );
    (stdout, stderr)
}

/// Runs `cmd`, expects exit status `code`, nothing on stdout, and stderr that starts
/// with `error: ` and contains `text`; returns stderr.
pub fn fails(cmd: &mut Command, code: i32, text: &str) -> String {
    let output = cmd.output().expect("cannot run netcrm");
    let (stdout, stderr) = texts(&output);
    assert_eq!(
        output.status.code(),
        Some(code),
        "expected exit status {code}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert_eq!(stdout, "", "expected nothing on stdout; stderr:\n{stderr}");
    assert!(stderr.starts_with("error: "), "stderr does not start with `error: `:\n{stderr}");
    assert!(stderr.contains(text), "stderr does not contain {text:?}:\n{stderr}");
    stderr
}

/// Parses a command's stdout as one JSON value.
pub fn parse_json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}"))
}

/// The `id`s of a JSON array of contacts, in order.
pub fn ids(contacts: &[Value]) -> Vec<i64> {
    contacts.iter().map(|c| c["id"].as_i64().unwrap_or_else(|| panic!("no id in {c}"))).collect()
}

/// The `name`s of a JSON array of contacts, in order.
pub fn names(contacts: &Value) -> Vec<String> {
    contacts
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {contacts}"))
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_else(|| panic!("no name in {c}")).to_string())
        .collect()
}

fn texts(output: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

// Helpers shared by the contact tests.

/// What `show --json` adds to the Contact: the tie (its strength and word), then five
/// arrays.
pub const SHOW_EXTRA_KEYS: [&str; 7] =
    ["tie_strength", "tie", "interactions", "follow_ups", "favors", "leads", "introduced"];

pub fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap_or_else(|| panic!("not an object: {value}")).keys().cloned().collect()
}

pub fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The strings of a JSON array, sorted.
pub fn sorted(array: &Value) -> Vec<String> {
    let mut items: Vec<String> = array
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {array}"))
        .iter()
        .map(|v| v.as_str().unwrap_or_else(|| panic!("not a string: {v}")).to_string())
        .collect();
    items.sort();
    items
}

pub fn is_date(value: &Value) -> bool {
    value.as_str().is_some_and(|s| s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok())
}

/// Checks a Contact object against DESIGN.md's shape: the exact key set and the
/// type of every field.
pub fn assert_contact_shape(contact: &Value) {
    assert_eq!(keys(contact), set(&CONTACT_KEYS), "Contact keys in {contact}");
    assert!(contact["id"].is_i64(), "id: {contact}");
    assert!(contact["name"].is_string(), "name: {contact}");
    for list in ["emails", "phones", "tags"] {
        let items = contact[list].as_array().unwrap_or_else(|| panic!("{list} is not an array: {contact}"));
        assert!(items.iter().all(Value::is_string), "{list}: {contact}");
    }
    for text in ["company", "title", "linkedin", "met_at", "how_met", "notes"] {
        let value = &contact[text];
        assert!(
            value.is_null() || value.as_str().is_some_and(|s| !s.is_empty()),
            "{text} must be a non-empty string or null: {contact}"
        );
    }
    for boolean in ["name_ok", "no_thank_you"] {
        assert!(contact[boolean].is_boolean(), "{boolean}: {contact}");
    }
    assert!(
        contact["introduced_by"].is_null() || contact["introduced_by"].is_i64(),
        "introduced_by: {contact}"
    );
    for date in ["met_on", "cadence_until", "last_contact", "next_follow_up"] {
        let value = &contact[date];
        assert!(value.is_null() || is_date(value), "{date}: {contact}");
    }
    assert!(is_date(&contact["created_at"]), "created_at: {contact}");
    for text in ["cadence", "temporary_cadence", "birthday"] {
        let value = &contact[text];
        assert!(value.is_null() || value.is_string(), "{text}: {contact}");
    }
    // Where the cadence came from: only with a cadence, and only these two.
    match (&contact["cadence"], contact["cadence_source"].as_str()) {
        (Value::Null, source) => assert_eq!(source, None, "cadence_source without a cadence: {contact}"),
        (_, source) => assert!(matches!(source, Some("import" | "user")), "cadence_source: {contact}"),
    }
}

/// A failing `add` wrote nothing: the database holds the same contacts as before.
pub fn assert_add_fails_and_writes_nothing(env: &Env, args: &[&str], text: &str) -> String {
    let before = env.ids();
    let mut all = vec!["add"];
    all.extend_from_slice(args);
    let stderr = env.fails(&all, 1, text);
    assert_eq!(env.ids(), before, "netcrm {} wrote a contact", all.join(" "));
    stderr
}

/// `netcrm ARGS` (one string, split by the shell) on a pseudo-terminal made by
/// util-linux's `script`, with the scrubbed environment of [`Env::cmd`] and `today`.
pub fn terminal_command(env: &Env, args: &str, today: &str) -> std::process::Command {
    let binary = env!("CARGO_BIN_EXE_netcrm");
    let mut command = std::process::Command::new("script");
    command
        .args(["--quiet", "--return", "--command", &format!("{binary} {args}"), "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.dir())
        .env("NETCRM_DB", env.db())
        .env("NETCRM_TODAY", today)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .current_dir(env.dir());
    command
}

/// A netcrm running on a pseudo-terminal that a test talks to as a person would:
/// it waits to see a text on the screen before it types, so that each key reaches
/// the prompt that asked for it (typed ahead, a line could reach the terminal in the
/// wrong mode).
pub struct Terminal {
    child: std::process::Child,
    keys: Option<std::process::ChildStdin>,
    screen: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    reader: Option<std::thread::JoinHandle<()>>,
    /// How much of the screen the last `expect` consumed.
    seen: usize,
}

impl Terminal {
    /// Starts `netcrm ARGS` on a terminal, on `today`.
    pub fn start(env: &Env, args: &str, today: &str) -> Terminal {
        use std::io::Read;
        use std::process::Stdio;
        let mut child = terminal_command(env, args, today)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("util-linux `script` runs netcrm on a terminal");
        let keys = child.stdin.take();
        let mut stdout = child.stdout.take().unwrap();
        let screen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let filled = screen.clone();
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(read @ 1..) = stdout.read(&mut buffer) {
                filled.lock().unwrap().extend_from_slice(&buffer[..read]);
            }
        });
        Terminal { child, keys, screen, reader: Some(reader), seen: 0 }
    }

    /// The screen so far, carriage returns removed.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).replace('\r', "")
    }

    /// Waits (10 s at most) until `text` shows after what the last call saw, and
    /// returns the screen up to it.
    pub fn expect(&mut self, text: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let screen = self.screen();
            if let Some(at) = screen.get(self.seen..).and_then(|rest| rest.find(text)) {
                self.seen += at + text.len();
                return screen[..self.seen].to_string();
            }
            assert!(std::time::Instant::now() < deadline, "never showed {text:?}; the screen:\n{screen}");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    /// Types `keys` (`\r` is Enter).
    pub fn send(&mut self, keys: &str) {
        use std::io::Write;
        let stdin = self.keys.as_mut().expect("the terminal's input is open");
        stdin.write_all(keys.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    /// Waits for netcrm to end (10 s at most); returns its exit code and the screen.
    pub fn finish(mut self) -> (Option<i32>, String) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if std::time::Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("netcrm did not end; the screen:\n{}", self.screen());
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        };
        drop(self.keys.take());
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        (status.code(), self.screen())
    }
}

/// Writes the test mailboxes of scripts/make-mailboxes.py (Python's `mailbox`) into the
/// env's folder: `box/Maildir`, `box/mail.mbox` and `box/eml/NN.eml`.
pub fn mailboxes(env: &Env) -> PathBuf {
    let out = env.dir().join("box");
    let status = std::process::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/make-mailboxes.py"))
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs");
    assert!(status.success(), "make-mailboxes.py failed");
    out
}

/// Writes `contents` to a file in the test's folder and returns its path.
pub fn write_file(env: &Env, name: &str, contents: impl AsRef<[u8]>) -> String {
    let path = env.dir().join(name);
    std::fs::write(&path, contents).unwrap();
    path.display().to_string()
}

/// `netcrm --json import ARGS`: expects success; returns the parsed report and stderr.
pub fn import(env: &Env, args: &[&str]) -> (Value, String) {
    let mut cmd = env.cmd(["--json", "import"]);
    cmd.args(args);
    let (stdout, stderr) = succeeds_with_stderr(&mut cmd);
    let report = parse_json(&stdout);
    let mut keys: Vec<&str> = report.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["added", "contacts", "dry_run", "format", "skipped", "updated"], "{report}");
    let listed = report["contacts"].as_array().unwrap().len() as u64;
    assert_eq!(
        listed,
        report["added"].as_u64().unwrap() + report["updated"].as_u64().unwrap(),
        "the report lists the added and updated contacts: {report}"
    );
    (report, stderr)
}
