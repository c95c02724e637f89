//! A workbook's first sheet → rows (calamine: .xlsx, .xlsm, .xls, .ods).
//!
//! An .xlsx sheet is read cell by cell as it is unzipped, so only one row is held at a
//! time — besides calamine's shared-string table: every distinct text of the workbook,
//! which it reads whole when the workbook is opened. An .xls or .ods sheet is read
//! whole (calamine has no streaming reader for them).

use super::table::{Halt, ReadError, Row};
use super::{Progress, Stage};
use calamine::{Data, DataRef, Reader};
use std::io::{Read, Seek, SeekFrom};

/// How often (in rows) reading a sheet reports progress.
const PROGRESS_EVERY: usize = 4096;

fn unreadable(e: &dyn std::fmt::Display) -> ReadError {
    ReadError::Unreadable(format!("is not a readable workbook: {e}"))
}

fn bad_sheet(e: &dyn std::fmt::Display) -> ReadError {
    ReadError::Unreadable(format!("has a first sheet that cannot be read: {e}"))
}

/// Read the first sheet of the workbook `input` (a zip for .xlsx and .ods, an OLE file
/// for .xls), giving each row to `each` (blank ones too:
/// [`stream`](super::table::stream) leaves them out).
pub fn read<R: Read + Seek, E>(
    mut input: R,
    progress: &mut dyn FnMut(Progress),
    each: &mut dyn FnMut(&Row) -> Result<(), E>,
) -> Result<(), Halt<E>> {
    let mut magic = [0u8; 2];
    input
        .read_exact(&mut magic)
        .and_then(|_| input.seek(SeekFrom::Start(0)))
        .map_err(|e| unreadable(&e))?;
    if &magic != b"PK" {
        let mut book = calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(&mut input)
            .map_err(|e| unreadable(&e))?;
        return whole_sheet(&mut book, progress, each);
    }
    let xlsx_error = match calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(&mut input) {
        Ok(mut book) => return cell_by_cell(&mut book, progress, each),
        Err(e) => e,
    };
    input.seek(SeekFrom::Start(0)).map_err(|e| unreadable(&e))?;
    match calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(&mut input) {
        Ok(mut book) => whole_sheet(&mut book, progress, each),
        Err(_) => Err(unreadable(&xlsx_error).into()),
    }
}

/// An .xlsx sheet, streamed: the cells come row by row as the sheet's XML is read.
fn cell_by_cell<RS: Read + Seek, E>(
    book: &mut calamine::Xlsx<RS>,
    progress: &mut dyn FnMut(Progress),
    each: &mut dyn FnMut(&Row) -> Result<(), E>,
) -> Result<(), Halt<E>> {
    let Some(name) = book.sheet_names().first().cloned() else {
        return Err(ReadError::Unreadable("has no sheet".to_string()).into());
    };
    let mut cells = match book.worksheet_cells_reader(&name) {
        Ok(cells) => cells,
        // A chart sheet first: nothing to import, said by the caller.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(()),
        Err(e) => return Err(bad_sheet(&e).into()),
    };
    // Columns count from the sheet's first used column, as a spreadsheet's used
    // range does.
    let dimensions = cells.dimensions();
    let first_column = dimensions.start.1;
    let total = dimensions.end.0 as usize + 1;
    let mut row: Option<Row> = None;
    let mut rows = 0usize;
    let mut emit = |row: Row, rows: &mut usize| -> Result<(), Halt<E>> {
        *rows += 1;
        if rows.is_multiple_of(PROGRESS_EVERY) {
            progress(Progress {
                stage: Stage::Reading,
                done: row.number.min(total),
                total,
            });
        }
        each(&row).map_err(Halt::Stop)
    };
    while let Some(cell) = cells.next_cell().map_err(|e| bad_sheet(&e))? {
        let value = cell.get_value();
        if *value == DataRef::Empty {
            continue;
        }
        let (r, c) = cell.get_position();
        let number = r as usize + 1;
        if row.as_ref().is_some_and(|row| row.number != number)
            && let Some(done) = row.take()
        {
            emit(done, &mut rows)?;
        }
        let row = row.get_or_insert_with(|| Row {
            number,
            cells: Vec::new(),
            errors: Vec::new(),
        });
        let col = c.saturating_sub(first_column) as usize;
        if row.cells.len() <= col {
            row.cells.resize(col + 1, String::new());
        }
        match value {
            DataRef::Error(e) => row.errors.push((col, e.to_string())),
            DataRef::SharedString(s) => row.cells[col] = (*s).to_string(),
            other => row.cells[col] = text(&Data::from(other.clone())),
        }
    }
    if let Some(done) = row.take() {
        emit(done, &mut rows)?;
    }
    Ok(())
}

/// An .xls or .ods sheet, read whole by calamine, then handed over row by row.
fn whole_sheet<RS: Read + Seek, E, B: Reader<RS>>(
    book: &mut B,
    progress: &mut dyn FnMut(Progress),
    each: &mut dyn FnMut(&Row) -> Result<(), E>,
) -> Result<(), Halt<E>>
where
    B::Error: std::fmt::Display,
{
    let range = match book.worksheet_range_at(0) {
        None => return Err(ReadError::Unreadable("has no sheet".to_string()).into()),
        Some(Err(e)) => return Err(bad_sheet(&e).into()),
        Some(Ok(range)) => range,
    };
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let total = range.height();
    for (i, cells) in range.rows().enumerate() {
        if i.is_multiple_of(PROGRESS_EVERY) {
            progress(Progress {
                stage: Stage::Reading,
                done: i,
                total,
            });
        }
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
        each(&row).map_err(Halt::Stop)?;
    }
    Ok(())
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
        let read = |bytes: &[u8]| {
            read(std::io::Cursor::new(bytes), &mut |_| {}, &mut |_| {
                Ok::<(), ()>(())
            })
        };
        assert!(read(b"PK\x03\x04not a zip").is_err());
        assert!(read(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").is_err());
    }
}
