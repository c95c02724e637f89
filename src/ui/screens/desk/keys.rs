//! The keys the Desk's texts name, looked up in the keymap in force.

use crate::ui::action::Action;
use crate::ui::keymap::{Context, Key, Keymap};
use crossterm::event::KeyCode;

/// The Desk's keys its texts name ("F2 registers a walk-in"), as the keymap in force
/// has them: looked up once per drawing.
pub(super) struct DeskKeys {
    pub walk_in: String,
    pub hide_names: String,
    pub pick: String,
    pub check_in: String,
}

impl DeskKeys {
    pub fn of(keymap: &Keymap) -> DeskKeys {
        let key = |action, usual| keymap.key_named(Context::DeskInput, action, usual);
        DeskKeys {
            walk_in: key(Action::WalkIn, Key::plain(KeyCode::F(2))),
            hide_names: key(Action::TogglePrivate, Key::plain(KeyCode::F(3))),
            pick: key(Action::MoveDown, Key::DOWN),
            check_in: key(Action::CheckIn, Key::plain(KeyCode::Enter)),
        }
    }
}
