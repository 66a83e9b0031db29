//! The vCard reader (2.1, 3.0, 4.0; folding, escapes, quoted-printable, charsets):
//! any bytes are cards or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcrm::formats::vcard;

fuzz_target!(|bytes: &[u8]| {
    let _ = vcard::parse(bytes);
});
