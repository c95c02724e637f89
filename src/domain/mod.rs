//! Plain types and rules of the registry: no I/O, no SQL, no terminal.

pub mod attendance;
mod attendee;
mod checkin;
pub mod country;
mod dates;
mod delegation;
mod enums;
mod event;
pub mod fold;
mod language;
mod text;
mod validation;

pub use attendee::{Attendee, AttendeeId, MAX_BADGE, NewAttendee, changes, leads_delegation};
pub use checkin::{CheckIn, CheckInOutcome};
pub use dates::{MonthStyle, date_range, full_date, parse_date};
pub use delegation::{Delegation, DelegationId, NewDelegation, default_sort_key};
pub use enums::{Category, EventKind, Gender, Role, Status};
pub use event::{Event, EventId, NewEvent};
pub use language::{Language, UnknownLanguage};
pub use text::inert;
pub use validation::{Field, ValidationError, Violations, validate_email};

/// The text functions' tests are tables: `f(input)` must give `want` for each case.
#[cfg(test)]
fn assert_cases<T: AsRef<str>>(name: &str, f: impl Fn(&str) -> T, cases: &[(&str, &str)]) {
    for (input, want) in cases {
        assert_eq!(f(input).as_ref(), *want, "{name}({input:?})");
    }
}
