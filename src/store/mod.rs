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
mod delegations;
mod edits;
mod error;
mod events;
mod history;
mod integrity;
mod lookup;
mod migrate;
mod report;
mod rows;
mod walk_in;

pub use activity::ActivityRow;
pub use attendees::{AttendeeRow, DelegationRef};
pub use delegations::DelegationRow;
pub use edits::EventContents;
pub use error::StoreError;
pub use events::EventSummary;
pub use integrity::DamageCheck;
pub use lookup::{ExistingPerson, ImportSnapshot};
pub use migrate::SCHEMA_VERSION;
pub use report::{EventStats, Presence, RosterEntry, RosterFilter, Tally};
pub use walk_in::DelegationChoice;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};

pub type Result<T> = std::result::Result<T, StoreError>;

/// How long a writer waits for another desk's transaction before giving up.
const BUSY_TIMEOUT_MS: u32 = 5000;

/// The registry on one SQLite file.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Who is writing: recorded in the audit log with every edit.
    desk: String,
}

impl Store {
    /// Open (or create) the registry at `path`: refuse, untouched, anything that is not
    /// a rollcall database of a schema this binary knows; then migrate it to the latest
    /// schema exactly once even if several desks open a new file together.
    pub fn open(path: &Path) -> Result<Store> {
        create_private_file(path)?;
        restore_sidecar_permissions(path);
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::open(path, e))?;
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS.into()))
            .map_err(|e| StoreError::open(path, e))?;
        // Opening is lazy: only a real read proves the file is a database. Nothing has
        // been written to it yet, so a refusal here leaves it byte-for-byte as it was.
        let version = migrate::check_before_writing(&conn, path)?;
        enable_wal(&conn).map_err(|e| StoreError::classify(path, e))?;
        // journal_size_limit: a WAL that grew while a long read held it (an export)
        // is cut back to 2 MiB when it starts over. Checkpoints: see integrity.rs.
        conn.execute_batch(
            "PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA secure_delete = ON;
             PRAGMA journal_size_limit = 2097152;",
        )
        .map_err(|e| StoreError::classify(path, e))?;
        integrity::follow_commits(&mut conn, path).map_err(|e| StoreError::classify(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            desk: "rollcall".to_string(),
        };
        migrate::migrate(&mut store.conn, path, version)?;
        Ok(store)
    }

    /// Whether the file could only be opened for reading (its permissions say so):
    /// everything can be looked at, nothing saved.
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
    }

    /// Name the desk (or script) that this store's edits are logged under.
    pub fn set_desk(&mut self, desk: &str) {
        self.desk = desk.to_string();
    }

    /// Open a registry that must already exist (commands that read or add to one
    /// should not leave an empty registry behind a mistyped path).
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        Store::open(path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A number that changes whenever another connection commits to the file: the
    /// cheap way to notice other desks' check-ins.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Start a write: the lock is taken at BEGIN (see the module comment).
    fn write(&mut self) -> Result<Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }
}

/// Switch the file to WAL. The switch needs a moment alone with the file and answers
/// SQLITE_BUSY at once (the busy timeout does not apply to it) while another desk has
/// it open in its first instants: retry until the busy timeout has passed.
fn enable_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline =
        std::time::Instant::now() + std::time::Duration::from_millis(BUSY_TIMEOUT_MS.into());
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            other => return other.map(|_| ()),
        }
    }
}

/// A read-only open leaves `-wal` and `-shm` with the read-only mode of the file it
/// copied; once the file is writable again they must be too, or every later write
/// would be refused. Best effort: whoever cannot change them gets SQLite's refusal.
fn restore_sidecar_permissions(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let writable =
            |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o200 != 0);
        if !writable(path) {
            return;
        }
        for suffix in ["-wal", "-shm"] {
            let mut sidecar = path.as_os_str().to_owned();
            sidecar.push(suffix);
            let sidecar = Path::new(&sidecar);
            if sidecar.exists() && !writable(sidecar) {
                let _ = std::fs::set_permissions(sidecar, std::fs::Permissions::from_mode(0o600));
            }
        }
    }
}

/// Create the database file with mode 0600 if it does not exist yet: it holds personal
/// data, and SQLite would create it 0644 (its `-wal` and `-shm` copy this mode).
fn create_private_file(path: &Path) -> Result<()> {
    use std::fs::OpenOptions;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;

    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(StoreError::Io {
            path: path.to_path_buf(),
            error: e,
        }),
    }
}
