//! The `pilotsite` binary: parses the command line and hands over to the
//! library. Exit status: 0 success, 1 the content has errors, 2 bad usage.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: a build makes and drops
/// millions of small strings, and glibc's malloc took a fifth of its user
/// time (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (the Rust bindings
/// name only the options of mimalloc 2). Freed memory goes back to the
/// system at once rather than after 10 ms: a build frees large buffers
/// steadily, and a delay kept about 10% more memory resident at its peak.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // SAFETY: setting an option is a plain store that mimalloc allows at
    // any time; it takes no pointers.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    let cli = cli::Cli::parse();
    let status = match &cli.command {
        cli::Command::Init(args) => cmd::init::run(&cli, args),
        cli::Command::New(cli::NewCommand::Report(args)) => cmd::new::run(&cli, args),
        cli::Command::Build(args) => cmd::build::run(&cli, args),
        cli::Command::Check(args) => cmd::check::run(&cli, args),
        cli::Command::Schema(args) => cmd::schema::run(&cli, args),
        cli::Command::Form(args) => cmd::form::run(&cli, args),
        cli::Command::Explain(args) => cmd::explain::run(&cli, args),
        cli::Command::Import(args) => cmd::import::run(&cli, args),
        #[cfg(feature = "serve")]
        cli::Command::Serve(args) => cmd::serve::run(&cli, args),
    };
    ExitCode::from(status)
}
