//! The command line: one file per subcommand, each thin (parse → call → print).

pub mod backup;
pub mod check_in;
pub mod config;
pub mod copy;
pub mod demo;
pub mod desk_name;
pub mod erase;
pub mod event;
pub mod export;
pub mod import;
pub mod stats;
pub mod tui;

use crate::store::{Location, Store};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// The command line, with what clap alone cannot tell: whether `--db` was typed or
/// came from `ROLLCALL_DB` (a desk's environment must not forbid `--demo`).
pub fn parse() -> anyhow::Result<Cli> {
    use clap::{CommandFactory, FromArgMatches, parser::ValueSource};
    let matches = Cli::command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches)?;
    if cli.demo {
        anyhow::ensure!(
            matches.value_source("db") != Some(ValueSource::CommandLine),
            "--demo opens a fresh copy of the sample seminar: it takes no --db"
        );
        cli.db = None;
    }
    Ok(cli)
}

/// rollcall — the participant registry of seminars and conferences.
#[derive(Debug, Parser)]
#[command(name = "rollcall", version, about, long_about = None)]
pub struct Cli {
    /// The registry: a file, or a PostgreSQL server's postgres:// (postgresql://) URL
    /// (default: rollcall.db in the platform data folder).
    #[arg(
        long,
        global = true,
        value_name = "PATH|URL",
        env = "ROLLCALL_DB",
        hide_env_values = true,
        value_parser = DbArg::parse
    )]
    pub db: Option<DbArg>,

    /// Open the TUI on a fresh copy of the sample seminar.
    /// (Refused beside a `--db` given on the command line; `ROLLCALL_DB` is ignored.)
    #[arg(long)]
    pub demo: bool,

    /// Desk mode: open on the Desk screen; NAME is recorded with each check-in.
    #[arg(long, value_name = "NAME")]
    pub desk: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the sample seminar into a registry file (no TUI).
    Demo(demo::DemoArgs),
    /// Create, change or list seminars: `event new|edit|list`.
    Event(event::EventArgs),
    /// Add participants from a .csv or .xlsx file: all rows or none.
    Import(import::ImportArgs),
    /// Export the roster: csv, xlsx, json, or a printable HTML list.
    Export(export::ExportArgs),
    /// Check one person in (for badge scanners and scripts).
    #[command(name = "check-in")]
    CheckIn(check_in::CheckInArgs),
    /// Counts: registered, present per day, by delegation, category, gender, role.
    Stats(stats::StatsArgs),
    /// A consistent copy of the registry while others keep working.
    Backup(backup::BackupArgs),
    /// Copy a whole registry between a file and a PostgreSQL server (either way).
    Copy(copy::CopyArgs),
    /// Erase one person for good, and name the copies that may still hold them.
    Erase(erase::EraseArgs),
    /// Print the configuration in force (keys, theme) as TOML, ready to save and edit.
    Config(config::ConfigArgs),
}

/// The registry path to use: `--db`, or rollcall.db in the platform's data folder
/// (created, private, when missing).
pub fn default_db_path() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "rollcall")
        .ok_or_else(|| anyhow::anyhow!("no home folder to keep the registry in; pass --db PATH"))?;
    let dir = dirs.data_dir();
    create_private_dir(dir)?;
    Ok(dir.join("rollcall.db"))
}

fn create_private_dir(dir: &std::path::Path) -> anyhow::Result<()> {
    use anyhow::Context;
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .with_context(|| format!("cannot create {}", dir.display()))
}

/// Open the registry a command works on. It must exist: only `demo` and the TUI
/// create one, so a mistyped path or someone's empty file never becomes a registry.
pub fn open_registry(db: &Location) -> anyhow::Result<Store> {
    Ok(told(Store::open_at(db)?))
}

/// Open the registry at `db`, or create it where nothing is (`demo`).
pub fn create_or_open_registry(db: &Location) -> anyhow::Result<Store> {
    Ok(told(Store::create_or_open_at(db)?))
}

/// What opening did ("… was readable by others; now 0600"), one line each on stderr.
pub(crate) fn told(mut store: Store) -> Store {
    for notice in store.take_notices() {
        eprintln!("rollcall: {}", crate::inert(&notice));
    }
    store
}

/// The note, on stderr, that a copy (`what`: "export", "backup") was written but is not
/// in the registry's list of copies, and why (`None`: it is listed; nothing to say).
fn note_not_listed(what: &str, why: Option<&str>) {
    if let Some(why) = why {
        eprintln!(
            "rollcall: note: this {what} is not in the registry's list of copies ({})",
            crate::inert(why)
        );
    }
}

/// The path a subcommand must be given explicitly.
pub fn required_db(db: Option<DbArg>) -> anyhow::Result<Location> {
    db.ok_or_else(|| {
        anyhow::anyhow!("--db PATH (or a postgres:// URL) is required for this command")
    })?
    .location()
}

/// A registry as the command line names it. clap never sees a bad URL as an error of
/// its own: its message would quote the value, password and all; ours names only what
/// is wrong.
#[derive(Debug, Clone)]
pub struct DbArg(Result<Location, crate::store::UrlError>);

impl DbArg {
    pub fn parse(text: &str) -> Result<DbArg, std::convert::Infallible> {
        Ok(DbArg(Location::parse(text)))
    }

    pub fn location(self) -> anyhow::Result<Location> {
        Ok(self.0?)
    }
}

/// The person a command is about (`check-in`, `erase`): the event, and `--badge` or
/// `--id` (one of them).
#[derive(Debug, clap::Args)]
#[group(skip)]
#[command(group = clap::ArgGroup::new("who").required(true).args(["badge", "id"]))]
pub struct PersonArgs {
    /// The event's code, e.g. ulaanbaatar-2017.
    #[arg(long, value_name = "CODE")]
    pub event: String,
    /// The badge number of the person.
    #[arg(long, value_name = "N")]
    pub badge: Option<u32>,
    /// The person's internal id.
    #[arg(long, value_name = "N")]
    pub id: Option<i64>,
}

impl PersonArgs {
    /// Open the registry at `db` (refused if damaged) and find the event and the person.
    pub fn open(
        &self,
        db: &Location,
    ) -> anyhow::Result<(Store, crate::domain::Event, crate::domain::Attendee)> {
        let store = open_registry(db)?;
        store.check_damage()?;
        let event = store.event_by_code(&self.event)?;
        let person = self.person(&store, &event)?;
        Ok((store, event, person))
    }

    /// The person named by `--badge` or `--id`, in `event`.
    fn person(
        &self,
        store: &Store,
        event: &crate::domain::Event,
    ) -> anyhow::Result<crate::domain::Attendee> {
        use anyhow::Context;
        let code = &event.details.code;
        match (self.badge, self.id) {
            (Some(badge), _) => store
                .attendee_by_badge(event.id, badge)?
                .with_context(|| format!("no one with badge {badge} in {code}")),
            (None, Some(id)) => {
                let person = store
                    .attendee(crate::domain::AttendeeId(id))
                    .ok()
                    .with_context(|| format!("no one with id {id}"))?;
                anyhow::ensure!(person.event_id == event.id, "id {id} is not in {code}");
                Ok(person)
            }
            (None, None) => anyhow::bail!("name the person with --badge N or --id N"),
        }
    }
}
