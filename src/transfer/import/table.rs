//! Bytes → a table of text cells with the spreadsheet row number of each row: the one
//! step that knows about file formats and encodings. A workbook (.xlsx, .xls, .ods) is
//! told by its first bytes, whatever its name; anything else must be CSV in UTF-8.

use super::{Progress, Stage, csv, xlsx};

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

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Read `bytes` (the file called `name`) into a table.
pub fn read(
    name: &str,
    bytes: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<Table, ReadError> {
    let table = if bytes.starts_with(ZIP) || bytes.starts_with(OLE) {
        let table = xlsx::read(bytes).map_err(ReadError::Unreadable)?;
        if table.rows.is_empty() {
            return Err(ReadError::Unreadable(
                "has nothing on its first sheet (only the first sheet is imported)".to_string(),
            ));
        }
        progress(Progress {
            stage: Stage::Reading,
            done: bytes.len(),
            total: bytes.len(),
        });
        table
    } else {
        let lower = name.to_ascii_lowercase();
        if [".xlsx", ".xlsm", ".xls", ".ods"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        {
            return Err(ReadError::Unreadable(
                "is not a spreadsheet workbook (it does not begin like one: damaged, or \
                 another kind of file renamed)"
                    .to_string(),
            ));
        }
        let text = decode(bytes)?;
        csv::read(text, progress).map_err(ReadError::Unreadable)?
    };
    if table.rows.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(table)
}

/// The file's text, if it is UTF-8 (a byte-order mark is dropped); otherwise an error
/// that says what the file is and how to save it right. Never a lossy decoding: a
/// Windows-1252 "é" must not become "Ã©" in the registry.
fn decode(bytes: &[u8]) -> Result<&str, ReadError> {
    const SAVE: &str = "in Excel choose Save As → \"CSV UTF-8 (Comma delimited)\", then import \
                        that file";
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ReadError::Encoding(format!(
            "this is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8: save it as CSV UTF-8 \
             ({SAVE})"
        )));
    }
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        // UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
        let head = &bytes[..bytes.len().min(200)];
        let zeros = head.iter().filter(|b| **b == 0).count();
        if zeros * 3 >= head.len() {
            return Err(ReadError::Encoding(format!(
                "this looks like UTF-16 text, not UTF-8: save it as CSV UTF-8 ({SAVE})"
            )));
        }
        return Err(ReadError::Unreadable(format!(
            "is not a CSV text file: line {} holds a NUL byte (binary data)",
            line_of(bytes, at)
        )));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.valid_up_to();
            Err(ReadError::Encoding(format!(
                "not UTF-8 text: line {} has the byte 0x{:02X}, which UTF-8 does not allow. \
                 The file was probably saved as Windows-1252 or Latin-1 (Excel's plain \"CSV\"); \
                 {SAVE}",
                line_of(bytes, at),
                bytes[at]
            )))
        }
    }
}

/// 1-based line of byte `at`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    csv::count_line_breaks(&bytes[..at]) + 1
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
        for utf16 in [
            &b"\xFF\xFEa\0;\0b\0"[..],
            b"\xFE\xFF\0a\0;\0b",
            b"a\0;\0b\0\r\0\n\0",
        ] {
            match read_str("a.csv", utf16) {
                Err(ReadError::Encoding(m)) => assert!(m.contains("UTF-16"), "{m}"),
                other => panic!("{other:?}"),
            }
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
