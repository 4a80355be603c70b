//! Thin commands: each parses nothing itself, calls the library and prints.
//! They return the exit status.

pub mod build;
pub mod check;
pub mod explain;
pub mod init;
pub mod new;
pub mod schema;
#[cfg(feature = "serve")]
pub mod serve;

/// The status for content errors.
pub const CONTENT_ERROR: u8 = 1;
/// The status for bad command-line usage.
pub const USAGE_ERROR: u8 = 2;
