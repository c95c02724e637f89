//! A form: labelled fields, Tab between them, errors beside the field they are about.
//! A field is free text, or a choice among options that typing narrows (a searchable
//! picker: type "kyr", get "Kyrgyzstan"; ↑/↓ for the other matches).

use super::text_field::TextField;
use crate::domain::fold::fold;
use crate::ui::action::Action;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub struct FormField {
    pub label: &'static str,
    pub input: TextField,
    /// For a choice: the options (shown labels); the value is the option picked.
    pub options: Option<Vec<String>>,
    /// Index into `options` of the current pick.
    pick: usize,
    pub error: Option<String>,
}

impl FormField {
    pub fn text(label: &'static str, value: &str) -> FormField {
        FormField {
            label,
            input: TextField::with_value(value),
            options: None,
            pick: 0,
            error: None,
        }
    }

    /// A choice among `options`, starting at `initial`.
    pub fn choice(label: &'static str, options: Vec<String>, initial: usize) -> FormField {
        FormField {
            label,
            input: TextField::default(),
            options: Some(options),
            pick: initial,
            error: None,
        }
    }

    /// The text typed, or for a choice the label of the option picked.
    pub fn value(&self) -> &str {
        match &self.options {
            Some(options) => options.get(self.pick).map_or("", String::as_str),
            None => self.input.value(),
        }
    }

    /// For a choice: the index of the option picked.
    pub fn picked(&self) -> usize {
        self.pick
    }

    /// Options whose folded label contains what was typed, in their order.
    fn matches(&self) -> Vec<usize> {
        let Some(options) = &self.options else {
            return Vec::new();
        };
        let typed = fold(self.input.value());
        options
            .iter()
            .enumerate()
            .filter(|(_, o)| typed.is_empty() || fold(o).contains(&typed))
            .map(|(i, _)| i)
            .collect()
    }

    fn apply(&mut self, action: Action) -> bool {
        if self.options.is_some() {
            let matches = self.matches();
            let at = matches.iter().position(|&i| i == self.pick);
            match action {
                Action::MoveDown | Action::MoveUp if !matches.is_empty() => {
                    let n = matches.len();
                    let next = match (action, at) {
                        (Action::MoveDown, Some(a)) => (a + 1) % n,
                        (Action::MoveUp, Some(a)) => (a + n - 1) % n,
                        _ => 0,
                    };
                    self.pick = matches[next];
                    return true;
                }
                _ => {}
            }
            let changed = self.input.apply(action);
            if changed == Some(true) {
                // Typing picks the first option that matches.
                if let Some(&first) = self.matches().first() {
                    self.pick = first;
                }
            }
            return changed.is_some();
        }
        self.input.apply(action) == Some(true)
    }
}

/// What a key did to the form.
#[derive(Debug, PartialEq, Eq)]
pub enum FormOutcome {
    /// Still editing.
    Editing,
    /// Save was asked for: validate and save.
    Submit,
    /// Leave without saving.
    Cancel,
}

pub struct Form {
    pub title: String,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// Something was typed: cancelling asks first.
    pub dirty: bool,
    /// Esc was pressed once on a dirty form; a second Esc leaves.
    pub confirming_cancel: bool,
    /// A message under the fields (e.g. a save error not about one field).
    pub message: Option<String>,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<FormField>) -> Form {
        Form {
            title: title.into(),
            fields,
            focus: 0,
            dirty: false,
            confirming_cancel: false,
            message: None,
        }
    }

    pub fn field(&self, label: &str) -> &FormField {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .expect("forms only ask for their own fields")
    }

    pub fn value(&self, label: &str) -> &str {
        self.field(label).value()
    }

    /// Put `message` beside the field labelled `label` (without repeating the label),
    /// or under the form when no field has that label; focus the first field in error.
    pub fn set_error(&mut self, label: &str, message: String) {
        match self.fields.iter().position(|f| f.label == label) {
            Some(i) => {
                let prefix = format!("{label}: ");
                let short = message
                    .strip_prefix(&prefix)
                    .unwrap_or(&message)
                    .to_string();
                self.fields[i].error = Some(short);
                let first_error = self.fields.iter().position(|f| f.error.is_some());
                self.focus = first_error.unwrap_or(i);
            }
            None => self.message = Some(message),
        }
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
        self.message = None;
    }

    pub fn update(&mut self, action: Action) -> FormOutcome {
        if action != Action::Back {
            self.confirming_cancel = false;
        }
        let last = self.fields.len().saturating_sub(1);
        match action {
            Action::NextField if !self.fields.is_empty() => {
                self.focus = (self.focus + 1) % self.fields.len()
            }
            Action::PrevField if !self.fields.is_empty() => {
                self.focus = (self.focus + last) % self.fields.len()
            }
            Action::Save => return FormOutcome::Submit,
            Action::Accept if self.focus == last => return FormOutcome::Submit,
            Action::Accept => self.focus += 1,
            Action::Back if !self.dirty || self.confirming_cancel => return FormOutcome::Cancel,
            Action::Back => self.confirming_cancel = true,
            other => {
                if let Some(field) = self.fields.get_mut(self.focus)
                    && field.apply(other)
                {
                    self.dirty = true;
                }
            }
        }
        FormOutcome::Editing
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let label_width = self.fields.iter().map(|f| f.label.len()).max().unwrap_or(0) as u16 + 2;
        // A long form scrolls: show the window of fields around the focused one.
        let room = (area.height as usize).saturating_sub(2).max(1);
        let shown = self.fields.len().min(room);
        let first = self
            .focus
            .saturating_sub(shown / 2)
            .min(self.fields.len() - shown);
        let rows = Layout::vertical(
            std::iter::repeat_n(Constraint::Length(1), shown + 2)
                .chain(std::iter::once(Constraint::Fill(1))),
        )
        .split(area);
        for (row, (i, field)) in self
            .fields
            .iter()
            .enumerate()
            .skip(first)
            .take(shown)
            .enumerate()
        {
            let focused = i == self.focus;
            let [label_area, value_area, error_area] = Layout::horizontal([
                Constraint::Length(label_width),
                Constraint::Fill(3),
                Constraint::Fill(2),
            ])
            .spacing(1)
            .areas(rows[row]);
            let label_style = if focused { theme.key } else { theme.header };
            frame.render_widget(
                Paragraph::new(format!("{}:", field.label))
                    .style(label_style)
                    .right_aligned(),
                label_area,
            );
            match &field.options {
                Some(_) => {
                    let typed = field.input.value();
                    let mut spans = vec![Span::styled(
                        format!("◂ {} ▸", crate::domain::inert(field.value())),
                        if focused {
                            theme.selected
                        } else {
                            Style::new()
                        },
                    )];
                    if focused && !typed.is_empty() {
                        spans.push(Span::styled(
                            format!("  (typed: {})", crate::domain::inert(typed)),
                            theme.dim,
                        ));
                    }
                    frame.render_widget(Paragraph::new(Line::from(spans)), value_area);
                }
                None => {
                    let style = if focused {
                        theme.selected
                    } else {
                        Style::new()
                    };
                    frame.render_widget(Paragraph::new("").style(style), value_area);
                    field.input.render(frame, value_area, style, focused);
                }
            }
            if let Some(error) = &field.error {
                frame.render_widget(
                    Paragraph::new(Span::styled(format!("✗ {error}"), theme.error)),
                    error_area,
                );
            }
        }
        let footer = if self.confirming_cancel {
            Span::styled(
                "Discard what was typed? Esc again to discard, any other key to go on.",
                theme.warning,
            )
        } else if let Some(error) = self.fields.get(self.focus).and_then(|f| f.error.as_ref()) {
            // The whole message of the focused field, which may not fit beside it.
            Span::styled(
                format!("✗ {}: {error}", self.fields[self.focus].label),
                theme.error,
            )
        } else if let Some(message) = &self.message {
            Span::styled(message.clone(), theme.error)
        } else {
            Span::styled(
                "Tab next field · ↑↓ change a choice · Ctrl-S save · Esc cancel",
                theme.dim,
            )
        };
        frame.render_widget(Paragraph::new(footer), rows[shown + 1]);
    }
}
