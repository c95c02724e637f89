//! A file → its rows of text cells, each with the spreadsheet row number, handed over
//! one at a time as they are read: the one step that knows about file formats and
//! encodings. A workbook (.xlsx, .xls, .ods) is told by its first bytes, whatever its
//! name; anything else must be CSV in UTF-8.

use super::{Progress, Stage, csv, xlsx};
use std::io::{Read, Seek, SeekFrom};

/// One non-blank row of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row number a spreadsheet shows (the first row is 1; a line break inside a
    /// quoted CSV value does not start a new row, a blank line does).
    pub number: usize,
    pub cells: Vec<String>,
    /// Cells that hold a spreadsheet error (`#N/A`, `#REF!`) instead of a value: column
    /// and the error as the spreadsheet shows it. Their text in `cells` is empty.
    pub errors: Vec<(usize, String)>,
}

impl Row {
    /// Nothing in it: no cell but white space, no spreadsheet error.
    pub fn is_blank(&self) -> bool {
        self.errors.is_empty() && self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// The rows of a file, blank rows left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub rows: Vec<Row>,
}

/// Why a file cannot be read as a table at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Empty,
    Encoding(String),
    Unreadable(String),
}

/// Why reading stopped early: the file could not be read, or the one taking the rows
/// said stop.
#[derive(Debug)]
pub enum Halt<E> {
    Read(ReadError),
    Stop(E),
}

impl<E> From<ReadError> for Halt<E> {
    fn from(e: ReadError) -> Self {
        Halt::Read(e)
    }
}

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
pub(super) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Read the file called `name` from `input` (`len` bytes long, for progress), giving
/// each non-blank row to `each` as soon as it is read (blank rows are left out here,
/// whatever the format). A CSV file is never held whole:
/// one record at a time, whatever its size. A workbook's first sheet: an .xlsx is read
/// cell by cell (calamine keeps its shared-string table, the distinct texts of the
/// whole workbook, in memory); an .xls or .ods sheet is read whole.
pub fn stream<R: Read + Seek, E>(
    name: &str,
    mut input: R,
    len: u64,
    progress: &mut dyn FnMut(Progress),
    each: &mut dyn FnMut(&Row) -> Result<(), E>,
) -> Result<(), Halt<E>> {
    let mut magic = Vec::with_capacity(8);
    (&mut input)
        .take(8)
        .read_to_end(&mut magic)
        .map_err(cannot_read)?;
    input.seek(SeekFrom::Start(0)).map_err(cannot_read)?;
    let mut any = false;
    let mut counted = |row: &Row| {
        if row.is_blank() {
            return Ok(());
        }
        any = true;
        each(row)
    };
    if magic.starts_with(ZIP) || magic.starts_with(OLE) {
        xlsx::read(input, progress, &mut counted)?;
        if !any {
            return Err(Halt::Read(ReadError::Unreadable(
                "has nothing on its first sheet (only the first sheet is imported)".to_string(),
            )));
        }
        let len = len as usize;
        progress(Progress {
            stage: Stage::Reading,
            done: len,
            total: len,
        });
    } else {
        let lower = name.to_ascii_lowercase();
        if [".xlsx", ".xlsm", ".xls", ".ods"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        {
            return Err(Halt::Read(ReadError::Unreadable(
                "is not a spreadsheet workbook (it does not begin like one: damaged, or \
                 another kind of file renamed)"
                    .to_string(),
            )));
        }
        csv::read(input, len, progress, &mut counted)?;
    }
    if !any {
        return Err(Halt::Read(ReadError::Empty));
    }
    Ok(())
}

/// Read `bytes` (the file called `name`) into a table: every row in memory, for small
/// files and tests.
pub fn read(
    name: &str,
    bytes: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<Table, ReadError> {
    let mut rows = Vec::new();
    let mut keep = |row: &Row| -> Result<(), std::convert::Infallible> {
        rows.push(row.clone());
        Ok(())
    };
    match stream(
        name,
        std::io::Cursor::new(bytes),
        bytes.len() as u64,
        progress,
        &mut keep,
    ) {
        Ok(()) => Ok(Table { rows }),
        Err(Halt::Read(e)) => Err(e),
        Err(Halt::Stop(never)) => match never {},
    }
}

/// How to save a spreadsheet so that it imports.
const SAVE: &str = "in Excel choose Save As → \"CSV UTF-8 (Comma delimited)\", then import \
                    that file";

/// Refuse, from its first bytes, UTF-16 text without a byte-order mark (with one, the
/// CSV reader decodes it), saying how to save it right. `head` is the file's beginning
/// after a UTF-8 byte-order mark.
pub(super) fn refuse_utf16(head: &[u8]) -> Result<(), ReadError> {
    // UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
    let head = &head[..head.len().min(200)];
    let zeros = head.iter().filter(|b| **b == 0).count();
    if zeros > 0 && zeros * 3 >= head.len() {
        return Err(ReadError::Encoding(format!(
            "this looks like UTF-16 text, not UTF-8: save it as CSV UTF-8 ({SAVE})"
        )));
    }
    Ok(())
}

/// The file could not be read (an I/O error, not its contents).
pub(super) fn cannot_read(e: std::io::Error) -> ReadError {
    ReadError::Unreadable(format!("cannot be read: {e}"))
}

/// A NUL byte on `line`: binary data, not text.
pub(super) fn nul_byte(line: usize) -> ReadError {
    ReadError::Unreadable(format!(
        "is not a CSV text file: line {line} holds a NUL byte (binary data)"
    ))
}

/// `byte` on `line` cannot be UTF-8. Never a lossy decoding instead: a Windows-1252
/// "é" must not become "Ã©" in the registry.
pub(super) fn not_utf8(line: usize, byte: u8) -> ReadError {
    ReadError::Encoding(format!(
        "not UTF-8 text: line {line} has the byte 0x{byte:02X}, which UTF-8 does not allow. \
         The file was probably saved as Windows-1252 or Latin-1 (Excel's plain \"CSV\"); \
         {SAVE}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(name: &str, bytes: &[u8]) -> Result<Table, ReadError> {
        read(name, bytes, &mut |_| {})
    }

    #[test]
    fn encodings() {
        assert_eq!(read_str("a.csv", b""), Err(ReadError::Empty));
        assert_eq!(read_str("a.csv", b"\xEF\xBB\xBF"), Err(ReadError::Empty));
        assert_eq!(read_str("a.csv", b"\r\n\r\n;;\r\n"), Err(ReadError::Empty));
        let t = read_str("a.csv", b"\xEF\xBB\xBFa;b\r\n").unwrap();
        assert_eq!(t.rows[0].cells, vec!["a", "b"]);
        // UTF-16 after its byte-order mark is read; without one it is refused.
        for utf16 in [&b"\xFF\xFEa\0;\0b\0"[..], b"\xFE\xFF\0a\0;\0b"] {
            let t = read_str("a.csv", utf16).unwrap();
            assert_eq!(t.rows[0].cells, vec!["a", "b"]);
        }
        match read_str("a.csv", b"a\0;\0b\0\r\0\n\0") {
            Err(ReadError::Encoding(m)) => assert!(m.contains("UTF-16"), "{m}"),
            other => panic!("{other:?}"),
        }
        match read_str("a.csv", b"First name;Last name\r\nRen\xE9;Dupont\r\n") {
            Err(ReadError::Encoding(m)) => {
                assert!(m.contains("line 2") && m.contains("0xE9"), "{m}");
                assert!(m.contains("CSV UTF-8"), "{m}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_str("a.xlsx", b"First name,Last name\n"),
            Err(ReadError::Unreadable(_))
        ));
        assert!(matches!(
            read_str("a.csv", b"PK\x03\x04garbage"),
            Err(ReadError::Unreadable(_))
        ));
    }
}
