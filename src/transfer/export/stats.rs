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
//!  "by_role":[{"role":"participant","people":…,…},…],
//!  "attendance_by_day":[{"day":1,"date":"2017-07-05","present":3,
//!                        "arrivals":[{"from":"08:45","to":"09:00","count":2},…]},…],
//!  "present_by_delegation":[{"delegation":"Canada","id":3,"country":"CA",
//!                            "category":"participating_state","people":3,"registered":3,
//!                            "present":[{"day":1,"date":"2017-07-05","present":2},…]},…]}
//! ```
//! People without a delegation appear with `"delegation": null` and
//! `"category": null` (and `"id": null`), last, when there are any.
//!
//! `arrivals` holds the quarter hours from the day's first check-in to its last, quiet
//! ones included (empty when nobody came). Each `by_gender` and `by_role` row has
//! `"percent": {"people": 43.7, "registered": …, "attended": …}`: its share of the
//! event's total of each, to one decimal; `null` where that total is 0.

use super::safe;
use crate::domain::attendance::{Attendance, DayAttendance, SLOT_MINUTES, slot_start};
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
    attendance_by_day: Vec<DayArrivals>,
    present_by_delegation: Vec<DelegationDays<'a>>,
}

/// One day's check-ins: how many, and when they came.
#[derive(Serialize)]
struct DayArrivals {
    day: i64,
    date: NaiveDate,
    present: u32,
    arrivals: Vec<QuarterHour>,
}

/// Arrivals in one quarter hour, `from` included, `to` not ("08:45"–"09:00").
#[derive(Serialize)]
struct QuarterHour {
    from: String,
    to: String,
    count: u32,
}

/// One delegation's people, and who of them was present each day.
#[derive(Serialize)]
struct DelegationDays<'a> {
    delegation: Option<&'a str>,
    id: Option<i64>,
    country: Option<&'a str>,
    category: Option<&'static str>,
    people: u32,
    registered: u32,
    present: Vec<DayCount>,
}

/// A group's share of the event's people, registered and attended, in percent.
#[derive(Serialize)]
struct Shares {
    people: Option<f64>,
    registered: Option<f64>,
    attended: Option<f64>,
}

impl Shares {
    fn of(part: Tally, whole: Tally) -> Shares {
        Shares {
            people: percent(part.people, whole.people),
            registered: percent(part.registered, whole.registered),
            attended: percent(part.attended, whole.attended),
        }
    }
}

/// `part` of `whole` in percent, to one decimal; `None` of nothing.
pub fn percent(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| (f64::from(part) * 1000.0 / f64::from(whole)).round() / 10.0)
}

/// The quarter hours of `day` from its first arrival to its last, with their counts
/// (none when nobody came).
pub fn busy_quarter_hours(day: &DayAttendance) -> Vec<(usize, u32)> {
    day.busy_slots()
        .map(|range| range.map(|slot| (slot, day.arrivals[slot])).collect())
        .unwrap_or_default()
}

/// "08:45"; the end of the last quarter hour is "24:00".
pub fn slot_label(slot: usize) -> String {
    if slot * SLOT_MINUTES as usize >= 24 * 60 {
        "24:00".into()
    } else {
        slot_start(slot).format("%H:%M").to_string()
    }
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
    percent: Shares,
}

/// The rows of a vocabulary (gender, role): its stored name, its label, the counts and
/// their shares of `total`.
fn named<T: Copy>(
    rows: &[(T, Tally)],
    total: Tally,
    name: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<NamedCount> {
    rows.iter()
        .map(|(value, t)| NamedCount {
            name: name(*value),
            label: label(*value),
            counts: (*t).into(),
            percent: Shares::of(*t, total),
        })
        .collect()
}

/// The statistics and the picture of the days (`attendance`) as pretty JSON (ends
/// with a newline).
pub fn to_json(event: &Event, stats: &EventStats, attendance: &Attendance) -> String {
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
        by_gender: named(&stats.by_gender, stats.total, Gender::as_str, Gender::label),
        by_role: named(&stats.by_role, stats.total, Role::as_str, Role::label),
        attendance_by_day: attendance
            .days
            .iter()
            .map(|d| DayArrivals {
                day: event.day_number(d.day),
                date: d.day,
                present: d.present,
                arrivals: busy_quarter_hours(d)
                    .into_iter()
                    .map(|(slot, count)| QuarterHour {
                        from: slot_label(slot),
                        to: slot_label(slot + 1),
                        count,
                    })
                    .collect(),
            })
            .collect(),
        present_by_delegation: stats
            .by_delegation
            .iter()
            .map(|(d, t)| DelegationDays {
                delegation: d.as_ref().map(|d| d.details.name.as_str()),
                id: d.as_ref().map(|d| d.id.0),
                country: d.as_ref().and_then(|d| d.details.country.as_deref()),
                category: d.as_ref().map(|d| d.details.category.as_str()),
                people: t.people,
                registered: t.registered,
                present: attendance
                    .days
                    .iter()
                    .map(|day| DayCount {
                        day: event.day_number(day.day),
                        date: day.day,
                        present: day
                            .by_delegation
                            .get(&d.as_ref().map(|d| d.id))
                            .copied()
                            .unwrap_or(0),
                    })
                    .collect(),
            })
            .collect(),
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
    use crate::domain::{EventId, NewEvent, Status};

    #[test]
    fn the_statuses_stand_side_by_side_not_under_registered() {
        let day = NaiveDate::from_ymd_opt(2017, 7, 5).unwrap();
        let event = Event::with_default_order(EventId(1), NewEvent::new("ub", "Seminar", day, day));
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
