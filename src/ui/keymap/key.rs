//! One key as the keymap holds it: read from a terminal event, written in the
//! config file ("ctrl-w", "F2", "down") and shown in hints and help ("Ctrl-W", "↓").

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;
use std::str::FromStr;

const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

/// A key and its modifiers, normalised so that one press has one spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

/// The named keys of the config syntax, with the label hints and help show. The
/// first name is the one `rollcall config` writes; the others are also read.
const NAMED: &[(&[&str], KeyCode, &str)] = &[
    (&["enter", "return"], KeyCode::Enter, "Enter"),
    (&["esc", "escape"], KeyCode::Esc, "Esc"),
    (&["tab"], KeyCode::Tab, "Tab"),
    (&["backspace"], KeyCode::Backspace, "⌫"),
    (&["delete", "del"], KeyCode::Delete, "Del"),
    (&["insert", "ins"], KeyCode::Insert, "Ins"),
    (&["up"], KeyCode::Up, "↑"),
    (&["down"], KeyCode::Down, "↓"),
    (&["left"], KeyCode::Left, "←"),
    (&["right"], KeyCode::Right, "→"),
    (&["pgup", "pageup"], KeyCode::PageUp, "PgUp"),
    (&["pgdn", "pgdown", "pagedown"], KeyCode::PageDown, "PgDn"),
    (&["home"], KeyCode::Home, "Home"),
    (&["end"], KeyCode::End, "End"),
    (&["space"], KeyCode::Char(' '), "Space"),
];

impl Key {
    /// A key with no modifier.
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    /// A character typed with no modifier.
    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// A character typed with Ctrl held.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            modifiers: CTRL,
        }
    }

    /// Shift-Tab. Terminals report it as BackTab, some with SHIFT and some without:
    /// the normal form drops SHIFT.
    pub const BACK_TAB: Key = Key::plain(KeyCode::BackTab);

    /// The keys the texts over the screens name by default ("Esc closes").
    pub const ESC: Key = Key::plain(KeyCode::Esc);
    pub const UP: Key = Key::plain(KeyCode::Up);
    pub const DOWN: Key = Key::plain(KeyCode::Down);

    /// The key of a terminal event. Terminals disagree on whether 'G' or '?' come
    /// with SHIFT: the character itself is what counts, so SHIFT is dropped there.
    pub fn from_event(event: KeyEvent) -> Key {
        Key::normal(event.code, event.modifiers)
    }

    fn normal(code: KeyCode, mut modifiers: KeyModifiers) -> Key {
        if matches!(code, KeyCode::Char(_) | KeyCode::BackTab) {
            modifiers -= SHIFT;
        }
        Key { code, modifiers }
    }

    /// A key that types a character into a text field (no Ctrl, no Alt).
    pub fn is_printable(self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.modifiers.intersects(CTRL | ALT)
    }

    /// How the config file writes it: "x", "ctrl-w", "shift-tab", "F2", "down".
    pub fn config_name(self) -> String {
        self.spelled(Spelling::Config)
    }

    /// How hints and help show it: "x", "Ctrl-W", "Shift-Tab", "F2", "↓".
    pub fn label(self) -> String {
        self.spelled(Spelling::Label)
    }

    /// The modifiers as prefixes ("Ctrl-", "Alt-", "Shift-"), then the key: its
    /// named spelling, F-number or character.
    fn spelled(self, how: Spelling) -> String {
        let label = how == Spelling::Label;
        let mut out = String::new();
        for (flag, name) in [(CTRL, "Ctrl-"), (ALT, "Alt-"), (SHIFT, "Shift-")] {
            if self.modifiers.contains(flag) {
                out.push_str(&if label {
                    name.into()
                } else {
                    name.to_lowercase()
                });
            }
        }
        let named = NAMED.iter().find(|(_, code, _)| *code == self.code);
        match (self.code, named) {
            (_, Some((names, _, shown))) => out.push_str(if label { shown } else { names[0] }),
            (KeyCode::BackTab, _) => out.push_str(if label { "Shift-Tab" } else { "shift-tab" }),
            (KeyCode::F(n), _) => out.push_str(&format!("F{n}")),
            // Ctrl-letters are shown upper case, as on the keycaps.
            (KeyCode::Char(c), _) if label && self.modifiers.contains(CTRL) => {
                out.extend(c.to_uppercase())
            }
            (KeyCode::Char(c), _) => out.push(c),
            (other, _) => out.push_str(&format!("{other:?}")),
        }
        out
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Spelling {
    Config,
    Label,
}

/// Why a spelling in the config file is not a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAKey(pub String);

impl fmt::Display for NotAKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a key", self.0)
    }
}

impl FromStr for Key {
    type Err = NotAKey;

    /// A character ("x", "?", "-"), or modifiers then a key: "ctrl-x", "alt-x",
    /// "shift-tab", "F1"…"F12", "enter", "esc", "up", "pgup", "home", "space" …
    fn from_str(text: &str) -> Result<Key, NotAKey> {
        let wrong = || NotAKey(text.to_string());
        let mut rest = text;
        let mut modifiers = KeyModifiers::NONE;
        // A lone "-" is the minus key, not an empty modifier.
        while rest.chars().count() > 1 {
            let lower = rest.to_lowercase();
            let Some((flag, len)) = [("ctrl-", CTRL), ("alt-", ALT), ("shift-", SHIFT)]
                .iter()
                .find(|(p, _)| lower.starts_with(p))
                .map(|(p, f)| (*f, p.len()))
            else {
                break;
            };
            modifiers |= flag;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err(wrong()),
            // A control character is no key a terminal reports, and its label would
            // reach the screen raw.
            (Some(c), None) if c.is_control() => return Err(wrong()),
            // Ctrl-X and Ctrl-x are one key to a terminal; Shift-x is X.
            (Some(c), None) if modifiers.contains(CTRL) => KeyCode::Char(c.to_ascii_lowercase()),
            (Some(c), None) if modifiers.contains(SHIFT) => {
                KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
            }
            (Some(c), None) => KeyCode::Char(c),
            _ => named_code(rest).ok_or_else(wrong)?,
        };
        if code == KeyCode::Tab && modifiers.contains(SHIFT) {
            return Ok(Key::normal(KeyCode::BackTab, modifiers));
        }
        Ok(Key::normal(code, modifiers))
    }
}

/// "F1"…"F12" or a named key, in any case.
fn named_code(name: &str) -> Option<KeyCode> {
    let lower = name.to_lowercase();
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        return (1..=12).contains(&n).then_some(KeyCode::F(n));
    }
    NAMED
        .iter()
        .find(|(names, _, _)| names.contains(&lower.as_str()))
        .map(|(_, code, _)| *code)
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        text.parse().unwrap()
    }

    #[test]
    fn config_spellings_read_as_keys() {
        assert_eq!(key("x"), Key::char('x'));
        assert_eq!(key("ctrl-n"), Key::ctrl('n'));
        assert_eq!(key("Ctrl-N"), Key::ctrl('n'));
        assert_eq!(key("shift-tab"), Key::BACK_TAB);
        assert_eq!(key("F5"), Key::plain(KeyCode::F(5)));
        assert_eq!(key("pgdn"), Key::plain(KeyCode::PageDown));
        assert_eq!(key("-"), Key::char('-'));
        assert_eq!(key("shift-g"), Key::char('G'));
        assert_eq!(
            key("alt-x"),
            Key {
                code: KeyCode::Char('x'),
                modifiers: ALT
            }
        );
    }

    #[test]
    fn nonsense_is_not_a_key() {
        for text in [
            "",
            "ctrl-",
            "F13",
            "F0",
            "enterr",
            "ctrl-alt-",
            "hyper-x",
            "\u{1b}",
            "\u{7}",
        ] {
            let err = text.parse::<Key>().unwrap_err();
            assert_eq!(err.to_string(), format!("{text:?} is not a key"));
        }
    }

    #[test]
    fn every_key_reads_back_from_its_config_name() {
        for text in [
            "x",
            "?",
            "ctrl-w",
            "alt-x",
            "shift-tab",
            "F12",
            "esc",
            "home",
            "space",
        ] {
            let k = key(text);
            assert_eq!(key(&k.config_name()), k, "{text}");
        }
    }

    #[test]
    fn labels_read_as_before() {
        assert_eq!(key("ctrl-w").label(), "Ctrl-W");
        assert_eq!(key("down").label(), "↓");
        assert_eq!(key("shift-tab").label(), "Shift-Tab");
        assert_eq!(key("backspace").label(), "⌫");
        assert_eq!(key("G").label(), "G");
    }

    #[test]
    fn shifted_events_count_as_their_character() {
        let event = KeyEvent::new(KeyCode::Char('G'), SHIFT);
        assert_eq!(Key::from_event(event), Key::char('G'));
        let back_tab = KeyEvent::new(KeyCode::BackTab, SHIFT);
        assert_eq!(Key::from_event(back_tab), Key::BACK_TAB);
    }
}
