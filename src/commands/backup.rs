//! `netcrm backup FILE`: a consistent copy of the database through SQLite's online
//! backup API, safe while other processes write.

use std::path::Path;

use super::Context;
use crate::error::{Error, Result};
use crate::output::json::BackupJson;

pub fn run(ctx: &mut Context, file: &Path) -> Result<()> {
    if file.exists() {
        return Err(Error::BackupExists { path: file.to_path_buf() });
    }
    ctx.backup_to(file)?;
    let database = ctx.path().display().to_string();
    if ctx.out.json {
        return ctx.out.json(&BackupJson { database: &database, backup: file.display().to_string() });
    }
    ctx.out.line(format_args!("Backed up {database} to {}.", file.display()))
}
