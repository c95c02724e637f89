//! The real binary at the desk, in tmux: a badge scanner at full speed, two desks on
//! one host, and a desk left open across midnight under `faketime`.

mod common;

use common::tmux::{self, Tmux, wait_until};
use common::{BIN, count};
use std::process::Command;

fn sample(dir: &std::path::Path) -> std::path::PathBuf {
    common::demo_registry(dir, "desk.db")
}

fn check_ins(db: &std::path::Path) -> i64 {
    count(db, "SELECT count(*) FROM checkins")
}

#[test]
fn a_scanner_at_full_speed_checks_in_exactly_the_real_badges() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = sample(dir.path());
    let t = Tmux::new(dir.path());
    t.start(
        "s",
        100,
        30,
        &format!("{BIN} --desk scanner --db {}; sleep 30", db.display()),
    );
    t.wait_for("s", "Name or badge:");
    // Twenty scans in one burst — digits and Enter, no pause — two of them misread.
    let scans = [
        "1", "2", "3", "4", "5", "999", "6", "7", "8", "9", "10", "11", "12", "13", "14", "4711",
        "15", "16", "17", "18",
    ];
    let mut keys = Vec::new();
    for scan in scans {
        keys.push(scan);
        keys.push("Enter");
    }
    t.keys("s", &keys);
    wait_until("eighteen check-ins", || check_ins(&db) >= 18);
    // The last answer is on screen and the input is empty and ready.
    let screen = t.wait_for("s", "CHECKED IN");
    let input = screen
        .lines()
        .find(|l| l.contains("Name or badge:"))
        .unwrap();
    assert!(
        input
            .trim_end_matches(['│', ' '])
            .ends_with("Name or badge:"),
        "{screen}"
    );
    assert!(
        screen.contains("Bayarmaa") || screen.contains("badge"),
        "{screen}"
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(check_ins(&db), 18);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM checkins c JOIN attendees a ON a.id = c.attendee_id
             WHERE a.badge BETWEEN 1 AND 18 AND c.desk = 'scanner'"
        ),
        18
    );
}

#[test]
fn two_desks_on_one_host_get_names_of_their_own() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = sample(dir.path());
    let t = Tmux::new(dir.path());
    for (session, badge) in [("a", "1"), ("b", "2")] {
        t.start(
            session,
            100,
            30,
            &format!("{BIN} --db {}; sleep 30", db.display()),
        );
        t.wait_for(session, "Seminars");
        t.keys(session, &["4"]);
        t.wait_for(session, "Name or badge:");
        t.keys(session, &[badge, "Enter"]);
        t.wait_for(session, "CHECKED IN");
    }
    let desks: Vec<String> = common::column(&db, "SELECT desk FROM checkins ORDER BY id");
    assert_eq!(desks.len(), 2);
    assert_ne!(desks[0], desks[1], "each desk has its own name: {desks:?}");
    // The Desk's title says which desk it is.
    assert!(t.screen("a").contains(&desks[0]), "{}", t.screen("a"));

    // Undo at desk b takes back desk b's check-in, never desk a's.
    t.keys("b", &["C-z"]);
    t.wait_for("b", "CHECK-IN UNDONE");
    t.keys("b", &["C-z"]);
    t.wait_for("b", "NOTHING TO UNDO");
    assert_eq!(check_ins(&db), 1);
    assert_eq!(
        count(
            &db,
            "SELECT a.badge FROM checkins c JOIN attendees a ON a.id = c.attendee_id"
        ),
        1
    );
}

#[test]
fn a_desk_open_across_midnight_records_the_next_morning_on_day_two() {
    if !tmux::available() {
        return;
    }
    if Command::new("faketime").arg("--version").output().is_err() {
        eprintln!("faketime is not installed: skipped (CI installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = sample(dir.path());
    let t = Tmux::new(dir.path());
    // The clock starts at 23:59:56 on day 1 and runs on.
    t.start(
        "m",
        100,
        30,
        &format!(
            "TZ=UTC faketime -f '@2017-07-05 23:59:56' {BIN} --desk night --db {}; sleep 30",
            db.display()
        ),
    );
    t.wait_for("m", "Wed 5 Jul 2017 · day 1 of 2");
    t.keys("m", &["47", "Enter"]);
    t.wait_for("m", "day 1 (Wed 5 Jul)");
    // Midnight passes with the desk open and nobody touching it: the header follows.
    t.wait_for("m", "Thu 6 Jul 2017 · day 2 of 2");
    t.keys("m", &["47", "Enter"]);
    let screen = t.wait_for("m", "day 2 (Thu 6 Jul)");
    assert!(screen.contains("CHECKED IN"), "{screen}");
    assert!(!screen.contains("ALREADY"), "{screen}");
    let days: Vec<String> = common::column(
        &db,
        "SELECT c.day FROM checkins c JOIN attendees a ON a.id = c.attendee_id
         WHERE a.badge = 47 ORDER BY c.day",
    );
    assert_eq!(days, ["2017-07-05", "2017-07-06"]);
}
