//! Following other desks: each event's revision (counters that triggers move on every
//! change, see `0006_revision.sql`), read in the same read transaction as the data it
//! stamps, and the small re-read that suffices when only check-ins moved.

use super::rows::Stored;
use super::sql::Optional;
use super::{Result, Store, StoreError};
use crate::domain::{AttendeeId, EventId, Status};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Where an event stands: compare two to know what to read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Revision {
    /// The event, its delegations, its people (all but their status).
    pub registry: i64,
    /// Check-ins, and people's status (which a check-in or its undo changes).
    pub presence: i64,
}

/// What a desk re-reads when only `presence` moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    /// Checked in on the day asked for.
    pub present: HashSet<AttendeeId>,
    /// The same people in the order they arrived (see [`Store::arrival_order`]).
    pub arrived: Vec<AttendeeId>,
    /// Everyone whose status is not "registered" (at a desk, the few).
    pub not_registered: HashMap<AttendeeId, Status>,
}

impl Store {
    /// The event's revision now. An event deleted meanwhile is [`StoreError::Gone`].
    pub fn revision(&self, event: EventId) -> Result<Revision> {
        self.db
            .query_row(
                "SELECT registry, presence FROM revision WHERE event_id = ?1",
                [event.0],
                |r| {
                    Ok(Revision {
                        registry: r.get(0)?,
                        presence: r.get(1)?,
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::Gone)
    }

    /// Run `read` and read the event's revision in one read transaction: the revision
    /// then stamps exactly what was read. Read apart, a commit landing between the two
    /// would be stamped as seen and never shown.
    pub fn snapshot<T, E: From<StoreError>>(
        &self,
        event: EventId,
        read: impl FnOnce(&Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<(Revision, T), E> {
        let tx = self.db.begin_read()?;
        // The first read fixes the snapshot every later read of this transaction sees.
        let revision = self.revision(event)?;
        let value = read(self)?;
        tx.commit()?;
        Ok((revision, value))
    }

    /// Who is present on `day` and who is not registered (call it inside
    /// [`Store::snapshot`] to know which revision it is).
    pub fn standing(&self, event: EventId, day: NaiveDate) -> Result<Standing> {
        let arrived = self.arrival_order(event, day)?;
        let present = arrived.iter().copied().collect();
        let not_registered = self.db.query_map(
            "SELECT id, status FROM attendees WHERE event_id = ?1 AND status <> 'registered'",
            [event.0],
            |r| Ok((AttendeeId(r.get(0)?), r.get::<Stored<Status>>(1)?.0)),
        )?;
        Ok(Standing {
            present,
            arrived,
            not_registered,
        })
    }
}
