//! Reading a backup back a record at a time: each record is checked and handed to a
//! [`Sink`] as soon as it is read, so that a backup of any size is restored in little
//! memory, and nothing of the document is kept but its settings.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{
    BackupContact, BackupError, BackupFavor, BackupInteraction, BackupLead, BackupReminder, BackupTarget,
    Completion, FORMAT, Record, Snooze, Tail, VERSION, error, restore_settings,
};

/// Where a backup's records go as they are read.
pub trait Sink {
    type Error;

    /// One record. Every contact comes before any other record, whatever the order of
    /// the document (records read before the contacts are held until they are done).
    fn record(&mut self, record: Record) -> Result<(), Self::Error>;

    /// Every contact has been handed over (introducers can be set now), before any
    /// other record.
    fn contacts_done(&mut self) -> Result<(), Self::Error>;
}

/// Why reading a backup stopped: the document is wrong, or the sink failed.
#[derive(Debug)]
pub enum ReadError<E> {
    Backup(BackupError),
    Sink(E),
    /// The input could not be read.
    Io(std::io::Error),
}

/// The document's fields, in the order netcrm writes them.
pub(super) const FIELDS: &[&str] = &[
    "format",
    "version",
    "contacts",
    "interactions",
    "reminders",
    "leads",
    "favors",
    "snoozes",
    "completed",
    "different_people",
    "targets",
    "settings",
];

/// Reads the backup `input` holds, handing each record to `sink` as it is read, and
/// returns its settings. Syntax errors name their line; values name their place
/// (`contacts[3].birthday`).
pub fn read<S: Sink>(input: impl std::io::Read, sink: &mut S) -> Result<Tail, ReadError<S::Error>> {
    let mut state = State { sink, contacts_done: false, held: Vec::new(), failure: None };
    let mut deserializer = serde_json::Deserializer::from_reader(input);
    let result = Document { state: &mut state }.deserialize(&mut deserializer).and_then(|tail| {
        deserializer.end()?;
        Ok(tail)
    });
    match result {
        Ok(tail) => Ok(tail),
        Err(e) => Err(state.failure.take().unwrap_or_else(|| {
            if e.is_io() {
                return ReadError::Io(e.into());
            }
            ReadError::Backup(BackupError { place: format!("line {}", e.line()), message: e.to_string() })
        })),
    }
}

struct State<'s, S: Sink> {
    sink: &'s mut S,
    contacts_done: bool,
    /// Records read before the contacts were done.
    held: Vec<Record>,
    /// What stopped the reading, when it was not the syntax: serde's error only says
    /// that something did.
    failure: Option<ReadError<S::Error>>,
}

impl<S: Sink> State<'_, S> {
    fn give(&mut self, record: Record) -> Result<(), ()> {
        let result = match record {
            Record::Contact(..) => self.sink.record(record),
            _ if !self.contacts_done => {
                self.held.push(record);
                Ok(())
            }
            _ => self.sink.record(record),
        };
        result.map_err(|e| self.failure = Some(ReadError::Sink(e)))
    }

    fn finish_contacts(&mut self) -> Result<(), ()> {
        self.contacts_done = true;
        self.sink.contacts_done().map_err(|e| self.failure = Some(ReadError::Sink(e)))?;
        for record in std::mem::take(&mut self.held) {
            self.give(record)?;
        }
        Ok(())
    }

    fn fail<E: de::Error>(&mut self, backup: BackupError) -> E {
        self.failure = Some(ReadError::Backup(backup));
        E::custom("the backup is not valid")
    }

    fn stopped<E: de::Error>() -> E {
        E::custom("the backup could not be restored")
    }
}

/// The whole document.
struct Document<'a, 's, S: Sink> {
    state: &'a mut State<'s, S>,
}

impl<'de, S: Sink> DeserializeSeed<'de> for Document<'_, '_, S> {
    type Value = Tail;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Tail, D::Error> {
        deserializer.deserialize_struct("Backup", FIELDS, self)
    }
}

impl<'de, S: Sink> Visitor<'de> for Document<'_, '_, S> {
    type Value = Tail;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a netcrm backup (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tail, A::Error> {
        let state = self.state;
        let mut format: Option<String> = None;
        let mut version: Option<u32> = None;
        let mut settings: Option<BTreeMap<String, String>> = None;
        let mut seen = [false; FIELDS.len()];
        while let Some(key) = map.next_key::<String>()? {
            let Some(field) = FIELDS.iter().position(|f| *f == key) else {
                return Err(de::Error::unknown_field(&key, FIELDS));
            };
            if std::mem::replace(&mut seen[field], true) {
                return Err(de::Error::duplicate_field(FIELDS[field]));
            }
            match FIELDS[field] {
                "format" => format = Some(map.next_value()?),
                "version" => version = Some(map.next_value()?),
                "settings" => settings = Some(map.next_value()?),
                "contacts" => {
                    map.next_value_seed(Section::<BackupContact, _, _>::new(&mut *state, "contacts", |c| {
                        c.restore().map(|(c, known)| Record::Contact(Box::new(c), known))
                    }))?;
                    state.finish_contacts().map_err(|()| State::<S>::stopped())?;
                }
                "interactions" => map.next_value_seed(Section::<BackupInteraction, _, _>::new(
                    &mut *state,
                    "interactions",
                    |x| x.restore().map(Record::Interaction),
                ))?,
                "reminders" => map.next_value_seed(Section::<BackupReminder, _, _>::new(
                    &mut *state,
                    "reminders",
                    |r| r.restore().map(Record::Reminder),
                ))?,
                "leads" => {
                    map.next_value_seed(Section::<BackupLead, _, _>::new(&mut *state, "leads", |l| {
                        l.restore().map(Record::Lead)
                    }))?
                }
                "favors" => {
                    map.next_value_seed(Section::<BackupFavor, _, _>::new(&mut *state, "favors", |f| {
                        f.restore().map(Record::Favor)
                    }))?
                }
                "snoozes" => {
                    map.next_value_seed(Section::<Snooze, _, _>::new(&mut *state, "snoozes", |s| {
                        s.restore().map(|(key, until)| Record::Snooze(key, until))
                    }))?
                }
                "different_people" => map.next_value_seed(Section::<[i64; 2], _, _>::new(
                    &mut *state,
                    "different_people",
                    |[a, b]| {
                        if a == b {
                            return Err(error(
                                "different_people",
                                format!("contact {a} paired with themselves"),
                            ));
                        }
                        Ok(Record::DifferentPeople(a.min(b), a.max(b)))
                    },
                ))?,
                "targets" => {
                    map.next_value_seed(Section::<BackupTarget, _, _>::new(&mut *state, "targets", |t| {
                        t.restore().map(Record::Target)
                    }))?
                }
                _ => {
                    map.next_value_seed(Section::<Completion, _, _>::new(&mut *state, "completed", |c| {
                        c.restore().map(|(key, due, done)| Record::Completion(key, due, done))
                    }))?
                }
            }
            // Another program's JSON is refused at its first fields, before anything
            // of it is written.
            if let (Some(format), Some(version)) = (&format, version)
                && (format != FORMAT || version != VERSION)
            {
                return Err(state.fail(error(
                    "format",
                    format!("not a netcrm backup of version {VERSION} (found {format} {version})"),
                )));
            }
        }
        for (field, seen) in FIELDS.iter().zip(seen) {
            // Backups written before leads and favours have neither, those before
            // `dupes --not` no different people, and those before `target` no targets.
            if !seen && !matches!(*field, "leads" | "favors" | "different_people" | "targets") {
                return Err(de::Error::missing_field(field));
            }
        }
        restore_settings(&settings.unwrap_or_default()).map_err(|e| state.fail(e))
    }
}

/// One list of records: each element is read, checked and handed over before the next.
struct Section<'a, 's, T, F, S: Sink> {
    state: &'a mut State<'s, S>,
    name: &'static str,
    convert: F,
    element: std::marker::PhantomData<T>,
}

impl<'a, 's, T, F, S: Sink> Section<'a, 's, T, F, S>
where
    F: Fn(T) -> Result<Record, BackupError>,
{
    fn new(state: &'a mut State<'s, S>, name: &'static str, convert: F) -> Self {
        Section { state, name, convert, element: std::marker::PhantomData }
    }
}

impl<'de, T, F, S> DeserializeSeed<'de> for Section<'_, '_, T, F, S>
where
    T: DeserializeOwned,
    F: Fn(T) -> Result<Record, BackupError>,
    S: Sink,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T, F, S> Visitor<'de> for Section<'_, '_, T, F, S>
where
    T: DeserializeOwned,
    F: Fn(T) -> Result<Record, BackupError>,
    S: Sink,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a list of {}", self.name)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(element) = seq.next_element::<T>()? {
            let record = (self.convert)(element)
                .map_err(|e| self.state.fail(e.within(&format!("{}[{index}]", self.name))))?;
            self.state.give(record).map_err(|()| State::<S>::stopped())?;
            index += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeps what it is handed, in order, with where the contacts ended.
    #[derive(Default)]
    struct Collect {
        events: Vec<String>,
        refuse_interactions: bool,
    }

    impl Sink for Collect {
        type Error = String;

        fn record(&mut self, record: Record) -> Result<(), String> {
            let event = match record {
                Record::Contact(c, _) => format!("contact {}", c.id),
                Record::Interaction(_) if self.refuse_interactions => return Err("refused".into()),
                Record::Interaction(i) => format!("interaction {}", i.id),
                Record::Reminder(r) => format!("reminder {}", r.id),
                Record::Lead(l) => format!("lead {}", l.id),
                Record::Favor(f) => format!("favor {}", f.id),
                Record::Snooze(key, until) => format!("snooze {key} {until}"),
                Record::Completion(key, due, done) => format!("completed {key} {due} {done}"),
                Record::DifferentPeople(a, b) => format!("different people {a} {b}"),
                Record::Target(t) => format!("target {}", t.company),
            };
            self.events.push(event);
            Ok(())
        }

        fn contacts_done(&mut self) -> Result<(), String> {
            self.events.push("contacts done".into());
            Ok(())
        }
    }

    const CONTACT: &str = r#"{"id": 1, "name": "Ada", "company": null, "title": null, "linkedin": null,
        "met_on": null, "met_at": null, "how_met": null, "introduced_by": null, "cadence": null,
        "temporary_cadence": null, "cadence_until": null, "notes": null, "birthday": null,
        "last_contact": null, "next_follow_up": null, "created_at": "2026-01-02"}"#;
    const INTERACTION: &str =
        r#"{"id": 7, "contact_id": 1, "kind": "call", "on": "2026-02-03", "note": null}"#;

    fn document(fields: &[(&str, String)]) -> String {
        let fields: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
        format!("{{{}}}", fields.join(",\n"))
    }

    fn canonical() -> Vec<(&'static str, String)> {
        vec![
            ("format", "\"netcrm\"".into()),
            ("version", "1".into()),
            ("contacts", format!("[{CONTACT}]")),
            ("interactions", format!("[{INTERACTION}]")),
            ("reminders", "[]".into()),
            ("snoozes", r#"[{"key": "check-in-1", "until": "2026-03-01"}]"#.into()),
            ("completed", "[]".into()),
            ("settings", r#"{"default-cadence": "6w", "my-addresses": "me@example.com"}"#.into()),
        ]
    }

    fn read_text(text: &str) -> Result<(Tail, Vec<String>), ReadError<String>> {
        let mut sink = Collect::default();
        let tail = read(text.as_bytes(), &mut sink)?;
        Ok((tail, sink.events))
    }

    fn backup_error(text: &str) -> BackupError {
        match read_text(text) {
            Err(ReadError::Backup(e)) => e,
            Err(ReadError::Sink(e)) => panic!("the sink failed: {e}"),
            Err(ReadError::Io(e)) => panic!("reading failed: {e}"),
            Ok((_, events)) => panic!("read: {events:?}"),
        }
    }

    #[test]
    fn records_are_handed_over_in_order_with_the_settings_returned() {
        let (tail, events) = read_text(&document(&canonical())).unwrap();
        assert_eq!(events, ["contact 1", "contacts done", "interaction 7", "snooze check-in-1 2026-03-01"]);
        assert_eq!(tail.settings.get(crate::model::Setting::DefaultCadence), "6w");
        assert_eq!(tail.mail.my_addresses, ["me@example.com"]);
    }

    #[test]
    fn records_before_the_contacts_are_held_until_the_contacts_are_done() {
        let mut fields = canonical();
        // Reminders, snoozes, completed and settings first, then the rest.
        fields.rotate_right(4);
        let text = document(&fields);
        assert!(text.find("\"snoozes\"").unwrap() < text.find("\"contacts\"").unwrap(), "{text}");
        let (_, events) = read_text(&text).unwrap();
        assert_eq!(events, ["contact 1", "contacts done", "snooze check-in-1 2026-03-01", "interaction 7"]);
    }

    #[test]
    fn a_bad_value_is_named_by_its_place() {
        let mut fields = canonical();
        fields[3].1 = format!("[{INTERACTION}, {}]", INTERACTION.replace("2026-02-03", "2026-02-30"));
        assert_eq!(backup_error(&document(&fields)).place, "interactions[1].on");
        let mut fields = canonical();
        fields[2].1 = format!("[{}]", CONTACT.replace("\"Ada\"", "\"  \""));
        assert_eq!(backup_error(&document(&fields)).place, "contacts[0].name");
        let mut fields = canonical();
        fields[7].1 = r#"{"no-such-setting": "1"}"#.into();
        assert_eq!(backup_error(&document(&fields)).place, "settings.no-such-setting");
    }

    #[test]
    fn another_programs_json_is_refused_at_its_first_fields() {
        let mut fields = canonical();
        fields[0].1 = "\"vcard-json\"".into();
        let error = backup_error(&document(&fields));
        assert_eq!(
            (error.place.as_str(), error.message.as_str()),
            ("format", "not a netcrm backup of version 1 (found vcard-json 1)")
        );
        let mut fields = canonical();
        fields[1].1 = "2".into();
        assert_eq!(backup_error(&document(&fields)).place, "format");
    }

    #[test]
    fn unknown_duplicate_and_missing_fields_and_syntax_errors_name_their_line() {
        let mut fields = canonical();
        fields.push(("extra", "1".into()));
        let error = backup_error(&document(&fields));
        assert!(error.message.contains("unknown field `extra`"), "{error}");
        assert_eq!(error.place, "line 12");
        let mut fields = canonical();
        fields.push(("contacts", "[]".into()));
        assert!(backup_error(&document(&fields)).message.contains("duplicate field `contacts`"));
        let mut fields = canonical();
        fields.remove(7);
        assert!(backup_error(&document(&fields)).message.contains("missing field `settings`"));
        // Backups from before leads and favours have neither: that is fine.
        assert!(read_text(&document(&canonical())).is_ok());
        // The interactions are on line 7: the contact before them takes four.
        let error =
            backup_error(&document(&canonical()).replace("\"interactions\": [", "\"interactions\": [,"));
        assert_eq!(error.place, "line 7");
        let trailing = backup_error(&format!("{} trailing", document(&canonical())));
        assert!(trailing.message.contains("trailing characters"), "{trailing}");
    }

    #[test]
    fn the_sinks_failure_is_returned_as_it_is() {
        let mut sink = Collect { refuse_interactions: true, ..Collect::default() };
        match read(document(&canonical()).as_bytes(), &mut sink) {
            Err(ReadError::Sink(e)) => assert_eq!(e, "refused"),
            other => panic!("{:?}", other.map(|_| ())),
        }
    }
}
