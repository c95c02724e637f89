//! Badges for some people only (`export --format badges --only …`): the walk-ins,
//! those added or changed since their badge was printed, one delegation, a range.

mod common;

use common::{EVENT, arg, assert_ok, demo_scratch, one_line_failure, rollcall, text};
use rollcall::domain::NewAttendee;
use rollcall::store::{DelegationChoice, Store};
use std::path::Path;

/// `export --format badges --only SUBSET` to `out`: what it said.
fn badges(db: &Path, only: Option<&str>, out: &Path) -> String {
    let mut args = vec![
        "export",
        "--db",
        arg(db),
        "--event",
        EVENT,
        "--format",
        "badges",
        "-o",
        arg(out),
    ];
    if let Some(only) = only {
        args.extend_from_slice(&["--only", only]);
    }
    let run = rollcall(&args);
    assert_ok(&run);
    text(&run.stdout)
}

#[test]
fn walk_ins_and_the_people_changed_since_their_last_print() {
    let (dir, db) = demo_scratch("demo.db");
    let out = dir.path().join("badges.html");
    let said = badges(&db, None, &out);
    assert!(said.starts_with("wrote 64 people (registered)"), "{said}");
    let said = badges(&db, Some("changed-since-print"), &out);
    assert!(
        said.starts_with("wrote 0 people (registered; changed since their last print)"),
        "everyone's badge is up to date: {said}"
    );

    // One person's position changes; someone walks in.
    let mut store = Store::open(&db).unwrap();
    let event = store.event_by_code(EVENT).unwrap();
    let five = store.attendee_by_badge(event.id, 5).unwrap().unwrap();
    let moved_on = NewAttendee {
        position: "Deputy Minister".into(),
        ..five.details.clone()
    };
    store.update_attendee(five.id, &moved_on).unwrap();
    let walk_in = NewAttendee {
        given_name: "Aigerim".into(),
        family_name: "Walkinova".into(),
        ..NewAttendee::default()
    };
    let day = event.details.start_date;
    let at = day.and_hms_opt(9, 14, 0).unwrap();
    store
        .walk_in(
            event.id,
            &walk_in,
            &DelegationChoice::None,
            day,
            at,
            "desk-2",
        )
        .unwrap();
    drop(store);

    let said = badges(&db, Some("changed-since-print"), &out);
    assert!(said.starts_with("wrote 2 people"), "{said}");
    let shown = |name: &str| {
        let page = std::fs::read_to_string(&out).unwrap().to_lowercase();
        page.contains(&name.to_lowercase())
    };
    assert!(
        shown(&five.details.family_name),
        "the changed person's badge"
    );
    assert!(shown("Walkinova"), "the walk-in's badge");

    let said = badges(&db, Some("walk-ins"), &out);
    assert!(
        said.starts_with("wrote 1 person (registered; walk-ins)"),
        "{said}"
    );
    assert!(shown("Walkinova"));
    assert!(!shown(&five.details.family_name));

    // Printed now: nobody's badge is out of date.
    let said = badges(&db, Some("changed-since-print"), &out);
    assert!(said.starts_with("wrote 0 people"), "{said}");
}

#[test]
fn one_delegation_or_a_badge_range() {
    let (dir, db) = demo_scratch("demo.db");
    let out = dir.path().join("badges.html");
    // Case and accents do not matter in the delegation's name.
    let said = badges(&db, Some("delegation:KYRGYZSTAN"), &out);
    assert!(
        said.starts_with("wrote 4 people (registered; delegation KYRGYZSTAN)"),
        "{said}"
    );
    let said = badges(&db, Some("badges:10-14"), &out);
    assert!(
        said.starts_with("wrote 5 people (registered; badges 10–14)"),
        "{said}"
    );
    let page = std::fs::read_to_string(&out).unwrap();
    // Printed in protocol order: sorted here.
    let mut numbers: Vec<u32> = page
        .split("data-badge=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [10, 11, 12, 13, 14], "only 10 to 14");

    // An unknown delegation is refused, and the last print stays.
    let before = std::fs::read(&out).unwrap();
    let run = rollcall(&[
        "export",
        "--db",
        arg(&db),
        "--event",
        EVENT,
        "--format",
        "badges",
        "--only",
        "delegation:Atlantis",
        "-o",
        arg(&out),
    ]);
    let line = one_line_failure(&run, "an unknown delegation");
    assert!(line.contains("no delegation \"Atlantis\""), "{line}");
    assert_eq!(std::fs::read(&out).unwrap(), before);

    for (args, said) in [
        (
            vec!["--format", "csv", "--only", "walk-ins"],
            "--only applies to badges",
        ),
        (
            vec!["--format", "badges", "--only", "badges:40-10"],
            "put the smaller number first",
        ),
    ] {
        let mut all = vec!["export", "--db", arg(&db), "--event", EVENT];
        all.extend_from_slice(&args);
        let run = rollcall(&all);
        assert!(!run.status.success());
        let err = text(&run.stderr);
        assert!(err.contains(said), "{err}");
    }
}

on_both_engines! {
    /// The store's answers behind `--only walk-ins` and `--only changed-since-print`,
    /// alike on a file and on a server.
    fn the_store_knows_the_walk_ins_and_the_badges_out_of_date(engine: Engine) {
        let Some((_reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let event = store.event_by_code(EVENT).unwrap();
        let day = event.details.start_date;
        let at = day.and_hms_opt(8, 0, 0).unwrap();
        // Never printed: everyone's badge is out of date.
        let everyone = store.badges_out_of_date(&event).unwrap();
        assert_eq!(everyone.len(), 71);
        let prints: Vec<_> = everyone.iter().map(|id| (*id, 1)).collect();
        store.record_badge_prints(&prints, at, "desk-1").unwrap();
        assert!(store.badges_out_of_date(&event).unwrap().is_empty());
        assert!(store.walk_ins(&event).unwrap().is_empty());

        let five = store.attendee_by_badge(event.id, 5).unwrap().unwrap();
        let renamed = NewAttendee {
            position: "Deputy Minister".into(),
            ..five.details.clone()
        };
        store.update_attendee(five.id, &renamed).unwrap();
        let walk_in = NewAttendee {
            given_name: "Aigerim".into(),
            family_name: "Walkinova".into(),
            ..NewAttendee::default()
        };
        let (walked_in, _) = store
            .walk_in(event.id, &walk_in, &DelegationChoice::None, day, at, "desk-2")
            .unwrap();
        // A check-in changes no badge.
        let six = store.attendee_by_badge(event.id, 6).unwrap().unwrap();
        store.check_in(six.id, day, at, "desk-1").unwrap();

        let out_of_date = store.badges_out_of_date(&event).unwrap();
        assert_eq!(out_of_date, [five.id, walked_in.id].into_iter().collect());
        assert_eq!(
            store.walk_ins(&event).unwrap(),
            [walked_in.id].into_iter().collect()
        );
    }
}
