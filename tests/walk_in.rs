//! The walk-in form as the desk uses it: a whole person (country, position, gender),
//! a delegation created from a country without leaving the form, and choices that
//! never keep — or save — an option their text no longer matches. The App is driven by
//! keys and drawn on ratatui's `TestBackend` (helpers in tests/common/app.rs).

mod common;

use common::app::*;
use crossterm::event::KeyCode;
use rollcall::domain::{Attendee, Category, Gender, NewAttendee};
use rollcall::store::{DelegationChoice, DelegationRow, Store};
use rollcall::ui::app::App;

fn demo_app() -> (App, tempfile::TempDir) {
    sample_app("desk-1", false, &TestClock::new(nine_twelve()))
}

fn screen(app: &App) -> Vec<String> {
    lines(&draw(app, 100, 30))
}

/// The form's row for the field labelled `label`, as drawn at 100×30.
fn row(app: &App, label: &str) -> String {
    let rows = screen(app);
    let wanted = format!("{label}:");
    rows.iter()
        .find(|r| r.contains(&wanted))
        .cloned()
        .unwrap_or_else(|| panic!("no {label} row:\n{}", rows.join("\n")))
}

/// The walk-in form, opened from the Desk with F2, focus on Honorific.
fn open_walk_in(app: &mut App) {
    press(app, KeyCode::Char('4'));
    press(app, KeyCode::F(2));
    let text = screen(app).join("\n");
    assert!(
        text.contains("Walk-in"),
        "F2 opens the walk-in form:\n{text}"
    );
}

/// Type the names and move on to Delegation (Tab order: honorific, given name, family
/// name, native name, organisation, delegation, country, role, position, gender, email).
fn names_then_delegation(app: &mut App, given: &str, family: &str) {
    type_text(app, "Mr");
    tab(app, 1);
    type_text(app, given);
    tab(app, 1);
    type_text(app, family);
    tab(app, 3);
}

fn event_delegations(app: &App) -> Vec<DelegationRow> {
    let event = app.store().event(app.current_event().unwrap()).unwrap();
    app.store().list_delegations(&event, day_one()).unwrap()
}

/// The one person of the current event with this family name, if any.
fn person(app: &App, family: &str) -> Option<Attendee> {
    let event = app.current_event().unwrap();
    let rows = app.store().attendee_rows(event, day_one()).unwrap();
    let mut found = rows.iter().filter(|r| r.family_name() == family);
    let first = found.next()?;
    assert!(found.next().is_none(), "one {family}");
    Some(app.store().attendee(first.id).unwrap())
}

fn people_count(app: &App) -> usize {
    let event = app.current_event().unwrap();
    app.store().attendee_rows(event, day_one()).unwrap().len()
}

#[test]
fn typing_kaz_never_keeps_denmark_and_saving_creates_kazakhstan() {
    let (mut app, _dir) = demo_app();
    assert!(delegation_named(app.store(), "Kazakhstan").is_none());
    open_walk_in(&mut app);
    names_then_delegation(&mut app, "Arman", "Nurlanov");

    // "k" is in Denmark: a true match, picked.
    type_text(&mut app, "k");
    assert!(row(&app, "Delegation").contains("◂ Denmark ▸"));
    assert!(
        row(&app, "Country").contains("Denmark (DK)"),
        "an empty Country follows the delegation"
    );
    // "kaz" is in no delegation's name: Denmark goes, the country is offered.
    type_text(&mut app, "az");
    let text = screen(&app).join("\n");
    assert!(
        !text.contains("Denmark"),
        "Denmark is no longer selected, in Delegation or Country:\n{text}"
    );
    let delegation = row(&app, "Delegation");
    assert!(
        delegation.contains("◂ + new delegation: Kazakhstan ▸"),
        "{delegation}\n{text}"
    );
    assert!(
        row(&app, "Country").contains("◂ Kazakhstan (KZ) ▸"),
        "the Country filled from Denmark follows to Kazakhstan:\n{text}"
    );

    ctrl(&mut app, 's');
    let text = screen(&app).join("\n");
    assert!(!text.contains("Walk-in —"), "saved and closed:\n{text}");

    let kz = delegation_named(app.store(), "Kazakhstan").expect("the delegation was created");
    let details = &kz.delegation.details;
    assert_eq!(details.country.as_deref(), Some("KZ"));
    assert_eq!(details.category, Category::ParticipatingState);
    assert_eq!(details.sort_key, "Kazakhstan");
    assert_eq!(kz.members, 1);
    let arman = person(&app, "Nurlanov").expect("the walk-in was saved");
    assert_eq!(arman.details.given_name, "Arman");
    assert_eq!(arman.details.delegation, Some(kz.delegation.id));
    assert_eq!(arman.details.country.as_deref(), Some("KZ"));
    let check_in = app
        .store()
        .check_in_of(arman.id, day_one())
        .unwrap()
        .expect("checked in");
    assert_eq!(check_in.desk, "desk-1");
    let audit = app
        .store()
        .recent_activity(app.current_event().unwrap(), 5)
        .unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.action == "walk_in" && a.attendee == Some(arman.id)),
        "audited as walk_in: {audit:?}"
    );
}

#[test]
fn country_from_the_iso_picker_position_and_gender_are_saved() {
    let (mut app, _dir) = demo_app();
    open_walk_in(&mut app);
    names_then_delegation(&mut app, "Oyun", "Dorj");
    tab(&mut app, 1);
    type_text(&mut app, "mong");
    assert!(row(&app, "Country").contains("◂ Mongolia (MN) ▸"));
    tab(&mut app, 2);
    type_text(&mut app, "Deputy Director");
    tab(&mut app, 1);
    type_text(&mut app, "fem");
    assert!(row(&app, "Gender").contains("◂ Female ▸"));
    ctrl(&mut app, 's');

    let oyun = person(&app, "Dorj").expect("the walk-in was saved");
    assert_eq!(oyun.details.country.as_deref(), Some("MN"));
    assert_eq!(oyun.details.position, "Deputy Director");
    assert_eq!(oyun.details.gender, Gender::Female);
    assert_eq!(oyun.details.delegation, None);
    assert!(
        app.store()
            .check_in_of(oyun.id, day_one())
            .unwrap()
            .is_some()
    );
}

#[test]
fn a_failed_walk_in_leaves_no_new_delegation() {
    // Refused by the form: no given name.
    let (mut app, _dir) = demo_app();
    let delegations = event_delegations(&app).len();
    open_walk_in(&mut app);
    names_then_delegation(&mut app, "", "Nurlanov");
    type_text(&mut app, "kaz");
    assert!(row(&app, "Delegation").contains("+ new delegation: Kazakhstan"));
    ctrl(&mut app, 's');
    let given = row(&app, "Given name");
    assert!(given.contains('✗'), "an error beside Given name: {given}");
    assert!(delegation_named(app.store(), "Kazakhstan").is_none());
    assert_eq!(event_delegations(&app).len(), delegations);
    assert_eq!(people_count(&app), 71);

    // Refused by the store inside the transaction, after the delegation was written:
    // no badge number is left. The delegation goes with the rest.
    let last = NewAttendee {
        given_name: "Last".into(),
        family_name: "Badge".into(),
        badge: Some(rollcall::domain::MAX_BADGE),
        ..NewAttendee::default()
    };
    let (mut app, _dir) = sample_app_with("desk-1", false, &[last], &TestClock::new(nine_twelve()));
    open_walk_in(&mut app);
    names_then_delegation(&mut app, "Arman", "Nurlanov");
    type_text(&mut app, "kaz");
    assert!(row(&app, "Delegation").contains("+ new delegation: Kazakhstan"));
    ctrl(&mut app, 's');
    let text = screen(&app).join("\n");
    assert!(text.contains("Walk-in —"), "the form stays open:\n{text}");
    assert!(
        text.contains("no badge numbers left"),
        "the store's refusal is shown:\n{text}"
    );
    assert!(delegation_named(app.store(), "Kazakhstan").is_none());
    assert_eq!(event_delegations(&app).len(), delegations);
    assert!(person(&app, "Nurlanov").is_none());
}

#[test]
fn the_store_creates_a_walk_ins_delegation_in_the_same_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_or_open(&dir.path().join("store.db")).unwrap();
    rollcall::demo::write_sample(&mut store).unwrap();
    let event = store.event_by_code("ulaanbaatar-2017").unwrap();
    let kz = rollcall::domain::NewDelegation {
        name: "Kazakhstan".into(),
        category: Category::ParticipatingState,
        sort_key: "Kazakhstan".into(),
        country: Some("KZ".into()),
    };
    let count = |store: &Store| store.list_delegations(&event, day_one()).unwrap().len();
    let before = count(&store);
    let nobody = NewAttendee {
        given_name: "Arman".into(),
        family_name: String::new(),
        ..NewAttendee::default()
    };
    let choice = DelegationChoice::New(kz.clone());
    assert!(
        store
            .walk_in(event.id, &nobody, &choice, day_one(), nine_twelve(), "d")
            .is_err()
    );
    assert_eq!(count(&store), before, "no delegation left behind");

    let arman = NewAttendee {
        family_name: "Nurlanov".into(),
        ..nobody
    };
    let (a, c) = store
        .walk_in(event.id, &arman, &choice, day_one(), nine_twelve(), "d")
        .unwrap();
    assert_eq!(count(&store), before + 1);
    let d = store.delegation(a.details.delegation.unwrap()).unwrap();
    assert_eq!(d.details, kz);
    assert_eq!(c.attendee, a.id);
    // A second desk that still offered "+ new delegation: Kazakhstan" joins it.
    let aida = NewAttendee {
        given_name: "Aida".into(),
        ..arman
    };
    let (b, _) = store
        .walk_in(event.id, &aida, &choice, day_one(), nine_twelve(), "e")
        .unwrap();
    assert_eq!(b.details.delegation, Some(d.id));
    assert_eq!(count(&store), before + 1);
}

#[test]
fn a_typed_but_unmatched_choice_is_refused_with_a_message() {
    let (mut app, _dir) = demo_app();
    open_walk_in(&mut app);
    names_then_delegation(&mut app, "Arman", "Nurlanov");
    type_text(&mut app, "zzz");
    let delegation = row(&app, "Delegation");
    assert!(delegation.contains("(no match)"), "{delegation}");
    assert!(delegation.contains("zzz"), "{delegation}");
    assert!(!delegation.contains("(none)"), "{delegation}");
    ctrl(&mut app, 's');
    let text = screen(&app).join("\n");
    assert!(text.contains("Walk-in —"), "not saved:\n{text}");
    let delegation = row(&app, "Delegation");
    assert!(
        delegation.contains("✗ nothing matches \"zzz\""),
        "a message beside the field: {delegation}"
    );
    assert_eq!(people_count(&app), 71);
    assert!(person(&app, "Nurlanov").is_none());

    // Emptying the text brings back the pick from before; then it saves.
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    assert!(row(&app, "Delegation").contains("◂ (none) ▸"));
    ctrl(&mut app, 's');
    assert!(person(&app, "Nurlanov").is_some());
}

#[test]
fn the_person_form_refuses_an_unmatched_choice_too() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Mr");
    tab(&mut app, 1);
    type_text(&mut app, "Arman");
    tab(&mut app, 1);
    type_text(&mut app, "Nurlanov");
    // Honorific, given, family, native, gender, position, organisation, delegation.
    tab(&mut app, 5);
    type_text(&mut app, "kaz");
    let delegation = row(&app, "Delegation");
    assert!(
        delegation.contains("(no match)") && !delegation.contains("Denmark"),
        "{delegation}"
    );
    ctrl(&mut app, 's');
    assert!(row(&app, "Delegation").contains("nothing matches"));
    assert!(person(&app, "Nurlanov").is_none());
}

#[test]
fn walk_in_form_100x30() {
    let (mut app, _dir) = demo_app();
    open_walk_in(&mut app);
    names_then_delegation(&mut app, "Arman", "Nurlanov");
    type_text(&mut app, "kaz");
    let terminal = draw(&app, 100, 30);
    insta::assert_snapshot!("walk_in_form_100x30", terminal.backend());
}
