//! netcrm's own CSV export, read back.

use super::{COLUMNS, Columns, Program, Row, find, named};
use crate::dates::{Birthday, Cadence, parse_iso_date};
use crate::formats::{Card, FileCadence, Warn};

/// netcrm's own export ([`COLUMNS`]); `last_contact` and `next_follow_up` are derived
/// and not read.
pub(super) struct Netcrm;

impl Program for Netcrm {
    fn knows(&self, column: &str) -> bool {
        COLUMNS.contains(&column)
    }

    /// Lower case, with underscores.
    fn marks(&self, column: &str) -> bool {
        matches!(column, "emails" | "phones" | "met_on" | "how_met" | "introduced_by" | "next_follow_up")
    }

    fn own_export(&self) -> bool {
        true
    }

    fn columns(&self, header: &[String]) -> Result<Box<dyn Columns>, String> {
        let columns = NetcrmColumns::new(header);
        let found = columns.name.is_some();
        named(columns, found, "'name'")
    }
}

/// Where netcrm's columns are in this file's header.
struct NetcrmColumns {
    id: Option<usize>,
    name: Option<usize>,
    emails: Option<usize>,
    phones: Option<usize>,
    company: Option<usize>,
    title: Option<usize>,
    linkedin: Option<usize>,
    tags: Option<usize>,
    met_on: Option<usize>,
    met_at: Option<usize>,
    how_met: Option<usize>,
    introduced_by: Option<usize>,
    cadence: Option<usize>,
    birthday: Option<usize>,
    notes: Option<usize>,
}

impl NetcrmColumns {
    fn new(header: &[String]) -> Self {
        let column = |name: &str| find(header, &[name]);
        NetcrmColumns {
            id: column("id"),
            name: column("name"),
            emails: column("emails"),
            phones: column("phones"),
            company: column("company"),
            title: column("title"),
            linkedin: column("linkedin"),
            tags: column("tags"),
            met_on: column("met_on"),
            met_at: column("met_at"),
            how_met: column("how_met"),
            introduced_by: column("introduced_by"),
            cadence: column("cadence"),
            birthday: column("birthday"),
            notes: column("notes"),
        }
    }
}

impl Columns for NetcrmColumns {
    fn card(&self, row: &Row<'_>, warnings: &mut dyn Warn) -> Card {
        let list = |column| {
            row.get(column).map_or_else(Vec::new, |cell| {
                cell.split(';').map(str::trim).filter(|item| !item.is_empty()).map(str::to_string).collect()
            })
        };
        let id = row.parsed(self.id, warnings, "id", str::parse::<i64>);
        let introduced_by = row.parsed(self.introduced_by, warnings, "introduced_by id", str::parse::<i64>);
        let met_on = row.parsed(self.met_on, warnings, "met_on date", parse_iso_date);
        let birthday = row.parsed(self.birthday, warnings, "birthday", Birthday::parse);
        // A blank cell means the contact follows default-cadence; an unreadable one says
        // nothing, so --cadence or import-cadence applies as for other formats.
        let cadence = match self.cadence {
            None => FileCadence::Absent,
            Some(_) => match row.get(self.cadence) {
                None => FileCadence::Default,
                Some(value) => match Cadence::parse(&value) {
                    Ok(cadence) => FileCadence::Own(cadence),
                    Err(_) => {
                        row.warn(warnings, "cadence", &value);
                        FileCadence::Absent
                    }
                },
            },
        };
        Card {
            line: row.line,
            name: row.get(self.name),
            emails: list(self.emails),
            phones: list(self.phones),
            company: row.get(self.company),
            title: row.get(self.title),
            linkedin: row.get(self.linkedin),
            tags: list(self.tags),
            notes: row.get(self.notes),
            birthday,
            met_on,
            met_at: row.get(self.met_at),
            how_met: row.get(self.how_met),
            cadence,
            uid: None,
            name_parts: None,
            id,
            introduced_by,
        }
    }
}
