//! A whole registry copied between any two places — file to server, server to file,
//! server to server: every row of every table with its id, read in one snapshot of
//! the source and written in one transaction of the target. Ids kept, the copy's
//! exports are the original's, byte for byte.

use super::rows::{
    ATTENDEE_COLUMNS, AUDIT_COLUMNS, CHECK_IN_COLUMNS, COPY_COLUMNS, DELEGATION_COLUMNS,
    EVENT_COLUMNS,
};
use super::sql::{Engine, Value, params};
use super::{Result, Store, StoreError};
use std::path::Path;

/// The tables in the order their rows may be written (each row's references first).
/// The revision counters are not copied: the target's triggers start them afresh.
const TABLES: [(&str, &str); 6] = [
    ("events", EVENT_COLUMNS),
    ("delegations", DELEGATION_COLUMNS),
    ("attendees", ATTENDEE_COLUMNS),
    ("checkins", CHECK_IN_COLUMNS),
    ("audit", AUDIT_COLUMNS),
    ("copies", COPY_COLUMNS),
];

/// Values per INSERT: below SQLite's limit of 32,766 parameters and PostgreSQL's 65,535.
const VALUES_PER_INSERT: usize = 20_000;

/// How many rows of each table a copy wrote, in the order of [`TABLES`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CopyCounts {
    pub events: u64,
    pub delegations: u64,
    pub people: u64,
    pub check_ins: u64,
    pub audit: u64,
    pub copies: u64,
}

impl CopyCounts {
    fn add(&mut self, table: &str, rows: u64) {
        let count = match table {
            "events" => &mut self.events,
            "delegations" => &mut self.delegations,
            "attendees" => &mut self.people,
            "checkins" => &mut self.check_ins,
            "audit" => &mut self.audit,
            "copies" => &mut self.copies,
            other => unreachable!("{other} is not in TABLES"),
        };
        *count += rows;
    }
}

impl Store {
    /// Make this registry a copy of `source`: refused when this one holds anything
    /// (an event, an audit line, a noted copy) unless `replace`, which empties it first
    /// — in the same transaction, so a failed copy leaves it as it was.
    pub fn copy_from(&mut self, source: &Store, replace: bool) -> Result<CopyCounts> {
        let tx = self.write()?;
        let held: i64 = tx.query_row(
            "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM audit)
                  + (SELECT count(*) FROM copies)",
            params![],
            |r| r.get(0),
        )?;
        if held > 0 {
            if !replace {
                return Err(StoreError::NotEmpty {
                    path: self.path.clone(),
                });
            }
            // Delegations, people, check-ins and their audit go with their event.
            tx.execute_batch("DELETE FROM events; DELETE FROM audit; DELETE FROM copies;")?;
        }
        let snapshot = source.db.begin_read()?;
        let mut counts = CopyCounts::default();
        for (table, columns) in TABLES {
            let width = columns.split(',').count();
            let per_insert = VALUES_PER_INSERT / width;
            let mut pending: Vec<Value<'static>> = Vec::with_capacity(per_insert * width);
            let mut write = |values: &mut Vec<Value<'static>>| -> Result<()> {
                let rows = values.len() / width;
                if rows == 0 {
                    return Ok(());
                }
                let one = format!("({})", vec!["?"; width].join(", "));
                let sql = format!(
                    "INSERT INTO {table} ({columns}) VALUES {}",
                    vec![one.as_str(); rows].join(", ")
                );
                tx.execute(&sql, &*values)?;
                counts.add(table, rows as u64);
                values.clear();
                Ok(())
            };
            snapshot.for_each(
                &format!("SELECT {columns} FROM {table} ORDER BY id"),
                params![],
                |row| {
                    for i in 0..width {
                        pending.push(row.value(i)?);
                    }
                    if pending.len() >= per_insert * width {
                        write(&mut pending)?;
                    }
                    Ok(())
                },
            )?;
            write(&mut pending)?;
        }
        snapshot.commit()?;
        if tx.engine() == Engine::Postgres {
            // Ids were given, not drawn: the next drawn ones must come after them.
            for (table, _) in TABLES {
                tx.execute(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                                       coalesce(max(id), 0) + 1, false) FROM {table}"
                    ),
                    params![],
                )?;
            }
        }
        tx.commit()?;
        Ok(counts)
    }

    /// A copy of this registry as a new registry file at `file` (missing, or an empty
    /// file a caller made for it): built beside it and moved in whole, so a copy that
    /// fails leaves nothing behind.
    pub fn copy_to_new_file(&self, file: &Path) -> Result<CopyCounts> {
        let io = |error: std::io::Error| StoreError::Io {
            path: file.to_path_buf(),
            error,
        };
        let aside = tempfile::Builder::new()
            .prefix(".rollcall-copy-")
            .tempdir_in(super::folder(file))
            .map_err(io)?;
        let built = aside.path().join("registry.db");
        let counts = {
            let mut copy = Store::create_or_open(&built)?;
            copy.copy_from(self, false)?
            // Dropped here: the last connection's close folds the -wal into the file.
        };
        std::fs::rename(&built, file).map_err(io)?;
        std::fs::File::open(file)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::TABLES;

    /// A copy takes every column of every table: a column a later migration adds must
    /// be named here too, or copies would lose it silently. (The server's schema has
    /// the same columns: tests/pg_schema.rs.)
    #[test]
    fn a_copy_takes_every_column_of_every_table() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::create_or_open(&dir.path().join("r.db")).unwrap();
        let conn = store.sqlite().unwrap();
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for table in tables {
            let mut columns: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            match TABLES.iter().find(|(name, _)| *name == table) {
                Some((_, copied)) => {
                    // By name: the INSERT names its columns, their order is free.
                    let mut copied: Vec<&str> = copied.split(',').map(str::trim).collect();
                    copied.sort_unstable();
                    columns.sort_unstable();
                    assert_eq!(copied, columns, "{table}");
                }
                // The revision counters start afresh in the copy (its triggers).
                None => assert_eq!(table, "revision", "{table} is not copied"),
            }
        }
    }
}
