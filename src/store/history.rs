//! One person's history at the event: their check-ins, day by day.

use super::checkins::check_in_from;
use super::{Result, Store};
use crate::domain::{AttendeeId, CheckIn};

impl Store {
    /// Every check-in of a person, on every day, by day (empty for someone never
    /// checked in, or no longer in the registry).
    pub fn check_ins_of(&self, attendee: AttendeeId) -> Result<Vec<CheckIn>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT attendee_id, day, at, desk FROM checkins WHERE attendee_id = ?1 ORDER BY day",
        )?;
        let check_ins = stmt
            .query_map([attendee.0], |r| check_in_from(r, 0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(check_ins)
    }
}
