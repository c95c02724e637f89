//! The one place the TUI changes the registry: every [`Command`] runs here, behind the
//! desk-mode and damaged-file guards, and comes back as one [`Outcome`], which
//! `settle` shows where the user is looking.

use super::*;
use crate::store::{CopyRecord, Edit};
use crate::transfer::export::ExportOptions;
use crate::ui::command::{Command, Conflicted, Effect, Outcome, Rejection, Request};
use crate::ui::forms::walk_in::WalkInForm;

impl App {
    /// Do what a screen asked for, and show how it went.
    pub(super) fn run(&mut self, effect: Effect) {
        let outcome = match effect {
            Effect::Run(command) => self.execute(command),
            Effect::Open(request) => self.open(request),
        };
        self.settle(outcome);
    }

    /// Run `command` as a screen's key would, and show how it went (the benchmarks
    /// time a save, a walk-in and a move this way, answer included).
    pub fn run_command(&mut self, command: Command) {
        self.run(command.into());
    }

    /// Why something that `writes` (or is not `allowed_at_the_desk`) may not happen
    /// now; `None` when it may.
    fn refusal(&self, writes: bool, allowed_at_the_desk: bool) -> Option<String> {
        if self.options.desk_mode && !allowed_at_the_desk {
            return Some(strings::DESK_MODE_NO_EDITS.to_string());
        }
        if !writes {
            return None;
        }
        if let Some(finding) = &self.damaged {
            return Some(format!("{} {finding}", strings::DAMAGED_NO_WRITES));
        }
        // Said as the header says it, then why (the folder, or the file's permissions).
        let read_only = strings::READ_ONLY.trim_matches([' ', '·']);
        self.store
            .write_refusal()
            .map(|why| format!("{read_only} — {why}"))
    }

    /// Run `command` against the store.
    pub fn execute(&mut self, command: Command) -> Outcome {
        if let Some(why) = self.refusal(command.writes(), command.allowed_at_the_desk()) {
            return Outcome::Refused(why);
        }
        // Every command needs the server: while it is away, say so at once, before the
        // screens have read again what changed meanwhile — see reach.rs.
        if self.server_away() {
            return match command {
                Command::CheckIn(_) => Outcome::Answer(Answer::Unreachable { undo: false }),
                Command::Undo => Outcome::Answer(Answer::Unreachable { undo: true }),
                _ => Outcome::Unreachable,
            };
        }
        let undo = command == Command::Undo;
        let outcome = self.execute_now(command);
        self.unless_lost(outcome, undo)
    }

    /// Run `command` against the store, which is thought to be reachable.
    fn execute_now(&mut self, command: Command) -> Outcome {
        match command {
            // Whatever goes wrong, the Desk says nothing was saved and is ready.
            Command::CheckIn(id) => self.check_in(id).unwrap_or_else(|e| not_saved(e, false)),
            Command::Undo => self.undo_last().unwrap_or_else(|e| not_saved(e, true)),
            Command::UndoWalkIn { attendee, name } => {
                self.undo_walk_in(attendee, name).unwrap_or_else(failed)
            }
            Command::WalkIn { person, delegation } => {
                self.walk_in(&person, &delegation).unwrap_or_else(failed)
            }
            Command::CreateEvent(new) => saved(
                self.store
                    .create_event(&new)
                    .map(|e| format!("Created {}", e.details.code)),
            ),
            // An edit saves only what the user changed; when another desk changed the
            // same field meanwhile, the form shows their value and nothing is saved yet.
            Command::EditEvent { id, before, after } => edited(
                self.store.edit_event(id, &before, &after),
                |e| format!("Saved {}", e.details.code),
                Conflicted::Event,
            ),
            Command::DeleteEvent(id) => saved(
                self.store
                    .delete_event(id)
                    .map(|()| "Seminar deleted".to_string()),
            ),
            Command::CreateDelegation { event, delegation } => saved(
                self.store
                    .create_delegation(event, &delegation)
                    .map(|d| format!("Saved {}", d.details.name)),
            ),
            Command::EditDelegation { id, before, after } => edited(
                self.store.edit_delegation(id, &before, &after),
                |d| format!("Saved {}", d.details.name),
                Conflicted::Delegation,
            ),
            Command::DeleteDelegation { id, members_go_to } => saved(
                self.store
                    .delete_delegation(id, members_go_to)
                    .map(|()| "Delegation deleted".to_string()),
            ),
            // A person saved is shown at once, in place: never a reload of everyone.
            Command::AddPerson { event, person } => {
                let old_head = self.head_before(None, &person);
                let added = self.store.add_attendee(event, &person);
                let outcome = saved(self.show_person(added.map(|a| (a.id, saved_person(&a)))));
                let outcome = self.say_new_head(outcome, old_head, &person);
                match self.current_event() {
                    Some(current) if current == event => in_place(outcome),
                    _ => outcome,
                }
            }
            Command::EditPerson { id, before, after } => {
                let old_head = self.head_before(Some(id), &after);
                let edit = self.store.edit_attendee(id, &before, &after);
                if let Ok(Edit::Saved(_)) = edit {
                    self.show_person_or_say(id);
                }
                let outcome = in_place(edited(edit, saved_person, Conflicted::Person));
                self.say_new_head(outcome, old_head, &after)
            }
            Command::ErasePerson(id) => {
                let erased = self.store.erase_attendee(id);
                if erased.is_ok() {
                    self.change_in_place(|r| r.remove(id));
                }
                in_place(saved(erased.map(|copies| {
                    format!("Erased; {}", CopyRecord::may_still_hold(&copies))
                })))
            }
            Command::MovePerson { id, to } => {
                let before = self.figures_before(&[id]);
                let moved = self.store.move_attendee(id, to);
                if moved.is_ok()
                    && let Some(day) = self.registry.as_ref().map(|r| r.day)
                {
                    self.follow_figures(before, day);
                }
                in_place(saved(self.show_person(
                    moved.map(|a| (id, format!("Moved {}", a.details.full_name()))),
                )))
            }
            Command::SetCategoryOrder { event, order } => {
                let saved = self.store.set_category_order(event, &order);
                // The lists show the new order at once when it is their event's.
                let shown = saved.and_then(|()| match self.current_event() {
                    Some(current) if current == event => self.show_event_again(),
                    _ => Ok(()),
                });
                shown.map_or_else(failed, |()| Outcome::Done)
            }
            Command::Import {
                event,
                file,
                options,
                dry_run,
            } => Outcome::Started(self.start_import(event, file, options, dry_run)),
            Command::Export {
                event,
                format,
                whom,
                csv,
                only,
                file,
            } => {
                // Stamped as it runs: this desk, and the time by the App's clock.
                let mut options = ExportOptions::new(format, self.now());
                options.status = whom;
                options.csv = csv;
                options.only = only;
                options.desk = self.options.desk.clone();
                Outcome::Started(self.start_export(event, options, file))
            }
        }
    }

    /// Open what a screen asked to see or fill in.
    fn open(&mut self, request: Request) -> Outcome {
        if let Some(why) = self.refusal(request.writes(), request.allowed_at_the_desk()) {
            return Outcome::Refused(why);
        }
        if self.server_away() && request.needs_server() {
            return Outcome::Unreachable;
        }
        let opened = match request {
            Request::OpenEvent(id) => self.open_event(id).map(|()| {
                self.screen = ScreenId::Attendees;
                None
            }),
            Request::ShowPerson(id) => self.person_card(id).map(|card| card.map(Popup::Card)),
            Request::Activity => self.activity().map(|a| a.map(Popup::Activity)),
            Request::Form(form) => self.form_for(form).map(|f| f.map(Popup::Form)),
        };
        match opened {
            Ok(Some(popup)) => {
                self.popups.push(popup);
                Outcome::Done
            }
            Ok(None) => Outcome::Done,
            Err(e) => self.unless_lost(failed(e), false),
        }
    }

    /// A failure said as what it was when the connection to the server was lost by it.
    /// The server's last words on a connection it cuts (a shutdown's "terminating
    /// connection", say) arrive as an error of their own; only the next call finds the
    /// server unreachable — so after a failure the store is asked once more, and the
    /// desk hears "unreachable", and the App waits for the server, when that is why.
    fn unless_lost(&mut self, outcome: Outcome, undo: bool) -> Outcome {
        let failed = matches!(
            outcome,
            Outcome::Failed(_) | Outcome::Answer(Answer::NotSaved { .. })
        );
        if !failed || !self.connection_lost() {
            return outcome;
        }
        match outcome {
            Outcome::Answer(_) => Outcome::Answer(Answer::Unreachable { undo }),
            _ => Outcome::Unreachable,
        }
    }

    /// The latest lines of the current event's audit log.
    fn activity(&self) -> Result<Option<Activity>, StoreError> {
        let Some(event) = self.current_event() else {
            return Ok(None);
        };
        let rows = self.store.recent_activity(event, activity::LIMIT)?;
        Ok(Some(Activity {
            rows,
            cursor: Default::default(),
        }))
    }

    /// The form `request` asks for, filled from the store; `None` when it needs an
    /// open event and there is none, or its record is gone.
    fn form_for(&self, request: FormRequest) -> Result<Option<Box<dyn PopupForm>>, StoreError> {
        use crate::ui::forms::delete::{DeleteDelegation, DeleteEvent, DeletePerson};
        use crate::ui::forms::{delegation::DelegationForm, event::EventForm};
        use crate::ui::forms::{move_person::MovePerson, person::PersonForm, transfer};
        let store = &self.store;
        let keys = crate::ui::widgets::form::FormKeys::of(&self.options.keymap);
        let form: Box<dyn PopupForm> = match (request, self.registry.as_ref()) {
            (FormRequest::NewEvent, _) => {
                let taken = self.seminars.events().iter();
                let taken = taken.map(|s| s.event.details.code.clone()).collect();
                Box::new(EventForm::new(None, taken))
            }
            (FormRequest::EditEvent(id), _) => {
                Box::new(EventForm::new(Some(&store.event(id)?), Vec::new()))
            }
            (FormRequest::DeleteEvent(id), _) => Box::new(DeleteEvent::new(
                &store.event(id)?,
                store.event_contents(id)?,
                &keys,
            )),
            (FormRequest::NewDelegation, Some(r)) => {
                Box::new(DelegationForm::new(r.event.id, None))
            }
            (FormRequest::EditDelegation(id), Some(r)) => Box::new(DelegationForm::new(
                r.event.id,
                Some(&store.delegation(id)?),
            )),
            (FormRequest::DeleteDelegation(id), Some(r)) => {
                match DeleteDelegation::new(r, id, &keys) {
                    Some(form) => Box::new(form),
                    None => return Ok(None),
                }
            }
            (FormRequest::NewPerson(delegation), Some(r)) => {
                Box::new(PersonForm::new(r, None, delegation))
            }
            (FormRequest::EditPerson(id), Some(r)) => {
                Box::new(PersonForm::new(r, Some(&store.attendee(id)?), None))
            }
            (FormRequest::DeletePerson(id), Some(_)) => {
                Box::new(DeletePerson::new(&store.attendee(id)?, &keys))
            }
            (FormRequest::MovePerson(id), Some(r)) => {
                Box::new(MovePerson::new(r, &store.attendee(id)?, &keys))
            }
            (FormRequest::WalkIn, Some(r)) => Box::new(WalkInForm::new(r)),
            (FormRequest::Import, Some(r)) => Box::new(transfer::ImportForm::new(r.event.id)),
            (FormRequest::Export, Some(r)) => {
                let delegations: Vec<String> = r
                    .delegations
                    .iter()
                    .map(|d| d.delegation.details.name.clone())
                    .collect();
                Box::new(transfer::ExportForm::new(&r.event, &delegations))
            }
            (_, None) => return Ok(None),
        };
        Ok(Some(form))
    }

    /// Show how a command a screen asked for went: on the Desk or in the status line.
    pub(super) fn settle(&mut self, outcome: Outcome) {
        match outcome {
            // The lists show it already; the seminar's counts follow from them.
            Outcome::SavedInPlace(message) => {
                self.count_current_event();
                match self.follow_current() {
                    Ok(()) => self.say(&message, false),
                    Err(StoreError::Unreachable) => {
                        self.went_away();
                        self.say(&format!("{message} — {}", strings::SAVED_THEN_AWAY), true);
                    }
                    Err(e) => self.error(e),
                }
            }
            Outcome::Saved(message) => match self.reload_after_save() {
                Ok(()) => self.say(&message, false),
                // Saved all the same: never say otherwise.
                Err(StoreError::Unreachable) => {
                    self.went_away();
                    self.say(&format!("{message} — {}", strings::SAVED_THEN_AWAY), true);
                }
                Err(e) => self.error(e),
            },
            Outcome::Done => {}
            Outcome::Answer(answer) => {
                if matches!(answer, Answer::Unreachable { .. }) {
                    self.went_away();
                }
                self.show_answer(answer)
            }
            Outcome::Unreachable => {
                self.went_away();
                self.say(strings::UNREACHABLE, true);
            }
            Outcome::Ask(confirm) => self.popups.push(Popup::Confirm(confirm)),
            Outcome::Started(job) => self.popups.push(Popup::Job(job)),
            Outcome::Rejected(rejection) => self.say(&rejected(rejection), true),
            // Only an edit form can conflict, and it hears of it in settle_form.
            Outcome::Conflict(_) => {}
            Outcome::Refused(why) | Outcome::Failed(why) | Outcome::Stale(why) => {
                self.say(&why, true)
            }
        }
    }

    /// Show how the command of the form on top went: what is wrong stays in the form
    /// (beside its fields, nothing saved); anything else closes it first.
    pub(super) fn settle_form(&mut self, outcome: Outcome) {
        let registry = self.registry.as_ref();
        let Some(Popup::Form(form)) = self.popups.last_mut() else {
            return self.settle(outcome);
        };
        match outcome {
            Outcome::Rejected(rejection) => form.reject(rejection),
            Outcome::Conflict(conflict) => form.conflict(*conflict, registry),
            Outcome::Failed(why) => form.fail(why),
            // Kept open with all that was typed: saved with the same key once it is back.
            Outcome::Unreachable => {
                form.fail(strings::UNREACHABLE.to_string());
                self.went_away();
            }
            // Not attempted (the file was found damaged meanwhile): the form stays
            // for Esc, the status line says why.
            Outcome::Refused(why) => self.say(&why, true),
            done => {
                self.popups.pop();
                self.settle(done);
            }
        }
    }

    /// After a save: the seminars again, and what changed in the current one (or,
    /// when it was deleted, the first). A person's save is already shown in place;
    /// the rest is read as other desks' changes are (on the side when large).
    fn reload_after_save(&mut self) -> Result<(), StoreError> {
        let current = self.current_event();
        self.reload_events()?;
        let events = self.seminars.events();
        let still_there = current.filter(|id| events.iter().any(|s| s.event.id == *id));
        match (still_there, events.first().map(|s| s.event.id)) {
            (Some(_), _) => self.follow_current(),
            (None, Some(first)) => self.open_event(first),
            (None, None) => {
                self.registry = None;
                Ok(())
            }
        }
    }

    /// Show a person's saved line in place (`saved` says what was saved, or why not).
    fn show_person(
        &mut self,
        saved: Result<(AttendeeId, String), StoreError>,
    ) -> Result<String, StoreError> {
        let (id, message) = saved?;
        self.show_person_or_say(id);
        Ok(message)
    }

    /// The seminars list's counts of the current event, from its people in memory:
    /// counting 100,000 rows in the file again costs some 20 ms.
    fn count_current_event(&mut self) {
        let Some(r) = self.registry.as_ref() else {
            return;
        };
        let today = self.now().date();
        let mut events = self.seminars.events().to_vec();
        if let Some(shown) = events.iter_mut().find(|s| s.event.id == r.event.id) {
            shown.people = r.total as u32;
            shown.registered = r.registered;
            shown.delegations = r.delegations.len() as u32;
            shown.present = r.present_on(r.event.check_in_day(today));
        }
        self.seminars.set_events(events, self.searcher.get_mut());
    }

    /// Read one person's line again and put it in place (gone: taken out). Saved all
    /// the same when that read fails: the status line says so, and the registry is
    /// brought up to date when the store answers again (see `follow_current`).
    pub(super) fn show_person_or_say(&mut self, id: AttendeeId) {
        let Some((event, day)) = self.registry.as_ref().map(|r| (r.event.id, r.day)) else {
            return;
        };
        match self.store.attendee_row_in(event, id, day) {
            Ok(Some(row)) => self.change_in_place(|r| r.put(row)),
            Ok(None) => self.change_in_place(|r| r.remove(id)),
            Err(StoreError::Unreachable) => self.went_away(),
            Err(e) => self.error(e),
        }
    }

    /// The event itself changed (its category order): read it and its delegations
    /// again, in place — the people stay.
    fn show_event_again(&mut self) -> Result<(), StoreError> {
        let Some(registry) = self.registry.as_ref() else {
            return Ok(());
        };
        let (id, day) = (registry.event.id, registry.day);
        let event = self.store.event(id)?;
        let changes = crate::ui::registry::Changes {
            delegations: self.store.list_delegations(&event, day)?,
            day_counts: self.store.present_counts(id)?,
            event,
            day,
            lines: Vec::new(),
            gone: Vec::new(),
            figures: None,
        };
        self.change_in_place(|r| r.apply(changes));
        Ok(())
    }

    /// A message in the status line until the next key.
    pub(super) fn say(&mut self, text: &str, is_error: bool) {
        self.toast = Some(Toast {
            text: crate::domain::inert(text).into_owned(),
            is_error,
        });
    }
}

impl App {
    /// A saved person's message, with who they replaced as head when they did.
    fn say_new_head(
        &mut self,
        outcome: Outcome,
        old: Option<super::heads::OldHead>,
        new: &crate::domain::NewAttendee,
    ) -> Outcome {
        let replaced = match (&outcome, old) {
            (Outcome::Saved(_) | Outcome::SavedInPlace(_), Some(old)) => {
                self.head_replaced(old, new)
            }
            _ => None,
        };
        match (outcome, replaced) {
            (Outcome::Saved(m), Some(r)) => Outcome::Saved(format!("{m} · {r}")),
            (Outcome::SavedInPlace(m), Some(r)) => Outcome::SavedInPlace(format!("{m} · {r}")),
            (outcome, _) => outcome,
        }
    }
}

fn saved_person(a: &crate::domain::Attendee) -> String {
    format!("Saved {} (badge {})", a.details.full_name(), a.badge)
}

/// An edit saved (said as `said` says it), or in conflict with another desk's.
fn edited<T>(
    result: Result<Edit<T>, StoreError>,
    said: impl Fn(&T) -> String,
    conflict: fn(crate::store::Conflict<T>) -> Conflicted,
) -> Outcome {
    match result {
        Ok(Edit::Saved(record)) => Outcome::Saved(said(&record)),
        Ok(Edit::Conflict(c)) => Outcome::Conflict(Box::new(conflict(c))),
        Err(e) => failed(e),
    }
}

/// A person's write, saved and put in place in the lists already.
fn in_place(outcome: Outcome) -> Outcome {
    match outcome {
        Outcome::Saved(message) => Outcome::SavedInPlace(message),
        other => other,
    }
}

/// A write that says what it saved, or why nothing was.
fn saved(result: Result<String, StoreError>) -> Outcome {
    result.map_or_else(failed, Outcome::Saved)
}

/// Why nothing was saved: the values (beside their fields), or the store.
fn failed(e: StoreError) -> Outcome {
    match e {
        StoreError::Invalid(v) => Outcome::Rejected(Rejection::Invalid(v)),
        StoreError::CodeTaken(code) => Outcome::Rejected(Rejection::CodeTaken(code)),
        StoreError::Unreachable => Outcome::Unreachable,
        e => Outcome::Failed(crate::domain::inert(&e.to_string()).into_owned()),
    }
}

/// A rejection with no form to show it in, as one line.
fn rejected(rejection: Rejection) -> String {
    match rejection {
        Rejection::Invalid(v) => v.to_string(),
        Rejection::CodeTaken(code) => format!("\"{code}\" is already taken"),
    }
}

/// A check-in or (`undo`) an undo failed in the store: the Desk says nothing was
/// saved and is ready for the next person.
fn not_saved(e: StoreError, undo: bool) -> Outcome {
    if let StoreError::Unreachable = e {
        return Outcome::Answer(Answer::Unreachable { undo });
    }
    let reason = crate::domain::inert(&e.to_string()).into_owned();
    Outcome::Answer(Answer::NotSaved { reason })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::action::Action;

    fn sample_app(desk_mode: bool) -> (App, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create_or_open(&dir.path().join("guards.db")).unwrap();
        crate::demo::write_sample(&mut store).unwrap();
        let mut options = Options::new("desk-1".into());
        options.desk_mode = desk_mode;
        options.theme = Theme::mono();
        // Day 1 of the sample seminar: check-ins count, whatever the day of the run.
        let day_one = chrono::NaiveDate::from_ymd_opt(2017, 7, 5).unwrap();
        let nine_twelve = day_one.and_hms_opt(9, 12, 0).unwrap();
        options.clock = crate::clock::Clock::fixed(nine_twelve);
        (App::new(store, options).unwrap(), dir)
    }

    /// What the status line says after `action` on `screen`.
    fn said(app: &mut App, screen: ScreenId, action: Action) -> Option<String> {
        app.screen = screen;
        app.toast = None;
        app.update(action);
        app.toast.as_ref().map(|t| t.text.clone())
    }

    fn refused(outcome: Outcome) -> Option<String> {
        match outcome {
            Outcome::Refused(why) => Some(why),
            _ => None,
        }
    }

    #[test]
    fn a_damaged_file_refuses_every_write_with_one_message() {
        let (mut app, _dir) = sample_app(false);
        app.damaged = Some("page 7 is damaged".into());
        let message = refused(app.execute(Command::SetCategoryOrder {
            event: app.current_event().unwrap(),
            order: Vec::new(),
        }))
        .expect("a write is refused");
        assert!(message.contains("page 7 is damaged"), "{message}");
        let asks = [
            (ScreenId::Seminars, Action::New),
            (ScreenId::Attendees, Action::WalkIn),
            (ScreenId::Attendees, Action::Import),
            (ScreenId::Delegations, Action::New),
            (ScreenId::Desk, Action::Undo),
        ];
        for (screen, action) in asks {
            let said = said(&mut app, screen, action);
            assert_eq!(said.as_ref(), Some(&message), "{action:?} on {screen:?}");
        }
        assert!(app.popups.is_empty(), "no form opened");
        // An export only reads: it is still offered.
        assert_eq!(said(&mut app, ScreenId::Attendees, Action::Export), None);
        assert!(matches!(app.popups.last(), Some(Popup::Form(_))));
    }

    #[test]
    fn desk_mode_refuses_all_but_check_in_undo_and_walk_in_with_one_message() {
        let (mut app, _dir) = sample_app(true);
        let someone = app.registry.as_ref().unwrap().people[0].id;
        let message = strings::DESK_MODE_NO_EDITS.to_string();
        assert_eq!(
            refused(app.execute(Command::ErasePerson(someone))),
            Some(message.clone())
        );
        assert!(app.store.attendee(someone).is_ok(), "not erased");
        for action in [Action::Import, Action::Export] {
            assert_eq!(
                said(&mut app, ScreenId::Desk, action),
                Some(message.clone())
            );
        }
        assert_eq!(
            refused(app.execute(Command::Undo)),
            None,
            "undo is the desk's"
        );
        assert_eq!(said(&mut app, ScreenId::Desk, Action::WalkIn), None);
        assert!(
            matches!(app.popups.last(), Some(Popup::Form(_))),
            "the walk-in opens"
        );
    }

    #[test]
    fn a_file_found_damaged_while_a_form_is_open_refuses_its_save_and_keeps_it() {
        let (mut app, _dir) = sample_app(false);
        let someone = app.registry.as_ref().unwrap().people[0].id;
        assert_eq!(said(&mut app, ScreenId::Attendees, Action::Delete), None);
        assert!(matches!(app.popups.last(), Some(Popup::Form(_))));
        app.damaged = Some("page 7 is damaged".into());
        app.update(Action::Accept);
        let toast = app
            .toast
            .as_ref()
            .map(|t| t.text.as_str())
            .unwrap_or_default();
        assert!(toast.contains("page 7 is damaged"), "{toast}");
        assert!(
            matches!(app.popups.last(), Some(Popup::Form(_))),
            "Esc leaves it"
        );
        assert!(app.store.attendee(someone).is_ok(), "not erased");
    }

    #[test]
    fn a_new_category_order_is_saved_for_the_event_it_names_and_shown() {
        let (mut app, _dir) = sample_app(false);
        let event = app.current_event().unwrap();
        let mut order = app.registry.as_ref().unwrap().event.category_order.clone();
        order.reverse();
        let outcome = app.execute(Command::SetCategoryOrder {
            event,
            order: order.clone(),
        });
        assert!(matches!(outcome, Outcome::Done));
        assert_eq!(app.store.event(event).unwrap().category_order, order);
        assert_eq!(app.registry.as_ref().unwrap().event.category_order, order);
    }

    #[test]
    fn undo_with_no_seminar_open_says_to_pick_one() {
        let (mut app, _dir) = sample_app(false);
        app.registry = None;
        assert_eq!(
            refused(app.execute(Command::Undo)),
            Some(strings::no_event(&app.options.keymap))
        );
    }

    #[test]
    fn a_check_in_a_screen_asks_for_leaves_an_open_form_open() {
        let (mut app, _dir) = sample_app(false);
        let someone = app.registry.as_ref().unwrap().people[0].id;
        assert_eq!(said(&mut app, ScreenId::Seminars, Action::New), None);
        // As a badge scanned while the people were read is checked in once they are.
        app.run(Command::CheckIn(someone).into());
        assert!(matches!(app.popups.last(), Some(Popup::Form(_))));
        assert!(
            app.toast
                .as_ref()
                .is_some_and(|t| t.text.contains("CHECKED IN"))
        );
    }
}
