//! All SQL lives here. The Store's public interface speaks domain types only; behind
//! it the registry is an SQLite file or a database on a PostgreSQL server (`sql/` is
//! the seam both engines run the same SQL through).
//!
//! Every public write is one transaction that takes the registry's write lock at its
//! start (SQLite's `BEGIN IMMEDIATE`; on a server a transaction-level advisory lock),
//! so a read-then-write never acts on what another desk has just changed; a desk waits
//! for another's write (5 s at most) instead of failing.

mod activity;
mod attendees;
mod backup;
mod checkins;
mod connect;
mod copies;
mod copy;
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
mod server;
mod sql;
mod walk_in;

pub use activity::ActivityRow;
pub use attendees::{AttendeeRow, DelegationRef};
pub use connect::ConnectError;
pub use copies::CopyRecord;
pub use copy::CopyCounts;
pub use delegations::DelegationRow;
pub use edits::{ChangedBy, Conflict, Edit, EventContents, PersonUpdate};
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

/// The registry: on an SQLite file, or on a PostgreSQL server.
#[derive(Debug)]
pub struct Store {
    db: Db,
    /// Where the registry is (a server's URL with its password, to connect again).
    location: Location,
    /// The file, or the server's redacted URL, for messages.
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

    /// Open the registry at `location`, which must exist (see [`Store::open`]); on a
    /// server: a database holding a rollcall registry of a schema this binary knows
    /// (an older one is migrated once), never an empty or someone else's database.
    pub fn open_at(location: &Location) -> Result<Store> {
        match location {
            Location::File(path) => Store::open(path),
            Location::Server(url) => server::open(url, false),
        }
    }

    /// Open the registry at `location`, or make it where nothing is: a missing file,
    /// an empty database (see [`Store::create_or_open`]).
    pub fn create_or_open_at(location: &Location) -> Result<Store> {
        match location {
            Location::File(path) => Store::create_or_open(path),
            Location::Server(url) => server::open(url, true),
        }
    }

    /// Where this registry is: what another connection to it is opened with.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The registry's file, when it is one (a server registry has none).
    pub fn file(&self) -> Option<&Path> {
        match &self.location {
            Location::File(path) => Some(path),
            Location::Server(_) => None,
        }
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

    /// The registry's file, or its server's URL without the password: for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A number that changes whenever another connection commits to the registry: the
    /// cheap way to notice other desks' check-ins.
    pub fn data_version(&self) -> Result<i64> {
        let Some(server) = self.db.postgres() else {
            return self
                .db
                .query_row("PRAGMA data_version", params![], |r| r.get(0));
        };
        let mut server = server.try_borrow_mut().map_err(|_| StoreError::Busy)?;
        server.changes_heard()
    }

    /// How often a screen should look for other desks' changes: a server announces
    /// them, so looking costs next to nothing and can be frequent.
    pub fn watch_interval(&self) -> std::time::Duration {
        match self.db.engine() {
            sql::Engine::Sqlite => std::time::Duration::from_secs(1),
            sql::Engine::Postgres => std::time::Duration::from_millis(250),
        }
    }

    /// A store on a connection `open` has checked.
    fn on(conn: Connection, path: &Path) -> Store {
        Store::on_db(Db::Sqlite(conn), Location::File(path.to_path_buf()))
    }

    fn on_db(db: Db, location: Location) -> Store {
        // The file itself (never a lossy rendering of its name: the output guards
        // compare it with what an export would replace), or the URL without password.
        let path = match &location {
            Location::File(path) => path.clone(),
            Location::Server(url) => PathBuf::from(url.redacted()),
        };
        Store {
            db,
            location,
            path,
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
