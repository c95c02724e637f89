//! What a key means, independent of which key it was.

use super::ScreenId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave rollcall (everything is saved already).
    Quit,
    /// Show one screen.
    Show(ScreenId),
    /// The next screen in tab order.
    NextScreen,
    /// The previous screen in tab order.
    PrevScreen,
    /// Open the help overlay for the current screen.
    Help,
    /// Close an overlay, leave a field, clear a filter, go back one level.
    Back,
    MoveUp,
    MoveDown,
    PageUp,
    PageDown,
    First,
    Last,
    /// Select a line by its position in the list (a mouse click).
    SelectLine(usize),
    /// Open or drill into the selection.
    Open,
    /// Expand a tree node.
    Expand,
    /// Collapse a tree node (or go to its parent).
    Collapse,
    /// Focus the filter line.
    StartFilter,
    /// A character typed into the focused text field.
    Input(char),
    /// Delete the character before the cursor of the focused text field.
    Backspace,
    /// Leave the focused field, keeping what was typed.
    Accept,
}

/// What a screen asks the App to do against the Store (screens never touch it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Make this event current and show its people.
    OpenEvent(crate::domain::EventId),
}
