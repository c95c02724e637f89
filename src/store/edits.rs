//! Editing people, delegations and seminars one at a time, as the forms do. Every edit
//! is one transaction; a person's leaves a line in the audit log (what changed, from →
//! to: see `people`).
//!
//! A form saves only the fields its user changed, compared with the copy it opened on,
//! inside one IMMEDIATE transaction that first reads the row again: what another desk
//! changed meanwhile in other fields stays, and a field both changed is not overwritten
//! until the user has seen the other desk's value (see [`Edit::Conflict`]).

mod people;

pub use people::PersonUpdate;
pub(super) use people::erase;

use super::events::code_taken;
use super::fields::{self, DELEGATION, EVENT, Record};
use super::sql::{Value, params};
use super::{Result, Store, StoreError};
use crate::domain::{Delegation, DelegationId, Event, EventId, Field, NewDelegation, NewEvent};

/// What saving a form did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit<T> {
    /// Saved (or nothing to save): the record as it is now.
    Saved(T),
    /// Nothing was written: another desk changed fields this edit changes too, since the
    /// form read the record.
    Conflict(Conflict<T>),
}

/// Fields two desks changed at once, and the record as the other desk left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict<T> {
    pub theirs: T,
    pub fields: Vec<ChangedBy>,
}

/// A field another desk changed and, when the audit log says, which desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedBy {
    pub field: Field,
    pub desk: Option<String>,
}

/// What deleting an event takes with it, for the confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EventContents {
    pub delegations: u32,
    pub people: u32,
    pub check_ins: u32,
}

impl Store {
    pub fn event_contents(&self, event: EventId) -> Result<EventContents> {
        self.db.query_row(
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
        )
    }

    /// Save a delegation's form: only what differs between `before` (the copy the form
    /// opened on) and `after` is written, as [`Store::edit_attendee`] does.
    pub fn edit_delegation(
        &mut self,
        id: DelegationId,
        before: &NewDelegation,
        after: &NewDelegation,
    ) -> Result<Edit<Delegation>> {
        after.validate()?;
        self.save_form(&DELEGATION, id.0, before, after, StoreError::from)
    }

    /// Save a seminar's form: only what differs between `before` (the copy the form
    /// opened on) and `after` is written, as [`Store::edit_attendee`] does.
    pub fn edit_event(
        &mut self,
        id: EventId,
        before: &NewEvent,
        after: &NewEvent,
    ) -> Result<Edit<Event>> {
        after.validate()?;
        self.save_form(&EVENT, id.0, before, after, |e| code_taken(e, &after.code))
    }

    /// Replace a delegation's details, every field (scripts; forms use
    /// [`Store::edit_delegation`]).
    pub fn update_delegation(
        &mut self,
        id: DelegationId,
        new: &NewDelegation,
    ) -> Result<Delegation> {
        new.validate()?;
        self.replace(&DELEGATION, id.0, new, StoreError::from)
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

    /// Save a form over a record the audit log does not follow: only the fields that
    /// differ between `before` and `after` are written, over the row as it is now, or
    /// nothing when another desk changed one of them meanwhile (a [`Conflict`]).
    /// `refused` names what a constraint of the table refused.
    fn save_form<R, D>(
        &mut self,
        record: &Record<R, D>,
        id: i64,
        before: &D,
        after: &D,
        refused: impl Fn(StoreError) -> StoreError,
    ) -> Result<Edit<R>> {
        let tx = self.write()?;
        let current = (record.read)(&tx, id)?;
        let mine = (record.values)(after);
        let theirs = (record.values)((record.details)(&current));
        match plan(&(record.values)(before), &mine, &theirs) {
            Ok(writes) if writes.is_empty() => Ok(Edit::Saved(current)),
            Ok(writes) => {
                fields::update(&tx, record.table, record.fields, id, &mine, &writes)
                    .map_err(refused)?;
                let saved = (record.read)(&tx, id)?;
                tx.commit()?;
                Ok(Edit::Saved(saved))
            }
            Err(conflicts) => Ok(Edit::Conflict(Conflict {
                theirs: current,
                fields: unattributed(record.fields, conflicts),
            })),
        }
    }

    /// Replace every field of a record the audit log does not follow; `refused` names
    /// what a constraint of the table refused.
    pub(super) fn replace<R, D>(
        &mut self,
        record: &Record<R, D>,
        id: i64,
        new: &D,
        refused: impl Fn(StoreError) -> StoreError,
    ) -> Result<R> {
        let tx = self.write()?;
        let (values, every) = ((record.values)(new), fields::every(record.fields));
        let changed = fields::update(&tx, record.table, record.fields, id, &values, &every);
        if changed.map_err(refused)? == 0 {
            return Err(StoreError::Gone);
        }
        let saved = (record.read)(&tx, id)?;
        tx.commit()?;
        Ok(saved)
    }
}

/// Compare, field by field, the copy a form opened on (`before`), what it saves
/// (`after`) and the row as it is now (`now`). A field the user did not change is not
/// written, whatever it holds now. Returns the fields to write, or, when another desk
/// changed some of the user's fields to something else, those.
fn plan(
    before: &[Value],
    after: &[Value],
    now: &[Value],
) -> std::result::Result<Vec<usize>, Vec<usize>> {
    let changed = |i: &usize| before[*i] != after[*i] && now[*i] != after[*i];
    let (conflicts, writes): (Vec<usize>, Vec<usize>) = (0..after.len())
        .filter(changed)
        .partition(|&i| now[i] != before[i]);
    if conflicts.is_empty() {
        Ok(writes)
    } else {
        Err(conflicts)
    }
}

/// Conflicting fields of a record the audit log says nothing about.
fn unattributed(fields: fields::Fields, conflicts: Vec<usize>) -> Vec<ChangedBy> {
    conflicts
        .into_iter()
        .map(|i| ChangedBy {
            field: fields[i].0,
            desk: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_writes_only_what_the_user_changed() {
        let v = |s: &[&str]| {
            s.iter()
                .map(|x| Value::Text(x.to_string().into()))
                .collect::<Vec<_>>()
        };
        /// (before, after, now) → fields to write, or the conflicting ones.
        type Case<'a> = (&'a [&'a str], &'a [&'a str], &'a [&'a str], Planned);
        type Planned = std::result::Result<Vec<usize>, Vec<usize>>;
        let cases: &[Case] = &[
            (&["a", "b"], &["a", "b"], &["a", "b"], Ok(vec![])),
            // Another desk changed a field this one did not touch: kept.
            (&["a", "b"], &["a", "b"], &["x", "b"], Ok(vec![])),
            (&["a", "b"], &["a", "c"], &["x", "b"], Ok(vec![1])),
            // Both changed it, to different values: a conflict.
            (&["a", "b"], &["a", "c"], &["a", "y"], Err(vec![1])),
            // Both changed it to the same value: nothing to write, nothing to ask.
            (&["a", "b"], &["a", "c"], &["a", "c"], Ok(vec![])),
        ];
        for (before, after, now, want) in cases {
            assert_eq!(
                &plan(&v(before), &v(after), &v(now)),
                want,
                "{before:?} {after:?} {now:?}"
            );
        }
    }
}
