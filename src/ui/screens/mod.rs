pub mod attendees;
pub mod delegations;
pub mod desk;
pub mod seminars;
pub mod stats;
