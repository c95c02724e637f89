//! An import that updates (`--update`): each row first looks for the person it
//! describes among the event's people — by e-mail address, then badge, then name in
//! its delegation — and, found, takes the values of the cells the row fills in; an
//! empty cell keeps what the person has. A row that finds no one is a new person, as
//! in any import. A row that finds two different people, or someone an earlier row
//! already updates, is a problem: a guess is never written.

use super::super::columns::ImportField;
use super::super::index::{Index, delegation_key, email_key, name_key};
use super::super::{Problem, ProblemKind};
use super::Wording;
use crate::domain::{Attendee, AttendeeId, DelegationId, NewAttendee, validate_email};
use crate::store::{DelegationRef, Holder, ImportSnapshot, KeyKind, StoreError};
use std::collections::HashMap;
use std::fmt;

/// A person a row updates: who, from which row, and what changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// The spreadsheet row.
    pub row: usize,
    pub id: AttendeeId,
    /// Their name and badge before the update, to say who it is.
    pub who: String,
    pub badge: u32,
    pub before: NewAttendee,
    pub after: NewAttendee,
    /// Where `after` puts them (perhaps a delegation the import makes).
    pub delegation: DelegationRef,
    /// The fields that change, in the order of the file's columns.
    pub changes: Vec<Change>,
}

/// One field an update changes, as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The column as the file's header names it.
    pub column: String,
    pub from: String,
    pub to: String,
}

impl fmt::Display for Update {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: {} (badge {}):", self.row, self.who, self.badge)?;
        for (i, c) in self.changes.iter().enumerate() {
            let sep = if i == 0 { " " } else { "; " };
            write!(
                f,
                "{sep}{}: {} → {}",
                c.column,
                shown(&c.from),
                shown(&c.to)
            )?;
        }
        Ok(())
    }
}

/// A value in a change: quoted, so that an empty one and spaces are seen.
fn shown(value: &str) -> String {
    if value.is_empty() {
        "(empty)".to_string()
    } else {
        format!("\"{value}\"")
    }
}

/// The event's people as an updating import matches rows against them, and what the
/// rows so far came to.
#[derive(Debug)]
pub(in super::super) struct Existing<'s> {
    /// Everyone's record, borrowed from the snapshot.
    records: HashMap<AttendeeId, &'s Attendee>,
    by_email: HashMap<String, AttendeeId>,
    by_badge: HashMap<u32, AttendeeId>,
    by_name: HashMap<String, AttendeeId>,
    /// By name alone, for a file without delegations: `None` when two people share it.
    by_name_only: HashMap<String, Option<AttendeeId>>,
    delegation_names: HashMap<DelegationId, String>,
    /// The row that updates each person updated so far.
    updated_by: HashMap<AttendeeId, usize>,
    pub(super) updates: Vec<Update>,
    /// Rows that found their person with nothing to change.
    pub(super) unchanged: usize,
}

/// What a row's keys find.
pub(super) enum Found {
    Nobody,
    Person(AttendeeId),
    /// Two people, or someone an earlier row updates: the problem.
    Problem(Problem),
}

impl<'s> Existing<'s> {
    /// The people of `snapshot` (read with their records: `Store::update_snapshot`).
    pub(in super::super) fn new(snapshot: &'s ImportSnapshot) -> Self {
        let delegation_names: HashMap<DelegationId, String> = snapshot
            .delegations
            .iter()
            .map(|d| (d.id, d.details.name.clone()))
            .collect();
        let mut existing = Existing {
            records: HashMap::with_capacity(snapshot.records.len()),
            by_email: HashMap::new(),
            by_badge: HashMap::new(),
            by_name: HashMap::new(),
            by_name_only: HashMap::new(),
            delegation_names,
            updated_by: HashMap::new(),
            updates: Vec::new(),
            unchanged: 0,
        };
        for a in &snapshot.records {
            if let Some(k) = email_key(&a.details.email) {
                existing.by_email.entry(k).or_insert(a.id);
            }
            existing.by_badge.insert(a.badge, a.id);
            let delegation = existing.delegation_key_of(a.details.delegation);
            if let Some(k) = name_key(
                &a.details.given_name,
                &a.details.family_name,
                delegation.as_deref(),
            ) {
                existing.by_name.entry(k).or_insert(a.id);
            }
            if let Some(k) = name_key(&a.details.given_name, &a.details.family_name, None) {
                existing
                    .by_name_only
                    .entry(k)
                    .and_modify(|id| *id = None)
                    .or_insert(Some(a.id));
            }
            existing.records.insert(a.id, a);
        }
        existing
    }

    pub(super) fn record(&self, id: AttendeeId) -> &'s Attendee {
        self.records[&id]
    }

    pub(super) fn delegation_name(&self, id: Option<DelegationId>) -> Option<&str> {
        id.and_then(|d| self.delegation_names.get(&d).map(String::as_str))
    }

    pub(super) fn delegation_key_of(&self, id: Option<DelegationId>) -> Option<String> {
        self.delegation_name(id).map(delegation_key)
    }

    /// Who `person` (from `row`, in the delegation `key`) is: found by e-mail, badge
    /// or name (in the delegation, or alone when the row names none and only one person
    /// has it), and each that finds someone must find the same person.
    pub(super) fn find(
        &self,
        wording: &Wording<'_>,
        row: usize,
        person: &NewAttendee,
        key: Option<&str>,
    ) -> Found {
        let email = email_key(&person.email)
            .filter(|_| validate_email(person.email.trim()).is_ok())
            .and_then(|k| self.by_email.get(&k).copied());
        let badge = person.badge.and_then(|b| self.by_badge.get(&b).copied());
        // A row without a delegation names someone by name alone, if only one has it.
        let name = name_key(&person.given_name, &person.family_name, key).and_then(|k| match key {
            Some(_) => self.by_name.get(&k).copied(),
            None => self.by_name_only.get(&k).copied().flatten(),
        });
        let found = [
            (email, wording.header(ImportField::Email), "e-mail"),
            (badge, wording.header(ImportField::Badge), "badge"),
            (name, "name".to_string(), "name"),
        ];
        let mut hits = found
            .iter()
            .filter_map(|(id, column, how)| Some((id.as_ref()?, column, how)));
        let Some((&first, column, how)) = hits.next() else {
            return Found::Nobody;
        };
        if let Some((&other, _, other_how)) = hits.find(|(id, _, _)| **id != first) {
            return Found::Problem(Problem {
                row,
                column: None,
                reason: format!(
                    "matches two people: {} by {how} and {} by {other_how} — which one does \
                     this row update?",
                    self.who(first),
                    self.who(other)
                ),
                kind: ProblemKind::Invalid,
            });
        }
        if let Some(earlier) = self.updated_by.get(&first) {
            return Found::Problem(Problem {
                row,
                column: Some(column.clone()).filter(|_| *how != "name"),
                reason: format!(
                    "row {earlier} already updates {} (same {how})",
                    self.who(first)
                ),
                kind: ProblemKind::Duplicate,
            });
        }
        Found::Person(first)
    }

    /// "Name SURNAME (badge N)".
    pub(super) fn who(&self, id: AttendeeId) -> String {
        let a = self.records[&id];
        format!("{} (badge {})", a.details.full_name(), a.badge)
    }

    /// Remember that `row` updates `id`, whether or not it changes anything.
    pub(super) fn updated(&mut self, id: AttendeeId, row: usize) {
        self.updated_by.insert(id, row);
    }
}

/// Move `holder`'s key of `kind` from `keys.0` (the old one) to `keys.1`: `Some` of
/// whoever holds the new one already (and then nothing moves).
pub(super) fn rekey(
    index: &mut impl Index,
    kind: KeyKind,
    keys: (Option<String>, Option<String>),
    holder: Holder,
) -> Result<Option<Holder>, StoreError> {
    let (old, new) = keys;
    let Some(new) = new.filter(|n| Some(n) != old.as_ref()) else {
        return Ok(None);
    };
    match index.claim(kind, &new, holder)? {
        None => {
            if let Some(old) = old {
                index.release(kind, &old)?;
            }
            Ok(None)
        }
        Some(h) if h == holder => Ok(None),
        Some(h) => Ok(Some(h)),
    }
}

/// `into` with the fields of `from` that the row fills in (`given`), the delegation and
/// the category aside (they are resolved against the event's delegations).
pub(super) fn merge(
    into: &mut NewAttendee,
    from: &NewAttendee,
    given: impl Fn(ImportField) -> bool,
) {
    macro_rules! take {
        ($($field:ident: $import:ident),+ $(,)?) => {
            $(if given(ImportField::$import) {
                into.$field = from.$field.clone();
            })+
        };
    }
    take!(
        given_name: GivenName,
        family_name: FamilyName,
        native_name: NativeName,
        honorific: Honorific,
        gender: Gender,
        position: Position,
        organisation: Organisation,
        country: Country,
        email: Email,
        phone: Phone,
        role: Role,
        status: Status,
        badge: Badge,
        is_head: Head,
        rank: Rank,
        diet: Diet,
        access: Access,
        notes: Notes,
        consent: Consent,
    );
}

/// `person`'s value of `field` as a person reads it; `delegation` is the name of theirs.
pub(super) fn value(person: &NewAttendee, field: ImportField, delegation: Option<&str>) -> String {
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    match field {
        ImportField::GivenName => person.given_name.clone(),
        ImportField::FamilyName => person.family_name.clone(),
        ImportField::NativeName => person.native_name.clone(),
        ImportField::Honorific => person.honorific.clone(),
        ImportField::Gender => person.gender.label().to_string(),
        ImportField::Position => person.position.clone(),
        ImportField::Organisation => person.organisation.clone(),
        ImportField::Delegation => delegation.unwrap_or_default().to_string(),
        ImportField::Category => String::new(),
        ImportField::Country => person.country.clone().unwrap_or_default(),
        ImportField::Email => person.email.clone(),
        ImportField::Phone => person.phone.clone(),
        ImportField::Role => person.role.label().to_string(),
        ImportField::Status => person.status.label().to_string(),
        ImportField::Badge => person.badge.map(|b| b.to_string()).unwrap_or_default(),
        ImportField::Head => yes_no(person.is_head),
        ImportField::Rank => person.rank.map(|r| r.to_string()).unwrap_or_default(),
        ImportField::Diet => person.diet.clone(),
        ImportField::Access => person.access.clone(),
        ImportField::Notes => person.notes.clone(),
        ImportField::Consent => yes_no(person.consent),
    }
}
