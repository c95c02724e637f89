use super::sql::params;
use super::{Result, Store};
use crate::domain::{AttendeeId, EventId};
use chrono::NaiveDateTime;

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
        let rows: Vec<_> = self.db.query_map(
            "SELECT l.at, l.desk, l.action, l.attendee_id, a.id IS NOT NULL,
                    coalesce(a.honorific, ''), coalesce(a.given_name, ''),
                    coalesce(a.family_name, ''), coalesce(a.badge, 0), l.detail
             FROM audit l LEFT JOIN attendees a ON a.id = l.attendee_id
             WHERE l.event_id = ?1 ORDER BY l.id DESC LIMIT ?2",
            params![event.0, limit],
            |r| {
                let attendee: Option<i64> = r.get(3)?;
                let exists: bool = r.get(4)?;
                // Upper case here, not in SQL: SQLite's upper() knows only ASCII.
                let who = if exists {
                    let (honorific, given, family, badge): (String, String, String, u32) =
                        (r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?);
                    let name = [honorific.as_str(), &given, &family.to_uppercase()]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ");
                    format!("{name} (badge {badge})")
                } else {
                    attendee.map(|id| format!("#{id}")).unwrap_or_default()
                };
                Ok(ActivityRow {
                    at: r.get(0)?,
                    desk: r.get(1)?,
                    action: r.get(2)?,
                    attendee: attendee.map(AttendeeId),
                    who,
                    detail: r.get(9)?,
                })
            },
        )?;
        Ok(rows)
    }
}
