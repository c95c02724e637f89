//! Registries to try rollcall on: the sample seminar, and generated ones of any size.

mod sample;

pub use sample::write_sample;
