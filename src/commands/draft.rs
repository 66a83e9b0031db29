//! `netcrm draft KEY`: the message a follow-up asks for (DESIGN.md "Drafts"), made of
//! its record (`followups::draft_record`) and its template (the user's file in
//! `$XDG_CONFIG_HOME/netcrm/templates`, else the built-in one, rendered by
//! `crate::draft`); printed, as a `mailto:` URL, or written into a Maildir
//! (`formats::message`, `files::put_in_maildir`). `draft --templates DIR` writes the
//! built-in templates out, without opening the database. Nothing is written to the
//! database but the remembered Maildir, and nothing is sent. `draft --path T --via X`
//! writes the introduction request to X (the `path` template), as `netcrm path` suggests.

use std::path::{Path, PathBuf};

use super::{Context, resolve, templates_dir};
use crate::cli::DraftArgs;
use crate::draft::{self, Template};
use crate::error::{Error, Result};
use crate::followups::{DraftRecord, compose, compose_template, deliver, draft_record, email, path_draft};
use crate::formats::message::{self, Mailbox};
use crate::model::{MailSetting, MailSettings};
use crate::network::link_between;
use crate::output::Output;
use crate::output::json::{DraftJson, TemplatesJson};
use crate::text::visible;

pub fn run(ctx: &mut Context, args: DraftArgs) -> Result<()> {
    if let (Some(target), Some(via)) = (&args.path, &args.via) {
        return introduction(ctx, target, via, args.mailto, args.maildir);
    }
    // clap asks for KEY or --templates, and `commands::run` writes the templates.
    let Some(key) = args.key else {
        return Err(Error::Usage("draft needs a KEY (or --templates DIR)".into()));
    };
    let today = ctx.today;
    let record = ctx.read(|db| draft_record(db, &key, today))?;
    let draft = compose(&record, templates_dir().as_deref())?;
    let key = record.follow_up.key.as_str();

    let mailto = match args.mailto {
        true => Some(message::mailto(email(&record, "--mailto")?, &draft.subject, &draft.body)),
        false => None,
    };
    let file = match args.maildir {
        Some(given) => Some(into_maildir(ctx, &record, &draft, given)?),
        None => None,
    };

    let who = record.to.as_ref().map(|c| format!(" ({})", c.name)).unwrap_or_default();
    let done = Delivered { mailto, file, wrote: format!("Wrote the draft for {key}{who}") };
    show(ctx, Some(key), record.channel(), &draft, done)
}

/// `draft --path TARGET --via X`: the introduction request to X about TARGET (the
/// `path` template), with a warning when nothing links X to TARGET.
fn introduction(
    ctx: &mut Context,
    target: &str,
    via: &str,
    mailto: bool,
    maildir: Option<Option<PathBuf>>,
) -> Result<()> {
    let today = ctx.today;
    let (record, link) = ctx.read(|db| {
        let t = resolve::contact(db, target)?;
        let x = resolve::contact(db, via)?;
        let record = path_draft(db, t, x, today)?
            .ok_or_else(|| Error::ContactNotFound { query: target.into(), candidates: Vec::new() })?;
        Ok((record, link_between(db, x, t, today)?))
    })?;
    let draft = compose_template(Template::Path, &record.values, templates_dir().as_deref())?;
    if link.weight() == 0.0 {
        ctx.out.warn(format_args!(
            "nothing links {} to {} (no introduction, company or scanned mail in common): they may not know each other",
            visible(&record.to.name),
            visible(&record.about.name)
        ));
    }
    let email = |how: &'static str| {
        record.to.emails.first().map(String::as_str).ok_or_else(|| Error::DraftWithoutEmail {
            key: "the introduction request".into(),
            how,
            name: record.to.name.clone(),
            id: record.to.id,
        })
    };
    let mailto = match mailto {
        true => Some(message::mailto(email("--mailto")?, &draft.subject, &draft.body)),
        false => None,
    };
    let file = match maildir {
        Some(given) => {
            let to = Mailbox { name: Some(&record.to.name), address: email("--maildir")? };
            let key = format!("path-{}-via-{}", record.about.id, record.to.id);
            Some(write_maildir(ctx, &record.mail, to, &key, &draft, given)?)
        }
        None => None,
    };
    let done = Delivered {
        mailto,
        file,
        wrote: format!("Wrote the introduction request to {}", visible(&record.to.name)),
    };
    show(ctx, None, record.to.channel(), &draft, done)
}

/// Where a draft went besides the terminal: a `mailto:` URL, a Maildir file (and how
/// to say it was written there).
struct Delivered {
    mailto: Option<String>,
    file: Option<PathBuf>,
    wrote: String,
}

/// Prints a draft for `key` (none for an introduction request) to `to`: its JSON, or
/// the URL and where it was written, or else the message itself.
fn show(
    ctx: &mut Context,
    key: Option<&str>,
    to: Option<&str>,
    draft: &draft::Draft,
    done: Delivered,
) -> Result<()> {
    let Delivered { mailto, file, wrote } = done;
    if ctx.out.json {
        return ctx.out.json(&DraftJson {
            key,
            to,
            subject: &draft.subject,
            body: &draft.body,
            mailto: mailto.as_deref(),
            file: file.as_ref().map(|f| f.display().to_string()),
        });
    }
    if let Some(url) = &mailto {
        ctx.out.line(url)?;
    }
    if let Some(file) = &file {
        ctx.out.line(format_args!("{wrote} to {}", file.display()))?;
    }
    if mailto.is_some() || file.is_some() {
        return Ok(());
    }
    let to = to.map(|to| format!(" {to}")).unwrap_or_default();
    ctx.out.line(format_args!("To:{to}\nSubject: {}\n\n{}", draft.subject, draft.body))
}

/// Writes the draft into the Maildir `given` (or the one remembered) with the Draft
/// flag, and remembers the folder; returns the message's file.
fn into_maildir(
    ctx: &mut Context,
    record: &DraftRecord,
    draft: &draft::Draft,
    given: Option<PathBuf>,
) -> Result<PathBuf> {
    let to =
        Mailbox { name: record.to.as_ref().map(|c| c.name.as_str()), address: email(record, "--maildir")? };
    write_maildir(ctx, &record.mail, to, &record.follow_up.key, draft, given)
}

/// Writes `draft` to `to` into the Maildir `given` (or the one remembered), its file
/// and Message-ID named after `key`; remembers the folder; returns the file.
fn write_maildir(
    ctx: &mut Context,
    mail: &MailSettings,
    to: Mailbox,
    key: &str,
    draft: &draft::Draft,
    given: Option<PathBuf>,
) -> Result<PathBuf> {
    let dir = match &given {
        Some(dir) => {
            std::path::absolute(dir).map_err(|e| Error::io(format!("cannot find {}", dir.display()), e))?
        }
        None => match &mail.drafts_maildir {
            Some(dir) => PathBuf::from(dir),
            None => {
                return Err(Error::Usage(
                    "draft --maildir needs a folder the first time: netcrm draft KEY --maildir DIR (it is remembered)"
                        .into(),
                ));
            }
        },
    };
    let file = deliver(mail, to, key, draft, &dir, ctx.now)?;
    // Remembered for the next time: bookkeeping, not an undo step.
    let text = dir.display().to_string();
    if given.is_some() && mail.drafts_maildir.as_deref() != Some(text.as_str()) && !ctx.is_read_only() {
        ctx.write_bookkeeping(|db| db.set_mail_setting(MailSetting::DraftsMaildir, Some(&text)))?;
    }
    Ok(file)
}

/// `draft --templates DIR [--force]`: writes the built-in templates into `dir`
/// (created with its parents), all of them or, when one is there and `force` is not
/// given, none.
pub fn write_templates(out: &mut Output, dir: &Path, force: bool) -> Result<()> {
    let paths: Vec<(Template, PathBuf)> =
        Template::ALL.iter().map(|t| (*t, dir.join(t.file_name()))).collect();
    if !force {
        let there: Vec<&PathBuf> = paths.iter().map(|(_, path)| path).filter(|path| path.exists()).collect();
        if let Some(first) = there.first() {
            return Err(Error::TemplateExists { path: first.to_path_buf(), more: there.len() - 1 });
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    for (template, path) in &paths {
        std::fs::write(path, template.builtin())
            .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    }
    let files: Vec<String> = Template::ALL.iter().map(|t| t.file_name()).collect();
    if out.json {
        return out.json(&TemplatesJson { dir: dir.display().to_string(), files });
    }
    out.line(format_args!("Wrote {} templates to {}: {}", files.len(), dir.display(), files.join(", ")))?;
    match templates_dir() {
        Some(own) => out.line(format_args!(
            "netcrm reads your own from {}: a file there replaces the built-in template of its name.",
            own.display()
        )),
        None => Ok(()),
    }
}
