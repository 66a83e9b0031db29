//! Forgetting for `undo --clear`: the sync bookkeeping's base cards hold the values
//! netcrm changed since the last sync; [`forget_old_values`] replaces them with what
//! the contact is now, naming the fields whose old value is gone
//! ([`forgotten_fields`] reads that mark back for the merge). Inside the caller's
//! transaction; touches no file.

use std::collections::{BTreeSet, HashMap};

use super::card::card_of;
use super::fields::{Fields, base_fields};
use crate::error::Result;
use crate::formats::Card;
use crate::model::Contact;
use crate::store::{Db, SyncCard};

/// The line of a base card that names the fields netcrm changed since the last sync
/// whose value at that sync `undo --clear` has forgotten ([`forget_old_values`]).
const FORGOTTEN: &str = "X-NETCRM-FORGOTTEN:";

/// The fields a base card marks as forgotten.
pub(super) fn forgotten_fields(base: &str) -> BTreeSet<String> {
    base.lines()
        .filter_map(|line| line.trim_end_matches('\r').strip_prefix(FORGOTTEN))
        .flat_map(|fields| fields.split(','))
        .filter(|field| !field.is_empty())
        .map(str::to_string)
        .collect()
}

/// For `undo --clear`: forgetting must reach the sync bookkeeping too, whose base card
/// of each synced contact (the card as netcrm last wrote or read it) still holds the
/// values netcrm has changed since that sync: an old note, company or name.
///
/// Each base whose fields differ from the contact's becomes the contact's card as it
/// is now, with a line naming the fields that differed: "changed in netcrm since the
/// last sync, the old value forgotten". The merge counts such a field as changed in
/// netcrm: netcrm's value is written to the card, and when the card's value differs
/// from it, that is reported as a conflict (as a change on both sides is), since
/// whether the phone changed it too can no longer be told. Fields netcrm did not
/// change keep their three-way merge, so a change made only on the phone is still
/// taken. The trade-off: after `--clear`, a card whose file did change since (on the
/// phone, in another field) reports a conflict for each such field even when only
/// netcrm changed it, and never loses either value silently. The other way, writing
/// every such card now, would make `undo --clear` write the sync folder (which may
/// be gone or elsewhere) and merge with the phone outside `sync`. What stays of a
/// synced card is the file's name and the hash of its bytes as last synced (of the
/// whole file: a guess of the entire old card could be checked against it, nothing
/// can be read from it). A removed contact's base is emptied (`rm` does so itself).
/// Returns how many bases were rewritten.
pub fn forget_old_values(db: &Db) -> Result<usize> {
    let records = db.sync_cards()?;
    if records.iter().all(|r| r.base.is_empty()) {
        return Ok(0);
    }
    let contacts: HashMap<i64, Contact> =
        db.contacts(&Default::default())?.into_iter().map(|c| (c.id, c)).collect();
    let mut rewritten = 0;
    for record in records.into_iter().filter(|r| !r.base.is_empty()) {
        let Some(contact) = contacts.get(&record.contact_id) else {
            // Removed by an undo (of their `add`, of an import), which does not go
            // through `rm`: blanked as `rm` blanks it.
            db.set_sync_card(&SyncCard { base: String::new(), ..record })?;
            rewritten += 1;
            continue;
        };
        let mine = Fields::of_contact(contact);
        let mut forgotten = forgotten_fields(&record.base);
        match base_fields(&record.base) {
            Some(base) => forgotten.extend(base.differing(&mine).into_iter().map(str::to_string)),
            // Never so (netcrm wrote it): forget it all, every field then netcrm's.
            None => forgotten
                .extend(mine.differing(&Fields::of_card(&Card::default())).into_iter().map(str::to_string)),
        }
        let mut base = card_of(contact).0;
        if !forgotten.is_empty() {
            let end = base.rfind("END:VCARD").unwrap_or(base.len());
            let names: Vec<&str> = forgotten.iter().map(String::as_str).collect();
            base.insert_str(end, &format!("{FORGOTTEN}{}\r\n", names.join(",")));
        }
        if base != record.base {
            db.set_sync_card(&SyncCard { base, ..record })?;
            rewritten += 1;
        }
    }
    Ok(rewritten)
}
