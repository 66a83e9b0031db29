//! The settings about you and your mail (`my-name`, `my-addresses`, `drafts-maildir`):
//! text, unset until given, read by `draft` and `scan` and never by the scheduler, so
//! they live beside [`Settings`](super::Settings) (durations and cadences, `Copy`)
//! rather than in it; and [`ConfigKey`], every setting `config` knows by name. Plain
//! data and checks; no I/O here.

use std::fmt;

use super::Setting;
use crate::error::{Error, Result};

/// A setting about you and your mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailSetting {
    /// Your name, for the `From:` of drafts and the `{my_name}` placeholder.
    MyName,
    /// Your e-mail addresses, comma-separated: the first is the `From:` of drafts;
    /// `scan` tells your mail from others' by all of them (`scan --me` adds to them).
    MyAddresses,
    /// The Maildir that `draft --maildir` writes into (it remembers the last given).
    DraftsMaildir,
}

impl MailSetting {
    /// Every mail setting, in the order `config get` lists them (after the schedule's).
    pub const ALL: [MailSetting; 3] =
        [MailSetting::MyName, MailSetting::MyAddresses, MailSetting::DraftsMaildir];

    pub const fn name(self) -> &'static str {
        match self {
            MailSetting::MyName => "my-name",
            MailSetting::MyAddresses => "my-addresses",
            MailSetting::DraftsMaildir => "drafts-maildir",
        }
    }

    /// The mail setting called `name`, if there is one.
    pub fn named(name: &str) -> Option<MailSetting> {
        MailSetting::ALL.into_iter().find(|s| s.name() == name.trim())
    }

    /// Whether `undo` leaves the setting alone: `my-addresses` and `drafts-maildir`
    /// are also remembered by `scan --me` and `draft --maildir`, which are no undo
    /// steps for them, so `config set` is none either. `my-name` is undone like any
    /// other setting.
    pub fn is_bookkeeping(self) -> bool {
        matches!(self, MailSetting::MyAddresses | MailSetting::DraftsMaildir)
    }
}

/// The mail settings, each `None` (or empty) until set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailSettings {
    pub my_name: Option<String>,
    /// In the order given; no two the same address.
    pub my_addresses: Vec<String>,
    /// An absolute path (the command that stores it makes it so).
    pub drafts_maildir: Option<String>,
}

impl MailSettings {
    /// A setting's value in its stored form (`my-addresses` joined with `,`), or
    /// `None` when unset.
    pub fn get(&self, setting: MailSetting) -> Option<String> {
        match setting {
            MailSetting::MyName => self.my_name.clone(),
            MailSetting::MyAddresses => (!self.my_addresses.is_empty()).then(|| self.my_addresses.join(",")),
            MailSetting::DraftsMaildir => self.drafts_maildir.clone(),
        }
    }

    /// Sets a setting from text, which must be a valid, non-blank value for it: a name
    /// on one line, e-mail addresses separated by commas (the list is replaced), a
    /// folder.
    pub fn set(&mut self, setting: MailSetting, value: &str) -> Result<()> {
        let value = value.trim();
        if value.is_empty() {
            return Err(Error::EmptyValue { what: setting.name() });
        }
        match setting {
            MailSetting::MyName => {
                if value.contains(['\n', '\r']) {
                    return Err(Error::SettingOnOneLine { key: setting.name(), input: value.to_string() });
                }
                self.my_name = Some(value.to_string());
            }
            MailSetting::MyAddresses => {
                let given: Vec<String> =
                    value.split(',').map(str::trim).filter(|a| !a.is_empty()).map(String::from).collect();
                let addresses = crate::validate::emails(&given)?;
                if addresses.is_empty() {
                    return Err(Error::EmptyValue { what: setting.name() });
                }
                self.my_addresses = addresses;
            }
            MailSetting::DraftsMaildir => {
                if value.contains(['\n', '\r']) {
                    return Err(Error::SettingOnOneLine { key: setting.name(), input: value.to_string() });
                }
                self.drafts_maildir = Some(value.to_string());
            }
        }
        Ok(())
    }

    /// Sets a setting from what the database holds, which a newer netcrm or another
    /// program may have written: a value that does not pass [`MailSettings::set`] is
    /// kept as unset rather than refused, as nothing but drafts depends on it.
    pub fn set_stored(&mut self, setting: MailSetting, value: &str) {
        let mut checked = self.clone();
        if checked.set(setting, value).is_ok() {
            *self = checked;
        }
    }
}

/// A setting `config` knows: one of the schedule's ([`Setting`], held by
/// [`Settings`](super::Settings)) or a mail setting ([`MailSetting`], held by
/// [`MailSettings`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigKey {
    Schedule(Setting),
    Mail(MailSetting),
}

impl ConfigKey {
    /// Every setting, in the order `config get` lists them: the schedule's, then the
    /// mail settings.
    pub fn all() -> impl Iterator<Item = ConfigKey> {
        Setting::ALL
            .into_iter()
            .map(ConfigKey::Schedule)
            .chain(MailSetting::ALL.into_iter().map(ConfigKey::Mail))
    }

    pub fn name(self) -> &'static str {
        match self {
            ConfigKey::Schedule(setting) => setting.name(),
            ConfigKey::Mail(setting) => setting.name(),
        }
    }

    /// The setting called `name`, if there is one.
    pub fn named(name: &str) -> Option<ConfigKey> {
        ConfigKey::all().find(|key| key.name() == name.trim())
    }

    /// "thank-you-within, default-cadence, ..., drafts-maildir", for messages.
    pub fn names() -> String {
        ConfigKey::all().map(ConfigKey::name).collect::<Vec<_>>().join(", ")
    }
}

impl fmt::Display for ConfigKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_has_one_name_and_is_found_by_it() {
        let names: Vec<&str> = ConfigKey::all().map(ConfigKey::name).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        for key in ConfigKey::all() {
            assert_eq!(ConfigKey::named(key.name()), Some(key));
        }
        assert!(
            ConfigKey::names().ends_with("my-name, my-addresses, drafts-maildir"),
            "{}",
            ConfigKey::names()
        );
        assert_eq!(ConfigKey::named("my-nam"), None);
    }

    #[test]
    fn my_addresses_are_checked_trimmed_and_kept_once_in_order() {
        let mut mail = MailSettings::default();
        mail.set(MailSetting::MyAddresses, " me@example.com, Me@Example.com ,work@example.org,").unwrap();
        assert_eq!(mail.my_addresses, ["me@example.com", "work@example.org"]);
        assert_eq!(mail.get(MailSetting::MyAddresses).as_deref(), Some("me@example.com,work@example.org"));
        // Setting them again replaces the list.
        mail.set(MailSetting::MyAddresses, "new@example.com").unwrap();
        assert_eq!(mail.my_addresses, ["new@example.com"]);
        let bad = mail.set(MailSetting::MyAddresses, "me@example.com, not-an-address").unwrap_err();
        assert!(bad.to_string().contains("'not-an-address'"), "{bad}");
        assert_eq!(mail.my_addresses, ["new@example.com"], "a refused value changes nothing");
        assert!(mail.set(MailSetting::MyAddresses, " , ").is_err());
    }

    #[test]
    fn a_name_or_folder_is_one_line_and_not_blank() {
        let mut mail = MailSettings::default();
        assert_eq!(mail.get(MailSetting::MyName), None);
        mail.set(MailSetting::MyName, "  Zoë Ng ").unwrap();
        assert_eq!(mail.get(MailSetting::MyName).as_deref(), Some("Zoë Ng"));
        assert!(mail.set(MailSetting::MyName, "Zoë\nNg").unwrap_err().to_string().contains("my-name"));
        assert!(mail.set(MailSetting::DraftsMaildir, "  ").is_err());
        // What the database holds and no longer passes is as good as unset.
        mail.set_stored(MailSetting::MyAddresses, "nonsense");
        assert_eq!(mail.my_addresses, Vec::<String>::new());
    }

    #[test]
    fn only_the_settings_other_commands_remember_are_left_alone_by_undo() {
        let kept: Vec<MailSetting> = MailSetting::ALL.into_iter().filter(|s| s.is_bookkeeping()).collect();
        assert_eq!(kept, [MailSetting::MyAddresses, MailSetting::DraftsMaildir]);
    }
}
