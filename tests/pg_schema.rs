//! The PostgreSQL schema (assets/migrations/pg) against its SQLite twin
//! (assets/migrations/sqlite), on a real server: the same tables, columns, indexes and foreign
//! keys; the same rows refused; the same revision counters moving for the same SQL; the
//! LISTEN/NOTIFY signal; and a schema that is applied once, into the search_path.
//!
//! Both folders are read whole, so a migration added to one engine and not the other
//! fails here instead of diverging silently.
//!
//! The tests running at the same time share one throwaway cluster (a database each):
//! starting a cluster costs seconds, a database a fraction of one.

mod common;

use common::postgres::Cluster;
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, NoTls};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;

/// The PostgreSQL migration this file is about.
const PG_REGISTRY: &str = include_str!("../assets/migrations/pg/0006_registry.sql");

/// The cluster of the tests running now; dropped (stopped, removed) with the last of
/// them, so nothing outlives the test binary.
static SHARED: Mutex<Weak<Cluster>> = Mutex::new(Weak::new());

fn cluster(test: &str) -> Option<Arc<Cluster>> {
    let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(cluster) = shared.upgrade() {
        return Some(cluster);
    }
    let cluster = Arc::new(Cluster::start_or_skip(test)?);
    *shared = Arc::downgrade(&cluster);
    Some(cluster)
}

/// The `.sql` files of `folder` (under assets/migrations), in the order they apply.
fn migrations(folder: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/migrations")
        .join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no migrations in {}", dir.display());
    files
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect()
}

/// An in-memory registry of every SQLite migration, foreign keys on as the store has them.
fn sqlite_registry() -> rusqlite::Connection {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    for sql in migrations("sqlite") {
        conn.execute_batch(&sql).unwrap();
    }
    conn
}

/// Applies `sql` in one transaction, as the migration runner does.
fn apply(client: &mut Client, sql: &str) -> Result<(), postgres::Error> {
    let mut tx = client.transaction()?;
    tx.batch_execute(sql)?;
    tx.commit()
}

fn connect(cluster: &Cluster, url: &str) -> Client {
    Client::connect(url, NoTls)
        .unwrap_or_else(|e| panic!("connect: {e}\nserver log:\n{}", cluster.log()))
}

/// A new database `name` holding every PostgreSQL migration; its URL.
fn pg_registry(cluster: &Cluster, name: &str) -> String {
    let url = cluster.create_database(name).unwrap();
    let mut client = connect(cluster, &url);
    for sql in migrations("pg") {
        apply(&mut client, &sql).unwrap_or_else(|e| panic!("migration: {e:?}"));
    }
    url
}

/// Two events, three delegations, three people (two of them heads), with explicit ids
/// so that both engines hold the same rows.
const FIXTURE: &str = "
INSERT INTO events (id, code, title, kind, start_date, end_date) VALUES
    (1, 'ulaanbaatar-2017', 'Seminar', 'seminar', '2017-07-05', '2017-07-07'),
    (2, 'geneva-2018', 'Workshop', 'workshop', '2018-03-01', '2018-03-02');
INSERT INTO delegations (id, event_id, name, category, sort_key) VALUES
    (1, 1, 'Mongolia', 'host_state', 'mongolia'),
    (2, 1, 'Denmark', 'participating_state', 'denmark'),
    (3, 2, 'Norway', 'participating_state', 'norway');
INSERT INTO attendees
    (id, event_id, delegation_id, badge, given_name, family_name, gender, role, status, is_head)
VALUES
    (1, 1, 1, 1, 'Chinbat', 'Batjargal', 'male', 'participant', 'invited', 1),
    (2, 1, 1, 2, 'Oyuna', 'Dorj', 'female', 'speaker', 'registered', 0),
    (3, 1, 2, 3, 'Mette', 'Jensen', 'female', 'participant', 'registered', 1);
";

/// [`FIXTURE`] into a PostgreSQL registry, and its identity sequences moved past the
/// explicit ids, as a registry copy does.
fn pg_fixture(pg: &mut Client) {
    pg.batch_execute(FIXTURE).unwrap();
    for table in [
        "events",
        "delegations",
        "attendees",
        "checkins",
        "audit",
        "copies",
    ] {
        pg.batch_execute(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                           (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
        ))
        .unwrap();
    }
}

/// The same registry in both engines, to run the same SQL against.
struct Twin {
    pg: Client,
    lite: rusqlite::Connection,
}

/// Each event's (registry, presence).
type Revisions = BTreeMap<i64, (i64, i64)>;

impl Twin {
    /// Both registries, with [`FIXTURE`] in them.
    fn new(cluster: &Cluster, name: &str) -> Twin {
        let url = pg_registry(cluster, name);
        Twin::with(connect(cluster, &url))
    }

    /// `pg`, a registry without rows, and a new SQLite registry, with [`FIXTURE`] in both.
    fn with(mut pg: Client) -> Twin {
        pg_fixture(&mut pg);
        let lite = sqlite_registry();
        lite.execute_batch(FIXTURE).unwrap();
        Twin { pg, lite }
    }

    /// Runs `sql` on both engines; both must take it. (One call is one transaction in
    /// PostgreSQL, one per statement in SQLite: give one statement where that matters.)
    fn run(&mut self, sql: &str) {
        self.pg
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("PostgreSQL refused {sql}: {e:?}"));
        self.lite
            .execute_batch(sql)
            .unwrap_or_else(|e| panic!("SQLite refused {sql}: {e}"));
    }

    /// Runs `sql` on both engines; both must refuse it. PostgreSQL's error.
    fn refused(&mut self, sql: &str) -> postgres::error::DbError {
        let lite = self.lite.execute_batch(sql);
        assert!(lite.is_err(), "SQLite took {sql}");
        let pg = self.pg.batch_execute(sql).expect_err(sql);
        pg.as_db_error()
            .unwrap_or_else(|| panic!("{sql}: not a server error: {pg}"))
            .clone()
    }

    /// The rows `sql` reads (integer columns only), equal in both engines.
    fn ints(&mut self, sql: &str) -> Vec<Vec<Option<i64>>> {
        let pg: Vec<Vec<Option<i64>>> = self
            .pg
            .query(sql, &[])
            .unwrap()
            .iter()
            .map(|row| (0..row.len()).map(|i| row.get(i)).collect())
            .collect();
        let mut stmt = self.lite.prepare(sql).unwrap();
        let width = stmt.column_count();
        let lite: Vec<Vec<Option<i64>>> = stmt
            .query_map([], |row| (0..width).map(|i| row.get(i)).collect())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(pg, lite, "{sql}: PostgreSQL, then SQLite");
        pg
    }

    /// Each engine's revisions: PostgreSQL's, then SQLite's. Only how they move is
    /// comparable (a transaction of many rows moves PostgreSQL's once, SQLite's per row).
    fn revisions(&mut self) -> (Revisions, Revisions) {
        let sql = "SELECT event_id, registry, presence FROM revision ORDER BY event_id";
        let pg = self
            .pg
            .query(sql, &[])
            .unwrap()
            .iter()
            .map(|row| (row.get(0), (row.get(1), row.get(2))))
            .collect();
        let lite = self
            .lite
            .prepare(sql)
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        (pg, lite)
    }

    /// How far each event's counters moved with `sql`: (event, registry, presence) for
    /// each event that moved, equal in both engines.
    fn moved(&mut self, sql: &str) -> Vec<(i64, i64, i64)> {
        let before = self.revisions();
        self.run(sql);
        let after = self.revisions();
        let pg = steps(&before.0, &after.0);
        assert_eq!(
            pg,
            steps(&before.1, &after.1),
            "{sql}: PostgreSQL, then SQLite"
        );
        pg
    }
}

/// (event, registry, presence) for each event whose counters moved from `before` to
/// `after`; every event must be in both.
fn steps(before: &Revisions, after: &Revisions) -> Vec<(i64, i64, i64)> {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    before
        .iter()
        .map(|(event, (registry, presence))| {
            let (r, p) = after[event];
            (*event, r - registry, p - presence)
        })
        .filter(|&(_, r, p)| (r, p) != (0, 0))
        .collect()
}

fn pg_strings(client: &mut Client, sql: &str) -> Vec<Vec<String>> {
    client
        .query(sql, &[])
        .unwrap()
        .iter()
        .map(|row| (0..row.len()).map(|i| row.get(i)).collect())
        .collect()
}

fn lite_strings(conn: &rusqlite::Connection, sql: &str) -> Vec<Vec<String>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let width = stmt.column_count();
    stmt.query_map([], |row| {
        (0..width)
            .map(|i| {
                Ok(match row.get_ref(i)? {
                    rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                    other => other.as_str()?.to_string(),
                })
            })
            .collect()
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn sorted(mut rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    rows.sort();
    rows
}

#[test]
fn both_engines_have_the_same_tables_columns_indexes_and_foreign_keys() {
    let Some(cluster) = cluster("same shape") else {
        return;
    };
    let url = pg_registry(&cluster, "same_shape");
    let mut pg = connect(&cluster, &url);
    let lite = sqlite_registry();

    // Columns in order (rollcall_schema is PostgreSQL's only: SQLite keeps the version in
    // a pragma), with their type (INTEGER is BIGINT) and whether they take NULL
    // (an INTEGER PRIMARY KEY never does, whatever pragma_table_info says).
    let pg_columns = pg_strings(
        &mut pg,
        "SELECT table_name::text, column_name::text, data_type::text,
                (is_nullable = 'NO')::text
         FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name <> 'rollcall_schema'
         ORDER BY table_name, ordinal_position",
    );
    let lite_columns: Vec<Vec<String>> = lite_strings(
        &lite,
        "SELECT m.name, p.name, p.type, p.\"notnull\" OR p.pk > 0
         FROM sqlite_schema m, pragma_table_info(m.name) p
         WHERE m.type = 'table'
         ORDER BY m.name, p.cid",
    )
    .into_iter()
    .map(|mut row| {
        row[2] = match row[2].as_str() {
            "INTEGER" => "bigint".into(),
            "TEXT" => "text".into(),
            other => panic!("{}.{}: no PostgreSQL type for {other}", row[0], row[1]),
        };
        row[3] = (row[3] == "1").to_string();
        row
    })
    .collect();
    assert!(lite_columns.len() > 50, "{lite_columns:?}");
    assert_eq!(pg_columns, lite_columns, "columns: PostgreSQL, then SQLite");

    // Every text compares and sorts bytewise, as SQLite's BINARY does.
    let not_c = pg_strings(
        &mut pg,
        "SELECT table_name::text, column_name::text
         FROM information_schema.columns
         WHERE table_schema = current_schema() AND data_type = 'text'
           AND collation_name IS DISTINCT FROM 'C'",
    );
    assert!(
        not_c.is_empty(),
        "text columns without COLLATE \"C\": {not_c:?}"
    );
    let schema_table = pg_strings(
        &mut pg,
        "SELECT column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = 'rollcall_schema'
         ORDER BY ordinal_position",
    );
    assert_eq!(schema_table, [["id", "bigint"], ["version", "bigint"]]);

    // Indexes: those made by CREATE INDEX by name, those behind a UNIQUE constraint by
    // what they cover (each engine names those its own way).
    let pg_indexes = pg_strings(
        &mut pg,
        "SELECT t.relname::text,
                CASE WHEN EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
                     THEN 'UNIQUE constraint' ELSE i.relname::text END,
                x.indisunique::text,
                (x.indpred IS NOT NULL)::text,
                array_to_string(ARRAY(
                    SELECT a.attname::text
                    FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k (attnum, place)
                    JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                    ORDER BY k.place), ',')
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         WHERE t.relnamespace = current_schema()::regnamespace
           AND NOT x.indisprimary AND t.relname <> 'rollcall_schema'",
    );
    let lite_indexes: Vec<Vec<String>> = lite_strings(
        &lite,
        "SELECT m.name,
                CASE l.origin WHEN 'u' THEN 'UNIQUE constraint' ELSE l.name END,
                CASE l.\"unique\" WHEN 1 THEN 'true' ELSE 'false' END,
                CASE l.partial WHEN 1 THEN 'true' ELSE 'false' END,
                (SELECT group_concat(name, ',')
                 FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno))
         FROM sqlite_schema m, pragma_index_list(m.name) l
         WHERE m.type = 'table' AND l.origin <> 'pk'",
    );
    assert!(
        lite_indexes
            .iter()
            .any(|i| i[1] == "attendees_one_head" && i[2] == "true" && i[3] == "true"),
        "{lite_indexes:?}"
    );
    assert_eq!(
        sorted(pg_indexes),
        sorted(lite_indexes),
        "indexes: PostgreSQL, then SQLite"
    );
    let head_rule = pg_strings(
        &mut pg,
        "SELECT pg_get_expr(x.indpred, x.indrelid) FROM pg_index x
         WHERE x.indexrelid = 'attendees_one_head'::regclass",
    );
    assert_eq!(head_rule, [["(is_head = 1)"]]);

    // Foreign keys, with what a deletion does.
    let pg_keys = pg_strings(
        &mut pg,
        "SELECT c.conrelid::regclass::text, a.attname::text,
                c.confrelid::regclass::text, r.attname::text,
                CASE c.confupdtype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
                    WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END,
                CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
                    WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END,
                cardinality(c.conkey)::text
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1]
         WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace",
    );
    let lite_keys = lite_strings(
        &lite,
        "SELECT m.name, f.\"from\", f.\"table\", f.\"to\", f.on_update, f.on_delete,
                (SELECT count(*) FROM pragma_foreign_key_list(m.name) g WHERE g.id = f.id)
         FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table'",
    );
    assert!(lite_keys.len() >= 7, "{lite_keys:?}");
    assert_eq!(
        sorted(pg_keys),
        sorted(lite_keys),
        "foreign keys: PostgreSQL, then SQLite"
    );

    // The triggers by name: PostgreSQL has one more, the one that notifies.
    let pg_triggers = pg_strings(
        &mut pg,
        "SELECT t.tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace
           AND t.tgname <> 'revision_notify'",
    );
    let lite_triggers = lite_strings(
        &lite,
        "SELECT name FROM sqlite_schema WHERE type = 'trigger'",
    );
    assert_eq!(sorted(pg_triggers), sorted(lite_triggers));
}

#[test]
fn the_revision_counters_move_as_in_sqlite() {
    let Some(cluster) = cluster("counters") else {
        return;
    };
    let mut twin = Twin::new(&cluster, "counters");
    for (sql, expected) in [
        (
            "UPDATE attendees SET status = 'registered' WHERE id = 1",
            vec![(1, 0, 1)],
        ),
        // SET to the value it had is a change too, as SQLite's UPDATE OF has it.
        (
            "UPDATE attendees SET family_name = 'Batjargal' WHERE id = 1",
            vec![(1, 1, 0)],
        ),
        (
            "UPDATE attendees SET notes = 'vegetarian', status = 'cancelled' WHERE id = 2",
            vec![(1, 1, 1)],
        ),
        (
            "INSERT INTO checkins (id, event_id, attendee_id, day, at, desk)
             VALUES (1, 1, 2, '2017-07-05', '2017-07-05 09:12:00', 'desk-1')",
            vec![(1, 0, 1)],
        ),
        ("DELETE FROM checkins WHERE id = 1", vec![(1, 0, 1)]),
        (
            "INSERT INTO delegations (id, event_id, name, category, sort_key)
             VALUES (4, 1, 'Japan', 'partner', 'japan')",
            vec![(1, 1, 0)],
        ),
        ("DELETE FROM delegations WHERE id = 4", vec![(1, 1, 0)]),
        (
            "UPDATE events SET title = 'Seminar on elections' WHERE id = 1",
            vec![(1, 1, 0)],
        ),
        // A person moved to another event changes what both hold.
        (
            "UPDATE attendees SET event_id = 2, delegation_id = 3 WHERE id = 2",
            vec![(1, 1, 0), (2, 1, 0)],
        ),
        ("DELETE FROM attendees WHERE id = 2", vec![(2, 1, 0)]),
        (
            "INSERT INTO attendees (id, event_id, badge, given_name, family_name, gender, role,
                                    status)
             VALUES (4, 2, 7, 'Ingrid', 'Berg', 'female', 'observer', 'invited')",
            vec![(2, 1, 0)],
        ),
    ] {
        assert_eq!(twin.moved(sql), expected, "{sql}");
    }

    // Every column of every table: `presence` for check-ins and status, `registry` for
    // the rest (a column missing from a trigger's list in one engine fails here).
    twin.run(
        "INSERT INTO checkins (id, event_id, attendee_id, day, at, desk)
         VALUES (2, 1, 1, '2017-07-05', '2017-07-05 09:12:00', 'desk-1')",
    );
    for (table, row) in [
        ("events", 1),
        ("delegations", 1),
        ("attendees", 1),
        ("checkins", 2),
    ] {
        let columns: Vec<String> = lite_strings(
            &twin.lite,
            &format!("SELECT name FROM pragma_table_info('{table}') WHERE name <> 'id'"),
        )
        .concat();
        assert!(columns.len() >= 4, "{table}: {columns:?}");
        for column in columns {
            let presence = table == "checkins" || column == "status";
            let expected = if presence { (1, 0, 1) } else { (1, 1, 0) };
            let sql = format!("UPDATE {table} SET {column} = {column} WHERE id = {row}");
            assert_eq!(twin.moved(&sql), [expected], "{sql}");
        }
    }

    // A reused event id moves on from what a desk saw under it: a revision row left
    // behind (foreign keys off) is stepped, not started again.
    let event_three = "INSERT INTO events (id, code, title, kind, start_date, end_date)
                       VALUES (3, 'bonn-2019', 'Meeting', 'meeting', '2019-01-01', '2019-01-01')";
    let third = |twin: &mut Twin| {
        let (pg, lite) = twin.revisions();
        (pg[&3], lite[&3])
    };
    twin.run(event_three);
    assert_eq!(third(&mut twin), ((0, 0), (0, 0)));
    twin.lite
        .execute_batch("PRAGMA foreign_keys = OFF")
        .unwrap();
    twin.pg
        .batch_execute("SET session_replication_role = replica")
        .unwrap();
    twin.run("DELETE FROM events WHERE id = 3");
    twin.lite.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    twin.pg
        .batch_execute("SET session_replication_role = DEFAULT")
        .unwrap();
    assert_eq!(third(&mut twin), ((0, 0), (0, 0)), "the row left behind");
    twin.run(event_three);
    assert_eq!(third(&mut twin), ((1, 1), (1, 1)));
}

/// What PostgreSQL does its own way: a counter moves once per transaction and event,
/// which keeps an import linear and is all a desk compares.
#[test]
fn a_counter_moves_once_per_transaction_and_not_less() {
    let Some(cluster) = cluster("once per transaction") else {
        return;
    };
    let url = pg_registry(&cluster, "once_per_transaction");
    let mut pg = connect(&cluster, &url);
    pg_fixture(&mut pg);
    let revision = |pg: &mut Client, event: i64| -> (i64, i64) {
        let row = pg
            .query_one(
                "SELECT registry, presence FROM revision WHERE event_id = $1",
                &[&event],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    let start = revision(&mut pg, 1);

    let mut tx = pg.transaction().unwrap();
    for badge in 10..110_i64 {
        tx.execute(
            "INSERT INTO attendees (event_id, badge, given_name, family_name, gender, role,
                                    status)
             VALUES (1, $1, 'Bold', 'Batbayar', 'male', 'participant', 'invited')",
            &[&badge],
        )
        .unwrap();
    }
    tx.batch_execute(
        "UPDATE attendees SET status = 'registered' WHERE event_id = 1;
         UPDATE attendees SET notes = 'day one' WHERE event_id = 1;",
    )
    .unwrap();
    tx.commit().unwrap();
    assert_eq!(revision(&mut pg, 1), (start.0 + 1, start.1 + 1));

    // A step undone with its savepoint is forgotten with it: the next change steps again.
    let start = revision(&mut pg, 1);
    pg.batch_execute(
        "BEGIN;
         SAVEPOINT edit;
         UPDATE attendees SET notes = 'undone' WHERE id = 1;
         ROLLBACK TO SAVEPOINT edit;
         UPDATE events SET title = 'Seminar on elections' WHERE id = 1;
         COMMIT;",
    )
    .unwrap();
    assert_eq!(revision(&mut pg, 1), (start.0 + 1, start.1));

    // An event deleted and inserted again in one transaction starts afresh, and its
    // first change steps it, although the old event was stepped in the same transaction.
    pg.batch_execute(
        "BEGIN;
         UPDATE events SET title = 'Old workshop' WHERE id = 2;
         DELETE FROM events WHERE id = 2;
         INSERT INTO events (id, code, title, kind, start_date, end_date)
         VALUES (2, 'geneva-2018', 'Workshop', 'workshop', '2018-03-01', '2018-03-02');
         INSERT INTO delegations (id, event_id, name, category, sort_key)
         VALUES (5, 2, 'Sweden', 'participating_state', 'sweden');
         COMMIT;",
    )
    .unwrap();
    assert_eq!(revision(&mut pg, 2), (1, 0));
}

#[test]
fn delegations_and_heads_follow_the_same_rules() {
    let Some(cluster) = cluster("delegation rules") else {
        return;
    };
    let mut twin = Twin::new(&cluster, "delegation_rules");
    let people = "SELECT id, delegation_id, is_head FROM attendees ORDER BY id";
    let at_start = twin.ints(people);

    // A delegation of another event: on insert, and on update of either column.
    for sql in [
        "INSERT INTO attendees (id, event_id, delegation_id, badge, given_name, family_name,
                                gender, role, status)
         VALUES (9, 2, 1, 9, 'Per', 'Olsen', 'male', 'participant', 'invited')",
        "UPDATE attendees SET delegation_id = 3 WHERE id = 2",
        "UPDATE attendees SET event_id = 2 WHERE id = 2",
        // No such delegation: the same refusal, before the foreign key's.
        "UPDATE attendees SET delegation_id = 99 WHERE id = 2",
    ] {
        let error = twin.refused(sql);
        assert_eq!(
            error.message(),
            "delegation belongs to another event",
            "{sql}"
        );
        assert_eq!(error.code(), &SqlState::CHECK_VIOLATION, "{sql}");
    }
    assert_eq!(twin.ints(people), at_start);

    // A second head in one delegation.
    let error = twin.refused("UPDATE attendees SET is_head = 1 WHERE id = 2");
    assert_eq!(error.code(), &SqlState::UNIQUE_VIOLATION);
    assert_eq!(error.constraint(), Some("attendees_one_head"));

    // A head moved out of their delegation heads nothing; the next one may be head.
    twin.run("UPDATE attendees SET delegation_id = NULL WHERE id = 1");
    twin.run("UPDATE attendees SET is_head = 1 WHERE id = 2");
    // A deleted delegation leaves its people unassigned, its head no longer head.
    twin.run("DELETE FROM delegations WHERE id = 2");
    assert_eq!(
        twin.ints(people),
        [
            [Some(1), None, Some(0)],
            [Some(2), Some(1), Some(1)],
            [Some(3), None, Some(0)],
        ]
    );
}

/// The same rows are refused by both engines (the CHECKs, UNIQUEs and foreign keys no
/// catalog comparison reads).
#[test]
fn both_engines_refuse_the_same_rows() {
    let Some(cluster) = cluster("same refusals") else {
        return;
    };
    let mut twin = Twin::new(&cluster, "same_refusals");
    let person = |columns: &str, values: &str| {
        format!(
            "INSERT INTO attendees (event_id, badge, given_name, family_name, gender, role,
                                    status{columns})
             VALUES {values}"
        )
    };
    let refused = [
        "INSERT INTO events (code, title, kind, start_date, end_date)
         VALUES ('x', 'X', 'party', '2017-07-05', '2017-07-05')"
            .to_string(),
        "INSERT INTO events (code, title, kind, start_date, end_date)
         VALUES ('x', 'X', 'seminar', '2017-07-05', '2017-07-04')"
            .to_string(),
        "INSERT INTO events (code, title, kind, start_date, end_date)
         VALUES ('geneva-2018', 'X', 'seminar', '2017-07-05', '2017-07-05')"
            .to_string(),
        "INSERT INTO delegations (event_id, name, category, sort_key)
         VALUES (1, 'Chile', 'friends', 'chile')"
            .to_string(),
        "INSERT INTO delegations (event_id, name, category, sort_key)
         VALUES (1, 'Denmark', 'other', 'denmark')"
            .to_string(),
        "INSERT INTO delegations (event_id, name, category, sort_key)
         VALUES (99, 'Chile', 'other', 'chile')"
            .to_string(),
        person("", "(1, 0, 'A', 'B', 'male', 'participant', 'invited')"),
        person("", "(1, 20, '  ', 'B', 'male', 'participant', 'invited')"),
        person("", "(1, 20, 'A', '', 'male', 'participant', 'invited')"),
        person("", "(1, 20, 'A', 'B', 'm', 'participant', 'invited')"),
        person("", "(1, 20, 'A', 'B', 'male', 'guest', 'invited')"),
        person("", "(1, 20, 'A', 'B', 'male', 'participant', 'maybe')"),
        person("", "(1, 1, 'A', 'B', 'male', 'participant', 'invited')"),
        person("", "(99, 20, 'A', 'B', 'male', 'participant', 'invited')"),
        person(
            ", is_head",
            "(1, 20, 'A', 'B', 'male', 'participant', 'invited', 2)",
        ),
        person(
            ", consent",
            "(1, 20, 'A', 'B', 'male', 'participant', 'invited', -1)",
        ),
        person(
            ", rank",
            "(1, 20, 'A', 'B', 'male', 'participant', 'invited', 0)",
        ),
        "INSERT INTO checkins (event_id, attendee_id, day, at, desk, previous_status)
         VALUES (1, 1, '2017-07-05', '2017-07-05 09:00:00', 'd', 'present')"
            .to_string(),
        "INSERT INTO checkins (event_id, attendee_id, day, at, desk)
         VALUES (1, 99, '2017-07-05', '2017-07-05 09:00:00', 'd')"
            .to_string(),
        "INSERT INTO copies (at, desk, path, format, people)
         VALUES ('2017-07-05 09:00:00', 'd', '/tmp/x.csv', 'csv', -1)"
            .to_string(),
        "INSERT INTO revision (event_id) VALUES (99)".to_string(),
    ];
    for sql in &refused {
        let error = twin.refused(sql);
        // For the rule meant, not because an id was taken.
        let constraint = error.constraint().unwrap_or_default();
        assert!(!constraint.ends_with("_pkey"), "{sql}: {error:?}");
        assert!(
            [
                SqlState::CHECK_VIOLATION,
                SqlState::UNIQUE_VIOLATION,
                SqlState::FOREIGN_KEY_VIOLATION
            ]
            .contains(error.code()),
            "{sql}: {error:?}"
        );
    }
    // One check-in per person and day.
    let check_in = "INSERT INTO checkins (event_id, attendee_id, day, at, desk)
                    VALUES (1, 1, '2017-07-05', '2017-07-05 09:00:00', 'd')";
    twin.run(check_in);
    twin.refused(check_in);
    // The version row is the only one.
    let mut pg = twin.pg;
    pg.batch_execute("INSERT INTO rollcall_schema (id, version) VALUES (1, 6)")
        .unwrap();
    let error = pg
        .batch_execute("INSERT INTO rollcall_schema (id, version) VALUES (2, 6)")
        .unwrap_err();
    assert_eq!(error.code(), Some(&SqlState::CHECK_VIOLATION));
}

/// Text sorts and compares bytewise in both engines, also in a database whose own
/// locale sorts 'a' before 'B' (SQLite's BINARY puts every capital first).
#[test]
fn text_sorts_and_compares_as_in_sqlite_whatever_the_locale() {
    let Some(cluster) = cluster("collation") else {
        return;
    };
    let mut admin = connect(&cluster, &cluster.url());
    admin
        .batch_execute(
            "CREATE DATABASE bytewise TEMPLATE template0
             LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'",
        )
        .unwrap();
    let url = cluster.url_for("bytewise");
    let mut pg = connect(&cluster, &url);
    let locale_order: Vec<String> = pg
        .query("SELECT x FROM (VALUES ('a'), ('B')) v (x) ORDER BY x", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        locale_order,
        ["a", "B"],
        "the database's own locale is not bytewise"
    );
    for sql in migrations("pg") {
        apply(&mut pg, &sql).unwrap();
    }
    let mut twin = Twin::with(pg);
    twin.run(
        "INSERT INTO attendees (id, event_id, badge, given_name, family_name, gender, role,
                                status)
         VALUES (4, 1, 4, 'Jan', 'de Vries', 'male', 'expert', 'invited'),
                (5, 1, 5, 'Søren', 'Østergaard', 'male', 'expert', 'invited'),
                (6, 1, 6, 'Bat', 'Ölziibat', 'male', 'expert', 'invited'),
                (7, 1, 7, 'Anna', 'adams', 'female', 'expert', 'invited'),
                (8, 1, 8, 'Zoe', 'Zhang', 'female', 'expert', 'invited');
         INSERT INTO checkins (event_id, attendee_id, day, at, desk) VALUES
                (1, 4, '2017-07-05', '2017-07-05 09:00:00', 'd'),
                (1, 5, '2017-07-05', '2017-07-05 09:00:00.250', 'd'),
                (1, 6, '2017-07-05', '2017-07-05 10:30:00', 'd');",
    );
    for sql in [
        "SELECT id FROM attendees ORDER BY family_name",
        "SELECT id FROM attendees WHERE family_name < 'a' ORDER BY id",
        "SELECT id FROM attendees WHERE family_name BETWEEN 'D' AND 'z' ORDER BY id",
        "SELECT attendee_id FROM checkins WHERE at > '2017-07-05 09:00:00' ORDER BY at",
        "SELECT id FROM events WHERE start_date <= '2017-07-06' AND end_date >= '2017-07-06'",
    ] {
        twin.ints(sql);
    }
    assert_eq!(
        twin.ints("SELECT id FROM attendees ORDER BY family_name")
            .concat(),
        [1, 2, 3, 8, 7, 4, 6, 5].map(Some),
        "capitals, then small letters, then the rest"
    );
}

#[test]
fn a_listening_desk_hears_once_per_event_and_transaction() {
    let Some(cluster) = cluster("notify") else {
        return;
    };
    let url = pg_registry(&cluster, "notify");
    let mut desk = connect(&cluster, &url);
    pg_fixture(&mut desk);
    let mut listener = connect(&cluster, &url);
    listener.batch_execute("LISTEN rollcall").unwrap();
    let heard = |listener: &mut Client| -> Vec<(String, String)> {
        listener
            .notifications()
            .timeout_iter(Duration::from_millis(500))
            .map(|n| Ok((n.channel().to_string(), n.payload().to_string())))
            .collect()
            .unwrap()
    };
    let one = |event: &str| vec![("rollcall".to_string(), event.to_string())];

    // Many rows, both counters, one event: one notification.
    let mut tx = desk.transaction().unwrap();
    for badge in 10..210_i64 {
        tx.execute(
            "INSERT INTO attendees (event_id, badge, given_name, family_name, gender, role,
                                    status)
             VALUES (1, $1, 'Bold', 'Batbayar', 'male', 'participant', 'invited')",
            &[&badge],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO checkins (event_id, attendee_id, day, at, desk, previous_status)
             SELECT 1, id, '2017-07-05', '2017-07-05 09:00:00', 'desk-1', status
             FROM attendees WHERE event_id = 1 AND badge = $1",
            &[&badge],
        )
        .unwrap();
        tx.execute(
            "UPDATE attendees SET status = 'registered' WHERE event_id = 1 AND badge = $1",
            &[&badge],
        )
        .unwrap();
    }
    assert_eq!(heard(&mut listener), [], "nothing before the commit");
    tx.commit().unwrap();
    assert_eq!(heard(&mut listener), one("1"));

    // Two events in one transaction: one each.
    desk.batch_execute(
        "UPDATE events SET venue = 'Government House' WHERE id = 1;
         UPDATE delegations SET sort_key = 'norge' WHERE id = 3;",
    )
    .unwrap();
    let mut both = heard(&mut listener);
    both.sort();
    assert_eq!(both, [one("1"), one("2")].concat());

    // A rolled-back change says nothing; a deleted event says it is gone.
    let mut tx = desk.transaction().unwrap();
    tx.batch_execute("UPDATE events SET venue = 'elsewhere' WHERE id = 2")
        .unwrap();
    tx.rollback().unwrap();
    assert_eq!(heard(&mut listener), []);
    desk.batch_execute("DELETE FROM events WHERE id = 2")
        .unwrap();
    assert_eq!(heard(&mut listener), one("2"));
}

#[test]
fn the_schema_applies_once_into_the_search_path() {
    let Some(cluster) = cluster("apply once") else {
        return;
    };
    let url = cluster.create_database("apply_once").unwrap();
    let mut client = connect(&cluster, &url);
    client
        .batch_execute("CREATE SCHEMA desk; SET search_path = desk")
        .unwrap();
    apply(&mut client, PG_REGISTRY).unwrap();
    let count = |client: &mut Client, schema: &str| -> i64 {
        client
            .query_one(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = $1",
                &[&schema],
            )
            .unwrap()
            .get(0)
    };
    let in_desk = count(&mut client, "desk");
    assert!(
        in_desk > 20,
        "tables, indexes and sequences in desk: {in_desk}"
    );
    assert_eq!(count(&mut client, "public"), 0, "nothing in public");

    // Again: refused whole, nothing changed.
    let error = apply(&mut client, PG_REGISTRY).unwrap_err();
    assert_eq!(error.code(), Some(&SqlState::DUPLICATE_TABLE), "{error:?}");
    assert_eq!(count(&mut client, "desk"), in_desk);

    // The triggers find their tables from a session with another search_path (as
    // pg_restore has an empty one).
    client
        .batch_execute(
            "SET search_path = '';
             INSERT INTO desk.events (id, code, title, kind, start_date, end_date)
             VALUES (1, 'ulaanbaatar-2017', 'Seminar', 'seminar', '2017-07-05', '2017-07-07');
             INSERT INTO desk.delegations (event_id, name, category, sort_key)
             VALUES (1, 'Mongolia', 'host_state', 'mongolia');
             INSERT INTO desk.attendees (event_id, delegation_id, badge, given_name,
                                         family_name, gender, role, status)
             VALUES (1, 1, 1, 'Chinbat', 'Batjargal', 'male', 'participant', 'invited');",
        )
        .unwrap();
    let row = client
        .query_one("SELECT registry, presence FROM desk.revision", &[])
        .unwrap();
    assert_eq!((row.get::<_, i64>(0), row.get::<_, i64>(1)), (1, 0));
}
