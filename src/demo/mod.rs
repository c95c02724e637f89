//! Registries to try rollcall on: the sample seminar, and generated ones of any size.

mod generate;
mod groups;
mod lists;
mod names;
mod person;
mod rng;
mod sample;

pub use generate::{DEFAULT_SEED, Generated, PlannedCheckIn, generate, plan_generated};
pub use sample::write_sample;
