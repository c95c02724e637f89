//! A bordered table that builds rows only for the lines that fit on screen, with the
//! filter line under it: the one list widget every screen uses.

use super::list::{Cursor, FilterLine};
use crate::ui::strings;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState, Wrap};
use std::ops::Range;

pub struct Spec<'a> {
    pub title: &'a str,
    pub header: Row<'a>,
    pub widths: &'a [Constraint],
    /// Lines in the (filtered) list.
    pub len: usize,
    /// What the title's right side counts: "71", or "3 of 71" while filtering.
    pub count: String,
    pub cursor: &'a Cursor,
    pub filter: &'a FilterLine,
    pub fuzzy: bool,
}

/// [`render`] with a footer line under the rows (a total per column).
pub fn render_with_footer<'a>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    spec: Spec<'a>,
    footer: Row<'a>,
    rows: impl FnOnce(Range<usize>, &[u16]) -> Vec<Row<'a>>,
) {
    draw(frame, area, theme, spec, Some(footer), rows);
}

/// The count for a list's title: "71", or "3 of 71" while a filter is active.
pub fn count(filter: &FilterLine, shown: usize, total: usize) -> String {
    if filter.is_active() {
        strings::showing(shown, total)
    } else {
        total.to_string()
    }
}

/// Draw `spec`, calling `rows` for the visible window only.
pub fn render<'a>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    spec: Spec<'a>,
    rows: impl FnOnce(Range<usize>, &[u16]) -> Vec<Row<'a>>,
) {
    draw(frame, area, theme, spec, None, rows);
}

fn draw<'a>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    spec: Spec<'a>,
    footer: Option<Row<'a>>,
    rows: impl FnOnce(Range<usize>, &[u16]) -> Vec<Row<'a>>,
) {
    let mut block = Block::bordered()
        .border_style(theme.border)
        .title(Line::from(Span::styled(spec.title, theme.title)));
    // A list whose title holds its count leaves the right side empty.
    if !spec.count.is_empty() {
        block = block.title(Line::from(format!(" {} ", spec.count)).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let [table_area, filter_area] = if spec.filter.is_active() {
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner)
    } else {
        [inner, Rect::default()]
    };
    if spec.filter.is_active() {
        render_filter(frame, filter_area, theme, spec.filter, spec.fuzzy);
    }
    if spec.len == 0 && spec.filter.is_active() {
        let [_, msg] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(table_area);
        frame.render_widget(Paragraph::new(strings::NO_MATCH).style(theme.dim), msg);
        return;
    }
    // One line of the area goes to the header, one to a footer.
    let furniture = 1 + u16::from(footer.is_some());
    let window = spec.cursor.window(
        spec.len,
        table_area.height.saturating_sub(furniture) as usize,
    );
    let selected = spec.cursor.selected.checked_sub(window.start);
    // Lay the columns out here, so that rows can fit their text to them with an ellipsis.
    let columns: Vec<u16> = Layout::horizontal(spec.widths)
        .spacing(1)
        .split(table_area)
        .iter()
        .map(|r| r.width)
        .collect();
    let fixed = columns.iter().map(|w| Constraint::Length(*w));
    let mut table = Table::new(rows(window, &columns), fixed);
    if let Some(footer) = footer {
        table = table.footer(footer.style(theme.header));
    }
    let table = table
        .header(spec.header.style(theme.header))
        .row_highlight_style(theme.selected)
        .column_spacing(1);
    let mut state = TableState::default().with_selected(selected);
    frame.render_stateful_widget(table, table_area, &mut state);
}

fn render_filter(frame: &mut Frame, area: Rect, theme: &Theme, filter: &FilterLine, fuzzy: bool) {
    let prompt = strings::FILTER_PROMPT.len() as u16;
    let note = if fuzzy && !filter.text().is_empty() {
        strings::FUZZY_NOTE
    } else {
        ""
    };
    let [prompt_area, field_area, note_area] = Layout::horizontal([
        Constraint::Length(prompt),
        Constraint::Fill(1),
        Constraint::Length(note.chars().count() as u16),
    ])
    .areas(area);
    frame.render_widget(Span::styled(strings::FILTER_PROMPT, theme.key), prompt_area);
    filter
        .field
        .render(frame, field_area, Style::new(), filter.focused);
    frame.render_widget(Span::styled(note, theme.dim), note_area);
}

/// What each column sharing the room beside the name keeps at least, where the room
/// allows.
const MIN_SHARE: u16 = 10;

/// The width of a column of badge numbers: every digit of the largest badge, and at
/// least its header. The numbers stand right-aligned in it.
pub fn badge_width(largest: u32, header: &str) -> u16 {
    let digits = largest.checked_ilog10().unwrap_or(0) + 1;
    (digits as u16).max(unicode_width::UnicodeWidthStr::width(header) as u16)
}

/// `widths` (laid out in `width` columns, one column apart) with the name column, at
/// `name`, given the room its longest name (`longest` columns) needs before the
/// others: at most half of `width`, and leaving each column that shares the rest
/// (any but a fixed `Length`) [`MIN_SHARE`] columns where there is room for that —
/// never less than an equal share of the room, never more than the name needs. The
/// name becomes a `Length`; the other constraints are kept and share what is left.
pub fn name_first(widths: &[Constraint], name: usize, longest: u16, width: u16) -> Vec<Constraint> {
    let others = widths.iter().enumerate().filter(|&(i, _)| i != name);
    let fixed: u16 = others
        .clone()
        .map(|(_, c)| match c {
            Constraint::Length(n) | Constraint::Min(n) => *n,
            _ => 0,
        })
        .sum();
    let sharing = others
        .filter(|(_, c)| !matches!(c, Constraint::Length(_)))
        .count() as u16;
    let spacing = widths.len().saturating_sub(1) as u16;
    let room = width.saturating_sub(fixed + spacing);
    let wanted = (width / 2).min(room.saturating_sub(MIN_SHARE * sharing));
    let name_width = wanted.max(room / (sharing + 1)).min(longest);
    let mut widths = widths.to_vec();
    if let Some(c) = widths.get_mut(name) {
        *c = Constraint::Length(name_width);
    }
    widths
}

/// `text` cut to `width` terminal columns, with "…" where it was cut.
pub fn fit(text: &str, width: u16) -> String {
    use unicode_width::UnicodeWidthChar;
    let width = width as usize;
    if unicode_width::UnicodeWidthStr::width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(ch);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// A bordered box with a message, for a list with nothing in it yet.
pub fn empty(frame: &mut Frame, area: Rect, theme: &Theme, title: &str, message: &str) {
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Span::styled(title.to_string(), theme.title));
    frame.render_widget(
        Paragraph::new(message.to_string())
            .style(theme.dim)
            .wrap(Wrap { trim: true })
            .block(block),
        area,
    );
}

/// `text` with the chars at `positions` (sorted char indices) highlighted.
pub fn highlighted(text: &str, positions: &[usize], style: Style) -> Line<'static> {
    if positions.is_empty() {
        return Line::from(text.to_string());
    }
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_lit = false;
    let mut flush = |run: &mut String, lit: bool| {
        if !run.is_empty() {
            let content = std::mem::take(run);
            spans.push(if lit {
                Span::styled(content, style)
            } else {
                Span::raw(content)
            });
        }
    };
    for (i, ch) in text.chars().enumerate() {
        let lit = positions.binary_search(&i).is_ok();
        if lit != run_lit {
            flush(&mut run, run_lit);
            run_lit = lit;
        }
        run.push(ch);
    }
    flush(&mut run, run_lit);
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::{badge_width, fit, name_first};
    use ratatui::layout::Constraint::{self, Fill, Length, Max};

    #[test]
    fn fit_cuts_with_an_ellipsis_by_display_width() {
        assert_eq!(fit("Kyrgyzstan", 20), "Kyrgyzstan");
        assert_eq!(fit("Mongolia – state agencies", 10), "Mongolia …");
        assert_eq!(fit("Батмөнхийн Батцэцэг", 8), "Батмөнх…");
        assert_eq!(fit("東京都庁", 5), "東京…");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn badges_get_all_their_digits() {
        assert_eq!(badge_width(0, "#"), 1);
        assert_eq!(badge_width(71, "#"), 2);
        assert_eq!(badge_width(99_999, "#"), 5);
        assert_eq!(badge_width(100_010, "#"), 6);
        assert_eq!(badge_width(99_999_999, "#"), 8);
        assert_eq!(badge_width(71, "Badge"), 5);
    }

    #[test]
    fn the_name_column_is_served_first() {
        // Mark, badge, name, native, delegation, organisation, role, status.
        let widths = [
            Length(1),
            Length(6),
            Fill(2),
            Max(26),
            Fill(2),
            Fill(3),
            Length(11),
            Length(10),
        ];
        let name =
            |longest: u16, width: u16| -> Constraint { name_first(&widths, 2, longest, width)[2] };
        // Room for the longest name: it gets exactly that.
        assert_eq!(name(27, 118), Length(27));
        // A very long name stops at half the width.
        assert_eq!(name(120, 198), Length(99));
        // Short names take only what they need.
        assert_eq!(name(8, 118), Length(8));
        // Tight: the other three keep 10 each.
        assert_eq!(name(60, 118), Length(53));
        // Tighter still: never less than an equal share.
        assert_eq!(name(60, 60), Length(6));
        // The other constraints stand.
        assert_eq!(name_first(&widths, 2, 27, 118)[3], Max(26));
        assert_eq!(name_first(&widths, 9, 27, 118), widths.to_vec());
    }
}
