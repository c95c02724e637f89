//! The Activity overlay: the latest lines of the audit log — check-ins, undos,
//! walk-ins, edits — newest first, in words ("moved from Mongolia – civil society to
//! Kyrgyzstan"), the Who column as wide as the names.

use super::list::Cursor;
use super::table::fit;
use crate::store::ActivityRow;
use crate::ui::keymap::Keymap;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear, Paragraph, Row, Table, TableState, Wrap};
use unicode_width::UnicodeWidthStr;

pub struct Activity {
    pub rows: Vec<ActivityRow>,
    pub cursor: Cursor,
}

/// How many entries the overlay loads.
pub const LIMIT: u32 = 500;

/// The widest the Who column grows ("Lt Col. Khishigbayar JARGALSAIKHAN (badge 14)"
/// fits); longer names end in "…".
const MAX_WHO: u16 = 48;

/// The widest the Desk column grows.
const MAX_DESK: u16 = 14;

impl Activity {
    /// The title names the key in `keymap` that closes it (it has the help's keys).
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, keymap: &Keymap) {
        let close = crate::ui::widgets::help::closes(keymap);
        frame.render_widget(Clear, area);
        let block = Block::bordered()
            .border_style(theme.key)
            .title(Span::styled(
                format!(" Activity — newest first · {close} closes "),
                theme.title,
            ))
            .title(ratatui::text::Line::from(format!(" {} ", self.rows.len())).right_aligned());
        let inner = block.inner(area);
        frame.render_widget(block, area);
        // Under the table, the selected line whole, as a sentence: a long change
        // ("moved from … to …") is cut in its column, never there.
        let [inner, whole] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]).areas(inner);
        if let Some(a) = self.rows.get(self.cursor.selected) {
            frame.render_widget(
                Paragraph::new(inert_text(&a.sentence()))
                    .style(theme.key)
                    .wrap(Wrap { trim: true }),
                whole,
            );
        }
        let window = self
            .cursor
            .window(self.rows.len(), inner.height.saturating_sub(1) as usize);
        let inert = inert_text;
        // Who and the desk as wide as the longest of them (the What column takes the
        // rest), up to a share that leaves What room to read.
        let widest = |text: &dyn Fn(&ActivityRow) -> &str, header: &str, most: u16| {
            let width = self
                .rows
                .iter()
                .map(|a| text(a).width())
                .chain([header.width()])
                .max()
                .unwrap_or(0);
            (width as u16).min(most)
        };
        let who = widest(&|a| &a.who, "Who", MAX_WHO.min(inner.width / 2));
        let desk = widest(&|a| &a.desk, "Desk", MAX_DESK);
        let widths = [
            Constraint::Length(11),
            Constraint::Length(who),
            Constraint::Fill(1),
            Constraint::Length(desk),
        ];
        let what_width = Layout::horizontal(widths)
            .spacing(1)
            .split(inner)
            .get(2)
            .map_or(0, |r| r.width);
        let rows: Vec<Row> = self.rows[window.clone()]
            .iter()
            .map(|a| {
                let what = match a.day {
                    Some(day) => format!("{}, day {day}", a.what),
                    None => a.what.clone(),
                };
                Row::new([
                    a.at.format("%m-%d %H:%M").to_string(),
                    fit(&inert(&a.who), who),
                    fit(&inert(&what), what_width),
                    fit(&inert(&a.desk), desk),
                ])
            })
            .collect();
        let table = Table::new(rows, widths)
            .header(Row::new(["When", "Who", "What", "Desk"]).style(theme.header))
            .row_highlight_style(theme.selected);
        let selected = self.cursor.selected.checked_sub(window.start);
        frame.render_stateful_widget(
            table,
            inner,
            &mut TableState::default().with_selected(selected),
        );
    }
}

/// Names and details come from imports and other desks: shown inert.
fn inert_text(s: &str) -> String {
    crate::domain::inert(s).into_owned()
}
