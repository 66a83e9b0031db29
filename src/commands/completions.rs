//! `netcrm completions SHELL`: a completion script generated from the clap
//! definitions. Never opens the database.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::Result;

pub fn run(shell: Shell, stdout: &mut dyn Write) -> Result<()> {
    clap_complete::generate(shell, &mut Cli::command(), "netcrm", stdout);
    Ok(())
}
