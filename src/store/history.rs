//! One person's history at the event: their check-ins, day by day.

use super::checkins::check_in_from;
use super::{Result, Store};
use crate::domain::{AttendeeId, CheckIn};

impl Store {
    /// Every check-in of a person, on every day, by day (empty for someone never
    /// checked in, or no longer in the registry).
    pub fn check_ins_of(&self, attendee: AttendeeId) -> Result<Vec<CheckIn>> {
        let check_ins: Vec<_> = self.db.query_map(
            "SELECT attendee_id, day, at, desk FROM checkins WHERE attendee_id = ?1 ORDER BY day",
            [attendee.0],
            |r| check_in_from(r, 0),
        )?;
        Ok(check_ins)
    }
}
