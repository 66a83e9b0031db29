//! What names and identifies a synced card: the card netcrm writes for a contact and
//! its UID, the file name made of a UID, and the hash of a file's bytes. PURE.

use crate::formats::vcard;
use crate::model::Contact;

/// FNV-1a over the file's bytes: stable across builds, unlike std's hasher.
pub(super) fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        h ^= u64::from(*byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The card netcrm writes for a contact, and its UID.
pub(super) fn card_of(contact: &Contact) -> (String, String) {
    let text = vcard::write(std::slice::from_ref(contact), vcard::VcardVersion::V3);
    (text, uid_of(contact))
}

/// The UID a contact's card has: its own, or one made from its id.
pub(super) fn uid_of(contact: &Contact) -> String {
    contact
        .uid
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map_or_else(|| format!("netcrm-contact-{}", contact.id), str::to_string)
}

/// A file name for a UID: letters, digits and `@._-` kept, the rest `_`.
pub(super) fn file_name(uid: &str) -> String {
    let safe: String =
        uid.chars().map(|c| if c.is_ascii_alphanumeric() || "@._-".contains(c) { c } else { '_' }).collect();
    format!("{safe}.vcf")
}
