//! The `netcrm` binary: parse the command line, run it, report errors.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use netcrm::cli::Cli;
use netcrm::{Env, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result =
        run(cli, &Env::from_process(), &mut out).and_then(|()| out.flush().map_err(netcrm::Error::Output));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
