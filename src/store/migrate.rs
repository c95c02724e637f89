//! Schema versions: SQL files in assets/migrations, applied in order, tracked by
//! `PRAGMA user_version`.

use super::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

/// The migrations, oldest first; the schema version is their count.
const MIGRATIONS: &[&str] = &[include_str!("../../assets/migrations/0001_registry.sql")];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Read-only checks that must pass before anything is written to the file.
/// Returns the schema version found.
pub(super) fn check_before_writing(conn: &Connection, path: &Path) -> Result<i64> {
    let read = |sql: &str| -> Result<i64> {
        conn.query_row(sql, [], |r| r.get(0))
            .map_err(|e| StoreError::classify(path, e))
    };
    let version = read("PRAGMA user_version")?;
    let tables = read("SELECT count(*) FROM sqlite_schema")?;
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
