//! Which files rollcall opens, and how (issue 11): only a missing path becomes a new
//! registry; an empty or foreign file is refused by every command and by the TUI with
//! one line, left byte-for-byte and mode-for-mode as it was; a registry others can
//! read is made private and the user is told; a registry in a read-only folder or on
//! a read-only mount can be read, and a write is refused naming the folder.
//!
//! Permissions mean nothing to root: the read-only folder cases run the binary as
//! `nobody` (setpriv or runuser) when the tests run as root, and skip with a note
//! when that is impossible; the read-only mount case needs `unshare -m` and skips
//! without it.

mod common;

use common::tmux::{self, Tmux};
use common::unprivileged::Sandbox;
use common::{
    BIN, EVENT, demo_registry, listing, mode, one_line_failure, rollcall, set_mode, text,
};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Every command, each given `db`: what it is called and its arguments.
fn every_command(db: &Path, dir: &Path) -> Vec<(&'static str, Vec<String>)> {
    let csv = dir.join("people.csv");
    std::fs::write(&csv, "First name,Last name\nAnna,Berg\n").unwrap();
    let db = db.to_str().unwrap();
    let commands: [(&str, &[&str]); 6] = [
        ("stats", &["stats", "--event", EVENT]),
        ("export", &["export", "--event", EVENT, "--format", "csv"]),
        ("backup", &["backup", "-o", "/dev/null/never"]),
        ("check-in", &["check-in", "--event", EVENT, "--badge", "1"]),
        (
            "import",
            &["import", "--event", EVENT, csv.to_str().unwrap()],
        ),
        ("demo", &["demo"]),
    ];
    commands
        .into_iter()
        .map(|(name, args)| {
            let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            args.extend(["--db".to_string(), db.to_string()]);
            (name, args)
        })
        .collect()
}

/// `file` (already written) is refused by every command and by the TUI with the line
/// `<file>: <says>…`, and is left exactly as it was: bytes, mode, nothing beside it.
#[track_caller]
fn refused_by_everyone(file: &Path, says: &str) {
    let dir = file.parent().unwrap();
    let bytes = std::fs::read(file).unwrap();
    set_mode(file, 0o644);
    let commands = every_command(file, dir);
    let before = listing(dir);
    let tui = vec!["--db".to_string(), file.to_str().unwrap().to_string()];
    for (name, args) in commands
        .iter()
        .map(|(n, a)| (*n, a))
        .chain([("the TUI", &tui)])
    {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let line = one_line_failure(&rollcall(&args), name);
        let expected = format!("rollcall: {}: {says}", file.display());
        assert!(
            line.starts_with(&expected),
            "{name}: {line}\nexpected {expected}…"
        );
        assert!(
            std::fs::read(file).unwrap() == bytes,
            "{name}: the file was changed"
        );
        assert_eq!(mode(file), 0o644, "{name}: the file's mode was changed");
        assert_eq!(listing(dir), before, "{name}: something appeared beside it");
    }
}

#[test]
fn an_empty_file_is_refused_untouched_by_every_command_and_the_tui() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("empty.db");
    std::fs::File::create(&file).unwrap();
    refused_by_everyone(&file, "empty file, not a registry");
}

#[test]
fn an_sqlite_file_of_another_application_is_refused_untouched_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("recipes.db");
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch(
        "CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT);
         INSERT INTO recipes (name) VALUES ('borscht'), ('buuz');",
    )
    .unwrap();
    drop(conn);
    refused_by_everyone(&file, "not a rollcall registry (another application's");
}

#[test]
fn an_sqlite_file_without_tables_is_not_made_into_a_registry() {
    // A database file another tool started (its header, no tables yet): older rollcall
    // took it for a new registry and filled it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("started.db");
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch("PRAGMA page_size = 4096; VACUUM;")
        .unwrap();
    drop(conn);
    assert!(std::fs::metadata(&file).unwrap().len() > 0);
    refused_by_everyone(&file, "not a rollcall registry");
}

#[test]
fn a_text_file_and_a_folder_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.db");
    std::fs::write(&file, b"Call the venue about the chairs.\n".repeat(200)).unwrap();
    refused_by_everyone(&file, "not a rollcall registry (not an SQLite database");

    let folder = dir.path().join("a-folder.db");
    std::fs::create_dir(&folder).unwrap();
    let line = one_line_failure(
        &rollcall(&["stats", "--db", folder.to_str().unwrap(), "--event", EVENT]),
        "stats on a folder",
    );
    assert_eq!(
        line,
        format!(
            "rollcall: {}: not a rollcall registry (a folder); it was left as it is",
            folder.display()
        )
    );
}

#[test]
fn demo_creates_a_registry_only_where_nothing_is() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::File::create(&empty).unwrap();
    let line = one_line_failure(
        &rollcall(&["demo", "--db", empty.to_str().unwrap()]),
        "demo on an empty file",
    );
    assert!(line.contains("empty file, not a registry"), "{line}");
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);

    // Where nothing is, it writes a whole private registry and leaves nothing else.
    let db = demo_registry(dir.path(), "new.db");
    assert_eq!(mode(&db), 0o600);
    assert_eq!(listing(dir.path()), ["empty.db", "new.db"]);
    let out = rollcall(&["stats", "--db", db.to_str().unwrap(), "--event", EVENT]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn a_registry_readable_by_others_is_made_private_and_the_user_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_registry(dir.path(), "registry.db");
    set_mode(&db, 0o644);
    let out = rollcall(&["stats", "--db", db.to_str().unwrap(), "--event", EVENT]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("People on the list"));
    assert_eq!(
        text(&out.stderr),
        format!(
            "rollcall: {} was readable by others; now 0600\n",
            db.display()
        )
    );
    assert_eq!(mode(&db), 0o600);
    for side in listing(dir.path()) {
        assert_eq!(mode(&dir.path().join(&side)), 0o600, "{side}");
    }
    // Said once: the next command has nothing to say.
    let out = rollcall(&["stats", "--db", db.to_str().unwrap(), "--event", EVENT]);
    assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");
}

#[test]
fn the_tui_says_in_its_status_line_that_a_registry_was_made_private() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_registry(dir.path(), "registry.db");
    set_mode(&db, 0o640);
    let t = Tmux::new(dir.path());
    t.start(
        "s",
        200,
        40,
        &format!("{BIN} --db {}; sleep 30", db.display()),
    );
    t.wait_for("s", "was readable by others; now 0600");
    assert_eq!(mode(&db), 0o600);
}

// ---- read-only folders and mounts ----

/// A registry, writable by the user who runs the binary, in a folder that user
/// cannot write (chmod 555, or root's folder for `nobody`); `None` (after a note) when
/// the binary cannot run unprivileged here.
fn read_only_folder(test: &str) -> Option<Sandbox> {
    let f = Sandbox::new(test, demo_registry)?;
    f.give_away(&f.db);
    set_mode(&f.dir, 0o555);
    Some(f)
}

#[track_caller]
fn assert_unchanged(f: &Sandbox, what: &str) {
    assert!(f.unchanged(), "{what}: the registry was changed");
    assert_eq!(listing(&f.dir), ["registry.db"], "{what}: files beside it");
}

#[test]
fn a_registry_in_a_read_only_folder_is_read_and_a_write_names_the_folder() {
    let Some(f) = read_only_folder("read-only folder") else {
        return;
    };
    let out = f.run(&f.with_db(&["stats", "--event", EVENT, "--json"]));
    assert!(out.status.success(), "stats: {}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "stats: {}", text(&out.stderr));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(stats.to_string().contains("71"), "{stats}");

    let out = f.run(&f.with_db(&[
        "export", "--event", EVENT, "--format", "csv", "--status", "all",
    ]));
    assert!(out.status.success(), "export: {}", text(&out.stderr));
    assert_eq!(
        csv::Reader::from_reader(&out.stdout[..]).records().count(),
        71
    );
    assert_unchanged(&f, "after reading");

    let out = f.run(&f.with_db(&["check-in", "--event", EVENT, "--badge", "1"]));
    let line = one_line_failure(&out, "check-in");
    assert_eq!(
        line,
        format!(
            "rollcall: cannot write: folder {} is read-only; nothing was saved to registry.db",
            f.dir.display()
        )
    );
    assert_unchanged(&f, "after the check-in");
}

#[test]
fn the_tui_in_a_read_only_folder_says_read_only_and_a_check_in_names_the_folder() {
    if !tmux::available() {
        return;
    }
    let Some(f) = read_only_folder("the TUI in a read-only folder") else {
        return;
    };
    let t = Tmux::new(f.root.path());
    t.start(
        "s",
        220,
        40,
        &format!(
            "{} --desk front --db {}; sleep 30",
            f.command(),
            f.db.display()
        ),
    );
    t.wait_for("s", "READ-ONLY");
    t.wait_for("s", "Name or badge:");
    t.keys("s", &["1", "Enter"]);
    let screen = t.wait_for("s", "cannot write: folder");
    assert!(screen.contains("read-only"), "{screen}");
    assert_unchanged(&f, "after the TUI");
}

#[test]
fn a_registry_whose_last_changes_cannot_be_read_in_a_read_only_folder_is_refused() {
    let Some(f) = read_only_folder("read-only folder with a -wal") else {
        return;
    };
    // A desk's commits still in the -wal (it was killed, or is still running), no
    // -shm: an old view of the registry would miss them, so none is shown.
    set_mode(&f.dir, 0o755);
    let writer = rusqlite::Connection::open(&f.db).unwrap();
    writer
        .execute_batch(
            "PRAGMA wal_autocheckpoint = 0;
             UPDATE attendees SET notes = 'arrived by the night train' WHERE badge = 1;",
        )
        .unwrap();
    let wal = f.dir.join("registry.db-wal");
    let wal_bytes = std::fs::read(&wal).unwrap();
    drop(writer); // checkpoints and removes the -wal and -shm …
    std::fs::write(&wal, &wal_bytes).unwrap(); // … and this puts the -wal back
    std::fs::write(&f.db, &f.original).unwrap();
    if !f.prefix.is_empty() {
        std::os::unix::fs::chown(&wal, Some(65534), Some(65534)).unwrap();
    }
    set_mode(&f.dir, 0o555);

    let out = f.run(&f.with_db(&["stats", "--event", EVENT]));
    let line = one_line_failure(&out, "stats");
    assert!(
        line.contains("its latest changes are in its -wal file"),
        "{line}"
    );
    assert!(
        line.contains(&format!("folder {} is read-only", f.dir.display())),
        "{line}"
    );
    assert!(std::fs::read(&f.db).unwrap() == f.original);
    assert!(std::fs::read(&wal).unwrap() == wal_bytes);
}

#[test]
fn a_registry_on_a_read_only_mount_is_read_and_a_write_names_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("stick");
    std::fs::create_dir(&folder).unwrap();
    let db = demo_registry(&folder, "registry.db");
    let original = std::fs::read(&db).unwrap();
    // Each command in a mount namespace of its own, where the folder is mounted
    // read-only over itself: what a write-protected USB stick looks like.
    let on_read_only_mount = |args: &[&str]| {
        let script = r#"mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" || exit 99; shift; exec "$@""#;
        let mut all = vec![
            "-m",
            "sh",
            "-c",
            script,
            "sh",
            folder.to_str().unwrap(),
            BIN,
        ];
        all.extend_from_slice(args);
        run("unshare", &all)
    };
    let probe = on_read_only_mount(&["--version"]);
    if !probe.status.success() {
        eprintln!(
            "read-only mount: skipped: unshare -m and mount are not allowed here ({})",
            text(&probe.stderr).trim()
        );
        return;
    }
    let db_arg = db.to_str().unwrap();
    let out = on_read_only_mount(&["stats", "--db", db_arg, "--event", EVENT]);
    assert!(out.status.success(), "stats: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("People on the list"));

    let out = on_read_only_mount(&["check-in", "--db", db_arg, "--event", EVENT, "--badge", "1"]);
    let line = one_line_failure(&out, "check-in");
    assert_eq!(
        line,
        format!(
            "rollcall: cannot write: folder {} is read-only; nothing was saved to registry.db",
            folder.display()
        )
    );
    assert!(
        std::fs::read(&db).unwrap() == original,
        "the registry was changed"
    );
    assert_eq!(listing(&folder), ["registry.db"]);
}
