//! `netcrm manpage`: the roff man page generated from the clap definitions. Never
//! opens the database.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::Result;

pub fn run(stdout: &mut dyn Write) -> Result<()> {
    clap_mangen::Man::new(Cli::command()).render(stdout).map_err(crate::error::Error::Output)?;
    Ok(())
}
