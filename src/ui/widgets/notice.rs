//! A message over the screens that stays until Esc: what an import or export did,
//! or every problem it found.

use crate::ui::action::Action;
use crate::ui::keymap::{Context, Key, Keymap};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Gauge, Paragraph, Wrap};

pub struct Notice {
    pub title: String,
    pub lines: Vec<String>,
    pub is_error: bool,
    pub scroll: u16,
}

impl Notice {
    /// The bottom border names the keys in `keymap` (a notice has the help's keys).
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, keymap: &Keymap) {
        let area = area.inner(Margin::new(2, 1));
        let height = (self.lines.len() as u16 + 3).min(area.height);
        let [popup] = Layout::vertical([Constraint::Length(height)])
            .flex(Flex::Center)
            .areas(area);
        frame.render_widget(Clear, popup);
        let style = if self.is_error {
            theme.error
        } else {
            theme.key
        };
        let block = Block::bordered()
            .border_style(style)
            .title(Span::styled(format!(" {} ", self.title), theme.title))
            .title_bottom(Line::from(keys_line(keymap)).right_aligned());
        let lines: Vec<Line> = self
            .lines
            .iter()
            .map(|l| Line::from(crate::domain::inert(l).into_owned()))
            .collect();
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0)),
            popup,
        );
    }
}

/// " Esc closes · j/k scroll ", with the keys in force.
fn keys_line(keymap: &Keymap) -> String {
    let key = |action, usual| keymap.key_named(Context::Help, action, usual);
    let down = key(Action::MoveDown, Key::char('j'));
    let up = key(Action::MoveUp, Key::char('k'));
    let close = crate::ui::widgets::help::closes(keymap);
    format!(" {close} closes · {down}/{up} scroll ")
}

/// A progress gauge over the screens while a job runs.
pub fn render_gauge(frame: &mut Frame, area: Rect, theme: &Theme, title: &str, ratio: f64) {
    let [popup] = Layout::vertical([Constraint::Length(3)])
        .flex(Flex::Center)
        .areas(area.inner(Margin::new(4, 1)));
    frame.render_widget(Clear, popup);
    let gauge = Gauge::default()
        .block(
            Block::bordered()
                .border_style(theme.key)
                .title(Span::styled(format!(" {title} "), theme.title)),
        )
        .gauge_style(theme.present)
        .ratio(ratio)
        .label(format!("{:.0}%", ratio * 100.0));
    frame.render_widget(gauge, popup);
}

/// A yes/no question over the screens.
pub fn render_question(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    keymap: &Keymap,
    question: &str,
) {
    let [popup] = Layout::vertical([Constraint::Length(5)])
        .flex(Flex::Center)
        .areas(area.inner(Margin::new(4, 1)));
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(theme.error)
        .title(Span::styled(" Are you sure? ", theme.title))
        .title_bottom(Line::from(answers(keymap)).right_aligned());
    frame.render_widget(
        Paragraph::new(crate::domain::inert(question).into_owned())
            .block(block)
            .wrap(Wrap { trim: true }),
        popup,
    );
}

/// " y/Enter yes · n/Esc no ": every key of each answer, as the user may press any.
fn answers(keymap: &Keymap) -> String {
    let label = |action| {
        keymap
            .label_of(Context::Confirm, action)
            .unwrap_or_default()
    };
    let (yes, no) = (label(Action::Accept), label(Action::Back));
    format!(" {yes} yes · {no} no ")
}
