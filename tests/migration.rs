//! Files made by older versions of rollcall open, migrate to the current schema with
//! their data intact, and leave a copy of themselves as they were.

mod common;

use common::version_1_file;
use rollcall::store::{SCHEMA_VERSION, Store};
use std::path::Path;

fn version(path: &Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_version_1_file_is_migrated_with_its_data_and_a_copy_is_kept() {
    const { assert!(SCHEMA_VERSION >= 2) };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    version_1_file(&path);

    let store = Store::open(&path).unwrap();
    assert_eq!(version(&path), SCHEMA_VERSION);
    let event = store.event_by_code("old-2016").unwrap();
    let person = store.attendee_by_badge(event.id, 7).unwrap().unwrap();
    assert_eq!(person.details.family_name, "Bold");
    drop(store);

    let backup = dir.path().join("old.db.v1-backup");
    assert!(backup.exists(), "the file as it was is kept beside it");
    assert_eq!(version(&backup), 1);
    let conn = rusqlite::Connection::open(&backup).unwrap();
    let people: i64 = conn
        .query_row("SELECT count(*) FROM attendees", [], |r| r.get(0))
        .unwrap();
    assert_eq!(people, 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the copy holds personal data too");
    }

    // Opening again finds nothing to do and keeps the one copy.
    Store::open(&path).unwrap();
    assert_eq!(version(&path), SCHEMA_VERSION);
}

#[test]
fn a_new_file_is_created_at_the_current_version_without_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    Store::create_or_open(&path).unwrap();
    assert_eq!(version(&path), SCHEMA_VERSION);
    let entries = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("backup"))
        .count();
    assert_eq!(entries, 0);
}
