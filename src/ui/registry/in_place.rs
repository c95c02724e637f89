//! Changing the registry in place after a write, one person at a time: at 100,000
//! people a save, a walk-in or a move costs a few shifts of indices (about a
//! millisecond), where reading everyone again cost a third of a second.
//!
//! `people` stays in list order ([`AttendeeRow::list_order`]), so every index held
//! elsewhere (`by_id`, `by_badge`, `members`) moves by one past an insertion or a
//! removal; the screens search again afterwards (the App's `changed_in_place`).

use super::{Registry, fingerprint, make_inert, name_width, person_key, protocol_rank};
use crate::domain::{AttendeeId, DelegationId, Status};
use crate::store::AttendeeRow;
use std::cmp::Ordering;

impl Registry {
    /// Show `row` (read after a write): a new person takes their place in the list, a
    /// changed one replaces their old line (moving when their name did).
    pub fn put(&mut self, row: AttendeeRow) {
        self.put_one(row);
        self.recount();
        self.generation = super::next_generation();
    }

    /// A person is no longer in the event (erased, an undone walk-in, moved away).
    pub fn remove(&mut self, id: AttendeeId) {
        self.remove_one(id);
        self.recount();
        self.generation = super::next_generation();
    }

    /// [`Registry::put`] but for the counts (one recount after many).
    pub(super) fn put_one(&mut self, mut row: AttendeeRow) {
        make_inert(&mut row);
        match self.index_of(row.id) {
            Some(at) if self.fits_at(at as usize, &row) => self.replace_at(at as usize, row),
            Some(at) => self.move_to(at as usize, row),
            None => self.insert(row),
        }
    }

    pub(super) fn remove_one(&mut self, id: AttendeeId) {
        if let Some(at) = self.index_of(id) {
            self.remove_at(at as usize);
        }
    }

    /// Whether `row` belongs at `at` in the list (its neighbours stay before and after).
    fn fits_at(&self, at: usize, row: &AttendeeRow) -> bool {
        let after_previous = at == 0 || self.people[at - 1].list_order(row) == Ordering::Less;
        let before_next = self
            .people
            .get(at + 1)
            .is_none_or(|next| row.list_order(next) == Ordering::Less);
        after_previous && before_next
    }

    /// A changed line where the old one was: nothing else moves.
    fn replace_at(&mut self, at: usize, row: AttendeeRow) {
        let index = at as u32;
        let old = self.set_line(at, row);
        let new = &self.people[at];
        if (old.delegation, protocol_rank(&old)) != (new.delegation, protocol_rank(new)) {
            self.leave_group(old.delegation, index);
            self.join_group(index);
        }
    }

    /// Put `row` at `at` with its key, fingerprint and badge (not its group); the old
    /// line comes back.
    fn set_line(&mut self, at: usize, row: AttendeeRow) -> AttendeeRow {
        let index = at as u32;
        let old = std::mem::replace(&mut self.people[at], row);
        self.keys[at] = person_key(&self.people[at]);
        self.prints[at] = fingerprint(&self.people[at]);
        let new = &self.people[at];
        if old.badge != new.badge {
            if self.by_badge.get(&old.badge) == Some(&index) {
                self.by_badge.remove(&old.badge);
            }
            self.by_badge.insert(new.badge, index);
        }
        self.note_widths(at);
        let (id, present) = (self.people[at].id, self.people[at].present);
        self.note_arrival(id, present);
        old
    }

    /// A changed line that belongs elsewhere in the list (a new name): the lines
    /// between its old and new place move by one, nothing else does.
    fn move_to(&mut self, from: usize, row: AttendeeRow) {
        // Its place among the others (those before `from` and those after it).
        let before = self.people[..from].partition_point(|p| p.list_order(&row) == Ordering::Less);
        let after = from
            + 1
            + self.people[from + 1..].partition_point(|p| p.list_order(&row) == Ordering::Less);
        let to = if before < from { before } else { after - 1 };
        let (low, high) = (from.min(to) as u32, from.max(to) as u32);
        // Rotate the span: the others in it step towards `from`.
        let step = |i: &mut u32| {
            if *i == from as u32 {
                *i = to as u32;
            } else if (low..=high).contains(i) {
                *i = if to < from { *i + 1 } else { *i - 1 };
            }
        };
        self.by_id.values_mut().for_each(step);
        self.by_badge.values_mut().for_each(step);
        for list in self.members.values_mut() {
            list.iter_mut().for_each(step);
        }
        let span = low as usize..=high as usize;
        if to < from {
            self.people[span.clone()].rotate_right(1);
            self.keys[span.clone()].rotate_right(1);
            self.prints[span].rotate_right(1);
        } else {
            self.people[span.clone()].rotate_left(1);
            self.keys[span.clone()].rotate_left(1);
            self.prints[span].rotate_left(1);
        }
        // Now the old line sits at `to`. The others kept their order among themselves,
        // in their groups too; its own place in its group may have changed: taken out
        // of the group, and put back with the new line.
        self.leave_group(self.people[to].delegation, to as u32);
        self.set_line(to, row);
        self.join_group(to as u32);
    }

    fn insert(&mut self, row: AttendeeRow) {
        let at = self
            .people
            .partition_point(|p| p.list_order(&row) == Ordering::Less);
        let index = at as u32;
        self.shift(index, |i| i + 1);
        room_for_one(&mut self.people);
        room_for_one(&mut self.keys);
        room_for_one(&mut self.prints);
        self.keys.insert(at, person_key(&row));
        self.prints.insert(at, fingerprint(&row));
        self.by_id.insert(row.id, index);
        self.by_badge.insert(row.badge, index);
        self.note_arrival(row.id, row.present);
        self.people.insert(at, row);
        self.join_group(index);
        self.note_widths(at);
    }

    fn remove_at(&mut self, at: usize) {
        let index = at as u32;
        let old = self.people.remove(at);
        self.arrivals.remove(&old.id);
        self.keys.remove(at);
        self.prints.remove(at);
        self.by_id.remove(&old.id);
        if self.by_badge.get(&old.badge) == Some(&index) {
            self.by_badge.remove(&old.badge);
        }
        self.leave_group(old.delegation, index);
        self.shift(index + 1, |i| i - 1);
    }

    /// Move every index from `from` on by `step` (one up or down). Three plain loops:
    /// the same walk as one chained iterator measured 9 ms at 100,000, these 1.2 ms.
    fn shift(&mut self, from: u32, step: impl Fn(u32) -> u32) {
        let step = |i: &mut u32| {
            if *i >= from {
                *i = step(*i);
            }
        };
        self.by_id.values_mut().for_each(step);
        self.by_badge.values_mut().for_each(step);
        for list in self.members.values_mut() {
            list.iter_mut().for_each(step);
        }
    }

    pub(super) fn leave_group(&mut self, group: Option<DelegationId>, index: u32) {
        if let Some(list) = self.members.get_mut(&group) {
            list.retain(|&i| i != index);
            if list.is_empty() {
                self.members.remove(&group);
            }
        }
    }

    /// Put the person at `index` in their delegation's list, in protocol order.
    pub(super) fn join_group(&mut self, index: u32) {
        let people = &self.people;
        let place = |i: u32| (protocol_rank(&people[i as usize]), i);
        let list = self
            .members
            .entry(people[index as usize].delegation)
            .or_default();
        let at = list.partition_point(|&i| place(i) < place(index));
        list.insert(at, index);
    }

    /// The columns grow for a wider name or a longer badge; they do not shrink until
    /// the next load (a column that narrows under the cursor helps nobody).
    fn note_widths(&mut self, at: usize) {
        let p = &self.people[at];
        self.largest_badge = self.largest_badge.max(p.badge);
        self.longest_name = self.longest_name.max(name_width(p));
    }

    /// Count again who is present and registered, in all and per delegation: one pass,
    /// which cannot drift the way counts stepped by hand after each kind of change can.
    /// Per delegation through `members` (no hashing per person: 100,000 lookups in a
    /// map cost a few milliseconds).
    pub(super) fn recount(&mut self) {
        let people = &self.people;
        let count = |list: &[u32]| {
            list.iter().fold((0, 0), |(registered, present), &i| {
                let p = &people[i as usize];
                (
                    registered + u32::from(p.status == Status::Registered),
                    present + u32::from(p.present),
                )
            })
        };
        for row in &mut self.delegations {
            let list = self.members.get(&Some(row.delegation.id));
            let list = list.map_or(&[][..], Vec::as_slice);
            let (registered, present) = count(list);
            (row.members, row.registered, row.present) = (list.len() as u32, registered, present);
        }
        let (registered, present) = people.iter().fold((0, 0), |(r, p), person| {
            (
                r + u32::from(person.status == Status::Registered),
                p + u32::from(person.present),
            )
        });
        (self.present, self.registered) = (present, registered);
        self.total = self.people.len();
        // The shown day's own count, as the store lists counts: days with someone present.
        let at = self.day_counts.partition_point(|(d, _)| *d < self.day);
        match self.day_counts.get_mut(at) {
            Some((d, n)) if *d == self.day && present > 0 => *n = present,
            Some((d, _)) if *d == self.day => {
                self.day_counts.remove(at);
            }
            _ if present > 0 => self.day_counts.insert(at, (self.day, present)),
            _ => {}
        }
    }
}

/// Make room for one more element in a full list of everyone by a few percent, not by
/// doubling it as `Vec` would: the first walk-in of the day at 100,000 people would
/// otherwise allocate room for 200,000 lines (27 MB, measured the largest allocation
/// of a day at the desk) to hold one more.
fn room_for_one<T>(list: &mut Vec<T>) {
    if list.len() == list.capacity() {
        list.reserve_exact(list.len() / 64 + 16);
    }
}
