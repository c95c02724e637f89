//! The event report: one self-contained HTML page for the post-event report, printable
//! on A4 — participants by category and by delegation (registered against present each
//! day, the missing said in words), gender and role balance, attendance per day side by
//! side, and the arrival curve of each day per quarter hour.
//!
//! The pictures are inline SVG built with maud, like the List of Participants: every
//! value, a delegation's name included, is escaped by the template, never formatted into
//! markup by hand. No script: the page is read and printed, not run. Every bar carries
//! its number, and every series its own fill pattern and its name beside the bar, so
//! that nothing depends on colour (a black-and-white print reads the same).
//!
//! Names sit in HTML beside each row's bars (so a long one wraps instead of being cut);
//! each row, and each small picture, is kept whole across a page break. The page's own
//! words are English whatever the seminar's language (unlike the List of Participants).

use super::stats::{busy_quarter_hours, percent, slot_label};
use super::template::{self, text};
use super::words;
use crate::domain::attendance::{Attendance, DayAttendance};
use crate::domain::{Category, Event, Gender, Language, Role, Status};
use crate::store::{EventStats, Tally};
use chrono::{NaiveDate, NaiveDateTime};
use maud::{Markup, html};
use std::ops::RangeInclusive;

pub(super) const REPORT_CSS: &str = include_str!("../../../assets/templates/report.css");

/// The width of a horizontal bar row's drawing, in SVG units (about pixels on A4).
const ROW_WIDTH: u32 = 440;
/// Where the bars of a row start: the series' name stands before them.
const BAR_START: u32 = 64;
/// Room after the longest bar for its number and share ("1234 (100.0 %)").
const NUMBER_ROOM: u32 = 92;
/// A bar's thickness and the gap to the next, in SVG units.
const BAR: u32 = 11;
const BAR_GAP: u32 = 3;

/// The colour of bars and their lines (the style sheets' accent).
const INK: &str = "#1f3a5f";

/// The width of the column charts (attendance per day, arrivals).
const CHART_WIDTH: u32 = 680;

/// One series of bars: what it counts, and the fill that tells it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Series {
    Registered,
    /// Checked in on at least one day.
    Attended,
    /// Present on the event's day N (from 1).
    Day(i64),
}

impl Series {
    fn name(self) -> String {
        match self {
            Series::Registered => "Registered".into(),
            Series::Attended => "Attended".into(),
            Series::Day(n) => format!("Day {n}"),
        }
    }

    /// The stable name tests and style sheets use: `registered`, `attended`, `day-1`.
    fn slug(self) -> String {
        match self {
            Series::Registered => "registered".into(),
            Series::Attended => "attended".into(),
            Series::Day(n) => format!("day-{n}"),
        }
    }

    /// The fill: solid for the registered, a pattern of its own for each day (four,
    /// then again; the name beside each bar still tells them apart).
    fn fill(self) -> Fill {
        match self {
            Series::Registered => Fill::Solid,
            Series::Attended => Fill::Hatch,
            Series::Day(n) => match (n - 1).rem_euclid(4) {
                0 => Fill::Hatch,
                1 => Fill::Level,
                2 => Fill::Cross,
                _ => Fill::Upright,
            },
        }
    }
}

/// One bar: its series, its count and, for balance, its share of the whole.
struct Bar {
    series: Series,
    value: u32,
    /// Out of how many, for a share in percent beside the number.
    of: Option<u32>,
    /// Said instead of "0" when a zero is news ("none present").
    zero_note: Option<&'static str>,
}

/// One row of a horizontal bar chart: what it is (HTML: it wraps), a line in words
/// under it, and its bars.
struct Row {
    label: String,
    /// What the row is, for tests and style (`data-row`).
    key: String,
    notes: Vec<String>,
    bars: Vec<Bar>,
}

/// The whole page for `event` from its numbers and its days, issued at `now`.
pub(super) fn render(
    event: &Event,
    stats: &EventStats,
    attendance: &Attendance,
    now: NaiveDateTime,
) -> Markup {
    let e = &event.details;
    let language = Language::En;
    let title = format!("Event report — {}", e.title);
    let body = html! {
        (template::event_head(event, language, "report-head", "Event report", "Issued", now.date()))
        main {
            (overview(event, stats))
            (days_chart(event, stats, attendance))
            (arrivals(event, attendance))
            (by_category(event, stats, attendance, now.date()))
            (balance("Gender balance", "gender", &gender_rows(stats), stats.total))
            (balance("Role balance", "role", &role_rows(stats), stats.total))
            (by_delegation(event, stats, attendance, now.date()))
        }
    };
    template::page(&title, "report", REPORT_CSS, body)
}

/// How a series' bar is filled: solid, or white with lines of its own. The lines are
/// drawn bar by bar as paths: an SVG `<pattern>` is printed to PDF as an image per
/// bar (a four-page report of diagonal patterns came to 34 MB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fill {
    Solid,
    /// Diagonals rising to the right.
    Hatch,
    /// Level lines.
    Level,
    /// Diagonals both ways.
    Cross,
    /// Upright lines.
    Upright,
}

/// The distance between a fill's lines, and their width.
const HATCH_PITCH: f64 = 4.0;
const LEVEL_PITCH: f64 = 3.0;
const LINE_WIDTH: f64 = 1.1;

/// A bar of `series` over the box at (`x`, `y`), `w` wide and `h` high: its outline and
/// its fill. The lines lie on one grid across the page, so that neighbouring bars of a
/// series match.
fn shape(series: Series, x: f64, y: f64, w: f64, h: f64) -> Markup {
    let fill = series.fill();
    let lines = fill_lines(fill, x, y, x + w, y + h);
    html! {
        rect x=(fmt(x)) y=(fmt(y)) width=(fmt(w)) height=(fmt(h))
            fill=(if fill == Fill::Solid { INK } else { "#ffffff" })
            stroke=(INK) stroke-width="0.8" {}
        @if !lines.is_empty() {
            path d=(lines) stroke=(INK) stroke-width=(fmt(LINE_WIDTH)) fill="none" {}
        }
    }
}

/// The path of `fill`'s lines inside the box from (`x0`, `y0`) to (`x1`, `y1`).
fn fill_lines(fill: Fill, x0: f64, y0: f64, x1: f64, y1: f64) -> String {
    let mut d = String::new();
    // The multiples of `pitch` strictly between `from` and `to`.
    let between = |from: f64, to: f64, pitch: f64| {
        let first = (from / pitch).floor() as i64 + 1;
        let last = (to / pitch).ceil() as i64 - 1;
        (first..=last).map(move |k| k as f64 * pitch)
    };
    let mut segment = |a: (f64, f64), b: (f64, f64)| {
        d.push_str(&format!(
            "M{} {}L{} {}",
            fmt(a.0),
            fmt(a.1),
            fmt(b.0),
            fmt(b.1)
        ));
    };
    if matches!(fill, Fill::Hatch | Fill::Cross) {
        // x + y = c, rising to the right on the page (y grows downwards).
        for c in between(x0 + y0, x1 + y1, HATCH_PITCH) {
            let (lo, hi) = (x0.max(c - y1), x1.min(c - y0));
            if lo < hi {
                segment((lo, c - lo), (hi, c - hi));
            }
        }
    }
    if fill == Fill::Cross {
        // x − y = c, falling to the right.
        for c in between(x0 - y1, x1 - y0, HATCH_PITCH) {
            let (lo, hi) = (x0.max(c + y0), x1.min(c + y1));
            if lo < hi {
                segment((lo, lo - c), (hi, hi - c));
            }
        }
    }
    if fill == Fill::Level {
        for y in between(y0, y1, LEVEL_PITCH) {
            segment((x0, y), (x1, y));
        }
    }
    if fill == Fill::Upright {
        for x in between(x0, x1, LEVEL_PITCH) {
            segment((x, y0), (x, y1));
        }
    }
    d
}

/// The counts in a table: the list, its statuses, and each day.
fn overview(event: &Event, stats: &EventStats) -> Markup {
    let mut rows: Vec<(String, u32)> = vec![
        ("People on the list".into(), stats.total.people),
        ("Registered".into(), stats.total.registered),
    ];
    for (status, n) in &stats.by_status {
        if *status != Status::Registered {
            rows.push((status.label().to_string(), *n));
        }
    }
    rows.push(("Checked in (any day)".into(), stats.total.attended));
    for (day, n) in &stats.present_by_day {
        rows.push((
            format!(
                "Present on day {} ({})",
                event.day_number(*day),
                template::short_day(*day)
            ),
            *n,
        ));
    }
    html! {
        section.overview {
            h2 { "In numbers" }
            table {
                tbody {
                    @for (label, n) in &rows {
                        tr { th scope="row" { (label) } td { (n) } }
                    }
                }
            }
        }
    }
}

/// Registered against present, day by day, as columns side by side.
fn days_chart(event: &Event, stats: &EventStats, attendance: &Attendance) -> Markup {
    let registered = stats.total.registered;
    let days: Vec<(Series, &DayAttendance)> = attendance
        .days
        .iter()
        .map(|d| (Series::Day(event.day_number(d.day)), d))
        .collect();
    let height = 210;
    let (top, bottom, left) = (22, 40, 10);
    let plot = height - top - bottom;
    let max = days
        .iter()
        .map(|(_, d)| d.present)
        .chain([registered])
        .max()
        .unwrap_or(0)
        .max(1);
    let group = (CHART_WIDTH - 2 * left) / days.len().max(1) as u32;
    let column = (group / 3).min(90);
    let scale = |n: u32| (f64::from(n) / f64::from(max) * f64::from(plot)).round() as u32;
    let summary: Vec<String> = days
        .iter()
        .map(|(series, d)| {
            format!(
                "{}: {} present of {registered} registered",
                series.name(),
                d.present
            )
        })
        .collect();
    html! {
        section.chart.days {
            h2 { "Attendance per day" }
            p.caption { "Registered people and those present, each day side by side." }
            svg.picture viewBox={ "0 0 " (CHART_WIDTH) " " (height) }
                width=(CHART_WIDTH) height=(height) role="img"
                aria-label=(summary.join("; ")) {
                line.axis x1=(left) x2=(CHART_WIDTH - left) y1=(top + plot) y2=(top + plot) {}
                @for (i, (series, d)) in days.iter().enumerate() {
                    @let x0 = left + i as u32 * group + (group - 2 * column - 8) / 2;
                    @for (j, (s, n, share)) in [
                        (Series::Registered, registered, None),
                        (*series, d.present, percent(d.present, registered)),
                    ].into_iter().enumerate() {
                        @let x = x0 + j as u32 * (column + 8);
                        @let h = scale(n);
                        g.bar data-series=(s.slug()) data-day=(d.day) {
                            (shape(s, f64::from(x), f64::from(top + plot - h), f64::from(column), f64::from(h)))
                            text.value x=(x + column / 2) y=(top + plot - h - 5)
                                text-anchor="middle" data-value=(n) {
                                (n) @if let Some(p) = share { " (" (pct(p)) ")" }
                            }
                            text.series x=(x + column / 2) y=(top + plot + 14)
                                text-anchor="middle" { (s.name()) }
                        }
                    }
                    text.axis-label x=(x0 + column + 4) y=(top + plot + 30)
                        text-anchor="middle" { (template::short_day(d.day)) }
                }
            }
        }
    }
}

/// The arrival curve of each day: check-ins per quarter hour over the hours people came
/// (the same hours and scale for every day, so that the days compare).
fn arrivals(event: &Event, attendance: &Attendance) -> Markup {
    let range = common_busy_range(&attendance.days);
    let max = attendance
        .days
        .iter()
        .flat_map(|d| d.arrivals.iter().copied())
        .max()
        .unwrap_or(0);
    html! {
        section.arrivals {
            h2 { "Arrivals per quarter hour" }
            @match range {
                None => p.empty { "Nobody has been checked in yet." },
                Some(range) => {
                    @for d in &attendance.days {
                        (arrival_chart(event, d, range.clone(), max))
                    }
                }
            }
        }
    }
}

/// The quarter hours from the earliest first arrival of any day to the latest last.
fn common_busy_range(days: &[DayAttendance]) -> Option<RangeInclusive<usize>> {
    let ranges: Vec<_> = days.iter().filter_map(|d| d.busy_slots()).collect();
    let first = ranges.iter().map(|r| *r.start()).min()?;
    let last = ranges.iter().map(|r| *r.end()).max()?;
    Some(first..=last)
}

/// One day's arrivals over `range`, bars scaled to `max`.
fn arrival_chart(
    event: &Event,
    d: &DayAttendance,
    range: RangeInclusive<usize>,
    max: u32,
) -> Markup {
    let series = Series::Day(event.day_number(d.day));
    let busy = busy_quarter_hours(d);
    let busiest = busy
        .iter()
        .max_by_key(|(slot, n)| (*n, std::cmp::Reverse(*slot)));
    let (height, top, bottom, left, right) = (170u32, 16u32, 30u32, 8u32, 8u32);
    let plot = height - top - bottom;
    let slots = (range.end() - range.start() + 1) as u32;
    let width = f64::from(CHART_WIDTH - left - right) / f64::from(slots);
    // Time labels every quarter hour on a short morning, on the hour (or every other
    // hour) on a long day.
    let step = match slots {
        0..=10 => 1,
        11..=48 => 4,
        _ => 8,
    };
    let number_size = (width * 0.8).clamp(5.0, 10.0);
    let x_of = |slot: usize| f64::from(left) + (slot - range.start()) as f64 * width;
    let h_of = |n: u32| (f64::from(n) / f64::from(max.max(1)) * f64::from(plot)).round();
    html! {
        figure.chart.arrival-day data-day=(d.day) {
            figcaption {
                strong { (series.name()) " · " (template::short_day(d.day)) }
                " — "
                @match (busy.first(), busiest) {
                    (Some((first, _)), Some((slot, n))) => {
                        (d.present) " arrivals; the first at " (slot_label(*first))
                        ", the busiest quarter hour " (slot_label(*slot)) "–"
                        (slot_label(slot + 1)) " (" (n) ")."
                    }
                    _ => "no arrivals.",
                }
            }
            svg.picture viewBox={ "0 0 " (CHART_WIDTH) " " (height) }
                width=(CHART_WIDTH) height=(height) role="img"
                aria-label={ (series.name()) ": " (d.present) " arrivals" } {
                line.axis x1=(left) x2=(CHART_WIDTH - right) y1=(top + plot) y2=(top + plot) {}
                @for slot in range.clone() {
                    @let n = d.arrivals[slot];
                    @let x = x_of(slot);
                    @if n > 0 {
                        @let h = h_of(n);
                        g.bar data-series=(series.slug()) data-from=(slot_label(slot)) {
                            (shape(series, x + 0.5, f64::from(top + plot) - h, (width - 1.0).max(0.5), h))
                            text.value x=(fmt(x + width / 2.0))
                                y=(fmt(f64::from(top + plot) - h - 3.0))
                                text-anchor="middle" font-size=(fmt(number_size))
                                data-value=(n) { (n) }
                        }
                    }
                }
                @for (boundary, anchor) in axis_labels(&range, step, width) {
                    @let x = x_of(boundary);
                    line.tick x1=(fmt(x)) x2=(fmt(x)) y1=(top + plot) y2=(top + plot + 4) {}
                    text.axis-label x=(fmt(x)) y=(top + plot + 15) text-anchor=(anchor) {
                        (slot_label(boundary))
                    }
                }
            }
        }
    }
}

/// The quarter-hour boundaries of `range` the time axis names, with their text anchor:
/// every `step`-th (on the clock: 09:00, not 08:45 + an hour), and the range's own
/// start and end where they do not crowd a neighbour (`width`: a quarter hour's width).
fn axis_labels(
    range: &RangeInclusive<usize>,
    step: usize,
    width: f64,
) -> Vec<(usize, &'static str)> {
    let (start, end) = (*range.start(), *range.end() + 1);
    // A label is about 30 units wide: two need 40 between their middles.
    let room = (40.0 / width).ceil() as usize;
    let mut labels: Vec<(usize, &'static str)> = (start..=end)
        .filter(|b| b.is_multiple_of(step))
        .map(|b| (b, "middle"))
        .collect();
    if labels.first().is_none_or(|(b, _)| b - start >= room) {
        labels.insert(0, (start, "start"));
    } else if labels[0].0 == start {
        labels[0].1 = "start";
    }
    match labels.last_mut() {
        Some((b, anchor)) if *b == end => *anchor = "end",
        Some((b, _)) if end - *b < room => {}
        _ => labels.push((end, "end")),
    }
    labels
}

/// Participants by category: registered, then present each day.
fn by_category(
    event: &Event,
    stats: &EventStats,
    attendance: &Attendance,
    today: NaiveDate,
) -> Markup {
    let rows: Vec<Row> = stats
        .by_category
        .iter()
        .filter(|(_, t)| t.people > 0)
        .map(|(category, tally)| {
            let present: Vec<u32> = attendance
                .days
                .iter()
                .map(|day| present_in_category(stats, day, *category))
                .collect();
            let label = category.map_or(words::words(Language::En).unassigned, Category::label);
            let key = category.map_or("none", Category::as_str);
            presence_row(event, attendance, today, label, key, *tally, &present)
        })
        .collect();
    html! {
        section.chart.by-category {
            h2 { "Participants by category" }
            (legend(event, attendance))
            (rows_chart(&rows))
        }
    }
}

/// Participants by delegation in protocol order: registered, then present each day.
fn by_delegation(
    event: &Event,
    stats: &EventStats,
    attendance: &Attendance,
    today: NaiveDate,
) -> Markup {
    let rows: Vec<Row> = stats
        .by_delegation
        .iter()
        .map(|(delegation, tally)| {
            let id = delegation.as_ref().map(|d| d.id);
            let present: Vec<u32> = attendance
                .days
                .iter()
                .map(|day| day.by_delegation.get(&id).copied().unwrap_or(0))
                .collect();
            let (label, key) = match delegation {
                Some(d) => (d.details.name.as_str(), d.id.0.to_string()),
                None => (words::words(Language::En).unassigned, "none".to_string()),
            };
            presence_row(event, attendance, today, label, &key, *tally, &present)
        })
        .collect();
    html! {
        section.chart.by-delegation {
            h2 { "Participants by delegation" }
            p.caption { "In protocol order. Who of the registered was missing each day is said under each name." }
            (legend(event, attendance))
            @if rows.is_empty() { p.empty { "No delegations." } } @else { (rows_chart(&rows)) }
        }
    }
}

/// The people of `category` (`None`: without a delegation) present on `day`.
fn present_in_category(stats: &EventStats, day: &DayAttendance, category: Option<Category>) -> u32 {
    stats
        .by_delegation
        .iter()
        .filter(|(d, _)| d.as_ref().map(|d| d.details.category) == category)
        .map(|(d, _)| {
            let id = d.as_ref().map(|d| d.id);
            day.by_delegation.get(&id).copied().unwrap_or(0)
        })
        .sum()
}

/// A row of registered and present-per-day bars, the missing said in words for the
/// days up to `today` (a day still to come has missed no one).
fn presence_row(
    event: &Event,
    attendance: &Attendance,
    today: NaiveDate,
    label: &str,
    key: &str,
    tally: Tally,
    present: &[u32],
) -> Row {
    let mut notes = Vec::new();
    if tally.registered == 0 {
        notes.push(format!("No one registered ({} on the list).", tally.people));
    }
    let mut bars = vec![Bar {
        series: Series::Registered,
        value: tally.registered,
        of: None,
        zero_note: None,
    }];
    for (day, &n) in attendance.days.iter().zip(present) {
        let series = Series::Day(event.day_number(day.day));
        let held = day.day <= today;
        if held && tally.registered > 0 {
            let missing = tally.registered.saturating_sub(n);
            if n == 0 {
                notes.push(format!("{}: none present.", series.name()));
            } else if missing > 0 {
                notes.push(format!(
                    "{}: {missing} of {} missing.",
                    series.name(),
                    tally.registered
                ));
            }
        }
        bars.push(Bar {
            series,
            value: n,
            of: None,
            zero_note: (held && tally.registered > 0).then_some("none present"),
        });
    }
    Row {
        label: label.to_string(),
        key: key.to_string(),
        notes,
        bars,
    }
}

/// Gender rows: female and male always, the others when someone has them.
fn gender_rows(stats: &EventStats) -> Vec<(String, &'static str, Tally)> {
    stats
        .by_gender
        .iter()
        .filter(|(g, t)| matches!(g, Gender::Female | Gender::Male) || t.people > 0)
        .map(|(g, t)| (g.label().to_string(), g.as_str(), *t))
        .collect()
}

/// Role rows: the roles someone has.
fn role_rows(stats: &EventStats) -> Vec<(String, &'static str, Tally)> {
    stats
        .by_role
        .iter()
        .filter(|(_, t)| t.people > 0)
        .map(|(r, t): &(Role, Tally)| (r.label().to_string(), r.as_str(), *t))
        .collect()
}

/// A balance: for each group, the registered and the attended with their shares.
fn balance(
    title: &str,
    class: &str,
    groups: &[(String, &'static str, Tally)],
    total: Tally,
) -> Markup {
    let rows: Vec<Row> = groups
        .iter()
        .map(|(label, key, t)| Row {
            label: label.clone(),
            key: key.to_string(),
            notes: vec![format!("{} on the list", t.people)],
            bars: vec![
                Bar {
                    series: Series::Registered,
                    value: t.registered,
                    of: Some(total.registered),
                    zero_note: None,
                },
                Bar {
                    series: Series::Attended,
                    value: t.attended,
                    of: Some(total.attended),
                    zero_note: None,
                },
            ],
        })
        .collect();
    html! {
        section.chart.balance.(class) {
            h2 { (title) }
            p.caption {
                "Shares of the " (total.registered) " registered and of the "
                (total.attended) " who attended at least one day."
            }
            (rows_chart(&rows))
        }
    }
}

/// What each fill stands for.
fn legend(event: &Event, attendance: &Attendance) -> Markup {
    let series: Vec<Series> = std::iter::once(Series::Registered)
        .chain(
            attendance
                .days
                .iter()
                .map(|d| Series::Day(event.day_number(d.day))),
        )
        .collect();
    html! {
        p.legend {
            @for s in &series {
                span.key {
                    svg width="14" height="10" viewBox="0 0 14 10" aria-hidden="true" {
                        (shape(*s, 0.4, 0.4, 13.2, 9.2))
                    }
                    " " (s.name())
                    @if let Series::Day(n) = s {
                        @if let Some(d) = attendance.days.get((*n - 1) as usize) {
                            " (" (template::short_day(d.day)) ")"
                        }
                    }
                }
            }
        }
    }
}

/// Rows of horizontal bars on one scale: the row's name and notes in HTML, its bars in
/// a small SVG beside them.
fn rows_chart(rows: &[Row]) -> Markup {
    let max = rows
        .iter()
        .flat_map(|r| r.bars.iter().map(|b| b.value))
        .max()
        .unwrap_or(0)
        .max(1);
    let length = ROW_WIDTH - BAR_START - NUMBER_ROOM;
    if rows.is_empty() {
        return html! { p.empty { "Nobody on the list." } };
    }
    html! {
        div.rows {
            @for row in rows {
                @let height = row.bars.len() as u32 * (BAR + BAR_GAP) + BAR_GAP;
                @let said: Vec<String> = row.bars.iter().map(|b| format!("{} {}", b.series.name(), b.value)).collect();
                div.row data-row=(row.key) {
                    div.label {
                        p.name { (text(&row.label)) }
                        @for note in &row.notes { p.note { (note) } }
                    }
                    svg.bars viewBox={ "0 0 " (ROW_WIDTH) " " (height) }
                        width=(ROW_WIDTH) height=(height) role="img"
                        aria-label={ (text(&row.label)) ": " (said.join(", ")) } {
                        line.axis x1=(BAR_START) x2=(BAR_START) y1="0" y2=(height) {}
                        @for (i, bar) in row.bars.iter().enumerate() {
                            @let y = BAR_GAP + i as u32 * (BAR + BAR_GAP);
                            @let w = (f64::from(bar.value) / f64::from(max) * f64::from(length)).round();
                            g.bar data-series=(bar.series.slug()) {
                                text.series x=(BAR_START - 4) y=(y + BAR - 2) text-anchor="end" {
                                    (bar.series.name())
                                }
                                @if bar.value > 0 {
                                    (shape(bar.series, f64::from(BAR_START), f64::from(y), w, f64::from(BAR)))
                                }
                                text.value x=(fmt(f64::from(BAR_START) + w + 4.0)) y=(y + BAR - 2)
                                    data-value=(bar.value) {
                                    (bar.value)
                                    @if let Some(p) = bar.of.and_then(|of| percent(bar.value, of)) {
                                        " (" (pct(p)) ")"
                                    }
                                    @if bar.value == 0 {
                                        @if let Some(note) = bar.zero_note { " — " (note) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// "43.7 %".
fn pct(p: f64) -> String {
    format!("{p:.1} %")
}

/// A coordinate with at most two decimals (the page stays small and readable).
fn fmt(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_short() {
        assert_eq!(fmt(12.0), "12");
        assert_eq!(fmt(12.5), "12.5");
        assert_eq!(fmt(1.0 / 3.0), "0.33");
        assert_eq!(pct(43.66), "43.7 %");
    }

    #[test]
    fn the_time_axis_names_the_hours_and_its_ends_where_there_is_room() {
        // 07:45 to 12:00 (slots 31..=47), hourly, 15.6 units a quarter hour.
        let at = |labels: Vec<(usize, &str)>| -> Vec<String> {
            labels
                .into_iter()
                .map(|(b, a)| format!("{}{}", slot_label(b), &a[..1]))
                .collect()
        };
        assert_eq!(
            at(axis_labels(&(31..=47), 4, 15.6)),
            ["08:00m", "09:00m", "10:00m", "11:00m", "12:00e"],
            "07:45 would crowd 08:00"
        );
        assert_eq!(
            at(axis_labels(&(33..=44), 4, 55.0)),
            ["08:15s", "09:00m", "10:00m", "11:00m", "11:15e"]
        );
        assert_eq!(at(axis_labels(&(34..=34), 1, 600.0)), ["08:30s", "08:45e"]);
    }

    #[test]
    fn the_days_share_their_hours() {
        let d1 = NaiveDate::from_ymd_opt(2017, 7, 5).unwrap();
        let mut first = DayAttendance::new(d1);
        let mut second = DayAttendance::new(d1.succ_opt().unwrap());
        first.arrivals[34] = 2;
        second.arrivals[40] = 1;
        let third = DayAttendance::new(d1);
        assert_eq!(
            common_busy_range(&[first, second, third.clone()]),
            Some(34..=40)
        );
        assert_eq!(common_busy_range(&[third]), None);
    }
}
