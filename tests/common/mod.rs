//! What several test files need: the binary, a registry with extra people, a plain
//! connection to the file, and killing a process group.

#![allow(dead_code)] // each test file uses its own part

use rollcall::domain::{NewAttendee, Status};
use rollcall::store::{DelegationRef, Store};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_rollcall");
pub const EVENT: &str = "ulaanbaatar-2017";

/// The morning of the sample seminar's first day: the time tests export and save at.
pub fn seminar_morning() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2017, 7, 5)
        .unwrap()
        .and_hms_opt(8, 30, 0)
        .unwrap()
}

/// A config file that is never there: the binary under test reads the default keys and
/// colours, not the developer's own config file.
pub const NO_CONFIG: &str = "/nonexistent/rollcall-tests/config.toml";

/// The binary with `args`, without colour, with the default configuration and with
/// nothing on stdin; not yet run.
pub fn rollcall_cmd(args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env("ROLLCALL_CONFIG", NO_CONFIG)
        // A registry named by the caller's own environment is never the test's.
        .env_remove("ROLLCALL_DB")
        .stdin(Stdio::null());
    cmd
}

/// `rollcall ARGS`, run to the end.
pub fn rollcall(args: &[&str]) -> Output {
    rollcall_cmd(args).output().expect("the binary runs")
}

/// `rollcall ARGS` run in `cwd` (so that a stray file lands in a scratch folder, never
/// in the source tree).
pub fn rollcall_in(cwd: &Path, args: &[&str]) -> Output {
    rollcall_cmd(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

/// A path as a command-line argument.
pub fn arg(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[track_caller]
pub fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "expected success, got {:?}\nstdout: {}\nstderr: {}",
        o.status,
        text(&o.stdout),
        text(&o.stderr)
    );
}

/// A refusal: exit status 1, nothing on stdout, exactly one line on stderr, which is
/// returned. `what` names the run in a failure.
#[track_caller]
pub fn one_line_failure(out: &Output, what: &str) -> String {
    let err = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what}: expected exit 1\nstdout: {}\nstderr: {err}",
        text(&out.stdout)
    );
    assert!(
        out.stdout.is_empty(),
        "{what}: nothing on stdout: {}",
        text(&out.stdout)
    );
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{what}: one line on stderr, got:\n{err}");
    lines[0].to_string()
}

/// The sample seminar written by the binary (`rollcall demo`) into `dir/name`, closed:
/// all its bytes in the file.
#[track_caller]
pub fn demo_registry(dir: &Path, name: &str) -> PathBuf {
    let db = dir.join(name);
    assert_ok(&rollcall_in(dir, &["demo", "--db", arg(&db)]));
    db
}

/// A scratch folder with the sample seminar written by the binary into `name`.
pub fn demo_scratch(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_registry(dir.path(), name);
    (dir, db)
}

/// The sample seminar plus `extra` registered people with badges 1001… (person `i`'s
/// e-mail address is `person{i}@test.example`), in `dir/name`, closed.
pub fn registry(dir: &Path, name: &str, extra: u32) -> PathBuf {
    let path = dir.join(name);
    let mut store = Store::create_or_open(&path).unwrap();
    rollcall::demo::write_sample(&mut store).unwrap();
    let event = store.event_by_code(EVENT).unwrap();
    let people: Vec<_> = (0..extra)
        .map(|i| {
            let person = NewAttendee {
                given_name: format!("Given{i}"),
                family_name: format!("Family{i}"),
                organisation: "A test organisation with a long enough name".into(),
                email: format!("person{i}@test.example"),
                badge: Some(1001 + i),
                status: Status::Registered,
                ..NewAttendee::default()
            };
            (DelegationRef::None, person)
        })
        .collect();
    if !people.is_empty() {
        store.import_people(event.id, &[], &people).unwrap();
    }
    path
}

/// Garbage over the page of `db` that holds `marker` (say an e-mail address no index
/// holds, so that only a full check finds it); returns that page's index from 0.
pub fn scramble_page_holding(db: &Path, marker: &[u8]) -> usize {
    let mut bytes = std::fs::read(db).unwrap();
    // The page size is in the header, bytes 16-17; 1 stands for 65536.
    let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65536,
        size => size as usize,
    };
    let at = bytes
        .windows(marker.len())
        .position(|w| w == marker)
        .expect("the marker is in the file");
    let page = at / page_size;
    let mut x: u32 = 0x1234_5678;
    for b in &mut bytes[page * page_size..(page + 1) * page_size] {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    std::fs::write(db, &bytes).unwrap();
    page
}

/// A plain connection to the file, patient with busy desks.
pub fn connect(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.busy_timeout(Duration::from_secs(10)).unwrap();
    conn
}

/// The one number `sql` answers.
pub fn count(db: &Path, sql: &str) -> i64 {
    connect(db).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The first column of every row `sql` answers.
pub fn column<T: rusqlite::types::FromSql>(db: &Path, sql: &str) -> Vec<T> {
    let conn = connect(db);
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The size of the registry's `-wal` file; 0 when there is none.
pub fn wal_size(db: &Path) -> u64 {
    std::fs::metadata(format!("{}-wal", db.display()))
        .map(|m| m.len())
        .unwrap_or(0)
}

/// A registry as version 1 of the schema wrote it, with one event and one person.
pub fn version_1_file(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(include_str!(
        "../../assets/migrations/sqlite/0001_registry.sql"
    ))
    .unwrap();
    conn.execute_batch(
        "INSERT INTO events (code, title, kind, start_date, end_date)
         VALUES ('old-2016', 'Consultations', 'meeting', '2016-05-10', '2016-05-11');
         INSERT INTO attendees (event_id, badge, given_name, family_name, gender, role, status)
         VALUES (1, 7, 'Tuya', 'Bold', 'female', 'participant', 'registered');
         PRAGMA user_version = 1;",
    )
    .unwrap();
}

/// The names in a folder, sorted (to see that nothing was created beside a file).
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A file's permission bits.
pub fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

pub fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// SIGKILL a child started in its own process group, with everything it started, and
/// wait until the group is gone.
pub fn kill_group(mut child: Child) {
    let group = format!("-{}", child.id());
    let _ = Command::new("kill")
        .args(["-KILL", "--", &group])
        .stderr(Stdio::null())
        .status();
    let _ = child.wait();
    let start = Instant::now();
    while Command::new("kill")
        .args(["-0", "--", &group])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
    {
        assert!(start.elapsed() < Duration::from_secs(10), "group survived");
        std::thread::sleep(Duration::from_millis(5));
    }
}
pub mod app;
pub mod engines;
pub mod postgres;
pub mod tmux;
pub mod unprivileged;
