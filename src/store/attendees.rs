use super::delegations::insert_delegation;
use super::events::insert_event;
use super::fields::{PersonRow, person_refs};
use super::rows::{self, ATTENDEE_COLUMNS};
use super::sql::ToValue;
use super::sql::{Db, Optional, Row, Value, params};
use super::{Result, Store, StoreError};
use crate::domain::{
    Attendee, AttendeeId, DelegationId, Event, EventId, NewAttendee, NewDelegation, NewEvent, Role,
    Status, Violations,
};
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock};

/// One line of a people list: what the lists show and search, nothing more, so that
/// 100,000 of them stay small.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttendeeRow {
    pub id: AttendeeId,
    pub badge: u32,
    /// Shared (`Arc<str>`): a handful of values repeat across 100,000 people.
    pub honorific: Arc<str>,
    /// Given name, family name, native name and email in one allocation (see the
    /// accessors): four allocations fewer per person.
    text: Box<str>,
    ends: [u32; 3],
    pub position: Arc<str>,
    pub organisation: Arc<str>,
    pub delegation: Option<DelegationId>,
    pub delegation_name: Arc<str>,
    pub is_head: bool,
    pub rank: Option<u32>,
    pub role: Role,
    pub status: Status,
    /// Checked in on the day asked for.
    pub present: bool,
}

impl AttendeeRow {
    pub fn given_name(&self) -> &str {
        &self.text[..self.ends[0] as usize]
    }

    pub fn family_name(&self) -> &str {
        &self.text[self.ends[0] as usize..self.ends[1] as usize]
    }

    pub fn native_name(&self) -> &str {
        &self.text[self.ends[1] as usize..self.ends[2] as usize]
    }

    pub fn email(&self) -> &str {
        &self.text[self.ends[2] as usize..]
    }

    /// Replace the four packed strings by `f` of each (e.g. making them inert).
    pub fn map_text(&mut self, f: impl Fn(&str) -> String) {
        let parts = [
            f(self.given_name()),
            f(self.family_name()),
            f(self.native_name()),
            f(self.email()),
        ];
        (self.text, self.ends) = pack([&parts[0], &parts[1], &parts[2], &parts[3]]);
    }

    /// The order of every people list: by the folded spelling of the family name, then
    /// of the given name, as people look names up (Åberg among the A's, Асанов with
    /// Asanov), then by id so that no two people tie.
    pub fn list_order(&self, other: &AttendeeRow) -> Ordering {
        name_order(
            (self.family_name(), self.given_name(), self.id.0),
            (other.family_name(), other.given_name(), other.id.0),
        )
    }

    /// "Batmunkh, Battsetseg": lists sort by family name.
    pub fn sort_name(&self) -> String {
        format!("{}, {}", self.family_name(), self.given_name())
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

/// Strings that repeat from row to row (honorifics, positions, organisations,
/// delegation names), kept once however many rows hold them.
#[derive(Default)]
struct Shared(HashSet<Arc<str>>);

impl Shared {
    fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.0.insert(shared.clone());
        shared
    }
}

/// Four strings in one allocation, and where the first three end.
fn pack(parts: [&str; 4]) -> (Box<str>, [u32; 3]) {
    let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    let mut ends = [0; 3];
    for (i, part) in parts.iter().enumerate() {
        text.push_str(part);
        if let Some(end) = ends.get_mut(i) {
            *end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        }
    }
    (text.into_boxed_str(), ends)
}

/// A text column without a `String` in between.
fn text<'r>(r: &'r Row<'_>, i: usize) -> Result<&'r str> {
    r.text(i)
}

/// A list line from [`ROW_COLUMNS`], given its delegation's name and presence.
fn row_from(
    r: &Row<'_>,
    shared: &mut Shared,
    delegation_name: impl FnOnce(Option<i64>) -> Result<Arc<str>>,
    present: impl FnOnce(i64) -> Result<bool>,
) -> Result<AttendeeRow> {
    let id: i64 = r.get(0)?;
    let delegation: Option<i64> = r.get(9)?;
    let packed = pack([text(r, 3)?, text(r, 4)?, text(r, 5)?, text(r, 8)?]);
    Ok(AttendeeRow {
        id: AttendeeId(id),
        badge: r.get(1)?,
        honorific: shared.get(text(r, 2)?),
        text: packed.0,
        ends: packed.1,
        position: shared.get(text(r, 6)?),
        organisation: shared.get(text(r, 7)?),
        delegation: delegation.map(DelegationId),
        delegation_name: delegation_name(delegation)?,
        is_head: r.get(10)?,
        rank: r.get(11)?,
        role: r.get::<rows::Stored<_>>(12)?.0,
        status: r.get::<rows::Stored<_>>(13)?.0,
        present: present(id)?,
    })
}

fn attendee_row(r: &Row<'_>) -> Result<AttendeeRow> {
    row_from(
        r,
        &mut Shared::default(),
        |_| Ok(text(r, 14)?.into()),
        |_| r.get(15),
    )
}

/// [`AttendeeRow::list_order`] as a function, for sorts.
fn list_order(a: &AttendeeRow, b: &AttendeeRow) -> Ordering {
    a.list_order(b)
}

/// [`list_order`] of (family name, given name, id), compared as they are folded,
/// without a folded copy of every name (100,000 of them would double the memory for
/// the moment of a sort).
fn name_order(a: (&str, &str, i64), b: (&str, &str, i64)) -> Ordering {
    fn lower(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().flat_map(|c| {
            let spelled = (!c.is_ascii())
                .then(|| deunicode::deunicode_char(c))
                .flatten();
            let (text, same) = match spelled {
                Some(text) => (Some(text.chars()), None),
                None => (None, Some(c)),
            };
            text.into_iter()
                .flatten()
                .chain(same)
                .flat_map(char::to_lowercase)
        })
    }
    lower(a.0)
        .cmp(lower(b.0))
        .then_with(|| lower(a.1).cmp(lower(b.1)))
        .then(a.2.cmp(&b.2))
}

impl Store {
    /// Everyone in the event in list order ([`list_order`]), with presence on `day`.
    /// One sequential read of the table and one of the day's check-ins, sorted here:
    /// at 100,000 rows that is several times faster than SQLite's ORDER BY or a join
    /// per row.
    pub fn attendee_rows(&self, event: EventId, day: NaiveDate) -> Result<Vec<AttendeeRow>> {
        let count: i64 = self.db.query_row(
            "SELECT count(*) FROM attendees WHERE event_id = ?1",
            [event.0],
            |r| r.get(0),
        )?;
        let mut rows = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        self.each_attendee_row(event, day, |row| {
            rows.push(row);
            Ok(())
        })?;
        rows.sort_unstable_by(list_order);
        Ok(rows)
    }

    /// Every person's list line with presence on `day`, in the table's own order (not
    /// the list's), one at a time: a desk that only compares them with what it shows
    /// never holds all of them at once.
    pub fn each_attendee_row(
        &self,
        event: EventId,
        day: NaiveDate,
        mut visit: impl FnMut(AttendeeRow) -> Result<()>,
    ) -> Result<()> {
        let present: HashSet<i64> = self.db.query_map(
            "SELECT attendee_id FROM checkins WHERE event_id = ?1 AND day = ?2",
            params![event.0, day],
            |r| r.get(0),
        )?;
        let mut shared = Shared::default();
        let names: HashMap<i64, Arc<str>> = self.db.query_map(
            "SELECT id, name FROM delegations WHERE event_id = ?1",
            [event.0],
            |r| Ok((r.get(0)?, text(r, 1)?.into())),
        )?;
        // `+`: read the table in its own order; through an index on event_id every row
        // would be a seek to a random page.
        self.db.for_each(
            &format!("SELECT {ROW_COLUMNS} FROM attendees a WHERE +a.event_id = ?1"),
            [event.0],
            |r| {
                visit(row_from(
                    r,
                    &mut shared,
                    |d| {
                        Ok(d.and_then(|d| names.get(&d).cloned())
                            .unwrap_or_else(|| "".into()))
                    },
                    |id| Ok(present.contains(&id)),
                )?)
            },
        )
    }

    /// The first `n` lines of [`Store::attendee_rows`], exactly those and in its
    /// order, without reading everyone whole: one narrow scan of the names keeps the
    /// `n` first in a bounded heap, then only those are read whole. At 100,000 people
    /// this puts the first screenful up long before the whole list is read and sorted.
    /// `each(family, given, badge)` sees every person on the way (a list wants the
    /// widest name and the largest badge for its columns).
    pub fn first_attendee_rows(
        &self,
        event: EventId,
        day: NaiveDate,
        n: usize,
        mut each: impl FnMut(&str, &str, u32),
    ) -> Result<Vec<AttendeeRow>> {
        use std::collections::BinaryHeap;
        /// A person's place in the list (the heap keeps the `n` smallest: its top
        /// is the last of them, the first to give way).
        struct Place {
            family: Box<str>,
            given: Box<str>,
            id: i64,
        }
        impl Ord for Place {
            fn cmp(&self, other: &Self) -> Ordering {
                name_order(
                    (&self.family, &self.given, self.id),
                    (&other.family, &other.given, other.id),
                )
            }
        }
        impl PartialOrd for Place {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }
        impl PartialEq for Place {
            fn eq(&self, other: &Self) -> bool {
                self.cmp(other) == Ordering::Equal
            }
        }
        impl Eq for Place {}

        if n == 0 {
            return Ok(Vec::new());
        }
        let mut first: BinaryHeap<Place> = BinaryHeap::with_capacity(n + 1);
        self.db.for_each(
            "SELECT id, family_name, given_name, badge FROM attendees WHERE +event_id = ?1",
            [event.0],
            |r| {
                let (id, family, given) = (r.get::<i64>(0)?, text(r, 1)?, text(r, 2)?);
                each(family, given, r.get(3)?);
                let earlier = first.len() < n
                    || first.peek().is_some_and(|last| {
                        name_order((family, given, id), (&last.family, &last.given, last.id))
                            == Ordering::Less
                    });
                if earlier {
                    first.push(Place {
                        family: family.into(),
                        given: given.into(),
                        id,
                    });
                    if first.len() > n {
                        first.pop();
                    }
                }
                Ok(())
            },
        )?;
        let ids: Vec<i64> = first.into_sorted_vec().into_iter().map(|p| p.id).collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // The few read whole in one statement: ?1 the event, ?2 the day, then the ids.
        let mut sql = format!("{ROW_QUERY} WHERE a.event_id = ?1 AND a.id IN (");
        for i in 0..ids.len() {
            sql.push_str(if i == 0 { "?" } else { ", ?" });
            sql.push_str(&(i + 3).to_string());
        }
        sql.push(')');
        let mut values = vec![Value::Int(event.0), day.to_value()];
        values.extend(ids.iter().map(|&id| Value::Int(id)));
        let mut rows: Vec<AttendeeRow> = self.db.query_map(&sql, values, attendee_row)?;
        rows.sort_unstable_by(list_order);
        Ok(rows)
    }

    /// One person's list line, after a change to them.
    pub fn attendee_row(&self, id: AttendeeId, day: NaiveDate) -> Result<AttendeeRow> {
        self.db
            .query_row(
                &format!("{ROW_QUERY} WHERE a.id = ?1"),
                params![id.0, day],
                attendee_row,
            )
            .optional()?
            .ok_or(StoreError::Gone)
    }

    /// One person's list line if they are in `event` (`None`: erased, or never
    /// there), after a change to them.
    pub fn attendee_row_in(
        &self,
        event: EventId,
        id: AttendeeId,
        day: NaiveDate,
    ) -> Result<Option<AttendeeRow>> {
        self.db
            .query_row(
                &format!("{ROW_QUERY} WHERE a.id = ?1 AND a.event_id = ?3"),
                params![id.0, day, event.0],
                attendee_row,
            )
            .optional()
    }

    /// A delegation's members: the head first, then by rank, then by family name.
    pub fn members(&self, delegation: DelegationId, day: NaiveDate) -> Result<Vec<AttendeeRow>> {
        // lower(): case-blind as SQLite's NOCASE, and the same on both engines.
        self.db.query_map(
            &format!(
                "{ROW_QUERY} WHERE a.delegation_id = ?1
                 ORDER BY a.is_head DESC, a.rank IS NULL, a.rank,
                          lower(a.family_name), lower(a.given_name)"
            ),
            params![delegation.0, day],
            attendee_row,
        )
    }

    pub fn attendee(&self, id: AttendeeId) -> Result<Attendee> {
        self.db
            .query_row(
                &format!("SELECT {ATTENDEE_COLUMNS} FROM attendees WHERE id = ?1"),
                [id.0],
                rows::attendee,
            )
            .optional()?
            .ok_or(StoreError::Gone)
    }

    pub fn attendee_by_badge(&self, event: EventId, badge: u32) -> Result<Option<Attendee>> {
        self.db
            .query_row(
                &format!(
                    "SELECT {ATTENDEE_COLUMNS} FROM attendees WHERE event_id = ?1 AND badge = ?2"
                ),
                params![event.0, badge],
                rows::attendee,
            )
            .optional()
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
    tx: &Db,
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
    let mut ids = Vec::with_capacity(people.len());
    for (delegation, person) in people {
        person.validate()?;
        let delegation = match *delegation {
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
                    .ok_or_else(no_badges_left)?;
                next_badge += 1;
                badge
            }
        };
        ids.push(insert_attendee(
            tx,
            event,
            i64::from(badge),
            delegation,
            person,
        )?);
    }
    Ok(ids)
}

/// The refusal when automatic numbering would pass [`MAX_BADGE`](crate::domain::MAX_BADGE).
pub(super) fn no_badges_left() -> Violations {
    Violations(vec![crate::domain::ValidationError::Invalid(
        crate::domain::Field::Badge,
        "no badge numbers left: renumber the highest badges",
    )])
}

/// Add one person with `badge` to `delegation` (their own `delegation` field is not
/// read).
pub(super) fn insert_attendee(
    tx: &Db,
    event: EventId,
    badge: i64,
    delegation: Option<DelegationId>,
    a: &NewAttendee,
) -> Result<AttendeeId> {
    let values = attendee_params(event, badge, delegation, a);
    tx.query_row(
        &format!("{} RETURNING id", *INSERT_ONE_ATTENDEE),
        values.as_slice(),
        |r| r.get(0),
    )
    .map(AttendeeId)
    .map_err(|e| constraint_to_violation(e, u32::try_from(badge).unwrap_or(u32::MAX)))
}

/// [`insert_attendees_sql`] of one person, built once.
static INSERT_ONE_ATTENDEE: LazyLock<String> = LazyLock::new(|| insert_attendees_sql(1));

/// `INSERT INTO attendees` of `rows` people, each with the 21 values of
/// [`attendee_params`]; the engine numbers them.
pub(super) fn insert_attendees_sql(rows: usize) -> String {
    let columns = ATTENDEE_COLUMNS
        .strip_prefix("id, ")
        .expect("the id comes first");
    let mut sql = format!("INSERT INTO attendees ({columns}) VALUES ");
    for r in 0..rows {
        sql.push_str(if r == 0 { "(?" } else { ", (?" });
        for _ in 1..21 {
            sql.push_str(", ?");
        }
        sql.push(')');
    }
    sql
}

/// A person's values after the id, in [`ATTENDEE_COLUMNS`] order: `event`, then the
/// person's row ([`fields::PERSON`]), borrowed, not copied: an import writes millions
/// of rows.
pub(super) fn attendee_params(
    event: EventId,
    badge: i64,
    delegation: Option<DelegationId>,
    a: &NewAttendee,
) -> [Value<'_>; 21] {
    let row = PersonRow {
        details: a,
        badge,
        delegation,
    };
    let mut rest = person_refs(&row).into_iter();
    std::array::from_fn(|i| match i {
        0 => Value::Int(event.0),
        _ => rest.next().expect("20 values after the event"),
    })
}

/// Turn the constraint failures a person can cause into errors that name the field.
/// (SQLite names the columns of a unique constraint, PostgreSQL the constraint.)
pub(super) fn constraint_to_violation(e: StoreError, badge: u32) -> StoreError {
    use crate::domain::{Field, ValidationError};
    if !e.is_constraint() {
        return e;
    }
    let text = e.engine_message();
    let violation = if text.contains("attendees.event_id, attendees.badge")
        || text.contains("attendees_event_id_badge_key")
    {
        ValidationError::BadgeTaken(badge)
    } else if text.contains("attendees.delegation_id") || text.contains("attendees_one_head") {
        ValidationError::Invalid(Field::Head, "the delegation already has a head")
    } else {
        return e;
    };
    Violations(vec![violation]).into()
}
