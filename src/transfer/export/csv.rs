//! The roster as CSV, in one of two flavours ([`CsvFlavour`]): for people, the text
//! Excel opens in columns with every letter right whatever the locale (UTF-16LE after a
//! byte-order mark, tab-separated: Excel's own "Unicode Text"); for programs, RFC 4180
//! (UTF-8, commas), with a byte-order mark on request. Both: CRLF, a header of stable
//! column names, fields quoted where needed, formulas neutralised.

use super::{Cell, Counter, ExportError, Roster, safe};
use std::io::{self, Write};

/// The CSV writer's buffer: 100,000 people make ~20 MB, written in a few hundred
/// system calls rather than thousands.
const BUFFER: usize = 64 * 1024;

/// How a CSV is written: for a spreadsheet, or for a program.
///
/// Why UTF-16 and tabs for Excel: a UTF-8 file with a byte-order mark has its letters
/// right, but Excel splits it on the locale's list separator, so a comma-separated
/// file opens as one column where that is `;` (most of Europe); a `sep=;` first line
/// fixes the columns but makes Excel ignore the byte-order mark (mojibake). UTF-16LE
/// with its byte-order mark and tab separators is read the same in every locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvFlavour {
    /// UTF-16LE after a byte-order mark, tab-separated: for Excel, in every locale.
    Excel,
    /// RFC 4180: UTF-8 without a byte-order mark, comma-separated: for programs.
    #[default]
    Plain,
    /// Plain after a UTF-8 byte-order mark (`--bom`): Excel reads its letters right
    /// but splits it on commas only where that is the locale's list separator.
    PlainWithBom,
}

impl CsvFlavour {
    /// The name `--csv` takes (`plain` for both plain flavours).
    pub fn as_str(self) -> &'static str {
        match self {
            CsvFlavour::Excel => "excel",
            CsvFlavour::Plain | CsvFlavour::PlainWithBom => "plain",
        }
    }
}

/// Write `roster` as CSV of `flavour`; the people written.
pub(super) fn write(
    roster: &Roster<'_>,
    flavour: CsvFlavour,
    out: &mut dyn Write,
    counter: &mut Counter<'_, '_>,
) -> Result<u64, ExportError> {
    match flavour {
        CsvFlavour::Excel => {
            let mut utf16 = Utf16Le::new(out)?;
            let written = write_records(roster, b'\t', &mut utf16, counter)?;
            utf16.finish()?;
            Ok(written)
        }
        CsvFlavour::Plain => write_records(roster, b',', out, counter),
        CsvFlavour::PlainWithBom => {
            out.write_all("\u{feff}".as_bytes())?;
            write_records(roster, b',', out, counter)
        }
    }
}

/// The records, UTF-8, separated by `delimiter`.
fn write_records(
    roster: &Roster<'_>,
    delimiter: u8,
    out: &mut dyn Write,
    counter: &mut Counter<'_, '_>,
) -> Result<u64, ExportError> {
    let columns = &roster.columns;
    let mut csv = ::csv::WriterBuilder::new()
        .delimiter(delimiter)
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

/// UTF-8 written into it goes out as UTF-16LE, after the byte-order mark. The CSV
/// writer flushes its buffer wherever it is full, so a character may arrive in two
/// writes: the bytes of an unfinished one wait for the rest.
struct Utf16Le<'a> {
    out: &'a mut dyn Write,
    /// The first bytes of a character whose last bytes are still to come.
    pending: Vec<u8>,
    encoded: Vec<u8>,
}

impl<'a> Utf16Le<'a> {
    fn new(out: &'a mut dyn Write) -> io::Result<Utf16Le<'a>> {
        out.write_all(&[0xFF, 0xFE])?;
        Ok(Utf16Le {
            out,
            pending: Vec::new(),
            encoded: Vec::new(),
        })
    }

    /// Every character was whole.
    fn finish(self) -> io::Result<()> {
        if self.pending.is_empty() {
            Ok(())
        } else {
            Err(not_utf8())
        }
    }

    fn encode(&mut self, text: &str) {
        for unit in text.encode_utf16() {
            self.encoded.extend_from_slice(&unit.to_le_bytes());
        }
    }
}

fn not_utf8() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "the text to write is not UTF-8")
}

impl Write for Utf16Le<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.encoded.clear();
        let mut bytes = buf;
        // First the character begun in the last write, completed from this one.
        while !self.pending.is_empty() && !bytes.is_empty() {
            self.pending.push(bytes[0]);
            bytes = &bytes[1..];
            match std::str::from_utf8(&self.pending) {
                Ok(c) => {
                    let c = c.to_string();
                    self.encode(&c);
                    self.pending.clear();
                }
                Err(e) if e.error_len().is_some() || self.pending.len() >= 4 => {
                    return Err(not_utf8());
                }
                Err(_) => {}
            }
        }
        let whole = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            // An unfinished character at the end: it waits for the next write.
            Err(e) if e.error_len().is_none() => {
                let (text, rest) = bytes.split_at(e.valid_up_to());
                self.pending.extend_from_slice(rest);
                std::str::from_utf8(text).map_err(|_| not_utf8())?
            }
            Err(_) => return Err(not_utf8()),
        };
        self.encode(whole);
        self.out.write_all(&self.encoded)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        bytes
    }

    #[test]
    fn characters_split_between_writes_arrive_whole() {
        let text = "Zoë;Ľubomírová;Батжаргалын;😀\r\n";
        // Every way of cutting the bytes in two, characters split included.
        for cut in 0..=text.len() {
            let mut out = Vec::new();
            let mut utf16 = Utf16Le::new(&mut out).unwrap();
            let (a, b) = text.as_bytes().split_at(cut);
            utf16.write_all(a).unwrap();
            utf16.write_all(b).unwrap();
            utf16.finish().unwrap();
            assert_eq!(out, utf16le(text), "cut at {cut}");
        }
        // Byte by byte.
        let mut out = Vec::new();
        let mut utf16 = Utf16Le::new(&mut out).unwrap();
        for b in text.as_bytes() {
            utf16.write_all(&[*b]).unwrap();
        }
        utf16.finish().unwrap();
        assert_eq!(out, utf16le(text));
    }

    #[test]
    fn an_unfinished_character_is_an_error_not_lost() {
        let mut out = Vec::new();
        let mut utf16 = Utf16Le::new(&mut out).unwrap();
        utf16.write_all(&"ë".as_bytes()[..1]).unwrap();
        assert!(utf16.finish().is_err());
    }
}
