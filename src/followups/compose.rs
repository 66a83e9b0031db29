//! A draft made and delivered: the item's template (the user's own, else the built-in
//! one) rendered with its record's values, and, when asked, written into a Maildir as
//! a message with the Draft flag. Used by `draft` and by `review`'s `w`. Reads
//! template files and writes the one message; never prints, never sends.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::draft::DraftRecord;
use crate::draft::{self, Draft, Parsed, Template, Values};
use crate::error::{Error, Result};
use crate::formats::message::{self, Mailbox, Message};
use crate::model::MailSettings;

/// The draft of `record`: its template from the folder `own` (the user's templates)
/// when there is one there, else the built-in one; an error naming the file and line
/// when the user's cannot be read.
pub fn compose(record: &DraftRecord, own: Option<&Path>) -> Result<Draft> {
    compose_template(record.template, &record.values, own)
}

/// The draft `template` makes of `values`: the user's from the folder `own` when there
/// is one there, else the built-in one.
pub fn compose_template(template: Template, values: &Values, own: Option<&Path>) -> Result<Draft> {
    let builtin = template.parsed_builtin();
    let chosen = match own {
        Some(dir) => own_template(dir, template)?.unwrap_or_else(|| builtin.clone()),
        None => builtin.clone(),
    };
    Ok(draft::render(&chosen, &builtin, values))
}

/// The user's template for `template` in `dir`, read, if there is one.
fn own_template(dir: &Path, template: Template) -> Result<Option<Parsed>> {
    let path = dir.join(template.file_name());
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(format!("cannot read the template {}", path.display()), e)),
    };
    draft::parse(&text, &path.display().to_string()).map(Some)
}

/// The e-mail address the draft goes to, which `how` (`--mailto`, `--maildir`) needs.
pub fn email<'r>(record: &'r DraftRecord, how: &'static str) -> Result<&'r str> {
    let key = record.follow_up.key.clone();
    match (&record.to, record.email()) {
        (_, Some(email)) => Ok(email),
        (Some(contact), None) => {
            Err(Error::DraftWithoutEmail { key, how, name: contact.name.clone(), id: contact.id })
        }
        (None, None) => Err(Error::DraftForNoOne { key, how }),
    }
}

/// Writes `draft` for `record` into the Maildir `dir` (made when missing): see
/// [`deliver`]. `how` names what asked for it, for the errors.
pub fn to_maildir(
    record: &DraftRecord,
    draft: &Draft,
    dir: &Path,
    now: DateTime<Utc>,
    how: &'static str,
) -> Result<PathBuf> {
    let to = Mailbox { name: record.to.as_ref().map(|c| c.name.as_str()), address: email(record, how)? };
    deliver(&record.mail, to, &record.follow_up.key, draft, dir, now)
}

/// Writes `draft` to `to` into the Maildir `dir` (made when missing) as an RFC 5322
/// message from your first address (`my-addresses`, with `my-name`) with the Draft
/// flag, dated `now`, its file and Message-ID named after `key`; returns its file.
pub fn deliver(
    mail: &MailSettings,
    to: Mailbox,
    key: &str,
    draft: &Draft,
    dir: &Path,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    let from = mail.my_addresses.first().ok_or(Error::DraftWithoutMyAddress)?;
    let (seconds, pid) = (now.timestamp(), std::process::id());
    let domain = from.rsplit_once('@').map_or("netcrm", |(_, domain)| domain);
    let message_id = format!("netcrm.{seconds}.{pid}.{key}@{domain}");
    let bytes = message::rfc5322(&Message {
        from: Mailbox { name: mail.my_name.as_deref(), address: from },
        to,
        subject: &draft.subject,
        body: &draft.body,
        date: now,
        message_id: &message_id,
    });
    crate::files::put_in_maildir(dir, &format!("{seconds}.P{pid}.{key}.netcrm"), "D", &bytes)
}
