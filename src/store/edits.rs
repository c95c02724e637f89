//! Editing people, delegations and seminars one at a time, as the forms do. Every edit
//! is one transaction; a person's leaves a line in the audit log (what changed, from →
//! to).
//!
//! A form saves only the fields its user changed, compared with the copy it opened on,
//! inside one IMMEDIATE transaction that first reads the row again: what another desk
//! changed meanwhile in other fields stays, and a field both changed is not overwritten
//! until the user has seen the other desk's value (see [`Edit::Conflict`]).

use super::attendees::{constraint_to_violation, insert_people};
use super::delegations::delegation_by_id;
use super::events::{code_taken, event_by_id};
use super::rows::{self, ATTENDEE_COLUMNS};
use super::{DelegationRef, Result, Store, StoreError};
use crate::domain::{
    Attendee, AttendeeId, Delegation, DelegationId, Event, EventId, NewAttendee, NewDelegation,
    NewEvent, changes,
};
use chrono::NaiveDateTime;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};

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

/// A field another desk changed: its domain name (`email`, `delegation`, `start_date`)
/// and, when the audit log says, which desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedBy {
    pub field: &'static str,
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
        let desk = self.desk.clone();
        let tx = self.write()?;
        let current = read_attendee(&tx, id)?;
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
                            desk: who_changed(&tx, id, field)?,
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
        let column = |name| PERSON_FIELDS.iter().position(|f| f.0 == name);
        let (head, delegation) = (column("is_head"), column("delegation"));
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
        if takes_over && will_be(head) == Some(&Value::Integer(1)) {
            let to = match will_be(delegation) {
                Some(Value::Integer(d)) => Some(DelegationId(*d)),
                _ => None,
            };
            clear_head(&tx, to, Some(id))?;
        }
        write_fields(&tx, "attendees", PERSON_FIELDS, id.0, &mine, &writes)
            .map_err(|e| constraint_to_violation(e, badge_after))?;
        let saved = read_attendee(&tx, id)?;
        let what = changes(&current.details, &saved.details);
        if !what.is_empty() {
            log(&tx, &desk, id, "edit", &what)?;
        }
        tx.commit()?;
        Ok(Edit::Saved(saved))
    }

    /// Replace a person's details, every field (imports and scripts; forms use
    /// [`Store::edit_attendee`]). A new head of delegation takes over from the old one.
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
    /// Only the delegation, head and rank are written, inside the transaction that reads
    /// the person: another desk's change committed while this one waited stays.
    pub fn move_attendee(&mut self, id: AttendeeId, to: Option<DelegationId>) -> Result<Attendee> {
        let desk = self.desk.clone();
        let tx = self.write()?;
        let before = read_attendee(&tx, id)?;
        tx.execute(
            "UPDATE attendees SET delegation_id = ?2, is_head = 0, rank = NULL WHERE id = ?1",
            params![id.0, to.map(|d| d.0)],
        )?;
        let after = read_attendee(&tx, id)?;
        let what = changes(&before.details, &after.details);
        if !what.is_empty() {
            log(&tx, &desk, id, "edit", &what)?;
        }
        tx.commit()?;
        Ok(after)
    }

    /// Erase a person: their row and check-ins go, and the audit log keeps only the
    /// bare number it knew them by (what was written about them is blanked). With
    /// `secure_delete` on, the freed pages are zeroed too.
    pub fn delete_attendee(&mut self, id: AttendeeId) -> Result<()> {
        let desk = self.desk.clone();
        let tx = self.write()?;
        read_attendee(&tx, id)?;
        let now = chrono::Local::now().naive_local();
        erase(&tx, now, &desk, id, "erase")?;
        tx.commit()?;
        Ok(())
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
        let tx = self.write()?;
        let current = delegation_by_id(&tx, id)?;
        let mine = delegation_values(after);
        match plan(
            &delegation_values(before),
            &mine,
            &delegation_values(&current.details),
        ) {
            Ok(writes) if writes.is_empty() => Ok(Edit::Saved(current)),
            Ok(writes) => {
                write_fields(&tx, "delegations", DELEGATION_FIELDS, id.0, &mine, &writes)?;
                let saved = delegation_by_id(&tx, id)?;
                tx.commit()?;
                Ok(Edit::Saved(saved))
            }
            Err(conflicts) => Ok(Edit::Conflict(Conflict {
                theirs: current,
                fields: unattributed(DELEGATION_FIELDS, conflicts),
            })),
        }
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
        let tx = self.write()?;
        let current = event_by_id(&tx, id)?;
        let mine = event_values(after);
        match plan(
            &event_values(before),
            &mine,
            &event_values(&current.details),
        ) {
            Ok(writes) if writes.is_empty() => Ok(Edit::Saved(current)),
            Ok(writes) => {
                write_fields(&tx, "events", EVENT_FIELDS, id.0, &mine, &writes)
                    .map_err(|e| code_taken(e, &after.code))?;
                let saved = event_by_id(&tx, id)?;
                tx.commit()?;
                Ok(Edit::Saved(saved))
            }
            Err(conflicts) => Ok(Edit::Conflict(Conflict {
                theirs: current,
                fields: unattributed(EVENT_FIELDS, conflicts),
            })),
        }
    }

    /// Replace a delegation's details, every field (scripts; forms use
    /// [`Store::edit_delegation`]).
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

/// A person's fields as an edit compares and writes them: (domain name, column), in
/// the order of [`person_values`].
const PERSON_FIELDS: &[(&str, &str)] = &[
    ("badge", "badge"),
    ("honorific", "honorific"),
    ("given_name", "given_name"),
    ("family_name", "family_name"),
    ("native_name", "native_name"),
    ("gender", "gender"),
    ("position", "position"),
    ("organisation", "organisation"),
    ("delegation", "delegation_id"),
    ("is_head", "is_head"),
    ("rank", "rank"),
    ("country", "country"),
    ("email", "email"),
    ("phone", "phone"),
    ("role", "role"),
    ("status", "status"),
    ("diet", "diet"),
    ("access", "access"),
    ("notes", "notes"),
    ("consent", "consent"),
];

fn person_values(p: &NewAttendee, badge: u32) -> Vec<Value> {
    std::iter::once(Value::from(badge))
        .chain(rows::attendee_values(p))
        .collect()
}

const DELEGATION_FIELDS: &[(&str, &str)] = &[
    ("name", "name"),
    ("category", "category"),
    ("sort_key", "sort_key"),
    ("country", "country"),
];

fn delegation_values(d: &NewDelegation) -> Vec<Value> {
    vec![
        Value::from(d.name.trim().to_string()),
        Value::from(d.category.as_str().to_string()),
        Value::from(d.sort_key.trim().to_string()),
        Value::from(d.country.clone()),
    ]
}

const EVENT_FIELDS: &[(&str, &str)] = &[
    ("code", "code"),
    ("title", "title"),
    ("kind", "kind"),
    ("venue", "venue"),
    ("city", "city"),
    ("country", "country"),
    ("start_date", "start_date"),
    ("end_date", "end_date"),
    ("organiser", "organiser"),
    ("description", "description"),
];

fn event_values(e: &NewEvent) -> Vec<Value> {
    let text = |s: &str| Value::from(s.to_string());
    vec![
        text(&e.code),
        text(e.title.trim()),
        text(e.kind.as_str()),
        text(&e.venue),
        text(&e.city),
        Value::from(e.country.clone()),
        // As rusqlite stores a date: ISO 8601.
        text(&e.start_date.format("%F").to_string()),
        text(&e.end_date.format("%F").to_string()),
        text(&e.organiser),
        text(&e.description),
    ]
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

/// `UPDATE table SET` the fields `writes` (indices into `fields` and `values`). The
/// column names come from the constant tables above, never from input.
fn write_fields(
    tx: &Transaction<'_>,
    table: &str,
    fields: &[(&str, &str)],
    id: i64,
    values: &[Value],
    writes: &[usize],
) -> rusqlite::Result<usize> {
    let set: Vec<String> = writes
        .iter()
        .enumerate()
        .map(|(n, &i)| format!("{} = ?{}", fields[i].1, n + 2))
        .collect();
    let params = std::iter::once(Value::from(id)).chain(writes.iter().map(|&i| values[i].clone()));
    tx.execute(
        &format!("UPDATE {table} SET {} WHERE id = ?1", set.join(", ")),
        params_from_iter(params),
    )
}

/// Conflicting fields of a record the audit log says nothing about.
fn unattributed(fields: &[(&'static str, &str)], conflicts: Vec<usize>) -> Vec<ChangedBy> {
    conflicts
        .into_iter()
        .map(|i| ChangedBy {
            field: fields[i].0,
            desk: None,
        })
        .collect()
}

/// The desk that last changed `field` of a person, by the audit log: the latest edit
/// that names it (or, for the status, a check-in or its undo). `None` when no line says
/// (a delegation deleted under them, a head named in their place).
fn who_changed(tx: &Transaction<'_>, id: AttendeeId, field: &str) -> Result<Option<String>> {
    Ok(tx
        .query_row(
            "SELECT desk FROM audit
             WHERE attendee_id = ?1
               AND ((action = 'edit'
                     AND (instr(detail, ?2 || ': ') = 1 OR instr(detail, '; ' || ?2 || ': ') > 0))
                    OR (?2 = 'status' AND action IN ('check_in', 'undo_check_in', 'walk_in')))
             ORDER BY id DESC LIMIT 1",
            params![id.0, field],
            |r| r.get(0),
        )
        .optional()?)
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

/// Remove a person inside the caller's transaction, as an erasure does: what the audit
/// log wrote about them is blanked, a line `action` by `desk` notes the removal, and
/// their row goes (their check-ins with it).
pub(super) fn erase(
    tx: &Transaction<'_>,
    at: NaiveDateTime,
    desk: &str,
    id: AttendeeId,
    action: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE audit SET detail = '' WHERE attendee_id = ?1",
        [id.0],
    )?;
    super::checkins::audit(tx, at, desk, id, action, "")?;
    tx.execute("DELETE FROM attendees WHERE id = ?1", [id.0])?;
    Ok(())
}

fn log(tx: &Transaction<'_>, desk: &str, id: AttendeeId, action: &str, detail: &str) -> Result<()> {
    let now = chrono::Local::now().naive_local();
    super::checkins::audit(tx, now, desk, id, action, detail)
}

#[cfg(test)]
mod tests {
    use super::super::rows::{DELEGATION_COLUMNS, EVENT_COLUMNS};
    use super::*;

    /// The field tables follow the row mappings: a field written under the wrong column
    /// would corrupt a record silently.
    #[test]
    fn field_tables_match_the_columns() {
        let columns: Vec<&str> = ATTENDEE_COLUMNS.split(',').map(str::trim).skip(2).collect();
        let person: Vec<&str> = PERSON_FIELDS.iter().map(|f| f.1).collect();
        assert_eq!(person, columns);
        assert_eq!(
            person_values(&NewAttendee::default(), 1).len(),
            PERSON_FIELDS.len()
        );
        let columns: Vec<&str> = DELEGATION_COLUMNS
            .split(',')
            .map(str::trim)
            .skip(2)
            .collect();
        let delegation: Vec<&str> = DELEGATION_FIELDS.iter().map(|f| f.1).collect();
        assert_eq!(delegation, columns);
        let columns: Vec<&str> = EVENT_COLUMNS
            .split(',')
            .map(str::trim)
            .skip(1)
            .take(10)
            .collect();
        let event: Vec<&str> = EVENT_FIELDS.iter().map(|f| f.1).collect();
        assert_eq!(event, columns);
    }

    #[test]
    fn plan_writes_only_what_the_user_changed() {
        let v = |s: &[&str]| {
            s.iter()
                .map(|x| Value::from(x.to_string()))
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
