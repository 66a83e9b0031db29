//! Asking on the terminal. dialoguer draws the prompts (its theme), but answers are
//! read a line at a time with the terminal in its normal mode: dialoguer's own
//! prompts read raw keys, so Ctrl-D could not end input and Ctrl-C left the cursor
//! hidden. Here Ctrl-D ends input (nothing is written) and Ctrl-C stops netcrm with
//! the terminal as it was.

use std::io::{BufRead, Write};

use dialoguer::theme::{SimpleTheme, Theme};

use crate::error::{Error, Result};

/// Asks for a value until `check` accepts it. An empty answer is `None` when
/// `optional`, and is asked again otherwise.
pub fn ask<T>(prompt: &str, optional: bool, mut check: impl FnMut(&str) -> Result<T>) -> Result<Option<T>> {
    let theme = SimpleTheme;
    loop {
        let mut shown = String::new();
        let _ = theme.format_input_prompt(&mut shown, prompt, None);
        let answer = read_answer(&shown)?;
        let answer = answer.trim();
        if answer.is_empty() {
            if optional {
                return Ok(None);
            }
            continue;
        }
        match check(answer) {
            Ok(value) => return Ok(Some(value)),
            Err(error @ (Error::Database(_) | Error::Io { .. })) => return Err(error),
            Err(error) => {
                let mut message = String::new();
                let _ = theme.format_error(&mut message, &crate::text::visible_line(&error.to_string()));
                eprintln_now(&message);
            }
        }
    }
}

/// Asks a yes-or-no question; anything but yes is no.
pub fn confirm(prompt: &str) -> Result<bool> {
    let mut shown = String::new();
    let prompt = crate::text::visible_line(prompt);
    let _ = SimpleTheme.format_confirm_prompt(&mut shown, &prompt, Some(false));
    let answer = read_answer(&shown)?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

/// Shows `prompt` on stderr and reads one line from stdin; the end of input is a
/// cancellation.
fn read_answer(prompt: &str) -> Result<String> {
    let mut stderr = std::io::stderr();
    let _ = write!(stderr, "{prompt}");
    let _ = stderr.flush();
    let mut line = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::Prompt(format!("cannot read the answer: {e}")))?;
    if read == 0 {
        eprintln_now("");
        return Err(Error::Cancelled("input ended; nothing was written".into()));
    }
    Ok(line)
}

fn eprintln_now(text: &str) {
    let mut stderr = std::io::stderr();
    let _ = writeln!(stderr, "{text}");
}
