use super::delegations::insert_delegation;
use super::events::insert_event;
use super::rows::{self, ATTENDEE_COLUMNS};
use super::{Result, Store, StoreError};
use crate::domain::{
    Attendee, AttendeeId, DelegationId, Event, EventId, NewAttendee, NewDelegation, NewEvent, Role,
    Status, Violations,
};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};

/// One line of a people list: what the lists show and search, nothing more, so that
/// 100,000 of them stay small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendeeRow {
    pub id: AttendeeId,
    pub badge: u32,
    pub honorific: String,
    pub given_name: String,
    pub family_name: String,
    pub native_name: String,
    pub position: String,
    pub organisation: String,
    pub email: String,
    pub delegation: Option<DelegationId>,
    pub delegation_name: String,
    pub is_head: bool,
    pub rank: Option<u32>,
    pub role: Role,
    pub status: Status,
    /// Checked in on the day asked for.
    pub present: bool,
}

impl AttendeeRow {
    /// "Batmunkh, Battsetseg": lists sort by family name.
    pub fn sort_name(&self) -> String {
        format!("{}, {}", self.family_name, self.given_name)
    }
}

/// Where an imported person goes: no delegation, one that exists, or one of the
/// delegations created by the same import (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DelegationRef {
    None,
    Existing(DelegationId),
    New(usize),
}

/// The columns of a list line, in the order [`row_from`] reads them.
const ROW_COLUMNS: &str = "a.id, a.badge, a.honorific, a.given_name, a.family_name, \
     a.native_name, a.position, a.organisation, a.email, a.delegation_id, a.is_head, a.rank, \
     a.role, a.status";

/// A list line with its delegation's name and presence on `?2` looked up by SQL (for
/// a few rows; the whole list looks them up in memory).
const ROW_QUERY: &str = "SELECT a.id, a.badge, a.honorific, a.given_name, a.family_name,
        a.native_name, a.position, a.organisation, a.email, a.delegation_id, a.is_head,
        a.rank, a.role, a.status, coalesce(d.name, ''), c.id IS NOT NULL
     FROM attendees a
     LEFT JOIN delegations d ON d.id = a.delegation_id
     LEFT JOIN checkins c ON c.attendee_id = a.id AND c.day = ?2";

/// A list line from [`ROW_COLUMNS`], given its delegation's name and presence.
fn row_from(
    r: &rusqlite::Row<'_>,
    delegation_name: impl FnOnce(Option<i64>) -> rusqlite::Result<String>,
    present: impl FnOnce(i64) -> rusqlite::Result<bool>,
) -> rusqlite::Result<AttendeeRow> {
    let id: i64 = r.get(0)?;
    let delegation: Option<i64> = r.get(9)?;
    Ok(AttendeeRow {
        id: AttendeeId(id),
        badge: r.get(1)?,
        honorific: r.get(2)?,
        given_name: r.get(3)?,
        family_name: r.get(4)?,
        native_name: r.get(5)?,
        position: r.get(6)?,
        organisation: r.get(7)?,
        email: r.get(8)?,
        delegation: delegation.map(DelegationId),
        delegation_name: delegation_name(delegation)?,
        is_head: r.get(10)?,
        rank: r.get(11)?,
        role: r.get::<_, rows::Stored<_>>(12)?.0,
        status: r.get::<_, rows::Stored<_>>(13)?.0,
        present: present(id)?,
    })
}

fn attendee_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AttendeeRow> {
    row_from(r, |_| r.get(14), |_| r.get(15))
}

impl Store {
    /// Everyone in the event, by family name then given name, with presence on `day`.
    /// One sequential read of the table and one of the day's check-ins, sorted here:
    /// at 100,000 rows that is several times faster than SQLite's ORDER BY or a join
    /// per row.
    pub fn attendee_rows(&self, event: EventId, day: NaiveDate) -> Result<Vec<AttendeeRow>> {
        let present: std::collections::HashSet<i64> = self
            .conn
            .prepare_cached("SELECT attendee_id FROM checkins WHERE event_id = ?1 AND day = ?2")?
            .query_map(params![event.0, day], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let names: std::collections::HashMap<i64, String> = self
            .conn
            .prepare_cached("SELECT id, name FROM delegations WHERE event_id = ?1")?
            .query_map([event.0], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM attendees a WHERE a.event_id = ?1"
        ))?;
        let mut rows = stmt
            .query_map([event.0], |r| {
                row_from(
                    r,
                    |d| Ok(d.and_then(|d| names.get(&d).cloned()).unwrap_or_default()),
                    |id| Ok(present.contains(&id)),
                )
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.sort_by_cached_key(|r| {
            (
                r.family_name.to_lowercase(),
                r.given_name.to_lowercase(),
                r.id,
            )
        });
        Ok(rows)
    }

    /// One person's list line, after a change to them.
    pub fn attendee_row(&self, id: AttendeeId, day: NaiveDate) -> Result<AttendeeRow> {
        self.conn
            .query_row(
                &format!("{ROW_QUERY} WHERE a.id = ?1"),
                params![id.0, day],
                attendee_row,
            )
            .optional()?
            .ok_or(StoreError::Gone)
    }

    /// A delegation's members: the head first, then by rank, then by family name.
    pub fn members(&self, delegation: DelegationId, day: NaiveDate) -> Result<Vec<AttendeeRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{ROW_QUERY} WHERE a.delegation_id = ?1
             ORDER BY a.is_head DESC, a.rank IS NULL, a.rank,
                      a.family_name COLLATE NOCASE, a.given_name COLLATE NOCASE"
        ))?;
        let rows = stmt
            .query_map(params![delegation.0, day], attendee_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn attendee(&self, id: AttendeeId) -> Result<Attendee> {
        self.conn
            .query_row(
                &format!("SELECT {ATTENDEE_COLUMNS} FROM attendees WHERE id = ?1"),
                [id.0],
                rows::attendee,
            )
            .optional()?
            .ok_or(StoreError::Gone)
    }

    pub fn attendee_by_badge(&self, event: EventId, badge: u32) -> Result<Option<Attendee>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {ATTENDEE_COLUMNS} FROM attendees WHERE event_id = ?1 AND badge = ?2"
                ),
                params![event.0, badge],
                rows::attendee,
            )
            .optional()?)
    }

    /// Create a whole registry (the demo, a generated one) in one transaction: the event,
    /// its delegations and its people. All or nothing.
    pub fn create_registry(
        &mut self,
        event: &NewEvent,
        delegations: &[NewDelegation],
        people: &[(DelegationRef, NewAttendee)],
    ) -> Result<Event> {
        event.validate()?;
        let tx = self.write()?;
        let id = insert_event(&tx, event)?;
        insert_people(&tx, id, delegations, people)?;
        tx.commit()?;
        self.event(id)
    }

    /// Add people (and the delegations they need) to an event in one transaction.
    pub fn import_people(
        &mut self,
        event: EventId,
        delegations: &[NewDelegation],
        people: &[(DelegationRef, NewAttendee)],
    ) -> Result<Vec<AttendeeId>> {
        let tx = self.write()?;
        let ids = insert_people(&tx, event, delegations, people)?;
        tx.commit()?;
        Ok(ids)
    }
}

pub(super) fn insert_people(
    tx: &Transaction<'_>,
    event: EventId,
    delegations: &[NewDelegation],
    people: &[(DelegationRef, NewAttendee)],
) -> Result<Vec<AttendeeId>> {
    let mut delegation_ids = Vec::with_capacity(delegations.len());
    for d in delegations {
        d.validate()?;
        delegation_ids.push(insert_delegation(tx, event, d)?);
    }
    // New numbers start after every badge in use: the event's, and the ones this
    // import names itself (so an auto-numbered row never takes a later row's badge).
    let highest_in_use: i64 = tx.query_row(
        "SELECT coalesce(max(badge), 0) FROM attendees WHERE event_id = ?1",
        [event.0],
        |r| r.get(0),
    )?;
    let highest_named = people
        .iter()
        .filter_map(|(_, p)| p.badge)
        .max()
        .unwrap_or(0);
    let mut next_badge = highest_in_use.max(i64::from(highest_named)) + 1;
    let mut stmt = tx.prepare_cached(&format!(
        "INSERT INTO attendees ({ATTENDEE_COLUMNS}) VALUES (NULL, {})",
        (1..=21)
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    let mut ids = Vec::with_capacity(people.len());
    for (delegation, person) in people {
        person.validate()?;
        let mut person = person.clone();
        person.delegation = match *delegation {
            DelegationRef::None => None,
            DelegationRef::Existing(id) => Some(id),
            DelegationRef::New(i) => Some(*delegation_ids.get(i).ok_or_else(|| {
                Violations(vec![crate::domain::ValidationError::Invalid(
                    crate::domain::Field::Name,
                    "refers to a delegation that is not in the import",
                )])
            })?),
        };
        let badge = match person.badge {
            Some(badge) => badge,
            None => {
                let badge = u32::try_from(next_badge)
                    .ok()
                    .filter(|b| *b <= crate::domain::MAX_BADGE)
                    .ok_or_else(|| {
                        Violations(vec![crate::domain::ValidationError::Invalid(
                            crate::domain::Field::Badge,
                            "no badge numbers left: renumber the highest badges",
                        )])
                    })?;
                next_badge += 1;
                badge
            }
        };
        let head = [
            rusqlite::types::Value::from(event.0),
            rusqlite::types::Value::from(badge),
        ];
        stmt.execute(params_from_iter(
            head.into_iter().chain(rows::attendee_values(&person)),
        ))
        .map_err(|e| constraint_to_violation(e, badge))?;
        ids.push(AttendeeId(tx.last_insert_rowid()));
    }
    Ok(ids)
}

/// Turn the constraint failures a person can cause into errors that name the field.
pub(super) fn constraint_to_violation(e: rusqlite::Error, badge: u32) -> StoreError {
    use crate::domain::{Field, ValidationError};
    let text = e.to_string();
    let violation = if text.contains("attendees.event_id, attendees.badge") {
        ValidationError::BadgeTaken(badge)
    } else if text.contains("attendees.delegation_id") {
        ValidationError::Invalid(Field::Head, "the delegation already has a head")
    } else {
        return e.into();
    };
    Violations(vec![violation]).into()
}
