//! What an import checks a file against: the event, its delegations, and the few
//! fields of each person that tell a duplicate, a taken badge or a second head.

use super::rows::{self, ATTENDEE_COLUMNS, DELEGATION_COLUMNS};
use super::sql::Row;
use super::{Result, Store};
use crate::domain::{Attendee, AttendeeId, Delegation, DelegationId, Event, EventId};

/// A person already in the event, as far as an import needs to know them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingPerson {
    pub id: AttendeeId,
    pub badge: u32,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub delegation: Option<DelegationId>,
    pub is_head: bool,
}

/// An event as an import sees it, read in one consistent snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSnapshot {
    pub event: Event,
    pub delegations: Vec<Delegation>,
    pub people: Vec<ExistingPerson>,
    /// Everyone's whole record, for an import that updates them
    /// ([`Store::update_snapshot`]); empty otherwise.
    pub records: Vec<Attendee>,
}

/// The columns of `attendees` an [`ExistingPerson`] is read from, in the order
/// [`existing_person`] reads them.
pub(super) const EXISTING_PERSON_COLUMNS: &str =
    "id, badge, given_name, family_name, email, delegation_id, is_head";

/// A person read from [`EXISTING_PERSON_COLUMNS`] (the first columns of the row).
pub(super) fn existing_person(r: &Row<'_>) -> Result<ExistingPerson> {
    Ok(ExistingPerson {
        id: AttendeeId(r.get(0)?),
        badge: r.get(1)?,
        given_name: r.get(2)?,
        family_name: r.get(3)?,
        email: r.get(4)?,
        delegation: r.get::<Option<i64>>(5)?.map(DelegationId),
        is_head: r.get(6)?,
    })
}

impl Store {
    /// The event with its delegations and a key per person, from one read transaction
    /// (closed before returning: nothing is held while the caller works).
    pub fn import_snapshot(&self, event: EventId) -> Result<ImportSnapshot> {
        self.read_snapshot(event, false)
    }

    /// [`Store::import_snapshot`] with everyone's whole record, read in the same
    /// transaction: what an import that updates people compares the file with.
    pub fn update_snapshot(&self, event: EventId) -> Result<ImportSnapshot> {
        self.read_snapshot(event, true)
    }

    fn read_snapshot(&self, event: EventId, records: bool) -> Result<ImportSnapshot> {
        let tx = self.db.begin_read()?;
        let event = self.event(event)?;
        let delegations = tx.query_map(
            &format!(
                "SELECT {DELEGATION_COLUMNS} FROM delegations WHERE event_id = ?1 ORDER BY id"
            ),
            [event.id.0],
            rows::delegation,
        )?;
        let people = tx.query_map(
            &format!(
                "SELECT {EXISTING_PERSON_COLUMNS} FROM attendees WHERE event_id = ?1 ORDER BY id"
            ),
            [event.id.0],
            existing_person,
        )?;
        let records = if records {
            tx.query_map(
                &format!(
                    "SELECT {ATTENDEE_COLUMNS} FROM attendees WHERE event_id = ?1 ORDER BY id"
                ),
                [event.id.0],
                rows::attendee,
            )?
        } else {
            Vec::new()
        };
        tx.commit()?;
        Ok(ImportSnapshot {
            event,
            delegations,
            people,
            records,
        })
    }
}
