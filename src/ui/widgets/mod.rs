pub mod activity;
pub mod card;
pub mod form;
pub mod help;
pub mod list;
pub mod notice;
pub mod table;
pub mod text_field;
