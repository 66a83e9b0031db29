//! Reading a JSON backup as a restore streams it (`import --format json`): any bytes
//! are records and settings, or an error naming the place, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcrm::formats::json;

/// Takes every record the reader hands over, as the restorer would.
struct Discard;

impl json::Sink for Discard {
    type Error = std::convert::Infallible;

    fn record(&mut self, _: json::Record) -> Result<(), Self::Error> {
        Ok(())
    }

    fn contacts_done(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

fuzz_target!(|bytes: &[u8]| {
    let _ = json::read(bytes, &mut Discard);
});
