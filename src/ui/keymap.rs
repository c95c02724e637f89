//! THE key table: (context, key) → action, with the hint text. The handlers, the
//! status-bar hints and the help overlay all read this one table, so they cannot
//! disagree.

use super::ScreenId;
use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a key is pressed. Resolution tries the most specific context first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    /// Every list screen.
    List,
    Seminars,
    Attendees,
    Delegations,
    /// The Desk's input line: it has the keyboard whenever the Desk is shown.
    DeskInput,
    /// A yes/no question.
    Confirm,
    /// A form (walk-in, person, seminar, delegation).
    Form,
    /// The editing keys of any focused text field (filter line, Desk, form).
    TextInput,
    Help,
    /// The person card over Attendees.
    Card,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Lists",
            Context::Seminars => "Seminars",
            Context::Attendees => "Attendees",
            Context::Delegations => "Delegations",
            Context::DeskInput => "Desk",
            Context::Confirm => "Question",
            Context::Form => "Forms",
            Context::TextInput => "While typing",
            Context::Help => "Help",
            Context::Card => "Person card",
        }
    }

    /// Contexts in which an unbound printable character types itself.
    fn is_text(self) -> bool {
        matches!(
            self,
            Context::TextInput | Context::DeskInput | Context::Form
        )
    }
}

pub struct Binding {
    pub context: Context,
    pub keys: &'static [(KeyCode, KeyModifiers)],
    /// How the keys are written in hints and help: "j/↓".
    pub label: &'static str,
    pub action: Action,
    pub hint: &'static str,
    /// Shown in the status bar (the rest only in help).
    pub in_bar: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

const fn ch(c: char) -> (KeyCode, KeyModifiers) {
    (KeyCode::Char(c), NONE)
}

macro_rules! bind {
    ($ctx:ident, [$($key:expr),+], $label:literal, $action:expr, $hint:literal $(, $bar:ident)?) => {
        Binding {
            context: Context::$ctx,
            keys: &[$($key),+],
            label: $label,
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
pub static BINDINGS: &[Binding] = &[
    // While a text field has focus, only these keys are commands; every other
    // printable character types into the field.
    bind!(TextInput, [(KeyCode::Esc, NONE)], "Esc", Action::Back, "clear / leave field", bar),
    bind!(TextInput, [(KeyCode::Enter, NONE)], "Enter", Action::Accept, "keep filter", bar),
    bind!(TextInput, [(KeyCode::Backspace, NONE)], "⌫", Action::Backspace, "delete"),
    bind!(TextInput, [(KeyCode::Delete, NONE)], "Del", Action::DeleteNext, "delete forward"),
    bind!(TextInput, [(KeyCode::Char('w'), CTRL)], "Ctrl-W", Action::DeleteWord, "delete word"),
    bind!(TextInput, [(KeyCode::Char('u'), CTRL)], "Ctrl-U", Action::ClearField, "clear field"),
    bind!(TextInput, [(KeyCode::Left, NONE)], "←", Action::CursorLeft, "cursor left"),
    bind!(TextInput, [(KeyCode::Right, NONE)], "→", Action::CursorRight, "cursor right"),
    bind!(TextInput, [(KeyCode::Home, NONE), (KeyCode::Char('a'), CTRL)], "Home", Action::CursorStart, "start of field"),
    bind!(TextInput, [(KeyCode::End, NONE), (KeyCode::Char('e'), CTRL)], "End", Action::CursorEnd, "end of field"),
    bind!(TextInput, [(KeyCode::Down, NONE)], "↓", Action::MoveDown, "next match", bar),
    bind!(TextInput, [(KeyCode::Up, NONE)], "↑", Action::MoveUp, "previous match"),
    bind!(TextInput, [(KeyCode::PageDown, NONE)], "PgDn", Action::PageDown, "page down"),
    bind!(TextInput, [(KeyCode::PageUp, NONE)], "PgUp", Action::PageUp, "page up"),

    // On the Desk every printable key types (q, digits, ?); only keys that cannot be
    // typed do anything else.
    bind!(DeskInput, [(KeyCode::Enter, NONE)], "Enter", Action::CheckIn, "check in", bar),
    bind!(DeskInput, [(KeyCode::Down, NONE)], "↓", Action::MoveDown, "pick / next match"),
    bind!(DeskInput, [(KeyCode::Char('z'), CTRL)], "Ctrl-Z", Action::Undo, "undo", bar),
    bind!(DeskInput, [(KeyCode::F(2), NONE)], "F2", Action::WalkIn, "walk-in", bar),
    bind!(DeskInput, [(KeyCode::F(3), NONE)], "F3", Action::TogglePrivate, "hide/show names"),
    bind!(DeskInput, [(KeyCode::F(4), NONE)], "F4", Action::Activity, "activity log"),
    bind!(DeskInput, [(KeyCode::Esc, NONE)], "Esc", Action::Back, "clear", bar),
    bind!(DeskInput, [(KeyCode::F(1), NONE)], "F1", Action::Help, "help", bar),
    bind!(DeskInput, [(KeyCode::F(10), NONE)], "F10", Action::LeaveDesk, "leave", bar),
    bind!(DeskInput, [(KeyCode::Tab, NONE)], "Tab", Action::NextScreen, "other screens (not in desk mode)"),
    bind!(DeskInput, [(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)], "Shift-Tab", Action::PrevScreen, "other screens, backwards"),
    bind!(DeskInput, [(KeyCode::Char('c'), CTRL)], "Ctrl-C", Action::Quit, "quit at once (everything is saved)"),

    bind!(Confirm, [ch('y'), (KeyCode::Enter, NONE)], "y/Enter", Action::Accept, "yes", bar),
    bind!(Confirm, [ch('n'), (KeyCode::Esc, NONE)], "n/Esc", Action::Back, "no", bar),

    bind!(Form, [(KeyCode::Tab, NONE)], "Tab", Action::NextField, "next field", bar),
    bind!(Form, [(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)], "Shift-Tab", Action::PrevField, "previous field"),
    bind!(Form, [(KeyCode::Char('s'), CTRL)], "Ctrl-S", Action::Save, "save", bar),
    bind!(Form, [(KeyCode::Enter, NONE)], "Enter", Action::Accept, "next field / save on the last", bar),
    bind!(Form, [(KeyCode::Esc, NONE)], "Esc", Action::Back, "cancel", bar),
    bind!(Form, [(KeyCode::Down, NONE)], "↓", Action::MoveDown, "next choice"),
    bind!(Form, [(KeyCode::Up, NONE)], "↑", Action::MoveUp, "previous choice"),

    bind!(Help, [(KeyCode::Esc, NONE), ch('?'), ch('q')], "Esc/?/q", Action::Back, "close help", bar),
    bind!(Help, [ch('j'), (KeyCode::Down, NONE)], "j/↓", Action::MoveDown, "scroll down"),
    bind!(Help, [ch('k'), (KeyCode::Up, NONE)], "k/↑", Action::MoveUp, "scroll up"),
    bind!(Help, [(KeyCode::PageDown, NONE)], "PgDn", Action::PageDown, "page down"),
    bind!(Help, [(KeyCode::PageUp, NONE)], "PgUp", Action::PageUp, "page up"),
    bind!(Help, [ch('g'), (KeyCode::Home, NONE)], "g/Home", Action::First, "first"),
    bind!(Help, [ch('G'), (KeyCode::End, NONE)], "G/End", Action::Last, "last"),

    bind!(Card, [(KeyCode::Esc, NONE), (KeyCode::Enter, NONE), ch('q')], "Esc/Enter", Action::Back, "close card", bar),
    bind!(Card, [ch('j'), (KeyCode::Down, NONE)], "j/↓", Action::MoveDown, "scroll down", bar),
    bind!(Card, [ch('k'), (KeyCode::Up, NONE)], "k/↑", Action::MoveUp, "scroll up"),
    bind!(Card, [(KeyCode::PageDown, NONE)], "PgDn", Action::PageDown, "page down"),
    bind!(Card, [(KeyCode::PageUp, NONE)], "PgUp", Action::PageUp, "page up"),
    bind!(Card, [ch('g'), (KeyCode::Home, NONE)], "g/Home", Action::First, "first"),
    bind!(Card, [ch('G'), (KeyCode::End, NONE)], "G/End", Action::Last, "last"),

    bind!(Seminars, [(KeyCode::Enter, NONE)], "Enter", Action::Open, "open seminar", bar),

    bind!(Attendees, [(KeyCode::Enter, NONE)], "Enter", Action::Open, "person card"),
    bind!(Attendees, [ch('c')], "c", Action::CheckIn, "check in", bar),
    bind!(Attendees, [ch('u')], "u", Action::Undo, "undo last check-in", bar),
    bind!(Attendees, [ch('w')], "w", Action::WalkIn, "walk-in", bar),
    bind!(Attendees, [ch('m')], "m", Action::Move, "move to another delegation"),

    bind!(Delegations, [(KeyCode::Right, NONE), ch('l')], "→/l", Action::Expand, "expand", bar),
    bind!(Delegations, [(KeyCode::Left, NONE), ch('h')], "←/h", Action::Collapse, "collapse", bar),
    bind!(Delegations, [(KeyCode::Enter, NONE)], "Enter", Action::Open, "members"),
    bind!(Delegations, [ch('m')], "m", Action::Move, "move member to another delegation"),
    bind!(Delegations, [ch('[')], "[", Action::CategoryEarlier, "category earlier in protocol order"),
    bind!(Delegations, [ch(']')], "]", Action::CategoryLater, "category later in protocol order"),

    bind!(List, [ch('j'), (KeyCode::Down, NONE)], "j/↓", Action::MoveDown, "down"),
    bind!(List, [ch('k'), (KeyCode::Up, NONE)], "k/↑", Action::MoveUp, "up"),
    bind!(List, [(KeyCode::PageDown, NONE), (KeyCode::Char('f'), CTRL)], "PgDn", Action::PageDown, "page down"),
    bind!(List, [(KeyCode::PageUp, NONE), (KeyCode::Char('b'), CTRL)], "PgUp", Action::PageUp, "page up"),
    bind!(List, [ch('g'), (KeyCode::Home, NONE)], "g/Home", Action::First, "first"),
    bind!(List, [ch('G'), (KeyCode::Char('G'), SHIFT), (KeyCode::End, NONE)], "G/End", Action::Last, "last"),
    bind!(List, [ch('/')], "/", Action::StartFilter, "filter", bar),
    bind!(List, [ch('a')], "a", Action::Activity, "activity log"),
    bind!(List, [ch('I')], "I", Action::Import, "import people from .csv/.xlsx"),
    bind!(List, [ch('X')], "X", Action::Export, "export: list, spreadsheet, badges"),
    bind!(List, [ch('n')], "n", Action::New, "new"),
    bind!(List, [ch('e')], "e", Action::Edit, "edit"),
    bind!(List, [ch('d')], "d", Action::Delete, "delete (asks first)"),
    bind!(List, [(KeyCode::Esc, NONE)], "Esc", Action::Back, "clear filter / back"),
    bind!(List, [ch('D')], "D", Action::ChooseDay, "day check-ins count for: next day / the clock"),

    bind!(Global, [ch('1')], "1", Action::Show(ScreenId::Seminars), "Seminars"),
    bind!(Global, [ch('2')], "2", Action::Show(ScreenId::Attendees), "Attendees"),
    bind!(Global, [ch('3')], "3", Action::Show(ScreenId::Delegations), "Delegations"),
    bind!(Global, [ch('4')], "4", Action::Show(ScreenId::Desk), "Desk (check-in)"),
    bind!(Global, [(KeyCode::Tab, NONE)], "Tab", Action::NextScreen, "next screen"),
    bind!(Global, [(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)], "Shift-Tab", Action::PrevScreen, "previous screen"),
    bind!(Global, [ch('?'), (KeyCode::F(1), NONE)], "?/F1", Action::Help, "help", bar),
    bind!(Global, [ch('q')], "q", Action::Quit, "quit", bar),
    bind!(Global, [(KeyCode::Char('c'), CTRL)], "Ctrl-C", Action::Quit, "quit from anywhere"),
];

/// What has the keyboard: the contexts a key is looked up in follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// A list screen (or the Desk outside its input); `filtering` when its filter
    /// line has focus.
    Screen {
        screen: Context,
        filtering: bool,
    },
    DeskInput,
    Form,
    Help,
    /// A yes/no question.
    Confirm,
    /// The person card: its keys only.
    Card,
}

/// The contexts a key is looked up in, most specific first.
pub fn contexts(focus: Focus) -> Vec<Context> {
    match focus {
        Focus::Help => vec![Context::Help],
        Focus::Confirm => vec![Context::Confirm],
        Focus::Card => vec![Context::Card],
        Focus::Form => vec![Context::Form, Context::TextInput, Context::Global],
        // No Global: on the Desk 1–4 and q type; the Desk binds the keys that leave.
        Focus::DeskInput => vec![Context::DeskInput, Context::TextInput],
        Focus::Screen {
            screen,
            filtering: true,
        } => {
            vec![Context::TextInput, screen, Context::List, Context::Global]
        }
        Focus::Screen {
            screen,
            filtering: false,
        } => vec![screen, Context::List, Context::Global],
    }
}

/// What `key` means in `contexts`. In a text field an unbound printable character
/// becomes [`Action::Input`]; Ctrl-C quits from anywhere.
pub fn resolve(contexts: &[Context], key: KeyEvent) -> Option<Action> {
    if key.code == KeyCode::Char('c') && key.modifiers.contains(CTRL) {
        return Some(Action::Quit);
    }
    for &context in contexts {
        if let Some(b) = find(context, key) {
            return Some(b.action);
        }
        // Inside a text field an unbound character types itself: 'q' is a q.
        if context.is_text()
            && let KeyCode::Char(c) = key.code
            && !key.modifiers.intersects(CTRL | KeyModifiers::ALT)
        {
            return Some(Action::Input(c));
        }
    }
    None
}

fn find(context: Context, key: KeyEvent) -> Option<&'static Binding> {
    BINDINGS.iter().find(|b| {
        b.context == context
            && b.keys.iter().any(|&(code, mods)| {
                // Terminals disagree on whether 'G' or '?' come with SHIFT: the
                // character itself is what counts.
                let shifted_char =
                    mods == NONE && key.modifiers == SHIFT && matches!(code, KeyCode::Char(_));
                code == key.code && (mods == key.modifiers || shifted_char)
            })
    })
}

/// The bindings to list for `contexts`, most specific first; a key already bound in a
/// more specific context is not listed again.
pub fn visible(contexts: &[Context]) -> Vec<&'static Binding> {
    let mut seen: Vec<&'static str> = Vec::new();
    let mut out = Vec::new();
    for &context in contexts {
        for b in BINDINGS.iter().filter(|b| b.context == context) {
            if !seen.contains(&b.label) {
                seen.push(b.label);
                out.push(b);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, NONE)
    }

    fn screen(screen: Context, filtering: bool) -> Vec<Context> {
        contexts(Focus::Screen { screen, filtering })
    }

    #[test]
    fn specific_contexts_win() {
        let list = screen(Context::Delegations, false);
        assert_eq!(resolve(&list, key(KeyCode::Enter)), Some(Action::Open));
        assert_eq!(
            resolve(&list, key(KeyCode::Char('j'))),
            Some(Action::MoveDown)
        );
        assert_eq!(resolve(&list, key(KeyCode::Char('q'))), Some(Action::Quit));
        assert_eq!(
            resolve(&list, key(KeyCode::Char('2'))),
            Some(Action::Show(ScreenId::Attendees))
        );
    }

    #[test]
    fn text_fields_take_printable_keys() {
        let typing = screen(Context::Attendees, true);
        assert_eq!(
            resolve(&typing, key(KeyCode::Char('q'))),
            Some(Action::Input('q'))
        );
        assert_eq!(
            resolve(&typing, key(KeyCode::Char('1'))),
            Some(Action::Input('1'))
        );
        assert_eq!(
            resolve(&typing, key(KeyCode::Char('Б'))),
            Some(Action::Input('Б'))
        );
        assert_eq!(resolve(&typing, key(KeyCode::Esc)), Some(Action::Back));
        assert_eq!(
            resolve(&typing, KeyEvent::new(KeyCode::Char('c'), CTRL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn shifted_letters_resolve() {
        let list = screen(Context::Attendees, false);
        assert_eq!(
            resolve(&list, KeyEvent::new(KeyCode::Char('G'), SHIFT)),
            Some(Action::Last)
        );
        assert_eq!(
            resolve(&list, KeyEvent::new(KeyCode::Char('?'), SHIFT)),
            Some(Action::Help)
        );
    }

    #[test]
    fn the_desk_input_checks_in_on_enter_and_types_digits() {
        let desk = contexts(Focus::DeskInput);
        assert_eq!(resolve(&desk, key(KeyCode::Enter)), Some(Action::CheckIn));
        assert_eq!(
            resolve(&desk, key(KeyCode::Char('4'))),
            Some(Action::Input('4'))
        );
        assert_eq!(
            resolve(&desk, key(KeyCode::Backspace)),
            Some(Action::Backspace)
        );
        assert_eq!(resolve(&desk, key(KeyCode::F(2))), Some(Action::WalkIn));
        assert_eq!(resolve(&desk, key(KeyCode::Tab)), Some(Action::NextScreen));
        assert_eq!(
            resolve(&desk, KeyEvent::new(KeyCode::Char('z'), CTRL)),
            Some(Action::Undo)
        );
    }

    #[test]
    fn forms_take_tab_and_ctrl_s() {
        let form = contexts(Focus::Form);
        assert_eq!(resolve(&form, key(KeyCode::Tab)), Some(Action::NextField));
        assert_eq!(
            resolve(&form, key(KeyCode::Char('q'))),
            Some(Action::Input('q'))
        );
        assert_eq!(
            resolve(&form, KeyEvent::new(KeyCode::Char('s'), CTRL)),
            Some(Action::Save)
        );
    }

    #[test]
    fn enter_opens_the_person_card_and_closes_it() {
        let list = screen(Context::Attendees, false);
        assert_eq!(resolve(&list, key(KeyCode::Enter)), Some(Action::Open));
        assert_eq!(
            resolve(&list, KeyEvent::new(KeyCode::Char('e'), NONE)),
            Some(Action::Edit)
        );
        let card = contexts(Focus::Card);
        assert_eq!(resolve(&card, key(KeyCode::Enter)), Some(Action::Back));
        assert_eq!(resolve(&card, key(KeyCode::Esc)), Some(Action::Back));
        assert_eq!(resolve(&card, key(KeyCode::Down)), Some(Action::MoveDown));
        // Nothing under the card answers.
        assert_eq!(resolve(&card, key(KeyCode::Char('c'))), None);
        assert_eq!(resolve(&card, key(KeyCode::Char('2'))), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for a in BINDINGS {
            for b in BINDINGS {
                if std::ptr::eq(a, b) || a.context != b.context {
                    continue;
                }
                for k in a.keys {
                    assert!(
                        !b.keys.contains(k),
                        "{:?} bound twice in {:?}",
                        k,
                        a.context
                    );
                }
            }
        }
    }
}
