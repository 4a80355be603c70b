//! Thin commands: each parses nothing itself, calls the library and prints.
//! They return the exit status.

pub mod build;
pub mod check;
pub mod explain;
pub mod form;
pub mod import;
pub mod init;
pub mod new;
pub mod schema;
#[cfg(feature = "serve")]
pub mod serve;

use pilotsite::diagnostics::printable;
use pilotsite::messages::{self, Language, Text, codes};

/// The status for content errors.
pub const CONTENT_ERROR: u8 = 1;
/// The status for bad command-line usage.
pub const USAGE_ERROR: u8 = 2;

/// Prints an error of the command itself (no file and line to point at):
/// `error: ` and the message in `lang`, then where to read more about it.
pub fn print_error(text: &Text, lang: Language) {
    eprintln!("error: {}", printable(&text.render(lang)));
    if let Some(code) = codes::code_of(text.key) {
        eprintln!(
            "help: {}",
            messages::ui(lang, "help-code-only", &[("code", code.into())])
        );
    }
}
