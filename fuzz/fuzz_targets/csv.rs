//! The CSV readers (LinkedIn, Google, Outlook, Thunderbird, netcrm's own) and format
//! detection: any bytes are records or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcrm::formats::{self, csv};

fuzz_target!(|bytes: &[u8]| {
    let _ = formats::detect(bytes);
    let _ = csv::detect(bytes);
    for flavor in csv::Flavor::ALL {
        let _ = csv::parse(bytes, flavor, &csv::Options::default());
    }
});
