//! Restoring a JSON backup (`import --format json`): any text is a restore or an
//! error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcrm::formats::json::Backup;

fuzz_target!(|text: &str| {
    if let Ok(backup) = serde_json::from_str::<Backup>(text) {
        let _ = backup.restore();
    }
});
