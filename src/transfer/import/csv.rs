//! CSV → rows, read record by record from a stream: the separator (`,` `;` or tab)
//! detected from the first lines, the encoding checked as the bytes go by, and each row
//! numbered as a spreadsheet numbers it. Nothing before the current record is kept.
//! UTF-8 (with or without a byte-order mark) is read as it is; UTF-16 after its
//! byte-order mark (Excel's "Unicode Text", rollcall's own CSV for Excel) is decoded
//! to UTF-8 on the way in.

use super::table::{Halt, ReadError, Row, UTF8_BOM, cannot_read, not_utf8, nul_byte, refuse_utf16};
use super::{Progress, Stage};
use std::cell::Cell;
use std::collections::VecDeque;
use std::io::{self, Read};
use std::rc::Rc;

/// How often (in records) reading reports progress.
const PROGRESS_EVERY: usize = 4096;

/// How much of the beginning is read first, to know the encoding and the separator.
const PREFIX: u64 = 64 * 1024;

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
pub fn detect_separator(text: impl AsRef<[u8]>) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
    let mut counts = [0usize; 3];
    let mut quoted = false;
    let mut lines = 0;
    for &b in text.as_ref() {
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

/// Read CSV from `input` (`len` bytes long, for progress) and give each row to `each`
/// (blank ones too: [`stream`](super::table::stream) leaves them out). UTF-16 after a
/// byte-order mark is decoded; other text that is not UTF-8 (UTF-16 without one,
/// Windows-1252, binary data) is refused at the line where it shows.
pub fn read<R: Read, E>(
    mut input: R,
    len: u64,
    progress: &mut dyn FnMut(Progress),
    each: &mut dyn FnMut(&Row) -> Result<(), E>,
) -> Result<(), Halt<E>> {
    let mut start = Vec::new();
    (&mut input)
        .take(2)
        .read_to_end(&mut start)
        .map_err(cannot_read)?;
    let little_endian = match start.as_slice() {
        b"\xFF\xFE" => true,
        b"\xFE\xFF" => false,
        _ => {
            let input = io::Cursor::new(start).chain(input);
            return read_utf8(input, len, progress, each, &|decoded| decoded);
        }
    };
    // Progress counts the file's bytes, not the decoded ones.
    let consumed = Rc::new(Cell::new(2));
    let decoded = Utf16ToUtf8::new(input, little_endian, Rc::clone(&consumed));
    read_utf8(decoded, len, progress, each, &|_| consumed.get())
}

/// [`read`] of UTF-8 text; `position` turns a position in it into one in the file.
fn read_utf8<R: Read, E>(
    mut input: R,
    len: u64,
    progress: &mut dyn FnMut(Progress),
    each: &mut dyn FnMut(&Row) -> Result<(), E>,
    position: &dyn Fn(u64) -> u64,
) -> Result<(), Halt<E>> {
    let mut prefix = Vec::new();
    (&mut input)
        .take(PREFIX)
        .read_to_end(&mut prefix)
        .map_err(cannot_read)?;
    let bom = if prefix.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    refuse_utf16(&prefix[bom..])?;
    let separator = detect_separator(&prefix[bom..]);
    let mut start = std::io::Cursor::new(prefix);
    start.set_position(bom as u64);
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(Lines::new(start.chain(input)));
    let mut record = ::csv::ByteRecord::new();
    // Line breaks inside quoted values so far: a spreadsheet row is a physical line
    // minus the breaks that sit inside values.
    let mut breaks_inside_values = 0usize;
    let mut records = 0usize;
    let mut row = Row {
        number: 0,
        cells: Vec::new(),
        errors: Vec::new(),
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(String::new(), |p| format!(" near line {}", p.line()));
                return Err(ReadError::Unreadable(format!(
                    "is not a readable CSV file{line}: {e}"
                ))
                .into());
            }
        }
        let at = record.position().map_or(0, |p| p.byte());
        let lines_before = reader.get_mut().breaks_through(at);
        let number = lines_before + 1 - breaks_inside_values;
        // The physical line each field starts on, for messages about its bytes.
        let mut line = lines_before + 1;
        // One row's cells, their strings reused from record to record: a fresh
        // `String` per cell was a good part of reading a large file.
        row.number = number;
        row.cells.truncate(record.len());
        for (i, field) in record.iter().enumerate() {
            if let Some(at) = field.iter().position(|b| *b == 0) {
                return Err(nul_byte(line + count_line_breaks(&field[..at])).into());
            }
            let text = match std::str::from_utf8(field) {
                Ok(text) => text,
                Err(e) => {
                    let at = e.valid_up_to();
                    return Err(not_utf8(line + count_line_breaks(&field[..at]), field[at]).into());
                }
            };
            match row.cells.get_mut(i) {
                Some(cell) => {
                    cell.clear();
                    cell.push_str(text);
                }
                None => row.cells.push(text.to_string()),
            }
            let inside = count_line_breaks(field);
            line += inside;
            breaks_inside_values += inside;
        }
        records += 1;
        if records.is_multiple_of(PROGRESS_EVERY) {
            progress(Progress {
                stage: Stage::Reading,
                done: position(reader.position().byte() + bom as u64) as usize,
                total: len as usize,
            });
        }
        each(&row).map_err(Halt::Stop)?;
    }
    progress(Progress {
        stage: Stage::Reading,
        done: len as usize,
        total: len as usize,
    });
    Ok(())
}

/// UTF-16 text (after its byte-order mark) as UTF-8, decoded as it is read. A broken
/// character (a lone surrogate, an odd last byte) is an error, never a silent U+FFFD:
/// a name is imported as written or not at all.
struct Utf16ToUtf8<R> {
    inner: R,
    little_endian: bool,
    /// Bytes of the file read so far (the byte-order mark included).
    consumed: Rc<Cell<u64>>,
    /// A byte read without the other byte of its code unit.
    odd: Option<u8>,
    /// A high surrogate read without its low one.
    high: Option<u16>,
    /// Decoded text not yet given out, from `at`.
    out: Vec<u8>,
    at: usize,
    /// Line breaks decoded so far, to name the line of a broken character.
    lines: usize,
}

impl<R: Read> Utf16ToUtf8<R> {
    fn new(inner: R, little_endian: bool, consumed: Rc<Cell<u64>>) -> Self {
        Utf16ToUtf8 {
            inner,
            little_endian,
            consumed,
            odd: None,
            high: None,
            out: Vec::new(),
            at: 0,
            lines: 0,
        }
    }

    fn broken(&self) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "line {} has a broken UTF-16 character (half of a pair, or a last byte \
                 alone): the file is damaged or not UTF-16",
                self.lines + 1
            ),
        )
    }

    /// Decode the next piece of the file into `out`; false at its end.
    fn fill(&mut self) -> io::Result<bool> {
        let mut raw = [0u8; 8192];
        let n = loop {
            match self.inner.read(&mut raw) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                other => break other?,
            }
        };
        if n == 0 {
            if self.odd.is_some() || self.high.is_some() {
                return Err(self.broken());
            }
            return Ok(false);
        }
        self.consumed.set(self.consumed.get() + n as u64);
        self.out.clear();
        self.at = 0;
        let mut bytes = self.odd.take().into_iter().chain(raw[..n].iter().copied());
        while let Some(first) = bytes.next() {
            let Some(second) = bytes.next() else {
                self.odd = Some(first);
                break;
            };
            let unit = if self.little_endian {
                u16::from_le_bytes([first, second])
            } else {
                u16::from_be_bytes([first, second])
            };
            let c = match (self.high.take(), unit) {
                (None, 0xD800..=0xDBFF) => {
                    self.high = Some(unit);
                    continue;
                }
                (Some(high), 0xDC00..=0xDFFF) => char::from_u32(
                    0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00),
                ),
                (None, 0xDC00..=0xDFFF) | (Some(_), _) => None,
                (None, _) => char::from_u32(u32::from(unit)),
            };
            let c = c.ok_or_else(|| self.broken())?;
            if c == '\n' {
                self.lines += 1;
            }
            let mut utf8 = [0u8; 4];
            self.out
                .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        }
        Ok(true)
    }
}

impl<R: Read> Read for Utf16ToUtf8<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.out.len() {
            if !self.fill()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Passes the bytes through, noting where each run of line-break characters (`\r`,
/// `\n`) begins and how many line breaks it holds, so that the row of a record is known
/// without keeping what came before it. Runs are forgotten once a record after them
/// was numbered: only those within the CSV reader's buffer and the current record stay.
struct Lines<R> {
    inner: R,
    /// Bytes passed through so far.
    offset: u64,
    /// Closed runs not yet counted: (first byte, line breaks).
    runs: VecDeque<(u64, usize)>,
    /// The run the last bytes read belong to.
    open: Option<(u64, usize)>,
    after_cr: bool,
    /// Line breaks in the runs already counted.
    counted: usize,
}

impl<R> Lines<R> {
    fn new(inner: R) -> Self {
        Lines {
            inner,
            offset: 0,
            runs: VecDeque::new(),
            open: None,
            after_cr: false,
            counted: 0,
        }
    }

    /// Line breaks before the first byte of a record the CSV reader placed at `at` (it
    /// may place it on the line break that ends the line before, or on blank lines it
    /// skipped): every run that begins at or before `at`. Asked in increasing `at`.
    fn breaks_through(&mut self, at: u64) -> usize {
        while let Some(&(start, breaks)) = self.runs.front() {
            if start > at {
                break;
            }
            self.counted += breaks;
            self.runs.pop_front();
        }
        let open = self
            .open
            .filter(|(start, _)| *start <= at)
            .map_or(0, |r| r.1);
        self.counted + open
    }
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == b'\r' || b == b'\n' {
                let run = self.open.get_or_insert((self.offset + i as u64, 0));
                // `\r\n` is one line break, counted at its `\r`.
                if b == b'\r' || !self.after_cr {
                    run.1 += 1;
                }
                self.after_cr = b == b'\r';
            } else {
                if let Some(run) = self.open.take() {
                    self.runs.push_back(run);
                }
                self.after_cr = false;
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The non-blank rows of `text`, as `table::stream` hands them over.
    fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
        let mut rows = Vec::new();
        read(text.as_bytes(), text.len() as u64, &mut |_| {}, &mut |r| {
            if !r.is_blank() {
                rows.push((r.number, r.cells.clone()));
            }
            Ok::<(), ()>(())
        })
        .unwrap();
        rows
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

    /// The numbers stay right far beyond what the reader holds at once (the line
    /// breaks before a record are counted as the bytes stream by, then forgotten).
    #[test]
    fn row_numbers_stay_right_through_a_long_file() {
        let mut text = String::from("a;b\r\n");
        let mut expected = vec![(1, cells(&["a", "b"]))];
        let mut row = 2;
        let mut seed = 7u32;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for i in 0..20_000 {
            let r = next();
            // Blank lines count as rows (a `\r\n` never merges with the break before).
            for _ in 0..r % 3 / 2 {
                text.push_str("\r\n");
                row += 1;
            }
            let value = if r % 7 == 0 {
                format!("\"note {i}\r\nsecond line\nthird\"")
            } else {
                format!("v{i}")
            };
            text.push_str(&format!("{i};{value}"));
            text.push_str(["\r\n", "\n", "\r"][(r / 7 % 3) as usize]);
            let shown = value.trim_matches('"').to_string();
            expected.push((row, vec![i.to_string(), shown]));
            row += 1;
        }
        assert!(text.len() > 100_000);
        assert_eq!(rows(&text), expected);
    }
}
