//! The roster as RFC 4180 CSV: UTF-8, CRLF, a header of stable column names, fields
//! quoted where needed; `--bom` starts it with a byte-order mark for Excel.

use super::{Counter, ExportError, Roster, safe};
use std::io::Write;

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
        .from_writer(out);
    csv.write_record(columns.iter().map(|c| c.name()))?;
    let mut record: Vec<String> = Vec::with_capacity(columns.len());
    let written = roster.each(counter, |entry| {
        record.clear();
        record.extend(
            columns
                .iter()
                .map(|c| safe::cell_text(&roster.cell(*c, entry).text()).into_owned()),
        );
        csv.write_record(&record)?;
        Ok(())
    })?;
    csv.flush()?;
    Ok(written)
}
