//! `netcrm manpage`: the manual, generated from the clap definitions: one complete
//! page with a section per command, or with `--dir` one page per command, so that
//! every page another one names exists. Never opens the database.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{Error, Result};

pub fn run(dir: Option<&Path>, stdout: &mut dyn Write) -> Result<()> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
            clap_mangen::generate_to(cmd.clone(), dir)
                .map_err(|e| Error::io(format!("cannot write the manual into {}", dir.display()), e))?;
            let pages = 1 + count_commands(&cmd);
            writeln!(stdout, "Wrote {pages} man pages to {}.", dir.display()).map_err(Error::Output)
        }
        None => one_page(&cmd, stdout).map_err(Error::Output),
    }
}

fn count_commands(cmd: &clap::Command) -> usize {
    cmd.get_subcommands().map(|sub| 1 + count_commands(sub)).sum()
}

/// The whole manual as one page: netcrm's own sections, then a section per command
/// (and per subcommand, such as `lead add`) with its synopsis, options and examples.
fn one_page(cmd: &clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    let mut examples = Vec::new();
    man.render_extra_section(&mut examples)?;
    out.write_all(String::from_utf8_lossy(&examples).replace(".SH EXTRA", ".SH EXAMPLES").as_bytes())?;
    commands(cmd, out)?;
    man.render_version_section(out)
}

fn commands(cmd: &clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.has_subcommands() {
            commands(sub, out)?;
            continue;
        }
        let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name()).to_uppercase();
        writeln!(out, ".SH \"{name}\"")?;
        let man = clap_mangen::Man::new(sub.clone());
        let mut section = Vec::new();
        man.render_description_section(&mut section)?;
        man.render_synopsis_section(&mut section)?;
        man.render_options_section(&mut section)?;
        if sub.get_after_help().is_some() {
            man.render_extra_section(&mut section)?;
        }
        // Within a command's section, its parts are subsections.
        let text = String::from_utf8_lossy(&section)
            .replace(".SH DESCRIPTION\n", "")
            .replace(".SH EXTRA", ".SS EXAMPLES")
            .replace(".SH ", ".SS ");
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}
