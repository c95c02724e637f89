//! `rollcall event new|edit|list` on the real binary: a seminar set up from a script,
//! with the seminar form's rules, and nothing written when it is refused.

mod common;

use common::{EVENT, arg, assert_ok, demo_scratch, listing, one_line_failure, rollcall, text};
use std::path::Path;

fn new_vienna(db: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "event",
        "new",
        "--db",
        arg(db),
        "--code",
        "vienna-2026",
        "--title",
        "Regional seminar on community policing",
        "--start",
        "2026-03-14",
        "--end",
        "2026-03-15",
        "--city",
        "Vienna",
    ];
    args.extend_from_slice(extra);
    rollcall(&args)
}

fn list_json(db: &Path) -> serde_json::Value {
    let out = rollcall(&["event", "list", "--db", arg(db), "--json"]);
    assert_ok(&out);
    serde_json::from_slice(&out.stdout).expect("event list --json is JSON")
}

fn event_json<'a>(list: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    list["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == code)
        .unwrap_or_else(|| panic!("{code} is listed: {list}"))
}

#[test]
fn a_seminar_is_created_in_a_new_registry_and_people_can_be_imported_into_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vienna.db");
    let out = new_vienna(&db, &["--country", "AT", "--venue", "Hofburg"]);
    assert_ok(&out);
    let said = text(&out.stdout);
    assert!(said.contains("created vienna-2026"), "{said}");
    assert!(said.contains("14–15 Mar 2026"), "{said}");

    let list = list_json(&db);
    assert_eq!(list["format"], "rollcall-events");
    let vienna = event_json(&list, "vienna-2026");
    assert_eq!(vienna["title"], "Regional seminar on community policing");
    assert_eq!(vienna["start_date"], "2026-03-14");
    assert_eq!(vienna["end_date"], "2026-03-15");
    assert_eq!(vienna["city"], "Vienna");
    assert_eq!(vienna["venue"], "Hofburg");
    assert_eq!(vienna["country"], "AT");
    assert_eq!(vienna["kind"], "seminar");
    assert_eq!(vienna["people"], 0);

    // The code is what `import` needs.
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, "Given name,Family name\nAnna,Berger\n").unwrap();
    let out = rollcall(&[
        "import",
        "--db",
        arg(&db),
        "--event",
        "vienna-2026",
        arg(&csv),
    ]);
    assert_ok(&out);
    assert_eq!(event_json(&list_json(&db), "vienna-2026")["people"], 1);
}

#[test]
fn a_taken_code_is_refused_in_one_line_and_nothing_changes() {
    let (dir, db) = demo_scratch("demo.db");
    let before = listing(dir.path());
    let db_bytes = std::fs::read(&db).unwrap();
    let out = rollcall(&[
        "event",
        "new",
        "--db",
        arg(&db),
        "--code",
        EVENT,
        "--title",
        "Again",
        "--start",
        "2026-03-14",
    ]);
    let line = one_line_failure(&out, "a taken code");
    assert!(
        line.contains(EVENT) && line.contains("already taken"),
        "{line}"
    );
    assert_eq!(listing(dir.path()), before);
    assert_eq!(std::fs::read(&db).unwrap(), db_bytes, "nothing written");
    assert_eq!(list_json(&db)["events"].as_array().unwrap().len(), 1);
}

#[test]
fn the_forms_rules_refuse_a_bad_seminar_before_any_file_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let out = rollcall(&[
        "event",
        "new",
        "--db",
        arg(&db),
        "--code",
        "Vienna 2026",
        "--title",
        " ",
        "--start",
        "2026-03-15",
        "--end",
        "2026-03-14",
    ]);
    let line = one_line_failure(&out, "a bad seminar");
    for said in [
        "Title: required",
        "Code: use lower-case letters",
        "End date: 2026-03-14 is before the start date 2026-03-15",
    ] {
        assert!(line.contains(said), "{said:?} in {line}");
    }
    assert!(!db.exists(), "a refused seminar makes no registry");

    // A date that does not exist is named precisely.
    let out = rollcall(&[
        "event",
        "new",
        "--db",
        arg(&db),
        "--code",
        "x",
        "--title",
        "X",
        "--start",
        "2017-02-30",
    ]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("February 2017 has no day 30"), "{err}");
    assert!(!db.exists());
}

#[test]
fn an_existing_empty_file_is_not_made_a_registry() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    std::fs::write(&db, b"").unwrap();
    let out = new_vienna(&db, &[]);
    let line = one_line_failure(&out, "an empty file");
    assert!(line.contains("empty file"), "{line}");
    assert_eq!(std::fs::read(&db).unwrap(), b"");
}

#[test]
fn edit_changes_only_the_fields_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vienna.db");
    assert_ok(&new_vienna(&db, &["--organiser", "OSCE"]));
    let out = rollcall(&[
        "event",
        "edit",
        "--db",
        arg(&db),
        "--code",
        "vienna-2026",
        "--venue",
        "Hofburg",
        "--end",
        "2026-03-16",
    ]);
    assert_ok(&out);
    assert_eq!(text(&out.stdout).trim(), "saved vienna-2026: end, venue");
    let list = list_json(&db);
    let vienna = event_json(&list, "vienna-2026");
    assert_eq!(vienna["venue"], "Hofburg");
    assert_eq!(vienna["end_date"], "2026-03-16");
    assert_eq!(vienna["start_date"], "2026-03-14", "untouched");
    assert_eq!(vienna["organiser"], "OSCE", "untouched");
    assert_eq!(vienna["city"], "Vienna", "untouched");

    // Refused by the same rules, and nothing saved.
    let out = rollcall(&[
        "event",
        "edit",
        "--db",
        arg(&db),
        "--code",
        "vienna-2026",
        "--start",
        "2026-03-20",
        "--title",
        "Renamed",
    ]);
    let line = one_line_failure(&out, "end before start");
    assert!(line.contains("End date: 2026-03-16 is before"), "{line}");
    let vienna = list_json(&db)["events"][0].clone();
    assert_eq!(vienna["title"], "Regional seminar on community policing");

    // A new code, then the old one is unknown.
    let out = rollcall(&[
        "event",
        "edit",
        "--db",
        arg(&db),
        "--code",
        "vienna-2026",
        "--new-code",
        "vienna-2026-spring",
    ]);
    assert_ok(&out);
    let out = rollcall(&[
        "event",
        "edit",
        "--db",
        arg(&db),
        "--code",
        "vienna-2026",
        "--city",
        "Graz",
    ]);
    let line = one_line_failure(&out, "an unknown code");
    assert!(
        line.contains("no event with code \"vienna-2026\""),
        "{line}"
    );
}

#[test]
fn list_shows_a_table_newest_first() {
    let (_dir, db) = demo_scratch("demo.db");
    assert_ok(&new_vienna(&db, &[]));
    let out = rollcall(&["event", "list", "--db", arg(&db)]);
    assert_ok(&out);
    let table = text(&out.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(lines[0].starts_with("CODE"), "{table}");
    assert!(
        lines[1].starts_with("vienna-2026 "),
        "newest first: {table}"
    );
    assert!(lines[1].contains("14–15 Mar 2026") && lines[1].contains("Vienna"));
    assert!(lines[2].starts_with(EVENT));
    assert!(lines[2].contains("71"), "people count: {table}");
    // The title column starts at the same place on every line.
    let at = |line: &str, what: &str| line.find(what).map(|b| line[..b].chars().count());
    assert_eq!(at(lines[0], "TITLE"), at(lines[1], "Regional seminar"));
    assert_eq!(at(lines[0], "TITLE"), at(lines[2], "National seminar"));
}

#[test]
fn a_check_in_day_is_named_precisely_and_once() {
    let (_dir, db) = demo_scratch("demo.db");
    let check_in = |day: &str| {
        rollcall(&[
            "check-in",
            "--db",
            arg(&db),
            "--event",
            EVENT,
            "--badge",
            "3",
            "--day",
            day,
        ])
    };
    let out = check_in("2017-02-30");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("February 2017 has no day 30"), "{err}");
    assert!(!err.contains("use YYYY-MM-DD"), "{err}");

    let line = one_line_failure(&check_in("2017-02-20"), "a day outside the event");
    assert_eq!(
        line, "rollcall: Day: 2017-02-20 is outside the event (2017-07-05 – 2017-07-06)",
        "said once"
    );
}
