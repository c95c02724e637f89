//! The roster as an Excel workbook: one sheet, a bold frozen header row with an
//! autofilter, columns as wide as their content (within reason). Text is written with
//! `write_string` only — never as a formula — and neutralised as in CSV all the same,
//! for the reader who copies it elsewhere.

use super::{Cell, Counter, ExportError, Roster, safe};
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook};
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// Excel's limit on the text of one cell.
const MAX_CELL_CHARS: usize = 32_767;
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 50;

/// Write `roster` as a workbook; the people written.
pub(super) fn write(
    roster: &Roster<'_>,
    out: &mut dyn Write,
    counter: &mut Counter<'_, '_>,
) -> Result<u64, ExportError> {
    let columns = &roster.columns;
    let mut workbook = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE8_EC_F2))
        .set_border_bottom(FormatBorder::Thin);
    // Rows go to a private temporary file as they are written: 100,000 rows stay
    // in a few MB instead of hundreds.
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("Participants")?;
    let mut widths: Vec<usize> = columns.iter().map(|c| c.name().len() + 3).collect();
    for (col, column) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, column.name(), &header)?;
    }
    let mut row: u32 = 0;
    // Numbers, flags and days are spelled out in this one reused buffer; text cells are
    // written borrowed (no string per cell).
    let mut spelled = String::new();
    roster.each(counter, |entry| {
        row += 1;
        for (col, column) in columns.iter().enumerate() {
            let cell = roster.cell(*column, entry);
            let text = match cell {
                Cell::Text(text) => text,
                Cell::Number(_) | Cell::Flag(_) | Cell::Days(_) => {
                    spelled.clear();
                    cell.write_text(&mut spelled);
                    &spelled
                }
            };
            let width = match cell {
                Cell::Number(Some(n)) => {
                    sheet.write_number(row, col as u16, f64::from(n))?;
                    text.width()
                }
                _ => {
                    let text = safe::cell_text(text);
                    let text = at_most_chars(&text, MAX_CELL_CHARS);
                    if !text.is_empty() {
                        sheet.write_string(row, col as u16, text)?;
                    }
                    text.width()
                }
            };
            widths[col] = widths[col].max(width);
        }
        Ok(())
    })?;
    for (col, width) in widths.iter().enumerate() {
        let width = (*width).clamp(MIN_WIDTH, MAX_WIDTH) + 1;
        sheet.set_column_width(col as u16, width as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row, columns.len().saturating_sub(1) as u16)?;
    let title = format!("{} — participants", roster.event.details.title);
    workbook.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(crate::domain::inert(&title))
            .set_comment("Exported by rollcall"),
    );
    let bytes = workbook.save_to_buffer()?;
    out.write_all(&bytes)?;
    Ok(u64::from(row))
}

/// The first `max` characters of `text`.
fn at_most_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::at_most_chars;

    #[test]
    fn cells_are_cut_at_a_character_boundary() {
        assert_eq!(at_most_chars("Батцэцэг", 3), "Бат");
        assert_eq!(at_most_chars("abc", 3), "abc");
        assert_eq!(at_most_chars("abc", 5), "abc");
        assert_eq!(at_most_chars("", 0), "");
    }
}
