//! The picture of a seminar's days: when people arrived (per quarter hour) and who of
//! each delegation was present, day by day — what the Stats screen draws, the report
//! prints and `stats --json` gives. Built from check-ins, one at a time, so that a
//! screen can keep it current with each new check-in instead of reading everyone again.

use super::{AttendeeId, DelegationId};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::collections::HashMap;

/// Minutes in one bar of the arrival curve.
pub const SLOT_MINUTES: u32 = 15;
/// Quarter hours in a day.
pub const SLOTS: usize = (24 * 60 / SLOT_MINUTES) as usize;

/// One day: arrivals per quarter hour and who of each delegation came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayAttendance {
    pub day: NaiveDate,
    /// Check-ins in each quarter hour of the day, from 00:00 (index 0) to 23:45.
    pub arrivals: Vec<u32>,
    /// People present that day per delegation (`None`: people without one).
    pub by_delegation: HashMap<Option<DelegationId>, u32>,
    pub present: u32,
}

impl DayAttendance {
    pub fn new(day: NaiveDate) -> Self {
        DayAttendance {
            day,
            arrivals: vec![0; SLOTS],
            by_delegation: HashMap::new(),
            present: 0,
        }
    }

    /// The quarter hours from the first to the last with an arrival (`None`: nobody
    /// came): what a curve shows, instead of the night.
    pub fn busy_slots(&self) -> Option<std::ops::RangeInclusive<usize>> {
        let first = self.arrivals.iter().position(|&n| n > 0)?;
        let last = self.arrivals.iter().rposition(|&n| n > 0)?;
        Some(first..=last)
    }
}

/// The start of quarter hour `slot` ("08:45").
pub fn slot_start(slot: usize) -> NaiveTime {
    let minutes = slot as u32 * SLOT_MINUTES;
    NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap_or_default()
}

/// The quarter hour `at` falls in.
pub fn slot_of(at: NaiveDateTime) -> usize {
    ((at.hour() * 60 + at.minute()) / SLOT_MINUTES) as usize
}

/// Every day of a seminar, kept current one check-in at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendance {
    /// The seminar's days in order.
    pub days: Vec<DayAttendance>,
    /// Who is counted on each day (by the index of `days`), with the quarter hour of
    /// their arrival: a check-in seen twice (a reload, another desk's change read again)
    /// is counted once, and an undo takes back the right bar. One byte a check-in
    /// beside its id: at 100,000 people over two days this is the largest part of the
    /// Stats screen's memory (a map keyed by person and day, holding the delegation
    /// too, took 13 MB; the delegation is the caller's to give back).
    counted: Vec<HashMap<AttendeeId, u8>>,
}

impl Attendance {
    /// No check-ins yet on `days`.
    pub fn new(days: impl IntoIterator<Item = NaiveDate>) -> Self {
        let days: Vec<DayAttendance> = days.into_iter().map(DayAttendance::new).collect();
        let counted = vec![HashMap::new(); days.len()];
        Attendance { days, counted }
    }

    fn index(&self, day: NaiveDate) -> Option<usize> {
        self.days.iter().position(|d| d.day == day)
    }

    /// `person` (of `delegation`) checked in on `day` at `at`; false when already
    /// counted, or the day is not the seminar's.
    pub fn check_in(
        &mut self,
        person: AttendeeId,
        delegation: Option<DelegationId>,
        day: NaiveDate,
        at: NaiveDateTime,
    ) -> bool {
        let Some(i) = self.index(day) else {
            return false;
        };
        let slot = slot_of(at);
        if self.counted[i].contains_key(&person) {
            return false;
        }
        self.counted[i].insert(person, slot as u8);
        let d = &mut self.days[i];
        d.arrivals[slot] += 1;
        *d.by_delegation.entry(delegation).or_default() += 1;
        d.present += 1;
        true
    }

    /// `person`'s check-in on `day` was undone; they are counted in `delegation` (the
    /// one they are in now). False when it was not counted.
    pub fn undo(
        &mut self,
        person: AttendeeId,
        delegation: Option<DelegationId>,
        day: NaiveDate,
    ) -> bool {
        let Some(i) = self.index(day) else {
            return false;
        };
        let Some(slot) = self.counted[i].remove(&person) else {
            return false;
        };
        let d = &mut self.days[i];
        d.arrivals[usize::from(slot)] -= 1;
        d.present -= 1;
        if let Some(n) = d.by_delegation.get_mut(&delegation) {
            *n = n.saturating_sub(1);
        }
        true
    }

    /// `person` moved from delegation `from` to `to`: their days count there from now.
    pub fn moved(
        &mut self,
        person: AttendeeId,
        from: Option<DelegationId>,
        to: Option<DelegationId>,
    ) {
        if from == to {
            return;
        }
        for (d, counted) in self.days.iter_mut().zip(&self.counted) {
            if !counted.contains_key(&person) {
                continue;
            }
            if let Some(n) = d.by_delegation.get_mut(&from) {
                *n = n.saturating_sub(1);
            }
            *d.by_delegation.entry(to).or_default() += 1;
        }
    }

    pub fn day(&self, day: NaiveDate) -> Option<&DayAttendance> {
        self.days.iter().find(|d| d.day == day)
    }

    /// Whether `person` is counted on any day.
    pub fn attended(&self, person: AttendeeId) -> bool {
        self.counted.iter().any(|c| c.contains_key(&person))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
        day.and_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn check_ins_fill_quarter_hours_and_delegations_once() {
        let d1 = NaiveDate::from_ymd_opt(2017, 7, 5).unwrap();
        let d2 = d1.succ_opt().unwrap();
        let mut a = Attendance::new([d1, d2]);
        let canada = Some(DelegationId(3));
        assert!(a.check_in(AttendeeId(1), canada, d1, at(d1, 8, 50)));
        assert!(a.check_in(AttendeeId(2), canada, d1, at(d1, 8, 59)));
        assert!(a.check_in(AttendeeId(3), None, d1, at(d1, 9, 0)));
        assert!(
            !a.check_in(AttendeeId(1), canada, d1, at(d1, 9, 5)),
            "counted once"
        );
        let nine_before = d1.pred_opt().unwrap();
        assert!(!a.check_in(AttendeeId(4), None, nine_before, at(nine_before, 9, 0)));
        let day = a.day(d1).unwrap();
        assert_eq!(day.arrivals[slot_of(at(d1, 8, 45))], 2);
        assert_eq!(day.arrivals[36], 1, "09:00 is slot 36");
        assert_eq!(slot_start(35).to_string(), "08:45:00");
        assert_eq!(day.busy_slots(), Some(35..=36));
        assert_eq!(day.by_delegation[&canada], 2);
        assert_eq!(day.present, 3);
        assert_eq!(a.day(d2).unwrap().busy_slots(), None);

        a.moved(AttendeeId(1), canada, None);
        assert_eq!(a.day(d1).unwrap().by_delegation[&canada], 1);
        assert_eq!(a.day(d1).unwrap().by_delegation[&None], 2);
        assert!(a.attended(AttendeeId(1)));
        assert!(a.undo(AttendeeId(1), None, d1));
        assert!(!a.undo(AttendeeId(1), None, d1));
        assert!(!a.attended(AttendeeId(1)));
        let day = a.day(d1).unwrap();
        assert_eq!(
            (day.present, day.arrivals[35], day.by_delegation[&None]),
            (2, 1, 1)
        );
    }
}
