use super::edits::erase;
use super::rows::{EVENT_COLUMNS, Stored, event_at, prefixed};
use super::sql::{Db, Optional, Row, params};
use super::{Result, Store, StoreError};
use crate::domain::{AttendeeId, CheckIn, CheckInOutcome, EventId, Status, Violations};
use chrono::{NaiveDate, NaiveDateTime};

impl Store {
    /// Check a person in for `day`. Of two desks checking the same person in at once,
    /// one wins and the other is told who did and when. Someone invited or marked a
    /// no-show who turns up becomes registered; a cancelled registration is refused.
    pub fn check_in(
        &mut self,
        attendee: AttendeeId,
        day: NaiveDate,
        at: NaiveDateTime,
        desk: &str,
    ) -> Result<CheckInOutcome> {
        let tx = self.write()?;
        let (status, event) = tx
            .query_row(
                &format!(
                    "SELECT a.status, {} FROM attendees a JOIN events e ON e.id = a.event_id
                     WHERE a.id = ?1",
                    prefixed("e.", EVENT_COLUMNS)
                ),
                [attendee.0],
                |r| Ok((r.get::<Stored<Status>>(0)?.0, event_at(r, 1)?)),
            )
            .optional()?
            .ok_or(StoreError::Gone)?;
        event.validate_day(day).map_err(|e| Violations(vec![e]))?;
        if let Some(existing) = read_check_in(&tx, attendee, day)? {
            return Ok(CheckInOutcome::AlreadyCheckedIn(existing));
        }
        if !status.may_check_in() {
            return Ok(CheckInOutcome::Cancelled);
        }
        // Remember a status this check-in changes, so that undo restores it exactly.
        let previous = (status != Status::Registered).then_some(status.as_str());
        tx.execute(
            "UPDATE attendees SET status = 'registered'
             WHERE id = ?1 AND status IN ('invited', 'no_show')",
            [attendee.0],
        )?;
        let inserted = tx.execute(
            "INSERT INTO checkins (event_id, attendee_id, day, at, desk, previous_status)
             SELECT event_id, id, ?2, ?3, ?4, ?5 FROM attendees WHERE id = ?1
             ON CONFLICT (attendee_id, day) DO NOTHING",
            params![attendee.0, day, at, desk, previous],
        )?;
        let existing = read_check_in(&tx, attendee, day)?.ok_or(StoreError::Gone)?;
        if inserted == 0 {
            return Ok(CheckInOutcome::AlreadyCheckedIn(existing));
        }
        audit(&tx, at, desk, attendee, "check_in", &day.to_string())?;
        tx.commit()?;
        Ok(CheckInOutcome::CheckedIn(existing))
    }

    /// Undo this desk's check-in of a person on a day: the check-in goes, and a status
    /// it changed (invited, no-show) comes back exactly. Another desk's check-in is
    /// never touched. The undo is itself logged. Returns what was undone, or `None`
    /// when there is no such check-in of this desk's any more.
    pub fn undo_check_in(
        &mut self,
        attendee: AttendeeId,
        day: NaiveDate,
        desk: &str,
        now: NaiveDateTime,
    ) -> Result<Option<CheckIn>> {
        let tx = self.write()?;
        let found = tx
            .query_row(
                "SELECT id, previous_status, attendee_id, day, at, desk FROM checkins
                 WHERE attendee_id = ?1 AND day = ?2 AND desk = ?3",
                params![attendee.0, day, desk],
                |r| {
                    Ok((
                        r.get::<i64>(0)?,
                        r.get::<Option<Stored<Status>>>(1)?,
                        check_in_from(r, 2)?,
                    ))
                },
            )
            .optional()?;
        let Some((row_id, previous, check_in)) = found else {
            return Ok(None);
        };
        tx.execute("DELETE FROM checkins WHERE id = ?1", [row_id])?;
        if let Some(Stored(previous)) = previous {
            // Only when nothing else changed the status since (and no other day's
            // check-in still stands on it).
            tx.execute(
                "UPDATE attendees SET status = ?2
                 WHERE id = ?1 AND status = 'registered'
                   AND NOT EXISTS (SELECT 1 FROM checkins WHERE attendee_id = ?1)",
                params![attendee.0, previous.as_str()],
            )?;
        }
        let detail = format!(
            "{} (checked in {})",
            check_in.day,
            check_in.at.format("%H:%M")
        );
        audit(&tx, now, desk, check_in.attendee, "undo_check_in", &detail)?;
        tx.commit()?;
        Ok(Some(check_in))
    }

    /// Undo this desk's walk-in: the person it registered is removed again (with their
    /// check-in), as an erasure is — the audit log keeps only the number. Refused
    /// (`Ok(false)`) for anyone this desk did not register as a walk-in.
    pub fn undo_walk_in(
        &mut self,
        attendee: AttendeeId,
        desk: &str,
        now: NaiveDateTime,
    ) -> Result<bool> {
        let tx = self.write()?;
        let ours: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM audit
                            WHERE attendee_id = ?1 AND action = 'walk_in' AND desk = ?2)
                AND EXISTS (SELECT 1 FROM attendees WHERE id = ?1)",
            params![attendee.0, desk],
            |r| r.get(0),
        )?;
        if !ours {
            return Ok(false);
        }
        erase(&tx, now, desk, attendee, "undo_walk_in")?;
        tx.commit()?;
        Ok(true)
    }

    /// The check-in of a person on a day, if any.
    pub fn check_in_of(&self, attendee: AttendeeId, day: NaiveDate) -> Result<Option<CheckIn>> {
        read_check_in(&self.db, attendee, day)
    }

    /// Everyone of the event checked in on `day`: what a desk needs to follow the
    /// others' check-ins without reloading every row.
    pub fn presence(
        &self,
        event: EventId,
        day: NaiveDate,
    ) -> Result<std::collections::HashSet<AttendeeId>> {
        self.db.query_map(
            "SELECT attendee_id FROM checkins WHERE event_id = ?1 AND day = ?2",
            params![event.0, day],
            |r| Ok(AttendeeId(r.get(0)?)),
        )
    }

    /// Everyone of the event checked in on `day`, in the order they arrived (the
    /// earliest first; ties by check-in): the Attendees list sorted by arrival.
    pub fn arrival_order(&self, event: EventId, day: NaiveDate) -> Result<Vec<AttendeeId>> {
        self.db.query_map(
            "SELECT attendee_id FROM checkins WHERE event_id = ?1 AND day = ?2 ORDER BY at, id",
            params![event.0, day],
            |r| Ok(AttendeeId(r.get(0)?)),
        )
    }

    /// Record many check-ins in one transaction (a generated registry, a paper sheet
    /// typed in afterwards). Someone already checked in that day is left as they were.
    /// Returns how many were new.
    pub fn record_check_ins(&mut self, check_ins: &[CheckIn]) -> Result<usize> {
        let tx = self.write()?;
        let mut added = 0;
        for c in check_ins {
            let inserted = tx.execute(
                "INSERT INTO checkins (event_id, attendee_id, day, at, desk)
                 SELECT event_id, id, ?2, ?3, ?4 FROM attendees WHERE id = ?1
                 ON CONFLICT (attendee_id, day) DO NOTHING",
                params![c.attendee.0, c.day, c.at, c.desk],
            )?;
            if inserted > 0 {
                audit(
                    &tx,
                    c.at,
                    &c.desk,
                    c.attendee,
                    "check_in",
                    &c.day.to_string(),
                )?;
                added += 1;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// How many people were checked in on each day of the event that has any.
    pub fn present_counts(&self, event: EventId) -> Result<Vec<(NaiveDate, u32)>> {
        self.db.query_map(
            "SELECT day, count(*) FROM checkins WHERE event_id = ?1 GROUP BY day ORDER BY day",
            [event.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// How many people of the event are checked in on `day`.
    pub fn present_count(&self, event: EventId, day: NaiveDate) -> Result<u32> {
        self.db.query_row(
            "SELECT count(*) FROM checkins WHERE event_id = ?1 AND day = ?2",
            params![event.0, day],
            |r| r.get(0),
        )
    }
}

fn read_check_in(conn: &Db, attendee: AttendeeId, day: NaiveDate) -> Result<Option<CheckIn>> {
    conn.query_row(
        "SELECT attendee_id, day, at, desk FROM checkins WHERE attendee_id = ?1 AND day = ?2",
        params![attendee.0, day],
        |r| check_in_from(r, 0),
    )
    .optional()
}

pub(super) fn check_in_from(r: &Row<'_>, first: usize) -> Result<CheckIn> {
    Ok(CheckIn {
        attendee: AttendeeId(r.get(first)?),
        day: r.get(first + 1)?,
        at: r.get(first + 2)?,
        desk: r.get(first + 3)?,
    })
}

/// Append one line to the audit log, inside the caller's transaction.
pub(super) fn audit(
    tx: &Db,
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
