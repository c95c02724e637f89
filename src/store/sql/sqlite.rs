//! The seam on SQLite: statements from rusqlite's cache, values bound without copies.

use super::{Cell, Row, Value};
use crate::store::Result;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql, params_from_iter};

impl ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(n) => ValueRef::Integer(*n),
            Value::Real(x) => ValueRef::Real(*x),
            Value::Text(t) => ValueRef::Text(t.as_bytes()),
        }))
    }
}

pub(super) fn cell(value: ValueRef<'_>) -> Cell<'_> {
    match value {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(n) => Cell::Int(n),
        ValueRef::Real(x) => Cell::Real(x),
        // The registry holds only UTF-8 text (rusqlite wrote it from Rust strings);
        // anything else is shown as what it is rather than failing the whole read.
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            Cell::Text(std::str::from_utf8(bytes).unwrap_or("\u{FFFD}"))
        }
    }
}

pub(super) fn execute(conn: &Connection, sql: &str, values: &[Value<'_>]) -> Result<usize> {
    Ok(conn
        .prepare_cached(sql)?
        .execute(params_from_iter(values.iter()))?)
}

pub(super) fn for_each(
    conn: &Connection,
    sql: &str,
    values: &[Value<'_>],
    mut visit: impl FnMut(&Row<'_>) -> Result<bool>,
) -> Result<()> {
    let mut statement = conn.prepare_cached(sql)?;
    let mut rows = statement.query(params_from_iter(values.iter()))?;
    while let Some(row) = rows.next()? {
        if !visit(&Row::Sqlite(row))? {
            break;
        }
    }
    Ok(())
}
