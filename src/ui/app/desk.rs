//! The Desk's actions against the Store: check-in, undo, and the confirmations they
//! may need. Undo takes back exactly this desk's own last action — kept here in
//! memory, never looked up by desk name, so it cannot reach another desk's work.

use super::*;
use crate::domain::Role;
use crate::ui::command::{Command, Outcome};
use chrono::NaiveDate;

/// Something this desk did that undo can take back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum DeskAction {
    CheckIn {
        attendee: AttendeeId,
        day: NaiveDate,
    },
    /// A walk-in: the person was registered by this desk and checked in.
    WalkIn { attendee: AttendeeId, name: String },
}

/// A question the App asks before doing something it cannot simply take back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Undo a walk-in: the person it registered is removed again.
    UndoWalkIn { attendee: AttendeeId, name: String },
    /// Leave the desk (everything is saved already).
    LeaveDesk,
    /// Quit although `what` is not saved.
    Quit { what: String },
}

impl Confirm {
    pub fn question(&self) -> String {
        match self {
            Confirm::UndoWalkIn { name, .. } => {
                format!("Undo the walk-in of {name}? They are removed from the registry.")
            }
            Confirm::LeaveDesk => "Leave the desk? Everything is saved.".to_string(),
            Confirm::Quit { what } => format!("Quit? {what}"),
        }
    }
}

impl App {
    pub(super) fn check_in(&mut self, id: AttendeeId) -> Result<Outcome, StoreError> {
        // The day is asked of the clock now, not when the registry was read.
        self.follow_the_clock()?;
        let Some(day) = self.check_in_day() else {
            return Ok(Outcome::Done);
        };
        let now = self.now();
        let before = self.figures_before(&[id]);
        let outcome = self.store.check_in(id, day, now, &self.options.desk)?;
        self.follow_figures(before, day);
        // Diet, access needs and notes are not kept in the lists: read them now.
        let needs = self
            .store
            .attendee(id)
            .map(|a| needs_of(&a.details))
            .unwrap_or_default();
        let Some(registry) = self.registry.as_mut() else {
            // Saved, but the event closed meanwhile: nothing here to show it on.
            return Ok(Outcome::Done);
        };
        let (name, about) = registry.person(id).map(describe).unwrap_or_default();
        let answer = match outcome {
            CheckInOutcome::CheckedIn(c) => {
                registry.set_present(id, true);
                let done = DeskAction::CheckIn {
                    attendee: id,
                    day: c.day,
                };
                self.undo.push((registry.event.id, done));
                Answer::CheckedIn {
                    name,
                    about,
                    when: when(&registry.event, c.at, c.day),
                    needs,
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
                    needs,
                }
            }
            CheckInOutcome::Cancelled => Answer::Cancelled { name },
        };
        Ok(Outcome::Answer(answer))
    }

    /// Register and check in a walk-in, and tell the Desk.
    pub(super) fn walk_in(
        &mut self,
        person: &crate::domain::NewAttendee,
        delegation: &crate::store::DelegationChoice,
    ) -> Result<Outcome, StoreError> {
        // The day is asked of the clock now, as for a check-in.
        self.follow_the_clock()?;
        let (Some(event), Some(day)) = (self.current_event(), self.check_in_day()) else {
            return Ok(Outcome::Done);
        };
        let now = self.now();
        let saved = self
            .store
            .walk_in(event, person, delegation, day, now, &self.options.desk);
        let (attendee, check_in) = saved?;
        // Not in the registry yet: counted from nothing.
        let before = self.figures_before(&[attendee.id]);
        self.follow_figures(before, day);
        // Saved: a failure to read their line no longer undoes that, and the new badge
        // must be said all the same. Only their line is read, and put in place: at
        // 100,000 people a reload of everyone took a third of a second.
        let row = self.store.attendee_row_in(event, attendee.id, day);
        let shown = match row {
            Ok(Some(row)) => {
                self.change_in_place(|r| r.put(row));
                self.follow_current()
            }
            Ok(None) => Err(StoreError::Gone),
            Err(e) => Err(e),
        };
        if let Err(e) = shown {
            let saved = format!(
                "Walk-in saved: {}, new badge {}",
                attendee.details.full_name(),
                attendee.badge
            );
            let why = match e {
                StoreError::Unreachable => {
                    self.went_away();
                    strings::SAVED_THEN_AWAY.to_string()
                }
                e => format!("the lists could not be read again: {e}"),
            };
            return Ok(Outcome::Stale(
                crate::domain::inert(&format!("{saved} — {why}")).into_owned(),
            ));
        }
        let Some(registry) = self.registry.as_ref() else {
            return Ok(Outcome::Done);
        };
        let (name, about) = registry
            .person(attendee.id)
            .map(describe)
            .unwrap_or_default();
        let answer = Answer::CheckedIn {
            name: format!("{name} — new badge {}", attendee.badge),
            about,
            when: when(&registry.event, check_in.at, check_in.day),
            needs: needs_of(&attendee.details),
        };
        self.remember(DeskAction::WalkIn {
            attendee: attendee.id,
            name,
        });
        Ok(Outcome::Answer(answer))
    }

    /// Undo this desk's last action: a check-in goes and the person's status is what
    /// it was; a walk-in asks first, then removes the person it registered.
    pub(super) fn undo_last(&mut self) -> Result<Outcome, StoreError> {
        let Some(event) = self.current_event() else {
            return Ok(Outcome::Refused(strings::no_event(&self.options.keymap)));
        };
        // What this desk did at another seminar stays there, for when it is open again.
        let Some(at) = self.undo.iter().rposition(|(e, _)| *e == event) else {
            return Ok(Outcome::Answer(Answer::NothingToUndo));
        };
        let (_, last) = self.undo.remove(at);
        match last {
            DeskAction::CheckIn { attendee, day } => {
                let now = self.now();
                let before = self.figures_before(&[attendee]);
                let undone = match self
                    .store
                    .undo_check_in(attendee, day, &self.options.desk, now)
                {
                    Ok(undone) => undone,
                    Err(e) => {
                        // Nothing was undone: it is still this desk's to undo.
                        let kept = DeskAction::CheckIn { attendee, day };
                        self.undo.insert(at, (event, kept));
                        return Err(e);
                    }
                };
                let status = self.store.attendee(attendee).map(|a| a.details.status);
                self.follow_figures(before, day);
                let Some(registry) = self.registry.as_mut() else {
                    return Ok(Outcome::Done);
                };
                if undone.is_some() && day == registry.day {
                    registry.set_present(attendee, false);
                }
                if let Ok(status) = status {
                    registry.set_status(attendee, status);
                }
                let name = registry
                    .person(attendee)
                    .map(|p| describe(p).0)
                    .unwrap_or_default();
                Ok(Outcome::Answer(match undone {
                    Some(_) => Answer::Undone { name },
                    // Erased or undone elsewhere meanwhile: nothing of ours is left.
                    None => Answer::NothingToUndo,
                }))
            }
            DeskAction::WalkIn { attendee, name } => {
                Ok(Outcome::Ask(Confirm::UndoWalkIn { attendee, name }))
            }
        }
    }

    /// The answer to a confirmation: yes does it, no leaves everything as it was.
    pub(super) fn update_confirm(&mut self, action: Action) {
        let Some(Popup::Confirm(confirm)) = self.popups.pop() else {
            return;
        };
        let yes = match action {
            Action::Accept => true,
            Action::Back => false,
            // A second Ctrl-C means it.
            Action::Quit => {
                self.quit = true;
                return;
            }
            _ => {
                self.popups.push(Popup::Confirm(confirm));
                return;
            }
        };
        match confirm {
            Confirm::LeaveDesk | Confirm::Quit { .. } => self.quit = yes,
            Confirm::UndoWalkIn { attendee, name } if !yes => {
                // Still this desk's to undo later.
                self.remember(DeskAction::WalkIn { attendee, name });
            }
            Confirm::UndoWalkIn { attendee, name } => {
                let kept = DeskAction::WalkIn {
                    attendee,
                    name: name.clone(),
                };
                let outcome = self.execute(Command::UndoWalkIn { attendee, name });
                // Nothing was undone: still this desk's to undo later.
                if matches!(outcome, Outcome::Unreachable | Outcome::Failed(_)) {
                    self.remember(kept);
                }
                self.settle(outcome);
            }
        }
    }

    /// Keep `action` for undo, in the current event.
    pub(super) fn remember(&mut self, action: DeskAction) {
        if let Some(event) = self.current_event() {
            self.undo.push((event, action));
        }
    }

    pub(super) fn undo_walk_in(
        &mut self,
        attendee: AttendeeId,
        name: String,
    ) -> Result<Outcome, StoreError> {
        let now = self.now();
        let before = self.figures_before(&[attendee]);
        let gender = self.store.attendee(attendee).map(|a| a.details.gender);
        if !self.store.undo_walk_in(attendee, &self.options.desk, now)? {
            return Ok(Outcome::Answer(Answer::NothingToUndo));
        }
        if let Ok(gender) = gender {
            self.forget_in_figures(before, gender);
        }
        // Undone: taken out of the lists in place. A failure to read what else changed
        // is said apart, never as "nothing saved" (an unreachable server is read again
        // once it is back).
        self.change_in_place(|r| r.remove(attendee));
        if let Err(e) = self.follow_current() {
            self.error(e);
        }
        Ok(Outcome::Answer(Answer::WalkInUndone { name }))
    }

    /// Show a check-in answer: large on the Desk, in the status line elsewhere.
    pub(super) fn show_answer(&mut self, answer: Answer) {
        if self.screen != ScreenId::Desk {
            self.toast = Some(Toast {
                text: answer.summary(&self.options.keymap),
                is_error: answer.is_error(),
            });
        }
        // Presence changed in place: the lists read it when they draw, their hits and
        // order stand. Only the Desk starts over for the next person.
        if let Some(registry) = &self.registry {
            self.desk.show(answer, registry, self.searcher.get_mut());
        }
    }
}

/// "09:12 · day 2 (Thu 6 Jul)".
pub(super) fn when(event: &crate::domain::Event, at: NaiveDateTime, day: NaiveDate) -> String {
    format!(
        "{} · day {} ({})",
        at.format("%H:%M"),
        event.day_number(day),
        day.format("%a %-d %b")
    )
}

/// What the desk must do or know when this person arrives: a role other than
/// participant, diet, access needs and notes.
pub(super) fn needs_of(p: &crate::domain::NewAttendee) -> String {
    let role = (p.role != Role::Participant).then(|| p.role.label().to_uppercase());
    let labelled = [("diet", &p.diet), ("needs", &p.access), ("note", &p.notes)]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(label, v)| format!("{label}: {}", v.trim()));
    role.into_iter()
        .chain(labelled)
        .map(|s| crate::domain::inert(&s).into_owned())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A person as the Desk announces them: the protocol name, then delegation and
/// organisation.
pub(super) fn describe(p: &crate::store::AttendeeRow) -> (String, String) {
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
