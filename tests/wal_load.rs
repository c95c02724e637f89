//! The registry under load: eight badge scanners (`rollcall check-in` in loops), an
//! open TUI and exports on one generated registry, with the `-wal` file's size sampled
//! every 2 ms; and the damage check that reads every page only when the file changed.
//!
//! The load runs on `rollcall demo --size N`: 50,000 people by default, the largest
//! size that keeps this test under a minute with the debug build on two cores.
//! `ROLLCALL_WAL_LOAD_SIZE=100000 cargo test --release --test wal_load` runs it on
//! 100,000 people.
//!
//! Every process gets a cache folder of the test's own (`XDG_CACHE_HOME`), where
//! rollcall keeps the record of which state of a registry passed the full check.

mod common;
use common::tmux::Tmux;
use common::*;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use rollcall::store::Store;
use rollcall::ui::app::{App, Options};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The promise: the WAL never passes this, whatever the load.
const WAL_BOUND: u64 = 8 << 20;

/// Scanners, and check-ins each makes.
const SCANNERS: usize = 8;
const SCANS_EACH: usize = 100;

/// Exports during the load, one after the other.
const EXPORTS: usize = 2;

/// `rollcall ARGS` with the test's own cache folder.
fn rollcall(cache: &Path, args: &[&str]) -> Output {
    rollcall_cmd(args)
        .env("XDG_CACHE_HOME", cache)
        .output()
        .unwrap()
}

/// What the record of `db` in `cache` says: (full checks passed, whether the recorded
/// state is checked). `None` when there is no record.
fn record(cache: &Path, db: &Path) -> Option<(u64, bool)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(db).unwrap();
    let name = format!("{}-{}", meta.dev(), meta.ino());
    let text = std::fs::read_to_string(cache.join("rollcall/checked").join(name)).ok()?;
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(str::to_string)
    };
    Some((
        field("full-checks ")?.parse().ok()?,
        field("checked ")? == "yes",
    ))
}

/// The TUI on `db` while the load runs: the real binary in tmux where there is tmux,
/// else an App in this process that ticks as the event loop does.
enum Tui {
    Terminal(Tmux),
    InProcess(Arc<AtomicBool>, std::thread::JoinHandle<()>),
}

impl Tui {
    fn open(dir: &Path, cache: &Path, db: &Path) -> Tui {
        if Command::new("tmux").arg("-V").output().is_ok() {
            let tmux = Tmux::new(dir);
            let command = format!(
                "XDG_CACHE_HOME={} {BIN} --db {}",
                cache.display(),
                db.display()
            );
            tmux.start("tui", 160, 40, &command);
            tmux.wait_for("tui", "present");
            return Tui::Terminal(tmux);
        }
        eprintln!("tmux is not installed: the TUI runs in this process (CI installs tmux)");
        let stop = Arc::new(AtomicBool::new(false));
        let (db, flag) = (db.to_path_buf(), Arc::clone(&stop));
        let ticking = std::thread::spawn(move || {
            let mut app = App::new(Store::open(&db).unwrap(), Options::new("tui".into())).unwrap();
            let mut terminal = Terminal::new(TestBackend::new(160, 40)).unwrap();
            app.handle_key(KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE));
            while !flag.load(Ordering::Relaxed) {
                app.tick();
                terminal.draw(|f| app.render(f)).unwrap();
                std::thread::sleep(Duration::from_millis(250));
            }
        });
        Tui::InProcess(stop, ticking)
    }

    fn close(self) {
        match self {
            Tui::Terminal(tmux) => drop(tmux),
            Tui::InProcess(stop, ticking) => {
                stop.store(true, Ordering::Relaxed);
                ticking.join().unwrap();
            }
        }
    }
}

#[test]
fn the_wal_stays_under_8_mib_with_eight_scanners_an_open_tui_and_two_exports() {
    let size: usize = std::env::var("ROLLCALL_WAL_LOAD_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50_000);
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let db = dir.path().join("registry.db");
    let started = Instant::now();
    let out = rollcall(
        &cache,
        &[
            "demo",
            "--db",
            db.to_str().unwrap(),
            "--size",
            &size.to_string(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let generated = started.elapsed();

    // People not yet in on the event's last day, dealt out to the scanners.
    let conn = connect(&db);
    let (code, day): (String, String) = conn
        .query_row("SELECT code, end_date FROM events", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let badges: Vec<u32> = conn
        .prepare(
            "SELECT badge FROM attendees a WHERE status <> 'cancelled' AND NOT EXISTS
               (SELECT 1 FROM checkins c WHERE c.attendee_id = a.id AND c.day = ?1)
             ORDER BY badge LIMIT ?2",
        )
        .unwrap()
        .query_map(
            rusqlite::params![day, (SCANNERS * SCANS_EACH) as i64],
            |r| r.get(0),
        )
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(badges.len(), SCANNERS * SCANS_EACH);
    drop(conn);
    let checked_in_before = count(&db, "SELECT count(*) FROM checkins");

    let tui = Tui::open(dir.path(), &cache, &db);

    // The -wal's size every 2 ms, until the load is over; past the bound everyone
    // stops (the test has failed).
    let over = Arc::new(AtomicBool::new(false));
    let finished = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (db, over, finished, peak) = (
            db.clone(),
            Arc::clone(&over),
            Arc::clone(&finished),
            Arc::clone(&peak),
        );
        std::thread::spawn(move || {
            while !finished.load(Ordering::Relaxed) {
                let size = wal_size(&db);
                peak.fetch_max(size, Ordering::Relaxed);
                if size > WAL_BOUND {
                    over.store(true, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    let load = Instant::now();
    let scanned = Arc::new(AtomicUsize::new(0));
    let scanners: Vec<_> = badges
        .chunks(SCANS_EACH)
        .enumerate()
        .map(|(i, mine)| {
            let (cache, db, code, day) = (cache.clone(), db.clone(), code.clone(), day.clone());
            let (mine, over, scanned) = (mine.to_vec(), Arc::clone(&over), Arc::clone(&scanned));
            std::thread::spawn(move || -> Vec<String> {
                let mut failures = Vec::new();
                for badge in mine {
                    if over.load(Ordering::Relaxed) {
                        break;
                    }
                    let out = rollcall(
                        &cache,
                        &[
                            "check-in",
                            "--db",
                            db.to_str().unwrap(),
                            "--event",
                            &code,
                            "--badge",
                            &badge.to_string(),
                            "--day",
                            &day,
                            "--desk",
                            &format!("scanner-{i}"),
                        ],
                    );
                    if !out.status.success() {
                        failures.push(text(&out.stderr));
                    }
                    scanned.fetch_add(1, Ordering::Relaxed);
                }
                failures
            })
        })
        .collect();
    // Exports, two one after the other, once the scanners are at work: each holds one
    // read of every person for seconds, and the WAL cannot start over meanwhile.
    let exporter = {
        let (cache, db, code) = (cache.clone(), db.clone(), code.clone());
        let (over, scanned) = (Arc::clone(&over), Arc::clone(&scanned));
        std::thread::spawn(move || -> usize {
            let target = db.with_file_name("roster.csv");
            let mut exports = 0;
            while scanned.load(Ordering::Relaxed) < SCANNERS * 10 && !over.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(10));
            }
            while exports < EXPORTS && !over.load(Ordering::Relaxed) {
                let out = rollcall(
                    &cache,
                    &[
                        "export",
                        "--db",
                        db.to_str().unwrap(),
                        "--event",
                        &code,
                        "--format",
                        "csv",
                        "--status",
                        "all",
                        "-o",
                        target.to_str().unwrap(),
                    ],
                );
                assert!(out.status.success(), "{}", text(&out.stderr));
                exports += 1;
            }
            exports
        })
    };
    let failures: Vec<String> = scanners
        .into_iter()
        .flat_map(|s| s.join().unwrap())
        .collect();
    let exports = exporter.join().unwrap();
    let took = load.elapsed();
    finished.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    tui.close();

    let peak = peak.load(Ordering::Relaxed);
    let scanned = scanned.load(Ordering::Relaxed);
    eprintln!(
        "{size} people (generated in {generated:.1?}): {scanned} check-ins by {SCANNERS} scanners \
         in {took:.1?} beside an open TUI and {exports} exports; largest -wal {:.2} MiB \
         (bound {} MiB); full checks: {:?}",
        peak as f64 / (1 << 20) as f64,
        WAL_BOUND >> 20,
        record(&cache, &db).map(|r| r.0)
    );
    assert!(
        peak <= WAL_BOUND,
        "the -wal reached {:.1} MiB after {scanned} check-ins",
        peak as f64 / (1 << 20) as f64
    );
    assert!(failures.is_empty(), "scanners failed: {failures:?}");
    assert_eq!(exports, EXPORTS, "the exports ran during the load");
    let checked_in: i64 = count(&db, "SELECT count(*) FROM checkins");
    assert_eq!(
        checked_in - checked_in_before,
        (SCANNERS * SCANS_EACH) as i64
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM pragma_quick_check WHERE quick_check <> 'ok'"
        ),
        0
    );
}

#[test]
fn a_scanner_pays_for_the_full_check_once_and_damage_written_between_calls_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    // The sample seminar plus 3,000 people, closed so that its bytes are all in the file.
    let db = registry(dir.path(), "scanner.db", 3000);
    assert!(!PathBuf::from(format!("{}-wal", db.display())).exists());
    let check_in = |badge: u32| {
        rollcall(
            &cache,
            &[
                "check-in",
                "--db",
                db.to_str().unwrap(),
                "--event",
                EVENT,
                "--badge",
                &badge.to_string(),
                "--day",
                "2017-07-05",
                "--desk",
                "scanner",
            ],
        )
    };

    // The first call on a file never checked reads every page, and says it passed.
    let out = check_in(1);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        record(&cache, &db),
        Some((1, true)),
        "one full check, recorded"
    );

    // The same call on the unchanged file, then the next badges (each a write of the
    // scanner's own): no more full checks.
    let out = check_in(1);
    assert!(
        text(&out.stdout).starts_with("already checked in"),
        "{}",
        text(&out.stdout)
    );
    for badge in [2, 1001, 1002, 1003] {
        let out = check_in(badge);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    assert_eq!(
        record(&cache, &db),
        Some((1, true)),
        "still one full check after six calls"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM checkins"), 5);

    // Another program writes garbage over a page between two calls: the next call makes
    // the full check, names the damage, writes nothing, and forgets the record.
    // Garbage over the page holding person 1500's e-mail address: no index holds it, so
    // only a full check finds it (a check-in of badge 1 never reads it).
    scramble_page_holding(&db, b"person1500@test.example");
    let before = std::fs::read(&db).unwrap();
    let out = check_in(3);
    assert!(
        !out.status.success(),
        "a check-in on a damaged file was accepted"
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("damaged") && err.contains("scanner.db"),
        "one line naming the file and the damage: {err}"
    );
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the registry was changed"
    );
    assert_eq!(record(&cache, &db), None, "a damaged file keeps no record");
    // And again: damage is never remembered as checked.
    assert!(!check_in(4).status.success());
}

/// A write from another connection, then a truncating checkpoint: it can finish only
/// when no connection is still reading an older state of the file.
fn no_one_pins_the_wal(db: &Path, screen: &str) {
    let conn = connect(db);
    conn.execute("UPDATE events SET title = title", []).unwrap();
    let (busy, log, copied): (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(
        (busy, log, copied),
        (0, 0, 0),
        "{screen}: the TUI holds a read of the file while idle"
    );
}

#[test]
fn the_tui_reads_nothing_while_idle_on_any_screen() {
    let dir = tempfile::tempdir().unwrap();
    let db = registry(dir.path(), "registry.db", 200);
    let mut app = App::new(Store::open(&db).unwrap(), Options::new("idle".into())).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(160, 40)).unwrap();
    let mut press = |app: &mut App, code: KeyCode| {
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        app.tick();
        terminal.draw(|f| app.render(f)).unwrap();
    };
    let steps: &[(&str, &[KeyCode])] = &[
        ("Seminars", &[]),
        ("Attendees", &[KeyCode::Char('2')]),
        ("the person card", &[KeyCode::Enter]),
        ("activity", &[KeyCode::Esc, KeyCode::Char('a')]),
        (
            "a filter",
            &[KeyCode::Esc, KeyCode::Char('/'), KeyCode::Char('g')],
        ),
        (
            "Delegations",
            &[
                KeyCode::Esc,
                KeyCode::Esc,
                KeyCode::Char('3'),
                KeyCode::Right,
            ],
        ),
        (
            "the Desk",
            &[KeyCode::Char('4'), KeyCode::Char('1'), KeyCode::Char('0')],
        ),
        ("a check-in", &[KeyCode::Enter]),
        ("help", &[KeyCode::F(1)]),
    ];
    for (screen, keys) in steps {
        for key in *keys {
            press(&mut app, *key);
        }
        no_one_pins_the_wal(&db, screen);
        press(&mut app, KeyCode::Null); // the App follows the write like any other desk's
    }
}
