//! Editing people one at a time, as the forms and scripts do: every edit is one
//! transaction that leaves a line in the audit log (what changed, from → to), dated by
//! the Store's clock.

use super::super::attendees::{constraint_to_violation, insert_people};
use super::super::checkins::audit;
use super::super::delegations::insert_delegation;
use super::super::fields::{self, PERSON_FIELDS, person_values};
use super::super::rows::{self, ATTENDEE_COLUMNS};
use super::super::{DelegationRef, Result, Store, StoreError};
use super::{ChangedBy, Conflict, Edit, plan};
use crate::clock::Clock;
use crate::domain::{
    Attendee, AttendeeId, DelegationId, EventId, Field, NewAttendee, NewDelegation, changes,
};
use crate::store::sql::{Db, Optional, Value, params};
use chrono::NaiveDateTime;

/// Who signs the audit lines of an edit and the clock that dates them: taken from the
/// Store before its write transaction borrows it, the clock read as each line is
/// written.
struct Signer {
    desk: String,
    clock: Clock,
}

impl Signer {
    fn log(&self, tx: &Db, id: AttendeeId, action: &str, detail: &str) -> Result<()> {
        audit(tx, self.clock.now(), &self.desk, id, action, detail)
    }

    /// Log an edit, unless it changed nothing a person would see.
    fn log_changes(&self, tx: &Db, id: AttendeeId, what: &str) -> Result<()> {
        if what.is_empty() {
            return Ok(());
        }
        self.log(tx, id, "edit", what)
    }
}

/// A person an import updates: their record as the import read it, the record the
/// file makes of it, and the delegation it puts them in (perhaps one the same import
/// makes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonUpdate {
    pub id: AttendeeId,
    pub before: NewAttendee,
    pub after: NewAttendee,
    pub delegation: DelegationRef,
}

impl Store {
    fn signer(&self) -> Signer {
        Signer {
            desk: self.desk.clone(),
            clock: self.clock.clone(),
        }
    }

    /// Add one person (the next free badge unless one is given). A new head of
    /// delegation takes over from the old one.
    pub fn add_attendee(&mut self, event: EventId, person: &NewAttendee) -> Result<Attendee> {
        person.validate()?;
        let signer = self.signer();
        let tx = self.write()?;
        if person.is_head {
            clear_head(&tx, &signer, person.delegation, None)?;
        }
        let delegation = person
            .delegation
            .map_or(DelegationRef::None, DelegationRef::Existing);
        let id = insert_people(&tx, event, &[], &[(delegation, person.clone())])?[0];
        signer.log(&tx, id, "add", "")?;
        tx.commit()?;
        self.attendee(id)
    }

    /// Save a person's form: `before` is the copy the form opened on, `after` the same
    /// with the user's changes. Only the fields that differ between the two are written,
    /// over the row as it is now; a field another desk changed meanwhile to something
    /// else is a [`Conflict`] and nothing is written. A new head of delegation takes over
    /// from the old one.
    pub fn edit_attendee(
        &mut self,
        id: AttendeeId,
        before: &NewAttendee,
        after: &NewAttendee,
    ) -> Result<Edit<Attendee>> {
        after.validate()?;
        let signer = self.signer();
        let tx = self.write()?;
        let edit = edit_in(&tx, &signer, id, before, after)?;
        if let Edit::Saved(_) = edit {
            tx.commit()?;
        }
        Ok(edit)
    }

    /// An import that updates: `delegations` made, each of `updates` saved as a form
    /// would save it (only the fields the file changed, over the row as it is now) and
    /// `adds` inserted — in one transaction, all or nothing. A person another desk
    /// changed meanwhile in a field the file changes too stops it all: the error names
    /// them, and nothing is written.
    pub fn import_updates(
        &mut self,
        event: EventId,
        delegations: &[NewDelegation],
        updates: &[PersonUpdate],
        adds: &[(DelegationRef, NewAttendee)],
    ) -> Result<Vec<AttendeeId>> {
        let signer = self.signer();
        let tx = self.write()?;
        let mut made = Vec::with_capacity(delegations.len());
        for d in delegations {
            d.validate()?;
            made.push(insert_delegation(&tx, event, d)?);
        }
        let existing = |reference: DelegationRef| -> Result<Option<DelegationId>> {
            Ok(match reference {
                DelegationRef::None => None,
                DelegationRef::Existing(id) => Some(id),
                DelegationRef::New(i) => Some(*made.get(i).ok_or(StoreError::Gone)?),
            })
        };
        for u in updates {
            let after = NewAttendee {
                delegation: existing(u.delegation)?,
                ..u.after.clone()
            };
            after.validate()?;
            if let Edit::Conflict(c) = edit_in(&tx, &signer, u.id, &u.before, &after)? {
                return Err(StoreError::ChangedMeanwhile {
                    who: c.theirs.details.full_name(),
                    badge: c.theirs.badge,
                    fields: c.fields.iter().map(|f| f.field).collect(),
                });
            }
        }
        let adds = adds
            .iter()
            .map(|(reference, person)| {
                Ok((
                    existing(*reference)?.map_or(DelegationRef::None, DelegationRef::Existing),
                    person.clone(),
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let ids = insert_people(&tx, event, &[], &adds)?;
        tx.commit()?;
        Ok(ids)
    }

    /// Replace a person's details, every field (scripts and tests; forms use
    /// [`Store::edit_attendee`]). A new head of delegation takes over from the old one.
    pub fn update_attendee(&mut self, id: AttendeeId, person: &NewAttendee) -> Result<Attendee> {
        person.validate()?;
        let signer = self.signer();
        let tx = self.write()?;
        let before = read_attendee(&tx, id)?;
        if person.is_head {
            clear_head(&tx, &signer, person.delegation, Some(id))?;
        }
        let badge = person.badge.unwrap_or(before.badge);
        let values = person_values(person, badge);
        fields::update(
            &tx,
            "attendees",
            PERSON_FIELDS,
            id.0,
            &values,
            &fields::every(PERSON_FIELDS),
        )
        .map_err(|e| constraint_to_violation(e, badge))?;
        let after = NewAttendee {
            badge: Some(badge),
            ..person.clone()
        };
        signer.log_changes(&tx, id, &changes(&before.details, &after))?;
        tx.commit()?;
        self.attendee(id)
    }

    /// Put a person into another delegation (or none): they join as an ordinary member.
    /// Only the delegation, head and rank are written, inside the transaction that reads
    /// the person: another desk's change committed while this one waited stays.
    pub fn move_attendee(&mut self, id: AttendeeId, to: Option<DelegationId>) -> Result<Attendee> {
        let signer = self.signer();
        let tx = self.write()?;
        let before = read_attendee(&tx, id)?;
        tx.execute(
            "UPDATE attendees SET delegation_id = ?2, is_head = 0, rank = NULL WHERE id = ?1",
            params![id.0, to.map(|d| d.0)],
        )?;
        let after = read_attendee(&tx, id)?;
        signer.log_changes(&tx, id, &changes(&before.details, &after.details))?;
        tx.commit()?;
        Ok(after)
    }

    /// Erase a person: their row and check-ins go, and the audit log keeps only the
    /// bare number it knew them by (what was written about them is blanked). With
    /// `secure_delete` on, the freed pages are zeroed too.
    pub fn delete_attendee(&mut self, id: AttendeeId) -> Result<()> {
        let signer = self.signer();
        let tx = self.write()?;
        read_attendee(&tx, id)?;
        erase(&tx, signer.clock.now(), &signer.desk, id, "erase")?;
        tx.commit()?;
        Ok(())
    }
}

/// The desk that last changed `field` of a person, by the audit log: the latest edit
/// that names it (or, for the status, a check-in or its undo). `None` when no line says
/// (a delegation deleted under them, a head named in their place).
fn who_changed(tx: &Db, id: AttendeeId, field: Field) -> Result<Option<String>> {
    let at = |needle: &str| tx.text_position(needle, "detail");
    tx.query_row(
        &format!(
            "SELECT desk FROM audit
                 WHERE attendee_id = ?1
                   AND ((action = 'edit' AND ({} = 1 OR {} > 0))
                        OR (?2 = 'status' AND action IN ('check_in', 'undo_check_in', 'walk_in')))
                 ORDER BY id DESC LIMIT 1",
            at("CAST(?2 AS TEXT) || ': '"),
            at("'; ' || CAST(?2 AS TEXT) || ': '"),
        ),
        params![id.0, field.name()],
        |r| r.get(0),
    )
    .optional()
}

fn read_attendee(tx: &Db, id: AttendeeId) -> Result<Attendee> {
    tx.query_row(
        &format!("SELECT {ATTENDEE_COLUMNS} FROM attendees WHERE id = ?1"),
        [id.0],
        rows::attendee,
    )
    .optional()?
    .ok_or(StoreError::Gone)
}

/// Save a form's changes inside the caller's transaction (see
/// [`Store::edit_attendee`]): the caller commits a save, and drops a conflict.
fn edit_in(
    tx: &Db,
    signer: &Signer,
    id: AttendeeId,
    before: &NewAttendee,
    after: &NewAttendee,
) -> Result<Edit<Attendee>> {
    let current = read_attendee(tx, id)?;
    // An empty badge in the form keeps the badge the person has.
    let badge_before = before.badge.unwrap_or(current.badge);
    let badge_after = after.badge.unwrap_or(badge_before);
    let theirs = person_values(&current.details, current.badge);
    let mine = person_values(after, badge_after);
    let writes = match plan(&person_values(before, badge_before), &mine, &theirs) {
        Ok(writes) => writes,
        Err(conflicts) => {
            let fields = conflicts
                .into_iter()
                .map(|i| {
                    let field = PERSON_FIELDS[i].0;
                    Ok(ChangedBy {
                        field,
                        desk: who_changed(tx, id, field)?,
                    })
                })
                .collect::<Result<_>>()?;
            return Ok(Edit::Conflict(Conflict {
                theirs: current,
                fields,
            }));
        }
    };
    if writes.is_empty() {
        return Ok(Edit::Saved(current));
    }
    // Named head (or moved while head) in the delegation the row will have.
    let column = |field| PERSON_FIELDS.iter().position(|f| f.0 == field);
    let (head, delegation) = (column(Field::Head), column(Field::Delegation));
    let takes_over = writes
        .iter()
        .any(|&i| Some(i) == head || Some(i) == delegation);
    let will_be = |i: Option<usize>| {
        i.map(|i| {
            if writes.contains(&i) {
                &mine[i]
            } else {
                &theirs[i]
            }
        })
    };
    if takes_over && will_be(head) == Some(&Value::Int(1)) {
        let to = match will_be(delegation) {
            Some(Value::Int(d)) => Some(DelegationId(*d)),
            _ => None,
        };
        clear_head(tx, signer, to, Some(id))?;
    }
    fields::update(tx, "attendees", PERSON_FIELDS, id.0, &mine, &writes)
        .map_err(|e| constraint_to_violation(e, badge_after))?;
    let saved = read_attendee(tx, id)?;
    signer.log_changes(tx, id, &changes(&current.details, &saved.details))?;
    Ok(Edit::Saved(saved))
}

/// Make room for a new head: whoever headed `delegation` (other than `except`) no
/// longer does, and the audit log says so on their line ("no longer head of
/// delegation"). Same transaction as the change that names the new head.
fn clear_head(
    tx: &Db,
    signer: &Signer,
    delegation: Option<DelegationId>,
    except: Option<AttendeeId>,
) -> Result<()> {
    let Some(d) = delegation else {
        return Ok(());
    };
    let heads: Vec<i64> = tx.query_map(
        "SELECT id FROM attendees WHERE delegation_id = ?1 AND is_head = 1 AND id IS DISTINCT FROM ?2",
        params![d.0, except.map(|a| a.0)],
        |r| r.get(0),
    )?;
    for old in heads {
        tx.execute("UPDATE attendees SET is_head = 0 WHERE id = ?1", [old])?;
        signer.log(tx, AttendeeId(old), "edit", "is_head: true → false")?;
    }
    Ok(())
}

/// Remove a person inside the caller's transaction, as an erasure does: what the audit
/// log wrote about them is blanked, a line `action` by `desk` notes the removal, and
/// their row goes (their check-ins with it).
pub(in crate::store) fn erase(
    tx: &Db,
    at: NaiveDateTime,
    desk: &str,
    id: AttendeeId,
    action: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE audit SET detail = '' WHERE attendee_id = ?1",
        [id.0],
    )?;
    audit(tx, at, desk, id, action, "")?;
    tx.execute("DELETE FROM attendees WHERE id = ?1", [id.0])?;
    Ok(())
}
