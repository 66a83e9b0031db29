//! `netcrm config`: read and change the settings kept in the database.

use super::Context;
use crate::cli::ConfigAction;
use crate::error::{Error, Result};
use crate::model::{Setting, Settings};
use crate::output::json::{SettingJson, SettingsJson};

pub fn run(ctx: &mut Context, action: ConfigAction) -> Result<()> {
    match action {
        ConfigAction::Get { key: None } => {
            let settings = ctx.read(|db| db.settings())?;
            if ctx.out.json {
                return ctx.out.json(&SettingsJson(&settings));
            }
            for setting in Setting::ALL {
                ctx.out.line(format_args!("{} = {}", setting.name(), settings.get(setting)))?;
            }
            Ok(())
        }
        ConfigAction::Get { key: Some(key) } => {
            let setting = known(&key)?;
            let value = ctx.read(|db| db.settings())?.get(setting);
            print(ctx, setting, &value)
        }
        ConfigAction::Set { key, value } if value.trim().is_empty() => {
            // An empty value returns the setting to its default.
            let setting = known(&key)?;
            let value = Settings::default().get(setting);
            ctx.write(|db| {
                db.describe_step(&format!("config set {} back to its default", setting.name()))?;
                db.reset_setting(setting)
            })?;
            if ctx.out.json {
                return print(ctx, setting, &value);
            }
            ctx.out.line(format_args!("{} = {value} (the default)", setting.name()))
        }
        ConfigAction::Set { key, value } => {
            let setting = known(&key)?;
            // Checked and in its normal form (`monthly` -> `1m`).
            let mut checked = Settings::default();
            checked.set(setting, &value)?;
            let value = checked.get(setting);
            ctx.write(|db| {
                db.describe_step(&format!("config set {} {value}", setting.name()))?;
                db.set_setting(setting, &value)
            })?;
            print(ctx, setting, &value)
        }
    }
}

fn known(key: &str) -> Result<Setting> {
    Setting::named(key).ok_or_else(|| Error::UnknownSetting { key: key.to_string() })
}

fn print(ctx: &mut Context, setting: Setting, value: &str) -> Result<()> {
    if ctx.out.json {
        return ctx.out.json(&SettingJson { key: setting.name(), value });
    }
    ctx.out.line(format_args!("{} = {value}", setting.name()))
}
