//! A registry changed in place must be exactly the registry a fresh load reads: the
//! same lines in the same order, the same keys, indices, groups and counts.

use super::changes::Fresh;
use super::{Changes, Registry};
use crate::domain::{AttendeeId, NewAttendee};
use crate::store::Store;
use chrono::NaiveDate;

fn sample() -> (Store, tempfile::TempDir, NaiveDate) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_or_open(&dir.path().join("in-place.db")).unwrap();
    crate::demo::write_sample(&mut store).unwrap();
    // Day 1 of the sample seminar, where check-ins count.
    (store, dir, NaiveDate::from_ymd_opt(2017, 7, 5).unwrap())
}

fn event(store: &Store) -> crate::domain::EventId {
    store.list_events(NaiveDate::MIN).unwrap()[0].event.id
}

/// Everything a screen reads, with indices said as ids (so two registries compare).
fn view(r: &Registry) -> String {
    let mut members: Vec<_> = r
        .members
        .iter()
        .map(|(group, list)| {
            let ids: Vec<i64> = list.iter().map(|&i| r.people[i as usize].id.0).collect();
            (group.map(|d| d.0), ids)
        })
        .collect();
    members.sort();
    let delegations: Vec<_> = r
        .delegations
        .iter()
        .map(|d| (d.delegation.id.0, d.members, d.registered, d.present))
        .collect();
    let badges: Vec<_> = r
        .people
        .iter()
        .map(|p| (p.badge, r.by_badge(p.badge).map(|q| q.id)))
        .collect();
    format!(
        "total {}\npeople {:#?}\nkeys {:?}\nprints {:?}\nmembers {members:?}\ndelegations {delegations:?}\n\
         badges {badges:?}\nids {:?}\ncounts {} {} {:?}\nkeys {:?}",
        r.total,
        r.people,
        r.keys,
        r.prints,
        r.people
            .iter()
            .map(|p| r.index_of(p.id))
            .collect::<Vec<_>>(),
        r.present,
        r.registered,
        r.day_counts,
        r.delegation_keys,
    )
}

fn assert_fresh(store: &Store, registry: &Registry, today: NaiveDate) {
    let fresh = Registry::load(store, registry.event.id, today).unwrap();
    let (shown, read) = (view(registry), view(&fresh));
    // The first line that differs, not two pages of text.
    let differs = shown.lines().zip(read.lines()).find(|(a, b)| a != b);
    assert_eq!(differs, None, "in place vs a fresh load");
    assert_eq!(shown, read);
}

fn person(given: &str, family: &str) -> NewAttendee {
    NewAttendee {
        given_name: given.into(),
        family_name: family.into(),
        ..NewAttendee::default()
    }
}

#[test]
fn people_put_and_removed_in_place_read_as_a_fresh_load() {
    let (mut store, _dir, day) = sample();
    let id = event(&store);
    let mut registry = Registry::load(&store, id, day).unwrap();

    // First, last and somewhere between: each insertion shifts the indices after it.
    for (given, family) in [("Aa", "Aaberg"), ("Zz", "Zzyzx"), ("Émile", "Ölmez")] {
        let a = store.add_attendee(id, &person(given, family)).unwrap();
        registry.put(store.attendee_row(a.id, day).unwrap());
        assert_fresh(&store, &registry, day);
    }

    // A renamed person moves down the list, another up, one stays; then one moved
    // into another delegation changes groups.
    for (at, family) in [(3, "Zzz-renamed"), (40, "Aab"), (20, "Baatar-Ölziibat")] {
        let someone = registry.people[at].clone();
        let before = store.attendee(someone.id).unwrap().details;
        let after = NewAttendee {
            family_name: family.into(),
            ..before.clone()
        };
        store.edit_attendee(someone.id, &before, &after).unwrap();
        registry.put(store.attendee_row(someone.id, day).unwrap());
        assert_fresh(&store, &registry, day);
    }

    let member = registry
        .people
        .iter()
        .find(|p| p.delegation.is_some() && !p.is_head)
        .unwrap()
        .clone();
    let elsewhere = registry
        .delegations
        .iter()
        .map(|d| d.delegation.id)
        .find(|d| Some(*d) != member.delegation)
        .unwrap();
    store.move_attendee(member.id, Some(elsewhere)).unwrap();
    registry.put(store.attendee_row(member.id, day).unwrap());
    assert_fresh(&store, &registry, day);

    // Checked in (presence and status counted again), then erased.
    let guest = registry.people[10].id;
    store
        .check_in(guest, day, day.and_hms_opt(9, 0, 0).unwrap(), "desk")
        .unwrap();
    registry.put(store.attendee_row(guest, day).unwrap());
    assert_fresh(&store, &registry, day);
    store.erase_attendee(guest).unwrap();
    registry.remove(guest);
    assert_fresh(&store, &registry, day);
}

#[test]
fn another_desks_changes_read_on_the_side_are_exactly_what_differs() {
    let (mut store, _dir, day) = sample();
    let id = event(&store);
    let mut registry = Registry::load(&store, id, day).unwrap();
    let nothing = Changes::read(&store, registry.shown(), day).unwrap();
    let Fresh::Changes(nothing) = nothing else {
        panic!("nothing changed: no whole registry");
    };
    assert!(nothing.lines.is_empty() && nothing.gone.is_empty());

    // Another desk: a new person, an erased one, a delegation renamed (its members'
    // lines change), a check-in.
    let new = store.add_attendee(id, &person("Bolat", "Abenov")).unwrap();
    let erased = registry.people[5].id;
    store.erase_attendee(erased).unwrap();
    let delegation = registry.delegations[0].delegation.clone();
    let mut renamed = delegation.details.clone();
    renamed.name = format!("{} (renamed)", renamed.name);
    store
        .edit_delegation(delegation.id, &delegation.details, &renamed)
        .unwrap();
    let guest = registry.people[20].id;
    store
        .check_in(guest, day, day.and_hms_opt(9, 0, 0).unwrap(), "desk-2")
        .unwrap();

    let Fresh::Changes(changes) = Changes::read(&store, registry.shown(), day).unwrap() else {
        panic!("a few changes are read as changes");
    };
    let mut changed: Vec<AttendeeId> = changes.lines.iter().map(|l| l.id).collect();
    changed.sort();
    assert_eq!(changes.gone, vec![erased]);
    // The newcomer, the one checked in, and the renamed delegation's members.
    let mut expected: Vec<AttendeeId> = registry
        .people
        .iter()
        .filter(|p| p.delegation == Some(delegation.id) && p.id != erased)
        .map(|p| p.id)
        .chain([new.id, guest])
        .collect();
    expected.sort();
    expected.dedup();
    assert_eq!(changed, expected);
    registry.apply(*changes);
    assert_fresh(&store, &registry, day);
}

#[test]
fn many_people_come_at_once_are_read_as_a_whole_registry() {
    let (mut store, _dir, day) = sample();
    let id = event(&store);
    let registry = Registry::load(&store, id, day).unwrap();
    for i in 0..=super::changes::MANY_MOVES {
        store
            .add_attendee(id, &person("Many", &format!("Newcomer {i}")))
            .unwrap();
    }
    match Changes::read(&store, registry.shown(), day).unwrap() {
        Fresh::Whole(whole) => assert_fresh(&store, &whole, day),
        Fresh::Changes(_) => panic!("an import's worth is read whole"),
    }
}

#[test]
fn the_first_page_is_the_start_of_the_whole_list() {
    let (store, _dir, day) = sample();
    let id = event(&store);
    let whole = Registry::load(&store, id, day).unwrap();
    for n in [1, 7, whole.people.len(), whole.people.len() + 5] {
        let page = Registry::first_page(&store, id, day, n).unwrap();
        let shown = n.min(whole.people.len());
        assert_eq!(page.people, whole.people[..shown], "first {n}");
        assert_eq!(page.keys, whole.keys[..shown]);
        assert_eq!(page.total, whole.total, "the count of everyone");
        assert_eq!(
            (page.largest_badge, page.longest_name),
            (whole.largest_badge, whole.longest_name),
            "the columns as wide as the whole list's"
        );
    }
}
