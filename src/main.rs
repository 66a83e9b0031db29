//! The `netcrm` binary: parse the command line, run it, report errors.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;
use netcrm::cli::Cli;
use netcrm::{Env, run};

fn main() -> ExitCode {
    // A write past the file-size limit (`ulimit -f`) would kill the process with
    // SIGXFSZ, without a word and leaving temporary files; caught, the write fails
    // with EFBIG instead, which the error reports with the file's name, and the files
    // are cleaned up. (Handlers, unlike an ignored signal, are reset for the programs
    // netcrm runs, such as the editor.) Nothing to do if it cannot be caught.
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(error),
    };
    // One buffered writer for stdout, flushed at the end whatever happened; stderr
    // (warnings, progress, errors) is unbuffered so it shows at once.
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let result = run(cli, &Env::from_process(), &mut out, &mut err);
    let flushed = out.flush().map_err(netcrm::Error::Output);
    match result.and(flushed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
        Err(error) if error.is_reported() => ExitCode::from(error.exit_code()),
        Err(error) => {
            let _ = writeln!(err, "{}", netcrm::error::error_line(&error));
            ExitCode::from(error.exit_code())
        }
    }
}

/// Prints clap's error (help and version too), with a hint when an unknown command is
/// a word people try (`search`, `today`, ...).
fn usage_error(error: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() == ErrorKind::InvalidSubcommand
        && let Some(ContextValue::String(word)) = error.get(ContextKind::InvalidSubcommand)
        && let Some(hint) = netcrm::cli::did_you_mean(word)
    {
        eprintln!("error: netcrm has no '{}' command; try: {hint}", netcrm::text::visible_line(word));
        return ExitCode::from(2);
    }
    error.exit()
}
