use super::AttendeeId;
use chrono::{NaiveDate, NaiveDateTime};

/// The name of a registration desk, recorded with each check-in it makes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Desk(pub String);

impl Desk {
    /// The desk name to use when none is given: this machine's host name.
    pub fn default_name() -> Desk {
        let host = std::fs::read_to_string("/etc/hostname")
            .ok()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .or_else(|| std::env::var("HOSTNAME").ok())
            .unwrap_or_else(|| "desk".to_string());
        Desk(host)
    }
}

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
