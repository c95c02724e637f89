//! The help overlay: the key table for the current screen, read from the keymap.

use crate::ui::action::Action;
use crate::ui::keymap::{Context, Key, Keymap};
use crate::ui::strings;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// The lines of help for `contexts`, grouped by context.
fn lines<'a>(theme: &Theme, keymap: &Keymap, contexts: &[Context]) -> Vec<Line<'a>> {
    let mut lines: Vec<Line> = Vec::new();
    let mut last = None;
    for shown in keymap.visible(contexts) {
        let b = shown.binding;
        if last != Some(b.context) {
            if last.is_some() {
                lines.push(Line::default());
            }
            lines.push(Line::from(Span::styled(b.context.title(), theme.header)));
            last = Some(b.context);
        }
        lines.push(Line::from(vec![
            // A remapped label may be long: one space always parts it from the hint.
            Span::styled(format!("  {:<11} ", shown.label), theme.key),
            Span::raw(b.hint),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(strings::SAVED_ALREADY, theme.dim)));
    lines
}

/// The key named as closing the overlays that share the help's keys (help, activity,
/// notices).
pub fn closes(keymap: &Keymap) -> String {
    keymap.key_named(Context::Help, Action::Back, Key::ESC)
}

/// How far the help for `contexts` can scroll in `area` (0 when it all fits).
pub fn max_scroll(keymap: &Keymap, contexts: &[Context], area: Rect) -> u16 {
    let total = lines(&Theme::mono(), keymap, contexts).len() as u16 + 2;
    total.saturating_sub(popup_area(area, total).height)
}

fn popup_area(area: Rect, wanted_height: u16) -> Rect {
    let area = area.inner(Margin::new(1, 1));
    let [popup] = Layout::vertical([Constraint::Length(wanted_height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(60.min(popup.width))])
        .flex(Flex::Center)
        .areas(popup);
    popup
}

/// Draw the keys that apply in `contexts`, scrolled by `scroll`.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    keymap: &Keymap,
    contexts: &[Context],
    scroll: u16,
) {
    let lines = lines(theme, keymap, contexts);
    let popup = popup_area(area, lines.len() as u16 + 2);
    let more = (lines.len() as u16 + 2).saturating_sub(popup.height) > scroll;
    frame.render_widget(Clear, popup);
    let mut block = Block::bordered()
        .border_style(theme.key)
        .title(Span::styled(
            strings::help_title(&closes(keymap)),
            theme.title,
        ));
    if more && let Some(keys) = keymap.label_of(Context::Help, Action::MoveDown) {
        let more = format!(" more below: {keys} ");
        block = block.title_bottom(Line::from(Span::styled(more, theme.key)).right_aligned());
    }
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
}
