//! The `rollcall` binary: parse the command line, pick the TUI or a subcommand, and
//! turn any error into one line on stderr and a non-zero exit.

use rollcall::cli::{self, Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::parse().and_then(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rollcall: {}", rollcall::inert(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    // Read (and warned about) before anything else, so that every command warns alike.
    let config = cli::config::load();
    match cli.command {
        Some(Command::Demo(args)) => cli::demo::run(&cli::required_db(cli.db)?, &args),
        Some(Command::Event(args)) => cli::event::run(&cli::required_db(cli.db)?, &args),
        Some(Command::Import(args)) => cli::import::run(&cli::required_db(cli.db)?, &args),
        Some(Command::Export(args)) => cli::export::run(&cli::required_db(cli.db)?, &args),
        Some(Command::CheckIn(args)) => cli::check_in::run(&cli::required_db(cli.db)?, &args),
        Some(Command::Stats(args)) => cli::stats::run(&cli::required_db(cli.db)?, &args),
        Some(Command::Backup(args)) => cli::backup::run(&cli::required_db(cli.db)?, &args),
        Some(Command::Copy(args)) => cli::copy::run(args),
        Some(Command::Erase(args)) => cli::erase::run(&cli::required_db(cli.db)?, &args),
        Some(Command::Config(args)) => cli::config::run(&config, &args),
        None => cli::tui::run(
            cli.db.map(cli::DbArg::location).transpose()?,
            cli.demo,
            cli.desk,
            config,
        ),
    }
}
