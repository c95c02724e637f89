use super::rows::{self, DELEGATION_COLUMNS};
use super::{Result, Store, StoreError};
use crate::domain::{Delegation, DelegationId, Event, EventId, NewDelegation, fold::fold};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

/// A delegation with the counts the Delegations screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegationRow {
    pub delegation: Delegation,
    /// Everyone in it, whatever their status.
    pub members: u32,
    pub registered: u32,
    /// Checked in on the day asked for.
    pub present: u32,
}

impl Store {
    /// The event's delegations in protocol order: by the event's category order, then
    /// by sort key (accents and case folded, so "Åland" sorts with the A's).
    pub fn list_delegations(&self, event: &Event, day: NaiveDate) -> Result<Vec<DelegationRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {DELEGATION_COLUMNS},
                (SELECT count(*) FROM attendees a WHERE a.delegation_id = d.id),
                (SELECT count(*) FROM attendees a
                  WHERE a.delegation_id = d.id AND a.status = 'registered'),
                (SELECT count(*) FROM attendees a JOIN checkins c ON c.attendee_id = a.id
                  WHERE a.delegation_id = d.id AND c.day = ?2)
             FROM delegations d WHERE event_id = ?1"
        ))?;
        let mut list = stmt
            .query_map(params![event.id.0, day], |r| {
                Ok(DelegationRow {
                    delegation: rows::delegation(r)?,
                    members: r.get(6)?,
                    registered: r.get(7)?,
                    present: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let rank = |row: &DelegationRow| {
            let d = &row.delegation.details;
            let category = event
                .category_order
                .iter()
                .position(|c| *c == d.category)
                .unwrap_or(usize::MAX);
            (category, fold(&d.sort_key), d.name.clone())
        };
        list.sort_by_cached_key(rank);
        Ok(list)
    }

    pub fn delegation(&self, id: DelegationId) -> Result<Delegation> {
        self.conn
            .query_row(
                &format!("SELECT {DELEGATION_COLUMNS} FROM delegations WHERE id = ?1"),
                [id.0],
                rows::delegation,
            )
            .optional()?
            .ok_or(StoreError::Gone)
    }

    pub fn create_delegation(&mut self, event: EventId, new: &NewDelegation) -> Result<Delegation> {
        new.validate()?;
        let tx = self.write()?;
        let id = insert_delegation(&tx, event, new)?;
        tx.commit()?;
        self.delegation(id)
    }
}

pub(super) fn insert_delegation(
    tx: &rusqlite::Transaction<'_>,
    event: EventId,
    new: &NewDelegation,
) -> Result<DelegationId> {
    tx.execute(
        "INSERT INTO delegations (event_id, name, category, sort_key, country)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            event.0,
            new.name.trim(),
            new.category.as_str(),
            new.sort_key.trim(),
            new.country
        ],
    )?;
    Ok(DelegationId(tx.last_insert_rowid()))
}
