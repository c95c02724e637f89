//! A workbook's first sheet → rows (calamine: .xlsx, .xlsm, .xls, .ods).

use super::table::{Row, Table};
use calamine::{Data, Range, Reader};
use std::io::Cursor;

/// Read the first sheet of the workbook in `bytes`.
pub fn read(bytes: &[u8]) -> Result<Table, String> {
    let range = first_sheet(bytes)?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let mut row = Row {
            number: first_row as usize + i + 1,
            cells: Vec::with_capacity(cells.len()),
            errors: Vec::new(),
        };
        for (col, cell) in cells.iter().enumerate() {
            match cell {
                Data::Error(e) => {
                    row.errors.push((col, e.to_string()));
                    row.cells.push(String::new());
                }
                other => row.cells.push(text(other)),
            }
        }
        if row.errors.is_empty() && row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(row);
    }
    Ok(Table { rows })
}

fn first_sheet(bytes: &[u8]) -> Result<Range<Data>, String> {
    let unreadable = |e: &dyn std::fmt::Display| format!("is not a readable workbook: {e}");
    let cursor = Cursor::new(bytes);
    let mut sheets: calamine::Sheets<Cursor<&[u8]>> = if bytes.starts_with(b"PK") {
        match calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(cursor.clone()) {
            Ok(x) => calamine::Sheets::Xlsx(x),
            Err(xlsx_error) => match calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(cursor)
            {
                Ok(o) => calamine::Sheets::Ods(o),
                Err(_) => return Err(unreadable(&xlsx_error)),
            },
        }
    } else {
        calamine::Sheets::Xls(
            calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(cursor)
                .map_err(|e| unreadable(&e))?,
        )
    };
    match sheets.worksheet_range_at(0) {
        None => Err("has no sheet".to_string()),
        Some(Err(e)) => Err(format!("has a first sheet that cannot be read: {e}")),
        Some(Ok(range)) => Ok(range),
    }
}

/// A cell as text: whole numbers without ".0" (badge 42, not 42.0), dates as ISO dates.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()).unwrap_or_else(|| float(d.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

fn float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// An Excel serial date (days since 1899-12-30) as `YYYY-MM-DD`, with `HH:MM` when it
/// has a time of day.
fn excel_date(serial: f64) -> Option<String> {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let seconds = (serial * 86_400.0).round() as i64;
    let at = epoch.checked_add_signed(chrono::Duration::seconds(seconds))?;
    Some(if at.time() == chrono::NaiveTime::MIN {
        at.format("%Y-%m-%d").to_string()
    } else {
        at.format("%Y-%m-%d %H:%M").to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_text() {
        assert_eq!(text(&Data::Float(42.0)), "42");
        assert_eq!(text(&Data::Float(4.5)), "4.5");
        assert_eq!(text(&Data::Int(7)), "7");
        assert_eq!(text(&Data::Bool(true)), "true");
        assert_eq!(excel_date(42921.0).as_deref(), Some("2017-07-05"));
        assert_eq!(excel_date(42921.5).as_deref(), Some("2017-07-05 12:00"));
        assert!(read(b"PK\x03\x04not a zip").is_err());
        assert!(read(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").is_err());
    }
}
