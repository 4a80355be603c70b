//! The `pilotsite` binary: parses the command line and hands over to the
//! library. Exit status: 0 success, 1 the content has errors, 2 bad usage.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let status = match &cli.command {
        cli::Command::Init(args) => cmd::init::run(&cli, args),
        cli::Command::New(cli::NewCommand::Report(args)) => cmd::new::run(&cli, args),
        cli::Command::Build(args) => cmd::build::run(&cli, args),
        cli::Command::Check(args) => cmd::check::run(&cli, args),
        cli::Command::Schema(args) => cmd::schema::run(&cli, args),
        cli::Command::Explain(args) => cmd::explain::run(&cli, args),
        #[cfg(feature = "serve")]
        cli::Command::Serve(args) => cmd::serve::run(&cli, args),
    };
    ExitCode::from(status)
}
