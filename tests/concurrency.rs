//! Concurrency between desks: separate `rollcall` processes on one registry file.
//! Each person is checked in exactly once per day, the losers are told by whom and when,
//! no one ever sees "database is locked"; and several processes starting on a new file
//! at the same instant migrate it exactly once.

mod common;
use common::*;

use rollcall::store::{SCHEMA_VERSION, Store};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Barrier};

fn integrity(db: &Path) -> String {
    connect(db)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Run every command line at the same instant (as far as threads allow), each in its
/// own process; the outputs in the same order.
fn all_at_once(commands: Vec<Vec<String>>) -> Vec<Output> {
    let barrier = Arc::new(Barrier::new(commands.len()));
    let threads: Vec<_> = commands
        .into_iter()
        .map(|args| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut cmd = Command::new(BIN);
                cmd.args(&args);
                barrier.wait();
                cmd.output().unwrap()
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

#[track_caller]
fn assert_never_locked(out: &Output, what: &str) {
    let err = text(&out.stderr).to_lowercase();
    for word in ["locked", "busy", "already exists", "panicked"] {
        assert!(!err.contains(word), "{what}: stderr says {word:?}: {err}");
    }
}

#[test]
fn eight_desks_at_once_check_each_person_in_once_and_tell_the_others_who_did() {
    let dir = tempfile::tempdir().unwrap();
    let db = registry(dir.path(), "registry.db", 200);
    // Each pattern: which of 8 badges (offsets into this round's badges) each desk takes.
    let patterns: [[u32; 8]; 4] = [
        [0, 1, 2, 3, 4, 5, 6, 7], // disjoint
        [0, 0, 0, 0, 0, 0, 0, 0], // everyone on one person
        [0, 0, 1, 1, 2, 2, 3, 3], // pairs
        [0, 0, 0, 1, 1, 1, 2, 3], // mixed
    ];
    let mut next_badge = 1001;
    let mut contested = 0;
    for repeat in 0..3 {
        for (p, pattern) in patterns.iter().enumerate() {
            let round = format!("repeat {repeat}, pattern {p}");
            let commands: Vec<Vec<String>> = pattern
                .iter()
                .enumerate()
                .map(|(desk, offset)| {
                    [
                        "check-in",
                        "--db",
                        db.to_str().unwrap(),
                        "--event",
                        EVENT,
                        "--badge",
                        &(next_badge + offset).to_string(),
                        "--desk",
                        &format!("desk-{desk}"),
                    ]
                    .map(String::from)
                    .to_vec()
                })
                .collect();
            let outputs = all_at_once(commands);
            let mut by_badge: BTreeMap<u32, Vec<(String, String)>> = BTreeMap::new();
            for (desk, (out, offset)) in outputs.iter().zip(pattern).enumerate() {
                assert!(
                    out.status.success(),
                    "{round}, desk-{desk}: {}",
                    text(&out.stderr)
                );
                assert_never_locked(out, &round);
                assert!(out.stderr.is_empty(), "{round}: {}", text(&out.stderr));
                by_badge
                    .entry(next_badge + offset)
                    .or_default()
                    .push((format!("desk-{desk}"), text(&out.stdout)));
            }
            let conn = connect(&db);
            for (badge, said) in &by_badge {
                let rows: Vec<(String, String)> = conn
                    .prepare(
                        "SELECT c.desk, c.at FROM checkins c JOIN attendees a
                         ON a.id = c.attendee_id WHERE a.badge = ?1",
                    )
                    .unwrap()
                    .query_map([badge], |r| Ok((r.get(0)?, r.get(1)?)))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap();
                assert_eq!(rows.len(), 1, "{round}: badge {badge} checked in {rows:?}");
                let (winner_desk, at) = &rows[0];
                // "2017-07-05T09:12:34" or "2017-07-05 09:12:34": the HH:MM part.
                let hhmm = &at[11..16];
                let winners: Vec<_> = said
                    .iter()
                    .filter(|(_, s)| s.starts_with("checked in:"))
                    .collect();
                assert_eq!(winners.len(), 1, "{round}: badge {badge}: {said:?}");
                assert_eq!(&winners[0].0, winner_desk, "{round}: badge {badge}");
                for (desk, line) in said.iter().filter(|(_, s)| !s.starts_with("checked in:")) {
                    contested += 1;
                    let line = line.trim_end();
                    assert!(
                        line.starts_with("already checked in:"),
                        "{round}: {desk} on badge {badge} said {line:?}"
                    );
                    assert!(
                        line.ends_with(&format!("by {winner_desk}")),
                        "{round}: {desk} is not told the desk ({winner_desk}): {line:?}"
                    );
                    assert!(
                        line.contains(&format!("at {hhmm}")),
                        "{round}: {desk} is not told the time ({hhmm}): {line:?}"
                    );
                }
            }
            next_badge += 8;
        }
    }
    // Per round: no loser when all are disjoint, 7 on one badge, 4 and 4 in pairs.
    assert_eq!(contested, 3 * (7 + 4 + 4));
    let conn = connect(&db);
    let doubles: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT attendee_id, day FROM checkins
             GROUP BY attendee_id, day HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(doubles, 0);
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn eight_desks_working_through_overlapping_lists_never_see_a_lock() {
    const PEOPLE: u32 = 80;
    let dir = tempfile::tempdir().unwrap();
    let db = registry(dir.path(), "registry.db", PEOPLE);
    // Desk k goes through all 40 people starting at a different one, so that the
    // desks keep colliding on the same people while the others write.
    let commands: Vec<Vec<String>> = (0..8u32)
        .map(|k| {
            let order: Vec<String> = (0..PEOPLE)
                .map(|i| (1001 + (i + k * 5) % PEOPLE).to_string())
                .collect();
            let script = format!(
                "for b in {}; do \"$0\" check-in --db \"$1\" --event {EVENT} --badge $b \
                 --desk loop-{k} || echo \"FAILED $b\" >&2; done",
                order.join(" ")
            );
            vec!["-c".into(), script, BIN.into(), db.to_str().unwrap().into()]
        })
        .collect();
    let barrier = Arc::new(Barrier::new(commands.len()));
    let outputs: Vec<Output> = commands
        .into_iter()
        .map(|args| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut cmd = Command::new("sh");
                cmd.args(&args);
                barrier.wait();
                cmd.output().unwrap()
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    let mut first = 0;
    let mut again = 0;
    for (k, out) in outputs.iter().enumerate() {
        assert!(out.stderr.is_empty(), "loop-{k}: {}", text(&out.stderr));
        for line in text(&out.stdout).lines() {
            if line.starts_with("checked in:") {
                first += 1;
            } else if line.starts_with("already checked in:") {
                again += 1;
            } else {
                panic!("loop-{k}: unexpected {line:?}");
            }
        }
    }
    assert_eq!(first, PEOPLE, "each person checked in by exactly one desk");
    assert_eq!(again, 7 * PEOPLE);
    let conn = connect(&db);
    let (rows, distinct): (i64, i64) = conn
        .query_row(
            "SELECT count(*), count(DISTINCT attendee_id) FROM checkins",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((rows, distinct), (PEOPLE.into(), PEOPLE.into()));
    assert_eq!(integrity(&db), "ok");
}

/// The schema of a file as (type, name, sql), to compare with a reference.
fn schema(db: &Path) -> Vec<(String, String, Option<String>)> {
    connect(db)
        .prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn user_version(db: &Path) -> i64 {
    connect(db)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn reference_schema(dir: &Path) -> Vec<(String, String, Option<String>)> {
    let path = dir.join("reference.db");
    drop(Store::create_or_open(&path).unwrap());
    schema(&path)
}

#[test]
fn eight_demo_commands_racing_on_a_new_file_write_the_sample_once() {
    let dir = tempfile::tempdir().unwrap();
    let reference = reference_schema(dir.path());
    for round in 0..3 {
        let db = dir.path().join(format!("new-{round}.db"));
        assert!(!db.exists());
        let outputs = all_at_once(
            (0..8)
                .map(|_| {
                    ["demo", "--db", db.to_str().unwrap()]
                        .map(String::from)
                        .to_vec()
                })
                .collect(),
        );
        let winners: Vec<_> = outputs.iter().filter(|o| o.status.success()).collect();
        assert_eq!(winners.len(), 1, "round {round}: one writes the sample");
        assert!(text(&winners[0].stdout).starts_with("wrote "));
        for out in outputs.iter().filter(|o| !o.status.success()) {
            assert_never_locked(out, &format!("round {round}"));
            let err = text(&out.stderr);
            let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
            assert_eq!(lines.len(), 1, "round {round}: one line: {err}");
            assert!(
                lines[0].contains(&format!("\"{EVENT}\" is already taken")),
                "round {round}: {err}"
            );
            assert!(out.stdout.is_empty());
        }
        assert_eq!(user_version(&db), SCHEMA_VERSION);
        assert_eq!(schema(&db), reference, "round {round}: migrated once");
        let conn = connect(&db);
        let (events, people): (i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM attendees)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((events, people), (1, 71), "round {round}");
        assert_eq!(integrity(&db), "ok");
    }
}

#[test]
fn eight_processes_opening_an_older_registry_at_once_all_succeed() {
    // Only a missing path becomes a new registry (built aside, moved in whole), so
    // the file that desks can race to migrate is one of an older schema.
    let dir = tempfile::tempdir().unwrap();
    let reference = reference_schema(dir.path());
    for round in 0..3 {
        let db = dir.path().join(format!("old-{round}.db"));
        version_1_file(&db);
        let outputs = all_at_once(
            (0..8)
                .map(|k| {
                    let copy = dir.path().join(format!("copy-{round}-{k}.db"));
                    [
                        "backup",
                        "--db",
                        db.to_str().unwrap(),
                        "-o",
                        copy.to_str().unwrap(),
                    ]
                    .map(String::from)
                    .to_vec()
                })
                .collect(),
        );
        for (k, out) in outputs.iter().enumerate() {
            assert!(
                out.status.success(),
                "round {round}, process {k}: {}",
                text(&out.stderr)
            );
            assert_never_locked(out, &format!("round {round}"));
            let copy = dir.path().join(format!("copy-{round}-{k}.db"));
            assert_eq!(integrity(&copy), "ok");
            assert_eq!(user_version(&copy), SCHEMA_VERSION);
            assert_eq!(schema(&copy), reference);
        }
        assert_eq!(user_version(&db), SCHEMA_VERSION);
        assert_eq!(schema(&db), reference, "round {round}: migrated once");
        assert_eq!(integrity(&db), "ok");
    }
}
