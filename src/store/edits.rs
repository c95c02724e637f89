//! Editing people and delegations one at a time, as the forms do. Every edit is one
//! transaction and leaves a line in the audit log (what changed, from → to).

use super::attendees::{constraint_to_violation, insert_people};
use super::rows::{self, ATTENDEE_COLUMNS};
use super::{DelegationRef, Result, Store, StoreError};
use crate::domain::{
    Attendee, AttendeeId, Delegation, DelegationId, EventId, NewAttendee, NewDelegation, changes,
};
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};

/// What deleting an event takes with it, for the confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EventContents {
    pub delegations: u32,
    pub people: u32,
    pub check_ins: u32,
}

impl Store {
    pub fn event_contents(&self, event: EventId) -> Result<EventContents> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM delegations WHERE event_id = ?1),
                    (SELECT count(*) FROM attendees WHERE event_id = ?1),
                    (SELECT count(*) FROM checkins WHERE event_id = ?1)",
            [event.0],
            |r| {
                Ok(EventContents {
                    delegations: r.get(0)?,
                    people: r.get(1)?,
                    check_ins: r.get(2)?,
                })
            },
        )?)
    }

    /// Add one person (the next free badge unless one is given). A new head of
    /// delegation takes over from the old one.
    pub fn add_attendee(&mut self, event: EventId, person: &NewAttendee) -> Result<Attendee> {
        person.validate()?;
        let desk = self.desk.clone();
        let tx = self.write()?;
        if person.is_head {
            clear_head(&tx, person.delegation, None)?;
        }
        let delegation = person
            .delegation
            .map_or(DelegationRef::None, DelegationRef::Existing);
        let id = insert_people(&tx, event, &[], &[(delegation, person.clone())])?[0];
        log(&tx, &desk, id, "add", "")?;
        tx.commit()?;
        self.attendee(id)
    }

    /// Replace a person's details. A new head of delegation takes over from the old one.
    pub fn update_attendee(&mut self, id: AttendeeId, person: &NewAttendee) -> Result<Attendee> {
        person.validate()?;
        let desk = self.desk.clone();
        let tx = self.write()?;
        let before = read_attendee(&tx, id)?;
        if person.is_head {
            clear_head(&tx, person.delegation, Some(id))?;
        }
        let badge = person.badge.unwrap_or(before.badge);
        let assignments: Vec<String> = ATTENDEE_COLUMNS
            .split(',')
            .map(str::trim)
            .skip(3)
            .enumerate()
            .map(|(i, column)| format!("{column} = ?{}", i + 3))
            .collect();
        let values = [
            rusqlite::types::Value::from(id.0),
            rusqlite::types::Value::from(badge),
        ]
        .into_iter()
        .chain(rows::attendee_values(person));
        tx.execute(
            &format!(
                "UPDATE attendees SET badge = ?2, {} WHERE id = ?1",
                assignments.join(", ")
            ),
            params_from_iter(values),
        )
        .map_err(|e| constraint_to_violation(e, badge))?;
        let after = NewAttendee {
            badge: Some(badge),
            ..person.clone()
        };
        let what = changes(&before.details, &after);
        if !what.is_empty() {
            log(&tx, &desk, id, "edit", &what)?;
        }
        tx.commit()?;
        self.attendee(id)
    }

    /// Put a person into another delegation (or none): they join as an ordinary member.
    pub fn move_attendee(&mut self, id: AttendeeId, to: Option<DelegationId>) -> Result<Attendee> {
        let before = self.attendee(id)?;
        let person = NewAttendee {
            delegation: to,
            is_head: false,
            rank: None,
            ..before.details
        };
        self.update_attendee(id, &person)
    }

    /// Erase a person: their row and check-ins go, and the audit log keeps only the
    /// bare number it knew them by (what was written about them is blanked). With
    /// `secure_delete` on, the freed pages are zeroed too.
    pub fn delete_attendee(&mut self, id: AttendeeId) -> Result<()> {
        let desk = self.desk.clone();
        let tx = self.write()?;
        read_attendee(&tx, id)?;
        tx.execute(
            "UPDATE audit SET detail = '' WHERE attendee_id = ?1",
            [id.0],
        )?;
        log(&tx, &desk, id, "erase", "")?;
        tx.execute("DELETE FROM attendees WHERE id = ?1", [id.0])?;
        tx.commit()?;
        Ok(())
    }

    pub fn update_delegation(
        &mut self,
        id: DelegationId,
        new: &NewDelegation,
    ) -> Result<Delegation> {
        new.validate()?;
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE delegations SET name = ?2, category = ?3, sort_key = ?4, country = ?5
             WHERE id = ?1",
            params![
                id.0,
                new.name.trim(),
                new.category.as_str(),
                new.sort_key.trim(),
                new.country
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::Gone);
        }
        tx.commit()?;
        self.delegation(id)
    }

    /// Delete a delegation. Its members move to `members_to` as ordinary members, or
    /// stay in the event without a delegation: no one is ever orphaned or lost.
    pub fn delete_delegation(
        &mut self,
        id: DelegationId,
        members_to: Option<DelegationId>,
    ) -> Result<()> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE attendees SET delegation_id = ?2, is_head = 0, rank = NULL
             WHERE delegation_id = ?1",
            params![id.0, members_to.map(|d| d.0)],
        )?;
        if tx.execute("DELETE FROM delegations WHERE id = ?1", [id.0])? == 0 {
            return Err(StoreError::Gone);
        }
        tx.commit()?;
        Ok(())
    }
}

fn read_attendee(tx: &Transaction<'_>, id: AttendeeId) -> Result<Attendee> {
    tx.query_row(
        &format!("SELECT {ATTENDEE_COLUMNS} FROM attendees WHERE id = ?1"),
        [id.0],
        rows::attendee,
    )
    .optional()?
    .ok_or(StoreError::Gone)
}

/// Make room for a new head: whoever headed `delegation` (other than `except`) no
/// longer does. Same transaction as the change that names the new head.
fn clear_head(
    tx: &Transaction<'_>,
    delegation: Option<DelegationId>,
    except: Option<AttendeeId>,
) -> Result<()> {
    if let Some(d) = delegation {
        tx.execute(
            "UPDATE attendees SET is_head = 0 WHERE delegation_id = ?1 AND is_head = 1 AND id IS NOT ?2",
            params![d.0, except.map(|a| a.0)],
        )?;
    }
    Ok(())
}

fn log(tx: &Transaction<'_>, desk: &str, id: AttendeeId, action: &str, detail: &str) -> Result<()> {
    let now = chrono::Local::now().naive_local();
    super::checkins::audit(tx, now, desk, id, action, detail)
}
