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
    /// Delete the character under the cursor.
    DeleteNext,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Empty the focused field.
    ClearField,
    CursorLeft,
    CursorRight,
    CursorStart,
    CursorEnd,
    /// Leave the focused field, keeping what was typed (in a form: next field, or
    /// save on the last).
    Accept,
    /// Next form field.
    NextField,
    /// Previous form field.
    PrevField,
    /// Save the form.
    Save,
    /// Check the selected person in (on the Desk: the picked match or typed badge).
    CheckIn,
    /// Undo the last check-in made at this desk.
    Undo,
    /// Open the walk-in registration form.
    WalkIn,
    /// Show or hide names on the Desk until something is typed.
    TogglePrivate,
    /// New record (seminar, delegation, person — whatever the list holds).
    New,
    /// Edit the selected record.
    Edit,
    /// Delete the selected record (asks first).
    Delete,
    /// Move the selected person to another delegation.
    Move,
    /// Show the latest activity (the audit log).
    Activity,
    /// Import people from a spreadsheet.
    Import,
    /// Export the roster, the List of Participants, badges or sheets.
    Export,
    /// Choose the day check-ins count for: the next day of the event, or the clock.
    ChooseDay,
    /// Leave the Desk (asks first).
    LeaveDesk,
    /// Move the selected delegation's category earlier in protocol order.
    CategoryEarlier,
    /// Move the selected delegation's category later in protocol order.
    CategoryLater,
    /// Sort the Attendees list the next way: name, delegation, badge, status, arrival.
    CycleSort,
    /// Show the next group on Attendees: everyone, not arrived today, present today,
    /// invited, cancelled.
    CycleFilter,
    /// Show or hide Attendees' day-by-day presence (a column per day, with totals).
    ToggleDays,
    /// Stats: show the next day of the seminar.
    NextDay,
    /// Stats: show the previous day of the seminar.
    PrevDay,
}
