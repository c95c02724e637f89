//! The current event held in memory for the screens: its people as compact rows with
//! folded search keys, and its delegations in protocol order. Loaded once per event,
//! then changed in place (in_place.rs) — a write at 100,000 people must not cost a
//! reload of everyone — and brought up to other desks' commits by comparing
//! fingerprints on the side (changes.rs). Screens read it, only the App changes it.

mod changes;
mod figures;
mod in_place;
pub use changes::{Changes, Fresh};
pub use figures::{Before, Figures, MANY_PEOPLE};

use crate::domain::{AttendeeId, DelegationId, Event, EventId, Status, inert};
use crate::search::{person_search_key, search_key};
use crate::store::{AttendeeRow, DelegationRow, Store, StoreError};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

pub struct Registry {
    pub event: Event,
    /// The day presence is shown for: the day check-ins count for when the registry
    /// was read. The App moves it with the clock (see `set_day`).
    pub day: NaiveDate,
    /// Everyone, in list order (`AttendeeRow::list_order`); on a first page, the first
    /// of them.
    pub people: Vec<AttendeeRow>,
    /// How many people the event has: `people.len()`, but on a first page.
    pub total: usize,
    /// Folded search key of each person (same index as `people`).
    pub keys: Vec<Box<str>>,
    /// A fingerprint of each person's line as shown (same index as `people`): what
    /// tells another desk's changes from what is shown (see changes.rs).
    prints: Vec<u64>,
    pub delegations: Vec<DelegationRow>,
    pub delegation_keys: Vec<Box<str>>,
    /// Indices into `people` per delegation (`None`: in no delegation): head first,
    /// then rank, then family name.
    pub members: HashMap<Option<DelegationId>, Vec<u32>>,
    /// Where each person and each badge sits in `people`.
    by_id: HashMap<AttendeeId, u32>,
    by_badge: HashMap<u32, u32>,
    /// The largest badge number: lists give the badge column its digits.
    pub largest_badge: u32,
    /// The widest name as lists write it ("Family, Given"), in terminal columns: the
    /// room the name column wants.
    pub longest_name: u16,
    pub present: u32,
    pub registered: u32,
    /// How many were present on each day of the event (`day`'s own count is
    /// `present`, kept current in place).
    pub day_counts: Vec<(NaiveDate, u32)>,
    /// A fresh number at every change (unique across registries): a screen that
    /// derived something from the registry (a sorted, filtered list) derives it again
    /// when this is not the number it derived it from.
    pub generation: u64,
    /// The order in which the people present on `day` arrived: smaller came earlier.
    /// Read at load; later arrivals take the next number as they are seen.
    arrivals: HashMap<AttendeeId, u32>,
    next_arrival: u32,
    /// Who was present on each day of the event, for the day-by-day view: read when
    /// that view asks ([`Registry::set_attendance`]), `None` until then. The shown
    /// day reads `present` instead, which is kept current in place.
    pub attendance: Option<Vec<(NaiveDate, HashSet<AttendeeId>)>>,
    /// The numbers of the Stats screen, read with the people and kept current in
    /// place by the App (`None` on a first page).
    /// `None` until the Stats screen is first shown: a desk that never looks at it
    /// never reads or keeps them (`App::want_figures`).
    pub figures: Option<Box<Figures>>,
}

/// A number no registry change has had yet (see `Registry::generation`).
fn next_generation() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Registry {
    /// Read an event's people with their presence on the day check-ins count for
    /// `today` (the App moves it to an organiser's choice after).
    pub fn load(store: &Store, event: EventId, today: NaiveDate) -> Result<Registry, StoreError> {
        let event = store.event(event)?;
        let day = event.check_in_day(today);
        let people = store.attendee_rows(event.id, day)?;
        let delegations = store.list_delegations(&event, day)?;
        let day_counts = store.present_counts(event.id)?;
        let arrivals = store.arrival_order(event.id, day)?;
        let mut registry = Registry::from_rows(event, day, people, delegations, day_counts);
        registry.set_arrivals(&arrivals);
        Ok(registry)
    }

    /// The first `n` people of what [`Registry::load`] reads, exactly those and in
    /// its order, read in a fraction of its time: the screens show them while everyone
    /// is still being read. The badge and name columns are as wide as the whole
    /// list's, so nothing moves when it comes; counts and delegations are not read.
    pub fn first_page(
        store: &Store,
        event: EventId,
        today: NaiveDate,
        n: usize,
    ) -> Result<Registry, StoreError> {
        let event = store.event(event)?;
        let day = event.check_in_day(today);
        let (mut largest_badge, mut longest_name, mut total) = (0, 0, 0);
        let people = store.first_attendee_rows(event.id, day, n, |family, given, badge| {
            total += 1;
            largest_badge = largest_badge.max(badge);
            longest_name = longest_name.max(width_of(&inert(family), &inert(given)));
        })?;
        let mut page = Registry::from_rows(event, day, people, Vec::new(), Vec::new());
        (page.largest_badge, page.longest_name) = (largest_badge, longest_name);
        page.total = total;
        Ok(page)
    }

    /// The registry of `people` (in list order) and `delegations` (in protocol order).
    fn from_rows(
        event: Event,
        day: NaiveDate,
        mut people: Vec<AttendeeRow>,
        mut delegations: Vec<DelegationRow>,
        day_counts: Vec<(NaiveDate, u32)>,
    ) -> Registry {
        for p in &mut people {
            make_inert(p);
        }
        for d in &mut delegations {
            let details = &mut d.delegation.details;
            details.name = inert(&details.name).into_owned();
        }
        let keys = people.iter().map(person_key).collect();
        let prints = people.iter().map(fingerprint).collect();
        let delegation_keys = delegations
            .iter()
            .map(|d| search_key([d.delegation.details.name.as_str()]))
            .collect();
        let mut members: HashMap<Option<DelegationId>, Vec<u32>> = HashMap::new();
        for (i, p) in people.iter().enumerate() {
            members.entry(p.delegation).or_default().push(i as u32);
        }
        for list in members.values_mut() {
            // `people` is already in list order; a stable sort keeps it within ranks.
            list.sort_by_key(|&i| protocol_rank(&people[i as usize]));
        }
        let by_id = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id, i as u32))
            .collect();
        let by_badge = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.badge, i as u32))
            .collect();
        let largest_badge = people.iter().map(|p| p.badge).max().unwrap_or(0);
        let longest_name = people.iter().map(name_width).max().unwrap_or(0);
        let present = people.iter().filter(|p| p.present).count() as u32;
        let registered = people
            .iter()
            .filter(|p| p.status == Status::Registered)
            .count() as u32;
        Registry {
            event,
            day,
            total: people.len(),
            people,
            keys,
            prints,
            delegations,
            delegation_keys,
            members,
            by_id,
            by_badge,
            largest_badge,
            longest_name,
            present,
            registered,
            day_counts,
            generation: next_generation(),
            arrivals: HashMap::new(),
            next_arrival: 0,
            attendance: None,
            figures: None,
        }
    }

    /// Who arrived on `day`, in the order they came (those not present are ignored).
    fn set_arrivals(&mut self, order: &[AttendeeId]) {
        self.arrivals = order
            .iter()
            .enumerate()
            .map(|(i, &id)| (id, i as u32))
            .collect();
        self.next_arrival = order.len() as u32;
        // Present but not in the order read (cannot happen in one snapshot): after.
        let late: Vec<AttendeeId> = self
            .people
            .iter()
            .filter(|p| p.present && !self.arrivals.contains_key(&p.id))
            .map(|p| p.id)
            .collect();
        for id in late {
            self.note_arrival(id, true);
        }
    }

    /// Keep the arrival order as a person comes (the next number) or goes.
    fn note_arrival(&mut self, id: AttendeeId, present: bool) {
        if !present {
            self.arrivals.remove(&id);
        } else if !self.arrivals.contains_key(&id) {
            self.arrivals.insert(id, self.next_arrival);
            self.next_arrival += 1;
        }
    }

    /// Take the day's arrival order as read (after [`Registry::apply_presence`] with
    /// the same people): several arrivals seen at once keep the order they came in.
    pub fn follow_arrivals(&mut self, order: &[AttendeeId]) {
        self.set_arrivals(order);
        self.generation = next_generation();
    }

    /// When a person arrived on the shown day, as an order (smaller came earlier);
    /// `None` when they have not.
    pub fn arrival(&self, id: AttendeeId) -> Option<u32> {
        self.arrivals.get(&id).copied()
    }

    /// Who was present on each day (see `attendance`), read by the App for the
    /// day-by-day view.
    pub fn set_attendance(&mut self, days: Vec<(NaiveDate, HashSet<AttendeeId>)>) {
        self.attendance = Some(days);
        self.generation = next_generation();
    }

    /// Whether a person was present on `day`: the shown day as kept in place, the
    /// others as read for the day-by-day view.
    pub fn present_on_day(&self, p: &AttendeeRow, day: NaiveDate) -> bool {
        if day == self.day {
            return p.present;
        }
        self.attendance.as_ref().is_some_and(|days| {
            days.iter()
                .any(|(d, present)| *d == day && present.contains(&p.id))
        })
    }

    /// Show presence on another day (midnight passed, or the organiser chose one):
    /// `present` holds who was checked in that day, `counts` every day's count.
    pub fn set_day(
        &mut self,
        day: NaiveDate,
        arrivals: &[AttendeeId],
        counts: Vec<(NaiveDate, u32)>,
    ) {
        self.day = day;
        self.arrivals.clear();
        let present: HashSet<AttendeeId> = arrivals.iter().copied().collect();
        self.apply_presence(&present);
        self.set_arrivals(arrivals);
        self.day_counts = counts;
        // The shown day was read from `present`, the others from here: read again.
        self.attendance = None;
        self.generation = next_generation();
    }

    /// How many were present on `day`.
    pub fn present_on(&self, day: NaiveDate) -> u32 {
        if day == self.day {
            return self.present;
        }
        // Read later than the counts, when the day-by-day view asked for it.
        if let Some((_, present)) = self
            .attendance
            .as_ref()
            .and_then(|days| days.iter().find(|(d, _)| *d == day))
        {
            return present.len() as u32;
        }
        self.day_counts
            .iter()
            .find(|(d, _)| *d == day)
            .map_or(0, |(_, n)| *n)
    }

    /// A person's status changed in place (an undone check-in gave back "invited").
    pub fn set_status(&mut self, id: AttendeeId, status: Status) {
        let Some(i) = self.index_of(id) else { return };
        self.generation = next_generation();
        let person = &mut self.people[i as usize];
        let was = person.status == Status::Registered;
        let now = status == Status::Registered;
        let rank = protocol_rank(person);
        person.status = status;
        let delegation = person.delegation;
        if protocol_rank(person) != rank {
            // A head cancelled (or back): their place in the delegation moves.
            self.leave_group(delegation, i);
            self.join_group(i);
        }
        let row = self
            .delegations
            .iter_mut()
            .find(|d| Some(d.delegation.id) == delegation);
        match (was, now) {
            (true, false) => {
                self.registered = self.registered.saturating_sub(1);
                if let Some(row) = row {
                    row.registered = row.registered.saturating_sub(1);
                }
            }
            (false, true) => {
                self.registered += 1;
                if let Some(row) = row {
                    row.registered += 1;
                }
            }
            _ => {}
        }
    }

    /// The members of a delegation (or of none), in protocol order.
    pub fn members_of(&self, group: Option<DelegationId>) -> &[u32] {
        self.members.get(&group).map_or(&[], Vec::as_slice)
    }

    pub fn index_of(&self, id: AttendeeId) -> Option<u32> {
        self.by_id.get(&id).copied()
    }

    pub fn person(&self, id: AttendeeId) -> Option<&AttendeeRow> {
        self.people.get(self.index_of(id)? as usize)
    }

    pub fn by_badge(&self, badge: u32) -> Option<&AttendeeRow> {
        self.people.get(*self.by_badge.get(&badge)? as usize)
    }

    /// Record a check-in (or its undo) in place: a check-in must not cost a reload of
    /// 100,000 rows. Someone checked in counts as registered.
    pub fn set_present(&mut self, id: AttendeeId, present: bool) {
        let Some(i) = self.index_of(id) else { return };
        if present && self.people[i as usize].status != Status::Registered {
            self.set_status(id, Status::Registered);
        }
        let person = &mut self.people[i as usize];
        if person.present == present {
            return;
        }
        person.present = present;
        self.generation = next_generation();
        self.note_arrival(id, present);
        let person = &self.people[i as usize];
        let delegation = person.delegation;
        let step = |n: &mut u32| *n = if present { *n + 1 } else { n.saturating_sub(1) };
        step(&mut self.present);
        if let Some(row) = self
            .delegations
            .iter_mut()
            .find(|d| Some(d.delegation.id) == delegation)
        {
            step(&mut row.present);
        }
    }

    /// Follow other desks' check-ins and undos: mark exactly those whose presence
    /// changed.
    pub fn apply_presence(&mut self, present: &HashSet<AttendeeId>) {
        let changed: Vec<(AttendeeId, bool)> = self
            .people
            .iter()
            .filter(|p| p.present != present.contains(&p.id))
            .map(|p| (p.id, !p.present))
            .collect();
        for (id, now) in changed {
            self.set_present(id, now);
        }
    }
}

/// What a person is found by: names in every script, organisation, delegation, badge,
/// email.
fn person_key(p: &AttendeeRow) -> Box<str> {
    let badge = p.badge.to_string();
    person_search_key(
        [p.given_name(), p.family_name(), p.native_name()],
        [
            p.organisation.as_ref(),
            p.delegation_name.as_ref(),
            badge.as_str(),
            p.email(),
        ],
    )
}

/// Where a person stands in their delegation's list: the head first, then by rank
/// (those without one last), the cancelled after everyone who is coming; the list
/// order breaks ties.
fn protocol_rank(p: &AttendeeRow) -> (bool, bool, bool, Option<u32>) {
    (
        p.status == Status::Cancelled,
        !leads(p),
        p.rank.is_none(),
        p.rank,
    )
}

/// Whether a person leads their delegation at the event (the domain's rule:
/// [`crate::domain::leads_delegation`]).
pub fn leads(p: &AttendeeRow) -> bool {
    crate::domain::leads_delegation(p.is_head, p.status)
}

/// A person's line as shown, in 64 bits: equal lines, equal fingerprints; a changed
/// line (a name, a delegation's new name, presence …), almost surely another.
fn fingerprint(p: &AttendeeRow) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    // A fixed hasher (not a randomly seeded one): the fingerprints taken on the side
    // are compared with these.
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(p)
}

/// How wide "Family, Given" is on a terminal (without building the string: this runs
/// for every person at load).
fn name_width(p: &AttendeeRow) -> u16 {
    width_of(p.family_name(), p.given_name())
}

fn width_of(family: &str, given: &str) -> u16 {
    use unicode_width::UnicodeWidthStr;
    let width = family.width() + ", ".len() + given.width();
    u16::try_from(width).unwrap_or(u16::MAX)
}

/// Names come from imports: make every string the screens draw inert once, at load.
fn make_inert(p: &mut AttendeeRow) {
    for s in [
        &mut p.honorific,
        &mut p.position,
        &mut p.organisation,
        &mut p.delegation_name,
    ] {
        if let std::borrow::Cow::Owned(clean) = inert(s) {
            *s = clean.into();
        }
    }
    let text = [p.given_name(), p.family_name(), p.native_name(), p.email()];
    if text
        .iter()
        .any(|s| matches!(inert(s), std::borrow::Cow::Owned(_)))
    {
        p.map_text(|s| inert(s).into_owned());
    }
}

#[cfg(test)]
mod tests;
