//! Backups while desks work, and a WAL that stays bounded over a long session.
//!
//! `rollcall backup -o FILE` (VACUUM INTO) must finish while eight desks keep checking
//! people in, and the copy must be sound, private, and hold every check-in committed
//! before it started. A desk that sits idle on a screen must not pin the WAL: after
//! 2,000 check-ins from another connection, the -wal file is still small.

mod common;
use common::*;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use rollcall::store::Store;
use rollcall::ui::app::{App, Options};
use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Every check-in in the file, as (attendee id, day).
fn check_ins(db: &Path) -> BTreeSet<(i64, String)> {
    connect(db)
        .prepare("SELECT attendee_id, day FROM checkins")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The badges one desk has said "checked in" for so far.
fn acknowledged_by(output: &Path) -> BTreeSet<u32> {
    std::fs::read_to_string(output)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("checked in:"))
        .filter_map(|l| l.split(", badge ").nth(1)?.split(',').next()?.parse().ok())
        .collect()
}

/// The badges the desks have said "checked in" for so far.
fn acknowledged(outputs: &[PathBuf]) -> BTreeSet<u32> {
    outputs.iter().flat_map(|p| acknowledged_by(p)).collect()
}

/// Wait until the desks' acknowledgements (one set of badges per desk) satisfy
/// `enough`; after a generous deadline, fail saying what was awaited, how far each
/// desk got, and what the desks wrote on stderr.
fn wait_for(outputs: &[PathBuf], awaited: &str, enough: impl Fn(&[BTreeSet<u32>]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let per_desk: Vec<BTreeSet<u32>> = outputs.iter().map(|p| acknowledged_by(p)).collect();
        if enough(&per_desk) {
            return;
        }
        if Instant::now() > deadline {
            let counts: Vec<usize> = per_desk.iter().map(BTreeSet::len).collect();
            let errors: Vec<String> = outputs
                .iter()
                .map(|p| std::fs::read_to_string(p.with_extension("err")).unwrap())
                .collect();
            panic!(
                "waited 120 s for {awaited}; acknowledged per desk: {counts:?}; stderr: {errors:?}"
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Eight desks, each checking in its own 250 people (badges 1001 to 3000).
const DESKS: usize = 8;
const PER_DESK: usize = 250;

#[test]
fn a_backup_under_eight_busy_desks_is_complete_sound_and_private() {
    let dir = tempfile::tempdir().unwrap();
    let db = registry(dir.path(), "registry.db", 2000);
    let mut desks = Vec::new();
    let mut outputs = Vec::new();
    for k in 0..DESKS as u32 {
        let first = 1001 + k * PER_DESK as u32;
        let out = dir.path().join(format!("desk-{k}.out"));
        let script = format!(
            "for b in $(seq {first} {last}); do \
               \"$0\" check-in --db \"$1\" --event {EVENT} --badge $b --desk desk-{k} || exit 1; \
             done",
            last = first + PER_DESK as u32 - 1
        );
        let child = Command::new("sh")
            .args(["-c", &script, BIN, db.to_str().unwrap()])
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(out.with_extension("err")).unwrap())
            .process_group(0)
            .spawn()
            .unwrap();
        desks.push(child);
        outputs.push(out);
    }
    // Under load from the first backup on: every desk is checking people in.
    wait_for(&outputs, "a check-in from every desk", |per_desk| {
        per_desk.iter().all(|said| !said.is_empty())
    });
    let mut grew_during = 0;
    let mut slowest = Duration::ZERO;
    for round in 0..3 {
        let said = acknowledged(&outputs);
        let committed = check_ins(&db);
        let target = dir.path().join(format!("backup-{round}.db"));
        let start = Instant::now();
        let out = Command::new(BIN)
            .args(["backup", "--db", db.to_str().unwrap(), "-o"])
            .arg(&target)
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let took = start.elapsed();
        slowest = slowest.max(took);
        assert!(
            out.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(took < Duration::from_secs(20), "round {round}: {took:?}");
        if check_ins(&db).len() > committed.len() {
            grew_during += 1;
        }
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "round {round}: the backup is personal data");
        let copy = rusqlite::Connection::open_with_flags(
            &target,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap();
        let check: String = copy
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}");
        drop(copy);
        let in_backup = check_ins(&target);
        let missing: Vec<_> = committed.difference(&in_backup).collect();
        assert!(missing.is_empty(), "round {round}: missing {missing:?}");
        let badges: BTreeSet<u32> = connect(&target)
            .prepare("SELECT a.badge FROM checkins c JOIN attendees a ON a.id = c.attendee_id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let lost: Vec<_> = said.difference(&badges).collect();
        assert!(
            lost.is_empty(),
            "round {round}: acknowledged, not in the backup: {lost:?}"
        );
        eprintln!(
            "backup {round}: {} check-ins committed before it, {} in it, took {took:?}",
            committed.len(),
            in_backup.len()
        );
        // The next backup must hold check-ins this one could not: wait for new ones
        // (unless the desks have checked everyone in).
        let before = acknowledged(&outputs).len();
        wait_for(&outputs, "8 more check-ins acknowledged", |per_desk| {
            let said: usize = per_desk.iter().map(BTreeSet::len).sum();
            said >= (before + 8).min(DESKS * PER_DESK)
        });
    }
    for desk in desks {
        kill_group(desk);
    }
    for out in &outputs {
        let err = std::fs::read_to_string(out.with_extension("err")).unwrap();
        assert!(err.trim().is_empty(), "a desk failed: {err}");
    }
    assert!(
        grew_during > 0,
        "the desks never wrote during a backup: the test proved nothing"
    );
    eprintln!("slowest backup under load: {slowest:?}");
}

#[test]
fn the_wal_stays_small_over_2000_check_ins_with_idle_readers() {
    const BOUND: u64 = 8 << 20;
    let dir = tempfile::tempdir().unwrap();
    let db = registry(dir.path(), "registry.db", 2000);

    // Reader 1: a plain connection that read something and is idle (no transaction).
    let reader = connect(&db);
    let people: i64 = reader
        .query_row("SELECT count(*) FROM attendees", [], |r| r.get(0))
        .unwrap();
    assert_eq!(people, 2071);
    assert!(reader.is_autocommit());

    // Reader 2: the TUI, idle on the Attendees screen, ticking as its loop does.
    let mut app = App::new(Store::open(&db).unwrap(), Options::new("idle".into())).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    app.handle_key(KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE));
    terminal.draw(|f| app.render(f)).unwrap();

    let mut store = Store::open(&db).unwrap();
    let event = store.event_by_code(EVENT).unwrap();
    let day = event.details.start_date;
    let ids: Vec<_> = (1001..3001)
        .map(|badge| {
            store
                .attendee_by_badge(event.id, badge)
                .unwrap()
                .unwrap()
                .id
        })
        .collect();
    let mut largest = 0;
    let start = Instant::now();
    for (i, id) in ids.iter().enumerate() {
        let at = day.and_hms_opt(9, 0, 0).unwrap();
        store.check_in(*id, day, at, "busy").unwrap();
        largest = largest.max(wal_size(&db));
        if i % 100 == 99 {
            app.tick();
            terminal.draw(|f| app.render(f)).unwrap();
        }
    }
    let took = start.elapsed();
    let end = wal_size(&db);
    eprintln!(
        "2000 check-ins in {took:?}: largest -wal {} KiB, at the end {} KiB (bound {} KiB)",
        largest >> 10,
        end >> 10,
        BOUND >> 10
    );
    assert!(
        largest < BOUND,
        "the -wal grew to {largest} bytes: something pins it"
    );
    // The idle readers see everything, and still hold no transaction.
    let present: i64 = reader
        .query_row("SELECT count(*) FROM checkins", [], |r| r.get(0))
        .unwrap();
    assert_eq!(present, 2000);
    assert!(reader.is_autocommit());
}
