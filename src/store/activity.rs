//! The event's audit log as people read it: who did what, in words, where and when.

mod words;

use super::sql::params;
use super::{Result, Store};
use crate::domain::{AttendeeId, DelegationId, EventId};
use chrono::NaiveDateTime;
use std::collections::HashMap;

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
    /// "Battsetseg BATMUNKH", or "#123" once the person is erased.
    pub name: String,
    /// What the line did, in words: "moved from Mongolia – civil society to
    /// Kyrgyzstan", "checked in", "cancelled" (delegations named as they are now).
    pub what: String,
    /// The day of the event a check-in line is about (1 for the first).
    pub day: Option<i64>,
    /// The line as the store wrote it ("delegation: 12 → 13").
    pub detail: String,
}

impl ActivityRow {
    /// "Erdenechimeg LKHAGVA moved from Mongolia – civil society to Kyrgyzstan
    /// (desk-2, 09:14)"; "… checked in (desk-1, 08:55, day 1)".
    pub fn sentence(&self) -> String {
        let day = self.day.map(|d| format!(", day {d}")).unwrap_or_default();
        format!(
            "{} {} ({}, {}{day})",
            self.name,
            self.what,
            self.desk,
            self.at.format("%H:%M")
        )
    }
}

impl Store {
    /// The latest `limit` entries of the event's audit log, newest first.
    pub fn recent_activity(&self, event: EventId, limit: u32) -> Result<Vec<ActivityRow>> {
        let seminar = self.event(event)?;
        // Delegations by their names now (the log keeps their ids).
        let delegations: HashMap<DelegationId, String> = self.db.query_map(
            "SELECT id, name FROM delegations WHERE event_id = ?1",
            [event.0],
            |r| Ok((DelegationId(r.get(0)?), r.get(1)?)),
        )?;
        let delegation = |id: i64| words::delegation_name(&delegations, id);
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
                let spaced = |parts: &[&str]| {
                    parts
                        .iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                // Upper case here, not in SQL: SQLite's upper() knows only ASCII.
                let (who, name) = if exists {
                    let (honorific, given, family, badge): (String, String, String, u32) =
                        (r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?);
                    let family = family.to_uppercase();
                    let who = spaced(&[&honorific, &given, &family]);
                    (format!("{who} (badge {badge})"), spaced(&[&given, &family]))
                } else {
                    let number = attendee.map(|id| format!("#{id}")).unwrap_or_default();
                    (number.clone(), number)
                };
                let action: String = r.get(2)?;
                let detail: String = r.get(9)?;
                let what =
                    words::what(&action, &detail, &delegation).unwrap_or_else(|| detail.clone());
                let day = words::day_of(&action, &detail).map(|d| seminar.day_number(d));
                Ok(ActivityRow {
                    at: r.get(0)?,
                    desk: r.get(1)?,
                    action,
                    attendee: attendee.map(AttendeeId),
                    who,
                    name,
                    what,
                    day,
                    detail,
                })
            },
        )?;
        Ok(rows)
    }
}
