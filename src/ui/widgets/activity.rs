//! The Activity overlay: the latest lines of the audit log — check-ins, undos,
//! walk-ins, edits — newest first.

use super::list::Cursor;
use crate::store::ActivityRow;
use crate::ui::keymap::Keymap;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear, Row, Table, TableState};

pub struct Activity {
    pub rows: Vec<ActivityRow>,
    pub cursor: Cursor,
}

/// How many entries the overlay loads.
pub const LIMIT: u32 = 500;

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
        let window = self
            .cursor
            .window(self.rows.len(), inner.height.saturating_sub(1) as usize);
        let rows: Vec<Row> = self.rows[window.clone()]
            .iter()
            .map(|a| {
                let inert = |s: &str| crate::domain::inert(s).into_owned();
                Row::new([
                    a.at.format("%m-%d %H:%M:%S").to_string(),
                    inert(&a.desk),
                    a.action.replace('_', " "),
                    inert(&a.who),
                    inert(&a.detail),
                ])
            })
            .collect();
        let widths = [
            Constraint::Length(14),
            Constraint::Length(10),
            Constraint::Length(13),
            Constraint::Fill(2),
            Constraint::Fill(3),
        ];
        let table = Table::new(rows, widths)
            .header(Row::new(["When", "Desk", "What", "Who", "Detail"]).style(theme.header))
            .row_highlight_style(theme.selected);
        let selected = self.cursor.selected.checked_sub(window.start);
        frame.render_stateful_widget(
            table,
            inner,
            &mut TableState::default().with_selected(selected),
        );
    }
}
