//! The person card (issue 10, item 9): Enter on a person in Attendees shows every
//! field and their check-ins per day, read-only; Esc or Enter closes it.

mod common;

use chrono::NaiveDate;
use common::app::*;
use crossterm::event::KeyCode;
use rollcall::domain::{CheckIn, NewAttendee};
use rollcall::store::Store;
use rollcall::ui::ScreenId;
use rollcall::ui::app::App;
use rollcall::ui::keymap::Focus;

/// An App at desk-1 on the sample seminar, with `extra` people added first, at day 1
/// 09:12, on Attendees. The directory must outlive the App.
fn app_with(extra: &[NewAttendee]) -> (App, tempfile::TempDir) {
    let clock = TestClock::new(nine_twelve());
    let (mut app, dir) = sample_app_with("desk-1", false, extra, &clock);
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.screen, ScreenId::Attendees);
    (app, dir)
}

/// The line of the card that starts with `label`.
fn card_row<'a>(rows: &'a [String], label: &str) -> &'a str {
    rows.iter()
        .find(|r| r.contains(&format!("│ {label}")))
        .unwrap_or_else(|| panic!("{label:?} on the card:\n{}", rows.join("\n")))
}

/// Filter Attendees down to `query`, keep the filter, and select the first match.
fn select(app: &mut App, query: &str) {
    press(app, KeyCode::Char('/'));
    type_text(app, query);
    press(app, KeyCode::Enter);
}

/// Someone with every field filled in.
fn complete() -> NewAttendee {
    NewAttendee {
        honorific: "Dr".into(),
        given_name: "Aigerim".into(),
        family_name: "Zhaksybekova".into(),
        native_name: "Жаксыбекова Айгерим".into(),
        position: "Senior Adviser".into(),
        organisation: "Academy of the Ministry of Internal Affairs".into(),
        country: Some("KZ".into()),
        email: "a.zhaksybekova@example.kz".into(),
        phone: "+7 7172 555 010".into(),
        rank: Some(3),
        badge: Some(500),
        diet: "vegan, no nuts".into(),
        access: "hearing loop".into(),
        notes: "Arrives on the evening of day 1; leaves before the closing session".into(),
        ..NewAttendee::default()
    }
}

#[test]
fn enter_opens_the_card_with_every_field_and_the_days() {
    let (mut app, _dir) = app_with(&[complete()]);
    select(&mut app, "zhaksybekova");
    assert!(app.focus() != Focus::Card, "not yet");
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus(), Focus::Card);
    let rows = lines(&draw(&app, 100, 50));
    let text = rows.join("\n");
    for shown in [
        "Dr Aigerim ZHAKSYBEKOVA · badge 500",
        "Жаксыбекова Айгерим",
        "Senior Adviser",
        "Academy of the Ministry of Internal Affairs",
        "KZ — Kazakhstan",
        "a.zhaksybekova@example.kz",
        "+7 7172 555 010",
        "vegan, no nuts",
        "hearing loop",
        "Arrives on the evening of day 1",
        "Participant",
        "Registered",
    ] {
        assert!(text.contains(shown), "{shown:?} on the card:\n{text}");
    }
    let row = |label: &str| card_row(&rows, label);
    assert!(row("Diet").contains("vegan, no nuts"), "{text}");
    assert!(row("Access").contains("hearing loop"), "{text}");
    assert!(row("Rank").contains('3'), "{text}");
    // Not in a delegation: shown empty.
    assert!(row("Delegation").contains('—'), "{text}");
    assert!(row("Head of delegation").contains("no"), "{text}");
    let day_one = row("2017-07-05");
    assert!(day_one.contains("day 1"), "{text}");
    assert!(
        day_one.contains("checked in 09:12 by desk-1"),
        "day 1 shows the check-in just made:\n{text}"
    );
    let day_two = row("2017-07-06");
    assert!(day_two.contains("day 2"), "{text}");
    assert!(day_two.contains("not checked in"), "{text}");
}

#[test]
fn a_delegation_member_shows_the_delegation_and_whether_head() {
    let (mut app, _dir) = app_with(&[]);
    // Geneviève Tremblay heads Canada's delegation.
    select(&mut app, "tremblay");
    press(&mut app, KeyCode::Enter);
    let rows = lines(&draw(&app, 100, 50));
    let text = rows.join("\n");
    let row = |label: &str| card_row(&rows, label);
    assert!(row("Delegation").contains("Canada"), "{text}");
    assert!(row("Head of delegation").contains("★ yes"), "{text}");
    assert!(row("Phone").contains("+1 613 555 0178"), "{text}");
    // Empty fields are shown as such.
    assert!(row("Diet").contains('—'), "{text}");
    assert!(row("2017-07-05").contains("not checked in"), "{text}");
}

#[test]
fn esc_and_enter_close_the_card() {
    let (mut app, _dir) = app_with(&[]);
    select(&mut app, "lkhagva erdenechimeg");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus(), Focus::Card);
    let text = screen_text_at(&app, 100, 30);
    assert!(
        text.contains("Dr Erdenechimeg LKHAGVA · badge 37"),
        "{text}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.focus() != Focus::Card);
    let text = screen_text_at(&app, 100, 30);
    assert!(!text.contains("Check-ins"), "closed:\n{text}");
    // The filter was kept: the list still shows the one person.
    assert!(text.contains("1 of 71"), "{text}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus(), Focus::Card);
    press(&mut app, KeyCode::Enter);
    assert!(app.focus() != Focus::Card);
    // `e` still edits.
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(app.focus(), Focus::Form);
}

#[test]
fn keys_do_not_reach_the_list_under_the_card() {
    let (mut app, _dir) = app_with(&[]);
    select(&mut app, "lkhagva erdenechimeg");
    press(&mut app, KeyCode::Enter);
    // 'c' would check in, 'q' would quit: on the card neither does.
    press(&mut app, KeyCode::Char('c'));
    assert!(!app.quit);
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.quit, "q closes the card, as it closes help");
    assert!(app.focus() != Focus::Card);
    let id = badge_id(&app, 37);
    assert!(app.store().check_ins_of(id).unwrap().is_empty());
    // Ctrl-C still quits.
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'c');
    assert!(app.quit);
}

#[test]
fn the_card_scrolls_when_it_does_not_fit() {
    let (mut app, _dir) = app_with(&[complete()]);
    select(&mut app, "zhaksybekova");
    press(&mut app, KeyCode::Enter);
    let top = screen_text_at(&app, 60, 16);
    assert!(top.contains("Badge"), "{top}");
    assert!(!top.contains("Check-ins"), "{top}");
    assert!(top.contains("more"), "says there is more:\n{top}");
    press(&mut app, KeyCode::Char('G'));
    let bottom = screen_text_at(&app, 60, 16);
    assert!(bottom.contains("not checked in"), "{bottom}");
    assert!(!bottom.contains("Honorific"), "{bottom}");
    // Past the end it stays at the end.
    for _ in 0..50 {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(screen_text_at(&app, 60, 16), bottom);
    press(&mut app, KeyCode::Home);
    assert_eq!(screen_text_at(&app, 60, 16), top);
    press(&mut app, KeyCode::Down);
    assert_ne!(screen_text_at(&app, 60, 16), top);
}

#[test]
fn the_card_draws_at_every_size() {
    let (mut app, _dir) = app_with(&[complete()]);
    select(&mut app, "zhaksybekova");
    press(&mut app, KeyCode::Enter);
    for (width, height) in [
        (60, 16),
        (61, 17),
        (80, 24),
        (100, 30),
        (120, 40),
        (200, 50),
    ] {
        let rows = lines(&draw(&app, width, height));
        let text = rows.join("\n");
        assert!(text.contains("ZHAKSYBEKOVA"), "{width}×{height}:\n{text}");
        assert!(text.contains("Esc closes"), "{width}×{height}:\n{text}");
        // The card sits inside the screen, under the header and above the status line.
        assert!(
            rows[height as usize - 1].contains("Esc/Enter"),
            "the status line names the card's keys at {width}×{height}:\n{text}"
        );
    }
    // Tall enough: everything at once, nothing to scroll.
    let text = screen_text_at(&app, 200, 50);
    assert!(
        text.contains("Honorific") && text.contains("not checked in"),
        "{text}"
    );
    assert!(!text.contains("more"), "{text}");
}

#[test]
fn card_snapshot_100x30() {
    let (mut app, _dir) = app_with(&[]);
    select(&mut app, "lkhagva erdenechimeg");
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("card_100x30", draw(&app, 100, 30).backend());
}

#[test]
fn a_hostile_name_is_drawn_inert() {
    let hostile = NewAttendee {
        given_name: "Mallory\x1b[2J".into(),
        family_name: "Hostile\x1b]0;owned\x07".into(),
        notes: "\u{202e}reversed".into(),
        ..NewAttendee::default()
    };
    let (mut app, _dir) = app_with(&[hostile]);
    select(&mut app, "mallory");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus(), Focus::Card);
    let terminal = draw(&app, 100, 40);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || c == '\u{202e}'),
            "a control character reached the screen: {:?}",
            cell.symbol()
        );
    }
    let text = lines(&terminal).join("\n");
    assert!(text.contains("Mallory␛[2J"), "{text}");
    assert!(text.contains("HOSTILE␛]0;OWNED␇"), "{text}");
}

#[test]
fn check_ins_of_lists_every_day_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_or_open(&dir.path().join("history.db")).unwrap();
    rollcall::demo::write_sample(&mut store).unwrap();
    let event = store.event_by_code("ulaanbaatar-2017").unwrap();
    let id = store.attendee_by_badge(event.id, 1).unwrap().unwrap().id;
    let other = store.attendee_by_badge(event.id, 2).unwrap().unwrap().id;
    assert!(store.check_ins_of(id).unwrap().is_empty());
    let day = |d: u32| NaiveDate::from_ymd_opt(2017, 7, d).unwrap();
    let at = |d: u32, h: u32| day(d).and_hms_opt(h, 0, 0).unwrap();
    // Day 2 first, then day 1: the answer is by day.
    store.check_in(id, day(6), at(6, 8), "desk-2").unwrap();
    store.check_in(other, day(5), at(5, 8), "desk-1").unwrap();
    store.check_in(id, day(5), at(5, 9), "desk-1").unwrap();
    assert_eq!(
        store.check_ins_of(id).unwrap(),
        vec![
            CheckIn {
                attendee: id,
                day: day(5),
                at: at(5, 9),
                desk: "desk-1".into()
            },
            CheckIn {
                attendee: id,
                day: day(6),
                at: at(6, 8),
                desk: "desk-2".into()
            },
        ]
    );
}
