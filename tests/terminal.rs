//! A crash gives the terminal back: raw mode off, echo on, the screen restored; the
//! one-line report and the log name the place, never a participant.

mod common;

use common::BIN;
use common::tmux::{self, Tmux, wait_until};
use std::time::Duration;

#[test]
fn a_panic_restores_the_terminal_keeps_saved_work_and_logs_no_personal_data() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_registry(dir.path(), "crash.db");
    let log = dir.path().join("rollcall.log");

    let d = dir.path().display();
    // The shell in the pane runs rollcall, then records the terminal's state.
    let script = format!(
        "ROLLCALL_CRASH_TEST=1 ROLLCALL_LOG={d}/rollcall.log {BIN} --db {} 2>{d}/stderr.txt; \
         echo $? > {d}/exit.txt; stty -a > {d}/stty.txt; sleep 30",
        db.display()
    );
    let t = Tmux::new(dir.path());
    t.start("c", 100, 30, &script);
    t.wait_for("c", "Seminars");
    // Check the first person in on Attendees: the status line answers, then it crashes.
    t.keys("c", &["2"]);
    t.wait_for("c", "Abdyrakhmanova");
    t.keys("c", &["c"]);
    wait_until("the crash", || dir.path().join("stty.txt").exists());
    std::thread::sleep(Duration::from_millis(200));
    drop(t);

    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let stty = read("stty.txt");
    let flags: Vec<&str> = stty.split([' ', ';', '\n']).collect();
    for flag in ["icanon", "echo", "icrnl", "opost", "isig"] {
        assert!(
            flags.contains(&flag),
            "terminal left without {flag}: {stty}"
        );
    }
    assert_ne!(read("exit.txt").trim(), "0");
    let stderr = read("stderr.txt");
    assert!(stderr.contains("stopped unexpectedly"), "{stderr}");
    assert!(!stderr.contains("\x1b"), "no escape sequences on stderr");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("panicked at"), "{logged}");
    for private in ["Abdyrakhmanova", "Gulnara", "Абдырахманова"] {
        assert!(!logged.contains(private) && !stderr.contains(private));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&log).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // The check-in shown before the crash is in the registry, and the file is sound.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let checked_in: i64 = conn
        .query_row(
            "SELECT count(*) FROM checkins c JOIN attendees a ON a.id = c.attendee_id
             WHERE a.family_name = 'Abdyrakhmanova'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(checked_in, 1);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}
