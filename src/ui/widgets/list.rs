//! The moving parts every list shares: a cursor with its scroll window, and the
//! filter line.

use super::text_field::TextField;
use crate::ui::action::Action;
use std::cell::Cell;
use std::ops::Range;

/// The selected line of a list and the first line shown.
#[derive(Debug, Default)]
pub struct Cursor {
    pub selected: usize,
    /// Where the window starts; render adjusts it to keep the selection in view, which
    /// is the only state render touches (hence a Cell).
    offset: Cell<usize>,
    /// Lines shown at the last render, for PgUp/PgDn.
    page: Cell<usize>,
}

impl Cursor {
    /// Apply a movement to a list of `len` lines; false when `action` is not one.
    pub fn apply(&mut self, action: Action, len: usize) -> bool {
        let last = len.saturating_sub(1);
        let page = self.page.get().max(1);
        self.selected = match action {
            Action::MoveDown => (self.selected + 1).min(last),
            Action::MoveUp => self.selected.saturating_sub(1),
            Action::PageDown => (self.selected + page).min(last),
            Action::PageUp => self.selected.saturating_sub(page),
            Action::First => 0,
            Action::Last => last,
            Action::SelectLine(line) => line.min(last),
            _ => return false,
        };
        true
    }

    /// Keep the selection inside a list that became `len` lines long.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// The lines to draw in `height` rows: the previous window, moved only as far as
    /// needed to show the selection (so the list does not jump under the eye).
    pub fn window(&self, len: usize, height: usize) -> Range<usize> {
        self.page.set(height);
        if height == 0 || len == 0 {
            return 0..0;
        }
        let mut offset = self.offset.get().min(len.saturating_sub(height));
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        self.offset.set(offset);
        offset..(offset + height).min(len)
    }

    /// The line shown at screen row `row` of the last window (for mouse clicks).
    pub fn line_at(&self, row: usize) -> usize {
        self.offset.get() + row
    }
}

/// The filter line of a list: a text field that may have focus.
#[derive(Debug, Default, Clone)]
pub struct FilterLine {
    pub field: TextField,
    pub focused: bool,
}

/// What a key did to the filter.
#[derive(Debug, PartialEq, Eq)]
pub enum FilterChange {
    /// Not a filter key.
    Ignored,
    /// The key was used; the text is the same.
    Kept,
    /// The text changed: search again.
    Changed,
}

/// What a key did to a filterable list.
#[derive(Debug, PartialEq, Eq)]
pub enum ListKey {
    /// The filter's text changed: search again (the cursor is back at the top).
    Refilter,
    /// The filter line used it; nothing else to do.
    Filtered,
    /// It moved the cursor.
    Moved,
    /// Neither: the screen's own key.
    Other,
}

/// Offer `action` to a list's filter line, then to its cursor over `len` lines.
pub fn list_key(
    filter: &mut FilterLine,
    cursor: &mut Cursor,
    action: Action,
    len: usize,
) -> ListKey {
    match filter.apply(action) {
        FilterChange::Changed => {
            cursor.selected = 0;
            ListKey::Refilter
        }
        FilterChange::Kept => ListKey::Filtered,
        FilterChange::Ignored if cursor.apply(action, len) => ListKey::Moved,
        FilterChange::Ignored => ListKey::Other,
    }
}

impl FilterLine {
    pub fn apply(&mut self, action: Action) -> FilterChange {
        match action {
            Action::StartFilter if !self.focused => {
                self.focused = true;
                FilterChange::Kept
            }
            Action::Accept if self.focused => {
                self.focused = false;
                FilterChange::Kept
            }
            // Esc in the field clears it and leaves; Esc outside clears a kept filter.
            Action::Back if self.focused || !self.text().is_empty() => {
                self.focused = false;
                if self.text().is_empty() {
                    FilterChange::Kept
                } else {
                    self.field.clear();
                    FilterChange::Changed
                }
            }
            _ if self.focused => match self.field.apply(action) {
                Some(true) => FilterChange::Changed,
                Some(false) => FilterChange::Kept,
                None => FilterChange::Ignored,
            },
            _ => FilterChange::Ignored,
        }
    }

    pub fn text(&self) -> &str {
        self.field.value()
    }

    pub fn is_active(&self) -> bool {
        self.focused || !self.text().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_follows_the_selection() {
        let mut c = Cursor::default();
        assert_eq!(c.window(100, 10), 0..10);
        c.apply(Action::PageDown, 100);
        assert_eq!(c.selected, 10);
        assert_eq!(c.window(100, 10), 1..11);
        c.apply(Action::Last, 100);
        assert_eq!(c.window(100, 10), 90..100);
        c.apply(Action::First, 100);
        assert_eq!(c.window(100, 10), 0..10);
        assert_eq!(c.window(3, 10), 0..3);
        assert_eq!(c.window(0, 10), 0..0);
    }

    #[test]
    fn esc_clears_then_leaves() {
        let mut f = FilterLine::default();
        assert_eq!(f.apply(Action::StartFilter), FilterChange::Kept);
        assert_eq!(f.apply(Action::Input('k')), FilterChange::Changed);
        assert_eq!(f.apply(Action::Accept), FilterChange::Kept);
        assert!(f.is_active() && !f.focused);
        assert_eq!(f.apply(Action::Back), FilterChange::Changed);
        assert!(!f.is_active());
        assert_eq!(f.apply(Action::Back), FilterChange::Ignored);
    }
}
