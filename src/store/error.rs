use crate::domain::Violations;
use rusqlite::ErrorCode;
use std::error::Error as _;
use std::path::{Path, PathBuf};

/// Everything the store can refuse or fail with, worded for the person at the desk.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open {}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("cannot open {}: {error}", path.display())]
    Open {
        path: PathBuf,
        error: rusqlite::Error,
    },
    #[error("cannot create {}: {error}", path.display())]
    Create {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("there is no registry at {}: make one with `rollcall demo --db PATH`, or open it in the TUI", path.display())]
    Missing { path: PathBuf },
    /// Only a missing path becomes a new registry: an empty file is someone's (a
    /// mistyped path, a `touch`), never silently turned into one.
    #[error("{}: empty file, not a registry; it was left as it is", path.display())]
    Empty { path: PathBuf },
    #[error("{}: not a rollcall registry ({what}); it was left as it is", path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("{}: not a rollcall registry (not an SQLite database, or damaged); it was left untouched", path.display())]
    NotADatabase { path: PathBuf },
    #[error("{}: not a rollcall registry (another application's database); it was left untouched", path.display())]
    ForeignDatabase { path: PathBuf },
    #[error("{} has schema version {found}, newer than this rollcall knows ({supported}); it was left untouched — use a newer rollcall", path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{} is read-only: {error}", path.display())]
    ReadOnly {
        path: PathBuf,
        error: rusqlite::Error,
    },
    /// Writes need a `-wal` and `-shm` beside the file: in a folder that cannot be
    /// written, the registry is only read.
    #[error("cannot write: folder {} is read-only; nothing was saved to {}", dir.display(), file_name(path))]
    FolderReadOnly { dir: PathBuf, path: PathBuf },
    #[error("{}: its latest changes are in its -wal file, which cannot be read while folder {} is read-only; copy the folder somewhere writable", path.display(), dir.display())]
    WalUnreadable { dir: PathBuf, path: PathBuf },
    #[error("{} has schema version {found} and must be upgraded before this rollcall can read it, but folder {} is read-only; copy it somewhere writable", path.display(), dir.display())]
    UpgradeInReadOnlyFolder {
        dir: PathBuf,
        path: PathBuf,
        found: i64,
    },
    #[error("{} is damaged ({finding}); it is left as it is and nothing will be written to it — keep a copy and restore a backup", path.display())]
    Damaged { path: PathBuf, finding: String },
    #[error(
        "cannot write to the registry file (a disk error, or the file reached its size limit): nothing was saved"
    )]
    CannotWrite,
    #[error("the registry is read-only (its file permissions): nothing was saved")]
    WriteRefused,
    #[error("the disk is full: nothing was saved by the last action")]
    DiskFull,
    // Transparent: the violations are the message, said once (not again as a source).
    #[error(transparent)]
    Invalid(#[from] Violations),
    #[error("no event with code \"{0}\"")]
    NoSuchEvent(String),
    #[error("the event code \"{0}\" is already taken")]
    CodeTaken(String),
    #[error("that record no longer exists (another desk may have deleted it)")]
    Gone,
    /// An import that updates found someone changed by another desk since it read them,
    /// in fields the file changes too.
    #[error(
        "{who} (badge {badge}) was changed at another desk while the file was checked ({}): nothing was imported — run the import again",
        fields.iter().map(|f| f.label()).collect::<Vec<_>>().join(", ")
    )]
    ChangedMeanwhile {
        who: String,
        badge: u32,
        fields: Vec<crate::domain::Field>,
    },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("database error: {}", server_says(.0))]
    Postgres(postgres::Error),
    /// The server's role may not do this (a desk role asked to change the schema, a
    /// read-only role asked to write).
    #[error("the server does not let this user do that ({}): nothing was saved", server_says(.0))]
    NotAllowed(postgres::Error),
    /// Another desk (an import) held the write lock longer than a desk waits.
    #[error("another desk is saving a large change: nothing was saved — try again in a moment")]
    Locked,
    /// A statement of the transaction failed, so the server rolled all of it back.
    #[error("the change failed part-way on the server and was rolled back: nothing was saved")]
    RolledBack,
    #[error("{} already holds a registry: nothing was copied (--replace empties it first)", path.display())]
    NotEmpty { path: PathBuf },
    /// The server cannot be reached (stopped, network gone): whatever was being saved
    /// was not. (The TUI adds that it is retrying; a command just stops.)
    #[error("server unreachable — nothing saved")]
    Unreachable,
    #[error(transparent)]
    Connect(#[from] super::ConnectError),
    /// A query found no row where one was required (see `sql::Optional`).
    #[error("that record no longer exists")]
    NoRow,
    /// A column held something its Rust type cannot take: a bug or a foreign schema.
    #[error("database error: column {column}: {problem}")]
    Decode { column: usize, problem: String },
    /// A query was started while the server connection was still busy with another's
    /// rows (a store bug, refused instead of deadlocking).
    #[error("database error: the connection is busy with another query")]
    Busy,
    /// A row visitor stopped a read with an error of its own, which its caller reports
    /// instead of this.
    #[error("the read was stopped")]
    Interrupted,
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        // The connection is gone (closed, or the network failed under it), or the
        // server said it is going away or cannot take connections now: class 08
        // (connection exception) and 57P01–57P03 (shutdown, crash, starting up).
        let going_away = e.code().is_some_and(|code| {
            let code = code.code();
            code.starts_with("08") || code.starts_with("57P")
        });
        let io = e.code().is_none() && e.source().is_some_and(|s| s.is::<std::io::Error>());
        if e.is_closed() || going_away || io {
            return StoreError::Unreachable;
        }
        match e.code() {
            Some(code) if *code == postgres::error::SqlState::DISK_FULL => StoreError::DiskFull,
            Some(code)
                if *code == postgres::error::SqlState::READ_ONLY_SQL_TRANSACTION
                    || *code == postgres::error::SqlState::INSUFFICIENT_PRIVILEGE =>
            {
                StoreError::NotAllowed(e)
            }
            Some(code) if *code == postgres::error::SqlState::LOCK_NOT_AVAILABLE => {
                StoreError::Locked
            }
            _ => StoreError::Postgres(e),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::ReadOnly) => StoreError::WriteRefused,
            Some(ErrorCode::SystemIoFailure) => StoreError::CannotWrite,
            _ => StoreError::Sqlite(e),
        }
    }
}

impl StoreError {
    /// Whether a constraint of the schema (unique, check, foreign key, trigger refusal)
    /// refused the statement, on either engine.
    pub(crate) fn is_constraint(&self) -> bool {
        match self {
            StoreError::Sqlite(e) => e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation),
            StoreError::Postgres(e) => e.code().is_some_and(|code| code.code().starts_with("23")),
            _ => false,
        }
    }

    /// The engine's own words for a refusal (the constraint's message or name).
    pub(crate) fn engine_message(&self) -> String {
        match self {
            StoreError::Sqlite(e) => e.to_string(),
            StoreError::Postgres(e) => e
                .as_db_error()
                .map(|db| {
                    let constraint = db
                        .constraint()
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default();
                    format!("{}{constraint}", db.message())
                })
                .unwrap_or_else(|| e.to_string()),
            other => other.to_string(),
        }
    }

    pub(crate) fn open(path: &Path, source: rusqlite::Error) -> StoreError {
        StoreError::Open {
            path: path.to_path_buf(),
            error: source,
        }
    }

    /// Name the file in errors that happen while opening it.
    pub(crate) fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
        let path = path.to_path_buf();
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path },
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path, error: e },
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::CannotOpen) | Some(ErrorCode::PermissionDenied) => {
                StoreError::Open { path, error: e }
            }
            _ => StoreError::Open { path, error: e },
        }
    }
}

/// What the server said: postgres::Error's own text is only its kind ("db error"),
/// the server's message is in its source.
fn server_says(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => match e.source() {
            Some(source) => format!("{e}: {source}"),
            None => e.to_string(),
        },
    }
}

/// The last part of a path, for messages that name a folder already.
fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}
