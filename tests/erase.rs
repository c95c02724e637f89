//! `rollcall erase`: a person removed from the command line as the TUI removes them
//! (the audit log keeps only a number, the bytes are gone from the file), and an honest
//! list of the exports and backups written since they were added, which may still
//! hold them.

mod common;
use common::{EVENT, arg, assert_ok, rollcall_in, text};

use std::path::{Path, PathBuf};
use std::process::Output;

fn demo() -> (tempfile::TempDir, PathBuf) {
    common::demo_scratch("live.db")
}

fn export_csv(dir: &Path, db: &Path, out: &str) -> Output {
    rollcall_in(
        dir,
        &[
            "export",
            "--db",
            arg(db),
            "--event",
            EVENT,
            "--format",
            "csv",
            "--status",
            "all",
            "-o",
            out,
        ],
    )
}

/// Add one person (badge 900) by importing a one-row CSV.
fn add_walk_in(dir: &Path, db: &Path) {
    let file = dir.join("late.csv");
    std::fs::write(
        &file,
        "Given name,Surname,E-mail,Badge\nZolzaya,Latecomerova,zolzaya@late.example,900\n",
    )
    .unwrap();
    assert_ok(&rollcall_in(
        dir,
        &["import", "--db", arg(db), "--event", EVENT, arg(&file)],
    ));
}

#[test]
fn erase_by_badge_removes_the_person_and_names_the_copies_written_since() {
    let (dir, db) = demo();
    let d = dir.path();
    assert_ok(&export_csv(d, &db, "early.csv"));
    add_walk_in(d, &db);
    assert_ok(&export_csv(d, &db, "later.csv"));
    assert_ok(&rollcall_in(
        d,
        &["backup", "--db", arg(&db), "-o", "later.db"],
    ));

    let o = rollcall_in(
        d,
        &[
            "erase",
            "--db",
            arg(&db),
            "--event",
            EVENT,
            "--badge",
            "900",
        ],
    );
    assert_ok(&o);
    let out = text(&o.stdout);
    assert_eq!(out.lines().count(), 1, "one line: {out}");
    assert!(out.contains("900"), "says whom: {out}");
    assert!(out.contains("may still hold them"), "{out}");
    assert!(out.contains("later.csv"), "the export written since: {out}");
    assert!(out.contains("later.db"), "the backup written since: {out}");
    assert!(
        !out.contains("early.csv"),
        "an export from before they were added cannot hold them: {out}"
    );

    // Gone: exports no longer list them, the desk does not find them.
    let now = rollcall_in(
        d,
        &[
            "export",
            "--db",
            arg(&db),
            "--event",
            EVENT,
            "--format",
            "csv",
            "--status",
            "all",
        ],
    );
    assert_ok(&now);
    assert!(!text(&now.stdout).contains("Latecomerova"));
    let check_in = rollcall_in(
        d,
        &[
            "check-in",
            "--db",
            arg(&db),
            "--event",
            EVENT,
            "--badge",
            "900",
        ],
    );
    assert_eq!(check_in.status.code(), Some(1));

    // The audit log keeps a bare number; the name is not in the file's bytes.
    let said = common::count(
        &db,
        "SELECT count(*) FROM audit WHERE detail LIKE '%Latecomerova%'",
    );
    assert_eq!(said, 0);
    let bytes = std::fs::read(&db).unwrap();
    let needle = b"Latecomerova";
    assert!(
        !bytes.windows(needle.len()).any(|w| w == needle),
        "secure_delete: the name is not in the file"
    );
}

#[test]
fn erasing_someone_from_the_start_names_every_copy() {
    let (dir, db) = demo();
    let d = dir.path();
    assert_ok(&export_csv(d, &db, "early.csv"));
    let o = rollcall_in(
        d,
        &["erase", "--db", arg(&db), "--event", EVENT, "--badge", "1"],
    );
    assert_ok(&o);
    let out = text(&o.stdout);
    assert!(out.contains("early.csv"), "{out}");
}

#[test]
fn erase_with_no_copies_says_so() {
    let (dir, db) = demo();
    let o = rollcall_in(
        dir.path(),
        &["erase", "--db", arg(&db), "--event", EVENT, "--badge", "2"],
    );
    assert_ok(&o);
    let out = text(&o.stdout);
    assert_eq!(out.lines().count(), 1, "one line: {out}");
    assert!(!out.contains("may still hold them"), "{out}");
}

#[test]
fn erase_of_an_unknown_badge_fails_and_changes_nothing() {
    let (dir, db) = demo();
    let before = std::fs::read(&db).unwrap();
    let o = rollcall_in(
        dir.path(),
        &[
            "erase",
            "--db",
            arg(&db),
            "--event",
            EVENT,
            "--badge",
            "4242",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "stderr: {}", text(&o.stderr));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains("4242"), "names the badge: {err}");
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing changed");
}

/// The TUI's delete names the copies too, in the status line.
#[test]
fn the_tuis_erase_names_the_copies_that_may_still_hold_them() {
    use common::app::*;
    use crossterm::event::KeyCode;
    let (dir, db) = demo();
    let csv = dir.path().join("roster.csv");
    assert_ok(&rollcall_in(
        dir.path(),
        &[
            "export",
            "--db",
            arg(&db),
            "--event",
            EVENT,
            "--format",
            "csv",
            "-o",
            arg(&csv),
        ],
    ));
    let store = rollcall::store::Store::open(&db).unwrap();
    let mut app = app_on(store, "desk-1", false, &TestClock::new(nine_twelve()));
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Enter);
    let status = app.toast.clone().expect("a status line").text;
    assert!(status.starts_with("Erased; 1 copy"), "{status}");
    assert!(status.contains("roster.csv"), "{status}");
}
