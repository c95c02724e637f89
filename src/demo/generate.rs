//! Generated registries of any size, for benchmarks and for trying rollcall at scale:
//! one two-day conference, 400 delegations in every protocol category (real country
//! names for the States), people with Latin, Cyrillic (Mongolian, Kyrgyz, Kazakh,
//! Russian, Ukrainian) and accented names, roles, statuses, one head per delegation,
//! unique badges and e-mail addresses, and check-ins on both days (about 60 % on day 1,
//! 50 % on day 2).
//!
//! Deterministic: the same size and seed give the same registry, byte for byte. The
//! random numbers come from a tiny xorshift generator, so no crate is needed.
//!
//! ```text
//! plan_generated(size, seed)    → Generated (pure: no I/O)
//! generate(store, size, seed)   → writes it: people in one transaction, check-ins in another
//! ```

use super::groups::delegations;
use super::person::{Taken, person};
use super::rng::Rng;
use crate::domain::{
    AttendeeId, CheckIn, EventKind, NewAttendee, NewDelegation, NewEvent, Status, fold::fold,
};
use crate::store::{DelegationRef, Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::collections::HashSet;

/// The seed `rollcall demo --size N` uses.
pub const DEFAULT_SEED: u64 = 2017;

/// How many delegations a generated registry has (fewer only when there are fewer
/// people than that: every delegation has at least its head).
pub const DELEGATIONS: usize = 400;

/// A generated registry, ready to write.
#[derive(Debug, Clone)]
pub struct Generated {
    pub event: NewEvent,
    pub delegations: Vec<NewDelegation>,
    pub people: Vec<(DelegationRef, NewAttendee)>,
    /// Check-ins in the order they happened (by day, then time).
    pub check_ins: Vec<PlannedCheckIn>,
}

/// A check-in of `people[person]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedCheckIn {
    pub person: usize,
    pub day: NaiveDate,
    pub at: NaiveDateTime,
    pub desk: String,
}

/// Generate a registry of `size` people and write it into `store`; returns the event
/// code (`generated-SIZE`).
///
/// Two transactions: the event, delegations and people ([`Store::create_registry`]),
/// then the check-ins ([`Store::record_check_ins`]).
pub fn generate(store: &mut Store, size: usize, seed: u64) -> Result<String, StoreError> {
    let generated = plan_generated(size, seed);
    let event =
        store.create_registry(&generated.event, &generated.delegations, &generated.people)?;
    // create_registry does not return the ids: the badges (1..=size, in the order of
    // `people`) find them, with one query.
    let mut ids = vec![AttendeeId(0); generated.people.len()];
    for row in store.attendee_rows(event.id, event.details.start_date)? {
        if let Some(slot) = (row.badge as usize)
            .checked_sub(1)
            .and_then(|i| ids.get_mut(i))
        {
            *slot = row.id;
        }
    }
    write_check_ins(store, &ids, &generated.check_ins)?;
    Ok(event.details.code)
}

/// The check-ins, in one transaction ([`Store::record_check_ins`]).
fn write_check_ins(
    store: &mut Store,
    ids: &[AttendeeId],
    check_ins: &[PlannedCheckIn],
) -> Result<(), StoreError> {
    let list: Vec<CheckIn> = check_ins
        .iter()
        .map(|c| CheckIn {
            attendee: ids[c.person],
            day: c.day,
            at: c.at,
            desk: c.desk.clone(),
        })
        .collect();
    store.record_check_ins(&list)?;
    Ok(())
}

/// The registry of `size` people for `seed`, without writing anything.
pub fn plan_generated(size: usize, seed: u64) -> Generated {
    let mut rng = Rng::new(seed);
    let start = NaiveDate::from_ymd_opt(2026, 10, 13).expect("a valid date");
    let end = start.succ_opt().expect("a valid date");
    let event = NewEvent {
        code: format!("generated-{size}"),
        title: format!("Generated conference of {size} participants"),
        kind: EventKind::Conference,
        venue: "State Palace, Ulaanbaatar".to_string(),
        city: "Ulaanbaatar".to_string(),
        country: Some("MN".to_string()),
        start_date: start,
        end_date: end,
        organiser: "rollcall benchmarks".to_string(),
        description: format!(
            "A generated registry (seed {seed}): {DELEGATIONS} delegations, names in \
             Latin and Cyrillic script, check-ins on both days."
        ),
        language: Default::default(),
    };

    let mut groups = delegations(&mut rng);
    rng.shuffle(&mut groups);
    groups.truncate(DELEGATIONS.min(size));
    // Protocol order is the store's business; keep the list tidy for people reading it.
    groups.sort_by_key(|g| (g.details.category, fold(&g.details.sort_key)));

    // Who belongs where: every delegation gets its head, the rest is drawn by weight;
    // a few people are in no delegation at all.
    let mut cumulative = Vec::with_capacity(groups.len());
    let mut total = 0.0;
    for g in &groups {
        total += g.weight;
        cumulative.push(total);
    }
    let mut slots: Vec<Option<usize>> = (0..groups.len()).map(Some).collect();
    while slots.len() < size {
        if rng.chance(0.005) || groups.is_empty() {
            slots.push(None);
        } else {
            let x = rng.unit() * total;
            let i = cumulative
                .partition_point(|&c| c <= x)
                .min(groups.len() - 1);
            slots.push(Some(i));
        }
    }
    // Registration order mixes the delegations: badges are handed out in that order.
    rng.shuffle(&mut slots);

    let mut taken = Taken {
        names: HashSet::with_capacity(size),
        emails: HashSet::with_capacity(size),
    };
    let mut members_so_far = vec![0u32; groups.len()];
    let mut people = Vec::with_capacity(size);
    for (n, slot) in slots.iter().enumerate() {
        let group = slot.map(|i| &groups[i]);
        let place = slot.map(|i| {
            members_so_far[i] += 1;
            members_so_far[i]
        });
        let person = person(&mut rng, (*slot, group), place, n as u32 + 1, &mut taken);
        let delegation = slot.map_or(DelegationRef::None, DelegationRef::New);
        people.push((delegation, person));
    }

    let check_ins = check_ins(&mut rng, &people, start, end);
    Generated {
        event,
        delegations: groups.into_iter().map(|g| g.details).collect(),
        people,
        check_ins,
    }
}

/// About 60 % of everyone on day 1 and 50 % on day 2: registered people only (a
/// cancelled registration is refused at the desk, an invited person who came would be
/// registered by then, and a no-show did not come).
fn check_ins(
    rng: &mut Rng,
    people: &[(DelegationRef, NewAttendee)],
    day1: NaiveDate,
    day2: NaiveDate,
) -> Vec<PlannedCheckIn> {
    let mut list = Vec::with_capacity(people.len() * 11 / 10);
    for (i, (_, p)) in people.iter().enumerate() {
        if p.status != Status::Registered {
            continue;
        }
        // 88 % are registered: 0.68 × 0.88 ≈ 60 %; day 2 mostly the same people,
        // 0.68 × 0.75 + 0.32 × 0.19 ≈ 0.57, × 0.88 ≈ 50 %.
        let first = rng.chance(0.68);
        let second = rng.chance(if first { 0.75 } else { 0.19 });
        for (day, came, opens) in [(day1, first, (7, 45)), (day2, second, (8, 15))] {
            if !came {
                continue;
            }
            // Most arrive in the first hour, some much later.
            let minutes = (rng.unit() * rng.unit() * 240.0) as u32;
            let seconds = rng.below(60) as u32;
            let at = day.and_time(
                NaiveTime::from_hms_opt(opens.0, opens.1, 0).expect("a valid time")
                    + chrono::Duration::minutes(i64::from(minutes))
                    + chrono::Duration::seconds(i64::from(seconds)),
            );
            list.push(PlannedCheckIn {
                person: i,
                day,
                at,
                desk: format!("desk-{}", 1 + rng.below(6)),
            });
        }
    }
    list.sort_by_key(|c| (c.day, c.at, c.person));
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Category;
    use std::collections::HashMap;

    #[test]
    fn the_same_seed_gives_the_same_registry() {
        let a = plan_generated(2_000, 7);
        let b = plan_generated(2_000, 7);
        assert_eq!(a.people, b.people);
        assert_eq!(a.check_ins, b.check_ins);
        assert_ne!(plan_generated(2_000, 8).people, a.people);
    }

    #[test]
    fn a_registry_looks_real() {
        let g = plan_generated(20_000, DEFAULT_SEED);
        assert_eq!(g.people.len(), 20_000);
        assert_eq!(g.delegations.len(), DELEGATIONS);
        assert!(g.event.validate().is_ok());
        for d in &g.delegations {
            assert!(d.validate().is_ok(), "{d:?}");
        }
        let names: HashSet<_> = g.delegations.iter().map(|d| &d.name).collect();
        assert_eq!(names.len(), DELEGATIONS, "delegation names are unique");
        for c in Category::default_order() {
            assert!(
                g.delegations.iter().any(|d| d.category == c),
                "no delegation in {c}"
            );
        }

        let mut names = HashSet::new();
        for (d, p) in &g.people {
            let key = (format!("{d:?}"), fold(&p.full_name()));
            assert!(names.insert(key), "{} twice in {d:?}", p.full_name());
        }
        let mut heads: HashMap<usize, u32> = HashMap::new();
        let mut badges = HashSet::new();
        let mut emails = HashSet::new();
        for (d, p) in &g.people {
            assert!(p.validate().is_ok(), "{p:?}");
            assert!(badges.insert(p.badge.unwrap()), "badges are unique");
            if !p.email.is_empty() {
                assert!(emails.insert(p.email.clone()), "emails are unique");
            }
            if let (DelegationRef::New(i), true) = (d, p.is_head) {
                *heads.entry(*i).or_default() += 1;
            }
            assert!(!(p.is_head && matches!(d, DelegationRef::None)));
        }
        assert_eq!(heads.len(), DELEGATIONS, "every delegation has a head");
        assert!(heads.values().all(|&n| n == 1), "exactly one head each");

        let share = |f: &dyn Fn(&NewAttendee) -> bool| {
            g.people.iter().filter(|(_, p)| f(p)).count() as f64 / g.people.len() as f64
        };
        let cyrillic = share(&|p| p.native_name.chars().any(|c| ('а'..='я').contains(&c)));
        let accented = share(&|p| !p.full_name().is_ascii());
        assert!(cyrillic > 0.03, "Cyrillic names: {cyrillic}");
        assert!(accented > 0.05, "accented names: {accented}");
        let registered = share(&|p| p.status == Status::Registered);
        assert!((0.8..0.95).contains(&registered), "{registered}");
        assert!(
            g.people
                .iter()
                .any(|(_, p)| p.native_name.contains('ө') || p.native_name.contains('ү')),
            "Mongolian and Kyrgyz letters"
        );

        let day = |n: u32| {
            let d = g.event.start_date + chrono::Duration::days(i64::from(n) - 1);
            g.check_ins.iter().filter(|c| c.day == d).count() as f64 / g.people.len() as f64
        };
        assert!((0.55..0.65).contains(&day(1)), "day 1: {}", day(1));
        assert!((0.45..0.55).contains(&day(2)), "day 2: {}", day(2));
        let mut seen = HashSet::new();
        for c in &g.check_ins {
            assert!(seen.insert((c.person, c.day)), "one check-in per day");
            assert_eq!(g.people[c.person].1.status, Status::Registered);
        }
    }

    #[test]
    fn small_registries_still_have_a_head_per_delegation() {
        let g = plan_generated(50, 1);
        assert_eq!(g.people.len(), 50);
        assert_eq!(g.delegations.len(), 50);
        assert_eq!(g.people.iter().filter(|(_, p)| p.is_head).count(), 50);
        assert!(plan_generated(0, 1).people.is_empty());
    }
}
