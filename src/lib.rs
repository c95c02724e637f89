//! rollcall: the participant registry of seminars and conferences.
//!
//! Layers, imports pointing downwards only: `ui` and `cli` → `search` → `store` →
//! `domain`. `lib.rs` exposes them so that `tests/` can drive the App and the Store.

pub mod cli;
pub mod clock;
pub mod demo;
pub mod domain;
pub mod search;
pub mod store;
pub mod transfer;
pub mod ui;

pub use domain::inert;
