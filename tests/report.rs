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

// ---- export --format report ----

use rollcall::domain::{Category, NewDelegation};
use rollcall::transfer::export::{self, ExportOptions, Format};
use scraper::{ElementRef, Html, Selector};

fn select<'a>(el: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    el.select(&Selector::parse(css).unwrap()).collect()
}

fn all<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    select(doc.root_element(), css)
}

fn text_of(el: ElementRef<'_>) -> String {
    el.text().collect::<String>()
}

/// The number a bar carries: its `data-value`, which must also start its visible text.
fn value(bar: ElementRef<'_>) -> u32 {
    let label = select(bar, "text.value")
        .into_iter()
        .next()
        .expect("every bar has its number");
    let n: u32 = label.value().attr("data-value").unwrap().parse().unwrap();
    assert!(
        text_of(label).starts_with(&n.to_string()),
        "{n} is written beside the bar: {}",
        text_of(label)
    );
    n
}

/// The bar of `series` in `row` (`registered`, `attended`, `day-1` …).
fn bar<'a>(row: ElementRef<'a>, series: &str) -> ElementRef<'a> {
    select(row, &format!("g.bar[data-series=\"{series}\"]"))
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("a {series} bar in {}", row.html()))
}

/// The report of the registry at `db`, through the library (as the TUI writes it).
fn report_of(db: &Path) -> String {
    let mut store = Store::open(db).unwrap();
    let event = store.event_by_code(EVENT).unwrap();
    let options = ExportOptions::new(Format::Report, at(day2(), 18, 0));
    let mut out = Vec::new();
    export::export(&mut store, &event, &options, &mut out, &mut |_, _| {}).unwrap();
    String::from_utf8(out).unwrap()
}

/// No script, no handler, nothing fetched: a page to read and print.
fn assert_inert_page(page: &str) {
    let lower = page.to_lowercase();
    assert!(!lower.contains("<script"), "no script");
    assert!(!lower.contains("javascript:"));
    let doc = Html::parse_document(page);
    for el in all(&doc, "*") {
        for (name, _) in el.value().attrs() {
            assert!(!name.starts_with("on"), "a handler {name} in {}", el.html());
            assert!(
                name != "src" && name != "href",
                "nothing fetched: {}",
                el.html()
            );
        }
    }
}

/// The report drawn from the sample seminar: a picture per section, each bar's number
/// the store's count, the missing said in words, the file named for what it holds.
#[test]
fn the_report_draws_the_stores_counts() {
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
    let file = dir.path().join(Format::Report.file_name(EVENT));
    assert_eq!(
        file.file_name().unwrap(),
        "ulaanbaatar-2017-report.html",
        "CODE-report.html"
    );
    let out = rollcall(&[
        "export",
        "--db",
        arg(&db),
        "--event",
        EVENT,
        "--format",
        "report",
        "-o",
        arg(&file),
    ]);
    assert_ok(&out);
    let said = format!("{}{}", common::text(&out.stdout), common::text(&out.stderr));
    assert!(said.contains("wrote 71 people (all)"), "{said}");
    let page = std::fs::read_to_string(&file).unwrap();
    assert_inert_page(&page);
    let doc = Html::parse_document(&page);

    // A picture for each: days, two arrival curves, categories, balances, delegations.
    assert_eq!(all(&doc, "section.days svg.picture").len(), 1);
    assert_eq!(all(&doc, "figure.arrival-day svg.picture").len(), 2);
    for section in ["by-category", "gender", "role", "by-delegation"] {
        let rows = all(&doc, &format!("section.{section} div.row"));
        assert!(!rows.is_empty(), "{section} has rows");
        for row in rows {
            assert_eq!(select(row, "svg.bars").len(), 1, "{}", row.html());
        }
    }

    let store = Store::open(&db).unwrap();
    let event = store.event_by_code(EVENT).unwrap();
    let stats = store.event_stats(&event).unwrap();
    let attendance = store.attendance(&event).unwrap();

    // Every delegation in protocol order, with the store's numbers beside its bars.
    let rows = all(&doc, "section.by-delegation div.row");
    assert_eq!(rows.len(), stats.by_delegation.len());
    for (row, (delegation, tally)) in rows.iter().zip(&stats.by_delegation) {
        let delegation = delegation.as_ref().unwrap();
        assert_eq!(
            text_of(select(*row, ".name")[0]),
            delegation.details.name,
            "protocol order"
        );
        assert_eq!(value(bar(*row, "registered")), tally.registered);
        for (n, day) in attendance.days.iter().enumerate() {
            let present = day.by_delegation.get(&Some(delegation.id)).copied();
            assert_eq!(
                value(bar(*row, &format!("day-{}", n + 1))),
                present.unwrap_or(0),
                "{} on {}",
                delegation.details.name,
                day.day
            );
        }
    }
    let notes = |name: &str| -> String {
        let row = rows
            .iter()
            .find(|r| text_of(select(**r, ".name")[0]) == name)
            .unwrap();
        select(*row, ".note").into_iter().map(text_of).collect()
    };
    assert_eq!(
        notes("Kyrgyzstan"),
        "Day 1: 2 of 4 missing.Day 2: 3 of 4 missing."
    );
    assert_eq!(notes("Canada"), "Day 1: none present.Day 2: none present.");

    // Gender balance: counts and shares of the registered and of those who came.
    let female = all(&doc, "section.gender div.row[data-row=\"female\"]")[0];
    let (registered, attended) = stats
        .by_gender
        .iter()
        .find(|(g, _)| g.as_str() == "female")
        .map(|(_, t)| (t.registered, t.attended))
        .unwrap();
    assert_eq!(value(bar(female, "registered")), registered);
    assert_eq!(value(bar(female, "attended")), attended);
    let share = text_of(select(bar(female, "registered"), "text.value")[0]);
    assert_eq!(share, format!("{registered} (45.3 %)"));

    // Day 1 against day 2: the registered and those present.
    for (n, day) in attendance.days.iter().enumerate() {
        let bars = all(
            &doc,
            &format!("section.days g.bar[data-day=\"{}\"]", day.day),
        );
        let values: Vec<u32> = bars.iter().map(|b| value(*b)).collect();
        assert_eq!(
            values,
            [stats.total.registered, day.present],
            "day {}",
            n + 1
        );
    }

    // The arrival curve: the 08:45 quarter hour of day 1 holds two.
    let day1_bars = all(
        &doc,
        &format!("figure.arrival-day[data-day=\"{}\"] g.bar", day1()),
    );
    let at_0845 = day1_bars
        .iter()
        .find(|b| b.value().attr("data-from") == Some("08:45"))
        .unwrap();
    assert_eq!(value(*at_0845), 2);
    let axis: Vec<String> = all(
        &doc,
        &format!(
            "figure.arrival-day[data-day=\"{}\"] text.axis-label",
            day1()
        ),
    )
    .into_iter()
    .map(text_of)
    .collect();
    assert!(axis.contains(&"08:30".to_string()), "time axis: {axis:?}");
}

/// A delegation named like markup stays text: escaped in the HTML, never an element or
/// an attribute, and shown as written.
#[test]
fn a_hostile_delegation_name_stays_inert_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::registry(dir.path(), "registry.db", 0);
    let hostile = "<script>alert(1)</script>\"><svg onload=alert(2)>";
    {
        let mut store = Store::open(&db).unwrap();
        let event = store.event_by_code(EVENT).unwrap();
        store
            .create_delegation(
                event.id,
                &NewDelegation {
                    name: hostile.into(),
                    category: Category::CivilSociety,
                    sort_key: "zzz".into(),
                    country: None,
                },
            )
            .unwrap();
    }
    let page = report_of(&db);
    assert_inert_page(&page);
    assert!(!page.contains("<svg onload"), "no element from the name");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let doc = Html::parse_document(&page);
    let names: Vec<String> = all(&doc, "section.by-delegation .row .name")
        .into_iter()
        .map(text_of)
        .collect();
    assert!(names.contains(&hostile.to_string()), "{names:?}");
    let row = all(&doc, "section.by-delegation div.row")
        .into_iter()
        .find(|r| text_of(select(*r, ".name")[0]) == hostile)
        .unwrap();
    assert_eq!(
        text_of(select(row, ".note")[0]),
        "No one registered (0 on the list)."
    );
}

/// 100 more people checked in over two days: each day's arrival bars add up to its
/// check-ins.
#[test]
fn at_a_hundred_people_the_arrival_bars_add_up_to_the_days_check_ins() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::registry(dir.path(), "registry.db", 100);
    let mut check_ins = Vec::new();
    for i in 0..100u32 {
        // Day 1 from 07:50 for 2.5 hours; day 2 two out of three, later and looser.
        let minutes = 7 * 60 + 50 + i * 3 / 2;
        check_ins.push((1001 + i, day1(), at(day1(), minutes / 60, minutes % 60)));
        if i % 3 != 0 {
            let minutes = 8 * 60 + 20 + i * 4;
            check_ins.push((1001 + i, day2(), at(day2(), minutes / 60, minutes % 60)));
        }
    }
    check_in(&db, &check_ins);
    let page = report_of(&db);
    let doc = Html::parse_document(&page);
    let store = Store::open(&db).unwrap();
    let event = store.event_by_code(EVENT).unwrap();
    let stats = store.event_stats(&event).unwrap();
    for (day, present) in &stats.present_by_day {
        let bars = all(
            &doc,
            &format!("figure.arrival-day[data-day=\"{day}\"] g.bar"),
        );
        let sum: u32 = bars.iter().map(|b| value(*b)).sum();
        assert_eq!(sum, *present, "{day}");
    }
    assert_eq!(stats.present_by_day[0].1, 100);
    assert_eq!(stats.present_by_day[1].1, 66);
}

/// The report is everyone's: a status filter is refused with one line, nothing written.
#[test]
fn the_report_refuses_a_status_filter() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::registry(dir.path(), "registry.db", 0);
    let file = dir.path().join("r.html");
    let out = rollcall(&[
        "export",
        "--db",
        arg(&db),
        "--event",
        EVENT,
        "--format",
        "report",
        "--status",
        "registered",
        "-o",
        arg(&file),
    ]);
    let line = common::one_line_failure(&out, "report --status registered");
    assert!(line.contains("report counts everyone"), "{line}");
    assert!(!file.exists());
}
