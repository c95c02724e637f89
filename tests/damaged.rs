//! Damaged and foreign files, and files rollcall may not write: each gets one clear
//! error line (no panic, no backtrace), a non-zero exit where it cannot go on, and the
//! file is never deleted, rewritten or "repaired".
//!
//! Permissions mean nothing to root: the read-only cases run the binary as `nobody`
//! (setpriv or runuser) when the tests run as root, and skip with a note when that is
//! impossible. The full-disk case mounts a small tmpfs in a private mount namespace
//! (`unshare -m`) and skips when that is not allowed.

mod common;

use common::tmux::{self, Tmux, wait_until};
use common::unprivileged::Sandbox;
use common::{BIN, EVENT, connect, count, listing, rollcall_cmd, set_mode, text};
use rollcall::domain::{NewAttendee, Status};
use rollcall::store::{DelegationRef, SCHEMA_VERSION, Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `rollcall ARGS` with backtraces asked for: none may reach stderr all the same.
fn rollcall(args: &[&str]) -> Output {
    rollcall_cmd(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap()
}

fn check_in(db: &Path, badge: u32) -> Output {
    rollcall(&[
        "check-in",
        "--db",
        db.to_str().unwrap(),
        "--event",
        EVENT,
        "--badge",
        &badge.to_string(),
    ])
}

fn export_csv(db: &Path) -> Output {
    rollcall(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--event",
        EVENT,
        "--format",
        "csv",
    ])
}

/// A failure as UX.md promises it: non-zero exit, exactly one line on stderr beginning
/// "rollcall: ", no panic or backtrace, nothing on stdout. Returns the line.
#[track_caller]
fn one_clear_line(out: &Output, what: &str) -> String {
    let err = text(&out.stderr);
    assert!(
        !out.status.success(),
        "{what}: should fail; stdout {}",
        text(&out.stdout)
    );
    for bad in ["panicked", "RUST_BACKTRACE", "backtrace", "stack backtrace"] {
        assert!(!err.contains(bad), "{what}: {bad:?} in stderr:\n{err}");
    }
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{what}: one line on stderr, got:\n{err}");
    assert!(lines[0].starts_with("rollcall: "), "{what}: {err}");
    assert!(
        out.stdout.is_empty(),
        "{what}: stdout {}",
        text(&out.stdout)
    );
    lines[0].to_string()
}

fn integrity(db: &Path) -> String {
    connect(db)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// A healthy registry (the sample seminar plus `extra` people whose e-mail addresses
/// are `person{i}@damaged.example`), closed, so that its bytes are all in the file.
fn healthy(dir: &Path, name: &str, extra: u32) -> PathBuf {
    let path = dir.join(name);
    let mut store = Store::create_or_open(&path).unwrap();
    rollcall::demo::write_sample(&mut store).unwrap();
    if extra > 0 {
        let event = store.event_by_code(EVENT).unwrap();
        let people: Vec<_> = (0..extra)
            .map(|i| {
                let person = NewAttendee {
                    given_name: format!("Given{i}"),
                    family_name: format!("Family{i}"),
                    organisation: "An organisation that makes the rows longer".into(),
                    email: format!("person{i}@damaged.example"),
                    status: Status::Registered,
                    ..NewAttendee::default()
                };
                (DelegationRef::None, person)
            })
            .collect();
        store.import_people(event.id, &[], &people).unwrap();
    }
    drop(store);
    assert!(!dir.join(format!("{name}-wal")).exists(), "closed cleanly");
    path
}

/// A damaged or foreign file: both a write (check-in) and a read (export) are refused
/// with one line naming the file and saying what it is; the file is byte-for-byte as
/// it was and nothing appears beside it.
#[track_caller]
fn refused_untouched(dir: &Path, name: &str, bytes: &[u8], says: &[&str]) {
    let case = dir.join(name);
    std::fs::create_dir(&case).unwrap();
    let file = case.join(name);
    std::fs::write(&file, bytes).unwrap();
    let before = listing(&case);
    for (what, out) in [
        ("check-in", check_in(&file, 1)),
        ("export", export_csv(&file)),
    ] {
        let what = format!("{name}, {what}");
        let line = one_clear_line(&out, &what);
        assert!(line.contains(name), "{what}: names the file: {line}");
        assert!(
            says.iter().any(|s| line.contains(s)),
            "{what}: says one of {says:?}: {line}"
        );
        assert!(
            std::fs::read(&file).unwrap() == bytes,
            "{what}: the file was changed"
        );
        assert_eq!(listing(&case), before, "{what}: nothing beside it");
    }
}

#[test]
fn damaged_and_foreign_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let real = std::fs::read(healthy(dir.path(), "healthy.db", 0)).unwrap();
    let not_sqlite = ["not a rollcall registry"];

    refused_untouched(
        dir.path(),
        "notes.db",
        &b"Shopping: milk, bread, 3 eggs.\nCall the venue about the chairs.\n".repeat(100),
        &not_sqlite,
    );
    refused_untouched(
        dir.path(),
        "people.db",
        &b"First name,Last name,Email\nAnna,Berg,anna@example.org\n".repeat(200),
        &not_sqlite,
    );
    refused_untouched(
        dir.path(),
        "truncated.db",
        &real[..1000],
        &["malformed", "damaged", "not a rollcall registry"],
    );
    let mut header = real.clone();
    header[..16].copy_from_slice(b"NOT A DB HEADER!");
    refused_untouched(dir.path(), "header.db", &header, &not_sqlite);

    // A registry of a newer rollcall.
    let newer = dir.path().join("newer-source.db");
    std::fs::write(&newer, &real).unwrap();
    connect(&newer)
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let newer_bytes = std::fs::read(&newer).unwrap();
    refused_untouched(
        dir.path(),
        "newer.db",
        &newer_bytes,
        &[&format!("schema version {}", SCHEMA_VERSION + 1)],
    );

    // Another application's SQLite database.
    let other = dir.path().join("other-source.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch(
        "CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT);
         INSERT INTO recipes (name) VALUES ('borscht'), ('buuz');",
    )
    .unwrap();
    drop(conn);
    let other_bytes = std::fs::read(&other).unwrap();
    refused_untouched(
        dir.path(),
        "other.db",
        &other_bytes,
        &["another application"],
    );
}

/// The sample seminar plus 3,000 people, with garbage written over one page of the
/// attendees table in the middle of the file (the page holding person 1500's e-mail
/// address, which no index holds). Returns (file, page number).
fn damaged_page(dir: &Path) -> (PathBuf, usize) {
    let file = healthy(dir, "damaged.db", 3000);
    let page_size = count(&file, "PRAGMA page_size") as usize;
    let pages = std::fs::metadata(&file).unwrap().len() as usize / page_size;
    let page = common::scramble_page_holding(&file, b"person1500@damaged.example");
    assert!(page > 2 && page < pages - 2, "a middle page");
    (file, page + 1)
}

#[test]
fn an_export_of_a_registry_with_a_damaged_page_fails_clearly_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (file, page) = damaged_page(dir.path());
    let before = std::fs::read(&file).unwrap();
    let target = dir.path().join("roster.csv");
    let out = rollcall(&[
        "export",
        "--db",
        file.to_str().unwrap(),
        "--event",
        EVENT,
        "--format",
        "csv",
        "--status",
        "all",
        "-o",
        target.to_str().unwrap(),
    ]);
    let line = one_clear_line(&out, &format!("export, page {page} damaged"));
    assert!(
        ["malformed", "damaged", "corrupt"]
            .iter()
            .any(|w| line.contains(w)),
        "says the file is damaged: {line}"
    );
    assert!(!target.exists(), "no export file");
    assert!(
        std::fs::read(&file).unwrap() == before,
        "the registry was changed"
    );
}

#[test]
fn a_check_in_on_a_registry_with_a_damaged_page_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (file, page) = damaged_page(dir.path());
    let before = std::fs::read(&file).unwrap();
    let files = listing(dir.path());
    // Badge 1 (the sample's first person) lives on an early page: the damaged one is
    // not on the path of this check-in, only quick_check at open can find it.
    let out = check_in(&file, 1);
    let line = one_clear_line(&out, &format!("check-in, page {page} damaged"));
    assert!(
        ["malformed", "damaged", "corrupt"]
            .iter()
            .any(|w| line.contains(w)),
        "says the file is damaged: {line}"
    );
    assert!(line.contains("damaged.db"), "names the file: {line}");
    assert!(
        std::fs::read(&file).unwrap() == before,
        "the registry was changed"
    );
    assert_eq!(listing(dir.path()), files);
}

// ---- read-only file, read-only folder: as an unprivileged user ----

fn check_in_as(sandbox: &Sandbox) -> Output {
    sandbox.run(&[
        "check-in",
        "--db",
        sandbox.db.to_str().unwrap(),
        "--event",
        EVENT,
        "--badge",
        "1",
    ])
}

fn export_as(sandbox: &Sandbox) -> Output {
    sandbox.run(&[
        "export",
        "--db",
        sandbox.db.to_str().unwrap(),
        "--event",
        EVENT,
        "--format",
        "csv",
        "--status",
        "all",
    ])
}

/// A folder the unprivileged user can reach, with a copy of a healthy registry in it.
fn healthy_sandbox(test: &str) -> Option<Sandbox> {
    Sandbox::new(test, |dir, name| healthy(dir, name, 0))
}

/// The registry file is read-only (`chmod a-w`) in a folder its owner may write.
fn read_only_file(test: &str) -> Option<Sandbox> {
    let sandbox = healthy_sandbox(test)?;
    sandbox.give_away(&sandbox.dir);
    sandbox.give_away(&sandbox.db);
    set_mode(&sandbox.db, 0o444);
    Some(sandbox)
}

#[test]
fn a_read_only_registry_refuses_a_check_in_and_stays_unchanged() {
    let Some(sandbox) = read_only_file("read-only file") else {
        return;
    };
    let out = check_in_as(&sandbox);
    let line = one_clear_line(&out, "check-in on a read-only file");
    assert!(
        line.contains("read-only") || line.contains("readonly"),
        "says it is read-only: {line}"
    );
    assert!(sandbox.unchanged(), "the registry was changed");
    // Reading works: the export is whole.
    let out = export_as(&sandbox);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = csv::Reader::from_reader(&out.stdout[..]).records().count();
    assert_eq!(rows, 71);
    assert!(sandbox.unchanged(), "the registry was changed");
}

#[test]
fn a_registry_made_writable_again_takes_check_ins_again() {
    let Some(sandbox) = read_only_file("read-only file, then writable") else {
        return;
    };
    let before = listing(&sandbox.dir);
    let out = check_in_as(&sandbox);
    one_clear_line(&out, "check-in on a read-only file");
    let left = listing(&sandbox.dir);
    set_mode(&sandbox.db, 0o644);
    let out = check_in_as(&sandbox);
    assert!(
        out.status.success() && text(&out.stdout).starts_with("checked in:"),
        "the file is writable again, yet: {}{}\n(files before: {before:?}, after the refusal: \
         {left:?})",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn a_registry_in_a_read_only_folder_is_refused_clearly_and_stays_unchanged() {
    let Some(sandbox) = healthy_sandbox("read-only folder") else {
        return;
    };
    // The file is the user's and writable, but its folder is not: no -wal, no -shm.
    sandbox.give_away(&sandbox.db);
    set_mode(&sandbox.db, 0o600);
    if sandbox.prefix.is_empty() {
        set_mode(&sandbox.dir, 0o555);
    }
    let before = listing(&sandbox.dir);
    let out = check_in_as(&sandbox);
    let line = one_clear_line(&out, "check-in in a read-only folder");
    assert!(line.contains("registry.db"), "names the file: {line}");
    assert!(
        line.contains("read-only") || line.contains("readonly"),
        "{line}"
    );
    let out = export_as(&sandbox);
    if !out.status.success() {
        let line = one_clear_line(&out, "export in a read-only folder");
        assert!(line.contains("registry.db"), "names the file: {line}");
    }
    assert!(sandbox.unchanged(), "the registry was changed");
    assert_eq!(listing(&sandbox.dir), before, "nothing beside it");
    if sandbox.prefix.is_empty() {
        set_mode(&sandbox.dir, 0o755);
    }
}

// ---- full disk, file-size limit ----

/// A CSV of `rows` new people: far more than the room left.
fn big_csv(path: &Path, rows: usize) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(["First name", "Last name", "Email", "Organisation"])
        .unwrap();
    for i in 0..rows {
        w.write_record([
            format!("Given{i}"),
            format!("Newcomer{i}"),
            format!("newcomer{i}@full.example"),
            "An organisation with a name long enough to fill pages quickly".into(),
        ])
        .unwrap();
    }
    w.flush().unwrap();
}

/// A registry with one check-in (badge 1) made before the disk fills.
fn registry_with_a_check_in(dir: &Path) -> PathBuf {
    let db = healthy(dir, "registry.db", 0);
    let out = check_in(&db, 1);
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
}

#[track_caller]
fn earlier_work_intact(db: &Path) {
    assert_eq!(integrity(db), "ok");
    assert_eq!(
        count(db, "SELECT count(*) FROM attendees"),
        71,
        "nothing imported"
    );
    assert_eq!(
        count(
            db,
            "SELECT count(*) FROM checkins c JOIN attendees a ON a.id = c.attendee_id
             WHERE a.badge = 1"
        ),
        1,
        "the earlier check-in is intact"
    );
}

/// `rollcall import` under `ulimit -f` with SIGXFSZ ignored, so that writes past the
/// limit fail with EFBIG instead of killing the process.
fn import_under_file_size_limit(dir: &Path) -> (PathBuf, Output) {
    let db = registry_with_a_check_in(dir);
    let csv = dir.join("big.csv");
    big_csv(&csv, 3000);
    // 400 blocks: 200 KiB for dash (512-byte blocks), 400 KiB for bash: either way above
    // the registry (~100 KiB) and far below what 3,000 people need in the WAL.
    let out = Command::new("sh")
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 400 && exec \"$0\" import --db \"$1\" --event \"$2\" \"$3\"",
            BIN,
            db.to_str().unwrap(),
            EVENT,
            csv.to_str().unwrap(),
        ])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    (db, out)
}

#[test]
fn a_file_size_limit_fails_the_import_cleanly_and_keeps_earlier_check_ins() {
    let dir = tempfile::tempdir().unwrap();
    let (db, out) = import_under_file_size_limit(dir.path());
    let line = one_clear_line(&out, "import past the file-size limit");
    assert!(line.contains("nothing was imported"), "{line}");
    earlier_work_intact(&db);
}

#[test]
fn a_file_size_limit_is_reported_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, out) = import_under_file_size_limit(dir.path());
    let line = one_clear_line(&out, "import past the file-size limit");
    assert!(
        [
            "disk is full",
            "too large",
            "file size",
            "cannot grow",
            "cannot write"
        ]
        .iter()
        .any(|w| line.contains(w)),
        "says why it cannot write: {line}"
    );
}

#[test]
fn a_full_disk_fails_the_import_clearly_and_keeps_earlier_check_ins() {
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    std::fs::create_dir(&probe).unwrap();
    let can_mount = Command::new("unshare")
        .args(["-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$0\""])
        .arg(&probe)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !can_mount {
        eprintln!("full disk: skipped: cannot mount a tmpfs in a private mount namespace");
        return;
    }
    let db = registry_with_a_check_in(dir.path());
    let csv = dir.path().join("big.csv");
    big_csv(&csv, 3000);
    let small = dir.path().join("small");
    let after = dir.path().join("after");
    std::fs::create_dir(&small).unwrap();
    std::fs::create_dir(&after).unwrap();
    // In a private mount namespace: a 256 KiB tmpfs holding the registry (~100 KiB),
    // the import, then the registry copied out for inspection (the tmpfs vanishes
    // with the namespace).
    let script = "mount -t tmpfs -o size=256k tmpfs \"$1\" || exit 99
        cp \"$3\" \"$1\"/registry.db || exit 98
        \"$0\" import --db \"$1\"/registry.db --event \"$4\" \"$5\"
        rc=$?
        cp \"$1\"/registry.db* \"$2\"/ || exit 97
        exit $rc";
    let out = Command::new("unshare")
        .args(["-m", "sh", "-c", script, BIN])
        .args([&small, &after, &db])
        .arg(EVENT)
        .arg(&csv)
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    assert!(
        !matches!(out.status.code(), Some(97..=99)),
        "the sandbox failed: {out:?}"
    );
    let line = one_clear_line(&out, "import onto a full disk");
    assert!(line.contains("disk is full"), "{line}");
    assert!(line.contains("nothing was imported"), "{line}");
    earlier_work_intact(&after.join("registry.db"));
}

// ---- the TUI on a damaged file: the terminal is left as it was ----

#[test]
fn the_tui_refuses_a_damaged_file_and_leaves_the_terminal_sane() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.db");
    let content = b"not a database at all\n".repeat(50);
    std::fs::write(&file, &content).unwrap();
    let command = format!(
        "{BIN} --db {}; echo \"exit=$?\"; stty -a; sleep 30",
        file.display()
    );
    let t = Tmux::new(dir.path());
    t.start("d", 200, 50, &command);
    let mut screen = String::new();
    wait_until("the exit status and stty -a", || {
        screen = t.run(&["capture-pane", "-p", "-J", "-t", "d"]);
        screen.contains("exit=") && screen.contains("icanon")
    });
    drop(t);
    assert!(screen.contains("exit=1"), "{screen}");
    assert!(screen.contains("not a rollcall registry"), "{screen}");
    // Cooked mode, echo on: the terminal is as the shell left it.
    let words: Vec<&str> = screen.split_whitespace().collect();
    for sane in ["icanon", "echo", "isig", "icrnl"] {
        assert!(words.contains(&sane), "stty lacks {sane}:\n{screen}");
    }
    assert!(std::fs::read(&file).unwrap() == content);
}
