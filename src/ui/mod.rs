//! Everything that touches the terminal.

pub mod action;
pub mod app;
pub mod command;
pub mod config;
mod crash;
pub mod forms;
pub mod jobs;
pub mod keymap;
pub mod registry;
pub mod screens;
pub mod strings;
pub mod theme;
pub mod widgets;

use app::App;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind};
use crossterm::execute;
use std::io::stdout;
use std::time::{Duration, Instant};

/// The screens, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScreenId {
    Seminars,
    Attendees,
    Delegations,
    Desk,
    Stats,
}

impl ScreenId {
    pub const ALL: [ScreenId; 5] = [
        ScreenId::Seminars,
        ScreenId::Attendees,
        ScreenId::Delegations,
        ScreenId::Desk,
        ScreenId::Stats,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ScreenId::Seminars => "Seminars",
            ScreenId::Attendees => "Attendees",
            ScreenId::Delegations => "Delegations",
            ScreenId::Desk => "Desk",
            ScreenId::Stats => "Stats",
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn next(self) -> ScreenId {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }

    pub fn prev(self) -> ScreenId {
        Self::ALL[(self.index() + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

/// How often the gauge of a running import or export moves.
const JOB_INTERVAL: Duration = Duration::from_millis(100);
/// How soon to look again while the first page of a large registry is on its way: it
/// comes some 50 ms after the first frame, and people should see it then.
const FIRST_PAGE_INTERVAL: Duration = Duration::from_millis(10);

/// Run the TUI until the user quits. The terminal is restored on every way out:
/// return, error, or panic (the hook restores it before the panic is reported).
pub fn run(mut app: App) -> anyhow::Result<()> {
    let mut terminal = ratatui::init();
    crash::install_panic_hook(restore_terminal);
    let _ = execute!(stdout(), EnableMouseCapture);
    let result = event_loop(&mut terminal, &mut app);
    restore_terminal();
    result
}

fn restore_terminal() {
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> anyhow::Result<()> {
    let mut dirty = true;
    let mut last_watch = Instant::now();
    // A deliberate crash, for the test that proves the terminal comes back.
    let crash_test = std::env::var_os("ROLLCALL_CRASH_TEST").is_some();
    while !app.quit {
        if dirty {
            terminal.draw(|frame| app.render(frame))?;
            dirty = false;
        }
        if crash_test && app.toast.is_some() {
            panic!("crash test");
        }
        // Block until input, waking only to look for other desks' changes (as often as
        // the store finds that cheap), or, while an import or export runs, to move its
        // gauge.
        let interval = if app.awaiting_first_page() {
            FIRST_PAGE_INTERVAL
        } else if app.busy() {
            JOB_INTERVAL
        } else {
            app.store().watch_interval()
        };
        let wait = interval.saturating_sub(last_watch.elapsed());
        if event::poll(wait)? {
            match event::read()? {
                Event::Key(key) if key.kind == KeyEventKind::Press => {
                    app.handle_key(key);
                    dirty = true;
                }
                Event::Mouse(mouse) => {
                    app.handle_mouse(mouse);
                    dirty = true;
                }
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        }
        if last_watch.elapsed() >= interval {
            dirty |= app.tick();
            last_watch = Instant::now();
        }
    }
    Ok(())
}
