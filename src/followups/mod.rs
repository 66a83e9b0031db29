//! The follow-up lifecycle, between the commands and the store and scheduler: loading
//! a contact's records and running the scheduler over them, keeping the stored
//! follow-ups equal to what it gives, the agenda, completing and snoozing an item,
//! the over-contact rule, logging an interaction, waking an imported contact, a
//! person's briefing, what a draft of an item is made from, and the weekly reconnect
//! picks. Functions here take a `&Db` and values (today is passed in) and return data:
//! they never read the clock, print, or take a command's `Context`.

mod agenda;
mod briefing;
mod complete;
mod compose;
mod draft;
pub mod goals;
mod keys;
mod log;
pub mod over_contact;
mod reconnect;
mod records;
mod refresh;
pub mod wake;

pub use agenda::{Agenda, Order, agenda, every_open, next_after, rank};
pub use briefing::{Briefing, briefing};
pub use complete::{Done, complete, complete_all, hide, settle, snooze};
pub use compose::{compose, compose_template, deliver, email, to_maildir};
pub use draft::{DraftRecord, PathDraft, draft_record, path_draft};
pub use keys::{find_open, find_to_do, marks_owner};
pub use log::{Logged, log};
pub use reconnect::{dormant_list, store_week_picks, week_picks};
pub use records::{
    ContactRecords, about_leads, contact_with_summary, for_each_contact, load_contact, next_for, of_contact,
    stored_about_leads, summary,
};
pub use refresh::{Alone, recomputed, refresh, refresh_stale};
pub use wake::Woken;
