//! The pictures of an event for scripts and on paper: `rollcall stats --json`'s series
//! (arrivals per quarter hour, presence per delegation per day, shares by gender and
//! role) and `rollcall export --format report`, on the sample seminar with check-ins
//! over its two days.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::{EVENT, arg, assert_ok, rollcall};
use rollcall::domain::{AttendeeId, CheckIn};
use rollcall::store::Store;
use serde_json::{Value, json};
use std::path::Path;

fn day1() -> NaiveDate {
    NaiveDate::from_ymd_opt(2017, 7, 5).unwrap()
}

fn day2() -> NaiveDate {
    day1().succ_opt().unwrap()
}

fn at(day: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    day.and_hms_opt(h, m, 0).unwrap()
}

/// Record `(badge, day, time)` check-ins in the registry at `db`.
fn check_in(db: &Path, check_ins: &[(u32, NaiveDate, NaiveDateTime)]) {
    let mut store = Store::open(db).unwrap();
    let check_ins: Vec<CheckIn> = check_ins
        .iter()
        .map(|&(badge, day, at)| CheckIn {
            attendee: id(&store, badge),
            day,
            at,
            desk: "desk-1".into(),
        })
        .collect();
    store.record_check_ins(&check_ins).unwrap();
}

fn id(store: &Store, badge: u32) -> AttendeeId {
    let event = store.event_by_code(EVENT).unwrap();
    store
        .attendee_by_badge(event.id, badge)
        .unwrap()
        .unwrap()
        .id
}

fn stats_json(db: &Path) -> Value {
    let out = rollcall(&["stats", "--db", arg(db), "--event", EVENT, "--json"]);
    assert_ok(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Two Kyrgyz delegates and a Mongolian one on the first morning, one Kyrgyz on the
/// second: the quarter hours, the delegations' days and the shares a script reads.
#[test]
fn stats_json_gives_the_series_behind_the_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::registry(dir.path(), "registry.db", 0);
    check_in(
        &db,
        &[
            (54, day1(), at(day1(), 8, 47)),
            (55, day1(), at(day1(), 8, 58)),
            (1, day1(), at(day1(), 9, 20)),
            (54, day2(), at(day2(), 8, 30)),
        ],
    );
    let s = stats_json(&db);

    // The keys scripts already read are as they were.
    assert_eq!(s["people"], 71);
    assert_eq!(s["attended"], 3);
    assert_eq!(
        s["present_by_day"],
        json!([
            {"day": 1, "date": "2017-07-05", "present": 3},
            {"day": 2, "date": "2017-07-06", "present": 1}
        ])
    );

    // Arrivals over the busy quarter hours, the quiet one between included.
    assert_eq!(
        s["attendance_by_day"],
        json!([
            {"day": 1, "date": "2017-07-05", "present": 3, "arrivals": [
                {"from": "08:45", "to": "09:00", "count": 2},
                {"from": "09:00", "to": "09:15", "count": 0},
                {"from": "09:15", "to": "09:30", "count": 1}
            ]},
            {"day": 2, "date": "2017-07-06", "present": 1, "arrivals": [
                {"from": "08:30", "to": "08:45", "count": 1}
            ]}
        ])
    );

    // Every delegation, in the protocol order of by_delegation, with each day.
    let per_delegation = s["present_by_delegation"].as_array().unwrap();
    let by_delegation = s["by_delegation"].as_array().unwrap();
    assert_eq!(per_delegation.len(), by_delegation.len());
    for (days, tally) in per_delegation.iter().zip(by_delegation) {
        assert_eq!(days["delegation"], tally["delegation"]);
        assert_eq!(days["registered"], tally["registered"]);
        assert_eq!(days["people"], tally["people"]);
        assert_eq!(days["present"].as_array().unwrap().len(), 2);
    }
    let present = |name: &str| -> Vec<u64> {
        let row = per_delegation
            .iter()
            .find(|d| d["delegation"] == name)
            .unwrap_or_else(|| panic!("{name} in {per_delegation:?}"));
        row["present"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["present"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(present("Kyrgyzstan"), [2, 1]);
    assert_eq!(present("Mongolia – state agencies"), [1, 0]);
    assert_eq!(present("Canada"), [0, 0]);
    let kyrgyzstan = per_delegation
        .iter()
        .find(|d| d["delegation"] == "Kyrgyzstan")
        .unwrap();
    assert_eq!(kyrgyzstan["country"], "KG");
    assert!(kyrgyzstan["id"].is_i64());

    // Shares of the people, the registered and the attended, to one decimal.
    let gender = |name: &str| {
        s["by_gender"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(gender("female")["people"], 31);
    assert_eq!(gender("female")["percent"]["people"], 43.7);
    assert_eq!(gender("male")["percent"]["people"], 56.3);
    let attended: f64 = s["by_gender"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["percent"]["attended"].as_f64().unwrap())
        .sum();
    assert!((attended - 100.0).abs() < 0.2, "{attended}");
    let roles: f64 = s["by_role"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["percent"]["people"].as_f64().unwrap())
        .sum();
    assert!((roles - 100.0).abs() < 0.5, "{roles}");
}

/// Before anyone came: no arrivals, every day present 0, and no share of nobody.
#[test]
fn stats_json_before_the_first_check_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::registry(dir.path(), "registry.db", 0);
    let s = stats_json(&db);
    for day in s["attendance_by_day"].as_array().unwrap() {
        assert_eq!(day["arrivals"], json!([]));
        assert_eq!(day["present"], 0);
    }
    assert_eq!(s["by_gender"][0]["percent"]["attended"], Value::Null);
}
