//! The seam on PostgreSQL: the store's SQL with `$N` placeholders, prepared once per
//! connection, values converted to whatever type the server inferred for each
//! parameter, and results read back as the cells SQLite would have given.

use super::{Cell, Row, Value, numbered_dollars};
use crate::store::{Result, StoreError};
use ::postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use ::postgres::{Client, Statement};
use bytes::BytesMut;
use std::collections::HashMap;
use std::error::Error;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The transaction-level advisory lock every write takes first ("rollcall" in ASCII):
/// writers go one at a time, as on SQLite.
const WRITE_LOCK: i64 = 0x726f_6c6c_6361_6c6c;

/// Prepared statements kept per connection before the cache starts over.
const STATEMENT_CACHE: usize = 256;

/// How a lost connection is made again (the server URL is behind it). Called on a
/// thread of its own: reaching a server that is away can take seconds.
pub type Connector = Arc<dyn Fn() -> Result<Client> + Send + Sync>;

/// How long after an attempt to reach the server the next one is started.
const RETRY_AFTER: Duration = Duration::from_secs(2);

/// How long a write waits for another desk's (an import's) write lock, as SQLite's
/// busy timeout does.
const LOCK_TIMEOUT: &str = "5s";

/// How long a transaction may sit idle before the server ends it (a desk gone
/// mid-write must not hold the write lock for the others).
const IDLE_IN_TRANSACTION: &str = "60s";

/// How often the revision counters are polled, in case announcements go unheard.
const POLL_EVERY: Duration = Duration::from_secs(2);

/// The channel every registry change is announced on (see the server schema).
pub const CHANNEL: &str = "rollcall";

/// A connection ready for use: listening, with its server process's id.
type Ready = (Client, i32);

/// A client with its prepared statements, and the means to connect again.
pub struct PgConn {
    /// `None` while the server cannot be reached.
    client: Option<Client>,
    connect: Connector,
    /// A reconnection under way, on its own thread: the desk is never kept waiting
    /// for it, every call meanwhile is refused as unreachable at once.
    reconnecting: Option<JoinHandle<Result<Ready>>>,
    last_attempt: Option<Instant>,
    statements: HashMap<String, Statement>,
    in_transaction: bool,
    /// A statement of the open transaction failed (see [`PgConn::noted`]).
    failed: bool,
    /// This connection's server process, to tell other desks' announcements from ours.
    backend: i32,
    /// Announcements of other desks' commits heard so far, plus one per reconnection
    /// (what was announced meanwhile was not heard).
    heard: i64,
    /// The last poll of the revision counters: when, and their sum.
    polled: Option<(Instant, i64)>,
}

/// `client` listening for other desks' commits, with its server process's id.
fn ready(mut client: Client) -> Result<Ready> {
    // A desk waits for another's write as long as on a file (the busy timeout), never
    // for ever; and a desk that vanished mid-transaction frees the write lock soon.
    client.batch_execute(&format!(
        "SET lock_timeout = '{LOCK_TIMEOUT}';
         SET idle_in_transaction_session_timeout = '{IDLE_IN_TRANSACTION}';
         LISTEN {CHANNEL}"
    ))?;
    let backend = client.query_one("SELECT pg_backend_pid()", &[])?.get(0);
    Ok((client, backend))
}

impl PgConn {
    /// A connection on `client`, listening for other desks' commits.
    pub fn new(client: Client, connect: Connector) -> Result<PgConn> {
        let (client, backend) = ready(client)?;
        Ok(PgConn {
            client: Some(client),
            connect,
            reconnecting: None,
            last_attempt: None,
            statements: HashMap::new(),
            in_transaction: false,
            failed: false,
            backend,
            heard: 0,
            polled: None,
        })
    }

    /// The client, connected again if the connection was lost. A reconnection runs
    /// on its own thread (one every [`RETRY_AFTER`] at most) and is taken up by the
    /// first call after it succeeded; until then calls fail as unreachable. Never
    /// inside a transaction: the rest of it would run on the new connection without
    /// its beginning, each statement committed on its own.
    pub fn client(&mut self) -> Result<&mut Client> {
        if self.client.as_ref().is_some_and(Client::is_closed) {
            self.client = None;
        }
        if self.client.is_none() && !self.in_transaction {
            self.reconnect();
        }
        self.client.as_mut().ok_or(StoreError::Unreachable)
    }

    /// Take up a finished reconnection, or start one when it is time.
    fn reconnect(&mut self) {
        if self
            .reconnecting
            .as_ref()
            .is_some_and(JoinHandle::is_finished)
        {
            let attempt = self.reconnecting.take().map(JoinHandle::join);
            if let Some(Ok(Ok((client, backend)))) = attempt {
                self.client = Some(client);
                self.backend = backend;
                self.statements.clear();
                self.heard += 1;
                return;
            }
        }
        let due = self
            .last_attempt
            .is_none_or(|at| at.elapsed() >= RETRY_AFTER);
        if self.reconnecting.is_none() && due {
            self.last_attempt = Some(Instant::now());
            let connect = Arc::clone(&self.connect);
            self.reconnecting = Some(std::thread::spawn(move || ready(connect()?)));
        }
    }

    pub fn in_transaction(&self) -> bool {
        self.in_transaction
    }

    /// A number that moves with other desks' commits: the announcements heard
    /// (drained without waiting for more), and — should some go unheard, behind a proxy
    /// that drops them — the revision counters themselves, polled every
    /// [`POLL_EVERY`]. (The poll also sees this desk's own commits: a re-read of the
    /// day's presence at most every two seconds, the price of the fallback.)
    pub fn changes_heard(&mut self) -> Result<i64> {
        use fallible_iterator::FallibleIterator;
        let backend = self.backend;
        let mut others = 0;
        {
            let mut notifications = self.client()?.notifications();
            let mut iter = notifications.iter();
            while let Some(n) = iter.next().map_err(StoreError::from)? {
                if n.process_id() != backend {
                    others += 1;
                }
            }
        }
        self.heard += others;
        if self.polled.is_none_or(|(at, _)| at.elapsed() >= POLL_EVERY) {
            let sum: i64 = self
                .client()?
                .query_one(
                    "SELECT CAST(count(*) + coalesce(sum(registry + presence), 0) AS BIGINT)
                     FROM revision",
                    &[],
                )?
                .get(0);
            self.polled = Some((Instant::now(), sum));
        }
        let polled = self.polled.map_or(0, |(_, sum)| sum);
        Ok(self.heard.wrapping_mul(1_000_003).wrapping_add(polled))
    }

    /// The prepared statement of `sql` on the connection in use. The connection is
    /// made sure of first: taking up a reconnection empties the cache, and a statement
    /// prepared on the old connection does not exist on the new one.
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        self.client()?;
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client()?.prepare(&numbered_dollars(sql))?;
        if self.statements.len() >= STATEMENT_CACHE {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    pub(super) fn execute(&mut self, sql: &str, values: &[Value<'_>]) -> Result<usize> {
        let statement = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
        let changed = self.client()?.execute(&statement, &params);
        let changed = self.noted(changed)?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    pub(super) fn batch(&mut self, sql: &str) -> Result<()> {
        let done = self.client()?.batch_execute(sql);
        self.noted(done)?;
        if sql.starts_with("ROLLBACK TO") {
            // Back before the failure: the transaction may go on (and commit).
            self.failed = false;
        }
        Ok(())
    }

    /// A statement's result, remembering a failure inside a transaction: PostgreSQL
    /// then refuses everything until a rollback, and would turn the COMMIT into one
    /// without an error — [`PgConn::finish`] says so instead.
    fn noted<T>(&mut self, result: std::result::Result<T, ::postgres::Error>) -> Result<T> {
        if result.is_err() && self.in_transaction {
            self.failed = true;
        }
        Ok(result?)
    }

    pub(super) fn for_each(
        &mut self,
        sql: &str,
        values: &[Value<'_>],
        mut visit: impl FnMut(&Row<'_>) -> Result<bool>,
    ) -> Result<()> {
        let statement = self.statement(sql)?;
        let in_transaction = self.in_transaction;
        let read = (|| {
            let mut rows = self
                .client()?
                .query_raw(&statement, values.iter().map(|v| v as &dyn ToSql))?;
            use fallible_iterator::FallibleIterator;
            while let Some(row) = rows.next()? {
                if !visit(&Row::Postgres(&row))? {
                    break;
                }
            }
            Ok(())
        })();
        if read.is_err() && in_transaction {
            self.failed = true;
        }
        read
    }

    /// A write: READ COMMITTED whatever the server's default (each statement sees what
    /// committed before it, after the lock), read-write even where the role's default
    /// is read-only, behind the write lock.
    pub(super) fn begin_write(&mut self) -> Result<()> {
        self.begin(&format!(
            "BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE;
             SELECT pg_advisory_xact_lock({WRITE_LOCK})"
        ))
    }

    /// Begin with `sql`; if any of it fails (the lock not granted in time), the
    /// transaction it may have opened is rolled back before the error is told.
    pub(super) fn begin(&mut self, sql: &str) -> Result<()> {
        let begun = self.client()?.batch_execute(sql);
        if let Err(e) = begun {
            if let Some(client) = self.client.as_mut() {
                let _ = client.batch_execute("ROLLBACK");
            }
            return Err(e.into());
        }
        self.in_transaction = true;
        self.failed = false;
        Ok(())
    }

    /// `COMMIT` or `ROLLBACK`. On a lost connection the transaction is over either
    /// way (the server rolled it back): a rollback has nothing left to do, a commit
    /// fails — nothing of it was saved.
    pub(super) fn finish(&mut self, sql: &str) -> Result<()> {
        let Some(client) = self.client.as_mut().filter(|c| !c.is_closed()) else {
            self.in_transaction = false;
            return if sql == "ROLLBACK" {
                Ok(())
            } else {
                Err(StoreError::Unreachable)
            };
        };
        let failed = std::mem::replace(&mut self.failed, false);
        self.in_transaction = false;
        if failed && sql == "COMMIT" {
            // PostgreSQL would roll back and call it a commit.
            client.batch_execute("ROLLBACK")?;
            return Err(StoreError::RolledBack);
        }
        Ok(client.batch_execute(sql)?)
    }
}

/// Column `index` of a PostgreSQL row as a cell.
pub(super) fn cell<'r>(row: &'r ::postgres::Row, index: usize) -> Result<Cell<'r>> {
    row.try_get::<_, PgCell<'r>>(index)
        .map(|c| c.0)
        .map_err(|e| StoreError::Decode {
            column: index,
            problem: e.to_string(),
        })
}

/// A cell read from whatever integer, flag, number or text type the server sent.
struct PgCell<'r>(Cell<'r>);

impl<'r> FromSql<'r> for PgCell<'r> {
    fn from_sql(
        ty: &Type,
        raw: &'r [u8],
    ) -> std::result::Result<Self, Box<dyn Error + Sync + Send>> {
        Ok(PgCell(match *ty {
            Type::INT8 => Cell::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Cell::Int(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Cell::Int(i16::from_sql(ty, raw)?.into()),
            Type::BOOL => Cell::Int(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Cell::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Cell::Real(f32::from_sql(ty, raw)?.into()),
            _ => Cell::Text(<&str>::from_sql(ty, raw)?),
        }))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, Box<dyn Error + Sync + Send>> {
        Ok(PgCell(Cell::Null))
    }

    fn accepts(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::INT8 | Type::INT4 | Type::INT2 | Type::BOOL | Type::FLOAT8 | Type::FLOAT4
        ) || <&str as FromSql>::accepts(ty)
    }
}

impl ToSql for Value<'_> {
    /// A value as the type the server inferred for its parameter: SQLite's loose
    /// typing on one side, PostgreSQL's strict one on the other. Anything else is
    /// refused by name rather than sent as bytes of another type.
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn Error + Sync + Send>> {
        let texty = matches!(
            *ty,
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
        );
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(n) => match *ty {
                Type::INT8 => n.to_sql(ty, out),
                Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*n)?.to_sql(ty, out),
                Type::BOOL => (*n != 0).to_sql(ty, out),
                #[allow(clippy::cast_precision_loss)] // registry numbers are far below 2^52
                Type::FLOAT8 => (*n as f64).to_sql(ty, out),
                _ if texty => n.to_string().as_str().to_sql(ty, out),
                _ => Err(format!("cannot bind the integer {n} as {ty}").into()),
            },
            Value::Real(x) => match *ty {
                Type::FLOAT8 => x.to_sql(ty, out),
                _ if texty => x.to_string().as_str().to_sql(ty, out),
                _ => Err(format!("cannot bind the number {x} as {ty}").into()),
            },
            Value::Text(text) => match *ty {
                Type::INT8 => text.parse::<i64>()?.to_sql(ty, out),
                Type::INT4 => text.parse::<i32>()?.to_sql(ty, out),
                Type::INT2 => text.parse::<i16>()?.to_sql(ty, out),
                _ if texty => text.as_ref().to_sql(ty, out),
                _ => Err(format!("cannot bind text as {ty}").into()),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}
