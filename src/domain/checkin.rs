use super::AttendeeId;
use chrono::{NaiveDate, NaiveDateTime};

/// One person's presence on one day of the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    pub attendee: AttendeeId,
    pub day: NaiveDate,
    /// Local wall-clock time of the check-in.
    pub at: NaiveDateTime,
    pub desk: String,
}

/// What a check-in attempt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckInOutcome {
    CheckedIn(CheckIn),
    /// Someone (maybe another desk) got there first.
    AlreadyCheckedIn(CheckIn),
    /// The registration was cancelled: nothing was recorded.
    Cancelled,
}
