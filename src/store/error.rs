use crate::domain::Violations;
use rusqlite::ErrorCode;
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
    #[error("{}: not a rollcall registry (another application's SQLite database); it was left untouched", path.display())]
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
    #[error("{0}")]
    Invalid(#[from] Violations),
    #[error("no event with code \"{0}\"")]
    NoSuchEvent(String),
    #[error("the event code \"{0}\" is already taken")]
    CodeTaken(String),
    #[error("that record no longer exists (another desk may have deleted it)")]
    Gone,
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
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

/// The last part of a path, for messages that name a folder already.
fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}
