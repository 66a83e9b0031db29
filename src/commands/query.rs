//! `netcrm query`: e-mail addresses for a mail client's address completion, in the
//! form mutt's `query_command` and aerc's `address-book-cmd` read.

use super::Context;
use crate::error::{Error, Result};

pub fn run(ctx: &mut Context, text: &str) -> Result<()> {
    let found = ctx.read(|db| db.addresses_matching(text))?;
    ctx.out.addresses(&found)?;
    if found.is_empty() {
        // The first line said so; mutt shows "no matches" on exit status 1.
        return Err(Error::NoMatches { query: text.to_string() });
    }
    Ok(())
}
