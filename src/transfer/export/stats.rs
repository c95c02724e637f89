//! The numbers of an event as aligned text or as JSON with stable field names.
//!
//! JSON shape (every list in a fixed order, zeros included):
//! ```json
//! {"event":{"code":…,"title":…,"start_date":…,"end_date":…},
//!  "people":71,"registered":64,"attended":0,
//!  "by_status":[{"status":"invited","count":4},…],
//!  "present_by_day":[{"day":1,"date":"2017-07-05","present":0},…],
//!  "by_delegation":[{"delegation":"Canada","category":"participating_state",
//!                    "people":3,"registered":3,"attended":0},…],
//!  "by_category":[{"category":"host_state","label":…,"people":…,…},…],
//!  "by_gender":[{"gender":"female","people":…,…},…],
//!  "by_role":[{"role":"participant","people":…,…},…]}
//! ```
//! People without a delegation appear with `"delegation": null` and
//! `"category": null`, last, when there are any.

use super::safe;
use crate::domain::{Event, Gender, Role, inert};
use crate::store::{EventStats, Tally};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

#[derive(Serialize)]
struct StatsOut<'a> {
    event: EventRef<'a>,
    people: u32,
    registered: u32,
    attended: u32,
    by_status: Vec<StatusCount>,
    present_by_day: Vec<DayCount>,
    by_delegation: Vec<DelegationCount<'a>>,
    by_category: Vec<CategoryCount>,
    by_gender: Vec<NamedCount>,
    by_role: Vec<NamedCount>,
}

#[derive(Serialize)]
struct EventRef<'a> {
    code: &'a str,
    title: &'a str,
    start_date: NaiveDate,
    end_date: NaiveDate,
}

#[derive(Serialize)]
struct StatusCount {
    status: &'static str,
    count: u32,
}

#[derive(Serialize)]
struct DayCount {
    day: i64,
    date: NaiveDate,
    present: u32,
}

#[derive(Serialize)]
struct Counts {
    people: u32,
    registered: u32,
    attended: u32,
}

impl From<Tally> for Counts {
    fn from(t: Tally) -> Counts {
        Counts {
            people: t.people,
            registered: t.registered,
            attended: t.attended,
        }
    }
}

#[derive(Serialize)]
struct DelegationCount<'a> {
    delegation: Option<&'a str>,
    category: Option<&'static str>,
    #[serde(flatten)]
    counts: Counts,
}

#[derive(Serialize)]
struct CategoryCount {
    category: Option<&'static str>,
    label: &'static str,
    #[serde(flatten)]
    counts: Counts,
}

#[derive(Serialize)]
struct NamedCount {
    #[serde(rename = "name")]
    name: &'static str,
    label: &'static str,
    #[serde(flatten)]
    counts: Counts,
}

/// The rows of a vocabulary (gender, role): its stored name, its label, the counts.
fn named<T: Copy>(
    rows: &[(T, Tally)],
    name: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<NamedCount> {
    rows.iter()
        .map(|(value, t)| NamedCount {
            name: name(*value),
            label: label(*value),
            counts: (*t).into(),
        })
        .collect()
}

/// The statistics as pretty JSON (ends with a newline).
pub fn to_json(event: &Event, stats: &EventStats) -> String {
    let e = &event.details;
    let out = StatsOut {
        event: EventRef {
            code: &e.code,
            title: &e.title,
            start_date: e.start_date,
            end_date: e.end_date,
        },
        people: stats.total.people,
        registered: stats.total.registered,
        attended: stats.total.attended,
        by_status: stats
            .by_status
            .iter()
            .map(|(s, n)| StatusCount {
                status: s.as_str(),
                count: *n,
            })
            .collect(),
        present_by_day: stats
            .present_by_day
            .iter()
            .map(|(d, n)| DayCount {
                day: event.day_number(*d),
                date: *d,
                present: *n,
            })
            .collect(),
        by_delegation: stats
            .by_delegation
            .iter()
            .map(|(d, t)| DelegationCount {
                delegation: d.as_ref().map(|d| d.details.name.as_str()),
                category: d.as_ref().map(|d| d.details.category.as_str()),
                counts: (*t).into(),
            })
            .collect(),
        by_category: stats
            .by_category
            .iter()
            .map(|(c, t)| CategoryCount {
                category: c.map(|c| c.as_str()),
                label: c.map_or(UNASSIGNED, |c| c.label()),
                counts: (*t).into(),
            })
            .collect(),
        by_gender: named(&stats.by_gender, Gender::as_str, Gender::label),
        by_role: named(&stats.by_role, Role::as_str, Role::label),
    };
    let mut text = serde_json::to_string_pretty(&out).expect("plain data serialises");
    text.push('\n');
    safe::json_text(text)
}

const UNASSIGNED: &str = "Without delegation";

/// The statistics as aligned text for a terminal (every name made inert).
pub fn to_text(event: &Event, stats: &EventStats) -> String {
    let e = &event.details;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", inert(&e.title), inert(&e.code));
    let _ = writeln!(
        out,
        "{} – {}, {} day(s)\n",
        e.start_date,
        e.end_date,
        event.days().count()
    );

    // Every status at one level: they are shares of the list, side by side (an indent
    // under "Registered" read as if the invited and the cancelled were registered).
    let mut overview: Vec<(String, u32)> = vec![
        ("People on the list".into(), stats.total.people),
        ("Registered".into(), stats.total.registered),
    ];
    for (status, n) in &stats.by_status {
        if *status != crate::domain::Status::Registered {
            overview.push((status.label().to_string(), *n));
        }
    }
    overview.push(("Checked in (any day)".into(), stats.total.attended));
    for (day, n) in &stats.present_by_day {
        overview.push((
            format!("Present day {} ({day})", event.day_number(*day)),
            *n,
        ));
    }
    let width = overview.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
    for (label, n) in &overview {
        let _ = writeln!(out, "{}  {n:>6}", pad(label, width));
    }

    let table = |out: &mut String, title: &str, rows: Vec<(String, Tally)>| {
        let width = rows
            .iter()
            .map(|(l, _)| l.width())
            .chain([title.width()])
            .max()
            .unwrap_or(0);
        let _ = writeln!(
            out,
            "\n{}  {:>6}  {:>10}  {:>8}",
            pad(title, width),
            "people",
            "registered",
            "attended"
        );
        for (label, t) in rows {
            let _ = writeln!(
                out,
                "{}  {:>6}  {:>10}  {:>8}",
                pad(&label, width),
                t.people,
                t.registered,
                t.attended
            );
        }
    };
    table(
        &mut out,
        "By delegation",
        indented(&stats.by_delegation, |d| {
            d.as_ref().map_or(UNASSIGNED.to_string(), |d| {
                inert(&d.details.name).into_owned()
            })
        }),
    );
    table(
        &mut out,
        "By category",
        indented(&stats.by_category, |c| {
            c.map_or(UNASSIGNED, |c| c.label()).to_string()
        }),
    );
    table(
        &mut out,
        "By gender",
        indented(&stats.by_gender, |g| g.label().to_string()),
    );
    table(
        &mut out,
        "By role",
        indented(&stats.by_role, |r| r.label().to_string()),
    );
    out
}

/// The rows of a text table: each label (from `label`) indented under the title.
fn indented<T>(rows: &[(T, Tally)], label: impl Fn(&T) -> String) -> Vec<(String, Tally)> {
    rows.iter()
        .map(|(value, t)| (format!("  {}", label(value)), *t))
        .collect()
}

/// `text` padded with spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    let mut s = text.to_string();
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(text.width())));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Category, EventId, EventKind, NewEvent, Status};

    #[test]
    fn the_statuses_stand_side_by_side_not_under_registered() {
        let day = NaiveDate::from_ymd_opt(2017, 7, 5).unwrap();
        let event = Event {
            id: EventId(1),
            details: NewEvent {
                code: "ub".into(),
                title: "Seminar".into(),
                kind: EventKind::Seminar,
                venue: String::new(),
                city: String::new(),
                country: None,
                start_date: day,
                end_date: day,
                organiser: String::new(),
                description: String::new(),
                language: Default::default(),
            },
            category_order: Category::default_order(),
        };
        let tally = |people, registered| Tally {
            people,
            registered,
            attended: 0,
        };
        let stats = EventStats {
            total: tally(71, 64),
            by_status: vec![
                (Status::Invited, 4),
                (Status::Registered, 64),
                (Status::Cancelled, 2),
                (Status::NoShow, 1),
            ],
            present_by_day: vec![(day, 0)],
            by_delegation: Vec::new(),
            by_category: Vec::new(),
            by_gender: Vec::new(),
            by_role: Vec::new(),
        };
        let text = to_text(&event, &stats);
        for label in ["Registered", "Invited", "Cancelled", "No-show"] {
            let line = text
                .lines()
                .find(|l| l.trim_start().starts_with(label))
                .unwrap_or_else(|| panic!("{label} in {text}"));
            assert!(line.starts_with(label), "{label} is not indented: {text}");
        }
    }
}
