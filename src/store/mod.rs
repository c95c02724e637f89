//! All SQL lives here. The Store's public interface speaks domain types only, so a
//! server engine could stand behind it one day without the UI noticing.
//!
//! Every public write is one `BEGIN IMMEDIATE` transaction: it takes the write lock at
//! BEGIN, so a read-then-write never fails with SQLITE_BUSY_SNAPSHOT when another desk
//! committed in between; the busy timeout then queues desks instead of failing them.

mod activity;
mod attendees;
mod backup;
mod checkins;
mod connect;
mod copies;
mod delegations;
mod edits;
mod error;
mod events;
mod fields;
mod history;
mod import;
mod integrity;
mod location;
mod lookup;
mod migrate;
mod open;
mod report;
mod revision;
mod rows;

mod sql;
mod walk_in;

pub use activity::ActivityRow;
pub use attendees::{AttendeeRow, DelegationRef};
pub use connect::ConnectError;
pub use copies::CopyRecord;
pub use delegations::DelegationRow;
pub use edits::{ChangedBy, Conflict, Edit, EventContents};
pub use error::StoreError;
pub use events::EventSummary;
pub use import::{DelegationEntry, Holder, ImportSession, KeyKind};
pub use integrity::DamageCheck;
pub use location::{Location, ServerUrl, UrlError};
pub use lookup::{ExistingPerson, ImportSnapshot};
pub use migrate::SCHEMA_VERSION;
pub use report::{EventStats, Presence, RosterEntry, RosterFilter, Tally};
pub use revision::{Revision, Standing};
pub use walk_in::DelegationChoice;

pub(crate) use open::folder;

use crate::clock::Clock;
use rusqlite::Connection;
use sql::{Db, Tx, params};
use std::path::{Path, PathBuf};

pub type Result<T> = std::result::Result<T, StoreError>;

/// How long a writer waits for another desk's transaction before giving up.
const BUSY_TIMEOUT_MS: u32 = 5000;

/// The registry on one SQLite file.
#[derive(Debug)]
pub struct Store {
    db: Db,
    path: PathBuf,
    /// Who is writing: recorded in the audit log with every edit.
    desk: String,
    /// Dates every line this store writes on its own account: the audit of edits and
    /// erasures, the record of copies. (Check-ins are dated by their caller.)
    clock: Clock,
    /// The folder, when the registry is only read because its folder cannot be
    /// written: every write is refused naming it.
    read_only_folder: Option<PathBuf>,
    /// What opening did that the user should hear of (see [`Store::take_notices`]).
    notices: Vec<String>,
}

impl Store {
    /// Open the registry at `path`, which must exist: a missing path, an empty file,
    /// anything that is not a rollcall database of a schema this binary knows is
    /// refused, untouched (bytes and mode). An older schema is migrated exactly once
    /// even if several desks open the file together. A registry others may read is
    /// made private (a notice says so); one in a folder that cannot be written is
    /// opened read-only.
    pub fn open(path: &Path) -> Result<Store> {
        open::existing(path)
    }

    /// The only way to make a registry: open the one at `path`, or create it when
    /// nothing is there — never in place of an existing file, empty or not.
    pub fn create_or_open(path: &Path) -> Result<Store> {
        open::create_or_open(path)
    }

    /// Whether the file could only be opened for reading (its permissions say so):
    /// everything can be looked at, nothing saved.
    pub fn is_read_only(&self) -> bool {
        self.db
            .sqlite()
            .is_some_and(|conn| conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false))
    }

    /// Why nothing can be written here, when nothing can: asked before a form is
    /// filled in, so the user does not type in vain.
    pub fn write_refusal(&self) -> Option<StoreError> {
        match &self.read_only_folder {
            Some(dir) => Some(StoreError::FolderReadOnly {
                dir: dir.clone(),
                path: self.path.clone(),
            }),
            None => self.is_read_only().then_some(StoreError::WriteRefused),
        }
    }

    /// Name the desk (or script) that this store's edits are logged under.
    pub fn set_desk(&mut self, desk: &str) {
        self.desk = desk.to_string();
    }

    /// Date what this store writes by `clock` from now on (the App hands over its own,
    /// so that a check-in and the audit of an edit made a moment later agree; tests fix
    /// the time).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// What opening did that the user should hear of, once: "… was readable by
    /// others; now 0600". The CLI prints these on stderr, the TUI in its status line.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A number that changes whenever another connection commits to the file: the
    /// cheap way to notice other desks' check-ins.
    pub fn data_version(&self) -> Result<i64> {
        self.db
            .query_row("PRAGMA data_version", params![], |r| r.get(0))
    }

    /// A store on a connection `open` has checked.
    fn on(conn: Connection, path: &Path) -> Store {
        Store::on_db(Db::Sqlite(conn), path)
    }

    fn on_db(db: Db, path: &Path) -> Store {
        Store {
            db,
            path: path.to_path_buf(),
            desk: "rollcall".to_string(),
            clock: Clock::system(),
            read_only_folder: None,
            notices: Vec::new(),
        }
    }

    /// Start a write: the lock is taken at BEGIN (see the module comment).
    fn write(&self) -> Result<Tx<'_>> {
        if let Some(dir) = &self.read_only_folder {
            return Err(StoreError::FolderReadOnly {
                dir: dir.clone(),
                path: self.path.clone(),
            });
        }
        self.db.begin_write()
    }

    /// The SQLite connection, for what only SQLite has.
    fn sqlite(&self) -> Option<&Connection> {
        self.db.sqlite()
    }
}
