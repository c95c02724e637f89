//! The transaction of an import of any size. People are written as they are checked,
//! and what the checker has to remember — who already has this e-mail address, name,
//! badge or delegation headship, and which delegation a spelling means — is kept in
//! temporary tables inside the same transaction: an index in SQLite's temporary file
//! with a bounded cache, not a copy of the registry and the file in memory.
//!
//! Nothing is committed until [`ImportSession::commit`], after the last row; dropping
//! the session rolls everything back, the temporary tables with it. A dry run reads in
//! a plain read transaction and writes only to the temporary tables.

use super::attendees::{
    DelegationRef, attendee_params, insert_attendee, insert_attendees_sql, no_badges_left,
};
use super::delegations::insert_delegation;
use super::events::event_by_id;
use super::lookup::{EXISTING_PERSON_COLUMNS, existing_person};
use super::rows::{self, DELEGATION_COLUMNS, Stored};
use super::sql::{Db, Engine, Optional, Tx, Value, params};
use super::{ExistingPerson, Result, Store, StoreError};
use crate::domain::{
    AttendeeId, Category, Delegation, DelegationId, Event, EventId, Field, MAX_BADGE, NewAttendee,
    NewDelegation, ValidationError, Violations,
};
use std::cell::{Cell, RefCell};

/// What a key of the import index identifies a person or a headship by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    Email = 1,
    Name = 2,
    Badge = 3,
    /// Who heads the delegation of this (folded) name.
    Head = 4,
}

/// Who already holds a key: someone in the registry, or an earlier row of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    Person(AttendeeId),
    Row(usize),
}

/// A delegation as the import resolves a spelling to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegationEntry {
    /// What the people of this delegation are written with.
    pub reference: DelegationRef,
    /// Made by this import (a later row may still give its category).
    pub created: bool,
    pub name: String,
    pub category: Category,
    /// The row that gave the category, when one did.
    pub category_from: Option<usize>,
}

/// Badges of people the store numbers are placeholders above [`MAX_BADGE`] until the
/// commit: only after the last row is the highest badge the file names known, and the
/// automatic numbers start after it.
const PLACEHOLDER_BASE: i64 = MAX_BADGE as i64;

/// People read per statement while the import learns the registry's keys.
const PAGE: usize = 5_000;

/// Placeholders renumbered per statement (each statement keeps its row ids in memory).
const RENUMBER_CHUNK: i64 = 10_000;

/// The import's index, in temporary tables of the import's own connection. (On SQLite
/// without rowids: the primary key is the table; PostgreSQL has no such choice.)
fn create_tables(engine: Engine) -> String {
    let without_rowid = match engine {
        Engine::Sqlite => " WITHOUT ROWID",
        Engine::Postgres => "",
    };
    format!(
        "DROP TABLE IF EXISTS import_keys;
         DROP TABLE IF EXISTS import_delegations;
         CREATE TEMP TABLE import_keys (
             kind   BIGINT NOT NULL,
             key    TEXT NOT NULL,
             person BIGINT,
             row    BIGINT,
             PRIMARY KEY (kind, key)
         ){without_rowid};
         CREATE TEMP TABLE import_delegations (
             key           TEXT PRIMARY KEY,
             existing      BIGINT,
             new_index     BIGINT,
             created       BIGINT NOT NULL,
             name          TEXT NOT NULL,
             category      TEXT NOT NULL,
             category_from BIGINT
         ){without_rowid};"
    )
}

/// One import into one event, in one transaction.
pub struct ImportSession<'s> {
    tx: Tx<'s>,
    /// Given back to its usual size when the session ends, committed or not.
    _cache: PageCache<'s>,
    event: EventId,
    writing: bool,
    /// People written so far whose badge the store numbers.
    numbered: Cell<i64>,
    /// People waiting to be written (at most [`BATCH`]).
    pending: RefCell<Vec<(i64, Option<DelegationId>, NewAttendee)>>,
    /// People written so far.
    written: Cell<usize>,
    /// The indexes and insert triggers set aside for a bulk load, once it began.
    bulk: RefCell<Option<BulkLoad>>,
}

/// A large import into a small table, on SQLite: the table's secondary indexes and its
/// per-row insert triggers are set aside inside the import's transaction and made again
/// before the commit — SQLite's own advice for bulk loads. Keeping five indexes up to
/// date row by row, in random places, and running two triggers per row took 40 % of a
/// 100,000-row import; building each index once from the finished table takes a tenth
/// of that. Nothing is lost on the way: until the commit it is one transaction, and a
/// failure or a kill rolls the indexes and triggers back with the rows. What the
/// triggers did is done once at the end: the revision moves once, and the same-event
/// check runs over the rows this import wrote. PostgreSQL's triggers already run once
/// per statement, and dropping an index there would lock every desk out of the table.
struct BulkLoad {
    /// `CREATE …` statements of what was set aside, in the order to run them again.
    set_aside: Vec<String>,
    /// The highest person id before the first row of the bulk load.
    before: i64,
}

/// The insert triggers a bulk load sets aside: each does per row what [`BulkLoad`]
/// does once. A trigger not named here (a later migration's) keeps running per row.
const BULK_TRIGGERS: [&str; 2] = [
    "attendees_delegation_same_event_insert",
    "revision_attendee_insert",
];

/// A bulk load begins once an import has written this many people and at least a
/// quarter as many as the table holds: below that, keeping the indexes up to date costs
/// less than building them again.
const BULK_MIN: usize = 5_000;

/// SQLite's page cache for the import's database and its temporary tables, in KiB.
/// SQLite's default (2 MiB each) is far below what 100,000 people and their index
/// take: pages were written out and read back again and again (a third of the import's
/// time, measured). Bounded, so memory stays flat however long the file (with the
/// import's pending keys, under 100 MB: tests/import_memory.rs); allocated only as
/// pages are used, so a small import does not pay for it. The temporary tables get
/// less: they are used only once a file has more keys than the import keeps in memory.
const IMPORT_CACHE_KIB: [(&str, i64); 2] = [("main", 16 * 1024), ("temp", 4 * 1024)];

/// The import connection's larger page cache (SQLite only), until dropped.
struct PageCache<'s> {
    db: &'s Db,
    /// Each schema's `cache_size` before, to put back.
    before: Vec<(&'static str, i64)>,
}

impl<'s> PageCache<'s> {
    fn enlarge(db: &'s Db) -> Result<Self> {
        let mut before = Vec::new();
        if db.engine() == Engine::Sqlite {
            for (schema, kib) in IMPORT_CACHE_KIB {
                let size: i64 =
                    db.query_row(&format!("PRAGMA {schema}.cache_size"), params![], |r| {
                        r.get(0)
                    })?;
                // Negative: a size in KiB rather than in pages.
                db.execute_batch(&format!("PRAGMA {schema}.cache_size = -{kib}"))?;
                before.push((schema, size));
            }
        }
        Ok(PageCache { db, before })
    }
}

impl Drop for PageCache<'_> {
    fn drop(&mut self) {
        for (schema, size) in &self.before {
            // Only memory is at stake: a failure leaves the larger cache in place.
            let _ = self
                .db
                .execute_batch(&format!("PRAGMA {schema}.cache_size = {size}"));
        }
    }
}

/// Keys recorded per statement (four values each).
const KEYS_PER_STATEMENT: usize = 500;

/// People written per statement (21 values each, well within SQLite's 32,766).
const BATCH: usize = 1000;

impl Store {
    /// Begin an import into `event`. Writing, the transaction takes the write lock at
    /// once (every check then sees exactly what the import will be added to); a dry run
    /// (`writing == false`) only reads the registry.
    pub fn begin_import(&mut self, event: EventId, writing: bool) -> Result<ImportSession<'_>> {
        // Writing goes through `Store::write`, which refuses a read-only folder by name.
        let tx = if writing {
            self.write()?
        } else {
            self.db.begin_read()?
        };
        let cache = PageCache::enlarge(&self.db)?;
        tx.execute_batch(&create_tables(tx.engine()))?;
        Ok(ImportSession {
            tx,
            _cache: cache,
            event,
            writing,
            numbered: Cell::new(0),
            pending: RefCell::new(Vec::with_capacity(BATCH)),
            written: Cell::new(0),
            bulk: RefCell::new(None),
        })
    }
}

impl ImportSession<'_> {
    pub fn writing(&self) -> bool {
        self.writing
    }

    pub fn event(&self) -> Result<Event> {
        event_by_id(&self.tx, self.event)
    }

    /// Each of the event's delegations, oldest first.
    pub fn for_each_delegation(&self, each: impl FnMut(&Delegation) -> Result<()>) -> Result<()> {
        // Read whole first: `each` may look things up on this same connection.
        let delegations: Vec<Delegation> = self.tx.query_map(
            &format!(
                "SELECT {DELEGATION_COLUMNS} FROM delegations WHERE event_id = ?1 ORDER BY id"
            ),
            [self.event.0],
            rows::delegation,
        )?;
        delegations.iter().try_for_each(each)
    }

    /// Each person in the event, oldest first, with the name of their delegation.
    pub fn for_each_person(
        &self,
        mut each: impl FnMut(&ExistingPerson, Option<&str>) -> Result<()>,
    ) -> Result<()> {
        // `+`: the table in its own (id) order, without a sort of every row.
        // Read in pages by id, not in one pass: `each` claims keys on this same
        // connection, which PostgreSQL cannot do while it streams rows, and a page
        // keeps memory bounded at any size.
        let mut after = 0_i64;
        loop {
            let page: Vec<(ExistingPerson, Option<String>)> = self.tx.query_map(
                &format!(
                    "SELECT {}, d.name
                     FROM attendees a LEFT JOIN delegations d ON d.id = a.delegation_id
                     WHERE a.event_id = ?1 AND a.id > ?2 ORDER BY a.id LIMIT {PAGE}",
                    rows::prefixed("a.", EXISTING_PERSON_COLUMNS)
                ),
                params![self.event.0, after],
                |r| Ok((existing_person(r)?, r.get(7)?)),
            )?;
            let Some((last, _)) = page.last() else {
                return Ok(());
            };
            after = last.id.0;
            for (person, delegation) in &page {
                each(person, delegation.as_deref())?;
            }
        }
    }

    /// Someone in the event, for a message about them.
    pub fn person(&self, id: AttendeeId) -> Result<ExistingPerson> {
        self.tx
            .query_row(
                &format!("SELECT {EXISTING_PERSON_COLUMNS} FROM attendees WHERE id = ?1"),
                [id.0],
                existing_person,
            )
            .optional()?
            .ok_or(StoreError::Gone)
    }

    /// Who holds `key` in the index, if anyone.
    pub fn holder(&self, kind: KeyKind, key: &str) -> Result<Option<Holder>> {
        let found: Option<(Option<i64>, Option<i64>)> = self
            .tx
            .query_row(
                "SELECT person, row FROM import_keys WHERE kind = ?1 AND key = ?2",
                params![kind as i64, key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(found.map(|(person, row)| match (person, row) {
            (Some(id), _) => Holder::Person(AttendeeId(id)),
            (None, row) => Holder::Row(row.unwrap_or(0) as usize),
        }))
    }

    /// Record keys that no one holds yet (the caller asked [`ImportSession::holder`]
    /// or knows otherwise), [`KEYS_PER_STATEMENT`] per statement: one statement per
    /// key cost more than checking the whole row. A key held already is an error.
    pub fn record(&self, claims: &[(KeyKind, &str, Holder)]) -> Result<()> {
        for chunk in claims.chunks(KEYS_PER_STATEMENT) {
            let mut sql = String::from("INSERT INTO import_keys (kind, key, person, row) VALUES ");
            for i in 0..chunk.len() {
                sql.push_str(if i == 0 {
                    "(?, ?, ?, ?)"
                } else {
                    ", (?, ?, ?, ?)"
                });
            }
            let mut values = Vec::with_capacity(chunk.len() * 4);
            for (kind, key, holder) in chunk {
                let (person, row) = match holder {
                    Holder::Person(id) => (Value::Int(id.0), Value::Null),
                    Holder::Row(r) => (Value::Null, Value::Int(*r as i64)),
                };
                values.extend([
                    Value::Int(*kind as i64),
                    Value::Text((*key).into()),
                    person,
                    row,
                ]);
            }
            self.tx.execute(&sql, values)?;
        }
        Ok(())
    }

    /// Forget a key claimed by mistake.
    pub fn release(&self, kind: KeyKind, key: &str) -> Result<()> {
        self.tx.execute(
            "DELETE FROM import_keys WHERE kind = ?1 AND key = ?2",
            params![kind as i64, key],
        )?;
        Ok(())
    }

    /// The delegation a folded spelling means, if the import knows one.
    pub fn delegation(&self, key: &str) -> Result<Option<DelegationEntry>> {
        self.tx
            .query_row(
                "SELECT existing, new_index, created, name, category, category_from
                 FROM import_delegations WHERE key = ?1",
                [key],
                |r| {
                    let existing: Option<i64> = r.get(0)?;
                    let new_index: Option<i64> = r.get(1)?;
                    let from: Option<i64> = r.get(5)?;
                    Ok(DelegationEntry {
                        reference: match (existing, new_index) {
                            (Some(id), _) => DelegationRef::Existing(DelegationId(id)),
                            (None, Some(i)) => DelegationRef::New(i as usize),
                            (None, None) => DelegationRef::None,
                        },
                        created: r.get(2)?,
                        name: r.get(3)?,
                        category: r.get::<Stored<Category>>(4)?.0,
                        category_from: from.map(|f| f as usize),
                    })
                },
            )
            .optional()
    }

    /// Remember (or update) what `key` means.
    pub fn put_delegation(&self, key: &str, entry: &DelegationEntry) -> Result<()> {
        let (existing, new_index) = match entry.reference {
            DelegationRef::Existing(id) => (Some(id.0), None),
            DelegationRef::New(i) => (None, Some(i as i64)),
            DelegationRef::None => (None, None),
        };
        self.tx.execute(
            "INSERT INTO import_delegations
             (key, existing, new_index, created, name, category, category_from)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (key) DO UPDATE SET existing = excluded.existing,
                 new_index = excluded.new_index, created = excluded.created,
                 name = excluded.name, category = excluded.category,
                 category_from = excluded.category_from",
            params![
                key,
                existing,
                new_index,
                entry.created,
                entry.name,
                entry.category.as_str(),
                entry.category_from.map(|r| r as i64)
            ],
        )?;
        Ok(())
    }

    /// Write a delegation the import makes (not in a dry run).
    pub fn create_delegation(&self, new: &NewDelegation) -> Result<DelegationId> {
        self.refuse_in_dry_run()?;
        new.validate()?;
        insert_delegation(&self.tx, self.event, new)
    }

    /// A later row gave the category of a delegation this import made.
    pub fn set_category(&self, id: DelegationId, category: Category) -> Result<()> {
        self.refuse_in_dry_run()?;
        self.tx.execute(
            "UPDATE delegations SET category = ?2 WHERE id = ?1 AND event_id = ?3",
            params![id.0, category.as_str(), self.event.0],
        )?;
        Ok(())
    }

    /// Write one person into `delegation`; without a badge of their own they get the
    /// next free number at the commit. Written [`BATCH`] at a time: a statement per
    /// person would copy the pages it touches into a statement journal of its own (the
    /// insert trigger asks for one), allocated and freed for every row — measured at
    /// twice the time of the whole import.
    pub fn insert_person(
        &self,
        delegation: Option<DelegationId>,
        person: NewAttendee,
    ) -> Result<()> {
        self.refuse_in_dry_run()?;
        person.validate()?;
        let badge = match person.badge {
            Some(badge) => i64::from(badge),
            None => {
                let n = self.numbered.get() + 1;
                self.numbered.set(n);
                PLACEHOLDER_BASE + n
            }
        };
        let mut pending = self.pending.borrow_mut();
        pending.push((badge, delegation, person));
        if pending.len() == BATCH {
            self.flush(&mut pending)?;
        }
        Ok(())
    }

    /// Write the people waiting in `pending`, in one statement.
    fn flush(&self, pending: &mut Vec<(i64, Option<DelegationId>, NewAttendee)>) -> Result<()> {
        if pending.is_empty() {
            return Ok(());
        }
        self.written.set(self.written.get() + pending.len());
        self.begin_bulk_load_when_worth_it()?;
        let values: Vec<_> = pending
            .iter()
            .flat_map(|(badge, delegation, a)| attendee_params(self.event, *badge, *delegation, a))
            .collect();
        // A constraint must undo this statement only, and the same people one by one
        // then find the one it is about. SQLite undoes a failed statement by itself;
        // PostgreSQL would fail the whole transaction, so there under a savepoint.
        // (On SQLite a savepoint would copy every page the batch touches aside.)
        let savepoint = self.tx.engine() == Engine::Postgres;
        if savepoint {
            self.tx.execute_batch("SAVEPOINT import_batch")?;
        }
        match self
            .tx
            .execute(&insert_attendees_sql(pending.len()), values)
        {
            Ok(_) if savepoint => self.tx.execute_batch("RELEASE import_batch")?,
            Ok(_) => {}
            Err(e) if e.is_constraint() => {
                if savepoint {
                    self.tx
                        .execute_batch("ROLLBACK TO import_batch; RELEASE import_batch")?;
                }
                for (badge, delegation, a) in pending.iter() {
                    insert_attendee(&self.tx, self.event, *badge, *delegation, a)?;
                }
            }
            Err(e) => return Err(e),
        }
        pending.clear();
        Ok(())
    }

    /// Set the indexes and insert triggers aside (see [`BulkLoad`]) once this import
    /// is large beside the table it writes into.
    fn begin_bulk_load_when_worth_it(&self) -> Result<()> {
        if self.tx.engine() != Engine::Sqlite
            || self.written.get() < BULK_MIN
            || self.bulk.borrow().is_some()
        {
            return Ok(());
        }
        let (people, before): (i64, i64) = self.tx.query_row(
            "SELECT count(*), coalesce(max(id), 0) FROM attendees",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if (self.written.get() as i64) * 4 < people {
            return Ok(());
        }
        // Indexes first, so that the triggers find them when made again.
        let set_aside: Vec<(String, String, String)> = self.tx.query_map(
            "SELECT type, name, sql FROM sqlite_schema
             WHERE tbl_name = 'attendees' AND sql IS NOT NULL
               AND (type = 'index' OR (type = 'trigger' AND name IN (?1, ?2)))
             ORDER BY type",
            params![BULK_TRIGGERS[0], BULK_TRIGGERS[1]],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        for (kind, name, _) in &set_aside {
            let kind = if kind == "index" { "INDEX" } else { "TRIGGER" };
            self.tx
                .execute_batch(&format!("DROP {kind} \"{}\"", name.replace('"', "\"\"")))?;
        }
        *self.bulk.borrow_mut() = Some(BulkLoad {
            set_aside: set_aside.into_iter().map(|(_, _, sql)| sql).collect(),
            before,
        });
        Ok(())
    }

    /// Make again what a bulk load set aside, and do once what its triggers did.
    fn end_bulk_load(&self) -> Result<()> {
        let Some(bulk) = self.bulk.borrow_mut().take() else {
            return Ok(());
        };
        for sql in &bulk.set_aside {
            self.tx.execute_batch(sql)?;
        }
        let strays: i64 = self.tx.query_row(
            "SELECT count(*) FROM attendees a JOIN delegations d ON d.id = a.delegation_id
             WHERE a.id > ?1 AND d.event_id IS NOT a.event_id",
            params![bulk.before],
            |r| r.get(0),
        )?;
        if strays > 0 {
            // The trigger's check, once: the import only ever names this event's
            // delegations, so this would be a bug of ours — refused, not committed.
            return Err(Violations(vec![ValidationError::Invalid(
                Field::Delegation,
                "belongs to another event",
            )])
            .into());
        }
        self.tx.execute(
            "UPDATE revision SET registry = registry + 1 WHERE event_id = ?1",
            params![self.event.0],
        )?;
        Ok(())
    }

    /// Number the people without a badge of their own, in the order they were
    /// written, after the highest badge in use; forget the index; commit (a dry run
    /// commits nothing: its transaction only read).
    pub fn commit(self) -> Result<()> {
        self.flush(&mut self.pending.borrow_mut())?;
        self.end_bulk_load()?;
        let numbered = self.numbered.get();
        if numbered > 0 {
            let highest: i64 = self.tx.query_row(
                "SELECT coalesce(max(badge), 0) FROM attendees
                 WHERE event_id = ?1 AND badge <= ?2",
                params![self.event.0, PLACEHOLDER_BASE],
                |r| r.get(0),
            )?;
            if highest + numbered > PLACEHOLDER_BASE {
                return Err(no_badges_left().into());
            }
            // Placeholder BASE + k becomes highest + k: below every placeholder and
            // above every badge in use, so no two ever meet on the way.
            let shift = PLACEHOLDER_BASE - highest;
            let mut first = 1;
            while first <= numbered {
                let last = (first + RENUMBER_CHUNK - 1).min(numbered);
                self.tx.execute(
                    "UPDATE attendees SET badge = badge - ?2
                     WHERE event_id = ?1 AND badge BETWEEN ?3 AND ?4",
                    params![
                        self.event.0,
                        shift,
                        PLACEHOLDER_BASE + first,
                        PLACEHOLDER_BASE + last
                    ],
                )?;
                first = last + 1;
            }
        }
        self.tx.execute_batch(
            "DROP TABLE import_keys;
             DROP TABLE import_delegations;",
        )?;
        if self.writing {
            self.tx.commit()?;
        }
        Ok(())
    }

    fn refuse_in_dry_run(&self) -> Result<()> {
        if self.writing {
            Ok(())
        } else {
            Err(Violations(vec![ValidationError::Invalid(
                Field::Name,
                "a dry run writes nothing",
            )])
            .into())
        }
    }
}
