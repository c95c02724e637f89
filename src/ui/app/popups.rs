//! The popup stack: what is open over the screens, in the order it was opened. The
//! top one has the keys (and the mouse wheel); they are drawn bottom to top.

use super::*;
use crate::ui::forms::Step;
use crate::ui::widgets::card::PersonCard;

pub(super) enum Popup {
    /// A question waiting for yes or no.
    Confirm(Confirm),
    /// The help overlay, scrolled this far.
    Help {
        scroll: u16,
    },
    Activity(Activity),
    Card(Box<PersonCard>),
    /// What the last import or export said, until Esc.
    Notice(Notice),
    /// A form to fill in: new, edit, delete, move, walk-in, import, export.
    Form(Box<dyn PopupForm>),
    /// An import or export running: its gauge. Keys wait until it is done (but for
    /// quitting); it then gives way to its notice, in the same place on the stack.
    Job(Job),
}

impl Popup {
    /// What has the keyboard while this is on top; `None` for the gauge, which takes
    /// no keys: what is under it says which keys are shown.
    pub(super) fn focus(&self) -> Option<Focus> {
        Some(match self {
            Popup::Confirm(_) => Focus::Confirm,
            Popup::Help { .. } | Popup::Activity(_) | Popup::Notice(_) => Focus::Help,
            Popup::Card(_) => Focus::Card,
            Popup::Form(_) => Focus::Form,
            Popup::Job(_) => return None,
        })
    }

    /// Whether the mouse wheel scrolls it.
    pub(super) fn scrolls(&self) -> bool {
        matches!(
            self,
            Popup::Help { .. } | Popup::Activity(_) | Popup::Card(_) | Popup::Notice(_)
        )
    }
}

impl App {
    /// The import or export running, if any.
    pub(super) fn job(&self) -> Option<&Job> {
        self.popups.iter().find_map(|p| match p {
            Popup::Job(job) => Some(job),
            _ => None,
        })
    }

    /// A key for the popup on top: the one place keys go to popups. Returns whether
    /// a popup was open: then nothing under it gets the key.
    pub(super) fn update_popup(&mut self, action: Action) -> bool {
        let area = self.list_area.get();
        let registry = self.registry.as_ref();
        let step = match self.popups.last_mut() {
            None => return false,
            // The gauge takes no keys: they wait until the job is done.
            Some(Popup::Job(_)) => return true,
            Some(Popup::Confirm(_)) => {
                self.update_confirm(action);
                return true;
            }
            Some(Popup::Help { .. }) => {
                self.update_help(action);
                return true;
            }
            Some(Popup::Notice(notice)) => {
                match action {
                    Action::Back | Action::Help => self.popups.truncate(self.popups.len() - 1),
                    Action::MoveDown => notice.scroll = notice.scroll.saturating_add(1),
                    Action::MoveUp => notice.scroll = notice.scroll.saturating_sub(1),
                    _ => {}
                }
                return true;
            }
            Some(Popup::Activity(activity)) => {
                match action {
                    Action::Back | Action::Activity => self.popups.truncate(self.popups.len() - 1),
                    other => {
                        activity.cursor.apply(other, activity.rows.len());
                    }
                }
                return true;
            }
            // Esc or Enter closes the card, the movement keys scroll it.
            Some(Popup::Card(card)) => {
                match action {
                    Action::Back | Action::Open | Action::Accept => {
                        self.popups.truncate(self.popups.len() - 1)
                    }
                    other => card.apply(other, area),
                }
                return true;
            }
            Some(Popup::Form(form)) => form.update(action, registry),
        };
        match step {
            Step::Editing => {}
            Step::Cancel => {
                self.popups.pop();
            }
            Step::Run(command) => {
                let outcome = self.execute(command);
                self.settle_form(outcome);
            }
        }
        true
    }

    /// A key while help is open: Esc closes it, the movement keys scroll.
    fn update_help(&mut self, action: Action) {
        let max = help::max_scroll(
            &self.options.keymap,
            &self.help_contexts(),
            self.list_area.get(),
        );
        let Some(Popup::Help { scroll }) = self.popups.last_mut() else {
            return;
        };
        match action {
            Action::Back | Action::Help => {
                self.popups.pop();
            }
            Action::MoveDown => *scroll = (*scroll + 1).min(max),
            Action::MoveUp => *scroll = scroll.saturating_sub(1),
            Action::PageDown | Action::Last => *scroll = max,
            Action::PageUp | Action::First => *scroll = 0,
            _ => {}
        }
    }
}
