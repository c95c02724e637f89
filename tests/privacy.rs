//! Privacy: every file rollcall creates is private (0600) even under umask 022, and
//! erasing a person removes their data from the registry, its free pages and its WAL,
//! while the audit log keeps only a bare number and the anonymous counts stay right.

mod common;

use common::tmux::{self, Tmux, wait_until};
use common::{BIN, EVENT};
use rollcall::domain::NewAttendee;
use rollcall::store::{SCHEMA_VERSION, Store};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Run the binary under `umask 022` (what most systems give a user).
fn under_umask_022(args: &[&str]) -> Output {
    let out = Command::new("sh")
        .args(["-c", "umask 022; exec \"$0\" \"$@\"", BIN])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "rollcall {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", db.display()))
}

#[test]
fn the_database_and_its_wal_and_shm_are_private_under_umask_022() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    // A long run (a generated registry checks 1,000s of people in, one transaction
    // each), killed while its -wal and -shm exist: they are the binary's own.
    let mut child = Command::new("sh")
        .args([
            "-c",
            "umask 022; exec \"$0\" demo --db \"$1\" --size 3000",
            BIN,
        ])
        .arg(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (wal, shm) = (sidecar(&db, "-wal"), sidecar(&db, "-shm"));
    let start = Instant::now();
    while !(wal.exists() && shm.exists()) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "never saw -wal and -shm"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(Duration::from_millis(100));
    child.kill().unwrap();
    child.wait().unwrap();
    for path in [&db, &wal, &shm] {
        assert_eq!(mode(path), 0o600, "{} is personal data", path.display());
    }
}

#[test]
fn exports_backups_and_migration_copies_are_private_under_umask_022() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    under_umask_022(&["demo", "--db", db.to_str().unwrap()]);
    assert_eq!(mode(&db), 0o600);
    let mut made = Vec::new();
    for (format, ext) in [
        ("csv", "csv"),
        ("xlsx", "xlsx"),
        ("json", "json"),
        ("html", "html"),
        ("badges", "html"),
        ("sheets", "html"),
    ] {
        let target = dir.path().join(format!("out-{format}.{ext}"));
        under_umask_022(&[
            "export",
            "--db",
            db.to_str().unwrap(),
            "--event",
            EVENT,
            "--format",
            format,
            "--status",
            "all",
            "-o",
            target.to_str().unwrap(),
        ]);
        made.push(target);
    }
    let backup = dir.path().join("backup.db");
    under_umask_022(&[
        "backup",
        "--db",
        db.to_str().unwrap(),
        "-o",
        backup.to_str().unwrap(),
    ]);
    made.push(backup);

    // A registry of schema version 1 is copied aside before it is migrated.
    if SCHEMA_VERSION >= 2 {
        let old = dir.path().join("old.db");
        common::version_1_file(&old);
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o600)).unwrap();
        under_umask_022(&[
            "stats",
            "--db",
            old.to_str().unwrap(),
            "--event",
            "old-2016",
        ]);
        made.push(sidecar(&old, ".v1-backup"));
    }
    for path in &made {
        assert_eq!(mode(path), 0o600, "{} is personal data", path.display());
    }
}

/// A person nobody else could be mistaken for: every field distinctive.
const GIVEN: &str = "Quillondra";
const FAMILY: &str = "Zyxwarblethorpe";
const NATIVE: &str = "Зыксварблеторп Квиллондра";
const EMAIL: &str = "q.zyxwarblethorpe@erase-me.example";
const NEW_EMAIL: &str = "quillondra.zw@erase-me.example";
const PHONE: &str = "+976 9911 4477";
const ORGANISATION: &str = "Warblethorpe Holdings of Nowhere";

/// The raw bytes of the database and of its -wal, if any.
fn raw_bytes(db: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).unwrap();
    if let Ok(wal) = std::fs::read(sidecar(db, "-wal")) {
        bytes.extend(wal);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn stats(db: &Path) -> serde_json::Value {
    let out = Command::new(BIN)
        .args([
            "stats",
            "--db",
            db.to_str().unwrap(),
            "--event",
            EVENT,
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn present_on_day_1(stats: &serde_json::Value) -> i64 {
    stats["present_by_day"][0]["present"].as_i64().unwrap()
}

#[test]
fn erasing_a_person_leaves_no_trace_of_them_and_the_counts_stay_right() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    under_umask_022(&["demo", "--db", db.to_str().unwrap()]);

    let mut store = Store::open(&db).unwrap();
    let event = store.event_by_code(EVENT).unwrap();
    let person = store
        .add_attendee(
            event.id,
            &NewAttendee {
                honorific: "Dr".into(),
                given_name: GIVEN.into(),
                family_name: FAMILY.into(),
                native_name: NATIVE.into(),
                organisation: ORGANISATION.into(),
                email: EMAIL.into(),
                phone: PHONE.into(),
                ..NewAttendee::default()
            },
        )
        .unwrap();
    // A history: an edit (the log says from → to), a check-in at a desk, a badge.
    let mut details = person.details.clone();
    details.email = NEW_EMAIL.into();
    store.update_attendee(person.id, &details).unwrap();
    drop(store);
    let out = Command::new(BIN)
        .args(["check-in", "--db", db.to_str().unwrap(), "--event", EVENT])
        .args(["--badge", &person.badge.to_string(), "--desk", "front"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let badges = dir.path().join("badges.html");
    let out = Command::new(BIN)
        .args(["export", "--db", db.to_str().unwrap(), "--event", EVENT])
        .args(["--format", "badges", "--status", "all", "-o"])
        .arg(&badges)
        .output()
        .unwrap();
    assert!(out.status.success());
    let before = stats(&db);

    let traces = [GIVEN, FAMILY, NATIVE, EMAIL, NEW_EMAIL, PHONE, ORGANISATION];
    // The search can see them while they are registered (else it proves nothing).
    let bytes = raw_bytes(&db);
    for t in [FAMILY, NATIVE, NEW_EMAIL, PHONE] {
        assert!(contains(&bytes, t), "{t} should be in the file before");
    }

    let mut store = Store::open(&db).unwrap();
    store.delete_attendee(person.id).unwrap();
    drop(store);

    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    let (busy, _, _): (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(busy, 0, "the checkpoint completed");
    let bytes = raw_bytes(&db);
    for t in traces {
        assert!(
            !contains(&bytes, t),
            "{t:?} is still in the file (or its WAL) after the erase"
        );
    }

    // The audit log keeps the bare number and what happened, nothing they said.
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT action, detail FROM audit WHERE attendee_id = ?1 ORDER BY id")
        .unwrap()
        .query_map([person.id.0], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let actions: Vec<&str> = rows.iter().map(|(a, _)| a.as_str()).collect();
    assert!(
        actions.contains(&"check_in") && actions.last() == Some(&"erase"),
        "{actions:?}"
    );
    for (action, detail) in &rows {
        for t in traces {
            assert!(!detail.contains(t), "{action}: {detail}");
        }
    }
    drop(conn);
    let store = Store::open(&db).unwrap();
    let log = store.recent_activity(event.id, 50).unwrap();
    let theirs: Vec<_> = log
        .iter()
        .filter(|l| l.attendee == Some(person.id))
        .collect();
    assert!(!theirs.is_empty());
    for line in theirs {
        assert_eq!(line.who, format!("#{}", person.id.0), "{line:?}");
    }
    drop(store);

    // Anonymous counts: one fewer on the list, registered, attended and present.
    let after = stats(&db);
    for field in ["people", "registered", "attended"] {
        assert_eq!(
            after[field].as_i64().unwrap(),
            before[field].as_i64().unwrap() - 1,
            "{field}: {before} → {after}"
        );
    }
    assert_eq!(present_on_day_1(&after), present_on_day_1(&before) - 1);
}

#[test]
fn a_crash_log_in_the_default_place_is_private_under_umask_022() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let data = dir.path().join("data");
    std::fs::create_dir(&home).unwrap();
    let db = dir.path().join("registry.db");
    under_umask_022(&["demo", "--db", db.to_str().unwrap()]);
    let done = dir.path().join("done");
    // The hook ROLLCALL_CRASH_TEST (ui::event_loop) panics once a status toast shows.
    let script = format!(
        "umask 022; HOME={} XDG_DATA_HOME={} ROLLCALL_CRASH_TEST=1 {BIN} --db {} 2>/dev/null; \
         touch {}; sleep 30",
        home.display(),
        data.display(),
        db.display(),
        done.display()
    );
    let t = Tmux::new(dir.path());
    t.start("p", 100, 30, &script);
    t.wait_for("p", "Seminars");
    t.keys("p", &["2"]);
    t.wait_for("p", "Abdyrakhmanova");
    t.keys("p", &["c"]);
    wait_until("the crash", || done.exists());
    drop(t);
    let log = data.join("rollcall").join("rollcall.log");
    assert_eq!(mode(&log), 0o600, "the log is private");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("panicked at"), "{text}");
    for private in ["Abdyrakhmanova", "Gulnara", "Абдырахманова"] {
        assert!(!text.contains(private), "{text}");
    }
    eprintln!(
        "crash log folder {} has mode {:o}",
        log.parent().unwrap().display(),
        mode(log.parent().unwrap())
    );
}
