//! Schema versions of a registry file: SQL files in assets/migrations/sqlite, applied
//! in order, tracked by `PRAGMA user_version` (a server's: `server.rs`).

use super::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

/// The migrations, oldest first; the schema version is their count.
/// `pub(crate)` for the migration tests, which build files of every older version.
const MIGRATIONS: &[&str] = &[
    include_str!("../../assets/migrations/sqlite/0001_registry.sql"),
    include_str!("../../assets/migrations/sqlite/0002_audit_by_attendee.sql"),
    include_str!("../../assets/migrations/sqlite/0003_list_indexes.sql"),
    include_str!("../../assets/migrations/sqlite/0004_checkin_previous_status.sql"),
    include_str!("../../assets/migrations/sqlite/0005_copies.sql"),
    include_str!("../../assets/migrations/sqlite/0006_revision.sql"),
    include_str!("../../assets/migrations/sqlite/0007_event_language.sql"),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Read-only checks that must pass before anything is written to the file.
/// Returns the schema version found.
pub(super) fn check_before_writing(conn: &Connection, path: &Path) -> Result<i64> {
    // One statement, one snapshot: read apart, a desk migrating the file in between
    // would make it look like version 0 with tables, i.e. someone else's database.
    let (version, tables): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM sqlite_schema)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| StoreError::classify(path, e))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version == 0 && tables > 0 {
        return Err(StoreError::ForeignDatabase {
            path: path.to_path_buf(),
        });
    }
    Ok(version)
}

/// Bring the schema to [`SCHEMA_VERSION`]. The version is read again inside the write
/// transaction, so of several desks opening a new file at once exactly one migrates
/// and the others find the work done.
pub(super) fn migrate(conn: &mut Connection, path: &Path, seen: i64) -> Result<()> {
    if seen == SCHEMA_VERSION {
        return Ok(()); // the common case: no write lock needed to open a file
    }
    if seen > 0 {
        backup_before_migrating(conn, path, seen)?;
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| StoreError::classify(path, e))?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    for sql in &MIGRATIONS[version as usize..] {
        tx.execute_batch(sql)?;
    }
    if version < SCHEMA_VERSION {
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    }
    tx.commit()?;
    Ok(())
}

/// Before an older file is migrated, keep a copy of it as it was, beside it
/// (`registry.db.v1-backup`), so a migration can never cost a registry.
fn backup_before_migrating(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let mut target = path.as_os_str().to_owned();
    target.push(format!(".v{version}-backup"));
    let target = std::path::PathBuf::from(target);
    if target.exists() {
        return Ok(()); // an earlier attempt already kept it
    }
    let file = tempfile::Builder::new()
        .prefix(".rollcall-migration-")
        .tempfile_in(path.parent().unwrap_or(Path::new(".")))
        .map_err(|source| StoreError::Io {
            path: target.clone(),
            error: source,
        })?;
    conn.execute("VACUUM INTO ?1", [file.path().to_string_lossy()])
        .map_err(|e| StoreError::classify(path, e))?;
    file.persist(&target).map_err(|e| StoreError::Io {
        path: target,
        error: e.error,
    })?;
    Ok(())
}
