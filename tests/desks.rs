//! Several desks on one registry file: separate rollcall processes checking people in
//! at the same time, and a desk killed with SIGKILL right after it said "checked in".

mod common;
use common::*;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn check_in(db: &Path, badge: u32, desk: &str) -> Output {
    Command::new(BIN)
        .args(["check-in", "--db"])
        .arg(db)
        .args([
            "--event",
            EVENT,
            "--badge",
            &badge.to_string(),
            "--desk",
            desk,
        ])
        .output()
        .unwrap()
}

#[test]
fn two_desks_checking_in_500_people_each_record_all_1000() {
    let dir = tempfile::tempdir().unwrap();
    let db = registry(dir.path(), "registry.db", 1000);
    let desks: Vec<_> = [("desk-1", 1001u32), ("desk-2", 1501u32)]
        .into_iter()
        .map(|(desk, first)| {
            let db = db.clone();
            std::thread::spawn(move || {
                for badge in first..first + 500 {
                    let out = check_in(&db, badge, desk);
                    let stderr = String::from_utf8_lossy(&out.stderr);
                    assert!(out.status.success(), "{desk} badge {badge}: {stderr}");
                    assert!(!stderr.contains("locked"), "{stderr}");
                    assert!(String::from_utf8_lossy(&out.stdout).starts_with("checked in"));
                }
            })
        })
        .collect();
    for d in desks {
        d.join().unwrap();
    }
    assert_eq!(count(&db, "SELECT count(*) FROM checkins"), 1000);
    assert_eq!(count(&db, "SELECT count(DISTINCT desk) FROM checkins"), 2);
}

#[test]
fn the_same_person_checked_in_at_two_desks_at_once_is_checked_in_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = registry(dir.path(), "registry.db", 0);
    for badge in 1..=20u32 {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let outputs: Vec<Output> = ["desk-a", "desk-b"]
            .into_iter()
            .map(|desk| {
                let (db, barrier) = (db.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    check_in(&db, badge, desk)
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect();
        let said: Vec<String> = outputs
            .iter()
            .map(|o| {
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
                String::from_utf8_lossy(&o.stdout).into_owned()
            })
            .collect();
        let firsts = said.iter().filter(|s| s.starts_with("checked in")).count();
        let seconds = said
            .iter()
            .filter(|s| s.starts_with("already checked in"))
            .count();
        assert_eq!((firsts, seconds), (1, 1), "badge {badge}: {said:?}");
    }
    assert_eq!(count(&db, "SELECT count(*) FROM checkins"), 20);
}

/// The desk as a person uses it, in tmux: check someone in on the Desk screen, see the
/// answer, kill the process with SIGKILL; the check-in is in the file.
#[test]
fn a_check_in_shown_on_the_desk_survives_kill_9() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: skipped (CI installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = registry(dir.path(), "registry.db", 0);
    let socket = dir.path().join("tmux.sock");
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(args)
            .output()
            .unwrap()
    };
    let command = format!("{BIN} --db {} --desk kill-test", db.display());
    tmux(&[
        "new-session",
        "-d",
        "-s",
        "k",
        "-x",
        "100",
        "-y",
        "30",
        &command,
    ]);
    let screen = |want: &str| {
        let start = Instant::now();
        loop {
            let out = tmux(&["capture-pane", "-p", "-t", "k"]);
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            if text.contains(want) {
                return text;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "never saw {want:?} in:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    screen("Name or badge");
    tmux(&["send-keys", "-t", "k", "battse", "Enter"]);
    screen("CHECKED IN");
    let pid = tmux(&["display-message", "-p", "-t", "k", "#{pane_pid}"]);
    let pid = String::from_utf8_lossy(&pid.stdout).trim().to_string();
    Command::new("kill").args(["-9", &pid]).status().unwrap();
    tmux(&["kill-server"]);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM checkins c JOIN attendees a ON a.id = c.attendee_id
             WHERE a.family_name = 'Batmunkh' AND c.desk = 'kill-test'"
        ),
        1
    );
    assert_eq!(
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
            .unwrap(),
        "ok"
    );
}
