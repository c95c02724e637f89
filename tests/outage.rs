//! The server goes away under an open store, and comes back: nothing that did not
//! commit is claimed, every call meanwhile is refused at once as "server unreachable",
//! and the store finds the server again by itself — no reopening, no restart.

mod common;

use common::postgres::Cluster;
use rollcall::domain::{AttendeeId, CheckInOutcome};
use rollcall::store::{Location, Store, StoreError};
use std::time::{Duration, Instant};

/// Call `f` until it stops failing as unreachable, for at most `limit`; its answer.
fn once_reachable<T>(limit: Duration, mut f: impl FnMut() -> Result<T, StoreError>) -> T {
    let began = Instant::now();
    loop {
        match f() {
            Ok(value) => {
                eprintln!("reachable again after {:?}", began.elapsed());
                return value;
            }
            Err(StoreError::Unreachable) if began.elapsed() < limit => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => panic!("after {:?}: {e}", began.elapsed()),
        }
    }
}

#[test]
fn a_store_survives_an_outage_without_claiming_anything() {
    let Some(mut cluster) = Cluster::start_or_skip("outage") else {
        return;
    };
    let (location, mut store, event, at) = sample_on(&cluster, "outage");
    let day = at.date();
    let person = |badge| store_person(&store, event.id, badge);
    let (first, second) = (person(1), person(2));

    cluster.stop().unwrap();
    // While the server is away: refused, each time, without waiting on the server.
    for _ in 0..3 {
        let began = Instant::now();
        let refused = store.check_in(first, day, at, "desk-1");
        eprintln!("refused after {:?}", began.elapsed());
        assert!(
            matches!(refused, Err(StoreError::Unreachable)),
            "{refused:?}"
        );
        assert_eq!(
            StoreError::Unreachable.to_string(),
            "server unreachable — nothing saved"
        );
    }
    assert!(matches!(store.data_version(), Err(StoreError::Unreachable)));

    cluster.start_again().unwrap();
    // The same store, found again by itself: the refused check-in never happened.
    let found = once_reachable(Duration::from_secs(15), || store.check_in_of(first, day));
    assert_eq!(found, None, "a refused check-in was saved");
    let outcome = store.check_in(second, day, at, "desk-1").unwrap();
    assert!(
        matches!(outcome, CheckInOutcome::CheckedIn(_)),
        "{outcome:?}"
    );
    assert_eq!(store.present_count(event.id, day).unwrap(), 1);
    // Another desk opening now sees the same.
    let other = Store::open_at(&location).unwrap();
    assert_eq!(other.present_count(event.id, day).unwrap(), 1);
}

/// A transaction cut by the outage is not finished on the new connection: its commit
/// fails, and nothing of it is in the registry.
#[test]
fn a_write_cut_by_the_outage_is_not_finished_after_it() {
    let Some(mut cluster) = Cluster::start_or_skip("cut write") else {
        return;
    };
    let (_, mut store, event, at) = sample_on(&cluster, "cut");
    let day = at.date();
    let people: Vec<_> = (1..=5).map(|b| store_person(&store, event.id, b)).collect();
    let check_ins: Vec<_> = people
        .iter()
        .map(|&attendee| rollcall::domain::CheckIn {
            attendee,
            day,
            at,
            desk: "desk-1".into(),
        })
        .collect();

    // An import-sized write in progress when the server stops: the session keeps its
    // transaction open across the outage.
    let session = store.begin_import(event.id, true).unwrap();
    cluster.stop().unwrap();
    cluster.start_again().unwrap();
    let person = rollcall::domain::NewAttendee {
        given_name: "Cut".into(),
        family_name: "Off".into(),
        ..Default::default()
    };
    let cut = session
        .insert_person(None, person)
        .and_then(|()| session.commit());
    assert!(
        cut.is_err(),
        "a write across an outage was claimed: {cut:?}"
    );

    let recorded = once_reachable(Duration::from_secs(15), || {
        store.record_check_ins(&check_ins)
    });
    assert_eq!(recorded, 5);
    let rows = store.attendee_rows(event.id, day).unwrap();
    assert_eq!(rows.len(), 71, "nothing of the cut import is there");
}

/// A cluster's new database `name` holding the sample seminar: its location, a store on
/// it, the event, and 09:00 on its first day.
fn sample_on(
    cluster: &Cluster,
    name: &str,
) -> (
    Location,
    Store,
    rollcall::domain::Event,
    chrono::NaiveDateTime,
) {
    let url = cluster.create_database(name).unwrap();
    let location = Location::parse(&url).unwrap();
    let mut store = Store::create_or_open_at(&location).unwrap();
    let code = rollcall::demo::write_sample(&mut store).unwrap();
    let event = store.event_by_code(&code).unwrap();
    let at = event.details.start_date.and_hms_opt(9, 0, 0).unwrap();
    (location, store, event, at)
}

fn store_person(store: &Store, event: rollcall::domain::EventId, badge: u32) -> AttendeeId {
    store.attendee_by_badge(event, badge).unwrap().unwrap().id
}

/// A desk never waits for ever behind another's long write (an import holding the
/// write lock): after the lock timeout it is told so, nothing saved, and its
/// connection is fit for the next check-in once the write is done.
#[test]
fn a_desk_behind_a_long_write_is_told_and_goes_on() {
    let Some(cluster) = Cluster::start_or_skip("lock timeout") else {
        return;
    };
    let (location, mut importer, event, at) = sample_on(&cluster, "locked");
    let day = at.date();
    let mut desk = Store::open_at(&location).unwrap();
    let person = store_person(&desk, event.id, 1);

    let session = importer.begin_import(event.id, true).unwrap();
    let began = Instant::now();
    let waited = desk.check_in(person, day, at, "desk-1");
    eprintln!("told after {:?}", began.elapsed());
    assert!(matches!(waited, Err(StoreError::Locked)), "{waited:?}");
    assert!(
        waited
            .unwrap_err()
            .to_string()
            .contains("nothing was saved")
    );
    session.commit().unwrap();

    let outcome = desk.check_in(person, day, at, "desk-1").unwrap();
    assert!(
        matches!(outcome, CheckInOutcome::CheckedIn(_)),
        "{outcome:?}"
    );
}
