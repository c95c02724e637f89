//! User-facing text of the TUI in one place. A text that names a key takes the
//! keymap in force, so that it follows the user's remaps.

use super::action::Action;
use super::keymap::{Context, Key, Keymap};

pub const APP: &str = "rollcall";
/// Said while no seminar is open, with the keys in force that show the Seminars
/// screen and open one there.
pub fn no_event(keymap: &Keymap) -> String {
    let show = keymap.key_named(
        Context::Global,
        Action::Show(super::ScreenId::Seminars),
        Key::char('1'),
    );
    let open = keymap.key_named(
        Context::Seminars,
        Action::Open,
        Key::plain(crossterm::event::KeyCode::Enter),
    );
    format!("No seminar chosen — pick one on the Seminars screen ({show}) and press {open}.")
}
pub const NO_EVENTS: &str = "No seminars yet. Write the sample with `rollcall demo --db PATH`, or start with `rollcall --demo`.";
pub const NO_MATCH: &str = "No one matches the filter. Esc clears it.";
pub const TOO_SMALL: &str = "Terminal too small — enlarge it to at least";
/// The help overlay's title; `close` is the key that closes it.
pub fn help_title(close: &str) -> String {
    format!(" Keys — {close} closes ")
}
pub const FILTER_PROMPT: &str = "/ ";
pub const FUZZY_NOTE: &str = "no exact match — showing close spellings";
pub const UNASSIGNED: &str = "(no delegation)";
/// Beside a delegation member who is expected and not checked in today.
pub const NOT_HERE: &str = "not here";
/// Under the day-by-day view's columns, beside each day's total.
pub const PRESENT_EACH_DAY: &str = "Present that day";
pub const DESK_MODE_NO_EDITS: &str =
    "Desk mode: editing is switched off (check-in, undo and walk-in only).";
pub const DAMAGED: &str = " DAMAGED FILE: read only ·";
pub const DAMAGED_NO_WRITES: &str = "The registry file is damaged: nothing will be written to it. Keep a copy and restore a backup.";
pub const READ_ONLY: &str = " READ-ONLY: nothing can be saved ·";
pub const QUIT_LOSES_FORM: &str = "What you typed in the form is not saved.";
pub const QUIT_STOPS_JOB: &str =
    "The import or export stops: an import is saved wholly or not at all, so none of it is.";
pub const SAVED_ALREADY: &str = "Everything is saved as you go.";
/// What a check-in or save answers while the server cannot be reached (the store's
/// own words for `StoreError::Unreachable`).
pub const UNREACHABLE: &str = "server unreachable — nothing saved; retrying";
/// Said on every screen while the server cannot be reached, until it answers again.
pub const SERVER_AWAY: &str = "⚠ server unreachable — retrying";
/// Something was saved, and then the server went away before the screens were read
/// again: they are read once it is back.
pub const SAVED_THEN_AWAY: &str =
    "then the server became unreachable: the lists are read again once it is back";

pub fn loading(people: u32) -> String {
    format!("Reading {people} people… (a moment; typing on the Desk is kept)")
}

pub fn showing(shown: usize, total: usize) -> String {
    format!("{shown} of {total}")
}

pub const DAY_FOLLOWS_CLOCK: &str = "Check-ins count for today again (the day follows the clock).";

pub fn day_chosen(number: i64, day: chrono::NaiveDate, keymap: &Keymap) -> String {
    let change = keymap.key_named(Context::List, Action::ChooseDay, Key::char('D'));
    format!(
        "Check-ins now count for day {number} ({}) — {change} changes it, back to the clock after the last day.",
        day.format("%a %-d %b %Y")
    )
}

/// Said when desk mode refuses another screen, with the key in force that leaves
/// the Desk. Ctrl-C is named as it is: no remap can take it from quitting.
pub fn desk_mode_desk_only(keymap: &Keymap) -> String {
    let f10 = Key::plain(crossterm::event::KeyCode::F(10));
    let leave = keymap.key_named(Context::DeskInput, Action::LeaveDesk, f10);
    format!("Desk mode: only the Desk. {leave} leaves (asks first); Ctrl-C quits.")
}
