//! rollcall at 70, 10,000 and 100,000 participants: `cargo bench --bench registry`.
//!
//! Every figure of issue 6, each a criterion benchmark:
//! - open the database to the first rendered frame (TestBackend 200×50);
//! - one search keystroke on the Desk and in the Attendees filter (key + draw): the
//!   first character of a query (everyone is scored) and the fourth (narrowing);
//! - one page down in Attendees, in the Delegations tree and in the Stats screen's
//!   delegations (key + draw: the Stats screen draws from kept aggregates);
//! - one durable check-in (synchronous FULL), a different person each time; also on
//!   tmpfs, where a sync costs nothing, to show what is CPU and what is the disk;
//! - a badge scanner's call as `rollcall check-in` makes it, less starting the
//!   process: open the registry, the damage check, the check-in, close;
//! - at 100,000: import of 100,000 CSV rows, and export of 100,000 rows to CSV, XLSX
//!   and the HTML List of Participants;
//! - peak memory of opening each registry until everything is read (a child process reads
//!   its own VmHWM).
//!
//! The registries are generated once per size (the sample seminar for 70) into a
//! temporary directory and reused by every benchmark. At the end a table lists every
//! figure with its median, p95 and the goal: criterion reports means and confidence
//! intervals, but the keystroke goal is a p95 over single keystrokes, so each
//! iteration is also timed on its own.
//!
//! `ROLLCALL_BENCH_SIZES=70,10000` limits the sizes; criterion's own arguments (a
//! filter, `--quick`) work as usual.

mod common;

use common::export_once;

use common::{
    CheckIns, Fixture, HEIGHT, Series, WIDTH, cell, recorded, sizes, slow_group, terminal, timed,
    title, wait_until_ready,
};
use criterion::{Criterion, SamplingMode};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rollcall::store::{Location, Store};
use rollcall::transfer::export::{self, ExportOptions, Format, StatusFilter};
use rollcall::transfer::import::{self, ImportOptions};
use rollcall::ui::app::{App, Options};
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// The environment variable that turns this binary into the peak-memory child.
const CHILD: &str = "ROLLCALL_BENCH_OPEN";
/// The one that turns it into the child that lives a day at the desk (see
/// [`a_day_and_report_memory`]).
const CHILD_DAY: &str = "ROLLCALL_BENCH_DAY";

fn main() {
    if let Ok(path) = std::env::var(CHILD) {
        open_and_report_memory(Path::new(&path));
        return;
    }
    if let Ok(path) = std::env::var(CHILD_DAY) {
        a_day_and_report_memory(Path::new(&path));
        return;
    }
    let sizes = sizes();
    let mut fixtures = Vec::new();
    for &size in &sizes {
        fixtures.push(Fixture::new(size));
    }
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();

    for f in &fixtures {
        first_frame(&mut c, f);
        first_rows(&mut c, f);
    }
    for f in &fixtures {
        writes(&mut c, f);
    }
    for f in &fixtures {
        keystrokes(&mut c, f);
    }
    for f in &fixtures {
        page_down(&mut c, f);
    }
    for f in &fixtures {
        check_in(&mut c, f, false);
        check_in(&mut c, f, true);
    }
    for f in &fixtures {
        scanner_call(&mut c, f);
    }
    if let Some(big) = fixtures.iter().find(|f| f.size == 100_000) {
        transfer(&mut c, big);
    }
    c.final_summary();

    let memory: Vec<(usize, Option<u64>)> = fixtures
        .iter()
        .map(|f| (f.size, peak_memory_kib(&f.path, CHILD)))
        .collect();
    let day: Vec<(usize, Option<u64>)> = fixtures
        .iter()
        .map(|f| {
            let dir = tempfile::Builder::new()
                .prefix("rollcall-bench-day-")
                .tempdir_in(f.dir.path())
                .expect("a temporary directory");
            (
                f.size,
                peak_memory_kib(&f.copy_in(dir.path(), "day.db"), CHILD_DAY),
            )
        })
        .collect();
    print_table(&sizes, &memory, &day);
}

fn staging_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    let builder = || {
        let mut b = tempfile::Builder::new();
        b.prefix("rollcall-bench-staging-");
        b
    };
    if shm.is_dir()
        && let Ok(dir) = builder().tempdir_in(shm)
    {
        return dir;
    }
    builder().tempdir().expect("a temporary directory")
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn press(app: &mut App, terminal: &mut Terminal<TestBackend>, code: KeyCode) {
    app.handle_key(key(code));
    terminal.draw(|f| app.render(f)).expect("draw");
}

fn type_text(app: &mut App, terminal: &mut Terminal<TestBackend>, text: &str) {
    for ch in text.chars() {
        press(app, terminal, KeyCode::Char(ch));
    }
}

/// This benchmark's table has one engine: SQLite.
fn record(figure: &'static str, size: usize, took: Duration) {
    common::record(series(figure, size), took);
}

fn series(figure: &'static str, size: usize) -> Series {
    Series {
        figure,
        size,
        engine: "",
    }
}

// ---------------------------------------------------------------- benchmarks

/// Store::open + App::new + the first draw, on a new terminal; and, recorded beside
/// it, the time until the App has read everything it reads on the side (a large
/// registry, the integrity check) and drawn again.
fn first_frame(c: &mut Criterion, f: &Fixture) {
    let id = ("first_frame", f.size.to_string());
    common::first_frame(c, id, f, &f.location(), "");
}

/// Store::open + App::new, then Attendees drawn (ticking as the event loop does while
/// it reads on the side) until it shows the first person of the whole list.
fn first_rows(c: &mut Criterion, f: &Fixture) {
    let size = f.size;
    let first = {
        let store = Store::open(&f.path).expect("open");
        let (_, day) = f.days();
        let rows = store.attendee_rows(f.event.id, day).expect("rows");
        rows[0].sort_name()
    };
    let mut g = slow_group(c, "first_rows");
    g.bench_function(size.to_string(), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let started = Instant::now();
                let mut app = f.open_app();
                let mut terminal = terminal();
                press(&mut app, &mut terminal, KeyCode::Char('2'));
                while !shows(&terminal, &first) {
                    assert!(started.elapsed() < Duration::from_secs(60), "no rows");
                    std::thread::sleep(Duration::from_millis(1));
                    app.tick();
                    terminal.draw(|frame| app.render(frame)).expect("draw");
                }
                let took = started.elapsed();
                record("open → first rows on Attendees", size, took);
                total += took;
                wait_until_ready(&mut app);
                drop(black_box(app));
            }
            total
        })
    });
    g.finish();
}

/// Whether the terminal shows `text` anywhere.
fn shows(terminal: &Terminal<TestBackend>, text: &str) -> bool {
    let buffer = terminal.backend().buffer();
    let width = buffer.area.width as usize;
    let cells: Vec<&str> = buffer.content().iter().map(|c| c.symbol()).collect();
    cells.chunks(width).any(|line| line.concat().contains(text))
}

/// A save from the person form, a walk-in and a move, each as the key runs it (the
/// command, its answer, the next frame), on a copy of the registry in the App at work.
/// Each is taken back afterwards, untimed. What the App reads on the side after a
/// write (other desks' changes since) is not waited for: it runs on the other core
/// while the next writes are timed, as it would at a busy desk.
fn writes(c: &mut Criterion, f: &Fixture) {
    use rollcall::domain::{NewAttendee, Status};
    use rollcall::store::DelegationChoice;
    use rollcall::ui::command::Command;
    let size = f.size;
    let dir = tempfile::Builder::new()
        .prefix("rollcall-bench-writes-")
        .tempdir_in(f.dir.path())
        .expect("a temporary directory");
    let path = f.copy_in(dir.path(), "writes.db");
    let location = Location::File(path.clone());
    let mut app = f.open_app_at(&location);
    wait_until_ready(&mut app);
    let mut terminal = terminal();
    press(&mut app, &mut terminal, KeyCode::Char('2'));
    let store = Store::open(&path).expect("open");
    let (_, day) = f.days();
    let rows = store.attendee_rows(f.event.id, day).expect("rows");
    // A walk-in takes the next badge; its undo gives it back.
    let next_badge = rows.iter().map(|p| p.badge).max().unwrap_or(0) + 1;
    // Someone in a middle of the list, and a delegation they are not in.
    let someone = rows[rows.len() / 2].clone();
    let before = store.attendee(someone.id).expect("a person").details;
    let elsewhere = rows
        .iter()
        .filter_map(|p| p.delegation)
        .find(|d| Some(*d) != someone.delegation);
    drop(store);

    let mut run = |name: &str,
                   figure: &'static str,
                   step: &dyn Fn(u64) -> Command,
                   back: &dyn Fn(&mut App, u64)| {
        let mut g = slow_group(c, name);
        g.sampling_mode(SamplingMode::Auto);
        let cell = std::cell::RefCell::new((&mut app, &mut terminal));
        g.bench_function(size.to_string(), |b| {
            b.iter_custom(|iters| {
                timed(
                    series(figure, size),
                    iters,
                    |i| {
                        let (app, terminal) = &mut *cell.borrow_mut();
                        app.run_command(step(i));
                        terminal.draw(|frame| app.render(frame)).expect("draw");
                    },
                    |i| {
                        let (app, _) = &mut *cell.borrow_mut();
                        back(app, i);
                    },
                )
            })
        });
        g.finish();
    };

    // A save that renames (the line moves in the list), and back.
    let renamed = |i: u64| NewAttendee {
        family_name: format!("{}-{i}", before.family_name),
        ..before.clone()
    };
    let id = someone.id;
    run(
        "save_person",
        "save (person form)",
        &|i| Command::EditPerson {
            id,
            before: Box::new(before.clone()),
            after: Box::new(renamed(i)),
        },
        &|app, i| {
            app.run_command(Command::EditPerson {
                id,
                before: Box::new(renamed(i)),
                after: Box::new(before.clone()),
            })
        },
    );

    // A walk-in (registered and checked in), and its undo.
    let walk_in = |i: u64| NewAttendee {
        given_name: "Walk".into(),
        family_name: format!("In {i}"),
        status: Status::Registered,
        ..NewAttendee::default()
    };
    run(
        "walk_in",
        "walk-in",
        &|i| Command::WalkIn {
            person: Box::new(walk_in(i)),
            delegation: DelegationChoice::None,
        },
        &|app, _| {
            let event = app.current_event().expect("open");
            let walked_in = app
                .store()
                .attendee_by_badge(event, next_badge)
                .expect("read")
                .expect("the walk-in");
            app.run_command(Command::UndoWalkIn {
                attendee: walked_in.id,
                name: String::new(),
            });
        },
    );

    // A move to another delegation, and back.
    if let Some(to) = elsewhere {
        let from = someone.delegation;
        run(
            "move_person",
            "move to a delegation",
            &|_| Command::MovePerson { id, to: Some(to) },
            &|app, _| app.run_command(Command::MovePerson { id, to: from }),
        );
    }
}

/// One keystroke in a search field, with the frame it causes. The first character of
/// a query scores everyone; the fourth narrows the third's hits. Each timed key is
/// taken back (untimed) with Backspace.
fn keystrokes(c: &mut Criterion, f: &Fixture) {
    let size = f.size;
    let cases: [(&str, &'static str, char, &str, &'static str); 4] = [
        ("desk_first_char", "Desk: 1st char", '4', "", "a"),
        ("desk_fourth_char", "Desk: 4th char", '4', "nur", "l"),
        (
            "attendees_first_char",
            "Attendees filter: 1st char",
            '2',
            "/",
            "a",
        ),
        (
            "attendees_fourth_char",
            "Attendees filter: 4th char",
            '2',
            "/nur",
            "l",
        ),
    ];
    for (name, figure, screen, prefix, typed) in cases {
        let mut g = slow_group(c, name);
        g.sampling_mode(SamplingMode::Auto);
        let mut app = f.open_ready_app();
        let mut terminal = terminal();
        press(&mut app, &mut terminal, KeyCode::Char(screen));
        type_text(&mut app, &mut terminal, prefix);
        let ch = typed.chars().next().expect("one char");
        g.bench_function(size.to_string(), |b| {
            b.iter_custom(|iters| {
                let cell = std::cell::RefCell::new((&mut app, &mut terminal));
                timed(
                    series(figure, size),
                    iters,
                    |_| {
                        let (app, terminal) = &mut *cell.borrow_mut();
                        press(app, terminal, KeyCode::Char(ch));
                    },
                    |_| {
                        let (app, terminal) = &mut *cell.borrow_mut();
                        press(app, terminal, KeyCode::Backspace);
                    },
                )
            })
        });
        g.finish();
    }
}

/// PageDown and the frame it causes; at the end of the list, Home (untimed).
fn page_down(c: &mut Criterion, f: &Fixture) {
    let size = f.size;
    for (name, figure, screen) in [
        ("attendees_page_down", "Attendees: page down", '2'),
        ("delegations_page_down", "Delegations tree: page down", '3'),
        ("stats_page_down", "Stats: delegations page down", '5'),
    ] {
        let mut g = slow_group(c, name);
        g.sampling_mode(SamplingMode::Auto);
        let mut app = f.open_ready_app();
        let mut terminal = terminal();
        press(&mut app, &mut terminal, KeyCode::Char(screen));
        // The Stats screen reads its figures when first shown (on the side when large):
        // the timed frames are of the figures, not of "Counting…".
        while screen == '5' && app.figures().is_none() {
            app.tick();
            std::thread::sleep(Duration::from_millis(1));
        }
        let mut last = terminal.backend().buffer().clone();
        g.bench_function(size.to_string(), |b| {
            b.iter_custom(|iters| {
                let cell = std::cell::RefCell::new((&mut app, &mut terminal, &mut last));
                timed(
                    series(figure, size),
                    iters,
                    |_| {
                        let (app, terminal, _) = &mut *cell.borrow_mut();
                        press(app, terminal, KeyCode::PageDown);
                    },
                    |_| {
                        // Nothing moved: the end of the list. Back to the top.
                        let (app, terminal, last) = &mut *cell.borrow_mut();
                        if terminal.backend().buffer() == &**last {
                            press(app, terminal, KeyCode::Home);
                        }
                        **last = terminal.backend().buffer().clone();
                    },
                )
            })
        });
        g.finish();
    }
}

/// One durable check-in (Store::check_in: BEGIN IMMEDIATE … COMMIT with synchronous
/// FULL), a different person each iteration; each is undone afterwards, untimed, so
/// the people never run out.
fn check_in(c: &mut Criterion, f: &Fixture, tmpfs: bool) {
    let size = f.size;
    let dir = if tmpfs {
        staging_dir()
    } else {
        tempfile::Builder::new()
            .prefix("rollcall-bench-")
            .tempdir_in(f.dir.path())
            .expect("a temporary directory")
    };
    let path = f.copy_in(dir.path(), "check-in.db");
    let mut store = Store::open(&path).expect("open");
    let (_, day) = f.days();
    let people = f.not_yet_in(&store);
    let who = CheckIns {
        people: &people,
        day,
        at: day.and_hms_opt(10, 0, 0).expect("a valid time"),
        desk: "bench",
    };
    let (name, figure) = if tmpfs {
        ("check_in_tmpfs", "check-in (tmpfs: no disk sync)")
    } else {
        ("check_in", "check-in (durable)")
    };
    let id = (name, size.to_string());
    common::check_ins(c, id, series(figure, size), &mut store, &who);
}

/// What `rollcall check-in` does for each badge, in this process: open the registry,
/// the damage check (the full check ran once, untimed, before), check a different
/// person in, close. Each is undone afterwards, untimed.
fn scanner_call(c: &mut Criterion, f: &Fixture) {
    let size = f.size;
    let dir = tempfile::Builder::new()
        .prefix("rollcall-bench-")
        .tempdir_in(f.dir.path())
        .expect("a temporary directory");
    let path = f.copy_in(dir.path(), "scanner.db");
    let (_, day) = f.days();
    let people = {
        let store = Store::open(&path).expect("open");
        store.check_damage().expect("a sound registry");
        f.not_yet_in(&store)
    };
    let who = CheckIns {
        people: &people,
        day,
        at: day.and_hms_opt(10, 0, 0).expect("a valid time"),
        desk: "scanner",
    };
    let figure = "scanner call: open … close";
    let id = ("scanner_call", size.to_string());
    common::scanner_calls(c, id, series(figure, size), &Location::File(path), &who);
}

/// Import of 100,000 CSV rows into an empty event, and exports of 100,000 rows.
fn transfer(c: &mut Criterion, f: &Fixture) {
    let size = f.size;
    let work = tempfile::Builder::new()
        .prefix("rollcall-bench-transfer-")
        .tempdir_in(f.dir.path())
        .expect("a temporary directory");

    // The CSV to import: the registry's own export, every person.
    let csv_path = work.path().join("people.csv");
    {
        let mut store = Store::open(&f.path).expect("open");
        let options = ExportOptions {
            status: Some(StatusFilter::All),
            ..ExportOptions::new(Format::Csv, f.clock())
        };
        let mut out = BufWriter::new(std::fs::File::create(&csv_path).expect("create"));
        export::export(&mut store, &f.event, &options, &mut out, &mut |_, _| {}).expect("csv");
        out.flush().expect("flush");
    }

    let mut g = slow_group(c, "import_csv");
    g.measurement_time(Duration::from_secs(20));
    g.bench_function(size.to_string(), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for i in 0..iters {
                // A fresh registry with the event and nobody in it (untimed).
                let path = work.path().join(format!("import-{i}.db"));
                let _ = std::fs::remove_file(&path);
                let mut store = Store::create_or_open(&path).expect("open");
                let event = store.create_event(&f.event.details).expect("event");
                let started = Instant::now();
                let plan = import::plan(
                    &store,
                    event.id,
                    &csv_path,
                    &ImportOptions::default(),
                    &mut |_| {},
                )
                .expect("the file imports");
                let report = plan.apply(&mut store).expect("imported");
                let took = started.elapsed();
                assert_eq!(report.people, size);
                record("import CSV", size, took);
                total += took;
                drop(store);
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            total
        })
    });
    g.finish();

    let mut store = Store::open(&f.path).expect("open");
    for (name, figure, format) in [
        ("export_csv", "export CSV", Format::Csv),
        ("export_xlsx", "export XLSX", Format::Xlsx),
        ("export_html", "export HTML list", Format::Html),
    ] {
        let mut g = slow_group(c, name);
        g.measurement_time(Duration::from_secs(10));
        let options = ExportOptions {
            status: Some(StatusFilter::All),
            ..ExportOptions::new(format, f.clock())
        };
        let out_path = work.path().join(format!("export.{}", format.extension()));
        g.bench_function(size.to_string(), |b| {
            b.iter_custom(|iters| {
                timed(
                    series(figure, size),
                    iters,
                    |_| export_once(&mut store, &f.event, &options, &out_path),
                    |_| {},
                )
            })
        });
        g.finish();
    }
}

// ---------------------------------------------------------------- memory

/// Run this binary again as a child that opens `path`, reads everything and draws, and prints
/// its peak resident memory; the parent's own memory (fixtures, criterion) stays out.
fn peak_memory_kib(path: &Path, child: &str) -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe)
        .env(child, path)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM_KiB=")?.trim().parse().ok())
}

fn open_and_report_memory(path: &Path) {
    let store = Store::open(path).expect("open");
    let options = Options::new("bench".to_string());
    let mut app = App::new(store, options).expect("the App");
    let mut terminal = terminal();
    terminal.draw(|f| app.render(f)).expect("draw");
    wait_until_ready(&mut app);
    terminal.draw(|f| app.render(f)).expect("draw");
    report_peak_memory();
    black_box(app);
}

/// A day at a desk, in a child process on a copy of the registry: open, everyone read,
/// then 40 walk-ins, 40 saves from the person form, 20 moves, and 40 changes by another
/// desk, each followed by what the App reads on the side; then its peak memory.
fn a_day_and_report_memory(path: &Path) {
    use rollcall::domain::{NewAttendee, Status};
    use rollcall::store::DelegationChoice;
    use rollcall::ui::command::Command;
    let store = Store::open(path).expect("open");
    let mut other = Store::open(path).expect("open");
    let mut app = App::new(store, Options::new("bench".to_string())).expect("the App");
    let mut terminal = terminal();
    wait_until_ready(&mut app);
    press(&mut app, &mut terminal, KeyCode::Char('2'));
    let event = app.current_event().expect("an event");
    // Fifty people across the badges, and twenty delegations, looked up one by one:
    // a list of everyone here would be this process's peak, not the App's.
    let today = chrono::Local::now().date_naive();
    let taken = |badge: u32| other.attendee_by_badge(event, badge).ok().flatten();
    let mut largest = 1;
    while taken(largest * 2).is_some() {
        largest *= 2;
    }
    let people: Vec<_> = (1..=50)
        .filter_map(|i| {
            other
                .attendee_by_badge(event, largest * i / 50)
                .ok()
                .flatten()
        })
        .map(|a| a.id)
        .collect();
    let full_event = other.event(event).expect("the event");
    let delegations: Vec<_> = other
        .list_delegations(&full_event, today)
        .expect("delegations")
        .into_iter()
        .map(|d| d.delegation.id)
        .take(20)
        .collect();
    let settle = |app: &mut App, terminal: &mut Terminal<TestBackend>| {
        // Other desks' commits are seen at the next tick; let what it reads finish.
        app.tick();
        wait_until_ready(app);
        terminal.draw(|f| app.render(f)).expect("draw");
    };
    for i in 0..40 {
        app.run_command(Command::WalkIn {
            person: Box::new(NewAttendee {
                given_name: "Walk".into(),
                family_name: format!("In {i}"),
                status: Status::Registered,
                ..NewAttendee::default()
            }),
            delegation: DelegationChoice::None,
        });
        settle(&mut app, &mut terminal);
    }
    for (i, &id) in people.iter().take(40).enumerate() {
        let before = other.attendee(id).expect("a person").details;
        let after = NewAttendee {
            position: format!("Saved {i}"),
            ..before.clone()
        };
        app.run_command(Command::EditPerson {
            id,
            before: Box::new(before),
            after: Box::new(after),
        });
        settle(&mut app, &mut terminal);
    }
    for (&id, &to) in people.iter().zip(&delegations).take(20) {
        app.run_command(Command::MovePerson { id, to: Some(to) });
        settle(&mut app, &mut terminal);
    }
    for (i, &id) in people.iter().rev().take(40).enumerate() {
        let before = other.attendee(id).expect("a person").details;
        let after = NewAttendee {
            notes: format!("Changed at another desk {i}"),
            family_name: format!("{}-{i}", before.family_name),
            ..before.clone()
        };
        let _ = other.edit_attendee(id, &before, &after).expect("saved");
        settle(&mut app, &mut terminal);
    }
    report_peak_memory();
    black_box(app);
}

/// This process's peak resident memory (VmHWM), for the parent to read.
fn report_peak_memory() {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:")) {
        let kib: String = line.chars().filter(char::is_ascii_digit).collect();
        println!("VmHWM_KiB={kib}");
    }
}

// ---------------------------------------------------------------- the table

fn print_table(sizes: &[usize], memory: &[(usize, Option<u64>)], day: &[(usize, Option<u64>)]) {
    let goals: &[(&str, &str)] = &[
        ("first frame", "≤ 100 ms"),
        ("open → everything read", "—"),
        ("open → first rows on Attendees", "≤ 150 ms"),
        ("save (person form)", "≤ 16 ms p95"),
        ("walk-in", "≤ 16 ms p95"),
        ("move to a delegation", "≤ 16 ms p95"),
        ("Desk: 1st char", "≤ 16 ms p95"),
        ("Desk: 4th char", "≤ 16 ms p95"),
        ("Attendees filter: 1st char", "≤ 16 ms p95"),
        ("Attendees filter: 4th char", "≤ 16 ms p95"),
        ("Attendees: page down", "≤ 16 ms p95"),
        ("Delegations tree: page down", "≤ 16 ms p95"),
        ("Stats: delegations page down", "≤ 16 ms p95"),
        ("check-in (durable)", "≤ 1 ms"),
        ("check-in (tmpfs: no disk sync)", "(CPU part)"),
        ("scanner call: open … close", "≤ 3× at 70"),
        ("import CSV", "≤ 3× sqlite3"),
        ("export CSV", "≤ 1.5× sqlite3"),
        ("export XLSX", "—"),
        ("export HTML list", "—"),
    ];
    println!();
    println!("{}", title("rollcall benchmarks"));
    println!("median / p95 of single iterations (warm-up included), terminal {WIDTH}×{HEIGHT}");
    print!("{:<32}", "figure");
    for s in sizes {
        print!(" {:>22}", format!("{s} people"));
    }
    println!("  goal");
    for &(figure, goal) in goals {
        if !sizes.iter().any(|s| recorded(series(figure, *s))) {
            continue;
        }
        print!("{figure:<32}");
        for s in sizes {
            print!(" {:>22}", cell(series(figure, *s)));
        }
        println!("  {goal}");
    }
    for (figure, peaks) in [
        ("peak memory, open → all read", memory),
        ("peak memory, a day at the desk", day),
    ] {
        print!("{figure:<32}");
        for s in sizes {
            let cell = peaks
                .iter()
                .find(|(size, _)| size == s)
                .and_then(|(_, kib)| *kib)
                .map_or("–".to_string(), |kib| {
                    format!("{:.1} MB", kib as f64 / 1024.0)
                });
            print!(" {cell:>22}");
        }
        println!("  ≤ 60 MB");
    }
}
