//! The numbers behind the Stats screen, held beside the registry: arrivals and presence
//! day by day ([`Attendance`]) and registered/attended tallies by delegation, gender
//! and role. Read whole when the registry is read (on the side when large), then kept
//! current one person at a time: a redraw or a key never counts everyone again, which
//! at 100,000 people would not fit in a frame.

use super::Registry;
use crate::domain::attendance::Attendance;
use crate::domain::{AttendeeId, DelegationId, Event, Gender, Role, Status};
use crate::store::{Store, StoreError, Tally};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Past this many people changed at once (an import of check-ins), the figures are
/// read whole instead of person by person (two point reads each).
pub const MANY_PEOPLE: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    pub attendance: Attendance,
    pub total: Tally,
    /// By delegation (`None`: people in none); protocol order is the registry's.
    pub by_delegation: HashMap<Option<DelegationId>, Tally>,
    /// Every gender, in vocabulary order.
    pub by_gender: Vec<(Gender, Tally)>,
    /// Every role, in vocabulary order.
    pub by_role: Vec<(Role, Tally)>,
}

/// What one person counted for before a change (from the registry and the figures,
/// taken before the change is put in place).
#[derive(Debug, Clone, Copy)]
pub struct Before {
    pub id: AttendeeId,
    /// `None`: not in the registry (a walk-in about to be added).
    counted: Option<Counted>,
}

/// One person's share of the tallies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counted {
    delegation: Option<DelegationId>,
    role: Role,
    registered: bool,
    attended: bool,
}

impl Figures {
    /// Everything, read from the store in two passes (people, then check-ins).
    pub fn read(store: &Store, event: &Event) -> Result<Figures, StoreError> {
        let stats = store.event_stats(event)?;
        let attendance = store.attendance(event)?;
        Ok(Figures {
            attendance,
            total: stats.total,
            by_delegation: stats
                .by_delegation
                .into_iter()
                .map(|(d, t)| (d.map(|d| d.id), t))
                .collect(),
            by_gender: stats.by_gender,
            by_role: stats.by_role,
        })
    }

    /// `id`'s share as the registry shows it now: call before changing it.
    pub fn before(&self, registry: &Registry, id: AttendeeId) -> Before {
        let counted = registry.person(id).map(|p| Counted {
            delegation: p.delegation,
            role: p.role,
            registered: p.status == Status::Registered,
            attended: self.attendance.attended(id),
        });
        Before { id, counted }
    }

    /// Bring one person's share up to the store after a check-in, an undo, a walk-in
    /// or a move on `day`: their line and their check-in that day are read (two point
    /// reads), their old share taken out, the new one put in. A person gone from the
    /// store is left to the reload that follows a removal.
    pub fn follow(
        &mut self,
        store: &Store,
        before: Before,
        day: NaiveDate,
    ) -> Result<(), StoreError> {
        let id = before.id;
        let person = match store.attendee(id) {
            Ok(person) => person,
            Err(StoreError::Gone) => return Ok(()),
            Err(e) => return Err(e),
        };
        let details = &person.details;
        if let Some(old) = before.counted
            && old.delegation != details.delegation
        {
            self.attendance
                .moved(id, old.delegation, details.delegation);
        }
        match store.check_in_of(id, day)? {
            Some(c) => {
                self.attendance.check_in(id, details.delegation, day, c.at);
            }
            None => {
                self.attendance.undo(id, details.delegation, day);
            }
        }
        if let Some(old) = before.counted {
            self.count(details.gender, old, false);
        }
        let now = Counted {
            delegation: details.delegation,
            role: details.role,
            registered: details.status == Status::Registered,
            attended: self.attendance.attended(id),
        };
        self.count(details.gender, now, true);
        Ok(())
    }

    /// Take out the share of someone removed from the store (an undone walk-in), whose
    /// gender was read before they went.
    pub fn forget(&mut self, before: Before, gender: Gender) {
        let Some(old) = before.counted else { return };
        let days: Vec<NaiveDate> = self.attendance.days.iter().map(|d| d.day).collect();
        for day in days {
            self.attendance.undo(before.id, old.delegation, day);
        }
        self.count(gender, old, false);
    }

    /// Add (or take out) one person's share everywhere it counts.
    fn count(&mut self, gender: Gender, c: Counted, add: bool) {
        let step = |t: &mut Tally| {
            let by = |n: &mut u32, yes: bool| {
                if yes {
                    *n = if add { *n + 1 } else { n.saturating_sub(1) };
                }
            };
            by(&mut t.people, true);
            by(&mut t.registered, c.registered);
            by(&mut t.attended, c.attended);
        };
        step(&mut self.total);
        step(self.by_delegation.entry(c.delegation).or_default());
        if let Some((_, t)) = self.by_gender.iter_mut().find(|(g, _)| *g == gender) {
            step(t);
        }
        if let Some((_, t)) = self.by_role.iter_mut().find(|(r, _)| *r == c.role) {
            step(t);
        }
    }

    /// People present on `day` in `delegation`.
    pub fn present(&self, day: NaiveDate, delegation: Option<DelegationId>) -> u32 {
        self.attendance
            .day(day)
            .and_then(|d| d.by_delegation.get(&delegation).copied())
            .unwrap_or(0)
    }

    /// Registered people of `delegation`.
    pub fn registered(&self, delegation: Option<DelegationId>) -> u32 {
        self.by_delegation
            .get(&delegation)
            .map_or(0, |t| t.registered)
    }
}
