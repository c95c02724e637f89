//! The roster as RFC 4180 CSV: UTF-8, CRLF, a header of stable column names, fields
//! quoted where needed; `--bom` starts it with a byte-order mark for Excel.

use super::{Counter, ExportError, ExportOptions, each_entry, safe};
use crate::domain::Event;
use crate::store::{RosterFilter, Store};
use std::io::Write;

pub(super) fn write(
    store: &Store,
    event: &Event,
    filter: RosterFilter,
    options: &ExportOptions,
    out: &mut dyn Write,
    counter: &mut Counter<'_, '_>,
) -> Result<u64, ExportError> {
    if options.bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let columns = options.columns();
    let mut csv = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    csv.write_record(columns.iter().map(|c| c.name()))?;
    let mut record: Vec<String> = Vec::with_capacity(columns.len());
    let written = each_entry(store, event, filter, counter, |entry| {
        record.clear();
        record.extend(
            columns
                .iter()
                .map(|c| safe::cell_text(&c.cell(entry, event).text()).into_owned()),
        );
        csv.write_record(&record)?;
        Ok(())
    })?;
    csv.flush()?;
    Ok(written)
}
