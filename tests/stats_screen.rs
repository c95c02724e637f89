//! The Stats screen (`5`), driven like a user on `TestBackend`: the sample seminar with
//! check-ins over its two days, drawn at 80×24 and 200×50; its numbers are the store's
//! (`event_stats`, `attendance`) and follow this desk's and other desks' check-ins.

mod common;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use common::app::*;
use crossterm::event::KeyCode;
use rollcall::domain::{CheckIn, Status};
use rollcall::store::Store;
use rollcall::ui::ScreenId;
use rollcall::ui::app::App;
use rollcall::ui::registry::Figures;
use std::collections::HashMap;

/// Day 2 of the sample seminar, 10:30: check-ins count for day 2.
fn day_two_morning() -> NaiveDateTime {
    at(2017, 7, 6, 10, 30, 0)
}

/// Check-ins of `badges` on `day`, the i-th `spread(i)` minutes after `from`.
fn sheet(
    store: &Store,
    badges: &[u32],
    day: NaiveDate,
    from: NaiveDateTime,
    spread: impl Fn(usize) -> i64,
) -> Vec<CheckIn> {
    badges
        .iter()
        .enumerate()
        .map(|(i, &badge)| CheckIn {
            attendee: person(store, badge).id,
            day,
            at: from + Duration::minutes(spread(i)),
            desk: "desk-2".into(),
        })
        .collect()
}

fn person(store: &Store, badge: u32) -> rollcall::domain::Attendee {
    let event = store.event_by_code(common::EVENT).unwrap();
    store
        .attendee_by_badge(event.id, badge)
        .unwrap()
        .expect("a badge of the sample")
}

/// Kyrgyzstan's four (badges 54–57) come on neither day: "none here".
const KYRGYZSTAN: std::ops::RangeInclusive<u32> = 54..=57;

/// The sample seminar with two mornings of check-ins recorded, opened at desk-1 on day
/// 2 at 10:30. Day 1: three in four of the registered from 08:00 to 09:59, the morning
/// rush in the middle; day 2: every other one of them from 08:40. Kyrgyzstan never.
fn two_days() -> (App, TestClock, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&common::registry(dir.path(), "stats.db", 0)).unwrap();
    let registered: Vec<u32> = (1..=71)
        .filter(|b| !KYRGYZSTAN.contains(b))
        .filter(|&b| person(&store, b).details.status == Status::Registered)
        .collect();
    let day_one_badges: Vec<u32> = registered
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 4 != 3)
        .map(|(_, b)| *b)
        .collect();
    let day_two_badges: Vec<u32> = day_one_badges.iter().step_by(2).copied().collect();
    // A bell over two hours: most in the middle quarter hours.
    let rush = |i: usize| {
        let (a, b) = ((i * 37) % 60, (i * 53) % 61);
        (a + b) as i64
    };
    let first = sheet(
        &store,
        &day_one_badges,
        day(5),
        at(2017, 7, 5, 8, 0, 0),
        rush,
    );
    let second = sheet(
        &store,
        &day_two_badges,
        day(6),
        at(2017, 7, 6, 8, 40, 0),
        |i| rush(i) / 2,
    );
    store.record_check_ins(&first).unwrap();
    store.record_check_ins(&second).unwrap();
    let clock = TestClock::new(day_two_morning());
    let mut app = app_on(store, "desk-1", false, &clock);
    press(&mut app, KeyCode::Char('5'));
    assert_eq!(app.screen, ScreenId::Stats);
    (app, clock, dir)
}

/// A day of the figures: arrivals per quarter hour, present, present per delegation.
type SettledDay = (NaiveDate, Vec<u32>, u32, Vec<(Option<i64>, u32)>);

/// The figures without the zeros an undo leaves behind: what the store would read.
fn settled(f: &Figures) -> (Vec<SettledDay>, String) {
    let days = f
        .attendance
        .days
        .iter()
        .map(|d| {
            let mut by: Vec<(Option<i64>, u32)> = d
                .by_delegation
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(id, n)| (id.map(|i| i.0), *n))
                .collect();
            by.sort();
            (d.day, d.arrivals.clone(), d.present, by)
        })
        .collect();
    let by_delegation: HashMap<_, _> = f
        .by_delegation
        .iter()
        .filter(|(_, t)| t.people > 0)
        .collect();
    let mut by_delegation: Vec<_> = by_delegation.into_iter().collect();
    by_delegation.sort_by_key(|(d, _)| d.map(|d| d.0));
    let tallies = format!(
        "{:?} {:?} {:?} {:?}",
        f.total, by_delegation, f.by_gender, f.by_role
    );
    (days, tallies)
}

/// The App's figures are what the store reads afresh (`event_stats`, `attendance`).
fn assert_figures_are_the_stores(app: &App) {
    let event = app.store().event(app.current_event().unwrap()).unwrap();
    let fresh = Figures::read(app.store(), &event).unwrap();
    let shown = app.figures().expect("the figures are read with the people");
    assert_eq!(settled(shown), settled(&fresh));
    // And the figures are those the store's own report functions give.
    let stats = app.store().event_stats(&event).unwrap();
    assert_eq!(shown.total, stats.total);
    assert_eq!(shown.by_gender, stats.by_gender);
    assert_eq!(shown.by_role, stats.by_role);
    for (delegation, tally) in &stats.by_delegation {
        let id = delegation.as_ref().map(|d| d.id);
        assert_eq!(shown.registered(id), tally.registered);
    }
    let attendance = app.store().attendance(&event).unwrap();
    for d in &attendance.days {
        let mine = shown.attendance.day(d.day).unwrap();
        assert_eq!((&mine.arrivals, mine.present), (&d.arrivals, d.present));
    }
}

/// The line of the delegation bars that names `name`.
fn bar_line(app: &App, name: &str) -> String {
    screen_text_at(app, 200, 50)
        .lines()
        .find(|l| l.contains(&format!("│{name} ")))
        .unwrap_or_else(|| panic!("no bar for {name}:\n{}", screen_text_at(app, 200, 50)))
        .to_string()
}

#[test]
fn stats_at_80x24_and_200x50() {
    let (mut app, _clock, _dir) = two_days();
    assert_figures_are_the_stores(&app);
    insta::assert_snapshot!("stats_80x24_day_2", draw(&app, 80, 24).backend());
    insta::assert_snapshot!("stats_200x50_day_2", draw(&app, 200, 50).backend());
    press(&mut app, KeyCode::Left);
    insta::assert_snapshot!("stats_80x24_day_1", draw(&app, 80, 24).backend());
}

#[test]
fn the_numbers_say_present_of_registered_and_who_is_missing() {
    let (mut app, _clock, _dir) = two_days();
    let text = screen_text_at(&app, 200, 50);
    assert!(
        text.contains("Day 2 of 2 · Thu 6 Jul · 23 present of 64 registered (36%)"),
        "{text}"
    );
    // Both days' curves side by side at 200 columns, the one shown marked.
    assert!(
        text.contains("Arrivals · day 1 · Wed 5 Jul · 45 present"),
        "{text}"
    );
    assert!(
        text.contains("▶ Arrivals · day 2 · Thu 6 Jul · 23 present"),
        "{text}"
    );
    let missing = bar_line(&app, "Kyrgyzstan");
    assert!(missing.contains("0/4 none here"), "{missing}");
    press(&mut app, KeyCode::Char('['));
    let text = screen_text_at(&app, 80, 24);
    assert!(
        text.contains("Day 1 of 2 · Wed 5 Jul · 45 present"),
        "{text}"
    );
    press(&mut app, KeyCode::Right);
    assert!(screen_text_at(&app, 80, 24).contains("Day 2 of 2"));
    press(&mut app, KeyCode::Right);
    assert!(
        screen_text_at(&app, 80, 24).contains("Day 2 of 2"),
        "the last day stays"
    );
}

#[test]
fn another_desks_check_in_moves_the_bars_after_a_tick() {
    let (mut app, _clock, _dir) = two_days();
    let before = bar_line(&app, "Kyrgyzstan");
    assert!(before.contains("0/4 none here"), "{before}");
    // Asanov, of Kyrgyzstan, comes to the other desk at 10:29.
    let mut other = other_desk(&app, "desk-2");
    let asanov = badge_id(&app, 54);
    other
        .check_in(asanov, day(6), at(2017, 7, 6, 10, 29, 0), "desk-2")
        .unwrap();
    app.tick();
    let after = bar_line(&app, "Kyrgyzstan");
    assert!(
        after.contains("1/4") && !after.contains("none here"),
        "{after}"
    );
    let text = screen_text_at(&app, 200, 50);
    assert!(text.contains("24 present of"), "{text}");
    assert_figures_are_the_stores(&app);
}

#[test]
fn another_desks_check_in_on_another_day_moves_that_day() {
    let (mut app, _clock, _dir) = two_days();
    let mut other = other_desk(&app, "desk-2");
    let late = sheet(
        &other,
        &[KYRGYZSTAN.start().to_owned()],
        day(5),
        at(2017, 7, 5, 16, 0, 0),
        |_| 0,
    );
    other.record_check_ins(&late).unwrap();
    app.tick();
    let text = screen_text_at(&app, 200, 50);
    assert!(
        text.contains("Arrivals · day 1 · Wed 5 Jul · 46 present"),
        "{text}"
    );
    assert_figures_are_the_stores(&app);
}

#[test]
fn this_desks_check_in_and_undo_move_the_numbers() {
    let (mut app, _clock, _dir) = two_days();
    press(&mut app, KeyCode::Char('4'));
    type_text(&mut app, "54");
    press(&mut app, KeyCode::Enter);
    assert_figures_are_the_stores(&app);
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        app.screen,
        ScreenId::Stats,
        "Tab goes on from the Desk to Stats"
    );
    assert!(bar_line(&app, "Kyrgyzstan").contains("1/4"));
    // 10:30 is the busiest quarter hour of nobody else: one arrival there.
    let text = screen_text_at(&app, 200, 50);
    assert!(text.contains("10:30"), "{text}");
    press(&mut app, KeyCode::Char('4'));
    ctrl(&mut app, 'z');
    assert_figures_are_the_stores(&app);
    press(&mut app, KeyCode::Tab);
    assert!(bar_line(&app, "Kyrgyzstan").contains("0/4 none here"));
}

#[test]
fn j_and_k_scroll_the_delegations_at_80x24() {
    let (mut app, _clock, _dir) = two_days();
    let range = |app: &App| {
        let text = screen_text_at(app, 80, 24);
        text.lines()
            .find(|l| l.contains("Delegations · "))
            .unwrap()
            .to_string()
    };
    let top = range(&app);
    assert!(top.contains(" 1–"), "{top}");
    press(&mut app, KeyCode::Char('j'));
    assert!(range(&app).contains(" 2–"), "{}", range(&app));
    press(&mut app, KeyCode::Char('G'));
    press(&mut app, KeyCode::Char('k'));
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(range(&app), top);
}

#[test]
fn help_on_stats_names_its_keys() {
    let (mut app, _clock, _dir) = two_days();
    press(&mut app, KeyCode::Char('?'));
    let text = screen_text_at(&app, 100, 40);
    for want in [
        "previous day",
        "next day",
        "Stats (arrivals",
        "delegations: scroll down",
    ] {
        assert!(text.contains(want), "{want}:\n{text}");
    }
}

#[test]
fn desk_mode_has_no_stats() {
    let clock = TestClock::new(day_two_morning());
    let (mut app, _dir) = sample_app("desk-1", true, &clock);
    press(&mut app, KeyCode::F(10));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.screen, ScreenId::Desk);
}

/// The figures kept person by person (what a large event does, where no reload
/// follows a change) end where a fresh read of the store does: a check-in of someone
/// invited, its undo, a move of someone present, a walk-in and its undo.
#[test]
fn figures_follow_one_person_at_a_time_as_the_store_does() {
    use rollcall::domain::{Gender, NewAttendee, Role};
    use rollcall::store::DelegationChoice;
    use rollcall::ui::registry::Registry;
    let (app, _clock, dir) = two_days();
    drop(app);
    let mut store = Store::open(&dir.path().join("stats.db")).unwrap();
    let event = store.event_by_code(common::EVENT).unwrap();
    let today = day(6);
    let now = at(2017, 7, 6, 10, 31, 0);
    let mut figures = Figures::read(&store, &event).unwrap();
    let fresh = |store: &Store| settled(&Figures::read(store, &event).unwrap());
    let registry = |store: &Store| Registry::load(store, event.id, today).unwrap();

    let invited = (1..=71)
        .map(|b| person(&store, b))
        .find(|p| p.details.status == Status::Invited)
        .expect("the sample invites someone");
    let before = figures.before(&registry(&store), invited.id);
    store.check_in(invited.id, today, now, "desk-1").unwrap();
    figures.follow(&store, before, today).unwrap();
    assert_eq!(settled(&figures), fresh(&store), "a check-in");

    let before = figures.before(&registry(&store), invited.id);
    store
        .undo_check_in(invited.id, today, "desk-1", now)
        .unwrap();
    figures.follow(&store, before, today).unwrap();
    assert_eq!(settled(&figures), fresh(&store), "its undo");

    let kyrgyzstan = delegation_named(&store, "Kyrgyzstan")
        .unwrap()
        .delegation
        .id;
    let mover = person(&store, 1);
    let before = figures.before(&registry(&store), mover.id);
    store.move_attendee(mover.id, Some(kyrgyzstan)).unwrap();
    figures.follow(&store, before, today).unwrap();
    assert_eq!(settled(&figures), fresh(&store), "a move");
    assert_eq!(figures.present(day(5), Some(kyrgyzstan)), 1);

    let walker = NewAttendee {
        given_name: "Aigerim".into(),
        family_name: "Walk-in".into(),
        gender: Gender::Female,
        role: Role::Observer,
        ..Default::default()
    };
    let choice = DelegationChoice::Existing(kyrgyzstan);
    // The registry as shown when the walk-in is saved: they are not in it yet.
    let shown = registry(&store);
    let without_them = settled(&figures);
    let (walked, _) = store
        .walk_in(event.id, &walker, &choice, today, now, "desk-1")
        .unwrap();
    let before = figures.before(&shown, walked.id);
    figures.follow(&store, before, today).unwrap();
    assert_eq!(settled(&figures), fresh(&store), "a walk-in");

    let before = figures.before(&registry(&store), walked.id);
    assert!(store.undo_walk_in(walked.id, "desk-1", now).unwrap());
    figures.forget(before, Gender::Female);
    assert_eq!(settled(&figures), fresh(&store), "its undo");
    assert_eq!(settled(&figures), without_them);
}

/// The figures are read when the Stats screen is first shown, not before: a desk that
/// never opens it neither reads nor keeps them. Another desk's edits read them again
/// only where they are kept.
#[test]
fn the_figures_are_read_when_the_screen_is_first_shown() {
    let clock = TestClock::new(day_two_morning());
    let (mut app, _dir) = sample_app("desk-1", false, &clock);
    assert!(app.figures().is_none(), "not read at open");
    let mut other = other_desk(&app, "desk-2");
    let event = app.current_event().unwrap();
    let asanov = other.attendee_by_badge(event, 54).unwrap().unwrap();
    let mut moved = asanov.details.clone();
    moved.position = "Colonel".into();
    other.update_attendee(asanov.id, &moved).unwrap();
    app.tick();
    assert!(app.figures().is_none(), "another desk's edit reads none");
    press(&mut app, KeyCode::Char('5'));
    assert!(app.figures().is_some(), "read on showing the screen");
    assert_figures_are_the_stores(&app);
}
