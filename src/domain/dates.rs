//! Dates as people read them: the printed pages spell the month out ("July"), the
//! screens abbreviate it ("Jul"); otherwise both say a date and a seminar's dates alike.

use chrono::{Datelike, NaiveDate};

/// How a month is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthStyle {
    /// "July": a printed page has the room.
    Long,
    /// "Jul": a screen's column has not.
    Short,
}

impl MonthStyle {
    /// chrono's format of a day and its month.
    fn day_month(self) -> &'static str {
        match self {
            MonthStyle::Long => "%-d %B",
            MonthStyle::Short => "%-d %b",
        }
    }
}

/// "5 July 2017" (or "5 Jul 2017").
pub fn full_date(d: NaiveDate, month: MonthStyle) -> String {
    format!("{} {}", d.format(month.day_month()), d.year())
}

/// A seminar's dates, saying the month and the year once when they are shared:
/// "5–6 July 2017", "30 June – 2 July 2017", "30 December 2017 – 2 January 2018".
pub fn date_range(start: NaiveDate, end: NaiveDate, month: MonthStyle) -> String {
    let end_date = full_date(end, month);
    if start == end {
        end_date
    } else if start.year() != end.year() {
        format!("{} – {end_date}", full_date(start, month))
    } else if start.month() != end.month() {
        format!("{} – {end_date}", start.format(month.day_month()))
    } else {
        format!("{}–{end_date}", start.format("%-d"))
    }
}

/// A date as people type it, `YYYY-MM-DD`; what is wrong with it said precisely
/// ("February 2017 has no day 30"), not only the shape to use. The message leaves the
/// text out: the caller names the field or the option, and the value if it shows it.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    const SHAPE: &str = "use YYYY-MM-DD, e.g. 2017-07-05";
    let number = |part: &str, most: usize| {
        (!part.is_empty() && part.len() <= most && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let mut parts = text.trim().split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(SHAPE.to_string());
    };
    let (Some(year), Some(month), Some(day)) = (
        number(y, 4).filter(|_| y.len() == 4),
        number(m, 2),
        number(d, 2),
    ) else {
        return Err(SHAPE.to_string());
    };
    let year = year as i32;
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return Err(format!(
            "there is no month {month}: months go from 01 to 12"
        ));
    };
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("{} has no day {day}", first.format("%B %Y")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_date_is_named_precisely() {
        assert_eq!(parse_date("2017-07-05"), Ok(d(2017, 7, 5)));
        assert_eq!(parse_date(" 2016-02-29 "), Ok(d(2016, 2, 29)));
        assert_eq!(parse_date("2017-7-5"), Ok(d(2017, 7, 5)));
        let cases = [
            ("2017-02-30", "February 2017 has no day 30"),
            ("2017-02-29", "February 2017 has no day 29"),
            ("2017-04-31", "April 2017 has no day 31"),
            ("2017-07-00", "July 2017 has no day 0"),
            (
                "2017-13-01",
                "there is no month 13: months go from 01 to 12",
            ),
            ("2017-00-10", "there is no month 0: months go from 01 to 12"),
            ("5/7/2017", "use YYYY-MM-DD, e.g. 2017-07-05"),
            ("17-07-05", "use YYYY-MM-DD, e.g. 2017-07-05"),
            ("2017-07-05-1", "use YYYY-MM-DD, e.g. 2017-07-05"),
            ("2017-07-+5", "use YYYY-MM-DD, e.g. 2017-07-05"),
            ("", "use YYYY-MM-DD, e.g. 2017-07-05"),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Err(want.to_string()), "{text:?}");
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn pages_spell_the_month_out() {
        let range = |a, b| date_range(a, b, MonthStyle::Long);
        assert_eq!(range(d(2017, 7, 5), d(2017, 7, 6)), "5–6 July 2017");
        assert_eq!(range(d(2017, 7, 5), d(2017, 7, 5)), "5 July 2017");
        assert_eq!(
            range(d(2017, 6, 30), d(2017, 7, 2)),
            "30 June – 2 July 2017"
        );
        assert_eq!(
            range(d(2017, 12, 30), d(2018, 1, 2)),
            "30 December 2017 – 2 January 2018"
        );
        assert_eq!(full_date(d(2017, 7, 5), MonthStyle::Long), "5 July 2017");
    }

    #[test]
    fn screens_abbreviate_the_month() {
        let range = |a, b| date_range(a, b, MonthStyle::Short);
        assert_eq!(range(d(2017, 7, 5), d(2017, 7, 6)), "5–6 Jul 2017");
        assert_eq!(range(d(2017, 7, 5), d(2017, 7, 5)), "5 Jul 2017");
        assert_eq!(range(d(2017, 6, 30), d(2017, 7, 2)), "30 Jun – 2 Jul 2017");
        assert_eq!(
            range(d(2017, 12, 30), d(2018, 1, 2)),
            "30 Dec 2017 – 2 Jan 2018"
        );
    }
}
