//! Many desks, one truth: what one desk saves never silently undoes what another desk
//! did meanwhile, and every desk sees the others' changes.
//!
//! Each test plays a second desk with a `Store` of its own on the same file, as a
//! second `rollcall` process would.

mod common;

use common::app::*;
use crossterm::event::KeyCode;
use rollcall::domain::{DelegationId, EventKind, NewDelegation, NewEvent};
use rollcall::store::Store;
use rollcall::ui::app::App;
use std::time::{Duration, Instant};

fn day_one() -> chrono::NaiveDate {
    nine_twelve().date()
}

/// A second desk on the App's file.
fn other_desk(app: &App, name: &str) -> Store {
    let mut store = Store::open(app.store().path()).unwrap();
    store.set_desk(name);
    store
}

/// Move the form's focus `n` fields down.
fn tab(app: &mut App, n: usize) {
    for _ in 0..n {
        press(app, KeyCode::Tab);
    }
}

fn delegation_named(store: &Store, name: &str) -> (DelegationId, NewDelegation) {
    let event = store.event_by_code(common::EVENT).unwrap();
    let row = store
        .list_delegations(&event, day_one())
        .unwrap()
        .into_iter()
        .find(|d| d.delegation.details.name == name)
        .unwrap_or_else(|| panic!("no delegation {name}"));
    (row.delegation.id, row.delegation.details)
}

/// A rename that keeps the name's length reaches a desk that has the registry open.
#[test]
fn a_same_length_delegation_rename_reaches_an_open_desk() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = sample_app("desk-1", false, &clock);
    press(&mut app, KeyCode::Char('3'));
    assert!(screen_text_at(&app, 100, 40).contains("Denmark"));

    let mut desk2 = other_desk(&app, "desk-2");
    let (dk, mut details) = delegation_named(&desk2, "Denmark");
    details.name = "Danmark".into();
    desk2.update_delegation(dk, &details).unwrap();

    app.tick();
    let text = screen_text_at(&app, 100, 40);
    assert!(text.contains("Danmark"), "{text}");
    assert!(!text.contains("Denmark"), "{text}");
}

/// A delegation's country changed by another desk: a walk-in picking that delegation
/// here gets the new country.
#[test]
fn a_delegation_country_change_reaches_an_open_desk() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = sample_app("desk-1", false, &clock);

    let mut desk2 = other_desk(&app, "desk-2");
    let (kg, mut details) = delegation_named(&desk2, "Kyrgyzstan");
    assert_eq!(details.country.as_deref(), Some("KG"));
    details.country = Some("KZ".into());
    desk2.update_delegation(kg, &details).unwrap();

    app.tick();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('w'));
    // Honorific, Given, Family, Native, Organisation, then Delegation.
    tab(&mut app, 5);
    type_text(&mut app, "Kyrgyz");
    let text = screen_text_at(&app, 100, 40);
    assert!(text.contains("Kazakhstan (KZ)"), "{text}");
}

/// Another desk checks Batjargal in and undoes it: this desk shows him registered,
/// then invited again (the status an undo gives back), without a keypress.
#[test]
fn another_desks_undo_gives_back_invited_here_too() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = sample_app("desk-1", false, &clock);
    let id = badge_id(&app, 26);
    press(&mut app, KeyCode::Char('2'));
    type_text(&mut app, "/batjargal");
    press(&mut app, KeyCode::Enter);
    let row = |app: &App| {
        screen_text_at(app, 100, 30)
            .lines()
            .find(|l| l.contains("Batjargal, Chinbat"))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row(&app).contains("Invited"), "{}", row(&app));

    let mut desk2 = other_desk(&app, "desk-2");
    desk2
        .check_in(id, day_one(), nine_twelve(), "desk-2")
        .unwrap();
    app.tick();
    assert!(row(&app).contains("Registered"), "{}", row(&app));

    desk2
        .undo_check_in(id, day_one(), "desk-2", nine_twelve())
        .unwrap()
        .expect("desk-2's check-in");
    app.tick();
    assert!(row(&app).contains("Invited"), "{}", row(&app));
}

/// Every change to an event's tables moves its revision: `presence` for check-ins and
/// status, `registry` for every other column of every table (a column added later
/// without its trigger fails here).
#[test]
fn every_change_moves_the_revision() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::registry(dir.path(), 0);
    let store = Store::open(&path).unwrap();
    let event = store.event_by_code(common::EVENT).unwrap().id;
    let conn = common::connect(&path);
    let person: i64 = conn
        .query_row("SELECT id FROM attendees WHERE badge = 26", [], |r| {
            r.get(0)
        })
        .unwrap();
    conn.execute(
        "INSERT INTO checkins (event_id, attendee_id, day, at, desk)
         VALUES (?1, ?2, '2017-07-05', '2017-07-05 09:12:00', 'desk-2')",
        [event.0, person],
    )
    .unwrap();
    let rows = [
        ("events", format!("id = {}", event.0)),
        (
            "delegations",
            "id = (SELECT min(id) FROM delegations)".to_string(),
        ),
        ("attendees", format!("id = {person}")),
        ("checkins", format!("attendee_id = {person}")),
    ];
    for (table, which) in &rows {
        let mut stmt = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap();
        let columns: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for column in columns.iter().filter(|c| *c != "id") {
            let before = store.revision(event).unwrap();
            conn.execute(
                &format!("UPDATE {table} SET {column} = {column} WHERE {which}"),
                [],
            )
            .unwrap();
            let after = store.revision(event).unwrap();
            let presence = *table == "checkins" || (*table == "attendees" && column == "status");
            assert_eq!(
                (
                    after.registry > before.registry,
                    after.presence > before.presence
                ),
                (!presence, presence),
                "UPDATE {table}.{column}: {before:?} → {after:?}"
            );
        }
    }
    // Rows coming and going.
    let moved = |sql: &str| {
        let before = store.revision(event).unwrap();
        conn.execute(sql, []).unwrap();
        let after = store.revision(event).unwrap();
        (
            after.registry - before.registry,
            after.presence - before.presence,
        )
    };
    assert_eq!(
        moved(&format!(
            "DELETE FROM checkins WHERE attendee_id = {person}"
        )),
        (0, 1)
    );
    assert_eq!(
        moved(&format!(
            "INSERT INTO delegations (event_id, name, category, sort_key) VALUES ({}, 'X', 'other', 'X')",
            event.0
        )),
        (1, 0)
    );
    assert_eq!(moved("DELETE FROM delegations WHERE name = 'X'"), (1, 0));
    assert_eq!(
        moved(&format!(
            "INSERT INTO attendees (event_id, badge, given_name, family_name, gender, role, status)
             VALUES ({}, 999, 'A', 'B', 'other', 'participant', 'registered')",
            event.0
        )),
        (1, 0)
    );
    assert_eq!(moved("DELETE FROM attendees WHERE badge = 999"), (1, 0));
}

/// What a desk reads is stamped with the revision of the same read transaction: a
/// commit landing in the middle of the read is not taken as seen.
#[test]
fn a_commit_during_a_read_is_not_stamped_as_seen() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::registry(dir.path(), 0);
    let store = Store::open(&path).unwrap();
    let event = store.event_by_code(common::EVENT).unwrap();
    let mut desk2 = Store::open(&path).unwrap();
    let (dk, mut details) = delegation_named(&desk2, "Denmark");
    let (seen, names) = store
        .snapshot(event.id, |s| {
            details.name = "Danmark".into();
            desk2.update_delegation(dk, &details).unwrap();
            s.list_delegations(&event, day_one())
        })
        .unwrap();
    assert!(names.iter().any(|d| d.delegation.details.name == "Denmark"));
    assert_ne!(
        store.revision(event.id).unwrap(),
        seen,
        "the rename is still to be read"
    );
}

/// A large seminar being read on the side must not take the screens back from the
/// seminar the user opened meanwhile.
#[test]
fn a_background_load_of_another_seminar_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    // Over the App's threshold for reading on the side.
    let path = common::registry(dir.path(), 20_000);
    let mut store = Store::open(&path).unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2016, 3, 1).unwrap();
    let small = store
        .create_event(&NewEvent {
            code: "small-2016".into(),
            title: "A small workshop".into(),
            kind: EventKind::Workshop,
            venue: String::new(),
            city: "Bishkek".into(),
            country: Some("KG".into()),
            start_date: date,
            end_date: date,
            organiser: String::new(),
            description: String::new(),
        })
        .unwrap();
    let clock = TestClock::new(nine_twelve());
    let mut app = app_on(store, "desk-1", false, &clock);
    assert!(
        app.loading_people().is_some(),
        "the large seminar is read on the side"
    );

    // The newest seminar is first; the small one second: open it.
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.current_event(), Some(small.id));

    let start = Instant::now();
    while app.busy() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the load never ended"
        );
        std::thread::sleep(Duration::from_millis(20));
        app.tick();
    }
    app.tick();
    assert_eq!(
        app.current_event(),
        Some(small.id),
        "the seminar the user opened stays open"
    );
}
