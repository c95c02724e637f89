//! rollcall on PostgreSQL beside SQLite, at 70, 10,000 and 100,000 participants:
//! `cargo bench --bench server`.
//!
//! The same registry on both engines (generated once per size into an SQLite file, as
//! the `registry` benchmark does, then copied whole into a PostgreSQL database with
//! `Store::copy_from`, ids kept), and on each, as criterion benchmarks:
//! - one check-in, a different person each time (undone untimed): one write
//!   transaction, as durable as the engine is set to make it;
//! - open → the first rendered frame (App on a TestBackend 200×50), and, recorded beside
//!   it, open → everything read (the App no longer busy);
//! - a badge scanner's call as `rollcall check-in` makes it, less starting the process:
//!   open (on the server: connect and log in), the damage check, the check-in, close;
//! - at 100,000: export of everyone to CSV.
//!
//! At the end one table: figure × size × engine, median and p95 of single iterations,
//! and the server's durability settings as they were (read from the server, not assumed).
//!
//! The server: by default a throwaway cluster of tests/common/postgres.rs on 127.0.0.1
//! (TCP, password login), started with PostgreSQL's default durability (fsync and
//! synchronous commits on, unlike the clusters of the tests). To measure another server
//! give `ROLLCALL_BENCH_PG_URL=postgresql://user:password@host:port/db` (a role that may
//! create databases): the benchmark makes a database per size there and drops them at
//! the end.
//!
//! `ROLLCALL_BENCH_SIZES=70,10000` limits the sizes; criterion's own arguments (a
//! filter, `--quick`) work as usual.

#[path = "../common/mod.rs"]
#[allow(unused)] // the benchmark needs only the throwaway cluster
mod support;

mod common;

use common::export_once;

use common::{CheckIns, Fixture, HEIGHT, Series, WIDTH, cell, median_p95, sizes, timed, title};
use criterion::Criterion;
use rollcall::store::{Location, Store};
use rollcall::transfer::export::{ExportOptions, Format, StatusFilter};
use std::time::{Duration, Instant};
use support::postgres::Cluster;

const SQLITE: &str = "SQLite";
const POSTGRES: &str = "PostgreSQL";
const CHECK_IN: &str = "check-in (durable)";
const SCANNER: &str = "scanner call: open … close";
const EXPORT_CSV: &str = "export CSV";
/// The environment variable naming a server to measure instead of a throwaway cluster.
const SERVER_URL: &str = "ROLLCALL_BENCH_PG_URL";

fn main() {
    let sizes = sizes();
    let Some(mut server) = Server::start() else {
        return; // no PostgreSQL here, and not CI: said why, nothing to compare
    };
    let mut pairs = Vec::new();
    for &size in &sizes {
        pairs.push(Pair::new(Fixture::new(size), &mut server));
    }
    let settings = server.settings();

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    for pair in &pairs {
        check_in(&mut c, pair);
    }
    for pair in &pairs {
        for (engine, location) in pair.engines() {
            let id = ("server_first_frame", pair.id(engine));
            common::first_frame(&mut c, id, &pair.fixture, location, engine);
        }
    }
    for pair in &pairs {
        scanner_call(&mut c, pair);
    }
    if let Some(big) = pairs.iter().find(|p| p.fixture.size == 100_000) {
        export_csv(&mut c, big);
    }
    c.final_summary();

    print_table(&sizes, &settings);
    drop(pairs); // every connection closed before the databases go
    server.clean_up();
}

// ---------------------------------------------------------------- the server

/// The PostgreSQL server the databases are made on, and how to reach it as a role that
/// may create them.
struct Server {
    /// The throwaway cluster, when no server was named; stopped and removed on drop.
    cluster: Option<Cluster>,
    /// A URL of a database on the server, for making (and dropping) the others.
    admin_url: String,
    /// The databases made, to drop on a named server (a throwaway one goes whole).
    made: Vec<String>,
}

impl Server {
    /// The server `ROLLCALL_BENCH_PG_URL` names, or a throwaway cluster. Without one
    /// (no PostgreSQL installed) the benchmark is skipped with the reason printed, as the
    /// server tests are — so that `cargo test --all-targets` passes on such a machine —
    /// except under `CI=true`, where it fails.
    fn start() -> Option<Server> {
        if let Ok(url) = std::env::var(SERVER_URL) {
            return Some(Server {
                cluster: None,
                admin_url: url,
                made: Vec::new(),
            });
        }
        let cluster = Cluster::start_durable_or_skip("the server benchmark")?;
        Some(Server {
            admin_url: cluster.url(),
            cluster: Some(cluster),
            made: Vec::new(),
        })
    }

    /// A plain connection (no TLS: a server on this machine or a test network) for
    /// making and dropping databases. Failures never show the URL: it holds a password.
    fn admin(&self) -> postgres::Client {
        postgres::Client::connect(&self.admin_url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to the benchmark's server: {e}"))
    }

    /// A new empty database for `size` people (the process id keeps two runs on one
    /// named server apart); where a store reaches it.
    fn database(&mut self, size: usize) -> Location {
        let name = format!("rollcall_bench_{size}_{}", std::process::id());
        // Our own name, letters, digits and underscores only: nothing to quote.
        self.admin()
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("a new database");
        self.made.push(name.clone());
        let url = with_database(&self.admin_url, &name);
        Location::parse(&url).expect("a server URL")
    }

    /// The server's version and durability settings, as the first database made sees
    /// them (a database or a role can override what the server was started with).
    fn settings(&self) -> Settings {
        let first = self.made.first().expect("a database made");
        let url = with_database(&self.admin_url, first);
        let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        let mut show = |name: &str| -> String {
            client
                .query_one("SELECT current_setting($1)", &[&name])
                .and_then(|row| row.try_get(0))
                .unwrap_or_else(|e| panic!("cannot read {name}: {e}"))
        };
        Settings {
            version: show("server_version"),
            fsync: show("fsync"),
            synchronous_commit: show("synchronous_commit"),
            full_page_writes: show("full_page_writes"),
            throwaway: self.cluster.is_some(),
        }
    }

    /// Drop the databases made on a named server; a throwaway cluster goes whole.
    fn clean_up(self) {
        if self.cluster.is_none() {
            let mut admin = self.admin();
            for name in &self.made {
                if let Err(e) = admin.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)")) {
                    eprintln!("could not drop the benchmark's database {name}: {e}");
                }
            }
        }
    }
}

/// `url` with its database (the path after host and port) replaced by `database`; the
/// parameters after `?` kept.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority = base.find("://").map_or(0, |at| at + 3);
    let host_end = base[authority..]
        .find('/')
        .map_or(base.len(), |at| authority + at);
    let mut made = format!("{}/{database}", &base[..host_end]);
    if let Some(query) = query {
        made.push('?');
        made.push_str(query);
    }
    made
}

/// What the table says about the server: read from it, never assumed.
struct Settings {
    version: String,
    fsync: String,
    synchronous_commit: String,
    full_page_writes: String,
    throwaway: bool,
}

impl Settings {
    /// Whether a commit waits until its WAL is on the disk, as PostgreSQL's defaults
    /// make it (and as SQLite's synchronous FULL does for a check-in).
    fn durable(&self) -> bool {
        // Every synchronous_commit but off (local, remote_write, on, remote_apply) flushes
        // the WAL here before the commit returns; without fsync that flush is a write.
        self.fsync == "on" && self.synchronous_commit != "off"
    }
}

// ---------------------------------------------------------------- the registries

/// One registry on both engines: the fixture's SQLite file and its copy on the server.
struct Pair {
    fixture: Fixture,
    server: Location,
    file: Location,
}

impl Pair {
    /// Copy the fixture into a new database on `server` (ids kept, one transaction).
    fn new(fixture: Fixture, server: &mut Server) -> Pair {
        let location = server.database(fixture.size);
        let started = Instant::now();
        let source = Store::open(&fixture.path).expect("open");
        let mut target = Store::create_or_open_at(&location).expect("a server registry");
        target.copy_from(&source, false).expect("copied");
        eprintln!(
            "fixture: {} people copied to the server in {:.1} s",
            fixture.size,
            started.elapsed().as_secs_f64()
        );
        Pair {
            file: fixture.location(),
            fixture,
            server: location,
        }
    }

    fn engines(&self) -> [(&'static str, &Location); 2] {
        [(SQLITE, &self.file), (POSTGRES, &self.server)]
    }

    /// The benchmark's id within a group: engine and size.
    fn id(&self, engine: &str) -> String {
        format!("{engine}/{}", self.fixture.size)
    }

    fn series(&self, figure: &'static str, engine: &'static str) -> Series {
        Series {
            figure,
            size: self.fixture.size,
            engine,
        }
    }

    /// The people not yet checked in on the last day, the same on both engines (the
    /// copy kept every id): what the check-ins go through.
    fn people(&self) -> Vec<rollcall::domain::AttendeeId> {
        let [file, server] = self.engines().map(|(_, at)| {
            let store = Store::open_at(at).expect("open");
            self.fixture.not_yet_in(&store)
        });
        assert_eq!(file, server, "the same registry on both engines");
        file
    }
}

// ---------------------------------------------------------------- benchmarks

/// One check-in on an open store, a different person each time (see
/// `common::check_ins`): on SQLite BEGIN IMMEDIATE … COMMIT with synchronous FULL, on
/// the server a transaction under the advisory write lock.
fn check_in(c: &mut Criterion, pair: &Pair) {
    let people = pair.people();
    let (_, day) = pair.fixture.days();
    let who = CheckIns {
        people: &people,
        day,
        at: day.and_hms_opt(10, 0, 0).expect("a valid time"),
        desk: "bench",
    };
    for (engine, location) in pair.engines() {
        let mut store = Store::open_at(location).expect("open");
        let id = ("server_check_in", pair.id(engine));
        common::check_ins(c, id, pair.series(CHECK_IN, engine), &mut store, &who);
    }
}

/// A badge scanner's call (see `common::scanner_calls`); on the file the full damage
/// check runs once first, untimed, as it has for a scanner at work.
fn scanner_call(c: &mut Criterion, pair: &Pair) {
    let people = pair.people();
    let (_, day) = pair.fixture.days();
    let who = CheckIns {
        people: &people,
        day,
        at: day.and_hms_opt(10, 0, 0).expect("a valid time"),
        desk: "scanner",
    };
    for (engine, location) in pair.engines() {
        Store::open_at(location)
            .expect("open")
            .check_damage()
            .expect("a sound registry");
        let id = ("server_scanner_call", pair.id(engine));
        common::scanner_calls(c, id, pair.series(SCANNER, engine), location, &who);
    }
}

/// Everyone of the event to CSV, into a file on disk.
fn export_csv(c: &mut Criterion, pair: &Pair) {
    let f = &pair.fixture;
    let out_path = f.dir.path().join("export.csv");
    let options = ExportOptions {
        status: Some(StatusFilter::All),
        ..ExportOptions::new(Format::Csv, f.clock())
    };
    for (engine, location) in pair.engines() {
        let mut store = Store::open_at(location).expect("open");
        let mut g = common::slow_group(c, "server_export_csv");
        g.measurement_time(Duration::from_secs(10));
        g.bench_function(pair.id(engine), |b| {
            b.iter_custom(|iters| {
                timed(
                    pair.series(EXPORT_CSV, engine),
                    iters,
                    |_| export_once(&mut store, &f.event, &options, &out_path),
                    |_| {},
                )
            })
        });
        g.finish();
    }
}

// ---------------------------------------------------------------- the table

fn print_table(sizes: &[usize], settings: &Settings) {
    println!();
    println!("{}", title("rollcall on PostgreSQL beside SQLite"));
    println!("median / p95 of single iterations (warm-up included), terminal {WIDTH}×{HEIGHT}");
    println!(
        "SQLite: a file in {}, synchronous FULL (a check-in waits for the file's disk)",
        std::env::temp_dir().display()
    );
    let server = if settings.throwaway {
        "a throwaway cluster (tests/common/postgres.rs) on 127.0.0.1"
    } else {
        "the server of ROLLCALL_BENCH_PG_URL"
    };
    println!(
        "PostgreSQL {}: {server}, TCP with a password login; fsync={}, synchronous_commit={}, full_page_writes={}",
        settings.version, settings.fsync, settings.synchronous_commit, settings.full_page_writes
    );
    if settings.durable() {
        println!(
            "  durable: a commit waits until its WAL is on the disk (as PostgreSQL's defaults)"
        );
    } else {
        println!(
            "  NOT PostgreSQL's defaults (fsync=on, synchronous_commit=on): commits do not wait for a disk, \
             so the server's check-ins are not durable and are faster than they would be at an event"
        );
    }
    println!(
        "{:<28} {:>8} {:>22} {:>22} {:>9}",
        "figure", "people", SQLITE, POSTGRES, "PG÷SQLite"
    );
    let figures = [
        CHECK_IN,
        common::FIRST_FRAME,
        common::EVERYTHING_READ,
        SCANNER,
        EXPORT_CSV,
    ];
    for figure in figures {
        for &size in sizes {
            let series = |engine| Series {
                figure,
                size,
                engine,
            };
            let (file, server) = (series(SQLITE), series(POSTGRES));
            let (Some((file_median, _)), Some((server_median, _))) =
                (median_p95(file), median_p95(server))
            else {
                continue;
            };
            let ratio = server_median.as_secs_f64() / file_median.as_secs_f64();
            println!(
                "{figure:<28} {size:>8} {:>22} {:>22} {:>8.1}×",
                cell(file),
                cell(server),
                ratio
            );
        }
    }
}
