//! A record's fields as the store writes them: one table of (domain name, column) per
//! record and the values in the same order. Inserts, whole updates and the forms'
//! field-by-field saves all go through these, so a column is named in one place.

use super::delegations::delegation_by_id;
use super::events::event_by_id;
use super::{Result, rows};
use crate::domain::{
    Delegation, DelegationId, Event, EventId, NewAttendee, NewDelegation, NewEvent,
};
use rusqlite::types::Value;
use rusqlite::{Connection, Transaction, params_from_iter};

/// (domain name, column) of each field a form or a script can change.
pub(super) type Fields = &'static [(&'static str, &'static str)];

/// A person's fields, in the order of [`person_values`].
pub(super) const PERSON_FIELDS: Fields = &[
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

pub(super) fn person_values(p: &NewAttendee, badge: u32) -> Vec<Value> {
    std::iter::once(Value::from(badge))
        .chain(rows::attendee_values(p))
        .collect()
}

/// One kind of record a form edits field by field and the audit log does not follow
/// (a delegation, a seminar): its table and fields, how its details lay out as values
/// in the order of the fields, and how it is read back (inside a transaction, too).
pub(super) struct Record<R, D> {
    pub table: &'static str,
    pub fields: Fields,
    pub values: fn(&D) -> Vec<Value>,
    pub details: fn(&R) -> &D,
    pub read: fn(&Connection, i64) -> Result<R>,
}

pub(super) const DELEGATION: Record<Delegation, NewDelegation> = Record {
    table: "delegations",
    fields: &[
        ("name", "name"),
        ("category", "category"),
        ("sort_key", "sort_key"),
        ("country", "country"),
    ],
    values: |d| {
        vec![
            Value::from(d.name.trim().to_string()),
            Value::from(d.category.as_str().to_string()),
            Value::from(d.sort_key.trim().to_string()),
            Value::from(d.country.clone()),
        ]
    },
    details: |d| &d.details,
    read: |conn, id| delegation_by_id(conn, DelegationId(id)),
};

pub(super) const EVENT: Record<Event, NewEvent> = Record {
    table: "events",
    fields: &[
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
    ],
    values: |e| {
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
    },
    details: |e| &e.details,
    read: |conn, id| event_by_id(conn, EventId(id)),
};

impl<R, D> Record<R, D> {
    /// `INSERT` a record: the `owner` column first (an event's delegations have their
    /// event), then every field. Returns the new row's id.
    pub fn insert(
        &self,
        tx: &Transaction<'_>,
        owner: Option<(&str, i64)>,
        details: &D,
    ) -> rusqlite::Result<i64> {
        let fields = self.fields.iter().map(|f| f.1);
        let columns: Vec<&str> = owner.iter().map(|o| o.0).chain(fields).collect();
        let places: Vec<String> = (1..=columns.len()).map(|n| format!("?{n}")).collect();
        let values = owner.map(|o| Value::from(o.1)).into_iter();
        tx.execute(
            &format!(
                "INSERT INTO {} ({}) VALUES ({})",
                self.table,
                columns.join(", "),
                places.join(", ")
            ),
            params_from_iter(values.chain((self.values)(details))),
        )?;
        Ok(tx.last_insert_rowid())
    }
}

/// Every field of a table: a record replaced whole.
pub(super) fn every(fields: Fields) -> Vec<usize> {
    (0..fields.len()).collect()
}

/// `UPDATE table SET` the fields `writes` (indices into `fields` and `values`) of the
/// row `id`; returns how many rows changed (0: the row is gone). The column names come
/// from the constant tables above, never from input.
pub(super) fn update(
    tx: &Transaction<'_>,
    table: &str,
    fields: Fields,
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

#[cfg(test)]
mod tests {
    use super::super::rows::{ATTENDEE_COLUMNS, DELEGATION_COLUMNS, EVENT_COLUMNS};
    use super::*;

    /// The columns of a row mapping from `skip` on, `take` of them.
    fn columns(list: &str, skip: usize, take: usize) -> Vec<&str> {
        list.split(',')
            .map(str::trim)
            .skip(skip)
            .take(take)
            .collect()
    }

    fn names(fields: Fields) -> Vec<&'static str> {
        fields.iter().map(|f| f.1).collect()
    }

    /// The field tables follow the row mappings: a field written under the wrong column
    /// would corrupt a record silently.
    #[test]
    fn field_tables_match_the_columns() {
        assert_eq!(names(PERSON_FIELDS), columns(ATTENDEE_COLUMNS, 2, 99));
        assert_eq!(
            person_values(&NewAttendee::default(), 1).len(),
            PERSON_FIELDS.len()
        );
        assert_eq!(names(DELEGATION.fields), columns(DELEGATION_COLUMNS, 2, 99));
        assert_eq!(names(EVENT.fields), columns(EVENT_COLUMNS, 1, 10));
        let delegation = NewDelegation {
            name: "Austria".into(),
            category: crate::domain::Category::ParticipatingState,
            sort_key: "Austria".into(),
            country: Some("AT".into()),
        };
        assert_eq!(
            (DELEGATION.values)(&delegation).len(),
            DELEGATION.fields.len()
        );
    }
}
