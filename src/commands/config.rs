//! `netcrm config`: read and change the settings kept in the database: the
//! schedule's (durations and cadences) and the mail settings (text, unset until given).

use super::Context;
use crate::cli::ConfigAction;
use crate::error::{Error, Result};
use crate::model::{ConfigKey, MailSetting, MailSettings, Settings};
use crate::output::json::{SettingJson, SettingsJson};

pub fn run(ctx: &mut Context, action: ConfigAction) -> Result<()> {
    match action {
        ConfigAction::Get { key: None } => {
            let (settings, mail) = ctx.read(|db| Ok((db.settings()?, db.mail_settings()?)))?;
            if ctx.out.json {
                return ctx.out.json(&SettingsJson(&settings, &mail));
            }
            for key in ConfigKey::all() {
                ctx.out.line(shown(key, value_of(key, &settings, &mail).as_deref()))?;
            }
            Ok(())
        }
        ConfigAction::Get { key: Some(key) } => {
            let key = known(&key)?;
            let (settings, mail) = ctx.read(|db| Ok((db.settings()?, db.mail_settings()?)))?;
            print(ctx, key, value_of(key, &settings, &mail).as_deref())
        }
        ConfigAction::Set { key, value } if value.trim().is_empty() => {
            // An empty value returns the setting to its default (a mail setting to unset).
            let key = known(&key)?;
            let description = format!("config set {key} back to its default");
            let value = match key {
                ConfigKey::Schedule(setting) => {
                    ctx.write(|db| {
                        db.describe_step(&description)?;
                        db.reset_setting(setting)
                    })?;
                    Some(Settings::default().get(setting))
                }
                ConfigKey::Mail(setting) => {
                    write_mail(ctx, setting, &description, None)?;
                    None
                }
            };
            if ctx.out.json {
                return print(ctx, key, value.as_deref());
            }
            match value {
                Some(value) => ctx.out.line(format_args!("{key} = {value} (the default)")),
                None => ctx.out.line(shown(key, None)),
            }
        }
        ConfigAction::Set { key, value } => {
            let key = known(&key)?;
            // Checked and in its normal form (`monthly` -> `1m`, addresses trimmed).
            let value = match key {
                ConfigKey::Schedule(setting) => {
                    let mut checked = Settings::default();
                    checked.set(setting, &value)?;
                    let value = checked.get(setting);
                    ctx.write(|db| {
                        db.describe_step(&format!("config set {key} {value}"))?;
                        db.set_setting(setting, &value)
                    })?;
                    value
                }
                ConfigKey::Mail(setting) => {
                    let value = match setting {
                        // A folder is remembered whole: later runs start elsewhere.
                        MailSetting::DraftsMaildir => absolute(&value)?,
                        _ => value,
                    };
                    let mut checked = MailSettings::default();
                    checked.set(setting, &value)?;
                    let value = checked.get(setting).unwrap_or_default();
                    write_mail(ctx, setting, &format!("config set {key} {value}"), Some(&value))?;
                    value
                }
            };
            print(ctx, key, Some(&value))
        }
    }
}

/// Stores a mail setting (`None`: unsets it): an undo step for `my-name`, bookkeeping
/// for the two that other commands remember too.
fn write_mail(ctx: &mut Context, setting: MailSetting, description: &str, value: Option<&str>) -> Result<()> {
    if setting.is_bookkeeping() {
        return ctx.write_bookkeeping(|db| db.set_mail_setting(setting, value));
    }
    ctx.write(|db| {
        db.describe_step(description)?;
        db.set_mail_setting(setting, value)
    })
}

/// `path` made absolute against the current folder (not resolved: it may not exist
/// yet).
fn absolute(path: &str) -> Result<String> {
    let path = std::path::Path::new(path.trim());
    let absolute =
        std::path::absolute(path).map_err(|e| Error::io(format!("cannot find {}", path.display()), e))?;
    Ok(absolute.display().to_string())
}

fn known(key: &str) -> Result<ConfigKey> {
    ConfigKey::named(key).ok_or_else(|| Error::UnknownSetting { key: key.to_string() })
}

/// A setting's value in its normal form, `None` for a mail setting not set.
fn value_of(key: ConfigKey, settings: &Settings, mail: &MailSettings) -> Option<String> {
    match key {
        ConfigKey::Schedule(setting) => Some(settings.get(setting)),
        ConfigKey::Mail(setting) => mail.get(setting),
    }
}

/// `key = value`, or `key is not set`.
fn shown(key: ConfigKey, value: Option<&str>) -> String {
    match value {
        Some(value) => format!("{key} = {}", crate::text::visible(value)),
        None => format!("{key} is not set"),
    }
}

fn print(ctx: &mut Context, key: ConfigKey, value: Option<&str>) -> Result<()> {
    if ctx.out.json {
        return ctx.out.json(&SettingJson { key: key.name(), value });
    }
    ctx.out.line(shown(key, value))
}
