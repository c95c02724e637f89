pub mod attendees;
pub mod delegations;
pub mod seminars;
