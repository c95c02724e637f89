//! The store on both engines: every test here is one body run on an SQLite file and on
//! a PostgreSQL database (see `on_both_engines!` in tests/common/engines.rs), through
//! the public API only. Raw SQL appears only where a test plants what rollcall never
//! writes: another application's table, a newer rollcall's schema version.
//!
//! The tests at the end build the same registry on both engines and compare what the
//! store reads back (roster order, statistics): the engines must not differ in anything
//! a user can see.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::engines::{Engine, Registry};
use rollcall::domain::{AttendeeId, CheckInOutcome, Field, Status};
use rollcall::store::{
    ChangedBy, Edit, EventStats, RosterFilter, SCHEMA_VERSION, Store, StoreError,
};
use rollcall::transfer::import::{ImportError, ImportOptions, import_file};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const EVENT: &str = "ulaanbaatar-2017";

/// The sample seminar's first day.
fn day_one() -> NaiveDate {
    NaiveDate::from_ymd_opt(2017, 7, 5).unwrap()
}

fn at(h: u32, m: u32, s: u32) -> NaiveDateTime {
    day_one().and_hms_opt(h, m, s).unwrap()
}

/// The person with `badge` in the sample seminar.
#[track_caller]
fn badge(store: &Store, badge: u32) -> AttendeeId {
    let event = store.event_by_code(EVENT).unwrap();
    store
        .attendee_by_badge(event.id, badge)
        .unwrap()
        .unwrap_or_else(|| panic!("no badge {badge}"))
        .id
}

/// Import `file` into `event` with the default options, as `rollcall import` does
/// (`dry_run`: check only).
fn import_csv(
    store: &mut Store,
    event: rollcall::domain::EventId,
    file: &std::path::Path,
    dry_run: bool,
) -> Result<rollcall::transfer::import::Imported, ImportError> {
    import_file(
        store,
        event,
        file,
        &ImportOptions::default(),
        dry_run,
        &mut |_| {},
    )
}

fn status(store: &Store, id: AttendeeId) -> Status {
    store.attendee(id).unwrap().details.status
}

/// The sample seminar's delegations in protocol order: the event's category order
/// (host state, host civil society, participating states, international
/// organisations), then sort keys folded.
const PROTOCOL_ORDER: [&str; 12] = [
    "Mongolia – state agencies",
    "Mongolia – civil society",
    "Canada",
    "Denmark",
    "Estonia",
    "Finland",
    "Kyrgyzstan",
    "The Netherlands",
    "Spain",
    "United States of America",
    "OSCE Office for Democratic Institutions and Human Rights",
    "OSCE Secretariat – Action against Terrorism Unit, Transnational Threats Department",
];

/// The European Excel fixture (BOM, `;`, CRLF, a quoted line break): six people, one
/// new delegation.
const EUROPEAN_CSV: &[u8] = include_bytes!("fixtures/import/european_excel.csv");

on_both_engines! {
    /// The sample seminar written and read back: the event, its counts, its
    /// delegations in protocol order, its people.
    fn the_sample_seminar_is_written_and_listed(engine: Engine) {
        let Some((_reg, store)) = engine.demo(module_path!()) else {
            return;
        };
        let events = store.list_events(day_one()).unwrap();
        assert_eq!(events.len(), 1);
        let summary = &events[0];
        assert_eq!(summary.event.details.code, EVENT);
        assert_eq!(summary.event.details.start_date, day_one());
        assert_eq!(
            (
                summary.delegations,
                summary.people,
                summary.registered,
                summary.present
            ),
            (12, 71, 64, 0)
        );

        let event = store.event_by_code(EVENT).unwrap();
        let names: Vec<String> = store
            .list_delegations(&event, day_one())
            .unwrap()
            .into_iter()
            .map(|row| row.delegation.details.name)
            .collect();
        assert_eq!(names, PROTOCOL_ORDER);

        let rows = store.attendee_rows(event.id, day_one()).unwrap();
        assert_eq!(rows.len(), 71);
        let mut badges: Vec<u32> = rows.iter().map(|r| r.badge).collect();
        badges.sort_unstable();
        assert_eq!(
            badges,
            (1..=71).collect::<Vec<_>>(),
            "the sample's badges 1…71"
        );
        let batjargal = rows.iter().find(|r| r.badge == 26).unwrap();
        assert_eq!(
            (
                batjargal.given_name(),
                batjargal.family_name(),
                batjargal.status
            ),
            ("Chinbat", "Batjargal", Status::Invited)
        );
        let not_registered = rows
            .iter()
            .filter(|r| r.status != Status::Registered)
            .count();
        assert_eq!(not_registered, 7, "4 invited, 2 cancelled, 1 no-show");
    }

    /// Checked in once; the second time told who and when; a cancelled registration
    /// refused; an undo gives back exactly the status the check-in changed.
    fn check_in_again_cancelled_and_undo(engine: Engine) {
        let Some((_reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let (batjargal, purev, cancelled) =
            (badge(&store, 26), badge(&store, 24), badge(&store, 28));
        assert_eq!(status(&store, batjargal), Status::Invited);
        assert_eq!(status(&store, purev), Status::NoShow);

        let first = store
            .check_in(batjargal, day_one(), at(9, 12, 7), "desk-1")
            .unwrap();
        let CheckInOutcome::CheckedIn(made) = first else {
            panic!("{first:?}")
        };
        assert_eq!(
            (made.day, made.at, made.desk.as_str()),
            (day_one(), at(9, 12, 7), "desk-1")
        );
        assert_eq!(
            status(&store, batjargal),
            Status::Registered,
            "he came: registered"
        );

        let again = store
            .check_in(batjargal, day_one(), at(9, 40, 0), "desk-2")
            .unwrap();
        assert_eq!(
            again,
            CheckInOutcome::AlreadyCheckedIn(made.clone()),
            "the second desk is told who checked him in and when, to the second"
        );
        assert_eq!(
            store
                .check_in(cancelled, day_one(), at(9, 13, 0), "desk-1")
                .unwrap(),
            CheckInOutcome::Cancelled
        );
        assert_eq!(store.check_in_of(cancelled, day_one()).unwrap(), None);
        assert_eq!(status(&store, cancelled), Status::Cancelled);

        store
            .check_in(purev, day_one(), at(9, 14, 0), "desk-1")
            .unwrap();
        assert_eq!(
            store
                .present_count(store.event_by_code(EVENT).unwrap().id, day_one())
                .unwrap(),
            2
        );

        // Another desk's check-in is not this desk's to undo.
        assert_eq!(
            store
                .undo_check_in(batjargal, day_one(), "desk-2", at(9, 50, 0))
                .unwrap(),
            None
        );
        let undone = store
            .undo_check_in(batjargal, day_one(), "desk-1", at(9, 50, 0))
            .unwrap();
        assert_eq!(undone, Some(made));
        assert_eq!(
            status(&store, batjargal),
            Status::Invited,
            "invited again, exactly"
        );
        store
            .undo_check_in(purev, day_one(), "desk-1", at(9, 51, 0))
            .unwrap()
            .unwrap();
        assert_eq!(
            status(&store, purev),
            Status::NoShow,
            "a no-show again, exactly"
        );
        assert_eq!(store.check_in_of(batjargal, day_one()).unwrap(), None);
        assert_eq!(store.check_ins_of(purev).unwrap(), []);
    }

    /// Eight desks, each with a store of its own, check the same person in for the same
    /// day at the same instant: one wins, and the seven others are told it was the
    /// winner's desk, at the winner's time.
    fn eight_desks_at_once_check_one_person_in_once(engine: Engine) {
        let Some((reg, store)) = engine.demo(module_path!()) else {
            return;
        };
        let person = badge(&store, 26);
        drop(store);
        const DESKS: usize = 8;
        let barrier = Arc::new(Barrier::new(DESKS));
        let threads: Vec<_> = (0..DESKS)
            .map(|i| {
                let (location, barrier) = (reg.location.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let mut store = Store::open_at(&location).unwrap();
                    let desk = format!("desk-{i}");
                    barrier.wait();
                    let outcome = store.check_in(person, day_one(), at(9, 0, i as u32), &desk);
                    let outcome = outcome.unwrap_or_else(|e| panic!("{desk}: {e}"));
                    (desk, outcome)
                })
            })
            .collect();
        let outcomes: Vec<(String, CheckInOutcome)> =
            threads.into_iter().map(|t| t.join().unwrap()).collect();
        let winners: Vec<_> = outcomes
            .iter()
            .filter_map(|(desk, o)| match o {
                CheckInOutcome::CheckedIn(c) => Some((desk.clone(), c.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            winners.len(),
            1,
            "exactly one desk checks him in: {outcomes:?}"
        );
        let (winner, made) = &winners[0];
        assert_eq!(&made.desk, winner);
        for (desk, outcome) in &outcomes {
            if desk != winner {
                assert_eq!(
                    outcome,
                    &CheckInOutcome::AlreadyCheckedIn(made.clone()),
                    "{desk} is told the winner's desk and time"
                );
            }
        }
        let store = reg.open();
        assert_eq!(
            store.check_ins_of(person).unwrap(),
            std::slice::from_ref(made),
            "one row"
        );
    }

    /// Two desks save the same field of the same person: the second is shown the
    /// first's value and desk, and nothing is overwritten; a field only one of them
    /// changed is kept when the second saves again.
    fn a_form_saved_over_another_desks_change_is_a_conflict(engine: Engine) {
        let Some((reg, mut mine)) = engine.demo(module_path!()) else {
            return;
        };
        mine.set_desk("desk-1");
        let mut theirs = reg.open();
        theirs.set_desk("desk-2");
        let id = badge(&mine, 26);
        let opened = mine.attendee(id).unwrap().details;

        let mut their_change = theirs.attendee(id).unwrap().details;
        their_change.email = "theirs@court.example".into();
        their_change.phone = "+976 11 000000".into();
        theirs.update_attendee(id, &their_change).unwrap();

        let mut my_change = opened.clone();
        my_change.email = "mine@court.example".into();
        let Edit::Conflict(conflict) = mine.edit_attendee(id, &opened, &my_change).unwrap() else {
            panic!("the e-mail both desks changed must be a conflict");
        };
        assert_eq!(
            conflict.fields,
            [ChangedBy {
                field: Field::Email,
                desk: Some("desk-2".into())
            }]
        );
        assert_eq!(conflict.theirs.details.email, "theirs@court.example");
        assert_eq!(
            mine.attendee(id).unwrap().details.email,
            "theirs@court.example",
            "not overwritten"
        );

        // The form is filled again from the other desk's version with this user's
        // e-mail kept; saving that, over what the user has now seen, is deliberate.
        let mut refilled = conflict.theirs.details.clone();
        refilled.email = my_change.email.clone();
        let Edit::Saved(saved) = mine
            .edit_attendee(id, &conflict.theirs.details, &refilled)
            .unwrap()
        else {
            panic!("seen: no conflict any more");
        };
        assert_eq!(saved.details.email, "mine@court.example");
        assert_eq!(
            saved.details.phone, "+976 11 000000",
            "what only desk-2 changed stays"
        );
        assert_eq!(
            theirs.attendee(id).unwrap(),
            saved,
            "both desks read the same row"
        );
    }

    /// Another desk's commit moves this desk's view of the event: its revision at once,
    /// and `data_version` (on a server within the second a desk waits at most).
    fn another_desks_commit_moves_revision_and_data_version(engine: Engine) {
        let Some((reg, watcher)) = engine.demo(module_path!()) else {
            return;
        };
        let event = watcher.event_by_code(EVENT).unwrap();
        let (revision, version) = (
            watcher.revision(event.id).unwrap(),
            watcher.data_version().unwrap(),
        );
        assert_eq!(
            watcher.data_version().unwrap(),
            version,
            "nothing happened: no change"
        );

        let mut other = reg.open();
        other
            .check_in(badge(&other, 26), day_one(), at(9, 0, 0), "desk-2")
            .unwrap();

        let now = watcher.revision(event.id).unwrap();
        assert!(
            now.presence > revision.presence,
            "presence moved: {revision:?} → {now:?}"
        );
        assert_eq!(
            now.registry, revision.registry,
            "a check-in is presence only"
        );
        // Measured, not asserted: the bound only says "never" (README: within a second).
        let waited = Instant::now();
        while watcher.data_version().unwrap() == version {
            assert!(
                waited.elapsed() < Duration::from_secs(10),
                "data_version never moved after another desk's commit"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        eprintln!("data_version moved {:?} after the commit", waited.elapsed());

        // And an edit of the registry moves `registry` (Batjargal is no head: naming
        // heads is `naming_a_head_takes_over_from_the_old_one`).
        let id = badge(&other, 26);
        let mut person = other.attendee(id).unwrap().details;
        person.position = "Adviser".into();
        other.update_attendee(id, &person).unwrap();
        assert!(watcher.revision(event.id).unwrap().registry > now.registry);
    }

    /// The CLI's import (`import_file`) on a file whose last row is bad writes nothing,
    /// though every row before it was already written inside the transaction; the
    /// good file then imports whole.
    fn an_import_with_a_bad_last_row_leaves_nothing(engine: Engine) {
        let Some((reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let event = store.event_by_code(EVENT).unwrap();
        let before = (
            store.attendee_rows(event.id, day_one()).unwrap().len(),
            store.list_delegations(&event, day_one()).unwrap().len(),
        );
        let revision = store.revision(event.id).unwrap();

        let bad = reg.scratch().join("bad.csv");
        let mut bytes = EUROPEAN_CSV.to_vec();
        // No family name: refused, after six good rows and a new delegation.
        bytes.extend_from_slice(
            b"Ms;Nomin;;;Ministry;MN;Mongolia;nomin@example.org;F;Participant;;\r\n",
        );
        std::fs::write(&bad, bytes).unwrap();
        let refused = import_csv(&mut store, event.id, &bad, false);
        let Err(ImportError::Rows { total, .. }) = refused else {
            panic!("the bad row refuses the file: {refused:?}");
        };
        assert_eq!(total, 1, "one problem: the last row");
        let after = (
            store.attendee_rows(event.id, day_one()).unwrap().len(),
            store.list_delegations(&event, day_one()).unwrap().len(),
        );
        assert_eq!(after, before, "nothing written: no person, no delegation");
        assert_eq!(store.revision(event.id).unwrap(), revision);
        assert_eq!(
            reg.open().attendee_rows(event.id, day_one()).unwrap().len(),
            before.0,
            "nor seen by another connection"
        );

        let good = reg.scratch().join("good.csv");
        std::fs::write(&good, EUROPEAN_CSV).unwrap();
        let imported = import_csv(&mut store, event.id, &good, false)
        .unwrap();
        assert_eq!(
            (imported.report.people, imported.report.delegations),
            (6, 1)
        );
        let zoe = store.attendee_by_badge(event.id, 77).unwrap().unwrap();
        assert_eq!(
            (
                zoe.details.given_name.as_str(),
                zoe.details.family_name.as_str()
            ),
            ("Zoë", "Ľubomírová")
        );
        let aigerim = store.attendee_by_badge(event.id, 72).unwrap().unwrap();
        assert_eq!(aigerim.details.notes, "Arrives 4 July;\nleaves 7 July");
    }

    /// A dry run checks the whole file and writes nothing (on a server too, where its
    /// scratch tables live in a read transaction of its own).
    fn a_dry_run_checks_everything_and_writes_nothing(engine: Engine) {
        let Some((reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let event = store.event_by_code(EVENT).unwrap();
        let revision = store.revision(event.id).unwrap();
        let file = reg.scratch().join("list.csv");
        std::fs::write(&file, EUROPEAN_CSV).unwrap();
        let checked = import_csv(&mut store, event.id, &file, true)
        .unwrap();
        assert_eq!((checked.report.people, checked.report.delegations), (6, 1));
        assert_eq!(store.attendee_rows(event.id, day_one()).unwrap().len(), 71);
        assert_eq!(store.revision(event.id).unwrap(), revision);
        // And the connection is fit for the real import afterwards.
        let imported = import_csv(&mut store, event.id, &file, false)
        .unwrap();
        assert_eq!(imported.report.people, 6);
        assert_eq!(store.attendee_rows(event.id, day_one()).unwrap().len(), 77);
    }

    /// A person named head of their delegation takes over from the old head, whether
    /// saved by a form, replaced whole or added; no delegation ever has two heads.
    fn naming_a_head_takes_over_from_the_old_one(engine: Engine) {
        let Some((_reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let event = store.event_by_code(EVENT).unwrap();
        let old_head = store
            .attendee_rows(event.id, day_one())
            .unwrap()
            .into_iter()
            .find(|r| r.is_head && r.delegation_name.as_ref() == "Kyrgyzstan")
            .unwrap();
        let delegation = old_head.delegation.unwrap();
        let heads = |store: &Store| -> Vec<String> {
            store
                .members(delegation, day_one())
                .unwrap()
                .into_iter()
                .filter(|m| m.is_head)
                .map(|m| m.family_name().to_string())
                .collect()
        };
        assert_eq!(heads(&store), ["Asanov"]);
        let member = store
            .members(delegation, day_one())
            .unwrap()
            .into_iter()
            .find(|m| !m.is_head)
            .unwrap();

        let opened = store.attendee(member.id).unwrap().details;
        let named = rollcall::domain::NewAttendee {
            is_head: true,
            ..opened.clone()
        };
        let saved = store.edit_attendee(member.id, &opened, &named);
        assert!(
            matches!(saved, Ok(Edit::Saved(_))),
            "a form naming a head: {saved:?}"
        );
        assert_eq!(heads(&store), [member.family_name()]);

        let mut again = store.attendee(old_head.id).unwrap().details;
        again.is_head = true;
        store.update_attendee(old_head.id, &again).unwrap();
        assert_eq!(heads(&store), ["Asanov"]);

        let newcomer = rollcall::domain::NewAttendee {
            given_name: "Aida".into(),
            family_name: "Bekova".into(),
            delegation: Some(delegation),
            is_head: true,
            ..Default::default()
        };
        store.add_attendee(event.id, &newcomer).unwrap();
        assert_eq!(heads(&store), ["Bekova"]);
    }

    /// Erasing a person names the exports written while they were in the registry, and
    /// takes their check-ins with them.
    fn erasing_names_the_copies_that_may_hold_the_person(engine: Engine) {
        let Some((_reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let event = store.event_by_code(EVENT).unwrap();
        let id = badge(&store, 26);
        store
            .check_in(id, day_one(), at(9, 0, 0), "desk-1")
            .unwrap();
        store
            .record_export("/srv/exports/roster.csv", event.id, "csv", 71, "desk-1")
            .unwrap();
        store
            .record_export("standard output", event.id, "json", 71, "desk-2")
            .unwrap();

        let copies = store.erase_attendee(id).unwrap();
        let mut named: Vec<(&str, &str)> = copies
            .iter()
            .map(|c| (c.path.as_str(), c.desk.as_str()))
            .collect();
        named.sort_unstable();
        assert_eq!(
            named,
            [
                ("/srv/exports/roster.csv", "desk-1"),
                ("standard output", "desk-2")
            ]
        );
        assert!(
            matches!(store.attendee(id), Err(StoreError::Gone)),
            "{:?}",
            store.attendee(id)
        );
        assert_eq!(store.check_ins_of(id).unwrap(), [], "the check-in went too");
        assert_eq!(store.attendee_by_badge(event.id, 26).unwrap(), None);
    }

    /// A walk-in is registered with a new delegation and checked in, in one
    /// transaction, with the next badge; undone, the person goes again (the delegation,
    /// made for them, stays).
    fn a_walk_in_with_a_new_delegation_and_its_undo(engine: Engine) {
        let Some((_reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let event = store.event_by_code(EVENT).unwrap();
        let highest = store
            .attendee_rows(event.id, day_one())
            .unwrap()
            .iter()
            .map(|r| r.badge)
            .max()
            .unwrap();
        let person = rollcall::domain::NewAttendee {
            given_name: "Aigerim".into(),
            family_name: "Seitkali".into(),
            ..Default::default()
        };
        let kz = rollcall::domain::NewDelegation {
            name: "Kazakhstan".into(),
            category: rollcall::domain::Category::ParticipatingState,
            sort_key: "Kazakhstan".into(),
            country: Some("KZ".into()),
        };
        let (walked, check_in) = store
            .walk_in(
                event.id,
                &person,
                &rollcall::store::DelegationChoice::New(kz),
                day_one(),
                at(9, 30, 0),
                "desk-3",
            )
            .unwrap();
        assert_eq!(walked.badge, highest + 1);
        assert_eq!(walked.details.status, Status::Registered);
        assert_eq!((check_in.desk.as_str(), check_in.day), ("desk-3", day_one()));
        let names: Vec<String> = store
            .list_delegations(&event, day_one())
            .unwrap()
            .into_iter()
            .map(|d| d.delegation.details.name)
            .collect();
        assert!(names.contains(&"Kazakhstan".to_string()), "{names:?}");

        assert!(store.undo_walk_in(walked.id, "desk-3", at(9, 31, 0)).unwrap());
        assert!(matches!(store.attendee(walked.id), Err(StoreError::Gone)));
        assert_eq!(store.present_count(event.id, day_one()).unwrap(), 0);
    }

    /// Deleting an event takes its delegations, people and check-ins with it.
    fn deleting_an_event_takes_everything_in_it(engine: Engine) {
        let Some((_reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let event = store.event_by_code(EVENT).unwrap();
        let id = badge(&store, 26);
        store
            .check_in(id, day_one(), at(9, 0, 0), "desk-1")
            .unwrap();
        let delegation = store
            .attendee(badge(&store, 1))
            .unwrap()
            .details
            .delegation
            .unwrap();
        let contents = store.event_contents(event.id).unwrap();
        assert_eq!(
            (contents.delegations, contents.people, contents.check_ins),
            (12, 71, 1)
        );

        store.delete_event(event.id).unwrap();
        assert!(matches!(
            store.event_by_code(EVENT),
            Err(StoreError::NoSuchEvent(_))
        ));
        assert_eq!(store.list_events(day_one()).unwrap(), []);
        assert!(matches!(store.revision(event.id), Err(StoreError::Gone)));
        assert!(matches!(store.attendee(id), Err(StoreError::Gone)));
        assert!(store.delegation(delegation).is_err(), "the delegation went");
        assert_eq!(store.check_ins_of(id).unwrap(), []);
        let contents = store.event_contents(event.id).unwrap();
        assert_eq!(
            (contents.delegations, contents.people, contents.check_ins),
            (0, 0, 0)
        );
        assert!(matches!(
            store.delete_event(event.id),
            Err(StoreError::Gone)
        ));
    }

    /// Nothing there: `open_at` refuses it as missing and makes nothing;
    /// `create_or_open_at` makes an empty registry, which `open_at` then opens.
    fn nothing_there_is_missing_until_created(engine: Engine) {
        let Some(reg) = engine.registry(module_path!()) else {
            return;
        };
        let refused = Store::open_at(&reg.location);
        assert!(
            matches!(refused, Err(StoreError::Missing { .. })),
            "{refused:?}"
        );
        assert!(
            matches!(
                Store::open_at(&reg.location),
                Err(StoreError::Missing { .. })
            ),
            "still missing: the refusal made nothing"
        );
        let made = reg.create();
        assert_eq!(made.list_events(day_one()).unwrap(), []);
        drop(made);
        assert_eq!(reg.open().list_events(day_one()).unwrap(), []);
    }

    /// Another application's database is refused by both ways of opening, untouched.
    fn another_applications_database_is_refused_untouched(engine: Engine) {
        let Some(reg) = engine.registry(module_path!()) else {
            return;
        };
        plant(
            &reg,
            "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER);
                     INSERT INTO invoices VALUES (1, 100);",
        );
        let before = fingerprint(&reg);
        for (how, opened) in [
            ("open_at", Store::open_at(&reg.location)),
            ("create_or_open_at", Store::create_or_open_at(&reg.location)),
        ] {
            assert!(
                matches!(opened, Err(StoreError::ForeignDatabase { .. })),
                "{how}: {opened:?}"
            );
            assert_eq!(fingerprint(&reg), before, "{how} left it untouched");
        }
    }

    /// A registry of a newer rollcall is refused, naming both versions, untouched.
    fn a_newer_registry_is_refused_untouched(engine: Engine) {
        let Some(reg) = engine.registry(module_path!()) else {
            return;
        };
        drop(reg.create());
        let newer = SCHEMA_VERSION + 1;
        match engine {
            Engine::File => plant(&reg, &format!("PRAGMA user_version = {newer};")),
            Engine::Server => plant(
                &reg,
                &format!("UPDATE rollcall_schema SET version = {newer};"),
            ),
        }
        let before = fingerprint(&reg);
        for (how, opened) in [
            ("open_at", Store::open_at(&reg.location)),
            ("create_or_open_at", Store::create_or_open_at(&reg.location)),
        ] {
            match opened {
                Err(StoreError::NewerSchema {
                    found, supported, ..
                }) => {
                    assert_eq!((found, supported), (newer, SCHEMA_VERSION), "{how}");
                }
                other => panic!("{how}: expected NewerSchema, got {other:?}"),
            }
            assert_eq!(fingerprint(&reg), before, "{how} left it untouched");
        }
    }
}

/// Run `sql` on the registry's database with a plain client (never through the store).
fn plant(reg: &Registry, sql: &str) {
    match reg.engine {
        Engine::File => rusqlite::Connection::open(reg.file().unwrap())
            .unwrap()
            .execute_batch(sql)
            .unwrap(),
        Engine::Server => reg.client().unwrap().batch_execute(sql).unwrap(),
    }
}

/// What "untouched" is checked against: a file's bytes; a server database's tables,
/// their row counts and rollcall's schema version (if any).
fn fingerprint(reg: &Registry) -> String {
    match reg.engine {
        Engine::File => {
            let bytes = std::fs::read(reg.file().unwrap()).unwrap();
            let sides: Vec<bool> = ["-wal", "-journal"]
                .iter()
                .map(|s| std::path::PathBuf::from(format!("{}{s}", reg.url_or_path)).exists())
                .collect();
            format!(
                "{} bytes, hash {:x}, sides {sides:?}",
                bytes.len(),
                fnv(&bytes)
            )
        }
        Engine::Server => {
            let mut client = reg.client().unwrap();
            let tables: Vec<String> = client
                .query(
                    "SELECT table_name::text FROM information_schema.tables
                     WHERE table_schema = current_schema() ORDER BY 1",
                    &[],
                )
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            let mut seen = Vec::new();
            for table in &tables {
                let n: i64 = client
                    .query_one(&format!("SELECT count(*) FROM \"{table}\""), &[])
                    .unwrap()
                    .get(0);
                seen.push(format!("{table}={n}"));
            }
            if tables.iter().any(|t| t == "rollcall_schema") {
                let v: i64 = client
                    .query_one("SELECT version FROM rollcall_schema", &[])
                    .unwrap()
                    .get(0);
                seen.push(format!("version={v}"));
            }
            seen.join(", ")
        }
    }
}

/// FNV-1a: enough to see that bytes changed.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

// ---------------------------------------------------------------------------------
// The same registry on both engines, compared
// ---------------------------------------------------------------------------------

/// The same history on either engine: the sample seminar, the European CSV imported,
/// check-ins on both days (one undone), a walk-out (cancelled), a person moved.
fn the_same_history(reg: &Registry) -> Store {
    let mut store = reg.create();
    rollcall::demo::write_sample(&mut store).unwrap();
    let event = store.event_by_code(EVENT).unwrap();
    let csv = reg.scratch().join("people.csv");
    std::fs::write(&csv, EUROPEAN_CSV).unwrap();
    import_csv(&mut store, event.id, &csv, false).unwrap();
    let day_two = day_one().succ_opt().unwrap();
    for (n, b) in [1u32, 2, 3, 5, 8, 13, 21, 24, 26, 34, 55, 72, 77]
        .iter()
        .enumerate()
    {
        let when = at(8, n as u32, 0);
        store
            .check_in(badge(&store, *b), day_one(), when, "desk-1")
            .unwrap();
        if b % 2 == 1 {
            store
                .check_in(
                    badge(&store, *b),
                    day_two,
                    when + chrono::Duration::days(1),
                    "desk-2",
                )
                .unwrap();
        }
    }
    store
        .undo_check_in(badge(&store, 24), day_one(), "desk-1", at(10, 0, 0))
        .unwrap()
        .unwrap();
    let id = badge(&store, 40);
    let mut person = store.attendee(id).unwrap().details;
    person.status = Status::Cancelled;
    store.update_attendee(id, &person).unwrap();
    let to = store.attendee(badge(&store, 1)).unwrap().details.delegation;
    store.move_attendee(badge(&store, 76), to).unwrap();
    store
}

/// Both engines' registries after [`the_same_history`]; `None` when the server test
/// is skipped.
fn twins(test: &str) -> Option<(Store, Store, Vec<Registry>)> {
    let server = Engine::Server.registry(test)?;
    let file = Engine::File.registry(test).unwrap();
    let (on_file, on_server) = (the_same_history(&file), the_same_history(&server));
    Some((on_file, on_server, vec![file, server]))
}

/// A roster line as a user sees it: badge, names, delegation, status, head, days.
fn roster_lines(store: &Store, filter: RosterFilter) -> Vec<String> {
    let event = store.event_by_code(EVENT).unwrap();
    store
        .roster(&event, filter)
        .unwrap()
        .into_iter()
        .map(|e| {
            let p = &e.attendee.details;
            format!(
                "{} {} {} | {} | {:?} head={} rank={:?} days={:?}",
                e.attendee.badge,
                p.family_name,
                p.given_name,
                e.delegation.map(|d| d.details.name).unwrap_or_default(),
                p.status,
                p.is_head,
                p.rank,
                e.days
            )
        })
        .collect()
}

/// The statistics with every id replaced by what it names.
fn stats_text(stats: &EventStats) -> String {
    let by_delegation: Vec<String> = stats
        .by_delegation
        .iter()
        .map(|(d, t)| format!("{:?} {t:?}", d.as_ref().map(|d| &d.details.name)))
        .collect();
    format!(
        "total {:?}\nstatus {:?}\ndays {:?}\ndelegations {by_delegation:#?}\ncategories {:?}\n\
         gender {:?}\nrole {:?}",
        stats.total,
        stats.by_status,
        stats.present_by_day,
        stats.by_category,
        stats.by_gender,
        stats.by_role
    )
}

#[test]
fn roster_order_and_statistics_are_the_same_on_both_engines() {
    let Some((file, server, _keep)) = twins("roster_and_stats") else {
        return;
    };
    use rollcall::store::Presence;
    let day_two = day_one().succ_opt().unwrap();
    for presence in [
        Presence::All,
        Presence::Registered,
        Presence::Attended,
        Presence::OnDay(day_one()),
        Presence::OnDay(day_two),
    ] {
        for (exclude_cancelled, consent_only) in [(false, false), (true, true)] {
            let filter = RosterFilter {
                presence,
                exclude_cancelled,
                consent_only,
            };
            let (a, b) = (roster_lines(&file, filter), roster_lines(&server, filter));
            assert!(!a.is_empty() || presence == Presence::OnDay(day_two));
            assert_eq!(a, b, "roster {filter:?}: file (left) and server (right)");
            let event = file.event_by_code(EVENT).unwrap();
            let counted = server
                .roster_count(&server.event_by_code(EVENT).unwrap(), filter)
                .unwrap();
            assert_eq!(file.roster_count(&event, filter).unwrap(), counted);
            assert_eq!(counted, a.len() as u64);
        }
    }
    let stats = |s: &Store| stats_text(&s.event_stats(&s.event_by_code(EVENT).unwrap()).unwrap());
    assert_eq!(
        stats(&file),
        stats(&server),
        "statistics: file (left), server (right)"
    );
    let present = |s: &Store| {
        s.present_counts(s.event_by_code(EVENT).unwrap().id)
            .unwrap()
    };
    assert_eq!(present(&file), present(&server));
    assert_eq!(present(&file), [(day_one(), 12), (day_two, 7)]);
}

#[test]
fn lists_and_people_read_back_the_same_on_both_engines() {
    let Some((file, server, _keep)) = twins("lists_and_people") else {
        return;
    };
    let day_two = day_one().succ_opt().unwrap();
    let summaries = |s: &Store| -> Vec<String> {
        s.list_events(day_one())
            .unwrap()
            .into_iter()
            .map(|e| {
                format!(
                    "{:?} {} {} {} {}",
                    e.event.details, e.delegations, e.registered, e.people, e.present
                )
            })
            .collect()
    };
    assert_eq!(summaries(&file), summaries(&server));
    for day in [day_one(), day_two] {
        let delegations = |s: &Store| -> Vec<String> {
            let event = s.event_by_code(EVENT).unwrap();
            s.list_delegations(&event, day)
                .unwrap()
                .into_iter()
                .map(|d| {
                    format!(
                        "{:?} {} {} {}",
                        d.delegation.details, d.members, d.registered, d.present
                    )
                })
                .collect()
        };
        assert_eq!(
            delegations(&file),
            delegations(&server),
            "delegations on {day}"
        );
        let people = |s: &Store| -> Vec<String> {
            let event = s.event_by_code(EVENT).unwrap();
            let mut rows: Vec<String> = s
                .attendee_rows(event.id, day)
                .unwrap()
                .into_iter()
                .map(|r| {
                    let details = s.attendee(r.id).unwrap().details;
                    let check_ins: Vec<String> = s
                        .check_ins_of(r.id)
                        .unwrap()
                        .into_iter()
                        .map(|c| format!("{} {} {}", c.day, c.at, c.desk))
                        .collect();
                    // Ids are the engines' own; everything else must agree.
                    let details = NoIds(details);
                    format!(
                        "{} {} {:?} present={} {details:?} {check_ins:?}",
                        r.badge, r.delegation_name, r.status, r.present
                    )
                })
                .collect();
            rows.sort();
            rows
        };
        assert_eq!(people(&file), people(&server), "people on {day}");
    }
}

/// A person's details without the delegation id (which each engine numbers itself).
struct NoIds(rollcall::domain::NewAttendee);

impl std::fmt::Debug for NoIds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut details = self.0.clone();
        details.delegation = None;
        write!(f, "{details:?}")
    }
}
