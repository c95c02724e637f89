//! The roster as RFC 4180 CSV: UTF-8, CRLF, a header of stable column names, fields
//! quoted where needed; `--bom` starts it with a byte-order mark for Excel.

use super::{Cell, Counter, ExportError, Roster, safe};
use std::io::Write;

/// The CSV writer's buffer: 100,000 people make ~20 MB, written in a few hundred
/// system calls rather than thousands.
const BUFFER: usize = 64 * 1024;

/// Write `roster` as CSV, after a byte-order mark if `bom`; the people written.
pub(super) fn write(
    roster: &Roster<'_>,
    bom: bool,
    out: &mut dyn Write,
    counter: &mut Counter<'_, '_>,
) -> Result<u64, ExportError> {
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let columns = &roster.columns;
    let mut csv = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .buffer_capacity(BUFFER)
        .from_writer(out);
    csv.write_record(columns.iter().map(|c| c.name()))?;
    // Cells are written as borrowed text, field by field: no string per cell. Numbers,
    // flags and days are spelled out in this one reused buffer.
    let mut spelled = String::new();
    let written = roster.each(counter, |entry| {
        for column in columns {
            let cell = roster.cell(*column, entry);
            let text = match cell {
                Cell::Text(text) => text,
                Cell::Number(_) | Cell::Flag(_) | Cell::Days(_) => {
                    spelled.clear();
                    cell.write_text(&mut spelled);
                    &spelled
                }
            };
            csv.write_field(safe::cell_text(text).as_bytes())?;
        }
        csv.write_record(None::<&[u8]>)?;
        Ok(())
    })?;
    csv.flush()?;
    Ok(written)
}
