//! CSV text → rows, with the separator (`,` `;` or tab) detected from the header line and
//! each row numbered as a spreadsheet numbers it.

use super::table::{Row, Table};
use super::{Progress, Stage};

/// How often (in records) reading reports progress.
const PROGRESS_EVERY: usize = 4096;

/// Line breaks in `bytes`: `\n`, `\r\n` and a lone `\r` each count once.
pub fn count_line_breaks(bytes: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => n += 1,
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => n += 1,
            _ => {}
        }
        i += 1;
    }
    n
}

/// The separator of the file: the most frequent of `,` `;` and tab, outside quotes, on
/// the first line that has any (a title line above the header has none). `,` when none.
pub fn detect_separator(text: &str) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
    let mut counts = [0usize; 3];
    let mut quoted = false;
    let mut lines = 0;
    for &b in text.as_bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => {
                if counts.iter().any(|c| *c > 0) {
                    break;
                }
                lines += 1;
                if lines > 20 {
                    break;
                }
            }
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|c| *c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..CANDIDATES.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

/// Parse CSV `text` (UTF-8, BOM already removed). Blank rows are left out but counted.
pub fn read(text: &str, progress: &mut dyn FnMut(Progress)) -> Result<Table, String> {
    let bytes = text.as_bytes();
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(detect_separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = ::csv::StringRecord::new();
    let mut rows = Vec::new();
    // Physical lines up to `cursor`, and line breaks inside quoted values so far: a
    // spreadsheet row is a physical line minus the breaks that sit inside values.
    let mut cursor = 0usize;
    let mut lines_before_cursor = 0usize;
    let mut breaks_inside_values = 0usize;
    let mut records = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(String::new(), |p| format!(" near line {}", p.line()));
                return Err(format!("is not a readable CSV file{line}: {e}"));
            }
        }
        // The record's position may point at the end of the previous line (the csv
        // crate consumes a CRLF's LF with the next record) or at blank lines it skipped.
        let mut start = record.position().map_or(cursor, |p| p.byte() as usize);
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        let start = start.max(cursor);
        lines_before_cursor += count_line_breaks(&bytes[cursor..start]);
        cursor = start;
        let number = lines_before_cursor + 1 - breaks_inside_values;
        let inside: usize = record.iter().map(|f| count_line_breaks(f.as_bytes())).sum();
        breaks_inside_values += inside;
        records += 1;
        if records.is_multiple_of(PROGRESS_EVERY) {
            progress(Progress {
                stage: Stage::Reading,
                done: reader.position().byte() as usize,
                total: bytes.len(),
            });
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        rows.push(Row {
            number,
            cells: record.iter().map(str::to_string).collect(),
            errors: Vec::new(),
        });
    }
    progress(Progress {
        stage: Stage::Reading,
        done: bytes.len(),
        total: bytes.len(),
    });
    Ok(Table { rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
        read(text, &mut |_| {})
            .unwrap()
            .rows
            .into_iter()
            .map(|r| (r.number, r.cells))
            .collect()
    }

    fn cells(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn separators() {
        assert_eq!(detect_separator("a;b;c\n1,5;2;3"), b';');
        assert_eq!(detect_separator("a,b,c\n1;2"), b',');
        assert_eq!(detect_separator("\"a;x\",b\n"), b',');
        assert_eq!(detect_separator("a\tb\tc\n"), b'\t');
        assert_eq!(detect_separator("Participants\n\nFirst;Last\n"), b';');
        assert_eq!(detect_separator("single"), b',');
    }

    #[test]
    fn row_numbers_follow_the_spreadsheet() {
        let text = "a;b\r\n\"x\r\ny\";1\r\n\r\n2;3\r\n;\r\n4;\"p\nq\nr\"\n5;6\r7;8";
        assert_eq!(
            rows(text),
            vec![
                (1, cells(&["a", "b"])),
                (2, cells(&["x\r\ny", "1"])),
                (4, cells(&["2", "3"])),
                (6, cells(&["4", "p\nq\nr"])),
                (7, cells(&["5", "6"])),
                (8, cells(&["7", "8"])),
            ]
        );
        assert_eq!(rows("a,b\n1,2\n")[1].0, 2);
        assert_eq!(rows("\n\na,b\n1,2")[0].0, 3);
    }
}
