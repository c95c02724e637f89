//! The Desk on a PostgreSQL server that goes away and comes back: a real throwaway
//! cluster, stopped under a running App. Whatever did not commit is never shown as
//! done, the refusal is said at once (the App leaves its store alone while the server
//! is away), every screen says the server is away until it answers again, and then the
//! App reads again what other desks did meanwhile.

mod common;

use common::app::*;
use common::postgres::{Cluster, PASSWORD};
use crossterm::event::KeyCode;
use rollcall::domain::AttendeeId;
use rollcall::store::{Location, Store};
use rollcall::ui::app::App;
use std::time::{Duration, Instant};

const AWAY: &str = "⚠ server unreachable — retrying";
const REFUSED: &str = "server unreachable — nothing saved; retrying";

/// A registry with the sample seminar on a new database of `cluster`, and an App in
/// desk mode on it at 09:12 on day 1.
fn desk_on(cluster: &Cluster, desk: &str) -> (App, Location) {
    let url = cluster.create_database("registry").unwrap();
    let location = Location::parse(&url).unwrap();
    let mut store = Store::create_or_open_at(&location).unwrap();
    rollcall::demo::write_sample(&mut store).unwrap();
    let clock = TestClock::new(nine_twelve());
    (app_on(store, desk, true, &clock), location)
}

/// The screen at 100×30, checked never to show the URL's password.
fn screen(app: &App) -> String {
    let text = screen_text_at(app, 100, 30);
    assert!(!text.contains(PASSWORD), "the password is shown:\n{text}");
    text
}

/// A badge scanner: the digits, then Enter.
fn scan(app: &mut App, badge: &str) -> String {
    type_text(app, badge);
    press(app, KeyCode::Enter);
    screen(app)
}

/// The Desk's input line is empty and ready for the next person.
#[track_caller]
fn input_is_empty(screen: &str) {
    let input = screen
        .lines()
        .find(|l| l.contains("Name or badge:"))
        .unwrap_or_else(|| panic!("no input line:\n{screen}"));
    assert!(
        input
            .trim_end_matches(['│', ' '])
            .ends_with("Name or badge:"),
        "{screen}"
    );
}

/// Tick as the event loop does (every 250 ms on a server, here every 50 ms) until the
/// App has the server again; how long that took. Each tick must stay short: the UI
/// thread never waits for the server while it is away.
fn tick_until_back(app: &mut App) -> Duration {
    let start = Instant::now();
    while app.server_away() {
        let tick = Instant::now();
        app.tick();
        // A tick that waited on the server would take the connect timeout (5 s);
        // the bound only tells waiting from not waiting, on a loaded machine too.
        assert!(
            tick.elapsed() < Duration::from_secs(2),
            "a tick took {:?}",
            tick.elapsed()
        );
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the App never came back"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    start.elapsed()
}

/// The days `badge` is checked in on, read straight from the server.
fn check_ins_of(location: &Location, badge: u32) -> i64 {
    let store = Store::open_at(location).unwrap();
    let event = store.event_by_code(common::EVENT).unwrap();
    let id = badge_of(&store, badge);
    let mut days = 0;
    for d in [5, 6] {
        days += i64::from(store.check_in_of(id, day(d)).unwrap().is_some());
    }
    let _ = event;
    days
}

fn badge_of(store: &Store, badge: u32) -> AttendeeId {
    let event = store.event_by_code(common::EVENT).unwrap();
    store
        .attendee_by_badge(event.id, badge)
        .unwrap()
        .expect("the badge is in the sample")
        .id
}

#[test]
fn a_scan_while_the_server_is_away_is_refused_at_once_and_the_desk_comes_back_by_itself() {
    let Some(mut cluster) = Cluster::start_or_skip("server desk: outage") else {
        return;
    };
    let (mut app, location) = desk_on(&cluster, "desk-1");
    let shown = scan(&mut app, "1");
    assert!(shown.contains("CHECKED IN"), "{shown}");
    assert!(shown.contains("present 1/"), "{shown}");
    assert!(!shown.contains(AWAY), "{shown}");

    cluster.stop().unwrap();
    // The first scan after the stop is how the App learns of it.
    let started = Instant::now();
    let shown = scan(&mut app, "2");
    let first = started.elapsed();
    assert!(shown.contains("NOT SAVED"), "{shown}");
    assert!(shown.contains(REFUSED), "{shown}");
    assert!(shown.contains("no one was checked in"), "{shown}");
    assert!(!shown.contains("CHECKED IN"), "{shown}");
    input_is_empty(&shown);
    assert!(app.server_away());
    assert!(
        shown.contains(AWAY),
        "the server's absence is said:\n{shown}"
    );

    // Every further scan gets the same refusal, at once: the store is not tried.
    let mut slowest = Duration::ZERO;
    for badge in ["3", "4", "2"] {
        let started = Instant::now();
        let shown = scan(&mut app, badge);
        slowest = slowest.max(started.elapsed());
        assert!(shown.contains(REFUSED), "{shown}");
        assert!(!shown.contains("CHECKED IN"), "{shown}");
        input_is_empty(&shown);
    }
    eprintln!("first refused scan: {first:?}; later ones: at most {slowest:?}");
    // Waiting on the server would take seconds; the bound only tells the two apart.
    assert!(slowest < Duration::from_secs(1), "{slowest:?}");
    // A key clears the answer; the badge stays while the server is away, on every
    // screen the desk can see.
    type_text(&mut app, "Bat");
    let shown = screen(&app);
    assert!(!shown.contains("NOT SAVED"), "{shown}");
    assert!(shown.contains(AWAY), "{shown}");
    press(&mut app, KeyCode::Esc);
    // Ticks while away stay short and leave the badge up.
    for _ in 0..5 {
        let tick = Instant::now();
        app.tick();
        assert!(
            tick.elapsed() < Duration::from_secs(1),
            "{:?}",
            tick.elapsed()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(app.server_away());

    cluster.start_again().unwrap();
    // Another desk checks badge 5 in before this one notices the server is back.
    let mut other = Store::open_at(&location).unwrap();
    other.set_desk("desk-2");
    other
        .check_in(badge_of(&other, 5), day_one(), nine_twelve(), "desk-2")
        .unwrap();
    let back = tick_until_back(&mut app);
    eprintln!("back {back:?} after the server was");
    let shown = screen(&app);
    assert!(!shown.contains(AWAY), "{shown}");
    // What desk-2 did meanwhile is read again: 1 (this desk) and 5 (desk-2).
    assert!(shown.contains("present 2/"), "{shown}");

    let shown = scan(&mut app, "2");
    assert!(shown.contains("CHECKED IN"), "{shown}");
    assert!(shown.contains("present 3/"), "{shown}");
    // Nothing refused was saved, and what was scanned again is in once.
    assert_eq!(check_ins_of(&location, 2), 1);
    assert_eq!(check_ins_of(&location, 3), 0);
    assert_eq!(check_ins_of(&location, 4), 0);
}

#[test]
fn undo_and_a_walk_in_while_the_server_is_away_do_nothing_and_lose_nothing() {
    let Some(mut cluster) = Cluster::start_or_skip("server desk: undo and walk-in") else {
        return;
    };
    let (mut app, location) = desk_on(&cluster, "desk-1");
    assert!(scan(&mut app, "7").contains("CHECKED IN"));
    cluster.stop().unwrap();

    // Undo: refused, and the check-in is still this desk's to undo.
    ctrl(&mut app, 'z');
    let shown = screen(&app);
    assert!(shown.contains(REFUSED), "{shown}");
    assert!(shown.contains("nothing was undone"), "{shown}");
    assert!(!shown.contains("UNDONE"), "{shown}");
    ctrl(&mut app, 'z');
    assert!(screen(&app).contains("nothing was undone"));

    // A walk-in: the form opens (it is filled from memory), its save is refused and
    // the form stays with everything typed in it.
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Oyuna");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Walkinova");
    ctrl(&mut app, 's');
    let shown = screen(&app);
    assert!(
        shown.contains("Walk-in"),
        "the form is still open:\n{shown}"
    );
    assert!(shown.contains(REFUSED), "{shown}");
    assert!(shown.contains("Walkinova"), "{shown}");
    assert!(!shown.contains("CHECKED IN"), "{shown}");
    assert!(shown.contains(AWAY), "{shown}");

    cluster.start_again().unwrap();
    tick_until_back(&mut app);
    // The same key saves it now.
    ctrl(&mut app, 's');
    let shown = screen(&app);
    assert!(shown.contains("CHECKED IN"), "{shown}");
    assert!(shown.contains("new badge"), "{shown}");
    // Undo takes back the walk-in (asked first), then the check-in that was refused
    // to undo while the server was away.
    ctrl(&mut app, 'z');
    press(&mut app, KeyCode::Char('y'));
    assert!(screen(&app).contains("WALK-IN UNDONE"), "{}", screen(&app));
    ctrl(&mut app, 'z');
    let shown = screen(&app);
    assert!(shown.contains("CHECK-IN UNDONE"), "{shown}");
    assert_eq!(check_ins_of(&location, 7), 0);
}

/// A server that takes connections and never answers them (a hung host, a half-open
/// network): the kernel completes each connection, nobody reads it. Shut after `for_`
/// by a watchdog, so that a call stuck on it ends (and its slowness is measured)
/// instead of hanging the test.
fn black_hole(port: u16, for_: Duration) -> std::thread::JoinHandle<()> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    std::thread::spawn(move || {
        std::thread::sleep(for_);
        drop(listener);
    })
}

#[test]
fn a_server_that_never_answers_never_freezes_the_desk() {
    let Some(mut cluster) = Cluster::start_or_skip("server desk: black hole") else {
        return;
    };
    let (mut app, location) = desk_on(&cluster, "desk-1");
    cluster.stop().unwrap();
    assert!(scan(&mut app, "1").contains(REFUSED));
    assert!(app.server_away());

    // On the server's port now: connections that are taken and never answered.
    let hole = black_hole(cluster.port(), Duration::from_secs(3));
    // How long opening the registry waits on it (what a reconnection on the UI
    // thread would cost the Desk): until the watchdog shuts it.
    let started = Instant::now();
    let measure = std::thread::spawn(move || Store::open_at(&location).is_ok());
    std::thread::sleep(Duration::from_millis(300));
    // Meanwhile the Desk scans and ticks as usual, each at once: the probe waits on
    // its own thread, the App's store is not tried.
    let until = Instant::now() + Duration::from_secs(2);
    let mut slowest = Duration::ZERO;
    while Instant::now() < until {
        let step = Instant::now();
        app.tick();
        let shown = scan(&mut app, "2");
        slowest = slowest.max(step.elapsed());
        assert!(shown.contains(REFUSED), "{shown}");
        std::thread::sleep(Duration::from_millis(50));
    }
    // The black hole holds a connection 3 s: a scan that waited on it would show.
    assert!(
        slowest < Duration::from_secs(1),
        "a tick and a scan took {slowest:?}"
    );
    assert!(!measure.join().unwrap(), "the black hole is no registry");
    eprintln!(
        "opening the registry on a server that never answers waited {:?} (until the \
         watchdog shut it); a tick and a scan at the desk meanwhile: at most {slowest:?}",
        started.elapsed()
    );
    hole.join().unwrap();

    cluster.start_again().unwrap();
    tick_until_back(&mut app);
    assert!(scan(&mut app, "2").contains("CHECKED IN"));
}
