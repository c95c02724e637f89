//! Mapping between table rows and domain types, in one place.

use super::Result;
use super::sql::{Cell, FromCell, Row};
use crate::domain::{
    Attendee, AttendeeId, Category, Delegation, DelegationId, Event, EventId, NewAttendee,
    NewDelegation, NewEvent,
};
use std::str::FromStr;

/// Stored vocabularies (`Role`, `Status`, …) travel as their snake_case names.
pub(super) struct Stored<T>(pub T);

impl<T: FromStr> FromCell for Stored<T> {
    fn from_cell(cell: Cell<'_>) -> std::result::Result<Self, String> {
        match cell {
            Cell::Text(text) => T::from_str(text)
                .map(Stored)
                .map_err(|_| format!("unknown value {text:?}")),
            other => Err(format!("expected a name, found {other:?}")),
        }
    }
}

pub(super) const EVENT_COLUMNS: &str = "id, code, title, kind, venue, city, country, \
     start_date, end_date, organiser, description, language, category_order";

pub(super) fn event(r: &Row<'_>) -> Result<Event> {
    event_at(r, 0)
}

/// An event read from [`EVENT_COLUMNS`] starting at column `first` of a wider row.
pub(super) fn event_at(r: &Row<'_>, first: usize) -> Result<Event> {
    let order: String = r.get(first + 12)?;
    Ok(Event {
        id: EventId(r.get(first)?),
        details: NewEvent {
            code: r.get(first + 1)?,
            title: r.get(first + 2)?,
            kind: r.get::<Stored<_>>(first + 3)?.0,
            venue: r.get(first + 4)?,
            city: r.get(first + 5)?,
            country: r.get(first + 6)?,
            start_date: r.get(first + 7)?,
            end_date: r.get(first + 8)?,
            organiser: r.get(first + 9)?,
            description: r.get(first + 10)?,
            language: r.get::<Stored<_>>(first + 11)?.0,
        },
        category_order: parse_category_order(&order),
    })
}

/// `columns` (a comma-separated list) with each name qualified by `prefix` ("e.").
pub(super) fn prefixed(prefix: &str, columns: &str) -> String {
    columns
        .split(',')
        .map(|c| format!("{prefix}{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The stored order, completed with any category it does not name (so a category
/// added in a later version still has a place).
pub(super) fn parse_category_order(text: &str) -> Vec<Category> {
    let mut order: Vec<Category> = text
        .split(',')
        .filter_map(|name| Category::from_str(name.trim()).ok())
        .collect();
    for c in Category::default_order() {
        if !order.contains(&c) {
            order.push(c);
        }
    }
    order
}

pub(super) fn format_category_order(order: &[Category]) -> String {
    order
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Every column of the tables no mapping above reads whole (a registry copy needs them).
pub(super) const CHECK_IN_COLUMNS: &str =
    "id, event_id, attendee_id, day, at, desk, previous_status";
pub(super) const AUDIT_COLUMNS: &str = "id, at, desk, event_id, attendee_id, action, detail";
pub(super) const COPY_COLUMNS: &str = "id, at, desk, path, format, event_id, people, last_attendee";

pub(super) const DELEGATION_COLUMNS: &str = "id, event_id, name, category, sort_key, country";

pub(super) fn delegation(r: &Row<'_>) -> Result<Delegation> {
    Ok(Delegation {
        id: DelegationId(r.get(0)?),
        event_id: EventId(r.get(1)?),
        details: NewDelegation {
            name: r.get(2)?,
            category: r.get::<Stored<_>>(3)?.0,
            sort_key: r.get(4)?,
            country: r.get(5)?,
        },
    })
}

pub(super) const ATTENDEE_COLUMNS: &str = "id, event_id, badge, honorific, given_name, \
     family_name, native_name, gender, position, organisation, delegation_id, is_head, rank, \
     country, email, phone, role, status, diet, access, notes, consent";

pub(super) fn attendee(r: &Row<'_>) -> Result<Attendee> {
    let badge: u32 = r.get(2)?;
    Ok(Attendee {
        id: AttendeeId(r.get(0)?),
        event_id: EventId(r.get(1)?),
        badge,
        details: NewAttendee {
            honorific: r.get(3)?,
            given_name: r.get(4)?,
            family_name: r.get(5)?,
            native_name: r.get(6)?,
            gender: r.get::<Stored<_>>(7)?.0,
            position: r.get(8)?,
            organisation: r.get(9)?,
            delegation: r.get::<Option<i64>>(10)?.map(DelegationId),
            is_head: r.get(11)?,
            rank: r.get(12)?,
            country: r.get(13)?,
            email: r.get(14)?,
            phone: r.get(15)?,
            role: r.get::<Stored<_>>(16)?.0,
            status: r.get::<Stored<_>>(17)?.0,
            badge: Some(badge),
            diet: r.get(18)?,
            access: r.get(19)?,
            notes: r.get(20)?,
            consent: r.get(21)?,
        },
    })
}
