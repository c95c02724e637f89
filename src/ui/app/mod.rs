//! The App: which screen is shown, the popup stack, the current event, the status line.
//! Keys arrive as Actions; the top popup or the screen answers with a Command, which
//! `execute` (execute.rs) runs against the Store — the one place where the TUI writes.

use super::ScreenId;
use super::action::Action;
use super::command::FormRequest;
use super::forms::PopupForm;
use super::jobs::Job;
use super::keymap::{self, Context, Focus, Keymap};
use super::registry::{Fresh, Registry};
use super::screens::attendees::AttendeesScreen;
use super::screens::delegations::DelegationsScreen;
use super::screens::desk::{Answer, DeskScreen, DeskView};
use super::screens::seminars::SeminarsScreen;
use super::screens::stats::StatsScreen;
use super::strings;
use super::theme::Theme;
use super::widgets::activity::{self, Activity};
use super::widgets::help;
use super::widgets::notice::{self, Notice};
use super::widgets::table::fit;
use crate::clock::Clock;
use crate::domain::{AttendeeId, CheckInOutcome, EventId};
use crate::search::Searcher;
use crate::store::{Revision, Store, StoreError};
use chrono::NaiveDateTime;
use crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::cell::{Cell, RefCell};

mod card;
mod day;
mod desk;
mod execute;
mod heads;
mod popups;
mod reach;
mod render;
mod stats;
mod sync;
mod transfer;
pub use desk::Confirm;
use desk::DeskAction;
use popups::Popup;
use reach::Reach;

/// The smallest terminal the screens are drawn in; below it a short message.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Above this many people an event is read on a thread of its own (about 0.5 s at
/// 100,000) while the screens already answer; below, at once.
const BACKGROUND_LOAD: u32 = 20_000;

/// How many people the first page read beside a load holds: a screenful on the
/// tallest terminal.
const FIRST_PAGE: usize = 200;

/// An event's people being read on a thread of their own: all of them, or (to follow
/// other desks) what changed.
struct Loading {
    event: EventId,
    people: u32,
    reader: std::thread::JoinHandle<Result<(Revision, Fresh), StoreError>>,
    /// The first page of a whole load, sent ahead of everyone (see `Registry::first_page`).
    first_page: Option<std::sync::mpsc::Receiver<Registry>>,
    /// The App's count of in-place changes when the read began: changes read from an
    /// older snapshot must not undo one made since.
    edits: u64,
}

pub struct Options {
    /// Recorded with each check-in this App makes.
    pub desk: String,
    /// Desk mode: open on the Desk; check-in, undo and walk-in only.
    pub desk_mode: bool,
    /// Where "now" comes from, for the App and the Store it writes through: the wall
    /// clock, or a time a test sets.
    pub clock: Clock,
    pub theme: Theme,
    /// The keys in force: the defaults with the user's config file over them.
    pub keymap: Keymap,
}

impl Options {
    pub fn new(desk: String) -> Options {
        Options {
            desk,
            desk_mode: false,
            clock: Clock::system(),
            theme: Theme::from_env(),
            keymap: Keymap::default(),
        }
    }
}

/// A message in the status line until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub text: String,
    pub is_error: bool,
}

pub struct App {
    store: Store,
    options: Options,
    pub screen: ScreenId,
    seminars: SeminarsScreen,
    attendees: AttendeesScreen,
    delegations: DelegationsScreen,
    desk: DeskScreen,
    stats: StatsScreen,
    /// What is open over the screens, bottom first: the top one has the keys, and
    /// they are drawn in this order.
    popups: Vec<Popup>,
    /// The current event, in memory.
    registry: Option<Registry>,
    /// The check of the file's structure, running beside the first frames.
    integrity: Option<std::thread::JoinHandle<Result<(), StoreError>>>,
    /// What the check found wrong: the registry is then only read, never written.
    damaged: Option<String>,
    /// A large registry being read on the side.
    loading: Option<Loading>,
    /// The Stats screen's numbers being read whole on the side (a large event).
    figures_reading: Option<stats::FiguresReading>,
    /// Its first page, shown on Attendees and the Desk until everyone is read.
    first_page: Option<Registry>,
    /// How many times the registry was changed in place (see `Loading::edits`).
    edits: u64,
    /// The revision the shown registry was read at (see `Store::snapshot`).
    revision: Revision,
    /// What was typed and entered on the Desk before the people were read, one entry
    /// per Enter: checked in as soon as they are (a badge scanner does not wait).
    pending_scans: Vec<String>,
    /// This desk's own actions, latest last, each with the event it was done in: undo
    /// takes back the latest one of the current event only.
    undo: Vec<(EventId, DeskAction)>,
    /// The day check-ins count for, chosen by an organiser; `None` follows the clock.
    day_choice: Option<chrono::NaiveDate>,
    pub toast: Option<Toast>,
    searcher: RefCell<Searcher>,
    data_version: i64,
    /// Whether the server answers; while it does not, the store is left alone.
    reach: Reach,
    /// Where the list was drawn last, for mouse clicks.
    list_area: Cell<Rect>,
    pub quit: bool,
}

impl App {
    /// Build the App on an open store, with the most recent event current.
    pub fn new(mut store: Store, options: Options) -> Result<App, StoreError> {
        store.set_desk(&options.desk);
        store.set_clock(options.clock.clone());
        let data_version = store.data_version()?;
        let mut app = App {
            store,
            options,
            screen: ScreenId::Seminars,
            seminars: SeminarsScreen::default(),
            attendees: AttendeesScreen::default(),
            delegations: DelegationsScreen::default(),
            desk: DeskScreen::default(),
            stats: StatsScreen::default(),
            popups: Vec::new(),
            registry: None,
            integrity: None,
            damaged: None,
            loading: None,
            figures_reading: None,
            first_page: None,
            edits: 0,
            revision: Revision::default(),
            pending_scans: Vec::new(),
            undo: Vec::new(),
            day_choice: None,
            toast: None,
            searcher: RefCell::new(Searcher::default()),
            data_version,
            reach: Reach::default(),
            list_area: Cell::new(Rect::default()),
            quit: false,
        };
        app.reload_events()?;
        if let Some(first) = app.seminars.events().first() {
            let (id, people) = (first.event.id, first.people);
            if people > BACKGROUND_LOAD {
                // The first frame (Seminars) needs only the counts: read the people
                // beside it instead of before it.
                app.load_in_background(id, people);
            } else {
                app.open_event(id)?;
            }
        }
        // Reading every page takes a moment at 100,000 people: do it on the side. A
        // server checks its own pages: no second connection just to hear so.
        if app.store.file().is_some() {
            let location = app.store.location().clone();
            app.integrity = Some(std::thread::spawn(move || {
                Store::open_at(&location)?.check_damage().map(|_| ())
            }));
        }
        if app.options.desk_mode {
            app.screen = ScreenId::Desk;
            app.desk.private = true;
        }
        Ok(app)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn current_event(&self) -> Option<EventId> {
        self.registry.as_ref().map(|r| r.event.id)
    }

    fn now(&self) -> NaiveDateTime {
        self.options.clock.now()
    }

    fn screen_context(&self) -> Context {
        match self.screen {
            ScreenId::Seminars => Context::Seminars,
            ScreenId::Attendees => Context::Attendees,
            ScreenId::Delegations => Context::Delegations,
            ScreenId::Stats => Context::Stats,
            // The Desk with no event open: only the keys that lead elsewhere.
            ScreenId::Desk => Context::Global,
        }
    }

    /// What has the keyboard: the top popup, the Desk input, or a screen (filtering
    /// or not).
    pub fn focus(&self) -> Focus {
        self.focus_under(self.popups.len())
    }

    /// What would have the keyboard with only the first `open` popups open.
    fn focus_under(&self, open: usize) -> Focus {
        if let Some(focus) = self.popups[..open].iter().rev().find_map(Popup::focus) {
            return focus;
        }
        let filtering = match self.screen {
            ScreenId::Seminars => self.seminars.filter.focused,
            ScreenId::Attendees => self.attendees.filter.focused,
            ScreenId::Delegations => self.delegations.filter.focused,
            ScreenId::Desk if self.registry.is_some() || self.loading.is_some() => {
                return Focus::DeskInput;
            }
            ScreenId::Desk | ScreenId::Stats => false,
        };
        Focus::Screen {
            screen: self.screen_context(),
            filtering,
        }
    }

    /// What the help overlay lists: the keys of what has focus under it.
    fn help_contexts(&self) -> Vec<Context> {
        let help = self
            .popups
            .iter()
            .rposition(|p| matches!(p, Popup::Help { .. }));
        keymap::contexts(self.focus_under(help.unwrap_or(self.popups.len())))
    }

    /// The contexts keys are resolved in right now, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        keymap::contexts(self.focus())
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        self.toast = None;
        if let Some(action) = self.options.keymap.resolve(&self.contexts(), key) {
            self.update(action);
        }
    }

    /// The wheel scrolls what is on top; a click picks a list line, and only when no
    /// popup is open: what lies under a popup is out of reach.
    pub fn handle_mouse(&mut self, mouse: MouseEvent) {
        let action = match mouse.kind {
            MouseEventKind::ScrollDown => Action::MoveDown,
            MouseEventKind::ScrollUp => Action::MoveUp,
            MouseEventKind::Down(_) if self.popups.is_empty() => {
                let area = self.list_area.get();
                // Below the top border and the header row, above the bottom border.
                let first = area.y + 2;
                if mouse.row < first || mouse.row + 1 >= area.bottom() {
                    return;
                }
                let cursor = match self.screen {
                    ScreenId::Seminars => &self.seminars.cursor,
                    ScreenId::Attendees => &self.attendees.cursor,
                    ScreenId::Delegations => &self.delegations.cursor,
                    ScreenId::Desk | ScreenId::Stats => return,
                };
                Action::SelectLine(cursor.line_at((mouse.row - first) as usize))
            }
            _ => return,
        };
        if self.popups.last().is_none_or(Popup::scrolls) {
            self.update(action);
        }
    }

    pub fn update(&mut self, action: Action) {
        self.act(action);
        self.follow_registry();
    }

    /// [`App::update`] but for the lists derived from the registry.
    fn act(&mut self, action: Action) {
        // A question answers Ctrl-C itself (a second one means it).
        let asking = matches!(self.popups.last(), Some(Popup::Confirm(_)));
        if action == Action::Quit && !asking {
            // Ctrl-C quits from anywhere (and q wherever it does not type): all that
            // was saved is saved. Only what is not saved yet is asked about, once.
            match self.unsaved() {
                Some(what) => self.popups.push(Popup::Confirm(Confirm::Quit { what })),
                None => self.quit = true,
            }
            return;
        }
        if self.update_popup(action) {
            return;
        }
        if self.options.desk_mode
            && matches!(
                action,
                Action::Show(_) | Action::NextScreen | Action::PrevScreen | Action::ChooseDay
            )
        {
            self.say(&strings::desk_mode_desk_only(&self.options.keymap), true);
            return;
        }
        match action {
            Action::LeaveDesk => self.popups.push(Popup::Confirm(Confirm::LeaveDesk)),
            Action::ChooseDay => self.choose_next_day(),
            Action::Help => self.popups.push(Popup::Help { scroll: 0 }),
            Action::Import => self.run(FormRequest::Import.into()),
            Action::Export => self.run(FormRequest::Export.into()),
            Action::Activity => self.run(super::command::Request::Activity.into()),
            Action::Show(screen) => {
                self.screen = screen;
                self.want_figures();
            }
            Action::NextScreen => {
                self.screen = self.screen.next();
                self.want_figures();
            }
            Action::PrevScreen => {
                self.screen = self.screen.prev();
                self.want_figures();
            }
            _ => {
                if let Some(effect) = self.update_screen(action) {
                    self.run(effect);
                }
            }
        }
    }

    fn update_screen(&mut self, action: Action) -> Option<super::command::Effect> {
        let searcher = self.searcher.get_mut();
        match (self.screen, &self.registry) {
            (ScreenId::Seminars, _) => self.seminars.update(action, searcher),
            (ScreenId::Attendees, Some(r)) => self.attendees.update(action, r, searcher),
            (ScreenId::Delegations, Some(r)) => self.delegations.update(action, r, searcher),
            (ScreenId::Desk, Some(r)) => self.desk.update(action, r, searcher),
            (ScreenId::Stats, Some(r)) => {
                self.stats.update(action, r);
                None
            }
            (ScreenId::Desk, None) if self.loading.is_some() => {
                // Still reading the people: keep what is typed and each Enter, search
                // and check in once they are in.
                if action == Action::CheckIn {
                    let typed = self.desk.input.value().trim().to_string();
                    if !typed.is_empty() {
                        self.pending_scans.push(typed);
                    }
                    self.desk.input.clear();
                } else {
                    self.desk.input.apply(action);
                }
                None
            }
            (_, None) => None,
        }
    }

    /// What quitting now would lose: typing in an open form, a running import.
    fn unsaved(&self) -> Option<String> {
        let typed_in_form = self.popups.iter().any(|p| match p {
            Popup::Form(form) => form.form().dirty,
            _ => false,
        });
        if self.job().is_some() {
            Some(strings::QUIT_STOPS_JOB.to_string())
        } else if typed_in_form {
            Some(strings::QUIT_LOSES_FORM.to_string())
        } else {
            None
        }
    }
}
