//! A record's fields as the store writes them: one table per record of (domain field,
//! column, how the value is read). Inserts, whole updates and the forms'
//! field-by-field saves all go through these, so a column is named in one place.

use super::Result;
use super::delegations::delegation_by_id;
use super::events::event_by_id;
use super::sql::{Db, Value};
use crate::domain::{
    Delegation, DelegationId, Event, EventId, Field, NewAttendee, NewDelegation, NewEvent,
};
use chrono::NaiveDate;

/// (domain field, column) of each field a form or a script can change, in the order of
/// the record's values.
pub(super) type Fields = &'static [(Field, &'static str)];

/// One field of a record: the domain's field, its column, and how its value is read
/// from the record. The three sit in one row of a record's table, so a value cannot be
/// written under another field or column, and a conflict names the field the forms know.
pub(super) struct Column<V> {
    pub field: Field,
    pub column: &'static str,
    pub value: V,
}

/// One row of a table; short, as a table reads best one field a line.
const fn col<V>(field: Field, column: &'static str, value: V) -> Column<V> {
    Column {
        field,
        column,
        value,
    }
}

/// The (field, column) pairs of a table, in its order: what [`update`] and a conflict's
/// report index into.
const fn names<V, const N: usize>(table: &[Column<V>; N]) -> [(Field, &'static str); N] {
    let mut out = [(Field::Code, ""); N];
    let mut i = 0;
    while i < N {
        out[i] = (table[i].field, table[i].column);
        i += 1;
    }
    out
}

/// A person as their row holds them: the details, with the badge and the delegation
/// the row gets (an import resolves both itself; an edit keeps the badge the person
/// has when the form leaves it empty).
pub(super) struct PersonRow<'a> {
    pub details: &'a NewAttendee,
    pub badge: i64,
    pub delegation: Option<DelegationId>,
}

/// How a person's value is read: borrowed, not copied, as an import writes millions
/// of rows.
pub(super) type ReadPerson = for<'a, 'r> fn(&'r PersonRow<'a>) -> Value<'a>;

fn text(s: &str) -> Value<'_> {
    Value::Text(s.into())
}

fn flag(b: bool) -> Value<'static> {
    Value::Int(i64::from(b))
}

/// A person's row after `id, event_id`, in [`super::rows::ATTENDEE_COLUMNS`] order.
pub(super) const PERSON: [Column<ReadPerson>; 20] = [
    col(Field::Badge, "badge", |p| Value::Int(p.badge)),
    col(Field::Honorific, "honorific", |p| {
        text(&p.details.honorific)
    }),
    col(Field::GivenName, "given_name", |p| {
        text(p.details.given_name.trim())
    }),
    col(Field::FamilyName, "family_name", |p| {
        text(p.details.family_name.trim())
    }),
    col(Field::NativeName, "native_name", |p| {
        text(&p.details.native_name)
    }),
    col(Field::Gender, "gender", |p| text(p.details.gender.as_str())),
    col(Field::Position, "position", |p| text(&p.details.position)),
    col(Field::Organisation, "organisation", |p| {
        text(&p.details.organisation)
    }),
    col(Field::Delegation, "delegation_id", |p| {
        p.delegation.map_or(Value::Null, |d| Value::Int(d.0))
    }),
    col(Field::Head, "is_head", |p| flag(p.details.is_head)),
    col(Field::Rank, "rank", |p| {
        p.details
            .rank
            .map_or(Value::Null, |r| Value::Int(i64::from(r)))
    }),
    col(Field::Country, "country", |p| {
        p.details.country.as_deref().map_or(Value::Null, text)
    }),
    col(Field::Email, "email", |p| text(p.details.email.trim())),
    col(Field::Phone, "phone", |p| text(&p.details.phone)),
    col(Field::Role, "role", |p| text(p.details.role.as_str())),
    col(Field::Status, "status", |p| text(p.details.status.as_str())),
    col(Field::Diet, "diet", |p| text(&p.details.diet)),
    col(Field::Access, "access", |p| text(&p.details.access)),
    col(Field::Notes, "notes", |p| text(&p.details.notes)),
    col(Field::Consent, "consent", |p| flag(p.details.consent)),
];

/// A person's fields, in the order of [`person_values`].
pub(super) const PERSON_FIELDS: Fields = &names(&PERSON);

/// A person's row values, borrowed: what an insert binds.
pub(super) fn person_refs<'a>(row: &PersonRow<'a>) -> [Value<'a>; 20] {
    PERSON.each_ref().map(|f| (f.value)(row))
}

/// A person's values with `badge`, owned: what an edit compares and writes.
pub(super) fn person_values(p: &NewAttendee, badge: u32) -> Vec<Value<'static>> {
    let row = PersonRow {
        details: p,
        badge: i64::from(badge),
        delegation: p.delegation,
    };
    person_refs(&row)
        .into_iter()
        .map(Value::into_owned)
        .collect()
}

/// How a delegation's or a seminar's value is read.
type Read<D> = fn(&D) -> Value<'static>;

/// The values of a record's fields, in the order of its table.
fn values_of<D>(table: &[Column<Read<D>>], details: &D) -> Vec<Value<'static>> {
    table.iter().map(|f| (f.value)(details)).collect()
}

fn owned(s: &str) -> Value<'static> {
    Value::Text(s.to_string().into())
}

/// An optional text, owned.
fn maybe(s: &Option<String>) -> Value<'static> {
    s.as_deref().map_or(Value::Null, owned)
}

/// One kind of record a form edits field by field and the audit log does not follow
/// (a delegation, a seminar): its table and fields, how its details lay out as values
/// in the order of the fields (both taken from one table of [`Column`]s), and how it is
/// read back (inside a transaction, too).
pub(super) struct Record<R, D> {
    pub table: &'static str,
    pub fields: Fields,
    pub values: fn(&D) -> Vec<Value<'static>>,
    pub details: fn(&R) -> &D,
    pub read: fn(&Db, i64) -> Result<R>,
}

const DELEGATION_TABLE: [Column<Read<NewDelegation>>; 4] = [
    col(Field::Name, "name", |d| owned(d.name.trim())),
    col(Field::Category, "category", |d| owned(d.category.as_str())),
    col(Field::SortKey, "sort_key", |d| owned(d.sort_key.trim())),
    col(Field::Country, "country", |d| maybe(&d.country)),
];

pub(super) const DELEGATION: Record<Delegation, NewDelegation> = Record {
    table: "delegations",
    fields: &names(&DELEGATION_TABLE),
    values: |d| values_of(&DELEGATION_TABLE, d),
    details: |d| &d.details,
    read: |conn, id| delegation_by_id(conn, DelegationId(id)),
};

/// A date as the registry stores one: ISO 8601 text (both engines).
fn iso(d: NaiveDate) -> Value<'static> {
    owned(&d.format("%F").to_string())
}

const EVENT_TABLE: [Column<Read<NewEvent>>; 11] = [
    col(Field::Code, "code", |e| owned(&e.code)),
    col(Field::Title, "title", |e| owned(e.title.trim())),
    col(Field::Kind, "kind", |e| owned(e.kind.as_str())),
    col(Field::Venue, "venue", |e| owned(&e.venue)),
    col(Field::City, "city", |e| owned(&e.city)),
    col(Field::Country, "country", |e| maybe(&e.country)),
    col(Field::StartDate, "start_date", |e| iso(e.start_date)),
    col(Field::EndDate, "end_date", |e| iso(e.end_date)),
    col(Field::Organiser, "organiser", |e| owned(&e.organiser)),
    col(Field::Description, "description", |e| owned(&e.description)),
    col(Field::Language, "language", |e| owned(e.language.code())),
];

pub(super) const EVENT: Record<Event, NewEvent> = Record {
    table: "events",
    fields: &names(&EVENT_TABLE),
    values: |e| values_of(&EVENT_TABLE, e),
    details: |e| &e.details,
    read: |conn, id| event_by_id(conn, EventId(id)),
};

impl<R, D> Record<R, D> {
    /// `INSERT` a record: the `owner` column first (an event's delegations have their
    /// event), then every field. Returns the new row's id.
    pub fn insert(&self, tx: &Db, owner: Option<(&str, i64)>, details: &D) -> Result<i64> {
        let fields = self.fields.iter().map(|f| f.1);
        let columns: Vec<&str> = owner.iter().map(|o| o.0).chain(fields).collect();
        let places: Vec<String> = (1..=columns.len()).map(|n| format!("?{n}")).collect();
        let values: Vec<Value> = owner
            .map(|o| Value::Int(o.1))
            .into_iter()
            .chain((self.values)(details))
            .collect();
        tx.query_row(
            &format!(
                "INSERT INTO {} ({}) VALUES ({}) RETURNING id",
                self.table,
                columns.join(", "),
                places.join(", ")
            ),
            values,
            |r| r.get(0),
        )
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
    tx: &Db,
    table: &str,
    fields: Fields,
    id: i64,
    values: &[Value<'_>],
    writes: &[usize],
) -> Result<usize> {
    let set: Vec<String> = writes
        .iter()
        .enumerate()
        .map(|(n, &i)| format!("{} = ?{}", fields[i].1, n + 2))
        .collect();
    let params: Vec<Value> = std::iter::once(Value::Int(id))
        .chain(writes.iter().map(|&i| values[i].clone()))
        .collect();
    tx.execute(
        &format!("UPDATE {table} SET {} WHERE id = ?1", set.join(", ")),
        params,
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

    fn columns_of(fields: Fields) -> Vec<&'static str> {
        fields.iter().map(|f| f.1).collect()
    }

    /// The field tables follow the row mappings: a field written under the wrong column
    /// would corrupt a record silently.
    #[test]
    fn field_tables_match_the_columns() {
        assert_eq!(columns_of(PERSON_FIELDS), columns(ATTENDEE_COLUMNS, 2, 99));
        assert_eq!(
            person_values(&NewAttendee::default(), 1).len(),
            PERSON_FIELDS.len()
        );
        assert_eq!(
            columns_of(DELEGATION.fields),
            columns(DELEGATION_COLUMNS, 2, 99)
        );
        assert_eq!(columns_of(EVENT.fields), columns(EVENT_COLUMNS, 1, 11));
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

    /// A person's fields go by the names the audit log writes (`changes`): a conflict
    /// names the desk that last changed a field by finding its name there.
    #[test]
    fn person_fields_have_the_audit_logs_names() {
        let serde_json::Value::Object(record) =
            serde_json::to_value(NewAttendee::default()).unwrap()
        else {
            panic!("a person serialises as an object");
        };
        let mut logged: Vec<&str> = record.keys().map(String::as_str).collect();
        let mut ours: Vec<&str> = PERSON_FIELDS.iter().map(|f| f.0.name()).collect();
        logged.sort_unstable();
        ours.sort_unstable();
        assert_eq!(ours, logged);
    }
}
