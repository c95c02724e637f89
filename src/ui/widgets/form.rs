//! A form: labelled fields (see [`FormField`]), Tab between them, errors beside the
//! field they are about.

pub use super::field::FormField;
use crate::domain::inert;
use crate::ui::action::Action;
use crate::ui::keymap::{Context, Key, Keymap};
use crate::ui::theme::Theme;
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

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

/// Each field's value as shown when a form was filled from a record: a field whose
/// value differs now is one the user changed.
pub struct Shown(Vec<String>);

impl Shown {
    pub fn of(form: &Form) -> Shown {
        Shown(
            form.ids()
                .map(|id| form.get(id).value().to_string())
                .collect(),
        )
    }

    /// What field `id` showed.
    pub fn value(&self, id: FieldId) -> &str {
        &self.0[id.0]
    }

    /// Whether the user changed field `id` of `form` since.
    pub fn changed(&self, form: &Form, id: FieldId) -> bool {
        form.get(id).value() != self.value(id)
    }
}

/// A field of one form, as its `add` returned it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldId(usize);

pub struct Form {
    pub title: String,
    /// Lines above the fields: what the form does, what a deletion takes with it.
    pub intro: Vec<String>,
    /// The fields in the order shown.
    pub fields: Vec<FormField>,
    /// Where each handle's field is in `fields`.
    slots: Vec<usize>,
    pub focus: usize,
    /// Something was typed: cancelling asks first.
    pub dirty: bool,
    /// Esc was pressed once on a dirty form; a second Esc leaves.
    pub confirming_cancel: bool,
    /// A message under the fields (e.g. a save error not about one field).
    pub message: Option<String>,
}

impl Form {
    /// An empty form titled `title`; its fields come with [`Form::add`].
    pub fn new(title: impl Into<String>) -> Form {
        Form {
            title: title.into(),
            intro: Vec::new(),
            slots: Vec::new(),
            fields: Vec::new(),
            focus: 0,
            dirty: false,
            confirming_cancel: false,
            message: None,
        }
    }

    /// Add `field` below the others; the handle finds it again.
    pub fn add(&mut self, field: FormField) -> FieldId {
        self.slots.push(self.fields.len());
        self.fields.push(field);
        FieldId(self.slots.len() - 1)
    }

    /// Show the fields in `order` (every handle once): forms sharing fields added
    /// together (a person's) each lay them out in their own order.
    pub fn arrange(&mut self, order: &[FieldId]) {
        let mut taken: Vec<Option<FormField>> = self.fields.drain(..).map(Some).collect();
        for (at, id) in order.iter().enumerate() {
            if let Some(field) = taken[self.slots[id.0]].take() {
                self.fields.push(field);
            }
            self.slots[id.0] = at;
        }
    }

    pub fn get(&self, id: FieldId) -> &FormField {
        &self.fields[self.slots[id.0]]
    }

    pub fn get_mut(&mut self, id: FieldId) -> &mut FormField {
        &mut self.fields[self.slots[id.0]]
    }

    /// What field `id` holds, trimmed.
    pub fn text(&self, id: FieldId) -> &str {
        self.get(id).value().trim()
    }

    /// Every field's handle, in the order they were added.
    pub fn ids(&self) -> impl Iterator<Item = FieldId> + use<> {
        (0..self.slots.len()).map(FieldId)
    }

    /// Give the keyboard to field `id` (a test types into a field of its choice).
    #[cfg(test)]
    pub fn focus_on(&mut self, id: FieldId) {
        self.focus = self.slots[id.0];
    }

    fn submit(&mut self) -> FormOutcome {
        if self.refuse_unmatched() {
            FormOutcome::Editing
        } else {
            FormOutcome::Submit
        }
    }

    /// Refuse to save while a choice's typed text matches nothing (rather than save
    /// some other option): say so beside each such field. Whether any did.
    fn refuse_unmatched(&mut self) -> bool {
        let unmatched: Vec<(usize, String)> = self
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.unmatched())
            .map(|(i, f)| {
                let typed = crate::domain::inert(f.input.value());
                (i, format!("nothing matches \"{typed}\""))
            })
            .collect();
        if unmatched.is_empty() {
            return false;
        }
        self.clear_errors();
        for (i, message) in unmatched {
            self.error_at(i, message);
        }
        true
    }

    /// Put `message` beside field `id` (without repeating its label), or under the form
    /// when there is no such field; focus the first field in error.
    pub fn set_error(&mut self, id: Option<FieldId>, message: String) {
        match id {
            Some(id) => self.error_at(self.slots[id.0], message),
            None => self.message = Some(message),
        }
    }

    fn error_at(&mut self, i: usize, message: String) {
        let prefix = format!("{}: ", self.fields[i].label);
        let short = message
            .strip_prefix(&prefix)
            .unwrap_or(&message)
            .to_string();
        self.fields[i].error = Some(short);
        let first_error = self.fields.iter().position(|f| f.error.is_some());
        self.focus = first_error.unwrap_or(i);
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
            Action::Save => return self.submit(),
            Action::Accept if self.focus == last => return self.submit(),
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

    /// Draw the form in a bordered box centred over `area`: its intro, its fields, and
    /// `extra` rows below them, whose area is returned for the caller to fill. The
    /// line under the fields names the keys of `keymap`, the keys in force.
    pub fn render_boxed(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        keymap: &Keymap,
        extra: u16,
    ) -> Rect {
        let intro = self.intro.len() as u16 + u16::from(!self.intro.is_empty());
        let fields = self.fields.len() as u16 + 2;
        let height =
            (self.intro.len() as u16 + self.fields.len() as u16 + 5 + extra).min(area.height);
        let [popup] = Layout::vertical([Constraint::Length(height)])
            .flex(Flex::Center)
            .areas(area);
        let [popup] = Layout::horizontal([Constraint::Length(area.width.min(96))])
            .flex(Flex::Center)
            .areas(popup);
        frame.render_widget(Clear, popup);
        let block = Block::bordered()
            .border_style(theme.key)
            .title(Span::styled(
                crate::domain::inert(&self.title).into_owned(),
                theme.title,
            ));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        // Without extra rows the fields take all that is left, as a long form scrolls.
        let (fields, extra) = if extra == 0 {
            (Constraint::Fill(1), Constraint::Length(0))
        } else {
            (Constraint::Length(fields), Constraint::Fill(1))
        };
        let [intro_area, form_area, extra_area] =
            Layout::vertical([Constraint::Length(intro), fields, extra]).areas(inner);
        let lines: Vec<Line> = self
            .intro
            .iter()
            .map(|m| Line::from(crate::domain::inert(m).into_owned()))
            .collect();
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), intro_area);
        self.render(frame, form_area, theme, keymap);
        extra_area
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, keymap: &Keymap) {
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
                    let shown = match field.picked() {
                        Some(_) => crate::domain::inert(field.value()),
                        None => "(no match)".into(),
                    };
                    let mut spans = vec![Span::styled(
                        format!("◂ {shown} ▸"),
                        if focused {
                            theme.selected
                        } else {
                            Style::new()
                        },
                    )];
                    if (focused || field.unmatched()) && !typed.is_empty() {
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
                    // Errors may quote a record as another desk saved it: made inert.
                    Paragraph::new(Span::styled(format!("✗ {}", inert(error)), theme.error)),
                    error_area,
                );
            }
        }
        let footer = if self.confirming_cancel {
            let cancel = keymap.key_named(Context::Form, Action::Back, Key::ESC);
            Span::styled(
                format!(
                    "Discard what was typed? {cancel} again to discard, any other key to go on."
                ),
                theme.warning,
            )
        } else if let Some(error) = self.fields.get(self.focus).and_then(|f| f.error.as_ref()) {
            // The whole message of the focused field, which may not fit beside it.
            Span::styled(
                format!("✗ {}: {}", self.fields[self.focus].label, inert(error)),
                theme.error,
            )
        } else if let Some(message) = &self.message {
            Span::styled(inert(message).into_owned(), theme.error)
        } else {
            Span::styled(keys_line(keymap), theme.dim)
        };
        frame.render_widget(Paragraph::new(footer), rows[shown + 1]);
    }
}

/// The form keys as the keymap in force has them, for the lines that name them
/// ("Enter deletes it, Esc keeps it").
pub struct FormKeys {
    pub next: String,
    /// Both choice keys as one sign: "↑↓" by default.
    pub pick: String,
    pub save: String,
    pub enter: String,
    pub esc: String,
}

impl FormKeys {
    pub fn of(keymap: &Keymap) -> FormKeys {
        let key = |action, usual| keymap.key_named(Context::Form, action, usual);
        let (up, down) = (
            key(Action::MoveUp, Key::UP),
            key(Action::MoveDown, Key::DOWN),
        );
        // The arrows read as one sign; any other pair needs its slash.
        let pick = if up == "↑" && down == "↓" {
            format!("{up}{down}")
        } else {
            format!("{up}/{down}")
        };
        FormKeys {
            next: key(Action::NextField, Key::plain(KeyCode::Tab)),
            pick,
            save: key(Action::Save, Key::ctrl('s')),
            enter: key(Action::Accept, Key::plain(KeyCode::Enter)),
            esc: key(Action::Back, Key::ESC),
        }
    }
}

/// "Tab next field · ↑↓ change a choice · Ctrl-S save · Esc cancel", with the keys
/// in force.
fn keys_line(keymap: &Keymap) -> String {
    let k = FormKeys::of(keymap);
    format!(
        "{} next field · {} change a choice · {} save · {} cancel",
        k.next, k.pick, k.save, k.esc
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delegations() -> FormField {
        let names = ["(none)", "Canada", "Denmark", "Kyrgyzstan"];
        FormField::choice("Delegation", names.map(String::from).to_vec(), 0)
    }

    #[test]
    fn a_form_will_not_save_an_unmatched_choice() {
        let mut form = Form::new(" Test ");
        form.add(FormField::text("Name", ""));
        form.add(delegations());
        form.update(Action::NextField);
        for c in "zzz".chars() {
            form.update(Action::Input(c));
        }
        assert_eq!(form.update(Action::Save), FormOutcome::Editing);
        assert_eq!(form.focus, 1);
        let error = form.fields[1].error.clone().unwrap_or_default();
        assert!(error.contains("zzz"), "{error}");
        // Enter on the last field is a save too.
        assert_eq!(form.update(Action::Accept), FormOutcome::Editing);
        form.update(Action::ClearField);
        assert_eq!(form.update(Action::Save), FormOutcome::Submit);
    }
}
