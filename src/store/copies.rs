//! The copies the registry wrote: every export and backup leaves a line (where, when,
//! which desk, what format, how many people), so that erasing a person can say which
//! files may still hold them.

use super::sql::params;
use super::{Result, Store};
use crate::domain::{AttendeeId, EventId};
use chrono::NaiveDateTime;

/// One export or backup, as the registry remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyRecord {
    pub at: NaiveDateTime,
    pub desk: String,
    /// Where it was written: an absolute path, or "standard output".
    pub path: String,
}

/// The format a backup is recorded under.
const BACKUP_FORMAT: &str = "backup";

impl Store {
    /// Note an export of `event` written to `path`, after it was written.
    pub fn record_export(
        &mut self,
        path: &str,
        event: EventId,
        format: &str,
        people: u64,
        desk: &str,
    ) -> Result<()> {
        self.record_copy(path, Some(event), format, Some(people), desk)
    }

    /// Note a backup (every event, every person) written to `path`.
    pub fn record_backup(&mut self, path: &str, desk: &str) -> Result<()> {
        self.record_copy(path, None, BACKUP_FORMAT, None, desk)
    }

    /// One transaction. The highest attendee id is read now, after the copy was
    /// written: anyone in the copy has an id no higher (see migration 0005).
    fn record_copy(
        &mut self,
        path: &str,
        event: Option<EventId>,
        format: &str,
        people: Option<u64>,
        desk: &str,
    ) -> Result<()> {
        // Cloned before the transaction borrows the store; read once the lock is held.
        let clock = self.clock.clone();
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO copies (at, desk, path, format, event_id, people, last_attendee)
             VALUES (?1, ?2, ?3, ?4, ?5,
                     coalesce(?6, (SELECT count(*) FROM attendees)),
                     (SELECT coalesce(max(id), 0) FROM attendees))",
            params![
                clock.now(),
                desk,
                path,
                format,
                event.map(|e| e.0),
                people.map(|p| i64::try_from(p).unwrap_or(i64::MAX))
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The copies that may hold the person `person` of `event`: the event's exports
    /// and every backup written while they were in the registry (or after — a person
    /// erased is found in none written later, but an id can be given again).
    pub fn copies_that_may_hold(
        &self,
        event: EventId,
        person: AttendeeId,
    ) -> Result<Vec<CopyRecord>> {
        let rows: Vec<_> = self.db.query_map(
            "SELECT at, desk, path FROM copies
             WHERE last_attendee >= ?1 AND (event_id = ?2 OR event_id IS NULL)
             ORDER BY id",
            params![person.0, event.0],
            |r| {
                Ok(CopyRecord {
                    at: r.get(0)?,
                    desk: r.get(1)?,
                    path: r.get(2)?,
                })
            },
        )?;
        Ok(rows)
    }

    /// Erase a person as [`Store::delete_attendee`] does, and say which copies written
    /// before the erasure may still hold them.
    pub fn erase_attendee(&mut self, id: AttendeeId) -> Result<Vec<CopyRecord>> {
        let person = self.attendee(id)?;
        self.delete_attendee(id)?;
        // Asked after the erasure: every copy recorded up to it is named.
        self.copies_that_may_hold(person.event_id, id)
    }
}

impl CopyRecord {
    /// The one wording, for the command line and the TUI alike:
    /// "may still hold them: /path/x.csv (2017-07-05 18:02, desk-1), …": each place once,
    /// with its latest write (a file written again was replaced; what counts is that it
    /// may hold them now).
    pub fn may_still_hold(copies: &[CopyRecord]) -> String {
        if copies.is_empty() {
            return "no export or backup was noted since they were added".to_string();
        }
        // (path, times written, latest) in the order of the latest writes.
        let mut places: Vec<(&str, usize, &CopyRecord)> = Vec::new();
        for copy in copies {
            match places.iter().position(|(path, _, _)| *path == copy.path) {
                Some(i) => {
                    let (path, times, _) = places.remove(i);
                    places.push((path, times + 1, copy));
                }
                None => places.push((&copy.path, 1, copy)),
            }
        }
        let list: Vec<String> = places
            .iter()
            .map(|(path, times, last)| {
                let when = format!("{}, {}", last.at.format("%Y-%m-%d %H:%M"), last.desk);
                match times {
                    1 => format!("{path} ({when})"),
                    n => format!("{path} ({n} times, last {when})"),
                }
            })
            .collect();
        format!(
            "{} written since they were added may still hold them: {}",
            match places.len() {
                1 => "1 copy".to_string(),
                n => format!("{n} copies"),
            },
            list.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(path: &str, minute: u32, desk: &str) -> CopyRecord {
        CopyRecord {
            at: chrono::NaiveDate::from_ymd_opt(2017, 7, 5)
                .unwrap()
                .and_hms_opt(18, minute, 0)
                .unwrap(),
            desk: desk.into(),
            path: path.into(),
        }
    }

    #[test]
    fn each_place_is_named_once_with_its_latest_write() {
        let line = CopyRecord::may_still_hold(&[
            copy("/x/a.csv", 1, "desk-1"),
            copy("/x/b.db", 2, "desk-2"),
            copy("/x/a.csv", 3, "desk-3"),
        ]);
        assert_eq!(
            line,
            "2 copies written since they were added may still hold them: \
             /x/b.db (2017-07-05 18:02, desk-2), /x/a.csv (2 times, last 2017-07-05 18:03, desk-3)"
        );
    }
}
