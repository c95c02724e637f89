//! The HTML skeleton and style sheets (assets/templates, embedded at build time), and
//! the small helpers the printable pages share.

use super::safe;
use crate::domain::Event;
use chrono::{Datelike, NaiveDate};

const PAGE: &str = include_str!("../../../assets/templates/page.html");
const BASE_CSS: &str = include_str!("../../../assets/templates/base.css");
pub(super) const LOP_CSS: &str = include_str!("../../../assets/templates/lop.css");
pub(super) const BADGES_CSS: &str = include_str!("../../../assets/templates/badges.css");
pub(super) const SHEETS_CSS: &str = include_str!("../../../assets/templates/sheets.css");

/// A whole page. `title` is plain text (escaped here); `body` is HTML already escaped.
pub(super) fn page(title: &str, class: &str, css: &str, body: &str) -> String {
    fill(
        PAGE,
        &[
            ("title", &safe::html(title)),
            ("class", &safe::html(class)),
            ("base_css", BASE_CSS),
            ("css", css),
            ("body", body),
        ],
    )
}

/// A page's HTML before and after its body, for pages written piece by piece.
pub(super) fn page_around_body(title: &str, class: &str, css: &str) -> (String, String) {
    let (before, after) = PAGE
        .split_once("{{body}}")
        .expect("the page template has a body");
    let values = [
        ("title", safe::html(title)),
        ("class", safe::html(class)),
        ("base_css", BASE_CSS.to_string()),
        ("css", css.to_string()),
    ];
    let values: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
    (fill(before, &values), fill(after, &values))
}

/// Replace each `{{name}}` of `template` by its value in one pass: values are never
/// scanned for placeholders, so a name containing "{{body}}" stays text.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let extra: usize = values.iter().map(|(_, v)| v.len()).sum();
    let mut out = String::with_capacity(template.len() + extra);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let name = &after[..end];
                match values.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month(d: NaiveDate) -> &'static str {
    MONTHS[d.month0() as usize]
}

/// "5 July 2017".
pub(super) fn long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month(d), d.year())
}

/// "5–6 July 2017", "30 June – 2 July 2017", "30 December 2017 – 2 January 2018".
pub(super) fn date_range(start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        long_date(start)
    } else if start.year() != end.year() {
        format!("{} – {}", long_date(start), long_date(end))
    } else if start.month() != end.month() {
        format!("{} {} – {}", start.day(), month(start), long_date(end))
    } else {
        format!("{}–{}", start.day(), long_date(end))
    }
}

/// "Wed 5 Jul".
pub(super) fn short_day(d: NaiveDate) -> String {
    format!("{} {} {}", d.weekday(), d.day(), &month(d)[..3])
}

/// Venue and city, without saying the city twice ("Conference hall, Ulaanbaatar").
pub(super) fn place(event: &Event) -> String {
    let venue = event.details.venue.trim();
    let city = event.details.city.trim();
    if city.is_empty() || venue.contains(city) {
        venue.to_string()
    } else if venue.is_empty() {
        city.to_string()
    } else {
        format!("{venue}, {city}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn date_ranges() {
        assert_eq!(date_range(d(2017, 7, 5), d(2017, 7, 6)), "5–6 July 2017");
        assert_eq!(date_range(d(2017, 7, 5), d(2017, 7, 5)), "5 July 2017");
        assert_eq!(
            date_range(d(2017, 6, 30), d(2017, 7, 2)),
            "30 June – 2 July 2017"
        );
        assert_eq!(
            date_range(d(2017, 12, 30), d(2018, 1, 2)),
            "30 December 2017 – 2 January 2018"
        );
        assert_eq!(short_day(d(2017, 7, 5)), "Wed 5 Jul");
    }

    #[test]
    fn a_page_in_pieces_is_the_whole_page() {
        let (before, after) = page_around_body("T {{body}}", "c", "p {}");
        assert_eq!(
            format!("{before}<p>x</p>{after}"),
            page("T {{body}}", "c", "p {}", "<p>x</p>")
        );
    }

    #[test]
    fn fill_is_one_pass() {
        let out = fill(
            "<t>{{a}}</t><b>{{b}}</b>{{unknown}}{{",
            &[("a", "{{b}}"), ("b", "x")],
        );
        assert_eq!(out, "<t>{{b}}</t><b>x</b>{{unknown}}{{");
    }
}
