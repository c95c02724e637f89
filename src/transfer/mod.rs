//! Moving people in and out: import from spreadsheets, export rosters and lists.

pub mod export;
pub mod import;
