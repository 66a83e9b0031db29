//! Logging an interaction by hand (`log`, and `review`'s `l`): the over-contact rule
//! is asked first, then the interaction is recorded as its own undo step, an imported
//! contact wakes up (their check-ins start), and the contact's next follow-up is read.

use chrono::NaiveDate;

use super::{ContactRecords, Woken, next_for, over_contact, wake};
use crate::error::Result;
use crate::model::{FollowUp, Interaction, InteractionKind};
use crate::store::Db;

/// What logging an interaction did.
#[derive(Debug)]
pub struct Logged {
    /// The contact's name.
    pub name: String,
    /// The interaction as stored (with its id).
    pub interaction: Interaction,
    /// The contact's next follow-up after it.
    pub next: Option<FollowUp>,
    /// The over-contact warning, when the contact is being contacted very often.
    pub warning: Option<String>,
    /// Whether a meeting was recorded with them before (a `met` is then "again").
    pub met_before: bool,
    /// The imported contact whose check-ins this started.
    pub woken: Option<Woken>,
}

/// Records `interaction` (its contact and kind given, its id ignored) in `db`, as the
/// step `log KIND with NAME on DATE`.
pub fn log(db: &Db, interaction: Interaction, today: NaiveDate) -> Result<Logged> {
    let id = interaction.contact_id;
    let before = ContactRecords::load(db, id)?;
    let warning = over_contact::warning(db, &before, interaction.kind, interaction.on, today)?;
    let met_before = before.interactions.iter().any(|i| i.kind == InteractionKind::Met);
    db.describe_step(&format!(
        "log {} with {} on {}",
        interaction.kind, before.contact.name, interaction.on
    ))?;
    let interaction = db.insert_interaction(&interaction)?;
    let woken = wake::on_interaction(db, id)?;
    let next = next_for(db, id, today)?;
    Ok(Logged { name: before.contact.name, interaction, next, warning, met_before, woken })
}
