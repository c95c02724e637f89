//! Crash safety: rollcall killed with SIGKILL at random (seeded) points of a stream of
//! check-ins, walk-ins, imports and exports. Whatever was acknowledged as saved is in
//! the file afterwards, an import is wholly there or wholly absent, no half-written
//! export ever sits under its final name, and `PRAGMA integrity_check` says `ok` after
//! every round.
//!
//! The killed processes run in their own process group, so that one SIGKILL takes the
//! shell loop and the rollcall it is running at that instant.

mod common;
use common::*;

use rollcall::domain::NewAttendee;
use rollcall::store::{DelegationChoice, Store};
use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The sample seminar's people.
const SAMPLE_PEOPLE: i64 = 71;

/// xorshift64*: seeded, so every run kills at the same points (as far as timing allows).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A delay between `lo` and `hi`.
    fn between(&mut self, lo: Duration, hi: Duration) -> Duration {
        let span = (hi - lo).as_micros() as u64;
        lo + Duration::from_micros(self.next() % span.max(1))
    }
}

#[track_caller]
fn assert_intact(db: &Path, when: &str) {
    let check: String = connect(db)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "integrity_check {when}");
    // And the binary's own open path accepts the file as it was left.
    Store::open(db).unwrap_or_else(|e| panic!("Store::open {when}: {e}"));
}

/// Start `script` under `sh -c` in a new process group.
fn spawn_group(script: &str, db: &Path, stdout: &Path, extra_env: &[(&str, &str)]) -> Child {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(script)
        .env("RC_BIN", BIN)
        .env("RC_DB", db)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(stdout).unwrap())
        .stderr(std::fs::File::create(stdout.with_extension("err")).unwrap())
        .process_group(0);
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    cmd.spawn().unwrap()
}

/// Run `cmd` to completion and return how long it took (to spread kill points over).
fn timed(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    start.elapsed()
}

#[test]
fn every_acknowledged_check_in_survives_sigkill_at_random_points() {
    let dir = tempfile::tempdir().unwrap();
    let db = registry(dir.path(), "registry.db", 1200);
    let mut rng = Rng(0x00C0_FFEE_D00D_F00D);
    let mut total_acked = 0;
    for round in 0..6u32 {
        let first = 1001 + round * 200;
        let desk = format!("crash-{round}");
        let script = format!(
            "for b in $(seq {first} {last}); do \
               \"$RC_BIN\" check-in --db \"$RC_DB\" --event {EVENT} --badge $b --desk {desk} || exit 1; \
             done",
            last = first + 199
        );
        let acks = dir.path().join(format!("acks-{round}.txt"));
        let child = spawn_group(&script, &db, &acks, &[]);
        std::thread::sleep(rng.between(Duration::from_millis(60), Duration::from_millis(700)));
        kill_group(child);

        let text = std::fs::read_to_string(&acks).unwrap();
        let acked: BTreeSet<u32> = text
            .lines()
            .filter(|l| l.starts_with("checked in:"))
            .filter_map(|l| {
                let rest = l.split(", badge ").nth(1)?;
                rest.split(',').next()?.parse().ok()
            })
            .collect();
        let err = std::fs::read_to_string(acks.with_extension("err")).unwrap();
        assert!(err.trim().is_empty(), "round {round}: stderr {err}");
        let conn = connect(&db);
        let mut stmt = conn
            .prepare(
                "SELECT a.badge FROM checkins c JOIN attendees a ON a.id = c.attendee_id
                 WHERE c.desk = ?1",
            )
            .unwrap();
        let stored: BTreeSet<u32> = stmt
            .query_map([&desk], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        drop(stmt);
        drop(conn);
        let lost: Vec<_> = acked.difference(&stored).collect();
        assert!(
            lost.is_empty(),
            "round {round}: acknowledged but lost: {lost:?}"
        );
        // Sequential check-ins: at most the one killed between its commit and its
        // "checked in" line is stored without an acknowledgement.
        let unacked: Vec<_> = stored.difference(&acked).collect();
        assert!(unacked.len() <= 1, "round {round}: {unacked:?}");
        assert_intact(&db, &format!("after round {round}"));
        eprintln!(
            "round {round}: {} acknowledged, {} stored",
            acked.len(),
            stored.len()
        );
        total_acked += acked.len();
    }
    assert!(
        total_acked > 0,
        "no check-in ever finished: the test proved nothing"
    );
}

/// Not a test on its own: the walk-in desk that the next test starts and kills. It
/// registers walk-ins through the library (the TUI's path) and, after each commit,
/// appends the name to the file named by ROLLCALL_CRASH_ACKS.
#[test]
fn zz_walk_in_worker_when_spawned() {
    let (Ok(db), Ok(acks)) = (
        std::env::var("ROLLCALL_CRASH_DB"),
        std::env::var("ROLLCALL_CRASH_ACKS"),
    ) else {
        return;
    };
    use std::io::Write;
    let prefix = std::env::var("ROLLCALL_CRASH_PREFIX").unwrap();
    let mut store = Store::open(Path::new(&db)).unwrap();
    let event = store.event_by_code(EVENT).unwrap();
    let day = event.details.start_date;
    let mut out = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(acks)
        .unwrap();
    for i in 0..100_000 {
        let person = NewAttendee {
            given_name: "Walk".into(),
            family_name: format!("{prefix}{i}"),
            ..NewAttendee::default()
        };
        let at = day.and_hms_opt(9, 0, 0).unwrap();
        store
            .walk_in(
                event.id,
                &person,
                &DelegationChoice::None,
                day,
                at,
                "walk-in",
            )
            .unwrap();
        // One write(2) per line: in the file as soon as it returns, SIGKILL or not.
        out.write_all(format!("saved {prefix}{i}\n").as_bytes())
            .unwrap();
    }
}

#[test]
fn every_acknowledged_walk_in_survives_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = registry(dir.path(), "registry.db", 0);
    let me = std::env::current_exe().unwrap();
    let mut rng = Rng(0x5EED_0000_0000_0007);
    let mut total = 0;
    for round in 0..4 {
        let acks = dir.path().join(format!("walk-{round}.txt"));
        std::fs::write(&acks, "").unwrap();
        let prefix = format!("Walkin{round}x");
        let child = Command::new(&me)
            .args([
                "--exact",
                "zz_walk_in_worker_when_spawned",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("ROLLCALL_CRASH_DB", &db)
            .env("ROLLCALL_CRASH_ACKS", &acks)
            .env("ROLLCALL_CRASH_PREFIX", &prefix)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        std::thread::sleep(rng.between(Duration::from_millis(150), Duration::from_millis(600)));
        kill_group(child);
        let acked: BTreeSet<String> = std::fs::read_to_string(&acks)
            .unwrap()
            .lines()
            .filter_map(|l| l.strip_prefix("saved ").map(String::from))
            .collect();
        let conn = connect(&db);
        let stored: BTreeSet<String> = conn
            .prepare(
                "SELECT a.family_name FROM attendees a JOIN checkins c ON c.attendee_id = a.id
                 WHERE a.family_name LIKE ?1 AND c.desk = 'walk-in'",
            )
            .unwrap()
            .query_map([format!("{prefix}%")], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        // A walk-in is a person and a check-in in one transaction: never one alone.
        let half: i64 = conn
            .query_row(
                "SELECT count(*) FROM attendees a WHERE a.family_name LIKE ?1
                 AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.attendee_id = a.id)",
                [format!("{prefix}%")],
                |r| r.get(0),
            )
            .unwrap();
        drop(conn);
        assert_eq!(half, 0, "round {round}: a walk-in without its check-in");
        let lost: Vec<_> = acked.difference(&stored).collect();
        assert!(lost.is_empty(), "round {round}: lost {lost:?}");
        assert!(stored.difference(&acked).count() <= 1, "round {round}");
        assert_intact(&db, &format!("after walk-in round {round}"));
        eprintln!("walk-in round {round}: {} acknowledged", acked.len());
        total += acked.len();
    }
    assert!(
        total > 0,
        "no walk-in ever finished: the test proved nothing"
    );
}

/// A CSV of `rows` new people, unique to `tag`.
fn people_csv(path: &Path, tag: &str, rows: usize) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(["First name", "Last name", "Email", "Organisation"])
        .unwrap();
    for i in 0..rows {
        w.write_record([
            format!("Imported{i}"),
            format!("{tag}Family{i}"),
            format!("{tag}.{i}@import.example"),
            "An organisation with quite a long name, to make the rows bigger".into(),
        ])
        .unwrap();
    }
    w.flush().unwrap();
}

#[test]
fn an_import_killed_at_any_point_is_all_there_or_not_at_all() {
    const ROWS: i64 = 3000;
    let dir = tempfile::tempdir().unwrap();
    let db = registry(dir.path(), "registry.db", 0);
    let import = |file: &Path| {
        let mut cmd = Command::new(BIN);
        cmd.args(["import", "--db"])
            .arg(&db)
            .args(["--event", EVENT])
            .arg(file);
        cmd
    };
    // How long a whole import takes here, measured on a copy: the kills are spread
    // over that span, so some land inside the write transaction.
    let calibration = dir.path().join("calibration.csv");
    people_csv(&calibration, "Cal", ROWS as usize);
    let copy = dir.path().join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    let full = timed(
        Command::new(BIN)
            .args(["import", "--db"])
            .arg(&copy)
            .args(["--event", EVENT])
            .arg(&calibration),
    );
    assert_eq!(
        count(&copy, "SELECT count(*) FROM attendees"),
        SAMPLE_PEOPLE + ROWS
    );

    let mut rng = Rng(0x1357_9BDF_2468_ACE0);
    let mut before = count(&db, "SELECT count(*) FROM attendees");
    let (mut all, mut none) = (0, 0);
    for round in 0..8 {
        let file = dir.path().join(format!("round{round}.csv"));
        people_csv(&file, &format!("R{round}x"), ROWS as usize);
        let out = dir.path().join(format!("import-{round}.out"));
        let child = import(&file)
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        std::thread::sleep(rng.between(full / 20, full * 6 / 5));
        kill_group(child);
        let said = std::fs::read_to_string(&out).unwrap();
        let after = count(&db, "SELECT count(*) FROM attendees");
        let this_round = count(
            &db,
            &format!("SELECT count(*) FROM attendees WHERE family_name LIKE 'R{round}x%'"),
        );
        assert!(
            after == before || after == before + ROWS,
            "round {round}: {before} people before, {after} after: a partial import"
        );
        assert!(this_round == 0 || this_round == ROWS, "round {round}");
        if said.contains("imported") {
            assert_eq!(
                after,
                before + ROWS,
                "round {round}: acknowledged, not there"
            );
        }
        if after == before {
            none += 1;
        } else {
            all += 1;
        }
        assert_intact(&db, &format!("after import round {round}"));
        before = after;
    }
    eprintln!("import: {all} rounds complete, {none} rounds absent (one import takes {full:?})");
}

#[test]
fn an_export_killed_at_any_point_never_leaves_a_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = registry(dir.path(), "registry.db", 3000);
    let export = |format: &str, target: &Path| {
        let mut cmd = Command::new(BIN);
        cmd.args(["export", "--db"])
            .arg(&db)
            .args(["--event", EVENT, "--format", format, "--status", "all"])
            // The CSV for programs: the one csv::Reader reads.
            .args(if format == "csv" {
                &["--csv", "plain"][..]
            } else {
                &[]
            })
            .arg("-o")
            .arg(target);
        cmd
    };
    let reference_csv = dir.path().join("reference.csv");
    let reference_html = dir.path().join("reference.html");
    let csv_time = timed(&mut export("csv", &reference_csv));
    let html_time = timed(&mut export("html", &reference_html));
    let reference_csv = std::fs::read(&reference_csv).unwrap();
    let reference_html = std::fs::read(&reference_html).unwrap();
    let rows = csv::Reader::from_reader(&reference_csv[..])
        .records()
        .count() as i64;
    assert_eq!(
        rows,
        SAMPLE_PEOPLE + 3000,
        "the reference export is complete"
    );

    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let mut rng = Rng(0xDEAD_BEEF_0BAD_CAFE);
    let old = b"the export of yesterday\n";
    let mut outcomes = [0usize; 3]; // absent, old, complete
    for round in 0..10 {
        let (format, full, reference) = if round % 2 == 0 {
            ("csv", csv_time, &reference_csv)
        } else {
            ("html", html_time, &reference_html)
        };
        let target = out_dir.join(format!("roster-{round}.{format}"));
        let had_old = round % 4 >= 2;
        if had_old {
            std::fs::write(&target, old).unwrap();
        }
        let child = export(format, &target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        std::thread::sleep(rng.between(full / 20, full * 6 / 5));
        kill_group(child);
        match std::fs::read(&target) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                assert!(!had_old, "round {round}: the old export was removed");
                outcomes[0] += 1;
            }
            Err(e) => panic!("{e}"),
            Ok(bytes) if had_old && bytes == old => outcomes[1] += 1,
            Ok(bytes) => {
                if format == "csv" {
                    let parsed: Vec<csv::StringRecord> = csv::Reader::from_reader(&bytes[..])
                        .records()
                        .collect::<Result<_, _>>()
                        .unwrap_or_else(|e| panic!("round {round}: CSV does not parse: {e}"));
                    assert_eq!(parsed.len() as i64, rows, "round {round}: rows");
                } else {
                    let text = String::from_utf8_lossy(&bytes);
                    assert!(
                        text.trim_end().ends_with("</html>"),
                        "round {round}: a cut HTML file"
                    );
                }
                assert!(
                    bytes == *reference,
                    "round {round}: differs from a full export"
                );
                assert_eq!(
                    std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
                    0o600
                );
                outcomes[2] += 1;
            }
        }
        // Whatever a kill leaves behind sits under a hidden temporary name, never the
        // target's, and is private.
        for entry in std::fs::read_dir(&out_dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("roster-") {
                continue;
            }
            assert!(name.starts_with(".rollcall-export-"), "stray file {name}");
            assert_eq!(
                entry.metadata().unwrap().permissions().mode() & 0o777,
                0o600,
                "{name} holds personal data"
            );
        }
        assert_intact(&db, &format!("after export round {round}"));
    }
    let leftovers = std::fs::read_dir(&out_dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".rollcall-export-")
        })
        .count();
    eprintln!(
        "export: {} absent, {} old kept, {} complete; {leftovers} hidden temporary file(s) \
         left by SIGKILL (csv takes {csv_time:?}, html {html_time:?})",
        outcomes[0], outcomes[1], outcomes[2]
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM attendees"),
        SAMPLE_PEOPLE + 3000
    );
}
