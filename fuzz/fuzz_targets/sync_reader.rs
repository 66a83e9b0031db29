//! What `sync` reads from a vdir: a contact file (vCard) and a task file (VTODO),
//! and the editor's `field: value` document: any bytes are read or refused, never a
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcrm::formats::{document, ics, vcard};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let _ = ics::read_task(&text);
    let _ = vcard::parse(bytes);
    let _ = document::read(&text);
});
