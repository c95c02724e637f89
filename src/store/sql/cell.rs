//! What comes out of a row: a [`Cell`] borrowed from it, turned into Rust values by
//! [`FromCell`]. Both engines hand their columns over as cells, so one mapping reads
//! a row of either.

use chrono::{NaiveDate, NaiveDateTime};
use std::sync::Arc;

/// One column of one row, borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'r> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'r str),
}

/// A Rust value read from a [`Cell`]; the error says what did not fit.
pub trait FromCell: Sized {
    fn from_cell(cell: Cell<'_>) -> Result<Self, String>;
}

fn expected<T>(what: &str, cell: Cell<'_>) -> Result<T, String> {
    Err(format!("expected {what}, found {cell:?}"))
}

impl FromCell for i64 {
    fn from_cell(cell: Cell<'_>) -> Result<Self, String> {
        match cell {
            Cell::Int(n) => Ok(n),
            other => expected("an integer", other),
        }
    }
}

macro_rules! narrower_integers {
    ($($t:ty),*) => {$(
        impl FromCell for $t {
            fn from_cell(cell: Cell<'_>) -> Result<Self, String> {
                let n = i64::from_cell(cell)?;
                <$t>::try_from(n).map_err(|_| format!("{n} is out of range"))
            }
        }
    )*};
}
narrower_integers!(i32, u32, u16, u8, usize);

impl FromCell for bool {
    fn from_cell(cell: Cell<'_>) -> Result<Self, String> {
        Ok(i64::from_cell(cell)? != 0)
    }
}

impl FromCell for f64 {
    fn from_cell(cell: Cell<'_>) -> Result<Self, String> {
        match cell {
            Cell::Real(x) => Ok(x),
            #[allow(clippy::cast_precision_loss)] // counts far below 2^52
            Cell::Int(n) => Ok(n as f64),
            other => expected("a number", other),
        }
    }
}

impl FromCell for String {
    fn from_cell(cell: Cell<'_>) -> Result<Self, String> {
        match cell {
            Cell::Text(text) => Ok(text.to_string()),
            other => expected("text", other),
        }
    }
}

impl FromCell for Arc<str> {
    fn from_cell(cell: Cell<'_>) -> Result<Self, String> {
        match cell {
            Cell::Text(text) => Ok(Arc::from(text)),
            other => expected("text", other),
        }
    }
}

impl FromCell for NaiveDate {
    fn from_cell(cell: Cell<'_>) -> Result<Self, String> {
        match cell {
            Cell::Text(text) => NaiveDate::parse_from_str(text, "%F")
                .map_err(|e| format!("{text:?} is not a date: {e}")),
            other => expected("a date", other),
        }
    }
}

impl FromCell for NaiveDateTime {
    /// The forms rusqlite wrote and read: a space or a `T` between date and time.
    fn from_cell(cell: Cell<'_>) -> Result<Self, String> {
        match cell {
            Cell::Text(text) => {
                let format = if text.as_bytes().get(10) == Some(&b'T') {
                    "%FT%T%.f"
                } else {
                    "%F %T%.f"
                };
                NaiveDateTime::parse_from_str(text, format)
                    .map_err(|e| format!("{text:?} is not a date and time: {e}"))
            }
            other => expected("a date and time", other),
        }
    }
}

impl<T: FromCell> FromCell for Option<T> {
    fn from_cell(cell: Cell<'_>) -> Result<Self, String> {
        match cell {
            Cell::Null => Ok(None),
            other => T::from_cell(other).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_back_in_both_forms() {
        let at = NaiveDate::from_ymd_opt(2017, 7, 6)
            .unwrap()
            .and_hms_opt(9, 14, 3)
            .unwrap();
        for text in ["2017-07-06 09:14:03", "2017-07-06T09:14:03"] {
            assert_eq!(NaiveDateTime::from_cell(Cell::Text(text)), Ok(at));
        }
    }

    #[test]
    fn a_wrong_kind_of_cell_is_named() {
        let e = i64::from_cell(Cell::Text("seven")).unwrap_err();
        assert!(e.contains("integer") && e.contains("seven"), "{e}");
        assert_eq!(Option::<i64>::from_cell(Cell::Null), Ok(None));
        assert!(u32::from_cell(Cell::Int(-1)).is_err());
    }
}
