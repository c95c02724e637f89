//! What several test files need: the binary, a registry with extra people, a plain
//! connection to the file, and killing a process group.

#![allow(dead_code)] // each test file uses its own part

use rollcall::domain::{NewAttendee, Status};
use rollcall::store::{DelegationRef, Store};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_rollcall");
pub const EVENT: &str = "ulaanbaatar-2017";

/// The sample seminar plus `extra` registered people with badges 1001… , in
/// `dir/registry.db`.
pub fn registry(dir: &Path, extra: u32) -> PathBuf {
    let path = dir.join("registry.db");
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

/// A plain connection to the file, patient with busy desks.
pub fn connect(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.busy_timeout(Duration::from_secs(10)).unwrap();
    conn
}

pub fn count(db: &Path, sql: &str) -> i64 {
    connect(db).query_row(sql, [], |r| r.get(0)).unwrap()
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
pub mod tmux;
