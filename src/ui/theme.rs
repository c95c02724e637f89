//! Colours and symbols in one place. With NO_COLOR set, no colour is used at all
//! (whatever the config file says); status is always also shown by a symbol, never
//! by colour alone.

use crate::domain::Status;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub title: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub header: Style,
    pub selected: Style,
    pub highlight: Style,
    pub dim: Style,
    pub key: Style,
    pub present: Style,
    pub warning: Style,
    pub error: Style,
    pub category: Style,
    pub border: Style,
    /// The Desk's answer panel: good news, a warning, a refusal.
    pub answer_good: Style,
    pub answer_warn: Style,
    pub answer_bad: Style,
}

/// The slots by the names the config file's `[theme]` gives them, written once.
macro_rules! slots {
    ($($slot:ident),+ $(,)?) => {
        impl Theme {
            /// The names of the slots, in the order `rollcall config` writes them.
            pub const SLOTS: &'static [&'static str] = &[$(stringify!($slot)),+];

            pub fn slot(&self, name: &str) -> Option<Style> {
                match name {
                    $(stringify!($slot) => Some(self.$slot),)+
                    _ => None,
                }
            }

            pub fn slot_mut(&mut self, name: &str) -> Option<&mut Style> {
                match name {
                    $(stringify!($slot) => Some(&mut self.$slot),)+
                    _ => None,
                }
            }
        }
    };
}

slots!(
    title,
    tab,
    tab_active,
    header,
    selected,
    highlight,
    dim,
    key,
    present,
    warning,
    error,
    category,
    border,
    answer_good,
    answer_warn,
    answer_bad,
);

/// Whether the user asked for no colour: NO_COLOR set and not empty (no-color.org).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

impl Theme {
    pub fn from_env() -> Theme {
        if no_color_requested() {
            Theme::mono()
        } else {
            Theme::colour()
        }
    }

    pub fn colour() -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            title: Style::new().fg(Color::Cyan).add_modifier(bold),
            tab: Style::new().fg(Color::Gray),
            tab_active: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            header: Style::new().fg(Color::Yellow).add_modifier(bold),
            selected: Style::new().bg(Color::DarkGray).add_modifier(bold),
            highlight: Style::new()
                .fg(Color::LightYellow)
                .add_modifier(bold | Modifier::UNDERLINED),
            dim: Style::new().fg(Color::DarkGray),
            key: Style::new().fg(Color::Cyan).add_modifier(bold),
            present: Style::new().fg(Color::Green).add_modifier(bold),
            warning: Style::new().fg(Color::Yellow),
            error: Style::new().fg(Color::LightRed).add_modifier(bold),
            category: Style::new().fg(Color::Magenta).add_modifier(bold),
            border: Style::new().fg(Color::DarkGray),
            answer_good: Style::new().fg(Color::Black).bg(Color::Green),
            answer_warn: Style::new().fg(Color::Black).bg(Color::Yellow),
            answer_bad: Style::new().fg(Color::White).bg(Color::Red),
        }
    }

    /// No colour at all: emphasis by weight, underline and reverse video.
    pub fn mono() -> Theme {
        let plain = Style::new();
        Theme {
            title: plain.add_modifier(Modifier::BOLD),
            tab: plain,
            tab_active: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            header: plain.add_modifier(Modifier::BOLD),
            selected: plain.add_modifier(Modifier::REVERSED),
            highlight: plain.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            dim: plain,
            key: plain.add_modifier(Modifier::BOLD),
            present: plain.add_modifier(Modifier::BOLD),
            warning: plain.add_modifier(Modifier::BOLD),
            error: plain.add_modifier(Modifier::BOLD),
            category: plain.add_modifier(Modifier::BOLD),
            border: plain,
            answer_good: plain.add_modifier(Modifier::BOLD),
            answer_warn: plain.add_modifier(Modifier::BOLD),
            answer_bad: plain.add_modifier(Modifier::BOLD | Modifier::REVERSED),
        }
    }

    pub fn status(&self, status: Status) -> Style {
        match status {
            Status::Registered => Style::new(),
            Status::Invited => self.dim,
            Status::Cancelled | Status::NoShow => self.warning,
        }
    }
}

/// Symbols that carry meaning without colour.
pub mod symbol {
    pub const PRESENT: &str = "✓";
    pub const ABSENT: &str = "·";
    pub const HEAD: &str = "★";
    pub const EXPANDED: &str = "▾";
    pub const COLLAPSED: &str = "▸";
}
