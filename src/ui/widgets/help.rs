//! The help overlay: the key table for the current screen, read from the keymap.

use crate::ui::keymap::{self, Context};
use crate::ui::strings;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// Draw the keys that apply in `contexts`, grouped by context, scrolled by `scroll`.
pub fn render(frame: &mut Frame, area: Rect, theme: &Theme, contexts: &[Context], scroll: u16) {
    let mut lines: Vec<Line> = Vec::new();
    let mut last = None;
    for b in keymap::visible(contexts) {
        if last != Some(b.context) {
            if last.is_some() {
                lines.push(Line::default());
            }
            lines.push(Line::from(Span::styled(b.context.title(), theme.header)));
            last = Some(b.context);
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<12}", b.label), theme.key),
            Span::raw(b.hint),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(strings::SAVED_ALREADY, theme.dim)));

    let height = (lines.len() as u16 + 2).min(area.height);
    let width = 56.min(area.width);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(popup);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(theme.key)
        .title(Span::styled(strings::HELP_TITLE, theme.title));
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
}
