//! The App: which screen is shown, the overlays, the current event, the status line.
//! Keys arrive as Actions; screens answer with Effects, which the App runs against the
//! Store — the one place where the TUI writes.

use super::ScreenId;
use super::action::{Action, EditRequest, Effect};
use super::forms::{self, FieldErrors, FormPopup, Purpose};
use super::jobs::{Job, Outcome};
use super::keymap::{self, Context, Focus};
use super::registry::Registry;
use super::screens::attendees::AttendeesScreen;
use super::screens::delegations::DelegationsScreen;
use super::screens::desk::{Answer, DeskScreen};
use super::screens::seminars::SeminarsScreen;
use super::screens::walk_in::{WalkInOutcome, WalkInPopup};
use super::strings;
use super::theme::Theme;
use super::widgets::activity::{self, Activity};
use super::widgets::form::FormOutcome;
use super::widgets::help;
use super::widgets::notice::{self, Notice};
use super::widgets::table::fit;
use crate::domain::{AttendeeId, CheckInOutcome, EventId};
use crate::search::Searcher;
use crate::store::{Store, StoreError};
use crate::transfer::export::{self, ExportOptions};
use crate::transfer::import::{self, ImportOptions};
use chrono::NaiveDateTime;
use crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::cell::{Cell, RefCell};
use std::path::PathBuf;

/// The smallest terminal the screens are drawn in; below it a short message.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Above this many people an event is read on a thread of its own (about 0.5 s at
/// 100,000) while the screens already answer; below, at once.
const BACKGROUND_LOAD: u32 = 20_000;

/// An event's people being read on a thread of their own.
struct Loading {
    people: u32,
    reader: std::thread::JoinHandle<Result<Registry, StoreError>>,
}

/// Where "now" comes from: the wall clock, or a fixed time in tests.
pub type Clock = Box<dyn Fn() -> NaiveDateTime>;

pub struct Options {
    /// Recorded with each check-in this App makes.
    pub desk: String,
    /// Desk mode: open on the Desk; check-in, undo and walk-in only.
    pub desk_mode: bool,
    pub clock: Clock,
    pub theme: Theme,
}

impl Options {
    pub fn new(desk: String) -> Options {
        Options {
            desk,
            desk_mode: false,
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
    desk: DeskScreen,
    /// The walk-in form, when open.
    walk_in: Option<WalkInPopup>,
    /// A form to create, change, delete or move a record, when open.
    popup: Option<FormPopup>,
    /// The current event, in memory.
    registry: Option<Registry>,
    /// Scroll position of the help overlay, when open.
    help: Option<u16>,
    /// The activity overlay, when open.
    activity: Option<Activity>,
    /// An import or export running in the background.
    job: Option<Job>,
    /// The check of the file's structure, running beside the first frames.
    integrity: Option<std::thread::JoinHandle<Result<(), StoreError>>>,
    /// What the check found wrong: the registry is then only read, never written.
    damaged: Option<String>,
    /// A large registry being read on the side.
    loading: Option<Loading>,
    /// The registry's fingerprint when it was loaded (see `Store::registry_mark`).
    mark: String,
    /// Enter was pressed on the Desk before the people were read: check in as soon
    /// as they are (a badge scanner does not wait).
    pending_check_in: bool,
    /// What the last import or export said, until Esc.
    notice: Option<Notice>,
    pub toast: Option<Toast>,
    searcher: RefCell<Searcher>,
    data_version: i64,
    /// Where the list was drawn last, for mouse clicks.
    list_area: Cell<Rect>,
    pub quit: bool,
}

impl App {
    /// Build the App on an open store, with the most recent event current.
    pub fn new(mut store: Store, options: Options) -> Result<App, StoreError> {
        store.set_desk(&options.desk);
        let data_version = store.data_version()?;
        let mut app = App {
            store,
            options,
            screen: ScreenId::Seminars,
            seminars: SeminarsScreen::default(),
            attendees: AttendeesScreen::default(),
            delegations: DelegationsScreen::default(),
            desk: DeskScreen::default(),
            walk_in: None,
            popup: None,
            registry: None,
            help: None,
            activity: None,
            job: None,
            integrity: None,
            damaged: None,
            loading: None,
            mark: String::new(),
            pending_check_in: false,
            notice: None,
            toast: None,
            searcher: RefCell::new(Searcher::default()),
            data_version,
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
        // Reading every page takes a moment at 100,000 people: do it on the side.
        let path = app.store.path().to_path_buf();
        app.integrity = Some(std::thread::spawn(move || {
            Store::open(&path)?.quick_check()
        }));
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
        (self.options.clock)()
    }

    fn screen_context(&self) -> Context {
        match self.screen {
            ScreenId::Seminars => Context::Seminars,
            ScreenId::Attendees => Context::Attendees,
            ScreenId::Delegations => Context::Delegations,
            ScreenId::Desk => Context::Desk,
        }
    }

    /// What has the keyboard: help, a form, the Desk input, or a screen (filtering
    /// or not).
    pub fn focus(&self) -> Focus {
        if self.help.is_some() || self.activity.is_some() || self.notice.is_some() {
            Focus::Help
        } else {
            self.focus_under_help()
        }
    }

    /// What would have the keyboard if help were closed.
    fn focus_under_help(&self) -> Focus {
        if self.walk_in.is_some() || self.popup.is_some() {
            return Focus::Form;
        }
        let filtering = match self.screen {
            ScreenId::Seminars => self.seminars.filter.focused,
            ScreenId::Attendees => self.attendees.filter.focused,
            ScreenId::Delegations => self.delegations.filter.focused,
            ScreenId::Desk
                if self.desk.focused && (self.registry.is_some() || self.loading.is_some()) =>
            {
                return Focus::DeskInput;
            }
            ScreenId::Desk => false,
        };
        Focus::Screen {
            screen: self.screen_context(),
            filtering,
        }
    }

    /// What the help overlay lists: the keys of what would have focus without it.
    fn help_contexts(&self) -> Vec<Context> {
        let mut contexts = keymap::contexts(self.focus_under_help());
        if contexts.first() == Some(&Context::DeskInput) {
            // The Desk's keys outside the input are worth knowing too.
            contexts.insert(2, Context::Desk);
        }
        contexts
    }

    /// The contexts keys are resolved in right now, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        keymap::contexts(self.focus())
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
                    ScreenId::Desk => return,
                };
                Action::SelectLine(cursor.line_at((mouse.row - first) as usize))
            }
            _ => return,
        };
        if self.help.is_none() && self.walk_in.is_none() && self.popup.is_none() {
            self.update(action);
        }
    }

    pub fn update(&mut self, action: Action) {
        if let Some(scroll) = self.help {
            let max = help::max_scroll(&self.help_contexts(), self.list_area.get());
            self.help = match action {
                Action::Back | Action::Help => None,
                Action::MoveDown => Some((scroll + 1).min(max)),
                Action::MoveUp => Some(scroll.saturating_sub(1)),
                Action::PageDown | Action::Last => Some(max),
                Action::PageUp | Action::First => Some(0),
                _ => Some(scroll),
            };
            if action == Action::Quit {
                self.quit = true;
            }
            return;
        }
        if let Some(notice) = self.notice.as_mut() {
            match action {
                Action::Back | Action::Help => self.notice = None,
                Action::MoveDown => notice.scroll = notice.scroll.saturating_add(1),
                Action::MoveUp => notice.scroll = notice.scroll.saturating_sub(1),
                Action::Quit => self.quit = true,
                _ => {}
            }
            return;
        }
        if self.job.is_some() {
            if action == Action::Quit {
                self.toast = Some(Toast {
                    text: strings::JOB_RUNNING.to_string(),
                    is_error: true,
                });
            }
            return;
        }
        if let Some(activity) = self.activity.as_mut() {
            match action {
                Action::Back | Action::Activity => self.activity = None,
                Action::Quit => self.quit = true,
                other => {
                    activity.cursor.apply(other, activity.rows.len());
                }
            }
            return;
        }
        if self.walk_in.is_some() {
            self.update_walk_in(action);
            return;
        }
        if self.popup.is_some() {
            self.update_popup(action);
            return;
        }
        if self.options.desk_mode
            && matches!(
                action,
                Action::New | Action::Edit | Action::Delete | Action::Move
            )
        {
            self.toast = Some(Toast {
                text: strings::DESK_MODE_NO_EDITS.to_string(),
                is_error: true,
            });
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.help = Some(0),
            Action::Import | Action::Export if self.options.desk_mode => {
                self.toast = Some(Toast {
                    text: strings::DESK_MODE_NO_EDITS.to_string(),
                    is_error: true,
                });
            }
            Action::Import if self.damaged.is_some() => {
                self.toast = Some(Toast {
                    text: strings::DAMAGED_NO_WRITES.to_string(),
                    is_error: true,
                });
            }
            Action::Import if self.registry.is_some() => self.popup = Some(FormPopup::import()),
            Action::Export => {
                if let Some(r) = &self.registry {
                    self.popup = Some(FormPopup::export(&r.event));
                }
            }
            Action::Activity => {
                if let Some(event) = self.current_event() {
                    match self.store.recent_activity(event, activity::LIMIT) {
                        Ok(rows) => {
                            self.activity = Some(Activity {
                                rows,
                                cursor: Default::default(),
                            })
                        }
                        Err(e) => self.error(e),
                    }
                }
            }
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
            (ScreenId::Attendees, Some(r)) => match action {
                Action::CheckIn => self.attendees.selected(r).map(|p| Effect::CheckIn(p.id)),
                Action::Undo => Some(Effect::UndoCheckIn),
                Action::WalkIn => Some(Effect::OpenWalkIn),
                _ => self.attendees.update(action, r, searcher),
            },
            (ScreenId::Delegations, Some(r)) => self.delegations.update(action, r, searcher),
            (ScreenId::Desk, Some(r)) => self.desk.update(action, r, searcher),
            (ScreenId::Desk, None) => {
                // Still reading the people: keep what is typed (and an Enter), search
                // and check in once they are in.
                if action == Action::CheckIn {
                    self.pending_check_in = true;
                } else {
                    self.desk.input.apply(action);
                }
                None
            }
            (_, None) => None,
        }
    }

    fn update_walk_in(&mut self, action: Action) {
        let (Some(popup), Some(registry)) = (self.walk_in.as_mut(), self.registry.as_ref()) else {
            self.walk_in = None;
            return;
        };
        match popup.update(action, registry) {
            WalkInOutcome::Editing => {}
            WalkInOutcome::Cancel => self.walk_in = None,
            WalkInOutcome::CheckInExisting(id) => {
                self.walk_in = None;
                self.run(Effect::CheckIn(id));
            }
            WalkInOutcome::Save(person) => self.save_walk_in(&person),
        }
    }

    /// Run a screen's effect against the store and hand the result back.
    fn run(&mut self, effect: Effect) {
        let writes = !matches!(effect, Effect::OpenEvent(_));
        if writes && let Some(finding) = &self.damaged {
            self.toast = Some(Toast {
                text: format!("{} {finding}", strings::DAMAGED_NO_WRITES),
                is_error: true,
            });
            return;
        }
        let result = match effect {
            Effect::OpenEvent(id) => self.open_event(id).map(|()| {
                self.screen = ScreenId::Attendees;
            }),
            Effect::CheckIn(id) => self.check_in(id),
            Effect::UndoCheckIn => self.undo_check_in(),
            Effect::OpenWalkIn => {
                self.walk_in = self.registry.as_ref().map(WalkInPopup::new);
                Ok(())
            }
            Effect::Edit(request) => self.open_form(request),
            Effect::SetCategoryOrder(order) => match self.current_event() {
                Some(event) => self
                    .store
                    .set_category_order(event, &order)
                    .and_then(|()| self.open_event(event)),
                None => Ok(()),
            },
        };
        if let Err(e) = result {
            self.error(e);
        }
    }

    fn open_form(&mut self, request: EditRequest) -> Result<(), StoreError> {
        let today = self.now().date();
        let registry = self.registry.as_ref();
        let popup = match (request, registry) {
            (EditRequest::NewEvent, _) => FormPopup::event(None, today),
            (EditRequest::EditEvent(id), _) => {
                FormPopup::event(Some(&self.store.event(id)?), today)
            }
            (EditRequest::DeleteEvent(id), _) => {
                FormPopup::delete_event(&self.store.event(id)?, self.store.event_contents(id)?)
            }
            (EditRequest::NewDelegation, Some(_)) => FormPopup::delegation(None),
            (EditRequest::EditDelegation(id), Some(_)) => {
                FormPopup::delegation(Some(&self.store.delegation(id)?))
            }
            (EditRequest::DeleteDelegation(id), Some(r)) => {
                let Some(popup) = FormPopup::delete_delegation(r, id) else {
                    return Ok(());
                };
                popup
            }
            (EditRequest::NewPerson(delegation), Some(r)) => FormPopup::person(r, None, delegation),
            (EditRequest::EditPerson(id), Some(r)) => {
                FormPopup::person(r, Some(&self.store.attendee(id)?), None)
            }
            (EditRequest::DeletePerson(id), Some(_)) => {
                FormPopup::delete_person(&self.store.attendee(id)?)
            }
            (EditRequest::MovePerson(id), Some(r)) => {
                FormPopup::move_person(r, &self.store.attendee(id)?)
            }
            (_, None) => return Ok(()),
        };
        self.popup = Some(popup);
        Ok(())
    }

    fn update_popup(&mut self, action: Action) {
        let Some(popup) = self.popup.as_mut() else {
            return;
        };
        match popup.form.update(action) {
            FormOutcome::Editing => {
                let taken: Vec<String> = self
                    .seminars
                    .events()
                    .iter()
                    .map(|s| s.event.details.code.clone())
                    .collect();
                popup.suggest_code(&taken);
                popup.fill_from_country();
                if let Some(r) = &self.registry {
                    popup.suggest_export_file(&r.event.details.code);
                }
            }
            FormOutcome::Cancel => self.popup = None,
            FormOutcome::Submit => self.submit_popup(),
        }
    }

    /// Save what the form says. On success the form closes and the lists reload; on
    /// failure the errors stand beside their fields and nothing was saved.
    fn submit_popup(&mut self) {
        let Some(popup) = self.popup.as_mut() else {
            return;
        };
        let current = self.registry.as_ref().map(|r| r.event.id);
        let result: Result<Result<String, FieldErrors>, StoreError> = match popup.purpose.clone() {
            Purpose::SaveEvent(id) => match popup.read_event() {
                Ok(new) => match id {
                    Some(id) => self
                        .store
                        .update_event(id, &new)
                        .map(|e| Ok(format!("Saved {}", e.details.code))),
                    None => self
                        .store
                        .create_event(&new)
                        .map(|e| Ok(format!("Created {}", e.details.code))),
                },
                Err(errors) => Ok(Err(errors)),
            },
            Purpose::DeleteEvent(id) => {
                if popup.code_confirmed() {
                    self.store
                        .delete_event(id)
                        .map(|()| Ok("Seminar deleted".to_string()))
                } else {
                    popup.refuse_code();
                    return;
                }
            }
            Purpose::SaveDelegation(id) => match (popup.read_delegation(), current) {
                (Ok(new), Some(event)) => match id {
                    Some(id) => self.store.update_delegation(id, &new),
                    None => self.store.create_delegation(event, &new),
                }
                .map(|d| Ok(format!("Saved {}", d.details.name))),
                (Err(errors), _) => Ok(Err(errors)),
                (_, None) => return,
            },
            Purpose::DeleteDelegation(id) => {
                let to = popup.members_go_to();
                self.store
                    .delete_delegation(id, to)
                    .map(|()| Ok("Delegation deleted".to_string()))
            }
            Purpose::SavePerson(id) => match (popup.read_person(), current) {
                (Ok(new), Some(event)) => match id {
                    Some(id) => self.store.update_attendee(id, &new),
                    None => self.store.add_attendee(event, &new),
                }
                .map(|a| {
                    Ok(format!(
                        "Saved {} (badge {})",
                        a.details.full_name(),
                        a.badge
                    ))
                }),
                (Err(errors), _) => Ok(Err(errors)),
                (_, None) => return,
            },
            Purpose::DeletePerson(id) => self
                .store
                .delete_attendee(id)
                .map(|()| Ok("Erased".to_string())),
            Purpose::Import => {
                match (popup.read_import(), current) {
                    (Ok((file, options, dry_run)), Some(event)) => {
                        self.popup = None;
                        self.start_import(event, file, options, dry_run);
                    }
                    (Err(errors), _) => popup.show_errors(errors),
                    (_, None) => self.popup = None,
                }
                return;
            }
            Purpose::Export => {
                match (popup.read_export(&self.options.desk), current) {
                    (Ok((options, file)), Some(event)) => {
                        self.popup = None;
                        self.start_export(event, options, file);
                    }
                    (Err(errors), _) => popup.show_errors(errors),
                    (_, None) => self.popup = None,
                }
                return;
            }
            Purpose::MovePerson(id) => {
                let to = popup.moved_to();
                self.store
                    .move_attendee(id, to)
                    .map(|a| Ok(format!("Moved {}", a.details.full_name())))
            }
        };
        match result {
            Ok(Ok(saved)) => {
                self.popup = None;
                let reload = self.reload_events().and_then(|()| {
                    let still_there = current
                        .filter(|id| self.seminars.events().iter().any(|s| s.event.id == *id));
                    match still_there.or_else(|| self.seminars.events().first().map(|s| s.event.id))
                    {
                        Some(id) => self.open_event(id),
                        None => {
                            self.registry = None;
                            Ok(())
                        }
                    }
                });
                match reload {
                    Ok(()) => {
                        self.toast = Some(Toast {
                            text: crate::domain::inert(&saved).into_owned(),
                            is_error: false,
                        })
                    }
                    Err(e) => self.error(e),
                }
            }
            Ok(Err(errors)) => popup_errors(self.popup.as_mut(), errors),
            Err(StoreError::Invalid(v)) => {
                let errors =
                    v.0.iter()
                        .map(|e| (forms::label_of(e.field()), e.to_string()))
                        .collect();
                popup_errors(self.popup.as_mut(), errors);
            }
            Err(StoreError::CodeTaken(code)) => {
                popup_errors(
                    self.popup.as_mut(),
                    vec![("Code", format!("\"{code}\" is already taken"))],
                );
            }
            Err(e) => {
                if let Some(p) = self.popup.as_mut() {
                    p.form.message = Some(crate::domain::inert(&e.to_string()).into_owned());
                }
            }
        }
    }

    fn start_import(
        &mut self,
        event: EventId,
        file: PathBuf,
        options: ImportOptions,
        dry_run: bool,
    ) {
        let title = format!("Importing {}", file.display());
        let db = self.store.path().to_path_buf();
        self.job = Some(Job::start(
            title,
            db,
            self.options.desk.clone(),
            move |store, progress| {
                let planned = import::plan(store, event, &file, &options, &mut |p| {
                    progress.set(p.done, p.total)
                });
                let result = planned.and_then(|plan| {
                    if dry_run {
                        Ok(plan.report(true))
                    } else {
                        plan.apply(store)
                    }
                });
                match result {
                    Ok(report) => Outcome {
                        lines: vec![report.to_string()],
                        failed: false,
                    },
                    Err(e) => {
                        let name = file.display().to_string();
                        let mut lines: Vec<String> =
                            e.problems().iter().map(|p| p.line(&name)).collect();
                        lines.insert(0, e.to_string());
                        Outcome {
                            lines,
                            failed: true,
                        }
                    }
                }
            },
        ));
    }

    fn start_export(&mut self, event: EventId, options: ExportOptions, file: PathBuf) {
        let title = format!("Exporting {}", file.display());
        let db = self.store.path().to_path_buf();
        self.job = Some(Job::start(
            title,
            db,
            self.options.desk.clone(),
            move |store, progress| {
                let result = store
                    .event(event)
                    .map_err(export::ExportError::from)
                    .and_then(|e| {
                        export::export_to_file(store, &e, &options, &file, &mut |done, total| {
                            progress.set(done as usize, total as usize)
                        })
                    });
                match result {
                    Ok(summary) => Outcome {
                        lines: vec![format!(
                            "wrote {} people ({}) to {}",
                            summary.people,
                            summary.format.as_str(),
                            file.display()
                        )],
                        failed: false,
                    },
                    Err(e) => Outcome {
                        lines: vec![e.to_string(), "nothing was written".into()],
                        failed: true,
                    },
                }
            },
        ));
    }

    /// Whether a job runs (the event loop then wakes often to move the gauge).
    pub fn busy(&self) -> bool {
        self.job.is_some() || self.integrity.is_some() || self.loading.is_some()
    }

    fn check_in(&mut self, id: AttendeeId) -> Result<(), StoreError> {
        let Some(registry) = self.registry.as_ref() else {
            return Ok(());
        };
        let now = self.now();
        let day = registry.day;
        let outcome = self.store.check_in(id, day, now, &self.options.desk)?;
        let registry = self.registry.as_mut().expect("checked above");
        let person = registry.person(id).cloned();
        let (name, about) = person.as_ref().map(describe).unwrap_or_default();
        let answer = match outcome {
            CheckInOutcome::CheckedIn(c) => {
                registry.set_present(id, true);
                Answer::CheckedIn {
                    name,
                    about,
                    time: c.at.format("%H:%M").to_string(),
                    day: registry.event.day_number(c.day),
                }
            }
            CheckInOutcome::AlreadyCheckedIn(c) => {
                // Another desk may have got there first: show it here too.
                registry.set_present(id, true);
                Answer::AlreadyIn {
                    name,
                    about,
                    time: c.at.format("%H:%M").to_string(),
                    desk: crate::domain::inert(&c.desk).into_owned(),
                }
            }
            CheckInOutcome::Cancelled => Answer::Cancelled { name },
        };
        self.show_answer(answer);
        Ok(())
    }

    fn undo_check_in(&mut self) -> Result<(), StoreError> {
        let Some(event) = self.current_event() else {
            return Ok(());
        };
        let now = self.now();
        let answer = match self
            .store
            .undo_last_check_in(event, &self.options.desk, now)?
        {
            Some(undone) => {
                let registry = self.registry.as_mut().expect("an event is open");
                if undone.day == registry.day {
                    registry.set_present(undone.attendee, false);
                }
                let name = registry
                    .person(undone.attendee)
                    .map(|p| describe(p).0)
                    .unwrap_or_default();
                Answer::Undone { name }
            }
            None => Answer::NothingToUndo,
        };
        self.show_answer(answer);
        Ok(())
    }

    fn save_walk_in(&mut self, person: &crate::domain::NewAttendee) {
        let Some(registry) = self.registry.as_ref() else {
            return;
        };
        let (event, day, now) = (registry.event.id, registry.day, self.now());
        match self
            .store
            .walk_in(event, person, day, now, &self.options.desk)
        {
            Ok((attendee, check_in)) => {
                self.walk_in = None;
                if let Err(e) = self.open_event(event) {
                    self.error(e);
                    return;
                }
                let registry = self.registry.as_ref().expect("just loaded");
                let (name, about) = registry
                    .person(attendee.id)
                    .map(describe)
                    .unwrap_or_default();
                self.show_answer(Answer::CheckedIn {
                    name: format!("{name} — new badge {}", attendee.badge),
                    about,
                    time: check_in.at.format("%H:%M").to_string(),
                    day: registry.event.day_number(check_in.day),
                });
            }
            Err(StoreError::Invalid(violations)) => {
                if let Some(popup) = self.walk_in.as_mut() {
                    for v in violations.0 {
                        popup.show_error(Some(v.field().label()), v.to_string());
                    }
                }
            }
            Err(e) => {
                if let Some(popup) = self.walk_in.as_mut() {
                    popup.show_error(None, e.to_string());
                }
            }
        }
    }

    /// Show a check-in answer: large on the Desk, in the status line elsewhere.
    fn show_answer(&mut self, answer: Answer) {
        if self.screen != ScreenId::Desk {
            self.toast = Some(Toast {
                text: answer.summary(),
                is_error: answer.is_error(),
            });
        }
        if let Some(registry) = &self.registry {
            let searcher = self.searcher.get_mut();
            self.attendees.refresh(registry, searcher);
            self.delegations.refresh(registry, searcher);
            self.desk.show(answer, registry, searcher);
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

    fn load_in_background(&mut self, id: EventId, people: u32) {
        let path = self.store.path().to_path_buf();
        let today = self.now().date();
        let reader = std::thread::spawn(move || Registry::load(&Store::open(&path)?, id, today));
        self.loading = Some(Loading { people, reader });
    }

    /// When the registry read on the side is in, show it. Returns whether it came.
    fn poll_loading(&mut self) -> bool {
        if !self
            .loading
            .as_ref()
            .is_some_and(|l| l.reader.is_finished())
        {
            return false;
        }
        let Some(Loading { reader, .. }) = self.loading.take() else {
            return false;
        };
        match reader.join() {
            Ok(Ok(registry)) => {
                if let Err(e) = self.install(registry) {
                    self.error(e);
                }
                if std::mem::take(&mut self.pending_check_in) && self.screen == ScreenId::Desk {
                    self.update(Action::CheckIn);
                }
            }
            Ok(Err(e)) => self.error(e),
            Err(_) => self.error(StoreError::Gone),
        }
        true
    }

    /// Whether a registry is being read and nothing is shown yet: the screens say so.
    pub fn loading_people(&self) -> Option<u32> {
        match (&self.loading, &self.registry) {
            (Some(loading), None) => Some(loading.people),
            _ => None,
        }
    }

    fn open_event(&mut self, id: EventId) -> Result<(), StoreError> {
        let registry = Registry::load(&self.store, id, self.now().date())?;
        self.install(registry)
    }

    /// Make `registry` the one the screens show, keeping their selections where the
    /// same event was shown before.
    fn install(&mut self, registry: Registry) -> Result<(), StoreError> {
        let id = registry.event.id;
        self.mark = self.store.registry_mark(id)?;
        // Another event than the one shown: start its screens afresh (but keep what was
        // typed while the first one was still being read).
        let changed = self.registry.is_some() && self.current_event() != Some(id);
        if changed {
            self.attendees = AttendeesScreen::default();
            self.delegations = DelegationsScreen::default();
            let private = self.desk.private;
            self.desk = DeskScreen::default();
            self.desk.private = private;
        }
        let searcher = self.searcher.get_mut();
        self.attendees.refresh(&registry, searcher);
        self.delegations.refresh(&registry, searcher);
        self.desk.refresh(&registry, searcher);
        self.registry = Some(registry);
        Ok(())
    }

    /// Called about once a second while idle: pick up other desks' commits. Returns
    /// whether anything changed (and the screen needs drawing).
    pub fn tick(&mut self) -> bool {
        let job_done = self.poll_job() | self.poll_integrity();
        if self.job.is_some() {
            return true; // the gauge moves
        }
        let loaded = self.poll_loading();
        let changed = match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                self.data_version = v;
                if let Err(e) = self.follow_other_desks() {
                    self.error(e);
                }
                true
            }
            Ok(_) => false,
            Err(e) => {
                self.error(e);
                true
            }
        };
        job_done || loaded || changed
    }

    /// Another desk committed: most often check-ins, which need only the presence
    /// marks; anything else reloads the event (on the side when it is large).
    fn follow_other_desks(&mut self) -> Result<(), StoreError> {
        self.reload_events()?;
        let Some(registry) = self.registry.as_mut() else {
            return Ok(());
        };
        let (id, day) = (registry.event.id, registry.day);
        if self.store.registry_mark(id)? == self.mark {
            let present = self.store.presence(id, day)?;
            if registry.apply_presence(&present) {
                let searcher = self.searcher.get_mut();
                self.attendees.refresh(registry, searcher);
                self.delegations.refresh(registry, searcher);
                self.desk.refresh(registry, searcher);
            }
            return Ok(());
        }
        let people = registry.people.len() as u32;
        if people > BACKGROUND_LOAD {
            if self.loading.is_none() {
                self.load_in_background(id, people);
            }
            Ok(())
        } else {
            self.open_event(id)
        }
    }

    /// When the structure check has finished and found damage, stop writing and say
    /// so. Returns whether the screen changed.
    fn poll_integrity(&mut self) -> bool {
        if !self.integrity.as_ref().is_some_and(|h| h.is_finished()) {
            return false;
        }
        let result = self.integrity.take().map(|h| h.join());
        match result {
            Some(Ok(Err(StoreError::Damaged { finding, .. }))) => {
                self.damaged = Some(crate::domain::inert(&finding).into_owned());
                true
            }
            _ => false,
        }
    }

    /// When the running job has finished, show what it said. Returns whether it did.
    fn poll_job(&mut self) -> bool {
        let Some(job) = self.job.as_mut() else {
            return false;
        };
        let Some(outcome) = job.finished() else {
            return false;
        };
        let title = job.title.clone();
        self.job = None;
        self.notice = Some(Notice {
            title,
            lines: outcome.lines,
            is_error: outcome.failed,
            scroll: 0,
        });
        true
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
            (ScreenId::Desk, Some(r)) => {
                self.desk
                    .render(frame, main, theme, r, &self.options.desk, &mut searcher)
            }
            (_, None) => {
                let message = match self.loading_people() {
                    Some(people) => strings::loading(people),
                    None => strings::NO_EVENT.to_string(),
                };
                super::widgets::table::empty(frame, main, theme, " rollcall ", &message)
            }
        }
        self.render_status(frame, status);
        if let (Some(popup), Some(r)) = (&self.walk_in, &self.registry) {
            popup.render(frame, main, theme, r);
        }
        if let Some(popup) = &self.popup {
            popup.render(frame, main, theme);
        }
        if let Some(activity) = &self.activity {
            activity.render(frame, main, theme);
        }
        if let Some(notice) = &self.notice {
            notice.render(frame, main, theme);
        }
        if let Some(job) = &self.job {
            notice::render_gauge(frame, main, theme, &job.title, job.ratio());
        }
        if let Some(scroll) = self.help {
            help::render(frame, main, theme, &self.help_contexts(), scroll);
        }
    }

    fn render_header(&self, frame: &mut Frame, area: Rect) {
        let theme = &self.options.theme;
        let app = format!(" {} ", strings::APP);
        let Some(r) = &self.registry else {
            frame.render_widget(Span::styled(app, theme.title), area);
            return;
        };
        let mut right = format!(
            " {} ",
            strings::present_of(r.present, r.registered, r.day_number())
        );
        if self.store.is_read_only() {
            right.insert_str(0, strings::READ_ONLY);
        }
        if self.damaged.is_some() {
            right.insert_str(0, strings::DAMAGED);
        }
        let [left_area, right_area] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(right.chars().count() as u16),
        ])
        .spacing(1)
        .areas(area);
        let code = &r.event.details.code;
        // The title gets what is left after the name and the code.
        let room = left_area
            .width
            .saturating_sub((app.len() + code.len() + 3) as u16);
        let title = fit(&crate::domain::inert(&r.event.details.title), room);
        let spans = vec![
            Span::styled(app, theme.title),
            Span::styled(code.clone(), theme.key),
            Span::styled(format!(" · {title}"), theme.dim),
        ];
        frame.render_widget(Paragraph::new(Line::from(spans)), left_area);
        frame.render_widget(Span::styled(right, theme.present), right_area);
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
        let typing = !matches!(
            self.focus(),
            Focus::Screen {
                filtering: false,
                ..
            }
        );
        let contexts = if typing {
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

fn popup_errors(popup: Option<&mut FormPopup>, errors: FieldErrors) {
    if let Some(p) = popup {
        p.show_errors(errors);
    }
}

/// A person as the Desk announces them: the protocol name, then delegation and
/// organisation.
fn describe(p: &crate::store::AttendeeRow) -> (String, String) {
    let name = [
        &*p.honorific,
        p.given_name(),
        &p.family_name().to_uppercase(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" ");
    let about = [&*p.delegation_name, &p.organisation]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ");
    (name, about)
}
