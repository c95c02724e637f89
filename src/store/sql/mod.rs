//! The one seam between the store's SQL and the two engines that run it.
//!
//! Every query of the store is written once, with SQLite's numbered placeholders
//! (`?1`, `?2`, …), and runs on either engine through [`Db`]: SQLite through rusqlite,
//! PostgreSQL through the synchronous `postgres` client (which receives the same text
//! with `$1`, `$2`, …). Values cross the seam as [`Value`]s going in and [`Cell`]s
//! coming out, so the store's row mappings (`rows.rs`) are engine-blind too. The few
//! things only one engine has (PRAGMAs, the WAL hook, LISTEN) stay beside their engine
//! and reach the connection through [`Db::sqlite`] / [`Db::postgres`].

mod cell;
mod postgres;
mod sqlite;
mod value;

pub use cell::{Cell, FromCell};
pub use value::{Params, ToValue, Value};

pub(crate) use self::postgres::{Connector, PgConn};

use super::{Result, StoreError};
use std::cell::RefCell;

/// `params![a, b, c]`: the parameters of one statement, each anything [`ToValue`].
macro_rules! params {
    () => { &[] as &[&dyn $crate::store::sql::ToValue] };
    ($($p:expr),+ $(,)?) => { &[$(&$p as &dyn $crate::store::sql::ToValue),+] as &[&dyn $crate::store::sql::ToValue] };
}
pub(crate) use params;

/// Which engine stands behind a [`Db`]: for the few statements whose SQL differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A connection to the registry, on either engine.
pub enum Db {
    Sqlite(rusqlite::Connection),
    /// `postgres::Client` needs `&mut` for every query, while the store reads through
    /// `&self`: a store lives on one thread, so a `RefCell` is all it takes.
    Postgres(Box<RefCell<PgConn>>),
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Db::Sqlite(_) => "Db::Sqlite",
            Db::Postgres(_) => "Db::Postgres",
        })
    }
}

/// One row of a result, on either engine.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r ::postgres::Row),
}

impl Row<'_> {
    /// Column `index` (from 0) as a `T`.
    pub fn get<T: FromCell>(&self, index: usize) -> Result<T> {
        match self {
            Row::Sqlite(row) => row
                .get_ref(index)
                .map_err(StoreError::from)
                .and_then(|value| T::from_cell(sqlite::cell(value)).map_err(decode(index))),
            Row::Postgres(row) => self::postgres::cell(row, index)
                .and_then(|cell| T::from_cell(cell).map_err(decode(index))),
        }
    }

    /// Column `index` as a value to bind elsewhere (a copy between registries).
    pub fn value(&self, index: usize) -> Result<Value<'static>> {
        let cell = match self {
            Row::Sqlite(row) => sqlite::cell(row.get_ref(index)?),
            Row::Postgres(row) => self::postgres::cell(row, index)?,
        };
        Ok(match cell {
            Cell::Null => Value::Null,
            Cell::Int(n) => Value::Int(n),
            Cell::Real(x) => Value::Real(x),
            Cell::Text(text) => Value::Text(text.to_string().into()),
        })
    }

    /// Column `index` as text borrowed from the row (no copy).
    pub fn text(&self, index: usize) -> Result<&str> {
        match self {
            Row::Sqlite(row) => match row.get_ref(index)? {
                rusqlite::types::ValueRef::Text(bytes) => {
                    std::str::from_utf8(bytes).map_err(|e| decode(index)(e.to_string()))
                }
                other => Err(decode(index)(format!(
                    "{:?} is not text",
                    other.data_type()
                ))),
            },
            Row::Postgres(row) => match self::postgres::cell(row, index)? {
                Cell::Text(text) => Ok(text),
                other => Err(decode(index)(format!("{other:?} is not text"))),
            },
        }
    }
}

fn decode(index: usize) -> impl Fn(String) -> StoreError {
    move |problem| StoreError::Decode {
        column: index,
        problem,
    }
}

impl Db {
    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (PRAGMAs, hooks, backups).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Db::Sqlite(conn) => Some(conn),
            Db::Postgres(_) => None,
        }
    }

    pub fn sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match self {
            Db::Sqlite(conn) => Some(conn),
            Db::Postgres(_) => None,
        }
    }

    /// The PostgreSQL connection, for what only PostgreSQL has (LISTEN, sequences).
    pub fn postgres(&self) -> Option<&RefCell<PgConn>> {
        match self {
            Db::Sqlite(_) => None,
            Db::Postgres(conn) => Some(conn),
        }
    }

    /// SQL joining the texts of `expr` over a group with commas (an aggregate).
    pub fn joined_text(&self, expr: &str) -> String {
        match self.engine() {
            Engine::Sqlite => format!("group_concat({expr}, ',')"),
            Engine::Postgres => format!("string_agg({expr}, ',')"),
        }
    }

    /// SQL for where `needle` first occurs in `haystack` (from 1; 0 when nowhere).
    pub fn text_position(&self, needle: &str, haystack: &str) -> String {
        match self.engine() {
            Engine::Sqlite => format!("instr({haystack}, {needle})"),
            Engine::Postgres => format!("strpos({haystack}, {needle})"),
        }
    }

    /// Run one statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, params: impl Params) -> Result<usize> {
        let values = params.values();
        match self {
            Db::Sqlite(conn) => sqlite::execute(conn, sql, &values),
            Db::Postgres(conn) => pg(conn)?.execute(sql, &values),
        }
    }

    /// Run several statements without parameters (schema changes, temp tables).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Db::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Db::Postgres(conn) => pg(conn)?.batch(sql),
        }
    }

    /// The first row of a query, mapped; [`StoreError::NoRow`] when there is none
    /// (see [`Optional::optional`]).
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: impl Params,
        map: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut map = Some(map);
        let mut found = None;
        self.for_each_until(sql, params, |row| {
            found = Some((map.take().expect("called once"))(row)?);
            Ok(false)
        })?;
        found.ok_or(StoreError::NoRow)
    }

    /// Every row of a query, mapped and collected.
    pub fn query_map<T, C: FromIterator<T>>(
        &self,
        sql: &str,
        params: impl Params,
        mut map: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<C> {
        let mut rows = Vec::new();
        self.for_each(sql, params, |row| {
            rows.push(map(row)?);
            Ok(())
        })?;
        Ok(rows.into_iter().collect())
    }

    /// Every row of a query handed to `visit` as it arrives: what streams an export of
    /// 100,000 people in bounded memory. On PostgreSQL `visit` must not query this
    /// `Db` (the connection is busy with the rows); it is told so, never deadlocked.
    pub fn for_each(
        &self,
        sql: &str,
        params: impl Params,
        mut visit: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        self.for_each_until(sql, params, |row| visit(row).map(|()| true))
    }

    /// Like [`Db::for_each`], stopping early when `visit` returns `false`.
    fn for_each_until(
        &self,
        sql: &str,
        params: impl Params,
        visit: impl FnMut(&Row<'_>) -> Result<bool>,
    ) -> Result<()> {
        let values = params.values();
        match self {
            Db::Sqlite(conn) => sqlite::for_each(conn, sql, &values, visit),
            Db::Postgres(conn) => pg(conn)?.for_each(sql, &values, visit),
        }
    }

    /// Start a write transaction. SQLite takes the write lock at BEGIN (IMMEDIATE), so
    /// a read-then-write never fails when another desk committed in between;
    /// PostgreSQL takes the registry's transaction-level advisory lock, which gives
    /// writers the same one-at-a-time order: what a transaction read before writing is
    /// still true when it commits.
    pub fn begin_write(&self) -> Result<Tx<'_>> {
        match self {
            Db::Sqlite(conn) => conn.execute_batch("BEGIN IMMEDIATE")?,
            Db::Postgres(conn) => pg(conn)?.begin_write()?,
        }
        Ok(Tx {
            db: self,
            open: true,
        })
    }

    /// Start a read transaction: every read in it sees one snapshot of the registry
    /// (it writes nothing but temporary tables of its own).
    pub fn begin_read(&self) -> Result<Tx<'_>> {
        match self {
            Db::Sqlite(conn) => conn.execute_batch("BEGIN DEFERRED")?,
            // Not READ ONLY: a dry run and a roster fill temporary tables of their own,
            // which PostgreSQL refuses in a read-only transaction.
            Db::Postgres(conn) => pg(conn)?.begin("BEGIN ISOLATION LEVEL REPEATABLE READ")?,
        }
        Ok(Tx {
            db: self,
            open: true,
        })
    }

    /// End the open transaction with `COMMIT` or `ROLLBACK`.
    fn finish(&self, sql: &str) -> Result<()> {
        match self {
            Db::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Db::Postgres(conn) => pg(conn)?.finish(sql),
        }
    }

    /// Whether a transaction is open on this connection now.
    pub fn in_transaction(&self) -> bool {
        match self {
            Db::Sqlite(conn) => !conn.is_autocommit(),
            Db::Postgres(conn) => conn.try_borrow().is_ok_and(|c| c.in_transaction()),
        }
    }
}

/// The PostgreSQL connection, borrowed for one call. A call made while the connection
/// is already busy (from inside [`Db::for_each`]'s visitor) is refused, not a panic.
fn pg(conn: &RefCell<PgConn>) -> Result<std::cell::RefMut<'_, PgConn>> {
    conn.try_borrow_mut().map_err(|_| StoreError::Busy)
}

/// An open transaction: queries run through it as through its [`Db`] (it derefs to
/// one). Dropped without [`Tx::commit`], it rolls back — an error on the way out of
/// a store method undoes everything the method wrote.
pub struct Tx<'db> {
    db: &'db Db,
    open: bool,
}

impl Tx<'_> {
    /// Commit. A commit that failed and left the transaction open (SQLite's disk full)
    /// is rolled back when the `Tx` drops, so the write lock is never kept.
    pub fn commit(mut self) -> Result<()> {
        let committed = self.db.finish("COMMIT");
        if committed.is_ok() {
            self.open = false;
        }
        committed
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open && self.db.in_transaction() {
            // Nothing better to do with a failed rollback than what the engine does on
            // its own: a lost connection ends its transaction too.
            let _ = self.db.finish("ROLLBACK");
        }
    }
}

/// `.optional()` on a query that may find nothing: [`StoreError::NoRow`] becomes `None`.
pub trait Optional<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> Optional<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(StoreError::NoRow) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// SQLite's `?N` placeholders as PostgreSQL's `$N`; quoted text, quoted names and
/// comments left alone. A bare `?` takes the number after the highest so far, as in
/// SQLite.
pub fn numbered_dollars(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut highest = 0;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        match c {
            '\'' | '"' => {
                // Up to the closing quote (a doubled quote closes and reopens).
                for q in chars.by_ref() {
                    out.push(q);
                    if q == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for q in chars.by_ref() {
                    out.push(q);
                    if q == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut last = ' ';
                for q in chars.by_ref() {
                    out.push(q);
                    if last == '*' && q == '/' {
                        break;
                    }
                    last = q;
                }
            }
            '?' => {
                out.pop();
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                let number = digits.parse().unwrap_or(highest + 1);
                highest = highest.max(number);
                out.push('$');
                out.push_str(&number.to_string());
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::numbered_dollars;

    #[test]
    fn placeholders_become_dollars_outside_quotes() {
        assert_eq!(
            numbered_dollars("SELECT ?1, ?12 FROM t WHERE a = '?1' AND \"b?\" = ?"),
            "SELECT $1, $12 FROM t WHERE a = '?1' AND \"b?\" = $13"
        );
        assert_eq!(numbered_dollars("VALUES (?, ?)"), "VALUES ($1, $2)");
        assert_eq!(numbered_dollars("?3, ?1, ?"), "$3, $1, $4");
        assert_eq!(
            numbered_dollars("SELECT ?1 -- isn't ?2\n, ?2 /* it's ?3 */ , 'a''?' "),
            "SELECT $1 -- isn't ?2\n, $2 /* it's ?3 */ , 'a''?' "
        );
    }
}
