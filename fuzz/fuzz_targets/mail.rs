//! The mail reader `scan` uses: any bytes as one message (headers, RFC 2047 words in
//! any charset, dates) and as an mbox of many are messages or errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcrm::formats::mail;

fuzz_target!(|bytes: &[u8]| {
    let _ = mail::parse(bytes, "fuzz");
    for message in mail::read_mbox(bytes, "fuzz").take(1000) {
        let _ = message;
    }
});
