//! The command line, on the real binary: exit codes, what goes to stdout and stderr,
//! and what happens (or does not happen) to files.

mod common;

use common::{EVENT, arg, assert_ok, listing, mode, rollcall};
use std::path::PathBuf;
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A failure reported the way UX.md promises: non-zero, one line on stderr, nothing on
/// stdout. Returns that line.
fn assert_one_line_failure(o: &Output) -> String {
    assert!(
        !o.status.success(),
        "expected failure, got success\nstdout: {}",
        stdout(o)
    );
    let err = stderr(o);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line on stderr, got:\n{err}");
    assert!(stdout(o).is_empty(), "nothing on stdout: {}", stdout(o));
    lines[0].to_string()
}

/// A scratch folder with the sample seminar written into demo.db.
fn demo_db() -> (tempfile::TempDir, PathBuf) {
    common::demo_scratch("demo.db")
}

#[test]
fn demo_writes_the_sample_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = rollcall(&["demo", "--db", arg(&db)]);
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.contains(EVENT), "{text}");
    assert!(text.contains("12 delegations"), "{text}");
    assert!(text.contains("71 people"), "{text}");
    assert!(db.exists());
}

#[test]
fn the_database_is_private() {
    let (_dir, db) = demo_db();
    assert_eq!(mode(&db), 0o600, "the registry is personal data");
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", db.display()));
        if side.exists() {
            assert_eq!(mode(&side), 0o600, "{} is private too", side.display());
        }
    }
}

#[test]
fn demo_without_db_fails_clearly() {
    let out = rollcall(&["demo"]);
    let line = assert_one_line_failure(&out);
    assert!(line.contains("--db"), "names what is missing: {line}");
}

#[test]
fn a_text_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("garbage-file");
    let content = b"this is not a database, just some notes\nsecond line\n".repeat(200);
    std::fs::write(&file, &content).unwrap();
    let before = listing(dir.path());
    let out = rollcall(&[
        "check-in",
        "--db",
        arg(&file),
        "--event",
        EVENT,
        "--badge",
        "1",
    ]);
    let line = assert_one_line_failure(&out);
    assert!(line.contains("garbage-file"), "names the file: {line}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        content,
        "byte-for-byte unchanged"
    );
    assert_eq!(
        listing(dir.path()),
        before,
        "no -wal, -shm or backup left beside it"
    );
}

#[test]
fn a_newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("future.db");
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch(
            "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT);
             INSERT INTO things (name) VALUES ('from the future');
             PRAGMA user_version = 99;",
        )
        .unwrap();
    }
    let content = std::fs::read(&file).unwrap();
    let before = listing(dir.path());
    let out = rollcall(&[
        "check-in",
        "--db",
        arg(&file),
        "--event",
        EVENT,
        "--badge",
        "1",
    ]);
    let line = assert_one_line_failure(&out);
    assert!(line.contains("future.db"), "names the file: {line}");
    assert!(line.contains("99"), "names the version found: {line}");
    let supported = rollcall::store::SCHEMA_VERSION.to_string();
    assert!(
        line.replace("99", "").contains(&supported),
        "names the version this binary knows ({supported}): {line}"
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        content,
        "byte-for-byte unchanged"
    );
    assert_eq!(listing(dir.path()), before, "nothing created beside it");
}

#[test]
fn check_in_twice_is_not_an_error() {
    let (_dir, db) = demo_db();
    let args = [
        "check-in",
        "--db",
        arg(&db),
        "--event",
        EVENT,
        "--badge",
        "1",
    ];
    let first = rollcall(&args);
    assert_ok(&first);
    let text = stdout(&first);
    assert!(text.starts_with("checked in"), "{text}");
    assert!(
        text.contains("BATMUNKH") || text.contains("Batmunkh"),
        "{text}"
    );

    let second = rollcall(&args);
    assert_ok(&second);
    let text = stdout(&second);
    assert!(text.starts_with("already checked in"), "{text}");
}

#[test]
fn check_in_of_an_unknown_badge_fails() {
    let (_dir, db) = demo_db();
    let out = rollcall(&[
        "check-in",
        "--db",
        arg(&db),
        "--event",
        EVENT,
        "--badge",
        "999",
    ]);
    let line = assert_one_line_failure(&out);
    assert!(line.contains("no one with badge 999"), "{line}");
}

#[test]
fn check_in_at_an_unknown_event_fails() {
    let (_dir, db) = demo_db();
    let out = rollcall(&[
        "check-in",
        "--db",
        arg(&db),
        "--event",
        "atlantis-1999",
        "--badge",
        "1",
    ]);
    let line = assert_one_line_failure(&out);
    assert!(line.contains("atlantis-1999"), "names the code: {line}");
}

#[test]
fn backup_is_a_private_sound_copy() {
    let (dir, db) = demo_db();
    let backup = dir.path().join("copy.db");
    let out = rollcall(&["backup", "--db", arg(&db), "-o", arg(&backup)]);
    assert_ok(&out);
    assert_eq!(mode(&backup), 0o600, "the backup is personal data");
    let conn =
        rusqlite::Connection::open_with_flags(&backup, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let people: i64 = conn
        .query_row("SELECT count(*) FROM attendees", [], |r| r.get(0))
        .unwrap();
    assert_eq!(people, 71);
    // The copy is a registry the binary opens like any other.
    let out = rollcall(&[
        "check-in",
        "--db",
        arg(&backup),
        "--event",
        EVENT,
        "--badge",
        "2",
    ]);
    assert_ok(&out);
}

#[test]
fn help_lists_the_subcommands() {
    let out = rollcall(&["--help"]);
    assert_ok(&out);
    let text = stdout(&out);
    for sub in ["demo", "import", "export", "check-in", "stats", "backup"] {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(&format!("{sub} "))),
            "--help lists {sub}:\n{text}"
        );
    }
    assert!(text.contains("--db"), "{text}");
}
