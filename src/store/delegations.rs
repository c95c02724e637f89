use super::fields::DELEGATION;
use super::rows::{self, DELEGATION_COLUMNS};
use super::sql::{Db, Optional, params};
use super::{Result, Store, StoreError};
use crate::domain::{
    Delegation, DelegationId, Event, EventId, Language, NewDelegation, fold::fold,
};
use chrono::NaiveDate;
use std::collections::HashMap;

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
    /// The event's delegations in protocol order ([`protocol_key`]): by the event's
    /// category order, then alphabetically in the event's language.
    pub fn list_delegations(&self, event: &Event, day: NaiveDate) -> Result<Vec<DelegationRow>> {
        let mut list: Vec<DelegationRow> = self.db.query_map(
            &format!("SELECT {DELEGATION_COLUMNS} FROM delegations WHERE event_id = ?1"),
            [event.id.0],
            |r| {
                Ok(DelegationRow {
                    delegation: rows::delegation(r)?,
                    members: 0,
                    registered: 0,
                    present: 0,
                })
            },
        )?;
        // Counted in two grouped passes (people; the day's check-ins), not per
        // delegation: 400 correlated sub-queries cost a scan each.
        let mut counts: HashMap<i64, (u32, u32, u32)> = HashMap::new();
        self.db.for_each(
            "SELECT delegation_id, count(*), count(*) FILTER (WHERE status = 'registered')
             FROM attendees
             WHERE event_id = ?1 AND delegation_id IS NOT NULL GROUP BY delegation_id",
            [event.id.0],
            |r| {
                let entry = counts.entry(r.get(0)?).or_default();
                entry.0 = r.get(1)?;
                entry.1 = r.get(2)?;
                Ok(())
            },
        )?;
        self.db.for_each(
            "SELECT a.delegation_id, count(*) FROM checkins c JOIN attendees a ON a.id = c.attendee_id
             WHERE c.event_id = ?1 AND c.day = ?2 AND a.delegation_id IS NOT NULL
             GROUP BY a.delegation_id",
            params![event.id.0, day],
            |r| {
                counts.entry(r.get(0)?).or_default().2 = r.get(1)?;
                Ok(())
            },
        )?;
        for row in &mut list {
            if let Some(&(members, registered, present)) = counts.get(&row.delegation.id.0) {
                (row.members, row.registered, row.present) = (members, registered, present);
            }
        }
        list.sort_by_cached_key(|row| protocol_key(event, &row.delegation.details));
        Ok(list)
    }

    pub fn delegation(&self, id: DelegationId) -> Result<Delegation> {
        delegation_by_id(&self.db, id)
    }

    pub fn create_delegation(&mut self, event: EventId, new: &NewDelegation) -> Result<Delegation> {
        new.validate()?;
        let tx = self.write()?;
        let id = insert_delegation(&tx, event, new)?;
        tx.commit()?;
        self.delegation(id)
    }
}

/// Where a delegation stands in the event's protocol order: its category's place in
/// the event's order, then its place in the alphabet of the event's language, then
/// its name. Every list in protocol order sorts by this.
///
/// In English: by sort key, accents and case folded ("Åland" sorts with the A's). In
/// another language, as international bodies order a list written in it: a country's
/// delegation by the country's name in that language ("Allemagne" among the A's in
/// French), any other by its sort key, both in that language's collation (ICU4X).
pub(super) fn protocol_key(event: &Event, d: &NewDelegation) -> (usize, Vec<u8>, String) {
    let category = event
        .category_order
        .iter()
        .position(|c| *c == d.category)
        .unwrap_or(usize::MAX);
    let alphabetical = match event.details.language {
        Language::En => fold(&d.sort_key).into_bytes(),
        language => match d.country_name_in(language) {
            Some(name) => language.sort_key(&name),
            None => language.sort_key(&d.sort_key),
        },
    };
    (category, alphabetical, d.name.clone())
}

/// The delegation `id`, read on `conn` (a transaction's, too).
pub(super) fn delegation_by_id(conn: &Db, id: DelegationId) -> Result<Delegation> {
    conn.query_row(
        &format!("SELECT {DELEGATION_COLUMNS} FROM delegations WHERE id = ?1"),
        [id.0],
        rows::delegation,
    )
    .optional()?
    .ok_or(StoreError::Gone)
}

pub(super) fn insert_delegation(
    tx: &Db,
    event: EventId,
    new: &NewDelegation,
) -> Result<DelegationId> {
    let id = DELEGATION.insert(tx, Some(("event_id", event.0)), new)?;
    Ok(DelegationId(id))
}
