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

#[cfg(test)]
mod tests {
    use super::*;

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
