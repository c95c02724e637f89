//! The default key table (data): (context, action name, keys) → action, with the
//! hint text. The user's config file changes keys only; names, actions and hints
//! stay as written here.

use super::Context;
use super::key::Key;
use crate::ui::ScreenId;
use crate::ui::action::Action;
use crossterm::event::KeyCode;

/// One line of the default table. `name` is how the config file calls it: one name
/// per meaning, shared by the contexts where the action means the same thing.
pub struct DefaultBinding {
    pub context: Context,
    pub name: &'static str,
    pub keys: &'static [Key],
    pub action: Action,
    pub hint: &'static str,
    /// Shown in the status bar (the rest only in help).
    pub in_bar: bool,
}

/// The name of the Ctrl-C bindings: Ctrl-C quits from anywhere, whatever the file
/// says, so that no configuration can lock a user in.
pub const QUIT_AT_ONCE: &str = "quit_at_once";

const fn k(code: KeyCode) -> Key {
    Key::plain(code)
}

const fn ch(c: char) -> Key {
    Key::char(c)
}

const fn ctrl(c: char) -> Key {
    Key::ctrl(c)
}

const ESC: Key = k(KeyCode::Esc);
const ENTER: Key = k(KeyCode::Enter);
const TAB: Key = k(KeyCode::Tab);
const UP: Key = k(KeyCode::Up);
const DOWN: Key = k(KeyCode::Down);
const LEFT: Key = k(KeyCode::Left);
const RIGHT: Key = k(KeyCode::Right);
const PGUP: Key = k(KeyCode::PageUp);
const PGDN: Key = k(KeyCode::PageDown);
const HOME: Key = k(KeyCode::Home);
const END: Key = k(KeyCode::End);
const fn f(n: u8) -> Key {
    k(KeyCode::F(n))
}

macro_rules! bind {
    ($ctx:ident, $name:literal, [$($key:expr),+], $action:expr, $hint:literal $(, $bar:ident)?) => {
        DefaultBinding {
            context: Context::$ctx,
            name: $name,
            keys: &[$($key),+],
            action: $action,
            hint: $hint,
            in_bar: bind!(@bar $($bar)?),
        }
    };
    (@bar bar) => { true };
    (@bar) => { false };
}

// One line a binding reads best as a table.
#[rustfmt::skip]
pub static BINDINGS: &[DefaultBinding] = &[
    // While a text field has focus, only these keys are commands; every other
    // printable character types into the field.
    bind!(TextInput, "leave_field", [ESC], Action::Back, "clear / leave field", bar),
    bind!(TextInput, "keep_filter", [ENTER], Action::Accept, "keep filter", bar),
    bind!(TextInput, "backspace", [k(KeyCode::Backspace)], Action::Backspace, "delete"),
    bind!(TextInput, "delete_forward", [k(KeyCode::Delete)], Action::DeleteNext, "delete forward"),
    bind!(TextInput, "delete_word", [ctrl('w')], Action::DeleteWord, "delete word"),
    bind!(TextInput, "clear_field", [ctrl('u')], Action::ClearField, "clear field"),
    bind!(TextInput, "cursor_left", [LEFT], Action::CursorLeft, "cursor left"),
    bind!(TextInput, "cursor_right", [RIGHT], Action::CursorRight, "cursor right"),
    bind!(TextInput, "cursor_start", [HOME, ctrl('a')], Action::CursorStart, "start of field"),
    bind!(TextInput, "cursor_end", [END, ctrl('e')], Action::CursorEnd, "end of field"),
    bind!(TextInput, "next_match", [DOWN], Action::MoveDown, "next match", bar),
    bind!(TextInput, "previous_match", [UP], Action::MoveUp, "previous match"),
    bind!(TextInput, "page_down", [PGDN], Action::PageDown, "page down"),
    bind!(TextInput, "page_up", [PGUP], Action::PageUp, "page up"),

    // On the Desk every printable key types (q, digits, ?); only keys that cannot be
    // typed do anything else.
    bind!(DeskInput, "check_in", [ENTER], Action::CheckIn, "check in", bar),
    bind!(DeskInput, "next_match", [DOWN], Action::MoveDown, "pick / next match"),
    bind!(DeskInput, "undo", [ctrl('z')], Action::Undo, "undo", bar),
    bind!(DeskInput, "walk_in", [f(2)], Action::WalkIn, "walk-in", bar),
    bind!(DeskInput, "hide_names", [f(3)], Action::TogglePrivate, "hide/show names"),
    bind!(DeskInput, "activity", [f(4)], Action::Activity, "activity log"),
    bind!(DeskInput, "clear_input", [ESC], Action::Back, "clear", bar),
    bind!(DeskInput, "help", [f(1)], Action::Help, "help", bar),
    bind!(DeskInput, "leave_desk", [f(10)], Action::LeaveDesk, "leave", bar),
    bind!(DeskInput, "next_screen", [TAB], Action::NextScreen, "other screens (not in desk mode)"),
    bind!(DeskInput, "previous_screen", [Key::BACK_TAB], Action::PrevScreen, "other screens, backwards"),
    bind!(DeskInput, "quit_at_once", [ctrl('c')], Action::Quit, "quit at once (everything is saved)"),

    bind!(Confirm, "yes", [ch('y'), ENTER], Action::Accept, "yes", bar),
    bind!(Confirm, "no", [ch('n'), ESC], Action::Back, "no", bar),

    bind!(Form, "next_field", [TAB], Action::NextField, "next field", bar),
    bind!(Form, "previous_field", [Key::BACK_TAB], Action::PrevField, "previous field"),
    bind!(Form, "save", [ctrl('s')], Action::Save, "save", bar),
    bind!(Form, "next_field_or_save", [ENTER], Action::Accept, "next field / save on the last", bar),
    bind!(Form, "cancel", [ESC], Action::Back, "cancel", bar),
    bind!(Form, "next_choice", [DOWN], Action::MoveDown, "next choice"),
    bind!(Form, "previous_choice", [UP], Action::MoveUp, "previous choice"),

    bind!(Help, "close_help", [ESC, ch('?'), ch('q')], Action::Back, "close help", bar),
    bind!(Help, "scroll_down", [ch('j'), DOWN], Action::MoveDown, "scroll down"),
    bind!(Help, "scroll_up", [ch('k'), UP], Action::MoveUp, "scroll up"),
    bind!(Help, "page_down", [PGDN], Action::PageDown, "page down"),
    bind!(Help, "page_up", [PGUP], Action::PageUp, "page up"),
    bind!(Help, "first", [ch('g'), HOME], Action::First, "first"),
    bind!(Help, "last", [ch('G'), END], Action::Last, "last"),

    bind!(Card, "close_card", [ESC, ENTER, ch('q')], Action::Back, "close card", bar),
    bind!(Card, "scroll_down", [ch('j'), DOWN], Action::MoveDown, "scroll down", bar),
    bind!(Card, "scroll_up", [ch('k'), UP], Action::MoveUp, "scroll up"),
    bind!(Card, "page_down", [PGDN], Action::PageDown, "page down"),
    bind!(Card, "page_up", [PGUP], Action::PageUp, "page up"),
    bind!(Card, "first", [ch('g'), HOME], Action::First, "first"),
    bind!(Card, "last", [ch('G'), END], Action::Last, "last"),

    bind!(Seminars, "open", [ENTER], Action::Open, "open seminar", bar),

    bind!(Attendees, "open", [ENTER], Action::Open, "person card"),
    bind!(Attendees, "check_in", [ch('c')], Action::CheckIn, "check in", bar),
    bind!(Attendees, "undo", [ch('u')], Action::Undo, "undo last check-in", bar),
    bind!(Attendees, "walk_in", [ch('w')], Action::WalkIn, "walk-in", bar),
    bind!(Attendees, "move", [ch('m')], Action::Move, "move to another delegation"),
    bind!(Attendees, "cycle_sort", [ch('s')], Action::CycleSort, "sort: name/delegation/badge/status/arrival"),
    bind!(Attendees, "cycle_filter", [ch('f')], Action::CycleFilter, "only: not arrived/present/invited/cancelled"),
    bind!(Attendees, "days_view", [ch('p')], Action::ToggleDays, "presence day by day (a column per day)"),

    bind!(Delegations, "expand", [RIGHT, ch('l')], Action::Expand, "expand", bar),
    bind!(Delegations, "collapse", [LEFT, ch('h')], Action::Collapse, "collapse", bar),
    bind!(Delegations, "open", [ENTER], Action::Open, "members"),
    bind!(Delegations, "move", [ch('m')], Action::Move, "move member to another delegation"),
    bind!(Delegations, "category_earlier", [ch('[')], Action::CategoryEarlier, "category earlier in protocol order"),
    bind!(Delegations, "category_later", [ch(']')], Action::CategoryLater, "category later in protocol order"),

    bind!(Stats, "previous_day", [LEFT, ch('[')], Action::PrevDay, "previous day", bar),
    bind!(Stats, "next_day", [RIGHT, ch(']')], Action::NextDay, "next day", bar),
    bind!(Stats, "scroll_down", [ch('j'), DOWN], Action::MoveDown, "delegations: scroll down", bar),
    bind!(Stats, "scroll_up", [ch('k'), UP], Action::MoveUp, "delegations: scroll up"),
    bind!(Stats, "page_down", [PGDN, ctrl('f')], Action::PageDown, "delegations: page down"),
    bind!(Stats, "page_up", [PGUP, ctrl('b')], Action::PageUp, "delegations: page up"),
    bind!(Stats, "first", [ch('g'), HOME], Action::First, "delegations: first"),
    bind!(Stats, "last", [ch('G'), END], Action::Last, "delegations: last"),
    bind!(Stats, "export", [ch('X')], Action::Export, "export: list, spreadsheet, badges"),
    bind!(Stats, "choose_day", [ch('D')], Action::ChooseDay, "check-ins count for: next day / the clock"),

    bind!(List, "move_down", [ch('j'), DOWN], Action::MoveDown, "down"),
    bind!(List, "move_up", [ch('k'), UP], Action::MoveUp, "up"),
    bind!(List, "page_down", [PGDN, ctrl('f')], Action::PageDown, "page down"),
    bind!(List, "page_up", [PGUP, ctrl('b')], Action::PageUp, "page up"),
    bind!(List, "first", [ch('g'), HOME], Action::First, "first"),
    bind!(List, "last", [ch('G'), END], Action::Last, "last"),
    bind!(List, "filter", [ch('/')], Action::StartFilter, "filter", bar),
    bind!(List, "activity", [ch('a')], Action::Activity, "activity log"),
    bind!(List, "import", [ch('I')], Action::Import, "import people from .csv/.xlsx"),
    bind!(List, "export", [ch('X')], Action::Export, "export: list, spreadsheet, badges"),
    bind!(List, "new", [ch('n')], Action::New, "new"),
    bind!(List, "edit", [ch('e')], Action::Edit, "edit"),
    bind!(List, "delete", [ch('d')], Action::Delete, "delete (asks first)"),
    bind!(List, "back", [ESC], Action::Back, "clear filter / back"),
    bind!(List, "choose_day", [ch('D')], Action::ChooseDay, "check-ins count for: next day / the clock"),

    bind!(Global, "show_seminars", [ch('1')], Action::Show(ScreenId::Seminars), "Seminars"),
    bind!(Global, "show_attendees", [ch('2')], Action::Show(ScreenId::Attendees), "Attendees"),
    bind!(Global, "show_delegations", [ch('3')], Action::Show(ScreenId::Delegations), "Delegations"),
    bind!(Global, "show_desk", [ch('4')], Action::Show(ScreenId::Desk), "Desk (check-in)"),
    bind!(Global, "show_stats", [ch('5')], Action::Show(ScreenId::Stats), "Stats (arrivals, delegations, balance)"),
    bind!(Global, "next_screen", [TAB], Action::NextScreen, "next screen"),
    bind!(Global, "previous_screen", [Key::BACK_TAB], Action::PrevScreen, "previous screen"),
    bind!(Global, "help", [ch('?'), f(1)], Action::Help, "help", bar),
    bind!(Global, "quit", [ch('q')], Action::Quit, "quit", bar),
    bind!(Global, "quit_at_once", [ctrl('c')], Action::Quit, "quit from anywhere"),
];
