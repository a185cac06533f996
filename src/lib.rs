//! Hindsight: design reviews and incident postmortems in one workspace, with every trade-off
//! linked to the lesson and incident that motivated it.
//!
//! The crate is a library with two thin front ends (the command line and the window). Layers:
//! `domain` ← `store` ← `interop`, `report`, `demo`, `check` ← `sync` ← `cli`, `ui`. See
//! ARCHITECTURE.md.

pub mod atomic;
pub mod check;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod interop;
pub mod publish;
pub mod report;
pub mod session;
pub mod store;
pub mod sync;
pub mod ui;
pub mod workspace;
