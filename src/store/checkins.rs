use super::{Result, Store, StoreError};
use crate::domain::{AttendeeId, CheckIn, CheckInOutcome, EventId};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, params};

impl Store {
    /// Check a person in for `day`. Of two desks checking the same person in at once,
    /// one wins and the other is told who did and when.
    pub fn check_in(
        &mut self,
        attendee: AttendeeId,
        day: NaiveDate,
        at: NaiveDateTime,
        desk: &str,
    ) -> Result<CheckInOutcome> {
        let tx = self.write()?;
        let inserted = tx.execute(
            "INSERT INTO checkins (event_id, attendee_id, day, at, desk)
             SELECT event_id, id, ?2, ?3, ?4 FROM attendees WHERE id = ?1
             ON CONFLICT (attendee_id, day) DO NOTHING",
            params![attendee.0, day, at, desk],
        )?;
        let existing = read_check_in(&tx, attendee, day)?.ok_or(StoreError::Gone)?;
        if inserted == 0 {
            return Ok(CheckInOutcome::AlreadyCheckedIn(existing));
        }
        audit(&tx, at, desk, attendee, "check_in", &day.to_string())?;
        tx.commit()?;
        Ok(CheckInOutcome::CheckedIn(existing))
    }

    /// Undo the latest check-in this desk made in this event; the undo is itself logged.
    /// Returns what was undone, or `None` when the desk has nothing left to undo.
    pub fn undo_last_check_in(
        &mut self,
        event: EventId,
        desk: &str,
        now: NaiveDateTime,
    ) -> Result<Option<CheckIn>> {
        let tx = self.write()?;
        let last = tx
            .query_row(
                "SELECT id, attendee_id, day, at, desk FROM checkins
                 WHERE event_id = ?1 AND desk = ?2 ORDER BY id DESC LIMIT 1",
                params![event.0, desk],
                |r| Ok((r.get::<_, i64>(0)?, check_in_from(r, 1)?)),
            )
            .optional()?;
        let Some((row_id, check_in)) = last else {
            return Ok(None);
        };
        tx.execute("DELETE FROM checkins WHERE id = ?1", [row_id])?;
        let detail = format!(
            "{} (checked in {})",
            check_in.day,
            check_in.at.format("%H:%M")
        );
        audit(&tx, now, desk, check_in.attendee, "undo_check_in", &detail)?;
        tx.commit()?;
        Ok(Some(check_in))
    }

    /// The check-in of a person on a day, if any.
    pub fn check_in_of(&self, attendee: AttendeeId, day: NaiveDate) -> Result<Option<CheckIn>> {
        read_check_in(&self.conn, attendee, day)
    }

    /// How many people of the event are checked in on `day`.
    pub fn present_count(&self, event: EventId, day: NaiveDate) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM checkins WHERE event_id = ?1 AND day = ?2",
            params![event.0, day],
            |r| r.get(0),
        )?)
    }
}

fn read_check_in(
    conn: &rusqlite::Connection,
    attendee: AttendeeId,
    day: NaiveDate,
) -> Result<Option<CheckIn>> {
    Ok(conn
        .query_row(
            "SELECT attendee_id, day, at, desk FROM checkins WHERE attendee_id = ?1 AND day = ?2",
            params![attendee.0, day],
            |r| check_in_from(r, 0),
        )
        .optional()?)
}

fn check_in_from(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<CheckIn> {
    Ok(CheckIn {
        attendee: AttendeeId(r.get(first)?),
        day: r.get(first + 1)?,
        at: r.get(first + 2)?,
        desk: r.get(first + 3)?,
    })
}

/// Append one line to the audit log, inside the caller's transaction.
pub(super) fn audit(
    tx: &rusqlite::Transaction<'_>,
    at: NaiveDateTime,
    desk: &str,
    attendee: AttendeeId,
    action: &str,
    detail: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit (at, desk, event_id, attendee_id, action, detail)
         SELECT ?1, ?2, event_id, id, ?4, ?5 FROM attendees WHERE id = ?3",
        params![at, desk, attendee.0, action, detail],
    )?;
    Ok(())
}
