//! The walk-in form: the registration of someone who turned up unannounced, checked
//! in on save. A country typed in Delegation that has no delegation yet offers a new
//! one ("+ new delegation: Kazakhstan"), created with the person; an empty Country
//! follows the delegation. Before saving it shows likely duplicates, so the desk can
//! take the existing person instead of registering them twice.

use crate::domain::fold::skeleton;
use crate::domain::{
    AttendeeId, Category, DelegationId, Gender, NewAttendee, NewDelegation, Role, country,
    default_sort_key,
};
use crate::store::{AttendeeRow, DelegationChoice};
use crate::ui::action::Action;
use crate::ui::forms::{
    COUNTRY, DELEGATION, EMAIL, FAMILY, GENDER, GIVEN, HONORIFIC, NATIVE, ORGANISATION, POSITION,
    ROLE, country_choice,
};
use crate::ui::registry::Registry;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::{Form, FormField, FormOutcome};
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use strum::IntoEnumIterator;

/// What a key did to the walk-in form.
#[derive(Debug, PartialEq, Eq)]
pub enum WalkInOutcome {
    Editing,
    Cancel,
    /// Register and check in this new person, in this delegation (perhaps a new one).
    Save(Box<NewAttendee>, DelegationChoice),
    /// Check in this existing person instead (they were a duplicate).
    CheckInExisting(AttendeeId),
}

/// What an option of the Delegation choice stands for.
enum DelegationOption {
    /// "(none)".
    None,
    /// An existing delegation, and its country.
    Existing(DelegationId, Option<String>),
    /// "+ new delegation" for this country.
    New(&'static str),
}

pub struct WalkInPopup {
    pub form: Form,
    /// The delegation behind each option of the Delegation choice: none, the
    /// existing ones, then the new ones it offers.
    delegations: Vec<DelegationOption>,
    /// The country code behind each option of the Country choice.
    country_codes: Vec<Option<&'static str>>,
    roles: Vec<Role>,
    genders: Vec<Gender>,
    /// The Delegation pick the Country field last followed.
    followed: Option<usize>,
    /// The Country option filled in from the delegation: a later delegation may
    /// replace it, as it may an empty Country, but never a country picked by hand.
    filled_country: Option<usize>,
    /// Likely duplicates found at the last save attempt; while non-empty they are
    /// shown and ↑/↓/Enter pick among them.
    duplicates: Vec<AttendeeId>,
    duplicate_cursor: usize,
    /// The duplicates were shown once: the next save registers a new person anyway.
    acknowledged: bool,
}

impl WalkInPopup {
    pub fn new(registry: &Registry) -> WalkInPopup {
        let mut delegations = vec![DelegationOption::None];
        let mut delegation_names = vec!["(none)".to_string()];
        for d in &registry.delegations {
            let details = &d.delegation.details;
            delegations.push(DelegationOption::Existing(
                d.delegation.id,
                details.country.clone(),
            ));
            delegation_names.push(details.name.clone());
        }
        // Typing a country that has no delegation yet offers to create it.
        let mut offers = Vec::new();
        for (code, iso_name) in country::all() {
            let taken = registry
                .delegations
                .iter()
                .any(|d| d.delegation.details.country.as_deref() == Some(code));
            if taken {
                continue;
            }
            let name = country::common_name(code).unwrap_or(iso_name);
            delegations.push(DelegationOption::New(code));
            offers.push((
                format!("+ new delegation: {name}"),
                format!("{name} {iso_name} ({code})"),
            ));
        }
        let (country, country_codes) = country_choice(COUNTRY, None);
        let roles: Vec<Role> = Role::iter().collect();
        let role_names = roles.iter().map(|r| r.label().to_string()).collect();
        let genders: Vec<Gender> = Gender::iter().collect();
        let gender_names = genders.iter().map(|g| g.label().to_string()).collect();
        let unspecified = genders
            .iter()
            .position(|g| *g == Gender::Unspecified)
            .unwrap_or(0);
        let form = Form::new(
            " Walk-in — registered and checked in on save ",
            vec![
                FormField::text(HONORIFIC, ""),
                FormField::text(GIVEN, ""),
                FormField::text(FAMILY, ""),
                FormField::text(NATIVE, ""),
                FormField::text(ORGANISATION, ""),
                FormField::choice(DELEGATION, delegation_names, 0).with_offers(offers),
                country,
                FormField::choice(ROLE, role_names, 0),
                FormField::text(POSITION, ""),
                FormField::choice(GENDER, gender_names, unspecified),
                FormField::text(EMAIL, ""),
            ],
        );
        WalkInPopup {
            form,
            delegations,
            country_codes,
            roles,
            genders,
            followed: Some(0),
            filled_country: None,
            duplicates: Vec::new(),
            duplicate_cursor: 0,
            acknowledged: false,
        }
    }

    /// The delegation picked: an existing one, none, or a new one from a country;
    /// `None` while what was typed matches nothing.
    fn delegation(&self) -> Option<DelegationChoice> {
        Some(match self.picked_delegation()? {
            DelegationOption::None => DelegationChoice::None,
            DelegationOption::Existing(id, _) => DelegationChoice::Existing(*id),
            DelegationOption::New(code) => {
                let name = country::common_name(code)?.to_string();
                DelegationChoice::New(NewDelegation {
                    sort_key: default_sort_key(&name),
                    name,
                    category: Category::ParticipatingState,
                    country: Some(code.to_string()),
                })
            }
        })
    }

    /// The option of the Delegation choice picked.
    fn picked_delegation(&self) -> Option<&DelegationOption> {
        self.delegations.get(self.form.field(DELEGATION).picked()?)
    }

    /// The country of the delegation picked, if it has one.
    fn delegation_country(&self) -> Option<&str> {
        match self.picked_delegation()? {
            DelegationOption::None => None,
            DelegationOption::Existing(_, country) => country.as_deref(),
            DelegationOption::New(code) => Some(code),
        }
    }

    /// When the delegation picked changes, an empty Country (or one filled in from the
    /// previous delegation) follows it.
    fn follow_delegation(&mut self) {
        let pick = self.form.field(DELEGATION).picked();
        if pick == self.followed {
            return;
        }
        self.followed = pick;
        let field = self.form.field(COUNTRY);
        let untouched = field.input.value().is_empty()
            && (field.picked() == Some(0)
                || (field.picked().is_some() && field.picked() == self.filled_country));
        if !untouched {
            return;
        }
        let target = self
            .delegation_country()
            .and_then(|code| self.country_codes.iter().position(|c| *c == Some(code)))
            .unwrap_or(0);
        self.form.field_mut(COUNTRY).select(target);
        self.filled_country = (target != 0).then_some(target);
    }

    /// The person and their delegation as the form says; `None` while a choice's typed
    /// text matches nothing (the form refuses to save then).
    fn read(&self) -> Option<(NewAttendee, DelegationChoice)> {
        let text = |label| self.form.value(label).trim().to_string();
        let pick = |label| self.form.field(label).picked();
        let delegation = self.delegation()?;
        let person = NewAttendee {
            honorific: text(HONORIFIC),
            given_name: text(GIVEN),
            family_name: text(FAMILY),
            native_name: text(NATIVE),
            organisation: text(ORGANISATION),
            delegation: match delegation {
                DelegationChoice::Existing(id) => Some(id),
                _ => None,
            },
            country: (*self.country_codes.get(pick(COUNTRY)?)?).map(str::to_string),
            role: *self.roles.get(pick(ROLE)?)?,
            position: text(POSITION),
            gender: *self.genders.get(pick(GENDER)?)?,
            email: text(EMAIL),
            ..NewAttendee::default()
        };
        Some((person, delegation))
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
                Action::Save => {
                    if let Some((person, delegation)) = self.read() {
                        return WalkInOutcome::Save(Box::new(person), delegation);
                    }
                }
                Action::Back => self.duplicates.clear(),
                _ => {}
            }
            return WalkInOutcome::Editing;
        }
        match self.form.update(action) {
            FormOutcome::Editing => {
                self.follow_delegation();
                WalkInOutcome::Editing
            }
            FormOutcome::Cancel => WalkInOutcome::Cancel,
            FormOutcome::Submit => self.submit(registry),
        }
    }

    fn submit(&mut self, registry: &Registry) -> WalkInOutcome {
        self.form.clear_errors();
        let Some((person, delegation)) = self.read() else {
            // The form refuses unmatched choices before this; say so all the same.
            self.form.message = Some("A choice matches nothing: pick one with ↑↓".into());
            return WalkInOutcome::Editing;
        };
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
        WalkInOutcome::Save(Box::new(person), delegation)
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
        let [popup] = Layout::horizontal([Constraint::Length(area.width.min(96))])
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
/// order, in any romanization: "Khaddad" is Haddad), the same email, or the same
/// family name in the same delegation.
pub fn likely_duplicates(person: &NewAttendee, people: &[AttendeeRow]) -> Vec<AttendeeId> {
    let given = skeleton(&person.given_name);
    let family = skeleton(&person.family_name);
    let email = person.email.trim().to_lowercase();
    people
        .iter()
        .filter(|p| {
            let (pg, pf) = (skeleton(p.given_name()), skeleton(p.family_name()));
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
