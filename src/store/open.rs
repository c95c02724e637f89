//! Opening a registry file. Three promises live here:
//!
//! - Only a missing path becomes a new registry, and it appears whole: it is built in a
//!   private file beside the target and moved into place without replacing anything.
//!   So a file that exists — empty, someone else's, damaged — was not made by rollcall
//!   and is refused before a byte or a mode bit of it changes.
//! - A registry others may read holds personal data: the first open that can write it
//!   makes it private (0600) and says so.
//! - A registry in a folder that cannot be written (chmod 555, a read-only mount) is
//!   opened read-only: WAL needs a `-shm` beside the file, so SQLite would otherwise
//!   refuse even to read it.

use super::{BUSY_TIMEOUT_MS, Result, SCHEMA_VERSION, Store, StoreError, integrity, migrate};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// Open a registry that exists (see the module comment).
pub(super) fn existing(path: &Path) -> Result<Store> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        Err(error) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                error,
            });
        }
    };
    if meta.is_dir() {
        return Err(not_a_file(path, "a folder"));
    }
    if !meta.is_file() {
        // A FIFO or a device: SQLite's first read could wait forever.
        return Err(not_a_file(path, "not a regular file"));
    }
    // A crash right after SQLite created a WAL file can leave every page in the -wal.
    if meta.len() == 0 && !has_contents(&sidecar(path, "-wal")) {
        return Err(StoreError::Empty {
            path: path.to_path_buf(),
        });
    }
    restore_sidecar_permissions(path);
    match read_write(path) {
        Err(e) if may_be_the_folder(&e) => match read_only_folder(path) {
            Some(dir) => read_only_in(path, dir),
            None => Err(e),
        },
        other => other,
    }
}

/// Open the registry at `path`, or make a new one there when nothing is there yet.
pub(super) fn create_or_open(path: &Path) -> Result<Store> {
    match existing(path) {
        Err(StoreError::Missing { .. }) => {}
        other => return other,
    }
    create(path)?;
    existing(path)
}

/// Build a new registry beside `path` and move it there, unless a file appeared there
/// in the meantime (another desk creating it too): then that one is used.
fn create(path: &Path) -> Result<()> {
    let failed = |error: std::io::Error| StoreError::Create {
        path: path.to_path_buf(),
        error,
    };
    // tempfile creates it 0600: the registry, and the -wal and -shm SQLite later gives
    // the same mode, are private from the first byte.
    let temp = tempfile::Builder::new()
        .prefix(".rollcall-new-")
        .tempfile_in(folder(path))
        .map_err(failed)?;
    {
        let mut conn = Connection::open_with_flags(
            temp.path(),
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::open(path, e))?;
        // Recorded in the file's header, so no desk needs a moment alone to switch it.
        conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            .map_err(|e| StoreError::classify(path, e))?;
        migrate::migrate(&mut conn, path, 0)?;
        // Closing checkpoints: every page is in the file, its -wal and -shm are gone.
        conn.close()
            .map_err(|(_, e)| StoreError::classify(path, e))?;
    }
    temp.as_file().sync_all().map_err(failed)?;
    match temp.persist_noclobber(path) {
        Ok(_) => Ok(()),
        // Another desk created it first: its registry is as new as ours.
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        // A file system with neither no-replace renames nor hard links (FAT on a USB
        // stick): a plain rename, when the path is still free.
        Err(e) if !path.exists() => e.file.persist(path).map(drop).map_err(|e| failed(e.error)),
        Err(_) => Ok(()),
    }
}

/// The usual open: read-write (SQLite reads a write-protected file read-only), checked
/// before anything is written, migrated, and made private.
fn read_write(path: &Path) -> Result<Store> {
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::open(path, e))?;
    conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS.into()))
        .map_err(|e| StoreError::open(path, e))?;
    // Opening is lazy: only a real read proves the file is a database. Nothing has
    // been written to it yet, so a refusal here leaves it byte-for-byte as it was.
    let version = checked_version(&conn, path)?;
    enable_wal(&conn).map_err(|e| StoreError::classify(path, e))?;
    // journal_size_limit: a WAL that grew while a long read held it (an export) is cut
    // back to 2 MiB when it starts over. Checkpoints: see integrity.rs.
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA journal_size_limit = 2097152;",
    )
    .map_err(|e| StoreError::classify(path, e))?;
    integrity::follow_commits(&mut conn, path).map_err(|e| StoreError::classify(path, e))?;
    let mut store = Store::on(conn, path);
    let conn = store.db.sqlite_mut().expect("a file registry is on SQLite");
    migrate::migrate(conn, path, version)?;
    if !store.is_read_only() {
        store.notices.extend(make_private(path));
    }
    Ok(store)
}

/// The folder cannot be written: read the registry without a `-shm`.
fn read_only_in(path: &Path, dir: PathBuf) -> Result<Store> {
    let conn = if has_contents(&sidecar(path, "-wal")) {
        // Its latest changes are in the -wal. SQLite reads them read-only when the
        // -shm is there too; `immutable` would not read them at all, and an old view
        // of the registry (a check-in missing) is worse than none.
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::open(path, e))?;
        if conn
            .query_row("PRAGMA user_version", [], |_| Ok(()))
            .is_err()
        {
            return Err(StoreError::WalUnreadable {
                dir,
                path: path.to_path_buf(),
            });
        }
        conn
    } else {
        // The file holds every page. `immutable` tells SQLite that nothing writes it
        // (nothing can: no -wal can be made here), so it needs no -shm and no locks.
        Connection::open_with_flags(
            immutable_uri(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::open(path, e))?
    };
    let version = checked_version(&conn, path)?;
    if version < SCHEMA_VERSION {
        return Err(StoreError::UpgradeInReadOnlyFolder {
            dir,
            path: path.to_path_buf(),
            found: version,
        });
    }
    // Not `PRAGMA query_only`: it would refuse `VACUUM INTO` (a backup) and the
    // temporary tables exports use too. The connection is read-only already, and
    // `Store::write` refuses first, naming the folder.
    conn.execute_batch("PRAGMA foreign_keys = ON;")
        .map_err(|e| StoreError::classify(path, e))?;
    let mut store = Store::on(conn, path);
    store.read_only_folder = Some(dir);
    Ok(store)
}

/// The schema version, once the file has proved to be a rollcall registry. Version 0
/// is an SQLite file rollcall did not make: new registries are created whole, at the
/// latest version.
fn checked_version(conn: &Connection, path: &Path) -> Result<i64> {
    match migrate::check_before_writing(conn, path)? {
        0 => Err(StoreError::ForeignDatabase {
            path: path.to_path_buf(),
        }),
        version => Ok(version),
    }
}

/// The errors SQLite gives when the file's folder cannot be written: "attempt to write
/// a readonly database" (SQLITE_READONLY_DIRECTORY, chmod 555) or "unable to open
/// database file" (a read-only mount: no -shm can be made).
fn may_be_the_folder(e: &StoreError) -> bool {
    use rusqlite::ErrorCode::{CannotOpen, ReadOnly};
    let code = match e {
        StoreError::Open { error, .. } | StoreError::ReadOnly { error, .. } => {
            error.sqlite_error_code()
        }
        _ => None,
    };
    matches!(code, Some(CannotOpen | ReadOnly))
}

/// The folder of `path`, when this user cannot create files in it (permissions or a
/// read-only mount). Asked by creating a nameless temporary file (O_TMPFILE where the
/// system has it), which leaves nothing behind.
fn read_only_folder(path: &Path) -> Option<PathBuf> {
    let dir = folder(path);
    match tempfile::tempfile_in(&dir) {
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            Some(std::path::absolute(&dir).unwrap_or(dir))
        }
        _ => None,
    }
}

/// `file://` URI of `path` with `immutable=1`. Every byte but the plainest is
/// percent-encoded, so `?`, `#` and `%` in a name stay part of it.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file://");
    for &b in absolute.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/._-~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Make a registry that others may read or write private, with its -wal, -shm and
/// -journal; the answer is the line to tell the user. Only after the file proved to
/// be a registry and can be written: a refused file keeps its mode too.
#[cfg(unix)]
fn make_private(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        return None;
    }
    let how = if mode & 0o044 != 0 {
        "readable"
    } else {
        "writable"
    };
    let private = mode & 0o700;
    if let Err(e) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(private)) {
        // Not ours (a shared file): only its owner can change its mode.
        return Some(format!(
            "{} is {how} by others and could not be made private ({e}); it holds personal data",
            path.display()
        ));
    }
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = sidecar(path, suffix);
        if let Ok(meta) = std::fs::metadata(&side) {
            let side_mode = meta.permissions().mode() & 0o777;
            if side_mode & 0o077 != 0 {
                let _ = std::fs::set_permissions(
                    &side,
                    std::fs::Permissions::from_mode(side_mode & 0o700),
                );
            }
        }
    }
    Some(format!(
        "{} was {how} by others; now {private:04o}",
        path.display()
    ))
}

#[cfg(not(unix))]
fn make_private(_path: &Path) -> Option<String> {
    None
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
            let side = sidecar(path, suffix);
            if side.exists() && !writable(&side) {
                let _ = std::fs::set_permissions(&side, std::fs::Permissions::from_mode(0o600));
            }
        }
    }
}

fn not_a_file(path: &Path, what: &'static str) -> StoreError {
    StoreError::NotAFile {
        path: path.to_path_buf(),
        what,
    }
}

/// The folder a path is in ("." for a bare file name).
pub(crate) fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

pub(super) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn has_contents(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
}
