//! Names come from imports: hostile text must reach the screen inert and aligned, at
//! any terminal size, on every screen.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend, buffer::Buffer};
use rollcall::domain::NewAttendee;
use rollcall::store::{DelegationRef, Store};
use rollcall::ui::app::{App, Options};
use rollcall::ui::theme::Theme;

/// Names a hostile spreadsheet could carry.
const HOSTILE: &[&str] = &[
    "\x1b[2J\x1b[HCleared",        // clear screen, cursor home
    "\x1b]0;pwned title\x07Title", // OSC window title
    "\x1b]52;c;ZXZpbA==\x07Clip",  // OSC 52: write to the clipboard
    "\x1b]8;;http://x.example\x1b\\Link\x1b]8;;\x1b\\", // OSC 8 hyperlink
    "\x1b[6nReport",               // CSI 6n: ask the terminal to type back
    "C1\u{9b}31mRed",              // 8-bit CSI
    "Bell\x07\x07",
    "Lone\x1bEsc",
    "abc\u{202e}fedcba", // right-to-left override
    "zero\u{200b}width\u{200d}joiner",
    "東京都庁 王小明",   // CJK, double width
    "👩‍👩‍👧‍👦 family 🇲🇳 flag", // emoji with joiners, regional indicators
    "Z\u{0307}\u{0323}algo combining",
    "ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ", // traditional Mongolian script
];

fn registry() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_or_open(&dir.path().join("hostile.db")).unwrap();
    rollcall::demo::write_sample(&mut store).unwrap();
    let event = store.event_by_code("ulaanbaatar-2017").unwrap();
    let long = "Ж".repeat(10_000);
    let people: Vec<_> = HOSTILE
        .iter()
        .copied()
        .chain(std::iter::once(long.as_str()))
        .enumerate()
        .map(|(i, name)| {
            let person = NewAttendee {
                given_name: name.to_string(),
                family_name: format!("Aaa{i} {name}"),
                native_name: name.to_string(),
                organisation: name.to_string(),
                ..NewAttendee::default()
            };
            (DelegationRef::None, person)
        })
        .collect();
    store.import_people(event.id, &[], &people).unwrap();
    (dir, store)
}

fn app(store: Store) -> App {
    let clock = || {
        NaiveDate::from_ymd_opt(2017, 7, 5)
            .unwrap()
            .and_hms_opt(9, 12, 0)
            .unwrap()
    };
    let options = Options {
        desk: "desk-1".into(),
        desk_mode: false,
        clock: rollcall::clock::Clock::from_fn(clock),
        theme: Theme::colour(),
        keymap: Default::default(),
    };
    App::new(store, options).unwrap()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Every cell of a rendered screen: nothing a terminal would act on.
fn assert_inert(buffer: &Buffer, what: &str) {
    for cell in buffer.content() {
        let symbol = cell.symbol();
        assert!(
            !symbol
                .chars()
                .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{what}: a cell holds {symbol:?}"
        );
    }
}

/// Every row reaches the terminal as laid out: each cell's symbol is one or two
/// columns wide (never zero: a combining mark or joiner alone in a cell would pull the
/// rest of the row one column left), a two-column symbol is followed by the empty
/// continuation cell the terminal draws it over (ratatui's diff skips that cell, so
/// anything written there is lost) and never starts in the last column, and every row
/// that starts with the frame's border `│` ends with it. Checked on the frame the App
/// rendered: TestBackend, unlike a terminal, leaves a stale cell under the right half
/// of a wide symbol that the diff drew over a previous screen.
fn assert_aligned(buffer: &Buffer, what: &str) {
    use unicode_width::UnicodeWidthStr;
    let (width, height) = (buffer.area.width, buffer.area.height);
    for y in 0..height {
        let symbol = |x: u16| buffer[(x, y)].symbol();
        let mut x = 0;
        while x < width {
            let columns = symbol(x).width() as u16;
            let at = format!("{what}: row {y}, column {x} holds {:?}", symbol(x));
            assert!(matches!(columns, 1 | 2), "{at}, {columns} columns wide");
            if columns == 2 {
                assert!(x + 1 < width, "{at}, two columns wide in the last one");
                assert_eq!(
                    symbol(x + 1),
                    " ",
                    "{at}: its continuation cell is not empty"
                );
            }
            x += columns;
        }
        if symbol(0) == "│" {
            assert_eq!(
                symbol(width - 1),
                "│",
                "{what}: row {y} lost its right border"
            );
        }
    }
}

#[test]
fn hostile_names_are_drawn_inert_and_aligned_on_every_screen() {
    let (_dir, store) = registry();
    let mut app = app(store);
    for (width, height) in [(80, 24), (200, 50), (60, 16)] {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        for screen in ['2', '3', '4'] {
            key(&mut app, KeyCode::Esc);
            key(&mut app, KeyCode::Esc);
            key(&mut app, KeyCode::Char(screen));
            if screen == '3' {
                // Open the unassigned group, where the hostile people are.
                key(&mut app, KeyCode::Char('G'));
                key(&mut app, KeyCode::Enter);
            }
            if screen == '4' {
                for c in "aaa".chars() {
                    key(&mut app, KeyCode::Char(c));
                }
            }
            let frame = terminal.draw(|f| app.render(f)).unwrap();
            let what = format!("screen {screen} at {width}×{height}");
            assert_inert(frame.buffer, &what);
            assert_aligned(frame.buffer, &what);
        }
    }
}

#[test]
fn no_terminal_size_panics_any_screen() {
    let (_dir, store) = registry();
    let mut app = app(store);
    let sizes = [
        (1, 1),
        (2, 3),
        (20, 5),
        (39, 8),
        (59, 15),
        (60, 16),
        (80, 24),
        (300, 100),
    ];
    for screen in ['1', '2', '3', '4'] {
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char(screen));
        for (w, h) in sizes {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| app.render(f)).unwrap();
            // Overlays too: help, and the walk-in form on the Desk.
            key(&mut app, KeyCode::F(1));
            terminal.draw(|f| app.render(f)).unwrap();
            key(&mut app, KeyCode::Esc);
        }
    }
    key(&mut app, KeyCode::F(2));
    for (w, h) in sizes {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| app.render(f)).unwrap();
    }
}

#[test]
fn typed_control_characters_never_enter_a_field() {
    let (_dir, store) = registry();
    let mut app = app(store);
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::F(2));
    for c in ['M', '\x1b', 'r', '\x07', '\u{9b}'] {
        key(&mut app, KeyCode::Char(c));
    }
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| app.render(f)).unwrap();
    assert_inert(terminal.backend().buffer(), "walk-in form");
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        screen.contains("Honorific: Mr"),
        "only the letters were typed"
    );
}

/// The alignment check itself can fail: each way a row can reach a terminal out of
/// line, made by hand in a framed row, is caught.
#[test]
fn the_alignment_check_catches_rows_a_terminal_would_misdraw() {
    let framed = || Buffer::with_lines(["│東 ab│"]);
    assert_aligned(&framed(), "a well-formed row");
    type Break = fn(&mut Buffer);
    let breaks: [(&str, Break); 4] = [
        ("text over a wide symbol's right half", |b| {
            b[(2, 0)].set_symbol("x");
        }),
        ("a zero-width symbol alone in a cell", |b| {
            b[(4, 0)].set_symbol("\u{301}");
        }),
        ("a wide symbol in the last column", |b| {
            b[(6, 0)].set_symbol("京");
        }),
        ("a lost right border", |b| {
            b[(6, 0)].set_symbol(" ");
        }),
    ];
    for (what, break_it) in breaks {
        let mut buffer = framed();
        break_it(&mut buffer);
        let caught = std::panic::catch_unwind(|| assert_aligned(&buffer, what));
        assert!(caught.is_err(), "not caught: {what}");
    }
}
