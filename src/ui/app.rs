//! The App: which screen is shown, the overlays, the current event, the status line.
//! Keys arrive as Actions; screens answer with Effects, which the App runs against the
//! Store — the one place where the TUI writes.

use super::ScreenId;
use super::action::{Action, Effect};
use super::keymap::{self, Context};
use super::registry::Registry;
use super::screens::{
    attendees::AttendeesScreen, delegations::DelegationsScreen, seminars::SeminarsScreen,
};
use super::strings;
use super::theme::Theme;
use super::widgets::help;
use crate::domain::EventId;
use crate::search::Searcher;
use crate::store::{Store, StoreError};
use chrono::NaiveDateTime;
use crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::cell::{Cell, RefCell};

/// The smallest terminal the screens are drawn in; below it a short message.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 8;

/// Where "now" comes from: the wall clock, or a fixed time in tests.
pub type Clock = Box<dyn Fn() -> NaiveDateTime>;

pub struct Options {
    /// Recorded with each check-in this App makes.
    pub desk: String,
    pub clock: Clock,
    pub theme: Theme,
}

impl Options {
    pub fn new(desk: String) -> Options {
        Options {
            desk,
            clock: Box::new(|| chrono::Local::now().naive_local()),
            theme: Theme::from_env(),
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
    /// The current event, in memory.
    registry: Option<Registry>,
    /// Scroll position of the help overlay, when open.
    help: Option<u16>,
    pub toast: Option<Toast>,
    searcher: RefCell<Searcher>,
    data_version: i64,
    /// Where the list was drawn last, for mouse clicks.
    list_area: Cell<Rect>,
    pub quit: bool,
}

impl App {
    /// Build the App on an open store, with the most recent event current.
    pub fn new(store: Store, options: Options) -> Result<App, StoreError> {
        let data_version = store.data_version()?;
        let mut app = App {
            store,
            options,
            screen: ScreenId::Seminars,
            seminars: SeminarsScreen::default(),
            attendees: AttendeesScreen::default(),
            delegations: DelegationsScreen::default(),
            registry: None,
            help: None,
            toast: None,
            searcher: RefCell::new(Searcher::default()),
            data_version,
            list_area: Cell::new(Rect::default()),
            quit: false,
        };
        app.reload_events()?;
        if let Some(first) = app.seminars.events().first() {
            let id = first.event.id;
            app.open_event(id)?;
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
        (self.options.clock)()
    }

    fn screen_context(&self) -> Context {
        match self.screen {
            ScreenId::Seminars => Context::Seminars,
            ScreenId::Attendees => Context::Attendees,
            ScreenId::Delegations => Context::Delegations,
        }
    }

    fn text_input_focused(&self) -> bool {
        match self.screen {
            ScreenId::Seminars => self.seminars.filter.focused,
            ScreenId::Attendees => self.attendees.filter.focused,
            ScreenId::Delegations => self.delegations.filter.focused,
        }
    }

    /// The contexts keys are resolved in right now, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        keymap::contexts(
            self.screen_context(),
            self.text_input_focused(),
            self.help.is_some(),
        )
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        self.toast = None;
        if let Some(action) = keymap::resolve(&self.contexts(), key) {
            self.update(action);
        }
    }

    pub fn handle_mouse(&mut self, mouse: MouseEvent) {
        let action = match mouse.kind {
            MouseEventKind::ScrollDown => Action::MoveDown,
            MouseEventKind::ScrollUp => Action::MoveUp,
            MouseEventKind::Down(_) => {
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
                };
                Action::SelectLine(cursor.line_at((mouse.row - first) as usize))
            }
            _ => return,
        };
        if self.help.is_none() {
            self.update(action);
        }
    }

    pub fn update(&mut self, action: Action) {
        if let Some(scroll) = self.help.as_mut() {
            match action {
                Action::Back | Action::Help => self.help = None,
                Action::MoveDown => *scroll = scroll.saturating_add(1),
                Action::MoveUp => *scroll = scroll.saturating_sub(1),
                Action::Quit => self.quit = true,
                _ => {}
            }
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.help = Some(0),
            Action::Show(screen) => self.screen = screen,
            Action::NextScreen => self.screen = self.screen.next(),
            Action::PrevScreen => self.screen = self.screen.prev(),
            _ => {
                if let Some(effect) = self.update_screen(action) {
                    self.run(effect);
                }
            }
        }
    }

    fn update_screen(&mut self, action: Action) -> Option<Effect> {
        let searcher = self.searcher.get_mut();
        match (self.screen, &self.registry) {
            (ScreenId::Seminars, _) => self.seminars.update(action, searcher),
            (ScreenId::Attendees, Some(r)) => self.attendees.update(action, r, searcher),
            (ScreenId::Delegations, Some(r)) => self.delegations.update(action, r, searcher),
            (_, None) => None,
        }
    }

    /// Run a screen's effect against the store and hand the result back.
    fn run(&mut self, effect: Effect) {
        let result = match effect {
            Effect::OpenEvent(id) => self.open_event(id).map(|()| {
                self.screen = ScreenId::Attendees;
            }),
        };
        if let Err(e) = result {
            self.error(e);
        }
    }

    fn error(&mut self, e: StoreError) {
        self.toast = Some(Toast {
            text: crate::domain::inert(&e.to_string()).into_owned(),
            is_error: true,
        });
    }

    fn reload_events(&mut self) -> Result<(), StoreError> {
        let today = self.now().date();
        let events = self.store.list_events(today)?;
        self.seminars.set_events(events, self.searcher.get_mut());
        Ok(())
    }

    fn open_event(&mut self, id: EventId) -> Result<(), StoreError> {
        let changed = self.current_event() != Some(id);
        let registry = Registry::load(&self.store, id, self.now().date())?;
        if changed {
            self.attendees = AttendeesScreen::default();
            self.delegations = DelegationsScreen::default();
        }
        let searcher = self.searcher.get_mut();
        self.attendees.refresh(&registry, searcher);
        self.delegations.refresh(&registry, searcher);
        self.registry = Some(registry);
        Ok(())
    }

    /// Called about once a second while idle: pick up other desks' commits. Returns
    /// whether anything changed (and the screen needs drawing).
    pub fn tick(&mut self) -> bool {
        match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                self.data_version = v;
                let result = self
                    .reload_events()
                    .and_then(|()| match self.current_event() {
                        Some(id) => self.open_event(id),
                        None => Ok(()),
                    });
                if let Err(e) = result {
                    self.error(e);
                }
                true
            }
            Ok(_) => false,
            Err(e) => {
                self.error(e);
                true
            }
        }
    }

    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        let theme = &self.options.theme;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let text = format!("{} {MIN_WIDTH}×{MIN_HEIGHT}", strings::TOO_SMALL);
            frame.render_widget(
                Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
                area,
            );
            return;
        }
        let [header, tabs, main, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.render_header(frame, header);
        self.render_tabs(frame, tabs);
        self.list_area.set(main);
        let mut searcher = self.searcher.borrow_mut();
        match (self.screen, &self.registry) {
            (ScreenId::Seminars, _) => {
                self.seminars
                    .render(frame, main, theme, self.current_event())
            }
            (ScreenId::Attendees, Some(r)) => {
                self.attendees.render(frame, main, theme, r, &mut searcher)
            }
            (ScreenId::Delegations, Some(r)) => {
                self.delegations
                    .render(frame, main, theme, r, &mut searcher)
            }
            (_, None) => {
                super::widgets::table::empty(frame, main, theme, " rollcall ", strings::NO_EVENT)
            }
        }
        self.render_status(frame, status);
        if let Some(scroll) = self.help {
            let contexts =
                keymap::contexts(self.screen_context(), self.text_input_focused(), false);
            help::render(frame, main, theme, &contexts, scroll);
        }
    }

    fn render_header(&self, frame: &mut Frame, area: Rect) {
        let theme = &self.options.theme;
        let mut spans = vec![Span::styled(format!(" {} ", strings::APP), theme.title)];
        let mut right = String::new();
        if let Some(r) = &self.registry {
            spans.push(Span::styled(r.event.details.code.clone(), theme.key));
            spans.push(Span::styled(
                format!(" · {}", crate::domain::inert(&r.event.details.title)),
                theme.dim,
            ));
            right = format!(
                " {} ",
                strings::present_of(r.present, r.registered, r.day_number())
            );
        }
        let [left_area, right_area] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(right.chars().count() as u16),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(Line::from(spans)), left_area);
        frame.render_widget(
            Paragraph::new(Span::styled(right, theme.present)),
            right_area,
        );
    }

    fn render_tabs(&self, frame: &mut Frame, area: Rect) {
        let theme = &self.options.theme;
        let mut spans = Vec::new();
        for (i, screen) in ScreenId::ALL.iter().enumerate() {
            let style = if *screen == self.screen {
                theme.tab_active
            } else {
                theme.tab
            };
            spans.push(Span::styled(
                format!(" {} {} ", i + 1, screen.title()),
                style,
            ));
            spans.push(Span::raw(" "));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn render_status(&self, frame: &mut Frame, area: Rect) {
        let theme = &self.options.theme;
        if let Some(toast) = &self.toast {
            let style = if toast.is_error {
                theme.error
            } else {
                theme.present
            };
            frame.render_widget(
                Paragraph::new(Span::styled(format!(" {}", toast.text), style)),
                area,
            );
            return;
        }
        // While typing, only the keys that work in the field are worth the room.
        let contexts = self.contexts();
        let contexts = if self.text_input_focused() {
            &contexts[..1]
        } else {
            &contexts[..]
        };
        let mut spans = Vec::new();
        for b in keymap::visible(contexts).into_iter().filter(|b| b.in_bar) {
            spans.push(Span::styled(format!(" {}", b.label), theme.key));
            spans.push(Span::styled(format!(" {} ", b.hint), theme.dim));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }
}
