//! Lists show badges whole at any width, and the name column gets its width before
//! the others (issue 10, item 11).

mod common;

use common::app::*;
use crossterm::event::KeyCode;
use rollcall::domain::NewAttendee;
use rollcall::ui::ScreenId;
use rollcall::ui::app::App;

/// An App at desk-1 on the sample seminar, with `extra` people added first, at day 1
/// 09:12. The directory must outlive the App.
fn app_with(extra: &[NewAttendee]) -> (App, tempfile::TempDir) {
    sample_app_with("desk-1", false, extra, &TestClock::new(nine_twelve()))
}

/// Someone with a six-digit badge whose name sorts first.
fn six_digits() -> NewAttendee {
    NewAttendee {
        given_name: "Aino".into(),
        family_name: "Aabel".into(),
        badge: Some(100_010),
        ..NewAttendee::default()
    }
}

#[test]
fn six_digit_badges_are_shown_whole_at_any_width() {
    let (mut app, _dir) = app_with(&[six_digits()]);
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.screen, ScreenId::Attendees);
    for width in [60, 80, 100, 120, 200] {
        let rows = lines(&draw(&app, width, 24));
        let text = rows.join("\n");
        let row = rows
            .iter()
            .find(|r| r.contains("Aabel"))
            .unwrap_or_else(|| panic!("Aabel is listed first at {width}:\n{text}"));
        assert!(
            row.contains(" 100010 "),
            "badge 100010 whole at {width} columns:\n{text}"
        );
        // The short badges stand right-aligned under it.
        let first = rows
            .iter()
            .find(|r| r.contains("Batmunkh"))
            .unwrap_or_else(|| panic!("badge 1 is listed at {width}:\n{text}"));
        let end = |r: &str, s: &str| r.find(s).map(|i| r[..i + s.len()].chars().count());
        assert_eq!(
            end(first, " 1 "),
            end(row, " 100010 "),
            "badges right-aligned at {width}:\n{text}"
        );
    }
}

#[test]
fn the_longest_name_is_not_cut_at_120_columns() {
    let (mut app, _dir) = app_with(&[six_digits()]);
    // The sample's longest name as the list writes it ("Family, Given").
    let event = app.current_event().unwrap();
    let longest = app
        .store()
        .attendee_rows(event, nine_twelve().date())
        .unwrap()
        .iter()
        .map(|p| p.sort_name())
        .max_by_key(|n| n.chars().count())
        .unwrap();
    assert_eq!(longest, "Jargalsaikhan, Khishigbayar");
    press(&mut app, KeyCode::Char('2'));
    // Tall enough for all 72 people.
    let text = screen_text_at(&app, 120, 80);
    assert!(
        text.contains(&longest),
        "{longest} whole at 120 columns:\n{text}"
    );
    assert!(
        text.contains("Abdyrakhmanova, Gulnara"),
        "Abdyrakhmanova, Gulnara whole at 120 columns:\n{text}"
    );
    // The other texts still get their share.
    assert!(text.contains("Native name"), "{text}");
    assert!(text.contains("Organisation"), "{text}");
}

#[test]
fn narrow_lists_keep_room_for_the_delegation() {
    let (mut app, _dir) = app_with(&[six_digits()]);
    press(&mut app, KeyCode::Char('2'));
    let rows = lines(&draw(&app, 60, 24));
    let text = rows.join("\n");
    assert!(text.contains("Delegation"), "{text}");
    let row = rows.iter().find(|r| r.contains("Batmunkh")).unwrap();
    assert!(row.contains("Mongolia"), "the delegation is shown:\n{text}");
}

#[test]
fn seminar_codes_and_dates_are_shown_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = rollcall::store::Store::create_or_open(&dir.path().join("s.db")).unwrap();
    rollcall::demo::write_sample(&mut store).unwrap();
    let sample = store.event_by_code("ulaanbaatar-2017").unwrap();
    store
        .create_event(&rollcall::domain::NewEvent {
            code: "bishkek-summer-school-2026".into(),
            start_date: chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            end_date: chrono::NaiveDate::from_ymd_opt(2026, 7, 2).unwrap(),
            ..sample.details.clone()
        })
        .unwrap();
    let app = app_on(store, "desk-1", false, &TestClock::new(nine_twelve()));
    let text = screen_text_at(&app, 80, 24);
    assert!(text.contains("bishkek-summer-school-2026"), "{text}");
    assert!(text.contains("30 Jun – 2 Jul 2026"), "{text}");
}
