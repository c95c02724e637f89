//! A one-line text field (tui-input does the editing; this maps Actions onto it and
//! draws it with the terminal's own cursor).

use super::table::fit;
use crate::ui::action::Action;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use tui_input::{Input, InputRequest};

#[derive(Debug, Default, Clone)]
pub struct TextField {
    input: Input,
}

impl TextField {
    pub fn with_value(value: &str) -> TextField {
        TextField {
            input: Input::new(value.to_string()),
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    pub fn clear(&mut self) {
        self.input.reset();
    }

    pub fn set(&mut self, value: &str) {
        self.input = Input::new(value.to_string());
    }

    /// Apply an editing action; `Some(changed)` when it was one, `None` otherwise.
    pub fn apply(&mut self, action: Action) -> Option<bool> {
        let request = match action {
            // Control characters never enter a value (pasted escapes stay out).
            Action::Input(c) if c.is_control() => return Some(false),
            Action::Input(c) => InputRequest::InsertChar(c),
            Action::Backspace => InputRequest::DeletePrevChar,
            Action::DeleteNext => InputRequest::DeleteNextChar,
            Action::DeleteWord => InputRequest::DeletePrevWord,
            Action::ClearField => InputRequest::DeleteLine,
            Action::CursorLeft => InputRequest::GoToPrevChar,
            Action::CursorRight => InputRequest::GoToNextChar,
            Action::CursorStart => InputRequest::GoToStart,
            Action::CursorEnd => InputRequest::GoToEnd,
            _ => return None,
        };
        let before = self.input.value().len();
        let response = self.input.handle(request);
        Some(response.is_some_and(|r| r.value) || before != self.input.value().len())
    }

    /// Draw the part of the value that fits, and put the terminal cursor in it when
    /// the field has focus. Without focus a long value shows its start, cut with "…"
    /// ("Ministry of Internal Affairs of the Rep…"): where it begins is what is read;
    /// the end is shown only while the cursor is there.
    pub fn render(&self, frame: &mut Frame, area: Rect, style: Style, focused: bool) {
        if !focused {
            let shown = fit(&crate::domain::inert(self.input.value()), area.width);
            frame.render_widget(Paragraph::new(Span::styled(shown, style)), area);
            return;
        }
        let width = area.width.max(1) as usize;
        let scroll = self.input.visual_scroll(width.saturating_sub(1));
        let shown: String = crate::domain::inert(self.input.value())
            .chars()
            .skip(scroll)
            .collect();
        frame.render_widget(Paragraph::new(Span::styled(shown, style)), area);
        let x = (self.input.visual_cursor().saturating_sub(scroll)) as u16;
        frame.set_cursor_position(Position::new(
            area.x + x.min(area.width.saturating_sub(1)),
            area.y,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::TextField;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn drawn(field: &TextField, focused: bool) -> String {
        let mut terminal = Terminal::new(TestBackend::new(40, 1)).unwrap();
        terminal
            .draw(|f| field.render(f, Rect::new(0, 0, 40, 1), Style::new(), focused))
            .unwrap();
        let buffer = terminal.backend().buffer();
        (0..40).map(|x| buffer[(x, 0)].symbol()).collect::<String>()
    }

    #[test]
    fn a_long_value_shows_its_start_without_focus_and_its_end_with_the_cursor() {
        let field =
            TextField::with_value("Ministry of Internal Affairs of the Republic of Kazakhstan");
        assert_eq!(
            drawn(&field, false),
            "Ministry of Internal Affairs of the Rep…"
        );
        // With focus the cursor is at the end, and the end is in view.
        assert!(
            drawn(&field, true)
                .trim_end()
                .ends_with("Republic of Kazakhstan"),
            "{}",
            drawn(&field, true)
        );
        let short = TextField::with_value("Kyrgyzstan");
        assert_eq!(drawn(&short, false).trim_end(), "Kyrgyzstan");
    }
}
