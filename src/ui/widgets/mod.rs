pub mod help;
pub mod list;
pub mod table;
