use super::fields::EVENT;
use super::rows::{self, EVENT_COLUMNS};
use super::sql::{Db, Optional, params};
use super::{Result, Store, StoreError};
use crate::domain::{Category, Event, EventId, NewEvent};
use chrono::NaiveDate;

/// An event with the counts the Seminars list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSummary {
    pub event: Event,
    pub delegations: u32,
    /// People with status Registered.
    pub registered: u32,
    /// Everyone on the list, whatever their status.
    pub people: u32,
    /// Checked in on the day a check-in made today would count for.
    pub present: u32,
}

impl Store {
    /// All events, newest first, with their counts as of `today`.
    pub fn list_events(&self, today: NaiveDate) -> Result<Vec<EventSummary>> {
        let events: Vec<_> = self.db.query_map(
            &format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY start_date DESC, code"),
            params![],
            rows::event,
        )?;
        events
            .into_iter()
            .map(|event| {
                let day = event.check_in_day(today);
                let (delegations, registered, people, present) = self.db.query_row(
                    "SELECT
                        (SELECT count(*) FROM delegations WHERE event_id = ?1),
                        (SELECT count(*) FROM attendees WHERE event_id = ?1 AND status = 'registered'),
                        (SELECT count(*) FROM attendees WHERE event_id = ?1),
                        (SELECT count(*) FROM checkins WHERE event_id = ?1 AND day = ?2)",
                    params![event.id.0, day],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )?;
                Ok(EventSummary {
                    event,
                    delegations,
                    registered,
                    people,
                    present,
                })
            })
            .collect()
    }

    pub fn event(&self, id: EventId) -> Result<Event> {
        event_by_id(&self.db, id)
    }

    pub fn event_by_code(&self, code: &str) -> Result<Event> {
        self.db
            .query_row(
                &format!("SELECT {EVENT_COLUMNS} FROM events WHERE code = ?1"),
                [code],
                rows::event,
            )
            .optional()?
            .ok_or_else(|| StoreError::NoSuchEvent(code.to_string()))
    }

    pub fn create_event(&mut self, new: &NewEvent) -> Result<Event> {
        new.validate()?;
        let tx = self.write()?;
        let id = insert_event(&tx, new)?;
        tx.commit()?;
        self.event(id)
    }

    pub fn update_event(&mut self, id: EventId, new: &NewEvent) -> Result<Event> {
        new.validate()?;
        self.replace(&EVENT, id.0, new, |e| code_taken(e, &new.code))
    }

    pub fn set_category_order(&mut self, id: EventId, order: &[Category]) -> Result<()> {
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE events SET category_order = ?2 WHERE id = ?1",
            params![id.0, rows::format_category_order(order)],
        )?;
        if changed == 0 {
            return Err(StoreError::Gone);
        }
        tx.commit()?;
        Ok(())
    }

    /// Delete an event with its delegations, people, check-ins and audit rows.
    pub fn delete_event(&mut self, id: EventId) -> Result<()> {
        let tx = self.write()?;
        if tx.execute("DELETE FROM events WHERE id = ?1", [id.0])? == 0 {
            return Err(StoreError::Gone);
        }
        tx.commit()?;
        Ok(())
    }
}

/// The event `id`, read on `conn` (a transaction's, too).
pub(super) fn event_by_id(conn: &Db, id: EventId) -> Result<Event> {
    conn.query_row(
        &format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?1"),
        [id.0],
        rows::event,
    )
    .optional()?
    .ok_or(StoreError::Gone)
}

pub(super) fn insert_event(tx: &Db, new: &NewEvent) -> Result<EventId> {
    let id = EVENT
        .insert(tx, None, new)
        .map_err(|e| code_taken(e, &new.code))?;
    Ok(EventId(id))
}

/// (SQLite names the column of the unique constraint, PostgreSQL the constraint.)
pub(super) fn code_taken(e: StoreError, code: &str) -> StoreError {
    let message = e.engine_message();
    if e.is_constraint() && (message.contains("events.code") || message.contains("events_code_key"))
    {
        StoreError::CodeTaken(code.to_string())
    } else {
        e
    }
}
