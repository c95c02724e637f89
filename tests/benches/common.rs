//! What the benchmarks share: the sizes asked for, a registry written once per size, the
//! App on a test terminal, and the recording of single iterations behind the tables they
//! print at the end (criterion reports means and confidence intervals; the goals are
//! medians and p95s over single iterations, so each iteration is also timed on its own).

#![allow(dead_code)] // each benchmark uses its own part

use chrono::{NaiveDate, NaiveDateTime};
use criterion::{Criterion, SamplingMode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rollcall::domain::{AttendeeId, Event, Status};
use rollcall::store::{Location, Store};
use rollcall::ui::app::{App, Options};
use rollcall::ui::theme::Theme;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const SIZES: [usize; 3] = [70, 10_000, 100_000];
pub const WIDTH: u16 = 200;
pub const HEIGHT: u16 = 50;

/// The sizes of `ROLLCALL_BENCH_SIZES` (`70,10_000`), or all of [`SIZES`].
pub fn sizes() -> Vec<usize> {
    match std::env::var("ROLLCALL_BENCH_SIZES") {
        Ok(list) => list
            .split(',')
            .filter_map(|s| s.trim().replace('_', "").parse().ok())
            .collect(),
        Err(_) => SIZES.to_vec(),
    }
}

// ---------------------------------------------------------------- the registry

/// A registry file, written once and opened by every benchmark: the sample seminar for
/// 70, a generated one for the other sizes.
pub struct Fixture {
    pub size: usize,
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub event: Event,
}

impl Fixture {
    pub fn new(size: usize) -> Fixture {
        let dir = tempfile::Builder::new()
            .prefix("rollcall-bench-")
            .tempdir()
            .expect("a temporary directory");
        let path = dir.path().join(format!("registry-{size}.db"));
        let started = Instant::now();
        let code = if size == 70 {
            let mut store = Store::create_or_open(&path).expect("open");
            rollcall::demo::write_sample(&mut store).expect("the sample")
        } else {
            let mut store = Store::create_or_open(&path).expect("open");
            rollcall::demo::generate(&mut store, size, rollcall::demo::DEFAULT_SEED)
                .expect("generate")
        };
        let store = Store::open(&path).expect("open");
        let event = store.event_by_code(&code).expect("the event");
        eprintln!(
            "fixture: {size} people ({code}) written in {:.1} s to {}",
            started.elapsed().as_secs_f64(),
            path.display()
        );
        Fixture {
            size,
            dir,
            path,
            event,
        }
    }

    /// Where the fixture's own file is, as a store opens it.
    pub fn location(&self) -> Location {
        Location::File(self.path.clone())
    }

    /// A copy of the registry that a benchmark may change.
    pub fn copy_in(&self, dir: &Path, name: &str) -> PathBuf {
        let target = dir.join(name);
        let store = Store::open(&self.path).expect("open");
        store.copy_into(&target).expect("copy");
        target
    }

    /// The event's days.
    pub fn days(&self) -> (NaiveDate, NaiveDate) {
        (self.event.details.start_date, self.event.details.end_date)
    }

    /// The registered people `store` (a copy of the registry) has not yet checked in on
    /// the event's last day: each can be checked in, and out again.
    pub fn not_yet_in(&self, store: &Store) -> Vec<AttendeeId> {
        store
            .attendee_rows(self.event.id, self.days().1)
            .expect("rows")
            .into_iter()
            .filter(|p| !p.present && p.status == Status::Registered)
            .map(|p| p.id)
            .collect()
    }

    /// The wall clock the App sees: 09:00 on the first day of the event.
    pub fn clock(&self) -> NaiveDateTime {
        self.days().0.and_hms_opt(9, 0, 0).expect("a valid time")
    }

    /// The App on the fixture's own file, as the first frame sees it.
    pub fn open_app(&self) -> App {
        self.open_app_at(&self.location())
    }

    /// The App on the registry at `location` (the fixture's file or a copy of it) as
    /// the first frame sees it: anything it reads on the side (the integrity check, a
    /// large registry) may still be on its way.
    pub fn open_app_at(&self, location: &Location) -> App {
        let store = Store::open_at(location).expect("open");
        let options = Options {
            desk: "bench".to_string(),
            desk_mode: false,
            clock: rollcall::clock::Clock::fixed(self.clock()),
            theme: Theme::colour(),
            keymap: Default::default(),
        };
        App::new(store, options).expect("the App")
    }

    /// The App with everything read: what the keys are measured on.
    pub fn open_ready_app(&self) -> App {
        let mut app = self.open_app();
        wait_until_ready(&mut app);
        app
    }
}

/// Wait until the App has nothing left to read on the side (the event loop does the
/// same with `tick` while `busy`).
pub fn wait_until_ready(app: &mut App) {
    while app.busy() {
        app.tick();
        std::thread::sleep(Duration::from_micros(200));
    }
}

pub fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal")
}

/// A group for figures of a millisecond or more: ten samples, one iteration each.
pub fn slow_group<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    g
}

// ---------------------------------------------------------------- measurements

/// The figures the first frame records: the frame itself, and everything read.
pub const FIRST_FRAME: &str = "first frame";
pub const EVERYTHING_READ: &str = "open → everything read";

/// Store::open_at + App::new + the first draw, on a new terminal, as criterion's `id`
/// in group `group`; and, recorded beside it, the time until the App has read
/// everything it reads on the side (a large registry, the integrity check) and drawn
/// again. `engine` names the engine in the recorded series.
pub fn first_frame(
    c: &mut Criterion,
    (group, id): (&str, String),
    f: &Fixture,
    location: &Location,
    engine: &'static str,
) {
    let series = |figure| Series {
        figure,
        size: f.size,
        engine,
    };
    let mut g = slow_group(c, group);
    g.bench_function(id, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let started = Instant::now();
                let mut app = f.open_app_at(location);
                let mut terminal = terminal();
                terminal.draw(|frame| app.render(frame)).expect("draw");
                let took = started.elapsed();
                record(series(FIRST_FRAME), took);
                total += took;
                wait_until_ready(&mut app);
                terminal.draw(|frame| app.render(frame)).expect("draw");
                record(series(EVERYTHING_READ), started.elapsed());
                // Closing is not part of opening.
                drop(std::hint::black_box(app));
            }
            total
        })
    });
    g.finish();
}

/// Who is checked in, when, and by which desk: the same for every iteration but the
/// person, the `i`th of `people` (modulo their number, so they never run out).
pub struct CheckIns<'a> {
    pub people: &'a [AttendeeId],
    pub day: NaiveDate,
    pub at: NaiveDateTime,
    pub desk: &'a str,
}

impl CheckIns<'_> {
    fn person(&self, i: u64) -> AttendeeId {
        assert!(!self.people.is_empty(), "someone to check in");
        self.people[i as usize % self.people.len()]
    }
}

/// One check-in on the open `store` (one write transaction, as durable as the engine
/// makes it), a different person each iteration; each is undone afterwards, untimed.
pub fn check_ins(
    c: &mut Criterion,
    (group, id): (&str, String),
    series: Series,
    store: &mut Store,
    who: &CheckIns,
) {
    let mut g = slow_group(c, group);
    g.sampling_mode(SamplingMode::Auto);
    g.bench_function(id, |b| {
        b.iter_custom(|iters| {
            let store = std::cell::RefCell::new(&mut *store);
            timed(
                series,
                iters,
                |i| {
                    let outcome = store
                        .borrow_mut()
                        .check_in(who.person(i), who.day, who.at, who.desk)
                        .expect("check in");
                    std::hint::black_box(outcome);
                },
                |i| {
                    store
                        .borrow_mut()
                        .undo_check_in(who.person(i), who.day, who.desk, who.at)
                        .expect("undo");
                },
            )
        })
    });
    g.finish();
}

/// What `rollcall check-in` does for each badge, in this process: open the registry at
/// `location` (on a server: connect), the damage check, check a different person in,
/// close. Each is undone afterwards, untimed. On a file the full damage check must have
/// run once before, untimed, as it has for a scanner at work.
pub fn scanner_calls(
    c: &mut Criterion,
    (group, id): (&str, String),
    series: Series,
    location: &Location,
    who: &CheckIns,
) {
    let mut g = slow_group(c, group);
    g.bench_function(id, |b| {
        b.iter_custom(|iters| {
            timed(
                series,
                iters,
                |i| {
                    let mut store = Store::open_at(location).expect("open");
                    let checked = store.check_damage().expect("a sound registry");
                    if let Location::File(_) = location {
                        assert_eq!(checked, rollcall::store::DamageCheck::Unchanged);
                    }
                    let outcome = store
                        .check_in(who.person(i), who.day, who.at, who.desk)
                        .expect("check in");
                    std::hint::black_box(outcome);
                },
                |i| {
                    Store::open_at(location)
                        .expect("open")
                        .undo_check_in(who.person(i), who.day, who.desk, who.at)
                        .expect("undo");
                },
            )
        })
    });
    g.finish();
}

// ---------------------------------------------------------------- recording

/// One line of a table's cell: a figure at a size, on an engine (`""` where a
/// benchmark has only one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Series {
    pub figure: &'static str,
    pub size: usize,
    pub engine: &'static str,
}

/// Every timed iteration, by series, for the final table.
static TIMES: Mutex<BTreeMap<Series, Vec<Duration>>> = Mutex::new(BTreeMap::new());

pub fn record(series: Series, took: Duration) {
    TIMES
        .lock()
        .expect("not poisoned")
        .entry(series)
        .or_default()
        .push(took);
}

/// Time `step` alone, `iters` times, with `between` (untimed) after each.
pub fn timed(
    series: Series,
    iters: u64,
    mut step: impl FnMut(u64),
    mut between: impl FnMut(u64),
) -> Duration {
    let mut total = Duration::ZERO;
    for i in 0..iters {
        let started = Instant::now();
        step(i);
        let took = started.elapsed();
        total += took;
        record(series, took);
        between(i);
    }
    total
}

/// Whether anything was recorded for `series`.
pub fn recorded(series: Series) -> bool {
    TIMES
        .lock()
        .expect("not poisoned")
        .get(&series)
        .is_some_and(|list| !list.is_empty())
}

/// The median and the p95 of the iterations recorded for `series`.
pub fn median_p95(series: Series) -> Option<(Duration, Duration)> {
    let times = TIMES.lock().expect("not poisoned");
    let mut sorted = times.get(&series).filter(|l| !l.is_empty())?.clone();
    sorted.sort_unstable();
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    Some((at(0.5), at(0.95)))
}

/// `median / p95` of `series` for a table, or `–` when nothing was recorded.
pub fn cell(series: Series) -> String {
    median_p95(series).map_or("–".to_string(), |(median, p95)| {
        format!("{} / {}", human(median), human(p95))
    })
}

pub fn human(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1_000.0 {
        format!("{us:.0} µs")
    } else if us < 1_000_000.0 {
        format!("{:.2} ms", us / 1e3)
    } else {
        format!("{:.2} s", us / 1e6)
    }
}

/// The first line of a table: what ran, when, on what.
pub fn title(what: &str) -> String {
    format!(
        "{what} — {} — {} ({} cores)",
        chrono::Local::now().format("%Y-%m-%d %H:%M"),
        cpu_model(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    )
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string())
}

/// One export of `event` into the file at `path` (created anew), as a benchmark times it.
pub fn export_once(
    store: &mut Store,
    event: &Event,
    options: &rollcall::transfer::export::ExportOptions,
    path: &Path,
) {
    use std::io::Write;
    let file = std::fs::File::create(path).expect("create");
    let mut out = std::io::BufWriter::new(file);
    let summary =
        rollcall::transfer::export::export(store, event, options, &mut out, &mut |_, _| {})
            .expect("export");
    out.flush().expect("flush");
    std::hint::black_box(summary);
}
