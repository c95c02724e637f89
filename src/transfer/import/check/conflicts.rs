//! What a row claims that someone may hold already — an e-mail address, a name in a
//! delegation, a badge, a delegation's head — whether someone in the event or a row
//! above: claimed through the [`Index`], and the problem worded from who holds it.

use super::super::columns::ImportField;
use super::super::index::{Index, email_key, name_key};
use super::super::{Problem, ProblemKind};
use super::Wording;
use crate::domain::NewAttendee;
use crate::store::{Holder, KeyKind, StoreError};

/// Who holds a key a row claims: a person in the event (their name), or an earlier row.
enum Taken {
    Person(String),
    Row(usize),
}

/// Claim `person`'s e-mail address and name (in the delegation `delegation_key`) for
/// `row`. `None`: no one had them, and now the row holds both. Else the row repeats
/// someone, holds nothing, and this is the duplicate problem.
pub(super) fn claim_person(
    index: &mut impl Index,
    wording: &Wording<'_>,
    row: usize,
    person: &NewAttendee,
    delegation_key: Option<&str>,
) -> Result<Option<Problem>, StoreError> {
    // Claimed first: most rows repeat no one, and then one claim per key is all they
    // cost.
    let email = email_key(&person.email)
        .filter(|_| crate::domain::validate_email(person.email.trim()).is_ok());
    let name = name_key(&person.given_name, &person.family_name, delegation_key);
    let here = Holder::Row(row);
    let email_holder = match &email {
        Some(k) => index.claim(KeyKind::Email, k, here)?,
        None => None,
    };
    let name_holder = match &name {
        Some(k) => index.claim(KeyKind::Name, k, here)?,
        None => None,
    };
    if email_holder.is_none() && name_holder.is_none() {
        return Ok(None);
    }
    // A row that repeats someone records nothing.
    if let (Some(k), None) = (&email, email_holder) {
        index.release(KeyKind::Email, k)?;
    }
    if let (Some(k), None) = (&name, name_holder) {
        index.release(KeyKind::Name, k)?;
    }
    duplicate(index, wording, row, email_holder, name_holder).map(Some)
}

/// What a row repeats: someone in the event (by e-mail, then by name) before an
/// earlier row (by e-mail, then by name).
fn duplicate(
    index: &mut impl Index,
    wording: &Wording<'_>,
    row: usize,
    email: Option<Holder>,
    name: Option<Holder>,
) -> Result<Problem, StoreError> {
    let dup = |column: Option<String>, reason: String| Problem {
        row,
        column,
        reason,
        kind: ProblemKind::Duplicate,
    };
    let email_column = || Some(wording.header(ImportField::Email));
    let event_code = wording.event_code;
    Ok(match (email, name) {
        (Some(Holder::Person(id)), _) => {
            let (who, badge) = index.person(id)?;
            dup(
                email_column(),
                format!(
                    "duplicate: {who} (badge {badge}) is already in {event_code} with this email"
                ),
            )
        }
        (_, Some(Holder::Person(id))) => {
            let (who, badge) = index.person(id)?;
            dup(
                None,
                format!(
                    "duplicate: {who} (badge {badge}) is already in {event_code} with this \
                     name and delegation"
                ),
            )
        }
        (Some(Holder::Row(r)), _) => {
            dup(email_column(), format!("duplicate of row {r} (same email)"))
        }
        (None, Some(Holder::Row(r))) => dup(
            None,
            format!("duplicate of row {r} (same name and delegation)"),
        ),
        (None, None) => unreachable!("called for a duplicate"),
    })
}

/// Claim `badge` for `row`: taken already, the problem in the badge column.
pub(super) fn claim_badge(
    index: &mut impl Index,
    wording: &Wording<'_>,
    row: usize,
    badge: u32,
) -> Result<Option<Problem>, StoreError> {
    claim(
        index,
        wording,
        KeyKind::Badge,
        &badge.to_string(),
        row,
        ImportField::Badge,
        |by| match by {
            Taken::Person(who) => format!(
                "{badge} is already taken in {} by {who}",
                wording.event_code
            ),
            Taken::Row(r) => format!("{badge} is also on row {r}"),
        },
    )
}

/// Claim the headship of the delegation `name` (matched by `key`) for `row`, or of no
/// delegation at all: either way a problem in the head column, unless it is free.
pub(super) fn claim_head(
    index: &mut impl Index,
    wording: &Wording<'_>,
    row: usize,
    delegation: Option<(&str, &str)>,
) -> Result<Option<Problem>, StoreError> {
    let Some((name, key)) = delegation else {
        return Ok(Some(wording.invalid(
            row,
            ImportField::Head,
            "yes, but the row names no delegation to head".to_string(),
        )));
    };
    claim(
        index,
        wording,
        KeyKind::Head,
        key,
        row,
        ImportField::Head,
        |by| match by {
            Taken::Person(who) => format!("{name} already has a head: {who}"),
            Taken::Row(r) => format!("row {r} is already the head of {name}"),
        },
    )
}

/// Claim a key for `row`. Held already: the problem in `field`, worded by `reason`
/// from who holds it.
fn claim(
    index: &mut impl Index,
    wording: &Wording<'_>,
    kind: KeyKind,
    key: &str,
    row: usize,
    field: ImportField,
    reason: impl FnOnce(Taken) -> String,
) -> Result<Option<Problem>, StoreError> {
    let taken = match index.claim(kind, key, Holder::Row(row))? {
        None => return Ok(None),
        Some(Holder::Person(id)) => Taken::Person(index.person(id)?.0),
        Some(Holder::Row(r)) => Taken::Row(r),
    };
    Ok(Some(wording.invalid(row, field, reason(taken))))
}
