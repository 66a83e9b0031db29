//! `netcrm config`: read and change the settings kept in the database.

use serde_json::{Map, Value, json};

use super::Context;
use crate::cli::ConfigAction;
use crate::dates::{Cadence, Duration};
use crate::error::{Error, Result};
use crate::model::Settings;
use crate::store::SETTING_KEYS;

pub fn run(ctx: &mut Context, action: ConfigAction) -> Result<()> {
    match action {
        ConfigAction::Get { key: None } => {
            let settings = ctx.store.read(|db| db.settings())?;
            if ctx.out.json {
                let all: Map<String, Value> = SETTING_KEYS
                    .iter()
                    .map(|key| (key.to_string(), Value::from(value_of(&settings, key))))
                    .collect();
                return ctx.out.json(&all);
            }
            for key in SETTING_KEYS {
                ctx.out.line(format_args!("{key} = {}", value_of(&settings, key)))?;
            }
            Ok(())
        }
        ConfigAction::Get { key: Some(key) } => {
            let key = known(&key)?;
            let value = value_of(&ctx.store.read(|db| db.settings())?, key);
            print(ctx, key, &value)
        }
        ConfigAction::Set { key, value } => {
            let key = known(&key)?;
            let value = normalise(key, &value)?;
            ctx.store.write(|db| db.set_setting(key, &value))?;
            print(ctx, key, &value)
        }
    }
}

fn known(key: &str) -> Result<&'static str> {
    SETTING_KEYS
        .into_iter()
        .find(|k| *k == key.trim())
        .ok_or_else(|| Error::UnknownSetting { key: key.to_string() })
}

/// Checks a value for `key` and gives its normal form (`monthly` -> `1m`).
fn normalise(key: &str, value: &str) -> Result<String> {
    Ok(match key {
        "thank-you-within" => Duration::parse(value)?.to_string(),
        _ => Cadence::parse(value)?.to_string(),
    })
}

fn value_of(settings: &Settings, key: &str) -> String {
    match key {
        "thank-you-within" => settings.thank_you_within.to_string(),
        "default-cadence" => settings.default_cadence.to_string(),
        _ => settings.import_cadence.to_string(),
    }
}

fn print(ctx: &mut Context, key: &str, value: &str) -> Result<()> {
    if ctx.out.json {
        return ctx.out.json(&json!({ "key": key, "value": value }));
    }
    ctx.out.line(format_args!("{key} = {value}"))
}
