//! The TUI driven like a user, without a terminal: an `App` on a temporary store with
//! the sample seminar, fed key events, drawn on ratatui's `TestBackend`, with a clock
//! the test moves.

use chrono::{NaiveDate, NaiveDateTime};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rollcall::clock::Clock;
use rollcall::domain::NewAttendee;
use rollcall::store::{DelegationRow, Store};
use rollcall::ui::app::{App, Options};
use rollcall::ui::theme::Theme;
use std::sync::{Arc, Mutex};

/// Day 1 of the sample seminar, 09:12.
pub fn nine_twelve() -> NaiveDateTime {
    at(2017, 7, 5, 9, 12, 0)
}

/// Day 1 of the sample seminar (Wednesday 5 July 2017).
pub fn day_one() -> NaiveDate {
    nine_twelve().date()
}

/// Day `d` of July 2017 (the sample seminar runs on the 5th and 6th).
pub fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2017, 7, d).unwrap()
}

pub fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, s)
        .unwrap()
}

/// A clock the test sets; the App (and the Store it writes through) reads it at every
/// check-in, save and draw.
#[derive(Clone)]
pub struct TestClock(Arc<Mutex<NaiveDateTime>>);

impl TestClock {
    pub fn new(now: NaiveDateTime) -> TestClock {
        TestClock(Arc::new(Mutex::new(now)))
    }

    pub fn set(&self, now: NaiveDateTime) {
        *self.0.lock().unwrap() = now;
    }

    pub fn now(&self) -> NaiveDateTime {
        *self.0.lock().unwrap()
    }

    /// The App's clock, reading this one.
    pub fn clock(&self) -> Clock {
        let shared = self.clone();
        Clock::from_fn(move || shared.now())
    }
}

/// An App at desk `desk` on a fresh temporary registry holding the sample seminar.
/// The directory must outlive the App.
pub fn sample_app(desk: &str, desk_mode: bool, clock: &TestClock) -> (App, tempfile::TempDir) {
    sample_app_with(desk, desk_mode, &[], clock)
}

/// As `sample_app`, with `extra` people added to the sample seminar first.
pub fn sample_app_with(
    desk: &str,
    desk_mode: bool,
    extra: &[NewAttendee],
    clock: &TestClock,
) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&super::registry(dir.path(), "ui.db", 0)).unwrap();
    let event = store.event_by_code(super::EVENT).unwrap();
    for person in extra {
        store.add_attendee(event.id, person).unwrap();
    }
    (app_on(store, desk, desk_mode, clock), dir)
}

/// An App at desk `desk` on `store`.
pub fn app_on(store: Store, desk: &str, desk_mode: bool, clock: &TestClock) -> App {
    let options = Options {
        desk: desk.into(),
        desk_mode,
        clock: clock.clock(),
        theme: Theme::mono(),
        keymap: Default::default(),
    };
    App::new(store, options).unwrap()
}

/// A second desk on the App's file, as a second `rollcall` process would be.
pub fn other_desk(app: &App, name: &str) -> Store {
    let mut store = Store::open(app.store().path()).unwrap();
    store.set_desk(name);
    store
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Move a form's focus `n` fields on.
pub fn tab(app: &mut App, n: usize) {
    for _ in 0..n {
        press(app, KeyCode::Tab);
    }
}

/// A left click on row `row` of the terminal (the App must have been drawn).
pub fn click(app: &mut App, row: u16) {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    app.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    });
}

/// One notch of the mouse wheel, down or up (the App must have been drawn).
pub fn wheel(app: &mut App, down: bool) {
    use crossterm::event::{MouseEvent, MouseEventKind};
    let kind = if down {
        MouseEventKind::ScrollDown
    } else {
        MouseEventKind::ScrollUp
    };
    app.handle_mouse(MouseEvent {
        kind,
        column: 10,
        row: 5,
        modifiers: KeyModifiers::NONE,
    });
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

pub fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| app.render(f)).unwrap();
    terminal
}

/// The rendered screen as one string per row.
pub fn lines(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    (area.top()..area.bottom())
        .map(|y| {
            (area.left()..area.right())
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

/// The rows drawn as selected (the mono theme marks the selection in reverse video;
/// the tab bar, also reversed, is left out).
pub fn selected_rows(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    let text = lines(terminal);
    (area.top() + 2..area.bottom())
        .filter(|&y| {
            (area.left() + 1..area.right().saturating_sub(1)).any(|x| {
                buffer[(x, y)]
                    .modifier
                    .contains(ratatui::style::Modifier::REVERSED)
            })
        })
        .map(|y| text[y as usize].clone())
        .collect()
}

/// The screen drawn at 80×24, rows joined by newlines.
pub fn screen_text(app: &App) -> String {
    screen_text_at(app, 80, 24)
}

/// The screen drawn at `width`×`height`, rows joined by newlines.
pub fn screen_text_at(app: &App, width: u16, height: u16) -> String {
    lines(&draw(app, width, height)).join("\n")
}

/// The id of the person wearing `badge` in the current event.
pub fn badge_id(app: &App, badge: u32) -> rollcall::domain::AttendeeId {
    let event = app.current_event().expect("the sample seminar is open");
    app.store()
        .attendee_by_badge(event, badge)
        .unwrap()
        .expect("the badge exists in the sample")
        .id
}

/// The delegation of the sample seminar called `name`, if there is one.
pub fn delegation_named(store: &Store, name: &str) -> Option<DelegationRow> {
    let event = store.event_by_code(super::EVENT).unwrap();
    store
        .list_delegations(&event, day_one())
        .unwrap()
        .into_iter()
        .find(|d| d.delegation.details.name == name)
}

/// A one-day workshop a year before the sample seminar, to have a second event.
pub fn small_workshop() -> rollcall::domain::NewEvent {
    let date = NaiveDate::from_ymd_opt(2016, 3, 1).unwrap();
    rollcall::domain::NewEvent {
        code: "small-2016".into(),
        title: "A small workshop".into(),
        kind: rollcall::domain::EventKind::Workshop,
        venue: String::new(),
        city: "Bishkek".into(),
        country: Some("KG".into()),
        start_date: date,
        end_date: date,
        organiser: String::new(),
        description: String::new(),
        language: Default::default(),
    }
}
