//! The integration tests: one binary, a small harness, fixture sites.
//!
//! Each test copies a fixture site into a temporary folder, runs the real
//! `pilotsite` binary on it and checks what a user would see: exit status,
//! the located error lines, the files written.

mod bad_input;
mod browser;
mod build;
mod charts;
mod commands;
mod data;
mod faults;
mod generate;
mod harness;
mod hostile;
mod invalid;
mod markdown;
mod publish;
mod schema;
mod search;
#[cfg(feature = "serve")]
mod serve;
