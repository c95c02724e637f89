//! The Desk as a volunteer with a queue uses it: never a guess checked in, a scanner
//! that never jams, the input that never leaves, the right day across midnight, undo
//! that undoes only this desk's own last action, answers that say what to do.

mod common;

use common::app::*;
use crossterm::event::KeyCode;
use rollcall::domain::Status;
use rollcall::ui::ScreenId;

fn on_the_desk(desk_mode: bool, clock: &TestClock) -> (rollcall::ui::app::App, tempfile::TempDir) {
    let (mut app, dir) = sample_app("desk-1", desk_mode, clock);
    if !desk_mode {
        press(&mut app, KeyCode::Char('4'));
    }
    assert_eq!(app.screen, ScreenId::Desk);
    (app, dir)
}

fn present(app: &rollcall::ui::app::App, on: chrono::NaiveDate) -> u32 {
    app.store()
        .present_count(app.current_event().unwrap(), on)
        .unwrap()
}

/// The list lines drawn highlighted (the answer box is drawn reversed too).
fn highlighted(app: &rollcall::ui::app::App) -> Vec<String> {
    selected_rows(&draw(app, 80, 24))
        .into_iter()
        .filter(|row| row.contains('▶'))
        .collect()
}

/// Whether the person wearing `badge` is checked in on `on`.
fn checked_in(app: &rollcall::ui::app::App, badge: u32, on: chrono::NaiveDate) -> bool {
    app.store()
        .check_in_of(badge_id(app, badge), on)
        .unwrap()
        .is_some()
}

fn status_of(app: &rollcall::ui::app::App, badge: u32) -> Status {
    let id = badge_id(app, badge);
    app.store().attendee(id).unwrap().details.status
}

#[test]
fn close_spellings_are_listed_but_never_checked_in_until_picked() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = on_the_desk(false, &clock);
    type_text(&mut app, "hadad");
    let text = screen_text(&app);
    assert!(text.contains("close spellings"), "{text}");
    assert!(text.contains("Amir HADDAD"), "{text}");
    assert_eq!(
        highlighted(&app),
        Vec::<String>::new(),
        "a close spelling is never highlighted"
    );

    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app);
    assert!(text.contains("NO ONE CHECKED IN"), "{text}");
    assert!(text.contains("pick a close spelling with ↓"), "{text}");
    assert_eq!(present(&app, day(5)), 0, "Enter checked no one in");

    // ↓ picks the first close spelling; Enter then takes exactly that line.
    press(&mut app, KeyCode::Down);
    let selected = highlighted(&app);
    assert!(
        selected.len() == 1 && selected[0].contains("HADDAD"),
        "{selected:?}"
    );
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app).contains("Amir HADDAD"));
    assert!(checked_in(&app, 47, day(5)));
    assert_eq!(present(&app, day(5)), 1);
}

#[test]
fn nonsense_checks_no_one_in() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = on_the_desk(false, &clock);
    for query in ["zzz", "wqxz", "ееее", "xyzzy"] {
        // Each query on its own, from an empty input.
        press(&mut app, KeyCode::Esc);
        type_text(&mut app, query);
        press(&mut app, KeyCode::Enter);
        // If any close spellings were listed, Enter again still checks no one in.
        press(&mut app, KeyCode::Enter);
    }
    assert_eq!(present(&app, day(5)), 0);
}

#[test]
fn a_scanner_never_jams_twenty_scans_two_misreads_eighteen_in() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = on_the_desk(true, &clock);
    let scans = [
        "1",
        "2",
        "3",
        "4",
        "5",
        "999",
        "6",
        "7",
        "8",
        "9",
        "10",
        "11",
        "12",
        "13",
        "14",
        "99999999999",
        "15",
        "16",
        "17",
        "18",
    ];
    for scan in scans {
        type_text(&mut app, scan);
        press(&mut app, KeyCode::Enter);
        // Whatever the answer, the input is empty and ready for the next scan.
        let input = lines(&draw(&app, 80, 24))[3].clone();
        assert!(
            input
                .trim_end_matches(['│', ' '])
                .ends_with("Name or badge:"),
            "input not empty after {scan}: {input}"
        );
    }
    assert_eq!(present(&app, day(5)), 18);
    for badge in 1..=18 {
        assert!(checked_in(&app, badge, day(5)), "badge {badge} is in");
    }
}

#[test]
fn a_typed_badge_highlights_its_owner_and_enter_takes_exactly_that_line() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = on_the_desk(false, &clock);
    type_text(&mut app, "1");
    let selected = highlighted(&app);
    assert!(
        selected.len() == 1 && selected[0].contains(" 1 Battsetseg BATMUNKH"),
        "badge 1 is highlighted, not 17: {selected:?}"
    );
    press(&mut app, KeyCode::Enter);
    assert!(checked_in(&app, 1, day(5)));
    assert!(!checked_in(&app, 17, day(5)));

    // A number no badge has highlights no one, and Enter says so.
    type_text(&mut app, "7000");
    assert!(highlighted(&app).is_empty());
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app).contains("no one with badge 7000"));
    assert_eq!(present(&app, day(5)), 1);
}

#[test]
fn the_desk_keeps_its_input_esc_only_clears() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = on_the_desk(false, &clock);
    type_text(&mut app, "bat");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    // Letters, digits and q still type; a scan still checks in.
    type_text(&mut app, "q2");
    assert_eq!(app.screen, ScreenId::Desk);
    assert!(!app.quit);
    assert!(screen_text(&app).contains("Name or badge: q2"));
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, "24");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenId::Desk, "a scan never switches screens");
    assert!(checked_in(&app, 24, day(5)));
}

#[test]
fn desk_mode_has_only_the_desk_and_leaving_it_asks() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = on_the_desk(true, &clock);
    let text = screen_text(&app);
    assert!(text.contains("Names are hidden"), "{text}");
    assert!(!text.contains("BATMUNKH"), "{text}");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.screen, ScreenId::Desk);
    type_text(&mut app, "2");
    assert_eq!(app.screen, ScreenId::Desk, "2 types in desk mode");
    press(&mut app, KeyCode::Esc);

    press(&mut app, KeyCode::F(10));
    assert!(screen_text(&app).contains("Leave the desk?"));
    press(&mut app, KeyCode::Char('n'));
    assert!(!app.quit);
    assert!(!screen_text(&app).contains("Leave the desk?"));
    press(&mut app, KeyCode::F(10));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.quit);

    // Ctrl-C quits at once (everything is saved).
    let (mut app, _dir) = on_the_desk(true, &clock);
    ctrl(&mut app, 'c');
    assert!(app.quit);
}

#[test]
fn a_desk_open_across_midnight_records_the_next_morning_on_day_two() {
    let clock = TestClock::new(at(2017, 7, 5, 23, 59, 55));
    let (mut app, _dir) = on_the_desk(false, &clock);
    type_text(&mut app, "47");
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app).contains("Wed 5 Jul 2017 · day 1 of 2"));

    clock.set(at(2017, 7, 6, 0, 0, 2));
    // Without a tick in between: the day is asked of the clock at the check-in.
    type_text(&mut app, "47");
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app);
    assert!(text.contains("CHECKED IN"), "{text}");
    assert!(!text.contains("ALREADY"), "day 2 is a new day:\n{text}");
    assert!(text.contains("day 2 (Thu 6 Jul)"), "{text}");
    assert!(text.contains("Thu 6 Jul 2017 · day 2 of 2"), "{text}");
    // Each day's count where there is room; at 80 columns the code goes first.
    let wide = screen_text_at(&app, 120, 30);
    assert!(wide.contains("present 1/64 (day 1: 1)"), "{wide}");
    assert!(text.contains("rollcall ulaanbaatar-2017 ·"), "{text}");
    assert!(checked_in(&app, 47, day(6)));

    // The tick alone also moves the presence shown to the new day.
    clock.set(at(2017, 7, 7, 0, 0, 1));
    app.tick();
    let text = screen_text(&app);
    assert!(text.contains("After the seminar"), "{text}");
}

#[test]
fn outside_the_dates_a_warning_says_which_day_and_an_organiser_may_choose() {
    let clock = TestClock::new(at(2017, 7, 4, 18, 0, 0));
    let (mut app, _dir) = sample_app("desk-1", false, &clock);
    press(&mut app, KeyCode::Char('4'));
    let text = screen_text(&app);
    assert!(
        text.contains("Before the seminar: check-ins count for day 1 (Wed 5 Jul)"),
        "{text}"
    );
    assert!(text.contains("Tue 4 Jul 2017 · day 1 of 2"), "{text}");

    // Badge pick-up the evening before day 2's arrivals: the organiser chooses day 2
    // (on any list; the Desk input would type the D).
    press(&mut app, KeyCode::Tab);
    assert_ne!(app.screen, ScreenId::Desk);
    press(&mut app, KeyCode::Char('D'));
    press(&mut app, KeyCode::Char('D'));
    press(&mut app, KeyCode::Char('4'));
    let text = screen_text(&app);
    assert!(text.contains("day 2 (Thu 6 Jul), chosen by hand"), "{text}");
    type_text(&mut app, "47");
    press(&mut app, KeyCode::Enter);
    assert!(checked_in(&app, 47, day(6)));
    assert!(!checked_in(&app, 47, day(5)));

    // The third D goes back to the clock.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('D'));
    assert!(screen_text(&app).contains("follows the clock"));
}

#[test]
fn undo_gives_back_invited_and_no_show_exactly() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = on_the_desk(false, &clock);
    for (badge, before) in [(26, Status::Invited), (24, Status::NoShow)] {
        assert_eq!(status_of(&app, badge), before);
        type_text(&mut app, &badge.to_string());
        press(&mut app, KeyCode::Enter);
        assert_eq!(status_of(&app, badge), Status::Registered);
        ctrl(&mut app, 'z');
        assert!(screen_text(&app).contains("CHECK-IN UNDONE"));
        assert_eq!(status_of(&app, badge), before, "badge {badge}");
    }
    assert_eq!(present(&app, day(5)), 0);
    ctrl(&mut app, 'z');
    assert!(screen_text(&app).contains("NOTHING TO UNDO"));
}

#[test]
fn undo_of_a_walk_in_removes_the_person_after_one_question() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = on_the_desk(false, &clock);
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Oyuna");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Walkinova");
    ctrl(&mut app, 's');
    let text = screen_text(&app);
    assert!(text.contains("CHECKED IN"), "{text}");
    let event = app.current_event().unwrap();
    let find = |app: &rollcall::ui::app::App| {
        app.store()
            .attendee_rows(event, day(5))
            .unwrap()
            .iter()
            .any(|p| p.family_name() == "Walkinova")
    };
    assert!(find(&app));

    ctrl(&mut app, 'z');
    assert!(screen_text(&app).contains("Undo the walk-in of Oyuna WALKINOVA?"));
    press(&mut app, KeyCode::Char('n'));
    assert!(find(&app), "no keeps the person");
    ctrl(&mut app, 'z');
    press(&mut app, KeyCode::Char('y'));
    assert!(!find(&app), "yes removes the person the walk-in created");
    assert!(screen_text(&app).contains("WALK-IN UNDONE"));
    assert_eq!(present(&app, day(5)), 0);
}

#[test]
fn undo_never_touches_another_desks_check_in() {
    let clock = TestClock::new(nine_twelve());
    let (mut one, _dir) = on_the_desk(false, &clock);
    let mut two = app_on(other_desk(&one, "desk-2"), "desk-2", false, &clock);
    press(&mut two, KeyCode::Char('4'));
    type_text(&mut two, "5");
    press(&mut two, KeyCode::Enter);
    ctrl(&mut one, 'z');
    assert!(screen_text(&one).contains("NOTHING TO UNDO"));
    assert!(checked_in(&one, 5, day(5)), "desk-2's check-in stands");
}

#[test]
fn the_answer_tells_the_desk_what_to_do() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = on_the_desk(false, &clock);
    for (badge, says) in [
        (37, "needs: wheelchair access"),
        (1, "SPEAKER"),
        (47, "diet: halal"),
        (43, "PRESS"),
    ] {
        type_text(&mut app, &badge.to_string());
        press(&mut app, KeyCode::Enter);
        let text = screen_text(&app);
        assert!(text.contains(says), "badge {badge}: {says}\n{text}");
    }
    // Already in: the needs are said again.
    type_text(&mut app, "37");
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app);
    assert!(text.contains("ALREADY CHECKED IN"), "{text}");
    assert!(text.contains("needs: wheelchair access"), "{text}");
}

#[test]
fn a_non_name_match_shows_the_field_that_matched() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = on_the_desk(false, &clock);
    // Denise Carter's delegation; her organisation is a police department.
    type_text(&mut app, "united states");
    let text = screen_text(&app);
    let carter = text
        .lines()
        .find(|l| l.contains("CARTER"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(carter.contains("United States"), "{carter}");
    // A name match shows the organisation.
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, "carter");
    let text = screen_text(&app);
    assert!(text.contains("Montgomery Cou"), "{text}");
}

#[test]
fn ctrl_c_quits_from_a_form_and_asks_once_when_something_was_typed() {
    let clock = TestClock::new(nine_twelve());
    // An empty walk-in form: Ctrl-C quits at once.
    let (mut app, _dir) = on_the_desk(false, &clock);
    press(&mut app, KeyCode::F(2));
    ctrl(&mut app, 'c');
    assert!(app.quit);

    // Something typed: one question; no keeps the form and what was typed.
    let (mut app, _dir) = on_the_desk(false, &clock);
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Oyuna");
    ctrl(&mut app, 'c');
    assert!(!app.quit);
    assert!(screen_text(&app).contains("What you typed in the form is not saved"));
    press(&mut app, KeyCode::Char('n'));
    assert!(!app.quit);
    assert!(
        screen_text(&app).contains("Oyuna"),
        "the form is still there"
    );
    ctrl(&mut app, 'c');
    ctrl(&mut app, 'c');
    assert!(app.quit, "a second Ctrl-C means it");

    // The person form on Attendees, the same.
    let (mut app, _dir) = sample_app("desk-1", false, &clock);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('e'));
    type_text(&mut app, "x");
    ctrl(&mut app, 'c');
    assert!(!app.quit);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.quit);
}

#[test]
fn a_walk_in_spelled_another_way_is_shown_as_the_person_already_registered() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = on_the_desk(false, &clock);
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Amir");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Khaddad");
    ctrl(&mut app, 's');
    let text = screen_text_at(&app, 100, 30);
    assert!(text.contains("HADDAD"), "{text}");
    assert_eq!(
        present(&app, day(5)),
        0,
        "nothing saved yet: the desk decides"
    );
}

#[test]
fn the_line_picked_with_down_stays_picked_when_another_desk_changes_the_registry() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = on_the_desk(false, &clock);
    type_text(&mut app, "bat");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let before = highlighted(&app);
    assert_eq!(before.len(), 1, "{before:?}");
    // Another desk renames a delegation: the registry is read again.
    let mut other = other_desk(&app, "desk-2");
    let event = other.event_by_code("ulaanbaatar-2017").unwrap();
    let first = other.list_delegations(&event, day(5)).unwrap()[0]
        .delegation
        .clone();
    let renamed = rollcall::domain::NewDelegation {
        name: format!("{} (renamed)", first.details.name),
        ..first.details.clone()
    };
    other.update_delegation(first.id, &renamed).unwrap();
    app.tick();
    let after = highlighted(&app);
    let name = |rows: &[String]| rows[0].split_whitespace().nth(3).map(str::to_string);
    assert_eq!(name(&after), name(&before), "{before:?} → {after:?}");
}

#[test]
fn help_on_the_desk_lists_the_desks_keys_not_the_ones_that_type_here() {
    let clock = TestClock::new(nine_twelve());
    let (mut app, _dir) = on_the_desk(false, &clock);
    press(&mut app, KeyCode::F(1));
    let text = screen_text_at(&app, 100, 40);
    assert!(text.contains("F10"), "{text}");
    assert!(text.contains("other screens"), "{text}");
    assert!(text.contains("quit at once"), "{text}");
    // The keys of the other screens (1–4, q) type here: they are not listed.
    assert!(!text.contains("Everywhere"), "{text}");
    assert!(!text.contains("Desk (check-in)"), "{text}");
}

/// Undo belongs to the seminar it was done in: at another one there is nothing of
/// this desk's to take back, and the check-in at the first stands.
#[test]
fn undo_at_another_seminar_leaves_the_first_seminars_check_in() {
    use rollcall::store::Store;
    let clock = TestClock::new(nine_twelve());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&common::registry(dir.path(), "ui.db", 0)).unwrap();
    store.create_event(&small_workshop()).unwrap();
    let mut app = app_on(store, "desk-1", false, &clock);
    let first = app.current_event().unwrap();
    let five = badge_id(&app, 5);
    press(&mut app, KeyCode::Char('4'));
    type_text(&mut app, "5");
    press(&mut app, KeyCode::Enter);
    assert!(checked_in(&app, 5, day(5)));

    // The Desk types digits: go to the Seminars as a click on its tab would.
    app.screen = ScreenId::Seminars;
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    assert_ne!(app.current_event(), Some(first), "the workshop is open");
    press(&mut app, KeyCode::Char('4'));
    ctrl(&mut app, 'z');
    let text = screen_text(&app);
    assert!(text.contains("NOTHING TO UNDO"), "{text}");
    assert!(
        app.store().check_in_of(five, day(5)).unwrap().is_some(),
        "the check-in at the first seminar stands"
    );
}
