//! The vCard reader (2.1, 3.0, 4.0; folding, escapes, quoted-printable, charsets):
//! any bytes are cards or an error, never a panic. Then one card repeating a property
//! thousands of times, deduplicated as import and sync do: linear, so within the
//! fuzzer's time limit (issue 23: 8,000 EMAIL lines took 3 s when it was quadratic).
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcrm::formats::vcard;
use netcrm::validate;

fuzz_target!(|bytes: &[u8]| {
    let _ = vcard::parse(bytes);
    // The first byte picks the property, the second how many hundred times the rest
    // (numbered, so that the values differ) is its value.
    let [which, times, value @ ..] = bytes else { return };
    let name = ["EMAIL", "TEL", "CATEGORIES", "EMAIL;TYPE=WORK"][usize::from(*which % 4)];
    let value = String::from_utf8_lossy(value);
    let mut card = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n");
    for i in 0..usize::from(*times) * 100 {
        card.push_str(&format!("{name}:{value}{i}@x.io\r\n"));
    }
    card.push_str("END:VCARD\r\n");
    if let Ok(parsed) = vcard::parse(card.as_bytes()) {
        for card in &parsed.cards {
            let emails: Vec<String> = card.emails.iter().filter_map(|e| validate::email(e).ok()).collect();
            let _ = validate::emails(&emails);
            let _ = validate::list(&card.phones);
            let _ = validate::imported_tags(&card.tags);
        }
    }
});
