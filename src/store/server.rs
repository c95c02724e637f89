//! A registry on a PostgreSQL server: opening it — telling a rollcall database from
//! another application's or a newer rollcall's, and bringing an older one up to date,
//! once, whoever opens it first.
//!
//! The schema lives in `assets/migrations/pg`, numbered as SQLite's in
//! `assets/migrations/sqlite`: a server registry starts at version 6 (the first the
//! server engine knows), and each later migration gets the same number in both
//! folders. The version sits in `rollcall_schema`, which is also how a rollcall
//! database is recognised.

use super::sql::{Connector, Db, PgConn};
use super::{Location, Result, SCHEMA_VERSION, ServerUrl, Store, StoreError};
use postgres::{Client, GenericClient};
use std::cell::RefCell;
use std::sync::Arc;

/// The server's migrations: (version it brings the schema to, SQL).
const MIGRATIONS: &[(i64, &str)] = &[
    (
        6,
        include_str!("../../assets/migrations/pg/0006_registry.sql"),
    ),
    (
        7,
        include_str!("../../assets/migrations/pg/0007_event_language.sql"),
    ),
];

/// The transaction-level advisory lock that lets one desk at a time migrate.
const MIGRATION_LOCK: i64 = 0x726f_6c6c_6d69_6772; // "rollmigr"

/// Where the schema stands in the database a connection is on.
enum Found {
    /// Nothing in the current schema: a registry may be made here.
    Empty,
    Registry(i64),
    /// Tables, but no `rollcall_schema`: someone else's.
    Foreign,
}

/// What the connection's current schema holds. Read defensively: a database of
/// another application may have a `rollcall_schema` of its own making.
fn found(client: &mut impl GenericClient) -> Result<Found> {
    let row = client.query_one(
        "SELECT to_regclass(format('%I.rollcall_schema', current_schema())) IS NOT NULL,
                (SELECT count(*) FROM pg_catalog.pg_class c
                   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p'))",
        &[],
    )?;
    let (ours, tables): (bool, i64) = (row.try_get(0)?, row.try_get(1)?);
    if !ours {
        return Ok(if tables == 0 {
            Found::Empty
        } else {
            Found::Foreign
        });
    }
    let Ok(rows) = client.query("SELECT version FROM rollcall_schema WHERE id = 1", &[]) else {
        return Ok(Found::Foreign);
    };
    // The table without its row, or with something else than a version in it: a
    // migration of ours commits both at once, so it is not ours.
    let version = rows.first().and_then(|r| r.try_get::<_, i64>(0).ok());
    Ok(version.map_or(Found::Foreign, Found::Registry))
}

/// Check the database `client` is on and bring its schema to [`SCHEMA_VERSION`];
/// `create`: an empty database becomes a registry (otherwise it is refused as
/// missing). `shown` names the registry in messages (the URL without its password).
pub(super) fn prepare(client: &mut Client, shown: &str, create: bool) -> Result<()> {
    let path = || std::path::PathBuf::from(shown);
    // Refusals and the common case first, without taking the migration lock.
    match found(client)? {
        Found::Registry(v) if v > SCHEMA_VERSION => {
            return Err(StoreError::NewerSchema {
                path: path(),
                found: v,
                supported: SCHEMA_VERSION,
            });
        }
        Found::Registry(v) if v == SCHEMA_VERSION => return Ok(()),
        Found::Foreign => return Err(StoreError::ForeignDatabase { path: path() }),
        Found::Empty if !create => return Err(StoreError::Missing { path: path() }),
        Found::Registry(_) | Found::Empty => {}
    }
    // One desk migrates; the others wait here and then find the work done.
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    // Read again under the lock: another desk may have migrated meanwhile.
    let version = match found(&mut tx)? {
        Found::Registry(v) if v >= SCHEMA_VERSION => return Ok(()),
        Found::Registry(v) => v,
        Found::Foreign => return Err(StoreError::ForeignDatabase { path: path() }),
        // Emptied since the first look: made a registry only when asked to.
        Found::Empty if !create => return Err(StoreError::Missing { path: path() }),
        Found::Empty => 0,
    };
    for (to, sql) in MIGRATIONS.iter().filter(|(to, _)| *to > version) {
        tx.batch_execute(sql)?;
        tx.execute(
            "INSERT INTO rollcall_schema (id, version) VALUES (1, $1)
             ON CONFLICT (id) DO UPDATE SET version = excluded.version",
            &[to],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Open the registry on the server at `url` (`create`: make one in an empty
/// database).
pub(super) fn open(url: &ServerUrl, create: bool) -> Result<Store> {
    let mut client = url.connect()?;
    prepare(&mut client, url.redacted(), create)?;
    let again = url.clone();
    // Reconnecting after an outage: whatever the reason, the desk hears "unreachable".
    let connect: Connector = Arc::new(move || again.connect().map_err(|_| StoreError::Unreachable));
    let conn = PgConn::new(client, connect)?;
    Ok(Store::on_db(
        Db::Postgres(Box::new(RefCell::new(conn))),
        Location::Server(url.clone()),
    ))
}
