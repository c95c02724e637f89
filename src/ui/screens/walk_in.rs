//! The walk-in form: a short registration for someone who turned up unannounced.
//! Before saving it shows likely duplicates, so the desk can take the existing person
//! instead of registering them twice.

use crate::domain::fold::fold;
use crate::domain::{AttendeeId, DelegationId, NewAttendee, Role};
use crate::store::AttendeeRow;
use crate::ui::action::Action;
use crate::ui::registry::Registry;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::{Form, FormField, FormOutcome};
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use strum::IntoEnumIterator;

const HONORIFIC: &str = "Honorific";
const GIVEN: &str = "Given name";
const FAMILY: &str = "Family name";
const NATIVE: &str = "Native name";
const ORGANISATION: &str = "Organisation";
const DELEGATION: &str = "Delegation";
const ROLE: &str = "Role";
const EMAIL: &str = "Email";

/// What a key did to the walk-in form.
#[derive(Debug, PartialEq, Eq)]
pub enum WalkInOutcome {
    Editing,
    Cancel,
    /// Register and check in this new person.
    Save(Box<NewAttendee>),
    /// Check in this existing person instead (they were a duplicate).
    CheckInExisting(AttendeeId),
}

pub struct WalkInPopup {
    pub form: Form,
    /// The delegation behind each option of the Delegation choice.
    delegation_ids: Vec<Option<DelegationId>>,
    roles: Vec<Role>,
    /// Likely duplicates found at the last save attempt; while non-empty they are
    /// shown and ↑/↓/Enter pick among them.
    duplicates: Vec<AttendeeId>,
    duplicate_cursor: usize,
    /// The duplicates were shown once: the next save registers a new person anyway.
    acknowledged: bool,
}

impl WalkInPopup {
    pub fn new(registry: &Registry) -> WalkInPopup {
        let mut delegation_ids = vec![None];
        let mut delegation_names = vec!["(none)".to_string()];
        for d in &registry.delegations {
            delegation_ids.push(Some(d.delegation.id));
            delegation_names.push(d.delegation.details.name.clone());
        }
        let roles: Vec<Role> = Role::iter().collect();
        let role_names = roles.iter().map(|r| r.label().to_string()).collect();
        let form = Form::new(
            " Walk-in — registered and checked in on save ",
            vec![
                FormField::text(HONORIFIC, ""),
                FormField::text(GIVEN, ""),
                FormField::text(FAMILY, ""),
                FormField::text(NATIVE, ""),
                FormField::text(ORGANISATION, ""),
                FormField::choice(DELEGATION, delegation_names, 0),
                FormField::choice(ROLE, role_names, 0),
                FormField::text(EMAIL, ""),
            ],
        );
        WalkInPopup {
            form,
            delegation_ids,
            roles,
            duplicates: Vec::new(),
            duplicate_cursor: 0,
            acknowledged: false,
        }
    }

    fn person(&self) -> NewAttendee {
        let text = |label| self.form.value(label).trim().to_string();
        NewAttendee {
            honorific: text(HONORIFIC),
            given_name: text(GIVEN),
            family_name: text(FAMILY),
            native_name: text(NATIVE),
            organisation: text(ORGANISATION),
            delegation: self
                .form
                .field(DELEGATION)
                .picked()
                .and_then(|i| self.delegation_ids[i]),
            role: self
                .form
                .field(ROLE)
                .picked()
                .map_or(Role::Participant, |i| self.roles[i]),
            email: text(EMAIL),
            ..NewAttendee::default()
        }
    }

    pub fn update(&mut self, action: Action, registry: &Registry) -> WalkInOutcome {
        if !self.duplicates.is_empty() {
            match action {
                Action::MoveDown => {
                    self.duplicate_cursor =
                        (self.duplicate_cursor + 1).min(self.duplicates.len() - 1)
                }
                Action::MoveUp => self.duplicate_cursor = self.duplicate_cursor.saturating_sub(1),
                Action::Accept => {
                    return WalkInOutcome::CheckInExisting(self.duplicates[self.duplicate_cursor]);
                }
                Action::Save => return WalkInOutcome::Save(Box::new(self.person())),
                Action::Back => self.duplicates.clear(),
                _ => {}
            }
            return WalkInOutcome::Editing;
        }
        match self.form.update(action) {
            FormOutcome::Editing => WalkInOutcome::Editing,
            FormOutcome::Cancel => WalkInOutcome::Cancel,
            FormOutcome::Submit => self.submit(registry),
        }
    }

    fn submit(&mut self, registry: &Registry) -> WalkInOutcome {
        self.form.clear_errors();
        let person = self.person();
        if let Err(violations) = person.validate() {
            for v in violations.0 {
                self.form.set_error(v.field().label(), v.to_string());
            }
            return WalkInOutcome::Editing;
        }
        if !self.acknowledged {
            self.acknowledged = true;
            self.duplicates = likely_duplicates(&person, &registry.people);
            self.duplicate_cursor = 0;
            if !self.duplicates.is_empty() {
                return WalkInOutcome::Editing;
            }
        }
        WalkInOutcome::Save(Box::new(person))
    }

    /// A save failed in the store: say why beside the field (or under the form).
    pub fn show_error(&mut self, field: Option<&str>, message: String) {
        self.duplicates.clear();
        match field {
            Some(label) => self.form.set_error(label, message),
            None => self.form.message = Some(message),
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, registry: &Registry) {
        let height = (self.form.fields.len() as u16 + 5 + self.duplicates.len().min(6) as u16 * 2)
            .min(area.height);
        let [popup] = Layout::vertical([Constraint::Length(height)])
            .flex(Flex::Center)
            .areas(area);
        let [popup] = Layout::horizontal([Constraint::Length(area.width.min(90))])
            .flex(Flex::Center)
            .areas(popup);
        frame.render_widget(Clear, popup);
        let block = Block::bordered()
            .border_style(theme.key)
            .title(Span::styled(self.form.title.clone(), theme.title));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let form_height = self.form.fields.len() as u16 + 2;
        let [form_area, duplicates_area] =
            Layout::vertical([Constraint::Length(form_height), Constraint::Fill(1)]).areas(inner);
        self.form.render(frame, form_area, theme);
        if self.duplicates.is_empty() {
            return;
        }
        let mut lines = vec![Line::from(Span::styled(
            "Already registered? ↑↓ pick · Enter checks them in instead · Ctrl-S registers a new person · Esc back",
            theme.warning,
        ))];
        for (i, id) in self.duplicates.iter().enumerate() {
            let Some(p) = registry.person(*id) else {
                continue;
            };
            let style = if i == self.duplicate_cursor {
                theme.selected
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::from(Span::styled(
                format!(
                    "  badge {:>5}  {} {} {}  · {} · {}",
                    p.badge,
                    p.honorific,
                    p.given_name(),
                    p.family_name().to_uppercase(),
                    p.delegation_name,
                    p.email()
                ),
                style,
            )));
        }
        frame.render_widget(Paragraph::new(lines), duplicates_area);
    }
}

/// People already registered who are probably `person`: the same name (in either
/// order, folded), the same email, or the same family name in the same delegation.
pub fn likely_duplicates(person: &NewAttendee, people: &[AttendeeRow]) -> Vec<AttendeeId> {
    let given = fold(&person.given_name);
    let family = fold(&person.family_name);
    let email = person.email.trim().to_lowercase();
    people
        .iter()
        .filter(|p| {
            let (pg, pf) = (fold(p.given_name()), fold(p.family_name()));
            let same_name = (pg == given && pf == family) || (pg == family && pf == given);
            let same_email = !email.is_empty() && p.email().trim().to_lowercase() == email;
            let same_family_here =
                person.delegation.is_some() && p.delegation == person.delegation && pf == family;
            same_name || same_email || same_family_here
        })
        .map(|p| p.id)
        .take(6)
        .collect()
}
