//! Integration tests of the storage layer: what `rollcall::store` promises about the
//! file it opens, the schema, the constraints, check-ins and several desks at once.
//!
//! Each test drives the public `Store` API on a file in a temporary directory, and
//! checks the result through the API and, where the guarantee is about the file or
//! the schema, through a separate plain `rusqlite::Connection`.

use chrono::{NaiveDate, NaiveDateTime};
use rollcall::domain::{
    Category, CheckIn, CheckInOutcome, Event, EventKind, Field, NewAttendee, NewDelegation,
    NewEvent, Status, ValidationError,
};
use rollcall::store::{DelegationRef, SCHEMA_VERSION, Store, StoreError};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier, mpsc};
use std::thread;
use std::time::{Duration, Instant};
use tempfile::TempDir;

// ---------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn time(day: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    day.and_hms_opt(h, m, 0).unwrap()
}

/// The three days of the test seminar.
const DAY1: (i32, u32, u32) = (2024, 3, 11);
const DAY2: (i32, u32, u32) = (2024, 3, 12);
const DAY3: (i32, u32, u32) = (2024, 3, 13);

fn day(d: (i32, u32, u32)) -> NaiveDate {
    date(d.0, d.1, d.2)
}

/// A valid three-day seminar with the given code.
fn new_event(code: &str) -> NewEvent {
    NewEvent {
        code: code.to_string(),
        title: format!("Seminar {code}"),
        kind: EventKind::Seminar,
        venue: "Conference hall".into(),
        city: "Vienna".into(),
        country: Some("AT".into()),
        start_date: day(DAY1),
        end_date: day(DAY3),
        organiser: "OSCE".into(),
        description: String::new(),
        language: Default::default(),
    }
}

/// A valid person; the store picks the badge.
fn new_person(given: &str, family: &str) -> NewAttendee {
    NewAttendee {
        given_name: given.into(),
        family_name: family.into(),
        ..NewAttendee::default()
    }
}

fn with_badge(badge: u32, person: NewAttendee) -> NewAttendee {
    NewAttendee {
        badge: Some(badge),
        ..person
    }
}

fn head(person: NewAttendee) -> NewAttendee {
    NewAttendee {
        is_head: true,
        ..person
    }
}

fn ranked(rank: u32, person: NewAttendee) -> NewAttendee {
    NewAttendee {
        rank: Some(rank),
        ..person
    }
}

fn new_delegation(name: &str, category: Category, sort_key: &str) -> NewDelegation {
    NewDelegation {
        name: name.into(),
        category,
        sort_key: sort_key.into(),
        country: None,
    }
}

fn unassigned(people: Vec<NewAttendee>) -> Vec<(DelegationRef, NewAttendee)> {
    people
        .into_iter()
        .map(|p| (DelegationRef::None, p))
        .collect()
}

/// A store on a fresh file with one event in it.
struct Fixture {
    _dir: TempDir,
    path: PathBuf,
    store: Store,
    event: Event,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.rollcall");
    let mut store = Store::create_or_open(&path).unwrap();
    let event = store.create_event(&new_event("vienna-2024")).unwrap();
    Fixture {
        _dir: dir,
        path,
        store,
        event,
    }
}

/// A plain connection on the file, as another program (or a careless script) has it.
fn raw(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    conn
}

fn scalar(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn count_rows(path: &Path, table: &str) -> i64 {
    scalar(&raw(path), &format!("SELECT count(*) FROM {table}"))
}

/// `Store::open`'s error; `Store` is not `Debug`, so no `unwrap_err`.
fn open_error(path: &Path) -> StoreError {
    match Store::open(path) {
        Ok(_) => panic!(
            "{} was opened, but should have been refused",
            path.display()
        ),
        Err(e) => e,
    }
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Open `path`, expect a refusal, and check that the file is byte-for-byte what it
/// was and that no journal was left beside it. Returns the refusal.
fn refused_untouched(path: &Path) -> StoreError {
    let before = std::fs::read(path).unwrap();
    let err = open_error(path);
    let after = std::fs::read(path).unwrap();
    assert!(
        before == after,
        "refusing {} changed the file ({} bytes before, {} after)",
        path.display(),
        before.len(),
        after.len()
    );
    for suffix in ["-wal", "-shm", "-journal"] {
        assert!(
            !sidecar(path, suffix).exists(),
            "refusing {} left a {suffix} file",
            path.display()
        );
    }
    err
}

/// Deterministic noise that is not an SQLite file: printable text, `len` bytes.
fn garbage_text(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..len)
        .map(|i| {
            if i % 64 == 63 {
                return b'\n';
            }
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            b' ' + (state % 95) as u8
        })
        .collect()
}

fn audit_actions(path: &Path) -> Vec<(String, String, Option<i64>)> {
    let conn = raw(path);
    let mut stmt = conn
        .prepare("SELECT action, desk, attendee_id FROM audit ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap()
}

// ---------------------------------------------------------------------------------
// 1. A new file
// ---------------------------------------------------------------------------------

#[test]
fn open_creates_a_new_file_in_wal_mode_at_the_current_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.rollcall");
    assert!(!path.exists());

    let store = Store::create_or_open(&path).unwrap();
    assert!(
        path.exists(),
        "Store::create_or_open did not create the file"
    );
    assert_eq!(store.path(), path);

    let conn = raw(&path);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
    assert_eq!(scalar(&conn, "PRAGMA user_version"), SCHEMA_VERSION);
    for table in ["events", "delegations", "attendees", "checkins", "audit"] {
        assert_eq!(
            scalar(
                &conn,
                &format!(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '{table}'"
                )
            ),
            1,
            "table {table} is missing"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_new_database_and_its_wal_files_are_readable_by_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("private.rollcall");
    let mut store = Store::create_or_open(&path).unwrap();
    assert_eq!(mode(&path), 0o600, "database file mode");

    // The -wal and -shm files exist while a connection is open and hold the same
    // personal data: SQLite gives them the database file's mode.
    store.create_event(&new_event("private-2024")).unwrap();
    for suffix in ["-wal", "-shm"] {
        let side = sidecar(&path, suffix);
        assert!(
            side.exists(),
            "{suffix} file expected while the store is open"
        );
        assert_eq!(mode(&side), 0o600, "{suffix} file mode");
    }
}

#[test]
fn an_empty_file_is_refused_even_where_a_registry_may_be_created() {
    // Only a missing path becomes a registry: an empty file is someone's.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.rollcall");
    std::fs::File::create(&path).unwrap();
    for open in [Store::open, Store::create_or_open] {
        match open(&path) {
            Err(StoreError::Empty { .. }) => {}
            Err(other) => panic!("expected Empty, got {other:?}"),
            Ok(_) => panic!("an empty file was opened as a registry"),
        }
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
    }
}

// ---------------------------------------------------------------------------------
// 2. Reopening
// ---------------------------------------------------------------------------------

#[test]
fn the_demo_registry_is_all_there_after_closing_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.rollcall");
    let day = date(2017, 7, 5);

    let (rows_before, delegations_before) = {
        let mut store = Store::create_or_open(&path).unwrap();
        let code = rollcall::demo::write_sample(&mut store).unwrap();
        assert_eq!(code, "ulaanbaatar-2017");
        let event = store.event_by_code(&code).unwrap();
        (
            store.attendee_rows(event.id, day).unwrap(),
            store.list_delegations(&event, day).unwrap(),
        )
    }; // the store is dropped: the file is closed

    let store = Store::open(&path).unwrap();
    let event = store.event_by_code("ulaanbaatar-2017").unwrap();
    assert_eq!(event.details.start_date, date(2017, 7, 5));
    assert_eq!(event.details.end_date, date(2017, 7, 6));

    let delegations = store.list_delegations(&event, day).unwrap();
    assert_eq!(delegations.len(), 12);
    assert_eq!(delegations, delegations_before);

    let rows = store.attendee_rows(event.id, day).unwrap();
    assert!(
        (65..=75).contains(&rows.len()),
        "expected about 71 people, found {}",
        rows.len()
    );
    assert_eq!(rows, rows_before);
    let assigned = rows.iter().filter(|r| r.delegation.is_some()).count() as u32;
    assert_eq!(
        assigned,
        delegations.iter().map(|d| d.members).sum::<u32>(),
        "people and delegation member counts disagree"
    );

    let cyrillic = rows
        .iter()
        .filter(|r| {
            r.native_name()
                .chars()
                .any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
        })
        .count();
    assert!(cyrillic > 0, "no Cyrillic native names survived the reopen");
}

// ---------------------------------------------------------------------------------
// 3. Refusals leave the file untouched
// ---------------------------------------------------------------------------------

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, garbage_text(4096)).unwrap();

    let err = refused_untouched(&path);
    assert!(
        matches!(err, StoreError::NotADatabase { .. }),
        "expected NotADatabase, got {err:?}"
    );
}

#[test]
fn a_database_with_a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.rollcall");
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }

    let err = refused_untouched(&path);
    match &err {
        StoreError::NewerSchema {
            found, supported, ..
        } => {
            assert_eq!(*found, 99);
            assert_eq!(*supported, SCHEMA_VERSION);
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    let text = err
        .to_string()
        .replace(&path.display().to_string(), "<path>");
    assert!(
        text.contains("99"),
        "message lacks the version found: {text}"
    );
    assert!(
        text.contains(&SCHEMA_VERSION.to_string()),
        "message lacks the version supported: {text}"
    );
}

#[test]
fn a_newer_schema_database_in_wal_mode_is_left_untouched() {
    // What a newer rollcall would actually leave behind: WAL mode, tables, data.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future-wal.rollcall");
    {
        let conn = Connection::open(&path).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        conn.execute_batch(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, code TEXT);
             INSERT INTO events (code) VALUES ('from-the-future');
             PRAGMA user_version = 99;",
        )
        .unwrap();
    }
    let err = refused_untouched(&path);
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "expected NewerSchema, got {err:?}"
    );
}

#[test]
fn another_applications_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE notes(x);
             INSERT INTO notes VALUES ('remember the milk');",
        )
        .unwrap();
        assert_eq!(scalar(&conn, "PRAGMA user_version"), 0);
    }

    let err = refused_untouched(&path);
    assert!(
        matches!(err, StoreError::ForeignDatabase { .. }),
        "expected ForeignDatabase, got {err:?}"
    );
    assert_eq!(count_rows(&path, "notes"), 1);
}

// ---------------------------------------------------------------------------------
// 4. Several desks opening a new file at once
// ---------------------------------------------------------------------------------

fn schema_of(path: &Path) -> Vec<(String, String, Option<String>)> {
    let conn = raw(path);
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap()
}

const DESKS: usize = 8;

/// `DESKS` threads call `Store::create_or_open(path)` at the same moment; like real desks, each
/// keeps its store open until all have tried. Returns each desk's result.
fn open_together(path: &Path) -> Vec<Result<(), StoreError>> {
    let start = Arc::new(Barrier::new(DESKS));
    let all_tried = Arc::new(Barrier::new(DESKS));
    let desks: Vec<_> = (0..DESKS)
        .map(|_| {
            let (start, all_tried) = (Arc::clone(&start), Arc::clone(&all_tried));
            let path = path.to_path_buf();
            thread::spawn(move || {
                start.wait();
                let opened = Store::create_or_open(&path).and_then(|store| {
                    store.data_version()?; // a first read on the fresh store
                    Ok(store)
                });
                all_tried.wait();
                opened.map(drop)
            })
        })
        .collect();
    desks.into_iter().map(|d| d.join().unwrap()).collect()
}

/// Check that the file was migrated exactly once, to exactly what one desk makes.
fn assert_migrated_once(path: &Path, expected_schema: &[(String, String, Option<String>)]) {
    let conn = raw(path);
    assert_eq!(scalar(&conn, "PRAGMA user_version"), SCHEMA_VERSION);
    assert_eq!(
        scalar(
            &conn,
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'events'"
        ),
        1
    );
    assert_eq!(
        schema_of(path),
        expected_schema,
        "the schema differs from a file migrated by a single desk"
    );
}

fn reference_schema(dir: &Path) -> Vec<(String, String, Option<String>)> {
    let reference = dir.join("reference.rollcall");
    drop(Store::create_or_open(&reference).unwrap());
    schema_of(&reference)
}

/// The known ways `Store::open` currently fails when desks open a new file together
/// (see `eight_desks_opening_a_new_file_at_once_all_succeed`): a spurious
/// ForeignDatabase, or SQLITE_BUSY from `PRAGMA journal_mode = WAL`.
fn is_known_open_race(e: &StoreError) -> bool {
    match e {
        StoreError::ForeignDatabase { .. } => true,
        StoreError::Open { error: source, .. } => {
            source.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
        }
        _ => false,
    }
}

#[test]
fn eight_desks_opening_a_new_file_at_once_migrate_it_exactly_once() {
    const ROUNDS: usize = 20; // the race is short: give it several chances
    let dir = tempfile::tempdir().unwrap();
    let expected_schema = reference_schema(dir.path());

    for round in 0..ROUNDS {
        let path = dir.path().join(format!("shared-{round}.rollcall"));
        let results = open_together(&path);
        let mut failed = 0;
        for (desk, result) in results.iter().enumerate() {
            if let Err(e) = result {
                // A second migration would fail here with "table … already exists".
                assert!(
                    is_known_open_race(e),
                    "round {round}: desk {desk} failed to open: {e:?}"
                );
                failed += 1;
            }
        }
        assert!(failed < DESKS, "round {round}: no desk could open the file");
        assert_migrated_once(&path, &expected_schema);
        // Whatever went wrong was transient: the file opens now.
        if failed > 0 {
            Store::open(&path).expect("reopening after the race");
        }
    }
}

#[test]

fn eight_desks_opening_a_new_file_at_once_all_succeed() {
    const ROUNDS: usize = 50; // about one open in 60 fails today: make that near-certain
    let dir = tempfile::tempdir().unwrap();
    let expected_schema = reference_schema(dir.path());

    for round in 0..ROUNDS {
        let path = dir.path().join(format!("shared-{round}.rollcall"));
        for (desk, result) in open_together(&path).iter().enumerate() {
            assert!(
                result.is_ok(),
                "round {round}: desk {desk} failed to open: {result:?}"
            );
        }
        assert_migrated_once(&path, &expected_schema);
    }
}

#[test]
fn opening_a_current_database_needs_no_write_lock() {
    // A desk must be able to open the registry while another desk is writing.
    let f = fixture();
    let writer = raw(&f.path);
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    let second = Store::open(&f.path);
    let waited = started.elapsed();
    writer.execute_batch("ROLLBACK").unwrap();
    assert!(second.is_ok(), "open failed: {:?}", second.err());
    assert!(
        waited < Duration::from_secs(2),
        "open waited {waited:?} for another desk's write lock"
    );
}

// ---------------------------------------------------------------------------------
// 5. Constraints
// ---------------------------------------------------------------------------------

#[test]
fn an_event_ending_before_it_starts_is_refused_naming_the_end_date() {
    let mut f = fixture();
    let backwards = NewEvent {
        start_date: date(2024, 5, 2),
        end_date: date(2024, 5, 1),
        ..new_event("backwards-2024")
    };
    match f.store.create_event(&backwards) {
        Err(StoreError::Invalid(violations)) => {
            assert!(
                violations.for_field(Field::EndDate).is_some(),
                "violations do not mention the end date: {violations}"
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(f.store.event_by_code("backwards-2024").is_err());
    assert_eq!(count_rows(&f.path, "events"), 1);
}

#[test]
fn a_taken_event_code_is_refused() {
    let mut f = fixture();
    let again = NewEvent {
        title: "Another seminar, same code".into(),
        ..new_event("vienna-2024")
    };
    match f.store.create_event(&again) {
        Err(StoreError::CodeTaken(code)) => assert_eq!(code, "vienna-2024"),
        other => panic!("expected CodeTaken, got {other:?}"),
    }
    assert_eq!(count_rows(&f.path, "events"), 1);

    // Renaming another event to the taken code is refused the same way.
    let other = f.store.create_event(&new_event("graz-2024")).unwrap();
    match f.store.update_event(other.id, &new_event("vienna-2024")) {
        Err(StoreError::CodeTaken(code)) => assert_eq!(code, "vienna-2024"),
        other => panic!("expected CodeTaken, got {other:?}"),
    }
    assert_eq!(f.store.event(other.id).unwrap().details.code, "graz-2024");
}

#[test]
fn an_import_with_a_duplicate_badge_is_refused_naming_it_and_writes_nothing() {
    let mut f = fixture();
    f.store
        .import_people(
            f.event.id,
            &[],
            &unassigned(vec![new_person("Anna", "Berg")]),
        )
        .unwrap();
    let people_before = count_rows(&f.path, "attendees");
    let delegations_before = count_rows(&f.path, "delegations");

    let delegations = [new_delegation("Austria", Category::HostState, "Austria")];
    let people = vec![
        (
            DelegationRef::New(0),
            with_badge(17, new_person("Karl", "Huber")),
        ),
        (DelegationRef::New(0), new_person("Maria", "Gruber")),
        (
            DelegationRef::None,
            with_badge(17, new_person("Jonas", "Wagner")),
        ),
    ];
    let err = f
        .store
        .import_people(f.event.id, &delegations, &people)
        .expect_err("two people with badge 17 must be refused");
    match &err {
        StoreError::Invalid(v) => assert!(
            v.0.contains(&ValidationError::BadgeTaken(17)),
            "expected BadgeTaken(17), got {v}"
        ),
        other => panic!("expected Invalid(BadgeTaken), got {other:?}"),
    }
    assert!(err.to_string().contains("17"), "message: {err}");

    assert_eq!(count_rows(&f.path, "attendees"), people_before);
    assert_eq!(count_rows(&f.path, "delegations"), delegations_before);
    assert_eq!(f.store.attendee_by_badge(f.event.id, 17).unwrap(), None);
}

#[test]
fn an_import_clashing_with_a_badge_already_in_the_event_is_refused() {
    let mut f = fixture();
    f.store
        .import_people(
            f.event.id,
            &[],
            &unassigned(vec![with_badge(5, new_person("Anna", "Berg"))]),
        )
        .unwrap();
    let err = f
        .store
        .import_people(
            f.event.id,
            &[],
            &unassigned(vec![
                new_person("Karl", "Huber"),
                with_badge(5, new_person("Jonas", "Wagner")),
            ]),
        )
        .expect_err("badge 5 is taken");
    assert!(
        matches!(&err, StoreError::Invalid(v) if v.0.contains(&ValidationError::BadgeTaken(5))),
        "got {err:?}"
    );
    assert_eq!(count_rows(&f.path, "attendees"), 1);

    // The same badge in another event is fine: badges are unique per event.
    let other = f.store.create_event(&new_event("graz-2024")).unwrap();
    f.store
        .import_people(
            other.id,
            &[],
            &unassigned(vec![with_badge(5, new_person("Jonas", "Wagner"))]),
        )
        .unwrap();
}

#[test]
fn a_delegation_cannot_have_two_heads() {
    let mut f = fixture();
    let austria = f
        .store
        .create_delegation(
            f.event.id,
            &new_delegation("Austria", Category::HostState, "Austria"),
        )
        .unwrap();
    let existing = DelegationRef::Existing(austria.id);

    // Two heads in one import: refused, nothing written.
    let err = f
        .store
        .import_people(
            f.event.id,
            &[],
            &[
                (existing, head(new_person("Karl", "Huber"))),
                (existing, new_person("Maria", "Gruber")),
                (existing, head(new_person("Jonas", "Wagner"))),
            ],
        )
        .expect_err("two heads in one delegation");
    assert!(matches!(err, StoreError::Invalid(_)), "got {err:?}");
    assert_eq!(count_rows(&f.path, "attendees"), 0);

    // A head added to a delegation that already has one: refused too.
    f.store
        .import_people(
            f.event.id,
            &[],
            &[(existing, head(new_person("Karl", "Huber")))],
        )
        .unwrap();
    let err = f
        .store
        .import_people(
            f.event.id,
            &[],
            &[(existing, head(new_person("Jonas", "Wagner")))],
        )
        .expect_err("second head");
    assert!(matches!(err, StoreError::Invalid(_)), "got {err:?}");
    let day1 = day(DAY1);
    let heads: Vec<_> = f
        .store
        .members(austria.id, day1)
        .unwrap()
        .into_iter()
        .filter(|m| m.is_head)
        .map(|m| m.family_name().to_string())
        .collect();
    assert_eq!(heads, ["Huber"]);

    // Heads of two different delegations are fine.
    let spain = f
        .store
        .create_delegation(
            f.event.id,
            &new_delegation("Spain", Category::ParticipatingState, "Spain"),
        )
        .unwrap();
    f.store
        .import_people(
            f.event.id,
            &[],
            &[(
                DelegationRef::Existing(spain.id),
                head(new_person("Lucía", "García")),
            )],
        )
        .unwrap();
}

#[test]
fn missing_badges_are_numbered_after_the_highest_in_the_event() {
    let mut f = fixture();
    let badges = |store: &Store, ids: &[rollcall::domain::AttendeeId]| -> Vec<u32> {
        ids.iter()
            .map(|id| store.attendee(*id).unwrap().badge)
            .collect()
    };

    // An empty event starts at 1.
    let first = f
        .store
        .import_people(
            f.event.id,
            &[],
            &unassigned(vec![new_person("Anna", "Berg")]),
        )
        .unwrap();
    assert_eq!(badges(&f.store, &first), [1]);

    // After explicit badges with a gap, new ones continue from the highest.
    f.store
        .import_people(
            f.event.id,
            &[],
            &unassigned(vec![
                with_badge(10, new_person("Karl", "Huber")),
                with_badge(3, new_person("Maria", "Gruber")),
            ]),
        )
        .unwrap();
    let later = f
        .store
        .import_people(
            f.event.id,
            &[],
            &unassigned(vec![
                new_person("Jonas", "Wagner"),
                new_person("Lena", "Bauer"),
            ]),
        )
        .unwrap();
    assert_eq!(badges(&f.store, &later), [11, 12]);

    // Within one import, a person without a badge follows the highest one before it.
    let mixed = f
        .store
        .import_people(
            f.event.id,
            &[],
            &unassigned(vec![
                with_badge(40, new_person("Paul", "Steiner")),
                new_person("Eva", "Moser"),
            ]),
        )
        .unwrap();
    assert_eq!(badges(&f.store, &mixed), [40, 41]);

    // Another event's badges do not count.
    let other = f.store.create_event(&new_event("graz-2024")).unwrap();
    let there = f
        .store
        .import_people(other.id, &[], &unassigned(vec![new_person("Anna", "Berg")]))
        .unwrap();
    assert_eq!(badges(&f.store, &there), [1]);
}

/// BUG candidate, see the final report: explicit badges later in the same import are
/// not reserved before the store hands out "the next free number".
#[test]

fn an_import_mixing_missing_and_explicit_badges_is_accepted_when_they_do_not_clash() {
    let mut f = fixture();
    let ids = f
        .store
        .import_people(
            f.event.id,
            &[],
            &unassigned(vec![
                new_person("Anna", "Berg"),                 // no badge: gets 1
                with_badge(1, new_person("Karl", "Huber")), // asks for 1 explicitly
            ]),
        )
        .expect("the file has only one badge 1; the store chose the clash");
    let badges: Vec<u32> = ids
        .iter()
        .map(|id| f.store.attendee(*id).unwrap().badge)
        .collect();
    assert_eq!(badges[1], 1);
    assert_ne!(badges[0], 1);
}

#[test]

fn importing_the_largest_badge_number_does_not_panic() {
    let mut f = fixture();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        f.store
            .import_people(
                f.event.id,
                &[],
                &unassigned(vec![with_badge(u32::MAX, new_person("Anna", "Berg"))]),
            )
            .map(|_| ())
    }));
    // Accepted or refused with an error: either is fine, a panic is not.
    assert!(result.is_ok(), "importing badge {} panicked", u32::MAX);
}

#[test]

fn a_person_with_the_largest_badge_number_does_not_block_later_imports() {
    let mut f = fixture();
    let anna = f
        .store
        .import_people(
            f.event.id,
            &[],
            &unassigned(vec![new_person("Anna", "Berg")]),
        )
        .unwrap()[0];
    // How such a badge gets there (an import in a release build, another tool) does
    // not matter: the schema accepts it and the API reads it back.
    raw(&f.path)
        .execute(
            "UPDATE attendees SET badge = ?1 WHERE id = ?2",
            rusqlite::params![u32::MAX, anna.0],
        )
        .unwrap();
    assert_eq!(f.store.attendee(anna).unwrap().badge, u32::MAX);

    let result = f.store.import_people(
        f.event.id,
        &[],
        &unassigned(vec![with_badge(7, new_person("Karl", "Huber"))]),
    );
    assert!(result.is_ok(), "importing badge 7 failed: {result:?}");
}

// ---------------------------------------------------------------------------------
// 6. Check-ins
// ---------------------------------------------------------------------------------

/// The fixture with `n` people in it, by family name "P1", "P2", …
fn fixture_with_people(n: usize) -> (Fixture, Vec<rollcall::domain::AttendeeId>) {
    let mut f = fixture();
    let people = (1..=n)
        .map(|i| new_person("Person", &format!("P{i}")))
        .collect();
    let ids = f
        .store
        .import_people(f.event.id, &[], &unassigned(people))
        .unwrap();
    (f, ids)
}

#[test]
fn checking_in_twice_on_a_day_reports_the_first_desk_and_time() {
    let (mut f, ids) = fixture_with_people(1);
    let d1 = day(DAY1);
    let first = f
        .store
        .check_in(ids[0], d1, time(d1, 8, 15), "Desk A")
        .unwrap();
    let expected = CheckIn {
        attendee: ids[0],
        day: d1,
        at: time(d1, 8, 15),
        desk: "Desk A".into(),
    };
    assert_eq!(first, CheckInOutcome::CheckedIn(expected.clone()));

    let second = f
        .store
        .check_in(ids[0], d1, time(d1, 9, 40), "Desk B")
        .unwrap();
    assert_eq!(second, CheckInOutcome::AlreadyCheckedIn(expected.clone()));

    assert_eq!(f.store.check_in_of(ids[0], d1).unwrap(), Some(expected));
    assert_eq!(count_rows(&f.path, "checkins"), 1);
    let check_in_audits = audit_actions(&f.path)
        .into_iter()
        .filter(|(action, _, _)| action == "check_in")
        .count();
    assert_eq!(
        check_in_audits, 1,
        "the refused second check-in was audited"
    );
}

#[test]
fn a_check_in_on_another_day_is_a_new_check_in() {
    let (mut f, ids) = fixture_with_people(1);
    let (d1, d2) = (day(DAY1), day(DAY2));
    assert!(matches!(
        f.store
            .check_in(ids[0], d1, time(d1, 8, 15), "Desk A")
            .unwrap(),
        CheckInOutcome::CheckedIn(_)
    ));
    let next_day = f
        .store
        .check_in(ids[0], d2, time(d2, 8, 5), "Desk B")
        .unwrap();
    assert_eq!(
        next_day,
        CheckInOutcome::CheckedIn(CheckIn {
            attendee: ids[0],
            day: d2,
            at: time(d2, 8, 5),
            desk: "Desk B".into(),
        })
    );
    assert_eq!(count_rows(&f.path, "checkins"), 2);
    assert_eq!(
        f.store.check_in_of(ids[0], d1).unwrap().unwrap().desk,
        "Desk A"
    );
    assert_eq!(
        f.store.check_in_of(ids[0], d2).unwrap().unwrap().desk,
        "Desk B"
    );
}

#[test]
fn a_check_in_outside_the_event_days_is_refused() {
    let (mut f, ids) = fixture_with_people(1);
    let before = date(2024, 3, 10);
    let err = f
        .store
        .check_in(ids[0], before, time(before, 9, 0), "Desk A")
        .expect_err("the day before the event");
    assert!(
        matches!(&err, StoreError::Invalid(v) if v.for_field(Field::Day).is_some()),
        "got {err:?}"
    );
    assert_eq!(count_rows(&f.path, "checkins"), 0);
}

#[test]
fn a_cancelled_registration_is_not_checked_in_and_an_invited_person_becomes_registered() {
    let mut f = fixture();
    let ids = f
        .store
        .import_people(
            f.event.id,
            &[],
            &unassigned(vec![
                NewAttendee {
                    status: Status::Cancelled,
                    ..new_person("Anna", "Berg")
                },
                NewAttendee {
                    status: Status::Invited,
                    ..new_person("Karl", "Huber")
                },
            ]),
        )
        .unwrap();
    let d1 = day(DAY1);
    assert_eq!(
        f.store
            .check_in(ids[0], d1, time(d1, 8, 0), "Desk A")
            .unwrap(),
        CheckInOutcome::Cancelled
    );
    assert_eq!(f.store.check_in_of(ids[0], d1).unwrap(), None);
    assert_eq!(
        f.store.attendee(ids[0]).unwrap().details.status,
        Status::Cancelled
    );

    assert!(matches!(
        f.store
            .check_in(ids[1], d1, time(d1, 8, 1), "Desk A")
            .unwrap(),
        CheckInOutcome::CheckedIn(_)
    ));
    assert_eq!(
        f.store.attendee(ids[1]).unwrap().details.status,
        Status::Registered
    );
}

#[test]
fn present_count_counts_the_people_checked_in_on_that_day_in_that_event() {
    let (mut f, ids) = fixture_with_people(3);
    let (d1, d2, d3) = (day(DAY1), day(DAY2), day(DAY3));
    assert_eq!(f.store.present_count(f.event.id, d1).unwrap(), 0);

    f.store
        .check_in(ids[0], d1, time(d1, 8, 0), "Desk A")
        .unwrap();
    f.store
        .check_in(ids[1], d1, time(d1, 8, 1), "Desk B")
        .unwrap();
    f.store
        .check_in(ids[1], d1, time(d1, 8, 2), "Desk A")
        .unwrap(); // already in
    f.store
        .check_in(ids[1], d2, time(d2, 8, 3), "Desk A")
        .unwrap();

    // Another event on the same days with its own check-in must not leak in.
    let other = f.store.create_event(&new_event("graz-2024")).unwrap();
    let stranger = f
        .store
        .import_people(other.id, &[], &unassigned(vec![new_person("Eva", "Moser")]))
        .unwrap()[0];
    f.store
        .check_in(stranger, d1, time(d1, 8, 4), "Desk C")
        .unwrap();

    assert_eq!(f.store.present_count(f.event.id, d1).unwrap(), 2);
    assert_eq!(f.store.present_count(f.event.id, d2).unwrap(), 1);
    assert_eq!(f.store.present_count(f.event.id, d3).unwrap(), 0);
    assert_eq!(f.store.present_count(other.id, d1).unwrap(), 1);

    let present: Vec<bool> = f
        .store
        .attendee_rows(f.event.id, d1)
        .unwrap()
        .iter()
        .map(|r| r.present)
        .collect();
    assert_eq!(present, [true, true, false]); // P1, P2, P3 by family name
}

#[test]
fn undo_removes_only_the_desks_own_check_in_and_is_audited() {
    let (mut f, ids) = fixture_with_people(2);
    let d1 = day(DAY1);
    f.store
        .check_in(ids[0], d1, time(d1, 8, 0), "Desk A")
        .unwrap();
    f.store
        .check_in(ids[1], d1, time(d1, 8, 1), "Desk B")
        .unwrap();

    // Desk B's check-in is not desk A's to undo.
    assert_eq!(
        f.store
            .undo_check_in(ids[1], d1, "Desk A", time(d1, 8, 9))
            .unwrap(),
        None
    );
    assert!(f.store.check_in_of(ids[1], d1).unwrap().is_some());

    let undone = f
        .store
        .undo_check_in(ids[0], d1, "Desk A", time(d1, 8, 10))
        .unwrap();
    assert_eq!(
        undone,
        Some(CheckIn {
            attendee: ids[0],
            day: d1,
            at: time(d1, 8, 0),
            desk: "Desk A".into(),
        })
    );
    assert!(f.store.check_in_of(ids[0], d1).unwrap().is_none());
    assert_eq!(f.store.present_count(f.event.id, d1).unwrap(), 1);
    let audit = audit_actions(&f.path);
    assert_eq!(
        audit.last().unwrap(),
        &(
            "undo_check_in".to_string(),
            "Desk A".to_string(),
            Some(ids[0].0)
        ),
        "undo is logged last, by the desk, for the person"
    );
    // Undone once: nothing of desk A's is left to undo.
    assert_eq!(
        f.store
            .undo_check_in(ids[0], d1, "Desk A", time(d1, 8, 11))
            .unwrap(),
        None
    );
}

#[test]
fn undo_gives_back_exactly_the_status_the_check_in_changed() {
    let mut f = fixture();
    let d1 = day(DAY1);
    let statuses = [Status::Invited, Status::NoShow, Status::Registered];
    let people = statuses
        .iter()
        .enumerate()
        .map(|(i, status)| NewAttendee {
            status: *status,
            ..new_person("Person", &format!("P{i}"))
        })
        .collect();
    let ids = f
        .store
        .import_people(f.event.id, &[], &unassigned(people))
        .unwrap();
    for (i, id) in ids.iter().enumerate() {
        f.store
            .check_in(*id, d1, time(d1, 8, i as u32), "Desk A")
            .unwrap();
        assert_eq!(
            f.store.attendee(*id).unwrap().details.status,
            Status::Registered,
            "someone who turns up is registered"
        );
    }
    for id in &ids {
        f.store
            .undo_check_in(*id, d1, "Desk A", time(d1, 9, 0))
            .unwrap()
            .expect("desk A's check-in");
    }
    let after: Vec<Status> = ids
        .iter()
        .map(|id| f.store.attendee(*id).unwrap().details.status)
        .collect();
    assert_eq!(after, statuses);
}

#[test]
fn undo_of_a_walk_in_removes_the_person_for_its_own_desk_only() {
    let mut f = fixture();
    let d1 = day(DAY1);
    let (walked_in, _) = f
        .store
        .walk_in(
            f.event.id,
            &new_person("Walk", "In"),
            &rollcall::store::DelegationChoice::None,
            d1,
            time(d1, 8, 0),
            "Desk A",
        )
        .unwrap();
    assert!(
        !f.store
            .undo_walk_in(walked_in.id, "Desk B", time(d1, 8, 1))
            .unwrap(),
        "desk B did not register them"
    );
    assert!(f.store.attendee(walked_in.id).is_ok());
    assert!(
        f.store
            .undo_walk_in(walked_in.id, "Desk A", time(d1, 8, 2))
            .unwrap()
    );
    assert!(matches!(
        f.store.attendee(walked_in.id),
        Err(StoreError::Gone)
    ));
    assert_eq!(f.store.present_count(f.event.id, d1).unwrap(), 0);
    assert_eq!(
        audit_actions(&f.path).last().unwrap().0,
        "undo_walk_in",
        "the undo is audited"
    );
}

#[test]
fn two_desks_checking_in_the_same_person_at_once_one_wins_the_other_is_told() {
    let (f, ids) = fixture_with_people(1);
    let d1 = day(DAY1);
    let barrier = Arc::new(Barrier::new(2));
    let desks: Vec<_> = ["Desk A", "Desk B"]
        .into_iter()
        .enumerate()
        .map(|(i, desk)| {
            let path = f.path.clone();
            let barrier = Arc::clone(&barrier);
            let person = ids[0];
            thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                barrier.wait();
                store
                    .check_in(person, d1, time(d1, 8, i as u32), desk)
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    let outcomes: Vec<CheckInOutcome> = desks
        .into_iter()
        .map(|d| {
            d.join()
                .unwrap()
                .expect("a desk failed instead of queueing")
        })
        .collect();

    let winners: Vec<&CheckIn> = outcomes
        .iter()
        .filter_map(|o| match o {
            CheckInOutcome::CheckedIn(c) => Some(c),
            _ => None,
        })
        .collect();
    let losers: Vec<&CheckIn> = outcomes
        .iter()
        .filter_map(|o| match o {
            CheckInOutcome::AlreadyCheckedIn(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(winners.len(), 1, "{outcomes:?}");
    assert_eq!(losers.len(), 1, "{outcomes:?}");
    assert_eq!(winners[0], losers[0], "the loser is told who won and when");
    assert_eq!(count_rows(&f.path, "checkins"), 1);
}

// ---------------------------------------------------------------------------------
// 7–8. What the schema guarantees even against raw SQL
// ---------------------------------------------------------------------------------

#[test]
fn deleting_a_delegation_leaves_its_members_unassigned_and_not_heads() {
    let mut f = fixture();
    let austria = f
        .store
        .create_delegation(
            f.event.id,
            &new_delegation("Austria", Category::HostState, "Austria"),
        )
        .unwrap();
    let a = DelegationRef::Existing(austria.id);
    let ids = f
        .store
        .import_people(
            f.event.id,
            &[],
            &[
                (a, head(new_person("Karl", "Huber"))),
                (a, ranked(1, new_person("Maria", "Gruber"))),
            ],
        )
        .unwrap();

    let conn = raw(&f.path);
    let deleted = conn
        .execute("DELETE FROM delegations WHERE id = ?1", [austria.id.0])
        .unwrap();
    assert_eq!(deleted, 1);

    for id in &ids {
        let person = f.store.attendee(*id).expect("members must survive");
        assert_eq!(person.details.delegation, None);
        assert!(
            !person.details.is_head,
            "{} is still a head",
            person.details.family_name
        );
    }
    assert_eq!(
        scalar(
            &conn,
            "SELECT count(*) FROM attendees a
              WHERE a.delegation_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM delegations d WHERE d.id = a.delegation_id)"
        ),
        0,
        "orphaned members"
    );
    assert_eq!(
        scalar(&conn, "SELECT count(*) FROM attendees WHERE is_head = 1"),
        0
    );
    assert_eq!(scalar(&conn, "SELECT count(*) FROM attendees"), 2);
}

#[test]
fn a_person_cannot_be_put_into_a_delegation_of_another_event() {
    let mut f = fixture();
    let other = f.store.create_event(&new_event("graz-2024")).unwrap();
    let foreign = f
        .store
        .create_delegation(
            other.id,
            &new_delegation("Spain", Category::ParticipatingState, "Spain"),
        )
        .unwrap();
    let person = f
        .store
        .import_people(
            f.event.id,
            &[],
            &unassigned(vec![new_person("Anna", "Berg")]),
        )
        .unwrap()[0];

    // By raw SQL: the update trigger raises.
    let conn = raw(&f.path);
    let err = conn
        .execute(
            "UPDATE attendees SET delegation_id = ?1 WHERE id = ?2",
            [foreign.id.0, person.0],
        )
        .expect_err("the trigger must refuse");
    assert!(
        err.to_string()
            .contains("delegation belongs to another event"),
        "unexpected error: {err}"
    );
    assert_eq!(f.store.attendee(person).unwrap().details.delegation, None);

    // Through the store: the insert trigger refuses, nothing is written.
    let before = count_rows(&f.path, "attendees");
    let result = f.store.import_people(
        f.event.id,
        &[],
        &[(
            DelegationRef::Existing(foreign.id),
            new_person("Karl", "Huber"),
        )],
    );
    assert!(
        result.is_err(),
        "import into another event's delegation: {result:?}"
    );
    assert_eq!(count_rows(&f.path, "attendees"), before);
}

// ---------------------------------------------------------------------------------
// 9. Locking
// ---------------------------------------------------------------------------------

#[test]
fn a_long_read_elsewhere_does_not_block_a_check_in() {
    let (mut f, ids) = fixture_with_people(1);
    let d1 = day(DAY1);
    let reader = raw(&f.path);
    reader.busy_timeout(Duration::ZERO).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    assert_eq!(scalar(&reader, "SELECT count(*) FROM checkins"), 0);

    let started = Instant::now();
    let outcome = f
        .store
        .check_in(ids[0], d1, time(d1, 8, 0), "Desk A")
        .unwrap();
    assert!(matches!(outcome, CheckInOutcome::CheckedIn(_)));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the check-in waited {:?} for a reader",
        started.elapsed()
    );

    // The reader still sees its snapshot; once it ends, it sees the check-in.
    assert_eq!(scalar(&reader, "SELECT count(*) FROM checkins"), 0);
    reader.execute_batch("COMMIT").unwrap();
    assert_eq!(scalar(&reader, "SELECT count(*) FROM checkins"), 1);
}

/// Every Store write starts with `BEGIN IMMEDIATE`. The observable difference: while
/// another connection holds the write lock and then commits a change, an IMMEDIATE
/// write waits at BEGIN (busy timeout) and then runs on fresh data, whereas a DEFERRED
/// one would read first, then fail with SQLITE_BUSY / BUSY_SNAPSHOT when it tries to
/// write (SQLite does not retry a lock upgrade of an open read transaction).
#[test]
fn store_writes_take_the_write_lock_at_begin_and_queue_behind_another_writer() {
    const HOLD: Duration = Duration::from_millis(400);
    let (mut f, ids) = fixture_with_people(2);
    let d1 = day(DAY1);

    // Exercise several kinds of write, each queued behind a raw writer.
    type Write = Box<dyn FnOnce(&mut Store) -> Result<(), String>>;
    let event = f.event.id;
    let first = ids[0];
    let writes: Vec<(&str, Write)> = vec![
        (
            "check_in",
            Box::new(
                move |s: &mut Store| match s.check_in(ids[0], d1, time(d1, 8, 0), "Desk A") {
                    Ok(CheckInOutcome::CheckedIn(_)) => Ok(()),
                    other => Err(format!("{other:?}")),
                },
            ),
        ),
        (
            "undo_check_in",
            Box::new(move |s: &mut Store| {
                match s.undo_check_in(first, d1, "Desk A", time(d1, 8, 1)) {
                    Ok(Some(_)) => Ok(()),
                    other => Err(format!("{other:?}")),
                }
            }),
        ),
        (
            "import_people",
            Box::new(move |s: &mut Store| {
                s.import_people(event, &[], &unassigned(vec![new_person("Eva", "Moser")]))
                    .map(|_| ())
                    .map_err(|e| format!("{e:?}"))
            }),
        ),
        (
            "create_event",
            Box::new(|s: &mut Store| {
                s.create_event(&new_event("linz-2024"))
                    .map(|_| ())
                    .map_err(|e| format!("{e:?}"))
            }),
        ),
    ];

    for (name, write) in writes {
        let path = f.path.clone();
        let (locked_tx, locked_rx) = mpsc::channel();
        let holder = thread::spawn(move || {
            let conn = raw(&path);
            // Take the write lock and change something, so that a transaction which
            // had read before this commit would be working on a stale snapshot.
            conn.execute_batch(
                "BEGIN IMMEDIATE;
                 INSERT INTO audit (at, desk, action) VALUES ('2024-03-11 07:00:00', 'raw', 'probe');",
            )
            .unwrap();
            locked_tx.send(()).unwrap();
            thread::sleep(HOLD);
            let releasing = Instant::now();
            conn.execute_batch("COMMIT").unwrap();
            releasing
        });
        locked_rx.recv().unwrap();
        let result = write(&mut f.store);
        let finished = Instant::now();
        let releasing = holder.join().unwrap();

        assert!(
            result.is_ok(),
            "{name} failed behind another writer instead of queueing: {}",
            result.unwrap_err()
        );
        assert!(
            finished > releasing,
            "{name} finished before the other writer released the lock"
        );
    }
}

// ---------------------------------------------------------------------------------
// 10–11. Protocol order
// ---------------------------------------------------------------------------------

/// Delegations created in an order that is neither protocol nor alphabetical order.
fn fixture_with_delegations() -> Fixture {
    let mut f = fixture();
    let scrambled = [
        (
            "OSCE Secretariat",
            Category::InternationalOrganisation,
            "OSCE Secretariat",
        ),
        ("Spain", Category::ParticipatingState, "Spain"),
        (
            "The Netherlands",
            Category::ParticipatingState,
            "Netherlands",
        ),
        (
            "Mongolia – civil society",
            Category::HostCivilSociety,
            "Mongolia",
        ),
        ("Kyrgyzstan", Category::ParticipatingState, "Kyrgyzstan"),
        (
            "OSCE ODIHR",
            Category::InternationalOrganisation,
            "OSCE ODIHR",
        ),
        ("Mongolia – state agencies", Category::HostState, "Mongolia"),
        ("Canada", Category::ParticipatingState, "Canada"),
    ];
    for (name, category, key) in scrambled {
        f.store
            .create_delegation(f.event.id, &new_delegation(name, category, key))
            .unwrap();
    }
    f
}

fn delegation_names(store: &Store, event: &Event) -> Vec<String> {
    store
        .list_delegations(event, day(DAY1))
        .unwrap()
        .into_iter()
        .map(|row| row.delegation.details.name)
        .collect()
}

#[test]
fn delegations_are_listed_in_protocol_order() {
    let f = fixture_with_delegations();
    assert_eq!(
        delegation_names(&f.store, &f.event),
        [
            "Mongolia – state agencies",
            "Mongolia – civil society",
            "Canada",
            "Kyrgyzstan",
            "The Netherlands", // sorted under N
            "Spain",
            "OSCE ODIHR",
            "OSCE Secretariat",
        ]
    );
}

#[test]
fn the_demo_delegations_are_in_protocol_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_or_open(&dir.path().join("demo.rollcall")).unwrap();
    let code = rollcall::demo::write_sample(&mut store).unwrap();
    let event = store.event_by_code(&code).unwrap();
    let rows = store.list_delegations(&event, date(2017, 7, 5)).unwrap();
    let categories: Vec<Category> = rows.iter().map(|r| r.delegation.details.category).collect();
    let mut sorted = categories.clone();
    sorted.sort_by_key(|c| Category::default_order().iter().position(|d| d == c));
    assert_eq!(categories, sorted, "categories out of protocol order");
    assert_eq!(categories[0], Category::HostState);
    assert_eq!(categories[1], Category::HostCivilSociety);
    assert_eq!(
        *categories.last().unwrap(),
        Category::InternationalOrganisation
    );

    let names: Vec<&str> = rows
        .iter()
        .map(|r| r.delegation.details.name.as_str())
        .collect();
    let at = |name: &str| names.iter().position(|n| *n == name).unwrap();
    assert!(at("Kyrgyzstan") < at("The Netherlands"), "{names:?}");
    assert!(at("The Netherlands") < at("Spain"), "{names:?}");
}

#[test]
fn set_category_order_changes_the_protocol_order() {
    let mut f = fixture_with_delegations();
    f.store
        .set_category_order(
            f.event.id,
            &[
                Category::InternationalOrganisation,
                Category::ParticipatingState,
                Category::HostState,
                Category::HostCivilSociety,
            ],
        )
        .unwrap();
    let event = f.store.event(f.event.id).unwrap();
    assert_eq!(
        &event.category_order[..4],
        [
            Category::InternationalOrganisation,
            Category::ParticipatingState,
            Category::HostState,
            Category::HostCivilSociety,
        ]
    );
    assert_eq!(event.category_order.len(), Category::default_order().len());
    assert_eq!(
        delegation_names(&f.store, &event),
        [
            "OSCE ODIHR",
            "OSCE Secretariat",
            "Canada",
            "Kyrgyzstan",
            "The Netherlands",
            "Spain",
            "Mongolia – state agencies",
            "Mongolia – civil society",
        ]
    );

    // The order is stored: a reopened store sees it.
    let path = f.path.clone();
    drop(f.store);
    let store = Store::open(&path).unwrap();
    let event = store.event(event.id).unwrap();
    assert_eq!(event.category_order[0], Category::InternationalOrganisation);
}

#[test]
fn members_lists_the_head_first_then_by_rank() {
    let mut f = fixture();
    let spain = f
        .store
        .create_delegation(
            f.event.id,
            &new_delegation("Spain", Category::ParticipatingState, "Spain"),
        )
        .unwrap();
    let s = DelegationRef::Existing(spain.id);
    // Inserted in an order, and with names, that would give another order if the
    // store sorted by id or by name.
    f.store
        .import_people(
            f.event.id,
            &[],
            &[
                (s, new_person("Ana", "Alonso")), // no rank
                (s, ranked(2, new_person("Bruno", "Blanco"))),
                (s, head(new_person("Zoe", "Zamora"))), // head, no rank
                (s, ranked(1, new_person("Carmen", "Castro"))),
                (s, ranked(3, new_person("Aitor", "Abad"))),
            ],
        )
        .unwrap();

    let names: Vec<String> = f
        .store
        .members(spain.id, day(DAY1))
        .unwrap()
        .into_iter()
        .map(|m| m.family_name().to_string())
        .collect();
    assert_eq!(names, ["Zamora", "Castro", "Blanco", "Abad", "Alonso"]);
}

// ---------------------------------------------------------------------------------
// One clock: what the store dates on its own account
// ---------------------------------------------------------------------------------

/// An organiser reading the activity log or the list of copies that may still hold an
/// erased person sees the times of the desk's clock — the one the App checks people
/// in by — read when each line was written, not the wall clock.
#[test]
fn audit_lines_and_copy_records_carry_the_stores_clock_at_each_write() {
    let mut f = fixture();
    let now = Arc::new(std::sync::Mutex::new(time(day(DAY1), 9, 15)));
    let source = Arc::clone(&now);
    f.store.set_clock(rollcall::clock::Clock::from_fn(move || {
        *source.lock().unwrap()
    }));
    let set = |at: NaiveDateTime| *now.lock().unwrap() = at;

    let person = f
        .store
        .add_attendee(f.event.id, &new_person("Anna", "Berger"))
        .unwrap();
    set(time(day(DAY1), 10, 30));
    let edited = NewAttendee {
        phone: "+43 1 234".into(),
        ..person.details.clone()
    };
    f.store.update_attendee(person.id, &edited).unwrap();
    set(time(day(DAY2), 18, 2));
    f.store
        .record_export("/tmp/list.csv", f.event.id, "csv", 1, "desk-2")
        .unwrap();
    set(time(day(DAY3), 8, 45));
    let copies = f.store.erase_attendee(person.id).unwrap();

    assert_eq!(
        copies.iter().map(|c| c.at).collect::<Vec<_>>(),
        [time(day(DAY2), 18, 2)]
    );
    let log: Vec<(String, NaiveDateTime)> = f
        .store
        .recent_activity(f.event.id, 10)
        .unwrap()
        .into_iter()
        .rev()
        .map(|row| (row.action, row.at))
        .collect();
    assert_eq!(
        log,
        [
            ("add".to_string(), time(day(DAY1), 9, 15)),
            ("edit".to_string(), time(day(DAY1), 10, 30)),
            ("erase".to_string(), time(day(DAY3), 8, 45)),
        ]
    );
}

// ---------------------------------------------------------------------------------
// Every field under its own name
// ---------------------------------------------------------------------------------

/// A person whose every field holds a value no other field holds, marked with `n`
/// (and the booleans and the delegation set the other way round each time), so that a
/// value written under another field's column cannot read back unnoticed.
fn distinct_person(n: u32, delegation: rollcall::domain::DelegationId) -> NewAttendee {
    use rollcall::domain::{Gender, Role};
    let odd = n % 2 == 1;
    NewAttendee {
        honorific: format!("honorific {n}"),
        given_name: format!("given {n}"),
        family_name: format!("family {n}"),
        native_name: format!("native {n}"),
        gender: if odd { Gender::Female } else { Gender::Male },
        position: format!("position {n}"),
        organisation: format!("organisation {n}"),
        delegation: Some(delegation),
        is_head: odd,
        rank: Some(10 + n),
        country: Some(if odd { "MN" } else { "AT" }.into()),
        email: format!("email{n}@example.org"),
        phone: format!("phone {n}"),
        role: if odd { Role::Speaker } else { Role::Expert },
        status: if odd {
            Status::Registered
        } else {
            Status::Cancelled
        },
        badge: Some(100 + n),
        diet: format!("diet {n}"),
        access: format!("access {n}"),
        notes: format!("notes {n}"),
        consent: !odd,
    }
}

/// Adding, replacing and editing a person through a form each write every field under
/// its own column: a field table out of step (diet written as access) would read back
/// another field's value.
#[test]
fn every_field_of_a_person_reads_back_under_its_own_name() {
    let mut f = fixture();
    let event = f.event.id;
    let delegation = |store: &mut Store, name: &str| {
        let new = new_delegation(name, Category::ParticipatingState, name);
        store.create_delegation(event, &new).unwrap().id
    };
    let (austria, mongolia) = (
        delegation(&mut f.store, "Austria"),
        delegation(&mut f.store, "Mongolia"),
    );
    let first = distinct_person(1, austria);
    let added = f.store.add_attendee(event, &first).unwrap();
    assert_eq!(f.store.attendee(added.id).unwrap().details, first);

    let second = distinct_person(2, mongolia);
    f.store.update_attendee(added.id, &second).unwrap();
    assert_eq!(f.store.attendee(added.id).unwrap().details, second);

    let third = distinct_person(3, austria);
    let saved = f.store.edit_attendee(added.id, &second, &third).unwrap();
    assert_eq!(
        saved,
        rollcall::store::Edit::Saved(f.store.attendee(added.id).unwrap())
    );
    assert_eq!(f.store.attendee(added.id).unwrap().details, third);
}

/// The same for a delegation's and a seminar's fields, replaced whole and through the
/// form.
#[test]
fn every_field_of_a_delegation_and_a_seminar_reads_back_under_its_own_name() {
    let mut f = fixture();
    let delegation = |n: u32| NewDelegation {
        name: format!("name {n}"),
        category: if n % 2 == 1 {
            Category::Partner
        } else {
            Category::CivilSociety
        },
        sort_key: format!("sort {n}"),
        country: Some(if n % 2 == 1 { "MN" } else { "AT" }.into()),
    };
    let id = f
        .store
        .create_delegation(f.event.id, &delegation(1))
        .unwrap()
        .id;
    assert_eq!(f.store.delegation(id).unwrap().details, delegation(1));
    f.store.update_delegation(id, &delegation(2)).unwrap();
    assert_eq!(f.store.delegation(id).unwrap().details, delegation(2));
    f.store
        .edit_delegation(id, &delegation(2), &delegation(3))
        .unwrap();
    assert_eq!(f.store.delegation(id).unwrap().details, delegation(3));

    let seminar = |n: u32| NewEvent {
        code: format!("code-{n}"),
        title: format!("title {n}"),
        kind: if n % 2 == 1 {
            EventKind::Workshop
        } else {
            EventKind::Meeting
        },
        venue: format!("venue {n}"),
        city: format!("city {n}"),
        country: Some(if n % 2 == 1 { "MN" } else { "AT" }.into()),
        start_date: date(2030, n, 1),
        end_date: date(2030, n, 20),
        organiser: format!("organiser {n}"),
        description: format!("description {n}"),
        language: if n % 2 == 1 {
            rollcall::domain::Language::Fr
        } else {
            rollcall::domain::Language::Ru
        },
    };
    let id = f.store.create_event(&seminar(1)).unwrap().id;
    assert_eq!(f.store.event(id).unwrap().details, seminar(1));
    f.store.update_event(id, &seminar(2)).unwrap();
    assert_eq!(f.store.event(id).unwrap().details, seminar(2));
    f.store.edit_event(id, &seminar(2), &seminar(3)).unwrap();
    assert_eq!(f.store.event(id).unwrap().details, seminar(3));
}
