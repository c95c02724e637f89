//! Many desks, one truth: what one desk saves never silently undoes what another desk
//! did meanwhile, and every desk sees the others' changes.
//!
//! Each test plays a second desk with a `Store` of its own on the same file, as a
//! second `rollcall` process would.

mod common;

use common::app::*;
use crossterm::event::KeyCode;
use rollcall::domain::{AttendeeId, Field, Status};
use rollcall::store::{Edit, Store};
use rollcall::ui::app::App;
use rollcall::ui::keymap::Focus;
use std::time::{Duration, Instant};

/// Open the edit form of Chinbat Batjargal (badge 26, invited), from Attendees.
fn edit_batjargal(app: &mut App) {
    press(app, KeyCode::Char('2'));
    type_text(app, "/batjargal");
    press(app, KeyCode::Enter);
    press(app, KeyCode::Char('e'));
    assert_eq!(app.focus(), Focus::Form);
    let text = screen_text_at(app, 100, 40);
    assert!(text.contains("Edit Chinbat Batjargal (badge 26)"), "{text}");
}

/// Save an edit another desk conflicts with: the form stays open and says `note`
/// beside the field.
fn save_into_a_conflict(app: &mut App, note: &str) {
    ctrl(app, 's');
    assert_eq!(app.focus(), Focus::Form, "the form stays open and says why");
    let text = screen_text_at(app, 100, 40);
    assert!(text.contains(note), "{note:?} in {text}");
}

/// The person form's Email field, counted from the first field.
const EMAIL_FIELD: usize = 11;

/// The measured finding of issue 11: a form opened before another desk's check-in,
/// saved unchanged, must not give Chinbat Batjargal back his "invited".
#[test]
fn saving_an_unchanged_form_keeps_another_desks_check_in() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = sample_app("desk-1", false, &clock);
    let id = badge_id(&app, 26);
    assert_eq!(
        app.store().attendee(id).unwrap().details.status,
        Status::Invited
    );
    edit_batjargal(&mut app);

    let mut desk2 = other_desk(&app, "desk-2");
    desk2
        .check_in(id, day_one(), nine_twelve(), "desk-2")
        .unwrap();

    ctrl(&mut app, 's');
    assert_ne!(app.focus(), Focus::Form, "nothing to ask: the form saved");
    let stored = app.store().attendee(id).unwrap();
    assert_eq!(
        stored.details.status,
        Status::Registered,
        "he is checked in: the unchanged form must not make him invited again"
    );
    assert!(app.store().check_in_of(id, day_one()).unwrap().is_some());
}

/// Both desks changed the same field: the second to save is told whose value stands
/// and what it is, and nothing is overwritten until it saves again. What only the
/// other desk changed is kept.
#[test]
fn a_conflicting_edit_shows_the_other_desks_value_before_overwriting_it() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = sample_app("desk-1", false, &clock);
    let id = badge_id(&app, 26);
    edit_batjargal(&mut app);
    tab(&mut app, EMAIL_FIELD);
    type_text(&mut app, "mine@court.example");

    let mut desk2 = other_desk(&app, "desk-2");
    let mut theirs = desk2.attendee(id).unwrap().details;
    theirs.email = "theirs@court.example".into();
    theirs.phone = "+976 11 000000".into();
    desk2.update_attendee(id, &theirs).unwrap();

    save_into_a_conflict(
        &mut app,
        "desk-2 changed Email meanwhile: theirs@court.example",
    );
    let stored = app.store().attendee(id).unwrap().details;
    assert_eq!(stored.email, "theirs@court.example", "not overwritten yet");

    // Saving again is deliberate: this desk's e-mail, the other desk's phone.
    ctrl(&mut app, 's');
    assert_ne!(app.focus(), Focus::Form);
    let stored = app.store().attendee(id).unwrap().details;
    assert_eq!(stored.email, "mine@court.example");
    assert_eq!(
        stored.phone, "+976 11 000000",
        "the field only desk-2 changed stays"
    );
}

/// The person form's Organisation and "Published in the list" fields, counted from the
/// first field.
const ORGANISATION_FIELD: usize = 6;
const CONSENT_FIELD: usize = 19;

/// A conflict is shown beside the field whatever the field's label (Organisation, in
/// the store `organisation`), and a choice the user changed (consent) keeps what they
/// picked when the form is filled again from the other desk's version.
#[test]
fn a_conflict_on_organisation_is_shown_beside_it_and_keeps_the_users_other_picks() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = sample_app("desk-1", false, &clock);
    let id = badge_id(&app, 26);
    let opened = app.store().attendee(id).unwrap().details;
    edit_batjargal(&mut app);
    tab(&mut app, ORGANISATION_FIELD);
    type_text(&mut app, " (mine)");
    tab(&mut app, CONSENT_FIELD - ORGANISATION_FIELD);
    press(&mut app, KeyCode::Down);

    let mut desk2 = other_desk(&app, "desk-2");
    let mut theirs = desk2.attendee(id).unwrap().details;
    theirs.organisation = "Their Ministry".into();
    desk2.update_attendee(id, &theirs).unwrap();

    save_into_a_conflict(
        &mut app,
        "desk-2 changed Organisation meanwhile: Their Ministry",
    );
    let stored = app.store().attendee(id).unwrap().details;
    assert_eq!(stored.organisation, "Their Ministry", "not overwritten yet");
    assert_eq!(stored.consent, opened.consent, "nothing saved yet");

    ctrl(&mut app, 's');
    assert_ne!(app.focus(), Focus::Form);
    let stored = app.store().attendee(id).unwrap().details;
    assert_eq!(
        stored.organisation,
        format!("{} (mine)", opened.organisation).trim()
    );
    assert_eq!(
        stored.consent, !opened.consent,
        "the consent picked is saved"
    );
}

/// Cancelling someone another desk has just checked in asks first, naming that desk.
#[test]
fn cancelling_someone_checked_in_meanwhile_names_the_desk_that_did() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = sample_app("desk-1", false, &clock);
    let id = badge_id(&app, 26);
    edit_batjargal(&mut app);
    // Status is the fifteenth field; type to pick "Cancelled".
    tab(&mut app, 14);
    type_text(&mut app, "canc");

    let mut desk2 = other_desk(&app, "desk-2");
    desk2
        .check_in(id, day_one(), nine_twelve(), "desk-2")
        .unwrap();

    save_into_a_conflict(&mut app, "desk-2 changed Status meanwhile: Registered");
    assert_eq!(
        app.store().attendee(id).unwrap().details.status,
        Status::Registered
    );
}

/// The seminar form too: a field both desks changed stops the save, one only the
/// other desk changed stays.
#[test]
fn a_seminar_edit_keeps_the_other_desks_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::registry(dir.path(), "registry.db", 0);
    let mut mine = Store::open(&path).unwrap();
    let mut theirs = Store::open(&path).unwrap();
    let opened = mine.event_by_code(common::EVENT).unwrap();

    let mut other = opened.details.clone();
    other.venue = "Chinggis Khaan Hotel".into();
    other.title = "Their title".into();
    theirs.update_event(opened.id, &other).unwrap();

    let mut edit = opened.details.clone();
    edit.city = "Darkhan".into();
    let saved = match mine.edit_event(opened.id, &opened.details, &edit).unwrap() {
        Edit::Saved(e) => e.details,
        Edit::Conflict(c) => panic!("no shared field: {c:?}"),
    };
    assert_eq!(saved.city, "Darkhan");
    assert_eq!(saved.venue, "Chinggis Khaan Hotel", "their venue stays");

    edit.title = "My title".into();
    match mine.edit_event(opened.id, &opened.details, &edit).unwrap() {
        Edit::Conflict(c) => {
            assert_eq!(c.theirs.details.title, "Their title");
            let fields: Vec<_> = c.fields.iter().map(|f| f.field).collect();
            assert_eq!(fields, [Field::Title]);
        }
        Edit::Saved(e) => panic!("overwrote their title: {e:?}"),
    }
    assert_eq!(mine.event(opened.id).unwrap().details.title, "Their title");
}

/// The delegation form writes only what was changed in it, too.
#[test]
fn a_delegation_form_keeps_another_desks_rename() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = sample_app("desk-1", false, &clock);
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "/denmark");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(app.focus(), Focus::Form);
    // Country, Name, Category: pick another category.
    tab(&mut app, 2);
    press(&mut app, KeyCode::Down);

    let mut desk2 = other_desk(&app, "desk-2");
    let denmark = delegation_named(&desk2, "Denmark")
        .expect("Denmark")
        .delegation;
    let (dk, mut details) = (denmark.id, denmark.details);
    details.name = "Kingdom of Denmark".into();
    desk2.update_delegation(dk, &details).unwrap();

    ctrl(&mut app, 's');
    assert_ne!(app.focus(), Focus::Form);
    let stored = app.store().delegation(dk).unwrap().details;
    assert_eq!(stored.name, "Kingdom of Denmark", "desk-2's name stays");
    assert_ne!(
        stored.category, details.category,
        "desk-1's category is saved"
    );
}

/// A rename that keeps the name's length reaches a desk that has the registry open.
#[test]
fn a_same_length_delegation_rename_reaches_an_open_desk() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = sample_app("desk-1", false, &clock);
    press(&mut app, KeyCode::Char('3'));
    assert!(screen_text_at(&app, 100, 40).contains("Denmark"));

    let mut desk2 = other_desk(&app, "desk-2");
    let denmark = delegation_named(&desk2, "Denmark")
        .expect("Denmark")
        .delegation;
    let (dk, mut details) = (denmark.id, denmark.details);
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
    let kyrgyzstan = delegation_named(&desk2, "Kyrgyzstan")
        .expect("Kyrgyzstan")
        .delegation;
    let (kg, mut details) = (kyrgyzstan.id, kyrgyzstan.details);
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
    let path = common::registry(dir.path(), "registry.db", 0);
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
        let columns: Vec<String> = common::column(
            &path,
            &format!("SELECT name FROM pragma_table_info('{table}')"),
        );
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
    let path = common::registry(dir.path(), "registry.db", 0);
    let store = Store::open(&path).unwrap();
    let event = store.event_by_code(common::EVENT).unwrap();
    let mut desk2 = Store::open(&path).unwrap();
    let denmark = delegation_named(&desk2, "Denmark")
        .expect("Denmark")
        .delegation;
    let (dk, mut details) = (denmark.id, denmark.details);
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
    let path = common::registry(dir.path(), "registry.db", 20_000);
    let mut store = Store::open(&path).unwrap();
    let small = store.create_event(&small_workshop()).unwrap();
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

/// Moving a person while another desk changes them: the move changes the delegation
/// and nothing else, whatever the other desk committed before it got the lock.
#[test]
fn a_move_keeps_a_change_committed_while_it_waited() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::registry(dir.path(), "registry.db", 0);
    let mut store = Store::open(&path).unwrap();
    let event = store.event_by_code(common::EVENT).unwrap();
    let id: AttendeeId = store.attendee_by_badge(event.id, 26).unwrap().unwrap().id;
    let kg = delegation_named(&store, "Kyrgyzstan")
        .expect("Kyrgyzstan")
        .delegation
        .id;

    // Another desk holds the write lock with a change not yet committed.
    let other = common::connect(&path);
    other
        .execute_batch(
            "BEGIN IMMEDIATE; UPDATE attendees SET email = 'new@court.example' WHERE badge = 26;",
        )
        .unwrap();
    let mover = std::thread::spawn(move || {
        let moved = store.move_attendee(id, Some(kg)).unwrap();
        (store, moved)
    });
    // Let the move start and wait for the lock.
    std::thread::sleep(Duration::from_millis(300));
    other.execute_batch("COMMIT").unwrap();
    let (store, moved) = mover.join().unwrap();

    assert_eq!(moved.details.delegation, Some(kg));
    let stored = store.attendee(id).unwrap().details;
    assert_eq!(stored.delegation, Some(kg));
    assert_eq!(
        stored.email, "new@court.example",
        "the other desk's change survives the move"
    );
}

/// Wait (ticking, as the event loop does) until the App reads nothing on the side.
fn settle_down(app: &mut App) {
    let start = Instant::now();
    while app.busy() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the read on the side never ended"
        );
        std::thread::sleep(Duration::from_millis(5));
        app.tick();
    }
}

/// The list lines of the Attendees screen as drawn (without the header and tabs).
fn attendee_lines(app: &App) -> Vec<String> {
    lines(&draw(app, 120, 30))
        .into_iter()
        .skip(2)
        .take(24)
        .collect()
}

/// A large seminar is read on the side; its first page comes ahead of everyone, and is
/// exactly what the whole list shows first once it is in (nothing jumps).
#[test]
fn a_large_seminar_shows_its_first_page_before_everyone_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::registry(dir.path(), "registry.db", 20_000);
    let store = Store::open(&path).unwrap();
    let clock = TestClock::new(nine_twelve());
    let mut app = app_on(store, "desk-1", false, &clock);
    press(&mut app, KeyCode::Char('2'));
    assert!(app.loading_people().is_some(), "read on the side");
    let waiting = attendee_lines(&app);

    let mut first_page = None;
    let start = Instant::now();
    while app.busy() && first_page.is_none() {
        assert!(start.elapsed() < Duration::from_secs(120), "nothing came");
        app.tick();
        if app.loading_people().is_some() && attendee_lines(&app) != waiting {
            first_page = Some(attendee_lines(&app));
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let first_page = first_page.expect("the first page is shown while everyone is read");
    assert!(
        first_page.iter().any(|l| l.contains("Abdyrakhmanova")),
        "real people:\n{}",
        first_page.join("\n")
    );
    settle_down(&mut app);
    assert!(app.loading_people().is_none());
    let whole = attendee_lines(&app);
    let differs: Vec<_> = whole
        .iter()
        .zip(&first_page)
        .filter(|(a, b)| a != b)
        .collect();
    assert!(
        differs.is_empty(),
        "the whole list starts the same: {differs:#?}"
    );
}

/// At a large seminar a save is put in place at once (nothing read on the side before
/// it shows), and another desk's edit is read on the side and put in place, the
/// selected line kept.
#[test]
fn a_large_seminar_shows_saves_at_once_and_other_desks_edits_in_place() {
    use rollcall::domain::NewAttendee;
    use rollcall::ui::command::Command;
    let dir = tempfile::tempdir().unwrap();
    let path = common::registry(dir.path(), "registry.db", 20_000);
    let store = Store::open(&path).unwrap();
    let event = store.event_by_code(common::EVENT).unwrap();
    let clock = TestClock::new(nine_twelve());
    let mut app = app_on(store, "desk-1", false, &clock);
    settle_down(&mut app);
    press(&mut app, KeyCode::Char('2'));

    let person = NewAttendee {
        given_name: "Aigerim".into(),
        family_name: "Aaltonen".into(),
        ..NewAttendee::default()
    };
    app.execute(Command::AddPerson {
        event: event.id,
        person: Box::new(person),
    });
    assert!(!app.busy(), "nothing read on the side before it shows");
    let shown = attendee_lines(&app).join("\n");
    assert!(
        shown.contains("Aaltonen, Aigerim"),
        "first in the list at once:\n{shown}"
    );

    // The cursor on the third line; another desk renames the person on the second.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let selected = selected_rows(&draw(&app, 120, 30));
    assert!(selected[0].contains("Asanov, Nurlan"), "{selected:?}");
    let mut other = other_desk(&app, "desk-2");
    let second = other.attendee_by_badge(event.id, 57).unwrap().unwrap();
    let renamed = NewAttendee {
        family_name: "Abdyrakhmanova-Renamed".into(),
        ..second.details.clone()
    };
    let Edit::Saved(_) = other
        .edit_attendee(second.id, &second.details, &renamed)
        .unwrap()
    else {
        panic!("saved");
    };
    assert!(app.tick(), "the commit is seen");
    settle_down(&mut app);
    let shown = attendee_lines(&app).join("\n");
    assert!(
        shown.contains("Abdyrakhmanova-Renamed"),
        "the rename is shown:\n{shown}"
    );
    let still = selected_rows(&draw(&app, 120, 30));
    assert!(
        still.len() == 1 && still[0].contains("Asanov, Nurlan"),
        "the same line stays selected: {still:?}"
    );
}
