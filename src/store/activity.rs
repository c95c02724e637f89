use super::{Result, Store};
use crate::domain::{AttendeeId, EventId};
use chrono::NaiveDateTime;
use rusqlite::params;

/// One line of the audit log, with the person's current name if they still exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRow {
    pub at: NaiveDateTime,
    pub desk: String,
    /// check_in, undo_check_in, walk_in, add, edit, erase, badge_printed …
    pub action: String,
    pub attendee: Option<AttendeeId>,
    /// "Ms Battsetseg BATMUNKH (badge 1)", or "#123" once the person is erased.
    pub who: String,
    pub detail: String,
}

impl Store {
    /// The latest `limit` entries of the event's audit log, newest first.
    pub fn recent_activity(&self, event: EventId, limit: u32) -> Result<Vec<ActivityRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.at, l.desk, l.action, l.attendee_id,
                    CASE WHEN a.id IS NULL THEN '#' || l.attendee_id
                         ELSE trim(a.honorific || ' ' || a.given_name || ' ' || upper(a.family_name))
                              || ' (badge ' || a.badge || ')' END,
                    l.detail
             FROM audit l LEFT JOIN attendees a ON a.id = l.attendee_id
             WHERE l.event_id = ?1 ORDER BY l.id DESC LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![event.0, limit], |r| {
                Ok(ActivityRow {
                    at: r.get(0)?,
                    desk: r.get(1)?,
                    action: r.get(2)?,
                    attendee: r.get::<_, Option<i64>>(3)?.map(AttendeeId),
                    who: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    detail: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
