//! Outputs never land on inputs: `export -o` and `backup -o` on the real binary (and the
//! TUI's export, through `export_to_file`) refuse the registry and its `-wal`, `-shm`
//! and `-journal` however they are reached (a hard link, a symlink), write through
//! FIFOs and character devices, keep symlinks, and clean up after a killed export.

mod common;
use common::{EVENT, arg, assert_ok, one_line_failure, rollcall_in, text};

use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// A scratch folder with the sample seminar in live.db (closed: no -wal beside it).
fn demo() -> (tempfile::TempDir, PathBuf) {
    common::demo_scratch("live.db")
}

fn export_args<'a>(db: &'a Path, out: &'a str) -> Vec<&'a str> {
    vec![
        "export",
        "--db",
        arg(db),
        "--event",
        EVENT,
        "--format",
        "csv",
        "-o",
        out,
    ]
}

/// What the registry and each of its side files hold: (name, length and a digest of
/// the bytes) — of the -shm only whether it exists: every reader of a WAL file marks
/// its place in it. Read by `cat`: closing a descriptor of the file in this process
/// would drop the locks of a desk this test holds open on it (POSIX locks are per
/// process), and the next process to close it would remove the -wal.
fn registry_bytes(db: &Path) -> Vec<(String, Option<(usize, u64)>)> {
    use std::hash::{Hash, Hasher};
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let name = format!("live.db{suffix}");
            let path = format!("{}{suffix}", db.display());
            let bytes = Path::new(&path).exists().then(|| {
                let cat = Command::new("cat").arg(&path).output().unwrap();
                assert!(cat.status.success(), "cat {path}");
                cat.stdout
            });
            let digest = bytes.map(|b| {
                if *suffix == "-shm" {
                    return (0, 0);
                }
                let mut h = std::collections::hash_map::DefaultHasher::new();
                b.hash(&mut h);
                (b.len(), h.finish())
            });
            (name, digest)
        })
        .collect()
}

/// The registry still opens and answers.
fn still_opens(dir: &Path, db: &Path) {
    let o = rollcall_in(dir, &["stats", "--db", arg(db), "--event", EVENT]);
    assert_ok(&o);
}

/// `export -o target` is refused, and the registry is exactly as it was.
fn assert_export_refused(dir: &Path, db: &Path, target: &Path) -> String {
    let before = registry_bytes(db);
    let line = one_line_failure(
        &rollcall_in(dir, &export_args(db, arg(target))),
        &format!("export -o {}", target.display()),
    );
    assert_eq!(registry_bytes(db), before, "the registry is byte-identical");
    still_opens(dir, db);
    line
}

#[test]
fn export_over_the_registry_is_refused() {
    let (dir, db) = demo();
    let line = assert_export_refused(dir.path(), &db, &db);
    assert!(line.contains("registry"), "says why: {line}");
    assert!(line.contains("live.db"), "names the file: {line}");
}

#[test]
fn export_over_the_registry_side_files_is_refused() {
    let (dir, db) = demo();
    // Closed registry: -wal, -shm and -journal do not exist yet; compared by name.
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = PathBuf::from(format!("{}{suffix}", db.display()));
        assert!(!side.exists());
        let line = assert_export_refused(dir.path(), &db, &side);
        assert!(line.contains(suffix), "names the side file: {line}");
        assert!(!side.exists(), "{} was not created", side.display());
    }
    // A desk has it open: the -wal exists; by a relative path from its folder too.
    let desk = rollcall::store::Store::open(&db).unwrap();
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    assert!(wal.exists(), "an open registry has a -wal");
    assert_export_refused(dir.path(), &db, &wal);
    assert_export_refused(dir.path(), &db, Path::new("./live.db-wal"));
    let event = desk
        .event_by_code(EVENT)
        .expect("the open desk still reads");
    assert_eq!(event.details.code, EVENT);
}

#[test]
fn export_over_a_hard_link_to_the_registry_is_refused() {
    let (dir, db) = demo();
    let link = dir.path().join("roster.csv");
    std::fs::hard_link(&db, &link).unwrap();
    assert_export_refused(dir.path(), &db, &link);
    assert!(link.exists(), "the link is still there");
}

#[test]
fn export_over_a_symlink_to_the_registry_is_refused() {
    let (dir, db) = demo();
    let sub = dir.path().join("elsewhere");
    std::fs::create_dir(&sub).unwrap();
    let link = sub.join("roster.csv");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    assert_export_refused(dir.path(), &db, &link);
    assert!(
        std::fs::symlink_metadata(&link).unwrap().is_symlink(),
        "the link is still a link"
    );
}

#[test]
fn backup_over_the_registry_is_refused() {
    let (dir, db) = demo();
    let before = registry_bytes(&db);
    let line = one_line_failure(
        &rollcall_in(dir.path(), &["backup", "--db", arg(&db), "-o", arg(&db)]),
        "backup over the registry",
    );
    assert!(line.contains("registry"), "says why: {line}");
    assert_eq!(
        registry_bytes(&db),
        before,
        "the registry is byte-identical"
    );
    still_opens(dir.path(), &db);

    let link = dir.path().join("copy.db");
    std::os::unix::fs::symlink("live.db", &link).unwrap();
    one_line_failure(
        &rollcall_in(dir.path(), &["backup", "--db", arg(&db), "-o", "copy.db"]),
        "backup over a symlink to the registry",
    );
    assert_eq!(
        registry_bytes(&db),
        before,
        "the registry is byte-identical"
    );
    still_opens(dir.path(), &db);
}

#[test]
fn dash_writes_the_csv_to_standard_output() {
    let (dir, db) = demo();
    let o = rollcall_in(dir.path(), &export_args(&db, "-"));
    assert_ok(&o);
    let csv = text(&o.stdout);
    assert!(csv.starts_with("badge,"), "a CSV on stdout: {csv:.80}");
    assert_eq!(csv.lines().count(), 65, "the header and 64 people");
    assert!(!dir.path().join("-").exists(), "no file named '-'");
}

/// Open a FIFO for reading without blocking forever: a thread that reads it to the end.
fn read_fifo(path: &Path) -> std::sync::mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Ok(mut f) = std::fs::File::open(&path) {
            let _ = f.read_to_end(&mut bytes);
        }
        let _ = tx.send(bytes);
    });
    rx
}

#[test]
fn a_fifo_receives_the_csv_and_stays_a_fifo() {
    let (dir, db) = demo();
    let fifo = dir.path().join("pipe.csv");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo");
    let received = read_fifo(&fifo);
    let o = rollcall_in(dir.path(), &export_args(&db, arg(&fifo)));
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "still a FIFO, not {kind:?}");
    assert_ok(&o);
    let csv = received
        .recv_timeout(Duration::from_secs(30))
        .expect("the reader got to the end");
    let csv = text(&csv);
    assert!(csv.starts_with("badge,"), "the CSV came through: {csv:.80}");
    assert_eq!(csv.lines().count(), 65);
    let temps: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".rollcall-"))
        .collect();
    assert!(temps.is_empty(), "no temporary file: {temps:?}");
}

/// A device node of our own (as /dev/null or /dev/full are), in the scratch folder;
/// `None` where this user may not make one.
fn device(dir: &Path, name: &str, minor: u32) -> Option<PathBuf> {
    let path = dir.join(name);
    let made = Command::new("mknod")
        .arg(&path)
        .args(["c", "1", &minor.to_string()])
        .stderr(Stdio::null())
        .status()
        .ok()?;
    made.success().then_some(path)
}

#[test]
fn a_character_device_is_written_through_never_replaced() {
    let (dir, db) = demo();
    let (Some(null), Some(full)) = (device(dir.path(), "null", 3), device(dir.path(), "full", 7))
    else {
        eprintln!("skipped: mknod needs root");
        return;
    };
    let o = rollcall_in(dir.path(), &export_args(&db, arg(&null)));
    assert!(
        std::fs::metadata(&null)
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert_ok(&o);

    // A device that refuses the bytes: the error is said, the device stays.
    let line = one_line_failure(
        &rollcall_in(dir.path(), &export_args(&db, arg(&full))),
        "export to a full device",
    );
    assert!(
        std::fs::metadata(&full)
            .unwrap()
            .file_type()
            .is_char_device(),
        "still a device"
    );
    assert!(line.contains("full"), "names the target: {line}");
}

#[test]
fn a_symlink_keeps_being_a_link_and_its_target_is_replaced() {
    let (dir, db) = demo();
    let away = dir.path().join("away");
    std::fs::create_dir(&away).unwrap();
    let file = away.join("file.csv");
    std::fs::write(&file, "old content\n").unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&file, &link).unwrap();

    assert_ok(&rollcall_in(dir.path(), &export_args(&db, arg(&link))));
    assert!(
        std::fs::symlink_metadata(&link).unwrap().is_symlink(),
        "the link is still a link"
    );
    // A file: the CSV for Excel, UTF-16LE after its byte-order mark.
    let csv = std::fs::read(&file).unwrap();
    assert!(
        csv.starts_with(b"\xFF\xFEb\0a\0d\0g\0e\0"),
        "file.csv was replaced: {:?}",
        &csv[..csv.len().min(40)]
    );
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        file,
        "pointing where it did"
    );
    for folder in [dir.path(), &away] {
        for entry in std::fs::read_dir(folder).unwrap() {
            let name = entry.unwrap().file_name();
            assert!(
                !name.to_string_lossy().starts_with(".rollcall-"),
                "no temporary file left: {name:?}"
            );
        }
    }
}

#[test]
fn a_killed_exports_temp_file_is_swept_by_the_next_export() {
    let (dir, db) = demo();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // The pid of a process that has certainly ended.
    let mut gone = Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let stale = out.join(format!(".rollcall-export-{dead}-a1B2c3"));
    std::fs::write(&stale, "badge,given_name\n1,half-written\n").unwrap();
    // One that belongs to a running process (this test) is not touched.
    let running = out.join(format!(".rollcall-export-{}-x9Y8z7", std::process::id()));
    std::fs::write(&running, "in progress\n").unwrap();

    let target = out.join("roster.csv");
    assert_ok(&rollcall_in(dir.path(), &export_args(&db, arg(&target))));
    assert!(target.exists());
    assert!(!stale.exists(), "the dead export's temp file was swept");
    assert!(running.exists(), "a running export's temp file stays");
}

#[test]
fn the_tui_export_refuses_the_registry_too() {
    use rollcall::store::Store;
    use rollcall::transfer::export::{self, ExportOptions, Format};
    let (_dir, db) = demo();
    let mut store = Store::open(&db).unwrap();
    let event = store.event_by_code(EVENT).unwrap();
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    for target in [db.clone(), wal] {
        let before = registry_bytes(&db);
        let options = ExportOptions::new(Format::Csv, common::seminar_morning());
        let result = export::export_to_file(&mut store, &event, &options, &target, &mut |_, _| {});
        let error = result.expect_err("refused").to_string();
        assert!(error.contains("registry"), "says why: {error}");
        assert_eq!(
            registry_bytes(&db),
            before,
            "the registry is byte-identical"
        );
    }
    assert_eq!(store.event_by_code(EVENT).unwrap().id, event.id);
}

#[test]
fn every_export_and_backup_is_listed_in_the_registry() {
    let (dir, db) = demo();
    let csv = dir.path().join("roster.csv");
    let copy = dir.path().join("copy.db");
    assert_ok(&rollcall_in(dir.path(), &export_args(&db, arg(&csv))));
    assert_ok(&rollcall_in(
        dir.path(),
        &["backup", "--db", arg(&db), "-o", arg(&copy)],
    ));
    let conn = common::connect(&db);
    let rows: Vec<(String, String, i64)> = conn
        .prepare("SELECT path, format, people FROM copies ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].0.ends_with("roster.csv"), "{rows:?}");
    assert_eq!(rows[0].1, "csv");
    assert_eq!(rows[0].2, 64);
    assert!(rows[1].0.ends_with("copy.db"), "{rows:?}");
    assert_eq!(rows[1].1, "backup");
}
